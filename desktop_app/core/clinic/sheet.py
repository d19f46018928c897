"""A clinic's spreadsheet as a table: the sheet, its header row and a column of cells per header.

Workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) are read with python-calamine; text files (.csv, .tsv,
.txt) with the csv module (delimiter and encoding detected). Titles and notes above the header
are skipped; the header row is found from the words it holds. A merged cell in the data (one
client's name merged down over their convictions) gives its value to every cell it covers.
Empty rows are not records.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import InputFileError
from .fields import FIELDS, header_score
from .values import cell_text, is_blank, read_date

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".tab", ".txt"}
HEADER_SEARCH_ROWS = 30
DOJ_HEADER_NAMES = {"SUBJECT_ID", "OFFENSE_DESCR", "STP_EVENT_DATE", "CNT_ORDER", "RECORD_ID"}
# A DOJ research file has 95 fields per line: 96 with a trailing comma or a name split by lost
# quoting, 97 with both; with or without a header.
DOJ_WIDTHS = (95, 96, 97)


def _doj_header(header: Sequence[Any]) -> bool:
    return len({str(v).strip().upper() for v in header if isinstance(v, str)} & DOJ_HEADER_NAMES) >= 2


def _doj_width(rows: Sequence[Sequence[Any]]) -> bool:
    return any(len(row) in DOJ_WIDTHS for row in rows[:HEADER_SEARCH_ROWS])


@dataclass(frozen=True)
class SheetTable:
    """The data rows of one sheet, column by column."""

    path: Path
    sheet: str  # the sheet's name ('' for a text file)
    sheets: tuple[str, ...]  # every visible sheet of the workbook (() for a text file)
    header_row: int  # 1-based row number of the header row
    headers: tuple[str, ...]  # unique, in sheet order ('Column F' for a blank header)
    columns: dict[str, np.ndarray]  # header -> cell values of the data rows (object array)
    rows: np.ndarray  # 1-based sheet row number of each data row
    encoding: str  # 'workbook', 'utf-8' or 'cp1252'
    doj_like: bool = False  # the header holds DOJ research-file column names

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def where(self) -> str:
        """'clients.xlsx, sheet Clients' (or the file name of a text file)."""
        return f"{self.path.name}, sheet {self.sheet}" if self.sheet else self.path.name

    def cell(self, header: str, i: int) -> str:
        """The text of data row i (0-based) in a column."""
        return cell_text(self.columns[header][i])

    def samples(self, header: str, n: int = 3) -> list[str]:
        """The first `n` distinct non-empty values of a column, as text."""
        out: list[str] = []
        for value in self.columns.get(header, ()):
            text = cell_text(value)
            if text and text not in out:
                out.append(text)
                if len(out) >= n:
                    break
        return out


def is_table_file(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES | TEXT_SUFFIXES


def list_sheets(path: str | Path) -> tuple[str, ...]:
    """The visible worksheets of a workbook, in order (() for a text file)."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return ()
    book = _open_workbook(path)
    names = tuple(m.name for m in book.sheets_metadata
                  if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet"))
    return names or tuple(book.sheet_names)


def read_table(path: str | Path, sheet: str = "", header_row: int = 0) -> SheetTable:
    """Read one sheet (the named one, or the one that looks most like a clinic's list) with its
    header at `header_row` (1-based; 0: found from the headers' words)."""
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        sheets = list_sheets(path)
        if sheet and sheet not in sheets:
            raise InputFileError(path, f"the workbook has no sheet '{sheet}' (it has: {', '.join(sheets)})")
        grids = {}
        if not sheet:
            for name in sheets:
                grids[name] = _workbook_grid(path, name)
            sheet = max(sheets, key=lambda name: (_header_quality(grids[name]), -sheets.index(name)))
        grid = grids.get(sheet) or _workbook_grid(path, sheet)
        encoding = "workbook"
    elif path.suffix.lower() in TEXT_SUFFIXES:
        grid, encoding = _text_grid(path)
        sheets = ()
    else:
        raise InputFileError(path, "not a spreadsheet: open an .xlsx, .xls, .ods, .csv or .tsv file")
    return _table(path, sheet, sheets, grid, header_row, encoding)


def looks_like_doj_text(path: str | Path) -> bool:
    """From its first lines only: a text file laid out as a DOJ research file (95 fields a line,
    one or two more when it has a trailing comma or lost its quoting, or DOJ column names). Such a
    file refused by the DOJ reader is not read again, whole, as a clinic's sheet."""
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return False
    with open(path, "rb") as f:
        head = f.read(64 * 1024).decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        rows = list(csv.reader(head.splitlines()[:HEADER_SEARCH_ROWS]))
    except csv.Error:
        return False
    return bool(rows) and (_doj_header(rows[0]) or _doj_width(rows))


# ------------------------------------------------------------------ reading cells

def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error kinds for a broken or encrypted file
        log.info("workbook not readable: %s", type(e).__name__)
        raise InputFileError(path, "the workbook is damaged or password-protected; open it in Excel, "
                                   "remove the password and save it again") from None


def _workbook_grid(path: Path, sheet: str) -> list[list[Any]]:
    """Every row of the sheet from row 1 (so positions are sheet rows), merged data cells filled."""
    try:
        data = _open_workbook(path).get_sheet_by_name(sheet)
        grid = data.to_python(skip_empty_area=False)
        merged = getattr(data, "merged_cell_ranges", None) or []
    except InputFileError:
        raise
    except Exception as e:
        log.info("sheet not readable: %s", type(e).__name__)
        raise InputFileError(path, f"sheet '{sheet}' cannot be read") from None
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = value
    return grid


def _text_grid(path: Path) -> tuple[list[list[Any]], str]:
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputFileError(path, "this is a workbook saved under a text file's name; rename it to .xlsx "
                                   "(or .xls) and open it again")
    if b"\x00" in raw[:4096] or raw.startswith(b"%PDF"):
        raise InputFileError(path, "this is a binary file or a document, not a spreadsheet saved as text")
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252", errors="replace"), "cp1252"
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else _delimiter(text)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], encoding
    except csv.Error as e:  # e.g. a field of several megabytes
        raise InputFileError(path, f"the file cannot be read as a table ({e})") from None


def _delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into the same number (2 or more) of
    fields: a title line has one field, and names such as 'Doe, Jane' must not decide."""
    head = "\n".join(text.splitlines()[:50])
    best, chosen = (0, 0), ","
    for delimiter in (",", ";", "\t", "|"):
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(head), delimiter=delimiter) if len(row) >= 2]
        except csv.Error:
            continue
        if widths:
            mode = max(set(widths), key=lambda w: (widths.count(w), w))
            if (widths.count(mode), mode) > best:
                best, chosen = (widths.count(mode), mode), delimiter
    return chosen


# ------------------------------------------------------------------ the header row

def _is_label(value: Any) -> bool:
    """A cell that can be a column header: text that is not a number or a date."""
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    return not text.replace(".", "", 1).replace(",", "").isdigit() and read_date(text) <= 0


def _row_quality(row: list[Any]) -> tuple[int, int]:
    """(fields its cells name, cells that can be headers)."""
    labels = [str(v) for v in row if _is_label(v)]
    if len(labels) < 2:
        return 0, 0
    named = {key for key, field in FIELDS.items() for label in labels if header_score(label, field) >= 0.7}
    return len(named), len(labels)


def _header_quality(grid: list[list[Any]]) -> tuple[int, int]:
    return max((_row_quality(row) for row in grid[:HEADER_SEARCH_ROWS]), default=(0, 0))


def find_header_row(grid: list[list[Any]]) -> int:
    """0-based index of the header row: the row among the first HEADER_SEARCH_ROWS whose cells
    name the most fields (then: the most header-like cells). Titles and notes above it are skipped."""
    best, best_index = (0, 0), -1
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        quality = _row_quality(row)
        if quality > best:
            best, best_index = quality, i
    return max(best_index, 0) if best_index >= 0 else next(
        (i for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]) if sum(not is_blank(v) for v in row) >= 2), 0)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _headers(row: list[Any], width: int) -> tuple[str, ...]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        text = " ".join(cell_text(row[i]).split()) if i < len(row) else ""
        text = text or f"Column {_column_letter(i)}"
        seen[text.lower()] = seen.get(text.lower(), 0) + 1
        names.append(text if seen[text.lower()] == 1 else f"{text} ({seen[text.lower()]})")
    return tuple(names)


def _table(path: Path, sheet: str, sheets: tuple[str, ...], grid: list[list[Any]], header_row: int,
           encoding: str) -> SheetTable:
    if not any(any(not is_blank(v) for v in row) for row in grid[:HEADER_SEARCH_ROWS]):
        raise InputFileError(path, f"sheet '{sheet}' is empty" if sheet else "the file is empty")
    if header_row:
        if header_row > len(grid):
            raise InputFileError(path, f"the header row {header_row} is after the last row ({len(grid)})")
        index = header_row - 1
    else:
        index = find_header_row(grid)
    body = [(i, row) for i, row in enumerate(grid[index + 1:], start=index + 2)
            if any(not is_blank(v) for v in row)]
    header = grid[index]
    used = [len(row) - next((k for k, v in enumerate(reversed(row)) if not is_blank(v)), len(row))
            for row in [header] + [row for _, row in body]]
    width = max(used, default=0)
    headers = _headers(header, width)
    padded = [row[:width] + [""] * (width - len(row)) if len(row) != width else row for _, row in body]
    columns = {name: np.array(values, dtype=object) if padded else np.empty(0, dtype=object)
               for name, values in zip(headers, zip(*padded) if padded else [()] * width)}
    return SheetTable(path=path, sheet=sheet, sheets=sheets, header_row=index + 1, headers=headers,
                      columns=columns, rows=np.array([i for i, _ in body], dtype=np.int64), encoding=encoding,
                      doj_like=_doj_header(header) or (encoding != "workbook" and _doj_width(grid)))
