"""The row of summary cards at the top of the 统计 view: a caption and a big number each; a
click (or Enter/Space) opens the records behind the number.  The alerts — 逾期未整改,
证件即将到期, 未备案单位, 超上限企业 — are coloured when they are not zero."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from yuyou_desktop.services.reports.figures import Dashboard, percent_text

CARD_STYLE = """
QPushButton#statsCard { background: #ffffff; border: 1px solid #cfd6df; border-radius: 6px;
  text-align: left; padding: 0px; }
QPushButton#statsCard:hover { background: #f2f6fb; border-color: #8fa9c9; }
QPushButton#statsCard:focus { border: 2px solid #3b73b9; }
QPushButton#statsCard[alert="true"] { background: #fff3e6; border-color: #e3a15a; }
QPushButton#statsCard[alert="true"]:hover { background: #ffe9d1; }
QLabel#cardCaption { color: #555555; }
QLabel#cardValue { color: #1f3a5f; font-size: 17pt; font-weight: bold; }
QPushButton#statsCard[alert="true"] QLabel#cardValue { color: #b00020; }
"""


@dataclass(frozen=True)
class CardSpec:
    key: str
    title: str
    measure: str  # the Drill measure opened by a click
    value: Callable[[Dashboard], str]
    tip: Callable[[Dashboard], str]
    alert: Callable[[Dashboard], bool] | None = None


def _reviews(d: Dashboard) -> str:
    mean = d.reviews.mean
    return f"{d.reviews.files} / {'—' if mean is None else mean}"


CARDS = (
    CardSpec(
        "inspections",
        "检查次数",
        "inspections.inspections",
        lambda d: str(d.inspections.inspections),
        lambda d: "统计期间内开展的检查",
    ),
    CardSpec(
        "problems",
        "发现问题",
        "inspections.problems",
        lambda d: str(d.inspections.problems),
        lambda d: "这些检查发现的问题",
    ),
    CardSpec(
        "rate",
        "整改率",
        "inspections.rectified",
        lambda d: percent_text(d.inspections.rate),
        lambda d: (
            f"已整改 {d.inspections.rectified} 个 ÷ 发现问题 {d.inspections.problems} 个"
            "\n点击列出已整改的问题"
        ),
    ),
    CardSpec(
        "overdue",
        "逾期未整改",
        "inspections.overdue",
        lambda d: str(d.inspections.overdue),
        lambda d: f"整改期限已过（截至 {d.today.isoformat()}）仍未整改的问题",
        lambda d: d.inspections.overdue > 0,
    ),
    CardSpec(
        "received",
        "收到线索",
        "leads.received",
        lambda d: str(d.leads.received),
        lambda d: "统计期间内收到的投诉举报等线索",
    ),
    CardSpec(
        "transferred",
        "已移送",
        "leads.transferred",
        lambda d: str(d.leads.transferred),
        lambda d: "这些线索中已移送其他机关的",
    ),
    CardSpec(
        "closed",
        "已办结",
        "leads.closed",
        lambda d: str(d.leads.closed),
        lambda d: "这些线索中已办结的",
    ),
    CardSpec(
        "reviews",
        "评查案卷/平均分",
        "reviews.files",
        _reviews,
        lambda d: "统计期间内定稿的评查案卷数和最终得分的平均分",
    ),
    CardSpec(
        "expiring",
        "证件即将到期",
        "registers.expiring",
        lambda d: str(d.registers.expiring),
        lambda d: (
            f"今天（{d.today.isoformat()}）起 {d.expiring_days} 天内到期的执法证件"
            f"\n已过期未注销的另有 {d.registers.expired} 个（见“证件与备案”）"
        ),
        lambda d: d.registers.expiring > 0,
    ),
    CardSpec(
        "unfiled",
        "未备案单位",
        "registers.unfiled",
        lambda d: str(d.registers.unfiled),
        lambda d: f"{d.filing_year}年尚未备案监督机构的在册执法单位",
        lambda d: d.registers.unfiled > 0,
    ),
    CardSpec(
        "over_cap",
        "超上限企业",
        "registers.over_cap",
        lambda d: str(d.registers.over_cap),
        lambda d: f"{d.cap_year}年被检查次数超过年度上限（{d.cap} 次）的企业",
        lambda d: d.registers.over_cap > 0,
    ),
)


class Card(QPushButton):
    """A caption over a big number; the whole card is the button."""

    def __init__(self, spec: CardSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("statsCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(spec.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.caption = QLabel(spec.title, self)
        self.caption.setObjectName("cardCaption")
        self.valueLabel = QLabel("—", self)
        self.valueLabel.setObjectName("cardValue")
        for label in (self.caption, self.valueLabel):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setProperty("alert", False)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def value_text(self) -> str:
        return self.valueLabel.text()

    @property
    def alert(self) -> bool:
        return bool(self.property("alert"))

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.valueLabel.setText(self.spec.value(dashboard))
        self.setToolTip(self.spec.tip(dashboard) + "\n（点击列出这些记录）")
        alert = bool(self.spec.alert and self.spec.alert(dashboard))
        if alert != self.alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)
            for label in (self.caption, self.valueLabel):
                label.style().unpolish(label)
                label.style().polish(label)


class CardRow(QWidget):
    """``opened(measure)`` when a card is clicked."""

    opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(CARD_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.cards: dict[str, Card] = {}
        for spec in CARDS:
            card = Card(spec, self)
            card.clicked.connect(lambda _checked=False, m=spec.measure: self.opened.emit(m))
            layout.addWidget(card, 1)
            self.cards[spec.key] = card

    def show_dashboard(self, dashboard: Dashboard) -> None:
        for card in self.cards.values():
            card.show_dashboard(dashboard)
