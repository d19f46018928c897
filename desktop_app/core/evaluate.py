"""Decide every Prop 64 conviction recorded in the chosen county: the procedure of
prop64-policy.md, first step that decides wins, vectorised over the evaluated convictions.

Each conviction gets a reason category (reasons.py); its determination and deciding step follow
from the category. Text is not built here: `Results.reason_texts` renders it when shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from typing import Callable

import numpy as np
import pandas as pd

from .conviction_key import TIE_BREAK, conviction_keys
from .errors import Cancelled
from .facts import FACTS, Need
from .history_inputs import add_history_inputs
from .prepare import Prepared, factorize_mapped
from .reasons import INPUT_CHECK_STEP, Reason, ReasonSet, input_check_reason, missing_reason, step_reason
from .results import Results
from .ruleset import Condition, Leaf, Policy
from .dataset import DATA_SET_INPUTS
from .schema import ALL_COUNTIES, UNREADABLE_VALUE, SOURCE_FILE, SOURCE_LINE, evaluated_columns
from .summary import summarise

log = logging.getLogger(__name__)

PROP64_EFFECTIVE = 20161109  # the day after Prop 64 passed (8 November 2016)
_SOME_INPUT = Need("an input this step needs", "")  # when no single input can be named

Progress = Callable[[int, int], None]


def as_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def county_counts(prepared: Prepared) -> pd.Series:
    """Rows per county (STP_ORI_CNTY_NAME, trimmed, upper case), most frequent first."""
    counts = prepared.rows["county"].value_counts(sort=True)
    return counts[counts.index != ""]


def evaluate(prepared: Prepared, policy: Policy, county: str, *, as_of: dt.date,
             progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Results:
    """Decide every Prop 64 conviction in `county` (ALL_COUNTIES: in every county); `as_of` is
    the evaluation date.

    Raises Cancelled when `cancelled()` turns true (polled between steps)."""
    started = time.perf_counter()
    county_key = county.strip().upper()
    conv, static = _county_base(prepared, county_key)
    today = as_int(as_of)

    n = len(conv)
    reasons = ReasonSet()
    reason_ids = np.full(n, -1, dtype=np.int32)
    undecided = np.ones(n, dtype=bool)

    def decide(mask: np.ndarray, reason: Reason) -> None:
        if mask.any():
            reason_ids[mask] = reasons.id(reason)
            undecided[mask] = False

    # Checks that run before every policy: a lost row could hide a disqualifying conviction; a
    # conviction without SUBJECT_ID has no history; a conviction dated after the evaluation date.
    checks = (("input:no_subject_id", static["_no_subject"]), ("input:unreadable_row", static["_unreadable"]),
              ("input:unreadable_value", static["_unreadable_value"]),
              ("input:future_conviction", conv["date"].to_numpy() > today))
    for code, mask in checks:
        decide(undecided & mask, input_check_reason(code))

    absent = prepared.records.dataset.absent
    steps = policy.active_steps()
    for i, step in enumerate(steps):
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(i, len(steps) + 1)
        if not undecided.any():
            break
        if step.sections:
            matched, entries = _match_entries(conv, prepared, getattr(policy.options, step.sections))
            for entry in dict.fromkeys(entries[matched & undecided]):
                text = _format(step.reason, policy, entry=entry)
                decide(undecided & (entries == entry), step_reason(step.id, step.outcome, text, entry))
            continue
        assert step.when is not None
        yes, unknown, missing = _condition(step.when, conv, policy, today)
        review = undecided & unknown
        text = _format(step.reason, policy)
        decide(undecided & yes, step_reason(step.id, step.outcome, text))
        if review.any():
            assert missing is not None  # an unknown answer comes from a fact with unknown rows
            missing[review & (missing == None)] = _SOME_INPUT  # noqa: E711 (elementwise)
            for need in dict.fromkeys(missing[review]):
                of_need = review & (missing == need)
                conflict = conv[need.conflict].to_numpy(dtype=bool) if need.conflict else np.zeros(n, bool)
                for is_conflict in (False, True):
                    mask = of_need & (conflict == is_conflict)
                    if mask.any():
                        decide(mask, missing_reason(step.id, text, need, is_conflict,
                                                    absent=absent.get(need.known, "")))
    other = policy.otherwise
    decide(undecided.copy(), step_reason(other.id, other.outcome, other.reason))

    evaluated = _with_decisions(static, conv, today, reasons, reason_ids, prepared.codes.prop64_sections, policy)
    by_code = reasons.by_code()
    summary = summarise(prepared, policy, county_key, as_of, evaluated, by_code)
    seconds = time.perf_counter() - started
    if progress:
        progress(len(steps) + 1, len(steps) + 1)
    log.info("evaluated %d convictions in %.2fs", n, seconds)
    return Results(prepared=prepared, policy=policy, county=county_key, as_of=as_of, evaluated=evaluated,
                   fact_inputs=conv, reasons=by_code, summary=summary, seconds=seconds)


def _county_base(prepared: Prepared, county_key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The county's Prop 64 convictions with the person's history joined in, and the columns
    users see that no policy or date changes. Computed once per county and kept."""
    key = ("county", county_key)
    if key not in prepared.cache:
        conv_all = prepared.convictions
        in_county = conv_all["is_prop64"].to_numpy().copy()
        if county_key != ALL_COUNTIES:
            in_county &= (conv_all["county"] == county_key).to_numpy()
        conv = _join_person(conv_all.loc[in_county].reset_index(names="conv_pos"), prepared)
        static = _describe(conv, prepared)
        prepared.cache.clear()  # one county at a time: the cache holds the county being worked on
        prepared.cache[key] = (conv, static)
    return prepared.cache[key]


def _join_person(conv: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    persons = prepared.persons
    p = conv["person"].to_numpy()
    for column in persons.columns:
        conv[column] = persons[column].to_numpy()[p]
    for flag in ("superstrike", "pc290"):
        conv[f"{flag}_sections"] = _flag_sections(prepared, p, flag)
    date = conv["date"].to_numpy()
    conv["date_known"] = date > 0
    # A birth date after the conviction is a data error: it gives no age (never an age < 0).
    dob = conv["dob"].to_numpy()
    conv["dob_after_conviction"] = (dob > 0) & (date > 0) & (dob > date)
    conv["dob_known"] = (dob > 0) & ~conv["dob_after_conviction"].to_numpy()
    conv["all_dates_known"] = conv["unknown_conviction_dates"].to_numpy() == 0
    conv["superstrike_dates_known"] = conv["unknown_superstrike_dates"].to_numpy() == 0
    conv["pc290_dates_known"] = conv["unknown_pc290_dates"].to_numpy() == 0
    conv["sentence_known"] = ~conv["sentence_unknown"].to_numpy(dtype=bool)
    add_history_inputs(conv, prepared)
    for column in DATA_SET_INPUTS:
        if column not in conv:
            conv[column] = True
    for column in prepared.records.dataset.absent:  # inputs the data set does not have at all
        conv[column] = False
    return conv


def _flag_sections(prepared: Prepared, people: np.ndarray, flag: str) -> np.ndarray:
    """The person's code sections on the superstrike / PC 290 list, in order, joined by ';'."""
    conv = prepared.convictions
    wanted = np.zeros(len(prepared.persons), dtype=bool)
    wanted[people] = True
    person = conv["person"].to_numpy()
    mask = conv[flag].to_numpy() & wanted[person]
    texts = prepared.section_table["text"].to_numpy()[conv["section"].to_numpy()[mask]]
    joined = pd.Series(texts, dtype=object).groupby(person[mask], sort=False).agg(";".join)
    lookup = np.full(len(prepared.persons), "", dtype=object)
    lookup[joined.index.to_numpy(dtype=np.int64)] = joined.to_numpy()
    return lookup[people]


def _format(template: str, policy: Policy, entry: str = "") -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return entry if name == "entry" else str(policy.options.value(name))
    return re.sub(r"{(\w+)}", value, template)


def _match_entries(conv: pd.DataFrame, prepared: Prepared, entries: tuple[str, ...]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Which policy entry (tried in the order written) matches each conviction's code section."""
    n = len(conv)
    matched = np.zeros(n, dtype=bool)
    which = np.full(n, "", dtype=object)
    table = prepared.section_table
    sections = conv["section"].to_numpy()
    for entry in entries:
        m = re.match(r"^(\d{5})(?:\((.+)\))?$", entry.strip())
        if not m:
            continue
        number, sub = m.group(1), (m.group(2) or "").upper()
        if f"has_{number}" not in table:
            continue
        hit = table[f"has_{number}"].to_numpy()[sections]
        subs = table[f"sub_{number}"].to_numpy()[sections]
        if sub == "NO-SUB-SECTION":
            hit = hit & (subs == "")
        elif sub:
            hit = hit & (subs == sub)
        new = hit & ~matched
        which[new] = entry
        matched |= hit
    return matched, which


_COMPARE = {
    "is": np.equal, "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
    ">": np.greater, ">=": np.greater_equal,
}
_TEXT_COMPARE = {  # per distinct text; the value is a tuple of upper-case texts (ruleset.py)
    "==": lambda texts, value: np.isin(texts, value), "in": lambda texts, value: np.isin(texts, value),
    "!=": lambda texts, value: ~np.isin(texts, value),
    "starts_with": lambda texts, value: np.array([t.startswith(value) for t in texts], dtype=bool),
}


Answer = tuple[np.ndarray, np.ndarray, "np.ndarray | None"]


def _leaf(cond: Leaf, conv: pd.DataFrame, policy: Policy, today: int) -> tuple[np.ndarray, np.ndarray]:
    """One comparison, three-valued as (yes, unknown): unknown where the fact is unknown or, for a
    bound, where the unknown input could change the answer."""
    fact = FACTS[cond.fact]
    values = fact.fn(conv, today)
    if fact.kind == "text":
        categorical = values.array
        texts = np.asarray(categorical.categories, dtype=object)
        codes = categorical.codes
        out = _TEXT_COMPARE[cond.op](texts, cond.value)[np.maximum(codes, 0)] if len(texts) else codes >= 0
        return np.asarray(out, dtype=bool) & (codes >= 0), codes < 0
    target = policy.options.value(cond.option) if cond.option else cond.value
    known = values.notna().to_numpy()
    raw = values.to_numpy(dtype=bool if fact.kind == "bool" else np.float64,
                          na_value=False if fact.kind == "bool" else np.nan)
    out = np.asarray(_COMPARE[cond.op](raw, target), dtype=bool)
    unknown = ~known
    if fact.bound_when_unknown:
        # Where an input is unknown the value is only a bound: keep the answers it cannot change.
        bounded = known & ~np.logical_and.reduce([conv[n.known].to_numpy(dtype=bool) for n in fact.needs])
        larger = cond.op in (">=", ">")
        smaller = cond.op in ("<", "<=")
        if fact.bound_when_unknown == "lower":  # the true value is this or more
            certain = (out & larger) | (~out & smaller)
        else:  # the true value is this or less
            certain = (~out & larger) | (out & smaller)
        unknown |= bounded & ~certain
    return out & ~unknown, unknown


def _condition(cond: Condition, conv: pd.DataFrame, policy: Policy, today: int) -> Answer:
    """Three-valued, as (yes, unknown) boolean arrays (never both), with the missing input of each
    unknown row (a Need per row; None when no row is unknown)."""
    if isinstance(cond, Leaf):
        yes, unknown = _leaf(cond, conv, policy, today)
        return yes, unknown, FACTS[cond.fact].missing(conv) if unknown.any() else None
    parts = [_condition(c, conv, policy, today) for c in cond.items]
    if cond.kind == "not":
        yes, unknown, missing = parts[0]
        return ~yes & ~unknown, unknown, missing
    some_unknown = np.logical_or.reduce([u for _, u, _ in parts])
    if cond.kind == "all":  # false if any part is false; else unknown if any part is
        some_false = np.logical_or.reduce([~y & ~u for y, u, _ in parts])
        yes, unknown = np.logical_and.reduce([y for y, _, _ in parts]), some_unknown & ~some_false
    else:  # "any": true if any part is true; else unknown if any part is
        yes = np.logical_or.reduce([y for y, _, _ in parts])
        unknown = some_unknown & ~yes
    if not unknown.any():
        return yes, unknown, None
    missing = np.full(len(conv), None, dtype=object)
    for _, part_unknown, part_missing in parts:
        if part_missing is not None:
            take = (missing == None) & part_unknown  # noqa: E711 (elementwise)
            missing[take] = part_missing[take]
    return yes, unknown, missing


def _unreadable_values(prepared: Prepared, conv: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per conviction: does the person have a row with a value that could not be read (a
    spreadsheet's cell, marked by its reader), and where (the first such row, '(and K more)')."""
    frame = prepared.records.frame
    if UNREADABLE_VALUE not in frame.columns or not len(conv):
        return np.zeros(len(conv), dtype=bool), np.full(len(conv), "", dtype=object)
    flagged = np.flatnonzero(frame[UNREADABLE_VALUE].to_numpy(dtype=bool))
    people, first, counts = np.unique(prepared.rows["person"].to_numpy()[flagged], return_index=True,
                                      return_counts=True)
    word = prepared.records.dataset.line_word
    lines = frame[SOURCE_LINE].to_numpy()[flagged[first]]
    files = frame[SOURCE_FILE].take(flagged[first]).astype(str).to_numpy()
    lookup = np.full(len(prepared.persons), "", dtype=object)
    lookup[people] = [f"{word} {line} of {file}" + (f" (and {k - 1} more)" if k > 1 else "")
                      for line, file, k in zip(lines, files, counts)]
    where = lookup[conv["person"].to_numpy()]
    return where != "", where


def _unreadable_rows(prepared: Prepared, conv: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per conviction: does the person have a row that could not be read, and where (the first
    one, '(and K more)')."""
    where = np.full(len(conv), "", dtype=object)
    by_subject: dict[str, list[str]] = {}
    for p in prepared.records.problems:
        if p.kind == "malformed_row" and p.subject_id:
            by_subject.setdefault(p.subject_id, []).append(f"line {p.line} of {p.file}")
    if by_subject and len(conv):
        subject_ids = prepared.persons["subject_id"].to_numpy()[conv["person"].to_numpy()]
        for i in np.flatnonzero(pd.Series(subject_ids).isin(by_subject.keys()).to_numpy()):
            lines = by_subject[subject_ids[i]]
            where[i] = lines[0] + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else "")
    return where != "", where


def years_between(today: int, dates: np.ndarray) -> np.ndarray:
    """(evaluation date - date) in days / 365.25; NaN when the date is unknown."""
    known = dates > 0
    series = pd.Series(np.where(known, dates, 19700101)).astype(str)
    days = (pd.Timestamp(str(today)) - pd.to_datetime(series, format="%Y%m%d")).dt.days.to_numpy()
    return np.where(known, days / 365.25, np.nan)


def _describe(conv: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """The evaluated columns that depend on neither the policy nor the evaluation date, plus the
    input-check masks (`_no_subject`, `_unreadable`)."""
    frame = prepared.records.frame
    rows = prepared.rows
    at = conv["row"].to_numpy()
    other = rows["possible_other_p64"].take(at).to_numpy()
    unreadable, where = _unreadable_rows(prepared, conv)
    unreadable_value, value_where = _unreadable_values(prepared, conv)
    where = np.where(unreadable, where, value_where)
    out = {
        "row": at,
        "person": conv["person"].to_numpy(),
        "subject_id": conv["subject_id"].to_numpy(),
        "name": frame["PRI_NAME"].take(at).to_numpy(),
        "cii": frame["CII_NUMBER"].take(at).to_numpy(),
        "dob": conv["dob"].to_numpy(),
        "case_number": _case_numbers(conv, prepared),
        "county": conv["county"].to_numpy(),
        "code_section": rows["code_section"].take(at).to_numpy(),
        "section": conv["prop64_section"].to_numpy(),
        "level": rows["level"].take(at).to_numpy(),
        "offense": frame["OFFENSE_DESCR"].take(at).to_numpy(),
        "comment": frame["COMMENT_TEXT"].take(at).to_numpy(),
        "disposition": frame["DISP_DESCR"].take(at).to_numpy(),
        "event_date": frame["STP_EVENT_DATE"].take(at).to_numpy(),
        "conviction_date": conv["date"].to_numpy(),
        "latest_conviction": conv["latest_conviction"].to_numpy(),
        "n_convictions": conv["n_convictions"].to_numpy(),
        "n_prop64": conv["n_prop64"].to_numpy(),
        **{f"n_{s}": conv[f"n_{s}"].to_numpy() for s in prepared.codes.prop64_sections},
        "superstrike_sections": conv["superstrike_sections"].to_numpy(),
        "pc290_sections": conv["pc290_sections"].to_numpy(),
        "pc290_registration": conv["pc290_registration"].to_numpy(dtype=bool),
        "superstrike": conv["n_superstrike"].to_numpy() > 0,
        "pc290": (conv["n_pc290"].to_numpy() > 0) | conv["pc290_registration"].to_numpy(dtype=bool),
        "deceased": conv["deceased"].to_numpy(dtype=bool),
        "other_p64": other != "",
        "other_p64_comment": other,
        "problem_where": where,
        SOURCE_FILE: frame[SOURCE_FILE].take(at).to_numpy(),
        SOURCE_LINE: frame[SOURCE_LINE].to_numpy()[at],
        "_no_subject": rows["subject_blank"].to_numpy()[at],
        "_unreadable": unreadable,
        "_unreadable_value": unreadable_value,
    }
    # A clinic's sheet has no CNT_ORDER: the one made up for it follows the order of its rows, which
    # a clinic re-sorts and inserts into; its keys leave the count out (duplicates are numbered by
    # what the row says), so a review survives the sheet's next version.
    counts = conv["cnt_order"].to_numpy(dtype=object)
    if prepared.records.dataset.is_clinic:
        counts = np.full(len(counts), "", dtype=object)
    out["conviction_key"] = conviction_keys(
        out["cii"], out["subject_id"], counts, out["conviction_date"], out["code_section"],
        tie_break={c: out[c] for c in TIE_BREAK})
    return pd.DataFrame(out)


def _with_decisions(static: pd.DataFrame, conv: pd.DataFrame, today: int, reasons: ReasonSet,
                    reason_ids: np.ndarray, sections: tuple[str, ...], policy: Policy) -> pd.DataFrame:
    """The evaluated frame: the static columns plus what this policy and date decided."""
    outcomes = np.array([policy.determination_of(r.outcome) for r in reasons.reasons] + [""], dtype=object)
    step_ids = np.array([r.step_id for r in reasons.reasons] + [""], dtype=object)
    ids = np.where(reason_ids < 0, len(reasons.reasons), reason_ids)
    decided = {
        "determination": pd.Categorical(outcomes[ids], categories=list(policy.determinations)),
        "reason": reasons.categorical(reason_ids),
        "step": pd.Categorical(step_ids[ids]),
        "input_problem": step_ids[ids] == INPUT_CHECK_STEP,
        "years_since": years_between(today, conv["date"].to_numpy()),
        "years_since_latest": years_between(today, conv["latest_conviction"].to_numpy()),
    }
    columns = evaluated_columns(sections)
    return pd.DataFrame({name: decided[name] if name in decided else static[name] for name in columns})


def _case_numbers(conv: pd.DataFrame, prepared: Prepared) -> np.ndarray:
    """Distinct non-empty OFNs of the person's COURT ACTION rows sharing the conviction's
    cycle-and-step (first six characters of CNT_ORDER), in order of appearance, joined by '; '.
    Vectorised over integer keys: a real history has dozens of court rows per person."""
    if not len(conv):
        return np.zeros(0, dtype=object)
    rows = prepared.rows
    cnt = rows["cnt_order"].array
    prefix_of, _ = factorize_mapped(pd.Series(np.asarray(cnt.categories, dtype=object)), lambda c: str(c)[:6])
    n_prefixes = int(prefix_of.max()) + 1 if len(prefix_of) else 1
    key = rows["person"].to_numpy().astype(np.int64) * n_prefixes + prefix_of[cnt.codes]
    wanted = key[conv["row"].to_numpy()]
    court = np.flatnonzero(rows["is_court"].to_numpy() & np.isin(key, wanted))
    ofn = prepared.records.frame["OFN"].take(court)
    keep = (ofn.str.strip() != "").to_numpy()
    court, ofn = court[keep], ofn[keep]
    stripped, _ = factorize_mapped(ofn, lambda s: str(s).strip())
    # The first row of each (key, OFN) in file order: its spelling is the one shown.
    _, first = np.unique(key[court] * (int(stripped.max()) + 1 if len(stripped) else 1) + stripped,
                         return_index=True)
    first.sort()
    found: dict[int, list[str]] = {}  # one entry per distinct case number: few, not per row
    for k, number in zip(key[court][first].tolist(), ofn.to_numpy(dtype=object)[first]):
        found.setdefault(k, []).append(number)
    return np.array(["; ".join(found[k]) if k in found else "" for k in wanted.tolist()], dtype=object)
