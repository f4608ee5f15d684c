"""Two offices editing one record, and a deletion racing a stale edit (sync-protocol.md,
"Conflicts and deletions").  The co-edited table is the unit catalogue (enforcement_units): the
county's units reach a township in the county's reference package, the township may edit them,
its edits come back in its own package.  Whatever the order, both machines keep the same winner
— the later edit, the county's on a tie, a deletion over any edit — and every office that saw
both versions keeps the loser in exactly one conflict row until a person resolves it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.sync_support import (
    COUNTY,
    TOWN,
    Offices,
    add_unit,
    edit_unit,
    export,
    offices,
    statuses,
    unit_row,
)
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.services.sync.importing import ImportReport
from yuyou_desktop.storage import changes
from yuyou_desktop.storage.types import utcnow

PHONE = "0349-5021111"  # the township's edit
ADDRESS = "右玉县新城镇玉林大街1号"  # the county's edit


class Exchange:
    """Packages between the county and 新城镇, numbered so that no name repeats."""

    def __init__(self, w: Offices, stick: Path) -> None:
        self.w, self.stick, self.n = w, stick, 0

    def _name(self, what: str) -> str:
        self.n += 1
        return f"{self.n:02d}-{what}.yypkg"

    def up(self) -> ImportReport:
        package = export(self.w.town, self.stick, self._name("新城镇"))
        reports = self.w.county.sync_import.import_files([package])
        assert statuses(reports) == [(package.name, "applied")], reports
        return reports[0]

    def down(self) -> ImportReport:
        package = export(self.w.county, self.stick, self._name("参考数据"))
        reports = self.w.town.sync_import.import_files([package])
        assert statuses(reports) == [(package.name, "applied")], reports
        return reports[0]


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Offices, Exchange, str]]:
    """A county unit that has reached 新城镇 in a reference package."""
    with offices(tmp_path) as w:
        trip = Exchange(w, tmp_path / "stick")
        unit = add_unit(w.county, "右玉县市场监督管理局", 5, level="县级")
        assert trip.down().stats["applied"] == 1
        assert unit_row(w.town, unit) == unit_row(w.county, unit)
        yield w, trip, unit


def only_conflict(services: Services, unit: str, kind: str = "edit"):
    found = services.sync_status.conflicts()
    assert [(c.table, c.record_id, c.kind) for c in found] == [("enforcement_units", unit, kind)]
    return found[0]


@pytest.mark.parametrize("clock", ["county_later", "same_instant"])
def test_the_county_wins_on_both_machines_and_keeps_the_one_conflict(shared, monkeypatch, clock):
    """The county saw both versions and keeps the conflict; its reference package tells 新城镇
    that its edit was imported, so the township takes the county's row without a second record
    of the same disagreement (two people would otherwise resolve it apart)."""
    w, trip, unit = shared
    if clock == "same_instant":
        instant = utcnow() + timedelta(seconds=1)
        monkeypatch.setattr(changes, "utcnow", lambda: instant)
    edit_unit(w.town, unit, phone=PHONE)
    edit_unit(w.county, unit, address=ADDRESS)
    monkeypatch.undo()
    if clock == "same_instant":
        assert unit_row(w.town, unit)["updated_at"] == unit_row(w.county, unit)["updated_at"]

    assert trip.up().stats["conflicts"] == 1
    assert trip.down().stats["conflicts"] == 0
    county, town = unit_row(w.county, unit), unit_row(w.town, unit)
    assert county == town
    assert (county["address"], county["phone"], county["version"]) == (ADDRESS, "", 2)
    conflict = only_conflict(w.county, unit)
    assert (conflict.kept_office, conflict.other_office) == (COUNTY[1], TOWN[1])
    assert (conflict.kept["address"], conflict.other["phone"]) == (ADDRESS, PHONE)
    assert conflict.fields == ("address", "phone")
    assert w.county.sync_status.unresolved() == 1
    assert w.town.sync_status.conflicts(include_resolved=True) == []


def test_a_township_that_has_not_sent_its_edit_keeps_the_conflict_too(shared):
    """The county's row comes down before 新城镇's edit went up: the township saw both versions
    first, so it keeps a conflict (the county's later edit wins there as it will at the county)."""
    w, trip, unit = shared
    edit_unit(w.town, unit, phone=PHONE)
    edit_unit(w.county, unit, address=ADDRESS)
    assert trip.down().stats["conflicts"] == 1
    assert trip.up().stats["conflicts"] == 1
    assert unit_row(w.county, unit) == unit_row(w.town, unit)
    for office in (w.county, w.town):
        conflict = only_conflict(office, unit)
        assert (conflict.kept["address"], conflict.other["phone"]) == (ADDRESS, PHONE)


def test_resolving_with_the_other_version_at_the_county_travels_down(shared):
    w, trip, unit = shared
    edit_unit(w.town, unit, phone=PHONE)
    edit_unit(w.county, unit, address=ADDRESS)
    trip.up()
    trip.down()
    conflict = only_conflict(w.county, unit)

    resolved = w.county.sync_status.resolve(conflict.id, "other")
    assert (resolved.resolution, w.county.sync_status.unresolved()) == ("other", 0)
    county = unit_row(w.county, unit)
    assert (county["address"], county["phone"], county["version"]) == ("", PHONE, 3)
    assert w.county.registry.get("units", unit).values["phone"] == PHONE

    down = trip.down()
    assert (down.stats["applied"], down.stats["conflicts"]) == (1, 0)
    town = unit_row(w.town, unit)
    assert town == unit_row(w.county, unit)
    assert (town["address"], town["phone"], town["version"]) == ("", PHONE, 3)
    # the disagreement was the county's to resolve; the township recorded none
    assert w.town.sync_status.conflicts(include_resolved=True) == []


def test_the_later_township_edit_wins_and_only_the_county_saw_both(shared):
    w, trip, unit = shared
    edit_unit(w.county, unit, address=ADDRESS)
    edit_unit(w.town, unit, phone=PHONE)
    assert trip.up().stats["conflicts"] == 1
    assert trip.down().stats["conflicts"] == 0
    county, town = unit_row(w.county, unit), unit_row(w.town, unit)
    assert county == town
    assert (county["address"], county["phone"], county["origin_office"]) == ("", PHONE, COUNTY[1])
    conflict = only_conflict(w.county, unit)
    assert (conflict.kept_office, conflict.other_office) == (TOWN[1], COUNTY[1])
    assert (conflict.kept["phone"], conflict.other["address"]) == (PHONE, ADDRESS)
    assert w.town.sync_status.conflicts() == []


def test_a_deleted_unit_stays_deleted_against_a_stale_edit_on_both_machines(shared):
    """The county deletes its unit; 新城镇, still holding the old version, edits it later."""
    w, trip, unit = shared
    w.county.registry.delete("units", unit)
    edit_unit(w.town, unit, phone=PHONE)
    assert unit_row(w.town, unit)["updated_at"] > unit_row(w.county, unit)["updated_at"]

    assert trip.up().stats["conflicts"] == 1
    county = unit_row(w.county, unit)
    assert county["deleted_at"] is not None and county["phone"] == ""
    conflict = only_conflict(w.county, unit, "delete")
    assert (conflict.kept_office, conflict.other_office) == (COUNTY[1], TOWN[1])
    assert conflict.other["phone"] == PHONE and conflict.other["deleted_at"] is None

    assert trip.down().stats["conflicts"] == 0  # the county imported the edit: its row rules
    town = unit_row(w.town, unit)
    assert town == unit_row(w.county, unit)
    assert town["deleted_at"] is not None
    assert w.town.sync_status.conflicts() == []
    for office in (w.county, w.town):
        with pytest.raises(StaleRecord):
            office.registry.get("units", unit)
        assert unit not in dict(office.registry.unit_choices())
    # the township's package again, and another round: still no revival
    assert trip.down().stats["applied"] == 0
    assert unit_row(w.town, unit)["deleted_at"] is not None
    assert unit_row(w.county, unit)["deleted_at"] is not None


def test_the_county_cannot_edit_a_townships_own_unit(tmp_path):
    """A township's own unit stays its own at the county (its edit would never reach the
    township, since reference packages carry the county's rows only)."""
    from yuyou_desktop.services.ownership import NotOwned

    with offices(tmp_path) as w:
        trip = Exchange(w, tmp_path / "stick")
        unit = add_unit(w.town, "新城镇综合行政执法队", 1)
        trip.up()
        before = unit_row(w.county, unit)
        with pytest.raises(NotOwned, match="本单位只能查看"):
            edit_unit(w.county, unit, address=ADDRESS)
        with pytest.raises(NotOwned, match="本单位只能查看"):
            w.county.registry.delete("units", unit)
        assert unit_row(w.county, unit) == before


def test_a_township_cannot_change_another_townships_unit(tmp_path):
    """Co-editing covers the county's catalogue only: 新城镇 changing 威远镇's own unit is refused
    at the county, kept as an ownership conflict, and the unit stays as 威远镇 made it."""
    from tests.integration.sync_support import count_rows, hand_package, opened_rows

    with offices(tmp_path) as w:
        unit = add_unit(w.town2, "威远镇综合行政执法队", 7)
        theirs = export(w.town2, tmp_path / "stick", "威远镇.yypkg")
        assert statuses(w.county.sync_import.import_files([theirs])) == [
            ("威远镇.yypkg", "applied")
        ]
        [change] = opened_rows(w.county, theirs)["enforcement_units"]
        before = unit_row(w.county, unit)
        forged = dict(change, seq=1, base_version=1, base_updated_at=change["row"]["updated_at"])
        forged["row"] = dict(change["row"], phone=PHONE, version=2, updated_at=utcnow().isoformat())
        package = hand_package(
            w.town, w.county, tmp_path / "stick" / "新城镇.yypkg", {"enforcement_units": [forged]}
        )
        report = w.county.sync_import.import_file(package)
        assert (report.status, report.stats["applied"], report.stats["refused"]) == (
            "applied",
            0,
            1,
        )
        assert unit_row(w.county, unit) == before
        assert count_rows(w.county, "sync_conflicts", "kind = 'ownership'") == 1


def test_a_township_may_edit_but_not_delete_the_countys_catalogue_unit(shared, tmp_path):
    """Deleting a catalogue unit at a township would remove it county-wide: the township's
    service refuses it, and a package carrying such a deletion is refused at the county."""
    from tests.integration.sync_support import count_rows, hand_package, opened_rows
    from yuyou_desktop.services.ownership import NotOwned

    w, _trip, unit = shared
    with pytest.raises(NotOwned, match="只有县司法局可以删除"):
        w.town.registry.delete("units", unit)
    assert unit_row(w.town, unit)["deleted_at"] is None
    edit_unit(w.town, unit, phone=PHONE)  # an edit is fine
    made = export(w.town, tmp_path / "made", "新城镇.yypkg")
    [change] = opened_rows(w.county, made)["enforcement_units"]
    forged = dict(change, seq=change["seq"] + 1, base_version=2)
    forged["row"] = dict(change["row"], version=3, deleted_at=utcnow().isoformat())
    package = hand_package(
        w.town, w.county, tmp_path / "stick" / "删除.yypkg", {"enforcement_units": [change, forged]}
    )
    report = w.county.sync_import.import_file(package)
    assert (report.status, report.stats["applied"], report.stats["refused"]) == ("applied", 1, 1)
    assert unit_row(w.county, unit)["deleted_at"] is None
    assert unit_row(w.county, unit)["phone"] == PHONE
    assert count_rows(w.county, "sync_conflicts", "kind = 'ownership'") == 1
