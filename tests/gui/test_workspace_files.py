"""Workspace files in the window: a second window offered read-only (never two writers), closing,
files that are not workspaces (and newer or damaged ones) refused untouched, an older one upgraded
after a backup, moved input files located, a new extract carried over with its report, recent
workspaces."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from workspace_window_helpers import CTRL, REVIEWER, cell, fingerprint, idle, key_of, press, select

from desktop_app.core.workspace import Workspace
from desktop_app.gui import review_dialogs, workspace_dialogs
from desktop_app.paths import sample_file

# ------------------------------------------------------------------ opening

def test_a_second_window_is_offered_read_only_and_never_writes(reviewing, second_window, qtbot, monkeypatch):
    path = reviewing.workspace.workspace.path
    offers = []
    monkeypatch.setattr(review_dialogs, "ask_open_read_only", lambda parent, e: offers.append(e.holder) or False)
    assert not second_window.workspace.open_workspace(path)
    assert second_window.workspace.workspace is None and len(offers) == 1 and "process" in offers[0]
    monkeypatch.setattr(review_dialogs, "ask_open_read_only", lambda parent, e: True)
    assert second_window.workspace.open_workspace(path)
    idle(second_window, qtbot)
    w2 = second_window
    assert w2.workspace.workspace.read_only and w2.windowTitle().startswith("Sacramento 2026.rcw (read-only)")
    assert w2.review_panel.read_only_label.isVisibleTo(w2.review_panel)
    select(w2, 0)
    assert not w2.review_panel.accept_button.isEnabled()
    press(w2, Qt.Key.Key_Return, CTRL)
    assert cell(w2, 0, "review_status") == "Not reviewed" and len(w2.workspace.workspace.reviews()) == 0
    assert not w2.actions.refresh_workspace.isEnabled() and not w2.actions.change_workspace_policy.isEnabled()
    # the writer reviews; the reader reloads and sees it
    select(reviewing, 0)
    press(reviewing, Qt.Key.Key_Return, CTRL)
    w2.actions.reload_reviews.trigger()
    assert cell(w2, 0, "review_status") == "Reviewed"


def test_closing_releases_the_workspace(reviewing, tmp_path):
    w = reviewing
    path = w.workspace.workspace.path
    w.workspace.close_workspace()
    assert w.workspace.workspace is None and "Review status" not in [c.title for c in w.model.columns]
    assert w.windowTitle() == "sample_doj.csv — Record Clearance Desktop" and w.policy_panel.isEnabled()
    assert w.side_tabs.count() == 1 and not any(box.isVisible() for box in w.review_filters.widgets())
    with Workspace.open(path):  # no lock left: writable elsewhere now
        pass


def test_opening_another_file_closes_the_workspace(reviewing, qtbot):
    w = reviewing
    assert w.dataset.open_files([str(sample_file())])
    idle(w, qtbot)
    assert w.workspace.workspace is None and "Final determination" not in [c.title for c in w.model.columns]


@pytest.mark.parametrize("content", [b"PRI_NAME,CII_NUMBER\nDOE,123\n", b""])
def test_a_file_that_is_not_a_workspace_is_refused_and_untouched(window, tmp_path, errors, content):
    path = tmp_path / "notes.rcw"
    path.write_bytes(content)
    assert not window.workspace.open_workspace(path)
    assert errors[-1][0] == "Could not open the workspace" and "not a workspace" in errors[-1][1]
    assert path.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["notes.rcw"]


def test_another_database_a_newer_and_a_damaged_workspace_are_refused_untouched(reviewing, tmp_path, errors):
    path = reviewing.workspace.workspace.path
    reviewing.workspace.close_workspace()
    other = tmp_path / "other.rcw"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    newer = tmp_path / "newer.rcw"
    shutil.copy(path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    damaged = tmp_path / "damaged.rcw"
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    for target, said in ((other, "not a Record Clearance workspace"), (newer, "newer version"),
                         (damaged, "damaged")):
        before, names = fingerprint(target), sorted(p.name for p in tmp_path.iterdir())
        assert not reviewing.workspace.open_workspace(target)
        assert said in errors[-1][1], errors[-1]
        assert fingerprint(target) == before and sorted(p.name for p in tmp_path.iterdir()) == names


def _as_schema_1(current: Path, old: Path) -> None:
    """The workspace `current` as the first version of the app wrote it: schema 1's tables, with
    the rows and columns they had (a later step's tables and columns left out)."""
    from desktop_app.core.workspace.migrations import migrate

    conn = sqlite3.connect(old, isolation_level=None)
    migrate(conn, 0, 1)
    conn.execute("ATTACH DATABASE ? AS new", (str(current),))
    tables = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
    for table in tables:
        columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM new.{table}")
    conn.execute("DETACH DATABASE new")
    conn.close()


def _schema(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_an_older_workspace_is_upgraded_after_a_backup(reviewing, tmp_path, qtbot):
    w = reviewing
    select(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    current = w.workspace.workspace.path
    w.workspace.close_workspace()
    path = tmp_path / "Old 2025.rcw"
    _as_schema_1(current, path)
    assert _schema(path) == 1
    assert w.workspace.open_workspace(path)
    idle(w, qtbot)
    backup = tmp_path / "Old 2025 (backup, schema 1).rcw"
    assert w.workspace.workspace.backup == backup and backup.is_file()
    assert _schema(backup) == 1  # the file as it was
    assert "backup copy Old 2025 (backup, schema 1).rcw" in w.status_label.text()
    assert cell(w, 0, "review_status") == "Reviewed"
    assert "Duplicate of another case" in w.workspace.workspace.change_reasons()


def test_a_moved_input_file_can_be_located(loaded, tmp_path, qtbot, monkeypatch):
    data = tmp_path / "extract.csv"
    shutil.copy(sample_file(), data)
    loaded.settings.set(review_dialogs.REVIEWER_KEY, REVIEWER)
    assert loaded.dataset.open_files([str(data)])
    idle(loaded, qtbot)
    assert loaded.workspace.create_workspace(tmp_path / "w.rcw", REVIEWER)
    loaded.workspace.close_workspace()
    moved = tmp_path / "moved"
    moved.mkdir()
    data.rename(moved / "extract.csv")
    asked = []
    monkeypatch.setattr(workspace_dialogs, "ask_locate", lambda parent, name, problem: asked.append(problem) or True)
    monkeypatch.setattr(workspace_dialogs, "choose_input_files",
                        lambda parent, title, folder: [str(moved / "extract.csv")])
    assert loaded.workspace.open_workspace(tmp_path / "w.rcw")
    idle(loaded, qtbot)
    assert "extract.csv is no longer at" in asked[0]
    assert loaded.workspace.workspace is not None and loaded.dataset.session.paths == [str(moved / "extract.csv")]


# ------------------------------------------------------------------ a new extract

def _new_extract(source: Path, target: Path, drop_subject: str) -> None:
    """The next extract: the same rows, without one person's."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split(",")[2].strip() != drop_subject]
    assert len(kept) < len(lines)
    target.write_text("".join(kept), encoding="utf-8")


def test_refresh_with_a_new_extract_shows_what_was_carried(reviewing, tmp_path, qtbot, monkeypatch):
    w = reviewing
    ev = w.dataset.session.results.evaluated
    select(w, 0, 1)
    press(w, Qt.Key.Key_Return, CTRL)
    gone_key = key_of(w, 0)
    subject = str(ev.loc[ev["conviction_key"] == gone_key, "subject_id"].iloc[0]).strip()
    new = tmp_path / "next_extract.csv"
    _new_extract(sample_file(), new, subject)
    asked, reports = [], []
    monkeypatch.setattr(workspace_dialogs, "confirm_refresh",
                        lambda parent, name, carry, files: asked.append(carry) or True)
    monkeypatch.setattr(review_dialogs, "show_carry_over", lambda parent, carry, saved: reports.append((carry, saved)))
    assert w.workspace.refresh_with([str(new)])
    idle(w, qtbot)
    assert len(asked) == 1 and len(reports) == 1
    carry, saved = reports[0]
    assert saved and gone_key in carry.missing["key"].tolist() and carry.carried == carry.reviewed - len(carry.missing)
    assert w.dataset.session.paths == [str(new)] and gone_key not in w.dataset.session.results.evaluated[
        "conviction_key"].tolist()
    assert w.workspace.workspace.evaluation().files[0].name == "next_extract.csv"
    assert "refresh" in w.workspace.workspace.audit_log()["kind"].tolist()


def test_reopening_with_a_changed_file_asks_and_reports(loaded, tmp_path, qtbot, monkeypatch):
    data = tmp_path / "doj.csv"
    shutil.copy(sample_file(), data)
    loaded.settings.set(review_dialogs.REVIEWER_KEY, REVIEWER)
    assert loaded.dataset.open_files([str(data)])
    idle(loaded, qtbot)
    assert loaded.workspace.create_workspace(tmp_path / "w.rcw", REVIEWER)
    select(loaded, 0)
    press(loaded, Qt.Key.Key_Return, CTRL)
    key = key_of(loaded, 0)
    ev = loaded.dataset.session.results.evaluated
    subject = str(ev.loc[ev["conviction_key"] == key, "subject_id"].iloc[0]).strip()
    loaded.workspace.close_workspace()
    _new_extract(sample_file(), data, subject)  # DOJ's next extract, saved over the old file
    answers, reports = [False], []
    monkeypatch.setattr(workspace_dialogs, "confirm_refresh", lambda parent, name, carry, files: answers[0])
    monkeypatch.setattr(review_dialogs, "show_carry_over", lambda parent, carry, saved: reports.append(carry))
    before = fingerprint(tmp_path / "w.rcw")
    assert loaded.workspace.open_workspace(tmp_path / "w.rcw")
    idle(loaded, qtbot)
    assert loaded.workspace.workspace is None and reports == []  # declined: nothing changed
    assert fingerprint(tmp_path / "w.rcw") == before
    answers[0] = True
    assert loaded.workspace.open_workspace(tmp_path / "w.rcw")
    idle(loaded, qtbot)
    assert len(reports) == 1 and key in reports[0].missing["key"].tolist()
    assert loaded.workspace.workspace.evaluation().files[0].sha256 == fingerprint(data)




# ------------------------------------------------------------------ recent workspaces and the command line

def test_recent_workspaces_reopen_and_a_missing_one_is_removed(reviewing, qtbot, errors):
    w = reviewing
    path = w.workspace.workspace.path
    w.workspace.close_workspace()
    entries = [a for a in w.actions.recent_workspaces.actions() if a.toolTip() == str(path)]
    assert len(entries) == 1 and entries[0].text() == "Sacramento 2026.rcw"
    entries[0].trigger()
    idle(w, qtbot)
    assert w.workspace.workspace is not None and w.workspace.workspace.path == path
    w.workspace.close_workspace()
    path.rename(path.with_name("elsewhere.rcw"))
    next(a for a in w.actions.recent_workspaces.actions() if a.toolTip() == str(path)).trigger()
    assert errors[-1][0] == "Workspace not found"
    assert not [a for a in w.actions.recent_workspaces.actions() if a.toolTip() == str(path)]


def test_a_workspace_given_on_the_command_line_opens_as_a_workspace(reviewing, second_window, qtbot, monkeypatch):
    path = reviewing.workspace.workspace.path
    reviewing.workspace.close_workspace()
    second_window.settings.set(review_dialogs.REVIEWER_KEY, REVIEWER)
    second_window.open_paths([str(path)])
    idle(second_window, qtbot)
    assert second_window.workspace.workspace is not None and second_window.windowTitle().startswith(path.name)


# ------------------------------------------------------------------ a clinic's spreadsheet

def test_a_clinic_sheet_in_a_workspace_is_read_again_with_its_mapping(window, qtbot, tmp_path):
    from clinic_window_helpers import Answer, clinic_sheet, map_columns, wait_loaded

    from desktop_app.gui.mapping_dialog import MappingDialog

    w = window
    w.settings.set(review_dialogs.REVIEWER_KEY, REVIEWER)
    answer = Answer(MappingDialog, map_columns())
    assert w.dataset.open_files([str(clinic_sheet(tmp_path / "clients.xlsx"))])
    first = wait_loaded(qtbot, w)
    assert answer.seen and first.mapping is not None
    assert w.workspace.create_workspace(tmp_path / "Clinic.rcw", REVIEWER)
    keys = [key_of(w, r) for r in range(w.model.rowCount())]
    select(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    w.workspace.close_workspace()
    assert w.workspace.open_workspace(tmp_path / "Clinic.rcw")  # no mapping dialog: the workspace has it
    idle(w, qtbot)
    again = w.dataset.session
    assert again is not first and again.mapping is not None and again.mapping.columns == first.mapping.columns
    assert again.prepared.records.dataset.is_clinic
    assert [key_of(w, r) for r in range(w.model.rowCount())] == keys
    assert cell(w, 0, "review_status") == "Reviewed"


def test_a_client_typed_in_cannot_make_a_workspace(window, qtbot, tmp_path, errors):
    """Its data are in no file the workspace could read again."""
    from clinic_window_helpers import Answer, wait_loaded
    from PySide6.QtCore import QTimer

    from desktop_app.core.clinic.entry import EnteredConviction
    from desktop_app.gui.client_form import ClientForm

    def fill(form: ClientForm) -> None:
        form.name.setText("DOE, JANE")
        form.birth.setText("3/4/1980")
        form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F01234", "HS 11359(b)", "Felony"))

        def decided() -> None:
            if form.idle() and form.decisions:
                form.open_button.click()
            else:
                QTimer.singleShot(20, decided)
        decided()
    answer = Answer(ClientForm, fill)
    window.actions.new_client.trigger()
    s = wait_loaded(qtbot, window)
    assert answer.seen and s.paths == [] and s.prepared.records.dataset.is_clinic
    assert not window.workspace.create_workspace(tmp_path / "typed.rcw", REVIEWER)
    assert errors[-1][0] == "Not for a client typed in" and not (tmp_path / "typed.rcw").exists()
