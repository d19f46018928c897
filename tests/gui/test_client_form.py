"""The client form driven from the keyboard: the live decision, Enter for the next row, saving
the entry as a workbook and loading it like a clinic's spreadsheet; the person view's note."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_mapping_dialog import unnamed_widgets  # noqa: E402

from desktop_app.core.clinic.entry import EnteredConviction  # noqa: E402
from desktop_app.core.clinic.guess import guess_mapping  # noqa: E402
from desktop_app.core.clinic.sheet import read_table  # noqa: E402
from desktop_app.core.evaluate import evaluate  # noqa: E402
from desktop_app.core.pipeline import default_policy_path, load_clinic  # noqa: E402
from desktop_app.core.ruleset import load_policy  # noqa: E402
from desktop_app.gui import client_form  # noqa: E402
from desktop_app.gui.client_form import ClientForm  # noqa: E402
from desktop_app.gui.person_view import person_html  # noqa: E402

AS_OF = dt.date(2024, 1, 1)
WAIT = 15_000


@pytest.fixture
def form(qtbot):
    f = ClientForm(load_policy(default_policy_path()), AS_OF, county="Sacramento")
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    return f


def settle(qtbot, form) -> None:
    qtbot.waitUntil(form.idle, timeout=WAIT)


def type_row(qtbot, form, date: str, case: str, code: str, level_key: str, sentence: str = "") -> None:
    """Type one row from its date field, as a user would: Tab between cells, Enter at the end."""
    row = form.rows[-1]
    row.date.setFocus()
    qtbot.keyClicks(row.date, date)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)  # county: kept from the row above
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), case)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), code)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), level_key)  # 'F' picks Felony in the list
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), sentence)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)


def test_typing_a_client_shows_the_decision_live(qtbot, form):
    qtbot.keyClicks(form.name, "DOE, JANE")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), "3/4/1980")
    assert form.focusWidget() is form.birth and form.birth_note.text() == "03/04/1980"
    type_row(qtbot, form, "3/4/2012", "12F01234", "HS 11359(b)", "F", "3 years")
    # Enter added the next row and put the cursor in its date.
    assert len(form.rows) == 2 and form.focusWidget() is form.rows[1].date
    assert form.rows[0].level.currentText() == "Felony" and form.rows[1].county.currentText() == "Sacramento"
    type_row(qtbot, form, "6/1/2019", "19M0555", "11357(c) HS", "M")
    settle(qtbot, form)
    assert [(d.row, d.determination, d.reason) for d in form.decisions] == [
        (1, "Eligible for Dismissal", "Conviction occurred 10 or more years ago"),
        (2, "Eligible for Dismissal", "Misdemeanor or Infraction")]
    assert "Eligible for Dismissal" in form.rows[0].decision.text()
    assert form.rows[0].decision.accessibleDescription() == (
        "Eligible for Dismissal: Conviction occurred 10 or more years ago")
    assert form.status.text() == "2 Eligible for Dismissal"


def test_whole_history_declared_changes_the_decision(qtbot, form):
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.rows[0].set_value(EnteredConviction("2/2/2019", "Yolo", "19F1", "11360(a) H&S", "Felony"))
    settle(qtbot, form)
    assert form.decisions[0].reason == 'The sheet may not list every conviction: check "Only has 11357-60 charges"'
    form.every.click()
    settle(qtbot, form)
    assert (form.decisions[0].determination, form.decisions[0].reason) == (
        "Eligible for Dismissal", "Only has 11357-60 charges")


def test_a_cell_that_cannot_be_read_is_shown_on_its_row(qtbot, form):
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "", "possession", "Felony"))
    form.add_row(value=EnteredConviction("31/3/2015", "Sacramento", "", "11357", "M"))
    settle(qtbot, form)
    first, second = form.decisions
    assert first.determination == "" and first.problems == (
        "column 'Code section': 'possession' names no code section (expected e.g. HS 11359(b) or 11357(c) HS)",)
    assert second.determination == "Hand Review"
    assert second.problems == ("unknown conviction date (column 'Conviction date' '31/3/2015')",)
    assert "Check:" in form.rows[0].decision.text()


def test_enter_in_a_middle_row_moves_down_and_ctrl_delete_removes(qtbot, form):
    form.add_row()
    form.add_row()
    form.rows[0].code.setFocus()
    qtbot.keyClick(form.rows[0].code, Qt.Key.Key_Return)
    assert form.focusWidget() is form.rows[1].date and len(form.rows) == 3
    form.rows[2].case.setText("keep me")
    qtbot.keyClick(form.rows[1].date, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert len(form.rows) == 2 and form.rows[1].case.text() == "keep me"
    assert form.rows[1].case.accessibleName() == "Row 2 case number"
    assert form.rows[1].remove.accessibleName() == "Remove row 2"


def test_tab_goes_through_a_row_in_order(qtbot, form):
    row = form.rows[0]
    row.date.setFocus()
    seen = []
    for _ in range(7):
        seen.append(form.focusWidget())
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    assert seen[0] is row.date and seen[2] is row.case and seen[3] is row.code
    assert seen[4] is row.level and seen[5] is row.sentence and seen[6] is row.remove
    assert seen[1] in (row.county, row.county.lineEdit())


def test_saved_workbook_opens_with_no_questions_and_same_decisions(qtbot, form, tmp_path, monkeypatch):
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F1", "HS 11359(b)", "Felony", "3 years"))
    form.add_row(value=EnteredConviction("1/5/2020", "Yolo", "20M1", "PC 459", "Misdemeanor", "90 days"))
    form.add_row()  # an empty row is not saved
    settle(qtbot, form)
    monkeypatch.setattr(client_form, "ask_save_path", lambda parent, name: str(tmp_path / name))
    saved = form.save_as()
    assert saved == tmp_path / "DOE-JANE.xlsx" and saved.is_file()
    table = read_table(saved)
    guess = guess_mapping(table)
    assert guess.missing_required() == [] and all(
        g.confidence_word == "high" for g in guess.fields.values() if g.column)
    assert table.row_count == 2
    policy = load_policy(default_policy_path())
    reopened = evaluate(load_clinic(table, guess.mapping(county="Sacramento")), policy, "ALL", as_of=AS_OF)
    entered_table, mapping = form.entered()
    entered = evaluate(load_clinic(entered_table, mapping), policy, "ALL", as_of=AS_OF)
    assert list(reopened.reason_texts) == list(entered.reason_texts) == [
        d.reason for d in form.decisions if d.determination]


def test_open_needs_a_name_and_birth_date(qtbot, form, errors):
    form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "", "11357", "M"))
    assert form.open_button.isEnabled()
    form.open_button.click()
    assert errors and errors[0][0] == "Name and birth date needed" and form.isVisible()
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.open_button.click()
    assert form.result() == ClientForm.DialogCode.Accepted


def test_the_person_view_says_what_the_entry_cannot_know(qtbot, form):
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F1", "HS 11359(b)", "Felony"))
    table, mapping = form.entered()
    results = evaluate(load_clinic(table, mapping), load_policy(default_policy_path()), "ALL", as_of=AS_OF)
    html = person_html(results, int(results.evaluated["person"].iat[0]))
    assert "History from the clinic&#x27;s spreadsheet Client form; not known: convictions not listed on the sheet" \
        in html
    assert "CII:" not in html


def test_every_widget_of_the_form_can_be_named(form):
    form.add_row()
    assert unnamed_widgets(form) == []
    assert form.rows[1].level.accessibleName() == "Row 2 level"


def test_policy_panel_offers_all_counties(qtbot):
    import pandas as pd

    from desktop_app.gui.policy_panel import PolicyPanel

    panel = PolicyPanel()
    qtbot.addWidget(panel)
    panel.set_counties(pd.Series({"SACRAMENTO": 30, "YOLO": 12}), "ALL")
    assert panel.county.currentText() == "All counties (42 rows)" and panel.county_name() == "ALL"
    panel.set_counties(pd.Series({"SACRAMENTO": 30}), "ALL")
    assert panel.county.count() == 1 and panel.county_name() == "SACRAMENTO"
