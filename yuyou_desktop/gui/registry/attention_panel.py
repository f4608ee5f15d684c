"""待处理: units whose supervision body is not filed (or filed late), certificates that lapse,
and people who failed or missed the annual law exam — with 注销证件 for each of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from yuyou_desktop.gui.forms.ui_attention_panel import Ui_AttentionPanel
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import change_refusal
from yuyou_desktop.gui.registry.presentation import RED, status_colour
from yuyou_desktop.services.registry.fields import display
from yuyou_desktop.services.registry.specs import register

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.registry.attention import (
        AttentionService,
        ExamProblem,
        FilingGap,
    )
    from yuyou_desktop.services.registry.query import Page

CERTIFICATE_COLUMNS = (
    "person_name",
    "person_id_number",
    "kind",
    "number",
    "valid_to",
    "status",
    "revoke_reason",
)
EXAM_HEADERS = ("姓名", "身份证号", "所属单位", "考试结果", "有效证件", "操作")
REVOKE_TEXT = "注销证件…"
ACTION_COLUMN = len(EXAM_HEADERS) - 1


@dataclass(frozen=True)
class Findings:
    year: int
    gaps: list[FilingGap]
    certificates: Page
    problems: list[ExamProblem]


def _item(text: str, colour: str | QColor | None = None, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if colour is not None:
        item.setForeground(QColor(colour))
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


def _prepare(table: QTableWidget, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    digit = table.fontMetrics().horizontalAdvance("0")
    for column, width in enumerate(widths):
        header.resizeSection(column, width * digit + 16)


class AttentionPanel(QWidget):
    """``changed("certificates")`` after certificates were revoked."""

    changed = Signal(str)

    def __init__(
        self, attention: AttentionService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AttentionPanel()
        self.ui.setupUi(self)
        self.attention = attention
        self.runner = runner
        self.loading = False
        self.findings: Findings | None = None
        self._notice = ""  # said once, before the next summary (e.g. what was revoked)
        self._certificates = register("certificates")
        self.ui.yearSpin.setValue(date.today().year)
        _prepare(
            self.ui.filingTable, ("单位名称", "情况", "备案日期", "备案截止日期"), (30, 10, 12)
        )
        _prepare(
            self.ui.certificateTable,
            tuple(self._certificates.field(k).label for k in CERTIFICATE_COLUMNS),
            tuple(self._certificates.field(k).width for k in CERTIFICATE_COLUMNS),
        )
        _prepare(self.ui.examTable, EXAM_HEADERS, (10, 21, 28, 12, 9))
        self.ui.examTable.cellClicked.connect(self._cell_clicked)
        self._year_timer = QTimer(self)
        self._year_timer.setSingleShot(True)
        self._year_timer.setInterval(300)
        self._year_timer.timeout.connect(self.refresh)
        self.ui.yearSpin.valueChanged.connect(lambda _year: self._year_timer.start())
        self.ui.refreshButton.clicked.connect(self.refresh)
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setStretchFactor(2, 1)

    @property
    def year(self) -> int:
        return self.ui.yearSpin.value()

    def refresh(self) -> None:
        self._year_timer.stop()
        attention, year = self.attention, self.year
        self.loading = True
        self.ui.refreshButton.setEnabled(False)
        self.ui.summaryLabel.setText("正在查找…")

        def find(progress: object) -> Findings:
            return Findings(
                year,
                attention.filing_gaps(year),
                attention.certificate_alerts(),
                attention.exam_problems(year),
            )

        self.runner.run(
            "正在查找待处理事项", find, self._show, self._failed, parent=self, cancellable=False
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.ui.refreshButton.setEnabled(True)
        self.ui.summaryLabel.setText("查找失败。")
        show_error(self, "无法查找待处理事项", exc)

    def _show(self, findings: Findings) -> None:
        self.loading = False
        self.ui.refreshButton.setEnabled(True)
        self.findings = findings
        self._show_gaps(findings)
        self._show_certificates(findings.certificates)
        self._show_problems(findings)
        notice, self._notice = self._notice, ""
        self.ui.summaryLabel.setText(
            notice + f"{findings.year}年度：监督机构未备案或逾期备案 {len(findings.gaps)} 个单位；"
            f"证件需关注 {findings.certificates.total} 张；"
            f"考试未通过或缺考仍持证 {len(findings.problems)} 人。"
        )

    def _show_gaps(self, findings: Findings) -> None:
        table = self.ui.filingTable
        table.setRowCount(len(findings.gaps))
        for row, gap in enumerate(findings.gaps):
            colour = status_colour(self._filing_field(), gap.status.value)
            table.setItem(row, 0, _item(gap.unit_name))
            table.setItem(row, 1, _item(gap.status.label, colour, bold=True))
            table.setItem(row, 2, _item(gap.filed_on.isoformat() if gap.filed_on else ""))
            table.setItem(row, 3, _item(gap.deadline.isoformat()))
        self.ui.filingGroup.setTitle(
            f"监督机构备案：{findings.year}年度未备案或逾期备案的执法主体（{len(findings.gaps)}）"
        )

    def _filing_field(self):
        return register("filings").field("filing_status")

    def _show_certificates(self, page: Page) -> None:
        table = self.ui.certificateTable
        fields = [self._certificates.field(k) for k in CERTIFICATE_COLUMNS]
        table.setRowCount(len(page.rows))
        for row, record in enumerate(page.rows):
            for column, field in enumerate(fields):
                value = record.values.get(field.key)
                colour = status_colour(field, value)
                table.setItem(row, column, _item(display(field, value), colour, colour is not None))
        shown = f"，显示前 {len(page.rows)} 张" if page.total > len(page.rows) else ""
        self.ui.certificateGroup.setTitle(f"证件：即将到期、已过期或已注销（{page.total}{shown}）")

    def _show_problems(self, findings: Findings) -> None:
        table = self.ui.examTable
        table.setRowCount(len(findings.problems))
        link = QColor("#1a56b0")
        refused = change_refusal(self)  # a 查阅 account revokes nothing
        for row, problem in enumerate(findings.problems):
            table.setItem(row, 0, _item(problem.name))
            table.setItem(row, 1, _item(problem.id_number))
            table.setItem(row, 2, _item(problem.unit_name))
            table.setItem(row, 3, _item(problem.result_label, RED, bold=True))
            table.setItem(row, 4, _item(f"{problem.active_certificates} 张"))
            if refused:
                table.setItem(row, ACTION_COLUMN, _item(""))
                continue
            action = _item(REVOKE_TEXT, link)
            font = action.font()
            font.setUnderline(True)
            action.setFont(font)
            action.setToolTip(f"注销{problem.name}的全部有效证件")
            table.setItem(row, ACTION_COLUMN, action)
        self.ui.examGroup.setTitle(
            f"年度公共法律知识考试：{findings.year}年度未通过或缺考、仍持有效证件的人员"
            f"（{len(findings.problems)}）"
        )

    # ------------------------------------------------------------ 注销证件

    def _cell_clicked(self, row: int, column: int) -> None:
        if column == ACTION_COLUMN and not change_refusal(self):
            self.revoke_row(row)

    def revoke_row(self, row: int) -> None:
        if self.findings is None or not 0 <= row < len(self.findings.problems):
            return
        problem = self.findings.problems[row]
        year = self.findings.year
        what = "缺考" if problem.result is None or problem.result.value == "absent" else "未通过"
        reason, ok = QInputDialog.getText(
            self,
            "注销证件",
            f"将注销{problem.name}（{problem.id_number}）的全部 {problem.active_certificates} 张"
            f"有效证件。\n注销原因：",
            QLineEdit.EchoMode.Normal,
            f"{year}年度公共法律知识考试{what}",
        )
        if not ok or not reason.strip():
            return
        attention, person_id = self.attention, problem.person_id
        self.runner.run(
            "正在注销证件",
            lambda progress: attention.revoke_certificates(person_id, reason.strip()),
            lambda count: self._revoked(problem.name, count),
            lambda exc: show_error(self, "注销证件失败", exc),
            parent=self,
            cancellable=False,
        )

    def _revoked(self, name: str, count: int) -> None:
        self._notice = f"已注销{name}的 {count} 张证件。"
        self.refresh()
        self.changed.emit("certificates")
