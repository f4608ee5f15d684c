"""Helpers of the backup tests (tests/test_backups_*.py): the state of a data folder that a
backup must carry (database content and the four folders), a few files in each folder, a clock
that says what the test wants, and archives altered on purpose."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.conftest import file_state
from yuyou_desktop.paths import DataPaths, resources_dir

FOLDERS = ("attachments", "keys", "sync/pending", "templates/letters")
BOOKKEEPING = ("audit_log", "audit_head")  # a restore is itself recorded there


def folders_state(root: Path) -> dict[str, bytes]:
    """Every file of the four folders a backup carries, by path relative to the data folder."""
    state: dict[str, bytes] = {}
    for folder in FOLDERS:
        base = root / folder
        state.update({f"{folder}/{k}": v for k, v in file_state(base).items()})
    return state


def db_content(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted; the office's sync epoch left out (a restore starts a
    new one) and so is the audit log (a restore is recorded in it)."""
    uri = f"file:{path}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        content = {}
        for name in sorted(set(names) - set(BOOKKEEPING)):
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            rows = [
                tuple(None if c == "db_epoch" else v for c, v in zip(columns, row, strict=True))
                for row in cursor.fetchall()
            ]
            content[name] = sorted(rows, key=repr)
        return content


def epoch(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT db_epoch FROM office").fetchone()[0]


def fill_folders(paths: DataPaths, tag: str = "一", keys: bool = True) -> None:
    """One file more in each folder: an attachment, a waiting package, a county template and a
    retired key pair (content made from ``tag`` so two calls differ; ``keys`` False: no key)."""
    body = f"附件内容{tag}".encode() * 50
    sha = hashlib.sha256(body).hexdigest()
    (paths.attachments / sha[:2]).mkdir(parents=True, exist_ok=True)
    (paths.attachments / sha[:2] / sha).write_bytes(body)
    pending = paths.sync / "pending"
    pending.mkdir(parents=True, exist_ok=True)
    package = f"等待的数据包{tag}".encode() * 30
    (pending / f"{hashlib.sha256(package).hexdigest()}.yypkg").write_bytes(package)
    paths.county_templates.mkdir(parents=True, exist_ok=True)  # the program's, as received
    for template in sorted((resources_dir() / "letters").glob("*.json")):
        content = json.loads(template.read_text(encoding="utf-8"))
        text = json.dumps(content, ensure_ascii=False, indent=1 if tag == "一" else 2)
        (paths.county_templates / template.name).write_text(text, encoding="utf-8")
    if not keys:
        return
    retired = paths.keys / "retired-20260101-080000"
    retired.mkdir(parents=True, exist_ok=True)
    (retired / "office-signing-ed25519.pem").write_text(f"旧签名密钥{tag}", encoding="utf-8")


class Clock:
    """``now()`` returns the times set, in order; the last one again when they run out."""

    def __init__(self, *times: datetime) -> None:
        self.times = list(times)

    def set(self, *times: datetime) -> None:
        self.times = list(times)

    def __call__(self) -> datetime:
        return self.times.pop(0) if len(self.times) > 1 else self.times[0]


def rewrite(
    source: Path,
    dest: Path,
    change: Callable[[str, bytes], bytes | None],
    extra: Iterator[tuple[str, bytes]] | tuple[tuple[str, bytes], ...] = (),
) -> Path:
    """A copy of the archive ``source`` with each member passed through ``change`` (None drops
    it) and ``extra`` members added; the manifest is copied as it is unless changed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                out.writestr(info.filename, data)
        for name, data in extra:
            out.writestr(name, data)
    return dest


def manifest_of(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read("manifest.json"))


def with_manifest(data: bytes, **fields: Any) -> bytes:
    manifest = json.loads(data)
    manifest.update(fields)
    return json.dumps(manifest, ensure_ascii=False).encode()


def member_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
