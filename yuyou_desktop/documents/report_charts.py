"""Charts of a report (``report_blocks.ChartBlock``) as reportlab Drawings: grouped bars or
lines over the categories, the Chinese font for every label, a legend above, the value axis
in whole steps from 0.  ``report_pdf`` places them on the page."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth

from yuyou_desktop.documents.report_blocks import ChartBlock

# muted colours that stay apart when printed in grey
COLOURS = (
    Color(0.22, 0.42, 0.69),
    Color(0.87, 0.52, 0.18),
    Color(0.40, 0.62, 0.33),
    Color(0.55, 0.35, 0.60),
    Color(0.60, 0.60, 0.60),
)
LABEL_SIZE = 9.0
LEGEND_H = 18.0
AXIS_W = 30.0  # room for the value labels left of the axis
MAX_BAR_LABELS = 30  # bars that carry their value above them


def nice_step(top: float, steps: int = 5) -> float:
    """A step of 1, 2 or 5 × 10ⁿ that covers ``top`` in about ``steps`` steps (at least 1)."""
    if top <= 0:
        return 1.0
    raw = top / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1.0, float(factor * power))
    return max(1.0, 10.0 * power)


def _whole(value: float) -> str:
    return "" if not value else f"{value:.0f}"


def chart_drawing(block: ChartBlock, font: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    categories = list(block.categories) or [""]
    data = [list(s.values) or [0.0] for s in block.series] or [[0.0] * len(categories)]
    plot_w = width - AXIS_W - 8
    slot = plot_w / max(len(categories), 1)
    widest = max(stringWidth(c, font, LABEL_SIZE) for c in categories)
    slanted = widest > slot - 2
    angle = 45 if len(categories) > 8 else 30  # many labels: steeper, so they do not touch
    rise = math.sin(math.radians(angle))
    label_h = (widest * rise + LABEL_SIZE + 4) if slanted else (LABEL_SIZE + 8)
    chart = VerticalBarChart() if block.kind == "bar" else HorizontalLineChart()
    chart.x, chart.y = AXIS_W, label_h
    chart.width, chart.height = plot_w, height - label_h - LEGEND_H - 6
    chart.data = data
    axis = chart.categoryAxis
    axis.categoryNames = categories
    axis.labels.fontName, axis.labels.fontSize = font, LABEL_SIZE
    if slanted:
        axis.labels.angle, axis.labels.boxAnchor = angle, "ne"
        axis.labels.dx, axis.labels.dy = 4, -2
    top = max((max(row) for row in data), default=0.0)
    step = nice_step(top)
    values = chart.valueAxis
    values.valueMin, values.valueStep = 0, step
    values.valueMax = step * max(1, math.ceil(top / step) + (1 if top and top % step == 0 else 0))
    values.labels.fontName, values.labels.fontSize = font, LABEL_SIZE
    values.labelTextFormat = "%d"
    values.visibleGrid, values.gridStrokeColor = True, Color(0.85, 0.85, 0.85)
    values.gridStrokeWidth = 0.3
    for index in range(len(data)):
        colour = COLOURS[index % len(COLOURS)]
        if block.kind == "bar":
            chart.bars[index].fillColor = colour
            chart.bars[index].strokeColor = None
        else:
            chart.lines[index].strokeColor = colour
            chart.lines[index].strokeWidth = 1.5
            chart.lines[index].symbol = makeMarker("FilledCircle", size=4, fillColor=colour)
    if block.kind == "bar":
        chart.groupSpacing, chart.barSpacing = max(2.0, slot * 0.2), 0.5
        if len(categories) * len(data) <= MAX_BAR_LABELS:  # else they run into each other
            chart.barLabelFormat = _whole
        chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
        chart.barLabels.nudge, chart.barLabels.fillColor = 5, black
    else:
        chart.joinedLines = 1  # no labels on the points: the table above has the values
    drawing.add(chart)
    if block.series:
        legend = Legend()
        legend.fontName, legend.fontSize = font, LABEL_SIZE
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 10
        legend.dx = legend.dy = 8
        legend.dxTextSpace = 4
        legend.colorNamePairs = [
            (COLOURS[i % len(COLOURS)], s.name) for i, s in enumerate(block.series)
        ]
        names = sum(stringWidth(s.name, font, LABEL_SIZE) + 30 for s in block.series)
        legend.x, legend.y = max(AXIS_W, width - names), height - 4
        legend.boxAnchor = "nw"
        drawing.add(legend)
    return drawing
