"""``yuyou users …``, ``yuyou audit …`` and ``--user``: passwords from the environment (never
on the command line), data-changing commands refused without a signed-in account once
accounts exist, and refused for a 查阅 account."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.conftest import COUNTY

ADMIN_PW = "pass-word-1"


@pytest.fixture
def office(yuyou, monkeypatch):
    init = ("init", "--role", "county", "--office-code", COUNTY["code"])
    assert yuyou(*init, "--office-name", COUNTY["name"], "--prefix", COUNTY["prefix"]).code == 0
    monkeypatch.setenv("YUYOU_NEW_PASSWORD", ADMIN_PW)
    result = yuyou("users", "add", "admin1", "--role", "管理员", "--display-name", "张所长")
    assert result.code == 0, result.err
    return monkeypatch


def as_user(yuyou, monkeypatch, name, password, *args):
    monkeypatch.setenv("YUYOU_PASSWORD", password)
    return yuyou("--user", name, *args)


def test_the_first_account_is_created_without_signing_in_and_then_listed(office, yuyou):
    listed = json.loads(yuyou("users", "list", "--json").out)
    assert [(u["name"], u["display_name"], u["role"]) for u in listed] == [
        ("admin1", "张所长", "管理员")
    ]


def test_a_second_account_needs_the_administrator(office, yuyou):
    office.setenv("YUYOU_NEW_PASSWORD", "viewer-pass-1")
    refused = yuyou("users", "add", "viewer1", "--role", "查阅")
    assert refused.code == 3 and "--user" in refused.err
    added = as_user(yuyou, office, "admin1", ADMIN_PW, "users", "add", "viewer1", "--role", "查阅")
    assert added.code == 0, added.err
    wrong = as_user(yuyou, office, "admin1", "nope-nope-1", "users", "list")
    assert wrong.code == 3 and "再错 4 次" in wrong.err


def test_data_changing_commands_need_a_signed_in_account_with_the_right_role(office, yuyou):
    office.setenv("YUYOU_NEW_PASSWORD", "viewer-pass-1")
    as_user(yuyou, office, "admin1", ADMIN_PW, "users", "add", "viewer1", "--role", "查阅")
    key = "registry.certificate_expiring_days"
    nobody = yuyou("settings", "set", key, "30")
    assert nobody.code == 3 and "需要先登录" in nobody.err
    viewer = as_user(yuyou, office, "viewer1", "viewer-pass-1", "settings", "set", key, "30")
    assert viewer.code == 3 and "只能查看和打印" in viewer.err
    # reading is allowed without signing in
    assert '"value": 60' in yuyou("settings", "--json").out
    admin = as_user(yuyou, office, "admin1", ADMIN_PW, "settings", "set", key, "30")
    assert admin.code == 0, admin.err


def test_set_password_disable_and_set_role(office, yuyou):
    office.setenv("YUYOU_NEW_PASSWORD", "clerk-pass-1")
    as_user(yuyou, office, "admin1", ADMIN_PW, "users", "add", "clerk1", "--role", "经办人")
    office.setenv("YUYOU_NEW_PASSWORD", "clerk-pass-2")
    reset = as_user(yuyou, office, "admin1", ADMIN_PW, "users", "set-password", "clerk1")
    assert reset.code == 0 and "下次登录时须修改密码" in reset.out
    office.setenv("YUYOU_NEW_PASSWORD", "clerk-pass-3")  # the change the reset asks for
    assert as_user(yuyou, office, "clerk1", "clerk-pass-2", "users", "list").code == 0
    as_user(yuyou, office, "admin1", ADMIN_PW, "users", "disable", "clerk1")
    disabled = as_user(yuyou, office, "clerk1", "clerk-pass-3", "users", "list")
    assert disabled.code == 3 and "已停用" in disabled.err
    bad = as_user(yuyou, office, "admin1", ADMIN_PW, "users", "set-role", "admin1", "--role", "x")
    assert bad.code == 3 and "不是可用的角色" in bad.err


def test_a_password_is_never_read_from_a_non_interactive_stdin(office, yuyou):
    office.delenv("YUYOU_NEW_PASSWORD")
    office.setenv("YUYOU_PASSWORD", ADMIN_PW)
    result = yuyou("--user", "admin1", "users", "add", "clerk1", "--role", "经办人")
    assert result.code == 3 and "YUYOU_NEW_PASSWORD" in result.err


def test_audit_list_and_export(office, yuyou, tmp_path):
    listed = as_user(yuyou, office, "admin1", ADMIN_PW, "audit", "list", "--json")
    entries = json.loads(listed.out)["entries"]
    assert entries[0]["action"] == "login" and entries[0]["user"] == "admin1"
    created = [e for e in entries if e["object"] == "账号" and e["action"] == "account"]
    assert ["账号名", "（空）", "admin1"] in created[0]["changes"]
    assert ["密码", "（空）", "（已更改，不显示）"] in created[0]["changes"]
    dest = tmp_path / "audit.xlsx"
    exported = as_user(yuyou, office, "admin1", ADMIN_PW, "audit", "export", "--out", str(dest))
    assert exported.code == 0, exported.err
    assert load_workbook(dest).worksheets[0].cell(2, 1).value == "序号"
    refused = yuyou("audit", "list")
    assert refused.code == 3 and "管理员" in refused.err


def test_a_password_reset_by_the_administrator_must_be_changed_on_the_command_line(office, yuyou):
    office.setenv("YUYOU_NEW_PASSWORD", "clerk-pass-1")
    as_user(yuyou, office, "admin1", ADMIN_PW, "users", "add", "clerk1", "--role", "经办人")
    office.setenv("YUYOU_NEW_PASSWORD", "reset-pass-2")
    as_user(yuyou, office, "admin1", ADMIN_PW, "users", "set-password", "clerk1")
    office.delenv("YUYOU_NEW_PASSWORD")
    refused = as_user(yuyou, office, "clerk1", "reset-pass-2", "users", "list")
    assert refused.code == 3 and "须先修改密码" in refused.err
    office.setenv("YUYOU_NEW_PASSWORD", "own-pass-3")
    assert as_user(yuyou, office, "clerk1", "reset-pass-2", "users", "list").code == 0
    office.delenv("YUYOU_NEW_PASSWORD")
    assert as_user(yuyou, office, "clerk1", "own-pass-3", "users", "list").code == 0
    assert as_user(yuyou, office, "clerk1", "reset-pass-2", "users", "list").code == 3
