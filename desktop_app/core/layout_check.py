"""Before a file's layout is trusted, check that its columns hold what a DOJ research file has
there: dates where dates belong, IDs, known step kinds and dispositions, county names.

A file whose names lost their quotes ("DOE,JANE" split into two fields) has 96 fields on most
lines and looks like the trailing-comma layout; read that way every column after the name is one
place off and nothing is found. Such a file is refused with what was found, never misread.

The check runs on a sample of rows (vectorised, a few milliseconds on millions of rows) and
tolerates real-world dirt: a column is judged by the share of its values that look right. Only
when the columns as read are wrong is the cause looked for, on the raw text of a few lines.
Messages name columns, lines and the shape of what was found, never a person's data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import InputFileError
from .schema import DOJ_COLUMNS, N_DOJ_COLUMNS, SOURCE_LINE
from .sniff import split_fields
from .vocabulary import load_vocabulary

SAMPLE_ROWS = 1000  # rows of the parsed frame checked, spread evenly over the file
SAMPLE_BLOCK = 25  # ... in blocks of this many consecutive rows
DIAGNOSE_LINES = 200  # raw lines split to find the cause, when the check fails
# A column is judged on at least MIN_EVIDENCE non-blank values, and is right when at least
# FIT_SHARE of them look right. The layout is refused when at least MIN_WRONG columns, and two
# thirds of those judged, are wrong: a misaligned layout breaks nearly all of them, while dirty
# values in an honest file (or a tiny file) never do.
MIN_EVIDENCE = 10
FIT_SHARE = 0.5
MIN_WRONG = 3
NAME = DOJ_COLUMNS.index("PRI_NAME")

ReadLines = Callable[[Sequence[int]], list[str]]  # physical line numbers -> their text


@dataclass(frozen=True)
class ColumnRule:
    column: str
    expected: str  # what belongs there, as the message says it
    pattern: str  # regular expression over the trimmed, upper-case value


@dataclass(frozen=True)
class ColumnFit:
    rule: ColumnRule
    checked: int  # non-blank values looked at
    fitting: int  # of those, the ones that look right
    misfit: str  # the commonest value that does not look right

    @property
    def judged(self) -> bool:
        return self.checked >= MIN_EVIDENCE

    @property
    def wrong(self) -> bool:
        return self.judged and self.fitting < FIT_SHARE * self.checked

    @property
    def index(self) -> int:
        return DOJ_COLUMNS.index(self.rule.column)


@lru_cache(maxsize=1)
def column_rules() -> tuple[ColumnRule, ...]:
    v = load_vocabulary()

    def any_word(words: tuple[str, ...]) -> str:
        return "(" + "|".join(re.escape(w) for w in words) + ")"

    date, an_id = r"^\d{8}$", r"^[0-9A-Z-]*[0-9][0-9A-Z-]*$"
    return (
        ColumnRule("SUBJECT_ID", "a numeric ID", an_id),
        ColumnRule("CII_NUMBER", "an ID number", an_id),
        ColumnRule("PRI_DOB", "a date (YYYYMMDD)", date),
        ColumnRule("CYC_DATE", "a date (YYYYMMDD)", date),
        ColumnRule("STP_EVENT_DATE", "a date (YYYYMMDD)", date),
        ColumnRule("STP_TYPE_DESCR", "a kind of step (ARREST/DETAINED/CITED, COURT ACTION, …)",
                   any_word(v.step_words)),
        ColumnRule("STP_ORI_CNTY_NAME", "a California county name",
                   "^(" + "|".join(re.escape(c) for c in v.counties) + ")$"),
        ColumnRule("CNT_ORDER", "a 12-digit count number", r"^\d{12}$"),
        ColumnRule("DISP_DATE", "a date (YYYYMMDD)", date),
        ColumnRule("OFFENSE_TOC", "a one-letter type of charge (F, M, I)", r"^[A-Z]$"),
        ColumnRule("DISP_DESCR", "a disposition (CONVICTED-…, DISMISSED…, …)", any_word(v.disposition_words)),
        ColumnRule("CONV_STAT_DESCR", "a level (FELONY, MISDEMEANOR, INFRACTION)", any_word(v.level_words)),
    )


def assess(columns: Mapping[str, pa.Array]) -> list[ColumnFit]:
    """How well each checked column's values (text, any length) look like what belongs there."""
    fits = []
    for rule in column_rules():
        values = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(columns[rule.column], pa.string())))
        filled = pc.not_equal(values, "")
        right = pc.and_(filled, pc.match_substring_regex(values, rule.pattern))
        checked, fitting = pc.sum(filled).as_py() or 0, pc.sum(right).as_py() or 0
        misfit = ""
        if fitting < checked:
            counts = pc.value_counts(pc.filter(values, pc.and_(filled, pc.invert(right))))
            misfit = counts[int(np.argmax(counts.field("counts").to_numpy()))]["values"].as_py()
        fits.append(ColumnFit(rule, checked, fitting, misfit))
    return fits


def misread(fits: list[ColumnFit]) -> bool:
    judged = [f for f in fits if f.judged]
    wrong = [f for f in judged if f.wrong]
    return len(wrong) >= MIN_WRONG and 3 * len(wrong) >= 2 * len(judged)


def check_frame(path: Path, frame: pd.DataFrame, read_lines: ReadLines) -> None:
    """Refuse (InputFileError) a file whose parsed columns do not hold what they should, with
    the cause found on the raw text of sampled lines."""
    n = len(frame)
    if n == 0:
        return
    at = sample_positions(n)
    fits = assess({r.column: sample_column(frame[r.column], at) for r in column_rules()})
    if not misread(fits):
        return
    lines = frame[SOURCE_LINE].to_numpy()[at[np.unique(np.linspace(0, len(at) - 1, min(len(at), DIAGNOSE_LINES))
                                                        .astype(np.int64))]]
    numbers = [int(x) for x in lines]
    raise _diagnosis(path, numbers, read_lines(numbers), fits)


def sample_positions(n: int) -> np.ndarray:
    """SAMPLE_ROWS row positions in blocks of SAMPLE_BLOCK consecutive rows spread evenly over
    `n` rows (slices of Arrow's chunks are cheap; picking rows one by one copies whole columns)."""
    if n <= SAMPLE_ROWS:
        return np.arange(n, dtype=np.int64)
    starts = np.linspace(0, n - SAMPLE_BLOCK, SAMPLE_ROWS // SAMPLE_BLOCK).astype(np.int64)
    return np.unique((starts[:, None] + np.arange(SAMPLE_BLOCK)).ravel())


def sample_column(column: pd.Series, at: np.ndarray) -> pa.Array:
    """The values at `at` (blocks from `sample_positions`) as Arrow text, without copying the column."""
    array = column.array
    values = array.__arrow_array__() if hasattr(array, "__arrow_array__") else pa.array(array, pa.string())
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if len(at) == len(values):
        return pc.cast(values.combine_chunks(), pa.string())
    breaks = np.flatnonzero(np.diff(at) != 1) + 1  # runs of consecutive positions (blocks may touch)
    starts, lengths = at[np.r_[0, breaks]], np.diff(np.r_[0, breaks, len(at)])
    chunks = [c for s, k in zip(starts, lengths) for c in values.slice(int(s), int(k)).chunks]
    return pc.cast(pa.concat_arrays(chunks), pa.string())


def check_unread_rows(path: Path, unread_lines: Sequence[int], rows_read: int, read_lines: ReadLines) -> None:
    """Many rows with the wrong number of fields: refuse the file when their names were split
    (lost quoting); otherwise they stay listed as input problems."""
    if not unread_lines or (rows_read and (len(unread_lines) < 10 or len(unread_lines) * 20 < rows_read)):
        return
    step = max(1, len(unread_lines) // DIAGNOSE_LINES)
    numbers = [int(x) for x in unread_lines[::step][:DIAGNOSE_LINES]]
    split = _name_split(numbers, [split_fields(t) for t in read_lines(numbers)])
    if split is not None:
        raise split(path)


def check_head(path: Path, head: bytes, has_header: bool) -> None:
    """Refuse a file whose names lost their quoting from its first lines, before the whole file is
    parsed: its rows do not fit the layout, and parsing millions of them one by one only to refuse
    them would keep the user waiting for minutes."""
    lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the last may be cut off by the end of the sample
    first = 2 if has_header else 1
    texts = [t.rstrip("\r") for t in lines[first - 1:first - 1 + DIAGNOSE_LINES]]
    numbers = [first + i for i, t in enumerate(texts) if t.strip()]
    rows = [split_fields(t) for t in texts if t.strip()]
    if len(rows) < MIN_EVIDENCE:
        return  # too few lines to judge: the check on the parsed rows decides
    split = _name_split(numbers, rows)
    if split is not None:
        raise split(path)


_ROW_CHECKS = tuple((DOJ_COLUMNS.index(c), re.compile(p)) for c, p in (
    ("PRI_DOB", r"^\d{8}$"), ("STP_EVENT_DATE", r"^\d{8}$"), ("CNT_ORDER", r"^\d{12}$")))


def row_looks_aligned(fields: list[str]) -> bool:
    """One row's 95 fields: at least two of PRI_DOB, STP_EVENT_DATE and CNT_ORDER blank or right.
    Used before re-admitting a row with an extra empty last field, which a row whose name lost
    its quotes also has."""
    return sum(not f.strip() or bool(p.match(f.strip())) for i, p in _ROW_CHECKS for f in [fields[i]]) >= 2


# ------------------------------------------------------------------------------ finding the cause

def _diagnosis(path: Path, numbers: list[int], texts: list[str], fits: list[ColumnFit]) -> InputFileError:
    wrong = sorted((f for f in fits if f.wrong), key=lambda f: f.index)
    looked = _lines_looked_at(numbers)
    for sep, name in (("\t", "tab"), (";", "semicolon")):
        if texts and sum(t.count(sep) for t in texts) >= 10 * len(texts):
            return InputFileError(path, f"the file seems to be {name}-separated on most of {looked}; a DOJ "
                                        "research file is comma-separated. Use the original file received from DOJ.",
                                  line=numbers[0])
    rows = [split_fields(t) for t in texts]
    split = _name_split(numbers, rows, fits)
    if split is not None:
        return split(path)
    shift = _shift(rows, wrong)
    if shift:
        direction = "right" if shift > 0 else "left"
        places = "one place" if abs(shift) == 1 else f"{abs(shift)} places"
        start = ("from the start of each line" if wrong[0].index <= DOJ_COLUMNS.index("SUBJECT_ID")
                 else f"from {wrong[0].rule.column} on")
        return InputFileError(
            path, f"the columns are not where a DOJ research file has them: {start}, every field is "
                  f"{places} to the {direction} ({_found(wrong)}; in {looked}). A field seems to have been "
                  f"{'added' if shift > 0 else 'removed'}; use the original file received from DOJ.",
            line=numbers[0], column=wrong[0].rule.column)
    return InputFileError(
        path, f"the columns do not hold what a DOJ research file has there ({_found(wrong)}; in {looked}). The "
              "columns may be in another order, or this is another kind of file: use the original file "
              "received from DOJ.", line=numbers[0], column=wrong[0].rule.column)


def _name_split(numbers: list[int], rows: list[list[str]], fits: list[ColumnFit] | None = None
                ) -> Callable[[Path], InputFileError] | None:
    """When joining PRI_NAME with the next field (the name's comma) lines the columns up, the
    file lost its quoting. Returns a maker of the error, or None."""
    split = [(n, r) for n, r in zip(numbers, rows) if len(r) > N_DOJ_COLUMNS]
    if not split or 2 * len(split) < len(rows):
        return None
    joined = [r[:NAME] + [f"{r[NAME]},{r[NAME + 1]}"] + r[NAME + 2:] for _, r in split]
    rejoined = assess(_columns(joined))
    if misread(rejoined) or sum(f.wrong for f in rejoined) > 1 or sum(f.judged for f in rejoined) < MIN_WRONG:
        return None
    as_read = fits if fits is not None else assess(_columns([r[:N_DOJ_COLUMNS] for _, r in split]))
    wrong = sorted((f for f in as_read if f.wrong), key=lambda f: f.index)
    found = f"; read as they are, {_found(wrong)}" if wrong else ""
    looked = _lines_looked_at(numbers)

    def error(path: Path) -> InputFileError:
        return InputFileError(
            path, f"names seem to be split across two fields: the file lost its quoting. On {len(split)} of "
                  f"{looked} the name (LAST,FIRST) is two fields, so every later "
                  f"column is one place off{found}. A DOJ research file quotes names (\"LAST,FIRST\"): use the "
                  "original file received from DOJ, not a copy saved by a spreadsheet or another program.",
            line=split[0][0], column="PRI_NAME")
    return error


def _shift(rows: list[list[str]], wrong: list[ColumnFit]) -> int:
    """The number of places (−3…3) every field from the first wrong column on has moved, or 0."""
    if not rows or not wrong:
        return 0
    start = wrong[0].index
    for d in (1, -1, 2, -2, 3, -3):
        moved = [r[:start] + r[start + d:] if d > 0 else r[:start + d] + [""] * -d + r[start + d:] for r in rows]
        fits = assess(_columns(moved))
        if not misread(fits) and sum(f.wrong for f in fits) <= 1:
            return d
    return 0


def _columns(rows: list[list[str]]) -> dict[str, pa.Array]:
    return {rule.column: pa.array([r[i] if len(r) > i else "" for r in rows], pa.string())
            for rule in column_rules() for i in [DOJ_COLUMNS.index(rule.column)]}


def _found(wrong: list[ColumnFit]) -> str:
    # The county first: it is what the user sees first (the county list).
    wrong = sorted(wrong, key=lambda f: (f.rule.column != "STP_ORI_CNTY_NAME", f.index))
    parts = [f"{f.rule.column} holds {_shape(f.misfit)} where {f.rule.expected} belongs" for f in wrong[:3]]
    more = f" (and {len(wrong) - 3} more columns)" if len(wrong) > 3 else ""
    return ", ".join(parts) + more


def _shape(value: str) -> str:
    """A value as the message may show it: short codes and the file's vocabulary as they are,
    anything that could be a person's data only by its shape."""
    v = load_vocabulary()
    known = set(v.counties) | {"CNT", "STP", "CYC", "SNT", "PII", "PDR", "REQ"}
    words = v.step_words + v.disposition_words + v.level_words
    if len(value) <= 3 or value in known or any(w in value for w in words):
        return f"'{value}'"
    if value.isdigit():
        return f"{len(value)}-digit numbers"
    if value.replace(" ", "").replace("/", "").isalpha():
        return "other words"
    return "other text"


def _lines_looked_at(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"the 1 line looked at (line {numbers[0]:,})"
    return f"the {len(numbers)} lines looked at (lines {numbers[0]:,} to {numbers[-1]:,})"
