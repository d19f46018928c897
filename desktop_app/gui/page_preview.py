"""A laid-out page (core/docx_pdf: what the PDF draws) painted into an image with Qt, in the same
fonts: the filings dialog's preview of a document's first page."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

from ..core.docx_pdf.fonts import font_path
from ..core.docx_pdf.layout import Fill, Page, Rule, Text, flat


@lru_cache(maxsize=None)
def _family(family: str, bold: bool, italic: bool) -> str:
    """The Qt family name of the font file the PDF embeds (loaded once into the application)."""
    font_id = QFontDatabase.addApplicationFont(str(font_path(family, bold, italic)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ("Serif" if family == "serif" else "Sans Serif")


def render_page(page: Page, width_px: int) -> QImage:
    """The page as an image `width_px` wide (white paper, black text and rules)."""
    scale = width_px / page.width
    image = QImage(width_px, int(page.height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(72 / 0.0254)  # 72 dpi: a font's points are the page's units
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    fonts: dict[tuple, QFont] = {}
    painter.setPen(QColor("black"))
    for op, dx, dy in flat(page.ops):
        if isinstance(op, Text):
            key = (op.font, op.size)
            if key not in fonts:
                font = QFont(_family(*op.font))
                font.setBold(op.font[1])
                font.setItalic(op.font[2])
                font.setPointSizeF(op.size)  # points = the page's units; the painter scales them
                font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
                fonts[key] = font
            painter.setFont(fonts[key])
            painter.drawText(QPointF(op.x + dx, op.y + dy), op.text)
        elif isinstance(op, Rule):
            painter.setPen(QPen(QColor("black"), op.width))
            painter.drawLine(QPointF(op.x1 + dx, op.y1 + dy), QPointF(op.x2 + dx, op.y2 + dy))
        elif isinstance(op, Fill):
            painter.fillRect(QRectF(op.x + dx, op.y + dy, op.w, op.h), QColor(f"#{op.color}"))
    painter.setPen(QPen(QColor(Qt.GlobalColor.darkGray), 0.5, Qt.PenStyle.SolidLine))  # the paper's edge
    painter.drawRect(QRectF(0, 0, page.width - 0.5, page.height - 0.5))
    painter.end()
    return image
