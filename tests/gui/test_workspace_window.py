"""The review workspace in the window, on the bundled sample: a new workspace from the loaded data,
review actions from the keyboard (table, panel, person view and summary follow), the batch accept
with its confirmation, the review filters, undo, the summary, exports with the final decisions,
the workspace's policy (locked, changed explicitly), accessibility and the log."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from workspace_window_helpers import CTRL, REVIEWER, SHIFT, cell, fingerprint, idle, key_of, press, select

from desktop_app.core.workspace import Workspace
from desktop_app.gui import review_dialogs, workspace_dialogs
from desktop_app.gui.accessibility import audit
from desktop_app.gui.exporting import BUNDLE, ExportRequest

# ------------------------------------------------------------------ a new workspace

def test_new_workspace_from_the_loaded_sample(reviewing, tmp_path):
    w = reviewing
    path = tmp_path / "Sacramento 2026.rcw"
    ws = w.workspace.workspace
    assert ws is not None and ws.path == path and path.is_file()
    assert w.windowTitle() == "Sacramento 2026.rcw — Record Clearance Desktop"
    assert ws.evaluation().convictions == len(w.dataset.session.results.evaluated) == w.model.rowCount()
    titles = [c.title for c in w.model.columns]
    assert titles[:3] == ["Determination", "Final determination", "Review status"]
    for title in ("Reviewer", "Note", "Overridden", "Needs re-review"):
        assert title in titles
    assert {cell(w, r, "review_status") for r in range(w.model.rowCount())} == {"Not reviewed"}
    assert w.side_tabs.tabText(0) == "Review" and w.side_tabs.currentWidget() is w.review_scroll
    assert w.person_view.tabs.tabText(w.person_view.tabs.count() - 1) == "Review history"
    assert all(box.isVisible() for box in w.review_filters.widgets())
    assert w.review_panel.reviewer_name == REVIEWER
    # the workspace holds its policy: the panel shows it, locked
    assert not w.policy_panel.isEnabled() and not w.actions.open_policy.isEnabled()
    assert not w.actions.reevaluate.isEnabled() and not w.workspace_bar.isHidden()
    assert "County common choice" in w.workspace_bar.text.text()
    assert ws.evaluation().policy_file == "county-common.toml"


def test_a_workspace_is_never_replaced(reviewing, tmp_path, errors):
    w = reviewing
    before = fingerprint(tmp_path / "Sacramento 2026.rcw")
    assert not w.workspace.create_workspace(tmp_path / "Sacramento 2026.rcw", REVIEWER)
    assert errors and "already exists" in errors[-1][1]
    assert fingerprint(tmp_path / "Sacramento 2026.rcw") == before


def test_new_workspace_asks_where_and_the_name_once(loaded, tmp_path, monkeypatch, qtbot):
    asked = []
    monkeypatch.setattr(review_dialogs, "ask_reviewer_name", lambda parent, current="": asked.append(1) or "Bo Chen")
    monkeypatch.setattr(workspace_dialogs, "choose_new_path", lambda parent, suggested: tmp_path / "mine.rcw")
    loaded.actions.new_workspace.trigger()
    assert loaded.workspace.workspace.path == tmp_path / "mine.rcw"
    assert loaded.settings.get(review_dialogs.REVIEWER_KEY) == "Bo Chen"
    loaded.workspace.close_workspace()
    loaded.workspace.open_workspace(tmp_path / "mine.rcw")
    idle(loaded, qtbot)
    assert loaded.workspace.workspace is not None and asked == [1]  # asked once, kept in the settings


# ------------------------------------------------------------------ review actions

def test_review_actions_from_the_keyboard_update_table_panel_and_person_view(reviewing, qtbot):
    w = reviewing
    select(w, 0)
    key = key_of(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)  # accept
    assert cell(w, 0, "review_status") == "Reviewed" and cell(w, 0, "reviewer") == REVIEWER
    assert w.workspace.workspace.record(key)["status"] == "reviewed"
    assert "Accepted the automatic decision of 1 conviction" in w.review_panel.message.text()
    qtbot.waitUntil(lambda: "Accept" in w.review.history.text())  # right after the table
    history = w.review.history.text()
    assert f"Review history of {key}" in history and "Accept" in history and "Reviewed" in history

    panel = w.review_panel
    panel.determination.setCurrentText("Not eligible")
    panel.reason.setCurrentIndex(panel.reason.findData("Duplicate of another case"))
    press(w, Qt.Key.Key_Return, CTRL | SHIFT)  # change the determination
    assert cell(w, 0, "final_determination") == "Not eligible" and cell(w, 0, "overridden") == "Yes"
    assert cell(w, 0, "determination") != "Not eligible"  # the automatic one stays beside it

    panel.note.setPlainText("Court file checked (Dept 12).")
    press(w, Qt.Key.Key_N, CTRL | SHIFT)
    assert cell(w, 0, "review_note") == "Court file checked (Dept 12)."

    panel.status.setCurrentIndex(panel.status.findData("filed"))
    press(w, Qt.Key.Key_D, CTRL | SHIFT)  # refused: only a dismissal or a reduction is filed for relief
    assert panel.message.text().startswith("✕") and "can be filed" in panel.message.text()
    assert cell(w, 0, "review_status") == "Reviewed"

    press(w, Qt.Key.Key_Z, CTRL)  # undo the note
    assert cell(w, 0, "review_note") == ""
    press(w, Qt.Key.Key_Z, CTRL)  # undo the change
    assert cell(w, 0, "final_determination") == cell(w, 0, "determination") and cell(w, 0, "overridden") == "No"
    qtbot.waitUntil(lambda: "Undo" in w.review.history.text())
    # every action is on disk before the table shows it: another reader sees them
    with Workspace.open(w.workspace.workspace.path, read_only=True) as reader:
        assert reader.record(key)["determination"] == cell(w, 0, "determination") and reader.record(key)["note"] == ""
        kinds = reader.audit_log([key])["kind"].tolist()
    assert kinds.count("undo") == 3 and "note" in kinds and "determination" in kinds  # old -> new, each undo too


def test_status_with_date_and_batch_for_several_convictions(reviewing):
    w = reviewing
    rows = [r for r in range(w.model.rowCount()) if cell(w, r, "determination") == "Eligible for Dismissal"][:3]
    select(w, *rows)
    press(w, Qt.Key.Key_Return, CTRL)
    assert "3 convictions selected" in w.review_panel.heading.text()
    panel = w.review_panel
    panel.status.setCurrentIndex(panel.status.findData("filed"))
    panel.batch.setText("2026-03 Dept 12")
    press(w, Qt.Key.Key_D, CTRL | SHIFT)
    assert [cell(w, r, "review_status") for r in rows] == ["Filed with court"] * 3
    assert {cell(w, r, "filing_batch") for r in rows} == {"2026-03 Dept 12"}


def test_batch_accept_of_the_convictions_in_view_asks_with_the_number(reviewing, monkeypatch):
    w = reviewing
    select(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    asked: list[tuple[int, int | None]] = []
    answer = [False]
    monkeypatch.setattr(review_dialogs, "confirm_batch_accept",
                        lambda parent, n, undecided=None: asked.append((n, undecided)) or answer[0])
    total = w.model.rowCount()
    press(w, Qt.Key.Key_A, CTRL | SHIFT)
    assert asked == [(total, total - 1)]  # the one already decided keeps its decision
    assert sum(cell(w, r, "review_status") == "Reviewed" for r in range(total)) == 1  # cancelled: nothing
    answer[0] = True
    w.review_filters.choose("review_status", "Not reviewed")
    assert w.model.rowCount() == total - 1
    assert w.review_panel.accept_view_button.text() == f"Accept all {total - 1:,} in view…"
    press(w, Qt.Key.Key_A, CTRL | SHIFT)
    assert asked[-1] == (total - 1, total - 1)
    assert w.model.rowCount() == 0  # every one now reviewed: the filter shows none
    assert len(w.workspace.workspace.reviews()) == total
    press(w, Qt.Key.Key_Z, CTRL)  # one action: one undo takes the batch back
    assert w.model.rowCount() == total - 1


def test_review_filters_status_overridden_and_needs_rereview(reviewing):
    w = reviewing
    total = w.model.rowCount()
    select(w, 1, 2)
    press(w, Qt.Key.Key_Return, CTRL)
    select(w, 3)
    w.review_panel.determination.setCurrentText("Hand Review")
    w.review_panel.reason.setCurrentIndex(w.review_panel.reason.findData("Other: see the note"))
    press(w, Qt.Key.Key_Return, CTRL | SHIFT)
    filters = w.review_filters
    assert [filters.combos["review_status"].itemText(i) for i in range(filters.combos["review_status"].count())] \
        == ["Any review status", f"Not reviewed ({total - 3})", "Reviewed (3)"]
    filters.choose("review_status", "Reviewed")
    assert w.model.rowCount() == 3 and w.filter_bar.count_label.text() == f"3 of {total} convictions"
    filters.choose("overridden", "Yes")
    assert w.model.rowCount() == 1 and cell(w, 0, "final_determination") == "Hand Review"
    w.filter_bar.clear()
    assert not filters.choose("needs_rereview", "Yes")  # nothing changed under a review yet: not offered
    filters.choose("needs_rereview", "No")
    assert w.model.rowCount() == total


def test_accepting_in_a_not_reviewed_view_moves_to_the_next_conviction(reviewing, qtbot):
    w = reviewing
    w.review_filters.choose("review_status", "Not reviewed")
    second, third = key_of(w, 1), key_of(w, 2)
    select(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    assert key_of(w, 0) == second  # the accepted one left the view
    assert w.review.selected_keys() == [second]  # and the next one is ready for the next key press
    press(w, Qt.Key.Key_Return, CTRL)
    assert key_of(w, 0) == third and w.review.selected_keys() == [third]
    ev = w.dataset.session.results.evaluated
    person = int(ev.loc[ev["conviction_key"] == third, "person"].iloc[0])
    qtbot.waitUntil(lambda: w.person_view.person == person)  # the person view follows the table
    assert w.table.currentIndex().row() == 0


def test_summary_shows_review_progress(reviewing):
    w = reviewing
    total = w.model.rowCount()
    select(w, 0, 1, 2)
    press(w, Qt.Key.Key_Return, CTRL)
    w.tabs.setCurrentIndex(1)
    text = w.summary_view.text.toPlainText()
    assert f"Reviewed 3 of {total} convictions" in text
    assert "Review progress: Sacramento 2026.rcw" in text and f"Not reviewed\n{total - 3}\nReviewed\n3" in text
    progress = w.review.progress()
    assert progress["reviewed"] == 3 and progress["byStatus"]["Reviewed"] == 3


# ------------------------------------------------------------------ exports

def test_export_from_the_window_has_the_final_decisions_and_review_sheets(reviewing, tmp_path, qtbot):
    w = reviewing
    select(w, 0)
    key = key_of(w, 0)
    w.review_panel.determination.setCurrentText("Not eligible")
    w.review_panel.reason.setCurrentIndex(w.review_panel.reason.findData("Duplicate of another case"))
    press(w, Qt.Key.Key_Return, CTRL | SHIFT)
    out = tmp_path / "out"
    assert w.exports.start_export(ExportRequest(BUNDLE, out))
    idle(w, qtbot)
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    assert {"Reviews", "Audit log"} <= set(book.sheetnames)
    rows = list(book["Convictions"].iter_rows(values_only=True))
    header = list(rows[0])
    for title in ("Conviction key", "Final determination", "Overridden", "Review status", "Reviewer"):
        assert title in header
    mine = next(r for r in rows[1:] if r[header.index("Conviction key")] == key)
    assert mine[header.index("Final determination")] == "Not eligible" and mine[header.index("Overridden")] == "Yes"
    reviews = list(book["Reviews"].iter_rows(values_only=True))
    assert len(reviews) == 2 and reviews[1][0] == key
    log = list(book["Audit log"].iter_rows(values_only=True))
    assert any(r[7] == "Final determination" and r[9] == "Not eligible" for r in log[1:])
    book.close()
    import json

    progress = json.loads((out / "Summary.json").read_text())["reviewProgress"]
    assert progress["reviewed"] == 1 and progress["overridden"] == 1


# ------------------------------------------------------------------ the workspace's policy

def test_changing_the_workspace_policy_is_explicit_and_flags_rereview(reviewing, qtbot, monkeypatch):
    w = reviewing
    ws = w.workspace.workspace
    reductions = [r for r in range(w.model.rowCount()) if cell(w, r, "determination") == "Eligible for Reduction"]
    select(w, *reductions)
    press(w, Qt.Key.Key_Return, CTRL)
    results = w.dataset.session.results
    w.actions.change_workspace_policy.trigger()
    assert w.policy_panel.isEnabled() and w.workspace_bar.apply_button.isVisible()
    w.policy_panel.section_groups["11359"].button(0).setChecked(True)  # dismiss 11359: some reductions change
    w.policy_panel.flush()
    qtbot.wait(50)
    assert w.dataset.session.results is results and not w.runner.busy()  # nothing evaluated while editing
    asked = []
    monkeypatch.setattr(workspace_dialogs, "confirm_policy_change",
                        lambda parent, changed, total, carry, what: asked.append((changed, total, carry, what)) or True)
    reports = []
    monkeypatch.setattr(review_dialogs, "show_carry_over", lambda parent, carry, saved: reports.append(carry))
    assert w.workspace_policy.apply_policy()
    idle(w, qtbot)
    changed, total, carry, what = asked[0]
    assert changed > 0 and total == len(results.evaluated) and "Policy: County common choice →" in what
    assert 0 < len(carry.changed) <= min(changed, len(reductions))
    assert len(ws.evaluations()) == 2 and not w.policy_panel.isEnabled()
    flagged = [key_of(w, r) for r in range(w.model.rowCount()) if cell(w, r, "needs_rereview") == "Yes"]
    assert sorted(flagged) == sorted(carry.changed["key"])  # honest: the reviews whose decision changed
    assert reports and reports[0].changed["key"].tolist() == carry.changed["key"].tolist()  # and said so
    assert ws.policy().options.dismiss != results.policy.options.dismiss
    assert "evaluation" in ws.audit_log()["field"].tolist()


def test_cancelling_a_policy_change_shows_the_workspace_policy_again(reviewing):
    w = reviewing
    w.workspace_policy.change_policy()
    assert not w.workspace_policy.apply_policy()  # nothing changed: nothing to apply
    assert "Nothing to apply" in w.status_label.text() and len(w.workspace.workspace.evaluations()) == 1
    w.workspace_policy.change_policy()
    w.policy_panel.section_groups["11359"].button(0).setChecked(True)
    assert w.policy_panel.is_modified()
    w.workspace_policy.cancel_policy_change()
    assert not w.policy_panel.is_modified() and not w.policy_panel.isEnabled()
    assert len(w.workspace.workspace.evaluations()) == 1


def test_a_workspace_keeps_the_policy_text_it_was_made_with(reviewing, tmp_path, qtbot):
    """A policy changed in the panel is kept as TOML; a workspace made from an open workspace's
    data keeps that text as it is (not rewritten)."""
    from desktop_app.core.pipeline import default_policy_path

    w = reviewing
    first = w.workspace.workspace.evaluation()
    assert first.policy_text == default_policy_path().read_text(encoding="utf-8")
    assert w.workspace.create_workspace(tmp_path / "copy.rcw", REVIEWER)
    again = w.workspace.workspace.evaluation()
    assert (again.policy_text, again.policy_file) == (first.policy_text, first.policy_file)
    w.workspace.close_workspace()
    w.policy_panel.section_groups["11359"].button(0).setChecked(True)
    w.policy_panel.flush()
    idle(w, qtbot)
    assert w.workspace.create_workspace(tmp_path / "changed.rcw", REVIEWER)
    changed = w.workspace.workspace.evaluation()
    assert changed.policy_file.endswith(".toml") and changed.policy_name.endswith("(modified)")
    assert "11359" in w.workspace.workspace.policy().options.dismiss


def test_court_filings_get_the_open_workspace_and_the_reviews_they_change_show(reviewing):
    w = reviewing
    assert w.actions.filings.isEnabled()
    key = key_of(w, 0)
    w.workspace.workspace.set_note([key], "Listed in the Dept 12 motion.", REVIEWER)  # as a filing action does
    w.filings.reviews_changed.emit([key])
    assert cell(w, 0, "review_note") == "Listed in the Dept 12 motion."
    w.workspace.close_workspace()
    assert not w.actions.filings.isEnabled()


# ------------------------------------------------------------------ accessibility and privacy

def test_the_window_with_a_workspace_names_every_control(reviewing, tmp_path, second_window, qtbot, monkeypatch):
    w = reviewing
    select(w, 0)
    w.person_view.tabs.setCurrentWidget(w.review.history)
    assert audit(w) == []
    w.side_tabs.setCurrentIndex(1)
    assert audit(w) == []  # the policy tab, locked, with its note
    w.workspace_policy.change_policy()
    assert audit(w) == []
    monkeypatch.setattr(review_dialogs, "ask_open_read_only", lambda parent, e: True)
    second_window.workspace.open_workspace(w.workspace.workspace.path)
    idle(second_window, qtbot)
    assert audit(second_window) == []


def test_the_workspace_questions_name_their_controls(qtbot, tmp_path):
    """The questions this window adds (audited as they open, then closed unanswered)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QFileDialog

    from desktop_app.core.workspace import CarryOver

    found: dict[str, list[str]] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        if not isinstance(widget, QFileDialog):
            found[widget.windowTitle()] = audit(widget)
        widget.reject() if isinstance(widget, QDialog) else widget.close()
    timer = QTimer(interval=20)
    timer.timeout.connect(check)
    timer.start()
    carry = CarryOver(reviewed=3, carried=2)
    try:
        assert not workspace_dialogs.ask_locate(None, "w.rcw", "its input file doj.csv is no longer at /data")
        assert not workspace_dialogs.confirm_refresh(None, "w.rcw", carry, ["doj.csv"])
        assert not workspace_dialogs.confirm_policy_change(None, 4, 45, carry, "Policy: A → B.")
    finally:
        timer.stop()
    assert set(found) == {"Input file not found", "Make this the workspace's data?", "Apply to the workspace?"}
    assert {title: problems for title, problems in found.items() if problems} == {}


def test_every_dialog_the_menus_open_with_a_workspace_names_its_controls(reviewing, qtbot):
    """As tests/gui/test_accessibility.py does for the window without a workspace: every menu
    command that opens a dialog ("…") is run and the dialog that opens is audited."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

    w = reviewing
    select(w, 0)
    found: dict[str, list[str]] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()  # Columns… is a menu
        if widget is None:
            return
        if not isinstance(widget, QFileDialog):
            found[widget.windowTitle()] = audit(widget)
        widget.reject() if isinstance(widget, QDialog) else widget.close()
    timer = QTimer(interval=20)
    timer.timeout.connect(check)
    timer.start()
    try:
        for menu in w.menuBar().findChildren(QMenu):
            for action in menu.actions():
                if action.isEnabled() and action.text().endswith("…") and action.menu() is None:
                    action.trigger()
                    qtbot.wait(10)
    finally:
        timer.stop()
    for title in ("Your name", "Accept the automatic decisions?"):
        assert title in found, sorted(found)
    assert {title: problems for title, problems in found.items() if problems} == {}


def test_review_shortcuts_work_from_the_policy_tab_too(reviewing):
    w = reviewing
    w.side_tabs.setCurrentWidget(w.policy_page)
    select(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    assert cell(w, 0, "review_status") == "Reviewed"


def test_f6_reaches_the_review_panel(reviewing):
    w = reviewing
    w.activateWindow()
    w.table.setFocus()
    names = [w.navigation.next_pane(1) for _ in range(len(w.navigation.panes))]
    assert "Review panel" in names
    assert w.review_panel.isAncestorOf(QApplication.focusWidget()) or names[-1] != "Review panel"


def test_the_log_holds_counts_not_names(reviewing, caplog):
    import logging

    w = reviewing
    caplog.set_level(logging.DEBUG)
    select(w, 0)
    name = cell(w, 0, "name")
    key = key_of(w, 0)
    press(w, Qt.Key.Key_Return, CTRL)
    w.review_panel.note.setPlainText("Spoke with the defendant's attorney.")
    press(w, Qt.Key.Key_N, CTRL | SHIFT)
    assert caplog.records and "1 conviction" in caplog.text
    for secret in (name, key, "attorney", REVIEWER, "Sacramento 2026"):
        assert secret not in caplog.text
