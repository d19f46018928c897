"""The results table's review columns (a workspace's reviews applied to the evaluation), in the
table's dictionary-encoded form (table_data.Column): plug into `conviction_table` when a
workspace is open, and refresh them after each review action with `update_review_columns`
(only the rows the action changed; a column is re-encoded only when a new value appears).
No widget here.

Filters the window offers on them: `review_status` (equality), and the boolean masks of
`review_masks` ("overridden", "needs re-review", "reviewed").
"""

from __future__ import annotations

import bisect
import dataclasses

import numpy as np

from ..core.workspace.apply import STATUS_LABELS, ReviewedConvictions
from .table_data import Column, TableData, column

YES_NO = np.array(["Yes", "No"], dtype=object)
_TEXT_COLUMNS = {  # key -> (title, shown by default, tip)
    "reviewer": ("Reviewer", True, "Who last changed the review"),
    "review_note": ("Note", True, ""),
    "change_reason": ("Change reason", False, "Why the determination was changed"),
    "status_date": ("Status date", False, "Date filed, challenged, or of the court's decision"),
    "filing_batch": ("Filing batch", False, ""),
    "reviewed_at": ("Reviewed at", False, "When the review was last changed"),
}
ORDER = ("final_determination", "review_status", "reviewer", "review_note", "overridden", "needs_rereview",
         "change_reason", "status_date", "filing_batch", "reviewed_at")
BESIDE_DETERMINATION = ("final_determination", "review_status")  # the others follow Flags
REVIEWS_LAYOUT = "_reviews"  # added to the table's layout while a workspace is open (remembered apart)


def _fixed(key: str, reviewed: ReviewedConvictions, at: np.ndarray | slice) -> np.ndarray:
    """Codes of the columns whose labels never change."""
    values = reviewed.arrays[key][at]
    if key == "final_determination":  # the four, then a policy's routing outcome
        index = {d: i for i, d in enumerate(reviewed.determinations)}
        return np.array([index[d] for d in values], dtype=np.int32)
    if key == "review_status":
        return values.astype(np.int32)
    return np.where(values, 0, 1).astype(np.int32)  # overridden / needs_rereview: Yes, No


def review_columns(reviewed: ReviewedConvictions) -> list[Column]:
    """The review columns for each evaluated conviction (the table's base order), the first six
    shown by default."""
    a = reviewed.arrays
    everything = slice(None)
    columns = {
        "final_determination": Column("final_determination", "Final determination",
                                      _fixed("final_determination", reviewed, everything),
                                      np.array(reviewed.determinations, dtype=object),
                                      tip="The reviewer's determination, or the automatic one while not decided"),
        "review_status": Column("review_status", "Review status", _fixed("review_status", reviewed, everything),
                                np.array(STATUS_LABELS, dtype=object)),
        "overridden": Column("overridden", "Overridden", _fixed("overridden", reviewed, everything), YES_NO,
                             tip="The final determination differs from the automatic one"),
        "needs_rereview": Column("needs_rereview", "Needs re-review", _fixed("needs_rereview", reviewed, everything),
                                 YES_NO,
                                 tip="Reviewed, and the automatic decision (or the record) has changed since"),
    }
    for key, (title, visible, tip) in _TEXT_COLUMNS.items():
        columns[key] = column(key, title, a[key], visible=visible, tip=tip)
    return [columns[k] for k in ORDER]


def with_review_columns(base: TableData, columns: list[Column]) -> TableData:
    """The conviction table `base` with the review columns: Final determination and Review status
    right after the automatic Determination, the others after Flags (the end if it has none)."""
    front = [c for c in columns if c.key in BESIDE_DETERMINATION]
    rest = [c for c in columns if c.key not in BESIDE_DETERMINATION]
    placed: list[Column] = []
    for col in base.columns:
        placed.append(col)
        if col.key == "determination":
            placed += front
        elif col.key == "flags":
            placed += rest
    shown = {id(c) for c in placed}
    placed += [c for c in columns if id(c) not in shown]
    return dataclasses.replace(base, columns=placed, layout=base.layout_key + REVIEWS_LAYOUT)


def update_review_columns(columns: list[Column], reviewed: ReviewedConvictions, at: np.ndarray) -> list[Column]:
    """The columns after `reviewed.update(...)` changed rows `at`, updated in place (the same
    Column objects): a value not seen before (a new note) is inserted among the labels."""
    a = reviewed.arrays
    for col in columns:
        if col.key in ("final_determination", "review_status", "overridden", "needs_rereview"):
            col.codes[at] = _fixed(col.key, reviewed, at)
            continue
        values = [str(v).strip() for v in a[col.key][at]]
        lookup = _add_labels(col, values)
        col.codes[at] = [lookup[v] for v in values]
    return list(columns)


def _add_labels(col: Column, values: list[str]) -> dict[str, int]:
    """Insert the values `col` has no label for in their sorted place (labels are in code-point
    order, as `encode` sorts text), shifting the codes after each: a few integer additions over
    the column instead of encoding it again (~3 ms at 35,000 rows). Returns label -> code."""
    labels = col.labels.tolist()
    new = sorted(set(values).difference(labels))
    for value in new:
        place = bisect.bisect_left(labels, value)
        labels.insert(place, value)
        col.codes[col.codes >= place] += 1
    if new:
        col.labels = np.array(labels, dtype=object)
        col._arrow = None  # the text search's copy of the labels
    return {label: i for i, label in enumerate(labels)}


def review_masks(reviewed: ReviewedConvictions) -> dict[str, np.ndarray]:
    """Boolean per conviction, for the filters: overridden, needs re-review, reviewed."""
    a = reviewed.arrays
    return {"overridden": a["overridden"].astype(bool), "needs_rereview": a["needs_rereview"].astype(bool),
            "reviewed": a["review_status"] != 0}
