"""Reviews applied to an evaluation: per evaluated conviction, the final determination, the review
status, reviewer, note, and whether it was overridden or needs re-review. One vectorised join on
the conviction key (35,000 convictions and 10,000 reviews: a few milliseconds)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from ..results import Results
from ..schema import DETERMINATIONS, REVIEW_COLUMNS
from .vocabulary import NOT_REVIEWED, STATUSES

STATUS_LABELS = tuple(STATUSES.values())
REVIEWED_COLUMNS = (*REVIEW_COLUMNS, "rereview_why")  # why: shown beside the flag, not exported as a column


def _take(reviews: pd.DataFrame, column: str, at: np.ndarray, has: np.ndarray, fill: Any) -> np.ndarray:
    values = reviews[column].to_numpy(dtype=object)
    out = np.full(len(at), fill, dtype=object)
    out[has] = values[at[has]]
    return out


def apply_reviews(evaluated: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The review columns (schema.REVIEW_COLUMNS, plus `rereview_why`) for each row of
    `evaluated` (same order and index). `reviews` is Workspace.reviews() (indexed by key)."""
    n = len(evaluated)
    keys = evaluated["conviction_key"].to_numpy(dtype=object)
    auto = evaluated["determination"].astype(str).to_numpy(dtype=object)
    reason = evaluated["reason"].astype(str).to_numpy(dtype=object)
    at = reviews.index.get_indexer(keys) if len(reviews) else np.full(n, -1, dtype=np.int64)
    has = at >= 0

    determination = _take(reviews, "determination", at, has, None)
    decided = has & pd.notna(determination)
    final = np.where(decided, determination, auto)
    auto_then = _take(reviews, "auto_determination", at, has, None)
    reason_then = _take(reviews, "auto_reason", at, has, None)
    moved = _take(reviews, "rereview", at, has, None)
    changed = decided & ((auto_then != auto) | (reason_then != reason))
    why = np.full(n, "", dtype=object)
    why[changed] = [f"the automatic decision was {a}, now {b}" if a != b else "the automatic reason changed"
                    for a, b in zip(auto_then[changed], auto[changed])]
    stored = pd.notna(moved)
    why[stored] = moved[stored]
    status = _take(reviews, "status", at, has, NOT_REVIEWED)
    status_labels = np.array([STATUSES.get(s, s) for s in STATUSES], dtype=object)
    status_codes = pd.Categorical(status, categories=list(STATUSES)).codes

    def text(column: str, fill: str = "") -> np.ndarray:
        values = _take(reviews, column, at, has, fill)
        values[pd.isna(values)] = fill
        return values

    frame = pd.DataFrame({
        "final_determination": pd.Categorical(final, categories=list(DETERMINATIONS)),
        "overridden": decided & (final != auto),
        "change_reason": text("change_reason"),
        "review_status": pd.Categorical.from_codes(status_codes, categories=list(status_labels)),
        "status_date": text("status_date"),
        "filing_batch": text("filing_batch"),
        "reviewer": text("reviewer"),
        "reviewed_at": text("updated_at"),
        "review_note": text("note"),
        "needs_rereview": changed | stored,
        "rereview_why": why,
    }, index=evaluated.index)
    return frame


def with_reviews(results: Results, reviews: pd.DataFrame) -> Results:
    """The same Results with the review columns beside each conviction (exports write them after
    the gogen-compatible columns, which keep the automatic decision) and `reviewProgress` in
    the summary."""
    applied = apply_reviews(results.evaluated, reviews)
    evaluated = pd.concat([results.evaluated, applied[list(REVIEW_COLUMNS)]], axis=1)
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
