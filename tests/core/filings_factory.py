"""A small county for the court-filing tests: convictions in two courthouses and one whose court
the record does not name; a completed and a still-running sentence, and one whose length is not a
number; two counts of one court case; a challenge by determination and one by ground; a Hand
Review; one nobody reviews. Evaluated on factory.AS_OF (2020-07-01) with the county common policy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factory import conviction, write_csv
from ws_factory import POLICY, evaluate_file

from desktop_app.core.filings.context import Signer
from desktop_app.core.filings.generate import FilingRequest
from desktop_app.core.workspace import ReviewRequest, Workspace

MAIN, NORTH = "CA34021J", "CA34022J"
COURTS = {MAIN: "CASC SACRAMENTO", NORTH: "CASC SACRAMENTO NORTH"}


def _at(court: str | None, ofn: str, **fields: str) -> dict[str, str]:
    where = {"STP_ORI_CODE": court, "STP_ORI_DESCR": COURTS[court]} if court else {}
    return {**where, "OFN": ofn, **fields}


def rows() -> list[list[str]]:
    return [
        # completed 30-day sentence: dismiss and seal at MAIN
        conviction("2001", "11357 HS-POSSESS", "20100101", level="MISDEMEANOR", CNT_ORDER="001001001000",
                   **_at(MAIN, "10M001", SENT_LENGTH="030", SENT_TIME_CODE="D")),
        # 3 years from 2019-06-01: still serving on 2020-07-01; reduce -> recall and resentence at NORTH
        conviction("2002", "459 PC-BURGLARY", "20000101", CNT_ORDER="001001001000", **_at(NORTH, "00F002")),
        conviction("2002", "11359 HS-POSSESS FOR SALE", "20190601", CNT_ORDER="002001001000",
                   **_at(NORTH, "19F002", SENT_LENGTH="003", SENT_TIME_CODE="Y")),
        # two counts of one court case (11357 twice, 11358 once) at MAIN
        conviction("2003", "11357 HS-POSSESS", "20120301", level="MISDEMEANOR", CNT_ORDER="001001001000",
                   **_at(MAIN, "12F003")),
        conviction("2003", "11357 HS-POSSESS", "20120301", level="MISDEMEANOR", CNT_ORDER="001001002000",
                   **_at(MAIN, "12F003")),
        conviction("2003", "11358 HS-CULTIVATE", "20120301", CNT_ORDER="001001003000", **_at(MAIN, "12F003")),
        # a sentence length that is not a number: the reviewer chooses the track
        conviction("2004", "11360 HS-TRANSPORT", "20150101", CNT_ORDER="001001001000",
                   **_at(NORTH, "15F004", SENT_LENGTH="LIFE", SENT_TIME_CODE="Y")),
        # no court named on the court row
        conviction("2005", "11359 HS-POSSESS FOR SALE", "20110101", CNT_ORDER="001001001000", **_at(None, "11F005")),
        # will be changed to Not eligible: challenged
        conviction("2006", "11357 HS-POSSESS", "20130101", level="MISDEMEANOR", CNT_ORDER="001001001000",
                   **_at(MAIN, "13M006")),
        # dismissal, but the office challenges it on public safety
        conviction("2007", "11358 HS-CULTIVATE", "20140101", CNT_ORDER="001001001000", **_at(NORTH, "14F007")),
        # dated after the evaluation date: Hand Review
        conviction("2008", "11357 HS-POSSESS", "20210101", level="MISDEMEANOR", CNT_ORDER="001001001000",
                   **_at(MAIN, "21M008")),
        # nobody reviews it
        conviction("2009", "11357 HS-POSSESS", "20090101", level="MISDEMEANOR", CNT_ORDER="001001001000",
                   **_at(MAIN, "09M009")),
    ]


def key_of(results, subject: str, section: str = "") -> str:  # type: ignore[no-untyped-def]
    ev = results.evaluated
    mine = ev[(ev["subject_id"] == subject) & ev["code_section"].astype(str).str.contains(section)]
    assert len(mine) >= 1, (subject, section)
    return str(mine["conviction_key"].iloc[0])


def reviewed_workspace(folder: Path) -> tuple[Workspace, object]:
    results = evaluate_file(write_csv(folder / "doj.csv", rows()))
    ws = Workspace.create(folder / "w.rcw", results, policy_text=POLICY.read_text(encoding="utf-8"),
                          policy_file=POLICY.name, reviewer="Ana Reviewer")
    keys = [k for k in results.evaluated["conviction_key"] if not k.startswith("A2009")]
    ws.accept(keys, "Ana Reviewer")
    ws.set_determination([key_of(results, "2006")], "Not eligible", "Not eligible: superstrike found in court file",
                         "Ana Reviewer")
    ws.review([key_of(results, "2007")], "Ana Reviewer",
              ReviewRequest(challenge_ground="Unreasonable risk to public safety (PC 1170.18)",
                            note="Pending case in 2019"))
    return ws, results


SIGNER = Signer(name="Ana Ruiz", title="Deputy District Attorney", bar_number="123456",
                office="Sacramento County District Attorney", address="901 G Street\nSacramento, CA 95814",
                phone="(916) 555-0100")
FILING_DATE = dt.date(2026, 3, 16)


def request(folder: Path, **changes: object) -> FilingRequest:
    fields: dict[str, object] = {"filing_date": FILING_DATE, "signer": SIGNER, "prepared_by": "Ana Reviewer"}
    return FilingRequest(folder=folder, **{**fields, **changes})  # type: ignore[arg-type]
