"""A mapped clinic sheet as the records a DOJ research file gives: one convicted COURT ACTION row
per sheet row, with the DOJ fields the engine reads filled from the clinic's columns, so reading,
preparing, evaluating and exporting work as for a DOJ file. The clinic's own columns travel
with the records (DataSetInfo.own_columns) to the exports, and DataSetInfo.absent says what the
sheet cannot know (dataset.py).

Cells that cannot be read are listed (sheet, row, column) and mark their row; the engine then
gives each of that person's convictions Hand Review. Dates that cannot be read are kept as typed
in the DOJ date fields: the engine lists them itself, naming the clinic's column.
"""

from __future__ import annotations

import math
import re
import time
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..csv_text import encode_rows
from ..dataset import (CLINIC, DECEASED_KNOWN, DOB_KNOWN, HISTORY_COMPLETE, REGISTRATION_KNOWN, SENTENCE_KNOWN,
                       DataSetInfo)
from ..errors import InputFileError
from ..reader import LINE_INDEX, STRIP_COMMA, InputFileInfo, InputProblem, LineSource, Records, sha256_of
from ..schema import DECEASED_MARK, READ_COLUMNS, SOURCE_FILE, SOURCE_LINE, UNREADABLE_VALUE
from ..counties import county_name
from .fields import FIELDS
from .mapping import ColumnMapping, MappingError, check_mapping
from .sheet import SheetTable
from .values import (LEVEL_TOC, UNREADABLE, _CODE_NAME, cell_text, per_distinct, person_key, read_code_section,
                     read_county, read_dates, read_flag, read_level, read_sentence)

UNREADABLE_KIND = "unreadable_value"
_FIELD_OF = {"PRI_DOB": "birth_date", "STP_EVENT_DATE": "conviction_date", "OFFENSE_DESCR": "code_section",
             "CONV_STAT_DESCR": "level", "STP_ORI_CNTY_NAME": "county", "OFN": "case_number",
             "STP_ORI_DESCR": "court", "SENT_LENGTH": "sentence", "PRI_NAME": "name", "SUBJECT_ID": "person_id"}


class _Problems:
    """Unreadable cells, listed by row and column; each marks its row."""

    def __init__(self, table: SheetTable) -> None:
        self.table = table
        self.unreadable = np.zeros(table.row_count, dtype=bool)
        self.found: list[tuple[int, InputProblem]] = []

    def add(self, mask: np.ndarray, column: str, message: Any, mark: bool = True) -> None:
        """`message(i)` (or a fixed text) for each row i in `mask`."""
        at = np.flatnonzero(mask)
        if not len(at):
            return
        if mark:
            self.unreadable[at] = True
        for i in at:
            row = int(self.table.rows[i])
            text = message(i) if callable(message) else message
            self.found.append((int(i), InputProblem(file=self.table.where, line=row, kind=UNREADABLE_KIND,
                                               message=f"row {row}, column '{column}': {text}")))

    def sorted(self) -> list[InputProblem]:
        return [p for _, p in sorted(self.found, key=lambda item: item[0])]


def clinic_records(table: SheetTable, mapping: ColumnMapping, *, county: str = "") -> Records:
    """The sheet's rows as Records (see the module's docstring). `county` (or the mapping's) is
    the county of every conviction when the sheet has no county column."""
    started = time.perf_counter()
    problems = check_mapping(mapping, table.headers)
    if problems:
        raise MappingError(table.where, problems)
    n = table.row_count
    if not mapping.column("county"):
        mapping = mapping.with_(county=county_name(county or mapping.county))
    if n == 0:
        raise InputFileError(table.path, f"{table.where}: the sheet has a header row ({table.header_row}) "
                                         "but no rows below it")
    col = mapping.column
    raw = {key: table.columns[col(key)] for key in FIELDS if col(key)}
    found = _Problems(table)
    blank = np.zeros(n, dtype=bool)
    # Every cell as users see it: the exports carry these, and messages quote them.
    own_text = {h: per_distinct(table.columns[h], cell_text) for h in table.headers}

    def raw_text(key: str) -> np.ndarray:
        return own_text[col(key)]

    def texts(key: str) -> np.ndarray:
        return per_distinct(raw_text(key), lambda t: " ".join(t.split())) if key in raw \
            else np.full(n, "", dtype=object)

    # Conviction: code section, date, level.
    sections = per_distinct(raw["code_section"], read_code_section)
    described = per_distinct(raw["code_section"], _charge_text)
    no_section = np.array([s is None for s in sections], dtype=bool) if n else blank
    section_text = raw_text("code_section")
    found.add(section_text == "", col("code_section"), "blank: the code section is required")
    found.add(no_section, col("code_section"),
              lambda i: f"'{section_text[i]}' names no code section (expected e.g. HS 11359(b) or 11357(c) HS)")
    sections = np.where(no_section, "", sections)
    offense = np.where(no_section, section_text,
                       np.where(described, _join(sections, section_text), sections)).astype(object)

    dates = read_dates(raw["conviction_date"])
    date_raw = raw_text("conviction_date")
    found.unreadable |= dates <= 0  # listed by the engine (unknown conviction date), naming the column
    event_date = np.where(dates > 0, dates.astype(str), date_raw).astype(object)

    levels = per_distinct(raw["level"], read_level)
    level_raw = raw_text("level")
    found.add(level_raw == "", col("level"), "blank: the level (felony, misdemeanor, infraction) is required")
    bad_level = np.array([v is None for v in levels], dtype=bool) if n else blank
    found.add(bad_level & (level_raw != ""), col("level"),
              lambda i: f"'{level_raw[i]}' is not a level (expected F, Felony, M, Misd, I or Infraction)")
    levels = np.where(bad_level, "", levels).astype(object)
    toc = np.array([LEVEL_TOC.get(v, "") for v in levels], dtype=object) if n else blank.astype(object)

    # Person: an ID, or name + birth date.
    names = texts("name")
    dob_raw = raw_text("birth_date") if "birth_date" in raw else np.full(n, "", dtype=object)
    dobs = read_dates(raw["birth_date"]) if "birth_date" in raw else np.zeros(n, dtype=np.int64)
    found.unreadable |= dobs == UNREADABLE  # listed by the engine (unknown date of birth)
    birth = np.where(dobs > 0, dobs.astype(str), dob_raw).astype(object)
    ids = texts("person_id")
    subject, identity_problem = _subjects(ids, names, birth, table, mapping)
    if "person_id" in raw:
        found.add(identity_problem, col("person_id"), "blank: the person ID is required"
                  + (" (or a name and a birth date)" if "name" in raw and "birth_date" in raw else ""))
    else:
        found.add(identity_problem & (names == ""), col("name"), "blank: a name is needed to know the person")
        found.add(identity_problem & (names != "") & (dob_raw == ""), col("birth_date"),
                  "blank: the person is known by name and birth date")

    # Where: county, case, court.
    if "county" in raw:
        counties = per_distinct(raw["county"], read_county)
        found.add(counties == "", col("county"), "blank: this conviction is evaluated only under 'All counties'")
    else:
        counties = np.full(n, county_name(mapping.county), dtype=object)
    cases = texts("case_number")
    courts = texts("court")

    # Sentence and deceased, when the sheet has them.
    length = np.full(n, "", dtype=object)
    if "sentence" in raw:
        read = per_distinct(raw["sentence"], read_sentence)
        days = np.array([d for d, _ in read], dtype=float) if n else np.zeros(0)
        ends = np.array([e for _, e in read], dtype=np.int64) if n else np.zeros(0, np.int64)
        days = _days_until(days, ends, dates)
        sentence_raw = raw_text("sentence")
        unreadable = np.isnan(days) & ~((ends > 0) & (dates <= 0))
        found.add(unreadable & (ends == 0), col("sentence"),
                  lambda i: f"'{sentence_raw[i]}' is not a sentence (expected e.g. 3 years, 16 months, 180 days, "
                            "or the date it ends)")
        found.add(unreadable & (ends > 0), col("sentence"),
                  lambda i: f"the sentence ends ({sentence_raw[i]}) before the conviction date")
        # '?' is not a number: the engine takes the sentence length as unknown.
        length = np.where(np.isnan(days), "?", _days_text(days)).astype(object)
        length[days == 0] = ""
    deceased = np.zeros(n, dtype=bool)
    if "deceased" in raw:
        marks = per_distinct(raw["deceased"], read_flag)
        deceased_raw = raw_text("deceased")
        found.add(np.array([m is None for m in marks], dtype=bool), col("deceased"),
                  lambda i: f"'{deceased_raw[i]}' is not yes or no")
        deceased = np.array([bool(m) for m in marks], dtype=bool)

    cycle, count = _cycles(subject, cases)
    cnt_order = np.array([f"{c:03d}001{k:03d}000" for c, k in zip(cycle, count)], dtype=object)
    fields = {
        "SUBJECT_ID": subject, "CII_NUMBER": "", "PRI_NAME": names, "PRI_DOB": birth,
        "CYC_ORDER": np.array([f"{c:03d}" for c in cycle], dtype=object), "CYC_DATE": event_date,
        "STP_EVENT_DATE": event_date, "STP_TYPE_DESCR": "COURT ACTION", "STP_ORI_DESCR": courts,
        "STP_ORI_CNTY_NAME": counties, "CNT_ORDER": cnt_order, "OFN": cases, "OFFENSE_DESCR": offense,
        "OFFENSE_TOC": toc, "DISP_DESCR": "CONVICTED", "CONV_STAT_DESCR": levels, "SENT_LENGTH": length,
        "SENT_TIME_CODE": np.where(length == "", "", "D").astype(object),
    }
    frame = pd.DataFrame({name: _text_column(fields.get(name, ""), n) for name in READ_COLUMNS})
    frame[SOURCE_LINE] = table.rows
    frame[SOURCE_FILE] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int64), categories=[table.where])
    frame[LINE_INDEX] = np.arange(n, dtype=np.int64)
    frame[STRIP_COMMA] = False
    frame[UNREADABLE_VALUE] = found.unreadable
    frame[DECEASED_MARK] = deceased

    own = pd.DataFrame({h: pd.array(own_text[h], dtype="str") for h in table.headers})
    text = encode_rows([pa.array(own_text[h], pa.string()) for h in table.headers])
    is_file = table.path.is_file()  # not for convictions typed into the client form
    info = InputFileInfo(path=str(table.path), name=table.path.name, rows=n,
                         sha256=sha256_of(table.path) if is_file else "", encoding=table.encoding, has_header=True,
                         size_bytes=table.path.stat().st_size if is_file else 0)
    return Records(frame=frame, sources=[LineSource(path=table.path, encoding="utf8", memory=text)],
                   problems=found.sorted(), files=[info], read_seconds=time.perf_counter() - started,
                   dataset=dataset_info(table, mapping, own))


def dataset_info(table: SheetTable, mapping: ColumnMapping, own: pd.DataFrame | None = None) -> DataSetInfo:
    """What the mapped sheet is and cannot know (see dataset.py)."""
    col = mapping.column
    absent: dict[str, str] = {REGISTRATION_KNOWN: "No PC 290 registrations in a clinic's sheet"}
    not_known = ["PC 290 registration"]
    if not mapping.lists_every_conviction:
        absent[HISTORY_COMPLETE] = "The sheet may not list every conviction"
        not_known.insert(0, "convictions not listed on the sheet (and superstrikes or PC 290 offences among them)")
    if not col("deceased") and not mapping.all_living:
        absent[DECEASED_KNOWN] = "No 'Deceased' column"
        not_known.append("whether the person is deceased")
    if not col("sentence"):
        absent[SENTENCE_KNOWN] = "No 'Sentence' column"
        not_known.append("sentences")
    if not col("birth_date"):
        absent[DOB_KNOWN] = "No 'Birth date' column"
        not_known.append("date of birth")
    field_columns = {doj: col(key) for doj, key in _FIELD_OF.items() if col(key)}
    return DataSetInfo(kind=CLINIC, absent=absent, not_known=tuple(not_known), field_columns=field_columns,
                       own_columns=table.headers, own_values=own, line_word="row",
                       source=f"clinic's spreadsheet {table.where}", mapping=mapping_summary(mapping))


def mapping_summary(mapping: ColumnMapping) -> str:
    """One line for the audit: each field's column and what was declared about the sheet."""
    parts = [f"{f.label} <- '{mapping.column(key)}'" for key, f in FIELDS.items() if mapping.column(key)]
    parts.append(f"header row {mapping.header_row}" if mapping.header_row else "header row found")
    parts.append("lists every conviction: " + ("yes" if mapping.lists_every_conviction else "no"))
    if not mapping.column("deceased"):
        parts.append("everyone living: " + ("yes" if mapping.all_living else "not declared"))
    if not mapping.column("county") and mapping.county:
        parts.append(f"county of every conviction: {mapping.county}")
    return "; ".join(parts)


def _charge_text(value: Any) -> bool:
    """The cell holds words besides the code section ('Possession for sale, HS 11359(b)'): keep them."""
    text = _CODE_NAME.sub(" ", cell_text(value).upper())
    text = re.sub(r"\([A-Z0-9]{1,4}\)|\b(HS|PC|VC|BP|MV|WI|SECTION|SEC)\b", " ", text)
    return sum(c.isalpha() for c in text) >= 4


def _join(sections: np.ndarray, texts: np.ndarray) -> np.ndarray:
    return np.array([f"{s}-{t}" for s, t in zip(sections, texts)], dtype=object) if len(texts) else texts


def _subjects(ids: np.ndarray, names: np.ndarray, birth: np.ndarray, table: SheetTable,
              mapping: ColumnMapping) -> tuple[np.ndarray, np.ndarray]:
    """Each row's person (SUBJECT_ID): the ID; else name + birth date ('DOEJANE-19800304'). A row
    that names no one is a person of its own ('ROW-12') and is listed."""
    keys = per_distinct(names, person_key)
    by_name = np.array([f"{k}-{b}" for k, b in zip(keys, birth)], dtype=object) if len(keys) else keys
    has_name = (keys != "") & (birth != "") if mapping.column("name") and mapping.column("birth_date") \
        else np.zeros(len(ids), dtype=bool)
    subject = np.where(ids != "", ids, np.where(has_name, by_name, ""))
    missing = subject == ""
    subject[missing] = [f"ROW-{r}" for r in table.rows[missing]]
    return subject.astype(object), missing


def _cycles(subject: np.ndarray, cases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the person's cycle (one per case number, in order of appearance; a row without a
    case number is a cycle of its own) and the count within it, both from 1."""
    n = len(subject)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    case_key = np.where(cases == "", np.char.add("\x00", np.arange(n).astype(str)).astype(object),
                        np.char.upper(cases.astype(str)).astype(object))
    frame = pd.DataFrame({"person": pd.factorize(subject)[0], "case": pd.factorize(case_key)[0]})
    pair = frame.groupby(["person", "case"], sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(n)).groupby(pair).transform("min").to_numpy()
    order = pd.DataFrame({"person": frame["person"].to_numpy(), "first": first, "pair": pair})
    firsts = order.drop_duplicates("pair").sort_values("first")
    cycle_of_pair = pd.Series(firsts.groupby("person").cumcount().to_numpy() + 1, index=firsts["pair"].to_numpy())
    cycle = cycle_of_pair.reindex(pair).to_numpy()
    count = frame.groupby(pair).cumcount().to_numpy() + 1
    return cycle.astype(np.int64), count.astype(np.int64)


def _days_until(days: np.ndarray, ends: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """A sentence given by its end date becomes a length from the conviction date (unknown when
    the conviction date is, or when it ends before it)."""
    out = days.copy()
    by_end = ends > 0
    if by_end.any():
        start = pd.to_datetime(pd.Series(np.where(by_end & (dates > 0), dates, 19700101)).astype(str), format="%Y%m%d")
        end = pd.to_datetime(pd.Series(np.where(by_end, ends, 19700101)).astype(str), format="%Y%m%d")
        length = (end - start).dt.days.to_numpy().astype(float)
        usable = by_end & (dates > 0) & (length >= 0)
        out[by_end] = np.nan
        out[usable] = length[usable]
    return out


def _days_text(days: np.ndarray) -> np.ndarray:
    return np.array(["" if math.isnan(d) else format(d, ".12g") for d in days], dtype=object)


def _text_column(values: Any, n: int) -> pd.Series:
    if isinstance(values, str):
        values = np.full(n, values, dtype=object)
    return pd.Series(pd.array(np.asarray(values, dtype=object), dtype="str"))
