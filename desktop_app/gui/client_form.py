"""The client form (File > New client record): one client's convictions typed in from a RAP
sheet, with the decision for each row shown as it is typed.

Keyboard first: Tab moves through a row, Enter adds the next row (or moves to it), Ctrl+Delete
removes the row being edited. The decision comes from the same engine as a spreadsheet
(core/clinic/entry.py), computed in a worker thread a moment after the typing stops.

The window's data-set controller opens it with `ClientForm.ask` and loads what it returns (a
sheet and its mapping) like a clinic's spreadsheet; "Save as spreadsheet…" writes the intake
workbook so the entry can be opened again.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QToolButton, QVBoxLayout,
                               QWidget)

from ..core.clinic.entry import (ENTRY_FIELDS, EnteredConviction, RowDecision, decide_entry, entry_mapping,
                                 entry_rows, entry_table)
from ..core.clinic.mapping import ColumnMapping
from ..core.clinic.sheet import SheetTable
from ..core.clinic.template import write_intake_workbook
from ..core.clinic.values import read_date
from ..core.counties import california_counties, county_name
from ..core.reasons import date_text
from ..core.ruleset import Policy
from . import dialogs, style
from .accessibility import hidden_label
from .background import run_in_pool

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
COLUMNS = ("Conviction date", "County", "Case number", "Code section", "Level", "Sentence")
LEVELS = ("", "Felony", "Misdemeanor", "Infraction")
PLACEHOLDERS = {"conviction_date": "MM/DD/YYYY", "case_number": "e.g. 12F01234", "code_section": "e.g. HS 11359(b)",
                "sentence": "e.g. 3 years"}


def ask_save_path(parent: QWidget | None, name: str) -> str:
    """Where to save the entry as a workbook ('' when cancelled). Tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save the client's convictions", f"{name or 'client'}.xlsx",
                                          "Excel workbook (*.xlsx)")
    return path


class ConvictionRow(QObject):
    """The widgets of one row of the form."""

    def __init__(self, form: "ClientForm", number: int) -> None:
        super().__init__(form)
        self.number = number
        self.date = QLineEdit()
        self.county = QComboBox()
        self.county.setEditable(True)
        self.county.addItems(["", *[c.title() for c in california_counties()]])
        self.county.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case = QLineEdit()
        self.code = QLineEdit()
        self.level = QComboBox()
        self.level.addItems(LEVELS)
        self.sentence = QLineEdit()
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.RichText)
        self.decision.setMinimumWidth(260)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this row (Ctrl+Delete)")
        self.inputs: list[QWidget] = [self.date, self.county, self.case, self.code, self.level, self.sentence]
        self.labels: dict[str, QLabel] = {}  # hidden buddy labels of the combo boxes, once placed
        for key, widget in zip(ENTRY_FIELDS, self.inputs):
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(PLACEHOLDERS.get(key, ""))
        self.renumber(number)

    def renumber(self, number: int) -> None:
        self.number = number
        for title, widget in zip(COLUMNS, self.inputs):
            widget.setAccessibleName(f"Row {number} {title.lower()}")
            if isinstance(widget, QComboBox) and widget.parentWidget() is not None:
                # On Linux a combo box is named only by a buddy label (its name is its current item).
                label = self.labels.get(title)
                if label is None:
                    self.labels[title] = hidden_label(widget, f"Row {number} {title.lower()}")
                else:
                    label.setText(f"Row {number} {title.lower()}")
        self.decision.setAccessibleName(f"Row {number} decision")
        self.remove.setAccessibleName(f"Remove row {number}")

    def value(self) -> EnteredConviction:
        return EnteredConviction(conviction_date=self.date.text(), county=self.county.currentText(),
                                 case_number=self.case.text(), code_section=self.code.text(),
                                 level=self.level.currentText(), sentence=self.sentence.text())

    def set_value(self, c: EnteredConviction) -> None:
        self.date.setText(c.conviction_date)
        self.county.setCurrentText(c.county)
        self.case.setText(c.case_number)
        self.code.setText(c.code_section)
        level = {"F": "Felony", "M": "Misdemeanor", "I": "Infraction"}.get(c.level.strip().upper()[:1], c.level)
        self.level.setCurrentText(level)
        self.sentence.setText(c.sentence)

    def show_decision(self, decision: RowDecision | None) -> None:
        if decision is None:
            self.decision.setText("")
            self.decision.setAccessibleDescription("")
            return
        text = decision.reason
        if decision.determination:
            badge = style.html_badge(decision.determination)
            html = f"{badge}<br>{_escape(text)}"
            plain = f"{decision.determination}: {text}"
        else:
            html = f"<i>{_escape(text)}</i>"
            plain = text
        if decision.problems:
            html += "<br><b>Check:</b> " + _escape("; ".join(decision.problems))
            plain += ". Check: " + "; ".join(decision.problems)
        self.decision.setText(html)
        self.decision.setAccessibleDescription(plain)
        self.decision.setToolTip(plain)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class ClientForm(QDialog):
    """Type one client's convictions in; `decided` is emitted each time the decisions are shown."""

    decided = Signal()

    def __init__(self, policy: Policy, as_of: dt.date, *, county: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New client record")
        self.setObjectName("clientForm")
        self.policy, self.as_of = policy, as_of
        self.default_county = county_name(county).title() if county else ""
        self.rows: list[ConvictionRow] = []
        self.decisions: list[RowDecision] = []
        self._pending = 0  # decisions asked for and not yet shown
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._decide)

        self.name = QLineEdit()
        self.name.setPlaceholderText("as on the RAP sheet, e.g. DOE, JANE")
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("MM/DD/YYYY")
        birth_label = QLabel("&Birth date:")
        birth_label.setBuddy(self.birth)
        self.birth_note = QLabel()
        self.every = QCheckBox("These are &all of the client's convictions (every one on the RAP sheet)")
        self.every.setToolTip("Then 'Only Prop 64 convictions' and 'years since the most recent conviction' can be "
                              "decided; otherwise a step that needs them gives Hand Review.")
        top = QGridLayout()
        top.addWidget(name_label, 0, 0)
        top.addWidget(self.name, 0, 1)
        top.addWidget(birth_label, 0, 2)
        top.addWidget(self.birth, 0, 3)
        top.addWidget(self.birth_note, 0, 4)
        top.addWidget(self.every, 1, 1, 1, 4)
        top.setColumnStretch(1, 2)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        for c, title in enumerate((*COLUMNS, "Decision")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, c)
        self.grid.setColumnStretch(6, 1)
        rows_widget = QWidget()
        rows_layout = QVBoxLayout(rows_widget)
        rows_layout.addLayout(self.grid)
        rows_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: Tab goes to its fields
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(rows_widget)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)

        self.add_button = QPushButton("&Add a conviction")
        self.add_button.setToolTip("Add a row (Enter in the last row does the same)")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Decision status")
        basis = QLabel(f"Decided with the policy '{policy.name}' on {as_of.strftime('%m/%d/%Y')}, all counties. "
                       "Nothing is saved until you choose to.")
        basis.setWordWrap(True)
        self.basis = basis

        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton("&Open in the app", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setToolTip("Show this client in the results table, person view and exports")
        self.save_button = self.buttons.addButton("&Save as spreadsheet…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip("Save the convictions as an intake workbook (.xlsx) to open again later")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self._open)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.status, 1)
        layout.addLayout(add_row)
        layout.addWidget(basis)
        layout.addWidget(self.buttons)
        self.resize(1180, 560)

        for widget in (self.name, self.birth):
            widget.textChanged.connect(self._changed)
        self.every.toggled.connect(self._changed)
        self.birth.textChanged.connect(self._birth_changed)
        QShortcut(QKeySequence("Ctrl+Delete"), self, activated=self._remove_focused)
        self.add_row()
        self.name.setFocus()
        self._update_buttons()

    # ------------------------------------------------------------------ what was typed

    def convictions(self) -> list[EnteredConviction]:
        return [row.value() for row in self.rows]

    def entered(self) -> tuple[SheetTable, ColumnMapping]:
        """The entry as a sheet and its mapping: what the window loads, like a clinic's spreadsheet."""
        return (entry_table(self.name.text().strip(), self.birth.text().strip(), self.convictions()),
                entry_mapping(self.every.isChecked()))

    @classmethod
    def ask(cls, parent: QWidget | None, policy: Policy, as_of: dt.date, county: str = ""
            ) -> tuple[SheetTable, ColumnMapping] | None:
        form = cls(policy, as_of, county=county, parent=parent)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        return form.entered()

    # ------------------------------------------------------------------ rows

    def add_row(self, focus: bool = False, value: EnteredConviction | None = None) -> ConvictionRow:
        row = ConvictionRow(self, len(self.rows) + 1)
        r = len(self.rows) + 1
        for c, widget in enumerate([*row.inputs, row.decision, row.remove]):
            self.grid.addWidget(widget, r, c)
            widget.show()  # now, not at the layout's next pass: Enter moves the cursor into it at once
        row.renumber(r)  # placed: its combo boxes get their buddy labels
        previous = self.rows[-1] if self.rows else None
        row.county.setCurrentText(previous.county.currentText() if previous else self.default_county)
        if value is not None:
            row.set_value(value)
        for widget in row.inputs:
            widget.installEventFilter(self)
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentTextChanged.connect(self._changed)
        row.remove.clicked.connect(lambda _checked=False, row=row: self.remove_row(row))
        self.rows.append(row)
        self._retab()
        if focus:
            row.date.setFocus()
            QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(row.date))
        self._changed()
        return row

    def remove_row(self, row: ConvictionRow) -> None:
        if len(self.rows) == 1:
            for widget in row.inputs:
                if isinstance(widget, QLineEdit):
                    widget.clear()
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(0)
            return
        index = self.rows.index(row)
        for widget in [*row.inputs, row.decision, row.remove, *row.labels.values()]:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.rows.remove(row)
        for i, other in enumerate(self.rows[index:], start=index):  # move the rows below up one line
            for c, widget in enumerate([*other.inputs, other.decision, other.remove]):
                self.grid.removeWidget(widget)
                self.grid.addWidget(widget, i + 1, c)
            other.renumber(i + 1)
        self._retab()
        target = self.rows[min(index, len(self.rows) - 1)]
        target.date.setFocus()
        self._changed()

    def _remove_focused(self) -> None:
        focused = self.focusWidget()
        for row in self.rows:
            if focused in row.inputs or focused is row.remove or (
                    focused is not None and any(focused is w.lineEdit() for w in row.inputs
                                                if isinstance(w, QComboBox) and w.isEditable())):
                self.remove_row(row)
                return

    def _retab(self) -> None:
        """Tab order: name, birth date, the checkbox, then each row left to right, then the buttons."""
        chain: list[QWidget] = [self.name, self.birth, self.every]
        for row in self.rows:
            chain += [*row.inputs, row.remove]
        chain += [self.add_button, self.open_button, self.save_button, self.close_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a row moves to the next row's date, adding a row after the last one."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not (isinstance(watched, QComboBox) and watched.view().isVisible()):
            for i, row in enumerate(self.rows):
                if watched in row.inputs:
                    if i == len(self.rows) - 1:
                        self.add_row(focus=True)
                    else:
                        self.rows[i + 1].date.setFocus()
                    return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ the live decision

    def _birth_changed(self, text: str) -> None:
        day = read_date(text)
        self.birth_note.setText("" if not text.strip() else (date_text(day) if day > 0 else "not a date"))

    def _changed(self, *_: Any) -> None:
        self._generation += 1
        self._timer.start()
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_rows = any(not c.is_blank() for c in self.convictions())
        self.open_button.setEnabled(has_rows)
        self.save_button.setEnabled(has_rows)

    def _decide(self) -> None:
        name, birth, convictions = self.name.text().strip(), self.birth.text().strip(), self.convictions()
        every, generation = self.every.isChecked(), self._generation
        if all(c.is_blank() for c in convictions):
            self._show([], generation)
            return
        self.status.setText("Deciding…")
        self._pending += 1
        self._task = run_in_pool(lambda: decide_entry(name, birth, convictions, self.policy, self.as_of, every),
                                 lambda decisions: self._show(decisions, generation),
                                 lambda message: self._failed(message, generation), owner=self)

    def _show(self, decisions: list[RowDecision], generation: int) -> None:
        self._pending = max(0, self._pending - 1)
        if generation != self._generation:
            return  # typed since: a newer decision is on its way
        self.decisions = decisions
        by_row = {d.row: d for d in decisions}
        for row in self.rows:
            row.show_decision(by_row.get(row.number))
        counts: dict[str, int] = {}
        for d in decisions:
            if d.determination:
                counts[d.determination] = counts.get(d.determination, 0) + 1
        self.status.setText(", ".join(f"{n} {k}" for k, n in counts.items()) if counts
                            else ("" if not decisions else "No Prop 64 conviction entered yet."))
        self.decided.emit()

    def _failed(self, message: str, generation: int) -> None:
        self._pending = max(0, self._pending - 1)
        if generation == self._generation:
            self.status.setText(f"No decision: {message}")
            self.decided.emit()

    def idle(self) -> bool:
        """No decision is pending (for tests and the window)."""
        return not self._timer.isActive() and self._pending == 0

    # ------------------------------------------------------------------ saving

    def save_as(self) -> Path | None:
        path = ask_save_path(self, self.name.text().strip().replace(",", "").replace(" ", "-"))
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            return write_intake_workbook(path, entry_rows(self.name.text().strip(), self.birth.text().strip(),
                                                          self.convictions()))
        except OSError as e:
            dialogs.show_error(self, "Cannot save", f"{Path(path).name}: {e.strerror or e}")
            return None

    def _open(self) -> None:
        if not self.name.text().strip() or read_date(self.birth.text()) <= 0:
            dialogs.show_error(self, "Name and birth date needed",
                               "Type the client's name and birth date: together they identify the client.")
            (self.name if not self.name.text().strip() else self.birth).setFocus()
            return
        self.accept()
