"""The zip payload of sync packages: written streaming, read back unchanged, and every hostile
or damaged zip refused before a row is used (sync-protocol.md, "Payload")."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from pathlib import Path

import pytest

from yuyou_desktop.sync.envelope import PackageRejected
from yuyou_desktop.sync.payload import Limits, PayloadReader, PayloadWriter

ROWS = [{"id": f"0{n}", "name": f"右玉县第{n}执法队", "version": n} for n in range(1, 6)]


def payload(tmp_path: Path, extra: bytes = b"scan") -> tuple[bytes, str]:
    photo = tmp_path / "photo.bin"
    photo.write_bytes(extra * 1000)
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    buffer = io.BytesIO()
    with PayloadWriter(buffer) as writer:
        writer.add_changes("enforcement_units", iter(ROWS))
        writer.add_changes("people", iter([]))
        writer.add_attachment(sha, photo)
    return buffer.getvalue(), sha


def test_rows_and_files_come_back_unchanged(tmp_path):
    data, sha = payload(tmp_path)
    reader = PayloadReader(io.BytesIO(data))
    assert reader.tables == ["enforcement_units", "people"]
    assert reader.row_counts == {"enforcement_units": 5, "people": 0}
    assert list(reader.rows("enforcement_units")) == ROWS
    assert list(reader.rows("people")) == []
    assert reader.attachments == [sha]
    assert b"".join(reader.attachment(sha)) == b"scan" * 1000


def _zip(entries: list[tuple[str, bytes]], manifest: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in entries:
                archive.writestr(name, content)
            if manifest is not None:
                archive.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


def _manifest(entries: list[tuple[str, bytes]]) -> dict:
    listed = {n: {"size": len(c), "sha256": hashlib.sha256(c).hexdigest()} for n, c in entries}
    rows = {n[8:-6]: c.count(b"\n") for n, c in entries if n.startswith("changes/")}
    return {"entries": listed, "rows": rows}


LINE = b'{"id":"1"}\n'
HOSTILE = ["../x", "changes/../../x.jsonl", "C:\\x", "\\\\server\\x", "con", "Changes/X.jsonl",
           "attachments/abc", "notes.txt", "/etc/passwd"]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_or_unknown_entry_names_are_refused(name):
    entries = [("changes/units.jsonl", LINE), (name, b"x")]
    with pytest.raises(PackageRejected, match="条目"):
        PayloadReader(io.BytesIO(_zip(entries, _manifest(entries))), name="同步包")


def test_duplicates_unlisted_entries_and_size_mismatches_are_refused():
    entries = [("changes/units.jsonl", LINE)]
    twice = [*entries, ("changes/units.jsonl", LINE)]
    with pytest.raises(PackageRejected, match="重复"):
        PayloadReader(io.BytesIO(_zip(twice, _manifest(entries))))
    with pytest.raises(PackageRejected, match="清单与内容不一致"):
        PayloadReader(io.BytesIO(_zip(entries, {"entries": {}, "rows": {"units": 1}})))
    wrong = _manifest(entries)
    wrong["entries"]["changes/units.jsonl"]["size"] = 99
    with pytest.raises(PackageRejected, match="大小与清单不符"):
        PayloadReader(io.BytesIO(_zip(entries, wrong)))
    with pytest.raises(PackageRejected, match="缺少清单"):
        PayloadReader(io.BytesIO(_zip(entries)))


def test_a_changed_entry_is_caught_by_its_hash_and_a_wrong_count_by_the_manifest():
    entries = [("changes/units.jsonl", LINE + LINE)]
    tampered = _manifest(entries)
    tampered["entries"]["changes/units.jsonl"]["sha256"] = "0" * 64
    reader = PayloadReader(io.BytesIO(_zip(entries, tampered)))
    with pytest.raises(PackageRejected, match="摘要与清单不符"):
        list(reader.rows("units"))
    counted = _manifest(entries)
    counted["rows"]["units"] = 3
    reader = PayloadReader(io.BytesIO(_zip(entries, counted)))
    with pytest.raises(PackageRejected, match="行数"):
        list(reader.rows("units"))


def test_a_zip_bomb_is_refused_before_it_is_read():
    zeros = b"\0" * (20 * 1024 * 1024)
    entries = [("changes/units.jsonl", zeros)]
    with pytest.raises(PackageRejected, match="压缩比"):
        PayloadReader(io.BytesIO(_zip(entries, _manifest(entries))))
    with pytest.raises(PackageRejected, match="过大"):
        PayloadReader(io.BytesIO(_zip(entries, _manifest(entries))), limits=Limits(entry_bytes=10))


def test_damaged_or_truncated_payloads_are_refused(tmp_path):
    data, sha = payload(tmp_path)
    for bad in (b"", b"not a zip at all", data[: len(data) // 2], data[:-1], data[5:]):
        with pytest.raises(PackageRejected, match="损坏"):
            reader = PayloadReader(io.BytesIO(bad), name="同步包")
            for table in reader.tables:
                list(reader.rows(table))
            b"".join(reader.attachment(sha))
