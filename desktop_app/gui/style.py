"""Colours, symbols and icons for the four determinations, and for a routing (a policy's step
with outcome "route", e.g. "To be reviewed by City Attorneys").

The palette is Okabe–Ito (distinguishable with the common colour-vision deficiencies), and every
determination also has its own shape and symbol, so colour is never the only cue. A symbol is
drawn in black or white, whichever contrasts more with its colour (at least 4.5:1; white on the
orange was 2.2:1).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from ..core.schema import DISMISS, HAND_REVIEW, NOT_ELIGIBLE, REDUCE
from .contrast import GRAPHICS, TEXT, ColourPair, readable_on


@dataclass(frozen=True)
class Look:
    colour: str  # Okabe–Ito
    symbol: str  # drawn inside the icon, also used in text
    shape: str  # "circle", "square", "diamond", "triangle", "tag"
    short: str  # short label for buttons and charts ("" = the determination itself)
    ink: str = ""  # the symbol's colour on the fill ("": black or white, whichever contrasts more)


LOOKS: dict[str, Look] = {
    DISMISS: Look("#009E73", "✓", "circle", "Dismissal"),  # bluish green
    REDUCE: Look("#0072B2", "↓", "square", "Reduction"),  # blue
    NOT_ELIGIBLE: Look("#D55E00", "✕", "diamond", "Not eligible"),  # vermillion
    HAND_REVIEW: Look("#E69F00", "?", "triangle", "Hand Review"),  # orange
}
# A routing is named by the policy; it has one look whatever its name: yellow, an arrow on a
# signpost tag (the charts' series use sky blue and reddish purple). Black ink: 15.9:1 on #F0E442.
ROUTED = Look("#F0E442", "→", "tag", "", ink="black")
NOT_EVALUATED = "Not evaluated"  # rows of the all-rows view that are not evaluated convictions
GREY = "#595959"  # a determination without a colour of its own (never expected)
TINT_ALPHA = 70  # cell background: the colour at this alpha over the table's own base colour

# Comparison charts: this policy / dismiss all / dismiss all and related (Okabe–Ito sky blue and
# reddish purple, and a grey: the other Okabe–Ito colours mean determinations). Each series also has
# its own fill pattern and a direct label, and every bar an outline in the text colour (charts.py).
SERIES_COLOURS = ("#56B4E9", "#CC79A7", "#A0A0A0")


def symbol_colour(determination: str) -> QColor:
    """The colour of the symbol drawn on the determination's colour."""
    found = look(determination)
    return QColor(found.ink) if found is not None and found.ink else readable_on(colour(determination))


FIXED_COLOURS = tuple(ColourPair(f"{look.short or 'routing'} symbol on its colour",
                                 look.ink.upper() if look.ink else readable_on(look.colour).name().upper(),
                                 look.colour, TEXT) for look in (*LOOKS.values(), ROUTED)) + (
    ColourPair("fallback colour on white", GREY, "#FFFFFF", TEXT),) + tuple(
    ColourPair(f"hatching on chart series {i + 1}", readable_on(c).name().upper(), c, GRAPHICS)
    for i, c in enumerate(SERIES_COLOURS))


def look(determination: str) -> Look | None:
    """The determination's look; any determination beyond the four is a policy's routing."""
    if determination in LOOKS:
        return LOOKS[determination]
    return ROUTED if determination and determination != NOT_EVALUATED else None


def short(determination: str) -> str:
    found = look(determination)
    return (found.short if found else "") or determination


def colour(determination: str) -> QColor:
    found = look(determination)
    return QColor(found.colour if found else GREY)


@lru_cache(maxsize=None)
def tint(determination: str) -> QBrush:
    c = colour(determination)
    c.setAlpha(TINT_ALPHA)
    return QBrush(c)


def css_rgba(determination: str, alpha: int) -> str:
    """The determination's colour at `alpha` (0–255), for rich text over any background."""
    c = colour(determination)
    return f"rgba({c.red()},{c.green()},{c.blue()},{alpha})"


def symbol(determination: str) -> str:
    found = look(determination)
    return found.symbol if found else ""


def paint_marker(painter: QPainter, rect: QRectF, determination: str) -> None:
    """The determination's shape in its colour, with its symbol in white, filling `rect`."""
    found = look(determination)
    fill = colour(determination)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(fill.darker(130), max(1.0, rect.width() / 16)))
    painter.setBrush(QBrush(fill))
    r = rect.adjusted(rect.width() * 0.06, rect.height() * 0.06, -rect.width() * 0.06, -rect.height() * 0.06)
    shape = found.shape if found else "circle"
    if shape == "circle":
        painter.drawEllipse(r)
    elif shape == "square":
        painter.drawRoundedRect(r, r.width() * 0.18, r.height() * 0.18)
    elif shape == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(r.center().x(), r.top()), QPointF(r.right(), r.center().y()),
                                       QPointF(r.center().x(), r.bottom()), QPointF(r.left(), r.center().y())]))
    elif shape == "tag":  # a signpost pointing right: sent on to another office
        tip = r.left() + r.width() * 0.68
        painter.drawPolygon(QPolygonF([QPointF(r.left(), r.top() + r.height() * 0.12),
                                       QPointF(tip, r.top() + r.height() * 0.12), QPointF(r.right(), r.center().y()),
                                       QPointF(tip, r.bottom() - r.height() * 0.12),
                                       QPointF(r.left(), r.bottom() - r.height() * 0.12)]))
    else:
        path = QPainterPath()
        path.moveTo(r.center().x(), r.top())
        path.lineTo(r.right(), r.bottom())
        path.lineTo(r.left(), r.bottom())
        path.closeSubpath()
        painter.drawPath(path)
    if found:
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(6, int(r.height() * (0.5 if shape == "triangle" else 0.62))))
        painter.setFont(font)
        painter.setPen(QPen(symbol_colour(determination)))
        text_rect = (r.adjusted(0, r.height() * 0.22, 0, 0) if shape == "triangle"
                     else r.adjusted(0, 0, -r.width() * 0.12, 0) if shape == "tag" else r)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), found.symbol)
    painter.restore()


@lru_cache(maxsize=None)
def icon(determination: str) -> QIcon:
    """A crisp icon at several sizes (Qt picks the one matching the screen's pixel ratio)."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_marker(painter, QRectF(0, 0, size, size), determination)
        painter.end()
        result.addPixmap(pixmap)
    return result


def html_badge(determination: str) -> str:
    """Inline HTML: the symbol on the determination's colour, then its name."""
    c, fg = colour(determination).name(), symbol_colour(determination).name()
    return (f'<span style="background-color:{c}; color:{fg}; font-weight:bold">&nbsp;{symbol(determination)}&nbsp;'
            f'</span>&nbsp;<b>{html.escape(determination)}</b>')
