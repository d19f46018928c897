"""A small horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Stacked (decisions by section) or grouped (policy vs "dismiss all"). Every bar carries its value
as text, so the chart reads without telling colours apart. The same painting serves the widget,
PNG images and the summary PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass
class ChartData:
    title: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, str]] = field(default_factory=list)  # (name, colour)
    values: list[list[int]] = field(default_factory=list)  # [category][series]
    stacked: bool = False


def _nice_step(maximum: float, ticks: int = 5) -> float:
    raw = max(maximum, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return max(1.0, m * power)
    return 10 * power


def _text_colour(fill: QColor) -> QColor:
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor("black") if luminance > 0.5 else QColor("white")


def paint_chart(p: QPainter, rect: QRectF, data: ChartData, fg: QColor, grid: QColor) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    base = QFont(p.font())
    fm = QFontMetricsF(base)
    line = fm.height()
    y = rect.top()
    title_font = QFont(base)
    title_font.setBold(True)
    p.setFont(title_font)
    p.setPen(fg)
    p.drawText(QRectF(rect.left(), y, rect.width(), line * 1.4), int(Qt.AlignmentFlag.AlignLeft), data.title)
    p.setFont(base)
    y += line * 1.6

    # Legend: swatch + name, wrapping onto more lines when needed.
    x = rect.left()
    for name, colour in data.series:
        w = line + 6 + fm.horizontalAdvance(name) + 18
        if x + w > rect.right() and x > rect.left():
            x, y = rect.left(), y + line * 1.3
        p.fillRect(QRectF(x, y + line * 0.15, line * 0.8, line * 0.8), QColor(colour))
        p.setPen(fg)
        p.drawText(QRectF(x + line, y, w, line), int(Qt.AlignmentFlag.AlignVCenter), name)
        x += w
    y += line * 1.6

    n = len(data.categories)
    if n == 0:
        p.restore()
        return
    totals = [sum(v) if data.stacked else max(v, default=0) for v in data.values]
    step = _nice_step(max(totals, default=0))
    top = step * max(1, math.ceil(max(totals, default=0) / step))
    label_w = min(rect.width() * 0.38, max(fm.horizontalAdvance(c) for c in data.categories) + 10)
    value_w = fm.horizontalAdvance(f"{int(top):,}") + 10
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
            alone = sum(1 for v in values if v > 0) == 1  # one segment: its total says it already
            for (name, colour), value in zip(data.series, values):
                if value <= 0:
                    continue
                seg = QRectF(to_x(start), bar_y, to_x(start + value) - to_x(start), thickness)
                fill = QColor(colour)
                p.fillRect(seg, fill)
                text = f"{value:,}"
                if not alone and seg.width() > fm.horizontalAdvance(text) + 6:
                    p.setPen(_text_colour(fill))
                    p.drawText(seg, int(Qt.AlignmentFlag.AlignCenter), text)
                start += value
            p.setPen(fg)
            p.drawText(QRectF(to_x(start) + 4, bar_y, value_w, thickness), int(Qt.AlignmentFlag.AlignVCenter),
                       f"{int(start):,}")
        else:
            k = max(1, len(values))
            thickness = min(band * 0.8 / k, line * 1.4)
            group_y = by + (band - thickness * k) / 2
            for j, ((name, colour), value) in enumerate(zip(data.series, values)):
                bar = QRectF(plot.left(), group_y + j * thickness, to_x(value) - plot.left(), thickness - 2)
                p.fillRect(bar, QColor(colour))
                p.setPen(fg)
                p.drawText(QRectF(bar.right() + 4, bar.top(), value_w + 40, bar.height()),
                           int(Qt.AlignmentFlag.AlignVCenter), f"{value:,}")
    p.setPen(QPen(fg, 1))
    p.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))
    p.restore()


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.setAccessibleName(data.title)
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 200)

    def sizeHint(self) -> QSize:
        return QSize(520, 280)

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
        paint_chart(p, QRectF(12, 10, width - 24, height - 18), self.data, QColor("black"), QColor("#DDDDDD"))
        p.end()
        return img
