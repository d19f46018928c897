"""A date typed as a whole: YYYY-MM-DD or MM/DD/YYYY, with a calendar button.

QDateEdit edits one section at a time: select all and type 2020-07-01 and only the year section
takes the keys, giving 2026-07-01. Here the text is the date. A complete, real date within range
becomes the date (`dateChanged`); anything else changes nothing: an impossible or out-of-range date
is refused with a message under the field (also the field's accessible description, so a screen
reader announces it), and leaving the field puts the kept date back. Up/Down step a day,
Page Up/Page Down a month, Alt+Down or F4 opens the calendar.
"""

from __future__ import annotations

import calendar
import re

from PySide6.QtCore import QDate, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QVBoxLayout,
                               QWidget, QWidgetAction)

from .contrast import GRAPHICS, TEXT, ColourPair

ISO = "yyyy-MM-dd"
US_DATE = "MM/dd/yyyy"
# What may be typed: the two formats, also unfinished (the validator blocks anything else).
TYPING = r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?|\d{0,2}(/\d{0,2}(/\d{0,4})?)?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ERROR_FG, ERROR_BG, ERROR_BORDER = "#7F1D1D", "#FDECEC", "#B00020"  # text contrast 8.8:1
ERROR_STYLE = f"QLabel {{ color: {ERROR_FG}; background-color: {ERROR_BG}; padding: 2px 4px; }}"
FIELD_ERROR_STYLE = f"QLineEdit {{ border: 2px solid {ERROR_BORDER}; border-radius: 2px; padding: 1px; }}"
# The border is an extra cue (the message says it in words): 7.2:1 on a light field, less on a dark one.
FIXED_COLOURS = (ColourPair("date field message", ERROR_FG, ERROR_BG, TEXT),
                 ColourPair("date field error border on a light field", ERROR_BORDER, "#FFFFFF", GRAPHICS))


def parse_date(text: str, minimum: QDate, maximum: QDate) -> tuple[QDate | None, str]:
    """(the date, "") for a complete date in range; (None, why) for a complete one that is not a
    date or is out of range; (None, "") while the text is not a whole date yet."""
    text = text.strip()
    if m := _ISO_DATE.fullmatch(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _US_DATE.fullmatch(text):
        mo, d, y = (int(g) for g in m.groups())
    else:
        return None, ""
    if not 1 <= mo <= 12:
        return None, f"{text} is not a date: there is no month {mo}."
    days = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= days:
        return None, f"{text} is not a date: {calendar.month_name[mo]} {y} has {days} days."
    day = QDate(y, mo, d)
    if not minimum <= day <= maximum:
        return None, f"{text} is outside {minimum.toString(ISO)} to {maximum.toString(ISO)}."
    return day, ""


class _DateLineEdit(QLineEdit):
    step = Signal(int, int)  # days, months
    popup = Signal()

    def sizeHint(self) -> QSize:
        # As wide as a date needs (a QLineEdit asks for about 17 characters).
        hint = super().sizeHint()
        return QSize(max(self.minimumWidth(), self.fontMetrics().horizontalAdvance("00/00/0000") + 24), hint.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0), Qt.Key.Key_PageUp: (0, 1),
                 Qt.Key.Key_PageDown: (0, -1)}
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.popup.emit()
        elif key in steps and not alt:
            self.step.emit(*steps[key])
        else:
            super().keyPressEvent(event)


class DateField(QWidget):
    """The date is `date()`; `dateChanged` fires only when it really changes."""

    dateChanged = Signal(QDate)

    def __init__(self, day: QDate, parent: QWidget | None = None, *, display: str = ISO,
                 kept: str = "The date stays {date}.") -> None:
        """`display`: the format the date is shown in (ISO or US); `kept`: what a refusal adds."""
        super().__init__(parent)
        self._date = day
        self._display, self._kept = display, kept
        self._minimum, self._maximum = QDate(1, 1, 1), QDate(9999, 12, 31)
        self.edit = _DateLineEdit(day.toString(display))
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(TYPING), self.edit))
        self.edit.setPlaceholderText(display.upper())
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 16)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.edit.step.connect(self._step)
        self.edit.popup.connect(self.open_calendar)

        self.calendar_button = QToolButton()
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setAccessibleName("Choose the date on a calendar")
        self.calendar_button.setToolTip("Choose the date on a calendar (Alt+Down in the field)")
        self.calendar_button.clicked.connect(self.open_calendar)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setObjectName("dateError")
        self.error.hide()

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(0)
        self._row.addWidget(self.edit, 1)
        self._row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)

        # The popup is made after the field's own children: a child window (a QMenu) created
        # before them cuts them out of the window's focus chain (Qt 6.11), and Tab skips the field.
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._menu = QMenu(self)
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(self.calendar)
        self._menu.addAction(action)

    def add_beside(self, widget: QWidget) -> None:
        """Put `widget` (a "Today" button) at the end of the field's line: the message spans both."""
        self._row.addSpacing(6)
        self._row.addWidget(widget)

    # ------------------------------------------------------------------ the QDateEdit calls used
    def date(self) -> QDate:
        return self._date

    def setDate(self, day: QDate) -> None:
        """Show `day` (clamped to the range) and clear any message; emits dateChanged if it changed."""
        day = min(max(day, self._minimum), self._maximum)
        self.edit.setText(day.toString(self._display))
        self._set_error("")
        self._commit(day)

    def setMinimumDate(self, day: QDate) -> None:
        self._minimum = day

    def setMaximumDate(self, day: QDate) -> None:
        self._maximum = day

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.edit.setToolTip(f"{text}\nType YYYY-MM-DD or MM/DD/YYYY; Up/Down: a day, Page Up/Down: a month; "
                             "Alt+Down: calendar.")

    def set_name(self, name: str) -> None:
        """What screen readers call the field, and its calendar button ("Choose <name> on a calendar")."""
        self.edit.setAccessibleName(name)
        self.calendar_button.setAccessibleName(f"{name}: choose on a calendar")

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    # ------------------------------------------------------------------ typing
    def _typed(self, text: str) -> None:
        day, problem = parse_date(text, self._minimum, self._maximum)
        if day is not None:
            self._set_error("")
            self._commit(day)
        elif problem:
            self._set_error(f"{problem} {self._kept_text()}")
        else:
            self._set_error("")  # not a whole date yet

    def _finished(self) -> None:
        """Enter or leaving the field: show the date in use; say so if the text was not used."""
        text = self.edit.text().strip()
        if text == self._date.toString(self._display):
            return
        day, problem = parse_date(text, self._minimum, self._maximum)
        if day is None and not problem:
            problem = (f"'{text}' is not a whole date ({self._display.upper()})." if text
                       else "The date cannot be blank.")
        if problem:
            self._set_error(f"{problem} {self._kept_text()}")
        self.edit.setText(self._date.toString(self._display))

    def _kept_text(self) -> str:
        return self._kept.format(date=self._date.toString(self._display))

    def _step(self, days: int, months: int) -> None:
        self.setDate(self._date.addDays(days).addMonths(months))

    def _commit(self, day: QDate) -> None:
        if day != self._date:
            self._date = day
            self.dateChanged.emit(day)

    def _set_error(self, text: str) -> None:
        self.error.setText(f"⚠ {text}" if text else "")
        self.error.setVisible(bool(text))
        self.edit.setStyleSheet(FIELD_ERROR_STYLE if text else "")
        self.edit.setAccessibleDescription(text)

    # ------------------------------------------------------------------ calendar
    def open_calendar(self) -> None:
        self.calendar.setDateRange(self._minimum, self._maximum)
        self.calendar.setSelectedDate(self._date)
        self._menu.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self._menu.close()
        self.setDate(day)
        self.edit.setFocus()
