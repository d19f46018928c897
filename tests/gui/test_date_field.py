"""The evaluation date is typed as a whole: select all, type a date, get exactly that date; an
impossible one is refused where the user looks (and where a screen reader does), nothing is
re-evaluated, and the previous date is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from desktop_app.gui.date_field import ERROR_BG, ERROR_FG, DateField, parse_date
from desktop_app.gui.policy_panel import DEBOUNCE_MS, PolicyPanel

CTRL = Qt.KeyboardModifier.ControlModifier
START = dt.date(2026, 11, 30)
QUIET_MS = DEBOUNCE_MS * 3  # long enough for a debounced change to have been emitted


@pytest.fixture
def panel(qtbot):  # type: ignore[no-untyped-def]
    widget = PolicyPanel()
    qtbot.addWidget(widget)
    widget.set_as_of(START)
    widget.show()
    widget.as_of_edit.edit.setFocus()
    return widget


def retype(qtbot, panel: PolicyPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = panel.as_of_edit.edit
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)  # select all
    qtbot.keyClicks(edit, text)


def test_select_all_and_type_a_whole_date_gives_exactly_that_date(qtbot, panel):
    with qtbot.waitSignal(panel.changed, timeout=2000):
        retype(qtbot, panel, "2020-07-01")
    assert panel.as_of() == dt.date(2020, 7, 1)
    assert panel.as_of_edit.edit.text() == "2020-07-01" and panel.as_of_edit.error_text() == ""


def test_a_date_is_used_only_when_complete(qtbot, panel):
    changes: list[QDate] = []
    panel.as_of_edit.dateChanged.connect(changes.append)
    retype(qtbot, panel, "2020-07-01")
    assert changes == [QDate(2020, 7, 1)]  # not 2020-07-0x on the way


@pytest.mark.parametrize(("text", "why"), [
    ("2020-02-30", "2020-02-30 is not a date: February 2020 has 29 days."),
    ("2020-13-01", "2020-13-01 is not a date: there is no month 13."),
    ("1969-12-31", "1969-12-31 is outside 1970-01-01 to 2100-12-31."),
])
def test_an_impossible_date_is_refused_visibly_and_nothing_is_re_evaluated(qtbot, panel, text, why):
    field = panel.as_of_edit
    with qtbot.assertNotEmitted(panel.changed, wait=QUIET_MS):
        retype(qtbot, panel, text)
    assert panel.as_of() == START
    message = f"{why} Still evaluating as of 2026-11-30."
    assert field.error_text() == f"⚠ {message}" and field.error.isVisible()
    assert field.edit.accessibleDescription() == message  # announced with the field
    # Leaving the field shows the date in use again; the message stays until a good date is typed.
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.edit.text() == "2026-11-30" and field.error_text()
    with qtbot.waitSignal(panel.changed, timeout=2000):
        retype(qtbot, panel, "2021-03-04")
    assert panel.as_of() == dt.date(2021, 3, 4) and field.error_text() == "" and not field.error.isVisible()
    assert field.edit.accessibleDescription() == ""


def test_an_unfinished_date_is_put_back_when_leaving_the_field(qtbot, panel):
    field = panel.as_of_edit
    with qtbot.assertNotEmitted(panel.changed, wait=QUIET_MS):
        retype(qtbot, panel, "2020-07")
        qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.edit.text() == "2026-11-30" and panel.as_of() == START
    assert "'2020-07' is not a whole date (YYYY-MM-DD)" in field.error_text()


def test_letters_cannot_be_typed(qtbot, panel):
    retype(qtbot, panel, "July")
    assert panel.as_of_edit.edit.text() == "2026-11-30"  # the keys were refused, the selection kept
    assert panel.as_of() == START


def test_month_day_year_is_understood_and_shown_as_year_month_day(qtbot, panel):
    with qtbot.waitSignal(panel.changed, timeout=2000):
        retype(qtbot, panel, "7/1/2020")
    assert panel.as_of() == dt.date(2020, 7, 1)
    qtbot.keyClick(panel.as_of_edit.edit, Qt.Key.Key_Return)
    assert panel.as_of_edit.edit.text() == "2020-07-01"


def test_arrow_keys_step_a_day_and_page_keys_a_month(qtbot, panel):
    edit = panel.as_of_edit.edit
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert panel.as_of() == dt.date(2026, 12, 1)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert panel.as_of() == dt.date(2026, 11, 1)
    assert edit.text() == "2026-11-01"


def test_calendar_picks_a_date_by_keyboard(qtbot, panel):
    field = panel.as_of_edit
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(field.calendar.isVisible)
    assert field.calendar.selectedDate() == QDate(2026, 11, 30)
    view = field.calendar.focusWidget() or field.calendar
    qtbot.keyClick(view, Qt.Key.Key_Left)
    with qtbot.waitSignal(panel.changed, timeout=2000):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert panel.as_of() == dt.date(2026, 11, 29)
    assert field.calendar_button.accessibleName()


def test_the_field_has_a_label_and_explains_itself(panel):
    labels = [label for label in panel.findChildren(QLabel) if label.buddy() is panel.as_of_edit.edit]
    assert [label.text() for label in labels] == ["Evaluate as of:"]
    assert "YYYY-MM-DD" in panel.as_of_edit.edit.toolTip()


def test_error_colours_are_a_readable_pair():
    from PySide6.QtGui import QColor

    def luminance(name: str) -> float:
        c = QColor(name)
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert (luminance(ERROR_BG) + 0.05) / (luminance(ERROR_FG) + 0.05) >= 4.5


def test_parse_date_tells_unfinished_from_impossible():
    low, high = QDate(1970, 1, 1), QDate(2100, 12, 31)
    assert parse_date("2024-02-29", low, high) == (QDate(2024, 2, 29), "")
    assert parse_date("2023-02-29", low, high) == (None, "2023-02-29 is not a date: February 2023 has 28 days.")
    assert parse_date("2020-00-10", low, high)[1] == "2020-00-10 is not a date: there is no month 0."
    for unfinished in ("", "2020", "2020-07-1", "7/1/20", "07/01"):
        assert parse_date(unfinished, low, high) == (None, ""), unfinished


def test_set_date_is_programmatic_and_clears_a_message(qtbot):
    field = DateField(QDate(2026, 1, 1))
    qtbot.addWidget(field)
    field.setMinimumDate(QDate(1970, 1, 1))
    field.show()
    field.edit.setText("")
    qtbot.keyClicks(field.edit, "2020-02-30")
    assert field.error_text()
    with qtbot.waitSignal(field.dateChanged, timeout=1000):
        field.setDate(QDate(1960, 5, 5))  # clamped to the minimum
    assert field.date() == QDate(1970, 1, 1) and field.error_text() == ""


def test_in_the_window_only_a_whole_valid_date_re_evaluates(loaded, qtbot, wait_idle):
    w = loaded
    panel = w.policy_panel
    before = w.dataset.session.results
    panel.as_of_edit.edit.setFocus()
    retype(qtbot, panel, "2020-02-30")
    qtbot.wait(QUIET_MS)
    wait_idle(w)
    assert w.dataset.session.results is before  # not evaluated again
    assert panel.as_of_edit.error_text() and panel.as_of_edit.error.isVisible()
    retype(qtbot, panel, "2020-07-01")
    qtbot.waitUntil(lambda: w.dataset.session.results is not before, timeout=30_000)
    wait_idle(w)
    assert w.dataset.session.results.as_of == dt.date(2020, 7, 1)
    assert w.dataset.session.results.summary["evaluationDate"] == "2020-07-01"


def test_the_conviction_date_range_is_typed_as_whole_dates_too(qtbot):
    from desktop_app.gui.filter_bar import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.date_check.setChecked(True)
    edit = bar.date_from.edit
    edit.setFocus()
    with qtbot.waitSignal(bar.changed, timeout=1000):
        qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(edit, "01/15/2010")
    assert bar.state().date_from == 20100115
    with qtbot.assertNotEmitted(bar.changed, wait=100):
        qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(edit, "02/30/2010")
    assert bar.state().date_from == 20100115
    assert bar.date_from.error_text() == ("⚠ 02/30/2010 is not a date: February 2010 has 28 days. "
                                          "The range still starts 01/15/2010.")
    assert edit.accessibleName() == "Conviction date from"
