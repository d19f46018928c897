"""The review workspace's widgets on their own (they are wired into the window later): the review
panel drives a real workspace through its signals and keyboard shortcuts; the review history,
the reviewer's name, "open elsewhere: read-only?", the batch confirmation and the carry-over
report. Every interactive widget has an accessible name."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit, QDialogButtonBox, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QWidget)
from ws_factory import MISDEMEANOR, SALE, TRANSPORT, YOUNG, evaluate_file, new_extract_rows, new_workspace, write_data

from desktop_app.core.workspace import Workspace, WorkspaceInUse
from desktop_app.core.workspace.apply import ReviewedConvictions
from desktop_app.gui import review_dialogs
from desktop_app.gui.review_columns import review_columns, review_masks, update_review_columns
from desktop_app.gui.review_history import ReviewHistoryView
from desktop_app.gui.review_panel import MIXED, ReviewPanel, summarise
from desktop_app.gui.settings import AppSettings


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader could not name: no accessible name, no buddy label."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QDateEdit):
        for w in root.findChildren(kind):
            if isinstance(w.parent(), (QComboBox, QDateEdit)) or w.objectName().startswith("qt_"):
                continue  # a combo's or date edit's own line edit, a table's corner button
            named_by_text = isinstance(w, QAbstractButton) and w.text().replace("&", "").strip()
            if not w.accessibleName() and id(w) not in buddies and not named_by_text:
                missing.append(f"{type(w).__name__} {w.objectName() or getattr(w, 'text', lambda: '')()}")
    return missing


class Harness:
    """What the window's review controller will do: panel requests -> workspace -> panel and table."""

    def __init__(self, ws: Workspace, results, panel: ReviewPanel) -> None:
        self.ws, self.results, self.panel = ws, results, panel
        self.reviewed = ReviewedConvictions(results.evaluated, ws.reviews())
        self.columns = review_columns(self.reviewed)
        self.rows = np.zeros(0, dtype=np.int64)
        self.errors: list[str] = []
        name = "Ana Reviewer"
        panel.set_reviewer(name)
        panel.set_reasons(ws.change_reasons())
        panel.accept_requested.connect(lambda: self.act(lambda keys: ws.accept(keys, name)))
        panel.determination_requested.connect(
            lambda d, r: self.act(lambda keys: ws.set_determination(keys, d, r or None, name)))
        panel.status_requested.connect(
            lambda s, day, b: self.act(lambda keys: ws.set_status(keys, s, name, date=day or None, batch=b or None)))
        panel.note_requested.connect(lambda text: self.act(lambda keys: ws.set_note(keys, text, name)))
        panel.undo_requested.connect(lambda: self.act(lambda keys: ws.undo(name)))

    def select(self, *keys: str) -> None:
        self.rows = self.reviewed.positions(list(keys))
        self.refresh()

    def keys(self) -> list[str]:
        return self.results.evaluated["conviction_key"].to_numpy()[self.rows].tolist()

    def act(self, do) -> None:  # type: ignore[no-untyped-def]
        from desktop_app.core.errors import RecordClearanceError

        try:
            done = do(self.keys())
        except RecordClearanceError as e:
            self.panel.show_message(str(e), error=True)
            self.errors.append(str(e))
            return
        at = self.reviewed.update(self.ws.records(done.keys)) if done else np.zeros(0, dtype=np.int64)
        self.columns = update_review_columns(self.columns, self.reviewed, at)
        self.refresh()

    def refresh(self) -> None:
        ev = self.results.evaluated
        self.panel.show_selection(summarise(self.reviewed.arrays, ev["conviction_key"].to_numpy(),
                                            ev["determination"].astype(str).to_numpy(), self.results.reason_texts,
                                            self.rows))
        self.panel.set_undo_available(self.ws.can_undo)

    def cell(self, key: str, column: str) -> str:
        col = next(c for c in self.columns if c.key == column)
        return col.text(int(self.reviewed.positions([key])[0]))


@pytest.fixture
def harness(qtbot, tmp_path):
    ws, results = new_workspace(tmp_path)
    panel = ReviewPanel()
    qtbot.addWidget(panel)
    panel.show()
    h = Harness(ws, results, panel)
    yield h
    ws.close()


def test_every_interactive_widget_of_the_panel_has_a_name(harness):
    assert unnamed_widgets(harness.panel) == []
    labels = {label.buddy(): label.text() for label in harness.panel.findChildren(QLabel) if label.buddy()}
    assert labels[harness.panel.determination] == "&Determination:" and labels[harness.panel.note].startswith("&Note")


def test_nothing_selected_or_no_reviewer_means_no_action(harness):
    assert not harness.panel.accept_button.isEnabled()
    harness.select(SALE)
    assert harness.panel.accept_button.isEnabled()
    harness.panel.set_reviewer("")
    assert not harness.panel.accept_button.isEnabled() and not harness.panel.note_button.isEnabled()


def test_accept_with_the_button_and_with_ctrl_return(harness, qtbot):
    harness.select(SALE)
    qtbot.mouseClick(harness.panel.accept_button, Qt.MouseButton.LeftButton)
    assert harness.ws.record(SALE)["status"] == "reviewed"
    assert harness.cell(SALE, "review_status") == "Reviewed" and harness.cell(SALE, "reviewer") == "Ana Reviewer"
    harness.select(MISDEMEANOR, TRANSPORT)
    assert "2 convictions selected" in harness.panel.heading.text()
    harness.panel.status.setFocus()
    qtbot.keyClick(harness.panel.status, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert harness.ws.record(MISDEMEANOR)["determination"] == "Eligible for Dismissal"
    assert harness.ws.record(TRANSPORT)["determination"] == "Eligible for Reduction"


def test_change_the_determination_needs_a_reason(harness, qtbot):
    harness.select(SALE)
    panel = harness.panel
    panel.determination.setCurrentText("Not eligible")
    assert panel.reason.isEnabled()
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    assert harness.ws.record(SALE) is None  # refused: no reason chosen
    assert panel.message.text().startswith("✕") and "needs a reason" in panel.message.text()
    panel.reason.setCurrentIndex(panel.reason.findData("Duplicate of another case"))
    panel.determination.setFocus()
    qtbot.keyClick(panel.determination, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert harness.ws.record(SALE)["change_reason"] == "Duplicate of another case"
    assert harness.cell(SALE, "final_determination") == "Not eligible" and harness.cell(SALE, "overridden") == "Yes"
    assert "Final: <b>Not eligible</b>" in panel.heading.text()
    panel.determination.setCurrentText("Eligible for Reduction")  # the automatic one: no reason needed
    assert not panel.reason.isEnabled()


def test_status_with_date_and_batch(harness, qtbot):
    harness.select(SALE)
    panel = harness.panel
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    panel.status.setCurrentIndex(panel.status.findData("challenged"))
    assert not panel.batch.isEnabled()  # a filing batch only goes with "Filed with court"
    panel.status.setCurrentIndex(panel.status.findData("filed"))
    assert panel.batch.isEnabled() and panel.date.isEnabled()
    panel.date.setDate(QDate(2026, 3, 2))
    qtbot.keyClicks(panel.batch, "2026-03 Dept 12")
    qtbot.keyClick(panel.batch, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    record = harness.ws.record(SALE)
    assert (record["status"], record["status_date"], record["filing_batch"]) == \
        ("filed", "2026-03-02", "2026-03 Dept 12")
    assert harness.cell(SALE, "review_status") == "Filed with court"


def test_note_undo_and_read_only(harness, qtbot):
    harness.select(SALE, YOUNG)
    panel = harness.panel
    assert not panel.undo_button.isEnabled()
    qtbot.keyClicks(panel.note, "Ask the court for the file")
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    assert harness.ws.record(YOUNG)["note"] == "Ask the court for the file"
    assert harness.cell(SALE, "review_note") == "Ask the court for the file"
    harness.select(YOUNG)
    panel.note.setPlainText("other")
    qtbot.keyClick(panel.note, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    harness.select(SALE, YOUNG)  # the notes now differ
    assert panel.summary.note == MIXED and panel.note.toPlainText() == ""
    assert panel.undo_button.isEnabled()
    panel.accept_button.setFocus()
    qtbot.keyClick(panel.accept_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert harness.ws.record(YOUNG)["note"] == "Ask the court for the file"  # "other" undone
    panel.set_read_only(True)
    assert panel.read_only_label.isVisible() and "Read-only" in panel.read_only_label.text()
    assert not any(w.isEnabled() for w in (panel.accept_button, panel.change_button, panel.status_button,
                                           panel.note_button, panel.undo_button, panel.accept_view_button))


def test_needs_re_review_is_said_in_words(harness, tmp_path):
    harness.ws.accept([SALE], "Ana Reviewer")
    new = evaluate_file(write_data(tmp_path, new_extract_rows(), "new.csv"))
    harness.ws.refresh(new, reviewer="Ana Reviewer")
    fresh = Harness(harness.ws, new, harness.panel)
    fresh.select(SALE)
    text = harness.panel.rereview_label.text()
    assert harness.panel.rereview_label.isVisibleTo(harness.panel)
    assert text.startswith("⚠ Needs re-review") and "was Eligible for Reduction, now Eligible for Dismissal" in text
    assert review_masks(fresh.reviewed)["needs_rereview"].sum() == 1
    assert fresh.cell(SALE, "needs_rereview") == "Yes"


def test_the_actions_for_the_window_menu(harness):
    actions = harness.panel.review_actions()
    assert set(actions) == {"accept", "change", "status", "note", "undo", "accept_view"}
    assert actions["accept"].shortcut().toString() == "Ctrl+Return"
    assert actions["undo"].shortcut().toString() == "Ctrl+Z"
    harness.panel.set_view_count(1234)
    assert harness.panel.accept_view_button.text() == "Accept all 1,234 in view…"


def test_review_history_lists_every_change(qtbot, harness):
    ws = harness.ws
    ws.accept([SALE], "Ana Reviewer")
    ws.set_determination([SALE], "Not eligible", "Duplicate of another case", "Bo Checker")
    ws.set_note([SALE], "see case 12", "Bo Checker")
    ws.undo("Carla Lead")
    view = ReviewHistoryView()
    qtbot.addWidget(view)
    view.show_history(ws.audit_log([SALE, TRANSPORT]), [SALE, TRANSPORT])
    text = view.text()
    assert f"Review history of {SALE}" in text
    assert "Final determination: Eligible for Reduction → Not eligible" in text
    assert "Review status: Not reviewed → Reviewed" in text
    assert "Carla Lead" in text and "Undo of action 4" in text
    assert "Not reviewed yet: the automatic decision stands." in text  # TRANSPORT
    assert "reduce_sections" not in text  # category codes are not for people
    assert view.browser.accessibleName() == "Review history"


def test_reviewer_name_dialog_and_asking_once(qtbot, monkeypatch):
    dialog = review_dialogs.ReviewerNameDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and unnamed_widgets(dialog) == []
    qtbot.keyClicks(dialog.name, "  Ana   Ruiz ")
    assert ok.isEnabled() and dialog.value() == "Ana Ruiz"
    asked: list[str] = []
    monkeypatch.setattr(review_dialogs, "ask_reviewer_name", lambda parent, current="": asked.append(current) or "Ana")
    settings = AppSettings()
    assert review_dialogs.reviewer_name(settings) == "Ana"
    assert review_dialogs.reviewer_name(settings) == "Ana" and asked == [""]  # asked once, then remembered
    assert review_dialogs.reviewer_name(settings, ask_again=True) == "Ana" and asked == ["", "Ana"]


def _answer(button_text: str, seen: list[str]) -> None:
    """Click the button of the modal message box once it shows (recording its text)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, click)


def test_open_elsewhere_offers_read_only(qtbot, tmp_path):
    seen: list[str] = []
    error = WorkspaceInUse(tmp_path / "Sacramento 2026.rcw", "ana on PC-12, since 2026-03-02 09:10, process 4242")
    _answer("Open read-only", seen)
    assert review_dialogs.ask_open_read_only(None, error)
    assert "Sacramento 2026.rcw is open elsewhere" in seen[0] and "ana on PC-12" in seen[0]
    _answer("Cancel", seen)
    assert not review_dialogs.ask_open_read_only(None, error)
    network = WorkspaceInUse(tmp_path / "s.rcw", "", read_only_possible=False)
    _answer("Close", seen)
    assert not review_dialogs.ask_open_read_only(None, network)
    assert "only one person" in seen[-1]


def test_batch_accept_is_confirmed_with_the_number(qtbot):
    seen: list[str] = []
    _answer("Accept 1,234", seen)
    assert review_dialogs.confirm_batch_accept(None, 1234)
    assert "the 1,234 convictions in view" in seen[0]
    _answer("Accept 1,000", seen)
    assert review_dialogs.confirm_batch_accept(None, 1234, 1000)
    assert "The 234 already decided keep their decision" in seen[1]
    _answer("Cancel", seen)
    assert not review_dialogs.confirm_batch_accept(None, 1234)


def test_carry_over_report(qtbot, qtmodeltester, tmp_path):
    ws, _ = new_workspace(tmp_path)
    with ws:
        ws.accept([SALE, MISDEMEANOR, TRANSPORT], "Ana Reviewer")
        ws.accept(["A1004|001001001000|2012-06-01|11358HS"], "Ana Reviewer")
        carry = ws.refresh(evaluate_file(write_data(tmp_path, new_extract_rows(), "new.csv")), reviewer="Ana Reviewer")
    dialog = review_dialogs.CarryOverDialog(carry, saved=True)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.changed_model)
    qtmodeltester.check(dialog.missing_model)
    assert dialog.missing_model.rowCount() == 1 and dialog.changed_model.rowCount() == 2
    index = dialog.missing_model.index(0, 2)
    assert dialog.missing_model.data(index) == "Reviewed"  # a label, not the stored code
    assert unnamed_widgets(dialog) == []
