"""The audit log: what is recorded (who, when, which record, the fields before → after), and
that editing or deleting any entry is detected and named by the chain check."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from openpyxl import load_workbook

from tests.integration.letter_support import make_world, proposal
from tests.integration.sync_support import add_unit, edit_unit
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.errors import PermissionDenied
from yuyou_desktop.services.audit import AuditFilter
from yuyou_desktop.storage.models_accounts import AuditEntry

ADMIN_PW = "pass-word-1"
CLERK_PW = "clerk-pass-2"
MARKET = "右玉县市场监督管理局"


@pytest.fixture
def office(county):
    county.accounts.add_user("admin1", "管理员甲", Role.ADMIN, ADMIN_PW)
    county.accounts.login("admin1", ADMIN_PW)
    county.accounts.add_user("clerk1", "经办人乙", Role.CLERK, CLERK_PW)
    county.accounts.logout()
    county.accounts.login("clerk1", CLERK_PW)
    return county


def entries(services, **where):
    with closing(sqlite3.connect(services.database.path)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    return [dict(r) for r in rows if all(r[k] == v for k, v in where.items())]


def execute(services, sql: str, *args) -> None:
    services.database.close()
    with closing(sqlite3.connect(services.database.path)) as conn:
        conn.execute(sql, args)
        conn.commit()


def test_create_edit_and_delete_are_recorded_with_the_account_and_the_fields(office):
    unit = add_unit(office, MARKET, 1)
    edit_unit(office, unit, name="右玉县市场监管局")
    version = office.registry.get("units", unit).version
    office.registry.delete("units", unit, version)
    rows = entries(office, table_name="enforcement_units", record_id=unit)
    assert [r["action"] for r in rows] == ["create", "edit", "delete"]
    assert {r["user_name"] for r in rows} == {"clerk1"}
    assert {r["user_role"] for r in rows} == {"经办人"}
    page = office.audit  # read as the administrator
    office.accounts.logout()
    office.accounts.login("admin1", ADMIN_PW)
    shown = page.page(AuditFilter(text=unit)).rows
    edit = next(r for r in shown if r.action == "edit")
    assert [(c.label, c.before, c.after) for c in edit.changes] == [
        ("单位名称", MARKET, "右玉县市场监管局")
    ]
    created = next(r for r in shown if r.action == "create")
    assert ("单位名称", "（空）", MARKET) in [(c.label, c.before, c.after) for c in created.changes]
    deleted = next(r for r in shown if r.action == "delete")
    assert deleted.changes[0].label == "删除状态" and deleted.changes[0].after.startswith("已删除")


def test_issuing_a_letter_is_recorded_as_issue_with_its_number(office, letter_test_fonts):
    world = make_world(office, units=(MARKET,))
    letter_id = world.letters.create(proposal(unit_id=world.units[MARKET]))
    record = world.letters.issue(letter_id, world.letters.get(letter_id).version)
    issued = entries(office, action="issue", table_name="letters", record_id=letter_id)
    assert len(issued) == 1
    assert record.number in issued[0]["changes"]
    assert entries(office, action="issue", table_name="letter_numbers")


def test_an_excel_import_records_each_row_as_import(office, tmp_path):
    from tests.integration.excel_support import labels, unit_code, write_book

    header = labels("units")
    row = {"单位名称": "右玉县林业局", "统一社会信用代码": unit_code(7), "主体类别": "法定行政机关"}
    row.update({"层级": "县级", "状态": "正常"})
    book = write_book(tmp_path / "u.xlsx", header, [[row.get(h, "") for h in header]])
    report = office.transfer.import_file("units", book)
    assert report.added == 1, report.errors
    imported = entries(office, action="import", table_name="enforcement_units")
    assert len(imported) == 1 and "右玉县林业局" in imported[0]["changes"]
    assert imported[0]["user_name"] == "clerk1"


def test_sign_ins_and_failed_sign_ins_are_recorded(office):
    office.accounts.logout()
    with pytest.raises(PermissionDenied):
        office.accounts.login("clerk1", "wrong-password")
    failed = entries(office, action="login_failed")
    assert failed[-1]["user_name"] == "clerk1" and "密码不正确" in failed[-1]["summary"]
    assert entries(office, action="login", user_name="clerk1")
    assert entries(office, action="logout", user_name="clerk1")


def test_the_chain_of_an_untouched_log_checks_out(office):
    add_unit(office, MARKET, 1)
    check = office.audit.verify()
    assert check.ok and check.entries == len(entries(office)) > 5


COLUMNS = [c.name for c in AuditEntry.__table__.columns if c.name != "seq"]


@pytest.mark.parametrize("column", COLUMNS)
def test_editing_any_column_of_an_entry_is_detected_and_named(office, column):
    add_unit(office, MARKET, 1)
    add_unit(office, "右玉县交通运输局", 2)
    target = entries(office)[3]["seq"]
    value = "X" if column != "changes" else '{"name":[null,"伪造"]}'
    execute(office, f"UPDATE audit_log SET {column} = ? WHERE seq = ?", value, target)
    check = office.audit.verify()
    assert not check.ok
    # an edited prev_hash/entry_hash breaks at that entry; the content at that entry too
    assert check.first_broken == target
    report = office.maintenance.check()
    assert not report.ok and report.audit.first_broken == target


def test_deleting_an_entry_in_the_middle_or_at_the_end_is_detected(office):
    add_unit(office, MARKET, 1)
    last = entries(office)[-1]["seq"]
    execute(office, "DELETE FROM audit_log WHERE seq = 4")
    check = office.audit.verify()
    assert check.first_broken == 4 and "缺失" in check.reason
    execute(office, "INSERT INTO audit_log SELECT * FROM audit_log WHERE 0")  # no-op
    execute(office, "DELETE FROM audit_log WHERE seq >= 4")
    check = office.audit.verify()
    assert check.first_broken == 4 and f"第 4 至 {last} 条" in check.reason


def test_renumbering_entries_to_hide_a_deletion_is_detected(office):
    add_unit(office, MARKET, 1)
    execute(office, "DELETE FROM audit_log WHERE seq = 4")
    execute(office, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 4")
    execute(office, "UPDATE audit_head SET seq = seq - 1")
    assert office.audit.verify().first_broken == 4


def test_the_cli_check_names_the_first_broken_entry(office, yuyou):
    add_unit(office, MARKET, 1)
    execute(office, "UPDATE audit_log SET user_name = 'someone' WHERE seq = 5")
    result = yuyou("check")
    assert result.code == 1
    assert "第一处问题在第 5 条" in result.out
    assert yuyou("check", "--json").out.count('"first_broken": 5') == 1


def test_only_the_administrator_reads_or_exports_the_log(office, tmp_path):
    with pytest.raises(PermissionDenied):
        office.audit.page(AuditFilter())
    with pytest.raises(PermissionDenied):
        office.audit.export(AuditFilter(), tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


def test_filters_page_in_sql_and_the_export_holds_the_rows_and_is_itself_recorded(office, tmp_path):
    for n in range(1, 6):
        add_unit(office, f"右玉县第{n}局", n)
    office.accounts.logout()
    office.accounts.login("admin1", ADMIN_PW)
    flt = AuditFilter(user="clerk1", action="create")
    first = office.audit.page(flt, offset=0, limit=2)
    second = office.audit.page(flt, offset=2, limit=2)
    assert first.total == 5 and len(first.rows) == 2
    assert [r.seq for r in first.rows] > [r.seq for r in second.rows]  # newest first
    assert {r.user_name for r in first.rows + second.rows} == {"clerk1"}
    assert office.audit.page(AuditFilter(text="第3局")).total == 1
    dest = tmp_path / "审计.xlsx"
    assert office.audit.export(flt, dest) == 5
    sheet = load_workbook(dest).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "序号" and len(values) == 2 + 5 + 2
    assert all(row[2] == "clerk1" and row[4] == "新增" for row in values[2:7])
    assert "审计链校验通过" in values[-1][0]
    exported = entries(office, action="export")
    assert exported[-1]["user_name"] == "admin1" and "审计.xlsx" in exported[-1]["summary"]


def test_exports_to_excel_are_recorded(office, tmp_path):
    add_unit(office, MARKET, 1)
    assert office.transfer.export("units", tmp_path / "单位.xlsx") == 1
    exported = entries(office, action="export")
    assert exported[-1]["user_name"] == "clerk1"
    assert "单位.xlsx" in exported[-1]["summary"] and " 1 条" in exported[-1]["summary"]


def test_a_package_export_and_its_import_are_recorded_once_each(tmp_path):
    from tests.integration.sync_support import export, offices

    with offices(tmp_path) as world:
        add_unit(world.town, "右卫镇综合行政执法队", 3)
        package = export(world.town, tmp_path / "usb", "town.yuyou")
        world.county.sync_import.import_files([package])
        sent = entries(world.town, action="export")
        assert len(sent) == 1 and "town.yuyou" in sent[0]["summary"]
        received = entries(world.county, action="import")
        assert len(received) == 1 and "写入 1 条" in received[0]["summary"]
        # the imported rows themselves are in the change log, not one audit entry each
        assert not entries(world.county, table_name="enforcement_units")
