"""A county that holds a township's records (#7, the county-wide view), for the ownership
tests of the services and the GUI.

Made once per test process, the way the offices do it: a township (右卫镇司法所) loads the demo
data and exports its changes; the county (右玉县司法局), with its own demo data, imports them.
The township also attaches a scan to an inspection (the file travels in the package).  The
township's demo has no 案卷评查 (that is county work), so this year's demo campaign of the
county is then handed to the township — its campaign, units, files, sheets and events re-owned
in a session that, like the sync importer, writes rows verbatim and logs nothing.  Each test
works on its own copy of the county's data folder (``county_copy``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from tests.conftest import COUNTY, TOWNSHIP
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.storage.changes import INFO_APPLY_SYNC
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCampaignUnit,
    ReviewCaseFile,
    ReviewEvent,
    ReviewSheet,
)

TOWN = TOWNSHIP["code"]
TOWN_NAME = TOWNSHIP["name"]
REFUSAL = f"该记录属于{TOWN_NAME}（{TOWN}），本单位只能查看，不能修改。"

_TEMPLATE: dict[str, Path] = {}


def _office(folder: Path, profile: dict[str, str]) -> Services:
    services = build_services(DataPaths(folder))
    services.office.initialize(profile["role"], profile["code"], profile["name"], profile["prefix"])
    services.demo.load()
    return services


def _hand_campaign_to_township(county: Services) -> None:
    """This year's demo campaign (drawn, partly scored and finalised) becomes the township's."""
    with county.database.writer() as session:
        session.info[INFO_APPLY_SYNC] = True  # verbatim, as the sync importer writes
        campaign_id = session.scalars(
            select(ReviewCampaign.id).order_by(ReviewCampaign.year.desc()).limit(1)
        ).one()
        files = select(ReviewCaseFile.id).where(ReviewCaseFile.campaign_id == campaign_id)
        for model, where in (
            (ReviewCampaign, ReviewCampaign.id == campaign_id),
            (ReviewCampaignUnit, ReviewCampaignUnit.campaign_id == campaign_id),
            (ReviewCaseFile, ReviewCaseFile.campaign_id == campaign_id),
            (ReviewSheet, ReviewSheet.case_file_id.in_(files)),
            (ReviewEvent, ReviewEvent.case_file_id.in_(files)),
        ):
            session.execute(update(model).where(where).values(origin_office=TOWN))


def _template() -> Path:
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="yuyou-county-view-"))
        atexit.register(shutil.rmtree, root, True)
        town = _office(root / "town", TOWNSHIP)
        county = _office(root / "county", COUNTY)
        try:
            scan = root / "现场照片.pdf"
            scan.write_bytes(b"%PDF-1.4\n%scan of the township's inspection\n")
            inspection = town.inspections.list().rows[0]
            town.inspections.add_attachment(inspection.id, scan)
            county_key = county.sync_keys.export_public(root / "county-key.json")
            town_key = town.sync_keys.export_public(root / "town-key.json")
            town.sync_keys.trust(COUNTY["code"], COUNTY["name"], county_key)
            county.sync_keys.trust(TOWN, TOWN_NAME, town_key)
            town.sync_export.export(root / "town.yypkg")
            report = county.sync_import.import_file(root / "town.yypkg")
            assert report.status == "applied", report.message
            _hand_campaign_to_township(county)
        finally:
            town.database.close()
            county.database.close()
        _TEMPLATE["county"] = root / "county"
    return _TEMPLATE["county"]


@contextmanager
def county_copy(tmp_path: Path) -> Iterator[Services]:
    """The county's services over a fresh copy of the template's data folder."""
    shutil.copytree(_template(), tmp_path / "county")
    services = build_services(DataPaths(tmp_path / "county"))
    try:
        yield services
    finally:
        services.database.close()


# ---------------------------------------------------------------- looking at the database


def first(services: Services, sql: str, **params: Any) -> Any:
    """The first row of ``sql`` (a plain SELECT)."""
    with services.database.reader() as session:
        row = session.execute(text(sql), params).first()
    assert row is not None, sql
    return row


def count(services: Services, model: Any, office: str) -> int:
    """Live rows of ``model`` created by ``office``, counted directly."""
    with services.database.reader() as session:
        return session.execute(
            select(func.count())
            .select_from(model)
            .where(model.origin_office == office, model.deleted_at.is_(None))
        ).scalar_one()


def db_state(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, change_log included."""
    with services.database.reader() as session:
        tables = list(
            session.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            ).scalars()
        )
        return {
            table: sorted(
                (tuple(r) for r in session.execute(text(f'SELECT * FROM "{table}"'))), key=repr
            )
            for table in tables
        }


def refused(services: Services, call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """``call`` is refused, naming the township, and the database is left as it was."""
    before = db_state(services)
    with pytest.raises(InputRejected) as caught:
        call(*args, **kwargs)
    assert db_state(services) == before, f"{call.__name__} changed something"
    assert caught.value.message == REFUSAL, caught.value.message
    return caught.value.message
