"""Files of 数据同步: the local working folder, copying packages in and out safely."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
import uuid
from pathlib import Path

from yuyou_desktop.errors import InputRejected, os_reason

PACKAGE_SUFFIX = ".yypkg"
MAX_PACKAGE_BYTES = 4 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024


class SyncFolders:
    """``<data>/sync/tmp`` (working copies, emptied on start) and ``<data>/sync/pending``
    (verified packages waiting for a missing range)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def tmp(self) -> Path:
        path = self.root / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def pending(self) -> Path:
        path = self.root / "pending"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def temp_file(self, suffix: str = ".part") -> Path:
        return self.tmp / f"{uuid.uuid4().hex}{suffix}"

    def pending_file(self, sha256: str) -> Path:
        return self.pending / f"{sha256}{PACKAGE_SUFFIX}"

    def clear_stale(self, older_than: float = 3600.0) -> None:
        """Remove working copies left by a process that was killed or switched off (only
        those older than an hour: another process — the CLI beside the GUI — may be working)."""
        folder = self.root / "tmp"
        if not folder.is_dir():
            return
        limit = time.time() - older_than
        for leftover in folder.iterdir():
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def copy_in(source: Path, target: Path) -> str:
    """Copy ``source`` (maybe on a USB stick) to the local ``target``; returns its SHA-256."""
    digest = hashlib.sha256()
    try:
        size = source.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise InputRejected(f"“{source.name}”不能导入：文件过大（超过 4 GB）。没有做任何修改。")
        with source.open("rb") as src, target.open("wb") as out:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except IsADirectoryError:
        target.unlink(missing_ok=True)
        raise InputRejected(f"“{source}”是一个文件夹，不是数据包。没有做任何修改。") from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise InputRejected(f"无法读取“{source}”：{os_reason(exc)}。没有做任何修改。") from exc
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_out(source: Path, dest: Path, expected_sha256: str) -> None:
    """Copy a finished package to ``dest`` (``.partial`` beside it, fsync, rename), then read
    the copy back and compare its hash — a bad stick is found now, not at the county."""
    if dest.is_dir():
        raise InputRejected(f"“{dest}”是一个文件夹，请给出数据包的文件名。")
    partial = dest.with_name(dest.name + ".partial")
    try:
        with source.open("rb") as src, partial.open("wb") as out:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, dest)
        fsync_dir(dest.parent)
        copied = file_sha256(dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise InputRejected(
            f"无法写入“{dest}”：{os_reason(exc)}。本次导出未记为已导出，可以重新导出。"
        ) from exc
    if copied != expected_sha256:
        raise InputRejected(
            f"写入“{dest}”后读回的内容与原件不符（U盘可能有故障）。本次导出未记为已导出，"
            "请换一个U盘重新导出。"
        )
