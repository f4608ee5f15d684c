"""Sync: office keys now; package format, signing, encryption, export and import later
(shared/design/sync-protocol.md)."""
