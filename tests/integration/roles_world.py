"""The world of the role tests (test_roles_refused.py): 右玉县司法局 with the demonstration data
and a township pair from the sync tests (新城镇 enrolled, 威远镇 enrolled and since restored from
a backup), accounts in the county and in 新城镇 (管理员 admin1, 查阅 viewer1, 经办人 clerk1),
and every record a data-changing call needs, made while the administrator was signed in:

- registers: a unit and a person the other registers refer to, and one record of each register;
- an inspection with a problem and an attachment; a lead with a transfer; a plan with two items;
- letters: a draft, and an issued one;
- 案卷评查: a campaign not drawn yet (two files) and a drawn one whose files are assigned to
  two reviewers — one file scored by both, one finalised, the others not scored;
- sync: a conflict at the county; packages from 新城镇 not imported yet (the next one, and one
  after a gap) and a change of 新城镇 not exported yet; a package of 威远镇's new database held
  for confirmation; a county reference package for 新城镇; a key file of a township not
  enrolled (元堡子镇);
- files outside the data folders: a photo, a register workbook, a case-file workbook, a
  standard file, a font, a backup of the county database.

Building it takes several seconds, so it is done once per test process and each test works on
its own copy (``world_copy``); nobody is signed in on a copy."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.conftest import file_state
from tests.integration import sync_support as sync
from tests.integration.excel_support import (
    enterprise_code,
    labels,
    person_number,
    unit_code,
    write_book,
)
from tests.integration.letter_support import proposal
from tests.integration.review_world import PENALTY, file_values
from tests.letter_font_support import build_test_font
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.domain.scoring_file import standard_to_data
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.query import ListQuery

TODAY = date.today()
Y = TODAY.year
PASSWORDS = {"admin1": "pass-word-1", "viewer1": "view-pass-2", "clerk1": "clerk-pass-3"}
MARKET = "右玉县市场监督管理局"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# tables written by signing in (and by the audit of anything that did change): left out when
# proving that a refused call changed nothing
BOOKKEEPING = ("audit_log", "audit_head", "user_accounts")
DB_FILES = ("yuyou.db", "yuyou.db-wal", "yuyou.db-shm")


def register_values(name: str, n: int, unit: str, person: str) -> dict[str, Any]:
    """A valid new record of register ``name``; ``n`` makes its natural key unique."""
    return {
        "units": {"name": f"右玉县角色测试{n}局", "credit_code": unit_code(700 + n),
                  "kind": "法定行政机关", "level": "县级", "status": "正常"},
        "filings": {"unit": unit, "year": Y - n, "body_name": "法制股", "filed_on": TODAY},
        "people": {"name": f"角色测试{n}", "id_number": person_number(700 + n),
                   "role": "执法人员", "unit": unit},
        "certificates": {"person_id_number": person, "kind": "行政执法证", "number": f"晋角{n}",
                         "valid_from": TODAY - timedelta(days=30),
                         "valid_to": TODAY + timedelta(days=700)},
        "trainings": {"person_id_number": person, "year": Y, "course": f"角色测试培训{n}",
                      "law_exam": "否", "result": "通过"},
        "matters": {"unit": unit, "category": "行政检查", "name": f"角色测试检查事项{n}"},
        "contact-points": {"name": f"角色测试联系点{n}", "host_kind": "行业协会",
                           "host_org": "右玉县个体劳动者协会"},
        "enterprises": {"name": f"右玉县角色测试{n}有限公司",
                        "credit_code": enterprise_code(700 + n), "category": "规上工业"},
    }[name]  # fmt: skip


# a field of each register to change in an update
EDITED = {
    "units": ("phone", "0349-7000001"),
    "filings": ("head", "王科长"),
    "people": ("phone", "13900007001"),
    "certificates": ("issuer", "山西省人民政府"),
    "trainings": ("score", 90),
    "matters": ("legal_basis", "《山西省行政执法条例》"),
    "contact-points": ("liaison", "赵六"),
    "enterprises": ("address", "右玉县工业园区"),
}


def inspection_values(unit: str, day: date) -> dict[str, Any]:
    return {
        "kind": "常态化监督",
        "focus_area": "食品药品",
        "unit": unit,
        "started_at": datetime(day.year, day.month, day.day, 9, 0),
        "ended_at": datetime(day.year, day.month, day.day, 11, 0),
        "place": "县市场监督管理局执法大队",
        "recorder": "曾桂兰",
        "findings": "抽查行政处罚案卷5卷。",
        "conclusion": "基本规范。",
    }


def lead_values() -> dict[str, Any]:
    return {
        "source": "12345热线",
        "received_on": TODAY - timedelta(days=10),
        "content": "群众反映某超市销售过期食品，执法人员接诉后未到场核查。",
        "unit": MARKET,
        "handler": "王某某",
        "deadline": TODAY + timedelta(days=20),
    }


def plan_item(n: int) -> dict[str, Any]:
    return {
        "content": f"开展涉企行政执法专项监督检查（{n}）",
        "planned_start": f"{Y}-01-01",
        "planned_end": f"{Y}-12-31",
        "responsible": "执法监督股",
        "unit_ids": (),
    }


def case_file(unit: str, n: int) -> dict[str, Any]:
    return file_values(unit, n, decided_on=TODAY - timedelta(days=5))


def person_id(services: Services, name: str) -> str:
    rows = services.registry.list("people", ListQuery(search=name)).rows
    [found] = [row.id for row in rows if row.values["name"] == name]
    return found


def unit_id(services: Services, name: str) -> str:
    [found] = [uid for uid, unit_name in services.registry.unit_choices() if unit_name == name]
    return found


# ---------------------------------------------------------------- building it once


def _accounts(services: Services) -> None:
    services.accounts.add_user("admin1", "管理员甲", Role.ADMIN, PASSWORDS["admin1"])
    services.accounts.login("admin1", PASSWORDS["admin1"])
    services.accounts.add_user("viewer1", "查阅乙", Role.VIEWER, PASSWORDS["viewer1"])
    services.accounts.add_user("clerk1", "经办人丙", Role.CLERK, PASSWORDS["clerk1"])


def _registers(c: Services, ids: dict[str, Any]) -> None:
    ids["unit"] = c.registry.save("units", None, register_values("units", 0, "", "")).id
    unit = register_values("units", 0, "", "")["name"]
    person = c.registry.save("people", None, register_values("people", 0, unit, ""))
    ids["person"], ids["unit_name"] = person.id, unit
    ids["person_number"] = person.values["id_number"]
    for name in EDITED:
        values = register_values(name, 1, unit, ids["person_number"])
        ids[f"record:{name}"] = c.registry.save(name, None, values).id


def _inspections(c: Services, ids: dict[str, Any], files: Path) -> None:
    team = [(person_id(c, "曾桂兰"), False), (person_id(c, "邓红梅"), False)]
    problem = {"category": "程序", "description": "未告知", "deadline": TODAY + timedelta(days=30)}
    ids["team"] = team
    saved = c.inspections.save(None, inspection_values(MARKET, TODAY), team, [problem])
    ids["inspection"], ids["problem"] = saved.record.id, saved.record.problems[0].id
    ids["attachment"] = c.inspections.add_attachment(saved.record.id, files / "photo.png").id
    lead = c.leads.save(None, lead_values())
    moved = c.leads.add_transfer(lead.id, "公安机关", "右玉县公安局", TODAY - timedelta(days=5))
    ids["lead"], ids["transfer"] = lead.id, moved.transfers[0].id


def _letters_and_plans(c: Services, ids: dict[str, Any]) -> None:
    ids["draft"] = c.letters.create(proposal(title="角色测试建议书草稿"))
    issued = c.letters.create(proposal(title="角色测试建议书"))
    ids["issued"] = c.letters.issue(issued, c.letters.get(issued).version).id
    plan = c.plans.create(Y)
    ids["plan"] = plan.id
    ids["items"] = [c.plans.add_item(plan.id, plan_item(n)).id for n in (1, 2)]


def _reviews(c: Services, ids: dict[str, Any], files: Path) -> None:
    names = ("右玉县市场监督管理局", "右玉县交通运输局")
    units = [unit_id(c, name) for name in names]
    ids["review_units"] = units
    open_campaign = c.campaigns.create("角色测试评查（未抽取）", Y, units, 2)
    ids["campaign_open"] = open_campaign.id
    ids["file_open"] = c.campaigns.add_file(open_campaign.id, case_file(names[0], 1)).id
    c.campaigns.add_file(open_campaign.id, case_file(names[1], 1))
    drawn = c.campaigns.create("角色测试评查（已抽取）", Y, units, 2)
    ids["campaign_drawn"] = drawn.id
    for name in names:
        for n in (1, 2):
            c.campaigns.add_file(drawn.id, case_file(name, n))
    c.campaigns.draw_sample(drawn.id, "seed-roles")
    reviewers = [
        r.id
        for r in c.reviewers.candidates(drawn.id)
        if r.role == "监督人员" and r.unit_id not in units
    ][:3]
    ids["reviewers"] = reviewers
    c.reviewers.auto_assign(drawn.id, reviewers[:2])
    scored, finalised, *untouched = c.campaigns.files(drawn.id, sampled_only=True)
    for row in (scored, finalised):
        for sheet in c.campaigns.file(row.id).reviewers:
            version = c.scoring.sheet(sheet.sheet_id).version
            c.scoring.save_sheet(sheet.sheet_id, {}, {}, version)
    c.scoring.finalise(finalised.id, "张三")
    ids["file_scored"], ids["file_final"] = scored.id, finalised.id
    ids["file_new"] = untouched[0].id
    ids["sheet_new"] = c.campaigns.file(untouched[0].id).reviewers[0].sheet_id
    # a standard file and a case-file workbook to import
    standard = c.standards.current(PENALTY).standard
    ids["standard"] = replace(standard, name=standard.name + "（修订）")
    data = standard_to_data(ids["standard"])
    (files / "standard.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    header = ["执法单位", "案号", "案件类型", "案件名称", "当事人", "决定日期", "承办人员"]
    row = case_file(names[1], 7)
    write_book(
        files / "case-files.xlsx",
        header,
        [[row["unit"], row["case_number"], PENALTY, row["title"], "某公司", row["decided_on"],
          "张三、李四"]],
    )  # fmt: skip


def _sync(o: sync.Offices, ids: dict[str, Any], stick: Path) -> None:
    """A conflict at the county, 新城镇's packages T2 and T3 not imported, 威远镇's package of a
    restored database held, and a county reference package for 新城镇."""
    county, town, town2 = o.county, o.town, o.town2
    unit = unit_id(county, MARKET)
    down = sync.export(county, stick, "R1.yypkg")
    assert town.sync_import.import_file(down).status == "applied"
    sync.edit_unit(town, unit, phone="0349-5021111")
    sync.edit_unit(county, unit, address="右玉县新城镇玉林大街1号")
    up = sync.export(town, stick, "T1.yypkg")
    assert county.sync_import.import_file(up).status == "applied"
    [conflict] = county.sync_status.conflicts()
    ids["conflict"] = conflict.id
    sync.add_person(town, "新城甲", 801)
    ids["next_package"] = sync.export(town, stick, "T2.yypkg").name
    sync.add_person(town, "新城乙", 802)
    ids["gap_package"] = sync.export(town, stick, "T3.yypkg").name
    sync.add_person(town, "新城丙", 803)  # not exported yet
    sync.add_person(town2, "威远甲", 811)
    assert county.sync_import.import_file(sync.export(town2, stick, "Q1.yypkg")).ok
    town2.maintenance.backup(stick / "town2-backup.db")
    town2.maintenance.restore(stick / "town2-backup.db")
    sync.add_person(town2, "威远乙", 812)
    held = county.sync_import.import_file(sync.export(town2, stick, "Q2.yypkg"))
    assert held.status == "pending", held
    ids["epoch_package"] = "Q2.yypkg"
    ids["reference_package"] = sync.export(county, stick, "R2.yypkg").name


_TEMPLATE: dict[str, Any] = {}


def _build() -> tuple[Path, dict[str, Any]]:
    if "root" in _TEMPLATE:
        return _TEMPLATE["root"], _TEMPLATE["ids"]
    root = Path(tempfile.mkdtemp(prefix="yuyou-roles-"))
    atexit.register(shutil.rmtree, root, True)
    files = root / "files"
    files.mkdir()
    (files / "photo.png").write_bytes(PNG)
    (files / "photo2.png").write_bytes(PNG + b"another photo")  # not in the store yet
    shutil.copyfile(sync.template() / "stranger.key", files / "stranger.key")
    build_test_font(files / "font.ttf")
    ids: dict[str, Any] = {}
    with _offices(root) as o:
        o.county.demo.load()
        _sync(o, ids, files)
        for office in (o.county, o.town):
            _accounts(office)
        c = o.county
        _registers(c, ids)
        write_book(
            files / "contact-points.xlsx",
            labels("contact-points"),
            [list(register_values("contact-points", 5, "", "").values())],
        )
        _inspections(c, ids, files)
        _letters_and_plans(c, ids)
        _reviews(c, ids, files)
        c.maintenance.backup(files / "county-backup.db")
        for office in (o.county, o.town):
            office.accounts.logout()
    _TEMPLATE.update(root=root, ids=ids)
    return root, ids


@contextmanager
def _offices(root: Path) -> Iterator[sync.Offices]:
    """新城镇 and 威远镇 from the sync tests' template (keys exchanged with the county)."""
    for name in ("county", "town", "town2"):
        shutil.copytree(sync.template() / name, root / "offices" / name)
    found = sync.Offices(root / "offices")
    try:
        yield found
    finally:
        found.close()


# ---------------------------------------------------------------- one test's copy


@dataclass
class World:
    root: Path
    ids: dict[str, Any]
    county: Services
    town: Services

    @property
    def files(self) -> Path:
        return self.root / "files"

    def office(self, name: str) -> Services:
        return {"county": self.county, "town": self.town}[name]

    def sign_in(self, name: str, office: str = "county") -> None:
        self.office(office).accounts.login(name, PASSWORDS[name])

    def state(self, left_out: tuple[str, ...] = BOOKKEEPING) -> dict[str, Any]:
        """Every row of every table of both offices but ``left_out`` (the sign-in bookkeeping),
        and every file under the world's folder (data folders, packages, outputs) but the
        databases."""
        found: dict[str, Any] = {
            name: _rows(self.office(name), left_out) for name in ("county", "town")
        }
        found["files"] = {
            path: data
            for path, data in file_state(self.root).items()
            if Path(path).name not in DB_FILES
        }
        return found


def _rows(services: Services, left_out: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    with services.database.reader() as session:
        tables = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        return {
            table: sorted(
                (tuple(row) for row in session.execute(text(f'SELECT * FROM "{table}"'))),
                key=repr,
            )
            for table in list(tables)
            if table not in left_out
        }


@contextmanager
def world_copy(tmp_path: Path) -> Iterator[World]:
    source, ids = _build()
    root = tmp_path / "world"
    shutil.copytree(source, root)
    built = {
        name: build_services(DataPaths(root / "offices" / name)) for name in ("county", "town")
    }
    try:
        yield World(root, dict(ids), built["county"], built["town"])
    finally:
        for services in built.values():
            services.database.close()
