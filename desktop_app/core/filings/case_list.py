"""The case list a courthouse's clerks work from, one row per conviction, in the layout's columns:
as .xlsx (header frozen, filters on, text cells so case numbers and dates stay as written) and as
.csv (UTF-8 with a byte-order mark, so that Excel shows accented names as written)."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO, Sequence

import pandas as pd

from .layout import Column

XLSX_MAX_ROWS = 1_048_575  # a sheet's rows, less the header


def values(rows: pd.DataFrame, columns: Sequence[Column]) -> list[list[str]]:
    """The cells of `rows` (the filing plan's columns) under `columns`, as text, one line each."""
    data = [rows[c.source].fillna("").astype(str).str.replace(r"\s*[\r\n]+\s*", " / ", regex=True).tolist()
            for c in columns]
    return [list(r) for r in zip(*data)] if data else []


def write_csv(out: BinaryIO, rows: pd.DataFrame, columns: Sequence[Column]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.title for c in columns])
    writer.writerows(values(rows, columns))
    out.write(text.getvalue().encode("utf-8-sig"))


def write_xlsx(out: BinaryIO, rows: pd.DataFrame, columns: Sequence[Column], *, sheet: str = "Case list",
               title: str = "") -> None:
    """One sheet: the header (bold, frozen, with filters) and a row per conviction; `title` goes
    into the workbook's properties."""
    import xlsxwriter

    if len(rows) > XLSX_MAX_ROWS:
        raise ValueError(f"{len(rows):,} rows do not fit in one sheet")
    # In memory: a temporary file would hold the names (a few thousand rows per courthouse).
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": title, "comments": "Written by Record Clearance Desktop"})
    ws = book.add_worksheet(sheet[:31])
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9D9D9",
                              "border": 1})
    text = book.add_format({"num_format": "@"})
    for i, column in enumerate(columns):
        ws.set_column(i, i, column.width, text)
    ws.write_row(0, 0, [c.title for c in columns], header)
    for r, cells in enumerate(values(rows, columns), start=1):
        ws.write_row(r, 0, cells, text)
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    book.close()
