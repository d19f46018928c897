"""The blank intake workbook clinics can fill in (resources/templates/clinic-intake.xlsx): headers
that the mapping guess maps with no questions, lists for the level and county, date cells, and a
sheet of instructions. `python build/make_templates.py` writes it; the client form saves entered
convictions in the same shape."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

from ..counties import california_counties
from .values import read_date

TEMPLATE_NAME = "clinic-intake.xlsx"
SHEET = "Clients"
TEMPLATE_HEADERS: tuple[str, ...] = (
    "Client ID", "Client name", "Date of birth", "Case number", "Court", "County", "Code section",
    "Conviction date", "Level", "Sentence", "Deceased",
)
_WIDTHS = {"Client ID": 12, "Client name": 26, "Date of birth": 14, "Case number": 16, "Court": 24, "County": 16,
           "Code section": 18, "Conviction date": 15, "Level": 13, "Sentence": 16, "Deceased": 10}
_DATES = {"Date of birth", "Conviction date"}
_TEMPLATE_ROWS = 2000  # rows given the lists and date format
INSTRUCTIONS = (
    "One row per conviction, from the client's RAP sheet or court records.",
    "Client ID: the same on every row of one client (or leave it blank and fill in name and date of birth).",
    "Date of birth, Conviction date: a date (3/4/2012 is March 4, 2012).",
    "Code section: as on the RAP sheet, e.g. HS 11359(b), 11357(c) HS, PC 459. Write the code (HS, PC, VC, ...).",
    "Level: Felony, Misdemeanor or Infraction (F, M, I).",
    "County: the county of the conviction.",
    "Sentence: its length (3 years, 16 months, 180 days) or the date it ends. Optional.",
    "Deceased: Yes or No. Optional.",
    "List every conviction of each client, not only the cannabis ones: Record Clearance Desktop can then decide "
    "'only Prop 64 convictions' and 'years since the most recent conviction' (tick 'lists every conviction' when "
    "you open the sheet).",
    "Open this file in Record Clearance Desktop (File > Open): its columns are recognised with no questions.",
)


def write_intake_workbook(path: str | Path, rows: Sequence[Sequence[Any]] = ()) -> Path:
    """The intake workbook, with `rows` (values in TEMPLATE_HEADERS order; dates may be text that
    reads as a date, written as Excel dates) already filled in."""
    import xlsxwriter

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        _write_book(xlsxwriter.Workbook(tmp, {"strings_to_numbers": False, "strings_to_formulas": False,
                                              "strings_to_urls": False}), rows)
        os.replace(tmp, path)  # the file appears only once complete
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return path


def _write_book(book: Any, rows: Sequence[Sequence[Any]]) -> None:
    # A fixed creation date: the same content gives the same file.
    book.set_properties({"title": "Prop 64 clinic intake", "created": dt.datetime(2000, 1, 1),
                         "comments": "Record Clearance Desktop intake template"})
    header = book.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1, "text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "mm/dd/yyyy"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(SHEET)
    lists = book.add_worksheet("Lists")
    notes = book.add_worksheet("Instructions")
    for c, name in enumerate(TEMPLATE_HEADERS):
        sheet.write_string(0, c, name, header)
        sheet.set_column(c, c, _WIDTHS[name], date if name in _DATES else text)
    sheet.freeze_panes(1, 0)
    last = max(_TEMPLATE_ROWS, len(rows) + 100)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            _write(sheet, r, c, TEMPLATE_HEADERS[c], value, date)

    def column(name: str) -> int:
        return TEMPLATE_HEADERS.index(name)

    levels = ["Felony", "Misdemeanor", "Infraction"]
    sheet.data_validation(1, column("Level"), last, column("Level"),
                          {"validate": "list", "source": levels, "error_type": "warning",
                           "input_title": "Level", "input_message": "Felony, Misdemeanor or Infraction"})
    sheet.data_validation(1, column("Deceased"), last, column("Deceased"),
                          {"validate": "list", "source": ["Yes", "No"], "error_type": "warning"})
    for r, county in enumerate(california_counties()):
        lists.write_string(r, 0, county.title())
    lists.hide()
    sheet.data_validation(1, column("County"), last, column("County"),
                          {"validate": "list", "source": f"=Lists!$A$1:$A${len(california_counties())}",
                           "error_type": "warning", "error_message": "Not a California county: kept as typed."})
    notes.set_column(0, 0, 110)
    notes.write_string(0, 0, "How to fill in the Clients sheet", header)
    for r, line in enumerate(INSTRUCTIONS, start=1):
        notes.write_string(r, 0, line)
    sheet.activate()
    book.close()


def _write(sheet: Any, r: int, c: int, name: str, value: Any, date_format: Any) -> None:
    if value is None or value == "":
        return
    if name in _DATES:
        day = read_date(value)
        if day > 0:
            sheet.write_datetime(r, c, dt.datetime(day // 10000, day // 100 % 100, day % 100), date_format)
            return
    sheet.write_string(r, c, str(value))
