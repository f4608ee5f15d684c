"""导出月报… and 年度报告… on the 统计 tab: the month or year asked for, the workbook written (or
the annual report's PDF rendered) on the task runner, then a message or the PDF preview with
打印… and 另存为PDF….  The office's own paragraphs of the annual report are kept per year in
the window settings, so closing the dialog loses nothing typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections.summary_dialog import MonthDialog
from yuyou_desktop.gui.letters.preview import PreviewDialog
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.tasks import TaskRunner
from yuyou_desktop.services.reports.annual import AnnualText

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reports.reports import ReportResult

MONTHLY_NOTE = (
    "月报统计该月的检查（按类型、领域、乡镇）、问题整改、投诉举报线索、案卷评查，以及证件和"
    "监督机构备案情况，导出为 Excel 工作簿（A4，合计由公式计算），于次月15日前报送。"
)
SECTIONS = (
    ("experience", "二、主要做法和成效"),
    ("problems", "三、存在的问题"),
    ("suggestions", "四、下一步工作建议"),
)


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def default_year(today: date) -> int:
    """The year-end report is written in December or early in the next year."""
    return today.year if today.month == 12 else today.year - 1


class AnnualReportDialog(QDialog):
    """The year, the office's own paragraphs (left out of the PDF when empty) and the two
    outputs: 预览 PDF… (the document in the letters' format) and 导出 Excel…."""

    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, today: date, parent
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annualReportDialog")
        self.setWindowTitle("年度报告")
        self.services, self.runner, self.settings, self.today = services, runner, settings, today
        self.preview: PreviewDialog | None = None
        layout = QVBoxLayout(self)
        note = QLabel(
            "“一、基本情况”及各统计表、图由本年度的记录生成；下面三部分由本单位填写，"
            "未填写的部分不列入报告。",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.yearSpin = QSpinBox(self)
        self.yearSpin.setObjectName("yearSpin")
        self.yearSpin.setRange(2000, today.year)
        self.yearSpin.setSuffix(" 年")
        self.yearSpin.setValue(default_year(today))
        form.addRow("年度：", self.yearSpin)
        self.edits: dict[str, QPlainTextEdit] = {}
        for key, title in SECTIONS:
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"{key}Edit")
            edit.setPlaceholderText("每段一行")
            edit.setTabChangesFocus(True)
            self.edits[key] = edit
            form.addRow(f"{title}：", edit)
        layout.addLayout(form, 1)
        buttons = QHBoxLayout()
        self.previewButton = QPushButton("预览 PDF…", self)
        self.excelButton = QPushButton("导出 Excel…", self)
        close = QPushButton("关闭", self)
        buttons.addStretch(1)
        for button in (self.previewButton, self.excelButton, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.previewButton.clicked.connect(self.preview_pdf)
        self.excelButton.clicked.connect(self.ask_excel)
        close.clicked.connect(self.accept)
        self.finished.connect(lambda _r: self.keep_text())
        self.yearSpin.valueChanged.connect(self._year_changed)
        self._shown_year = self.yearSpin.value()
        self._load_text(self._shown_year)
        self.resize(640, 560)

    # ------------------------------------------------------------ the office's paragraphs

    def text(self) -> AnnualText:
        return AnnualText(**{k: e.toPlainText().strip() for k, e in self.edits.items()})

    def _key(self, year: int, section: str) -> str:
        return f"reports/annual_text/{year}/{section}"

    def keep_text(self) -> None:
        for key, edit in self.edits.items():
            self.settings.setValue(self._key(self._shown_year, key), edit.toPlainText())

    def _load_text(self, year: int) -> None:
        for key, edit in self.edits.items():
            edit.setPlainText(str(self.settings.value(self._key(year, key), "") or ""))

    def _year_changed(self, year: int) -> None:
        self.keep_text()
        self._shown_year = year
        self._load_text(year)

    # ------------------------------------------------------------ outputs

    def _busy(self, busy: bool) -> None:
        self.previewButton.setEnabled(not busy)
        self.excelButton.setEnabled(not busy)

    def preview_pdf(self) -> None:
        year, text, reports = self.yearSpin.value(), self.text(), self.services.reports
        self.keep_text()
        self._busy(True)

        def done(result: tuple[bytes, str, tuple[str, ...]]) -> None:
            self._busy(False)
            data, title, warnings = result
            try:
                self.preview = PreviewDialog(
                    data, title, f"{title}.pdf", self.settings, warnings, self
                )
            except YuyouError as exc:
                show_error(self, "无法预览", exc)
                return
            self.preview.open()

        self.runner.run(
            "正在生成年度报告",
            lambda progress: reports.annual_pdf(year, text),
            done,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def ask_excel(self) -> None:
        year = self.yearSpin.value()
        office = self.services.office.current().name
        suggested = documents_dir() / f"{office}-{year}年度行政执法监督工作报告.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "导出年度报告", str(suggested), "Excel 工作簿 (*.xlsx)"
        )
        if name:
            self.export_excel(Path(name))

    def export_excel(self, dest: Path) -> None:
        year, reports = self.yearSpin.value(), self.services.reports
        self._busy(True)

        def done(result: ReportResult) -> None:
            self._busy(False)
            QMessageBox.information(self, "导出完成", f"{result.title}已导出到：\n{result.path}")

        self.runner.run(
            "正在导出年度报告",
            lambda progress: reports.annual(dest, year, progress),
            done,
            self._failed,
            parent=self,
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        show_error(self, "无法生成年度报告", exc)


class ReportActions:
    """The two buttons and what they do; ``dialog`` is the one open (for tests)."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        today: Callable[[], date],
        parent: QWidget,
    ) -> None:
        self.services, self.runner, self.settings, self.today = services, runner, settings, today
        self.parent = parent
        self.dialog: QDialog | None = None
        self.monthlyButton = QPushButton("导出月报…", parent)
        self.monthlyButton.setObjectName("monthlyReportButton")
        self.monthlyButton.setToolTip("行政执法监督工作月报（Excel），次月15日前报送")
        self.annualButton = QPushButton("年度报告…", parent)
        self.annualButton.setObjectName("annualReportButton")
        self.annualButton.setToolTip("年度行政执法监督工作报告：公文格式 PDF 或 Excel")
        self.monthlyButton.clicked.connect(self.ask_monthly)
        self.annualButton.clicked.connect(self.open_annual)

    def ask_monthly(self) -> None:
        dialog = MonthDialog(self.today(), self.parent, "导出月报", MONTHLY_NOTE)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        year, month = dialog.month()
        dialog.deleteLater()
        if not accepted:
            return
        office = self.services.office.current().name
        suggested = documents_dir() / f"{office}-{year}年{month}月行政执法监督工作月报.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "导出月报", str(suggested), "Excel 工作簿 (*.xlsx)"
        )
        if name:
            self.export_monthly(Path(name), year, month)

    def export_monthly(self, dest: Path, year: int, month: int) -> None:
        reports = self.services.reports
        self.runner.run(
            "正在导出月报",
            lambda progress: reports.monthly(dest, year, month, progress),
            lambda result: QMessageBox.information(
                self.parent, "导出完成", f"{result.title}已导出到：\n{result.path}"
            ),
            lambda exc: show_error(self.parent, "导出月报失败", exc),
            parent=self.parent,
        )

    def open_annual(self) -> AnnualReportDialog:
        dialog = AnnualReportDialog(
            self.services, self.runner, self.settings, self.today(), self.parent
        )
        self.dialog = dialog
        dialog.open()
        return dialog
