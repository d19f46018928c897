"""Inputs of the facts that look across a person's whole history (all counties): superstrikes
apart from superstrike pairs, earlier Prop 64 convictions of the same section, and the end of every
sentence. Added to the county's evaluated convictions once per county (evaluate.py caches them);
everything is vectorised over integer person codes, with no per-row Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .prepare import Prepared

NO_END = -np.inf  # a person with no sentence end that is known


def add_history_inputs(conv: pd.DataFrame, prepared: Prepared) -> None:
    """Add to `conv` (one row per evaluated conviction, the person's aggregates joined in):

    - `n_superstrike_single`, `earliest_superstrike_single`, `unknown_superstrike_single_dates`,
      `superstrike_single_dates_known`: as for every superstrike, counting only those that are not
      pairs; `n_superstrike_pair`: the person's superstrike pairs.
    - `earlier_same_section`: the person's Prop 64 convictions dated before this one whose code
      section starts with the same first five characters (those with an unknown date not counted);
      `same_section_dates_known`: no other such conviction has an unknown date.
    - `latest_sentence_end`: the latest known sentence end of the person's convictions, in days
      since 1970-01-01 (NO_END when none is known); `sentence_lengths_known`: every sentence length
      of the person is a number.
    - `code_section_text`, `prop64_section_text`: the code section (trimmed, upper case) and the
      first Prop 64 section it names, as categoricals (the text facts).
    """
    every = prepared.convictions
    n_persons = len(prepared.persons)
    person = conv["person"].to_numpy()
    every_person = every["person"].to_numpy()
    every_date = every["date"].to_numpy()

    pair = every["superstrike_pair"].to_numpy()
    single = every["superstrike"].to_numpy() & ~pair
    conv["n_superstrike_pair"] = np.bincount(every_person[pair], minlength=n_persons)[person]
    conv["n_superstrike_single"] = np.bincount(every_person[single], minlength=n_persons)[person]
    conv["earliest_superstrike_single"] = _earliest_known(every_person[single], every_date[single], n_persons)[person]
    unknown = np.bincount(every_person[single & (every_date == 0)], minlength=n_persons)[person]
    conv["unknown_superstrike_single_dates"] = unknown
    conv["superstrike_single_dates_known"] = unknown == 0

    earlier, others_unknown = _earlier_same_section(conv, prepared)
    conv["earlier_same_section"] = earlier
    conv["same_section_dates_known"] = others_unknown == 0

    ends, lengths_unknown = _sentence_ends(prepared)
    conv["latest_sentence_end"] = ends[person]
    conv["sentence_lengths_known"] = ~lengths_unknown[person]

    table = prepared.section_table
    sections = conv["section"].to_numpy()
    for column, values in (("code_section_text", [str(t).strip().upper() for t in table["text"]]),
                           ("prop64_section_text", list(table["prop64_section"]))):
        codes, uniques = pd.factorize(np.array(values, dtype=object), use_na_sentinel=False)
        conv[column] = pd.Categorical.from_codes(codes[sections] if len(sections) else np.zeros(0, np.int64),
                                                 categories=pd.Index(uniques, dtype=object))


def _earliest_known(person: np.ndarray, date: np.ndarray, n_persons: int) -> np.ndarray:
    """Per person, the earliest known date (0 when none is known)."""
    known = date > 0
    earliest = np.full(n_persons, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, person[known], date[known])
    return np.where(earliest == np.iinfo(np.int64).max, 0, earliest)


def _earlier_same_section(conv: pd.DataFrame, prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Per evaluated conviction: how many of the person's Prop 64 convictions with the same first
    five characters of code section are dated strictly before it, and how many others of them have
    an unknown date. Counted by binary search in the sorted (group, date) keys of all of them."""
    table = prepared.section_table
    prefix_codes, _ = pd.factorize(np.array([str(t).strip().upper()[:5] for t in table["text"]], dtype=object),
                                   use_na_sentinel=False)
    n_prefixes = max(int(prefix_codes.max()) + 1, 1) if len(prefix_codes) else 1
    every = prepared.convictions
    p64 = every["is_prop64"].to_numpy()
    group_all = every["person"].to_numpy()[p64] * n_prefixes + prefix_codes[every["section"].to_numpy()[p64]]
    dates_all = every["date"].to_numpy()[p64]
    date = conv["date"].to_numpy()
    if not len(date):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    group = conv["person"].to_numpy() * n_prefixes + prefix_codes[conv["section"].to_numpy()]
    # Small integer keys: group and date replaced by their ranks (no overflow at any size).
    groups, group_rank = np.unique(group_all, return_inverse=True)
    days = np.unique(dates_all)
    width = len(days) + 1
    keys = np.sort(group_rank.ravel() * width + np.searchsorted(days, dates_all))
    base = np.searchsorted(groups, group) * width
    first_known = base + np.searchsorted(days, 1)
    known_before = np.searchsorted(keys, base + np.searchsorted(days, date)) - np.searchsorted(keys, first_known)
    unknown = np.searchsorted(keys, first_known) - np.searchsorted(keys, base)
    earlier = np.where(date > 0, known_before, 0)
    return earlier.astype(np.int64), (unknown - (date == 0)).astype(np.int64)


def days_since_epoch(dates: np.ndarray) -> np.ndarray:
    """YYYYMMDD ints -> days since 1970-01-01 (float; NaN where unknown), parsed once per distinct date."""
    days, inverse = np.unique(dates, return_inverse=True)
    known = days > 0
    parsed = pd.to_datetime(pd.Series(days[known]).astype(str), format="%Y%m%d").to_numpy("datetime64[D]")
    out = np.full(len(days), np.nan)
    out[known] = parsed.astype(np.int64)
    return out[inverse.ravel()]


def _sentence_ends(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Per person: the latest known sentence end (conviction date + all its sentence parts, days
    since 1970-01-01; NO_END when none is known) and whether some sentence length is not a number."""
    every = prepared.convictions
    n_persons = len(prepared.persons)
    person = every["person"].to_numpy()
    lengths_unknown = every["sentence_unknown"].to_numpy(dtype=bool)
    end = days_since_epoch(every["date"].to_numpy()) + every["sentence_days"].to_numpy()
    known = ~np.isnan(end) & ~lengths_unknown
    latest = np.full(n_persons, NO_END)
    np.maximum.at(latest, person[known], end[known])
    return latest, np.bincount(person[lengths_unknown], minlength=n_persons) > 0
