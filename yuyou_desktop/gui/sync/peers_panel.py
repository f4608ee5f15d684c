"""各乡镇同步情况 (at the county): per township the last package, the change number reached and
when, the missing range (red) and the packages waiting; and 确认新数据库并导入… for a township
whose database was replaced (restored from a backup), after asking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import CHANGE, mark
from yuyou_desktop.gui.sync.presentation import (
    AMBER,
    GREY,
    RED,
    Cell,
    fill,
    local_time,
    make_table,
    seq_range,
    short_id,
)

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.status import PeerStatus

PEER_HEADERS = ("单位", "最近数据包", "已到第几号", "日期", "缺失范围", "等待中的数据包")
REASONS = {"gap": "等待补齐", "epoch": "数据库已更换，待确认"}


def waiting_text(peer: PeerStatus) -> str:
    return "；".join(
        f"{seq_range(first, last)}（{REASONS.get(reason, reason)}）"
        for first, last, reason in peer.waiting
    )


def epoch_waiting(peer: PeerStatus) -> int:
    return sum(1 for _first, _last, reason in peer.waiting if reason == "epoch")


class PeersPanel(QGroupBox):
    """``confirmEpoch(office_code)`` when the user confirmed a township's new database."""

    confirmEpoch = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__("各乡镇同步情况", parent)
        self.setObjectName("peersBox")
        self.status = services.sync_status
        self.peers: list[PeerStatus] = []
        layout = QVBoxLayout(self)
        self.peersTable = make_table(PEER_HEADERS, "peersTable")
        self.peersTable.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.peersTable, 1)
        row = QHBoxLayout()
        self.epochButton = QPushButton("确认新数据库并导入…")
        self.epochButton.setObjectName("epochButton")
        self.epochButton.setToolTip(
            "某乡镇的数据库已更换（例如从备份恢复）时，其数据包需确认后才导入"
        )
        self.epochButton.clicked.connect(self.confirm)
        mark(self.epochButton, CHANGE)
        row.addWidget(self.epochButton)
        self.epochLabel = QLabel()
        self.epochLabel.setObjectName("epochLabel")
        self.epochLabel.setStyleSheet(f"color: {AMBER};")
        row.addWidget(self.epochLabel, 1)
        layout.addLayout(row)

    def refresh(self) -> None:
        selected = self.current()
        try:
            self.peers = self.status.peers()
        except YuyouError as exc:
            show_error(self, "无法读取同步情况", exc)
            return
        rows = []
        for peer in self.peers:
            grey = GREY if peer.revoked else None
            name = f"{peer.office_name}（{peer.office_code}）"
            if peer.revoked:
                name += "（已吊销）"
            gap = seq_range(*peer.gap) if peer.gap else ""
            waiting = waiting_text(peer)
            rows.append(
                [
                    Cell(name, grey),
                    Cell(
                        short_id(peer.last_package_id) or "（尚无）",
                        grey,
                        tip=f"{peer.last_package_id or '尚未导入'}，"
                        f"共导入 {peer.packages} 个数据包",
                    ),
                    Cell(f"第{peer.max_seq}号" if peer.max_seq else "—", grey),
                    Cell(local_time(peer.last_imported_at), grey),
                    Cell(gap, RED if gap else grey),
                    Cell(waiting, AMBER if waiting else grey),
                ]
            )
        fill(self.peersTable, rows)
        if selected is not None:
            codes = [p.office_code for p in self.peers]
            if selected.office_code in codes:
                self.peersTable.selectRow(codes.index(selected.office_code))
        waiting = [p for p in self.peers if epoch_waiting(p)]
        self.epochLabel.setText(
            "数据库已更换、等待确认："
            + "、".join(p.office_name for p in waiting)
            + "（选中该单位后点左侧按钮）"
            if waiting
            else ""
        )
        self._selection()

    def current(self) -> PeerStatus | None:
        rows = self.peersTable.selectionModel().selectedRows()
        return self.peers[rows[0].row()] if len(rows) == 1 else None

    def select(self, office_code: str) -> None:
        for row, peer in enumerate(self.peers):
            if peer.office_code == office_code:
                self.peersTable.selectRow(row)

    def _selection(self) -> None:
        peer = self.current()
        self.epochButton.setEnabled(peer is not None and epoch_waiting(peer) > 0)

    def confirm(self) -> None:
        peer = self.current()
        if peer is None or not epoch_waiting(peer):
            return
        answer = QMessageBox.question(
            self,
            "确认新数据库",
            f"{peer.office_name}（{peer.office_code}）的数据库已更换，可能是从备份恢复或重新安装过。"
            f"\n有 {epoch_waiting(peer)} 个数据包在等待确认。\n\n"
            "请先打电话与该单位核实确有此事。确认后，将按其新数据库导入这些数据包。\n\n"
            "确定要导入吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.confirmEpoch.emit(peer.office_code)
