"""导出数据包… (a township's changes for the county) or 导出参考数据包… (the county's reference
data for the townships): a save dialog, the export on the task runner with progress and 取消,
a message with the result, and the list of earlier exports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
    WARN_STYLE,
    Cell,
    fill,
    human_size,
    local_time,
    make_table,
    seq_range,
    short_id,
)
from yuyou_desktop.services.sync.exporting import NothingToExport
from yuyou_desktop.services.sync.status import TABLE_LABELS

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import Task, TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.exporting import ExportResult

PACKAGE_FILTER = "数据包 (*.yypkg)"
HISTORY_HEADERS = ("数据包", "范围", "记录数", "附件", "大小", "日期", "保存位置")
EXTRA_LABELS = {"reference_settings": "设置项", "letter_templates": "文书模板"}
NO_COUNTY_KEY = "尚未登记县司法局的公钥，还不能导出。请先在上方“登记单位公钥…”中登记。"
COUNTY_KEY_REVOKED = (
    "县司法局的公钥已被吊销，还不能导出。请向县司法局索取其新的公钥文件，"
    "在上方“登记单位公钥…”中登记。"
)
NOTHING_NEW = (
    "自上次导出以来没有新的变更。如需把全部变更重新导出一次，请勾选“全部重新导出”后再导出。"
)


def with_suffix(name: str) -> Path:
    path = Path(name)
    return path if path.suffix.lower() == ".yypkg" else path.with_name(path.name + ".yypkg")


def describe(result: ExportResult, at_county: bool) -> str:
    parts = [
        f"{TABLE_LABELS.get(t, EXTRA_LABELS.get(t, t))} {n}" for t, n in result.counts.items() if n
    ]
    lines = [
        f"{'参考' if at_county else ''}数据包已保存到：\n{result.destination}",
        "",
        f"{'' if at_county else '变更' + seq_range(result.seq_from, result.seq_to) + '，'}"
        f"共 {result.records} 条记录，{result.attachments} 个附件，大小 "
        f"{human_size(result.size)}。",
    ]
    if parts:
        lines.append("其中：" + "、".join(parts) + "。")
    if result.missing_files:
        lines.append(
            f"注意：有 {len(result.missing_files)} 个附件文件在本机找不到，没有放入数据包。"
        )
    lines.append(
        "请把此文件交给各乡镇司法所导入。" if at_county else "请把此文件交给县司法局导入。"
    )
    return "\n".join(lines)


class ExportPanel(QGroupBox):
    """``finished()`` after an export ended (written, refused or cancelled)."""

    finished = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportBox")
        self.services = services
        self.runner = runner
        self.folder = folder
        self.busy = False  # an export is running: the button stays disabled
        self.task: Task | None = None
        self.at_county = services.sync_keys.own().role == OfficeRole.COUNTY.value
        self.setTitle(
            "导出参考数据包（下发乡镇）" if self.at_county else "导出数据包（报送县司法局）"
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.exportButton = QPushButton("导出参考数据包…" if self.at_county else "导出数据包…")
        self.exportButton.setObjectName("exportButton")
        self.exportButton.clicked.connect(self.choose)
        mark(self.exportButton, CHANGE)
        row.addWidget(self.exportButton)
        self.fullCheck = QCheckBox("全部重新导出")
        self.fullCheck.setObjectName("fullCheck")
        self.fullCheck.setToolTip("把本单位的全部变更重新导出一次（例如县司法局说数据包丢失了）")
        self.fullCheck.setVisible(not self.at_county)
        row.addWidget(self.fullCheck)
        row.addStretch(1)
        layout.addLayout(row)
        self.noteLabel = QLabel(NO_COUNTY_KEY)
        self.noteLabel.setObjectName("exportNote")
        self.noteLabel.setStyleSheet(WARN_STYLE)
        self.noteLabel.setWordWrap(True)
        self.noteLabel.hide()
        layout.addWidget(self.noteLabel)
        self.pendingLabel = QLabel()
        self.pendingLabel.setObjectName("pendingLabel")
        self.pendingLabel.setVisible(not self.at_county)
        layout.addWidget(self.pendingLabel)
        layout.addWidget(QLabel("导出记录"))
        self.historyTable = make_table(HISTORY_HEADERS, "historyTable")
        layout.addWidget(self.historyTable, 1)

    # ------------------------------------------------------------ data

    def refresh(self, county_key: bool = True, county_revoked: bool = False) -> None:
        """``county_key``: at a township, whether the county's key is enrolled (if not:
        ``county_revoked``, whether it was and is now revoked)."""
        exporter = self.services.sync_export
        try:
            history = exporter.history()
            pending = 0 if self.at_county else exporter.pending_changes()
        except YuyouError as exc:
            show_error(self, "无法读取导出记录", exc)
            return
        rows = []
        for result in history:
            rows.append(
                (
                    Cell(short_id(result.package_id), tip=result.package_id),
                    self._range(result),
                    str(result.records),
                    str(result.attachments),
                    human_size(result.size),
                    local_time(result.created_at),
                    result.destination,
                )
            )
        fill(self.historyTable, rows)
        blocked = not self.at_county and not county_key
        self.noteLabel.setText(COUNTY_KEY_REVOKED if county_revoked else NO_COUNTY_KEY)
        self.noteLabel.setVisible(blocked)
        self.exportButton.setEnabled(not blocked and not self.busy)
        self.fullCheck.setEnabled(not blocked)
        self.pendingLabel.setText(
            f"尚未导出的变更：{pending} 条" if pending else "尚未导出的变更：无（全部已导出）"
        )

    def _range(self, result: ExportResult) -> str:
        if self.at_county:
            return "全部参考数据"
        return seq_range(result.seq_from, result.seq_to) + ("（全部）" if result.full else "")

    # ------------------------------------------------------------ export

    def choose(self) -> None:
        suggested = self.folder / self.services.sync_export.suggested_name()
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.exportButton.text().rstrip("…"), str(suggested), PACKAGE_FILTER
        )
        if not chosen:
            return
        dest = with_suffix(chosen)
        self.folder = dest.parent
        self.export_to(dest, self.fullCheck.isChecked() and not self.at_county)

    def export_to(self, dest: Path, full: bool = False) -> None:
        exporter = self.services.sync_export
        self.busy = True
        self.exportButton.setEnabled(False)
        self.task = self.runner.run(
            "正在导出参考数据包" if self.at_county else "正在导出数据包",
            lambda progress: exporter.export(dest, full=full, progress=progress),
            self._done,
            self._failed,
            parent=self,
            on_cancel=self._cancelled,
        )

    def _done(self, result: ExportResult) -> None:
        self.busy = False
        self.fullCheck.setChecked(False)
        self.finished.emit()
        QMessageBox.information(self, "导出完成", describe(result, self.at_county))

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.finished.emit()  # refreshes the panel (and the button) as after a success
        if isinstance(exc, NothingToExport):
            exc = NothingToExport(NOTHING_NEW)
        show_error(self, "导出失败", exc)

    def _cancelled(self) -> None:
        self.busy = False
        self.finished.emit()
        QMessageBox.information(
            self, "已取消导出", "已取消导出：没有写入数据包，这些变更仍记为尚未导出。"
        )
