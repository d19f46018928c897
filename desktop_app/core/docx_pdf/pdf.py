"""Pages of drawing operations (layout.py) written as a PDF with fpdf2: the text is real text in
the embedded fonts (searchable, and copied as written), in subsets of the Liberation fonts."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

from .fonts import font_path
from .layout import Fill, Page, Rule, Text, flat


def _fpdf():  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():  # Pillow is not bundled: the PDFs hold no images
        warnings.simplefilter("ignore")
        from fpdf import FPDF
    return FPDF


def write_pdf(pages: list[Page], *, title: str = "", author: str = "", subject: str = "",
              created: dt.datetime | None = None) -> bytes:
    FPDF = _fpdf()
    pdf = FPDF(unit="pt", format=(pages[0].width, pages[0].height) if pages else "letter")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_subject(subject)
    pdf.set_creator("Record Clearance Desktop")
    pdf.set_producer("Record Clearance Desktop")
    if created is not None:
        pdf.set_creation_date(created)
    fonts: dict[tuple[str, bool, bool], str] = {}

    def use(font: tuple[str, bool, bool], size: float) -> None:
        if font not in fonts:
            name = f"{font[0]}{'B' if font[1] else ''}{'I' if font[2] else ''}"
            pdf.add_font(name, "", str(font_path(*font)))
            fonts[font] = name
        pdf.set_font(fonts[font], "", size)

    current: tuple[Any, float] | None = None
    gray: str | None = None
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        current = None
        for op, dx, dy in flat(page.ops):
            if isinstance(op, Text):
                if current != (op.font, op.size):
                    use(op.font, op.size)
                    current = (op.font, op.size)
                pdf.text(op.x + dx, op.y + dy, op.text)
            elif isinstance(op, Rule):
                pdf.set_line_width(op.width)
                pdf.line(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy)
            elif isinstance(op, Fill):
                if gray != op.color:
                    pdf.set_fill_color(int(op.color[0:2], 16), int(op.color[2:4], 16), int(op.color[4:6], 16))
                    gray = op.color
                pdf.rect(op.x + dx, op.y + dy, op.w, op.h, style="F")
    return bytes(pdf.output())
