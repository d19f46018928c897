"""Real clinic spreadsheets for tests: .xlsx written with openpyxl (titles, merged cells, Excel
dates), .csv / .tsv written as text. Headers and rows are whatever the test names."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import openpyxl

from desktop_app.core.clinic.guess import guess_mapping
from desktop_app.core.clinic.mapping import ColumnMapping
from desktop_app.core.clinic.sheet import read_table
from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import load_clinic
from desktop_app.core.results import Results
from desktop_app.core.ruleset import Policy

from factory import AS_OF, policy as make_policy

HEADERS = ("Client name", "DOB", "Case number", "Court", "Charge", "Conviction date", "Felony/Misdemeanor")


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, title_rows: Sequence[str] = (),
               sheet: str = "Clients", merges: Sequence[str] = (), other_sheets: dict[str, list[list[Any]]] | None = None,
               date_format: str = "mm/dd/yyyy") -> Path:
    """A workbook whose first sheet has `title_rows` (each merged across the header's width), an
    empty row, the header and the rows; `merges` are ranges such as 'A5:A6' (cells below the
    top-left one are left empty, as Excel does)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for title in title_rows:
        ws.append([title])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(2, len(headers)))
    if title_rows:
        ws.append([])
    ws.append(list(headers))
    for values in rows:
        ws.append(list(values))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = date_format
    for cells in merges:
        first, *rest = [c for c in ws[cells] for c in c]
        for cell in rest:
            cell.value = None
        ws.merge_cells(cells)
    for name, grid in (other_sheets or {}).items():
        other = book.create_sheet(name)
        for values in grid:
            other.append(values)
    book.save(path)
    return path


def write_text(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, delimiter: str = ",",
               encoding: str = "utf-8", before: Sequence[Sequence[str]] = ()) -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter)
        for line in before:
            writer.writerow(line)
        writer.writerow(list(headers))
        for values in rows:
            writer.writerow(["" if v is None else v for v in values])
    return path


def mapped(path: Path, **settings: Any) -> ColumnMapping:
    """The guessed mapping of a sheet, with settings changed."""
    table = read_table(path)
    return guess_mapping(table).mapping(**settings)


def clinic_decide(path: Path, county: str = "ALL", chosen: Policy | None = None, as_of: dt.date = AS_OF,
                  mapping: ColumnMapping | None = None, **settings: Any) -> Results:
    """Evaluate a clinic sheet (guessed mapping with `settings`, or `mapping`)."""
    table = read_table(path, sheet=mapping.sheet if mapping else "")
    mapping = mapping or guess_mapping(table).mapping(**settings)
    prepared = load_clinic(table, mapping)
    return evaluate(prepared, chosen or make_policy(), county, as_of=as_of)
