"""Why each conviction got its decision: a closed set of reason categories plus each row's own
parameters, with the text users read rendered only at the edge (table, person view, exports).

A category is one step of the policy (with the policy entry it matched, for the section steps),
one unknown or conflicting input for one step, or one of the input checks that run before any
step. A data set has a few dozen categories at most, however many rows: filters, counts and charts
group by category; the row's own details (a date, a line number) appear only in its rendered text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from .facts import Need

# Kinds of category.
STEP = "step"  # a step of the policy decided the conviction
UNKNOWN = "unknown"  # a step needed an input that is blank or impossible
CONFLICT = "conflict"  # a step needed an input that contradicts another (born after the conviction)
ABSENT = "absent"  # a step needed an input the data set does not have at all (no 'Deceased' column)
INPUT_CHECK = "input_check"  # a check that runs before every policy

INPUT_CHECK_STEP = "input_problem"  # the `step` of every input-check decision

# The input checks: code -> (label, row template). Templates name columns of the evaluated frame,
# `as_of`, or the row's `problem_where`; dates are rendered MM/DD/YYYY.
INPUT_CHECKS: dict[str, tuple[str, str]] = {
    "input:unreadable_row": (
        "Unreadable row in this person's history: check the full record",
        "Unreadable row in this person's history: {problem_where} could not be read; check the full record"),
    "input:unreadable_value": (
        "Unreadable value in this person's rows: check the sheet",
        "Unreadable value in this person's rows: {problem_where} (see Input problems); check the sheet"),
    "input:no_subject_id": (
        "No SUBJECT_ID: the person's history cannot be assembled",
        "No SUBJECT_ID on line {_source_line} of {_source_file}: the person's history cannot be assembled"),
    "input:future_conviction": (
        "Conviction date after the evaluation date: check the record",
        "Conviction date {conviction_date} is after the evaluation date {as_of}: check the record"),
}
_CONFLICTS = {  # conflict column -> (label, row template); {check} is the step's reason
    "dob_after_conviction": ('Date of birth after the conviction date: check "{check}"',
                             'Born {dob}, after the conviction date {conviction_date}: check "{check}"'),
}
_DATE_PARAMS = {"conviction_date", "dob", "as_of"}


@dataclass(frozen=True)
class Reason:
    """One reason category."""

    code: str  # stable key, e.g. "under_21", "dismiss_sections:11357", "unknown:under_21:date of birth"
    kind: str  # STEP, UNKNOWN, CONFLICT or INPUT_CHECK
    outcome: str  # dismiss / reduce / not_eligible / hand_review
    step_id: str  # the step that decided or could not decide (INPUT_CHECK_STEP for input checks)
    label: str  # the category as users see it in filters, counts and charts
    template: str = ""  # the row's text with {parameters}; "" when it is the label
    entry: str = ""  # for a section step: the policy entry that matched ("11357", "11357(c)")


def step_reason(step_id: str, outcome: str, text: str, entry: str = "") -> Reason:
    return Reason(f"{step_id}:{entry}" if entry else step_id, STEP, outcome, step_id, text, entry=entry)


def missing_reason(step_id: str, check: str, need: Need, conflict: bool, absent: str = "") -> Reason:
    """Hand Review because the step needs `need` and it is unknown, or (conflict) contradictory,
    or (`absent`: what the data set lacks, e.g. "No 'Deceased' column") not in the data set at all."""
    if absent:
        return Reason(f"absent:{step_id}:{need.known}", ABSENT, "hand_review", step_id,
                      f'{absent}: check "{check}"')
    if conflict:
        label, template = _CONFLICTS[need.conflict]
        return Reason(f"conflict:{step_id}:{need.conflict}", CONFLICT, "hand_review", step_id,
                      label.format(check=check), template.replace("{check}", check.replace("{", "{{")
                                                                  .replace("}", "}}")))
    return Reason(f"unknown:{step_id}:{need.label}", UNKNOWN, "hand_review", step_id,
                  f'Unknown {need.label}: check "{check}"')


def input_check_reason(code: str) -> Reason:
    label, template = INPUT_CHECKS[code]
    return Reason(code, INPUT_CHECK, "hand_review", INPUT_CHECK_STEP, label, template)


class ReasonSet:
    """The categories met while evaluating, each with a small integer id."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.reasons: list[Reason] = []

    def id(self, reason: Reason) -> int:
        if reason.code not in self._ids:
            self._ids[reason.code] = len(self.reasons)
            self.reasons.append(reason)
        return self._ids[reason.code]

    def categorical(self, ids: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(ids, categories=pd.Index([r.code for r in self.reasons], dtype=object))

    def by_code(self) -> dict[str, Reason]:
        return {r.code: r for r in self.reasons}


def date_text(day: Any) -> str:
    day = int(day)
    return f"{day // 100 % 100:02d}/{day % 100:02d}/{day // 10000:04d}" if day > 0 else "(unknown)"


def render(evaluated: pd.DataFrame, reasons: Mapping[str, Reason], as_of: Any,
           rows: Iterable[int] | None = None) -> np.ndarray:
    """The reason text of each evaluated row (or of `rows`, positions in `evaluated`)."""
    codes = evaluated["reason"].cat.codes.to_numpy()
    categories = list(evaluated["reason"].cat.categories)
    at = np.arange(len(codes)) if rows is None else np.asarray(list(rows), dtype=np.int64)
    labels = np.array([reasons[c].label for c in categories] + [""], dtype=object)
    out = labels[np.where(codes[at] < 0, len(categories), codes[at])]
    for i, code in enumerate(categories):
        template = reasons[code].template
        if not template:
            continue
        mine = np.flatnonzero(codes[at] == i)
        if not len(mine):
            continue
        names = set(re.findall(r"{(\w+)}", template))
        values = {n: evaluated[n].to_numpy()[at[mine]] for n in names if n in evaluated.columns}
        for j, k in enumerate(mine):
            params = {n: v[j] for n, v in values.items()}
            if "as_of" in names:
                params["as_of"] = as_of.strftime("%Y%m%d")
            for n in names & _DATE_PARAMS:
                params[n] = date_text(params[n])
            out[k] = template.format(**params)
    return out
