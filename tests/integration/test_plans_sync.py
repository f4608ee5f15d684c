"""A township's 年度监督工作方案 reaches the county through the ordinary sync packages (the plan
tables are synchronised like every other): the county lists it under the township's name, may
read and print it but not change it, and sees the township's later progress."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.sync_support import TOWN, add_unit, export, offices, statuses
from yuyou_desktop.errors import InputRejected

YEAR = date.today().year


def test_a_townships_plan_travels_to_the_county_read_only(tmp_path):
    stick = tmp_path / "stick"
    with offices(tmp_path) as w:
        town, county = w.town, w.county
        unit = add_unit(town, "新城镇综合行政执法队", 1)
        plan = town.plans.create(YEAR)
        item = town.plans.add_item(
            plan.id,
            {
                "content": "督促镇综合行政执法队规范执法程序",
                "planned_start": f"{YEAR}-01-01",
                "planned_end": f"{YEAR}-12-31",
                "responsible": "司法所所长",
                "unit_ids": (unit,),
            },
        )
        first = export(town, stick, "first.yypkg")
        assert statuses(county.sync_import.import_files([first])) == [(first.name, "applied")]

        (listed,) = county.plans.list()
        assert (listed.year, listed.office_name, listed.own) == (YEAR, TOWN[2], False)
        record = county.plans.get(listed.id)
        assert record.refusal == f"该记录属于{TOWN[2]}（{TOWN[1]}），本单位只能查看，不能修改。"
        assert record.items[0].units_text == "新城镇综合行政执法队"
        assert county.plans.report(listed.id).letter.organ == TOWN[2]
        with pytest.raises(InputRejected, match="本单位只能查看"):
            county.plans.complete(item.id, date.today())
        # the county's own reminder is about its own plan
        assert county.plans.find(YEAR) is None

        town.plans.complete(item.id, date.today(), item.version)
        second = export(town, stick, "second.yypkg")
        assert statuses(county.sync_import.import_files([second])) == [(second.name, "applied")]
        progress = county.plans.get(listed.id).progress
        assert progress.text == "共1项，已完成1项，完成率100%，逾期0项"
