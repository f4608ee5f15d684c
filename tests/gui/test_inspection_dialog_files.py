"""附件 in the inspection dialog: a file is checked as soon as it is chosen (too large, wrong
type, content not matching its name — refused with one message, never stored), and accepted
photos are stored once by content under the data folder's attachments directory."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import file_state
from tests.gui.inspection_dialog_support import (
    Picks,
    click,
    demo_services,
    make_view,
    new_dialog,
    record_messages,
    saved,
)
from tests.integration.inspection_support import state
from yuyou_desktop.gui.inspections import attachments_panel as attachments_module
from yuyou_desktop.services.inspections.attachments import MAX_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # 1,032 bytes
JPG = b"\xff\xd8\xff\xe0" + b"scan of the record " * 100


@pytest.fixture
def demo(county):
    return demo_services(county)


@pytest.fixture
def view(qtbot, demo, runner):
    return make_view(qtbot, demo, runner)


@pytest.fixture
def picks(monkeypatch, qtbot):
    return Picks(monkeypatch, qtbot)


@pytest.fixture
def told(monkeypatch):
    return record_messages(monkeypatch)


@pytest.fixture
def chosen(monkeypatch):
    """The files the clerk picks in the next 添加文件… (the file dialog is not shown)."""
    files: list[Path] = []
    asked: list[str] = []

    def get_open_file_names(parent, caption, folder, filters):
        asked.append(filters)
        names = [str(p) for p in files]
        files.clear()
        return names, filters

    monkeypatch.setattr(attachments_module.QFileDialog, "getOpenFileNames", get_open_file_names)
    return files, asked


@pytest.fixture
def folder(tmp_path) -> Path:
    found = tmp_path / "照片"
    found.mkdir()
    return found


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def add_files(qtbot, dialog, chosen, *paths: Path) -> None:
    files, _asked = chosen
    files.extend(paths)
    dialog.pages.setCurrentWidget(dialog.attachments)
    click(qtbot, dialog.attachments.addButton)


def listed(dialog) -> list[str]:
    box = dialog.attachments.list
    return [box.item(row).text() for row in range(box.count())]


def test_refused_files_are_named_at_once_and_never_stored(
    qtbot, demo, view, picks, told, chosen, folder
):
    big = folder / "现场照片-大.png"
    with big.open("wb") as handle:  # sparse: 20 MB + 1 byte without writing them
        handle.write(PNG[:8])
        handle.truncate(MAX_BYTES + 1)
    document = write(folder / "检查记录.docx", b"PK\x03\x04 a word document")
    renamed = write(folder / "假照片.jpg", b"GIF89a not a jpeg")
    dialog = new_dialog(qtbot, view, picks)
    before = state(demo)
    add_files(qtbot, dialog, chosen, big, document, renamed)
    assert len(told) == 1, "one message for everything refused"
    assert told[0].split("\n") == [
        "附件“现场照片-大.png”有 20.1 MB，超过了 20 MB 的上限。请压缩或分开扫描后再添加。",
        "附件“检查记录.docx”的类型不能接受：只能添加 JPG、PNG、PDF、TIF 格式的照片和扫描件。",
        "附件“假照片.jpg”的内容与扩展名“.jpg”不符，可能已损坏或不是JPG文件。",
    ]
    assert chosen[1] == [attachments_module.FILE_FILTER]
    assert dialog.attachments.pending == [] and listed(dialog) == []
    assert state(demo) == before

    record = saved(qtbot, dialog)
    assert len(told) == 1, "no attachment error after saving"
    assert demo.inspections.get(record.id).attachments == ()
    assert file_state(demo.paths.attachments) == before["files"]


def test_the_same_photo_added_twice_is_stored_once(qtbot, demo, view, picks, told, chosen, folder):
    kept = file_state(demo.paths.attachments)  # the demo letters' PDFs
    photo = write(folder / "现场照片.png", PNG)
    copy = write(folder / "现场照片-副本.png", PNG)
    dialog = new_dialog(qtbot, view, picks)
    add_files(qtbot, dialog, chosen, photo, copy)
    add_files(qtbot, dialog, chosen, photo)  # the very same file again: listed once
    assert listed(dialog) == [
        "现场照片.png　（1 KB，保存时添加）",
        "现场照片-副本.png　（1 KB，保存时添加）",
    ]
    assert state(demo)["files"] == kept, "nothing is stored before saving"

    record = saved(qtbot, dialog)
    assert told == []
    sha = hashlib.sha256(PNG).hexdigest()
    assert file_state(demo.paths.attachments) == {**kept, f"{sha[:2]}/{sha}": PNG}
    attachments = demo.inspections.get(record.id).attachments
    assert [(a.original_name, a.sha256, a.media_type, a.size) for a in attachments] == [
        ("现场照片.png", sha, "image/png", len(PNG)),
        ("现场照片-副本.png", sha, "image/png", len(PNG)),
    ]

    view.open_inspection(record.id)
    again = view.dialog
    assert listed(again) == ["现场照片.png　（1 KB）", "现场照片-副本.png　（1 KB）"]
    scan = write(folder / "询问笔录扫描.jpg", JPG)
    add_files(qtbot, again, chosen, scan, write(folder / "又一张.png", PNG))
    again.attachments.list.item(1).setSelected(True)  # 现场照片-副本.png
    click(qtbot, again.attachments.removeButton)
    assert listed(again) == [
        "现场照片.png　（1 KB）",
        "询问笔录扫描.jpg　（1 KB，保存时添加）",
        "又一张.png　（1 KB，保存时添加）",
    ]
    saved(qtbot, again)
    assert told == []
    names = [a.original_name for a in demo.inspections.get(record.id).attachments]
    assert sorted(names) == sorted(["现场照片.png", "询问笔录扫描.jpg", "又一张.png"])
    jpg = hashlib.sha256(JPG).hexdigest()
    assert file_state(demo.paths.attachments) == {
        **kept,
        f"{sha[:2]}/{sha}": PNG,
        f"{jpg[:2]}/{jpg}": JPG,
    }, "the removed copy's content stays: another attachment shares it"
