"""Roles: every service that changes data refuses a 查阅 account, administrators' work refuses a
经办人, and with accounts present nothing changes until someone signs in — each refusal in Chinese,
naming the account, with every table (but the sign-in bookkeeping) and every file as before.

The calls are the table of ``roles_calls`` on the world of ``roles_world`` (a county with the
demonstration data and the records each call needs, townships with packages waiting).  Each call
also succeeds on a fresh copy for a role allowed to make it, so its arguments are valid and only
the role refuses it.  A last test reads the services' source and keeps the table complete."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from tests.integration.roles_calls import CALLS, Call
from tests.integration.roles_world import World, register_values, world_copy
from yuyou_desktop.errors import NotSignedIn, PermissionDenied
from yuyou_desktop.services import Services

CHINESE = re.compile(r"[\u4e00-\u9fff]")
AUDIT = ("audit_log", "audit_head")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


def refused(world: World, call: Call, error: type[PermissionDenied]) -> PermissionDenied:
    before = world.state()
    with pytest.raises(error) as caught:
        call(world)
    assert CHINESE.search(caught.value.message), caught.value.message
    assert_unchanged(before, world.state())
    return caught.value


def assert_unchanged(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Names what changed (tables, files) before comparing everything."""
    changed = sorted(
        f"{part}/{key}"
        for part in before
        for key in before[part].keys() | after[part].keys()
        if before[part].get(key) != after[part].get(key)
    )
    assert changed == []
    assert after == before


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_a_viewer_is_refused_and_nothing_changes(world: World, call: Call) -> None:
    world.sign_in("viewer1", call.office)
    error = refused(world, call, PermissionDenied)
    assert not isinstance(error, NotSignedIn)
    assert "“viewer1”是查阅" in error.message, error.message


ADMIN_ONLY = [call for call in CALLS if call.admin]


@pytest.mark.parametrize("call", ADMIN_ONLY, ids=str)
def test_a_clerk_is_refused_what_only_administrators_may_do(world: World, call: Call) -> None:
    world.sign_in("clerk1", call.office)
    error = refused(world, call, PermissionDenied)
    assert "只有管理员" in error.message and "“clerk1”是经办人" in error.message, error.message


def _not_rejected(result: Any) -> None:
    """A sync import answers with reports instead of raising: none may be a refusal."""
    for report in result if isinstance(result, list) else [result]:
        assert getattr(report, "status", "") != "rejected", report


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_the_same_call_succeeds_for_a_role_allowed_to_make_it(world: World, call: Call) -> None:
    world.sign_in("admin1" if call.admin else "clerk1", call.office)
    before = world.state(left_out=AUDIT)  # accounts' changes count here
    _not_rejected(call(world))
    if call.changes:
        assert world.state(left_out=AUDIT) != before


def test_a_clerk_enters_records_issues_letters_and_exports_packages(world: World) -> None:
    county = world.county
    world.sign_in("clerk1")
    unit = county.registry.save("units", None, register_values("units", 9, "", ""))
    assert county.registry.get("units", unit.id).values["name"] == "右玉县角色测试9局"
    draft = world.ids["draft"]
    issued = county.letters.issue(draft, county.letters.get(draft).version)
    assert issued.number and issued.status_label == "已签发"
    stored = county.inspections.add_attachment(world.ids["inspection"], world.files / "photo2.png")
    assert county.inspections.attachment_file(stored.id).read_bytes().startswith(b"\x89PNG")
    county.sync_export.export(world.files / "by-clerk.yypkg")
    assert (world.files / "by-clerk.yypkg").stat().st_size > 0


SIGNED_OUT = (
    "registry.save-units-create",
    "inspections.add_attachment",
    "letters.issue",
    "plans.create",
    "campaigns.create",
    "scoring.save_sheet",
    "sync_export.export",
    "sync_import.import_file-next",
    "sync_status.resolve-other",
    "town:demo.load",
    "settings.set",
    "sync_keys.renew",
    "accounts.add_user",
    "maintenance.restore",
    "audit.export",
)


@pytest.mark.parametrize("call", [c for c in CALLS if str(c) in SIGNED_OUT], ids=str)
def test_with_accounts_and_nobody_signed_in_nothing_changes(world: World, call: Call) -> None:
    world.sign_in("admin1", call.office)
    world.office(call.office).accounts.logout()
    error = refused(world, call, NotSignedIn)
    assert "登录" in error.message, error.message


def test_the_signed_out_set_names_calls_of_the_table() -> None:
    assert sorted(str(c) for c in CALLS if str(c) in SIGNED_OUT) == sorted(SIGNED_OUT)


def test_a_viewer_cannot_create_a_first_administrator_either(world: World) -> None:
    """Refused for everyone once an account exists; a viewer's refusal comes first."""
    world.sign_in("viewer1")
    before = world.state()
    with pytest.raises(PermissionDenied, match="“viewer1”是查阅账号"):
        world.county.accounts.create_first_admin("admin2", "管理员乙", "pass-word-2")
    assert world.state() == before


# ---------------------------------------------------------------- the table is complete

# Methods that open a write transaction or check access on purpose without changing data a
# role protects; each is explained.
ALLOWED = {
    # signing in records the attempt (failed-attempt counter, lock, last sign-in, audit entry)
    # through writer(system=True): every role, and nobody yet, must be able to sign in
    ("accounts", "login"): "sign-in bookkeeping",
    # every account, a 查阅 one too, may change its own password (writer(system=True))
    ("accounts", "change_own_password"): "one's own password",
    # the first start only; refused ("已经有账号了") for everyone once an account exists —
    # test_a_viewer_cannot_create_a_first_administrator_either
    ("accounts", "create_first_admin"): "first start",
    # creates the database itself: no account can exist before it, and on an initialised
    # folder it is refused (AlreadyInitialised) whoever calls
    ("office", "initialize"): "first start",
    # reading the standards stores the program's default standards on first use (a writer);
    # on this world they are stored, so these only read — see the report: a 查阅 account on a
    # database without stored standards is refused reading them
    ("standards", "current"): "reads; stores the defaults on first use",
    ("standards", "current_all"): "reads through current",
    ("standards", "versions"): "reads through current",
    ("standards", "export"): "writes a file outside the data folder; reads through current",
}

NOT_SERVICES = ("paths", "resources", "database")  # the storage layer holds the rule itself
MARKERS = (".writer(", "require_write(", "require_admin(", "check_admin(")
OWN_CALL = re.compile(r"self\.(\w+)\(")
OTHER_CALL = re.compile(r"self\.(\w+)\.(\w+)\(")


def _sources(cls: type) -> dict[str, str]:
    found = {}
    for name, member in inspect.getmembers(cls):
        func = getattr(member, "__func__", member)
        if inspect.isfunction(func) and func.__module__.startswith("yuyou_desktop."):
            found[name] = inspect.getsource(func)
    return found


def writing_methods(services: Services) -> set[tuple[str, str]]:
    """(service, public method) pairs whose source opens a write transaction or checks
    write/admin access — directly, through a method of the same object, or through such a
    method of another service it holds (letter fonts → settings.set)."""
    objects = {f.name: getattr(services, f.name) for f in fields(services)}
    objects = {k: v for k, v in objects.items() if k not in NOT_SERVICES}
    field_of = {id(obj): name for name, obj in objects.items()}
    sources = {
        (name, method): source
        for name, obj in objects.items()
        for method, source in _sources(type(obj)).items()
    }
    writes = {key for key, source in sources.items() if any(m in source for m in MARKERS)}
    grew = True
    while grew:
        grew = False
        for (name, method), source in sources.items():
            callees = [(name, own) for own in OWN_CALL.findall(source)]
            callees += [
                (field_of.get(id(getattr(objects[name], attr, None))), other)
                for attr, other in OTHER_CALL.findall(source)
            ]
            if (name, method) not in writes and any(c in writes for c in callees):
                writes.add((name, method))
                grew = True
    return {(name, method) for name, method in writes if not method.startswith("_")}


def test_every_data_changing_service_method_is_in_the_table(services: Services) -> None:
    found = writing_methods(services)
    covered = {(call.service, call.method) for call in CALLS}
    assert sorted(found - covered - ALLOWED.keys()) == []
    # nothing in the table or the allow-list that is not such a method (renamed or gone)
    assert sorted((covered | ALLOWED.keys()) - found) == []
    assert not covered & ALLOWED.keys()
