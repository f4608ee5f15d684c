"""A package cut short at every byte, and with every single bit flipped: each one is refused with
a Chinese reason before anything is used — the county's database, its other files, its working
folder and its pending folder stay exactly as they were — and the intact package still imports
afterwards (sync-protocol.md, "Envelope")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.sync_support import (
    CHINESE,
    Offices,
    add_unit,
    dump,
    export,
    offices,
    other_files,
    pending_files,
    sync_tmp,
)
from yuyou_desktop.sync.envelope import MAGIC

BAD = "损坏.yypkg"
NOT_A_PACKAGE = "这不是本程序的数据同步包。没有做任何修改。"
CUT_SHORT = "文件已损坏或不完整（可能复制时被截断），请重新复制该文件后再导入。没有做任何修改。"
FORGED = "签名不符，文件在制作后被改动过或不是该单位制作的。没有做任何修改。"
NEWER = "它由更新版本的程序制作，请先升级本程序。没有做任何修改。"
# a flipped bit in the header's office code names another (unknown) office
UNKNOWN_SIGNER = re.compile(r"签名单位（.{9}）的公钥未登记或已吊销。请先登记.*没有做任何修改。")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Offices, bytes]]:
    """新城镇 with one record (a unit), exported for the county."""
    tmp = tmp_path_factory.mktemp("damage")
    with offices(tmp) as w:
        add_unit(w.town, "新城镇执法队", 1)
        package = export(w.town, tmp / "stick", "新城镇.yypkg")
        yield w, package.read_bytes()


def refuse_all(w: Offices, variants: Iterator[bytes], folder: Path) -> Counter[str]:
    """Import every variant; each must be refused.  Returns how often each reason was given."""
    county = w.county
    before, files = dump(county.paths.database), other_files(county)
    bad = folder / BAD
    prefix = f"“{BAD}”不能导入："
    reasons: Counter[str] = Counter()
    for data in variants:
        bad.write_bytes(data)
        report = county.sync_import.import_file(bad)
        assert report.status == "rejected", (len(data), report)
        assert report.message.startswith(prefix), report.message
        assert report.message.endswith("没有做任何修改。"), report.message
        reason = report.message[len(prefix) :]
        assert CHINESE.search(reason.removesuffix("没有做任何修改。")), report.message
        reasons[reason] += 1
    assert dump(county.paths.database) == before
    assert other_files(county) == files
    assert sync_tmp(county) == [] and pending_files(county) == []
    return reasons


def assert_intact_still_imports(w: Offices, data: bytes, folder: Path, copy: str) -> None:
    """The refusals left nothing in the way: the intact file goes in (on a copy of the county,
    so that the other test starts from the county before the import)."""
    w.copy("county", copy)
    intact = folder / "新城镇.yypkg"
    intact.write_bytes(data)
    report = w[copy].sync_import.import_file(intact)
    assert (report.status, report.stats["applied"]) == ("applied", 1)
    assert w[copy].sync_import.import_file(intact).status == "already"
    w.close(copy)


def test_every_truncation_is_refused_and_changes_nothing(small, tmp_path):
    w, data = small
    assert len(data) < 2000  # small enough to try every length
    reasons = refuse_all(w, (data[:length] for length in range(len(data))), tmp_path)
    # cut inside the magic: not a package at all; anywhere after it: a copy cut short
    assert reasons == {NOT_A_PACKAGE: len(MAGIC), CUT_SHORT: len(data) - len(MAGIC)}
    assert_intact_still_imports(w, data, tmp_path, "county-after-cuts")


def test_every_single_bit_flip_is_refused_and_changes_nothing(small, tmp_path):
    w, data = small

    def flipped() -> Iterator[bytes]:
        for bit in range(len(data) * 8):
            damaged = bytearray(data)
            damaged[bit // 8] ^= 1 << (bit % 8)
            yield bytes(damaged)

    reasons = refuse_all(w, flipped(), tmp_path)
    assert sum(reasons.values()) == len(data) * 8
    unknown = {r for r in reasons if UNKNOWN_SIGNER.fullmatch(r)}
    assert set(reasons) - unknown <= {NOT_A_PACKAGE, CUT_SHORT, FORGED, NEWER}, reasons
    assert reasons[FORGED] > len(data) * 4, reasons  # most bits are signed payload bytes
    assert reasons[NOT_A_PACKAGE] == len(MAGIC) * 8
    assert_intact_still_imports(w, data, tmp_path, "county-after-flips")
