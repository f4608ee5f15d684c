"""Three offices that exchange sync packages: the county C and the townships A and B.

:func:`build_template` sets them up once (keys exchanged both ways, three county units already
handed down to both townships); each :class:`SyncWorld` works on a fresh copy of those folders,
so that every hypothesis example starts from the same place.  Edits go through
``services.database.writer()`` sessions, which log them in ``change_log`` as the program's own
edits do; packages go through the sync services, as at an office.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.credit_code import check_character
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.sync.exporting import NothingToExport
from yuyou_desktop.services.sync.importing import ALREADY, ImportReport
from yuyou_desktop.storage import changes
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise, Person

OFFICES = {
    "C": ("county", "140623", "右玉县司法局", "右司监"),
    "A": ("township", "140623101", "右卫镇司法所", "右卫司"),
    "B": ("township", "140623102", "威远镇司法所", "威远司"),
}
CODE = {name: profile[1] for name, profile in OFFICES.items()}
TOWNSHIPS = ("A", "B")
MODELS: dict[str, Any] = {
    "enterprises": Enterprise,
    "people": Person,
    "enforcement_units": EnforcementUnit,
}
# what an edit may set, per table: a small choice of values, so that two offices sometimes
# make the very same edit
EDITS: dict[str, dict[str, tuple[Any, ...]]] = {
    "enterprises": {
        "phone": ("0349-8021001", "0349-8021002", "13903491234"),
        "address": ("右玉县新城镇南街1号", "右玉县新城镇北街8号", ""),
        "category": ("industry", "trade", "other"),
    },
    "people": {
        "phone": ("13803490001", "13803490002", ""),
        "organisation": ("右卫镇人民政府", "右卫镇综合行政执法队", ""),
        "legal_qualification": (True, False, True),
    },
    "enforcement_units": {
        "phone": ("0349-5021001", "0349-5021002", "0349-5021003"),
        "contact_person": ("王建国", "李秀英", "张伟"),
        "status": ("active", "suspended", "abolished"),
    },
}
UNIT_NAMES = ("右玉县市场监督管理局", "右玉县应急管理局", "右玉县交通运输局")


def credit(prefix: str, n: int) -> str:
    body = f"{prefix}140623{n:09d}"
    return body + check_character(body)


def new_unit(n: int) -> EnforcementUnit:
    return EnforcementUnit(
        name=f"{UNIT_NAMES[n % len(UNIT_NAMES)]}（{n}）", credit_code=credit("11", n),
        kind="statutory", level="county", status="active", address="右玉县新城镇",
    )  # fmt: skip


def _open(folder: Path) -> Services:
    services = build_services(DataPaths(folder))
    services.database.open()
    return services


def build_template(root: Path) -> Path:
    """The three offices, keys exchanged, three county units imported at both townships."""
    offices: dict[str, Services] = {}
    for name, (role, code, office_name, prefix) in OFFICES.items():
        offices[name] = build_services(DataPaths(root / name))
        offices[name].office.initialize(role, code, office_name, prefix)
    county = offices["C"]
    for name in TOWNSHIPS:
        key = offices[name].sync_keys.export_public(root / f"{name}.key")
        county.sync_keys.trust(CODE[name], OFFICES[name][2], key)
    county_key = county.sync_keys.export_public(root / "C.key")
    with county.database.writer() as session:
        session.add_all(new_unit(n) for n in range(3))
    county.sync_export.export(root / "reference-0.yypkg")
    for name in TOWNSHIPS:
        offices[name].sync_keys.trust(CODE["C"], OFFICES["C"][2], county_key)
        [report] = offices[name].sync_import.import_files([root / "reference-0.yypkg"])
        assert report.status == "applied", report.message
    for services in offices.values():
        services.database.close()
    return root


@dataclass
class Package:
    path: Path
    sender: str
    reports: dict[str, str] = field(default_factory=dict)  # office → last status there
    waited: bool = False  # was kept as pending at some point


class SyncWorld:
    """``skew``: how far each office's clock is off (edits are stamped with that clock)."""

    def __init__(self, template: Path, work: Path, skew: dict[str, timedelta]) -> None:
        for name in OFFICES:
            shutil.copytree(template / name, work / name)
        self.offices = {name: _open(work / name) for name in OFFICES}
        self.outbox = work / "packages"
        self.outbox.mkdir()
        self.packages: list[Package] = []  # in the order they were made
        self.created: dict[str, tuple[str, str]] = {}  # record id → (table, owner)
        self.deleted: dict[str, set[tuple[str, str]]] = {name: set() for name in OFFICES}
        self.log: list[str] = []  # what happened, for a failing example's note
        self.skew = skew
        self._serial = 1000
        with self.offices["C"].database.reader() as session:
            for unit_id in session.scalars(select(EnforcementUnit.id)):
                self.created[unit_id] = ("enforcement_units", "C")

    def close(self) -> None:
        for services in self.offices.values():
            services.database.close()

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    # ------------------------------------------------------------ edits

    @contextmanager
    def clock(self, office: str) -> Iterator[None]:
        """Edits made inside are stamped with ``office``'s clock."""
        real = changes.utcnow
        changes.utcnow = lambda: real() + self.skew.get(office, timedelta())
        try:
            yield
        finally:
            changes.utcnow = real

    def live(self, office: str, table: str, owner: str) -> list[str]:
        model = MODELS[table]
        with self.offices[office].database.reader() as session:
            query = select(model.id).where(
                model.origin_office == CODE[owner], model.deleted_at.is_(None)
            )
            return sorted(session.scalars(query))

    def create(self, office: str, table: str, pick: int) -> None:
        n = self._next()
        if table == "enterprises":
            row: Any = Enterprise(
                name=f"右玉{OFFICES[office][2][:2]}建材有限公司{n}号", credit_code=credit("91", n),
                category="industry", township_code=CODE[office], address="右玉县",
            )  # fmt: skip
        else:
            units = self.live(office, "enforcement_units", "C")
            unit_id = units[pick % len(units)] if units and pick % 3 else None
            row = Person(
                name=f"赵{n}", id_number=f"140623198001{n:06d}", role="enforcement",
                unit_id=unit_id, organisation=OFFICES[office][2],
            )  # fmt: skip
        with self.clock(office), self.offices[office].database.writer() as session:
            session.add(row)
        self.created[row.id] = (table, office)
        self.log.append(f"{office} creates {table} {row.id[-6:]}")

    def create_unit(self) -> None:
        row = new_unit(self._next())
        with self.clock("C"), self.offices["C"].database.writer() as session:
            session.add(row)
        self.created[row.id] = ("enforcement_units", "C")
        self.log.append(f"C creates enforcement_units {row.id[-6:]}")

    def edit(self, office: str, table: str, owner: str, pick: int, column: int, value: int) -> None:
        found = self.live(office, table, owner)
        if not found:
            return
        record_id = found[pick % len(found)]
        name = sorted(EDITS[table])[column % len(EDITS[table])]
        new = EDITS[table][name][value % 3]
        with self.clock(office), self.offices[office].database.writer() as session:
            setattr(session.get(MODELS[table], record_id), name, new)
        self.log.append(f"{office} sets {table} {record_id[-6:]}.{name} = {new!r}")

    def delete(self, office: str, table: str, owner: str, pick: int) -> None:
        found = self.live(office, table, owner)
        if not found:
            return
        record_id = found[pick % len(found)]
        with self.clock(office), self.offices[office].database.writer() as session:
            session.get(MODELS[table], record_id).deleted_at = changes.utcnow()
        self.deleted[office].add((table, record_id))
        self.log.append(f"{office} deletes {table} {record_id[-6:]}")

    # ------------------------------------------------------------ packages

    def export(self, office: str, full: bool = False) -> Package | None:
        number = len(self.packages) + 1
        path = self.outbox / f"{number:03d}-{office}.yypkg"
        try:
            result = self.offices[office].sync_export.export(path, full=full)
        except NothingToExport:
            return None
        package = Package(path, office)
        self.packages.append(package)
        self.log.append(f"{office} exports {path.name} (seq {result.seq_from}–{result.seq_to})")
        return package

    def receivers(self, package: Package) -> tuple[str, ...]:
        return TOWNSHIPS if package.sender == "C" else ("C",)

    def deliver(self, office: str, packages: list[Package]) -> list[ImportReport]:
        """Import ``packages`` at ``office`` in one call; check what the reports promise."""
        assert all(office in self.receivers(p) for p in packages)
        if not packages:
            return []
        before = {p.path.name: p.reports.get(office) for p in packages}
        again = all(status in ("applied", ALREADY) for status in before.values())
        snapshot = self.dump(office) if again else None
        reports = self.offices[office].sync_import.import_files([p.path for p in packages])
        by_name = {p.path.name: p for p in self.packages}
        for report in reports:
            assert report.status != "rejected", f"{office}: {report.file}: {report.message}"
            by_name[report.file].reports[office] = report.status
            by_name[report.file].waited |= report.status == "pending"
            if before.get(report.file) in ("applied", ALREADY):
                assert report.status == ALREADY, f"{report.file} imported again at {office}"
        self.log.append(f"{office} imports " + ", ".join(f"{r.file}:{r.status}" for r in reports))
        if snapshot is not None:
            assert self.dump(office) == snapshot, f"importing again changed {office}"
        self.check_tombstones()
        return reports

    def check_tombstones(self) -> None:
        """Whatever was deleted at an office stays deleted there."""
        for office, gone in self.deleted.items():
            with self.offices[office].database.reader() as session:
                for table in MODELS:
                    model = MODELS[table]
                    deleted = set(
                        session.scalars(select(model.id).where(model.deleted_at.is_not(None)))
                    )
                    revived = {r for t, r in gone if t == table} - deleted
                    assert not revived, f"{table} {sorted(revived)} revived at {office}"
                    gone.update((table, r) for r in deleted)

    # ------------------------------------------------------------ reading the offices

    def rows(self, office: str, table: str, owner: str | None = None) -> dict[str, tuple]:
        """Every column of every row of ``table`` at ``office`` (optionally one owner's)."""
        with self.offices[office].database.reader() as session:
            conn = session.connection().exec_driver_sql
            sql, args = f'SELECT * FROM "{table}"', ()
            if owner is not None:
                sql, args = sql + " WHERE origin_office = ?", (CODE[owner],)
            result = conn(sql, args)
            key = [d[0] for d in result.cursor.description].index("id")
            return {row[key]: tuple(row) for row in result}

    def dump(self, office: str) -> dict[str, list[tuple]]:
        """Every row of every table at ``office``: the "nothing changed" check."""
        with self.offices[office].database.reader() as session:
            run = session.connection().exec_driver_sql
            names = [
                n for (n,) in run("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]  # fmt: skip
            return {n: sorted(map(tuple, run(f'SELECT * FROM "{n}"')), key=repr) for n in names}

    def leftovers(self, office: str) -> list[str]:
        tmp = self.offices[office].paths.root / "sync" / "tmp"
        return sorted(p.name for p in tmp.iterdir()) if tmp.exists() else []
