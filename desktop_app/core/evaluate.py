"""Decide every Prop 64 conviction recorded in the chosen county: the procedure of
prop64-policy.md, first step that decides wins, vectorised over the evaluated convictions."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from .errors import Cancelled
from .facts import FACTS
from .prepare import Prepared, factorize_mapped
from .ruleset import Condition, Leaf, Policy
from .schema import DISMISS, HAND_REVIEW, NOT_ELIGIBLE, REDUCE, SOURCE_FILE, SOURCE_LINE

log = logging.getLogger(__name__)

OUTCOME_TEXT = {"dismiss": DISMISS, "reduce": REDUCE, "not_eligible": NOT_ELIGIBLE, "hand_review": HAND_REVIEW}
INPUT_PROBLEM_STEP = "input_problem"
PROP64_EFFECTIVE = 20161109  # the day after Prop 64 passed (8 November 2016)

Progress = Callable[[int, int], None]


@dataclass
class Results:
    prepared: Prepared
    policy: Policy
    county: str
    as_of: dt.date
    evaluated: pd.DataFrame  # one row per evaluated conviction, in file order
    summary: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def records(self):  # type: ignore[no-untyped-def]
        return self.prepared.records


def as_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def county_counts(prepared: Prepared) -> pd.Series:
    """Rows per county (STP_ORI_CNTY_NAME, trimmed, upper case), most frequent first."""
    counts = prepared.rows["county"].value_counts(sort=True)
    return counts[counts.index != ""]


def evaluate(prepared: Prepared, policy: Policy, county: str, *, as_of: dt.date,
             progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Results:
    """Decide every Prop 64 conviction in `county`; `as_of` is the evaluation date.

    Raises Cancelled when `cancelled()` turns true (polled between steps)."""
    started = time.perf_counter()
    county_key = county.strip().upper()
    conv, static = _county_base(prepared, county_key)
    today = as_int(as_of)

    n = len(conv)
    determination = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)
    step_ids = np.full(n, "", dtype=object)
    undecided = np.ones(n, dtype=bool)

    problem_reason = static["_problem_reason"].to_numpy(dtype=object).copy()
    future = (conv["date"].to_numpy() > today) & (problem_reason == "")
    problem_reason[future] = [f"Conviction date {_date_text(np.array([d]))[0]} is after the evaluation date "
                              f"{as_of:%m/%d/%Y}: check the record" for d in conv["date"].to_numpy()[future]]
    hit = problem_reason != ""
    determination[hit], reason[hit], step_ids[hit] = HAND_REVIEW, problem_reason[hit], INPUT_PROBLEM_STEP
    undecided &= ~hit

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
            yes, unknown, labels = matched, np.zeros(n, bool), None
            texts = np.array([_format(step.reason, policy, entry=e) for e in entries], dtype=object)
        else:
            assert step.when is not None
            result, labels = _condition(step.when, conv, policy, today)
            yes = result.fillna(False).to_numpy(dtype=bool)
            unknown = result.isna().to_numpy()
            texts = np.full(n, _format(step.reason, policy), dtype=object)
        decide = undecided & yes
        determination[decide] = OUTCOME_TEXT[step.outcome]
        reason[decide] = texts[decide]
        step_ids[decide] = step.id
        review = undecided & unknown & ~yes
        if review.any():
            determination[review] = HAND_REVIEW
            step_text = _format(step.reason, policy)
            reason[review] = [f'Unknown {label}: check "{step_text}"' for label in labels[review]]
            step_ids[review] = step.id
        undecided &= ~(decide | review)
    other = policy.otherwise
    determination[undecided] = OUTCOME_TEXT[other.outcome]
    reason[undecided] = other.reason
    step_ids[undecided] = other.id

    evaluated = _with_decisions(static, conv, today, determination, reason, step_ids)
    results = Results(prepared=prepared, policy=policy, county=county_key, as_of=as_of, evaluated=evaluated)
    from .summary import summarise  # summary needs Results; imported here to keep modules small

    results.summary = summarise(results)
    results.seconds = time.perf_counter() - started
    if progress:
        progress(len(steps) + 1, len(steps) + 1)
    log.info("evaluated %d convictions in %.2fs", n, results.seconds)
    return results


def _county_base(prepared: Prepared, county_key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The county's Prop 64 convictions with the person's history joined in, and the columns
    users see that no policy or date changes. Computed once per county and kept."""
    key = ("county", county_key)
    if key not in prepared.cache:
        conv_all = prepared.convictions
        in_county = (conv_all["county"] == county_key).to_numpy() & conv_all["is_prop64"].to_numpy()
        conv = _join_person(conv_all.loc[in_county].reset_index(names="conv_pos"), prepared)
        static = _describe(conv, prepared)
        static["_problem_reason"] = _input_problem_reasons(prepared, conv)
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
    conv["date_known"] = conv["date"].to_numpy() > 0
    # A birth date after the conviction is a data error: the birth date is unknown, never an age < 0.
    dob = conv["dob"].to_numpy()
    conv["dob_known"] = (dob > 0) & ~(conv["date_known"].to_numpy() & (dob > conv["date"].to_numpy()))
    conv["all_dates_known"] = conv["unknown_conviction_dates"].to_numpy() == 0
    conv["superstrike_dates_known"] = conv["unknown_superstrike_dates"].to_numpy() == 0
    conv["pc290_dates_known"] = conv["unknown_pc290_dates"].to_numpy() == 0
    conv["sentence_known"] = ~conv["sentence_unknown"].to_numpy(dtype=bool)
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


def _condition(cond: Condition, conv: pd.DataFrame, policy: Policy, today: int
               ) -> tuple[pd.Series, np.ndarray]:
    """Three-valued: True, False or <NA> (cannot be known), with the unknown input per row."""
    if isinstance(cond, Leaf):
        fact = FACTS[cond.fact]
        values = fact.fn(conv, today)
        target = policy.options.value(cond.option) if cond.option else cond.value
        known = values.notna().to_numpy()
        raw = values.to_numpy(dtype=object, na_value=0)
        out = _COMPARE[cond.op](raw.astype(type(target)) if len(raw) else raw, target)
        result = pd.Series(pd.array(np.asarray(out, dtype=bool), dtype="boolean"))
        result[~known] = pd.NA
        if fact.upper_bound_when_unknown:
            unsure = ~conv[fact.needs[0][1]].to_numpy()
            if cond.op in (">=", ">"):
                result[unsure & result.fillna(False).to_numpy(dtype=bool)] = pd.NA
            else:
                result[unsure] = pd.NA
        return result, fact.unknown_label(conv)
    parts = [_condition(c, conv, policy, today) for c in cond.items]
    if cond.kind == "not":
        return ~parts[0][0], parts[0][1]
    result = parts[0][0]
    for other, _ in parts[1:]:
        result = (result & other) if cond.kind == "all" else (result | other)
    labels = np.full(len(conv), "", dtype=object)
    for part, part_labels in parts:
        take = (labels == "") & part.isna().to_numpy()
        labels[take] = part_labels[take]
    return result, labels


def _input_problem_reasons(prepared: Prepared, conv: pd.DataFrame) -> np.ndarray:
    """Hand Review for a person with an unreadable row: a lost row could hide a disqualifying
    conviction. A row without SUBJECT_ID has no history to check at all."""
    reasons = np.full(len(conv), "", dtype=object)
    if not len(conv):
        return reasons
    by_subject: dict[str, list[str]] = {}
    for p in prepared.records.problems:
        if p.kind == "malformed_row" and p.subject_id:
            by_subject.setdefault(p.subject_id, []).append(f"line {p.line} of {p.file}")
    if by_subject:
        subject_ids = conv["subject_id"].to_numpy()
        for i in np.flatnonzero(pd.Series(subject_ids).isin(by_subject.keys()).to_numpy()):
            lines = by_subject[subject_ids[i]]
            more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
            reasons[i] = (f"Unreadable row in this person's history: {lines[0]}{more} "
                          "could not be read; check the full record")
    rows = prepared.rows
    blank = rows["subject_blank"].to_numpy()[conv["row"].to_numpy()]
    if blank.any():
        frame = prepared.records.frame
        for i in np.flatnonzero(blank):
            r = conv["row"].iat[i]
            reasons[i] = (f"No SUBJECT_ID on line {frame[SOURCE_LINE].iat[r]} of {frame[SOURCE_FILE].iat[r]}: "
                          "the person's history cannot be assembled")
    return reasons


def _date_text(dates: np.ndarray) -> np.ndarray:
    out = np.full(len(dates), "", dtype=object)
    known = dates > 0
    d = dates[known]
    out[known] = [f"{m:02d}/{day:02d}/{y:04d}" for y, m, day in zip(d // 10000, d // 100 % 100, d % 100)]
    return out


def years_between(today: int, dates: np.ndarray) -> np.ndarray:
    """(evaluation date - date) in days / 365.25; NaN when the date is unknown."""
    known = dates > 0
    series = pd.Series(np.where(known, dates, 19700101)).astype(str)
    days = (pd.Timestamp(str(today)) - pd.to_datetime(series, format="%Y%m%d")).dt.days.to_numpy()
    return np.where(known, days / 365.25, np.nan)


def _years_text(years: np.ndarray) -> np.ndarray:
    return np.array(["-1" if np.isnan(y) else f"{y:.1f}" for y in years], dtype=object)


def _describe(conv: pd.DataFrame, prepared: Prepared) -> pd.DataFrame:
    """The columns users see for each evaluated conviction (and the bundle's eligibility columns)
    that depend on neither the policy nor the evaluation date."""
    frame = prepared.records.frame
    rows_idx = conv["row"].to_numpy()
    out = pd.DataFrame({"row": rows_idx})
    for column in ("PRI_NAME", "CII_NUMBER", "SUBJECT_ID", "PRI_DOB", "OFN", "STP_EVENT_DATE",
                   "OFFENSE_DESCR", "COMMENT_TEXT", "DISP_DESCR"):
        out[column] = frame[column].take(rows_idx).to_numpy()
    out["person"] = conv["person"].to_numpy()
    out["county"] = conv["county"].to_numpy()
    rows = prepared.rows
    out["code_section"] = rows["code_section"].take(rows_idx).to_numpy()
    out["section"] = conv["prop64_section"].to_numpy()
    out["level"] = rows["level"].take(rows_idx).to_numpy()
    out["conviction_date"] = conv["date"].to_numpy()
    out["dob"] = conv["dob"].to_numpy()
    out["superstrike"] = conv["n_superstrike"].to_numpy() > 0
    out["pc290"] = (conv["n_pc290"].to_numpy() > 0) | conv["pc290_registration"].to_numpy()
    out["deceased"] = conv["deceased"].to_numpy()
    other = rows["possible_other_p64"].take(rows_idx).to_numpy()
    out["other_p64"] = other != ""
    out[SOURCE_FILE] = frame[SOURCE_FILE].take(rows_idx).to_numpy()
    out[SOURCE_LINE] = frame[SOURCE_LINE].to_numpy()[rows_idx]

    # The eligibility columns of the output bundle.
    date = conv["date"].to_numpy()
    out["Case Number"] = _case_numbers(conv, prepared)
    out["# of convictions on record"] = conv["n_convictions"].to_numpy()
    out["Possible Other P64 Charges"] = other
    out["Occurred after 11/9/2016"] = np.where(date == 0, "Unknown", np.where(date > PROP64_EFFECTIVE, "Y", "N"))
    out["Superstrike Code Section(s)"] = _dash(conv["superstrike_sections"].to_numpy())
    out["PC290 Code Section(s)"] = _dash(conv["pc290_sections"].to_numpy())
    out["PC290 Registration"] = np.where(conv["pc290_registration"].to_numpy(), "Yes", "-")
    out["Date of Conviction"] = _date_text(date)
    out["# of Prop 64 convictions"] = conv["n_prop64"].to_numpy()
    for s in prepared.codes.prop64_sections:
        out[f"# of HS {s} convictions"] = conv[f"n_{s}"].to_numpy()
    out["Deceased"] = np.where(conv["deceased"].to_numpy(), "Deceased", "-")
    return out


def _with_decisions(static: pd.DataFrame, conv: pd.DataFrame, today: int, determination: np.ndarray,
                    reason: np.ndarray, step_ids: np.ndarray) -> pd.DataFrame:
    """The static columns plus what this policy and evaluation date decided, in bundle order."""
    out = static.drop(columns=["_problem_reason"])
    decided = pd.Categorical(determination, categories=list(OUTCOME_TEXT.values()))
    reasons = pd.Categorical(reason)
    out.insert(out.columns.get_loc("conviction_date") + 2, "determination", decided)
    out.insert(out.columns.get_loc("determination") + 1, "reason", reasons)
    out.insert(out.columns.get_loc("reason") + 1, "step", pd.Categorical(step_ids))
    out.insert(out.columns.get_loc("other_p64") + 1, "input_problem", step_ids == INPUT_PROBLEM_STEP)
    years = years_between(today, conv["date"].to_numpy())
    position = out.columns.get_loc("Date of Conviction") + 1
    out.insert(position, "years_since", years)
    out.insert(position + 1, "Years Since This Conviction", _years_text(years))
    out.insert(position + 2, "Years Since Any Conviction",
               _years_text(years_between(today, conv["latest_conviction"].to_numpy())))
    out["Eligibility Determination"] = decided
    out["Eligibility Reason"] = reasons
    return out


def _dash(values: np.ndarray) -> np.ndarray:
    return np.where(values == "", "-", values)


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
