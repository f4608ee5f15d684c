"""月度汇总: choose a month, then where to save; the workbook is written on the task runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services


REPORT_DUE_DAY = 15  # monthly progress reports are due by the 15th of the next month


def default_month(today: date) -> tuple[int, int]:
    """The month a clerk most likely reports on: until the 15th the one just ended, after
    that the current one."""
    if today.day > REPORT_DUE_DAY:
        return today.year, today.month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


SUMMARY_NOTE = (
    "按检查类型、重点领域和被监督单位统计该月的检查、发现的问题、整改和逾期情况，"
    "以及收到和移送的投诉举报线索，导出为 Excel 工作簿。"
)


class MonthDialog(QDialog):
    """Asks for a month (the 月度汇总 here, the 月报 of the 统计 tab)."""

    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        title: str = "月度汇总",
        text: str = SUMMARY_NOTE,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        note = QLabel(text, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        year, month = default_month(today)
        self.monthEdit = QDateEdit(QDate(year, month, 1), self)
        self.monthEdit.setObjectName("monthEdit")
        self.monthEdit.setDisplayFormat("yyyy年M月")
        self.monthEdit.setCurrentSection(QDateEdit.Section.MonthSection)
        form.addRow("月份：", self.monthEdit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 160)

    def month(self) -> tuple[int, int]:
        d = self.monthEdit.date()
        return d.year(), d.month()


class MonthlySummaryAction:
    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        today: Callable[[], date],
        parent: QWidget,
    ) -> None:
        self.services = services
        self.runner = runner
        self.today = today
        self.parent = parent

    def start(self) -> None:
        dialog = MonthDialog(self.today(), self.parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        year, month = dialog.month()
        dialog.deleteLater()
        if not accepted:
            return
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        office = self.services.office.current().name
        suggested = Path(docs or Path.home()) / f"{office}-{year}年{month}月检查汇总.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "导出月度汇总", str(suggested), "Excel 工作簿 (*.xlsx)"
        )
        if name:
            self.export(Path(name), year, month)

    def export(self, dest: Path, year: int, month: int) -> None:
        summary = self.services.inspection_summary
        self.runner.run(
            "正在导出月度汇总",
            lambda progress: summary.export(dest, year, month, progress),
            lambda _result: QMessageBox.information(
                self.parent, "导出完成", f"{year}年{month}月的检查汇总已导出到：\n{dest}"
            ),
            lambda exc: show_error(self.parent, "导出失败", exc),
            parent=self.parent,
        )
