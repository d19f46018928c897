"""Policy-independent preparation of the records: normalised row facts, de-duplicated convictions
and per-person aggregates over the whole history (all counties).

Done once per loaded file set; evaluating another policy, county or date reuses it. All work is
vectorised: text is normalised once per distinct value (`pd.factorize`), people are integer codes,
per-person figures come from `np.bincount` / `groupby` over those codes.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .codes import CodeSectionLists
from .errors import Cancelled
from .records import InputProblem, Records
from .schema import DECEASED_MARK, SOURCE_FILE, SOURCE_LINE

log = logging.getLogger(__name__)

SENTENCE_UNIT_DAYS = {"D": 1.0, "M": 365.25 / 12, "Y": 365.25}


@dataclass
class Prepared:
    records: Records
    codes: CodeSectionLists
    rows: pd.DataFrame  # one row per input row (same order and index as records.frame)
    convictions: pd.DataFrame  # one row per distinct conviction (first row of each CNT_ORDER)
    persons: pd.DataFrame  # indexed by person code 0..P-1
    section_table: pd.DataFrame  # analysis of each distinct code section (index = code)
    # Unknown conviction dates and birth dates, listed by file and line like the reader's problems.
    date_problems: list[InputProblem] = field(default_factory=list)
    # Per-county work that no policy or date changes (evaluate.py fills it on first use).
    cache: dict = field(default_factory=dict)
    seconds: float = 0.0  # time prepare() took (reading is records.read_seconds)

    def input_problems(self) -> list[InputProblem]:
        """The reader's problems (unreadable rows, encoding) then the unknown dates, in file order:
        the list Input_Problems.csv, the workbook and the desktop app show."""
        order = {info.name: i for i, info in enumerate(self.records.files)}
        problems = list(self.records.problems) + list(self.date_problems)
        return sorted(problems, key=lambda p: (order.get(p.file, 0), p.line or 0))


def map_unique(values: pd.Series, fn: Callable[[str], object], dtype: object = object) -> np.ndarray:
    """Apply `fn` once per distinct value and spread the results back over the rows."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.array([fn(u) for u in uniques], dtype=dtype)
    if len(mapped) == 0:
        return np.empty(0, dtype=dtype)
    return mapped[codes]


def parse_yyyymmdd(text: str) -> int:
    """'19790525' -> 19790525; blank, malformed or impossible dates ('19790000') -> 0 (unknown)."""
    t = str(text).strip()
    if len(t) != 8 or not t.isdigit():
        return 0
    y, m, d = int(t[:4]), int(t[4:6]), int(t[6:])
    try:
        dt.date(y, m, d)
    except ValueError:
        return 0
    return 0 if y < 1850 else y * 10000 + m * 100 + d


def strip_upper(text: str) -> str:
    return str(text).strip().upper()


def code_section_of(offense_descr: str, comment: str) -> tuple[str, bool]:
    """The code section (text before the first '-') and whether it came from the comment."""
    offense = str(offense_descr).strip()
    if offense == "" or offense.upper() == "SEE COMMENT FOR CHARGE":
        return str(comment).split("-")[0].strip(), True
    return offense.split("-")[0].strip(), False


def factorize_mapped(values: pd.Series, fn: Callable[[str], object]) -> tuple[np.ndarray, np.ndarray]:
    """Codes per row and the distinct values of `fn` over the column (fn runs once per distinct
    input value). Cheaper than `map_unique` when the result is text: no per-row strings."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.array([fn(u) for u in uniques], dtype=object)
    if len(mapped) == 0:
        return codes.astype(np.int64), mapped
    mapped_codes, mapped_uniques = pd.factorize(mapped, use_na_sentinel=False)
    return mapped_codes[codes].astype(np.int64), np.asarray(mapped_uniques, dtype=object)


def _category(codes: np.ndarray, uniques: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def _is(codes: np.ndarray, uniques: np.ndarray, value: str) -> np.ndarray:
    return (uniques == value)[codes] if len(uniques) else np.zeros(len(codes), dtype=bool)


PREPARE_STAGES = 5


def prepare(records: Records, codes: CodeSectionLists, *, progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Prepared:
    """Normalise the rows and build the convictions and people. `progress(stage, PREPARE_STAGES)`
    is called between stages; `cancelled()` is polled there (raises Cancelled)."""
    def stage(done: int) -> None:
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(done, PREPARE_STAGES)

    started = time.perf_counter()
    frame = records.frame
    n = len(frame)
    rows = pd.DataFrame(index=frame.index)
    stage(0)

    person_codes, person_ids = factorize_mapped(frame["SUBJECT_ID"], lambda s: str(s).strip())
    blank = _is(person_codes, person_ids, "")
    if blank.any():  # a row without SUBJECT_ID cannot join anyone's history: it stands alone
        blank_code = int(np.flatnonzero(person_ids == "")[0])
        person_codes = np.where(person_codes > blank_code, person_codes - 1, person_codes)
        person_codes[blank] = np.arange(blank.sum()) + len(person_ids) - 1
        person_ids = np.concatenate([np.delete(person_ids, blank_code),
                                     np.array([""] * int(blank.sum()), dtype=object)])
    n_persons = len(person_ids)
    rows["person"] = person_codes
    rows["subject_blank"] = blank

    type_codes, types = factorize_mapped(frame["STP_TYPE_DESCR"], strip_upper)
    rows["county"] = _category(*factorize_mapped(frame["STP_ORI_CNTY_NAME"], strip_upper))
    rows["is_court"] = _is(type_codes, types, "COURT ACTION")
    rows["is_conviction"] = map_unique(frame["DISP_DESCR"], lambda s: strip_upper(s).startswith("CONVICTED"), bool)
    stat_codes, stats = factorize_mapped(frame["CONV_STAT_DESCR"], strip_upper)
    toc_codes, tocs = factorize_mapped(frame["OFFENSE_TOC"], strip_upper)
    stat_blank = _is(stat_codes, stats, "")
    felony = _is(stat_codes, stats, "FELONY") | (stat_blank & _is(toc_codes, tocs, "F"))
    infraction = _is(stat_codes, stats, "INFRACTION") | (stat_blank & _is(toc_codes, tocs, "I"))
    rows["felony"] = felony
    rows["level"] = pd.Categorical.from_codes(np.where(felony, 0, np.where(infraction, 2, 1)),
                                              categories=["Felony", "Misdemeanor", "Infraction"])
    rows["date"] = map_unique(frame["STP_EVENT_DATE"], parse_yyyymmdd, np.int64)
    rows["dob"] = map_unique(frame["PRI_DOB"], parse_yyyymmdd, np.int64)
    rows["cnt_order"] = _category(*factorize_mapped(frame["CNT_ORDER"], lambda s: str(s).strip()))
    stage(1)

    # Code section: from OFFENSE_DESCR, or from COMMENT_TEXT when the charge is there.
    offense_codes, offense_uniques = pd.factorize(frame["OFFENSE_DESCR"], use_na_sentinel=False)
    parsed = [code_section_of(o, "") for o in offense_uniques]
    texts = [t for t, _ in parsed]
    from_comment = np.array([c for _, c in parsed], dtype=bool)[offense_codes] if n else np.zeros(0, bool)
    row_text_codes = offense_codes.astype(np.int64)
    if from_comment.any():
        comment_codes, comment_uniques = pd.factorize(frame["COMMENT_TEXT"].iloc[np.flatnonzero(from_comment)],
                                                      use_na_sentinel=False)
        row_text_codes[from_comment] = comment_codes + len(texts)
        texts += [code_section_of("", c)[0] for c in comment_uniques]
    text_codes, section_uniques = pd.factorize(np.array(texts, dtype=object), use_na_sentinel=False)
    section_codes = text_codes[row_text_codes] if n else np.zeros(0, np.int64)
    section_table = codes.analyse(list(section_uniques))
    section_table["text"] = list(section_uniques)
    rows["section"] = section_codes
    rows["code_section"] = _category(section_codes, np.asarray(section_uniques, dtype=object))
    rows["charge_from_comment"] = from_comment
    rows["prop64_section"] = pd.Categorical.from_codes(
        *factorize_like(section_table["prop64_section"].to_numpy(dtype=object), section_codes))
    rows["possible_other_p64"] = _possible_other_p64(frame, from_comment, codes)
    stage(2)

    registration = _is(type_codes, types, "REGISTRATION") & map_unique(
        frame["OFFENSE_DESCR"], lambda o: str(o).strip().startswith("290"), bool)
    rows[SOURCE_LINE] = frame[SOURCE_LINE].to_numpy()

    convictions = _convictions(frame, rows, section_table)
    stage(3)
    deceased = _is(type_codes, types, "DECEASED")
    if DECEASED_MARK in frame.columns:  # a spreadsheet's own 'Deceased' column
        deceased = deceased | frame[DECEASED_MARK].to_numpy(dtype=bool)
    persons = _persons(rows, convictions, deceased, registration, n_persons, person_ids, codes)
    stage(4)
    date_problems = _date_problems(records, rows, convictions, persons)
    stage(PREPARE_STAGES)
    log.info("prepared %d rows: %d people, %d convictions", n, n_persons, len(convictions))
    return Prepared(records=records, codes=codes, rows=rows, convictions=convictions, persons=persons,
                    section_table=section_table, date_problems=date_problems,
                    seconds=time.perf_counter() - started)


def _date_problems(records: Records, rows: pd.DataFrame, convictions: pd.DataFrame,
                   persons: pd.DataFrame) -> list[InputProblem]:
    """A conviction whose STP_EVENT_DATE is blank or impossible, a PRI_DOB that is filled in but
    not a date, and a conviction dated before the person's birth date: a step that needs one of
    these dates sends the conviction to Hand Review. Fields are named as the data set names them
    (a spreadsheet's own columns)."""
    frame = records.frame
    label, word = records.dataset.column_label, records.dataset.line_word
    conviction = rows["is_conviction"].to_numpy() & (rows["date"].to_numpy() == 0)
    bad_dob = rows["dob"].to_numpy() == 0
    bad_dob[bad_dob] = (frame["PRI_DOB"].iloc[np.flatnonzero(bad_dob)].str.strip() != "").to_numpy()
    found = []
    for mask, kind, column, what in ((conviction, "unknown_conviction_date", "STP_EVENT_DATE", "conviction date"),
                                     (bad_dob, "unknown_birth_date", "PRI_DOB", "date of birth")):
        at = np.flatnonzero(mask)
        values = frame[column].take(at).str.strip().to_numpy(dtype=object)
        files = frame[SOURCE_FILE].take(at).astype(str).to_numpy(dtype=object)
        lines = frame[SOURCE_LINE].to_numpy()[at]
        for i, file, line, value in zip(at, files, lines, values):
            message = (f"{word} {line}: unknown {what} ({label(column)} '{value}')" if value
                       else f"{word} {line}: blank {what} ({label(column)})")
            found.append((i, InputProblem(file=file, line=int(line), kind=kind, message=message)))
    # The birth date used is the person's (their first valid PRI_DOB), listed at each conviction.
    date = convictions["date"].to_numpy()
    dob = persons["dob"].to_numpy()[convictions["person"].to_numpy()]
    born_after = np.flatnonzero((date > 0) & (dob > 0) & (dob > date))
    at = convictions["row"].to_numpy()[born_after]
    files = frame[SOURCE_FILE].take(at).astype(str).to_numpy(dtype=object)
    for i, file, line, born, convicted in zip(at, files, frame[SOURCE_LINE].to_numpy()[at], dob[born_after],
                                              date[born_after]):
        message = (f"{word} {line}: born {_mdy(born)} ({label('PRI_DOB')}), after the conviction date "
                   f"{_mdy(convicted)} ({label('STP_EVENT_DATE')})")
        found.append((i, InputProblem(file=file, line=int(line), kind="birth_after_conviction", message=message)))
    return [p for _, p in sorted(found, key=lambda item: item[0])]


def _mdy(day: int) -> str:
    return f"{day // 100 % 100:02d}/{day % 100:02d}/{day // 10000:04d}"


def factorize_like(per_unique: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes and categories of `per_unique[codes]` without building the per-row strings."""
    value_codes, values = pd.factorize(per_unique, use_na_sentinel=False)
    return (value_codes[codes] if len(codes) else np.zeros(0, np.int64)), pd.Index(values, dtype=object)


def _convictions(frame: pd.DataFrame, rows: pd.DataFrame, section_table: pd.DataFrame) -> pd.DataFrame:
    """The person's convictions, de-duplicated by CNT_ORDER: a later convicted row with a
    CNT_ORDER already seen adds a sentence part to that conviction, not a new conviction."""
    conv_rows = np.flatnonzero(rows["is_conviction"].to_numpy())
    person = rows["person"].to_numpy()[conv_rows]
    cnt = rows["cnt_order"].array
    cnt_codes = cnt.codes[conv_rows].astype(np.int64)
    # A blank CNT_ORDER cannot be matched to anything: each such row is its own conviction.
    blank = np.flatnonzero(np.asarray(cnt.categories, dtype=object) == "")
    n_codes = len(cnt.categories) + len(conv_rows)
    if len(blank):
        is_blank = cnt_codes == blank[0]
        cnt_codes[is_blank] = len(cnt.categories) + np.flatnonzero(is_blank)
    key = person * n_codes + cnt_codes
    # First occurrence of each (person, CNT_ORDER), in file order, and each row's conviction.
    _, first_index, group_codes = np.unique(key, return_index=True, return_inverse=True)
    first = np.zeros(len(conv_rows), dtype=bool)
    first[first_index] = True
    group_codes = group_codes.ravel()

    sentence_text = frame["SENT_LENGTH"].take(conv_rows).str.strip()
    length = pd.to_numeric(sentence_text, errors="coerce").to_numpy(dtype=float)
    unit = map_unique(frame["SENT_TIME_CODE"].take(conv_rows), strip_upper)
    unit_days = np.array([SENTENCE_UNIT_DAYS.get(u, np.nan) for u in unit], dtype=float) if len(unit) else np.zeros(0)
    part_days = np.where(np.isnan(length), 0.0, length) * np.where(np.isnan(unit_days), 0.0, unit_days)
    has_text = sentence_text.to_numpy() != ""
    unknown_part = has_text & (np.isnan(length) | np.isnan(unit_days))
    n_groups = int(group_codes.max()) + 1 if len(group_codes) else 0
    sentence_days = np.bincount(group_codes, weights=part_days, minlength=n_groups)
    sentence_unknown = np.bincount(group_codes, weights=unknown_part, minlength=n_groups) > 0

    firsts = conv_rows[first]
    conv = pd.DataFrame({
        "row": firsts,
        "person": person[first],
        "county": rows["county"].take(firsts).array,
        "section": rows["section"].to_numpy()[firsts],
        "felony": rows["felony"].to_numpy()[firsts],
        "date": rows["date"].to_numpy()[firsts],
        "cnt_order": rows["cnt_order"].take(firsts).array,
        "sentence_days": sentence_days[group_codes[first]] if n_groups else np.zeros(0),
        "sentence_unknown": sentence_unknown[group_codes[first]] if n_groups else np.zeros(0, bool),
    })
    table = section_table
    conv["prop64_section"] = table["prop64_section"].to_numpy()[conv["section"].to_numpy()] if len(conv) else []
    conv["is_prop64"] = conv["prop64_section"].to_numpy() != ""
    for flag in ("superstrike", "superstrike_pair", "pc290", "related"):
        conv[flag] = table[flag].to_numpy()[conv["section"].to_numpy()] if len(conv) else []
    # Fixed dtypes, so an empty data set behaves like any other.
    return conv.astype({"row": np.int64, "person": np.int64, "section": np.int64, "felony": bool,
                        "date": np.int64, "sentence_days": float, "sentence_unknown": bool,
                        "is_prop64": bool, "superstrike": bool, "superstrike_pair": bool, "pc290": bool,
                        "related": bool})


def _persons(rows: pd.DataFrame, conv: pd.DataFrame, deceased: np.ndarray, registration: np.ndarray,
             n_persons: int, person_ids: np.ndarray, codes: CodeSectionLists) -> pd.DataFrame:
    person = rows["person"].to_numpy()
    persons = pd.DataFrame({"subject_id": np.asarray(person_ids, dtype=object)})

    dob = rows["dob"].to_numpy()
    known = np.flatnonzero(dob > 0)  # the first valid PRI_DOB among the person's rows, in file order
    first_dob = np.zeros(n_persons, dtype=np.int64)
    uniq, first_pos = np.unique(person[known], return_index=True)
    first_dob[uniq] = dob[known[first_pos]]
    persons["dob"] = first_dob
    persons["deceased"] = np.bincount(person[deceased], minlength=n_persons) > 0
    persons["pc290_registration"] = np.bincount(person[registration], minlength=n_persons) > 0

    cp = conv["person"].to_numpy()
    persons["n_convictions"] = np.bincount(cp, minlength=n_persons)
    for s in codes.prop64_sections:
        persons[f"n_{s}"] = np.bincount(cp[conv["prop64_section"].to_numpy() == s], minlength=n_persons)
    persons["n_prop64"] = np.bincount(cp[conv["is_prop64"].to_numpy()], minlength=n_persons)
    persons["n_felony"] = np.bincount(cp[conv["felony"].to_numpy()], minlength=n_persons)
    date = conv["date"].to_numpy()
    latest = np.zeros(n_persons, dtype=np.int64)
    np.maximum.at(latest, cp, date)
    persons["latest_conviction"] = latest
    persons["unknown_conviction_dates"] = np.bincount(cp[date == 0], minlength=n_persons)

    for flag in ("superstrike", "pc290"):
        mask = conv[flag].to_numpy()
        earliest = np.full(n_persons, np.iinfo(np.int64).max, dtype=np.int64)
        flagged_dates = np.where(date[mask] > 0, date[mask], np.iinfo(np.int64).max)
        np.minimum.at(earliest, cp[mask], flagged_dates)
        persons[f"n_{flag}"] = np.bincount(cp[mask], minlength=n_persons)
        persons[f"earliest_{flag}"] = np.where(earliest == np.iinfo(np.int64).max, 0, earliest)
        persons[f"unknown_{flag}_dates"] = np.bincount(cp[mask & (date == 0)], minlength=n_persons)
    return persons


def _possible_other_p64(frame: pd.DataFrame, from_comment: np.ndarray, codes: CodeSectionLists) -> pd.Categorical:
    """COMMENT_TEXT names a Prop 64 section other than the charge's (shown for every row)."""
    row_codes = np.zeros(len(frame), dtype=np.int64)
    comment_has = map_unique(frame["COMMENT_TEXT"], lambda c: bool(codes.prop64.search(
        "".join(str(c).split()).upper())), bool)
    candidates = np.flatnonzero(comment_has & ~from_comment)
    values = [""]
    if len(candidates):
        pairs = frame["OFFENSE_DESCR"].iloc[candidates].astype(object) + "\x1f" + \
            frame["COMMENT_TEXT"].iloc[candidates].astype(object)
        found = map_unique(pairs, lambda p: _other_p64(*p.split("\x1f", 1), codes))
        found_codes, found_values = pd.factorize(np.concatenate([[""], found]), use_na_sentinel=False)
        row_codes[candidates] = found_codes[1:]
        values = list(found_values)
    return pd.Categorical.from_codes(row_codes, categories=pd.Index(values, dtype=object))


def _other_p64(offense: str, comment: str, codes: CodeSectionLists) -> str:
    table = codes.analyse([offense.split("-")[0], comment])
    charge, note = table.iloc[0], table.iloc[1]
    if note["prop64_section"] == "":
        return ""
    if charge["prop64_section"] != note["prop64_section"]:
        return comment
    if charge["prop64_section"] == "11357":
        a, b = charge["sub_11357"], note["sub_11357"]
        if a and b:
            return comment if ({a, b} & {"A", "B"}) and ({a, b} & {"C", "D"}) else ""
        if b and not a:
            return comment
    return ""
