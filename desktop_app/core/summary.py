"""The summary figures counties compare (prop64-policy.md, "Comparison scenarios").

Key names follow the JSON summary of the tool counties used before, so their reports keep working;
figures that tool lacked are added under new keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .schema import DISMISS, DETERMINATIONS, HAND_REVIEW, REDUCE

if TYPE_CHECKING:
    from .evaluate import Results


def relief_counts(results: "Results", dismissed: np.ndarray, reduced: np.ndarray) -> dict[str, int]:
    """People left with no felony / no conviction / none in the 7 years before the evaluation date.

    `dismissed` and `reduced` are boolean over all of the data set's convictions.
    """
    prepared = results.prepared
    conv = prepared.convictions
    person = conv["person"].to_numpy()
    n_people = len(prepared.persons)
    felony = conv["felony"].to_numpy()
    date = conv["date"].to_numpy()
    today = results.as_of.year * 10000 + results.as_of.month * 100 + results.as_of.day
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


def summarise(results: "Results") -> dict[str, Any]:
    prepared = results.prepared
    ev = results.evaluated
    conv = prepared.convictions
    n_conv = len(conv)
    positions = _conv_positions(results)

    dismissed = np.zeros(n_conv, bool)
    reduced = np.zeros(n_conv, bool)
    dismissed[positions] = ev["determination"].to_numpy() == DISMISS
    reduced[positions] = ev["determination"].to_numpy() == REDUCE
    all_p64 = np.zeros(n_conv, bool)
    all_p64[positions] = True
    in_county = (conv["county"] == results.county).to_numpy()
    related = in_county & (conv["is_prop64"].to_numpy() | conv["related"].to_numpy())

    dates = ev["conviction_date"].to_numpy()
    known_dates = dates[dates > 0]
    earliest = int(known_dates.min()) if len(known_dates) else 0
    sections = prepared.codes.prop64_sections
    felony = ev["level"].to_numpy() == "Felony"
    reasons = ev["Eligibility Reason"].to_numpy()
    determinations = ev["determination"].to_numpy()
    options = results.policy.options

    def by_reason(mask: np.ndarray) -> dict[str, int]:
        return {str(k): int(v) for k, v in pd.Series(reasons[mask]).value_counts().sort_index().items()}

    dismiss_reasons = by_reason(determinations == DISMISS)
    return {
        "county": results.county,
        "evaluationDate": results.as_of.isoformat(),
        "earliestConviction": _iso(earliest),
        "lineCount": int(prepared.records.row_count),
        "processingTimeInSeconds": 0.0,  # filled in by the caller that knows the whole run time
        "reliefWithCurrentEligibilityChoices": relief_counts(results, dismissed, reduced),
        "reliefWithDismissAllProp64": relief_counts(results, all_p64, np.zeros(n_conv, bool)),
        "reliefWithDismissAllProp64AndRelated": relief_counts(results, related, np.zeros(n_conv, bool)),
        "prop64ConvictionsCountInCountyByCodeSection": {
            s: int((ev["section"].to_numpy() == s).sum()) for s in sections},
        "subjectsWithProp64ConvictionCountInCounty": int(ev["person"].nunique()),
        "prop64FelonyConvictionsCountInCounty": int(felony.sum()),
        "prop64NonFelonyConvictionsCountInCounty": int((~felony).sum()),
        "subjectsWithSomeReliefCount": int(ev.loc[np.isin(determinations, [DISMISS, REDUCE]), "person"].nunique()),
        "convictionDismissalCountByCodeSection": {
            e: int(dismiss_reasons.get(f"Dismiss all HS {e} convictions", 0)) for e in options.dismiss},
        "convictionReductionCountByCodeSection": {
            e: int((reasons == f"Reduce all HS {e} convictions").sum()) for e in options.reduce},
        "convictionDismissalCountByAdditionalRelief": {
            k: v for k, v in dismiss_reasons.items()
            if not k.startswith("Dismiss all HS") and not k.startswith("Misdemeanor or Infraction")},
        # Added by Record Clearance Desktop:
        "determinationCounts": {d: int((determinations == d).sum()) for d in DETERMINATIONS},
        "decisionsBySection": {
            s: {d: int(((ev["section"].to_numpy() == s) & (determinations == d)).sum()) for d in DETERMINATIONS}
            for s in sections},
        "handReviewByReason": by_reason(determinations == HAND_REVIEW),
        "inputProblemCount": len(prepared.records.problems),
        "unknownConvictionDateCount": sum(p.kind == "unknown_conviction_date" for p in prepared.date_problems),
        "unknownBirthDateCount": sum(p.kind == "unknown_birth_date" for p in prepared.date_problems),
        "policy": results.policy.name,
    }


def _conv_positions(results: "Results") -> np.ndarray:
    conv = results.prepared.convictions
    lookup = pd.Series(np.arange(len(conv)), index=conv["row"].to_numpy())
    return lookup.loc[results.evaluated["row"].to_numpy()].to_numpy()


def _iso(yyyymmdd: int) -> str:
    if not yyyymmdd:
        return ""
    return f"{yyyymmdd // 10000:04d}-{yyyymmdd // 100 % 100:02d}-{yyyymmdd % 100:02d}"
