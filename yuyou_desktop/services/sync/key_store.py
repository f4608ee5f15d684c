"""This office's private key files in ``<data>/keys``: replacing the pair with a new one and
finding the retired pairs again.

A new pair is generated in a temporary folder inside ``<data>/keys``; the current files are then
moved (never deleted) to ``retired-<YYYYmmdd-HHMMSS>/`` and the new ones into their place.  Until
the caller has stored the new public keys it can :meth:`Swap.undo` it all.  A county keeps
decrypting packages that townships sealed for one of its retired keys; a database restored from
a backup made before a renewal still finds the signing key it names.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.services.sync.files import fsync_dir
from yuyou_desktop.sync.keys import (
    PublicKeys,
    fingerprint,
    generate_office_keys,
    key_files,
    load_encryption_key,
    load_signing_key,
)

RETIRED_PREFIX = "retired-"


def retired_dirs(keys_dir: Path) -> list[Path]:
    """The folders of retired key pairs, newest first."""
    if not keys_dir.is_dir():
        return []
    found = [p for p in keys_dir.iterdir() if p.is_dir() and p.name.startswith(RETIRED_PREFIX)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def retired_encryption_keys(keys_dir: Path) -> list[x25519.X25519PrivateKey]:
    """Every readable retired X25519 key, newest first (an unreadable one is skipped)."""
    found = []
    for folder in retired_dirs(keys_dir):
        with contextlib.suppress(OSError, ValueError):
            found.append(load_encryption_key(folder))
    return found


def signing_key_for(keys_dir: Path, wanted: str) -> ed25519.Ed25519PrivateKey | None:
    """The signing key (current or retired) whose fingerprint is ``wanted``."""
    for folder in [keys_dir, *retired_dirs(keys_dir)]:
        with contextlib.suppress(OSError, ValueError):
            key = load_signing_key(folder)
            raw = key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
            if fingerprint(raw) == wanted:
                return key
    return None


@dataclass
class Swap:
    """New key files in place, the old ones in ``retired``; ``undo`` puts the old ones back."""

    keys_dir: Path
    fresh: Path  # the temporary folder the new pair was generated in
    retired: Path
    public: PublicKeys
    moved_old: list[str] = field(default_factory=list)
    placed_new: list[str] = field(default_factory=list)

    def undo(self) -> None:
        try:
            for name in reversed(self.placed_new):
                os.replace(self.keys_dir / name, self.fresh / name)
            self.placed_new.clear()
            for name in reversed(self.moved_old):
                os.replace(self.retired / name, self.keys_dir / name)
            self.moved_old.clear()
            fsync_dir(self.keys_dir)
        except OSError as exc:
            raise InputRejected(
                f"更换密钥失败，且无法把原来的私钥放回原处（{os_reason(exc)}）。原来的私钥保存在"
                f"“{self.retired}”中，请把其中的文件移回“{self.keys_dir}”。"
            ) from exc
        with contextlib.suppress(OSError):
            self.retired.rmdir()
        self.finish()

    def finish(self) -> None:
        """Remove the temporary folder (empty after a swap, the unused new pair after undo)."""
        shutil.rmtree(self.fresh, ignore_errors=True)


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def swap_in_new_keys(keys_dir: Path, now: datetime) -> Swap:
    """Generate a new pair and put it in place of the current one (see the module text).
    On failure everything is as it was and the error is raised."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    fresh = keys_dir / f"new-{uuid.uuid4().hex}"
    try:
        public = generate_office_keys(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    retired = _unique(keys_dir / f"{RETIRED_PREFIX}{now:%Y%m%d-%H%M%S}")
    swap = Swap(keys_dir, fresh, retired, public)
    try:
        retired.mkdir(mode=0o700)
        for path in key_files(keys_dir):
            if path.exists():  # a lost key file: the new pair replaces what is left
                os.replace(path, retired / path.name)
                swap.moved_old.append(path.name)
        fsync_dir(retired)
        for path in key_files(fresh):
            os.replace(path, keys_dir / path.name)
            swap.placed_new.append(path.name)
        fsync_dir(keys_dir)
    except BaseException:
        swap.undo()
        raise
    return swap
