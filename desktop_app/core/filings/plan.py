"""What a filing run files: the reviewed convictions the user selected (default: reviewed, not
yet with the court), each with its courthouse, remedy, track and position, grouped by courthouse;
and, listed apart, those that cannot be filed yet and why (courthouse unknown, track unknown, not
decided). Built from a workspace's reviews and its evaluation (`plan_filing`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..bundle_columns import date_text
from ..results import Results
from ..schema import DETERMINATIONS
from ..workspace.apply import STATUS_CODES, ReviewedConvictions
from ..workspace.vocabulary import NOT_REVIEWED, WITH_COURT
from .courts import courthouses, other_hs_sections, other_names
from .remedy import filing_arrays
from .vocabulary import (CHALLENGED, NOT_CHALLENGED, NOT_DECIDED, ROUTED, TRACK_CITATIONS, UNKNOWN_COURT,
                         UNKNOWN_TRACK)


@dataclass(frozen=True)
class Courthouse:
    key: str  # STP_ORI_CODE, or the name when the record gives no code
    code: str
    name: str
    county: str  # the county of its court rows (trimmed, upper case)
    relief: int = 0  # convictions of the plan not challenged
    challenged: int = 0

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code and self.name else self.name or self.code


@dataclass(frozen=True)
class Selection:
    """Which convictions to file. Default: every reviewed conviction not yet with the court."""

    courthouses: tuple[str, ...] | None = None  # Courthouse.key; None: every courthouse
    keys: tuple[str, ...] | None = None  # only these convictions (e.g. those selected in the table)
    include_filed: bool = False  # also those already filed or challenged (to file them again)


@dataclass
class FilingPlan:
    county: str
    as_of: dt.date  # the evaluation date: the track is judged on it
    selected: pd.DataFrame  # the convictions to file, by courthouse (see `plan_filing` for columns)
    attention: pd.DataFrame  # reviewed, not filed, cannot be filed yet: same columns + "why"
    courthouses: list[Courthouse] = field(default_factory=list)  # of the selection, with counts
    available: list[Courthouse] = field(default_factory=list)  # every courthouse a candidate has
    not_reviewed: int = 0  # convictions no one has reviewed (never filed)
    already_filed: int = 0  # skipped: with the court already (unless include_filed)

    def of(self, court: str) -> pd.DataFrame:
        return self.selected[self.selected["court_key"] == court]

    def relief(self, court: str) -> pd.DataFrame:
        rows = self.of(court)
        return rows[rows["position_code"] == NOT_CHALLENGED]

    def challenged(self, court: str) -> pd.DataFrame:
        rows = self.of(court)
        return rows[rows["position_code"] == CHALLENGED]

    def unknown_court(self) -> pd.DataFrame:
        return self.attention[self.attention["why"] == UNKNOWN_COURT]


def conviction_frame(results: Results, reviews: pd.DataFrame) -> pd.DataFrame:
    """Every evaluated conviction with what a filing says about it (text ready for documents)."""
    ev = results.evaluated
    reviewed = ReviewedConvictions(ev, reviews)
    a = reviewed.arrays
    status = STATUS_CODES[a["review_status"]]
    filing = filing_arrays(results, a["final_determination"], status, a["change_reason"], a["ground_choice"],
                           a["track_choice"])
    courts = courthouses(results)
    code = courts["court_code"].to_numpy(dtype=object)
    name = courts["court_name"].to_numpy(dtype=object)
    county = courts["court_county"].to_numpy(dtype=object)
    known = {(c or n): (c, n, k) for c, n, k in zip(code, name, county) if c or n}
    assigned = np.asarray(a["court_code"], dtype=object) != ""
    for i in np.flatnonzero(assigned):  # the user's assignment wins; few rows
        key = a["court_code"][i]
        code[i], name[i], county[i] = known.get(key, (key, a["court_name"][i] or key, county[i]))
    frame = pd.DataFrame({
        "key": ev["conviction_key"].to_numpy(dtype=object),
        "person": ev["person"].to_numpy(),
        "subject_id": ev["subject_id"].astype(str).str.strip().to_numpy(dtype=object),
        "name": ev["name"].astype(str).str.strip().to_numpy(dtype=object),
        "other_names": other_names(results),
        "dob": date_text(ev["dob"].to_numpy()),
        "cii": ev["cii"].astype(str).str.strip().to_numpy(dtype=object),
        "case_number": ev["case_number"].astype(str).to_numpy(dtype=object),
        "conviction_date": date_text(ev["conviction_date"].to_numpy()),
        "conviction_day": ev["conviction_date"].to_numpy(),
        "code_section": ev["code_section"].astype(str).to_numpy(dtype=object),
        "section": ev["section"].astype(str).to_numpy(dtype=object),
        "level": ev["level"].astype(str).to_numpy(dtype=object),
        "county": ev["county"].astype(str).to_numpy(dtype=object),
        "other_hs_sections": other_hs_sections(results),
        "court_code": code, "court_name": name, "court_county": county,
        "court_key": np.where(code != "", code, name).astype(object),
        "court_assigned": assigned,
        "determination": ev["determination"].astype(str).to_numpy(dtype=object),
        "final_determination": np.asarray(a["final_determination"], dtype=object),
        "status": status,
        "filing_batch": np.asarray(a["filing_batch"], dtype=object),
        "review_note": np.asarray(a["review_note"], dtype=object),
        "sentence_end": date_text(filing["sentence_end"]),
        "track_citation": np.array([TRACK_CITATIONS[t] for t in filing["track_code"]], dtype=object),
        **{k: filing[k] for k in ("remedy", "remedy_code", "track", "track_code", "track_chosen", "position",
                                  "position_code", "challenge_ground")},
    }, index=ev.index)
    return frame


def _why(frame: pd.DataFrame) -> np.ndarray:
    why = np.full(len(frame), "", dtype=object)
    position = frame["position_code"].to_numpy()
    undecided = position == ""
    routed = ~np.isin(frame["final_determination"].to_numpy(), DETERMINATIONS)
    why[undecided] = np.where(routed[undecided], ROUTED, NOT_DECIDED)
    why[(why == "") & (frame["court_key"].to_numpy() == "")] = UNKNOWN_COURT
    why[(why == "") & (position == NOT_CHALLENGED) & (frame["track_code"].to_numpy() == "")] = UNKNOWN_TRACK
    return why


ORDER = ["court_key", "case_number", "name", "conviction_day", "key"]


def plan_filing(results: Results, reviews: pd.DataFrame, selection: Selection | None = None) -> FilingPlan:
    """The plan for `results` (the workspace's evaluation) and `reviews` (Workspace.reviews()).
    `selected` and `attention` have the columns of `conviction_frame` (and `why`), sorted by
    courthouse, case number, name and conviction date."""
    selection = selection or Selection()
    frame = conviction_frame(results, reviews)
    status = frame["status"].to_numpy()
    reviewed = status != NOT_REVIEWED
    with_court = np.isin(status, WITH_COURT)
    candidates = reviewed & (~with_court | selection.include_filed)
    if selection.keys is not None:
        candidates &= frame["key"].isin(selection.keys).to_numpy()
    why = _why(frame)
    ready = frame[candidates & (why == "")]
    available = _courthouses(ready)
    if selection.courthouses is not None:
        ready = ready[ready["court_key"].isin(selection.courthouses)]
    attention = frame[candidates & (why != "")].assign(why=why[candidates & (why != "")])
    if selection.courthouses is not None:  # those of the courthouses chosen, and those with none
        attention = attention[attention["court_key"].isin(selection.courthouses) | (attention["court_key"] == "")]
    return FilingPlan(county=results.county, as_of=results.as_of,
                      selected=ready.sort_values(ORDER, kind="stable").reset_index(drop=True),
                      attention=attention.sort_values(ORDER, kind="stable").reset_index(drop=True),
                      courthouses=_courthouses(ready), available=available,
                      not_reviewed=int((~reviewed).sum()),
                      already_filed=int((reviewed & with_court & ~selection.include_filed).sum()))


def _courthouses(rows: pd.DataFrame) -> list[Courthouse]:
    out = []
    for key, group in rows.groupby("court_key", sort=True):
        position = group["position_code"].to_numpy()
        first = group.iloc[0]
        out.append(Courthouse(str(key), first["court_code"], first["court_name"], first["court_county"],
                              relief=int((position == NOT_CHALLENGED).sum()),
                              challenged=int((position == CHALLENGED).sum())))
    return out


def cases(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The court cases of a courthouse's rows, in order: one per person and court case number
    (a conviction without a case number is a case of its own)."""
    case = np.where(rows["case_number"].to_numpy() != "", rows["case_number"].to_numpy(), "\x00" + rows["key"])
    keys = pd.Series([f"{p}\x1f{c}" for p, c in zip(rows["person"].to_numpy(), case)], index=rows.index)
    return [rows.loc[index] for index in keys.groupby(keys, sort=False).groups.values()]
