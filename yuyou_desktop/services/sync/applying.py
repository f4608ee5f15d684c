"""Applying one verified package in one write transaction (``BEGIN IMMEDIATE``): its rows, the
receiver's ``peer_state`` and ``imported_packages`` together, so a crash leaves either all of it
or none of it (sync-protocol.md, import rules 3–7)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yuyou_desktop.storage import audit
from yuyou_desktop.storage.changes import INFO_APPLY_SYNC
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.apply import Applier, ApplyStats, Change
from yuyou_desktop.sync.envelope import PackageRejected
from yuyou_desktop.sync.export import PEERS_TABLE
from yuyou_desktop.sync.payload import PayloadReader
from yuyou_desktop.sync.rows import (
    REFERENCE_TABLES,
    RowRejected,
    apply_order,
    codecs,
    stored_datetime,
)

_OPS = frozenset({"insert", "update", "delete"})
_MOD = 1 << 256
_EPOCH = re.compile(r"^[0-9a-f]{8,64}$")


class Pending(Exception):
    """The package cannot be applied yet: ``reason`` is ``gap`` or ``epoch``."""

    def __init__(self, reason: str, missing_from: int, missing_to: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing_from = missing_from
        self.missing_to = missing_to


class AlreadyHave(Exception):
    """Every change of the package is already here."""


def stored_now() -> str:
    return utcnow().replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass(frozen=True)
class PackageInfo:
    """The checked header fields the import uses."""

    package_id: str
    kind: str
    origin_office: str
    epoch: str
    seq_from: int
    seq_to: int
    created_at: str
    schema_version: str
    sha256: str
    file_name: str


def package_info(header: Mapping[str, Any], sha256: str, file_name: str) -> PackageInfo:
    def refuse() -> PackageRejected:
        return PackageRejected(
            f"“{file_name}”不能导入：数据包的头部信息不完整或有误。没有做任何修改。"
        )

    try:
        info = PackageInfo(
            str(header["package_id"]),
            str(header["kind"]),
            str(header["origin_office"]),
            str(header["db_epoch"]),
            header["seq_from"],
            header["seq_to"],
            str(header["created_at"]),
            str(header["schema_version"]),
            sha256,
            file_name,
        )
    except KeyError:
        raise refuse() from None
    for seq in (info.seq_from, info.seq_to):
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise refuse()
    if not _EPOCH.match(info.epoch) or not 0 < len(info.package_id) <= 36:
        raise refuse()
    if info.seq_from > info.seq_to + 1 or not info.schema_version.isdigit():
        raise refuse()
    try:
        stored_datetime(info.created_at)  # a reference package is ordered by it
    except ValueError:
        raise refuse() from None
    return info


def _reject(info: PackageInfo, reason: str) -> PackageRejected:
    return PackageRejected(f"“{info.file_name}”不能导入：{reason}没有做任何修改。")


def peer_max_seq(conn: sqlite3.Connection, office: str, epoch: str) -> int | None:
    row = conn.execute(
        "SELECT max_seq FROM peer_state WHERE origin_office = ? AND epoch = ?", (office, epoch)
    ).fetchone()
    return None if row is None else int(row[0])


def known_epochs(conn: sqlite3.Connection, office: str) -> int:
    return conn.execute(
        "SELECT count(*) FROM peer_state WHERE origin_office = ?", (office,)
    ).fetchone()[0]


def where_to_start(conn: sqlite3.Connection, info: PackageInfo, accept_new_epoch: bool) -> int:
    """The highest seq already applied from this office and epoch; raises Pending/AlreadyHave."""
    max_seq = peer_max_seq(conn, info.origin_office, info.epoch)
    if max_seq is None:
        if known_epochs(conn, info.origin_office) and not accept_new_epoch:
            raise Pending("epoch", 1, info.seq_from - 1)
        max_seq = 0
    if info.seq_to <= max_seq:
        raise AlreadyHave
    if info.seq_from > max_seq + 1:
        raise Pending("gap", max_seq + 1, info.seq_from - 1)
    return max_seq


def _change(raw: dict[str, Any], codec: Any, info: PackageInfo) -> tuple[int, Change]:
    seq, op, row = raw.get("seq"), raw.get("op"), raw.get("row")
    base, stamp = raw.get("base_version"), raw.get("base_updated_at")
    if isinstance(seq, bool) or not isinstance(seq, int) or not info.seq_from <= seq <= info.seq_to:
        raise RowRejected(f"“{codec.name}”中有编号超出范围的变更。")
    if op not in _OPS or isinstance(base, bool) or not isinstance(base, int):
        raise RowRejected(f"“{codec.name}”中有格式不对的变更。")
    if stamp is not None and not isinstance(stamp, str):
        raise RowRejected(f"“{codec.name}”中有格式不对的变更。")
    values = codec.decode(row)
    try:
        base_stamp = None if stamp is None else stored_datetime(stamp)
    except ValueError:  # not an ISO time: refused like any bad change, never raised
        raise RowRejected(f"“{codec.name}”中有格式不对的变更。") from None
    return seq, Change(seq, values, base, base_stamp)


def apply_township_changes(
    db: Database,
    reader: PayloadReader,
    info: PackageInfo,
    own_office: str,
    county_code: str | None,
    accept_new_epoch: bool,
    keep_files: Callable[[], list[Path]],
) -> ApplyStats:
    """Apply the unseen part of a township's package; raises Pending or AlreadyHave.

    ``keep_files`` puts the package's files in the attachment store once the rows have been
    checked and before the commit (rows never point at a file that is not on disk); files it
    newly created are removed again when the transaction does not commit."""
    all_codecs = codecs()
    unknown = set(reader.tables) - set(all_codecs)
    if unknown:
        raise _reject(info, f"包含本程序不认识的数据“{sorted(unknown)[0]}”（可能由更新版本制作）。")
    new_files: list[Path] = []
    try:
        with db.writer() as session:
            session.info[INFO_APPLY_SYNC] = True
            conn = session.connection().connection.driver_connection
            conn.execute("PRAGMA defer_foreign_keys = ON")
            max_seq = where_to_start(conn, info, accept_new_epoch)
            applier = Applier(
                conn, own_office=own_office, maker=info.origin_office, county_code=county_code,
                package_id=info.package_id, detected_at=stored_now(),
            )  # fmt: skip
            seen: set[int] = set()
            earlier: dict[int, bytes] = {}
            total = 0

            def changes(table: str) -> Iterator[Change]:
                nonlocal total
                codec = all_codecs[table]
                for line, raw in reader.lines(table):
                    seq, change = _change(raw, codec, info)
                    if seq in seen:
                        raise RowRejected("同一编号的变更出现了两次。")
                    seen.add(seq)
                    line_hash = hashlib.sha256(line).digest()
                    total = (total + int.from_bytes(line_hash)) % _MOD
                    if seq <= max_seq:
                        earlier[seq] = line_hash
                        continue
                    yield change

            for table in [t for t in apply_order() if t in reader.tables]:
                applier.apply(all_codecs[table], changes(table))
            if len(seen) != info.seq_to - info.seq_from + 1:
                raise RowRejected("变更编号不连续，数据包不完整。")
            _check_fork(conn, info, earlier)
            _record(conn, info, applier.stats, total)
            _audit_import(session, info, applier.stats)
            new_files = keep_files()
    except BaseException as exc:
        for path in new_files:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, RowRejected):
            raise _reject(info, f"{exc}") from None
        if isinstance(exc, IntegrityError):
            raise _reject(info, _integrity_reason(exc)) from None
        raise
    return applier.stats


def _integrity_reason(exc: IntegrityError) -> str:
    text = str(exc.orig)
    if "FOREIGN KEY" in text:
        return "其中的记录引用了本库中没有的记录（请先导入该单位更早的数据包）。"
    if "UNIQUE" in text:
        field = text.split(":", 1)[-1].strip()
        return f"其中的记录与本库已有的记录重复（{field}）。请核对双方的登记后再导入。"
    return f"其中的记录不符合本库的约束（{text}）。"


def _check_fork(conn: sqlite3.Connection, info: PackageInfo, earlier: dict[int, bytes]) -> None:
    """Rule 5: an earlier package of the same office and epoch whose range this one repeats must
    carry the same changes; otherwise the sender's database was copied and used twice."""
    if not earlier:
        return
    rows = conn.execute(
        "SELECT seq_from, seq_to, counts FROM imported_packages WHERE origin_office = ?"
        " AND epoch = ? AND seq_from >= ? AND seq_to <= ?",
        (info.origin_office, info.epoch, info.seq_from, info.seq_to),
    )
    for seq_from, seq_to, counts in rows:
        stored = json.loads(counts).get("digest")
        if stored is None or any(s not in earlier for s in range(seq_from, seq_to + 1)):
            continue
        mine = sum(int.from_bytes(earlier[s]) for s in range(seq_from, seq_to + 1)) % _MOD
        if f"{mine:064x}" != stored:
            raise RowRejected(
                f"其中第 {seq_from}–{seq_to} 号变更与已导入的同号变更内容不同：发出单位的数据库"
                "可能被复制到两台电脑上分别使用，或数据包被伪造。请与该单位核实。"
            )


def _audit_import(session: Session, info: PackageInfo, stats: ApplyStats) -> None:
    audit.append(
        session,
        "import",
        f"导入单位 {info.origin_office} 的数据包 {info.file_name}"
        f"（第 {info.seq_from}–{info.seq_to} 号变更）：写入 {stats.applied} 条，"
        f"已有 {stats.unchanged} 条，冲突 {stats.conflicts} 条，拒绝 {stats.refused} 条",
        table_name="imported_packages",
        record_id=info.package_id,
    )


def _record(conn: sqlite3.Connection, info: PackageInfo, stats: ApplyStats, total: int) -> None:
    now = stored_now()
    counts = {**stats.as_dict(), "digest": f"{total:064x}"}
    conn.execute(
        "INSERT INTO imported_packages (package_id, sha256, kind, origin_office, epoch, seq_from,"
        " seq_to, created_at, imported_at, file_name, counts) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            info.package_id, info.sha256, info.kind, info.origin_office, info.epoch,
            info.seq_from, info.seq_to, _stored_time(info.created_at), now, info.file_name[:260],
            json.dumps(counts, ensure_ascii=False),
        ),
    )  # fmt: skip
    if info.kind == "township_changes":
        conn.execute(
            "INSERT INTO peer_state (origin_office, epoch, max_seq, last_package_id, updated_at)"
            " VALUES (?,?,?,?,?) ON CONFLICT(origin_office, epoch) DO UPDATE SET"
            " max_seq = max(max_seq, excluded.max_seq), last_package_id = excluded.last_package_id,"
            " updated_at = excluded.updated_at",
            (info.origin_office, info.epoch, info.seq_to, info.package_id, now),
        )
    conn.execute("DELETE FROM pending_packages WHERE package_id = ?", (info.package_id,))


def _stored_time(iso: str) -> str:
    try:
        return stored_datetime(iso)
    except (TypeError, ValueError):
        return stored_now()


def _seen_by_county(reader: PayloadReader, own_office: str) -> dict[str, int]:
    """How far the county had imported this office's changes, per epoch, when it made the
    package (older packages do not say: nothing then)."""
    if PEERS_TABLE not in reader.tables:
        return {}
    seen: dict[str, int] = {}
    for row in reader.rows(PEERS_TABLE):
        epoch, max_seq = row.get("epoch"), row.get("max_seq")
        if row.get("office") == own_office and isinstance(epoch, str) and type(max_seq) is int:
            seen[epoch] = max_seq
    return seen


def _reference_change(raw: dict[str, Any], codec: Any) -> Change:
    """A reference row, with the version it was made on when the county sent it."""
    values = codec.decode(raw.get("row"))
    base, stamp = raw.get("base_version"), raw.get("base_updated_at")
    if isinstance(base, bool) or not isinstance(base, int) or not isinstance(stamp, str):
        return Change(None, values, None, None)
    try:
        return Change(None, values, base, stored_datetime(stamp))
    except ValueError:
        raise RowRejected(f"“{codec.name}”中有格式不对的记录。") from None


def apply_reference(
    db: Database,
    reader: PayloadReader,
    info: PackageInfo,
    own_office: str,
    settings: Callable[[sqlite3.Connection, list[dict[str, Any]]], None],
) -> ApplyStats:
    """Apply the county's reference rows and settings (templates are the caller's)."""
    all_codecs = codecs()
    try:
        with db.writer() as session:
            session.info[INFO_APPLY_SYNC] = True
            conn = session.connection().connection.driver_connection
            conn.execute("PRAGMA defer_foreign_keys = ON")
            applier = Applier(
                conn, own_office=own_office, maker=info.origin_office,
                county_code=info.origin_office, package_id=info.package_id,
                detected_at=stored_now(), owned_only=True,
                seen_by_sender=_seen_by_county(reader, own_office),
            )  # fmt: skip
            for table in REFERENCE_TABLES:
                if table not in reader.tables:
                    continue
                codec = all_codecs[table]
                applier.apply(codec, (_reference_change(raw, codec) for raw in reader.rows(table)))
            if "reference_settings" in reader.tables:
                settings(conn, list(reader.rows("reference_settings")))
            _record(conn, info, applier.stats, 0)
            _audit_import(session, info, applier.stats)
    except RowRejected as exc:
        raise _reject(info, f"{exc}") from None
    except IntegrityError as exc:
        raise _reject(info, _integrity_reason(exc)) from None
    return applier.stats
