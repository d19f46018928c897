"""Read a DOJ research file saved as an Excel workbook: first sheet, a header row with the DOJ names."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
import zipfile
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .errors import Cancelled, InputFileError
from .schema import DOJ_COLUMNS, ENGINE_COLUMNS, SOURCE_FILE, SOURCE_LINE

log = logging.getLogger(__name__)

_HEADER_SEARCH_ROWS = 20


def read_xlsx(path: Path, *, cancelled: Callable[[], bool] | None = None):  # type: ignore[no-untyped-def]
    """Return (frame, problems). Columns are matched by name; extra columns are ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about workbook extensions it does not read
        return _read_xlsx(path, cancelled)


def _read_xlsx(path: Path, cancelled: Callable[[], bool] | None):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from .reader import InputProblem

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise InputFileError(path, "the workbook is damaged or password-protected; open it in Excel, "
                                   "remove the password and save it again as .xlsx") from None
    except Exception as e:  # openpyxl raises many kinds for a broken workbook
        raise InputFileError(path, f"the workbook cannot be opened ({type(e).__name__}: {str(e)[:150]})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_index, header, skipped = _find_header(path, rows)
        positions = _column_positions(header)
        missing_required = [c for c in ENGINE_COLUMNS if c not in positions]
        if missing_required:
            raise InputFileError(path, "the first sheet's header row lacks the DOJ columns "
                                       + ", ".join(missing_required), line=header_index)
        problems = [InputProblem(file=path.name, line=header_index, kind="missing_column",
                                 message=f"column {c} is not in the workbook; it is read as blank")
                    for c in DOJ_COLUMNS if c not in positions]
        data: dict[str, list[str]] = {c: [] for c in DOJ_COLUMNS}
        lines: list[int] = []
        getters = [(c, positions.get(c)) for c in DOJ_COLUMNS]
        for offset, row in enumerate(rows, start=header_index + 1):
            if cancelled and offset % 5000 == 0 and cancelled():
                raise Cancelled()
            if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            for name, pos in getters:
                value = row[pos] if pos is not None and pos < len(row) else None
                data[name].append(_cell_text(value))
            lines.append(offset)
    finally:
        workbook.close()
    frame = pd.DataFrame(data, dtype="str")
    frame[SOURCE_LINE] = pd.array(lines, dtype="int64")
    frame[SOURCE_FILE] = path.name
    return frame, problems


def _find_header(path: Path, rows) -> tuple[int, list[str], int]:  # type: ignore[no-untyped-def]
    for index, row in enumerate(rows, start=1):
        names = [str(v).strip().upper() if v is not None else "" for v in (row or ())]
        if "SUBJECT_ID" in names and "OFFENSE_DESCR" in names:
            return index, names, index - 1
        if index >= _HEADER_SEARCH_ROWS:
            break
    raise InputFileError(path, "no header row with the DOJ research file's column names (SUBJECT_ID, "
                               f"OFFENSE_DESCR, …) in the first {_HEADER_SEARCH_ROWS} rows of the first sheet")


def _column_positions(header: list[str]) -> dict[str, int]:
    known = set(DOJ_COLUMNS)
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in known and name not in positions:
            positions[name] = i
    return positions


def _cell_text(value: Any) -> str:
    """A cell as the text the DOJ file would have held (dates as YYYYMMDD, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
