"""The payload inside a package's envelope (sync-protocol.md, "Payload"): a zip that is never
extracted to disk.

    manifest.json            every other entry's name, size and SHA-256; rows per table
    changes/<table>.jsonl    one change per line, in apply order
    attachments/<sha256>     files named by their hash only

``PayloadWriter`` streams changes and files into the zip (nothing is held whole in memory) and
writes the manifest last.  ``PayloadReader`` refuses, before any row is read: entry names outside
``^[a-z0-9/_.-]+$`` (so ``../x``, ``C:\\x``, ``\\\\server\\x`` cannot occur) or not of the three
kinds above, duplicate names, entries missing from the manifest or the manifest naming entries
that are missing, sizes that differ, entries or totals past the limits, and compression ratios of
a zip bomb.  Reading an entry checks its SHA-256 at its end.  Every zipfile, zlib or JSON failure
becomes one :class:`PackageRejected`.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from yuyou_desktop.sync.envelope import PackageRejected

MANIFEST = "manifest.json"
_NAME = re.compile(r"^[a-z0-9/_.-]+$")
_TABLE = re.compile(r"^changes/([a-z][a-z0-9_]{0,62})\.jsonl$")
_ATTACHMENT = re.compile(r"^attachments/([0-9a-f]{64})$")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    entries: int = 200_000
    entry_bytes: int = 1024 * 1024 * 1024  # one entry, uncompressed
    total_bytes: int = 4 * 1024 * 1024 * 1024
    ratio: int = 200  # uncompressed / compressed, for entries over 1 MB
    manifest_bytes: int = 16 * 1024 * 1024


class PayloadWriter:
    """``with PayloadWriter(file) as w:`` then ``add_changes(table, rows)``, ``add_attachment``."""

    def __init__(self, target: IO[bytes] | Path, compresslevel: int = 6) -> None:
        self._zip = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._entries: dict[str, dict[str, Any]] = {}
        self._rows: dict[str, int] = {}

    def __enter__(self) -> PayloadWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            manifest = {"entries": self._entries, "rows": self._rows}
            self._zip.writestr(MANIFEST, json.dumps(manifest, sort_keys=True))
        self._zip.close()

    def add_changes(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        name = f"changes/{table}.jsonl"
        if not _TABLE.match(name) or name in self._entries:
            raise ValueError(f"bad or repeated table name {table!r}")
        digest, size, count = hashlib.sha256(), 0, 0
        with self._zip.open(name, "w", force_zip64=True) as out:
            for row in rows:
                line = json.dumps(row, ensure_ascii=False, sort_keys=True).encode() + b"\n"
                out.write(line)
                digest.update(line)
                size += len(line)
                count += 1
        self._entries[name] = {"size": size, "sha256": digest.hexdigest()}
        self._rows[table] = count
        return count

    def add_lines(self, table: str, source: IO[bytes], count: int) -> None:
        """Copy ``count`` ready JSON lines (each ending in a newline) from ``source``."""
        name = f"changes/{table}.jsonl"
        if not _TABLE.match(name) or name in self._entries:
            raise ValueError(f"bad or repeated table name {table!r}")
        digest, size = hashlib.sha256(), 0
        with self._zip.open(name, "w", force_zip64=True) as out:
            while chunk := source.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self._entries[name] = {"size": size, "sha256": digest.hexdigest()}
        self._rows[table] = count

    def add_attachment(self, sha256: str, source: Path) -> None:
        name = f"attachments/{sha256}"
        if not _ATTACHMENT.match(name):
            raise ValueError(f"bad attachment hash {sha256!r}")
        if name in self._entries:
            return
        digest, size = hashlib.sha256(), 0
        with source.open("rb") as src, self._zip.open(name, "w", force_zip64=True) as out:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if digest.hexdigest() != sha256:
            raise ValueError(f"{source} does not have the hash {sha256}")
        self._entries[name] = {"size": size, "sha256": sha256}


class PayloadReader:
    """A checked payload; ``rows(table)`` and ``attachment(sha)`` read entries lazily."""

    def __init__(self, source: IO[bytes] | Path, name: str = "文件", limits: Limits = Limits()):
        self.name = name
        self._limits = limits
        try:
            self._zip = zipfile.ZipFile(source)
            self._check()
        except PackageRejected:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
                ValueError, KeyError, UnicodeDecodeError, json.JSONDecodeError) as exc:  # fmt: skip
            raise self._corrupt() from exc

    def _corrupt(self, detail: str = "") -> PackageRejected:
        why = f"（{detail}）" if detail else ""
        return PackageRejected(f"“{self.name}”不能导入：同步包的内容已损坏{why}。没有做任何修改。")

    def _check(self) -> None:
        infos = self._zip.infolist()
        limits = self._limits
        if len(infos) > limits.entries + 1:
            raise self._corrupt("条目过多")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise self._corrupt("有重复的条目")
        total = 0
        for info in infos:
            name = info.filename
            if not _NAME.match(name) or ".." in name.split("/"):
                raise self._corrupt(f"不允许的条目名“{name[:60]}”")
            if name != MANIFEST and not (_TABLE.match(name) or _ATTACHMENT.match(name)):
                raise self._corrupt(f"不认识的条目“{name}”")
            if info.file_size > limits.entry_bytes:
                raise self._corrupt(f"条目“{name}”过大")
            big = info.file_size > 1024 * 1024
            if big and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise self._corrupt(f"条目“{name}”的压缩比异常")
            total += info.file_size
        if total > limits.total_bytes:
            raise self._corrupt("内容总量过大")
        if MANIFEST not in names:
            raise self._corrupt("缺少清单")
        if self._zip.getinfo(MANIFEST).file_size > limits.manifest_bytes:
            raise self._corrupt("清单过大")
        manifest = json.loads(self._zip.read(MANIFEST).decode("utf-8"))
        entries, rows = manifest.get("entries"), manifest.get("rows")
        if not isinstance(entries, dict) or not isinstance(rows, dict):
            raise self._corrupt("清单格式不对")
        if set(entries) != set(names) - {MANIFEST}:
            raise self._corrupt("清单与内容不一致")
        for name, entry in entries.items():
            if (
                not isinstance(entry, dict)
                or entry.get("size") != self._zip.getinfo(name).file_size
            ):
                raise self._corrupt(f"条目“{name}”的大小与清单不符")
            named = _ATTACHMENT.match(name)
            if named and entry.get("sha256") != named.group(1):
                raise self._corrupt(f"附件“{name}”的摘要与名称不符")
        tables = {m.group(1) for n in names if (m := _TABLE.match(n))}
        if set(rows) != tables or not all(isinstance(v, int) for v in rows.values()):
            raise self._corrupt("清单中的行数与内容不一致")
        self.entries: Mapping[str, Mapping[str, Any]] = entries
        self.row_counts: Mapping[str, int] = rows

    @property
    def tables(self) -> list[str]:
        return sorted(self.row_counts)

    @property
    def attachments(self) -> list[str]:
        return sorted(m.group(1) for n in self.entries if (m := _ATTACHMENT.match(n)))

    def _chunks(self, name: str) -> Iterator[bytes]:
        digest = hashlib.sha256()
        try:
            with self._zip.open(name) as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError) as exc:
            raise self._corrupt(f"条目“{name}”无法读取") from exc
        if digest.hexdigest() != self.entries[name].get("sha256"):
            raise self._corrupt(f"条目“{name}”的摘要与清单不符")

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """The changes of ``table`` in order; the entry's hash and row count are checked when
        the last row has been read."""
        for _, row in self.lines(table):
            yield row

    def lines(self, table: str) -> Iterator[tuple[bytes, dict[str, Any]]]:
        """Each change of ``table`` as its line's bytes and the parsed object."""
        name = f"changes/{table}.jsonl"
        if name not in self.entries:
            raise self._corrupt(f"没有“{table}”的变更")
        pending, count = b"", 0
        for chunk in self._chunks(name):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                count += 1
                yield line, self._row(line, name)
        if pending:
            raise self._corrupt(f"条目“{name}”的最后一行不完整")
        if count != self.row_counts[table]:
            raise self._corrupt(f"“{table}”的行数与清单不符")

    def _row(self, line: bytes, name: str) -> dict[str, Any]:
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self._corrupt(f"条目“{name}”中有无法读取的行") from exc
        if not isinstance(row, dict):
            raise self._corrupt(f"条目“{name}”中有格式不对的行")
        return row

    def attachment(self, sha256: str) -> Iterator[bytes]:
        """The file's bytes in chunks, its hash checked at the end."""
        name = f"attachments/{sha256}"
        if name not in self.entries:
            raise self._corrupt(f"缺少附件 {sha256[:12]}…")
        yield from self._chunks(name)

    def close(self) -> None:
        self._zip.close()
