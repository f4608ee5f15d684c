"""导入数据包…: files chosen in a dialog or dropped on the tab are imported on the task runner;
then one row per file says what happened (rejected in red, waiting in amber) and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import CHANGE, mark
from yuyou_desktop.gui.sync.presentation import (
    AMBER,
    AMBER_BACKGROUND,
    GREY,
    RED,
    RED_BACKGROUND,
    Cell,
    fill,
    local_time,
    make_table,
)
from yuyou_desktop.services.sync.importing import ALREADY, PENDING, REJECTED, STATUS_LABELS

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import Task, TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.importing import ImportReport

PACKAGE_FILTER = "数据包 (*.yypkg);;所有文件 (*)"
REPORT_HEADERS = ("文件", "结果", "说明")
COLOURS = {
    REJECTED: (RED, RED_BACKGROUND),
    PENDING: (AMBER, AMBER_BACKGROUND),
    ALREADY: (GREY, None),
}


def summarise(reports: Sequence[ImportReport]) -> str:
    counts = {status: sum(1 for r in reports if r.status == status) for status in STATUS_LABELS}
    parts = [f"{STATUS_LABELS[s]} {n} 个" for s, n in counts.items() if n]
    return f"本次导入 {len(reports)} 个数据包：" + "，".join(parts) + "。"


def report_rows(reports: Sequence[ImportReport]) -> list[list[Cell]]:
    rows = []
    for report in reports:
        colour, background = COLOURS.get(report.status, (None, None))
        rows.append(
            [
                Cell(report.file, colour, background),
                Cell(report.label, colour, background),
                Cell(report.message, colour, background),
            ]
        )
    return rows


def dropped_files(paths: Sequence[Path]) -> list[Path]:
    """The files dropped, a folder standing for the packages in it; sorted by name (the
    suggested names start with the office and the date)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.yypkg")))
        elif path.is_file():
            found.append(path)
    return sorted(dict.fromkeys(found), key=lambda p: p.name)


class ImportPanel(QGroupBox):
    """``finished(changed)`` after an import ended; ``changed`` is true when data may have
    changed (some package was applied)."""

    finished = Signal(bool)

    def __init__(
        self, services: Services, runner: TaskRunner, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importBox")
        self.services = services
        self.runner = runner
        self.folder = folder
        self.reports: list[ImportReport] = []
        self.task: Task | None = None
        self.at_county = services.sync_keys.own().role == OfficeRole.COUNTY.value
        self.setTitle("导入乡镇数据包" if self.at_county else "导入县司法局参考数据包")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.importButton = QPushButton("导入数据包…")
        self.importButton.setObjectName("importButton")
        self.importButton.clicked.connect(self.choose)
        mark(self.importButton, CHANGE)
        row.addWidget(self.importButton)
        hint = QLabel("可一次选择多个文件，也可以把数据包文件直接拖到本页。")
        hint.setStyleSheet(f"color: {GREY};")
        row.addWidget(hint, 1)
        layout.addLayout(row)
        self.referenceLabel = QLabel()
        self.referenceLabel.setObjectName("referenceLabel")
        self.referenceLabel.setVisible(not self.at_county)
        layout.addWidget(self.referenceLabel)
        self.summaryLabel = QLabel()
        self.summaryLabel.setObjectName("importSummary")
        self.summaryLabel.hide()  # until something was imported
        layout.addWidget(self.summaryLabel)
        self.reportTable = make_table(REPORT_HEADERS, "reportTable")
        layout.addWidget(self.reportTable, 1)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """At a township: when the county's reference data last arrived."""
        if self.at_county:
            return
        try:
            peers = [p for p in self.services.sync_status.peers() if not p.revoked]
        except YuyouError as exc:
            show_error(self, "无法读取同步情况", exc)
            return
        arrived = [p for p in peers if p.packages]
        if not arrived:
            self.referenceLabel.setText("还没有导入过县司法局的参考数据包。")
            return
        peer = max(arrived, key=lambda p: p.last_imported_at or p.packages)
        self.referenceLabel.setText(
            f"{peer.office_name}的参考数据：最近导入于 {local_time(peer.last_imported_at)}，"
            f"共导入 {peer.packages} 个数据包。"
        )

    # ------------------------------------------------------------ import

    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "选择要导入的数据包", str(self.folder), PACKAGE_FILTER
        )
        if chosen:
            self.folder = Path(chosen[0]).parent
            self.import_paths([Path(name) for name in chosen])

    def import_paths(self, paths: Sequence[Path]) -> None:
        files = dropped_files(paths)
        if not files:
            QMessageBox.information(self, "导入数据包", "没有可以导入的文件。")
            return
        importer = self.services.sync_import
        self.run(
            f"正在导入 {len(files)} 个数据包",
            lambda progress: importer.import_files(files, progress=progress),
        )

    def confirm_epoch(self, office_code: str) -> None:
        importer = self.services.sync_import
        self.run("正在导入等待确认的数据包", lambda progress: importer.confirm_epoch(office_code))

    def run(self, title: str, job) -> None:
        self.importButton.setEnabled(False)
        self.task = self.runner.run(
            title, job, self.show_reports, self._failed, parent=self, on_cancel=self._cancelled
        )

    def show_reports(self, reports: list[ImportReport]) -> None:
        self.importButton.setEnabled(True)
        self.reports = list(reports)
        fill(self.reportTable, report_rows(reports))
        self.summaryLabel.setText(summarise(reports))
        self.summaryLabel.show()
        self.finished.emit(any(r.status == "applied" for r in reports))

    def _failed(self, exc: BaseException) -> None:
        self.importButton.setEnabled(True)
        self.finished.emit(True)  # what was applied before the error stays applied
        show_error(self, "导入失败", exc)

    def _cancelled(self) -> None:
        self.importButton.setEnabled(True)
        self.summaryLabel.setText("导入已取消。")
        self.summaryLabel.show()
        self.finished.emit(True)
        QMessageBox.information(
            self,
            "已取消导入",
            "已取消导入。取消前已经导入的数据包有效，其余没有导入；"
            "可以再次导入全部文件，已导入过的会自动跳过。",
        )
