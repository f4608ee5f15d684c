"""数据同步 (sync-protocol.md): keys and enrolment, exporting packages, importing them,
status and conflicts.  The package format and the merge rule live in ``yuyou_desktop.sync``."""
