"""Shared set-up of the 数据同步 reliability tests (test_sync_*): a county (140623 右玉县司法局)
and two townships (140623101 新城镇司法所, 140623102 威远镇司法所) whose keys are exchanged —
the county has enrolled both townships, each township has pinned the county — and a third
township (140623103 元堡子镇司法所) that pinned the county but was never enrolled there.

Setting up four offices (keys, schema) takes a few seconds, so it is done once per test process
and each test works on its own copy of those data folders (``offices``); copying the county
folder twice gives two counties with the same keys (one package, two receivers).  The helpers
make packages the real way (``export``) or by hand (``hand_package``: a payload zip built entry
by entry, sealed with the township's real signing key for the county's real encryption key)."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import re
import shutil
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import x25519
from sqlalchemy import select

from tests.conftest import file_state
from tests.integration.review_world import credit_code, id_number
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.ids import uuid7
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.sync.exporting import ExportResult
from yuyou_desktop.services.sync.importing import ImportReport
from yuyou_desktop.storage.migrate import HEAD_REVISION
from yuyou_desktop.storage.models import Office
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.envelope import open_package, seal_stream
from yuyou_desktop.sync.payload import PayloadReader
from yuyou_desktop.sync.rows import codecs

COUNTY = ("county", "140623", "右玉县司法局", "右司监")
TOWN = ("township", "140623101", "新城镇司法所", "新司")
TOWN2 = ("township", "140623102", "威远镇司法所", "威司")
STRANGER = ("township", "140623103", "元堡子镇司法所", "元司")
OFFICES = {"county": COUNTY, "town": TOWN, "town2": TOWN2, "stranger": STRANGER}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SYNCED = sorted(codecs())  # every synchronised table

_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """The four offices' data folders, set up once per process (removed when it ends)."""
    if "folder" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="yuyou-sync-"))
        atexit.register(shutil.rmtree, folder, True)
        built = {}
        try:
            for name, (role, code, office_name, prefix) in OFFICES.items():
                built[name] = build_services(DataPaths(folder / name))
                built[name].office.initialize(role, code, office_name, prefix)
                built[name].sync_keys.export_public(folder / f"{name}.key")
            for name in ("town", "town2", "stranger"):
                _, code, office_name, _ = OFFICES[name]
                if name != "stranger":
                    built["county"].sync_keys.trust(code, office_name, folder / f"{name}.key")
                built[name].sync_keys.trust(COUNTY[1], COUNTY[2], folder / "county.key")
        finally:
            for services in built.values():
                services.database.close()
        _TEMPLATE["folder"] = folder
    return _TEMPLATE["folder"]


def _demo_town() -> Path:
    """新城镇司法所 with the demonstration data loaded (≈570 changes; issued letters with
    their PDFs in its attachment store), set up once per process."""
    if "demo" not in _TEMPLATE:
        folder = template() / "demo-town"
        shutil.copytree(template() / "town", folder)
        services = build_services(DataPaths(folder))
        try:
            services.demo.load()
        finally:
            services.database.close()
        _TEMPLATE["demo"] = folder
    return _TEMPLATE["demo"]


class Offices:
    """The offices of one test, each opened on first use and closed at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[str, Services] = {}

    def folder(self, name: str) -> Path:
        return self.root / name

    def copy(self, source: str, target: str) -> None:
        """A second installation with the same keys (the source must be closed or idle)."""
        if source in self._open:
            self._open[source].database.close()
            del self._open[source]
        shutil.copytree(self.folder(source), self.folder(target))

    def __getitem__(self, name: str) -> Services:
        if name not in self._open:
            self._open[name] = build_services(DataPaths(self.folder(name)))
        return self._open[name]

    @property
    def county(self) -> Services:
        return self["county"]

    @property
    def town(self) -> Services:
        return self["town"]

    @property
    def town2(self) -> Services:
        return self["town2"]

    @property
    def stranger(self) -> Services:
        return self["stranger"]

    def close(self, name: str | None = None) -> None:
        for key in [name] if name else list(self._open):
            services = self._open.pop(key, None)
            if services is not None:
                services.database.close()


@contextmanager
def offices(tmp_path: Path, demo_town: bool = False) -> Iterator[Offices]:
    """Copies of the template's county and townships in ``tmp_path`` (新城镇 with the demo
    data when ``demo_town``)."""
    folder = template()
    root = tmp_path / "offices"
    root.mkdir()
    for name in OFFICES:
        source = _demo_town() if demo_town and name == "town" else folder / name
        shutil.copytree(source, root / name)
    world = Offices(root)
    try:
        yield world
    finally:
        world.close()


# ---------------------------------------------------------------- records and packages


def add_unit(services: Services, name: str, n: int, level: str = "乡镇") -> str:
    values = {
        "name": name,
        "credit_code": credit_code(n),
        "kind": "法定行政机关",
        "level": level,
        "status": "正常",
    }
    return services.registry.save("units", None, values).id


def edit_unit(services: Services, record_id: str, **changes: Any) -> None:
    """Save the unit's form with ``changes`` (every other field as it is)."""
    row = services.registry.get("units", record_id)
    services.registry.save("units", record_id, {**row.values, **changes}, row.version)


def add_person(services: Services, name: str, n: int, unit: str = "") -> str:
    values = {"name": name, "id_number": id_number(n), "role": "执法人员", "unit": unit}
    return services.registry.save("people", None, values).id


def export(services: Services, folder: Path, name: str, full: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    services.sync_export.export(folder / name, full=full)
    return folder / name


def last_export(services: Services) -> ExportResult:
    return services.sync_export.history(1)[0]


def statuses(reports: Sequence[ImportReport]) -> list[tuple[str, str]]:
    return [(r.file, r.status) for r in reports]


def epoch_of(services: Services) -> str:
    with services.database.reader() as session:
        return session.execute(select(Office.db_epoch)).scalar_one()


def sync_tmp(services: Services) -> list[str]:
    folder = services.paths.sync / "tmp"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def pending_files(services: Services) -> list[str]:
    folder = services.paths.sync / "pending"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def opened_rows(county: Services, package: Path) -> dict[str, list[dict[str, Any]]]:
    """The changes inside a township's package, decrypted with the county's key."""
    payload = io.BytesIO()
    with package.open("rb") as src:
        open_package(
            src, county.sync_keys.verifier("township"), payload, county.sync_keys.decryption_key()
        )
    reader = PayloadReader(payload)
    try:
        return {table: list(reader.rows(table)) for table in reader.tables}
    finally:
        reader.close()


def jsonl(changes: Sequence[Mapping[str, Any]]) -> bytes:
    return b"".join(json.dumps(c, ensure_ascii=False).encode() + b"\n" for c in changes)


def zip_payload(entries: Sequence[tuple[str, bytes]], manifest: bool = True) -> bytes:
    """A payload zip with exactly these entries (duplicates allowed), listed in its manifest."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in entries:
                archive.writestr(name, content)
            if manifest:
                listed = {
                    n: {"size": len(c), "sha256": hashlib.sha256(c).hexdigest()} for n, c in entries
                }
                rows = {
                    n[len("changes/") : -len(".jsonl")]: c.count(b"\n")
                    for n, c in entries
                    if n.startswith("changes/") and n.endswith(".jsonl")
                }
                archive.writestr("manifest.json", json.dumps({"entries": listed, "rows": rows}))
    return buffer.getvalue()


def seal_package(
    signer_office: Services,
    county: Services,
    payload: bytes,
    target: Path,
    recipient: x25519.X25519PublicKey | None = None,
    encrypted: bool = True,
    **header: Any,
) -> Path:
    """Seal ``payload`` with the signer office's real signing key, encrypted to the county's
    public key (or ``recipient``; not at all unless ``encrypted``); ``header`` overrides the
    fields a township's export writes."""
    own = signer_office.sync_keys.own()
    fields = {
        "package_id": uuid7(),
        "kind": "township_changes",
        "origin_office": own.office_code,
        "key_id": own.fingerprint,
        "db_epoch": epoch_of(signer_office),
        "seq_from": 1,
        "seq_to": 1,
        "schema_version": HEAD_REVISION,
        "created_at": utcnow().isoformat(),
        **header,
    }
    if recipient is None and encrypted:
        public = bytes.fromhex(county.sync_keys.own().encryption_public_key)
        recipient = x25519.X25519PublicKey.from_public_bytes(public)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        seal_stream(
            fields, io.BytesIO(payload), out, signer_office.sync_keys.signing_key(), recipient
        )
    return target


def hand_package(
    town: Services,
    county: Services,
    target: Path,
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    extra: Sequence[tuple[str, bytes]] = (),
    **header: Any,
) -> Path:
    """A township package made by hand: ``tables`` (table → changes) plus ``extra`` entries;
    seq_from/seq_to default to the lowest and highest seq of the changes."""
    entries = [(f"changes/{t}.jsonl", jsonl(rows)) for t, rows in tables.items()]
    seqs = [c["seq"] for rows in tables.values() for c in rows if isinstance(c.get("seq"), int)]
    header.setdefault("seq_from", min(seqs, default=1))
    header.setdefault("seq_to", max(seqs, default=1))
    return seal_package(town, county, zip_payload([*entries, *extra]), target, **header)


# ---------------------------------------------------------------- the database, whole


def dump(path: Path, tables: Sequence[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (or of ``tables``), sorted — read through a separate read-only
    connection, so that WAL checkpoints and closed pools do not matter."""
    uri = f"file:{path}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = tables or [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in sorted(names)
        }


def synced_state(services: Services) -> dict[str, Any]:
    """What two receivers of the same packages must agree on: every synchronised table's rows
    and, per office and epoch, the sequence reached."""
    state: dict[str, Any] = dump(services.paths.database, SYNCED)
    state["peer_state"] = dump(services.paths.database, ["peer_state"])["peer_state"]
    state["peer_state"] = sorted((r[0], r[1], r[2]) for r in state["peer_state"])
    return state


def count_rows(services: Services, table: str, where: str = "1", *args: Any) -> int:
    with closing(sqlite3.connect(f"file:{services.paths.database}?mode=ro", uri=True)) as conn:
        return conn.execute(f'SELECT count(*) FROM "{table}" WHERE {where}', args).fetchone()[0]


def unit_row(services: Services, record_id: str) -> dict[str, Any]:
    with closing(sqlite3.connect(f"file:{services.paths.database}?mode=ro", uri=True)) as conn:
        cursor = conn.execute("SELECT * FROM enforcement_units WHERE id = ?", (record_id,))
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def other_files(services: Services) -> dict[str, bytes]:
    """Every file of the data folder but the database's own (yuyou.db, -wal, -shm)."""
    found = file_state(services.paths.root)
    return {k: v for k, v in found.items() if not k.startswith(services.paths.database.name)}


def refused(services: Services, package: Path, *words: str) -> ImportReport:
    """Import ``package`` expecting a refusal whose Chinese reason names ``words``; prove that
    nothing changed: every table, every other file, no working copy and nothing kept."""
    before, files = dump(services.paths.database), other_files(services)
    report = services.sync_import.import_file(package)
    assert report.status == "rejected", report
    assert CHINESE.search(report.message), report.message
    assert f"“{package.name}”不能导入" in report.message, report.message
    for word in words:
        assert word in report.message, report.message
    assert dump(services.paths.database) == before
    assert other_files(services) == files
    assert sync_tmp(services) == [] and pending_files(services) == []
    return report


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
