"""First start (set-up dialog) and bad starts of the desktop program."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.conftest import COUNTY, file_state
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.gui import app as app_module
from yuyou_desktop.gui import recovery
from yuyou_desktop.gui.accounts.login import CreateAdminDialog
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.gui.setup_dialog import SetupDialog


def fill(dialog: SetupDialog, role: str, code: str, name: str, prefix: str) -> None:
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(role))
    dialog.ui.codeEdit.setText(code)
    dialog.ui.nameEdit.setText(name)
    dialog.ui.prefixEdit.setText(prefix)


def press_ok(dialog: SetupDialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.fixture
def creates_admin(monkeypatch):
    """A database without accounts asks for the administrator before the window opens."""

    def create(dialog: CreateAdminDialog) -> int:
        dialog.nameEdit.setText("admin")
        dialog.passwordEdit.setText("pass-word-1")
        dialog.confirmEdit.setText("pass-word-1")
        dialog.okButton.click()
        return dialog.result()

    monkeypatch.setattr(CreateAdminDialog, "exec", create)


def test_setup_creates_office_database_and_keys(qtbot, services):
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    assert [dialog.ui.roleCombo.itemText(i) for i in range(2)] == ["乡镇司法所", "县司法局"]
    fill(dialog, "township", "140623101", "右卫镇司法所", "右卫司")
    press_ok(dialog)
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert dialog.office is not None and dialog.office.name == "右卫镇司法所"
    assert services.paths.database.exists()
    assert len(list(services.paths.keys.glob("*.pem"))) == 2
    info = services.office.current()
    assert (info.code, info.role.value, info.prefix) == ("140623101", "township", "右卫司")


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        (("township", "1406231", "右卫镇司法所", "右卫司"), "行政区划代码", "应为9位"),
        (("county", "140623101", "右玉县司法局", "右司监"), "行政区划代码", "应为6位"),
        (("county", "990623", "右玉县司法局", "右司监"), "行政区划代码", "省级代码"),
        (("county", "140623", "", "右司监"), "单位名称", "不能为空"),
        (("county", "140623", "右玉县司法局", "右司监1"), "机关代字", "只能由汉字组成"),
        (("county", "140623", "右玉县司法局", ""), "机关代字", "不能为空"),
    ],
)
def test_setup_rejects_bad_values_and_creates_nothing(qtbot, services, values, field, reason):
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, *values)
    press_ok(dialog)
    assert dialog.isVisible(), "a rejected value keeps the dialog open"
    message = dialog.ui.errorLabel.text()
    assert message.startswith(field) and reason in message
    assert file_state(services.paths.root) == {}


def test_code_field_accepts_digits_only(qtbot, services):
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.codeEdit, "14a06-23")
    assert dialog.ui.codeEdit.text() == "140623"


def test_placeholder_follows_role(qtbot, services):
    dialog = SetupDialog(services)
    qtbot.addWidget(dialog)
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData("county"))
    assert "6位" in dialog.ui.codeEdit.placeholderText()
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData("township"))
    assert "9位" in dialog.ui.codeEdit.placeholderText()


def test_setup_on_a_folder_that_already_has_an_office_refuses(qtbot, county):
    county.database.close()
    before = file_state(county.paths.root)
    dialog = SetupDialog(county)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, "county", "140623", "右玉县司法局", "右司监")
    press_ok(dialog)
    assert dialog.isVisible()
    assert "不会重复初始化" in dialog.ui.errorLabel.text()
    county.database.close()
    assert file_state(county.paths.root) == before


# ------------------------------------------------------------------ whole start-up


@pytest.fixture
def recorded_errors(monkeypatch):
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app_module, "show_error", lambda parent, title, exc: errors.append((title, exc.message))
    )
    return errors


def close_when_shown(qapp: QApplication, seen: list[str]) -> None:
    def poll():
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            seen.append(windows[0].windowTitle())
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_start_with_setup_and_demo_opens_the_main_window(
    qtbot, qapp, data_paths, monkeypatch, creates_admin
):
    def accept_with_demo(dialog: SetupDialog) -> int:
        fill(dialog, "county", COUNTY["code"], COUNTY["name"], COUNTY["prefix"])
        dialog.ui.demoCheck.setChecked(True)
        dialog._submit()
        return dialog.result()

    monkeypatch.setattr(SetupDialog, "exec", accept_with_demo)
    monkeypatch.setattr(app_module.QMessageBox, "information", lambda *a, **k: None)
    seen: list[str] = []
    close_when_shown(qapp, seen)
    code = app_module.run(["yuyou-desktop", "--data-dir", str(data_paths.root)], build_services)
    assert code == 0
    assert seen == ["行政执法协调监督工作台 — 右玉县司法局"]
    services = build_services(data_paths)
    counts = {c.label: c.count for c in services.overview.record_counts()}
    services.database.close()
    assert counts == {
        "执法主体": 25,
        "人员": 49,
        "证件": 39,
        "检查对象": 15,
        "单位名录": 9,
        "检查记录": 62,
        "线索": 15,
    }


def test_cancelled_setup_exits_quietly_and_creates_nothing(qapp, data_paths, monkeypatch):
    monkeypatch.setattr(SetupDialog, "exec", lambda self: SetupDialog.DialogCode.Rejected)
    code = app_module.run(["yuyou-desktop", "--data-dir", str(data_paths.root)], build_services)
    assert code == 0
    assert not data_paths.database.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "空文件"),
        (b"PK\x03\x04 this is a zip, not a database", "不是本程序的数据库"),
        (b"SQLite format 3\x00" + b"\x00" * 90 + b"garbage" * 50, "已损坏"),
    ],
)
def test_bad_database_file_offers_restore_and_declining_leaves_it_alone(
    qapp, data_paths, monkeypatch, content, expected
):
    data_paths.root.mkdir(parents=True)
    data_paths.database.write_bytes(content)
    before = file_state(data_paths.root)
    offered: list[str] = []
    monkeypatch.setattr(recovery, "ask_restore", lambda damage: offered.append(damage.message))
    code = app_module.run(["yuyou-desktop", "--data-dir", str(data_paths.root)], build_services)
    assert code == 3
    assert len(offered) == 1 and expected in offered[0]
    assert file_state(data_paths.root) == before


def test_damaged_database_is_replaced_from_a_backup_and_the_window_opens(
    qapp, county_demo, monkeypatch, tmp_path, creates_admin
):
    backup = tmp_path / "usb" / "backup.db"
    county_demo.maintenance.backup(backup)
    county_demo.database.close()
    damaged = county_demo.paths.database.read_bytes()[:4096]
    county_demo.paths.database.write_bytes(damaged)
    answers = iter([True])
    monkeypatch.setattr(recovery, "ask_restore", lambda damage: next(answers, False))
    monkeypatch.setattr(recovery, "choose_backup", lambda: backup)
    told: list[str] = []
    monkeypatch.setattr(recovery.QMessageBox, "information", lambda p, t, text: told.append(text))
    seen: list[str] = []

    def poll():
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and "执法主体" in windows[0].countsLabel.text():
            seen.append(windows[0].countsLabel.text())
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    root = county_demo.paths.root
    code = app_module.run(["yuyou-desktop", "--data-dir", str(root)], build_services)
    assert code == 0
    assert "恢复后的数据截至" in told[0]
    assert seen and "执法主体 25" in seen[0]
    kept = list((root / "backups").glob("before-restore-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_database_from_a_newer_program_is_refused(qapp, county, recorded_errors):
    import sqlite3

    county.database.close()
    with sqlite3.connect(county.paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = file_state(county.paths.root)
    code = app_module.run(["yuyou-desktop", "--data-dir", str(county.paths.root)], build_services)
    assert code == 3
    assert "更新版本" in recorded_errors[0][1]
    assert file_state(county.paths.root) == before


def test_unwritable_data_folder_is_reported(qapp, tmp_path: Path, recorded_errors):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = app_module.run(["yuyou-desktop", "--data-dir", str(blocker / "data")], build_services)
    assert code == 3
    assert "是一个文件，不是文件夹" in recorded_errors[0][1]
    assert blocker.read_text() == "not a folder"


def test_usual_start_shows_the_window_then_attaches_the_database(qapp, county_demo, creates_admin):
    county_demo.database.close()
    seen: list[str] = []

    def poll():
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if (
            windows
            and windows[0].services is not None
            and "执法主体" in windows[0].countsLabel.text()
        ):
            seen.append(windows[0].countsLabel.text())
            assert windows[0].ui.actionBackup.isEnabled()
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    code = app_module.run(
        ["yuyou-desktop", "--data-dir", str(county_demo.paths.root)], build_services
    )
    assert code == 0
    assert seen and "执法主体 25" in seen[0]


def test_restore_at_start_from_a_bad_backup_is_refused_and_changes_nothing(
    qapp, data_paths, monkeypatch, tmp_path
):
    data_paths.root.mkdir(parents=True)
    data_paths.database.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    before = file_state(data_paths.root)
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_text("hello")
    answers = iter([True, False])
    monkeypatch.setattr(recovery, "ask_restore", lambda damage: next(answers))
    monkeypatch.setattr(recovery, "choose_backup", lambda: bogus)
    failures: list[tuple[str, str]] = []
    monkeypatch.setattr(
        recovery, "show_error", lambda parent, title, exc: failures.append((title, exc.message))
    )
    code = app_module.run(["yuyou-desktop", "--data-dir", str(data_paths.root)], build_services)
    assert code == 3
    assert failures and failures[0][0] == "恢复失败" and "不是本程序的数据库" in failures[0][1]
    assert file_state(data_paths.root) == before
