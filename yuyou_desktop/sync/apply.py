"""Applying the changes of one package inside the caller's write transaction.

Works on the raw ``sqlite3`` connection of that transaction: changes are read in batches, the
versions held here for the batch are fetched in one query, :func:`merge.decide` is asked about
each change in order, and the final state of each record is written with one ``executemany``
upsert per batch.  Conflicts and refused changes go to ``sync_conflicts`` in the same transaction.
Nothing is logged in ``change_log``: received rows are not sent on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Any

from yuyou_desktop.sync.merge import Candidate, Outcome, Situation, decide
from yuyou_desktop.sync.rows import CO_EDITED, TableCodec, digest

BATCH = 2000
_CONFLICT_SQL = (
    "INSERT INTO sync_conflicts (table_name, record_id, kind, package_id, kept_office,"
    " other_office, kept_row, other_row, fields, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
)


@dataclass(frozen=True)
class Change:
    seq: int | None
    values: dict[str, Any]  # stored form, from TableCodec.decode
    base_version: int | None
    base_updated_at: str | None  # stored form


@dataclass
class ApplyStats:
    applied: int = 0  # versions written
    unchanged: int = 0  # already here, or older than what is here
    conflicts: int = 0
    refused: int = 0  # changes by an office that does not own the record
    tables: dict[str, int] = field(default_factory=dict)  # changes read per table

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "refused": self.refused,
            "tables": dict(self.tables),
        }


def _chunks(items: Iterable[Change], size: int) -> Iterator[list[Change]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _json(values: dict[str, Any] | None) -> str:
    return json.dumps(values or {}, ensure_ascii=False, sort_keys=True)


class Applier:
    """Applies changes made by ``maker`` (an office code) to this office's database."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        own_office: str,
        maker: str,
        county_code: str | None,
        package_id: str,
        detected_at: str,
        owned_only: bool = False,
        seen_by_sender: Mapping[str, int] | None = None,
    ) -> None:
        self._conn = conn
        self._own = own_office
        self._maker = maker
        self._county = county_code
        self._package = package_id
        self._now = detected_at
        self._owned_only = owned_only  # reference packages: only the sender's own rows
        self._seen = dict(seen_by_sender or {})  # this office's epoch → seq the sender imported
        self.stats = ApplyStats()

    def apply(self, codec: TableCodec, changes: Iterable[Change]) -> None:
        columns = codec.columns
        names = ", ".join(f'"{c}"' for c in columns)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        upsert = (
            f'INSERT INTO "{codec.name}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            f" ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        row = itemgetter(*columns)  # the values in column order, as a tuple
        for batch in _chunks(changes, BATCH):
            self.stats.tables[codec.name] = self.stats.tables.get(codec.name, 0) + len(batch)
            writes, conflicts = self._decide_batch(codec, batch)
            if writes:
                self._conn.executemany(upsert, [row(v) for v in writes])
            if conflicts:
                self._conn.executemany(_CONFLICT_SQL, conflicts)

    # ------------------------------------------------------------ deciding

    def _local_states(self, table: str, ids: list[str]) -> dict[str, tuple]:
        found: dict[str, tuple] = {}
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f'SELECT id, version, updated_at, deleted_at, origin_office FROM "{table}"'
                f" WHERE id IN ({marks})",
                part,
            )
            for row in rows:
                found[row[0]] = row
        return found

    def _full_row(self, codec: TableCodec, record_id: str) -> dict[str, Any]:
        cursor = self._conn.execute(f'SELECT * FROM "{codec.name}" WHERE id = ?', (record_id,))
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        return dict(zip(names, row, strict=True))

    def _own_edit(self, table: str, record_id: str, local: dict[str, Any]) -> bool:
        """Whether the version here was made at this office — and, for the county's reference
        rows, not yet imported by the county (an edit the county has merged is superseded by its
        row, whatever the clocks say)."""
        found = self._conn.execute(
            "SELECT epoch, seq FROM change_log WHERE table_name = ? AND record_id = ?"
            " AND version = ? AND changed_at = ? ORDER BY seq DESC LIMIT 1",
            (table, record_id, local["version"], local["updated_at"]),
        ).fetchone()
        if found is None:
            return False
        return not (self._owned_only and self._seen.get(found[0], 0) >= found[1])

    def _logged(self, table: str, record_id: str, where: str, *args: Any) -> bool:
        sql = f"SELECT 1 FROM change_log WHERE table_name = ? AND record_id = ? AND {where} LIMIT 1"
        return self._conn.execute(sql, (table, record_id, *args)).fetchone() is not None

    def _decide_batch(
        self, codec: TableCodec, batch: list[Change]
    ) -> tuple[list[dict[str, Any]], list[tuple]]:
        table = codec.name
        states = self._local_states(table, list({c.values["id"] for c in batch}))
        current: dict[str, dict[str, Any]] = {}  # rows written earlier in this batch
        replaced: set[str] = set()  # records whose local version was replaced by this package
        conflicts: list[tuple] = []
        for change in batch:
            values = change.values
            record_id = values["id"]
            state = states.get(record_id)
            local_row = current.get(record_id)
            owner = local_row["origin_office"] if local_row else (state[4] if state else None)
            if owner is None:
                owner = values["origin_office"]
            if (table not in CO_EDITED or self._owned_only) and (
                values["origin_office"] != self._maker or owner != values["origin_office"]
            ):
                self.stats.refused += 1
                kept = local_row or (self._full_row(codec, record_id) if state else None)
                conflicts.append(self._conflict(codec, "ownership", kept, values, None))
                continue
            shared_by = (self._maker, self._county)  # a co-edited row: its owner's or the county's
            deleting = owner != self._maker and values["deleted_at"] is not None  # owner's only
            if owner != values["origin_office"] or owner not in shared_by or deleting:
                self.stats.refused += 1
                kept = local_row or self._full_row(codec, record_id)
                conflicts.append(self._conflict(codec, "ownership", kept, values, None))
                continue
            local_values = None
            if local_row is not None or state is not None:
                local_values = local_row or self._full_row(codec, record_id)
            incoming = Candidate(
                values["version"],
                values["updated_at"],
                values["deleted_at"] is not None,
                self._maker == self._county,
                "" if local_values is None else digest(values),  # only a tie-break reads it
            )
            own_edit = ancestor = same = False
            local = None
            if local_values is not None:
                if record_id not in replaced:
                    own_edit = self._own_edit(table, record_id, local_values)
                if own_edit:
                    ancestor = self._logged(
                        table, record_id, "base_version = ? AND base_updated_at = ?",
                        incoming.version, incoming.updated_at,
                    )  # fmt: skip
                same = codec.content(local_values) == codec.content(values)
                by_county = self._own == self._county if own_edit else None
                local = self._candidate(local_values, by_county)
            outcome = decide(
                Situation(
                    incoming, local, change.base_version, change.base_updated_at,
                    own_edit, ancestor, same, self._owned_only,
                )
            )  # fmt: skip
            if outcome is Outcome.SKIP:
                self.stats.unchanged += 1
            if outcome is Outcome.KEEP_CONFLICT:
                maker = self._maker_of(local_values, own_edit)
                conflicts.append(self._conflict(codec, None, local_values, values, maker))
            if outcome in (Outcome.TAKE, Outcome.TAKE_CONFLICT):
                if outcome is Outcome.TAKE_CONFLICT:
                    maker = self._maker_of(local_values, own_edit)
                    conflicts.append(
                        self._conflict(codec, None, values, local_values, maker, taken=True)
                    )
                # written in the order of each record's last change, as the sender made them
                # (a number freed by one record and taken by another stays unique throughout)
                current.pop(record_id, None)
                current[record_id] = values
                replaced.add(record_id)
                self.stats.applied += 1
        self.stats.conflicts += sum(1 for c in conflicts if c[2] != "ownership")
        return list(current.values()), conflicts

    def _candidate(self, row: dict[str, Any], by_county: bool | None) -> Candidate:
        return Candidate(
            row["version"],
            row["updated_at"],
            row["deleted_at"] is not None,
            row["origin_office"] == self._county if by_county is None else by_county,
            digest(row),
        )

    def _maker_of(self, row: dict[str, Any], own_edit: bool) -> str:
        return self._own if own_edit else str(row["origin_office"])

    def _conflict(
        self,
        codec: TableCodec,
        kind: str | None,
        kept: dict[str, Any] | None,
        other: dict[str, Any],
        local_maker: str | None,
        taken: bool = False,
    ) -> tuple:
        if kind is None:
            one_deleted = ((kept or {}).get("deleted_at") is None) != (other["deleted_at"] is None)
            kind = "delete" if one_deleted else "edit"
        kept_content = codec.content(kept) if kept else {}
        other_content = codec.content(other)
        fields = sorted(k for k in other_content if kept_content.get(k) != other_content[k])
        if taken:  # the incoming version stayed, the local one lost
            kept_office, other_office = self._maker, local_maker or ""
        else:
            kept_office = local_maker or (kept or {}).get("origin_office", "")
            other_office = self._maker
        return (
            codec.name, other["id"], kind, self._package, kept_office, other_office,
            _json(kept), _json(other), json.dumps(fields), self._now,
        )  # fmt: skip
