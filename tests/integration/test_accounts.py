"""Accounts: the first administrator, signing in, the lock after five wrong passwords, the
administrator's reset, disabling, roles — and that passwords are stored only as scrypt hashes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest

from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.errors import FieldError, InputRejected, NotSignedIn, PermissionDenied
from yuyou_desktop.services.accounts import AccountService, LoginRefused, password_matches

ADMIN_PW = "pass-word-1"
CLERK_PW = "clerk-pass-2"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def office(county):
    county.accounts.add_user("admin1", "管理员甲", Role.ADMIN, ADMIN_PW)
    county.accounts.login("admin1", ADMIN_PW)
    county.accounts.add_user("clerk1", "经办人乙", Role.CLERK, CLERK_PW)
    county.accounts.logout()
    return county


def raw(county, sql: str, *args):
    with closing(sqlite3.connect(county.database.path)) as conn:
        return conn.execute(sql, args).fetchall()


def test_the_first_account_must_be_an_administrator_and_later_ones_need_one(county):
    with pytest.raises(InputRejected, match="第一个账号必须是管理员"):
        county.accounts.add_user("clerk1", "乙", Role.CLERK, CLERK_PW)
    assert county.accounts.list_users() == []
    county.accounts.add_user("admin1", "管理员甲", Role.ADMIN, ADMIN_PW)
    with pytest.raises(NotSignedIn):
        county.accounts.add_user("clerk1", "乙", Role.CLERK, CLERK_PW)
    county.accounts.login("admin1", ADMIN_PW)
    county.accounts.add_user("clerk1", "乙", Role.CLERK, CLERK_PW)
    assert [(u.name, u.role) for u in county.accounts.list_users()] == [
        ("admin1", Role.ADMIN),
        ("clerk1", Role.CLERK),
    ]


def test_create_first_admin_signs_in_and_cannot_be_repeated(county):
    info = county.accounts.create_first_admin("admin1", "张所长", ADMIN_PW)
    assert info.role is Role.ADMIN
    assert county.accounts.current is not None and county.accounts.current.name == "admin1"
    with pytest.raises(InputRejected, match="已经有账号"):
        county.accounts.create_first_admin("admin2", "李", ADMIN_PW)


def test_passwords_are_stored_only_as_salted_scrypt_hashes(office):
    stored = dict(raw(office, "SELECT name, password_hash FROM user_accounts"))
    for name, password in (("admin1", ADMIN_PW), ("clerk1", CLERK_PW)):
        assert password not in stored[name]
        assert stored[name].startswith("scrypt$")
        assert password_matches(password, stored[name])
        assert not password_matches(password + "x", stored[name])
    salts = {h.split("$")[4] for h in stored.values()}
    assert len(salts) == 2
    audit_text = " ".join(str(r) for r in raw(office, "SELECT summary, changes FROM audit_log"))
    assert ADMIN_PW not in audit_text and "scrypt$" not in audit_text


@pytest.mark.parametrize(
    ("name", "password", "words"),
    [
        ("", CLERK_PW, "账号名"),
        ("a b", CLERK_PW, "账号名"),
        ("x", CLERK_PW, "账号名"),
        ("clerk2", "short", "至少需要"),
        ("clerk2", "clerk2", "至少需要"),
        ("clerk2xx", "clerk2xx", "不能与账号名相同"),
        ("clerk2", "aaaaaaaaab", "过于简单"),
        ("clerk1", CLERK_PW, "已被使用"),
    ],
)
def test_bad_names_and_passwords_are_refused_and_nothing_is_added(office, name, password, words):
    office.accounts.login("admin1", ADMIN_PW)
    before = office.accounts.list_users()
    with pytest.raises(FieldError, match=words):
        office.accounts.add_user(name, "", Role.CLERK, password)
    assert office.accounts.list_users() == before


def test_signing_in_names_the_account_and_wrong_passwords_count_down(office):
    actor = office.accounts.login("clerk1", CLERK_PW)
    assert (actor.name, actor.display_name, actor.role) == ("clerk1", "经办人乙", Role.CLERK)
    office.accounts.logout()
    assert office.accounts.current is None
    with pytest.raises(LoginRefused, match="再错 4 次"):
        office.accounts.login("clerk1", "wrong-password")
    with pytest.raises(LoginRefused, match="账号或密码不正确"):
        office.accounts.login("nobody", "wrong-password")
    assert office.accounts.current is None


def test_five_wrong_passwords_lock_the_account_until_the_time_passes(office):
    clock = Clock()
    accounts = AccountService(office.database, clock)
    for _ in range(4):
        with pytest.raises(LoginRefused, match="账号或密码不正确"):
            accounts.login("clerk1", "wrong-password")
    with pytest.raises(LoginRefused, match="已锁定 15 分钟"):
        accounts.login("clerk1", "wrong-password")
    # the right password does not open a locked account
    clock.now += timedelta(minutes=14)
    with pytest.raises(LoginRefused, match="已被锁定"):
        accounts.login("clerk1", CLERK_PW)
    assert accounts.current is None
    clock.now += timedelta(minutes=2)
    assert accounts.login("clerk1", CLERK_PW).name == "clerk1"
    failed = raw(office, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'")
    assert failed == [(6,)]


def test_a_correct_password_resets_the_count(office):
    for _ in range(4):
        with pytest.raises(LoginRefused):
            office.accounts.login("clerk1", "wrong-password")
    office.accounts.login("clerk1", CLERK_PW)
    office.accounts.logout()
    with pytest.raises(LoginRefused, match="再错 4 次"):
        office.accounts.login("clerk1", "wrong-password")


def test_the_administrator_resets_a_password_which_unlocks_and_must_be_changed(office):
    for _ in range(5):
        with pytest.raises(LoginRefused):
            office.accounts.login("clerk1", "wrong-password")
    office.accounts.login("admin1", ADMIN_PW)
    info = office.accounts.set_password("clerk1", "new-pass-3")
    assert info.must_change_password and info.status == "正常"
    office.accounts.logout()
    actor = office.accounts.login("clerk1", "new-pass-3")
    assert actor.name == "clerk1"
    with pytest.raises(FieldError, match="原密码"):
        office.accounts.change_own_password("not-it-at-all", "newer-pass-4")
    with pytest.raises(FieldError, match="不能与原密码相同"):
        office.accounts.change_own_password("new-pass-3", "new-pass-3")
    office.accounts.change_own_password("new-pass-3", "newer-pass-4")
    clerk = next(u for u in office.accounts.list_users() if u.name == "clerk1")
    assert not clerk.must_change_password
    office.accounts.logout()
    with pytest.raises(LoginRefused):
        office.accounts.login("clerk1", "new-pass-3")
    office.accounts.login("clerk1", "newer-pass-4")


def test_a_clerk_cannot_manage_accounts(office):
    office.accounts.login("clerk1", CLERK_PW)
    for call in (
        lambda: office.accounts.add_user("clerk2", "", Role.CLERK, "clerk-pass-9"),
        lambda: office.accounts.set_password("admin1", "taken-over-1"),
        lambda: office.accounts.set_active("admin1", False),
        lambda: office.accounts.set_role("clerk1", Role.ADMIN),
    ):
        with pytest.raises(PermissionDenied, match="只有管理员"):
            call()
    users = {u.name: u for u in office.accounts.list_users()}
    assert users["clerk1"].role is Role.CLERK and users["admin1"].active
    office.accounts.logout()
    office.accounts.login("admin1", ADMIN_PW)


def test_a_disabled_account_cannot_sign_in_and_the_last_admin_stays(office):
    office.accounts.login("admin1", ADMIN_PW)
    with pytest.raises(InputRejected, match="不能停用自己"):
        office.accounts.set_active("admin1", False)
    with pytest.raises(InputRejected, match="至少要保留一个"):
        office.accounts.set_role("admin1", Role.CLERK)
    office.accounts.set_active("clerk1", False)
    office.accounts.logout()
    with pytest.raises(LoginRefused, match="已停用"):
        office.accounts.login("clerk1", CLERK_PW)
    office.accounts.login("admin1", ADMIN_PW)
    office.accounts.set_active("clerk1", True)
    office.accounts.logout()
    assert office.accounts.login("clerk1", CLERK_PW).role is Role.CLERK


def test_roles_change_what_the_signed_in_account_may_do(office):
    office.accounts.login("admin1", ADMIN_PW)
    office.accounts.set_role("clerk1", Role.VIEWER)
    office.accounts.logout()
    office.accounts.login("clerk1", CLERK_PW)
    with pytest.raises(PermissionDenied, match="只能查看和打印"):
        office.settings.set("registry.certificate_expiring_days", 30)
    assert office.settings.get("registry.certificate_expiring_days") == 60


def test_restoring_is_for_the_administrator_noted_in_the_log_and_signs_out(office, tmp_path):
    office.accounts.login("admin1", ADMIN_PW)
    archive = office.backups.backup(tmp_path / "b.zip").path
    office.accounts.logout()
    office.accounts.login("clerk1", CLERK_PW)
    with pytest.raises(PermissionDenied, match="只有管理员"):
        office.maintenance.restore(archive)
    office.accounts.logout()
    office.accounts.login("admin1", ADMIN_PW)
    result = office.maintenance.restore(archive)
    assert result.restored_from == archive.resolve()
    assert office.accounts.current is None  # the restored database's accounts sign in afresh
    noted = raw(office, "SELECT user_name, summary FROM audit_log WHERE action = 'restore'")
    assert noted == [("admin1", noted[0][1])] and "b.zip" in noted[0][1]
    assert office.audit.verify().ok


def test_rotation_never_deletes_the_archive_just_taken_even_with_the_clock_set_back(
    office, monkeypatch
):
    from yuyou_desktop.domain.backups import DAILY

    office.accounts.login("admin1", ADMIN_PW)
    first = office.backups.automatic(DAILY)
    assert first is not None
    # the laptop's clock falls back a year (a flat clock battery): the new archive is the
    # oldest by its name, and must still be kept
    real = office.backups._clock
    monkeypatch.setattr(office.backups, "_clock", lambda: real() - timedelta(days=400))
    second = office.backups.automatic(DAILY)
    assert second is not None and second.path.exists()


def test_a_viewer_may_not_back_up_and_only_an_administrator_copies_elsewhere(office, tmp_path):
    office.accounts.login("admin1", ADMIN_PW)
    office.accounts.add_user("viewer1", "查阅丙", Role.VIEWER, "viewer-pass-9")
    office.accounts.logout()
    office.accounts.login("viewer1", "viewer-pass-9")
    with pytest.raises(PermissionDenied):
        office.backups.backup()
    office.accounts.logout()
    office.accounts.login("clerk1", CLERK_PW)
    assert office.backups.backup().path.exists()
    with pytest.raises(PermissionDenied, match="只有管理员"):
        office.backups.backup(tmp_path / "stick.zip")
    assert not (tmp_path / "stick.zip").exists()
