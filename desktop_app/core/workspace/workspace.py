"""The review workspace: one file the user names and keeps, holding the data set's description,
one review record per conviction anyone touched, and the append-only audit log.

Every action is one transaction, committed before the method returns: a killed process or a
power cut loses at most the action in progress. The audit log (tables `actions` and
`audit_log`) is only ever appended to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from ... import __version__
from ..results import Results
from ..ruleset import Policy, policy_from_bytes
from .carry_over import CarryOver, plan_carry_over
from .data_set import EVALUATION_COLUMNS, Evaluation, InputFile, describe_evaluation, describe_files, read_evaluation
from .errors import ReadOnlyWorkspace, ReviewError, WorkspaceError, WorkspaceInUse
from .review_actions import (AUDITED_FIELDS, REVIEW_FIELDS, Planned, Record, ReviewRequest, check_reviewer,
                             empty_record, plan_review, plan_undo, unique_keys)
from .store import create_database, open_database

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
@dataclass(frozen=True)
class ActionResult:
    action: int  # id in the audit log; 0 when nothing changed (nothing was written)
    kind: str
    keys: tuple[str, ...]  # the convictions whose review changed


class Workspace:
    """Open with `Workspace.open(path)` or `Workspace.create(...)`; close when done (or `with`)."""

    def __init__(self, path: Path, opened: Any, *, read_only: bool, clock: Clock | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self.backup: Path | None = opened.backup  # the copy made before upgrading an older workspace
        self.network: bool = opened.network
        self._opened = opened
        self._conn: sqlite3.Connection = opened.conn
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        self.session = uuid.uuid4().hex
        self._undo: list[int] = []
        # One transaction at a time on the shared connection: the court-filings worker records its
        # batch while the window may be saving a review (a second BEGIN would fail, or one thread's
        # ROLLBACK take back the other's work).
        self._writing = threading.RLock()
        self.reload()

    # ------------------------------------------------------------------ opening

    @classmethod
    def create(cls, path: str | Path, results: Results, *, policy_text: str, policy_file: str, reviewer: str,
               mapping_text: str = "", clock: Clock | None = None, network: bool | None = None) -> "Workspace":
        """A new workspace for `results` (never replacing a file). `policy_text` is the full text
        of the policy file it was evaluated with, `policy_file` that file's name (.toml/.json);
        `mapping_text` the column mapping (clinic.mapping_toml) a clinic's sheet was read with."""
        reviewer = check_reviewer(reviewer)
        path = Path(path)
        create_database(path)
        ws = None
        try:
            ws = cls.open(path, clock=clock, network=network)
            ws._record_evaluation(results, policy_text, policy_file, reviewer, kind="create",
                                  mapping_text=mapping_text)
        except BaseException:  # a workspace is complete or not there at all
            if ws is not None:
                ws.close()
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return ws

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, clock: Clock | None = None,
             network: bool | None = None) -> "Workspace":
        """Open for review (one writer at a time: WorkspaceInUse otherwise) or read-only."""
        path = Path(path)
        opened = open_database(path, read_only=read_only, network=network)
        try:
            return cls(path, opened, read_only=read_only, clock=clock)
        except BaseException:
            opened.close()
            raise

    def close(self) -> None:
        if self._opened is not None:
            opened, self._opened = self._opened, None
            opened.close()

    @property
    def closed(self) -> bool:
        return self._opened is None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reload(self) -> None:
        """Read the reviews and automatic decisions again (a read-only window follows the writer)."""
        rows = self._conn.execute(f"SELECT key, {', '.join(REVIEW_FIELDS)} FROM reviews").fetchall()
        self._reviews: dict[str, Record] = {r[0]: dict(zip(REVIEW_FIELDS, r[1:])) for r in rows}
        self._automatic: dict[str, tuple[str, str]] = {
            k: (d, r) for k, d, r in self._conn.execute("SELECT key, determination, reason FROM convictions")}

    # ------------------------------------------------------------------ the data set

    def evaluation(self) -> Evaluation:
        """The latest evaluation: the data set, policy, county and date the reviews apply to."""
        row = self._conn.execute(f"SELECT {EVALUATION_COLUMNS} FROM evaluations ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise WorkspaceError(self.path, "the workspace holds no data set (it was not completely created)")
        return read_evaluation(self._conn, row)

    def evaluations(self) -> list[Evaluation]:
        rows = self._conn.execute(f"SELECT {EVALUATION_COLUMNS} FROM evaluations ORDER BY id").fetchall()
        return [read_evaluation(self._conn, r) for r in rows]

    def policy(self) -> Policy:
        ev = self.evaluation()
        return policy_from_bytes(ev.policy_text.encode("utf-8"), ev.policy_file)

    def automatic(self) -> dict[str, tuple[str, str]]:
        """Conviction key -> (automatic determination, reason category code) of the latest evaluation."""
        return dict(self._automatic)

    def _record_evaluation(self, results: Results, policy_text: str, policy_file: str, reviewer: str, *,
                           kind: str, carry: CarryOver | None = None, mapping_text: str = "") -> None:
        import hashlib

        ev = results.evaluated
        keys = ev["conviction_key"].astype(str).tolist()
        determinations = ev["determination"].astype(str).tolist()
        reasons = ev["reason"].astype(str).tolist()
        labels = [results.reasons[c].label if c in results.reasons else c for c in reasons]
        files = results.records.files
        previous = self.evaluation() if kind != "create" else None
        with self._write() as conn:
            action = self._action(conn, kind, reviewer, len(carry.moved) if carry else 0)
            cursor = conn.execute(
                "INSERT INTO evaluations (at, who, county, as_of, policy_name, policy_file, policy_text, policy_sha256,"
                " app_version, procedure_version, code_sections_version, convictions, mapping_text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._now(), reviewer, results.county, results.as_of.isoformat(), results.policy.name,
                 Path(policy_file).name, policy_text, hashlib.sha256(policy_text.encode("utf-8")).hexdigest(),
                 __version__, results.policy.procedure_version, results.prepared.codes.version, len(ev),
                 mapping_text))
            evaluation = cursor.lastrowid
            conn.executemany("INSERT INTO input_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(evaluation, i, f.name, str(Path(f.path).resolve()), f.size_bytes, f.sha256, f.rows)
                              for i, f in enumerate(files)])
            conn.execute("DELETE FROM convictions")
            conn.executemany("INSERT INTO convictions VALUES (?, ?, ?, ?)", zip(keys, determinations, reasons, labels))
            audit: list[tuple[Any, ...]] = []
            for old, new, why in (carry.moved if carry else []):
                record = dict(self._reviews[old], rereview=f"the record changed: {why}")
                conn.execute("DELETE FROM reviews WHERE key = ?", (old,))
                self._upsert(conn, [Planned(new, record, [])])
                audit += [(action, old, "key", old, new), (action, new, "key", old, new),
                          (action, new, "rereview", None, record["rereview"])]
            described = describe_files(files)
            audit.append((action, None, "input files", describe_files(previous.files) if previous else None, described))
            audit.append((action, None, "evaluation", describe_evaluation(previous) if previous else None,
                          f"{results.county}, {results.as_of.isoformat()}, policy {results.policy.name}, "
                          f"{len(ev):,} convictions"))
            if carry is not None:
                audit += [(action, None, "reviews carried", None, str(carry.carried)),
                          (action, None, "reviews no longer in the data", None, str(len(carry.missing))),
                          (action, None, "reviews needing re-review", None, str(len(carry.changed)))]
            conn.executemany("INSERT INTO audit_log (action, key, field, old, new) VALUES (?, ?, ?, ?, ?)", audit)
        self.reload()
        log.info("workspace %s: %d convictions, %d input file(s)", kind, len(ev), len(files))

    def refresh(self, results: Results, *, policy_text: str | None = None, policy_file: str | None = None,
                reviewer: str) -> CarryOver:
        """Make `results` (a new extract, or another policy/date) the workspace's data set and carry
        every review over by key; see carry_over.py. The same policy (and column mapping) is kept
        unless given."""
        reviewer = check_reviewer(reviewer)
        current = self.evaluation()
        carry = self.plan_carry_over(results)
        self._record_evaluation(results, policy_text if policy_text is not None else current.policy_text,
                                policy_file or current.policy_file, reviewer, kind="refresh", carry=carry,
                                mapping_text=current.mapping_text)
        self._undo.clear()  # keys may have moved: earlier actions are no longer undone one by one
        return carry

    def plan_carry_over(self, results: Results) -> CarryOver:
        """What `refresh` would carry, without writing anything (e.g. for a read-only window)."""
        ev = results.evaluated
        old_labels = dict(self._conn.execute("SELECT DISTINCT reason, reason_label FROM convictions").fetchall())
        return plan_carry_over(self._reviews, ev["conviction_key"].to_numpy(dtype=object),
                               ev["determination"].astype(str).to_numpy(dtype=object),
                               ev["reason"].astype(str).to_numpy(dtype=object), old_labels=old_labels,
                               new_labels={c: r.label for c, r in results.reasons.items()})

    # ------------------------------------------------------------------ reviews

    def reviews(self) -> pd.DataFrame:
        """Every review record, indexed by conviction key (columns: review_actions.REVIEW_FIELDS)."""
        records = list(self._reviews.values())
        return pd.DataFrame({f: [r[f] for r in records] for f in REVIEW_FIELDS},
                            index=pd.Index(list(self._reviews), dtype=object, name="key"), dtype=object)

    def record(self, key: str) -> Record | None:
        found = self._reviews.get(key)
        return dict(found) if found else None

    def records(self, keys: Iterable[str]) -> dict[str, Record | None]:
        """The review records of `keys` (None for a key nobody touched): what ReviewedConvictions.update takes."""
        return {k: self.record(k) for k in keys}

    def change_reasons(self, include_retired: bool = False) -> list[str]:
        where = "" if include_retired else " WHERE active = 1"
        return [r[0] for r in self._conn.execute(f"SELECT label FROM change_reasons{where} ORDER BY position")]

    def set_change_reasons(self, labels: Iterable[str], reviewer: str) -> ActionResult:
        """Replace the closed list reviewers choose from. Retired reasons stay on the reviews that
        use them."""
        reviewer = check_reviewer(reviewer)
        labels = list(dict.fromkeys(" ".join(x.split()) for x in labels if x and x.strip()))
        if not labels:
            raise ReviewError(self.path, "the list of reasons for a change cannot be empty")
        old = self.change_reasons()
        if labels == old:
            return ActionResult(0, "reasons", ())
        with self._write() as conn:
            action = self._action(conn, "reasons", reviewer, 0)
            conn.execute("UPDATE change_reasons SET active = 0")
            conn.executemany("INSERT INTO change_reasons (label, position, active) VALUES (?, ?, 1) "
                             "ON CONFLICT(label) DO UPDATE SET position = excluded.position, active = 1",
                             [(label, i) for i, label in enumerate(labels)])
            conn.execute("INSERT INTO audit_log (action, key, field, old, new) VALUES (?, NULL, ?, ?, ?)",
                         (action, "change reasons", "; ".join(old), "; ".join(labels)))
        return ActionResult(action, "reasons", ())

    def review(self, keys: Iterable[str], reviewer: str, request: ReviewRequest, kind: str = "review") -> ActionResult:
        """One action on many convictions (one transaction): see ReviewRequest. Raises ReviewError
        before writing anything when any key or value is wrong."""
        reviewer = check_reviewer(reviewer)
        with self._writing:  # planned and written against the same reviews
            try:
                planned = plan_review(unique_keys(keys), self._reviews, self._automatic, request,
                                      self.change_reasons())
            except ReviewError as e:
                raise ReviewError(self.path, e.detail) from None
            result = self._commit(planned, kind, reviewer)
        if result.action:
            self._undo.append(result.action)
        return result

    def accept(self, keys: Iterable[str], reviewer: str) -> ActionResult:
        return self.review(keys, reviewer, ReviewRequest(determination="accept"), "accept")

    def undecided(self, keys: Iterable[str]) -> list[str]:
        """Those of `keys` that have no final determination yet."""
        return [k for k in unique_keys(keys) if (self._reviews.get(k) or {}).get("determination") is None]

    def accept_undecided(self, keys: Iterable[str], reviewer: str) -> ActionResult:
        """The batch action "accept the automatic decision for the convictions in view": only those
        not decided yet, so no one's decision (an override, a re-review) is overwritten wholesale."""
        undecided = self.undecided(keys)
        if not undecided:
            return ActionResult(0, "accept", ())
        return self.review(undecided, reviewer, ReviewRequest(determination="accept"), "accept")

    def set_determination(self, keys: Iterable[str], determination: str, reason: str | None,
                          reviewer: str) -> ActionResult:
        return self.review(keys, reviewer, ReviewRequest(determination=determination, reason=reason), "determination")

    def set_status(self, keys: Iterable[str], status: str, reviewer: str, *, date: str | None = None,
                   batch: str | None = None) -> ActionResult:
        return self.review(keys, reviewer, ReviewRequest(status=status, status_date=date, filing_batch=batch), "status")

    def set_note(self, keys: Iterable[str], note: str, reviewer: str) -> ActionResult:
        return self.review(keys, reviewer, ReviewRequest(note=note), "note")

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.read_only

    def undo(self, reviewer: str) -> ActionResult | None:
        """Take back this session's last review action (itself an audited action); None when
        there is nothing to undo."""
        reviewer = check_reviewer(reviewer)
        if not self._undo:
            return None
        target = self._undo[-1]
        rows = self._conn.execute("SELECT key, field, old, new FROM audit_log WHERE action = ? ORDER BY id",
                                  (target,)).fetchall()
        planned = plan_undo(rows, self._reviews)
        by = self._last_changed_by([p.key for p in planned], target)
        for p in planned:
            p.record["reviewer"], p.record["updated_at"] = by.get(p.key, (None, None))
        result = self._commit(planned, "undo", reviewer, undoes=target, keep_who=True)
        self._undo.pop()
        return result

    def _last_changed_by(self, keys: list[str], before: int) -> dict[str, tuple[str, str]]:
        """Who last changed each key's review, and when, before action `before` (undone actions
        left out): what the review said before that action."""
        import json

        found: dict[str, tuple[str, str]] = {}
        for key, who, at in self._conn.execute(
                "SELECT l.key, a.who, a.at FROM audit_log l JOIN actions a ON a.id = l.action"
                " WHERE l.key IN (SELECT value FROM json_each(?)) AND a.id < ?"
                " AND a.id NOT IN (SELECT undoes FROM actions WHERE undoes IS NOT NULL) ORDER BY l.id",
                (json.dumps(keys), before)):
            found[key] = (who, at)
        return found

    # ------------------------------------------------------------------ the audit log

    def audit_log(self, keys: Iterable[str] | None = None) -> pd.DataFrame:
        """The log in order (entry, at, who, kind, action, undoes, key, field, old, new), for all
        keys or only `keys` (a conviction's review history)."""
        import json

        query = ("SELECT l.id AS entry, a.at, a.who, a.kind, a.id AS action, a.undoes, l.key, l.field, l.old, l.new"
                 " FROM audit_log l JOIN actions a ON a.id = l.action")
        params: tuple[Any, ...] = ()
        if keys is not None:
            query += " WHERE l.key IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(keys)),)
        cursor = self._conn.execute(query + " ORDER BY l.id", params)
        frame = pd.DataFrame(cursor.fetchall(), columns=[d[0] for d in cursor.description], dtype=object)
        return frame.astype({"entry": "int64", "action": "int64"})  # text stays text, None stays None

    # ------------------------------------------------------------------ writing

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed (and on disk) when the block ends without error."""
        if self.read_only:
            raise ReadOnlyWorkspace(self.path, "the workspace is open read-only; nothing was changed")
        if self.closed:
            raise WorkspaceError(self.path, "the workspace is closed")
        conn = self._conn
        with self._writing:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                if "locked" in str(e) or "busy" in str(e):
                    raise WorkspaceInUse(self.path, "") from None
                raise
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.OperationalError) and "full" in str(e):
                    raise WorkspaceError(self.path, "the disk is full: the action was not saved") from None
                raise

    def _action(self, conn: sqlite3.Connection, kind: str, who: str, n_keys: int, undoes: int | None = None) -> int:
        cursor = conn.execute("INSERT INTO actions (at, who, kind, keys, undoes, session) VALUES (?, ?, ?, ?, ?, ?)",
                              (self._now(), who, kind, n_keys, undoes, self.session))
        return int(cursor.lastrowid or 0)

    def _upsert(self, conn: sqlite3.Connection, planned: list[Planned]) -> None:
        names = ", ".join(REVIEW_FIELDS)
        updates = ", ".join(f"{f} = excluded.{f}" for f in REVIEW_FIELDS)
        conn.executemany(f"INSERT INTO reviews (key, {names}) VALUES (?{', ?' * len(REVIEW_FIELDS)})"
                         f" ON CONFLICT(key) DO UPDATE SET {updates}",
                         [(p.key, *(p.record[f] for f in REVIEW_FIELDS)) for p in planned])

    def _commit(self, planned: list[Planned], kind: str, reviewer: str, undoes: int | None = None,
                keep_who: bool = False, entries: Sequence[tuple[str, str]] = ()) -> ActionResult:
        """`entries`: audit rows about the action as a whole (field, new), e.g. which batch was filed."""
        if not planned:
            return ActionResult(0, kind, ())
        now = self._now()
        if not keep_who:
            for p in planned:
                p.record["reviewer"], p.record["updated_at"] = reviewer, now
        with self._write() as conn:
            action = self._action(conn, kind, reviewer, len(planned), undoes)
            self._upsert(conn, planned)
            conn.executemany("INSERT INTO audit_log (action, key, field, old, new) VALUES (?, ?, ?, ?, ?)",
                             [(action, p.key, f, old, new) for p in planned for f, old, new in p.changes
                              if f in AUDITED_FIELDS])
            conn.executemany("INSERT INTO audit_log (action, key, field, old, new) VALUES (?, NULL, ?, NULL, ?)",
                             [(action, field, new) for field, new in entries])
        for p in planned:
            self._reviews[p.key] = p.record
        log.info("review action '%s' on %d conviction(s)", kind, len(planned))
        return ActionResult(action, kind, tuple(p.key for p in planned))


__all__ = ["Workspace", "Evaluation", "InputFile", "ActionResult", "ReviewRequest", "empty_record"]
