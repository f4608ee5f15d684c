"""Every edit of a synchronised row writes a change_log row in the same transaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from yuyou_desktop.domain.credit_code import check_character
from yuyou_desktop.domain.ids import uuid7
from yuyou_desktop.services import Services
from yuyou_desktop.storage.changes import HardDeleteForbidden, insert_synced
from yuyou_desktop.storage.models import ChangeLog, EnforcementUnit, Office


def credit(n: int) -> str:
    body = f"12140623{n:09d}"
    return body + check_character(body)


def unit(n: int, **extra: object) -> EnforcementUnit:
    fields: dict[str, object] = {
        "name": f"测试执法单位{n}",
        "credit_code": credit(n),
        "kind": "statutory",
        "level": "county",
        "status": "active",
    }
    return EnforcementUnit(**{**fields, **extra})


def log_rows(services: Services) -> list[ChangeLog]:
    with services.database.reader() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.epoch, ChangeLog.seq)))


def units(services: Services) -> list[EnforcementUnit]:
    with services.database.reader() as s:
        return list(s.scalars(select(EnforcementUnit)))


def test_fresh_office_has_no_change_log(county: Services) -> None:
    assert log_rows(county) == []


def test_insert_update_delete_are_logged_with_versions(county: Services) -> None:
    db = county.database
    epoch = county.office.current().db_epoch
    with db.writer() as s:
        row = unit(1)
        s.add(row)
    with db.writer() as s:
        s.get(EnforcementUnit, row.id).name = "改名后的执法单位"
    with db.writer() as s:
        s.get(EnforcementUnit, row.id).deleted_at = datetime.now(UTC)

    logs = log_rows(county)
    assert [(r.op, r.version, r.base_version) for r in logs] == [
        ("insert", 1, 0),
        ("update", 2, 1),
        ("delete", 3, 2),
    ]
    assert [r.seq for r in logs] == [1, 2, 3]
    assert {r.epoch for r in logs} == {epoch}
    assert {r.table_name for r in logs} == {"enforcement_units"}
    assert {r.record_id for r in logs} == {row.id}
    payloads = [json.loads(r.payload) for r in logs]
    assert [p["version"] for p in payloads] == [1, 2, 3]
    assert payloads[0]["name"] == "测试执法单位1"
    assert payloads[1]["name"] == payloads[2]["name"] == "改名后的执法单位"
    assert payloads[1]["deleted_at"] is None and payloads[2]["deleted_at"] is not None

    [stored] = units(county)
    assert stored.version == 3
    assert stored.deleted_at is not None
    assert stored.updated_at >= stored.created_at


def test_insert_fills_the_sync_columns(county: Services) -> None:
    with county.database.writer() as s:
        s.add(unit(1))
    [stored] = units(county)
    assert len(stored.id) == 36 and stored.id[14] == "7"
    assert stored.origin_office == "140623"
    assert stored.version == 1
    assert stored.created_at == stored.updated_at
    assert stored.created_at.tzinfo is not None
    assert stored.deleted_at is None
    assert stored.sector == "" and stored.remark == ""


def test_seq_is_contiguous_across_transactions_and_flushes(county: Services) -> None:
    db = county.database
    with db.writer() as s:
        s.add_all([unit(n) for n in range(1, 4)])
    with db.writer() as s:
        first = s.scalars(select(EnforcementUnit).order_by(EnforcementUnit.name)).first()
        first.phone = "0349-1"
        s.flush()
        first.phone = "0349-2"
        s.add(unit(9))
    logs = log_rows(county)
    assert [r.seq for r in logs] == list(range(1, 7))
    edits = [r for r in logs if r.record_id == first.id]
    assert [(r.op, r.version, r.base_version) for r in edits] == [
        ("insert", 1, 0),
        ("update", 2, 1),
        ("update", 3, 2),
    ]


def test_setting_a_field_to_its_current_value_logs_nothing(county: Services) -> None:
    with county.database.writer() as s:
        row = unit(1)
        s.add(row)
    with county.database.writer() as s:
        s.get(EnforcementUnit, row.id).name = "测试执法单位1"
    assert len(log_rows(county)) == 1
    assert units(county)[0].version == 1


def test_new_epoch_starts_its_own_sequence(county: Services) -> None:
    db = county.database
    with db.writer() as s:
        s.add(unit(1))
    with db.writer() as s:
        s.execute(select(Office)).scalar_one().db_epoch = "e" * 32
    with db.writer() as s:
        s.add(unit(2))
    logs = log_rows(county)
    assert sorted((r.epoch == "e" * 32, r.seq) for r in logs) == [(False, 1), (True, 1)]


def test_hard_delete_of_a_synced_row_is_refused_and_nothing_written(county: Services) -> None:
    with county.database.writer() as s:
        row = unit(1)
        s.add(row)
    with pytest.raises(HardDeleteForbidden), county.database.writer() as s:
        target = s.get(EnforcementUnit, row.id)
        target.phone = "0349-9"
        s.delete(target)
    [stored] = units(county)
    assert stored.deleted_at is None and stored.phone == "" and stored.version == 1
    assert len(log_rows(county)) == 1


def test_failed_transaction_leaves_neither_row_nor_log(county: Services) -> None:
    with pytest.raises(RuntimeError, match="boom"), county.database.writer() as s:
        s.add(unit(1))
        s.flush()
        raise RuntimeError("boom")
    assert units(county) == [] and log_rows(county) == []


def test_bulk_insert_writes_the_same_log_shape_as_the_orm(county: Services) -> None:
    with county.database.writer() as s:
        s.add(unit(1))
    with county.database.writer() as s:
        given = uuid7()
        ids = insert_synced(
            s,
            EnforcementUnit,
            [
                {
                    "id": given,
                    "name": "批量单位A",
                    "credit_code": credit(2),
                    "kind": "statutory",
                    "level": "county",
                    "status": "active",
                },
                {
                    "name": "批量单位B",
                    "credit_code": credit(3),
                    "kind": "entrusted",
                    "level": "township",
                    "township_code": "140623101",
                    "status": "active",
                },
            ],
        )
    assert ids[0] == given and len(set(ids)) == 2
    orm_log, *bulk_logs = log_rows(county)
    assert [r.seq for r in bulk_logs] == [2, 3]
    assert [r.record_id for r in bulk_logs] == ids
    for r in bulk_logs:
        assert (r.op, r.version, r.base_version, r.table_name, r.epoch) == (
            "insert",
            1,
            0,
            "enforcement_units",
            orm_log.epoch,
        )
        assert json.loads(r.payload).keys() == json.loads(orm_log.payload).keys()
    stored = {u.id: u for u in units(county)}
    b = stored[ids[1]]
    assert (b.version, b.origin_office, b.deleted_at, b.sector) == (1, "140623", None, "")
    assert json.loads(bulk_logs[1].payload)["township_code"] == "140623101"


def test_bulk_insert_of_nothing_writes_nothing(county: Services) -> None:
    with county.database.writer() as s:
        assert insert_synced(s, EnforcementUnit, []) == []
    assert log_rows(county) == []


def test_credit_code_is_unique_among_live_rows(county: Services) -> None:
    with county.database.writer() as s:
        first = unit(1)
        s.add(first)
    with pytest.raises(IntegrityError), county.database.writer() as s:
        s.add(unit(1))
    assert len(units(county)) == 1 and len(log_rows(county)) == 1

    with county.database.writer() as s:
        s.get(EnforcementUnit, first.id).deleted_at = datetime.now(UTC)
    with county.database.writer() as s:  # a tombstone does not block the code
        s.add(unit(1, name="重新登记的单位"))
    with county.database.reader() as s:
        live = s.scalars(select(EnforcementUnit).where(EnforcementUnit.deleted_at.is_(None)))
        assert [u.name for u in live] == ["重新登记的单位"]
        total = s.execute(select(func.count()).select_from(EnforcementUnit)).scalar_one()
    assert total == 2


def test_bulk_insert_also_respects_the_live_unique_index(county: Services) -> None:
    with county.database.writer() as s:
        s.add(unit(1))
    row = {
        "name": "重复",
        "credit_code": credit(1),
        "kind": "statutory",
        "level": "county",
        "status": "active",
    }
    with pytest.raises(IntegrityError), county.database.writer() as s:
        insert_synced(s, EnforcementUnit, [row])
    assert len(units(county)) == 1 and len(log_rows(county)) == 1
