"""The sections of the 统计 view, each built from the Dashboard alone: a chart (where a person
would rather look than read) beside the table of the same numbers.  ``opened(Drill)`` when a
number of a table is opened."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from yuyou_desktop.gui.stats.charts import ChartPanel
from yuyou_desktop.gui.stats.tables import (
    GRADE_COLUMNS,
    INSPECTION_COLUMNS,
    LEAD_COLUMNS,
    REGISTER_COLUMNS,
    REVIEW_COLUMNS,
    Column,
    FigureModel,
    FigureTable,
)
from yuyou_desktop.services.reports.figures import Counts, Dashboard, Line

HEADING_STYLE = "font-weight: bold;"
NOTE_STYLE = "color: #6b6b6b;"
CHART_STRETCH, TABLE_STRETCH = 1, 1
Lines = Callable[[Dashboard], Sequence[Line]]


def _titled(title: str, widget: QWidget, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    heading = QLabel(title, box)
    heading.setStyleSheet(HEADING_STYLE)
    layout.addWidget(heading)
    layout.addWidget(widget, 1)
    return box


class Section(QWidget):
    """A splitter: the chart (if any) on the left, the tables on the right."""

    opened = Signal(object)

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.title = title
        self.chart: ChartPanel | None = None
        self.tables: dict[str, FigureTable] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter)
        self.left = QWidget(self.splitter)
        self.leftLayout = QVBoxLayout(self.left)
        self.leftLayout.setContentsMargins(0, 0, 0, 0)
        self.right = QWidget(self.splitter)
        self.rightLayout = QVBoxLayout(self.right)
        self.rightLayout.setContentsMargins(0, 0, 0, 0)
        self.splitter.setStretchFactor(0, CHART_STRETCH)
        self.splitter.setStretchFactor(1, TABLE_STRETCH)

    @property
    def table(self) -> FigureTable:
        """The section's first table."""
        return next(iter(self.tables.values()))

    def add_chart(self) -> ChartPanel:
        self.chart = ChartPanel(self.left)
        self.leftLayout.addWidget(self.chart, 3)
        return self.chart

    def add_table(
        self,
        key: str,
        label_title: str,
        columns: Sequence[Column],
        dimension: str,
        heading: str = "",
        left: bool = False,
        stretch: int = 1,
    ) -> FigureTable:
        table = FigureTable(FigureModel(label_title, columns, dimension), self)
        table.opened.connect(self.opened.emit)
        shown: QWidget = _titled(heading, table, self) if heading else table
        (self.leftLayout if left else self.rightLayout).addWidget(shown, stretch)
        self.tables[key] = table
        return table

    def no_chart(self) -> None:
        """Tables only: the left side is not shown."""
        self.left.hide()

    def show_dashboard(self, dashboard: Dashboard) -> None:
        raise NotImplementedError


def _values(lines: Sequence[Line], field: str) -> list[int]:
    return [int(getattr(line.counts, field)) for line in lines]


class InspectionSection(Section):
    """检查次数 and 发现问题 by one dimension (kind, area, office, unit)."""

    def __init__(
        self,
        name: str,
        title: str,
        dimension: str,
        label_title: str,
        lines: Lines,
        chart: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, title, parent)
        self.lines = lines
        self.add_table(dimension, label_title, INSPECTION_COLUMNS, dimension)
        if chart:
            self.add_chart()
        else:
            self.no_chart()

    def show_dashboard(self, dashboard: Dashboard) -> None:
        lines = self.lines(dashboard)
        self.table.figures.set_lines(lines, dashboard.inspections)
        if self.chart is None:
            return
        # one bar (a township's own line, or one office) says nothing a table does not
        self.left.setVisible(len(lines) > 1)
        self.chart.show_bars(
            [line.label for line in lines],
            [("检查次数", _values(lines, "inspections")), ("发现问题", _values(lines, "problems"))],
            "次数 / 个数",
        )


class MonthSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("month", "月度趋势", parent)
        self.add_chart()
        self.add_table("month", "月份", INSPECTION_COLUMNS, "month")

    def show_dashboard(self, dashboard: Dashboard) -> None:
        lines = dashboard.by_month
        self.table.figures.set_lines(lines, dashboard.inspections)
        assert self.chart is not None
        self.chart.show_lines(
            [line.label for line in lines],
            month_ticks([line.key for line in lines]),
            [("检查次数", _values(lines, "inspections")), ("发现问题", _values(lines, "problems"))],
            "次数 / 个数",
        )


def month_ticks(keys: Sequence[str]) -> list[tuple[int, str]]:
    """The labelled months of the trend's axis (at most 12, short enough not to be cut): “3月”
    for each month of a year or less, every other month up to two years, a January by its
    year (“26年”); over longer periods only the Januaries (“2026年”)."""
    every = 1 if len(keys) <= 12 else 2
    ticks = []
    for n, key in enumerate(keys):
        year, _, month = key.partition("-")
        if month == "01" and len(keys) > 1 and (n or len({k[:4] for k in keys}) > 1):
            ticks.append((n, f"{year[2:]}年" if len(keys) <= 24 else f"{year}年"))
        elif len(keys) <= 24 and n % every == 0:
            ticks.append((n, f"{int(month)}月"))
    return ticks


class LeadSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("leads", "线索", parent)
        self.add_chart()
        self.add_table("source", "线索来源", LEAD_COLUMNS, "source", "按来源")
        self.add_table("office", "来源单位", LEAD_COLUMNS, "office", "按来源单位")

    def show_dashboard(self, dashboard: Dashboard) -> None:
        lines = dashboard.leads_by_source
        self.tables["source"].figures.set_lines(lines, dashboard.leads)
        self.tables["office"].figures.set_lines(dashboard.leads_by_office, dashboard.leads)
        assert self.chart is not None
        self.chart.show_bars(
            [line.label for line in lines],
            [
                ("收到线索", _values(lines, "received")),
                ("已移送", _values(lines, "transferred")),
                ("已办结", _values(lines, "closed")),
            ],
            "条数",
        )


class ReviewSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("reviews", "案卷评查", parent)
        self.add_chart()
        self.add_table("grade", "等次", GRADE_COLUMNS, "grade", left=True, stretch=0)
        self.add_table("office", "来源单位", REVIEW_COLUMNS, "office", "按来源单位")
        self.add_table("unit", "被评查单位", REVIEW_COLUMNS, "unit", "按被评查单位", stretch=2)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        grades = dashboard.reviews_by_grade
        total: Counts = dashboard.reviews
        self.tables["grade"].figures.set_lines(grades, total)
        self.tables["office"].figures.set_lines(dashboard.reviews_by_office, total)
        self.tables["unit"].figures.set_lines(dashboard.reviews_by_unit, total)
        grade_table = self.tables["grade"]
        rows = grade_table.figures.rowCount()
        grade_table.setFixedHeight(
            grade_table.horizontalHeader().sizeHint().height()
            + rows * grade_table.verticalHeader().defaultSectionSize()
            + 2 * grade_table.frameWidth()
        )
        assert self.chart is not None
        self.chart.show_bars(
            [line.label or "（无等次）" for line in grades],
            [("案卷数", _values(grades, "files"))],
            "件数",
            horizontal=False,
        )


class RegisterSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("registers", "证件与备案", parent)
        self.no_chart()
        self.note = QLabel(self.right)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        self.rightLayout.addWidget(self.note)
        self.add_table("office", "来源单位", REGISTER_COLUMNS, "office")

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.tables["office"].figures.set_lines(dashboard.registers_by_office, dashboard.registers)
        self.note.setText(
            f"证件按今天（{dashboard.today.isoformat()}）计：即将到期为 "
            f"{dashboard.expiring_days} 天内到期，已过期为有效期已过且未注销。"
            f"未备案单位为 {dashboard.filing_year} 年尚未备案监督机构的在册执法单位；"
            f"超上限企业为 {dashboard.cap_year} 年被检查超过 {dashboard.cap} 次的企业"
            "（合计按全部单位的检查次数计算，一家企业只计一次）。这些数字与统计期间的起始日无关。"
        )


def build_sections(parent: QWidget | None = None) -> list[Section]:
    return [
        InspectionSection("kind", "按检查类型", "kind", "检查类型", lambda d: d.by_kind),
        InspectionSection("area", "按重点领域", "area", "重点领域", lambda d: d.by_area),
        InspectionSection("office", "按乡镇", "office", "来源单位", lambda d: d.by_office),
        InspectionSection(
            "unit", "按执法单位", "unit", "被监督单位", lambda d: d.by_unit, chart=False
        ),
        MonthSection(),
        LeadSection(),
        ReviewSection(),
        RegisterSection(),
    ]
