"""The summary figures counties compare (prop64-policy.md, "Comparison scenarios").

Key names follow the JSON summary of the tool counties used before, so their reports keep working;
figures that tool lacked are added under new keys. Every figure is counted from determinations and
reason categories (codes), never from reason wording: rewording a step in `rules/` changes no figure.
Breakdowns by reason are ordered largest first.

A routing (a step with outcome "route", e.g. to the City Attorneys) is its own determination: it is
counted apart (`determinationCounts`, `routedByReason`) and never as relief. A policy with a
procedure of its own has no section choices to break dismissals down by, so its summary lists its
dismissals and exclusions by reason instead (`dismissalByReason`, `notEligibleByReason`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .prepare import Prepared
from .reasons import STEP, Reason
from .ruleset import ADDITIONAL_RELIEF, Policy
from .schema import ALL_COUNTIES, DISMISS, HAND_REVIEW, NOT_ELIGIBLE, REDUCE


def relief_counts(prepared: Prepared, as_of: dt.date, dismissed: np.ndarray, reduced: np.ndarray) -> dict[str, int]:
    """People left with no felony / no conviction / none in the 7 years before the evaluation date.

    `dismissed` and `reduced` are boolean over all of the data set's convictions.
    """
    conv = prepared.convictions
    person = conv["person"].to_numpy()
    n_people = len(prepared.persons)
    felony = conv["felony"].to_numpy()
    date = conv["date"].to_numpy()
    today = as_of.year * 10000 + as_of.month * 100 + as_of.day
    recent = date > today - 70000  # after the day seven years before the evaluation date

    def everyone(mask: np.ndarray, relieved: np.ndarray) -> int:
        total = np.bincount(person[mask], minlength=n_people)
        done = np.bincount(person[mask & relieved], minlength=n_people)
        return int(((total > 0) & (total == done)).sum())

    return {
        "CountSubjectsNoFelony": everyone(felony, dismissed | reduced),
        "CountSubjectsNoConviction": everyone(np.ones(len(conv), bool), dismissed),
        "CountSubjectsNoConvictionLast7Years": everyone(recent, dismissed),
    }


def reason_counts(evaluated: pd.DataFrame, reasons: Mapping[str, Reason], mask: np.ndarray | None = None
                  ) -> dict[str, int]:
    """Evaluated convictions per reason category (`mask`: only these rows), largest first."""
    codes = evaluated["reason"].cat.codes.to_numpy()
    if mask is not None:
        codes = codes[mask]
    categories = list(evaluated["reason"].cat.categories)
    counts = np.bincount(codes[codes >= 0], minlength=len(categories))
    found = [(int(counts[i]), reasons[c].label) for i, c in enumerate(categories) if counts[i]]
    found.sort(key=lambda item: (-item[0], item[1]))
    return {label: count for count, label in found}


def summarise(prepared: Prepared, policy: Policy, county: str, as_of: dt.date, evaluated: pd.DataFrame,
              reasons: Mapping[str, Reason]) -> dict[str, Any]:
    conv = prepared.convictions
    n_conv = len(conv)
    positions = _conv_positions(prepared, evaluated)
    determinations = evaluated["determination"].to_numpy()

    dismissed = np.zeros(n_conv, bool)
    reduced = np.zeros(n_conv, bool)
    dismissed[positions] = determinations == DISMISS
    reduced[positions] = determinations == REDUCE
    all_p64 = np.zeros(n_conv, bool)
    all_p64[positions] = True
    in_county = np.ones(n_conv, bool) if county == ALL_COUNTIES else (conv["county"] == county).to_numpy()
    related = in_county & (conv["is_prop64"].to_numpy() | conv["related"].to_numpy())

    dates = evaluated["conviction_date"].to_numpy()
    known_dates = dates[dates > 0]
    earliest = int(known_dates.min()) if len(known_dates) else 0
    sections = prepared.codes.prop64_sections
    section = evaluated["section"].to_numpy()
    felony = evaluated["level"].to_numpy() == "Felony"

    # Per reason category: what kind of step decided, and which policy entry it matched.
    categories = list(evaluated["reason"].cat.categories)
    codes = evaluated["reason"].cat.codes.to_numpy()
    steps = {s.id: s for s in policy.steps}

    def count(test: Any) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, code in enumerate(categories):
            reason = reasons[code]
            key = test(reason, steps.get(reason.step_id))
            if key is not None:
                out[key] = out.get(key, 0) + int((codes == i).sum())
        return out

    by_entry = {
        kind: count(lambda r, s, kind=kind: r.entry if r.kind == STEP and s is not None and s.sections == kind
                    else None)
        for kind in ("dismiss", "reduce")}
    additional = count(lambda r, s: r.label if (r.kind == STEP and r.outcome == "dismiss" and s is not None
                                                and s.requires_option in ADDITIONAL_RELIEF) else None)
    date_problems = pd.Series([p.kind for p in prepared.date_problems], dtype=object).value_counts()
    determination_list = policy.determinations
    by_section = _by_section(evaluated, sections, determination_list)
    by_reason: dict[str, Any] = {}
    if policy.own_procedure:
        by_reason["dismissalByReason"] = reason_counts(evaluated, reasons, determinations == DISMISS)
        by_reason["notEligibleByReason"] = reason_counts(evaluated, reasons, determinations == NOT_ELIGIBLE)
    if policy.route_determination:
        by_reason["routedByReason"] = reason_counts(evaluated, reasons,
                                                    determinations == policy.route_determination)
    return {
        "county": county,
        "evaluationDate": as_of.isoformat(),
        "earliestConviction": _iso(earliest),
        "lineCount": int(prepared.records.row_count),
        "processingTimeInSeconds": 0.0,  # filled in by the caller that knows the whole run time
        "reliefWithCurrentEligibilityChoices": relief_counts(prepared, as_of, dismissed, reduced),
        "reliefWithDismissAllProp64": relief_counts(prepared, as_of, all_p64, np.zeros(n_conv, bool)),
        "reliefWithDismissAllProp64AndRelated": relief_counts(prepared, as_of, related, np.zeros(n_conv, bool)),
        "prop64ConvictionsCountInCountyByCodeSection": {s: int((section == s).sum()) for s in sections},
        "subjectsWithProp64ConvictionCountInCounty": int(evaluated["person"].nunique()),
        "prop64FelonyConvictionsCountInCounty": int(felony.sum()),
        "prop64NonFelonyConvictionsCountInCounty": int((~felony).sum()),
        "subjectsWithSomeReliefCount": int(evaluated.loc[np.isin(determinations, [DISMISS, REDUCE]),
                                                         "person"].nunique()),
        "convictionDismissalCountByCodeSection": {e: by_entry["dismiss"].get(e, 0) for e in policy.options.dismiss},
        "convictionReductionCountByCodeSection": {e: by_entry["reduce"].get(e, 0) for e in policy.options.reduce},
        "convictionDismissalCountByAdditionalRelief": dict(sorted(additional.items(), key=lambda kv: (-kv[1], kv[0]))),
        # Added by Record Clearance Desktop:
        "determinationCounts": {d: int(by_section[:, j].sum()) for j, d in enumerate(determination_list)},
        "decisionsBySection": {s: {d: int(by_section[i, j]) for j, d in enumerate(determination_list)}
                               for i, s in enumerate(sections)},
        "handReviewByReason": reason_counts(evaluated, reasons, determinations == HAND_REVIEW),
        **by_reason,
        "inputProblemCount": len(prepared.records.problems),
        "unknownConvictionDateCount": int(date_problems.get("unknown_conviction_date", 0)),
        "unknownBirthDateCount": int(date_problems.get("unknown_birth_date", 0)),
        "birthDateAfterConvictionCount": int(date_problems.get("birth_after_conviction", 0)),
        "policy": policy.name,
    }


def _by_section(evaluated: pd.DataFrame, sections: tuple[str, ...], determinations: tuple[str, ...]) -> np.ndarray:
    """Convictions per (section, determination), with a last row for those of no listed section."""
    det = evaluated["determination"]
    det_codes = pd.Categorical(det, categories=list(determinations)).codes.astype(np.int64)
    section_codes = pd.Categorical(evaluated["section"], categories=list(sections)).codes.astype(np.int64)
    section_codes[section_codes < 0] = len(sections)
    keep = det_codes >= 0
    cells = np.bincount(section_codes[keep] * len(determinations) + det_codes[keep],
                        minlength=(len(sections) + 1) * len(determinations))
    return cells.reshape(len(sections) + 1, len(determinations))


def _conv_positions(prepared: Prepared, evaluated: pd.DataFrame) -> np.ndarray:
    conv = prepared.convictions
    lookup = pd.Series(np.arange(len(conv)), index=conv["row"].to_numpy())
    return lookup.loc[evaluated["row"].to_numpy()].to_numpy()


def _iso(yyyymmdd: int) -> str:
    if not yyyymmdd:
        return ""
    return f"{yyyymmdd // 10000:04d}-{yyyymmdd // 100 % 100:02d}-{yyyymmdd % 100:02d}"
