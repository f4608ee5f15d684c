"""The 文书打印 tab: the archive of every letter (filter by type, status — 逾期未回复 among
them — year and words; sorted and paged in SQL), the chosen letter's particulars, and the
actions of its lifecycle: 新建, 编辑, 预览/打印, 签发, 送达, 回复, 办结, 作废, 更正, 送达回证,
批量打印 and 字体."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.letters import STATUS_LABELS, LetterStatus
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.letters.details import describe
from yuyou_desktop.gui.letters.letter_actions import LetterActions
from yuyou_desktop.gui.letters.letters_model import COLUMNS, LettersModel
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import OriginFilter, refuse
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.services.letters.records import LetterQuery, LetterRecord

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services

SPLITTER_KEY = "letters/splitter"
LOOKING = frozenset({"preview", "batch"})  # what is left for another office's letter
WIDTHS = (11, 6, 11, 9, 11, 7, 7, 7)


class LettersTab(QWidget):
    """``changed()`` after a letter was saved or its status changed."""

    changed = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lettersTab")
        self.services = services
        self.settings = settings
        self.today = date.today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filter_bar())
        self.model = LettersModel(services.letters.list, self)
        self.table = QTableView()
        self.table.setObjectName("lettersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        char = self.table.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width * char)
        self.details = QTextBrowser()
        self.details.setObjectName("letterDetails")
        self.details.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self.actions = LetterActions(self, services, runner, settings)
        layout.addLayout(self._buttons())
        self.countLabel = QLabel()
        layout.addWidget(self.countLabel)
        self.model.totalChanged.connect(lambda n: self.countLabel.setText(f"共 {n} 份文书"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.table.doubleClicked.connect(lambda _index: self.actions.open_current())
        state = settings.value(SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        )
        self.refresh()

    # ------------------------------------------------------------ layout

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.typeCombo = QComboBox()
        self.typeCombo.setObjectName("typeFilter")
        self.typeCombo.addItem("全部种类", None)
        for letter_type in self.services.letters.types():
            self.typeCombo.addItem(letter_type.name, letter_type.code)
        self.statusCombo = QComboBox()
        self.statusCombo.setObjectName("statusFilter")
        self.statusCombo.addItem("全部状态", None)
        for status in LetterStatus:
            self.statusCombo.addItem(STATUS_LABELS[status], status.value)
            if status is LetterStatus.SERVED:
                self.statusCombo.addItem("逾期未回复", "overdue")
        self.yearCombo = QComboBox()
        self.yearCombo.setObjectName("yearFilter")
        self.yearCombo.addItem("全部年度", None)
        this_year = date.today().year
        for year in range(this_year, this_year - 8, -1):
            self.yearCombo.addItem(f"{year}年", year)
        self.searchEdit = QLineEdit()
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setPlaceholderText("搜索文号、标题、主送单位")
        self.searchEdit.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.searchEdit.textChanged.connect(lambda _text: self._debounce.start())
        for combo in (self.typeCombo, self.statusCombo, self.yearCombo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.origin = OriginFilter(self, title="")  # shown at the county, or with others' letters
        self.origin.changed.connect(self.apply_filters)
        for widget in (self.typeCombo, self.statusCombo, self.yearCombo, self.origin):
            bar.addWidget(widget)
        bar.addWidget(self.searchEdit, 1)
        return bar

    def _load_origins(self) -> None:
        """The offices with letters here: the 来源单位 filter and column."""
        try:
            choices = self.services.letters.origin_offices()
        except YuyouError:
            return
        self.origin.set_choices(choices)
        self.model.filters = replace(self.model.filters, origin_office=self.origin.value())
        self.model.show_origin(self.origin.name_of if choices.shown else None)
        if self.model.origin_name is not None:
            char = self.table.fontMetrics().horizontalAdvance("中")
            self.table.setColumnWidth(len(WIDTHS), 8 * char)

    def refusal(self, record: LetterRecord | None) -> str | None:
        """Why this office may only look at ``record`` (another office's letter), or None."""
        return self.origin.refusal(record.origin_office) if record is not None else None

    def _buttons(self) -> QVBoxLayout:
        """Two rows, so that the tab still fits a 720-pixel-wide window: drafting and
        printing above, the follow-up of issued letters below."""
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        actions = self.actions
        self.newButton = QToolButton()
        self.newButton.setObjectName("newButton")
        self.newButton.setText("新建")
        self.newButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.newButton)
        for letter_type in self.services.letters.types():
            menu.addAction(letter_type.name, lambda t=letter_type: actions.new(t.code))
        menu.addSeparator()
        for label, kind in actions.source_menu_entries():
            menu.addAction(label, lambda k=kind: actions.new_from_source(k))
        self.newButton.setMenu(menu)
        first.addWidget(self.newButton)
        self.buttons: dict[str, QPushButton] = {}
        for row, key, label, slot in (
            (first, "edit", "编辑…", actions.edit),
            (first, "preview", "预览/打印…", actions.preview),
            (first, "issue", "签发…", actions.issue),
            (first, "delete", "删除草稿", actions.delete),
            (first, "batch", "批量打印…", actions.batch_print),
            (second, "serve", "登记送达…", actions.serve),
            (second, "reply", "登记回复…", actions.reply),
            (second, "close", "办结…", actions.close),
            (second, "void", "作废…", actions.void),
            (second, "correct", "更正…", actions.correct),
            (second, "receipt", "起草送达回证", actions.receipt),
        ):
            button = QPushButton(label)
            button.setObjectName(f"{key}Button")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        first.addStretch(1)
        second.addStretch(1)
        fonts = QPushButton("字体…")
        fonts.setObjectName("fontsButton")
        fonts.clicked.connect(actions.fonts)
        first.addWidget(fonts)
        marks([self.newButton, *(b for k, b in self.buttons.items() if k not in LOOKING)], CHANGE)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    # ------------------------------------------------------------ state

    def query(self) -> LetterQuery:
        return LetterQuery(
            type_code=self.typeCombo.currentData(),
            status=self.statusCombo.currentData(),
            year=self.yearCombo.currentData(),
            keyword=self.searchEdit.text(),
            origin_office=self.origin.value(),
            sort=self.model.filters.sort,
            descending=self.model.filters.descending,
        )

    def apply_filters(self) -> None:
        try:
            self.model.set_query(self.query())
        except YuyouError as exc:
            show_error(self, "无法列出文书", exc)
        self._selection()

    def refresh(self, select_id: str | None = None) -> None:
        current = select_id or self.current_id()
        self._load_origins()
        try:
            self.model.reload()
        except YuyouError as exc:
            show_error(self, "无法列出文书", exc)
            return
        if current:
            self.select(current)
        self._selection()

    def select(self, letter_id: str) -> None:
        row = self.model.row_of(letter_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(letter_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def show_letter(self, letter_id: str) -> None:
        """Clear the filters and select the letter (opened from 待办)."""
        for combo in (self.typeCombo, self.statusCombo, self.yearCombo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.searchEdit.blockSignals(True)
        self.searchEdit.clear()
        self.searchEdit.blockSignals(False)
        self.origin.reset()
        self.apply_filters()
        self.select(letter_id)

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.model() else []
        if len(rows) != 1:
            return None
        row = self.model.row_at(rows[0].row())
        return row.id if row else None

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [r.id for r in (self.model.row_at(i) for i in rows) if r is not None]

    def _selection(self) -> None:
        letter_id = self.current_id()
        record = None
        if letter_id:
            try:
                record = self.services.letters.get(letter_id)
            except YuyouError:
                record = None
        refusal = self.refusal(record)
        text = describe(record) if record else "<p>选择一份文书查看详情。</p>"
        if refusal:  # another office's letter: looked at and printed, never changed here
            text = f"<p style='color:#b00020'>{escape(refusal)}</p>{text}"
        self.details.setHtml(text)
        enabled = self.actions.enabled_actions(record, len(self.selected_ids()))
        if refusal:
            enabled &= LOOKING
        for key, button in self.buttons.items():
            button.setEnabled(key in enabled)
        refuse([b for key, b in self.buttons.items() if key not in LOOKING], refusal)

    def after_change(self, letter_id: str | None = None) -> None:
        self.refresh(letter_id)
        self.changed.emit()

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


__all__ = ["COLUMNS", "LettersTab"]
