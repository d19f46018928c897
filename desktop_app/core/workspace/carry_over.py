"""Carrying reviews to a new evaluation (a new DOJ extract, another policy): nothing silently kept
or dropped.

Each review record with content (a determination, a status or a note) is matched by its
conviction key. A key that is gone may be the same conviction with one identifying detail changed
in the new extract (DOJ renumbered the count, corrected the date or the code section): it is
matched once more on the person and the count, then on the person, date and code section, only
where exactly one unreviewed new conviction fits; such a review moves to the new key and is
marked for re-review, saying what changed. The rest is listed:
- `missing`: reviewed keys no longer in the data (their records stay in the workspace);
- `changed`: carried reviews whose automatic determination or reason category has changed since
  the reviewer decided ("Needs re-review", until decided again), and the moved ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from ..conviction_key import key_parts
from .review_actions import Record

PART_NAMES = {"person": "person", "count": "count order", "date": "conviction date", "section": "code section"}


@dataclass(frozen=True)
class CarryOver:
    reviewed: int  # review records with content before the change
    carried: int  # of them, found in the new data (by key, or moved)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (old key, new key, what changed)
    missing: pd.DataFrame = field(default_factory=pd.DataFrame)  # key, determination, status, reviewer, note
    changed: pd.DataFrame = field(default_factory=pd.DataFrame)  # key, was, now, why

    def summary(self) -> str:
        return (f"{self.carried:,} of {self.reviewed:,} reviews carried ({len(self.moved):,} moved to a changed key); "
                f"{len(self.missing):,} no longer in the data; {len(self.changed):,} need re-review")


def has_content(record: Record) -> bool:
    return (record["determination"] is not None or record["status"] != "not_reviewed" or bool(record["note"])
            or any(record.get(f) for f in ("track", "challenge_ground", "court_code")))


def plan_carry_over(reviews: Mapping[str, Record], new_keys: np.ndarray, new_determination: np.ndarray,
                    new_reason: np.ndarray, old_labels: Mapping[str, str] | None = None,
                    new_labels: Mapping[str, str] | None = None) -> CarryOver:
    """Compare the review records with a new evaluation (its keys, determinations and reason
    category codes, in any order). Labels (reason code -> text) make the report readable."""
    old_labels, new_labels = old_labels or {}, new_labels or {}
    reviewed = {k: r for k, r in reviews.items() if has_content(r)}
    index = pd.Index(new_keys)
    found = index.get_indexer(list(reviewed)) if reviewed else np.zeros(0, dtype=np.int64)
    gone = [k for k, at in zip(reviewed, found) if at < 0]
    unreviewed = ~index.isin(list(reviews)) if len(index) else np.zeros(0, dtype=bool)
    moved = _match_moved(gone, index[unreviewed].tolist())
    moved_to = {old: new for old, new, _ in moved}
    missing = [k for k in gone if k not in moved_to]

    rows = []
    position = dict(zip(reviewed, found.tolist()))
    for old, new, why in moved:
        position[old] = int(index.get_loc(new))
    for key, record in reviewed.items():
        at = position[key]
        if at < 0 or record["determination"] is None:
            continue
        now_det, now_reason = str(new_determination[at]), str(new_reason[at])
        if key in moved_to:
            why = next(w for o, _, w in moved if o == key)
            rows.append((moved_to[key], key, record["auto_determination"], now_det, f"the record changed: {why}"))
        elif now_det != record["auto_determination"] or now_reason != record["auto_reason"]:
            was = f"{record['auto_determination']} ({old_labels.get(record['auto_reason'], record['auto_reason'])})"
            now = f"{now_det} ({new_labels.get(now_reason, now_reason)})"
            rows.append((key, key, was, now, "the automatic decision changed"))
    changed = pd.DataFrame(rows, columns=["key", "old_key", "was", "now", "why"])
    missing_frame = pd.DataFrame(
        [(k, reviewed[k]["determination"], reviewed[k]["status"], reviewed[k]["reviewer"], reviewed[k]["note"])
         for k in missing], columns=["key", "determination", "status", "reviewer", "note"])
    return CarryOver(reviewed=len(reviewed), carried=len(reviewed) - len(missing), moved=moved,
                     missing=missing_frame, changed=changed)


def _match_moved(gone: list[str], candidates: list[str]) -> list[tuple[str, str, str]]:
    """Pairs (old key, new key, what changed) that agree on the person and the count, or on the
    person, date and code section, with exactly one candidate on each side."""
    if not gone or not candidates:
        return []
    old = key_parts(pd.Series(gone, dtype=object)).assign(key=gone)
    new = key_parts(pd.Series(candidates, dtype=object)).assign(key=candidates)
    pairs: list[tuple[str, str, str]] = []
    for on, known in ((["person", "count"], lambda f: f["count"] != "-"),
                      (["person", "date", "section"], lambda f: f["date"] != "unknown")):
        used_old = {o for o, _, _ in pairs}
        used_new = {n for _, n, _ in pairs}
        a = old[~old["key"].isin(used_old) & known(old)]
        b = new[~new["key"].isin(used_new) & known(new)]
        a = a[~a.duplicated(on, keep=False)]
        b = b[~b.duplicated(on, keep=False)]
        joined = a.merge(b, on=on, suffixes=("_old", "_new"))
        for _, row in joined.iterrows():  # few rows: the reviews that lost their key
            what = [f"{PART_NAMES[p]} {row[p + '_old']} -> {row[p + '_new']}"
                    for p in PART_NAMES if p not in on and row[p + "_old"] != row[p + "_new"]]
            pairs.append((row["key_old"], row["key_new"], "; ".join(what) or "duplicate numbering"))
    return pairs
