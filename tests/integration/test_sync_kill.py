"""The import killed at random points (SIGKILL, as a power cut or the task manager would): the
county's database passes SQLite's integrity check and holds either none of the package or all of
it — rows, imported_packages and peer_state together, never part — and importing the same file
again afterwards ends exactly where a clean import ends (sync-protocol.md, import rule 7).

The import runs in a child process on a copy of the county folder; a package of 新城镇's demo data
plus a few thousand generated 检查对象 makes it last long enough to be cut at different stages
(copying in, decrypting, checking, storing files, applying rows, committing)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.integration.sync_support import (
    SYNCED,
    TOWN,
    dump,
    export,
    offices,
    sync_tmp,
    template,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.models import Enterprise

ROOT = Path(__file__).resolve().parents[2]
GENERATED = 3000
KILLS = 10
CHILD = """
import sys, time
from pathlib import Path
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
services = build_services(DataPaths(Path(sys.argv[1])))
services.sync_keys.own()  # the database is open: what follows is the import alone
print("ready", flush=True)
sys.stdin.readline()
start = time.perf_counter()
report = services.sync_import.import_file(Path(sys.argv[2]))
print(report.status, time.perf_counter() - start, flush=True)
services.database.close()
"""


class Child:
    """``yuyou``'s import in a child process on ``folder``; it starts up (a second or two of
    imports) and waits for ``go`` — so the next child can start up while this one's folder is
    checked, and the delay before a kill counts from the start of the import itself."""

    def __init__(self, folder: Path, package: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(package)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def run(self, kill_after: float | None) -> tuple[bool, float]:
        """Import; kill it ``kill_after`` seconds in (SIGKILL).  Returns whether it was killed
        before it finished, and the import's own duration when it finished."""
        child = self.process
        assert child.stdin is not None and child.stdout is not None
        try:
            assert child.stdout.readline().strip() == "ready"
            child.stdin.write("go\n")
            child.stdin.flush()
            if kill_after is None:
                out, err = child.communicate(timeout=120)
                assert child.returncode == 0, err
                status, seconds = out.split()
                assert status == "applied", out
                return False, float(seconds)
            time.sleep(kill_after)
            child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
            child.communicate(timeout=30)
            return child.returncode != 0, 0.0
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()


def outcome(folder: Path) -> dict[str, Any]:
    """What an import leaves that a person would notice: the synchronised rows, the package
    recorded as imported (less its time), the office's sequence, conflicts, the stored files."""
    db = folder / "yuyou.db"
    state: dict[str, Any] = dump(db, SYNCED)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        state["imported"] = conn.execute(
            "SELECT package_id, sha256, origin_office, epoch, seq_from, seq_to, file_name, counts"
            " FROM imported_packages"
        ).fetchall()
        state["peer"] = conn.execute(
            "SELECT origin_office, epoch, max_seq, last_package_id FROM peer_state"
        ).fetchall()
        state["conflicts"] = conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    store = folder / "attachments"
    state["files"] = sorted(
        p.name for p in store.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    return state


def township_rows(folder: Path) -> int:
    db = folder / "yuyou.db"
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return sum(
            conn.execute(
                f'SELECT count(*) FROM "{t}" WHERE origin_office = ?', (TOWN[1],)
            ).fetchone()[0]
            for t in SYNCED
        )


def integrity(folder: Path) -> list[str]:
    """SQLite's own check, on a connection that first recovers the WAL the kill left."""
    with closing(sqlite3.connect(folder / "yuyou.db")) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, Any]]]:
    """The package, the county before it, and the outcome of a clean import of it."""
    tmp = tmp_path_factory.mktemp("kill")
    with offices(tmp, demo_town=True) as w:
        with w.town.database.writer() as session:
            insert_synced(
                session, Enterprise,
                ({"name": f"右玉县测试企业{n:05d}", "credit_code": f"91140623KILL{n:06d}",
                  "category": "other", "township_code": TOWN[1]} for n in range(GENERATED)),
            )  # fmt: skip
        package = export(w.town, tmp / "stick", "新城镇-大.yypkg")
    pristine = tmp / "county-before"
    shutil.copytree(template() / "county", pristine)
    clean = tmp / "county-clean"
    shutil.copytree(pristine, clean)
    services = build_services(DataPaths(clean))
    try:
        report = services.sync_import.import_file(package)
        assert report.status == "applied" and report.stats["applied"] > GENERATED
    finally:
        services.database.close()
    yield package, pristine, outcome(clean)


def after_the_kill(folder: Path, package: Path, before: Any, clean: Any) -> tuple[str, int, int]:
    """Check a county folder whose import was killed, then retry there.  Returns its state
    (untouched / complete) and how many leftovers the kill left in sync/tmp and the store."""
    assert integrity(folder) == ["ok"]
    if township_rows(folder) == 0:
        assert dump(folder / "yuyou.db") == before  # untouched: every table as it was
        state = "untouched"
    else:
        assert outcome(folder) == clean  # complete: rows, imported_packages, peer_state
        state = "complete"
    leftovers = sorted(p.name for p in (folder / "sync" / "tmp").glob("*"))
    half_files = sorted(p.name for p in (folder / "attachments").rglob(".incoming-*"))

    services = build_services(DataPaths(folder))
    try:
        report = services.sync_import.import_file(package)
        assert report.status == ("applied" if state == "untouched" else "already"), report
        assert outcome(folder) == clean
        assert services.database.integrity_errors() == []
        # the retry itself leaves nothing behind; what the kill left stays (it might belong to
        # another process) until it is old, when the next import clears it away
        assert sync_tmp(services) == leftovers
        aged = time.time() - 2 * 3600
        for name in leftovers:
            os.utime(services.paths.sync / "tmp" / name, (aged, aged))
        assert [r.status for r in services.sync_import.import_files([package])] == ["already"]
        assert sync_tmp(services) == []
    finally:
        services.database.close()
    return state, len(leftovers), len(half_files)


def test_an_import_killed_at_random_points_is_all_or_nothing_and_can_be_retried(big, tmp_path):
    package, pristine, clean = big
    before = dump(pristine / "yuyou.db")
    measured = tmp_path / "measured"
    shutil.copytree(pristine, measured)
    _, duration = Child(measured, package).run(None)
    assert outcome(measured) == clean

    # random points over the measured duration, a little past it (a child that is checked
    # beside others runs slower than the one measured): the last ones land in the commit
    rng = random.Random(20260615)
    delays = [1.3 * duration * (k + rng.random()) / KILLS for k in range(KILLS)]
    seen: list[tuple[str, int, int]] = []  # (state, leftovers in tmp, leftovers in the store)
    folders = [tmp_path / f"county-{number}" for number in range(KILLS)]
    shutil.copytree(pristine, folders[0])
    waiting = Child(folders[0], package)
    try:
        for number, (folder, delay) in enumerate(zip(folders, delays, strict=True)):
            killed, _ = waiting.run(delay)
            if number + 1 < KILLS:  # the next child starts up while this folder is checked
                shutil.copytree(pristine, folders[number + 1])
                waiting = Child(folders[number + 1], package)
            state = after_the_kill(folder, package, before, clean)
            assert killed or state[0] == "complete", (number, delay)
            seen.append(state)
    finally:
        if waiting.process.poll() is None:  # a failure left the next child waiting
            waiting.process.kill()
            waiting.process.communicate()
    print(f"\n{KILLS} kills in an import of {duration:.2f}s: {seen}")
    assert sum(1 for s in seen if s[0] == "untouched") >= 1  # some kills did land mid-import
