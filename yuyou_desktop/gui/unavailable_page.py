"""The page shown on a tab whose capability is not built yet: it says so, and nothing more."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

PLANNED = {
    "检查记录": "监督检查登记、问题整改跟踪、企业安静期、投诉举报和线索移送。",
    "案卷评查": "评查标准、评查活动、随机抽取案卷、交叉阅卷评分、成绩汇总。",
    "文书打印": "按 GB/T 9704-2012 格式制作、预览、打印和归档监督文书。",
    "数据同步": "乡镇与县局之间通过 U 盘交换签名加密的数据包。",
}


class UnavailablePage(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unavailablePage")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(f"“{title}”功能尚未提供")
        heading.setObjectName("unavailableHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            f"本版本还不能使用此功能，这里不显示任何示例或模拟数据。\n\n"
            f"计划提供：{PLANNED.get(title, '')}"
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setMaximumWidth(560)
        layout.addWidget(heading)
        layout.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = f"{heading.text()}\n{body.text()}"
