"""The policy panel: county, evaluation date, what each section gets, the six additional-relief
options, and which policy is active ("modified" once changed). Only what the active policy's steps
read is shown: a policy with a procedure of its own (e.g. Los Angeles 2019) has no section choices
and reads only some of the options.

The widgets enforce the allowed ranges (spin boxes 40–65 and 1–15, off = 0). Any change emits
`changed` after a short pause, and the window re-evaluates from memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

import pandas as pd
from PySide6.QtCore import QDate, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QPushButton, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from ..core.codes import load_code_sections
from ..core.pipeline import code_sections_path
from ..core.ruleset import NUMBER_OPTIONS, OPTION_HELP, Options, Policy
from ..core.schema import ALL_COUNTIES
from .accessibility import announce, hidden_label, label_for, secondary
from .contrast import TEXT, ColourPair
from .date_field import DateField
from .keyboard import OneTabStop, one_tab_stop

DEBOUNCE_MS = 150
COUNTY_TIP = ("The county whose convictions are evaluated (STP_ORI_CNTY_NAME). Convictions in other counties "
              "still count toward each person's history.")
COUNTY_ASSIGNED_TIP = ("The sheet has no county column: every conviction on it is in the county chosen here "
                       "(choosing another reads the sheet again).")
MODIFIED_FG, MODIFIED_BG = "#000000", "#E69F00"  # the "modified" badge: black on orange, 9.3:1
FIXED_COLOURS = (ColourPair("'modified' badge", MODIFIED_FG, MODIFIED_BG, TEXT),)
DISMISS, REDUCE, NONE = 0, 1, 2
CHOICES = ("Dismiss", "Reduce", "No relief")

CHOICE_HELP = ("Dismiss every felony conviction under this section (H&S 11361.8(b)).",
               "Reduce every felony conviction under this section to a misdemeanor (H&S 11361.8(b)); "
               "dismissal steps are tried first.",
               "No relief from this section's choice (the additional-relief options may still dismiss).")
LEGAL_NOTE = " County option under H&S 11361.8 and 11361.9."
RELIEF_TITLE = "Additional relief: dismiss when"
OPTION_LABELS = {
    "subjectUnder21AtConviction": "Under 21 at conviction",
    "subjectAgeThreshold": "Age on evaluation date at least (years)",
    "yearsSinceConvictionThreshold": "Years since conviction at least",
    "yearsCrimeFreeThreshold": "No conviction in the last (years)",
    "subjectIsDeceased": "Person is deceased",
    "subjectHasOnlyProp64Charges": "Only Prop 64 convictions",
}


class PolicyPanel(QWidget):
    changed = Signal()  # the user changed the policy, county or date (debounced)
    open_requested = Signal()
    save_requested = Signal()
    shipped_chosen = Signal(str)  # path of a policy picked from the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base: Policy | None = None
        self._was_modified = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)

        # -- active policy
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name_label.setObjectName("policyName")
        self.state_label = QLabel()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.procedure_label = secondary(QLabel())  # information: never a disabled label (1.6:1)
        self.procedure_label.setWordWrap(True)
        self.shipped = QComboBox()
        self.shipped.setToolTip("The policies shipped in rules/policies, and policy files you opened")
        self.shipped.activated.connect(self._shipped_activated)
        self.open_button = QPushButton("Open…")
        self.open_button.setAccessibleName("Open policy file…")
        self.open_button.setToolTip("Load a policy file (.toml, or the counties' options .json) (Ctrl+L)")
        self.open_button.clicked.connect(self.open_requested)
        self.save_button = QPushButton("Save as…")
        self.save_button.setAccessibleName("Save as policy file…")
        self.save_button.setToolTip("Save these choices as a policy file (.toml)")
        self.save_button.clicked.connect(self.save_requested)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setAccessibleName("Revert to the policy file")
        self.revert_button.setToolTip("Go back to the policy as loaded")
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.save_button, self.revert_button):
            buttons.addWidget(b)
        policy_box = QGroupBox("Policy")
        pl = QVBoxLayout(policy_box)
        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        pl.addLayout(title_row)
        pl.addWidget(self.file_label)
        pl.addWidget(self.procedure_label)
        pl.addWidget(self.shipped)
        hidden_label(self.shipped, "Policy")
        pl.addLayout(buttons)

        # -- county and date
        self.county = QComboBox()
        self.county.setToolTip(COUNTY_TIP)
        self.county.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.as_of_edit = DateField(QDate.currentDate(), kept="Still evaluating as of {date}.")
        self.as_of_edit.setMinimumDate(QDate(1970, 1, 1))
        self.as_of_edit.setMaximumDate(QDate(2100, 12, 31))
        self.as_of_edit.setToolTip("Ages and years are counted up to this date (\"compute at\"); default today.")
        self.as_of_edit.dateChanged.connect(lambda _d: self._timer.start())
        today = QPushButton("Today")
        today.setToolTip("Evaluate as of today")
        today.clicked.connect(lambda: self.as_of_edit.setDate(QDate.currentDate()))
        self.as_of_edit.add_beside(today)
        data_box = QGroupBox("County and date")
        form = QFormLayout(data_box)
        form.addRow("County:", self.county)
        date_label = QLabel("Evaluate as of:")
        form.addRow(date_label, self.as_of_edit)
        label_for(date_label, self.as_of_edit.edit)
        self.as_of_edit.set_name("Evaluate as of")

        # -- sections
        sections_box = self.sections_box = QGroupBox("Felony convictions, by code section")
        grid = QGridLayout(sections_box)
        grid.setHorizontalSpacing(10)
        for c, text in enumerate(CHOICES):
            header = QLabel(f"<b>{text}</b>")
            header.setToolTip(CHOICE_HELP[c])
            grid.addWidget(header, 0, c + 1, Qt.AlignmentFlag.AlignHCenter)
        self.section_groups: dict[str, QButtonGroup] = {}
        self._tab_stops: list[OneTabStop] = []
        codes = load_code_sections(code_sections_path())
        entries = codes.policy_entries()  # subsections right under their section
        for r, entry in enumerate(entries):
            section = entry.split("(")[0]
            label = QLabel(("    " + entry[len(section):]) if entry != section else f"HS {entry}")
            help_text = codes.descriptions.get(entry, f"HS {entry}")
            label.setToolTip(help_text)
            grid.addWidget(label, r + 1, 0)
            group = QButtonGroup(self)
            for c in range(3):
                button = QRadioButton()
                button.setToolTip(f"{help_text}\n{CHOICE_HELP[c]}")
                button.setAccessibleName(f"{entry}: {CHOICES[c]}")
                group.addButton(button, c)
                grid.addWidget(button, r + 1, c + 1, Qt.AlignmentFlag.AlignHCenter)
            group.idToggled.connect(self._on_edit)
            self._tab_stops.append(one_tab_stop(group))  # Tab lands on the chosen button; arrow keys choose
            self.section_groups[entry] = group
        note = QLabel("Misdemeanors and infractions are always eligible for dismissal (H&S 11361.8(e)).")
        note.setWordWrap(True)
        secondary(note)
        grid.addWidget(note, len(entries) + 1, 0, 1, 4)

        # -- additional relief
        relief_box = self.relief_box = QGroupBox(RELIEF_TITLE)
        relief = QGridLayout(relief_box)
        self.bool_boxes: dict[str, QCheckBox] = {}
        self.number_boxes: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        for r, name in enumerate(OPTION_LABELS):
            check = QCheckBox(OPTION_LABELS[name])
            check.setToolTip(OPTION_HELP[name] + LEGAL_NOTE)
            check.toggled.connect(self._on_edit)
            relief.addWidget(check, r, 0)
            if name in NUMBER_OPTIONS:
                low, high = NUMBER_OPTIONS[name]
                spin = QSpinBox(minimum=low, maximum=high)
                spin.setAccessibleName(OPTION_LABELS[name])  # else Qt names it after the group box
                spin.setToolTip(f"{OPTION_HELP[name]} Allowed: {low}–{high}.")
                spin.valueChanged.connect(self._on_edit)
                check.toggled.connect(spin.setEnabled)
                relief.addWidget(spin, r, 1)
                self.number_boxes[name] = (check, spin)
            else:
                self.bool_boxes[name] = check
        relief.setColumnStretch(0, 1)

        layout = QVBoxLayout(self)
        for box in (policy_box, data_box, sections_box, relief_box):
            layout.addWidget(box)
        layout.addStretch(1)
        self._update_state()

    # ------------------------------------------------------------------ policy
    def set_shipped(self, policies: list[tuple[str, Path]]) -> None:
        blocker = QSignalBlocker(self.shipped)
        self.shipped.clear()
        for name, path in policies:
            self.shipped.addItem(name, str(path))
        del blocker

    def set_policy(self, policy: Policy) -> None:
        """Make `policy` the base (as loaded: not modified) and show its choices."""
        self._base = policy
        if policy.path is not None:
            index = self.shipped.findData(str(policy.path))
            if index < 0:
                self.shipped.addItem(f"{policy.name} ({policy.path.name})", str(policy.path))
                index = self.shipped.count() - 1
            blocker = QSignalBlocker(self.shipped)
            self.shipped.setCurrentIndex(index)
            del blocker
        else:  # a policy from no file (a workspace's): none of the files in the list
            blocker = QSignalBlocker(self.shipped)
            self.shipped.setPlaceholderText("The workspace's own policy")
            self.shipped.setCurrentIndex(-1)
            del blocker
        self._show_options(policy.options)
        self._show_used(policy)
        self._update_state()

    def _show_used(self, policy: Policy) -> None:
        """Show only the choices some step of `policy` reads; the hidden ones keep its values."""
        used = policy.used_options()
        self.sections_box.setVisible(policy.uses_sections)
        for name, check in self.bool_boxes.items():
            check.setVisible(name in used)
        for name, (check, spin) in self.number_boxes.items():
            check.setVisible(name in used)
            spin.setVisible(name in used)
        self.relief_box.setVisible(bool(used))
        self.relief_box.setTitle(RELIEF_TITLE if not policy.own_procedure else "Options of this policy")
        self.procedure_label.setVisible(policy.own_procedure)
        if policy.own_procedure:
            self.procedure_label.setText(f"A decision tree of its own ({len(policy.steps)} steps): no section "
                                         "choices. The person view shows each step's citation.")

    def base_policy(self) -> Policy | None:
        return self._base

    def show_base_in_list(self) -> None:
        """Select the active policy in the list again (after the user kept their changes)."""
        if self._base is not None and self._base.path is not None:
            index = self.shipped.findData(str(self._base.path))
            blocker = QSignalBlocker(self.shipped)
            self.shipped.setCurrentIndex(index)
            del blocker

    def revert(self) -> None:
        if self._base is not None:
            self._show_options(self._base.options)
            self._update_state()
            self._timer.start()

    def _shipped_activated(self, index: int) -> None:
        path = self.shipped.itemData(index)
        if path and (self._base is None or str(self._base.path) != path or self.is_modified()):
            self.shipped_chosen.emit(path)

    def _show_options(self, options: Options) -> None:
        blockers = [QSignalBlocker(w) for w in self._editors()]
        for entry, group in self.section_groups.items():
            choice = DISMISS if entry in options.dismiss else REDUCE if entry in options.reduce else NONE
            group.button(choice).setChecked(True)
        for name, check in self.bool_boxes.items():
            check.setChecked(bool(options.value(name)))
        for name, (check, spin) in self.number_boxes.items():
            value = int(options.value(name))
            check.setChecked(value != 0)
            spin.setEnabled(value != 0)
            if value:
                spin.setValue(value)
            elif self._base is None or not spin.value():
                spin.setValue(spin.minimum())
        del blockers
        for stop in self._tab_stops:  # the groups' signals were blocked
            stop.update()

    def _editors(self) -> list[QObject]:
        # Group signals come from the QButtonGroup itself, so the groups are blocked too.
        widgets: list[QObject] = [b for g in self.section_groups.values() for b in g.buttons()]
        widgets += list(self.section_groups.values())
        widgets += list(self.bool_boxes.values())
        for check, spin in self.number_boxes.values():
            widgets += [check, spin]
        return widgets

    def options(self) -> Options:
        """The options the widgets show. Entries keep the loaded policy's order (it decides which
        entry a multi-section charge matches), new ones follow in the usual order."""
        def entries(choice: int, before: tuple[str, ...]) -> tuple[str, ...]:
            chosen = [e for e, g in self.section_groups.items() if g.checkedId() == choice]
            return tuple([e for e in before if e in chosen] + [e for e in chosen if e not in before])

        base = self._base.options if self._base is not None else Options()
        values: dict[str, object] = {"dismiss": entries(DISMISS, base.dismiss),
                                     "reduce": entries(REDUCE, base.reduce)}
        for name, check in self.bool_boxes.items():
            values[name] = check.isChecked()
        for name, (check, spin) in self.number_boxes.items():
            values[name] = spin.value() if check.isChecked() else 0
        return Options(**values)  # type: ignore[arg-type]

    def is_modified(self) -> bool:
        return self._base is not None and self.options() != self._base.options

    def policy(self) -> Policy | None:
        """The active policy: the loaded one, or it with the edited options."""
        if self._base is None:
            return None
        if not self.is_modified():
            return self._base
        return self._base.with_options(self.options(), name=f"{self._base.name} (modified)")

    def _on_edit(self, *_args: object) -> None:
        self._update_state()
        self._timer.start()

    def _update_state(self) -> None:
        name = self._base.name if self._base is not None else "No policy"
        self.name_label.setText(f"<b>{name}</b>")
        modified = self.is_modified()
        if modified and not self._was_modified:
            announce(self.state_label, "The policy is modified: the choices differ from the policy file. "
                                       "Save as… keeps them.")
        self._was_modified = modified
        badge = f"<span style='background:{MODIFIED_BG}; color:{MODIFIED_FG}'>&nbsp;modified&nbsp;</span>"
        self.state_label.setText(badge if modified else "")
        self.state_label.setToolTip("The choices differ from the policy file; Save as… keeps them" if modified else "")
        path = self._base.path if self._base is not None else None
        self.file_label.setText(f"File: {path.name}" if path else "")
        self.file_label.setToolTip(str(path) if path else "")
        self.revert_button.setEnabled(modified)

    # ------------------------------------------------------------------ county and date
    def set_counties(self, counts: pd.Series, selected: str, *, all_counties: bool | None = None,
                     assignable: Sequence[str] = ()) -> None:
        """The counties of the data (rows per county) and "All counties" (`all_counties`; None:
        when there are several). `assignable`: other counties the data can be given (a clinic's
        sheet without a county column: every row is in the county the user chooses)."""
        blocker = QSignalBlocker(self.county)
        self.county.clear()
        for county, rows in counts.items():
            self.county.addItem(f"{county} ({int(rows):,} rows)", str(county))
        if len(counts) > 1 if all_counties is None else all_counties:  # clients, or a DOJ file, may span counties
            self.county.addItem(f"All counties ({int(counts.sum()):,} rows)", ALL_COUNTIES)
        for county in assignable:
            if county not in counts.index:
                self.county.addItem(county, county)
        self.county.setToolTip(COUNTY_ASSIGNED_TIP if assignable else COUNTY_TIP)
        index = self.county.findData(selected)
        self.county.setCurrentIndex(max(index, 0))
        del blocker

    def county_name(self) -> str:
        return str(self.county.currentData() or "")

    def as_of(self) -> dt.date:
        d = self.as_of_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_as_of(self, day: dt.date) -> None:
        blocker = QSignalBlocker(self.as_of_edit)
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        del blocker

    def has_pending_change(self) -> bool:
        """A change waits for the short pause before `changed` is emitted."""
        return self._timer.isActive()

    def flush(self) -> bool:
        """Emit a pending change now (tests, and before an export). True if one was pending."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()
            return True
        return False
