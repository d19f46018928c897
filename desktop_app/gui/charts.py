"""A small horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Stacked (decisions by section) or grouped (policy vs "dismiss all"). Nothing rests on colour
alone: every bar is outlined in the text colour (at least 3:1 with the background), a grouped
series has its own fill pattern and each bar a direct label (value and series), and a stacked
segment carries its series' symbol with its value in black or white, whichever reads on its
fill. `ChartData.table()` gives the same figures as a table and `description()` as a sentence
(the chart's text alternative). The same painting serves the widget, PNG images and the PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from .contrast import DECORATION, TEXT, ColourPair, readable_on
from .data_table import DataTableView

# Fill patterns of the grouped series, in order (the first is plain).
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.DiagCrossPattern)


@dataclass
class ChartData:
    title: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, str]] = field(default_factory=list)  # (name, colour)
    values: list[list[int]] = field(default_factory=list)  # [category][series]
    stacked: bool = False
    marks: list[str] = field(default_factory=list)  # per series: a short mark drawn on its bars (symbol or name)
    category_header: str = "Category"

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The chart's figures as (headers, rows): one row per category, one column per series
        (and the total, for a stacked chart)."""
        headers = [self.category_header] + [name for name, _c in self.series] + (["Total"] if self.stacked else [])
        rows = []
        for category, values in zip(self.categories, self.values):
            row = [category] + [f"{v:,}" for v in values]
            if self.stacked:
                row.append(f"{sum(values):,}")
            rows.append(row)
        return headers, rows

    def description(self) -> str:
        """The figures as one sentence, for the chart's accessible description."""
        if not self.categories:
            return f"{self.title}: no data."
        parts = []
        for category, values in zip(self.categories, self.values):
            each = ", ".join(f"{name} {v:,}" for (name, _c), v in zip(self.series, values))
            total = f"{sum(values):,} in all: " if self.stacked else ""
            parts.append(f"{category}: {total}{each}")
        return f"{self.title}. " + "; ".join(parts) + "."


def _nice_step(maximum: float, ticks: int = 5) -> float:
    raw = max(maximum, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return max(1.0, m * power)
    return 10 * power


def _fill(p: QPainter, rect: QRectF, colour: str, pattern: Qt.BrushStyle, outline: QColor) -> None:
    """A bar: its colour, its pattern drawn over it in black or white, and an outline."""
    fill = QColor(colour)
    p.fillRect(rect, fill)
    if pattern != Qt.BrushStyle.SolidPattern:
        p.fillRect(rect, QBrush(readable_on(fill), pattern))
    p.setPen(QPen(outline, 1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)


def paint_chart(p: QPainter, rect: QRectF, data: ChartData, fg: QColor, grid: QColor) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp outlines and hatching
    base = QFont(p.font())
    fm = QFontMetricsF(base)
    line = fm.height()
    y = rect.top()
    title_font = QFont(base)
    title_font.setBold(True)
    p.setFont(title_font)
    p.setPen(fg)
    title_rect = QRectF(rect.left(), y, rect.width(), line * 2.6)
    used = p.boundingRect(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), data.title)
    p.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), data.title)
    p.setFont(base)
    y += used.height() + line * 0.4

    def pattern(j: int) -> Qt.BrushStyle:
        return Qt.BrushStyle.SolidPattern if data.stacked else PATTERNS[j % len(PATTERNS)]

    # Legend: swatch (with the series' pattern) + name, wrapping onto more lines when needed.
    x = rect.left()
    for j, (name, colour) in enumerate(data.series):
        w = line + 6 + fm.horizontalAdvance(name) + 18
        if x + w > rect.right() and x > rect.left():
            x, y = rect.left(), y + line * 1.3
        _fill(p, QRectF(x, y + line * 0.1, line * 0.9, line * 0.9), colour, pattern(j), fg)
        p.setPen(fg)
        p.drawText(QRectF(x + line + 2, y, w, line), int(Qt.AlignmentFlag.AlignVCenter), name)
        x += w
    y += line * 1.6

    n = len(data.categories)
    if n == 0:
        p.restore()
        return
    totals = [sum(v) if data.stacked else max(v, default=0) for v in data.values]
    step = _nice_step(max(totals, default=0))
    top = step * max(1, math.ceil(max(totals, default=0) / step))
    label_w = min(rect.width() * 0.34, max(fm.horizontalAdvance(c) for c in data.categories) + 10)
    marks = data.marks or [name for name, _c in data.series]
    if data.stacked:
        value_w = fm.horizontalAdvance(f"{int(top):,}") + 10
    else:  # a direct label at the end of each bar: its value and its series
        value_w = max(fm.horizontalAdvance(f"{int(top):,} {m}") for m in marks) + 12
    plot = QRectF(rect.left() + label_w, y, rect.width() - label_w - value_w, rect.bottom() - y - line * 1.5)
    if plot.width() < 20 or plot.height() < 10:
        p.restore()
        return

    def to_x(value: float) -> float:
        return plot.left() + plot.width() * value / top

    # Grid and axis labels.
    tick = 0.0
    while tick <= top + 1e-9:
        gx = to_x(tick)
        p.setPen(QPen(grid, 1))
        p.drawLine(int(gx), int(plot.top()), int(gx), int(plot.bottom()))
        p.setPen(fg)
        p.drawText(QRectF(gx - 40, plot.bottom() + 2, 80, line), int(Qt.AlignmentFlag.AlignHCenter),
                   f"{int(tick):,}")
        tick += step

    band = plot.height() / n
    for i, (category, values) in enumerate(zip(data.categories, data.values)):
        by = plot.top() + i * band
        p.setPen(fg)
        p.drawText(QRectF(rect.left(), by, label_w - 8, band),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                   category)
        if data.stacked:
            thickness = min(band * 0.62, line * 2.2)
            bar_y = by + (band - thickness) / 2
            start = 0.0
            for j, ((_name, colour), value) in enumerate(zip(data.series, values)):
                if value <= 0:
                    continue
                seg = QRectF(to_x(start), bar_y, to_x(start + value) - to_x(start), thickness)
                _fill(p, seg, colour, Qt.BrushStyle.SolidPattern, fg)
                text = f"{marks[j]} {value:,}" if j < len(marks) else f"{value:,}"
                if seg.width() > fm.horizontalAdvance(text) + 6:
                    p.setPen(readable_on(QColor(colour)))
                    p.drawText(seg, int(Qt.AlignmentFlag.AlignCenter), text)
                start += value
            p.setPen(fg)
            p.drawText(QRectF(to_x(start) + 4, bar_y, value_w, thickness), int(Qt.AlignmentFlag.AlignVCenter),
                       f"{int(start):,}")
        else:
            k = max(1, len(values))
            thickness = min(band * 0.8 / k, line * 1.4)
            group_y = by + (band - thickness * k) / 2
            for j, ((_name, colour), value) in enumerate(zip(data.series, values)):
                bar = QRectF(plot.left(), group_y + j * thickness, to_x(value) - plot.left(), thickness - 2)
                if value > 0:
                    _fill(p, bar, colour, pattern(j), fg)
                p.setPen(fg)
                p.drawText(QRectF(bar.right() + 4, bar.top(), value_w, bar.height()),
                           int(Qt.AlignmentFlag.AlignVCenter), f"{value:,} {marks[j] if j < len(marks) else ''}")
    p.setPen(QPen(fg, 1))
    p.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))
    p.restore()


class BarChart(QWidget):
    """The chart drawn in the palette's colours. Its accessible name is the title and its
    description the figures (the summary also offers them as a table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.setAccessibleName(f"Chart: {data.title}")
        self.setAccessibleDescription(data.description())
        self.update()

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 18, line * 11)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 32, line * 17)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        grid = QColor(pal.mid().color())
        grid.setAlpha(90)
        paint_chart(p, QRectF(self.rect()).adjusted(10, 8, -10, -6), self.data, pal.text().color(), grid)
        p.end()

    def image(self, width: int = 900, height: int = 420, scale: float = 2.0) -> QImage:
        """The chart on white, for PNG files and the PDF (`scale` device pixels per pixel)."""
        img = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
        img.setDevicePixelRatio(scale)
        img.fill(QColor("white"))
        p = QPainter(img)
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, font.pointSizeF()) * 1.2)  # read at print size, not screen size
        p.setFont(font)
        paint_chart(p, QRectF(12, 10, width - 24, height - 18), self.data, QColor("black"), GRID_ON_WHITE)
        p.end()
        return img


class ChartPane(QWidget):
    """A chart, or the same figures as a table: "Show as a table" switches (Tab reaches the
    switch; the chart itself takes no focus, its figures are its accessible description)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = BarChart()
        self.table = DataTableView("Chart figures")
        self.switch = QToolButton(text="Show as a table", checkable=True)
        self.switch.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.switch.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.switch.toggled.connect(self._switch)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.table)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(self.switch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.set_data(ChartData())

    def set_data(self, data: ChartData) -> None:
        self.chart.set_data(data)
        headers, rows = data.table()
        self.table.set_rows(headers, rows, numeric=range(1, len(headers)))
        self.table.setAccessibleName(f"{data.title} (table)")
        self.switch.setAccessibleName(f"Show {data.title.split(':')[0]} as a table")
        self.switch.setToolTip("Switch between the chart and the same figures as a table")

    def _switch(self, as_table: bool) -> None:
        self.stack.setCurrentIndex(1 if as_table else 0)
        self.switch.setText("Show as a chart" if as_table else "Show as a table")


GRID_ON_WHITE = QColor("#DDDDDD")  # grid lines: decoration (the values are written on the bars)
FIXED_COLOURS = (ColourPair("chart text in PNG and PDF", "#000000", "#FFFFFF", TEXT),
                 ColourPair("chart grid lines in PNG and PDF", "#DDDDDD", "#FFFFFF", DECORATION))
