"""Word documents (.docx) to PDF without Word: the document model is read (model.py), laid out
into pages with the fonts' metrics (layout.py) and written with fpdf2 (pdf.py), so the PDF holds
the same text as the .docx. Never imports Qt."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .layout import Page, layout
from .model import read_docx
from .pdf import write_pdf


def docx_pages(data: bytes, progress: Callable[[int], None] | None = None) -> list[Page]:
    """The pages of the .docx `data`, laid out (what the PDF draws)."""
    return layout(read_docx(data), progress)


def docx_to_pdf(data: bytes, *, title: str = "", author: str = "", subject: str = "",
                created: dt.datetime | None = None, progress: Callable[[int], None] | None = None) -> bytes:
    return write_pdf(docx_pages(data, progress), title=title, author=author, subject=subject, created=created)


__all__ = ["docx_pages", "docx_to_pdf", "Page"]
