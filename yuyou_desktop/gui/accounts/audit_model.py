"""One page of the audit log as a table, and the particulars of one entry (its changes)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from yuyou_desktop.services.audit import AuditRow

COLUMNS = ("序号", "时间", "账号", "角色", "操作", "对象", "说明")
WIDTHS = (5, 11, 7, 4, 6, 7, 20)  # in characters
BROKEN_BACKGROUND = QColor("#f8d7da")
BROKEN_TEXT = QColor("#8b0000")
SUMMARY_CHARS = 120
EMPTY = "—"
AnyIndex = QModelIndex | QPersistentModelIndex


def summary(row: AuditRow) -> str:
    """The entry in one line: its own summary, else the changed fields."""
    if row.summary:
        return row.summary
    parts = [f"{c.label}：{c.after or c.before}" for c in row.changes]
    text = "；".join(parts)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def cells(row: AuditRow) -> tuple[str, ...]:
    return (
        str(row.seq),
        f"{row.at:%Y-%m-%d %H:%M:%S}",
        row.user_name,
        row.user_role or EMPTY,
        row.action_label,
        row.table_label or EMPTY,
        summary(row),
    )


def describe(row: AuditRow, broken: int | None = None) -> str:
    """The entry as HTML for the particulars pane: who, when, what, and every change."""
    role = f"（{escape(row.user_role)}）" if row.user_role else ""
    lines = [
        f"<p><b>第 {row.seq} 条</b>　{row.at:%Y-%m-%d %H:%M:%S}　"
        f"{escape(row.user_name)}{role}　<b>{escape(row.action_label)}</b></p>"
    ]
    if broken is not None and row.seq == broken:
        lines.append(
            "<p style='color:#b00020'><b>审计链校验未通过：从这一条起的记录不可信。</b></p>"
        )
    if row.table_label or row.record_id:
        what, which = escape(row.table_label or EMPTY), escape(row.record_id or EMPTY)
        lines.append(f"<p>对象：{what}　记录编号：{which}</p>")
    if row.summary:
        lines.append(f"<p>说明：{escape(row.summary)}</p>")
    if row.changes:
        body = "".join(
            f"<tr><td><b>{escape(c.label)}</b></td><td>{escape(c.before or EMPTY)}</td>"
            f"<td>→</td><td>{escape(c.after or EMPTY)}</td></tr>"
            for c in row.changes
        )
        lines.append(
            "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
            "<tr><th align='left'>字段</th><th align='left'>原值</th><th></th>"
            f"<th align='left'>新值</th></tr>{body}</table>"
        )
    return "".join(lines)


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: tuple[AuditRow, ...] = ()
        self._texts: list[tuple[str, ...]] = []
        self.broken: int | None = None  # seq of the first entry the chain check refused

    def set_rows(self, rows: tuple[AuditRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._texts = [cells(r) for r in rows]
        self.endResetModel()

    def set_broken(self, seq: int | None) -> None:
        self.broken = seq
        if self.rows:
            last = self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_of(self, seq: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.seq == seq), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            return row.summary or row.changes_text or None
        broken = self.broken is not None and row.seq == self.broken
        if role == Qt.ItemDataRole.BackgroundRole and broken:
            return BROKEN_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and broken:
            return BROKEN_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
