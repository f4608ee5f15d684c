"""年度监督工作方案: the plans on the left (this office's and, at the county, the townships'
with their 来源单位, read-only), the chosen plan on the right — its header, the progress line
(共N项，已完成M项，完成率X%，逾期K项) and its items — with the buttons that change it.

Reads are small and made on the GUI thread; every change runs on the task runner and the
page is read again afterwards.  Another office's plan can be looked at and printed; the
buttons that would change it are disabled with the reason as their tooltip."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.letters.preview import PreviewDialog
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import CHANGE, change_refusal, marks
from yuyou_desktop.gui.plans.item_dialog import ItemDialog
from yuyou_desktop.gui.plans.items_table import OVERDUE_STYLE, ItemsTable
from yuyou_desktop.gui.plans.plan_dialogs import PlanDialog, ProgressDialog
from yuyou_desktop.gui.plans.plan_list import PlanList

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.plans.records import PlanRecord, PlanSummary

EMPTY_TEXT = "还没有年度监督工作方案。点击“新建方案”制定本年度的方案。"


def _day(value: date | None, empty: str) -> str:
    return value.isoformat() if value else empty


class PlansPage(QWidget):
    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plansPage")
        self.services, self.runner, self.settings, self._today = services, runner, settings, today
        self.plans = services.plans
        self.summaries: tuple[PlanSummary, ...] = ()
        self.record: PlanRecord | None = None
        self.dialog: Any = None
        self.busy = False
        self._build()
        self._connect()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter)
        left = QWidget(splitter)
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("年度监督工作方案", left))
        self.planList = PlanList(left)
        side.addWidget(self.planList, 1)
        buttons = QHBoxLayout()
        self.newButton = QPushButton("新建方案", left)
        self.editButton = QPushButton("编辑", left)
        self.deleteButton = QPushButton("删除", left)
        for button in (self.newButton, self.editButton, self.deleteButton):
            buttons.addWidget(button)
        side.addLayout(buttons)
        right = QWidget(splitter)
        main = QVBoxLayout(right)
        main.setContentsMargins(0, 0, 0, 0)
        self.titleLabel = QLabel(right)
        self.titleLabel.setObjectName("planTitle")
        self.titleLabel.setWordWrap(True)
        font = self.titleLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.titleLabel.setFont(font)
        self.infoLabel = QLabel(right)
        self.infoLabel.setObjectName("planInfo")
        self.infoLabel.setWordWrap(True)
        self.readOnlyLabel = QLabel(right)
        self.readOnlyLabel.setObjectName("readOnlyNotice")
        self.readOnlyLabel.setWordWrap(True)
        self.readOnlyLabel.setStyleSheet("color: #8a5a00;")
        self.progressLabel = QLabel(right)
        self.progressLabel.setObjectName("progressLine")
        progress_font = self.progressLabel.font()
        progress_font.setBold(True)
        self.progressLabel.setFont(progress_font)
        for label in (self.titleLabel, self.infoLabel, self.readOnlyLabel, self.progressLabel):
            main.addWidget(label)
        self.itemsTable = ItemsTable(right)
        main.addWidget(self.itemsTable, 1)
        row = QHBoxLayout()
        self.addItemButton = QPushButton("添加事项", right)
        self.editItemButton = QPushButton("编辑事项", right)
        self.deleteItemButton = QPushButton("删除事项", right)
        self.upButton = QPushButton("上移", right)
        self.downButton = QPushButton("下移", right)
        self.doneButton = QPushButton("标记完成…", right)
        self.printButton = QPushButton("打印…", right)
        self.item_buttons = (
            self.addItemButton,
            self.editItemButton,
            self.deleteItemButton,
            self.upButton,
            self.downButton,
            self.doneButton,
        )
        for button in self.item_buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.printButton)
        marks((self.newButton, self.editButton, self.deleteButton), CHANGE)
        marks([b for b in self.item_buttons if b is not self.editItemButton], CHANGE)
        main.addLayout(row)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])

    def _connect(self) -> None:
        self.planList.itemSelectionChanged.connect(self._plan_chosen)
        self.itemsTable.itemSelectionChanged.connect(self._update_buttons)
        self.itemsTable.doubleClicked.connect(lambda _index: self.edit_item())
        self.newButton.clicked.connect(lambda: self.new_plan())
        self.editButton.clicked.connect(self.edit_plan)
        self.deleteButton.clicked.connect(self.delete_plan)
        self.addItemButton.clicked.connect(self.add_item)
        self.editItemButton.clicked.connect(self.edit_item)
        self.deleteItemButton.clicked.connect(self.delete_item)
        self.upButton.clicked.connect(lambda: self.move_item(-1))
        self.downButton.clicked.connect(lambda: self.move_item(1))
        self.doneButton.clicked.connect(self.mark_done)
        self.printButton.clicked.connect(self.print_plan)

    def showEvent(self, event: Any) -> None:  # read again whenever the page comes back
        super().showEvent(event)
        self.refresh(self.record.id if self.record else None)

    # ------------------------------------------------------------ reading

    def refresh(self, select_id: str | None = None, keep_item: str | None = None) -> None:
        """Read the list again and show ``select_id`` (else this year's own plan, else the
        first) with the item ``keep_item`` selected."""
        self.summaries = self.plans.list()
        wanted = select_id if any(p.id == select_id for p in self.summaries) else None
        if wanted is None:
            year = self._today().year
            own = [p.id for p in self.summaries if p.own and p.year == year]
            wanted = (own or [p.id for p in self.summaries] or [None])[0]
        self.planList.fill(self.summaries, wanted)
        self.show_plan(wanted, keep_item)

    def _plan_chosen(self) -> None:
        plan_id = self.planList.selected_id()
        if plan_id is not None:
            self.show_plan(plan_id)

    def show_plan(self, plan_id: str | None, keep_item: str | None = None) -> None:
        try:
            self.record = self.plans.get(plan_id) if plan_id else None
        except YuyouError:
            self.record = None
        record = self.record
        if record is None:
            self.titleLabel.setText(EMPTY_TEXT)
            self.infoLabel.setText("")
            self.readOnlyLabel.hide()
            self.progressLabel.setText("")
            self.itemsTable.show_items(())
        else:
            self.titleLabel.setText(record.title)
            info = (
                f"制定日期：{_day(record.drawn_up_on, '未填写')}　"
                f"报送上级：{_day(record.filed_on, '未报送')}"
            )
            if not record.own:
                info += f"　来源单位：{record.office_name}"
            if record.remark:
                info += f"\n备注：{record.remark}"
            self.infoLabel.setText(info)
            self.readOnlyLabel.setText(record.refusal or "")
            self.readOnlyLabel.setVisible(not record.own)
            self.progressLabel.setText(record.progress.text)
            overdue = record.progress.overdue > 0
            self.progressLabel.setStyleSheet(OVERDUE_STYLE if overdue else "")
            self.itemsTable.show_items(record.items, keep_item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        record, item = self.record, self.itemsTable.selected()
        own = record is not None and record.own
        reason = "" if record is None or own else (record.refusal or "")
        self.editButton.setEnabled(own and not self.busy)
        self.deleteButton.setEnabled(own and not self.busy)
        self.addItemButton.setEnabled(own and not self.busy)
        for button in (self.deleteItemButton, self.doneButton):
            button.setEnabled(own and item is not None and not self.busy)
        self.editItemButton.setEnabled(item is not None and not self.busy)
        index = record.items.index(item) if own and item is not None else -1
        self.upButton.setEnabled(index > 0 and not self.busy)
        self.downButton.setEnabled(0 <= index < len(record.items) - 1 and not self.busy)
        self.printButton.setEnabled(record is not None and not self.busy)
        for button in (self.editButton, self.deleteButton, *self.item_buttons):
            button.setToolTip(reason)
        editable = own and not change_refusal(self)
        self.editItemButton.setText("编辑事项" if editable or item is None else "查看事项")

    # ------------------------------------------------------------ the plan

    def _office_name(self) -> str:
        return self.services.office.current().name

    def new_plan(self, year: int | None = None) -> PlanDialog:
        """新建方案 (the reminder's 去制定 opens it for this year)."""
        dialog = PlanDialog(
            self.plans, self.runner, self._office_name(), self._today(), None, year, self
        )
        return self._open(dialog, lambda record: self.refresh(record.id))

    def edit_plan(self) -> PlanDialog | None:
        if self.record is None or not self.record.own:
            return None
        record = self.record
        dialog = PlanDialog(
            self.plans, self.runner, record.office_name, self._today(), record, None, self
        )
        return self._open(dialog, lambda record: self.refresh(record.id))

    def delete_plan(self) -> None:
        record = self.record
        if record is None or not record.own:
            return
        answer = QMessageBox.question(
            self,
            "删除方案",
            f"删除“{record.title}”及其{len(record.items)}项工作事项？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        shown = len(record.items)  # refused if items were added or deleted meanwhile
        self._run("正在删除方案", lambda: self.plans.delete(record.id, record.version, shown), None)

    def print_plan(self) -> None:
        record = self.record
        if record is None:
            return
        plans, fonts = self.plans, self.services.letter_fonts

        def job() -> tuple[bytes, tuple[str, ...]]:
            current = fonts.current()
            return plans.pdf(record.id, current), tuple(current.warnings)

        def done(result: tuple[bytes, tuple[str, ...]]) -> None:
            self._finish()
            data, warnings = result
            try:
                dialog = PreviewDialog(
                    data, record.title, f"{record.title}.pdf", self.settings, warnings, self
                )
            except YuyouError as exc:
                show_error(self, "无法预览", exc)
                return
            self.dialog = dialog
            dialog.open()

        self._start()
        self.runner.run(
            "正在生成方案 PDF", lambda p: job(), done, self._failed("无法打印"), parent=self
        )

    # ------------------------------------------------------------ items

    def add_item(self) -> ItemDialog | None:
        if self.record is None or not self.record.own:
            return None
        dialog = ItemDialog(
            self.plans,
            self.runner,
            self.record,
            self.plans.unit_choices(),
            self._today(),
            None,
            self,
        )
        plan_id = self.record.id
        return self._open(dialog, lambda row: self.refresh(plan_id, row.id))

    def edit_item(self) -> ItemDialog | None:
        record, item = self.record, self.itemsTable.selected()
        if record is None or item is None:
            return None
        dialog = ItemDialog(
            self.plans, self.runner, record, self.plans.unit_choices(), self._today(), item, self
        )
        looking = change_refusal(self)  # a 查阅 account
        if looking or not record.own:
            dialog.set_read_only(looking or record.refusal or "")
        return self._open(dialog, lambda row: self.refresh(record.id, row.id))

    def delete_item(self) -> None:
        record, item = self.record, self.itemsTable.selected()
        if record is None or item is None or not record.own:
            return
        answer = QMessageBox.question(self, "删除事项", f"删除第{item.seq}项“{item.content}”？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run("正在删除事项", lambda: self.plans.delete_item(item.id, item.version), None)

    def move_item(self, step: int) -> None:
        record, item = self.record, self.itemsTable.selected()
        if record is None or item is None or not record.own:
            return
        plans = self.plans
        self._run("正在调整顺序", lambda: plans.move_item(item.id, step, item.version), item.id)

    def mark_done(self) -> ProgressDialog | None:
        record, item = self.record, self.itemsTable.selected()
        if record is None or item is None or not record.own:
            return None
        dialog = ProgressDialog(self.plans, self.runner, item, self._today(), self)
        return self._open(dialog, lambda row: self.refresh(record.id, row.id))

    # ------------------------------------------------------------ running

    def _open(self, dialog: Any, saved: Callable[[Any], None]) -> Any:
        self.dialog = dialog

        def finished(code: int) -> None:
            if code and dialog.result_value is not None:
                saved(dialog.result_value)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _start(self) -> None:
        self.busy = True
        self._update_buttons()

    def _finish(self) -> None:
        self.busy = False
        self._update_buttons()

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self._finish()
            show_error(self, title, exc)
            self.refresh(self.record.id if self.record else None)

        return failed

    def _run(self, title: str, call: Callable[[], Any], keep_item: str | None) -> None:
        def done(_result: Any) -> None:
            self._finish()
            self.refresh(self.record.id if self.record else None, keep_item)

        self._start()
        self.runner.run(title, lambda p: call(), done, self._failed("未能保存"), parent=self)
