"""The review panel: for the convictions selected in the table, accept the automatic decision,
change the determination (with a reason from the workspace's closed list), set the status (with
its date and filing batch), write a note, undo the last action.

The panel decides nothing and writes nothing: it shows a `SelectionSummary` and emits what the
reviewer asked for; the window's review controller calls the workspace and shows the outcome
(`show_message`). Keyboard: every field has an Alt mnemonic; the actions (`actions()`) have
shortcuts the window should make window-wide, so they work from the table:

    Ctrl+Return        accept the automatic decision
    Ctrl+Shift+Return  change the determination to the one chosen (with the reason chosen)
    Ctrl+Shift+D       set the status (with the date and batch)
    Ctrl+Shift+N       save the note
    Ctrl+Z             undo the last review action (in the note field: the editor's own undo)
    Ctrl+Shift+A       accept the automatic decision for every conviction in view (asks first)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ..core.schema import DETERMINATIONS
from ..core.workspace.vocabulary import FILED, NEEDS_DATE, NOT_REVIEWED, REVIEWED, STATUSES
from . import style

SETTABLE_STATUSES = [code for code in STATUSES if code != NOT_REVIEWED]
MIXED = "(differ)"


@dataclass(frozen=True)
class SelectionSummary:
    """What the panel shows about the selected convictions (see `summarise`)."""

    count: int
    key: str = ""  # the conviction key when one is selected
    automatic: str = ""  # automatic determination (MIXED when they differ)
    automatic_reason: str = ""  # the automatic reason's text, for one
    final: str = ""  # final determination (MIXED when they differ)
    status: str = ""  # status label (MIXED when they differ)
    reviewer: str = ""
    reviewed_at: str = ""
    note: str = ""  # the note (MIXED when the notes differ)
    change_reason: str = ""
    rereview: list[str] = field(default_factory=list)  # why each selected conviction needs re-review
    reviewed: int = 0  # how many of them are reviewed


def _one(values: np.ndarray) -> str:
    distinct = list(dict.fromkeys(str(v) for v in values))
    return distinct[0] if len(distinct) == 1 else MIXED


def summarise(arrays: dict, keys: np.ndarray, automatic: np.ndarray, reason_texts: np.ndarray,
              rows: np.ndarray) -> SelectionSummary:
    """The summary of evaluated rows `rows`: `arrays` is ReviewedConvictions.arrays, the others are
    per evaluated conviction (conviction key, automatic determination, reason text)."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return SelectionSummary(0)
    status = np.array([list(STATUSES.values())[i] for i in arrays["review_status"][rows]], dtype=object)
    needs = arrays["needs_rereview"][rows]
    return SelectionSummary(
        count=len(rows), key=str(keys[rows[0]]) if len(rows) == 1 else "",
        automatic=_one(automatic[rows]), automatic_reason=str(reason_texts[rows[0]]) if len(rows) == 1 else "",
        final=_one(arrays["final_determination"][rows]), status=_one(status),
        reviewer=_one(arrays["reviewer"][rows]), reviewed_at=_one(arrays["reviewed_at"][rows]),
        note=_one(arrays["review_note"][rows]), change_reason=_one(arrays["change_reason"][rows]),
        rereview=[str(w) for w in arrays["rereview_why"][rows][needs]],
        reviewed=int((arrays["review_status"][rows] != 0).sum()))


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)  # a screen reader names the field by it; Alt+letter moves there
    return label


class ReviewPanel(QWidget):
    accept_requested = Signal()
    accept_view_requested = Signal()  # accept for every conviction in view (the window confirms N)
    determination_requested = Signal(str, str)  # determination, reason ("" when none)
    status_requested = Signal(str, str, str)  # status code, date (YYYY-MM-DD or ""), filing batch
    note_requested = Signal(str)
    undo_requested = Signal()
    reviewer_change_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review panel")
        self.summary = SelectionSummary(0)
        self._read_only = False
        self._undo = False
        self._view_count = 0

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setAccessibleName("Selected convictions")
        self.rereview_label = QLabel()  # words and a symbol, never colour alone
        self.rereview_label.setWordWrap(True)
        self.rereview_label.setAccessibleName("Needs re-review")

        self.accept_button = QPushButton("Accept automatic decision")
        self.accept_button.setToolTip("Record the automatic decision as the final one (Ctrl+Return)")
        self.accept_button.clicked.connect(self.accept_requested)
        self.accept_view_button = QPushButton("Accept all in view…")
        self.accept_view_button.setToolTip("Accept the automatic decision for every conviction the table shows "
                                           "(Ctrl+Shift+A); you confirm the number first")
        self.accept_view_button.clicked.connect(self.accept_view_requested)

        self.determination = QComboBox()
        for d in DETERMINATIONS:
            self.determination.addItem(style.icon(d), d)
        self.determination.currentIndexChanged.connect(self._sync)
        self.reason = QComboBox()
        self.reason.setToolTip("Why the determination is changed (the workspace's list)")
        self.change_button = QPushButton("Change")
        self.change_button.setToolTip("Make the chosen determination the final one (Ctrl+Shift+Return)")
        self.change_button.clicked.connect(self._request_determination)

        self.status = QComboBox()
        for code in SETTABLE_STATUSES:
            self.status.addItem(STATUSES[code], code)
        self.status.currentIndexChanged.connect(self._sync)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.batch = QLineEdit()
        self.batch.setPlaceholderText("e.g. 2026-03 Dept 12")
        self.status_button = QPushButton("Set status")
        self.status_button.setToolTip("Set the status, with its date and filing batch (Ctrl+Shift+D)")
        self.status_button.clicked.connect(self._request_status)

        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # Tab leaves the note: the panel stays keyboard-navigable
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        self.note_button = QPushButton("Save note")
        self.note_button.setToolTip("Save the note (Ctrl+Shift+N); it replaces the previous one")
        self.note_button.clicked.connect(lambda: self.note_requested.emit(self.note.toPlainText()))

        self.reviewer_label = QLabel()
        self.reviewer_label.setAccessibleName("Reviewer")
        self.reviewer_button = QPushButton("Change name…")
        self.reviewer_button.clicked.connect(self.reviewer_change_requested)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Take back the last review action (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_requested)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Review message")
        self.read_only_label = QLabel()
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setAccessibleName("Read-only")
        self.read_only_label.hide()
        for button, name in ((self.accept_button, None), (self.accept_view_button, None),
                             (self.change_button, "Change the determination"), (self.status_button, None),
                             (self.note_button, None), (self.reviewer_button, "Change the reviewer's name"),
                             (self.undo_button, "Undo the last review action")):
            button.setAccessibleName(name or button.text().rstrip("…"))
            button.setAutoDefault(False)

        decide = QGroupBox("Decision")
        form = QFormLayout(decide)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.accept_view_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(_label("&Determination:", self.determination), self.determination)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(self.change_button)
        form.addRow(_label("Reas&on:", self.reason), reason_row)
        track = QGroupBox("Status")
        form2 = QFormLayout(track)
        form2.addRow(_label("&Status:", self.status), self.status)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(_label("&Batch:", self.batch))
        date_row.addWidget(self.batch, 1)
        form2.addRow(_label("Da&te:", self.date), date_row)
        form2.addRow("", self.status_button)
        notes = QGroupBox("Note")
        note_layout = QVBoxLayout(notes)
        note_label = _label("&Note (replaces the previous one):", self.note)
        note_layout.addWidget(note_label)
        note_layout.addWidget(self.note)
        note_layout.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignRight)
        footer = QHBoxLayout()
        footer.addWidget(self.reviewer_label, 1)
        footer.addWidget(self.reviewer_button)
        footer.addWidget(self.undo_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.heading)
        layout.addWidget(self.rereview_label)
        layout.addWidget(decide)
        layout.addWidget(track)
        layout.addWidget(notes)
        layout.addWidget(line)
        layout.addLayout(footer)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setTabOrder(self.accept_button, self.accept_view_button)
        for a, b in ((self.accept_view_button, self.determination), (self.determination, self.reason),
                     (self.reason, self.change_button), (self.change_button, self.status), (self.status, self.date),
                     (self.date, self.batch), (self.batch, self.status_button), (self.status_button, self.note),
                     (self.note, self.note_button), (self.note_button, self.reviewer_button),
                     (self.reviewer_button, self.undo_button)):
            self.setTabOrder(a, b)

        self._actions = self._make_actions()
        self.set_reviewer("")
        self.set_reasons([])
        self.show_selection(SelectionSummary(0))

    # ------------------------------------------------------------------ actions and shortcuts

    def _make_actions(self) -> dict[str, QAction]:
        def action(text: str, keys: list[str], button: QPushButton) -> QAction:
            a = QAction(text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(button.click)  # does nothing while the button is disabled
            self.addAction(a)
            return a

        return {
            "accept": action("&Accept the automatic decision", ["Ctrl+Return", "Ctrl+Enter"], self.accept_button),
            "change": action("&Change the determination", ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
                             self.change_button),
            "status": action("Set the &status", ["Ctrl+Shift+D"], self.status_button),
            "note": action("Save the &note", ["Ctrl+Shift+N"], self.note_button),
            "undo": action("&Undo the last review action", ["Ctrl+Z"], self.undo_button),
            "accept_view": action("Accept all in &view…", ["Ctrl+Shift+A"], self.accept_view_button),
        }

    def review_actions(self) -> dict[str, QAction]:
        """The panel's actions by name (accept, change, status, note, undo, accept_view), for the
        window's Review menu; set their context to Qt.ShortcutContext.WindowShortcut there."""
        return dict(self._actions)

    # ------------------------------------------------------------------ what the window sets

    def set_reasons(self, labels: list[str]) -> None:
        self.reason.clear()
        self.reason.addItem("(choose why it is changed)", "")
        for label in labels:
            self.reason.addItem(label, label)

    def set_reviewer(self, name: str) -> None:
        self.reviewer_name = name
        self.reviewer_label.setText(f"Reviewer: <b>{name}</b>" if name else "Reviewer: <i>not set</i>")
        self._sync()

    def set_read_only(self, read_only: bool, why: str = "") -> None:
        self._read_only = read_only
        self.read_only_label.setText("<b>Read-only</b>: " + _e(why or "this workspace is open elsewhere. You can "
                                                                    "look, filter and export, not review."))
        self.read_only_label.setVisible(read_only)
        self._sync()

    def set_undo_available(self, available: bool) -> None:
        self._undo = available
        self._sync()

    def set_view_count(self, n: int) -> None:
        self._view_count = n
        self.accept_view_button.setText(f"Accept all {n:,} in view…")
        self.accept_view_button.setAccessibleName(f"Accept all {n:,} in view")
        self._sync()

    def show_message(self, text: str, error: bool = False) -> None:
        """The outcome of the last request (an error says what to fix; never record content)."""
        self.message.setText(("✕ " if error else "") + text)
        self.message.setAccessibleDescription("error" if error else "")

    def show_selection(self, summary: SelectionSummary) -> None:
        self.summary = summary
        s = summary
        if s.count == 0:
            self.heading.setText("<i>Select one or more convictions in the table to review them.</i>")
        elif s.count == 1:
            self.heading.setText(
                f"<b>{_e(s.key)}</b><br>Automatic: {style.html_badge(s.automatic)}<br>"
                f"<small>{_e(s.automatic_reason)}</small><br>"
                f"Final: <b>{_e(s.final)}</b> · Status: <b>{_e(s.status)}</b>"
                + (f" · by {_e(s.reviewer)}, {_e(s.reviewed_at[:16].replace('T', ' '))}" if s.reviewer else "")
                + (f"<br>Change reason: {_e(s.change_reason)}" if s.change_reason else ""))
        else:
            self.heading.setText(f"<b>{s.count:,} convictions selected</b> ({s.reviewed:,} reviewed)<br>"
                                 f"Automatic: {_e(s.automatic)} · Final: {_e(s.final)} · Status: {_e(s.status)}")
        if s.rereview:
            more = f" (and {len(s.rereview) - 1} more)" if len(s.rereview) > 1 else ""
            self.rereview_label.setText(f"⚠ Needs re-review: {s.rereview[0]}{more}")
        self.rereview_label.setVisible(bool(s.rereview))
        if s.final in DETERMINATIONS:  # not a policy's routing outcome: the reviewer decides among the four
            self.determination.setCurrentIndex(DETERMINATIONS.index(s.final))
        at = self.reason.findData(s.change_reason) if s.change_reason and s.change_reason != MIXED else -1
        self.reason.setCurrentIndex(max(at, 0))
        at = self.status.findText(s.status) if s.status and s.status != MIXED else -1
        if at >= 0:
            self.status.setCurrentIndex(at)
        self.note.setPlainText("" if s.note == MIXED else s.note)
        self.note.setPlaceholderText("(the selected convictions have different notes)" if s.note == MIXED else "")
        self.show_message("")
        self._sync()

    # ------------------------------------------------------------------ internals

    def _sync(self) -> None:
        can = self.summary.count > 0 and not self._read_only and bool(getattr(self, "reviewer_name", ""))
        for w in (self.accept_button, self.determination, self.reason, self.change_button, self.status,
                  self.status_button, self.note, self.note_button):
            w.setEnabled(can)
        self.accept_view_button.setEnabled(not self._read_only and self._view_count > 0
                                           and bool(getattr(self, "reviewer_name", "")))
        code = self.status.currentData()
        self.date.setEnabled(can and code != REVIEWED)
        self.date.setToolTip("Required for this status" if code in NEEDS_DATE else "Optional for this status")
        self.batch.setEnabled(can and code == FILED)
        changing = self.determination.currentText() != self.summary.automatic
        self.reason.setEnabled(can and changing)  # the automatic decision needs no reason
        self.reason.setToolTip("Why the determination is changed (the workspace's list)" if changing
                               else "No reason needed: this is the automatic decision")
        self.undo_button.setEnabled(self._undo and not self._read_only)
        for name, button in (("accept", self.accept_button), ("change", self.change_button),
                             ("status", self.status_button), ("note", self.note_button), ("undo", self.undo_button),
                             ("accept_view", self.accept_view_button)):
            if name in getattr(self, "_actions", {}):  # a menu shows what can be done now
                self._actions[name].setEnabled(button.isEnabled())

    def _request_determination(self) -> None:
        self.determination_requested.emit(self.determination.currentText(), self.reason.currentData() or "")

    def _request_status(self) -> None:
        code = self.status.currentData()
        day = self.date.date().toPython() if self.date.isEnabled() else None
        self.status_requested.emit(code, day.isoformat() if isinstance(day, dt.date) else "",
                                   self.batch.text().strip() if code == FILED else "")


def _e(text: str) -> str:
    import html

    return html.escape(str(text))
