"""The facts behind a decision, as the engine used them: for the person view and anyone else who
explains a decision. Values come from the same fact functions the steps use (facts.FACTS) on the
same inputs (Results.fact_inputs); nothing here recomputes a fact another way."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .evaluate import as_int
from .facts import FACTS
from .reasons import date_text
from .results import Results


@dataclass(frozen=True)
class FactShown:
    name: str  # the fact's name in rule files
    label: str  # what users read
    value: bool | int | str | None  # None: the engine could not know it; a date is an int YYYYMMDD
    why_unknown: str = ""  # what was missing, e.g. "born 06/16/1992, after the conviction date 02/01/1970"
    note: str = ""  # a qualification of a known value
    kind: str = "number"  # the fact's kind: bool, number, date or text


def facts_of(results: Results, positions: np.ndarray) -> list[list[FactShown]]:
    """For each evaluated conviction at `positions` (rows of Results.evaluated), every fact of the
    vocabulary with the value the engine computed."""
    positions = np.asarray(positions, dtype=np.int64)
    conv = results.fact_inputs.iloc[positions].reset_index(drop=True)
    today = as_int(results.as_of)
    absent = results.records.dataset.absent
    out: list[list[FactShown]] = [[] for _ in positions]
    for fact in FACTS.values():
        values = fact.fn(conv, today)
        missing = fact.missing(conv)
        for i in range(len(positions)):
            value = values.iloc[i]
            need = missing[i]
            why = note = ""
            if pd.isna(value):
                value = None
                if need is not None and need.conflict and bool(conv[need.conflict].iat[i]):
                    why = (f"born {date_text(conv['dob'].iat[i])}, after the conviction date "
                           f"{date_text(conv['date'].iat[i])}")
                elif need is not None and need.known in absent:
                    why = absent[need.known]
                elif need is not None:
                    why = f"{need.label} unknown"
            else:
                value = bool(value) if fact.kind == "bool" else str(value) if fact.kind == "text" else int(value)
                if fact.bound_when_unknown and need is not None:
                    bound = "at most" if fact.bound_when_unknown == "upper" else "at least"
                    note = (f"{bound}: {absent[need.known].lower()}" if need.known in absent
                            else f"{bound}: {need.label} not all known")
            out[i].append(FactShown(fact.name, fact.label, value, why, note, fact.kind))
    return out

