"""The determination buttons above the results table: one click shows only that determination,
a click on the only one shown shows every row again; Ctrl+click (or the Combine button) adds a
determination to those shown or takes it away.

Nothing checked means every determination is shown (FilterState.determinations is None). A
checked button is drawn inverted, light on dark (a fixed pair, contrast 11:1), so its state does
not rest on a hue; screen readers announce it as checked. (Not bold: the layout would not make
room for the wider text.)
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QToolButton, QWidget

from ..core.schema import DETERMINATIONS
from . import style
from .contrast import TEXT, ColourPair
from .flow_layout import FlowLayout

CHECKED_FG, CHECKED_BG = "#FFFFFF", "#1B3B6F"  # white on dark navy: contrast 11:1
FIXED_COLOURS = (ColourPair("checked determination button", CHECKED_FG, CHECKED_BG, TEXT),)
CHECKED_STYLE = (f"QToolButton:checked {{ color: {CHECKED_FG}; background-color: {CHECKED_BG}; "
                 f"border: 1px solid {CHECKED_BG}; border-radius: 3px; padding: 2px 4px; }}")
COMBINE_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class ChoiceButton(QToolButton):
    """A checkable tool button that remembers the keyboard modifiers of the click being handled
    (the event's own, which are right also for synthesised events, unlike the application's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, checkable=True)
        self.click_modifiers = Qt.KeyboardModifier.NoModifier

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.click_modifiers = event.modifiers()
        try:
            super().mouseReleaseEvent(event)  # emits clicked()
        finally:
            self.click_modifiers = Qt.KeyboardModifier.NoModifier

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.click_modifiers = event.modifiers()
        try:
            super().keyReleaseEvent(event)  # Space: emits clicked()
        finally:
            self.click_modifiers = Qt.KeyboardModifier.NoModifier


class DeterminationFilter(QWidget):
    """Emits `changed` when the user changes which determinations are shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, ChoiceButton] = {}
        self._layout = FlowLayout(self)  # the buttons wrap when even a line of their own is too narrow
        for det in (*DETERMINATIONS, style.NOT_EVALUATED):
            self.buttons[det] = self._make_button(det)
            self._layout.addWidget(self.buttons[det])
        self.combine = QToolButton(text="Combine", checkable=True)
        self.combine.setToolTip("When on, clicking a determination adds it to those shown or takes it away, "
                                "as Ctrl+click does")
        self.combine.setAccessibleName("Combine determinations")
        self.combine.setStyleSheet(CHECKED_STYLE)
        self.combine.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._layout.addWidget(self.combine)

    def _make_button(self, det: str) -> ChoiceButton:
        button = ChoiceButton()
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if style.look(det) is not None:
            button.setIcon(style.icon(det))
        button.setToolTip(f"Show only the rows with the determination '{det}'; click again to show every "
                          "row.\nCtrl+click (or Combine on) adds it to the determinations shown, or takes "
                          "it away.")
        button.setAccessibleDescription("Shows only this determination; Ctrl+click adds or removes it")
        button.setStyleSheet(CHECKED_STYLE)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda _checked, d=det: self._clicked(d))
        return button

    def set_routings(self, names: list[str]) -> None:
        """One button per routing determination of the current policy (its "route" steps), before
        'Not evaluated'; the buttons of a previous policy's routings go away."""
        fixed = (*DETERMINATIONS, style.NOT_EVALUATED)
        for det in [d for d in self.buttons if d not in fixed and d not in names]:
            self.buttons.pop(det).deleteLater()
        for det in names:
            if det in self.buttons:
                continue
            button = self._make_button(det)
            self._layout.insertWidget(self._layout.indexOf(self.buttons[style.NOT_EVALUATED]), button)
            button.setHidden(False)  # not "hidden" until the event loop shows it: filters count it now
            previous = [b for d, b in self.buttons.items() if d != style.NOT_EVALUATED][-1]
            not_evaluated = self.buttons.pop(style.NOT_EVALUATED)
            self.buttons[det] = button
            self.buttons[style.NOT_EVALUATED] = not_evaluated
            QWidget.setTabOrder(previous, button)  # Tab reaches it among the other buttons
            QWidget.setTabOrder(button, not_evaluated)

    def _clicked(self, det: str) -> None:
        """Qt has already toggled the button; a plain click makes it the only one (or, when it was
        the only one, none: every row)."""
        button = self.buttons[det]
        if not (self.combine.isChecked() or button.click_modifiers & COMBINE_MODIFIERS):
            others = [b for d, b in self.buttons.items() if d != det and b.isChecked()]
            was_only = not button.isChecked() and not others
            self._set_checked(set() if was_only else {det})
        self.changed.emit()

    def _set_checked(self, dets: set[str]) -> None:
        for det, button in self.buttons.items():
            blocker = QSignalBlocker(button)
            button.setChecked(det in dets)
            del blocker

    def show_only(self, dets: set[str] | None) -> None:
        """Show these determinations (None or empty: all), as if the user had chosen them."""
        self._set_checked(set(dets or ()))
        self.changed.emit()

    def shown(self) -> frozenset[str] | None:
        """The determinations to show among the visible buttons; None means all."""
        visible = {d for d, b in self.buttons.items() if not b.isHidden()}
        checked = frozenset(d for d in visible if self.buttons[d].isChecked())
        return None if not checked or checked == visible else checked

    def clear(self) -> None:
        """Every determination shown (no signal)."""
        self._set_checked(set())

    def set_visible_choice(self, det: str, visible: bool) -> None:
        """Show or hide one button (Not evaluated exists only in the all-rows view); a hidden
        button is never checked."""
        button = self.buttons[det]
        button.setHidden(not visible)
        if not visible and button.isChecked():
            blocker = QSignalBlocker(button)
            button.setChecked(False)
            del blocker

    def set_counts(self, counts: dict[str, int] | None) -> None:
        for det, button in self.buttons.items():
            short = style.short(det)
            button.setText(short if counts is None else f"{short} ({counts.get(det, 0):,})")
            button.setAccessibleName(button.text())
