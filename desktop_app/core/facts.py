"""Named facts about an evaluated conviction, the vocabulary rule files use.

Each fact is a function of the evaluated-convictions frame (`conv`, one row per conviction, with
the person's aggregates joined in) and the evaluation date as an int YYYYMMDD. It returns a
pandas nullable Series: <NA> where the fact cannot be known (an unknown date). Whole years are
computed on YYYYMMDD integers: (later - earlier) // 10000 is the number of completed years, the
same as adding years to a date (a 29 February birthday counts from 1 March in common years).

Kinds: "bool", "number", "date" (an int YYYYMMDD, compared with a date written in the rule file)
and "text" (a categorical, compared with `==`, `!=`, `in` or `starts_with`).

`Fact.needs` names the inputs a fact is computed from; `Fact.missing` says, per row, which one was
missing, for the Hand Review reason. An input can be missing because it is blank or impossible
(unknown), because it contradicts another (a birth date after the conviction date: a conflict), or
because the data set does not have it at all (a clinic's sheet without a 'Deceased' column, or one
that may not list every conviction: dataset.py). A fact is unknown only where the missing input
could change it: a listed superstrike conviction is known whether or not the list is complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from .dataset import DECEASED_KNOWN, DOB_KNOWN, HISTORY_COMPLETE, REGISTRATION_KNOWN, SENTENCE_KNOWN


FactFn = Callable[[pd.DataFrame, int], pd.Series]


@dataclass(frozen=True, eq=False)
class Need:
    """An input a fact is computed from: `known` is the column of `conv` that is True where the
    input can be used; `conflict`, if set, is True where it is present but contradicts another.

    Compared by identity (one object per input, shared by the facts that need it): the engine
    compares arrays of Needs per row, and identity keeps that in C."""

    label: str
    known: str
    conflict: str = ""


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str  # "bool", "number", "date" or "text"
    fn: FactFn
    label: str  # what users read in the person view
    description: str
    needs: tuple[Need, ...] = ()
    # "upper" / "lower": where the last need is not known, the value is a bound, not exact (the
    # most recent known conviction is at most that long ago; earlier convictions are at least so many)
    bound_when_unknown: str = ""

    def missing(self, conv: pd.DataFrame) -> np.ndarray:
        """Per row, the first needed input that cannot be used (a Need), or None."""
        out = np.full(len(conv), None, dtype=object)
        for need in reversed(self.needs):
            out[~conv[need.known].to_numpy(dtype=bool)] = need
        return out


def _masked(values: np.ndarray, known: np.ndarray, dtype: str) -> pd.Series:
    return pd.Series(pd.array(np.where(known, values, 0), dtype=dtype)).mask(~known)


def _whole_years(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    return (later - earlier) // 10000


def is_felony(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """CONV_STAT_DESCR is FELONY, or it is blank and OFFENSE_TOC is F."""
    return pd.Series(pd.array(conv["felony"].to_numpy(), dtype="boolean"))


def age_at_conviction(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """Unknown also when the birth date is after the conviction date (a data error)."""
    known = conv["dob_known"].to_numpy() & conv["date_known"].to_numpy()
    return _masked(_whole_years(conv["date"].to_numpy(), conv["dob"].to_numpy()), known, "Int64")


def age_on_evaluation_date(conv: pd.DataFrame, as_of: int) -> pd.Series:
    known = conv["dob_known"].to_numpy()
    return _masked(_whole_years(np.full(len(conv), as_of), conv["dob"].to_numpy()), known, "Int64")


def years_since_conviction(conv: pd.DataFrame, as_of: int) -> pd.Series:
    known = conv["date_known"].to_numpy()
    return _masked(_whole_years(np.full(len(conv), as_of), conv["date"].to_numpy()), known, "Int64")


def years_since_most_recent_conviction(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """Whole years since the person's most recent known conviction (any section, any county).
    Where some conviction dates are unknown, or the data set may not list every conviction, this
    is an upper bound: an unknown or unlisted conviction could be later."""
    latest = conv["latest_conviction"].to_numpy()
    return _masked(_whole_years(np.full(len(conv), as_of), latest), latest > 0, "Int64")


def only_prop64_convictions(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """Unknown when every listed conviction is a Prop 64 one but the list may be incomplete."""
    only = conv["n_convictions"].to_numpy() == conv["n_prop64"].to_numpy()
    return _masked(only, ~only | _history_complete(conv), "boolean")


def deceased(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """A DECEASED step, or the data set's own mark; unknown when the data set cannot say."""
    dead = conv["deceased"].to_numpy(dtype=bool)
    return _masked(dead, dead | conv[DECEASED_KNOWN].to_numpy(dtype=bool), "boolean")


def _history_complete(conv: pd.DataFrame) -> np.ndarray:
    return conv[HISTORY_COMPLETE].to_numpy(dtype=bool)


def _flag_before(flag: str) -> FactFn:
    def fact(conv: pd.DataFrame, as_of: int) -> pd.Series:
        earliest = conv[f"earliest_{flag}"].to_numpy()
        has = conv[f"n_{flag}"].to_numpy() > 0
        date = conv["date"].to_numpy()
        before = has & (earliest > 0) & (earliest < date)
        # Unknown when it might be true but a date needed to tell is missing, or an unlisted
        # conviction could be one.
        unknown = has & ~before & ((date == 0) | (conv[f"unknown_{flag}_dates"].to_numpy() > 0))
        unknown |= ~before & ~_history_complete(conv)
        return _masked(before, ~unknown, "boolean")
    return fact


def serving_sentence(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """The conviction's sentence (all its parts) ends after the evaluation date."""
    date = pd.to_datetime(pd.Series(conv["date"].to_numpy()).where(conv["date_known"].to_numpy()).astype("Int64")
                          .astype("string"), format="%Y%m%d", errors="coerce")
    end = date + pd.to_timedelta(conv["sentence_days"].to_numpy(), unit="D")
    evaluation = pd.Timestamp(str(as_of))
    known = conv["date_known"].to_numpy() & conv[SENTENCE_KNOWN].to_numpy(dtype=bool)
    return _masked((end > evaluation).fillna(False).to_numpy(), known, "boolean")


def sentence_end(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """The day the conviction's sentence ends: conviction date + all its sentence parts, in whole
    days rounded up (so that `sentence_end > day` is `serving_sentence` on that day). Unknown when
    the conviction date is, or a sentence part is not a number of days, months or years."""
    known = conv["date_known"].to_numpy() & conv[SENTENCE_KNOWN].to_numpy(dtype=bool)
    start = pd.to_datetime(pd.Series(np.where(known, conv["date"].to_numpy(), 19700101)).astype(str),
                           format="%Y%m%d")
    days = np.ceil(np.where(known, conv["sentence_days"].to_numpy(dtype=float), 0.0))
    end = start + pd.to_timedelta(days, unit="D")
    values = (end.dt.year * 10000 + end.dt.month * 100 + end.dt.day).to_numpy(dtype=np.int64)
    return _masked(values, known, "Int64")


def conviction_date(conv: pd.DataFrame, as_of: int) -> pd.Series:
    known = conv["date_known"].to_numpy()
    return _masked(conv["date"].to_numpy(), known, "Int64")


def code_section(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """The code section as written, trimmed, in upper case ('11357(a) hs' -> '11357(A) HS')."""
    return pd.Series(conv["code_section_text"].array)


def prop64_section(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """The first Prop 64 section the code section names ('664/11359 HS' -> '11359')."""
    return pd.Series(conv["prop64_section_text"].array)


def superstrike_or_pair_before_conviction(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """A superstrike that is not a pair dated before this conviction, or only superstrike pairs:
    a pair has no date of its own, so a person whose only superstrikes are pairs counts as having
    one before every conviction."""
    only_pairs = (conv["n_superstrike_pair"].to_numpy() > 0) & (conv["n_superstrike_single"].to_numpy() == 0)
    return _flag_before("superstrike_single")(conv, as_of) | pd.array(only_pairs, dtype="boolean")


def pc290_or_registration_before_conviction(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """A PC 290 offence conviction dated before this conviction; a PC 290 registration row counts as
    before when the person has no PC 290 offence conviction with a known date (a registration's date
    says when the person registered, not when the offence was)."""
    dated = conv["n_pc290"].to_numpy() - conv["unknown_pc290_dates"].to_numpy()
    registration = conv["pc290_registration"].to_numpy(dtype=bool) & (dated == 0)
    result = _flag_before("pc290")(conv, as_of) | pd.array(registration, dtype="boolean")
    # A data set without registration rows cannot say there is none.
    result[~conv[REGISTRATION_KNOWN].to_numpy(dtype=bool) & ~result.fillna(False).to_numpy(dtype=bool)] = pd.NA
    return result


def earlier_prop64_convictions_same_section(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """Prop 64 convictions of the person (any county) dated before this one whose code section
    starts with the same five characters as this one's, as written ('11359(B)' matches '11359';
    '664/11359' does not). Where some of them have an unknown date, or the data set may not list
    every conviction, this is a lower bound."""
    return _masked(conv["earlier_same_section"].to_numpy(), conv["date_known"].to_numpy(), "Int64")


def some_sentence_running(conv: pd.DataFrame, as_of: int) -> pd.Series:
    """Some conviction of the person (any county) has a sentence that ends after the evaluation
    date; sentence end = conviction date + all its sentence parts. Unknown when none is known to be
    running and some conviction date or sentence length is unknown."""
    today = (dt.date(as_of // 10000, as_of // 100 % 100, as_of % 100) - dt.date(1970, 1, 1)).days
    running = conv["latest_sentence_end"].to_numpy() > today
    complete = (conv["all_dates_known"].to_numpy(dtype=bool) & conv["sentence_lengths_known"].to_numpy(dtype=bool)
                & conv[SENTENCE_KNOWN].to_numpy(dtype=bool) & _history_complete(conv))
    return _masked(running, running | complete, "boolean")


def has_superstrike(conv: pd.DataFrame, as_of: int) -> pd.Series:
    has = conv["n_superstrike"].to_numpy() > 0
    return _masked(has, has | _history_complete(conv), "boolean")


def has_pc290(conv: pd.DataFrame, as_of: int) -> pd.Series:
    has = (conv["n_pc290"].to_numpy() > 0) | conv["pc290_registration"].to_numpy(dtype=bool)
    known = has | (_history_complete(conv) & conv[REGISTRATION_KNOWN].to_numpy(dtype=bool))
    return _masked(has, known, "boolean")


DOB = Need("date of birth", DOB_KNOWN, conflict="dob_after_conviction")
CONVICTION_DATE = Need("conviction date", "date_known")
PERSON_DATES = Need("conviction dates of the person", "all_dates_known")
HISTORY = Need("the person's other convictions", HISTORY_COMPLETE)
REGISTRATIONS = Need("PC 290 registrations", REGISTRATION_KNOWN)
SENTENCE = Need("sentence length", SENTENCE_KNOWN)

FACTS: dict[str, Fact] = {f.name: f for f in (
    Fact("is_felony", "bool", is_felony, "Felony", "The conviction is a felony."),
    Fact("age_at_conviction", "number", age_at_conviction, "Age at conviction",
         "Completed years of age on the conviction date.", (DOB, CONVICTION_DATE)),
    Fact("age_on_evaluation_date", "number", age_on_evaluation_date, "Age on the evaluation date",
         "Completed years of age on the evaluation date.", (DOB,)),
    Fact("years_since_conviction", "number", years_since_conviction, "Years since this conviction",
         "Completed years from the conviction date to the evaluation date.", (CONVICTION_DATE,)),
    Fact("years_since_most_recent_conviction", "number", years_since_most_recent_conviction,
         "Years since the most recent conviction", "Completed years since the person's most recent conviction.",
         (HISTORY, PERSON_DATES), bound_when_unknown="upper"),
    Fact("only_prop64_convictions", "bool", only_prop64_convictions, "Only Prop 64 convictions",
         "Every conviction the person has is a Prop 64 conviction.", (HISTORY,)),
    Fact("deceased", "bool", deceased, "Deceased", "The person's record has a DECEASED step.",
         (Need("whether the person is deceased", DECEASED_KNOWN),)),
    Fact("superstrike_before_conviction", "bool", _flag_before("superstrike"), "Superstrike before this conviction",
         "A superstrike conviction dated before this conviction.",
         (CONVICTION_DATE, Need("date of a superstrike conviction", "superstrike_dates_known"), HISTORY)),
    Fact("pc290_before_conviction", "bool", _flag_before("pc290"), "PC 290 offence before this conviction",
         "A PC 290 registrable conviction dated before this conviction.",
         (CONVICTION_DATE, Need("date of a PC 290 conviction", "pc290_dates_known"), HISTORY)),
    Fact("serving_sentence", "bool", serving_sentence, "Still serving the sentence",
         "The sentence of this conviction ends after the evaluation date.",
         (CONVICTION_DATE, SENTENCE)),
    Fact("sentence_end", "date", sentence_end, "Sentence ends",
         "Conviction date plus all parts of the conviction's sentence.",
         (CONVICTION_DATE, SENTENCE)),
    Fact("conviction_date", "date", conviction_date, "Conviction date",
         "The conviction date (STP_EVENT_DATE).", (CONVICTION_DATE,)),
    Fact("code_section", "text", code_section, "Code section",
         "The code section as written, trimmed, in upper case."),
    Fact("prop64_section", "text", prop64_section, "Prop 64 section",
         "The first Prop 64 section the code section names."),
    Fact("superstrike_or_pair_before_conviction", "bool", superstrike_or_pair_before_conviction,
         "Superstrike before this conviction (pairs undated)",
         "A superstrike dated before this conviction; a person whose only superstrikes are pairs "
         "(an offence with PC 186.22(b)(4)) counts as having one before every conviction.",
         (CONVICTION_DATE, Need("date of a superstrike conviction", "superstrike_single_dates_known"), HISTORY)),
    Fact("pc290_or_registration_before_conviction", "bool", pc290_or_registration_before_conviction,
         "PC 290 offence or registration before this conviction",
         "A PC 290 offence conviction dated before this conviction, or a PC 290 registration when no "
         "PC 290 offence conviction has a known date.",
         (CONVICTION_DATE, Need("date of a PC 290 conviction", "pc290_dates_known"), HISTORY, REGISTRATIONS)),
    Fact("earlier_prop64_convictions_same_section", "number", earlier_prop64_convictions_same_section,
         "Earlier Prop 64 convictions, same section",
         "Prop 64 convictions dated before this one whose code section starts with the same five characters.",
         (CONVICTION_DATE, Need("dates of convictions of the same section", "same_section_dates_known"), HISTORY),
         bound_when_unknown="lower"),
    Fact("some_sentence_running", "bool", some_sentence_running, "Some sentence still running",
         "Some conviction of the person has a sentence ending after the evaluation date.",
         (PERSON_DATES, Need("sentence lengths of the person", "sentence_lengths_known"),
          Need("sentence lengths", SENTENCE_KNOWN), HISTORY)),
    Fact("has_superstrike", "bool", has_superstrike, "Has a superstrike conviction",
         "The person has a superstrike conviction.", (HISTORY,)),
    Fact("has_pc290", "bool", has_pc290, "Has a PC 290 offence or registration",
         "The person has a PC 290 offence or registration.", (HISTORY, REGISTRATIONS)),
)}
