"""Court filing batches in the workspace: each batch of documents prepared (its convictions, their
courthouse and position), and marking a batch filed, which records on each conviction the status
(Filed with court, or Challenged for a notice of challenge), the date and the batch. Both are
audited actions; the batch tables, like the audit log, are append-only.

Functions of a `Workspace` (this package's own: they use its transaction and audit helpers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ReviewError
from .review_actions import ReviewRequest, check_reviewer, plan_review
from .vocabulary import CHALLENGED, FILED
from .workspace import ActionResult, Workspace

NOT_CHALLENGED_POSITION = "not_challenged"
CHALLENGED_POSITION = "challenged"
FILED_ENTRY = "filing batch filed"  # the audit row of marking a batch filed: "<batch>: filed on <date>"
FILED_ON = ": filed on "


@dataclass(frozen=True)
class BatchMember:
    key: str
    courthouse: str  # the courthouse's code (or name when it has no code)
    position: str  # NOT_CHALLENGED_POSITION or CHALLENGED_POSITION


@dataclass(frozen=True)
class FilingBatch:
    id: str
    at: str
    who: str
    mode: str  # bulk / per_case
    courthouses: int
    convictions: int  # not challenged: relief asked
    challenged: int
    documents: tuple[str, ...]


def next_batch_id(ws: Workspace, day: dt.date) -> str:
    """The id the next batch prepared on `day` gets: F<YYYYMMDD>-<n>."""
    prefix = f"F{day:%Y%m%d}-"
    taken = {r[0] for r in ws._conn.execute("SELECT id FROM filing_batches WHERE id LIKE ?", (prefix + "%",))}
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def record_batch(ws: Workspace, members: list[BatchMember], *, mode: str, documents: list[str], reviewer: str,
                 day: dt.date, batch_id: str | None = None) -> FilingBatch:
    """Record a prepared batch (one audited action); its id is `batch_id` (as next_batch_id gave
    it, for documents that name it) or F<YYYYMMDD>-<n> for `day`."""
    reviewer = check_reviewer(reviewer)
    if not members:
        raise ReviewError(ws.path, "a filing batch needs at least one conviction")
    challenged = sum(m.position == CHALLENGED_POSITION for m in members)
    courthouses = len({m.courthouse for m in members})
    with ws._write() as conn:
        if batch_id is None:
            batch_id = next_batch_id(ws, day)
        elif conn.execute("SELECT 1 FROM filing_batches WHERE id = ?", (batch_id,)).fetchone():
            raise ReviewError(ws.path, f"the filing batch {batch_id} was already recorded")
        action = ws._action(conn, "prepare filing", reviewer, len(members))
        evaluation = conn.execute("SELECT MAX(id) FROM evaluations").fetchone()[0]
        conn.execute("INSERT INTO filing_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (batch_id, action, evaluation, mode, courthouses, len(members) - challenged, challenged,
                      "\n".join(documents)))
        conn.executemany("INSERT INTO filing_members VALUES (?, ?, ?, ?)",
                         [(batch_id, m.key, m.courthouse, m.position) for m in members])
        conn.execute("INSERT INTO audit_log (action, key, field, old, new) VALUES (?, NULL, ?, NULL, ?)",
                     (action, "filing batch prepared",
                      f"{batch_id}: {len(members) - challenged:,} not challenged, {challenged:,} challenged, "
                      f"{courthouses:,} courthouse(s), {mode.replace('_', ' ')}"))
    return batch(ws, batch_id)


def batches(ws: Workspace) -> list[FilingBatch]:
    """Every batch prepared, oldest first."""
    rows = ws._conn.execute(
        "SELECT b.id, a.at, a.who, b.mode, b.courthouses, b.convictions, b.challenged, b.documents"
        " FROM filing_batches b JOIN actions a ON a.id = b.action ORDER BY a.id").fetchall()
    return [FilingBatch(*r[:7], tuple(d for d in r[7].split("\n") if d)) for r in rows]


def batch(ws: Workspace, batch_id: str) -> FilingBatch:
    for found in batches(ws):
        if found.id == batch_id:
            return found
    known = ", ".join(b.id for b in batches(ws)[-5:]) or "none yet"
    raise ReviewError(ws.path, f"there is no filing batch '{batch_id}' (latest: {known})")


def members(ws: Workspace, batch_id: str) -> list[BatchMember]:
    rows = ws._conn.execute("SELECT key, courthouse, position FROM filing_members WHERE batch = ?"
                            " ORDER BY courthouse, key", (batch_id,)).fetchall()
    return [BatchMember(*r) for r in rows]


def mark_filed(ws: Workspace, batch_id: str, filed_on: dt.date, reviewer: str) -> tuple[ActionResult, list[str]]:
    """Record the batch as filed on `filed_on` (one action): each not-challenged conviction gets the
    status Filed with court, each challenged one Challenged, with the date and the batch id.
    Returns the action and the keys no longer in the workspace's data (left as they are)."""
    reviewer = check_reviewer(reviewer)
    found = members(ws, batch(ws, batch_id).id)
    automatic = ws.automatic()
    gone = [m.key for m in found if m.key not in automatic]
    planned = []
    for position, status in ((NOT_CHALLENGED_POSITION, FILED), (CHALLENGED_POSITION, CHALLENGED)):
        keys = [m.key for m in found if m.position == position and m.key in automatic]
        if keys:
            request = ReviewRequest(status=status, status_date=filed_on.isoformat(), filing_batch=batch_id)
            try:
                planned += plan_review(keys, ws._reviews, automatic, request, ws.change_reasons())
            except ReviewError as e:
                raise ReviewError(ws.path, e.detail) from None
    entry = (FILED_ENTRY, f"{batch_id}{FILED_ON}{filed_on.isoformat()}")
    result = ws._commit(planned, "filed", reviewer, entries=[entry])
    if result.action:
        ws._undo.append(result.action)
    return result, gone


def filed_dates(ws: Workspace) -> dict[str, str]:
    """Each batch marked filed, with the date it was filed on (YYYY-MM-DD): the latest marking
    that was not undone. Markings made before the audit said which batch was filed are read from
    the batch and date they recorded on the convictions."""
    rows = ws._conn.execute(
        "SELECT l.action, l.field, l.new FROM audit_log l JOIN actions a ON a.id = l.action"
        " WHERE a.kind = 'filed' AND a.id NOT IN (SELECT undoes FROM actions WHERE undoes IS NOT NULL)"
        " AND l.field IN (?, 'filing_batch', 'status_date') ORDER BY l.id", (FILED_ENTRY,)).fetchall()
    by_action: dict[int, dict[str, str]] = {}
    for action, field, new in rows:
        by_action.setdefault(action, {}).setdefault(field, new)
    found: dict[str, str] = {}
    for action in sorted(by_action):
        entry = by_action[action]
        if FILED_ENTRY in entry:
            batch_id, _, day = entry[FILED_ENTRY].partition(FILED_ON)
        else:
            batch_id, day = entry.get("filing_batch") or "", entry.get("status_date") or ""
        if batch_id and day:
            found[batch_id] = day
    return found
