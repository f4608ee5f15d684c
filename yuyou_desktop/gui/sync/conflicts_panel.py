"""冲突: the records two offices changed differently.  The list (表, 记录, 类型, 保留方, 另一方,
时间); the chosen one's differing fields side by side; 保留当前版本 or 采用另一版本 (asked
first).  显示已处理的 lists the resolved ones too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.gui.sync.presentation import (
    GREY,
    RED,
    Cell,
    field_label,
    field_value,
    fill,
    local_time,
    make_table,
)

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.status import ConflictView

CONFLICT_HEADERS = ("表", "记录", "类型", "保留方", "另一方", "时间", "处理结果")
FIELD_HEADERS = ("字段", "当前保留的版本", "另一版本")
RESOLUTIONS = {"kept": "保留了当前版本", "other": "采用了另一版本"}
EXPLAIN = "两个单位改了同一条记录时，程序按统一规则保留了一个版本，另一版本记在这里，请核对后处理。"


class ConflictsPanel(QGroupBox):
    """``resolved()`` after a conflict was resolved (data may have changed)."""

    resolved = Signal()

    def __init__(
        self,
        services: Services,
        office_label: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsBox")
        self.status = services.sync_status
        self.registry = services.registry
        self.office_label = office_label
        self.conflicts: list[ConflictView] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        explain = QLabel(EXPLAIN)
        explain.setStyleSheet(f"color: {GREY};")
        explain.setWordWrap(True)
        top.addWidget(explain, 1)
        self.showResolvedCheck = QCheckBox("显示已处理的")
        self.showResolvedCheck.setObjectName("showResolvedCheck")
        self.showResolvedCheck.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.showResolvedCheck)
        layout.addLayout(top)
        self.conflictTable = make_table(CONFLICT_HEADERS, "conflictTable", stretch=1)
        self.conflictTable.itemSelectionChanged.connect(self._show_current)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("conflictsSplitter")
        self.splitter.addWidget(self.conflictTable)
        self.splitter.addWidget(self._detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

    def _detail(self) -> QWidget:
        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 0, 0, 0)
        self.detailLabel = QLabel("选择一个冲突，查看两个版本的不同之处。")
        self.detailLabel.setObjectName("conflictDetail")
        self.detailLabel.setWordWrap(True)
        layout.addWidget(self.detailLabel)
        self.fieldsTable = make_table(FIELD_HEADERS, "fieldsTable")
        self.fieldsTable.setSelectionMode(self.fieldsTable.SelectionMode.NoSelection)
        layout.addWidget(self.fieldsTable, 1)
        row = QHBoxLayout()
        self.keepButton = QPushButton("保留当前版本")
        self.keepButton.setObjectName("keepButton")
        self.keepButton.clicked.connect(self.keep)
        self.otherButton = QPushButton("采用另一版本…")
        self.otherButton.setObjectName("otherButton")
        self.otherButton.clicked.connect(self.adopt_other)
        marks((self.keepButton, self.otherButton), CHANGE)
        row.addWidget(self.keepButton)
        row.addWidget(self.otherButton)
        row.addStretch(1)
        layout.addLayout(row)
        return detail

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        selected = self.current()
        show_resolved = self.showResolvedCheck.isChecked()
        try:
            self.conflicts = self.status.conflicts(include_resolved=show_resolved)
            unresolved = self.status.unresolved()
        except YuyouError as exc:
            show_error(self, "无法读取冲突", exc)
            return
        self.setTitle(f"冲突（{unresolved} 处未处理）" if unresolved else "冲突（没有未处理的）")
        rows = []
        for conflict in self.conflicts:
            done = conflict.resolved_at is not None
            colour = GREY if done else (RED if conflict.kind != "edit" else None)
            outcome = (
                f"{RESOLUTIONS.get(conflict.resolution or '', '已处理')}"
                f"（{local_time(conflict.resolved_at)}）"
                if done
                else "未处理"
            )
            values = (
                conflict.table_label,
                conflict.title,
                conflict.kind_label,
                self.office_label(conflict.kept_office),
                self.office_label(conflict.other_office),
                local_time(conflict.detected_at),
                outcome,
            )
            rows.append([Cell(v, colour) for v in values])
        fill(self.conflictTable, rows)
        self.conflictTable.setColumnHidden(len(CONFLICT_HEADERS) - 1, not show_resolved)
        ids = [c.id for c in self.conflicts]
        if selected is not None and selected.id in ids:
            self.conflictTable.selectRow(ids.index(selected.id))
        elif self.conflicts:
            self.conflictTable.selectRow(0)
        self._show_current()

    def current(self) -> ConflictView | None:
        rows = self.conflictTable.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if len(rows) == 1 else None

    def select(self, conflict_id: int) -> None:
        for row, conflict in enumerate(self.conflicts):
            if conflict.id == conflict_id:
                self.conflictTable.selectRow(row)

    def _show_current(self) -> None:
        conflict = self.current()
        self.keepButton.setEnabled(False)
        self.otherButton.setEnabled(False)
        self.otherButton.setToolTip("")
        if conflict is None:
            self.detailLabel.setText("选择一个冲突，查看两个版本的不同之处。")
            fill(self.fieldsTable, [])
            return
        units = dict(self.registry.unit_choices()) if "unit_id" in conflict.fields else None
        rows = [
            (
                field_label(conflict.table, column),
                field_value(conflict.table, column, conflict.kept.get(column), units),
                field_value(conflict.table, column, conflict.other.get(column), units),
            )
            for column in conflict.fields
        ]
        fill(self.fieldsTable, rows)
        kept_by = self.office_label(conflict.kept_office)
        other_by = self.office_label(conflict.other_office)
        text = (
            f"{conflict.table_label}“{conflict.title}”：当前保留的是 {kept_by} 的版本，"
            f"另一版本来自 {other_by}。"
        )
        if conflict.resolved_at is not None:
            how = RESOLUTIONS.get(conflict.resolution or "", "已处理")
            text += f"\n已于 {local_time(conflict.resolved_at)} 处理：{how}。"
        elif conflict.kind == "ownership":
            text += "\n这是越权修改：该记录只能由其所属单位修改，只能保留当前版本。"
        self.detailLabel.setText(text)
        if conflict.resolved_at is None:
            self.keepButton.setEnabled(True)
            self.otherButton.setEnabled(conflict.kind != "ownership")
            if conflict.kind == "ownership":
                self.otherButton.setToolTip("越权修改不能采用")

    # ------------------------------------------------------------ resolving

    def keep(self) -> None:
        conflict = self.current()
        if conflict is not None:
            self._resolve(conflict, "kept")

    def adopt_other(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        answer = QMessageBox.question(
            self,
            "采用另一版本",
            f"将用 {self.office_label(conflict.other_office)} 的版本替换{conflict.table_label}"
            f"“{conflict.title}”的当前内容（{len(conflict.fields)} 个字段不同）。\n"
            "这会作为本单位的一次修改保存，并在下次交换数据包时发给对方。\n\n确定要采用吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._resolve(conflict, "other")

    def _resolve(self, conflict: ConflictView, choice: str) -> None:
        try:
            self.status.resolve(conflict.id, choice)
        except YuyouError as exc:
            show_error(self, "无法处理冲突", exc)
        self.refresh()
        self.resolved.emit()
