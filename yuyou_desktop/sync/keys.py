"""The office's key pairs: Ed25519 for signing sync packages, X25519 for receiving encrypted ones.

Private keys are PEM (PKCS#8) files in ``<data>/keys`` readable by the owner only; the public
halves and a fingerprint (read out over the phone at enrolment) are stored in the database.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

SIGNING_KEY_FILE = "office-signing-ed25519.pem"
ENCRYPTION_KEY_FILE = "office-encryption-x25519.pem"


@dataclass(frozen=True)
class PublicKeys:
    signing: str  # raw Ed25519 public key, hex
    encryption: str  # raw X25519 public key, hex
    fingerprint: str  # "1A2B-3C4D-..." (first 128 bits of SHA-256 of the signing key)


def fingerprint(signing_public_raw: bytes) -> str:
    digest = hashlib.sha256(signing_public_raw).hexdigest().upper()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def _raw_public(key: ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _write_private(path: Path, key: ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())


def key_files(keys_dir: Path) -> list[Path]:
    return [keys_dir / SIGNING_KEY_FILE, keys_dir / ENCRYPTION_KEY_FILE]


def generate_office_keys(keys_dir: Path) -> PublicKeys:
    """Create both key pairs.  Refuses to overwrite existing private keys."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    signing = ed25519.Ed25519PrivateKey.generate()
    encryption = x25519.X25519PrivateKey.generate()
    signing_path, encryption_path = key_files(keys_dir)
    _write_private(signing_path, signing)
    try:
        _write_private(encryption_path, encryption)
    except BaseException:
        signing_path.unlink(missing_ok=True)
        raise
    signing_raw = _raw_public(signing)
    return PublicKeys(
        signing=signing_raw.hex(),
        encryption=_raw_public(encryption).hex(),
        fingerprint=fingerprint(signing_raw),
    )


def load_signing_key(keys_dir: Path) -> ed25519.Ed25519PrivateKey:
    data = (keys_dir / SIGNING_KEY_FILE).read_bytes()
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError("signing key file does not hold an Ed25519 key")
    return key


def load_encryption_key(keys_dir: Path) -> x25519.X25519PrivateKey:
    data = (keys_dir / ENCRYPTION_KEY_FILE).read_bytes()
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, x25519.X25519PrivateKey):
        raise ValueError("encryption key file does not hold an X25519 key")
    return key
