"""The workspace's reviews and audit log as tables for people: the workbook's "Reviews" and
"Audit log" sheets, and the CSV `record-clearance workspace log` prints."""

from __future__ import annotations

import csv
from typing import TextIO

import pandas as pd

from .carry_over import has_content
from .review_actions import REVIEW_FIELDS
from .vocabulary import STATUSES

Sheet = tuple[str, list[str], list[list[str]]]  # name, header, rows (text)

FIELD_LABELS = {
    "determination": "Final determination", "change_reason": "Change reason", "status": "Review status",
    "status_date": "Status date", "filing_batch": "Filing batch", "note": "Note",
    "auto_determination": "Automatic determination at review", "auto_reason": "Automatic reason at review",
    "rereview": "Needs re-review", "key": "Conviction key", "track": "Track chosen",
    "challenge_ground": "Challenge ground", "court_code": "Courthouse assigned", "court_name": "Courthouse name",
}
KIND_LABELS = {"create": "Workspace created", "refresh": "New data set", "review": "Review", "accept": "Accept",
               "determination": "Change determination", "status": "Status", "note": "Note", "undo": "Undo",
               "reasons": "Reasons for a change", "prepare filing": "Court filing prepared",
               "filed": "Marked filed with the court"}
LOG_HEADER = ["Entry", "Time", "Who", "Action", "Undoes action", "Action number", "Conviction key", "What",
              "Old value", "New value"]
REVIEWS_HEADER = ["Conviction key", "In this data set", "Automatic determination", "Final determination",
                  "Overridden", "Change reason", "Review status", "Status date", "Filing batch", "Reviewer",
                  "Reviewed at", "Needs re-review", "Why re-review", "Review note", "Track chosen", "Challenge ground",
                  "Courthouse assigned"]


def _value(field: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    if field == "status":
        return STATUSES.get(str(value), str(value))
    return str(value)


def log_rows(log: pd.DataFrame) -> list[list[str]]:
    """The audit log (Workspace.audit_log()) as text rows under LOG_HEADER."""
    rows = []
    for r in log.itertuples(index=False):  # one row per change: thousands, not millions
        rows.append([str(r.entry), r.at, r.who, KIND_LABELS.get(r.kind, r.kind),
                     "" if pd.isna(r.undoes) else str(int(r.undoes)), str(r.action), _value("key", r.key),
                     FIELD_LABELS.get(r.field, r.field), _value(r.field, r.old), _value(r.field, r.new)])
    return rows


def write_log_csv(log: pd.DataFrame, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOG_HEADER)
    writer.writerows(log_rows(log))


def review_rows(reviews: pd.DataFrame, evaluated: pd.DataFrame, applied: pd.DataFrame) -> list[list[str]]:
    """Every review record with content, those no longer in the data set included (in key order).
    `applied` is apply_reviews(evaluated, reviews)."""
    position = pd.Series(range(len(evaluated)), index=evaluated["conviction_key"].to_numpy())
    rows = []
    for key, record in zip(reviews.index, reviews[list(REVIEW_FIELDS)].itertuples(index=False)):
        record = dict(zip(REVIEW_FIELDS, record))
        if not has_content(record):
            continue
        at = position.get(key)
        if at is None:
            rows.append([key, "No", "", _value("determination", record["determination"]), "",
                         _value("change_reason", record["change_reason"]), _value("status", record["status"]),
                         _value("", record["status_date"]), _value("", record["filing_batch"]),
                         _value("", record["reviewer"]), _value("", record["updated_at"]), "",
                         "no longer in the data set", _value("note", record["note"]), *_filing(record)])
            continue
        a = applied.iloc[int(at)]
        rows.append([key, "Yes", str(evaluated["determination"].iloc[int(at)]), str(a["final_determination"]),
                     "Yes" if a["overridden"] else "No", a["change_reason"], str(a["review_status"]), a["status_date"],
                     a["filing_batch"], a["reviewer"], a["reviewed_at"], "Yes" if a["needs_rereview"] else "No",
                     a["rereview_why"], a["review_note"], *_filing(record)])
    return sorted(rows, key=lambda r: r[0])


def _filing(record: dict) -> list[str]:
    court = " ".join(_value("", record.get(f)) for f in ("court_code", "court_name")).strip()
    return [_value("", record.get("track")), _value("", record.get("challenge_ground")), court]


def review_sheets(reviews: pd.DataFrame, evaluated: pd.DataFrame, applied: pd.DataFrame,
                  log: pd.DataFrame) -> list[Sheet]:
    return [("Reviews", REVIEWS_HEADER, review_rows(reviews, evaluated, applied)),
            ("Audit log", LOG_HEADER, log_rows(log))]

