"""Reviews applied to an evaluation: per evaluated conviction, the final determination, the review
status, reviewer, note, and whether it was overridden or needs re-review.

One join on the conviction key for the whole evaluation (`apply_reviews`, tens of milliseconds
for 35,000 convictions); after each action, `ReviewedConvictions.update` recomputes only the
convictions it changed (well under a millisecond for one).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..filings.remedy import filing_columns
from ..results import Results
from ..schema import DETERMINATIONS, REVIEW_COLUMNS
from .review_actions import REVIEW_FIELDS, empty_record
from .vocabulary import NOT_REVIEWED, STATUSES

STATUS_LABELS = tuple(STATUSES.values())
REVIEWED_COLUMNS = (*REVIEW_COLUMNS, "rereview_why")  # why: shown beside the flag, not exported
_STATUS_INDEX = {code: i for i, code in enumerate(STATUSES)}
_TEXT = {"change_reason": "change_reason", "status_date": "status_date", "filing_batch": "filing_batch",
         "reviewer": "reviewer", "reviewed_at": "updated_at", "review_note": "note"}
_CHOICES = {"track_choice": "track", "ground_choice": "challenge_ground", "court_code": "court_code",
            "court_name": "court_name"}
STATUS_CODES = np.array(list(STATUSES), dtype=object)


def _blank(values: np.ndarray) -> np.ndarray:
    """True where a value is missing (None or NaN)."""
    return np.asarray(pd.isna(values), dtype=bool)


def review_arrays(auto: np.ndarray, reason: np.ndarray, records: Mapping[str, np.ndarray],
                  has: np.ndarray) -> dict[str, np.ndarray]:
    """The review columns as arrays. `auto`/`reason`: each conviction's automatic determination and
    reason category code; `records`: REVIEW_FIELDS, aligned with them (anything where `has` is
    False is ignored: no review record)."""
    n = len(auto)

    def field(name: str, fill: Any) -> np.ndarray:
        values = np.asarray(records[name], dtype=object).copy() if n else np.zeros(0, dtype=object)
        values[~has | _blank(values)] = fill
        return values

    determination = field("determination", None)
    decided = has & ~_blank(determination)
    final = np.where(decided, determination, auto)
    auto_then, reason_then = field("auto_determination", None), field("auto_reason", None)
    moved = field("rereview", None)
    changed = decided & ((auto_then != auto) | (reason_then != reason))
    why = np.full(n, "", dtype=object)
    why[changed] = [f"the automatic decision was {a}, now {b}" if a != b else "the automatic reason changed"
                    for a, b in zip(auto_then[changed], auto[changed])]
    stored = ~_blank(moved)
    why[stored] = moved[stored]
    status = field("status", NOT_REVIEWED)
    out = {
        "final_determination": final,
        "overridden": decided & (final != auto),
        "review_status": np.array([_STATUS_INDEX.get(s, 0) for s in status], dtype=np.int8),  # index in STATUSES
        "needs_rereview": changed | stored,
        "rereview_why": why,
    }
    for column, name in _TEXT.items():
        out[column] = field(name, "")
    for column, name in _CHOICES.items():  # for court filings (filings/remedy.py); not shown as such
        out[column] = field(name, "")
    return out


def determinations_of(evaluated: pd.DataFrame) -> tuple[str, ...]:
    """The determinations a final one can be, in order: the four, then any other the evaluation
    gives (a policy's routing outcome)."""
    column = evaluated["determination"]
    given = list(column.cat.categories) if isinstance(column.dtype, pd.CategoricalDtype) else list(column.unique())
    return tuple(dict.fromkeys([*DETERMINATIONS, *(str(d) for d in given)]))


def _frame(arrays: Mapping[str, np.ndarray], index: pd.Index, determinations: tuple[str, ...]) -> pd.DataFrame:
    columns: dict[str, Any] = {}
    for name in REVIEWED_COLUMNS:
        values = arrays[name]
        if name == "final_determination":
            values = pd.Categorical(values, categories=list(determinations))
        elif name == "review_status":
            values = pd.Categorical.from_codes(values, categories=list(STATUS_LABELS))
        columns[name] = values
    return pd.DataFrame(columns, index=index)


def apply_reviews(evaluated: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The review columns (schema.REVIEW_COLUMNS, plus `rereview_why`) for each row of
    `evaluated` (same order and index). `reviews` is Workspace.reviews() (indexed by key)."""
    arrays = _arrays_for(evaluated, reviews)
    return _frame(arrays, evaluated.index, determinations_of(evaluated))


def _arrays_for(evaluated: pd.DataFrame, reviews: pd.DataFrame) -> dict[str, np.ndarray]:
    n = len(evaluated)
    keys = evaluated["conviction_key"].to_numpy(dtype=object)
    at = reviews.index.get_indexer(keys) if len(reviews) else np.full(n, -1, dtype=np.int64)
    has = at >= 0
    safe = np.where(has, at, 0)
    records = {f: (reviews[f].to_numpy(dtype=object)[safe] if len(reviews) and f in reviews
                   else np.full(n, None, dtype=object)) for f in REVIEW_FIELDS}
    return review_arrays(evaluated["determination"].astype(str).to_numpy(dtype=object),
                         evaluated["reason"].astype(str).to_numpy(dtype=object), records, has)


class ReviewedConvictions:
    """The review columns of one evaluation, kept in step with the workspace: joined once, then
    updated per action for the convictions it changed only (what a window needs after each key
    press). `arrays` holds the columns (review_status as an index into STATUSES); `frame()`
    builds the DataFrame apply_reviews returns."""

    def __init__(self, evaluated: pd.DataFrame, reviews: pd.DataFrame) -> None:
        self.evaluated = evaluated
        self._auto = evaluated["determination"].astype(str).to_numpy(dtype=object)
        self._reason = evaluated["reason"].astype(str).to_numpy(dtype=object)
        self.arrays = _arrays_for(evaluated, reviews)
        self.determinations = determinations_of(evaluated)
        self._position = {k: i for i, k in enumerate(evaluated["conviction_key"].tolist())}

    def frame(self) -> pd.DataFrame:
        return _frame(self.arrays, self.evaluated.index, self.determinations)

    def positions(self, keys: list[str]) -> np.ndarray:
        """Rows of the evaluation with these keys (keys not in it are left out)."""
        found = [self._position.get(k, -1) for k in keys]
        return np.array([p for p in found if p >= 0], dtype=np.int64)

    def update(self, records: Mapping[str, Mapping[str, Any] | None]) -> np.ndarray:
        """Apply the new records of the keys an action changed (None: no record, e.g. after an
        undo); returns the rows that changed."""
        keys = [k for k in records if k in self._position]
        at = self.positions(keys)
        if not len(at):
            return at
        rows = [records[k] or empty_record() for k in keys]
        fields = {}
        for f in REVIEW_FIELDS:
            fields[f] = np.empty(len(rows), dtype=object)
            fields[f][:] = [r[f] for r in rows]
        has = np.array([records[k] is not None for k in keys], dtype=bool)
        new = review_arrays(self._auto[at], self._reason[at], fields, has)
        for name, values in new.items():
            self.arrays[name][at] = values
        return at


def filing_frame(results: Results, arrays: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The filing columns (remedy, track, position, challenge ground) from the review arrays."""
    return filing_columns(results, arrays["final_determination"], STATUS_CODES[arrays["review_status"]],
                          arrays["change_reason"], arrays["ground_choice"], arrays["track_choice"])


def with_reviews(results: Results, reviews: pd.DataFrame) -> Results:
    """The same Results with the review and filing columns beside each conviction (exports write
    them after the gogen-compatible columns, which keep the automatic decision) and
    `reviewProgress` in the summary."""
    arrays = _arrays_for(results.evaluated, reviews)
    applied = _frame(arrays, results.evaluated.index, determinations_of(results.evaluated))
    evaluated = pd.concat([results.evaluated, applied[list(REVIEW_COLUMNS)], filing_frame(results, arrays)], axis=1)
    summary = dict(results.summary)
    summary["reviewProgress"] = review_progress(applied, reviews, results.evaluated["conviction_key"])
    return dataclasses.replace(results, evaluated=evaluated, summary=summary)


def review_progress(applied: pd.DataFrame, reviews: pd.DataFrame | None = None,
                    keys: pd.Series | None = None) -> dict[str, Any]:
    """Reviewed / total, by final determination, by status; overridden, needing re-review, and
    (given the reviews and the evaluation's keys) reviews whose conviction is not in the data."""
    status = applied["review_status"]
    out: dict[str, Any] = {
        "convictions": int(len(applied)),
        "reviewed": int((status != STATUSES[NOT_REVIEWED]).sum()),
        "byFinalDetermination": {d: int(n) for d, n in applied["final_determination"].value_counts(sort=False).items()},
        "byStatus": {s: int(n) for s, n in status.value_counts(sort=False).items()},
        "overridden": int(applied["overridden"].sum()),
        "needsReReview": int(applied["needs_rereview"].sum()),
    }
    if reviews is not None and keys is not None:
        content = reviews["determination"].notna() | (reviews["status"] != NOT_REVIEWED) | (reviews["note"] != "")
        out["reviewsNotInData"] = int((content & ~reviews.index.isin(keys)).sum())
    return out
