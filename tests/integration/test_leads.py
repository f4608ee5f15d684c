"""LeadService on a real database: complaints and leads, transfers, the link to an inspection."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.leads_query import LeadQuery
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.models import ChangeLog
from yuyou_desktop.storage.models_inspections import Inspection, Lead, LeadTransfer

TODAY = date(2026, 6, 15)
MARKET = "右玉县市场监督管理局"


def log_rows(services) -> int:
    with services.database.reader() as s:
        return s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()


@pytest.fixture
def office(county):
    county.registry.save(
        "units",
        None,
        {
            "name": MARKET,
            "credit_code": "11140623000000001F",
            "kind": "法定行政机关",
            "level": "县级",
            "status": "正常",
        },
    )
    return county


@pytest.fixture
def leads(office) -> LeadService:
    return LeadService(office.database, today=lambda: TODAY)


def lead_values(**changes):
    values = {
        "source": "12345热线",
        "received_on": "2026-06-01",
        "content": "群众反映某超市销售过期食品，执法人员接诉后未到场核查。",
        "unit": MARKET,
        "handler": "王某某",
        "deadline": "2026-06-30",
    }
    values.update(changes)
    return values


def inspection(services, number="右司监检〔2026〕1号", serial=1) -> str:
    unit_id = services.registry.unit_choices()[0][0]
    with services.database.writer() as s:
        row = Inspection(
            number=number,
            year=2026,
            serial=serial,
            kind="complaint",
            focus_area="food_drug",
            unit_id=unit_id,
            started_at=datetime(2026, 6, 10, 1, tzinfo=UTC),
            ended_at=datetime(2026, 6, 10, 3, tzinfo=UTC),
        )
        s.add(row)
        s.flush()
        return row.id


def test_a_new_lead_is_open_with_its_unit_and_is_logged_for_sync(office, leads):
    before = log_rows(office)
    lead = leads.save(None, lead_values())
    assert lead.status_label == "办理中" and lead.source_label == "12345热线"
    assert lead.unit_name == MARKET and lead.received_on == date(2026, 6, 1)
    assert lead.version == 1 and not lead.overdue and lead.transfers == ()
    assert log_rows(office) == before + 1


def test_an_edit_keeps_what_was_not_given_and_checks_the_version(leads):
    lead = leads.save(None, lead_values())
    edited = leads.save(lead.id, {"handler": "李某某"}, lead.version)
    assert edited.handler == "李某某" and edited.content == lead.content
    assert edited.version == 2
    with pytest.raises(StaleRecord, match="已被修改"):
        leads.save(lead.id, {"handler": "赵某某"}, lead.version)
    assert leads.get(lead.id).handler == "李某某"


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"source": "微信群"}, "来源", "不是可选值"),
        ({"source": ""}, "来源", "不能为空"),
        ({"received_on": ""}, "收到日期", "不能为空"),
        ({"received_on": "2026-06-16"}, "收到日期", "不能晚于今天"),
        ({"received_on": "2026-02-30"}, "收到日期", "不是有效日期"),
        ({"content": "  "}, "内容", "不能为空"),
        ({"content": "字" * 2001}, "内容", "不能超过2000个字"),
        ({"unit": "不存在的局"}, "涉及单位", "找不到名为“不存在的局”"),
        ({"deadline": "2026-05-31"}, "办理期限", "不能早于收到日期"),
        ({"status": "已办结"}, "办理结果", "必须填写办理结果"),
        ({"status": "已移送"}, "办理状态", "还没有移送记录"),
        ({"status": "暂停"}, "办理状态", "不是可选值"),
    ],
)
def test_a_refused_lead_names_the_field_and_writes_nothing(office, leads, changes, field, reason):
    before = log_rows(office)
    with pytest.raises(FieldError) as info:
        leads.save(None, lead_values(**changes))
    assert info.value.field == field
    assert reason in info.value.message
    assert leads.list().total == 0
    assert log_rows(office) == before


def test_a_refused_edit_leaves_the_lead_as_it_was(leads):
    lead = leads.save(None, lead_values())
    with pytest.raises(FieldError, match="办理结果"):
        leads.save(lead.id, {"status": "已办结"}, lead.version)
    assert leads.get(lead.id) == lead
    closed = leads.save(lead.id, {"status": "已办结", "outcome": "已责令整改"}, lead.version)
    assert closed.status_label == "已办结" and not closed.overdue


def test_without_a_unit_or_deadline_a_lead_is_still_accepted(leads):
    lead = leads.save(None, lead_values(unit="", deadline="", handler=""))
    assert lead.unit_id is None and lead.unit_name == "" and lead.deadline is None


def test_a_lead_past_its_deadline_shows_as_overdue(leads):
    lead = leads.save(None, lead_values(received_on="2026-05-01", deadline="2026-06-14"))
    assert lead.overdue


def test_a_transfer_marks_the_lead_transferred_and_can_be_followed(office, leads):
    lead = leads.save(None, lead_values())
    moved = leads.add_transfer(lead.id, "公安机关", "右玉县公安局", "2026-06-05", "涉嫌犯罪")
    assert moved.status_label == "已移送"
    [transfer] = moved.transfers
    assert (transfer.target_label, transfer.organ_name) == ("公安机关", "右玉县公安局")
    assert transfer.status_label == "已移送" and transfer.transferred_on == date(2026, 6, 5)
    received = leads.update_transfer(transfer.id, "已接收")
    assert received.status_label == "已接收" and received.remark == "涉嫌犯罪"
    fed_back = leads.update_transfer(transfer.id, "fed_back", "已立案侦查", received.version)
    assert fed_back.status_label == "已反馈" and fed_back.remark == "已立案侦查"
    assert leads.get(lead.id).transfers == (fed_back,)
    # a transferred lead may be set back and forth without losing its transfers
    assert leads.save(lead.id, {"status": "已移送"}).status_label == "已移送"


def test_transfers_to_every_target_are_kept_in_date_order(leads):
    lead = leads.save(None, lead_values())
    leads.add_transfer(lead.id, "检察机关", "右玉县人民检察院", "2026-06-10")
    leads.add_transfer(lead.id, "纪检监察机关", "", "2026-06-03")
    leads.add_transfer(lead.id, "主管部门", "右玉县卫生健康和体育局", "2026-06-12")
    targets = [t.target_label for t in leads.get(lead.id).transfers]
    assert targets == ["纪检监察机关", "检察机关", "主管部门"]


def test_a_closed_lead_stays_closed_when_a_transfer_is_recorded(leads):
    lead = leads.save(None, lead_values(status="已办结", outcome="已移送公安机关处理"))
    after = leads.add_transfer(lead.id, "公安机关", "右玉县公安局", "2026-06-02")
    assert after.status_label == "已办结" and len(after.transfers) == 1


@pytest.mark.parametrize(
    ("args", "field", "reason"),
    [
        (("法院", "", "2026-06-05"), "移送对象", "不是可选值"),
        (("公安机关", "", "2026-06-16"), "移送日期", "不能晚于今天"),
        (("公安机关", "", "2026-05-31"), "移送日期", "不能早于线索的收到日期（2026-06-01）"),
        (("公安机关", "", ""), "移送日期", "不能为空"),
        (("主管部门", "", "2026-06-05"), "接收机关", "须写明部门名称"),
    ],
)
def test_a_refused_transfer_names_the_field_and_writes_nothing(office, leads, args, field, reason):
    lead = leads.save(None, lead_values())
    before = log_rows(office)
    with pytest.raises(FieldError) as info:
        leads.add_transfer(lead.id, *args)
    assert info.value.field == field and reason in info.value.message
    assert leads.get(lead.id) == lead
    assert log_rows(office) == before


def test_a_refused_transfer_update_changes_nothing(leads):
    lead = leads.add_transfer(
        leads.save(None, lead_values()).id, "公安机关", "右玉县公安局", "2026-06-05"
    )
    [transfer] = lead.transfers
    with pytest.raises(FieldError, match="移送状态"):
        leads.update_transfer(transfer.id, "已退回")
    with pytest.raises(StaleRecord):
        leads.update_transfer(transfer.id, "已接收", None, transfer.version + 1)
    assert leads.get(lead.id).transfers == (transfer,)


def test_delete_tombstones_the_lead_and_its_transfers(office, leads):
    lead = leads.save(None, lead_values())
    leads.add_transfer(lead.id, "公安机关", "右玉县公安局", "2026-06-05")
    before = log_rows(office)
    leads.delete(lead.id)
    assert leads.list().total == 0
    with pytest.raises(StaleRecord, match="不存在或已被删除"):
        leads.get(lead.id)
    with office.database.reader() as s:
        assert s.scalars(select(LeadTransfer.deleted_at)).one() is not None
        assert s.scalars(select(Lead.deleted_at)).one() is not None
    assert log_rows(office) == before + 2  # two tombstones, synced


def test_link_inspection_keeps_the_link_both_ways(office, leads):
    lead = leads.save(None, lead_values())
    inspection_id = inspection(office)
    linked = leads.link_inspection(lead.id, inspection_id)
    assert linked.inspection_id == inspection_id
    assert linked.inspection_number == "右司监检〔2026〕1号"
    with office.database.reader() as s:
        assert s.get(Inspection, inspection_id).lead_id == lead.id
    before = log_rows(office)
    assert leads.link_inspection(lead.id, inspection_id) == linked  # again: no change
    assert log_rows(office) == before


def test_a_linked_lead_cannot_be_linked_elsewhere_or_deleted(office, leads):
    lead = leads.save(None, lead_values())
    other_lead = leads.save(None, lead_values(content="另一条线索"))
    first = inspection(office)
    second = inspection(office, "右司监检〔2026〕2号", 2)
    leads.link_inspection(lead.id, first)
    before = log_rows(office)
    with pytest.raises(InputRejected, match="已转为检查记录“右司监检〔2026〕1号”"):
        leads.link_inspection(lead.id, second)
    with pytest.raises(InputRejected, match="已关联另一条线索"):
        leads.link_inspection(other_lead.id, first)
    with pytest.raises(InputRejected, match="不能删除"):
        leads.delete(lead.id)
    assert log_rows(office) == before
    with office.database.reader() as s:
        assert s.get(Inspection, second).lead_id is None
    assert leads.get(other_lead.id).inspection_id is None


def test_list_filters_searches_sorts_and_pages(leads, office):
    days = [date(2026, 1, 5) + timedelta(days=20 * n) for n in range(8)]
    sources = ["12345热线", "信访", "来信来访", "网络媒体", "监督联系点", "特邀监督员"]
    for n, day in enumerate(days):
        leads.save(
            None,
            lead_values(
                received_on=day,
                deadline=day + timedelta(days=15),
                source=sources[n % len(sources)],
                content=f"第{n}号线索" + ("：涉及过期食品" if n % 2 else ""),
            ),
        )
    everything = leads.list()
    assert everything.total == 8
    assert [r.received_on for r in everything.rows] == sorted(days, reverse=True)
    oldest_first = leads.list(LeadQuery(descending=False, limit=3, offset=2))
    assert oldest_first.total == 8 and [r.received_on for r in oldest_first.rows] == days[2:5]
    spring = leads.list(LeadQuery(date_from=date(2026, 2, 1), date_to=date(2026, 4, 30)))
    assert {r.received_on for r in spring.rows} == {d for d in days if 2 <= d.month <= 4}
    assert leads.list(LeadQuery(source="信访")).total == 2
    assert leads.list(LeadQuery(source="petition")).total == 2
    assert leads.list(LeadQuery(search="过期食品")).total == 4
    assert leads.list(LeadQuery(search="100%")).total == 0
    assert leads.list(LeadQuery(status="已办结")).total == 0
    unit_id = office.registry.unit_choices()[0][0]
    assert leads.list(LeadQuery(unit_id=unit_id)).total == 8
    with pytest.raises(FieldError, match="办理状态"):
        leads.list(LeadQuery(status="搁置"))


def test_a_deleted_link_does_not_block_a_new_one(office, leads):
    old_lead = leads.save(None, lead_values(content="旧线索"))
    first = inspection(office)
    leads.link_inspection(old_lead.id, first)
    with office.database.writer() as s:  # as when the inspection is deleted elsewhere
        s.get(Inspection, first).deleted_at = datetime.now(UTC)
    second = inspection(office, "右司监检〔2026〕2号", 2)
    assert leads.link_inspection(old_lead.id, second).inspection_number == "右司监检〔2026〕2号"
    leads.save(old_lead.id, {"status": "已办结", "outcome": "已核查"})
    with office.database.writer() as s:
        s.get(Lead, old_lead.id).deleted_at = datetime.now(UTC)
    new_lead = leads.save(None, lead_values(content="新线索"))
    assert leads.link_inspection(new_lead.id, second).inspection_id == second
