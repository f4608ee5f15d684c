"""Township → county → township: 新城镇's demonstration data (issued letters with their PDFs)
plus two scans attached to its inspections go up; every file arrives byte for byte in the
county's attachment store and opens there.  The county's reference package — its unit catalogue,
scoring standards, letter templates and quiet-period settings — comes down and is what the
township now uses (sync-protocol.md, "Tests worth having")."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing

from tests.integration.sync_support import (
    COUNTY,
    add_unit,
    count_rows,
    dump,
    export,
    file_hashes,
    last_export,
    offices,
    statuses,
    sync_tmp,
)
from yuyou_desktop.services import Services

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 300
PDF = b"%PDF-1.4\n" + "检查记录扫描件".encode() * 5000


def referenced_files(services: Services) -> set[str]:
    """The hashes the township's rows point at: inspection attachments and letter PDFs."""
    uri = f"file:{services.paths.database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        rows = conn.execute(
            "SELECT sha256 FROM attachments UNION SELECT pdf_sha256 FROM letters"
            " WHERE pdf_sha256 IS NOT NULL"
        ).fetchall()
    return {sha for (sha,) in rows}


def ids(services: Services, sql: str) -> list[str]:
    uri = f"file:{services.paths.database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return [row[0] for row in conn.execute(sql)]


def test_files_go_up_byte_identical_and_reference_data_comes_down(tmp_path):
    with offices(tmp_path, demo_town=True) as w:
        town, county = w.town, w.county
        stick = tmp_path / "stick"
        first, second = ids(town, "SELECT id FROM inspections WHERE deleted_at IS NULL LIMIT 2")
        (tmp_path / "现场照片.png").write_bytes(PNG)
        (tmp_path / "检查记录扫描件.pdf").write_bytes(PDF)
        photo = town.inspections.add_attachment(first, tmp_path / "现场照片.png")
        scan = town.inspections.add_attachment(second, tmp_path / "检查记录扫描件.pdf")
        letters = ids(town, "SELECT id FROM letters WHERE pdf_sha256 IS NOT NULL")
        assert len(letters) >= 10

        # the county's reference data changes meanwhile
        county.settings.set("inspections.quiet_window", "5-15")
        county.settings.set("inspections.quiet_exceptions", "上级部署、投诉举报、其他")
        standards = county.standards.current_all()
        catalogue = add_unit(county, "右玉县市场监督管理局", 5, level="县级")
        own_templates = county.paths.county_templates  # the county rewords one letter
        own_templates.mkdir(parents=True)
        for name, text in county.letters.template_texts().items():
            if name.startswith("01_"):
                text = text.replace("写明检查中查明的事实", "县司法局修订：写明查明的事实")
            (own_templates / name).write_text(text, encoding="utf-8")
        county.letters.reload_types()

        up = export(town, stick, "新城镇-全部.yypkg")
        made = last_export(town)
        wanted = referenced_files(town)
        assert (made.attachments, made.missing_files) == (len(wanted), ())
        reports = county.sync_import.import_files([up])
        assert statuses(reports) == [(up.name, "applied")]
        assert reports[0].stats["applied"] == made.records

        town_files = file_hashes(town.paths.attachments)
        county_files = file_hashes(county.paths.attachments)
        assert county_files == town_files  # every file, under the same name, same bytes
        for sha in wanted:
            assert county_files[f"{sha[:2]}/{sha}"] == sha
        assert county.inspections.attachment_file(photo.id).read_bytes() == PNG
        assert county.inspections.attachment_file(scan.id).read_bytes() == PDF
        for letter in letters:
            assert county.letters.pdf(letter) == town.letters.pdf(letter)
        assert sync_tmp(county) == []

        down = export(county, stick, "右玉县-参考数据.yypkg")
        reports = town.sync_import.import_files([down])
        assert statuses(reports) == [(down.name, "applied")]
        assert "文书模板已更新" in reports[0].message

        sent = county.letters.template_texts()
        folder = town.paths.county_templates
        assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.json")} == sent
        assert sorted(p.name for p in folder.iterdir()) == sorted(sent)
        assert town.letters.templates_folder() == folder
        assert town.letters.template_texts() == sent
        assert town.settings.get("inspections.quiet_window") == "5-15"
        assert town.settings.get("inspections.quiet_exceptions") == ["上级部署", "投诉举报", "其他"]
        assert [s.standard for s in town.standards.current_all()] == [s.standard for s in standards]
        reference = ["scoring_standards"]
        assert dump(town.paths.database, reference) == dump(county.paths.database, reference)
        assert count_rows(town, "scoring_standards", "origin_office = ?", COUNTY[1]) == len(
            standards
        )
        assert town.registry.get("units", catalogue).values["name"] == "右玉县市场监督管理局"
        # the same reference package again changes nothing
        again = town.sync_import.import_files([down])
        assert statuses(again) == [(down.name, "already")]
        assert hashlib.sha256(down.read_bytes()).hexdigest() == last_export(county).sha256


def test_the_county_loads_its_demonstration_data_after_a_townships_arrived(tmp_path):
    """The demo works with this office's records only: after 新城镇's demo came up (the same
    units, people and enterprises by name), the county's own demo is added in full."""
    from tests.conftest import DEMO_ADDED

    with offices(tmp_path, demo_town=True) as w:
        up = export(w.town, tmp_path / "stick", "新城镇.yypkg")
        assert statuses(w.county.sync_import.import_files([up])) == [(up.name, "applied")]
        added = w.county.demo.load().added
        assert added == DEMO_ADDED
        assert sum(w.county.demo.load().added.values()) == 0  # twice adds nothing
        for table in ("enforcement_units", "inspections", "letters"):
            own = count_rows(w.county, table, "origin_office = ?", COUNTY[1])
            town = count_rows(w.county, table, "origin_office = ?", "140623101")
            assert own > 0 and town > 0, table
