"""The workspace's schema as numbered SQL steps. `PRAGMA user_version` is the number of the last
step applied; opening an older workspace applies the missing steps (after a backup copy).

Never edit a step that has shipped: add the next one. The audit log and the actions are
append-only: triggers refuse any UPDATE or DELETE on them, and no code issues one.
"""

from __future__ import annotations

import sqlite3

from .vocabulary import DEFAULT_CHANGE_REASONS

APPLICATION_ID = 0x52435744  # "RCWD" in the SQLite header: this file is a workspace


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every evaluation the workspace holds: the one it was created from, then each refresh.
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    county TEXT NOT NULL,
    as_of TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    policy_file TEXT NOT NULL,      -- the policy file's name (its suffix is its format)
    policy_text TEXT NOT NULL,      -- the policy file's full text
    policy_sha256 TEXT NOT NULL,
    app_version TEXT NOT NULL,
    procedure_version TEXT NOT NULL,
    code_sections_version TEXT NOT NULL,
    convictions INTEGER NOT NULL
);

CREATE TABLE input_files (
    evaluation INTEGER NOT NULL REFERENCES evaluations(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (evaluation, position)
);

-- The latest evaluation's automatic decision for each conviction key.
CREATE TABLE convictions (
    key TEXT PRIMARY KEY,
    determination TEXT NOT NULL,
    reason TEXT NOT NULL,           -- reason category code
    reason_label TEXT NOT NULL      -- the category as users read it
) WITHOUT ROWID;

-- One review record per conviction anyone touched (never deleted).
CREATE TABLE reviews (
    key TEXT PRIMARY KEY,
    determination TEXT,             -- the final determination; NULL while not decided
    change_reason TEXT,             -- why it differs from the automatic one
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'not_reviewed',
    status_date TEXT,
    filing_batch TEXT,
    reviewer TEXT,                  -- who last changed the review
    updated_at TEXT,
    auto_determination TEXT,        -- the automatic decision when the determination was decided
    auto_reason TEXT,
    rereview TEXT                   -- why a refresh asks to review it again; NULL when not
) WITHOUT ROWID;

-- One row per user action (one transaction), append-only.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL,
    keys INTEGER NOT NULL,
    undoes INTEGER REFERENCES actions(id),
    session TEXT NOT NULL
);

-- Every change: what (key, field) went from old to new in which action. Append-only.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action INTEGER NOT NULL REFERENCES actions(id),
    key TEXT,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX audit_log_by_key ON audit_log(key);
CREATE INDEX audit_log_by_action ON audit_log(action);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# The closed, configurable list of reasons for changing a determination.
_V2 = """
CREATE TABLE change_reasons (
    label TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1    -- 0: retired (kept for the reviews that use it)
) WITHOUT ROWID;
""" + "\n".join(f"INSERT INTO change_reasons (label, position) VALUES ({_sql_text(label)}, {i});"
                for i, label in enumerate(DEFAULT_CHANGE_REASONS))

# Court filings (core/filings/): what a reviewer decides for the filing, and the batches prepared.
_V3 = """
ALTER TABLE reviews ADD COLUMN track TEXT;             -- serving / completed: the reviewer's choice
ALTER TABLE reviews ADD COLUMN challenge_ground TEXT;  -- why the office challenges the conviction
ALTER TABLE reviews ADD COLUMN court_code TEXT;        -- the courthouse the user assigned (STP_ORI_CODE)
ALTER TABLE reviews ADD COLUMN court_name TEXT;        -- and its name (STP_ORI_DESCR)

-- Each batch of court filings prepared (documents generated), append-only.
CREATE TABLE filing_batches (
    id TEXT PRIMARY KEY,
    action INTEGER NOT NULL REFERENCES actions(id),
    evaluation INTEGER NOT NULL REFERENCES evaluations(id),
    mode TEXT NOT NULL,                -- bulk / per_case
    courthouses INTEGER NOT NULL,
    convictions INTEGER NOT NULL,      -- asked to be granted (not challenged)
    challenged INTEGER NOT NULL,
    documents TEXT NOT NULL            -- the files written (in the folder chosen), one per line
) WITHOUT ROWID;

-- The convictions of each batch, with the courthouse and the position filed.
CREATE TABLE filing_members (
    batch TEXT NOT NULL REFERENCES filing_batches(id),
    key TEXT NOT NULL,
    courthouse TEXT NOT NULL,
    position TEXT NOT NULL,            -- not_challenged / challenged
    PRIMARY KEY (batch, key)
) WITHOUT ROWID;

CREATE TRIGGER filing_batches_no_update BEFORE UPDATE ON filing_batches
BEGIN SELECT RAISE(ABORT, 'filing batches are append-only'); END;
CREATE TRIGGER filing_batches_no_delete BEFORE DELETE ON filing_batches
BEGIN SELECT RAISE(ABORT, 'filing batches are append-only'); END;
CREATE TRIGGER filing_members_no_update BEFORE UPDATE ON filing_members
BEGIN SELECT RAISE(ABORT, 'filing batches are append-only'); END;
CREATE TRIGGER filing_members_no_delete BEFORE DELETE ON filing_members
BEGIN SELECT RAISE(ABORT, 'filing batches are append-only'); END;
"""

# A clinic's spreadsheet is read again with the column mapping it was read with (its TOML text; '' for
# DOJ research files, which need none).
_V4 = """
ALTER TABLE evaluations ADD COLUMN mapping_text TEXT NOT NULL DEFAULT '';
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4}
LATEST = max(MIGRATIONS)


def migrate(conn: sqlite3.Connection, current: int, target: int = LATEST) -> None:
    """Apply steps current+1 .. target, each in its own transaction with its version number."""
    for version in range(current + 1, target + 1):
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
