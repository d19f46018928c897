"""What kind of file this is, before and after parsing: the DOJ layout (header, trailing comma,
95 fields) from the first bytes, and the signs of a DOJ file re-saved by a spreadsheet program.
Every refusal is an InputFileError naming the file, line and column and what was expected."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import InputFileError
from .schema import DOJ_COLUMNS, N_DOJ_COLUMNS, SOURCE_LINE

SNIFF_BYTES = 256 * 1024


@dataclass(frozen=True)
class Layout:
    has_header: bool
    width: int  # 95, or 96 when every line ends in an extra empty field


def sniff_layout(path: Path, head: bytes) -> Layout:
    if not head.strip():
        raise InputFileError(path, "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise InputFileError(path, "this is an Excel workbook or ZIP archive, not a text DOJ research file; "
                                   "open it as .xlsx, or use the original .dat/.csv file from DOJ")
    if head.startswith(b"%PDF"):
        raise InputFileError(path, "this is a PDF document, not a DOJ research file")
    if b"\x00" in head[:4096]:
        raise InputFileError(path, "this is a binary file, not a DOJ research file (comma-separated text)")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if "\n" not in text and "\r" not in text and len(head) >= SNIFF_BYTES:
        raise InputFileError(path, f"not a DOJ research file: expected {N_DOJ_COLUMNS} comma-separated fields "
                                   f"per line, but line 1 is longer than {SNIFF_BYTES // 1024} KB", line=1)
    first_line = text.splitlines()[0] if text.splitlines() else ""
    fields = split_fields(first_line)
    has_header = bool(fields) and fields[0].strip().upper() == "RECORD_ID"
    width = len(fields)
    if width == N_DOJ_COLUMNS + 1 and fields[-1].strip() == "":
        width = N_DOJ_COLUMNS + 1
        if has_header:  # a header may end in a comma while the rows do not: the rows decide
            data_lines = text.splitlines()[1:2]
            data_fields = split_fields(data_lines[0]) if data_lines else []
            if len(data_fields) == N_DOJ_COLUMNS:
                width = N_DOJ_COLUMNS
    elif width != N_DOJ_COLUMNS:
        hint = ""
        if "\t" in first_line and first_line.count("\t") >= 10:
            hint = " It looks tab-separated; the DOJ research file is comma-separated."
        elif first_line.count(";") >= 10:
            hint = " It looks semicolon-separated; the DOJ research file is comma-separated."
        if has_header:
            missing = [c for c in DOJ_COLUMNS if c not in {f.strip().upper() for f in fields}]
            detail = f" (missing: {', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})" if missing else ""
            raise InputFileError(path, f"the header row has {width} columns; a DOJ research file has "
                                       f"{N_DOJ_COLUMNS}{detail}.{hint}", line=1)
        if N_DOJ_COLUMNS < width <= N_DOJ_COLUMNS + 15 and '"' not in first_line:
            hint = (" Names seem to be split at their comma, as when a spreadsheet program saves the file "
                    "without the quotes around names: use the original file received from DOJ.")
        raise InputFileError(path, f"not a DOJ research file: expected {N_DOJ_COLUMNS} comma-separated "
                                   f"fields per line, found {width} on line 1.{hint}", line=1)
    if has_header:
        names = [f.strip().upper() for f in fields[:N_DOJ_COLUMNS]]
        for i, (found, expected) in enumerate(zip(names, DOJ_COLUMNS)):
            if found != expected:
                raise InputFileError(path, f"header column {i + 1} is '{fields[i].strip()}', expected "
                                           f"'{expected}': this does not look like a DOJ research file",
                                     line=1, column=expected)
    return Layout(has_header=has_header, width=width)


_RESAVED_HINTS = (
    ("STP_EVENT_DATE", r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$", "dates written like 5/25/1979"),
    ("PRI_DOB", r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$", "dates written like 5/25/1979"),
    ("CNT_ORDER", r"^\s*\d{7,11}\s*$", "leading zeros dropped from CNT_ORDER"),
    ("SUBJECT_ID", r"^\s*\d(\.\d+)?E\+\d+\s*$", "IDs turned into numbers like 1.87E+07"),
    ("CII_NUMBER", r"^\s*\d(\.\d+)?E\+\d+\s*$", "IDs turned into numbers like 1.87E+07"),
)


def check_not_resaved(path: Path, frame: pd.DataFrame, problems: list) -> None:
    """A DOJ file opened and saved again by a spreadsheet program is the commonest bad input:
    dates and IDs rewritten, leading zeros and quoting lost. Refuse it with the reason."""
    for column, pattern, what in _RESAVED_HINTS:
        hit = pc.match_substring_regex(pa.array(frame[column]), pattern).to_numpy(zero_copy_only=False)
        if hit.any():
            line = int(frame[SOURCE_LINE].to_numpy()[np.argmax(hit)])
            raise InputFileError(
                path, f"this file seems to have been re-saved by a spreadsheet program ({what}). "
                      "Use the original file received from DOJ.", line=line, column=column)
    split = [p for p in problems if p.kind == "malformed_row" and (p.fields_found or 0) > N_DOJ_COLUMNS + 1]
    if len(split) >= 10 and len(split) * 20 >= len(frame) + len(problems):
        raise InputFileError(
            path, f"{len(split)} rows have more than {N_DOJ_COLUMNS + 1} fields, as when a spreadsheet program "
                  "saves the file without the quotes around names. Use the original file received from DOJ.",
            line=split[0].line)


def split_fields(line: str) -> list[str]:
    """One CSV line's fields; a line the csv module cannot split (a huge field) has none."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []
