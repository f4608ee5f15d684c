"""The table of the role tests: one concrete call per data-changing service method (and per
variant: create and update, each register, each kind of package), with arguments that are valid
in the world of ``roles_world`` — test_roles_refused.py proves it by making every call succeed
for a role allowed to make it, on a fresh copy of that world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tests.integration.letter_support import proposal
from tests.integration.roles_world import (
    EDITED,
    MARKET,
    TODAY,
    World,
    Y,
    case_file,
    inspection_values,
    lead_values,
    plan_item,
    register_values,
)
from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.services.audit import AuditFilter

TOWN2 = "140623102"  # 威远镇司法所, enrolled at the county
STRANGER = ("140623103", "元堡子镇司法所")  # its key file is in the world, not enrolled


@dataclass(frozen=True)
class Call:
    """``run(world, method)`` calls ``method`` — ``office``'s ``service``.``method`` — once."""

    service: str
    method: str
    run: Callable[[World, Callable[..., Any]], Any]
    label: str = ""
    admin: bool = False  # administrators only
    office: str = "county"
    changes: bool = True  # allowed, the call changes something a user would see

    def __str__(self) -> str:
        where = "" if self.office == "county" else f"{self.office}:"
        return f"{where}{self.service}.{self.method}" + (f"-{self.label}" if self.label else "")

    def __call__(self, world: World) -> Any:
        services = world.office(self.office)
        return self.run(world, getattr(getattr(services, self.service), self.method))


def _version(world: World, service: str, record_id: str) -> int:
    return getattr(world.county, service).get(record_id).version


# ---------------------------------------------------------------- registers


def _registers() -> list[Call]:
    calls = []
    for name, (field, value) in EDITED.items():

        def create(w: World, m: Any, name: str = name) -> Any:
            return m(
                name, None, register_values(name, 2, w.ids["unit_name"], w.ids["person_number"])
            )

        def update(w: World, m: Any, name: str = name, field: str = field, value: Any = value):
            row = w.county.registry.get(name, w.ids[f"record:{name}"])
            return m(name, row.id, {**row.values, field: value}, row.version)

        def delete(w: World, m: Any, name: str = name) -> Any:
            return m(name, w.ids[f"record:{name}"])

        calls += [
            Call("registry", "save", create, f"{name}-create"),
            Call("registry", "save", update, f"{name}-update"),
            Call("registry", "delete", delete, name),
        ]
    return calls


REGISTERS = [
    *_registers(),
    Call("attention", "revoke_certificates", lambda w, m: m(w.ids["person"], "调离本单位")),
    Call(
        "transfer",
        "import_file",
        lambda w, m: m("contact-points", w.files / "contact-points.xlsx"),
    ),
]

# ---------------------------------------------------------------- inspections and leads


def _save_inspection(w: World, m: Any, existing: bool) -> Any:
    values = inspection_values(MARKET, TODAY)
    problem = {"category": "程序", "description": "未告知", "deadline": TODAY + timedelta(days=30)}
    if not existing:
        return m(None, values, w.ids["team"], [problem])
    inspection = w.ids["inspection"]
    values["findings"] = "抽查行政处罚案卷6卷。"
    version = _version(w, "inspections", inspection)
    return m(inspection, values, w.ids["team"], [problem], version)


INSPECTIONS = [
    Call("inspections", "save", lambda w, m: _save_inspection(w, m, False), "create"),
    Call("inspections", "save", lambda w, m: _save_inspection(w, m, True), "update"),
    Call("inspections", "delete", lambda w, m: m(w.ids["inspection"])),
    Call("inspections", "update_problem", lambda w, m: m(w.ids["problem"], "整改中")),
    Call(
        "inspections", "add_attachment", lambda w, m: m(w.ids["inspection"], w.files / "photo2.png")
    ),
    Call("inspections", "remove_attachment", lambda w, m: m(w.ids["attachment"])),
    Call("leads", "save", lambda w, m: m(None, lead_values()), "create"),
    Call(
        "leads",
        "save",
        lambda w, m: m(w.ids["lead"], {"handler": "李某某"}, _version(w, "leads", w.ids["lead"])),
        "update",
    ),
    Call("leads", "delete", lambda w, m: m(w.ids["lead"])),
    Call(
        "leads",
        "add_transfer",
        lambda w, m: m(w.ids["lead"], "检察机关", "右玉县人民检察院", TODAY - timedelta(days=3)),
    ),
    Call("leads", "update_transfer", lambda w, m: m(w.ids["transfer"], "已接收")),
    Call("leads", "link_inspection", lambda w, m: m(w.ids["lead"], w.ids["inspection"])),
]

# ---------------------------------------------------------------- plans and letters


def _item(w: World) -> str:
    return w.ids["items"][0]


PLANS = [
    Call("plans", "create", lambda w, m: m(Y + 1)),
    Call(
        "plans",
        "update",
        lambda w, m: m(w.ids["plan"], {"remark": "角色测试"}, _version(w, "plans", w.ids["plan"])),
    ),
    Call("plans", "delete", lambda w, m: m(w.ids["plan"])),
    Call("plans", "add_item", lambda w, m: m(w.ids["plan"], plan_item(3))),
    Call("plans", "update_item", lambda w, m: m(_item(w), {"responsible": "法制股"})),
    Call("plans", "set_status", lambda w, m: m(_item(w), "进行中")),
    Call("plans", "complete", lambda w, m: m(_item(w), TODAY)),
    Call("plans", "delete_item", lambda w, m: m(_item(w))),
    Call("plans", "move_item", lambda w, m: m(_item(w), 1)),
]


def _letter(w: World, m: Any, key: str, *args: Any) -> Any:
    letter = w.ids[key]
    return m(letter, _version(w, "letters", letter), *args)


LETTERS = [
    Call("letters", "create", lambda w, m: m(proposal(title="角色测试新建议书"))),
    Call("letters", "update", lambda w, m: _letter(w, m, "draft", proposal(title="改过的草稿"))),
    Call("letters", "delete_draft", lambda w, m: _letter(w, m, "draft")),
    Call("letters", "issue", lambda w, m: _letter(w, m, "draft")),
    Call("letters", "serve", lambda w, m: _letter(w, m, "issued", TODAY, "直接送达", "张三")),
    Call("letters", "reply", lambda w, m: _letter(w, m, "issued", TODAY, "已按建议整改")),
    Call("letters", "close", lambda w, m: _letter(w, m, "issued", TODAY, "已电话确认整改")),
    Call("letters", "void", lambda w, m: _letter(w, m, "issued", "文字有误")),
    Call("letters", "start_correction", lambda w, m: m(w.ids["issued"])),
]

# ---------------------------------------------------------------- 案卷评查


def _campaign_update(w: World, m: Any) -> Any:
    campaign = w.county.campaigns.get(w.ids["campaign_open"])
    return m(
        campaign.id, "角色测试评查（改名）", w.ids["review_units"], 2, "备注", campaign.version
    )


def _file_update(w: World, m: Any) -> Any:
    row = w.county.campaigns.file(w.ids["file_open"])
    values = {**case_file("右玉县市场监督管理局", 1), "title": "某公司违法案（更正）"}
    return m(row.id, values, row.version)


def _sheet(w: World, m: Any) -> Any:
    sheet = w.ids["sheet_new"]
    return m(sheet, {}, {}, w.county.scoring.sheet(sheet).version)


REVIEWS = [
    Call("campaigns", "create", lambda w, m: m("角色测试评查（新）", Y, w.ids["review_units"], 1)),
    Call("campaigns", "update", _campaign_update),
    Call("campaigns", "delete", lambda w, m: m(w.ids["campaign_open"])),
    Call("campaigns", "add_file", lambda w, m: m(w.ids["campaign_open"], case_file(MARKET, 3))),
    Call("campaigns", "update_file", _file_update),
    Call("campaigns", "delete_file", lambda w, m: m(w.ids["file_open"])),
    Call("campaigns", "draw_sample", lambda w, m: m(w.ids["campaign_open"], "seed-x")),
    Call(
        "case_file_import",
        "import_file",
        lambda w, m: m(w.ids["campaign_open"], w.files / "case-files.xlsx"),
    ),
    Call("reviewers", "assign", lambda w, m: m(w.ids["file_new"], w.ids["reviewers"][::2])),
    Call(
        "reviewers", "auto_assign", lambda w, m: m(w.ids["campaign_drawn"], w.ids["reviewers"], 3)
    ),
    Call("scoring", "save_sheet", _sheet),
    Call("scoring", "finalise", lambda w, m: m(w.ids["file_scored"], "张三")),
    Call("scoring", "reopen", lambda w, m: m(w.ids["file_final"], "张三", "复核发现计分有误")),
    Call("standards", "save_new_version", lambda w, m: m(w.ids["standard"])),
    Call("standards", "import_file", lambda w, m: m(w.files / "standard.json")),
]

# ---------------------------------------------------------------- sync


def _package(w: World, key: str) -> Any:
    return w.files / w.ids[key]


SYNC = [
    Call("sync_export", "export", lambda w, m: m(w.files / "out.yypkg")),
    Call("sync_export", "export", lambda w, m: m(w.files / "town-out.yypkg"), office="town"),
    Call("sync_import", "import_file", lambda w, m: m(_package(w, "next_package")), "next"),
    Call("sync_import", "import_file", lambda w, m: m(_package(w, "gap_package")), "after-gap"),
    Call(
        "sync_import",
        "import_file",
        lambda w, m: m(_package(w, "epoch_package"), accept_new_epoch=True),
        "new-epoch",
    ),
    Call(
        "sync_import",
        "import_file",
        lambda w, m: m(_package(w, "reference_package")),
        "reference",
        office="town",
    ),
    Call("sync_import", "import_files", lambda w, m: m([_package(w, "next_package")])),
    Call("sync_import", "confirm_epoch", lambda w, m: m(TOWN2)),
    Call("sync_status", "resolve", lambda w, m: m(w.ids["conflict"], "kept"), "kept"),
    Call("sync_status", "resolve", lambda w, m: m(w.ids["conflict"], "other"), "other"),
    Call("demo", "load", lambda w, m: m(), office="town"),
]

# ---------------------------------------------------------------- administrators only

ADMIN = [
    Call("settings", "set", lambda w, m: m("inspections.yearly_cap", 6), admin=True),
    Call("letter_fonts", "choose", lambda w, m: m(ROLES[0], w.files / "font.ttf"), admin=True),
    Call("letter_fonts", "reset", lambda w, m: m(ROLES[0]), admin=True),
    Call("sync_keys", "renew", lambda w, m: m(), admin=True),
    Call(
        "sync_keys",
        "trust",
        lambda w, m: m(*STRANGER, w.files / "stranger.key"),
        admin=True,
    ),
    Call("sync_keys", "revoke", lambda w, m: m(TOWN2), admin=True),
    Call(
        "accounts",
        "add_user",
        lambda w, m: m("clerk2", "经办人丁", Role.CLERK, "clerk-pass-4"),
        admin=True,
    ),
    Call("accounts", "set_password", lambda w, m: m("clerk1", "new-pass-word-5"), admin=True),
    Call("accounts", "set_active", lambda w, m: m("clerk1", False), admin=True),
    Call("accounts", "set_role", lambda w, m: m("clerk1", Role.VIEWER), admin=True),
    Call("maintenance", "restore", lambda w, m: m(w.files / "county-backup.db"), admin=True),
    # a backup in the backup folder is a clerk's daily work; a copy elsewhere carries the keys
    Call("backups", "backup", lambda w, m: m(), label="folder"),
    Call("backups", "backup", lambda w, m: m(w.files / "stick.zip"), label="elsewhere", admin=True),
    # reading the audit log is for administrators too (it names who did what)
    Call("audit", "page", lambda w, m: m(AuditFilter()), admin=True, changes=False),
    Call("audit", "user_names", lambda w, m: m(), admin=True, changes=False),
    Call("audit", "export", lambda w, m: m(AuditFilter(), w.files / "audit.xlsx"), admin=True),
]

CALLS = [*REGISTERS, *INSPECTIONS, *PLANS, *LETTERS, *REVIEWS, *SYNC, *ADMIN]
