"""InspectionService on a real database: numbers, the list, deleting, attachments, the most
inspected enterprises, and the wiring into the Services container."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import file_state
from tests.integration.inspection_support import (
    ENTERPRISE,
    inspection_service,
    load_demo_on,
    state,
    team,
    values,
)
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.inspections import attachments as store
from yuyou_desktop.services.inspections.records import InspectionQuery
from yuyou_desktop.services.inspections.service import InspectionService

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%demo\n"
OTHER_ENTERPRISE = "右玉某乳业有限公司（演示）"


@pytest.fixture
def county(county):
    load_demo_on(county)
    return county


@pytest.fixture
def svc(county):
    return inspection_service(county)


def add(county, svc, day=date(2026, 6, 10), problems=(), **changes):
    return svc.save(None, values(day, **changes), team(county, "曾桂兰", "邓红梅"), problems)


# ---------------------------------------------------------------- numbers


def test_the_container_offers_the_service(county):
    assert isinstance(county.inspections, InspectionService)
    assert county.paths.attachments == county.paths.root / "attachments"


def test_numbers_run_per_year_from_the_office_prefix(county, svc):
    assert svc.next_number(2026) == "右司监检〔2026〕1号"
    first = add(county, svc).record
    second = add(county, svc).record
    other_year = add(county, svc, date(2025, 12, 30)).record
    assert (first.number, second.number) == ("右司监检〔2026〕1号", "右司监检〔2026〕2号")
    assert other_year.number == "右司监检〔2025〕1号"
    assert svc.next_number(2026) == "右司监检〔2026〕3号"
    assert svc.next_number(2027) == "右司监检〔2027〕1号"


def test_a_number_is_never_given_again_after_a_delete(county, svc):
    add(county, svc)
    last = add(county, svc).record
    svc.delete(last.id, last.version)
    assert svc.next_number(2026) == "右司监检〔2026〕3号"
    assert add(county, svc).record.number == "右司监检〔2026〕3号"


def test_the_prefix_setting_wins(county, svc):
    county.settings.set("inspections.number_prefix", "右卫司检")
    assert svc.next_number(2026) == "右卫司检〔2026〕1号"
    assert add(county, svc).record.number == "右卫司检〔2026〕1号"


def test_a_preview_reserves_nothing(county, svc):
    before = state(county)
    svc.next_number(2026)
    assert state(county) == before


# ---------------------------------------------------------------- get and delete


def test_get_returns_names_and_everything_entered(county, svc):
    saved = add(
        county,
        svc,
        enterprise=ENTERPRISE,
        on_site=False,
        problems=[{"category": "程序", "description": "未告知", "deadline": date(2026, 6, 30)}],
    ).record
    record = svc.get(saved.id)
    assert record == saved
    assert record.unit_name == "右玉县市场监督管理局" and record.enterprise_name == ENTERPRISE
    assert record.kind.label == "常态化监督" and record.focus_area.label == "食品药品"
    assert record.started_at.hour == 9 and record.day == date(2026, 6, 10)
    assert {s.name for s in record.supervisors} == {"曾桂兰", "邓红梅"}
    assert record.problems[0].description == "未告知"


def test_delete_hides_the_inspection_and_its_children(county, svc):
    record = add(county, svc, problems=[{"category": "程序", "description": "x"}]).record
    svc.add_attachment(record.id, _file(county, "photo.png", PNG))
    svc.delete(record.id, record.version)
    assert svc.list().total == 0
    with pytest.raises(InputRejected, match="不存在或已被删除"):
        svc.get(record.id)
    with pytest.raises(InputRejected):
        svc.update_problem(record.problems[0].id, "整改中")


def test_a_stale_delete_is_refused(county, svc):
    record = add(county, svc).record
    svc.save(record.id, values(place="改"), team(county, "曾桂兰", "邓红梅"))
    before = state(county)
    with pytest.raises(InputRejected, match="已被修改"):
        svc.delete(record.id, record.version)
    assert state(county) == before


# ---------------------------------------------------------------- the list


@pytest.fixture
def listed(county, svc):
    """Six inspections over two months, two units, one enterprise, problems in each state."""
    made = {
        "a": add(county, svc, date(2026, 5, 4), findings="食堂卫生", kind="专项监督"),
        "b": add(county, svc, date(2026, 5, 25), enterprise=ENTERPRISE, focus_area="安全生产"),
        "c": add(
            county,
            svc,
            date(2026, 6, 2),
            unit="右玉县应急管理局",
            problems=[{"category": "程序", "description": "逾期的", "deadline": date(2026, 6, 10)}],
        ),
        "d": add(
            county,
            svc,
            date(2026, 6, 8),
            place="威远镇某饭店",
            problems=[{"category": "文书", "description": "未到期", "deadline": date(2026, 7, 1)}],
        ),
        "e": add(
            county,
            svc,
            date(2026, 6, 9),
            problems=[
                {
                    "category": "证据",
                    "description": "已改",
                    "status": "已整改",
                    "closed_on": date(2026, 6, 12),
                }
            ],
        ),
        "f": add(county, svc, date(2026, 6, 12), enterprise=OTHER_ENTERPRISE, on_site=False),
    }
    return {key: result.record for key, result in made.items()}


def keys(page, listed) -> list[str]:
    by_id = {record.id: key for key, record in listed.items()}
    return [by_id[row.id] for row in page.rows]


def test_the_list_shows_the_newest_first_with_names_and_problem_counts(svc, listed):
    page = svc.list()
    assert page.total == 6 and keys(page, listed) == ["f", "e", "d", "c", "b", "a"]
    c = next(row for row in page.rows if row.id == listed["c"].id)
    assert c.unit_name == "右玉县应急管理局" and (c.problems, c.open_problems) == (1, 1)
    assert c.overdue_problems == 1
    b = next(row for row in page.rows if row.id == listed["b"].id)
    assert b.enterprise_name == ENTERPRISE and b.number == listed["b"].number


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (InspectionQuery(date_from=date(2026, 6, 1)), ["f", "e", "d", "c"]),
        (InspectionQuery(date_to=date(2026, 5, 25)), ["b", "a"]),
        (InspectionQuery(date_from=date(2026, 6, 8), date_to=date(2026, 6, 9)), ["e", "d"]),
        (InspectionQuery(kind="专项监督"), ["a"]),
        (InspectionQuery(focus_area="work_safety"), ["b"]),
        (InspectionQuery(status="overdue"), ["c"]),
        (InspectionQuery(status="有未整改问题"), ["d", "c"]),
        (InspectionQuery(status="done"), ["e"]),
        (InspectionQuery(status="none"), ["f", "b", "a"]),
        (InspectionQuery(search="食堂"), ["a"]),
        (InspectionQuery(search="威远镇"), ["d"]),
        (InspectionQuery(search="应急管理"), ["c"]),
        (InspectionQuery(search="羊肉"), ["b"]),
        (InspectionQuery(search="〔2026〕3号"), ["c"]),
        (InspectionQuery(search="%"), []),
        (InspectionQuery(sort="started_at", descending=False), ["a", "b", "c", "d", "e", "f"]),
        (InspectionQuery(sort="number", descending=False), ["a", "b", "c", "d", "e", "f"]),
    ],
)
def test_filters_search_and_sort(svc, listed, query, expected):
    page = svc.list(query)
    assert keys(page, listed) == expected and page.total == len(expected)


def test_filter_by_unit_and_enterprise(svc, listed):
    unit_id = listed["c"].unit_id
    assert keys(svc.list(InspectionQuery(unit_id=unit_id)), listed) == ["c"]
    enterprise_id = listed["b"].enterprise_id
    assert keys(svc.list(InspectionQuery(enterprise_id=enterprise_id)), listed) == ["b"]


def test_sort_by_unit_name(svc, listed):
    page = svc.list(InspectionQuery(sort="unit", descending=False))
    names = [row.unit_name for row in page.rows]
    assert names == sorted(names)


def test_pages_carry_the_total(svc, listed):
    first = svc.list(InspectionQuery(limit=4))
    second = svc.list(InspectionQuery(offset=4, limit=4))
    assert (first.total, second.total) == (6, 6)
    assert keys(first, listed) + keys(second, listed) == ["f", "e", "d", "c", "b", "a"]
    searched = svc.list(InspectionQuery(search="右玉县", offset=2, limit=2))
    assert searched.total == 6 and len(searched.rows) == 2


def test_an_unknown_filter_value_is_refused(svc):
    with pytest.raises(InputRejected, match="检查类型"):
        svc.list(InspectionQuery(kind="闲聊"))
    with pytest.raises(InputRejected, match="排序"):
        svc.list(InspectionQuery(sort="secret"))


# ---------------------------------------------------------------- most inspected enterprises


def test_top_enterprises_counts_live_inspections_and_flags_the_cap(county, svc):
    county.settings.set("inspections.yearly_cap", 2)
    supervisors = team(county, "曾桂兰", "邓红梅")
    for day in (22, 23, 24):
        svc.save(None, values(date(2026, 6, day), enterprise=ENTERPRISE), supervisors)
    gone = svc.save(None, values(date(2026, 6, 25), enterprise=ENTERPRISE), supervisors).record
    svc.delete(gone.id)
    svc.save(None, values(date(2026, 6, 26), enterprise=OTHER_ENTERPRISE), supervisors)
    svc.save(None, values(date(2025, 12, 26), enterprise=OTHER_ENTERPRISE), supervisors)
    top = svc.top_enterprises(2026)
    assert [(e.name, e.count, e.over_cap) for e in top] == [
        (ENTERPRISE, 3, True),
        (OTHER_ENTERPRISE, 1, False),
    ]
    assert top[0].credit_code == "91140623MA0000001A"
    assert len(svc.top_enterprises(2026, limit=1)) == 1


# ---------------------------------------------------------------- attachments


def _file(county, name: str, content: bytes) -> Path:
    folder = county.paths.root.parent / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def test_an_attachment_is_stored_once_by_its_hash(county, svc):
    kept = set(file_state(county.paths.attachments))  # the demo letters' PDFs
    record = add(county, svc).record
    first = svc.add_attachment(record.id, _file(county, "现场照片.png", PNG))
    again = svc.add_attachment(record.id, _file(county, "同一张.PNG", PNG))
    sha = hashlib.sha256(PNG).hexdigest()
    assert first.sha256 == again.sha256 == sha
    assert (first.original_name, first.media_type, first.size) == ("现场照片.png", "image/png", 72)
    stored = county.paths.attachments / sha[:2] / sha
    assert svc.attachment_file(first.id) == stored == svc.attachment_file(again.id)
    assert stored.read_bytes() == PNG
    assert set(file_state(county.paths.attachments)) - kept == {f"{sha[:2]}/{sha}"}
    assert [a.original_name for a in svc.get(record.id).attachments] == [
        "现场照片.png",
        "同一张.PNG",
    ]


def test_a_pdf_scan_is_accepted(county, svc):
    record = add(county, svc).record
    found = svc.add_attachment(record.id, _file(county, "检查笔录.pdf", PDF))
    assert found.media_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("说明.docx", b"PK\x03\x04", "类型不能接受"),
        ("脚本.exe", b"MZ", "类型不能接受"),
        ("假照片.jpg", b"MZ\x90\x00", "内容与扩展名"),
        ("空.png", b"", "空文件"),
    ],
)
def test_a_wrong_file_is_refused_by_name_and_nothing_stored(county, svc, name, content, message):
    record = add(county, svc).record
    path = _file(county, name, content)
    before = state(county)
    with pytest.raises(InputRejected, match=message) as caught:
        svc.add_attachment(record.id, path)
    assert name in caught.value.message
    assert state(county) == before


def test_a_file_past_20_mb_is_refused_and_nothing_stored(county, svc):
    record = add(county, svc).record
    path = _file(county, "大扫描件.pdf", PDF)
    with path.open("r+b") as handle:
        handle.truncate(store.MAX_BYTES + 1)
    before = state(county)
    kept = sorted(county.paths.attachments.rglob("*"))  # the demo letters' PDFs
    with pytest.raises(InputRejected, match=r"大扫描件\.pdf.*超过了 20 MB") as caught:
        svc.add_attachment(record.id, path)
    assert "有 20.1 MB" in caught.value.message  # one byte over: never shown as 20.0 MB
    assert state(county) == before
    assert sorted(county.paths.attachments.rglob("*")) == kept


def test_a_file_name_is_data_never_a_path(county, svc):
    record = add(county, svc).record
    name = "..\\..\\evil.png"  # a legal file name on Linux; a path on Windows
    found = svc.add_attachment(record.id, _file(county, name, PNG))
    assert found.original_name == name
    stored = svc.attachment_file(found.id)
    assert stored.parent.parent == county.paths.attachments
    everywhere = [p for p in county.paths.root.parent.rglob("*") if "evil" in p.name]
    assert everywhere == [county.paths.root.parent / "incoming" / name]  # only the source


def test_an_attachment_of_a_deleted_inspection_is_refused(county, svc):
    record = add(county, svc).record
    svc.delete(record.id)
    path = _file(county, "photo.png", PNG)
    before = state(county)
    with pytest.raises(InputRejected, match="不存在或已被删除"):
        svc.add_attachment(record.id, path)
    assert state(county) == before


def test_removing_an_attachment_keeps_the_shared_file(county, svc):
    record = add(county, svc).record
    first = svc.add_attachment(record.id, _file(county, "a.png", PNG))
    second = svc.add_attachment(record.id, _file(county, "b.png", PNG))
    svc.remove_attachment(first.id)
    assert [a.id for a in svc.get(record.id).attachments] == [second.id]
    assert svc.attachment_file(second.id).read_bytes() == PNG


def test_filters_combine(svc, listed):
    unit_id = listed["a"].unit_id  # 市场监督管理局: a, b, d, e, f
    query = InspectionQuery(unit_id=unit_id, date_from=date(2026, 5, 20), status="有未整改问题")
    assert keys(svc.list(query), listed) == ["d"]
    query = InspectionQuery(unit_id=unit_id, date_to=date(2026, 6, 8))
    assert keys(svc.list(query), listed) == ["d", "b", "a"]
    enterprise_id = listed["b"].enterprise_id
    query = InspectionQuery(enterprise_id=enterprise_id, date_from=date(2026, 6, 1))
    assert svc.list(query).total == 0
