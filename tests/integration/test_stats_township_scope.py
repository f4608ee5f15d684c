"""At a township the 统计 figures and the reports are its own work: the county's units it holds
as reference data (whose filings stay at the county) are neither 未备案 nor a line of their own,
and another office's figures are refused — on the dashboard, ``yuyou stats`` and the 月报 alike."""

from __future__ import annotations

import io
from datetime import date

import pytest

from tests.integration.sync_support import TOWN, add_unit, export, offices, statuses
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import run as cli_run
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reports.figures import Drill, StatsQuery

YEAR = date.today().year
PERIOD = StatsQuery(date(YEAR, 1, 1), date(YEAR, 12, 31))


def test_a_township_counts_only_its_own_records(tmp_path):
    stick = tmp_path / "stick"
    with offices(tmp_path) as w:
        county, town = w.county, w.town
        for n in range(3):
            add_unit(county, f"县直单位{n}", 10 + n, level="县级")
        own_unit = add_unit(town, "新城镇综合行政执法队", 1)
        package = export(county, stick, "reference.yypkg")
        assert statuses(town.sync_import.import_files([package])) == [(package.name, "applied")]
        assert len(town.registry.list("units").rows) == 4  # the county's three and its own

        board = town.stats.dashboard(PERIOD)
        assert board.query.origin == TOWN[1]
        assert [line.key for line in board.by_office] == [TOWN[1]]
        assert [line.key for line in board.registers_by_office] == [TOWN[1]]
        assert board.registers.unfiled == 1  # its own unit, not the county's
        listed = town.stats.records(PERIOD, Drill("registers.unfiled"))
        assert [row.record_id for row in listed.rows] == [own_unit]
        assert not town.stats.origin_offices().shown

        with pytest.raises(InputRejected, match="只统计本单位"):
            town.stats.dashboard(StatsQuery(PERIOD.start, PERIOD.end, origin="140623"))

        w.close("town")
        out, err = io.StringIO(), io.StringIO()
        args = ["--data-dir", str(w.folder("town")), "stats", "--from", f"{YEAR}-01-01"]
        code = cli_run(
            [*args, "--to", f"{YEAR}-12-31", "--office", "140623"], build_services, out, err
        )
        assert code == 3 and "只统计本单位" in err.getvalue()


def test_a_township_asking_for_another_office_is_told_why(tmp_path):
    with offices(tmp_path) as w:
        town = w.town
        with pytest.raises(InputRejected, match="只统计本单位"):
            town.reports.stats_query(PERIOD.start, PERIOD.end, office="140623")
        assert town.reports.stats_query(PERIOD.start, PERIOD.end, office=TOWN[1]).origin == TOWN[1]
