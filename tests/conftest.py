"""Shared fixtures.  Every test gets its own data folder; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import run as cli_run
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

COUNTY = {"role": "county", "code": "140623", "name": "右玉县司法局", "prefix": "右司监"}
TOWNSHIP = {"role": "township", "code": "140623101", "name": "右卫镇司法所", "prefix": "右卫司"}


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user data folder or settings."""
    monkeypatch.delenv("YUYOU_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def services(data_paths: DataPaths) -> Services:
    """Services over an empty (not yet initialised) data folder."""
    built = build_services(data_paths)
    yield built
    built.database.close()


@pytest.fixture
def county(services: Services) -> Services:
    """Services over an initialised county office without demo data."""
    services.office.initialize(COUNTY["role"], COUNTY["code"], COUNTY["name"], COUNTY["prefix"])
    return services


@pytest.fixture
def county_demo(county: Services) -> Services:
    county.demo.load()
    return county


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def yuyou(data_paths: DataPaths) -> Callable[..., CliResult]:
    """Run the ``yuyou`` CLI in-process on this test's data folder."""

    def invoke(*args: str, data_dir: Path | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        folder = data_dir or data_paths.root
        code = cli_run(["--data-dir", str(folder), *args], build_services, out, err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke


def file_state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _demo_file_counts() -> dict[str, int]:
    import json

    from yuyou_desktop.paths import resources_dir

    folder = resources_dir() / "demo"

    inspections = json.loads((folder / "inspections.json").read_text(encoding="utf-8"))[
        "inspections"
    ]

    def count(file: str, key: str) -> int:
        return len(json.loads((folder / file).read_text(encoding="utf-8"))[key])

    return {
        "单位名录": count("offices.json", "offices"),
        "执法主体": count("units.json", "units"),
        "人员": count("people.json", "people"),
        "证件": count("certificates.json", "certificates"),
        "培训考核": count("trainings.json", "trainings"),
        "监督机构备案": count("filings.json", "filings"),
        "执法事项清单": count("matters.json", "matters"),
        "监督联系点": count("contact_points.json", "contact_points"),
        "检查对象": count("enterprises.json", "enterprises"),
        "线索": count("leads.json", "leads"),
        "线索移送": sum(
            len(lead.get("transfers", []))
            for lead in json.loads((folder / "leads.json").read_text(encoding="utf-8"))["leads"]
        ),
        "检查记录": len(inspections),
        "参加检查人次": sum(len(i["supervisors"]) + len(i.get("invited", [])) for i in inspections),
        "发现问题": sum(len(i.get("problems", [])) for i in inspections),
        # 案卷评查 (services/reviews/demo_reviews.py, a county office only): the default
        # standards; last year's campaign (6 units, 64 files, 18 drawn, 2 reviewers each,
        # 18 定稿 + 1 重新打开 + 1 定稿 again) and this year's (5 units, 50 files, 15 drawn,
        # 13 with 2 reviewers, 4 定稿)
        "评查标准": 4,
        "评查活动": 2,
        "评查单位": 6 + 5,
        "评查案卷": 64 + 50,
        "评分表": 2 * (18 + 13),
        "定稿记录": 18 + 2 + 4,
        # 文书 (services/letters/demo_letters.py): 17 issued (one voided, one a correction)
        # and one draft; a township's demo has no 评查结果通知书 (6 fewer)
        "文书": 18,
    }


# What `yuyou demo` adds to an empty office, by register title (from the resource files).
DEMO_ADDED = _demo_file_counts()


def _demo_links() -> int:
    """Demo inspections that verified a lead: each link is logged as an update of both rows."""
    import json

    from yuyou_desktop.paths import resources_dir

    text = (resources_dir() / "demo" / "inspections.json").read_text(encoding="utf-8")
    return sum(1 for i in json.loads(text)["inspections"] if i.get("lead"))


# Demo 案卷评查 rows edited after they were added, each edit logged: the 2 campaigns (sample
# drawn), the 33 files drawn, the 22 finalised (one reopened and finalised again: 2 more), the
# 53 sheets scored (the service's save, then the scoring time set to the demo's day; one sheet
# scored again after the reopening: 2 more).
DEMO_REVIEW_EDITS = 2 + 33 + 22 + 2 + 2 * 53 + 2
# Demo 文书 rows logged besides the letters added: the 17 numbers taken, the letters' 43 edits
# (17 issued, 13 served, 7 replied, 4 closed, 1 voided, 1 correction edited after it was
# started) and the voided number's reason.
DEMO_LETTER_LOG_ROWS = 17 + 43 + 1
# change_log rows written by loading the demo: one per record added, two per lead link, and
# the review and letter edits.
DEMO_LOG_ROWS = (
    sum(DEMO_ADDED.values()) + 2 * _demo_links() + DEMO_REVIEW_EDITS + DEMO_LETTER_LOG_ROWS
)
# What the status bar and `yuyou check` count after the demo, by table.
DEMO_COUNTS = {
    "enforcement_units": DEMO_ADDED["执法主体"],
    "people": DEMO_ADDED["人员"],
    "certificates": DEMO_ADDED["证件"],
    "enterprises": DEMO_ADDED["检查对象"],
    "office_directory": DEMO_ADDED["单位名录"],
    "inspections": DEMO_ADDED["检查记录"],
    "leads": DEMO_ADDED["线索"],
}


@pytest.fixture(scope="session")
def letter_test_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny TrueType font with every CJK character (tests/letter_font_support.py)."""
    from tests.letter_font_support import build_test_font

    return build_test_font(tmp_path_factory.mktemp("fonts") / "YuyouTest.ttf")


@pytest.fixture(scope="session")
def letter_test_fonts(letter_test_font: Path):  # -> FontSet
    """Every letter font role set to the test font; no system folder is searched."""
    from yuyou_desktop.documents.letter_fonts import ROLES, resolve_fonts

    return resolve_fonts({role: str(letter_test_font) for role in ROLES}, search_dirs=())
