"""Read a DOJ research file saved as an Excel workbook: first sheet, a header row with the DOJ names.

python-calamine (Rust) reads the cells about ten times faster than a pure-Python reader; rows are
turned into Arrow text columns a chunk at a time, so a large sheet never becomes millions of
Python objects at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from .csv_text import encode_rows
from .errors import Cancelled, InputFileError
from .records import InputProblem
from .schema import DOJ_COLUMNS, ENGINE_COLUMNS, READ_COLUMNS, SOURCE_FILE, SOURCE_LINE

log = logging.getLogger(__name__)

_HEADER_SEARCH_ROWS = 20
_CHUNK_ROWS = 50_000


def read_xlsx(path: Path, *, cancelled: Callable[[], bool] | None = None
              ) -> tuple[pd.DataFrame, pa.Array, list[InputProblem]]:
    """Return (frame of READ_COLUMNS + source line, each row's 95 fields as CSV text, problems).
    Columns are matched by name; extra columns are ignored; missing optional ones read as blank."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).iter_rows()
    except Exception as e:  # calamine raises its own error kinds for a broken or encrypted file
        log.info("workbook not readable: %s", type(e).__name__)
        raise InputFileError(path, "the workbook is damaged or password-protected; open it in Excel, "
                                   "remove the password and save it again as .xlsx") from None
    header_line, positions = _find_header(path, rows)
    missing_required = [c for c in ENGINE_COLUMNS if c not in positions]
    if missing_required:
        raise InputFileError(path, "the first sheet's header row lacks the DOJ columns "
                                   + ", ".join(missing_required), line=header_line)
    problems = [InputProblem(file=path.name, line=header_line, kind="missing_column",
                             message=f"column {c} is not in the workbook; it is read as blank")
                for c in DOJ_COLUMNS if c not in positions]

    wanted = [positions.get(c) for c in DOJ_COLUMNS]
    read_at = [DOJ_COLUMNS.index(c) for c in READ_COLUMNS]
    columns: list[list[pa.Array]] = [[] for _ in READ_COLUMNS]
    texts: list[pa.Array] = []
    lines: list[int] = []
    chunk: list[list[str]] = []

    def flush() -> None:
        if not chunk:
            return
        fields = [pa.array(list(values), pa.string()) for values in zip(*chunk)]
        texts.append(encode_rows(fields))
        for i, at in enumerate(read_at):
            columns[i].append(fields[at].cast(pa.large_string()))
        chunk.clear()

    for line, row in enumerate(rows, start=header_line + 1):
        if not any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in row):
            continue  # an empty row is not a record
        chunk.append([_cell_text(row[p]) if p is not None and p < len(row) else "" for p in wanted])
        lines.append(line)
        if len(chunk) >= _CHUNK_ROWS:
            if cancelled and cancelled():
                raise Cancelled()
            flush()
    flush()

    frame = pd.DataFrame({name: pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts, pa.large_string())))
                          if parts else pd.Series([], dtype="str")
                          for name, parts in zip(READ_COLUMNS, columns)})
    frame[SOURCE_LINE] = np.array(lines, dtype=np.int64)
    frame[SOURCE_FILE] = path.name
    text = pa.concat_arrays([t.cast(pa.string()) for t in texts]) if texts else pa.array([], pa.string())
    return frame, text, problems


def _find_header(path: Path, rows) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    for index, row in enumerate(rows, start=1):
        names = [str(v).strip().upper() if v is not None else "" for v in row]
        if "SUBJECT_ID" in names and "OFFENSE_DESCR" in names:
            positions: dict[str, int] = {}
            known = set(DOJ_COLUMNS)
            for i, name in enumerate(names):
                if name in known and name not in positions:
                    positions[name] = i
            return index, positions
        if index >= _HEADER_SEARCH_ROWS:
            break
    raise InputFileError(path, "no header row with the DOJ research file's column names (SUBJECT_ID, "
                               f"OFFENSE_DESCR, …) in the first {_HEADER_SEARCH_ROWS} rows of the first sheet")


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
