"""The conviction key: what identifies a conviction in the record, so an office's review of it
survives a new DOJ extract and a re-sorted file (never a line number).

    <person>|<count>|<conviction date>|<code section>[~n]

- person: the CII number (the state's ID for the person; upper case, no spaces), or `SID:` and
  the SUBJECT_ID when the CII number is blank, or `none` when both are;
- count: CNT_ORDER as written (cycle, step and count numbers), `-` when blank, and for a
  clinic's sheet, whose made-up counts follow the order of its rows;
- conviction date: YYYY-MM-DD, `unknown` when blank or impossible;
- code section: upper case without spaces (`11357(C)HS`), `-` when blank.

e.g. `A1234567|001002003000|2010-03-14|11357(C)HS`.

Two convictions of one data set with the same key (a CII number shared by two SUBJECT_IDs, two
counts with a blank CNT_ORDER on one day) are told apart by `~2`, `~3`, ... given in the order of
what the record says about them (SUBJECT_ID, court case number, offence text, disposition,
comment, level, name), never in file order: re-sorting the file gives every conviction the same
key. Duplicates that agree on all of these are interchangeable; the first keeps the plain key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codes import normalise_code_section

SEPARATOR = "|"
DUPLICATE_MARK = "~"
# What orders duplicates (columns of the evaluated frame), most significant first.
TIE_BREAK = ("subject_id", "case_number", "offense", "disposition", "comment", "level", "name")


def _clean(values: np.ndarray, fn) -> np.ndarray:  # type: ignore[no-untyped-def]
    """`fn` applied once per distinct value (a county has a few thousand), spread over the rows."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    mapped = np.array([fn("" if u is None else str(u)) for u in uniques], dtype=object)
    return mapped[codes] if len(mapped) else np.zeros(0, dtype=object)


def _part(text: str) -> str:
    return "".join(text.split()).upper().replace(SEPARATOR, "/")


def _date(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day > 0 else "unknown"


def conviction_keys(cii: np.ndarray, subject_id: np.ndarray, cnt_order: np.ndarray, conviction_date: np.ndarray,
                    code_section: np.ndarray, tie_break: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """One key per conviction (all arrays in the same order); see the module's docstring.
    `tie_break` holds the TIE_BREAK columns used to number duplicates."""
    n = len(cii)
    if n == 0:
        return np.zeros(0, dtype=object)
    person = _clean(cii, _part)
    subject = _clean(subject_id, _part)
    person = np.where(person != "", person, np.where(subject != "", "SID:" + subject.astype(object), "none"))
    count = _clean(cnt_order, lambda s: _part(s) or "-")
    dates = _clean(np.asarray(conviction_date, dtype=np.int64), lambda s: _date(int(s)))
    section = _clean(code_section, lambda s: normalise_code_section(s).replace(SEPARATOR, "/") or "-")
    keys = pd.Series(person, dtype=object) + SEPARATOR + count + SEPARATOR + dates + SEPARATOR + section
    out = keys.to_numpy(dtype=object)
    duplicated = np.flatnonzero(keys.duplicated(keep=False).to_numpy())
    if len(duplicated):
        out = _number_duplicates(out, duplicated, tie_break or {})
    return out


def _number_duplicates(keys: np.ndarray, at: np.ndarray, tie_break: dict[str, np.ndarray]) -> np.ndarray:
    """Suffix `~2`, `~3`, ... to all but the first of each group of equal keys, in content order
    (few rows: a per-row sort here costs nothing)."""
    keys = keys.copy()
    columns = [tie_break[c] for c in TIE_BREAK if c in tie_break]

    def content(i: int) -> tuple[str, ...]:
        return tuple(" ".join(str(c[i]).split()) for c in columns)

    groups: dict[str, list[int]] = {}
    for i in at.tolist():
        groups.setdefault(keys[i], []).append(i)
    for key, members in groups.items():
        ordered = sorted(members, key=lambda i: (content(i), i))  # i: equal content is interchangeable
        for rank, i in enumerate(ordered[1:], start=2):
            keys[i] = f"{key}{DUPLICATE_MARK}{rank}"
    return keys


def key_parts(keys: pd.Series) -> pd.DataFrame:
    """The parts of each key: person, count, date, section (the duplicate mark dropped)."""
    bare = keys.astype(str).str.split(DUPLICATE_MARK, n=1).str[0]
    parts = bare.str.split(SEPARATOR, n=3, expand=True).reindex(columns=range(4))
    parts.columns = ["person", "count", "date", "section"]
    return parts.fillna("")
