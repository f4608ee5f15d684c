"""Helpers for the Excel tests: valid codes, a small set of registers made through the
services (no demo data beyond what a test adds), workbooks written the way a clerk would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from yuyou_desktop.domain import credit_code, id_number
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.services.registry.specs import NAMES, register

# every register, in an order that imports cleanly (units before what refers to them)
IMPORT_ORDER = (
    "units",
    "filings",
    "people",
    "certificates",
    "trainings",
    "matters",
    "contact-points",
    "enterprises",
)
assert sorted(IMPORT_ORDER) == sorted(NAMES)

MARKET = "右玉县市场监督管理局"
TRANSPORT = "右玉县交通运输局"


def unit_code(n: int, prefix: str = "11140623") -> str:
    first17 = f"{prefix}{n:09d}"
    return first17 + credit_code.check_character(first17)


def enterprise_code(n: int) -> str:
    return unit_code(n, prefix="91140623")


def person_number(n: int, born: str = "19800101") -> str:
    first17 = f"140623{born}{n % 1000:03d}"
    return first17 + id_number.check_character(first17)


def bad_check(code: str) -> str:
    """The same code with a wrong last character."""
    return code[:17] + ("1" if code[17] != "1" else "2")


ZHANG = person_number(1)
LI = person_number(2, born="19751231")
WANG = person_number(3, born="19900615")


def populate(services: Services, today: date | None = None) -> None:
    """A few records in every register, including a revoked certificate whose number was
    issued again, an expiring one, a failed exam and a late filing."""
    today = today or date.today()
    save = services.registry.save
    for n, name, sector in ((1, MARKET, "市场监管"), (2, TRANSPORT, "交通运输")):
        save(
            "units",
            None,
            {
                "name": name,
                "credit_code": unit_code(n),
                "kind": "法定行政机关",
                "sector": sector,
                "level": "县级",
                "township_code": "140623",
                "address": f"右玉县新城镇{n}号",
                "contact_person": "联系人",
                "phone": f"0349-800000{n}",
                "status": "正常",
            },
        )
    save(
        "filings",
        None,
        {
            "unit": MARKET,
            "year": 2025,
            "body_name": "法制股",
            "head": "张科长",
            "staff_count": 3,
            "filed_on": "2025-06-01",
        },
    )
    save(
        "filings",
        None,
        {"unit": TRANSPORT, "year": 2025, "body_name": "执法监督室", "filed_on": date(2026, 1, 15)},
    )
    for number, name, role, unit, legal in (
        (ZHANG, "张三", "执法人员", MARKET, "是"),
        (LI, "李四", "执法人员", TRANSPORT, "否"),
        (WANG, "王五", "特邀行政执法监督员", "", "否"),
    ):
        save(
            "people",
            None,
            {
                "name": name,
                "id_number": number,
                "role": role,
                "unit": unit,
                "organisation": "县人大代表" if not unit else "",
                "phone": "13900000000",
                "legal_qualification": legal,
            },
        )
    cert = {"kind": "行政执法证", "issuer": "山西省人民政府", "valid_from": "2022-01-01"}
    save(
        "certificates",
        None,
        {
            **cert,
            "person_id_number": ZHANG,
            "number": "晋0001",
            "valid_to": today + timedelta(days=700),
        },
    )
    save(
        "certificates",
        None,
        {
            **cert,
            "person_id_number": LI,
            "number": "晋0002",
            "valid_to": today + timedelta(days=20),
        },
    )
    save(
        "certificates",
        None,
        {
            **cert,
            "person_id_number": LI,
            "number": "晋0003",
            "valid_to": today + timedelta(days=300),
            "revoked_on": "2025-03-01",
            "revoke_reason": "未参加年度考试",
        },
    )
    save(
        "certificates",
        None,
        {
            **cert,
            "person_id_number": LI,
            "number": "晋0003",
            "valid_from": "2025-09-01",
            "valid_to": "2030-08-31",
        },
    )
    save(
        "trainings",
        None,
        {
            "person_id_number": ZHANG,
            "year": 2025,
            "course": "年度公共法律知识考试",
            "law_exam": "是",
            "score": 86.5,
            "result": "通过",
        },
    )
    save(
        "trainings",
        None,
        {
            "person_id_number": LI,
            "year": 2025,
            "course": "年度公共法律知识考试",
            "law_exam": "是",
            "score": 41,
            "result": "未通过",
        },
    )
    save(
        "matters",
        None,
        {
            "unit": MARKET,
            "category": "行政处罚",
            "name": "对销售不合格食品的处罚",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        },
    )
    save("matters", None, {"unit": TRANSPORT, "category": "行政检查", "name": "道路运输经营检查"})
    save(
        "contact-points",
        None,
        {
            "name": "县个体劳动者协会联系点",
            "host_kind": "行业协会",
            "host_org": "右玉县个体劳动者协会",
            "liaison": "赵六",
            "phone": "13800000001",
        },
    )
    for n, name, category in (
        (1, "右玉县某某建材有限公司", "规上工业"),
        (2, "右玉县某某建筑工程有限公司", "资质建筑业"),
    ):
        save(
            "enterprises",
            None,
            {
                "name": name,
                "credit_code": enterprise_code(n),
                "category": category,
                "address": "右玉县工业园区",
            },
        )


def all_rows(services: Services, name: str) -> list[dict[str, Any]]:
    """Every live record of a register as its visible values (no ids), in a stable order."""
    page = services.registry.list(name, ListQuery(limit=1000))
    assert page.total == len(page.rows)
    return sorted((row.values for row in page.rows), key=repr)


def counts(services: Services) -> dict[str, int]:
    return {name: services.registry.list(name, ListQuery(limit=0)).total for name in NAMES}


def write_book(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    sheet: str = "Sheet",
    above: Sequence[Sequence[Any]] = (),
) -> Path:
    """A workbook as a clerk might make it: optional rows above the header, then data."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in above:
        ws.append(list(row))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def labels(name: str, editable_only: bool = True) -> list[str]:
    spec = register(name)
    return [f.label for f in (spec.editable_fields if editable_only else spec.fields)]
