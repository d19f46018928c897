"""Per evaluated conviction, from its final (reviewed) determination: the remedy the court is
asked for, the track (completed sentence or still serving) and the office's position (not
challenged, or challenged with its ground).

- Remedy: "Eligible for Dismissal" -> dismiss (and seal); "Eligible for Reduction" -> redesignate
  (resentence when still serving); none for a challenged or undecided conviction.
- Track: from the sentence end the engine computes (sentence_end fact) against the evaluation date
  (the same day `serving_sentence` uses): serving when it ends after that day. When the sentence
  end is unknown, the reviewer's choice (the workspace's `track`), else unknown: never a guess.
- Position: challenged when the final determination is "Not eligible", the reviewer gave a ground
  of challenge, or the status is Challenged; not challenged for a dismissal or reduction; not
  decided otherwise (Hand Review, a policy's routing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..evaluate import as_int
from ..facts import FACTS
from ..results import Results
from ..schema import DISMISS as DISMISSAL, FILING_COLUMNS, NOT_ELIGIBLE, REDUCE
from .vocabulary import (CHALLENGED, COMPLETED, DISMISS, NOT_CHALLENGED, POSITION_LABELS, REDESIGNATE, REMEDY_LABELS,
                         SERVING, TRACK_LABELS, TRACKS)

CHALLENGED_STATUS = "challenged"  # the workspace's status code (workspace/vocabulary.py)


def sentence_ends(results: Results) -> np.ndarray:
    """YYYYMMDD per evaluated conviction; 0 where unknown."""
    values = FACTS["sentence_end"].fn(results.fact_inputs, as_int(results.as_of))
    return values.fillna(0).to_numpy(dtype=np.int64)


def _text(values: np.ndarray | None, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, "", dtype=object)
    out = np.asarray(values, dtype=object).copy()
    out[pd.isna(out)] = ""
    return np.array([str(v).strip() for v in out], dtype=object)


def filing_arrays(results: Results, final: np.ndarray, status: np.ndarray, change_reason: np.ndarray | None = None,
                  challenge_ground: np.ndarray | None = None, track_choice: np.ndarray | None = None
                  ) -> dict[str, np.ndarray]:
    """Codes and labels per evaluated conviction (Results.evaluated order). `final`: final
    determinations; `status`: workspace status codes; the others: review fields (None = none)."""
    n = len(final)
    final = np.asarray(final, dtype=object)
    ground = _text(challenge_ground, n)
    choice = _text(track_choice, n)
    reason = _text(change_reason, n)
    ends = sentence_ends(results)
    day = as_int(results.as_of)
    track = np.where(ends == 0, "", np.where(ends > day, SERVING, COMPLETED)).astype(object)
    chosen = (ends == 0) & np.isin(choice, TRACKS)
    track[chosen] = choice[chosen]

    challenged = (final == NOT_ELIGIBLE) | (ground != "") | (np.asarray(status, dtype=object) == CHALLENGED_STATUS)
    relief = np.isin(final, [DISMISSAL, REDUCE]) & ~challenged
    position = np.where(challenged, CHALLENGED, np.where(relief, NOT_CHALLENGED, "")).astype(object)
    remedy = np.where(relief & (final == DISMISSAL), DISMISS,
                      np.where(relief & (final == REDUCE), REDESIGNATE, "")).astype(object)

    # The ground as the court reads it: the reviewer's, else the reason for changing the
    # determination to Not eligible, else the automatic reason.
    why = ground.copy()
    automatic = results.evaluated["determination"].astype(str).to_numpy(dtype=object)
    use_reason = challenged & (why == "") & (reason != "")
    why[use_reason] = reason[use_reason]
    use_auto = challenged & (why == "") & (automatic == NOT_ELIGIBLE)
    if use_auto.any():
        why[use_auto] = results.reason_texts[use_auto]
    why[~challenged] = ""

    return {
        "remedy_code": remedy, "track_code": track, "position_code": position, "track_chosen": chosen,
        "sentence_end": ends, "challenge_ground": why,
        "remedy": np.array([REMEDY_LABELS.get((r, t), "") if r else "" for r, t in zip(remedy, track)], dtype=object),
        "track": np.array([TRACK_LABELS[t] for t in track], dtype=object),
        "position": np.array([POSITION_LABELS[p] for p in position], dtype=object),
    }


def filing_columns(results: Results, final: np.ndarray, status: np.ndarray, change_reason: np.ndarray | None = None,
                   challenge_ground: np.ndarray | None = None, track_choice: np.ndarray | None = None) -> pd.DataFrame:
    """The filing columns users see (schema.FILING_COLUMNS: remedy, track, position, challenge
    ground), as text, indexed like Results.evaluated; arguments as for `filing_arrays`."""
    a = filing_arrays(results, final, status, change_reason, challenge_ground, track_choice)
    return pd.DataFrame({k: a[k] for k in FILING_COLUMNS}, index=results.evaluated.index)
