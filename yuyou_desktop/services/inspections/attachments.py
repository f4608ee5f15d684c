"""The attachment store: photos and scans kept once by content, ``<root>/<aa>/<sha256>``.

A file's own name is data (kept in the ``attachments`` row), never part of a stored path.
Refusals (type, size, unreadable) happen before anything is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from yuyou_desktop.errors import InputRejected, os_reason

# A constant, not a setting: the store is synchronised between offices, so every office
# must accept the same files.
MAX_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
SIGNATURES = {  # what the first bytes of each type look like
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
}
MAX_NAME = 200
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    original_name: str
    media_type: str
    size: int


def display_name(path: Path) -> str:
    """The name to keep: the last path part, without control characters, at most 200 chars
    (the suffix kept)."""
    name = "".join(ch for ch in path.name if unicodedata.category(ch)[0] != "C").strip()
    name = name or "附件"
    if len(name) > MAX_NAME:
        suffix = Path(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix)] + suffix
    return name


def check_file(path: Path) -> tuple[str, int]:
    """(media type, size) of an acceptable file, else InputRejected naming it."""
    name = display_name(path)
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise InputRejected(
            f"附件“{name}”的类型不能接受：只能添加 JPG、PNG、PDF、TIF 格式的照片和扫描件。"
        )
    if not path.is_file():
        raise InputRejected(f"找不到附件“{name}”，或它不是一个文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputRejected(f"无法读取附件“{name}”：{os_reason(exc)}。") from exc
    if size > MAX_BYTES:
        raise InputRejected(
            f"附件“{name}”有 {_megabytes_up(size)} MB，"
            f"超过了 {MAX_BYTES // 1024 // 1024} MB 的上限。请压缩或分开扫描后再添加。"
        )
    if size == 0:
        raise InputRejected(f"附件“{name}”是空文件。")
    if not head.startswith(SIGNATURES[media_type]):
        raise InputRejected(
            f"附件“{name}”的内容与扩展名“{path.suffix}”不符，可能已损坏或不是"
            f"{path.suffix.lstrip('.').upper()}文件。"
        )
    return media_type, size


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):  # a value from the database, maybe from another office
            raise InputRejected("附件记录中的文件摘要无效。")
        return self.root / sha256[:2] / sha256

    def store(self, source: Path) -> StoredFile:
        """Copy ``source`` in (once per content); refuses before writing anything."""
        media_type, _ = check_file(source)
        name = display_name(source)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    size += len(chunk)
                    if size > MAX_BYTES:  # the file grew since it was checked
                        raise InputRejected(
                            f"附件“{name}”超过了 {MAX_BYTES // 1024 // 1024} MB 的上限。"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.exists():
                temp.unlink()
            else:
                final.parent.mkdir(exist_ok=True)
                os.replace(temp, final)
                _fsync_dir(final.parent)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise InputRejected(f"无法保存附件“{name}”：{os_reason(exc)}。") from exc
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return StoredFile(sha, name, media_type, size)

    def store_bytes(self, data: bytes) -> str:
        """Keep ``data`` (a document this program made, e.g. an issued letter's PDF) and
        return its SHA-256; written to a temporary file, fsynced and renamed into place."""
        sha = hashlib.sha256(data).hexdigest()
        final = self.path_of(sha)
        with contextlib.suppress(OSError):
            if hashlib.sha256(final.read_bytes()).hexdigest() == sha:
                return sha  # already kept (a damaged copy is replaced below)
        new_folder = not final.parent.exists()
        final.parent.mkdir(parents=True, exist_ok=True)
        if new_folder:
            _fsync_dir(final.parent.parent)  # the new aa/ folder survives a power cut
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=final.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, final)
            _fsync_dir(final.parent)
        except OSError as exc:
            Path(temp_name).unlink(missing_ok=True)
            raise InputRejected(f"无法保存文件：{os_reason(exc)}。") from exc
        return sha

    def store_chunks(self, sha256: str, chunks: Iterable[bytes]) -> Path | None:
        """Keep a file received in a sync package under its hash (checked while writing);
        returns its path when it was not kept before (None when it already was)."""
        final = self.path_of(sha256)
        if final.exists() and _file_hash(final) == sha256:
            for _ in chunks:  # still read it through, so that the package's entry is checked
                pass
            return None
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=final.parent)
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise InputRejected("数据包中的附件与其摘要不符。")
            os.replace(temp_name, final)
            _fsync_dir(final.parent)
        except OSError as exc:
            raise InputRejected(f"无法保存附件：{os_reason(exc)}。") from exc
        finally:
            Path(temp_name).unlink(missing_ok=True)
        return final

    def read_verified(self, sha256: str) -> bytes:
        """The stored file's bytes, refused when missing or no longer matching its hash."""
        path = self.path_of(sha256)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputRejected(f"存档文件“{path}”无法读取：{os_reason(exc)}。") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InputRejected(
                f"存档文件“{path}”已被改动，与签发时记录的SHA-256摘要不符。请从备份中恢复该文件。"
            )
        return data


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _megabytes_up(size: int) -> str:
    """Rounded up to 0.1 MB, so that a file over the limit never reads as exactly the limit."""
    return f"{math.ceil(size * 10 / 1024 / 1024) / 10:.1f}"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # directories cannot be opened for fsync on Windows
    fd = os.open(folder, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
