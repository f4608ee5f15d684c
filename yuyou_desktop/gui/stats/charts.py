"""The charts of the 统计 view (Qt Charts): horizontal bars for categories with long names
(kinds, areas, townships, sources — the labels read left of their bars and never overlap),
upright bars for a few short ones (grades) and a line per measure for the months.  Counts on
an integer axis; a legend only for two series or more; no animation."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = (QColor("#3b73b9"), QColor("#e08a2c"), QColor("#4d9a5b"), QColor("#b04a4a"))
MAX_LABEL_CHARS = 8
MIN_WIDTH, MIN_HEIGHT = 320, 240
EMPTY_NOTE = "统计期间内没有记录"
SUFFIXES = ("司法所",)  # 右卫镇司法所 → 右卫镇


def short_label(text: str) -> str:
    """A category label short enough for an axis: without 司法所, at most 8 characters."""
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    if len(text) > MAX_LABEL_CHARS:
        text = text[: MAX_LABEL_CHARS - 1] + "…"
    return text


def nice_top(maximum: float) -> tuple[int, int]:
    """(top, tick count) of an integer axis from 0 with at most 6 intervals of 1, 2 or 5 × 10ⁿ
    and some room above ``maximum`` for the value labels."""
    if maximum <= 0:
        return 1, 2
    if maximum < 5:
        top = int(maximum) + 1
        return top, top + 1
    raw = maximum * 1.08 / 6
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * f for f in (1, 2, 5, 10) if power * f >= raw)
    top = int(math.ceil(maximum * 1.08 / step) * step)
    return top, top // step + 1


class ChartPanel(QChartView):
    """A chart view whose chart is rebuilt from plain numbers by ``show_bars``/``show_lines``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.categories: list[str] = []
        self._new_chart()

    def _new_chart(self) -> QChart:
        old = self.chart()
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.legend().setFont(self.font())
        self.setChart(chart)
        self.setToolTip("")
        if old is not None:
            old.deleteLater()
        return chart

    def _value_axis(
        self, chart: QChart, maximum: float, title: str, align: Qt.AlignmentFlag
    ) -> QValueAxis:
        axis = QValueAxis()
        top, ticks = nice_top(maximum)
        axis.setRange(0, top)
        axis.setTickCount(ticks)
        axis.setLabelFormat("%d")
        axis.setTitleText(title)
        axis.setLabelsFont(self.font())
        title_font = QFont(self.font())
        title_font.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        axis.setTitleFont(title_font)
        chart.addAxis(axis, align)
        return axis

    def show_bars(
        self,
        categories: Sequence[str],
        sets: Sequence[tuple[str, Sequence[int]]],
        value_title: str,
        horizontal: bool = True,
    ) -> None:
        """One bar set per ``(name, values)``; in a horizontal chart the first category is at
        the top (as in the table beside it)."""
        chart = self._new_chart()
        self.categories = list(categories)
        order = list(range(len(categories)))
        if horizontal:
            order.reverse()
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        # a horizontal series draws its first set lowest: add them last first (and the legend
        # reversed), so that within a category the bars read top down in the order given
        numbered = list(enumerate(sets))
        for n, (name, values) in reversed(numbered) if horizontal else numbered:
            bar_set = QBarSet(name)
            bar_set.setColor(PALETTE[n % len(PALETTE)])
            bar_set.setBorderColor(PALETTE[n % len(PALETTE)])
            bar_set.setLabelColor(QColor("#333333"))
            bar_set.append([float(values[i]) for i in order])
            series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.7 if len(sets) > 1 else 0.6)
        chart.addSeries(series)
        labels = QBarCategoryAxis()
        labels.append([short_label(categories[i]) for i in order])
        labels.setLabelsFont(self.font())
        labels.setGridLineVisible(False)
        biggest = max((max(values, default=0) for _n, values in sets), default=0)
        if horizontal:
            chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft)
            axis = self._value_axis(chart, biggest, value_title, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
            axis = self._value_axis(chart, biggest, value_title, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(axis)
        chart.legend().setVisible(len(sets) > 1)
        chart.legend().setReverseMarkers(horizontal)
        self._empty_note(chart, biggest)
        self._tooltips(labels, categories)

    def show_lines(
        self,
        categories: Sequence[str],
        ticks: Sequence[tuple[int, str]],
        lines: Sequence[tuple[str, Sequence[int]]],
        value_title: str,
    ) -> None:
        """A line per ``(name, values)`` over ``categories`` (months); the axis labels the
        ``ticks`` (position, short label) only."""
        chart = self._new_chart()
        self.categories = list(categories)
        for n, (name, values) in enumerate(lines):
            series = QLineSeries()
            series.setName(name)
            series.setPen(QPen(PALETTE[n % len(PALETTE)], 2))
            series.setPointsVisible(True)
            series.append([QPointF(i, float(v)) for i, v in enumerate(values)])
            chart.addSeries(series)
        axis_x = self._month_axis(len(categories), ticks)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        biggest = max((max(values, default=0) for _n, values in lines), default=0)
        axis_y = self._value_axis(chart, biggest, value_title, Qt.AlignmentFlag.AlignLeft)
        for series in chart.series():
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        chart.legend().setVisible(len(lines) > 1)
        self._empty_note(chart, biggest)

    def _empty_note(self, chart: QChart, biggest: float) -> None:
        """Without a single record the chart says so rather than show bare axes."""
        if biggest <= 0:
            chart.setTitle(EMPTY_NOTE)
            chart.setTitleBrush(QColor("#6b6b6b"))
            chart.setTitleFont(self.font())

    def _month_axis(self, count: int, ticks: Sequence[tuple[int, str]]) -> QAbstractAxis:
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, max(count, 1) - 0.5)
        for position, label in ticks:
            axis.append(label, position)
        axis.setLabelsFont(self.font())
        axis.setGridLineVisible(False)
        return axis

    def _tooltips(self, axis: QBarCategoryAxis, categories: Sequence[str]) -> None:
        shortened = [c for c in categories if short_label(c) != c]
        self.setToolTip("\n".join(shortened) if shortened else "")

    # ------------------------------------------------------------ read back (tests, export)

    def bar_sets(self) -> list[QBarSet]:
        found: list[QBarSet] = []
        for series in self.chart().series():
            if isinstance(series, (QBarSeries, QHorizontalBarSeries)):
                found.extend(series.barSets())
        return found

    def bar_values(self) -> dict[str, list[float]]:
        """Each bar set's values by its name, in the order of the categories given."""
        horizontal = any(isinstance(s, QHorizontalBarSeries) for s in self.chart().series())
        values: dict[str, list[float]] = {}
        for bar_set in self.bar_sets():
            shown = [bar_set.at(i) for i in range(bar_set.count())]
            values[bar_set.label()] = list(reversed(shown)) if horizontal else shown
        return values

    def line_values(self) -> dict[str, list[float]]:
        return {
            series.name(): [point.y() for point in series.points()]
            for series in self.chart().series()
            if isinstance(series, QLineSeries)
        }
