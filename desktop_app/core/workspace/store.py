"""A workspace file: opening it safely (or refusing, leaving it untouched), one writer at a time.

SQLite through the standard library: WAL journal (rollback journal and exclusive locking on a
network folder), `synchronous=FULL` so a committed action survives a power cut, temporary
storage in memory (SQLite never writes a temporary file), `PRAGMA user_version` for the schema.
Review actions are in `workspace.py`; this module opens, checks, migrates and closes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import urllib.parse
from pathlib import Path

from .errors import DamagedWorkspace, NewerWorkspace, NotAWorkspace, WorkspaceError, WorkspaceInUse
from .lock import WriterLock, is_network_path
from .migrations import APPLICATION_ID, LATEST, migrate

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIX = ".rcw"
BUSY_MS = 3000


def check_header(path: Path) -> int:
    """The schema version from the file's first 100 bytes (read only). Raises NotAWorkspace or
    NewerWorkspace; never opens the file for writing."""
    if not path.exists():
        raise WorkspaceError(path, "the workspace does not exist")
    if path.is_dir():
        raise NotAWorkspace(path, "this is a folder, not a workspace file")
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        raise WorkspaceError(path, f"the file cannot be read ({e.strerror})") from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAWorkspace(path, "this file is not a workspace (not a database file); nothing was changed")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise NotAWorkspace(path, "this database is not a Record Clearance workspace; nothing was changed")
    version = int.from_bytes(head[60:64], "big")
    if version > LATEST:
        raise _newer(path, version)
    return version


def _newer(path: Path, version: int) -> NewerWorkspace:
    return NewerWorkspace(path, f"the workspace was saved by a newer version of the app (schema {version}; this "
                                f"version reads up to {LATEST}); update the app. Nothing was changed.")


def _uri(path: Path, **params: str) -> str:
    text = os.path.abspath(path).replace("\\", "/")
    if not text.startswith("/"):
        text = "/" + text  # a Windows drive: file:///C:/...; a UNC path keeps its // (file:////server/...)
    return "file://" + urllib.parse.quote(text, safe="/:") + "?" + urllib.parse.urlencode(params)


def _has_sidecar(path: Path, suffix: str) -> bool:
    side = path.with_name(path.name + suffix)
    return side.exists() and side.stat().st_size > 0


def check_integrity(path: Path) -> None:
    """Read the file as it is on disk (SQLite's `immutable`: no lock, no journal, no new file)
    and check its structure. Skipped after a crash (a WAL or hot journal beside it): the
    connection then recovers the committed actions first, and `quick_check` runs there."""
    if _has_sidecar(path, "-wal") or _has_sidecar(path, "-journal"):
        return
    try:
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)
        try:
            _quick_check(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise _damaged(path, e) from None


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    found = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if found != ["ok"]:
        raise _damaged(path, found[0] if found else "no answer")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotAWorkspace(path, "this database is not a Record Clearance workspace; nothing was changed")


def _damaged(path: Path, detail: object) -> DamagedWorkspace:
    log.warning("workspace failed its integrity check: %s", type(detail).__name__)
    return DamagedWorkspace(path, "the workspace is damaged and cannot be opened; nothing was changed. "
                                  "Use a backup copy (copies made before upgrades sit beside it).")


def connect(path: Path, *, read_only: bool, network: bool) -> sqlite3.Connection:
    """One connection with the settings every workspace uses (explicit transactions)."""
    try:
        if read_only:
            # A writable file is read through a normal connection that refuses writes, so that SQLite
            # removes its -wal/-shm files when the last connection closes; otherwise read-only mode.
            writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
            target, uri = (str(path), False) if writable else (_uri(path, mode="ro"), True)
            conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        conn.execute("PRAGMA temp_store = MEMORY")  # never a temporary file in the temp folder
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            if network:
                conn.execute("PRAGMA locking_mode = EXCLUSIVE")
                conn.execute("PRAGMA journal_mode = DELETE")
            else:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    log.warning("the workspace could not use WAL (journal mode %s)", mode)
            conn.execute("PRAGMA synchronous = FULL")
        return conn
    except sqlite3.OperationalError as e:
        if "locked" in str(e):
            raise WorkspaceInUse(path, "", read_only_possible=not network) from None
        if "readonly" in str(e) or "read-only" in str(e):
            raise WorkspaceError(path, "the workspace file is read-only here; open it read-only, or copy it to a "
                                       "folder you can write") from None
        raise WorkspaceError(path, f"the workspace cannot be opened ({e})") from None
    except sqlite3.DatabaseError as e:
        raise _damaged(path, e) from None


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.stem} (backup, schema {version}){path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} (backup, schema {version}, {n}){path.suffix}")
        n += 1
    return candidate


def upgrade(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the workspace beside itself (SQLite's backup: a consistent copy), then migrate."""
    target = backup_path(path, version)
    copy = sqlite3.connect(str(target))
    try:
        conn.backup(copy)
    finally:
        copy.close()
    migrate(conn, version)
    log.info("upgraded a workspace from schema %d to %d (backup made)", version, LATEST)
    return target


class Opened:
    """The result of `open_database`: a checked, current connection and the writer's lock."""

    def __init__(self, conn: sqlite3.Connection, lock: WriterLock | None, network: bool, backup: Path | None) -> None:
        self.conn, self.lock, self.network, self.backup = conn, lock, network, backup

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def open_database(path: Path, *, read_only: bool, network: bool | None = None) -> Opened:
    """Check, lock (unless read-only), connect and migrate. Refusals leave the file untouched:
    not a workspace, a newer schema, a damaged database (checked before any write), a writer
    elsewhere (WorkspaceInUse: offer read-only)."""
    path = Path(path)
    version = check_header(path)
    check_integrity(path)
    network = is_network_path(path) if network is None else network
    lock = None
    if not read_only:
        lock = WriterLock(path, network)
        lock.acquire()
    conn = None
    try:
        conn = connect(path, read_only=read_only, network=network)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # with the WAL's last actions
            if version > LATEST:
                raise _newer(path, version)
            if not read_only and network:
                conn.execute("BEGIN IMMEDIATE")  # takes the exclusive lock now, and keeps it
                conn.execute("COMMIT")
            if _has_sidecar(path, "-wal") or version < LATEST:
                _quick_check(conn, path)
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                raise WorkspaceInUse(path, "", read_only_possible=not network) from None
            raise _damaged(path, e) from None
        backup = None
        if version < LATEST:
            if read_only:
                raise WorkspaceError(path, "the workspace was saved by an older version of the app; open it "
                                           "once for writing to upgrade it (a backup copy is made first)")
            backup = upgrade(conn, path, version)
        return Opened(conn, lock, network, backup)
    except BaseException:
        if conn is not None:
            conn.close()
        if lock is not None:
            lock.release()
        raise


def create_database(path: Path) -> None:
    """A new, empty workspace file at `path` (never replacing one): built under a temporary name
    in the same folder and put in place only when complete."""
    path = Path(path)
    if path.exists():
        raise WorkspaceError(path, "a file with this name already exists; choose another name "
                                   "(a workspace is never replaced)")
    if not path.parent.is_dir():
        raise WorkspaceError(path, f"the folder {path.parent} does not exist")
    staging = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        conn = sqlite3.connect(str(staging), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA temp_store = MEMORY")
            migrate(conn, 0)
        finally:
            conn.close()
        _place(staging, path)
    except OSError as e:
        raise WorkspaceError(path, f"the workspace cannot be written here ({e.strerror})") from None
    finally:
        if staging.exists():
            staging.unlink()


def _place(staging: Path, path: Path) -> None:
    """Rename without replacing: a file that appeared meanwhile is kept."""
    try:
        if os.name == "nt":
            os.rename(staging, path)  # fails if `path` exists
        else:
            os.link(staging, path)  # fails if `path` exists
    except FileExistsError:
        raise WorkspaceError(path, "a file with this name already exists; choose another name") from None
