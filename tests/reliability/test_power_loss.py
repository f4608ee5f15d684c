"""Power loss: a process killed (SIGKILL) at random points while it saves records, issues letters
or takes backups leaves a database that passes ``PRAGMA integrity_check`` and holds every record
whose service call had returned — and the program carries on from there.

The work runs in a child process (``power_child.py``) on a copy of a county folder with the
demonstration data and a few thousand more 检查对象 (so that a backup takes several steps).  The
child prints each piece of work only after its service call returned (committed); the parent
waits for the first line, lets it work for a seeded random while, kills it, and checks the
folder: SQLite's own checks, every printed record with its data, the change log without gaps;
for letters every issued letter with its 发文字号 and a complete archived PDF, no number twice
or skipped, no half file under a final name in the store; for backups the live database and
every file under a backup's final name a complete, verifiable backup that holds what was
committed before it.  Then the program goes on in that folder: a letter is issued (the next
number), a backup is taken over the same names and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import COUNTY
from tests.reliability.power_child import unit_values
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.storage import migrate, sqlite_file
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.models import Enterprise
from yuyou_desktop.storage.restore import verify_backup

ROOT = Path(__file__).resolve().parents[2]
# kills per scenario; a backup is a few short steps between longer ones, so more kills there
# (with 8, a copy written straight under its final name is caught in every trial run)
KILLS = {"records": 5, "letters": 5, "backups": 8, "archives": 8}
MAX_DELAY = 0.35  # seconds of work after the first committed piece
SEEDS = {"records": 20261201, "letters": 20261202, "backups": 20261203, "archives": 20261204}
GENERATED = 3000
Line = list[str]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, letter_test_font: Path) -> Path:
    """A county folder with the demonstration data, its letters printed with the test font."""
    folder = tmp_path_factory.mktemp("power") / "template"
    services = build_services(DataPaths(folder))
    try:
        services.office.initialize(COUNTY["role"], COUNTY["code"], COUNTY["name"], COUNTY["prefix"])
        for role in ROLES:
            services.letter_fonts.choose(role, letter_test_font)
        services.demo.load()
        with services.database.writer() as session:
            insert_synced(
                session, Enterprise,
                ({"name": f"右玉县断电测试企业{n:05d}", "credit_code": f"91140623PWR{n:07d}",
                  "category": "other", "township_code": "140623101"} for n in range(GENERATED)),
            )  # fmt: skip
    finally:
        services.database.close()
    return folder


class Child:
    """``power_child`` on ``folder``: it starts up (imports, open) and waits for ``go``."""

    def __init__(self, scenario: str, folder: Path, backups: Path) -> None:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.power_child", scenario, str(folder),
             str(backups)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip

    def run(self, delay: float) -> list[Line]:
        """Let it work ``delay`` seconds after its first committed piece of work, then kill
        it (SIGKILL on POSIX, TerminateProcess on Windows); the complete lines it printed."""
        child = self.process
        assert child.stdin is not None and child.stdout is not None
        ready = child.stdout.readline()
        assert ready == "ready\n", ready + self.stop()
        child.stdin.write("go\n")
        child.stdin.flush()
        first = child.stdout.readline()
        assert first.endswith("\n"), first + self.stop()
        time.sleep(delay)
        working = child.poll() is None
        child.kill()
        out, err = child.communicate(timeout=30)
        assert working and "Traceback" not in err, f"the child stopped by itself:\n{err}"
        return [line.split("\t") for line in (first + out).split("\n")[:-1]]  # no cut line

    def stop(self) -> str:
        """Kill it if it has not been; what it wrote to stderr."""
        if self.process.returncode is not None:
            return ""
        self.process.kill()
        return self.process.communicate(timeout=30)[1] or ""


def killed_runs(scenario: str, template: Path, tmp: Path) -> Iterator[tuple[Path, list[Line]]]:
    """Runs on fresh copies of ``template``: (folder, lines printed).  The next child starts
    up while the caller checks the folder of the last one."""
    rng = random.Random(SEEDS[scenario])
    delays = [0.0, *(rng.uniform(0.0, MAX_DELAY) for _ in range(KILLS[scenario] - 1))]

    def start(n: int) -> tuple[Path, Child]:
        folder = tmp / f"{scenario}-{n}"
        shutil.copytree(template, folder / "data")
        (folder / "backups").mkdir()
        return folder, Child(scenario, folder / "data", folder / "backups")

    upcoming = start(0)
    try:
        for n, delay in enumerate(delays):
            folder, child = upcoming
            try:
                lines = child.run(delay)
            finally:
                child.stop()
            if n + 1 < len(delays):
                upcoming = start(n + 1)
            yield folder, lines
    finally:
        upcoming[1].stop()  # a test that failed leaves no child behind


# ---------------------------------------------------------------- checks


def sqlite_checks(db: Path) -> None:
    """SQLite's own checks, on a connection that first recovers the WAL the kill left; and the
    change log (every committed change is logged, seq contiguous per epoch)."""
    with closing(sqlite3.connect(db)) as conn:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for epoch, low, high, count in conn.execute(
            "SELECT epoch, min(seq), max(seq), count(*) FROM change_log GROUP BY epoch"
        ):
            assert count == high - low + 1, f"change_log of {epoch} has gaps"


def program_check(data: Path):  # -> Services, open
    """The program opens the folder and its own check passes."""
    services = build_services(DataPaths(data))
    report = services.maintenance.check()
    assert report.integrity_errors == [] and report.ok, report
    return services


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, params).fetchall()


def assert_records_present(db: Path, lines: list[Line]) -> None:
    """Every unit, enterprise and edit the child printed is there with its data."""
    units = dict(
        (r[0], r[1:]) for r in rows(db, "SELECT id, credit_code, name, remark, deleted_at "
                                    "FROM enforcement_units")
    )  # fmt: skip
    enterprises = dict(
        (r[0], r[1:]) for r in rows(db, "SELECT id, credit_code, name FROM enterprises")
    )
    logged = {r[0] for r in rows(db, "SELECT record_id FROM change_log")}
    for kind, record_id, *data in lines:
        if kind == "unit":
            assert units[record_id][:2] == tuple(data) and units[record_id][3] is None
        elif kind == "update":
            assert units[record_id][2] == data[0]
        elif kind == "enterprise":
            assert enterprises[record_id] == tuple(data)
        else:
            continue
        assert record_id in logged  # and it will travel with the next sync package


def assert_store_whole(store: Path) -> None:
    """No file under a final name in the attachment store is a half-written one."""
    for path in store.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path


def assert_backup_complete(path: Path, unit_ids: list[str]) -> None:
    """A backup the program would restore (header, integrity, schema, office) holding
    ``unit_ids``."""
    revision, _ = verify_backup(path, COUNTY["code"])
    assert revision == migrate.HEAD_REVISION
    with closing(sqlite_file.open_read_only(path)) as conn:
        present = {r[0] for r in conn.execute("SELECT id FROM enforcement_units")}
    assert set(unit_ids) <= present


# ---------------------------------------------------------------- the scenarios


def test_records_saved_before_the_kill_are_all_there(template, tmp_path):
    printed = 0
    for folder, lines in killed_runs("records", template, tmp_path):
        db = folder / "data" / "yuyou.db"
        sqlite_checks(db)
        assert_records_present(db, lines)
        services = program_check(folder / "data")
        try:  # the program carries on: a new record after the kill
            values = {**unit_values(0), "status": "正常"}  # the child counts from 1
            saved = services.registry.save("units", None, values)
            assert services.registry.get("units", saved.id).values["name"] == values["name"]
        finally:
            services.database.close()
        printed += len(lines)
    assert printed >= KILLS["records"]  # every run committed work before it was killed


def test_issued_letters_keep_their_number_and_a_complete_archive(template, tmp_path):
    for folder, lines in killed_runs("letters", template, tmp_path):
        db = folder / "data" / "yuyou.db"
        sqlite_checks(db)
        assert_store_whole(folder / "data" / "attachments")
        letters = {
            r[0]: r[1:]
            for r in rows(db, "SELECT id, status, number, pdf_sha256, pdf_size FROM letters")
        }
        drafts = [line[1] for line in lines if line[0] == "draft"]
        issued = {line[1]: line[2:] for line in lines if line[0] == "issued"}
        assert set(drafts) <= set(letters)
        for letter_id, (number, sha) in issued.items():
            assert letters[letter_id][0] == "issued" and letters[letter_id][1:3] == (number, sha)
        numbers = rows(
            db,
            "SELECT origin_office, type_code, year, serial, number, letter_id FROM letter_numbers"
            " ORDER BY origin_office, type_code, year, serial",
        )
        assert len({r[4] for r in numbers}) == len(numbers)  # no 发文字号 twice
        taken = [r[0] for r in rows(db, "SELECT number FROM letters WHERE number IS NOT NULL")]
        assert sorted(taken) == sorted(r[4] for r in numbers)  # each issued letter has its own
        for key in {r[:3] for r in numbers}:  # and none skipped
            serials = [r[3] for r in numbers if r[:3] == key]
            assert serials == list(range(1, len(serials) + 1)), key
        services = program_check(folder / "data")
        try:
            for letter_id, (status, number, sha, size) in letters.items():
                if status == "draft":
                    assert number is None and sha is None
                    continue
                pdf = services.letters.pdf(letter_id)  # refused if missing or not as issued
                assert len(pdf) == size and hashlib.sha256(pdf).hexdigest() == sha
                assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
                assert len(PdfReader(io.BytesIO(pdf), strict=True).pages) >= 1
            # the program carries on: a draft the kill left is issued with the next number
            left = [d for d in drafts if letters[d][0] == "draft"] or [new_draft(services)]
            record = services.letters.issue(left[0], services.letters.get(left[0]).version)
            ((key, serial),) = [
                (r[:3], r[3])
                for r in rows(db, "SELECT origin_office, type_code, year, serial, number, letter_id"
                              " FROM letter_numbers WHERE letter_id = ?", record.id)
            ]  # fmt: skip
            assert serial == sum(1 for r in numbers if r[:3] == key) + 1
        finally:
            services.database.close()


def new_draft(services) -> str:
    deadline = (date.today() + timedelta(days=30)).isoformat()
    fields = {"problems": "1. 未公示执法依据", "requirements": "限期公示", "deadline": deadline}
    return services.letters.create(
        LetterDraft("rectification", None, "右玉县市场监督管理局", "断电之后", fields)
    )


def test_backups_under_their_final_name_are_complete_and_the_database_intact(template, tmp_path):
    for folder, lines in killed_runs("backups", template, tmp_path):
        db = folder / "data" / "yuyou.db"
        backups = folder / "backups"
        sqlite_checks(db)
        assert_records_present(db, lines)
        units: list[str] = []
        last_backup: dict[str, list[str]] = {}  # name → units committed before its last backup
        for kind, value, *_ in lines:
            if kind == "unit":
                units.append(value)
            elif kind == "backup":
                assert Path(value).parent == backups.resolve()
                last_backup[Path(value).name] = list(units)
        finals = sorted(p.name for p in backups.glob("backup-?.db"))
        assert set(last_backup) <= set(finals)
        for name in finals:  # each a whole backup, never a cut one under the final name
            assert_backup_complete(backups / name, last_backup.get(name, []))
        services = program_check(folder / "data")
        try:  # the next backups over the same names work and clear what the kill left
            for name in ("backup-0.db", "backup-1.db", "backup-2.db"):
                services.maintenance.backup(backups / name, overwrite=True)
                assert_backup_complete(backups / name, units)
        finally:
            services.database.close()
        assert sorted(p.name for p in backups.iterdir()) == [
            "backup-0.db",
            "backup-1.db",
            "backup-2.db",
        ]


def test_automatic_archives_under_their_final_name_verify_and_rotation_survives(template, tmp_path):
    from yuyou_desktop.domain.backups import BEFORE_IMPORT
    from yuyou_desktop.storage.backup_format import extract_verified

    for folder, lines in killed_runs("archives", template, tmp_path):
        data = folder / "data"
        sqlite_checks(data / "yuyou.db")
        assert_records_present(data / "yuyou.db", lines)
        units: list[str] = []
        before: dict[str, list[str]] = {}  # archive → units committed before it was taken
        for kind, value, *_ in lines:
            if kind == "unit":
                units.append(value)
            elif kind == "archive":
                before[Path(value).name] = list(units)
        finals = sorted((data / "backups").glob("*.zip"))
        if before:  # the newest archive printed is never rotated away
            assert list(before)[-1] in {p.name for p in finals}
        for n, archive in enumerate(finals):  # whole, every member as its manifest says
            staging = folder / f"check-{n}"
            extract_verified(archive, staging)
            present = {r[0] for r in rows(staging / "yuyou.db", "SELECT id FROM enforcement_units")}
            assert set(before.get(archive.name, [])) <= present
        services = program_check(data)
        try:  # the next automatic archive works and rotation leaves one of today's
            outcome = services.backups.automatic(BEFORE_IMPORT)
            assert outcome is not None
            kept = sorted((data / "backups").glob("*.zip"))
            assert kept == [outcome.path]
        finally:
            services.database.close()
