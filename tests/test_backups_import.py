"""A backup is taken before a package import changes the database (and the import goes on as
before); an import that changes nothing — a package already imported, or refused — leaves no
backup behind."""

from __future__ import annotations

import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from tests.integration.sync_support import TOWN, add_unit, count_rows, export, offices
from yuyou_desktop.domain.backups import parse_archive_name

TOWN_CODE = TOWN[1]


def archives(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if parse_archive_name(p.name) is not None)


def units_of(archive: Path, office: str, tmp_path: Path) -> int:
    copy = tmp_path / "inside.db"
    with zipfile.ZipFile(archive) as zf:
        copy.write_bytes(zf.read("yuyou.db"))
    with closing(sqlite3.connect(copy)) as conn:
        query = "SELECT count(*) FROM enforcement_units WHERE origin_office = ?"
        return conn.execute(query, (office,)).fetchone()[0]


def test_an_import_is_preceded_by_a_backup_of_the_database_as_it_was(tmp_path: Path) -> None:
    with offices(tmp_path) as w:
        add_unit(w.town, "新城镇综合行政执法队", 1)
        add_unit(w.town, "新城镇市场监管所", 2)
        package = export(w.town, tmp_path / "stick", "新城镇-1.yypkg")
        folder = w.county.paths.backups

        [report] = w.county.sync_import.import_files([package])

        assert report.status == "applied", report.message
        assert count_rows(w.county, "enforcement_units", "origin_office = ?", TOWN_CODE) == 2
        [archive] = archives(folder)
        assert parse_archive_name(archive.name).kind == "before-import"
        assert units_of(archive, TOWN_CODE, tmp_path) == 0  # taken before the rows came in

        [again] = w.county.sync_import.import_files([package])
        assert again.status == "already"
        assert archives(folder) == [archive]  # nothing changed: no second backup

        truncated = tmp_path / "stick" / "坏.yypkg"
        truncated.write_bytes(package.read_bytes()[:500])
        [refused] = w.county.sync_import.import_files([truncated])
        assert refused.status == "rejected"
        assert archives(folder) == [archive]


def test_several_packages_in_one_import_take_one_backup(tmp_path: Path) -> None:
    with offices(tmp_path) as w:
        add_unit(w.town, "新城镇综合行政执法队", 1)
        first = export(w.town, tmp_path / "stick", "新城镇-1.yypkg")
        add_unit(w.town2, "威远镇综合行政执法队", 3)
        second = export(w.town2, tmp_path / "stick", "威远镇-1.yypkg")

        reports = w.county.sync_import.import_files([first, second])

        assert [r.status for r in reports] == ["applied", "applied"]
        assert len(archives(w.county.paths.backups)) == 1


def test_when_the_backup_cannot_be_written_nothing_is_imported(tmp_path: Path) -> None:
    with offices(tmp_path) as w:
        add_unit(w.town, "新城镇综合行政执法队", 1)
        package = export(w.town, tmp_path / "stick", "新城镇-1.yypkg")
        w.county.paths.backups.write_text("a file where the backups folder should be")

        [report] = w.county.sync_import.import_files([package])

        assert report.status == "rejected"
        assert report.message.startswith("导入前的自动备份没有完成")
        assert "没有做任何修改" in report.message
        assert count_rows(w.county, "enforcement_units", "origin_office = ?", TOWN_CODE) == 0
