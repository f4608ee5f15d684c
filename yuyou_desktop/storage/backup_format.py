"""The backup archive format (``yuyou-backup/1``) and reading one back safely.

An archive is a zip holding:

* ``yuyou.db`` — a consistent snapshot of the database (SQLite backup API, integrity-checked);
* the files of ``attachments/``, ``keys/``, ``sync/pending/`` and ``templates/letters/``, each
  under its path relative to the data folder (``sync/tmp`` — working copies — is left out);
* ``manifest.json`` — format, program version, schema revision, office code and name,
  ``created_at`` (when the snapshot was taken), ``data_as_of`` (the last change recorded in the
  database), ``kind``, the folders included, and every other member's size and SHA-256.

Reading never trusts the archive: every member must be listed in the manifest and every listed
member present, names must stay inside those folders, and each member is hashed while it is
extracted into a staging folder.  Every zip/zlib/JSON failure becomes one Chinese refusal that
names the file; the data folder is not touched here at all.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress

FORMAT = "yuyou-backup/1"
FORMAT_PREFIX = "yuyou-backup/"
MANIFEST = "manifest.json"
DB_MEMBER = "yuyou.db"
# Folders of the data folder that belong in a backup, relative (POSIX) paths.
FOLDERS = ("attachments", "keys", "sync/pending", "templates/letters")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1024 * 1024
_BAD_CHARS = re.compile(r'[\x00-\x1f\\:*?"<>|]')


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    program_version: str
    schema_revision: str
    office_code: str
    office_name: str
    created_at: datetime
    data_as_of: datetime | None
    kind: str
    folders: tuple[str, ...]
    members: tuple[Member, ...]
    database_damaged: bool = False

    @property
    def total_size(self) -> int:
        return sum(m.size for m in self.members)

    def count_in(self, folder: str) -> int:
        return sum(1 for m in self.members if m.name.startswith(folder + "/"))

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "program_version": self.program_version,
            "schema_revision": self.schema_revision,
            "office_code": self.office_code,
            "office_name": self.office_name,
            "created_at": self.created_at.isoformat(),
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "kind": self.kind,
            "folders": list(self.folders),
            "database_damaged": self.database_damaged,
            "members": [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in self.members],
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def refusal(source: Path, reason: str) -> InputRejected:
    return InputRejected(f"备份文件“{source.name}”{reason}不能恢复。没有做任何修改。")


def looks_like_archive(path: Path) -> bool:
    """A zip (or a file named .zip): the archive format; anything else is taken as a plain
    database backup of earlier versions."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    except OSError:
        return False


def valid_member_name(name: str) -> bool:
    """``yuyou.db`` or a relative path inside one of :data:`FOLDERS` (no ``..``, no drive,
    no backslash, no control characters, no empty part)."""
    if name == DB_MEMBER:
        return True
    if not name or name.startswith("/") or _BAD_CHARS.search(name):
        return False
    parts = PurePosixPath(name).parts
    if any(part in ("", ".", "..") for part in parts) or "//" in name or name.endswith("/"):
        return False
    return any(name.startswith(folder + "/") and len(name) > len(folder) + 1 for folder in FOLDERS)


def _time(value: Any, source: Path, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise refusal(source, f"的说明文件（{MANIFEST}）中 {field} 不正确，") from None
    if parsed.tzinfo is None:
        raise refusal(source, f"的说明文件（{MANIFEST}）中 {field} 不正确，")
    return parsed


def parse_manifest(raw: bytes, source: Path) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise refusal(source, f"的说明文件（{MANIFEST}）已损坏，") from None
    if not isinstance(data, dict):
        raise refusal(source, f"的说明文件（{MANIFEST}）已损坏，")
    fmt = data.get("format")
    if isinstance(fmt, str) and fmt.startswith(FORMAT_PREFIX) and fmt != FORMAT:
        raise refusal(source, f"由更新版本的程序制作（格式 {fmt}），请先升级本程序；")
    if fmt != FORMAT:
        raise refusal(source, "不是本程序的备份文件，")
    try:
        members = tuple(
            Member(str(m["name"]), int(m["size"]), str(m["sha256"])) for m in data["members"]
        )
        as_of = data.get("data_as_of")
        return Manifest(
            program_version=str(data["program_version"]),
            schema_revision=str(data["schema_revision"]),
            office_code=str(data["office_code"]),
            office_name=str(data["office_name"]),
            created_at=_time(data["created_at"], source, "created_at"),
            data_as_of=_time(as_of, source, "data_as_of") if as_of else None,
            kind=str(data["kind"]),
            folders=tuple(str(f) for f in data["folders"]),
            members=members,
            database_damaged=bool(data.get("database_damaged", False)),
        )
    except (KeyError, TypeError, ValueError):
        raise refusal(source, f"的说明文件（{MANIFEST}）不完整，") from None


def _open_zip(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except FileNotFoundError:
        raise InputRejected(f"找不到备份文件“{source}”。") from None
    except OSError as exc:
        raise InputRejected(f"无法读取备份文件“{source}”：{os_reason(exc)}。") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise refusal(source, "已损坏或不完整（无法读取压缩包目录），") from None


def _read_manifest(zf: zipfile.ZipFile, source: Path) -> Manifest:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise refusal(source, f"中没有说明文件（{MANIFEST}），不是本程序的完整备份，") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise refusal(source, f"的说明文件（{MANIFEST}）过大，")
    try:
        raw = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise refusal(source, f"的说明文件（{MANIFEST}）已损坏，") from None
    return parse_manifest(raw, source)


def read_manifest(source: Path) -> Manifest:
    """The manifest alone (for listing backups); the members are not checked."""
    with _open_zip(source) as zf:
        return _read_manifest(zf, source)


def _check_listing(zf: zipfile.ZipFile, manifest: Manifest, source: Path) -> None:
    names = zf.namelist()
    if len(names) != len(set(names)):
        raise refusal(source, "中有重复的文件名，")
    listed = [m.name for m in manifest.members]
    if len(listed) != len(set(listed)):
        raise refusal(source, "的说明文件中有重复的文件名，")
    bad = next((n for n in listed if not valid_member_name(n)), None)
    if bad is not None:
        raise refusal(source, f"中有不允许的文件名“{bad[:80]}”，")
    present = set(names) - {MANIFEST}
    if present != set(listed):
        extra = sorted(present - set(listed))
        missing = sorted(set(listed) - present)
        what = f"多出文件“{extra[0][:80]}”" if extra else f"缺少文件“{missing[0][:80]}”"
        raise refusal(source, f"与其说明文件不符（{what}），")
    if DB_MEMBER not in present:
        raise refusal(source, "中没有数据库，")
    for member in manifest.members:
        if zf.getinfo(member.name).file_size != member.size:
            raise refusal(source, f"中的“{member.name[:80]}”大小与说明不符，")


def extract_verified(source: Path, staging: Path, progress: Progress = NO_PROGRESS) -> Manifest:
    """Check ``source`` completely while extracting it into ``staging`` (which must exist and
    be empty); raises a refusal naming the file at the first problem.  The caller removes
    ``staging`` on failure."""
    with _open_zip(source) as zf:
        manifest = _read_manifest(zf, source)
        _check_listing(zf, manifest, source)
        total = max(manifest.total_size // 1024, 1)
        done = 0
        for member in manifest.members:
            target = staging.joinpath(*PurePosixPath(member.name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            try:
                with zf.open(member.name) as src, target.open("wb") as out:
                    while chunk := src.read(CHUNK):
                        size += len(chunk)
                        if size > member.size:
                            break
                        digest.update(chunk)
                        out.write(chunk)
                        done += len(chunk)
                        progress.report(done // 1024, total, "正在校验备份文件…")
                        progress.check_cancelled()
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
                raise refusal(source, f"中的“{member.name[:80]}”已损坏，") from None
            except OSError as exc:
                raise InputRejected(
                    f"无法读取备份文件“{source}”：{os_reason(exc)}。没有做任何修改。"
                ) from exc
            if size != member.size or digest.hexdigest() != member.sha256:
                raise refusal(source, f"中的“{member.name[:80]}”校验值不符（已损坏或被改动），")
    return manifest
