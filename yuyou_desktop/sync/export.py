"""Reading what a package carries out of the database, inside the caller's read transaction.

``write_changes``: one pass over a ``change_log`` range in ``seq`` order; each change becomes a
JSON line spooled to a temporary file per table (the row is the log's JSON as stored, not parsed
again), then each table's lines go into the payload, followed by the files the changed rows
point at (inspection attachments, issued letters' PDFs).  ``write_reference``: the county's own
reference rows (whole rows, no lineage), the quiet-period settings and the letter templates.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.sync.payload import PayloadWriter
from yuyou_desktop.sync.rows import REFERENCE_TABLES, apply_order, codecs

# columns naming a file of the attachment store, per table
FILE_COLUMNS = {"attachments": "sha256", "letters": "pdf_sha256"}
REFERENCE_SETTINGS = ("inspections.quiet_window", "inspections.quiet_exceptions")
SETTINGS_TABLE = "reference_settings"
TEMPLATES_TABLE = "letter_templates"
PEERS_TABLE = "reference_peers"  # how far the county has imported each township's changes
NOT_RECORDS = frozenset({SETTINGS_TABLE, TEMPLATES_TABLE, PEERS_TABLE})


@dataclass(frozen=True)
class Written:
    counts: Mapping[str, int]
    attachments: int
    missing_files: tuple[str, ...]  # hashes named by rows but absent from the store


# Each change's JSON line is put together by SQLite and read as bytes — keys in sorted order, the
# row being the log's JSON as stored: the bytes json.dumps would give, without building them in
# Python.  The third column is the file a row of FILE_COLUMNS names.
_LINE = (
    """CAST('{"base_updated_at":' || json_quote(base_updated_at)"""
    """ || ',"base_version":' || base_version || ',"op":"' || op || '","row":' || payload"""
    """ || ',"seq":' || seq || '}' || char(10) AS BLOB)"""
)
_FILE = " ".join(
    f"WHEN '{table}' THEN json_extract(payload, '$.{column}')"
    for table, column in FILE_COLUMNS.items()
)
_LINES = (
    f"SELECT table_name, {_LINE}, CASE table_name {_FILE} END FROM change_log"
    " WHERE epoch = ? AND seq BETWEEN ? AND ? ORDER BY seq"
)


def write_changes(
    conn: sqlite3.Connection,
    writer: PayloadWriter,
    epoch: str,
    seq_from: int,
    seq_to: int,
    file_path: Callable[[str], Path],
    spool_dir: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> Written:
    spools: dict[str, IO[bytes]] = {}
    counts: dict[str, int] = {}
    files: set[str] = set()
    total = max(seq_to - seq_from + 1, 1)
    with ExitStack() as stack:
        cursor = conn.execute(_LINES, (epoch, seq_from, seq_to))
        done = 0
        while rows := cursor.fetchmany(2000):
            for table, line, sha in rows:
                spool = spools.get(table)
                if spool is None:
                    spool = stack.enter_context(tempfile.TemporaryFile(dir=spool_dir))
                    spools[table] = spool
                spool.write(line)
                counts[table] = counts.get(table, 0) + 1
                if sha and isinstance(sha, str):
                    files.add(sha)
            done += len(rows)
            progress.report(done, total, "读取变更")
            progress.check_cancelled()
        order = [t for t in apply_order() if t in spools] + sorted(set(spools) - set(apply_order()))
        for table in order:
            spool = spools[table]
            spool.seek(0)
            writer.add_lines(table, spool, counts[table])
    return _add_files(writer, files, file_path, counts)


def _add_files(
    writer: PayloadWriter,
    files: set[str],
    file_path: Callable[[str], Path],
    counts: Mapping[str, int],
) -> Written:
    missing: list[str] = []
    added = 0
    for sha in sorted(files):
        path = file_path(sha)
        try:
            writer.add_attachment(sha, path)
            added += 1
        except (OSError, ValueError):
            missing.append(sha)
    return Written(dict(counts), added, tuple(missing))


def _lineage(conn: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The version a reference row was made on, when it was made here (from this office's log):
    a township whose own edit the county built on then takes the county's row as a successor
    instead of weighing the two by their clocks."""
    found = conn.execute(
        "SELECT base_version, base_updated_at FROM change_log WHERE table_name = ?"
        " AND record_id = ? AND version = ? AND changed_at = ? ORDER BY seq DESC LIMIT 1",
        (table, values["id"], values["version"], values["updated_at"]),
    ).fetchone()
    if found is None or found[0] == 0:
        return {}
    return {"base_version": found[0], "base_updated_at": found[1]}


def write_reference(
    conn: sqlite3.Connection,
    writer: PayloadWriter,
    county_code: str,
    settings: Mapping[str, str],
    templates: Mapping[str, str],
    file_path: Callable[[str], Path],
) -> Written:
    """The county's reference rows (owned by ``county_code``), ``settings`` (key → JSON text)
    and ``templates`` (file name → text)."""
    all_codecs = codecs()
    counts: dict[str, int] = {}
    for table in REFERENCE_TABLES:
        codec = all_codecs[table]
        cursor = conn.execute(
            f'SELECT * FROM "{table}" WHERE origin_office = ? ORDER BY id', (county_code,)
        )
        names = [d[0] for d in cursor.description]

        def rows(cursor: Any = cursor, names: list[str] = names, codec: Any = codec):
            for raw in cursor.fetchall():
                values = dict(zip(names, raw, strict=True))
                yield {"row": codec.encode(values), **_lineage(conn, codec.name, values)}

        counts[table] = writer.add_changes(table, rows())
    counts[SETTINGS_TABLE] = writer.add_changes(
        SETTINGS_TABLE, ({"key": k, "value": v} for k, v in sorted(settings.items()))
    )
    peers = conn.execute("SELECT origin_office, epoch, max_seq FROM peer_state ORDER BY 1, 2")
    counts[PEERS_TABLE] = writer.add_changes(
        PEERS_TABLE, ({"office": o, "epoch": e, "max_seq": n} for o, e, n in peers.fetchall())
    )
    counts[TEMPLATES_TABLE] = writer.add_changes(
        TEMPLATES_TABLE, ({"file": k, "text": v} for k, v in sorted(templates.items()))
    )
    return _add_files(writer, set(), file_path, counts)
