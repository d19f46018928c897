"""Why a non-empty data set gives no Prop 64 conviction to evaluate in the chosen county: no
Prop 64 code section anywhere, Prop 64 rows that are not convictions, or convictions recorded only
in other counties. The reason is a code and figures; `explanation_text` renders it for the command
line and the window."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .prepare import Prepared

NO_PROP64_SECTION = "no_prop64_section"
NO_PROP64_CONVICTION = "no_prop64_conviction"
ONLY_OTHER_COUNTIES = "only_other_counties"
COUNTY_NOT_IN_FILE = "county_not_in_file"
BLANK_COUNTY = "(no county)"  # how convictions with a blank STP_ORI_CNTY_NAME are listed


@dataclass(frozen=True)
class NoConvictions:
    code: str  # one of the constants above
    county: str
    rows: int  # rows read
    sections: tuple[str, ...]  # the Prop 64 code sections looked for
    prop64_rows: int = 0  # rows with a Prop 64 code section, every county
    prop64_rows_in_county: int = 0
    other_counties: tuple[tuple[str, int], ...] = ()  # Prop 64 convictions per county, most first
    comment_mentions: int = 0  # rows whose COMMENT_TEXT names a Prop 64 section
    unread_rows: int = 0  # rows that could not be read (wrong number of fields)


def explain_no_convictions(prepared: Prepared, county: str) -> NoConvictions | None:
    """Why `county` (as the files name it; case ignored) has no Prop 64 conviction to
    evaluate, or None when it has some or nothing was read."""
    rows = prepared.rows
    if len(rows) == 0:
        return None
    key = county.strip().upper()  # as evaluate() compares it
    conv = prepared.convictions
    p64 = conv["is_prop64"].to_numpy()
    conv_in_county = _is(conv["county"].array, key)
    if (p64 & conv_in_county).any():
        return None
    row_in_county = _is(rows["county"].array, key)
    p64_rows = ~_is(rows["prop64_section"].array, "")
    elsewhere: tuple[tuple[str, int], ...] = ()
    if p64.any():
        names, counts = np.unique(np.asarray(conv["county"].array[p64], dtype=object).astype(str),
                                  return_counts=True)
        order = np.lexsort((names, -counts))
        elsewhere = tuple((str(names[i]) or BLANK_COUNTY, int(counts[i])) for i in order)
    if not row_in_county.any():
        code = COUNTY_NOT_IN_FILE
    elif not p64_rows.any():
        code = NO_PROP64_SECTION
    elif not p64.any():
        code = NO_PROP64_CONVICTION
    else:
        code = ONLY_OTHER_COUNTIES
    unread = sum(1 for p in prepared.records.problems if p.kind == "malformed_row")
    return NoConvictions(
        code=code, county=key, rows=len(rows), sections=tuple(prepared.codes.prop64_sections),
        prop64_rows=int(p64_rows.sum()), prop64_rows_in_county=int((p64_rows & row_in_county).sum()),
        other_counties=elsewhere, comment_mentions=int((rows["possible_other_p64"].array.codes != 0).sum()),
        unread_rows=unread)


def _is(values: pd.Categorical, value: str) -> np.ndarray:
    """Rows of a categorical column equal to `value` (compared on the few categories, not the rows)."""
    match = np.flatnonzero(np.asarray(values.categories, dtype=object) == value)
    return np.isin(values.codes, match) if len(match) else np.zeros(len(values), dtype=bool)


def explanation_text(why: NoConvictions, *, most: int = 10) -> str:
    """The explanation as sentences a user reads (at most `most` other counties listed)."""
    sections = ", ".join(why.sections[:-1]) + f" or {why.sections[-1]}" if len(why.sections) > 1 else why.sections[0]
    if why.code == COUNTY_NOT_IN_FILE:
        text = f"No row of the input files is recorded in {why.county} (STP_ORI_CNTY_NAME)."
    elif why.code == NO_PROP64_SECTION:
        text = (f"None of the {why.rows:,} rows read has a Prop 64 code section (H&S {sections}) in "
                "OFFENSE_DESCR, or in COMMENT_TEXT where the charge is written there.")
        if why.comment_mentions:
            text += (f" {why.comment_mentions:,} rows mention one only in COMMENT_TEXT (see the column "
                     "'Possible Other P64 Charges').")
    elif why.code == NO_PROP64_CONVICTION:
        text = (f"{why.prop64_rows:,} rows have a Prop 64 code section ({why.prop64_rows_in_county:,} of them in "
                f"{why.county}), but none is a conviction (DISP_DESCR starting with CONVICTED).")
    else:
        listed = ", ".join(f"{name} {n:,}" for name, n in why.other_counties[:most])
        if len(why.other_counties) > most:
            listed += f" and {len(why.other_counties) - most} more counties"
        text = (f"No Prop 64 conviction is recorded in {why.county}; those in these files are all recorded in "
                f"other counties: {listed}.")
        if why.prop64_rows_in_county:
            text += (f" {why.county} has {why.prop64_rows_in_county:,} rows with a Prop 64 code section, none "
                     "of them a conviction.")
    if why.code == COUNTY_NOT_IN_FILE and why.other_counties:
        text += " Prop 64 convictions are recorded in " + ", ".join(
            f"{name} {n:,}" for name, n in why.other_counties[:most]) + "."
    if why.unread_rows:
        text += f" {why.unread_rows:,} rows could not be read (listed in Input_Problems.csv)."
    return text
