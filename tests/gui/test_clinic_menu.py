"""The clinic commands of the File menu: Open clinic spreadsheet (and what it does with a DOJ
file or a file that is no table), New client record (the form's client in the window), New
intake spreadsheet (a copy, never replacing a file without asking); the controller on its own."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clinic_window_helpers import (WAIT_MS, Answer, clinic_sheet, map_columns, no_dialog_left_open,  # noqa: E402
                                   table_texts, wait_loaded)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import write_xlsx  # noqa: E402

from desktop_app.core.clinic.entry import EnteredConviction  # noqa: E402
from desktop_app.core.clinic.guess import guess_mapping  # noqa: E402
from desktop_app.core.clinic.sheet import read_table  # noqa: E402
from desktop_app.core.clinic.template import TEMPLATE_HEADERS  # noqa: E402
from desktop_app.core.schema import ALL_COUNTIES  # noqa: E402
from desktop_app.gui import clinic_controller, dialogs  # noqa: E402
from desktop_app.gui.accessibility import audit  # noqa: E402
from desktop_app.gui.client_form import ClientForm  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402
from desktop_app.paths import intake_template  # noqa: E402

__all__ = ["no_dialog_left_open"]  # the fixture, used by every test here


def test_open_clinic_spreadsheet_from_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    path = clinic_sheet(tmp_path / "clients.xlsx")
    monkeypatch.setattr(clinic_controller, "ask_open_path", lambda parent, folder: str(path))
    answer = Answer(MappingDialog, map_columns())
    window.actions.open_clinic.trigger()
    s = wait_loaded(qtbot, window)
    assert answer.seen and s.prepared.records.dataset.is_clinic and window.model.rowCount() == 3


def test_a_doj_file_chosen_as_a_clinic_sheet_is_opened_as_one(window, qtbot, tmp_path, monkeypatch):
    from desktop_app.paths import sample_file

    monkeypatch.setattr(clinic_controller, "ask_open_path", lambda parent, folder: str(sample_file()))
    window.actions.open_clinic.trigger()
    s = wait_loaded(qtbot, window)
    assert not s.prepared.records.dataset.is_clinic and s.paths == [str(sample_file())]


def test_a_sheet_with_no_column_guessed_points_to_open_clinic_spreadsheet(window, qtbot, tmp_path, errors):
    odd = write_xlsx(tmp_path / "odd.xlsx", ("Who", "When", "What"), [["Jane", "soon", "lunch"]])
    assert window.dataset.open_files([str(odd)])
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    title, message, _ = errors[-1]
    assert title == "Could not open the file" and message.startswith("odd.xlsx: no header row with the DOJ")
    assert message.endswith("open it with File > Open clinic spreadsheet and choose which column holds each field.")
    # There, the dialog opens with nothing guessed, for the user to choose.
    shown: list[str] = []

    def look(d: MappingDialog) -> None:
        shown.extend(c.currentText() for c in d.combos.values())
        d.reject()
    answer = Answer(MappingDialog, look)
    assert window.clinic.open_spreadsheet(odd)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert answer.seen and set(shown) == {"(not in the sheet)"} and window.dataset.session is None


def test_a_file_that_is_no_table_is_refused_with_its_reason(window, qtbot, tmp_path, errors):
    one_column = tmp_path / "list.csv"
    one_column.write_text("Client\nJane Doe\nRick Roe\n", encoding="utf-8")
    assert window.clinic.open_spreadsheet(one_column)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    title, message, _ = errors[-1]
    assert title == "Could not open the spreadsheet" and "list.csv" in message and "single column" in message
    assert window.dataset.session is None


def test_new_client_record_opens_in_the_window(window, qtbot):
    def fill(form: ClientForm) -> None:
        form.name.setText("DOE, JANE")
        form.birth.setText("3/4/1980")
        form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F01234", "HS 11359(b)", "Felony"))
        form.add_row(value=EnteredConviction("1/5/2020", "Yolo", "20M0001", "PC 459", "Misdemeanor"))
        assert audit(form) == []

        def decided() -> None:
            if form.idle() and form.decisions:
                form.open_button.click()
            else:
                QTimer.singleShot(20, decided)
        decided()
    answer = Answer(ClientForm, fill)
    window.actions.new_client.trigger()
    s = wait_loaded(qtbot, window)
    assert answer.seen and s.paths == [] and s.title == "Client record (typed in)"
    assert window.windowTitle().startswith("Client record (typed in) — ")
    assert window.settings.recent_files() == []  # nothing to open again from the recent files
    assert s.results.county == ALL_COUNTIES and window.model.rowCount() == 1
    assert table_texts(window, "case_number") == ["12F01234"]
    window.table.select_view_row(0)
    assert "not known: convictions not listed on the sheet" in window.person_view.browser.toPlainText()


def test_closing_the_client_form_changes_nothing(loaded, qtbot):
    session = loaded.dataset.session
    answer = Answer(ClientForm, lambda form: form.reject())
    loaded.actions.new_client.trigger()
    assert answer.seen and loaded.dataset.session is session and not loaded.runner.busy()


def test_new_intake_spreadsheet_writes_a_copy_and_asks_before_replacing(window, tmp_path, monkeypatch):
    target = tmp_path / "our-intake"
    monkeypatch.setattr(clinic_controller, "ask_save_path", lambda parent, suggested: str(target))
    window.actions.new_intake.trigger()
    written = tmp_path / "our-intake.xlsx"
    assert written.read_bytes() == intake_template().read_bytes()
    table = read_table(written)
    assert table.headers == TEMPLATE_HEADERS and guess_mapping(table).missing_required() == []

    written.write_bytes(b"the clinic's own work")
    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "confirm_replace",
                        lambda parent, folder, existing: asked.append([p.name for p in existing]) or False)
    assert window.clinic.new_intake_spreadsheet() is None
    assert asked == [["our-intake.xlsx"]] and written.read_bytes() == b"the clinic's own work"
    assert "not replaced" in window.status_label.text()

    monkeypatch.setattr(dialogs, "confirm_replace", lambda parent, folder, existing: True)
    assert window.clinic.new_intake_spreadsheet() == written
    assert written.read_bytes() == intake_template().read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["our-intake.xlsx"]  # no temporary file left


def test_intake_spreadsheet_in_a_folder_that_cannot_be_written_says_so(window, tmp_path, monkeypatch, errors):
    monkeypatch.setattr(clinic_controller, "ask_save_path",
                        lambda parent, suggested: str(tmp_path / "missing" / "intake.xlsx"))
    assert window.clinic.new_intake_spreadsheet() is None
    title, message, _ = errors[-1]
    assert title == "Could not save the intake spreadsheet" and "intake.xlsx" in message


def test_clinic_actions_in_the_file_menu_have_their_own_keys(window):
    menus = [m for m in window.menuBar().findChildren(QWidget) if m.__class__.__name__ == "QMenu"]
    file_menu = next(m for m in menus if window.actions.open_clinic in m.actions())
    letters = []
    for action in file_menu.actions():
        text = action.text() or (action.menu().title() if action.menu() else "")
        if "&" in text:
            letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters)), letters
    keys = [a.shortcut().toString() for a in window.findChildren(type(window.actions.open)) if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)) and window.actions.new_client.shortcut().toString() == "Ctrl+N"
    for action in (window.actions.open_clinic, window.actions.new_client, window.actions.new_intake):
        assert action.text().endswith("…") and action.toolTip()


def test_the_clinic_controller_on_its_own(qtbot, tmp_path):
    """Built with only what it uses: the data-set controller it loads through, the job runner,
    the settings (its mappings folder beside them) and the policy panel."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from desktop_app.core.pipeline import default_policy_path
    from desktop_app.core.ruleset import load_policy
    from desktop_app.gui.clinic_controller import ClinicController
    from desktop_app.gui.dataset_controller import DataSetController
    from desktop_app.gui.policy_panel import PolicyPanel
    from desktop_app.gui.settings import AppSettings
    from desktop_app.gui.worker import JobRunner

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    panel = PolicyPanel()
    qtbot.addWidget(panel)
    panel.set_policy(load_policy(default_policy_path()))
    panel.set_as_of(dt.date(2026, 1, 1))
    dataset = DataSetController(runner, settings, panel, QMenu(parent), parent)
    clinic = ClinicController(dataset, runner, settings, panel, parent)
    assert clinic.mappings_folder() == tmp_path / "mappings"
    needed: list[object] = []
    statuses: list[str] = []
    dataset.mapping_needed.connect(needed.append)
    clinic.status_changed.connect(statuses.append)
    dataset.status_changed.connect(statuses.append)

    answer = Answer(MappingDialog, map_columns(county="Yolo"))
    assert dataset.open_files([str(clinic_sheet(tmp_path / "clients.xlsx"))])
    qtbot.waitUntil(lambda: dataset.session is not None and not runner.busy(), timeout=WAIT_MS)
    assert answer.seen and len(needed) == 1 and needed[0].clinic.table.header_row == 4
    assert statuses[0] == "clients.xlsx is not a DOJ research file: choose which of its columns holds each field."
    assert dataset.session.results.county == "YOLO" and len(dataset.session.results.evaluated) == 3
    assert (tmp_path / "mappings" / "clients.toml").is_file()
    runner.wait(10_000)


def test_a_damaged_doj_file_is_refused_without_pointing_to_clinic_sheets(window, qtbot, tmp_path, errors):
    """A DOJ file whose names lost their quoting: the refusal names the damage; the hint about a
    clinic's own spreadsheet would send the user the wrong way."""
    from desktop_app.paths import sample_file

    broken = tmp_path / "unquoted.csv"
    broken.write_text(sample_file().read_text().replace('"', ""))
    assert window.dataset.open_files([str(broken)])
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    title, message, _ = errors[-1]
    assert title == "Could not open the file" and "names seem to be split across two fields" in message
    assert "clinic" not in message and window.dataset.session is None
