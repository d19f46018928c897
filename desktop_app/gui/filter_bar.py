"""Filters above the results table, and the numpy mask they make.

Within a group the choices add up (determination A or B; any checked flag); groups narrow each
other (determination and county and text...). The text search matches name, CII number, subject
ID and case number, ignoring case, once per distinct value.

The search box keeps room for about 30 characters: when the window is too narrow for it, the
determination buttons and the count on one line, the buttons move to a line of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu,
                               QPushButton, QToolButton, QVBoxLayout, QWidget)

from ..core.schema import DETERMINATIONS
from . import style
from .accessibility import hidden_label
from .date_field import US_DATE, DateField
from .determination_filter import DeterminationFilter
from .flow_layout import FlowLayout
from .table_data import ALL_ROWS, FLAG_TIPS, FLAGS, TableData

ANY = ""  # combo data meaning "no restriction"
SEARCH_DELAY_MS = 250
SEARCH_MIN_CHARS = 30


@dataclass
class FilterState:
    determinations: frozenset[str] | None = None  # None = all
    reason: str = ANY
    county: str = ANY
    section: str = ANY
    level: str = ANY
    flags: frozenset[str] = field(default_factory=frozenset)  # rows with any of these
    date_from: int = 0  # YYYYMMDD, 0 = open
    date_to: int = 0
    text: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # (column key, label): the filters added with add_filters

    def is_empty(self) -> bool:
        return self == FilterState()


def _equals(table: TableData, key: str, values: set[str]) -> np.ndarray | None:
    col = table.column(key)
    if col is None:
        return None
    wanted = np.flatnonzero(np.isin(col.labels, list(values)))
    return np.isin(col.codes, wanted)


def compute_mask(table: TableData, state: FilterState) -> np.ndarray | None:
    """Boolean per base row of `table`; None when nothing is filtered."""
    if state.is_empty():
        return None
    mask = np.ones(table.n, dtype=bool)
    if state.determinations is not None:
        hit = _equals(table, "determination", set(state.determinations))
        if hit is not None:
            mask &= hit
    for key, value in (("reason_category", state.reason), ("county", state.county), ("section", state.section),
                       ("level", state.level)):
        if value != ANY:
            hit = _equals(table, key, {value})
            if hit is not None:
                mask &= hit
    for key, value in state.columns:
        hit = _equals(table, key, {value})
        if hit is not None:  # a table without that column (every input row) is not filtered by it
            mask &= hit
    if state.flags:
        any_flag = np.zeros(table.n, dtype=bool)
        for key in state.flags:
            any_flag |= table.flags[key]
        mask &= any_flag
    if state.date_from:
        mask &= table.dates >= state.date_from
    if state.date_to:
        mask &= (table.dates <= state.date_to) & (table.dates > 0)
    text = state.text.strip()
    if text:
        found = np.zeros(table.n, dtype=bool)
        for key in table.search_keys:
            col = table.column(key)
            if col is None:
                continue
            found |= col.contains(text)[col.codes]
        mask &= found
    return mask


def _qdate_int(d: QDate) -> int:
    return d.year() * 10000 + d.month() * 100 + d.day()


class FilterBar(QWidget):
    """Emits `changed` whenever the filter state changes (the search box after a short pause)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self._added: list[Any] = []  # QWidgets: see add_filters

        self.search = QLineEdit(placeholderText="Search name, CII number, subject ID or case number")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Shows rows whose name, CII number, subject ID or case number contains this text "
                               "(not case-sensitive). Ctrl+F")
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.search.setAccessibleName("Search")
        # Room for the text and the clear button, whatever else the line holds.
        self.search.setMinimumWidth(self.search.fontMetrics().averageCharWidth() * SEARCH_MIN_CHARS + 40)

        self.determinations = DeterminationFilter()
        self.determinations.changed.connect(self.changed)
        self.det_buttons = self.determinations.buttons

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)

        self.reason = self._combo("Any reason", "Only rows decided for this reason (reasons are grouped by "
                                                "category: a row's own dates and lines are left out)")
        self.county = self._combo("Any county", "Only rows recorded in this county (STP_ORI_CNTY_NAME)")
        self.section = self._combo("Any section", "Only this Prop 64 code section (H&S 11357–11360)")
        self.level = self._combo("Any level", "Felony, misdemeanor or infraction")

        self.flags_button = QToolButton(text="Flags")
        self.flags_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.flags_button.setToolTip("Only rows with any of the checked flags")
        menu = QMenu(self.flags_button)
        self.flag_actions: dict[str, QAction] = {}
        for key, label in FLAGS.items():
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setToolTip(FLAG_TIPS[key])
            action.toggled.connect(self._flags_toggled)
            self.flag_actions[key] = action
        menu.setToolTipsVisible(True)
        self.flags_button.setMenu(menu)

        self.date_check = QCheckBox("Date from")
        self.date_check.setToolTip("Only convictions (rows) dated in this range; unknown dates are left out")
        self.date_check.setAccessibleName("Date from: filter by conviction date")
        # Typed as a whole date, like the evaluation date (QDateEdit would take the keys section by section).
        self.date_from = DateField(QDate(2000, 1, 1), display=US_DATE, kept="The range still starts {date}.")
        self.date_to = DateField(QDate.currentDate(), display=US_DATE, kept="The range still ends {date}.")
        for w, name in ((self.date_from, "Conviction date from"), (self.date_to, "Conviction date to")):
            w.setMinimumDate(QDate(1900, 1, 1))
            w.setMaximumDate(QDate(2100, 12, 31))
            w.setToolTip(f"{name} (unknown dates are left out)")
            w.set_name(name)
            w.setEnabled(False)
            w.dateChanged.connect(lambda _d: self.changed.emit() if self.date_check.isChecked() else None)
        self.date_check.toggled.connect(self._dates_toggled)

        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setToolTip("Show every row again")
        self.clear_button.clicked.connect(self.clear)

        self._top = QHBoxLayout()
        self._top.setContentsMargins(0, 0, 0, 0)
        self._top.addWidget(self.search, 1)
        self._top.addWidget(self.determinations)
        self._top.addWidget(self.count_label)
        # The filters below can fold away: at 200 % on a 1080p screen they would take the table's room.
        self.more_button = QToolButton(text="More filters", checkable=True, checked=True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setArrowType(Qt.ArrowType.UpArrow)
        self.more_button.setAccessibleName("More filters")
        self.more_button.setToolTip("Show or hide the reason, county, section, level, flag and date filters "
                                    "(folded, it says how many of them are in use)")
        self.more_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.more_button.toggled.connect(self._more_toggled)
        self._top.addWidget(self.more_button)
        self._wrapped_row = QHBoxLayout()  # holds the determination buttons when the window is narrow
        self._wrapped_row.setContentsMargins(0, 0, 0, 0)
        self._wrapped_row.addStretch(1)
        self._wrapped = False
        # The other filters wrap onto more lines when the window is narrow (200 % scaling, large fonts).
        dates = QWidget()
        date_row = QHBoxLayout(dates)
        date_row.setContentsMargins(0, 0, 0, 0)
        to_label = QLabel("to")
        for w in (self.date_check, to_label):  # as tall as the date fields, so the text lines up
            w.setMinimumHeight(self.date_from.edit.sizeHint().height())
        for w in (self.date_check, self.date_from, to_label, self.date_to):
            date_row.addWidget(w, 0, Qt.AlignmentFlag.AlignTop)  # a date's message may make the row taller
        self.more_box = QWidget()
        self.more = FlowLayout(self.more_box)
        for w in (self.reason, self.county, self.section, self.level, self.flags_button, dates, self.clear_button):
            self.more.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._top)
        layout.addLayout(self._wrapped_row)
        layout.addWidget(self.more_box)
        # Combo boxes are named by a buddy label (on Linux, Qt names a combo box only that way).
        for combo, name in ((self.reason, "Reason"), (self.county, "County"), (self.section, "Code section"),
                            (self.level, "Level")):
            hidden_label(combo, f"{name} filter")
        self.set_table(None)

    def _combo(self, any_text: str, tip: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(any_text, ANY)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(320)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    def _flags_toggled(self) -> None:
        n = sum(a.isChecked() for a in self.flag_actions.values())
        self.flags_button.setText(f"Flags ({n})" if n else "Flags")
        self.changed.emit()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.changed.emit()

    # ------------------------------------------------------------------ state
    def state(self) -> FilterState:
        return FilterState(
            determinations=self.determinations.shown(),
            reason=self.reason.currentData() or ANY, county=self.county.currentData() or ANY,
            section=self.section.currentData() or ANY, level=self.level.currentData() or ANY,
            flags=frozenset(k for k, a in self.flag_actions.items() if a.isChecked()),
            date_from=_qdate_int(self.date_from.date()) if self.date_check.isChecked() else 0,
            date_to=_qdate_int(self.date_to.date()) if self.date_check.isChecked() else 0,
            text=self.search.text(),
            columns=tuple(pair for filters in self._added for pair in filters.state()))

    def add_filters(self, filters: Any) -> None:
        """Filters from another part of the window (a workspace's review filters), first among the
        filters that fold away. `filters` has `widgets()` (placed in the bar), `changed`, `state()`
        (pairs of column key and label), `clear()` (quietly), `set_table(table)` and `in_use()` (how
        many of its filters are set)."""
        self._added.append(filters)
        for at, widget in enumerate(filters.widgets()):
            self.more.insertWidget(at, widget)
        filters.changed.connect(self.changed)

    def clear(self) -> None:
        blockers = [QSignalBlocker(w) for w in (self.search, self.reason, self.county, self.section, self.level,
                                                self.date_check, *self.flag_actions.values())]
        self.search.clear()
        for combo in (self.reason, self.county, self.section, self.level):
            combo.setCurrentIndex(0)
        self.determinations.clear()
        for a in self.flag_actions.values():
            a.setChecked(False)
        self.date_check.setChecked(False)
        for filters in self._added:
            filters.clear()
        del blockers
        self._flags_toggled_quiet()
        self._dates_toggled_quiet()
        self.changed.emit()

    def _flags_toggled_quiet(self) -> None:
        self.flags_button.setText("Flags")

    def _dates_toggled_quiet(self) -> None:
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)

    def set_table(self, table: TableData | None) -> None:
        """Fill the choices from the table (with counts), keeping the current choices where possible."""
        col = table.column("determination") if table is not None else None
        self.determinations.set_routings([str(d) for d in (col.labels if col is not None else ())
                                          if d not in DETERMINATIONS and d != style.NOT_EVALUATED])
        self.determinations.set_visible_choice(style.NOT_EVALUATED, table is not None and table.kind == ALL_ROWS)
        self.determinations.set_counts(_counts(table, "determination") if table is not None else None)
        for combo, key in ((self.reason, "reason_category"), (self.county, "county"), (self.section, "section"),
                           (self.level, "level")):
            counts = _counts(table, key) if table is not None else {}
            current = combo.currentData()
            blocker = QSignalBlocker(combo)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, count in counts.items():
                if value:
                    combo.addItem(f"{value} ({count:,})", value)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            del blocker
        for filters in self._added:
            filters.set_table(table)
        self._arrange()

    def _more_toggled(self, shown: bool) -> None:
        self.more_box.setVisible(shown)
        self.more_button.setArrowType(Qt.ArrowType.UpArrow if shown else Qt.ArrowType.DownArrow)
        self._update_more_text()

    def _update_more_text(self) -> None:
        """Folded, the button says how many of the folded filters are in use."""
        state = self.state()
        active = sum((state.reason != ANY, state.county != ANY, state.section != ANY, state.level != ANY,
                      bool(state.flags), bool(state.date_from)))
        active += sum(filters.in_use() for filters in self._added)
        text = "More filters" if self.more_button.isChecked() or not active else f"More filters ({active} in use)"
        self.more_button.setText(text)
        self.more_button.setAccessibleName(text)

    def set_count(self, shown: int, total: int, noun: str) -> None:
        self.count_label.setText(f"{shown:,} of {total:,} {noun}")
        self._update_more_text()
        self._arrange()

    # ------------------------------------------------------------------ layout
    def buttons_wrapped(self) -> bool:
        """True while the determination buttons sit on a line of their own."""
        return self._wrapped

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Buttons beside the search box when everything fits at the search box's minimum width,
        else on their own line. The test does not depend on where they are, so it cannot flip-flop."""
        spacing = max(self._top.spacing(), 0)
        needed = (self.search.minimumWidth() + self.determinations.sizeHint().width()
                  + self.count_label.sizeHint().width() + self.more_button.sizeHint().width() + 3 * spacing)
        wrap = self.width() < needed
        if wrap == self._wrapped:
            return
        self._wrapped = wrap
        if wrap:
            self._top.removeWidget(self.determinations)
            self._wrapped_row.insertWidget(0, self.determinations)
        else:
            self._wrapped_row.removeWidget(self.determinations)
            self._top.insertWidget(1, self.determinations)


def _counts(table: TableData, key: str) -> dict[str, int]:
    """Rows per label, most frequent first."""
    col = table.column(key)
    if col is None:
        return {}
    counts = np.bincount(col.codes, minlength=len(col.labels))
    order = np.argsort(-counts, kind="stable")
    return {str(col.labels[i]): int(counts[i]) for i in order if counts[i] > 0}
