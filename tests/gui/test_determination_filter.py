"""The determination buttons (one click: only this one; Ctrl+click or Combine: add or take away),
by mouse and keyboard, and the filter bar keeping its search box usable when the row is crowded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app.core.schema import DISMISS, HAND_REVIEW, NOT_ELIGIBLE, REDUCE
from desktop_app.gui.determination_filter import CHECKED_BG, CHECKED_FG, DeterminationFilter
from desktop_app.gui.filter_bar import SEARCH_MIN_CHARS, FilterBar
from desktop_app.gui.style import NOT_EVALUATED

LEFT, CTRL = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def dets(qtbot):  # type: ignore[no-untyped-def]
    widget = DeterminationFilter()
    qtbot.addWidget(widget)
    widget.set_visible_choice(NOT_EVALUATED, False)
    widget.set_counts({DISMISS: 33, REDUCE: 6, HAND_REVIEW: 6})
    widget.show()
    changes: list[frozenset[str] | None] = []
    widget.changed.connect(lambda: changes.append(widget.shown()))
    widget.changes = changes  # type: ignore[attr-defined]
    return widget


def checked(widget: DeterminationFilter) -> set[str]:
    return {d for d, b in widget.buttons.items() if b.isChecked()}


def test_nothing_checked_shows_every_determination(dets):
    assert dets.shown() is None and checked(dets) == set()
    assert dets.buttons[HAND_REVIEW].text() == "Hand Review (6)"
    assert dets.buttons[NOT_ELIGIBLE].text() == "Not eligible (0)"


def test_one_click_shows_only_that_determination_and_a_second_click_shows_all(dets, qtbot):
    qtbot.mouseClick(dets.buttons[HAND_REVIEW], LEFT)
    assert dets.shown() == {HAND_REVIEW} and checked(dets) == {HAND_REVIEW}
    qtbot.mouseClick(dets.buttons[REDUCE], LEFT)  # another one: switch to it
    assert dets.shown() == {REDUCE} and checked(dets) == {REDUCE}
    qtbot.mouseClick(dets.buttons[REDUCE], LEFT)  # the only one shown: back to all
    assert dets.shown() is None and checked(dets) == set()
    assert dets.changes == [frozenset({HAND_REVIEW}), frozenset({REDUCE}), None]  # one signal per click


def test_ctrl_click_adds_and_takes_away(dets, qtbot):
    qtbot.mouseClick(dets.buttons[HAND_REVIEW], LEFT)
    qtbot.mouseClick(dets.buttons[NOT_ELIGIBLE], LEFT, CTRL)
    assert dets.shown() == {HAND_REVIEW, NOT_ELIGIBLE}
    qtbot.mouseClick(dets.buttons[HAND_REVIEW], LEFT, CTRL)
    assert dets.shown() == {NOT_ELIGIBLE}
    qtbot.mouseClick(dets.buttons[NOT_ELIGIBLE], LEFT, CTRL)
    assert dets.shown() is None
    # A plain click on one of several shown keeps only that one.
    for det in (DISMISS, REDUCE):
        qtbot.mouseClick(dets.buttons[det], LEFT, CTRL)
    qtbot.mouseClick(dets.buttons[REDUCE], LEFT)
    assert dets.shown() == {REDUCE}


def test_all_four_checked_is_every_row(dets, qtbot):
    for det in (DISMISS, REDUCE, NOT_ELIGIBLE, HAND_REVIEW):
        qtbot.mouseClick(dets.buttons[det], LEFT, CTRL)
    assert dets.shown() is None


def test_combine_button_makes_plain_clicks_add(dets, qtbot):
    qtbot.mouseClick(dets.combine, LEFT)
    assert dets.combine.isChecked()
    qtbot.mouseClick(dets.buttons[DISMISS], LEFT)
    qtbot.mouseClick(dets.buttons[REDUCE], LEFT)
    assert dets.shown() == {DISMISS, REDUCE}
    qtbot.mouseClick(dets.buttons[DISMISS], LEFT)
    assert dets.shown() == {REDUCE}
    assert "Ctrl+click" in dets.combine.toolTip() and dets.combine.accessibleName()


def test_keyboard_reaches_and_toggles_every_button(dets, qtbot):
    visible = [b for b in dets.buttons.values() if not b.isHidden()] + [dets.combine]
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in visible)
    assert all(b.accessibleName() for b in visible)
    dets.buttons[DISMISS].setFocus()
    for expected in (REDUCE, NOT_ELIGIBLE, HAND_REVIEW):  # Tab moves along the buttons
        qtbot.keyClick(dets.focusWidget(), Qt.Key.Key_Tab)
        assert dets.focusWidget() is dets.buttons[expected]
    qtbot.keyClick(dets.buttons[HAND_REVIEW], Qt.Key.Key_Space)
    assert dets.shown() == {HAND_REVIEW}
    qtbot.keyClick(dets.buttons[REDUCE], Qt.Key.Key_Space, CTRL)
    assert dets.shown() == {HAND_REVIEW, REDUCE}
    qtbot.keyClick(dets.buttons[HAND_REVIEW], Qt.Key.Key_Space)
    assert dets.shown() == {HAND_REVIEW}
    qtbot.keyClick(dets.buttons[HAND_REVIEW], Qt.Key.Key_Space)
    assert dets.shown() is None


def test_tooltips_say_how_to_combine(dets):
    for det, button in dets.buttons.items():
        assert f"Show only the rows with the determination '{det}'" in button.toolTip()
        assert "Ctrl+click" in button.toolTip()


def test_checked_colours_are_a_readable_pair():
    def luminance(name: str) -> float:
        c = QColor(name)
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(CHECKED_FG), luminance(CHECKED_BG)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_a_hidden_choice_is_never_shown_checked(qtbot):
    widget = DeterminationFilter()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.mouseClick(widget.buttons[NOT_EVALUATED], LEFT)
    assert widget.shown() == {NOT_EVALUATED}
    widget.set_visible_choice(NOT_EVALUATED, False)
    assert widget.shown() is None and not widget.buttons[NOT_EVALUATED].isChecked()


# --- the filter bar's layout

def test_search_box_keeps_room_for_thirty_characters_when_the_row_is_crowded(qtbot):
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.determinations.set_visible_choice(NOT_EVALUATED, True)
    bar.determinations.set_counts({DISMISS: 1_234_567, REDUCE: 234_567, NOT_ELIGIBLE: 34_567, HAND_REVIEW: 4_567,
                                   NOT_EVALUATED: 2_345_678})
    bar.set_count(2_345_678, 2_345_678, "rows")
    minimum = bar.search.fontMetrics().averageCharWidth() * SEARCH_MIN_CHARS
    assert bar.search.minimumWidth() >= minimum
    bar.resize(900, 100)
    bar.show()
    qtbot.waitUntil(lambda: bar.buttons_wrapped())
    qtbot.waitUntil(lambda: bar.search.width() >= minimum)
    # The buttons moved below the search box, all of them visible.
    search_bottom = bar.search.geometry().bottom()
    for button in bar.det_buttons.values():
        assert button.mapTo(bar, button.rect().topLeft()).y() > search_bottom
    bar.resize(2400, 100)
    qtbot.waitUntil(lambda: not bar.buttons_wrapped())
    assert bar.search.width() >= minimum
