"""What an evaluation produces (`Results`), shared by the engine's modules and everything that
shows or writes it. Immutable once built: a new policy, county or date makes new Results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .prepare import Prepared
from .reasons import Reason, render
from .reader import Records
from .ruleset import Policy


@dataclass(frozen=True)
class Results:
    prepared: Prepared
    policy: Policy
    county: str  # trimmed, upper case
    as_of: dt.date
    # One row per evaluated conviction, in file order; columns: schema.EVALUATED_COLUMNS.
    evaluated: pd.DataFrame
    # The engine's input per evaluated conviction (same order): the person's aggregates joined in,
    # from which every fact is computed (facts.FACTS). The person view shows facts from it.
    fact_inputs: pd.DataFrame
    reasons: Mapping[str, Reason]  # the reason categories met, by code (evaluated["reason"])
    summary: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # evaluating (this policy, county and date)

    @property
    def load_seconds(self) -> float:
        """Reading and preparing the input, done once per data set (re-evaluations reuse it)."""
        return self.prepared.records.read_seconds + self.prepared.seconds

    @property
    def records(self) -> Records:
        return self.prepared.records

    @cached_property
    def reason_texts(self) -> np.ndarray:
        """Each evaluated conviction's reason as users read it (the row's own details included)."""
        return render(self.evaluated, self.reasons, self.as_of)

    @cached_property
    def reason_labels(self) -> np.ndarray:
        """Each evaluated conviction's reason category as users read it (filters, counts)."""
        reason = self.evaluated["reason"]
        labels = np.array([self.reasons[c].label for c in reason.cat.categories] + [""], dtype=object)
        codes = reason.cat.codes.to_numpy()
        return labels[np.where(codes < 0, len(labels) - 1, codes)]


def processing_seconds(results: Results, run_seconds: float | None) -> float:
    """The run time a caller measured (the command line: the whole run before writing), or else
    what the results carry: reading, preparing and evaluating (the desktop app's export)."""
    return run_seconds if run_seconds is not None else results.load_seconds + results.seconds
