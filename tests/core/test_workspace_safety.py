"""Nothing lost, nobody else's data touched: a killed process keeps every committed action; one
writer at a time; files that are not workspaces, newer or damaged ones are refused and left
byte for byte as they were; an older workspace is backed up, then upgraded; the audit log is
append-only."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ws_factory import MISDEMEANOR, SALE, new_workspace

import desktop_app
from desktop_app.core.workspace import (DamagedWorkspace, NewerWorkspace, NotAWorkspace, Workspace, WorkspaceError,
                                        WorkspaceInUse)
from desktop_app.core.workspace.lock import is_network_path, lock_path
from desktop_app.core.workspace.migrations import APPLICATION_ID, LATEST, migrate

ROOT = Path(desktop_app.__file__).parent.parent


def fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def closed_workspace(tmp_path) -> Path:
    ws, _ = new_workspace(tmp_path)
    ws.accept([SALE], "Ana Reviewer")
    ws.close()
    return ws.path


def _child(program: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", program, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


REVIEW_LOOP = """
import sys
from desktop_app.core.workspace import Workspace
ws = Workspace.open(sys.argv[1])
keys = sorted(ws.automatic())
i = 0
while True:
    ws.set_note([keys[i % len(keys)]], f"note {i}", "Loop Reviewer")
    print(i, flush=True)  # printed only once the action is committed
    i += 1
"""


def test_a_killed_process_loses_no_committed_action(closed_workspace):
    child = _child(REVIEW_LOOP, str(closed_workspace))
    committed = -1
    deadline = time.monotonic() + 60
    try:
        while committed < 150 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            committed = int(line)
    finally:
        child.send_signal(signal.SIGKILL)  # no cleanup, no checkpoint: like a crash
        child.wait(30)
    assert committed >= 150, child.stderr.read()[-2000:]
    assert Path(str(closed_workspace) + "-wal").exists()  # it really stopped mid-work
    with Workspace.open(closed_workspace) as ws:  # the killed writer's lock went with it
        log = ws.audit_log()
        notes = log[(log["kind"] == "note")]
        written = {int(n.split()[1]) for n in notes["new"]}
        assert set(range(committed + 1)) <= written  # every action reported as done is there
        assert max(written) <= committed + 1  # at most the one in progress beyond it
        assert list(log["entry"]) == list(range(1, len(log) + 1))  # the log has no gap
        last = notes.iloc[-1]
        assert ws.record(last["key"])["note"] == last["new"]
        assert ws.record(SALE)["determination"] == "Eligible for Reduction"  # earlier work intact
        assert ws._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


HOLD_OPEN = """
import sys, time
from desktop_app.core.workspace import Workspace
ws = Workspace.open(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


def test_second_writer_gets_a_clear_refusal_and_can_read(closed_workspace):
    child = _child(HOLD_OPEN, str(closed_workspace))
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(WorkspaceInUse) as refused:
            Workspace.open(closed_workspace)
        assert refused.value.read_only_possible
        assert f"process {child.pid}" in refused.value.holder
        assert "open elsewhere" in str(refused.value) and "read-only" in str(refused.value)
        with Workspace.open(closed_workspace, read_only=True) as reader:
            assert reader.record(SALE)["status"] == "reviewed"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    with Workspace.open(closed_workspace) as ws:  # free again
        ws.accept([MISDEMEANOR], "Ana Reviewer")


def test_two_windows_in_one_process_are_two_writers_too(closed_workspace):
    with Workspace.open(closed_workspace) as first:
        with pytest.raises(WorkspaceInUse):
            Workspace.open(closed_workspace)
        first.accept([MISDEMEANOR], "Ana Reviewer")
    assert not lock_path(closed_workspace).exists()  # removed on close
    Workspace.open(closed_workspace).close()


@pytest.mark.parametrize("content", [b"", b"RECORD_ID,SUBJECT_STATUS,SUBJECT_ID\n,A,1\n" * 10,
                                     b"PK\x03\x04" + bytes(300)])
def test_a_file_that_is_not_a_workspace_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.rcw"
    path.write_bytes(content)
    before = fingerprint(path)
    with pytest.raises(NotAWorkspace, match="notes.rcw: this file is not a workspace"):
        Workspace.open(path)
    assert fingerprint(path) == before and siblings(path) == ["notes.rcw"]


def test_another_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.rcw"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = fingerprint(path)
    with pytest.raises(NotAWorkspace, match="not a Record Clearance workspace"):
        Workspace.open(path, read_only=True)
    assert fingerprint(path) == before and siblings(path) == ["other.rcw"]


def test_a_newer_workspace_is_refused_and_untouched(closed_workspace):
    conn = sqlite3.connect(closed_workspace)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    before, files = fingerprint(closed_workspace), siblings(closed_workspace)
    with pytest.raises(NewerWorkspace, match=f"newer version of the app \\(schema {LATEST + 1}"):
        Workspace.open(closed_workspace)
    assert fingerprint(closed_workspace) == before and siblings(closed_workspace) == files


def test_a_damaged_workspace_is_refused_and_untouched(closed_workspace):
    data = bytearray(closed_workspace.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page: len(data) - page] = bytes(range(256)) * ((len(data) - 3 * page) // 256)
    closed_workspace.write_bytes(bytes(data))
    before, files = fingerprint(closed_workspace), siblings(closed_workspace)
    for read_only in (False, True):
        with pytest.raises(DamagedWorkspace, match="w.rcw: the workspace is damaged"):
            Workspace.open(closed_workspace, read_only=read_only)
    assert fingerprint(closed_workspace) == before and siblings(closed_workspace) == files


def test_an_older_workspace_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.rcw"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 0, 1)  # a workspace as schema 1 wrote it: no list of reasons for a change yet
    conn.execute("INSERT INTO evaluations VALUES (1, '2025-01-01T10:00:00+00:00', 'Ana', 'SACRAMENTO', '2020-07-01',"
                 " 'County common choice', 'county-common.toml', '', '', '0.0.9', '1', '1', 1)")
    conn.execute(f"INSERT INTO convictions VALUES ('{SALE}', 'Eligible for Reduction', 'reduce_sections:11359', "
                 "'Reduce all HS 11359 convictions')")
    conn.execute(f"INSERT INTO reviews (key, determination, status, reviewer) VALUES ('{SALE}', 'Not eligible', "
                 "'reviewed', 'Ana')")
    conn.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with Workspace.open(path) as ws:
        assert ws.backup == tmp_path / "old (backup, schema 1).rcw"
        assert ws._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert "Duplicate of another case" in ws.change_reasons()
        assert ws.record(SALE)["determination"] == "Not eligible"
    backup = sqlite3.connect(ws.backup)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1  # the file as it was
    assert backup.execute("SELECT determination FROM reviews").fetchone() == ("Not eligible",)
    assert backup.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert backup.execute("SELECT count(*) FROM sqlite_master WHERE name = 'change_reasons'").fetchone() == (0,)
    backup.close()


def test_an_older_workspace_opened_read_only_is_not_upgraded(tmp_path):
    path = tmp_path / "old.rcw"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 0, 1)
    conn.close()
    before = fingerprint(path)
    with pytest.raises(WorkspaceError, match="older version of the app; open it once for writing"):
        Workspace.open(path, read_only=True)
    assert fingerprint(path) == before


def test_the_audit_log_is_append_only(closed_workspace):
    source = "\n".join(p.read_text() for p in (ROOT / "desktop_app").rglob("*.py"))
    forbidden = re.compile(
        r"\b(UPDATE|DELETE\s+FROM|REPLACE\s+INTO|DROP\s+TABLE|ALTER\s+TABLE)\s+(audit_log|actions)\b", re.IGNORECASE)
    assert not forbidden.search(source)
    conn = sqlite3.connect(closed_workspace)
    for statement in ("UPDATE audit_log SET new = 'x'", "DELETE FROM audit_log", "DELETE FROM actions",
                      "UPDATE actions SET who = 'x'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()


def test_settings_that_keep_actions_safe(closed_workspace):
    with Workspace.open(closed_workspace) as ws:
        pragma = lambda name: ws._conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal" and pragma("synchronous") == 2  # FULL
        assert pragma("temp_store") == 2 and pragma("foreign_keys") == 1  # temp in memory: no temp files


def test_a_network_folder_uses_the_rollback_journal_and_one_user(closed_workspace):
    with Workspace.open(closed_workspace, network=True) as ws:
        assert ws._conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert ws._conn.execute("PRAGMA locking_mode").fetchone()[0] == "exclusive"
        ws.accept([MISDEMEANOR], "Ana Reviewer")
        with pytest.raises(WorkspaceInUse) as refused:
            Workspace.open(closed_workspace, network=True)
        assert not refused.value.read_only_possible and "only one person" in str(refused.value)
    with Workspace.open(closed_workspace) as ws:  # back on a local disk: WAL again, the review kept
        assert ws.record(MISDEMEANOR)["status"] == "reviewed"


def test_network_paths_are_recognised():
    mounts = "server:/export /mnt/share nfs4 rw 0 0\n/dev/vda / ext4 rw 0 0\n//fs/office /mnt/office cifs rw 0 0\n"
    assert is_network_path(Path("/mnt/share/Sacramento 2026.rcw"), mounts)
    assert is_network_path(Path("/mnt/office/a/b.rcw"), mounts)
    assert not is_network_path(Path("/home/ana/b.rcw"), mounts)
    assert is_network_path(Path("\\\\server\\share\\b.rcw"))


def test_a_workspace_is_never_replaced(closed_workspace):
    before = fingerprint(closed_workspace)
    with pytest.raises(WorkspaceError, match="already exists"):
        new_workspace(closed_workspace.parent, name=closed_workspace.name)
    assert fingerprint(closed_workspace) == before


def test_the_filings_worker_and_the_window_write_at_the_same_time(tmp_path):
    """The court-filings worker records its batches on the workspace's connection while the window
    saves reviews: every action of both threads is kept, whole, and nothing fails."""
    import datetime as dt
    import threading

    from desktop_app.core.workspace.batches import BatchMember, batches, record_batch

    ws, _ = new_workspace(tmp_path)
    failures: list[BaseException] = []
    start = threading.Barrier(2)
    rounds = 200

    def filings() -> None:
        start.wait()
        try:
            for i in range(rounds):
                record_batch(ws, [BatchMember(SALE, "Sacramento", "not challenged")], mode="bulk",
                             documents=[f"doc{i}.pdf"], reviewer="Filing Clerk", day=dt.date(2026, 3, 1) + dt.timedelta(i))
        except BaseException as e:  # noqa: BLE001 - reported by the test
            failures.append(e)

    worker = threading.Thread(target=filings)
    worker.start()
    start.wait()
    try:
        for i in range(rounds):
            ws.set_note([MISDEMEANOR], f"note {i}", "Ana Reviewer")
    finally:
        worker.join()
    assert failures == []
    assert len(batches(ws)) == rounds
    log = ws.audit_log()
    assert (log["field"] == "filing batch prepared").sum() == rounds
    assert (ws.record(MISDEMEANOR) or {}).get("note") == f"note {rounds - 1}"
    ws.close()
