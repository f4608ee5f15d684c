"""RegistryService and AttentionService on a real database: what a clerk relies on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.models import ChangeLog

ZHANG = "11010519491231002X"
UNIT = "右玉县市场监督管理局"


def count_log(services) -> int:
    with services.database.reader() as s:
        return s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()


@pytest.fixture
def reg(county_demo):
    return county_demo.registry


def add_person(reg, number=ZHANG, name="张测试", role="执法人员", unit=UNIT):
    return reg.save("people", None, {"name": name, "id_number": number, "role": role, "unit": unit})


def add_certificate(reg, number="晋T0001", person=ZHANG, **dates):
    values = {
        "person_id_number": person,
        "kind": "行政执法证",
        "number": number,
        "valid_from": dates.get("valid_from", "2024-01-01"),
        "valid_to": dates.get("valid_to", date.today() + timedelta(days=400)),
    }
    values.update({k: v for k, v in dates.items() if k.startswith("revoke")})
    return reg.save("certificates", None, values)


def test_save_creates_a_record_with_its_unit_and_logs_the_change(county_demo, reg):
    before = count_log(county_demo)
    row = add_person(reg)
    assert row.values["unit"] == UNIT and row.values["role"] == "enforcement"
    assert row.version == 1
    assert count_log(county_demo) == before + 1
    edited = reg.save("people", row.id, {**row.values, "phone": "13900000000"}, row.version)
    assert edited.version == 2 and edited.values["phone"] == "13900000000"


@pytest.mark.parametrize(
    ("register", "values", "field", "reason"),
    [
        ("units", {"name": "某局", "credit_code": "11140623000000001G", "kind": "法定行政机关",
                   "level": "县级", "status": "正常"}, "统一社会信用代码", "校验位错误"),
        ("people", {"name": "李测试", "id_number": "110105194912310021", "role": "执法人员"},
         "身份证号", "校验位错误"),
        ("people", {"name": "李测试", "id_number": ZHANG, "role": "局长"},
         "人员类别", "不是可选值"),
        ("people", {"name": "李测试", "id_number": ZHANG, "role": "执法人员", "unit": "不存在的局"},
         "所属单位", "找不到名为“不存在的局”的执法主体"),
        ("certificates", {"person_id_number": "130102199001011234", "kind": "行政执法证",
                          "number": "X1", "valid_from": "2024-01-01", "valid_to": "2025-01-01"},
         "身份证号", ""),
        ("filings", {"unit": UNIT, "year": "1999", "body_name": "法制股"}, "年度", "不能小于"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(
    county_demo, reg, register, values, field, reason
):
    before = count_log(county_demo)
    with pytest.raises(FieldError) as caught:
        reg.save(register, None, values)
    assert caught.value.field == field and reason in caught.value.message
    assert count_log(county_demo) == before


def test_certificate_rules(county_demo, reg):
    add_person(reg)
    with pytest.raises(FieldError) as caught:
        add_certificate(reg, valid_from="2026-05-01", valid_to="2026-04-30")
    assert caught.value.field == "有效期至"
    first = add_certificate(reg, number="晋T0001")
    with pytest.raises(FieldError) as caught:
        add_certificate(reg, number="晋T0001")
    assert "未注销的证件编号不能重复" in caught.value.message
    with pytest.raises(FieldError) as caught:
        add_certificate(reg, number="晋T0002", revoked_on="2026-01-01")
    assert caught.value.field == "注销原因"
    # once the first is revoked, the number may be issued again
    county_demo.attention.revoke_certificates(first.ref_ids["person_id_number"], "调离")
    assert add_certificate(reg, number="晋T0001").values["status"] == "valid"


def test_duplicate_credit_code_and_id_number_are_refused(reg):
    existing = reg.list("units", ListQuery(search=UNIT)).rows[0]
    with pytest.raises(FieldError) as caught:
        reg.save("units", None, {**existing.values, "name": "另一个局"})
    assert caught.value.field == "统一社会信用代码" and "已有相同的记录" in caught.value.message
    add_person(reg)
    with pytest.raises(FieldError) as caught:
        add_person(reg, name="王重复")
    assert caught.value.field == "身份证号"


def test_list_searches_filters_sorts_and_pages_in_sql(reg):
    everyone = reg.list("people", ListQuery(limit=1000))
    assert everyone.total == 49
    some = reg.list("people", ListQuery(filters={"role": "invited"}))
    assert some.total == 6 and {r.values["role"] for r in some.rows} == {"invited"}
    page = reg.list("people", ListQuery(sort="name", offset=10, limit=5))
    assert page.total == 49 and len(page.rows) == 5
    names = [r.values["name"] for r in reg.list("people", ListQuery(sort="name", limit=100)).rows]
    assert names == sorted(names)
    desc = reg.list("people", ListQuery(sort="name", descending=True, limit=1)).rows[0]
    assert desc.values["name"] == names[-1]
    by_unit = reg.list("people", ListQuery(search="市场监督"))
    assert by_unit.total == 3 and {r.values["unit"] for r in by_unit.rows} == {UNIT}
    by_number = reg.list("people", ListQuery(search=everyone.rows[7].values["id_number"][-8:]))
    assert everyone.rows[7].id in {r.id for r in by_number.rows}
    assert reg.list("people", ListQuery(search="%")).total == 0  # LIKE wildcards are escaped


def test_certificate_status_filter_matches_the_shown_status(reg):
    page = reg.list("certificates", ListQuery(filters={"status": "expired"}, limit=100))
    assert page.total > 0
    assert all(r.values["valid_to"] < date.today() for r in page.rows)
    assert all(r.values["status"] == "expired" for r in page.rows)


def test_delete_is_a_tombstone_and_refused_while_referenced(county_demo, reg):
    unit = reg.list("units", ListQuery(search=UNIT)).rows[0]
    with pytest.raises(InputRejected) as caught:
        reg.delete("units", unit.id)
    assert "还有人员3条" in caught.value.message
    contact = reg.list("contact-points").rows[0]
    before = count_log(county_demo)
    reg.delete("contact-points", contact.id, contact.version)
    assert count_log(county_demo) == before + 1
    with pytest.raises(StaleRecord):
        reg.get("contact-points", contact.id)
    assert contact.id not in {r.id for r in reg.list("contact-points").rows}


def test_stale_edit_is_refused(reg):
    row = reg.list("enterprises").rows[0]
    reg.save("enterprises", row.id, {**row.values, "phone": "1"}, row.version)
    with pytest.raises(StaleRecord) as caught:
        reg.save("enterprises", row.id, {**row.values, "phone": "2"}, row.version)
    assert "已被修改" in caught.value.message
    assert reg.get("enterprises", row.id).values["phone"] == "1"


def test_attention_lists(county_demo):
    attention = county_demo.attention
    year = date.today().year
    gaps = attention.filing_gaps(year - 1)
    assert {g.status.label for g in gaps} == {"未备案", "逾期备案"}
    assert any(
        g.unit_name == "朔州市生态环境局右玉分局" and g.status.label == "逾期备案" for g in gaps
    )
    alerts = attention.certificate_alerts()
    assert {r.values["status"] for r in alerts.rows} == {"expiring", "expired", "revoked"}
    problems = {p.name: p.result_label for p in attention.exam_problems(year)}
    assert sorted(problems.values()) == sorted(["未通过", "未通过", "无考试记录", "缺考"])


def test_revoking_marks_every_active_certificate_with_the_reason(county_demo, reg):
    problem = county_demo.attention.exam_problems(date.today().year)[0]
    with pytest.raises(FieldError):
        county_demo.attention.revoke_certificates(problem.person_id, "  ")
    revoked = county_demo.attention.revoke_certificates(problem.person_id, "年度考试未通过")
    assert revoked == problem.active_certificates
    rows = reg.list("certificates", ListQuery(search=problem.id_number)).rows
    assert rows and all(r.values["status"] == "revoked" for r in rows)
    assert {r.values["revoke_reason"] for r in rows} >= {"年度考试未通过"}
    assert problem.person_id not in {p.person_id for p in county_demo.attention.exam_problems(
        date.today().year)}  # fmt: skip


def test_settings_change_what_counts_as_expiring(county_demo, reg):
    expiring = reg.list("certificates", ListQuery(filters={"status": "expiring"})).total
    county_demo.settings.set("registry.certificate_expiring_days", 10)
    assert reg.list("certificates", ListQuery(filters={"status": "expiring"})).total < expiring
    with pytest.raises(FieldError):
        county_demo.settings.set("registry.certificate_expiring_days", "abc")
    assert county_demo.settings.get("registry.certificate_expiring_days") == 10
