"""What a review action changes, decided before anything is written: every key and value is
checked first, so an action applies to all the convictions it names or to none.

A review record is a plain dict of REVIEW_FIELDS. An action is a `ReviewRequest` (any of:
determination, status, note) applied to many keys; `plan_review` returns, per key whose record
changes, the new record and the changes (field, old, new) the audit log keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .errors import ReviewError
from .vocabulary import (ACCEPT, CHALLENGED, COURT_OUTCOMES, DETERMINATIONS, FILE_FOR_RELIEF, FILED, NEEDS_DATE,
                         NOT_REVIEWED, REVIEWED, STATUSES, WITH_COURT, determination_of, status_code)

Record = dict[str, Any]
Change = tuple[str, Any, Any]  # field, old, new

# The choices a court filing needs (core/filings/): the track when the sentence end is unknown,
# the ground of a challenge, and the courthouse when the record does not name one.
FILING_FIELDS = ("track", "challenge_ground", "court_code", "court_name")
REVIEW_FIELDS = ("determination", "change_reason", "note", "status", "status_date", "filing_batch", "reviewer",
                 "updated_at", "auto_determination", "auto_reason", "rereview", *FILING_FIELDS)
AUDITED_FIELDS = ("determination", "change_reason", "status", "status_date", "filing_batch", "note",
                  "auto_determination", "auto_reason", "rereview", *FILING_FIELDS)
TRACKS = ("serving", "completed")  # still serving the sentence / sentence completed (H&S 11361.8)
MAX_NOTE = 10_000  # characters
SHOWN_KEYS = 3  # keys named in a message


def empty_record() -> Record:
    return {"determination": None, "change_reason": None, "note": "", "status": NOT_REVIEWED, "status_date": None,
            "filing_batch": None, "reviewer": None, "updated_at": None, "auto_determination": None,
            "auto_reason": None, "rereview": None, "track": None, "challenge_ground": None, "court_code": None,
            "court_name": None}


@dataclass(frozen=True)
class ReviewRequest:
    """What one action sets; None = leave as it is. `determination` is ACCEPT (the automatic one),
    a determination's name or outcome code; `status` a status code or label."""

    determination: str | None = None
    reason: str | None = None
    status: str | None = None
    status_date: str | None = None  # YYYY-MM-DD
    filing_batch: str | None = None
    note: str | None = None
    # For court filings; "" clears the choice.
    track: str | None = None  # one of TRACKS
    challenge_ground: str | None = None
    court_code: str | None = None  # with court_name: the courthouse assigned
    court_name: str | None = None

    def is_empty(self) -> bool:
        return self.determination is None and self.status is None and self.note is None and not self.filing_choice()

    def filing_choice(self) -> dict[str, str | None]:
        """The filing fields this request sets ("" cleared -> None)."""
        return {f: (getattr(self, f).strip() or None) for f in FILING_FIELDS if getattr(self, f) is not None}


@dataclass(frozen=True)
class Planned:
    key: str
    record: Record
    changes: list[Change]


def _keys_text(keys: list[str]) -> str:
    shown = ", ".join(keys[:SHOWN_KEYS])
    return shown + (f" and {len(keys) - SHOWN_KEYS:,} more" if len(keys) > SHOWN_KEYS else "")


def unique_keys(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(k.strip() for k in keys if k and k.strip()))


def check_reviewer(reviewer: str) -> str:
    name = " ".join(str(reviewer or "").split())
    if not name:
        raise ReviewError(None, "the reviewer's name is required for every review action")
    if len(name) > 100:
        raise ReviewError(None, "the reviewer's name is longer than 100 characters")
    return name


def _check_date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ReviewError(None, f"'{text}' is not a date in the form YYYY-MM-DD") from None


def match_reason(text: str, reasons: list[str]) -> str:
    wanted = " ".join(text.split()).lower()
    for label in reasons:
        if label.lower() == wanted:
            return label
    raise ReviewError(None, f"'{text}' is not one of the reasons for a change: " + "; ".join(reasons))


def plan_review(keys: list[str], current: Mapping[str, Record], automatic: Mapping[str, tuple[str, str]],
                request: ReviewRequest, reasons: list[str]) -> list[Planned]:
    """The new record and the changes for each key the action changes (keys whose record stays
    the same are left out). Raises ReviewError, naming the keys concerned, before anything is
    changed: unknown keys, unknown values, a change without a reason, a status out of order."""
    fail = _Failures()
    keys = unique_keys(keys)
    if not keys:
        raise ReviewError(None, "no conviction key given")
    if request.is_empty():
        raise ReviewError(None, "nothing to do: give a determination, a status, a note or a filing choice")
    unknown = [k for k in keys if k not in automatic]
    if unknown:
        raise ReviewError(None, f"{len(unknown):,} of the {len(keys):,} keys are not convictions of this "
                                         f"workspace's data set: {_keys_text(unknown)}")
    determination = None
    if request.determination is not None:
        determination = determination_of(request.determination)
        if not determination:
            raise ReviewError(None, f"'{request.determination}' is not a determination; use accept or one of: "
                                             + ", ".join(DETERMINATIONS))
    reason = match_reason(request.reason, reasons) if request.reason else None
    status = None
    if request.status is not None:
        status = status_code(request.status)
        if not status:
            raise ReviewError(None, f"'{request.status}' is not a status; use one of: "
                                             + ", ".join(STATUSES.values()))
        if status == NOT_REVIEWED:
            raise ReviewError(None, "a review cannot be set back to Not reviewed; undo the action instead")
        if status in NEEDS_DATE and not request.status_date:
            raise ReviewError(None, f"the status {STATUSES[status]} needs its date (YYYY-MM-DD)")
    elif request.status_date is not None or request.filing_batch is not None:
        raise ReviewError(None, "a date or a filing batch goes with a status")
    if request.filing_batch is not None and status not in NEEDS_DATE:
        raise ReviewError(None, f"a filing batch goes with the status {STATUSES[FILED]} or {STATUSES[CHALLENGED]}")
    choice = request.filing_choice()
    if choice.get("track") is not None and choice["track"] not in TRACKS:
        raise ReviewError(None, f"'{request.track}' is not a track; use one of: {', '.join(TRACKS)}")
    if "court_name" in choice and "court_code" not in choice:
        raise ReviewError(None, "a courthouse's name goes with its code")
    if "court_code" in choice:  # a courthouse is assigned (or cleared) whole
        choice["court_name"] = choice.get("court_name") if choice["court_code"] else None
    for field_name, value in choice.items():
        if value is not None and len(value) > MAX_NOTE:
            raise ReviewError(None, f"the {field_name.replace('_', ' ')} is longer than {MAX_NOTE:,} characters")
    status_date = _check_date(request.status_date) if request.status_date else None
    note = request.note.rstrip() if request.note is not None else None
    if note is not None and len(note) > MAX_NOTE:
        raise ReviewError(None, f"the note is longer than {MAX_NOTE:,} characters")

    planned = []
    for key in keys:
        old = current.get(key) or empty_record()
        new = dict(old)
        auto_det, auto_reason = automatic[key]
        if determination is not None:
            final = auto_det if determination == ACCEPT else determination
            if final != auto_det and reason is None:
                fail.add("a changed determination needs a reason from the workspace's list", key)
            new.update(determination=final, change_reason=reason if final != auto_det else None,
                       auto_determination=auto_det, auto_reason=auto_reason, rereview=None)
            if new["status"] == NOT_REVIEWED and status is None:
                new["status"] = REVIEWED
        if status is not None:
            if new["determination"] is None:
                fail.add(f"not decided yet: accept or change the determination before {STATUSES[status]}", key)
            elif status == FILED and new["determination"] not in FILE_FOR_RELIEF:
                fail.add(f"only a conviction decided {' or '.join(FILE_FOR_RELIEF)} can be filed for relief", key)
            if status in COURT_OUTCOMES and old["status"] not in WITH_COURT:
                fail.add(f"{STATUSES[status]} comes after filing or a challenge", key)
            if status != old["status"] or status_date is not None:
                new["status_date"] = status_date
            new["status"] = status
            if request.filing_batch is not None:
                new["filing_batch"] = request.filing_batch.strip() or None
        if note is not None:
            new["note"] = note
        new.update(choice)
        changes = [(f, old[f], new[f]) for f in AUDITED_FIELDS if old[f] != new[f]]
        if changes:
            planned.append(Planned(key, new, changes))
    fail.raise_if_any(len(keys))
    return planned


class _Failures:
    """Problems by kind, each with the keys it concerns: one message for all of them."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[str]] = {}

    def add(self, kind: str, key: str) -> None:
        self.by_kind.setdefault(kind, []).append(key)

    def raise_if_any(self, n: int) -> None:
        if self.by_kind:
            parts = [f"{kind} ({len(keys):,} of {n:,}: {_keys_text(keys)})" for kind, keys in self.by_kind.items()]
            raise ReviewError(None, "nothing was changed: " + "; ".join(parts))


def plan_undo(changes: list[tuple[str, str, Any, Any]], current: Mapping[str, Record]) -> list[Planned]:
    """The records as they were before an action, from its audit rows (key, field, old, new)."""
    restored: dict[str, Record] = {}
    for key, field, old, _new in reversed(changes):
        if key is None or field not in AUDITED_FIELDS:
            continue
        record = restored.setdefault(key, dict(current.get(key) or empty_record()))
        record[field] = old
    planned = []
    for key, record in restored.items():
        before = current.get(key) or empty_record()
        diff = [(f, before[f], record[f]) for f in AUDITED_FIELDS if before[f] != record[f]]
        if diff:
            planned.append(Planned(key, record, diff))
    return planned
