"""Legal aid clinics through the window: a clinic's own .xlsx opened like any file, the mapping
dialog answered by the test, the results, person view and exports; the saved mapping reused;
Cancel keeping the data shown; the county of a sheet; the client form; the intake template."""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import write_text, write_xlsx  # noqa: E402

from desktop_app.core.clinic.entry import EnteredConviction  # noqa: E402
from desktop_app.core.clinic.guess import guess_mapping  # noqa: E402
from desktop_app.core.clinic.sheet import read_table  # noqa: E402
from desktop_app.core.clinic.template import TEMPLATE_HEADERS  # noqa: E402
from desktop_app.core.schema import ALL_COUNTIES, DISMISS, REDUCE  # noqa: E402
from desktop_app.gui import clinic_controller, dialogs  # noqa: E402
from desktop_app.gui.accessibility import audit  # noqa: E402
from desktop_app.gui.client_form import ClientForm  # noqa: E402
from desktop_app.gui.exporting import BUNDLE, ExportRequest  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402
from desktop_app.paths import intake_template  # noqa: E402

WAIT_MS = 30_000
HEADERS = ("Client", "DOB", "Case #", "Offense", "Date convicted", "F/M", "Notes")
ROWS = [["DOE, JANE", dt.date(1980, 3, 4), "12F01234", "HS 11359(b)", dt.date(2012, 3, 4), "F", "RAP sheet 2024"],
        ["DOE, JANE", dt.date(1980, 3, 4), "15M0555", "11357(c) HS", "2015-06-01", "Misd", ""],
        ["ROE, RICK", "1/2/1990", "19F0042", "H&S 11360(a)", "4-Mar-2019", "fel.", "called twice"],
        ["ROE, RICK", "1/2/1990", "20M0001", "PC 459", "1/5/2020", "M", ""]]


def clinic_sheet(path: Path, rows: list[list[Any]] = ROWS, headers: tuple[str, ...] = HEADERS) -> Path:
    """A clinic's workbook as people make them: a merged title row and a note above the header."""
    return write_xlsx(path, headers, rows, title_rows=["Eastside Legal Aid: Prop 64 clients (fabricated)",
                                                       "Updated by the intake desk"])


class Answer:
    """Answers the next modal dialog of a kind when it opens: `handle(dialog)` accepts or rejects it."""

    def __init__(self, kind: type, handle: Callable[[Any], None]) -> None:
        self.kind, self.handle, self.seen = kind, handle, []  # type: ignore[var-annotated]
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def _check(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, self.kind) and widget not in self.seen:
            self.seen.append(widget)
            self.timer.stop()
            self.handle(widget)


def map_columns(county: str = "Sacramento", every: bool = False) -> Callable[[MappingDialog], None]:
    """Answer the mapping dialog as a user would: the county of the sheet, then 'Use this mapping'."""
    def answer(dialog: MappingDialog) -> None:
        assert dialog.header_spin.value() == 4  # two title rows and a blank row skipped
        assert dialog.combos["code_section"].currentText() == "Offense"
        assert audit(dialog) == []
        if county:
            dialog.county_combo.setCurrentText(county)
        dialog.every_conviction.setChecked(every)
        assert dialog.ok_button.isEnabled(), dialog.problems_label.text()
        dialog.ok_button.click()
    return answer


def click(text: str) -> Callable[[QMessageBox], None]:
    def answer(box: QMessageBox) -> None:
        assert audit(box) == []
        next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
    return answer


def wait_loaded(qtbot, window, previous=None) -> Any:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.dataset.session is not previous and window.dataset.session is not None
                    and not window.runner.busy(), timeout=WAIT_MS)
    return window.dataset.session


def table_texts(window, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    column = window.model.column_index(key)
    return [window.model.index(r, column).data() for r in range(window.model.rowCount())]


@pytest.fixture(autouse=True)
def no_dialog_left_open(qtbot):  # type: ignore[no-untyped-def]
    """A dialog no test answers would wait forever: closed after a while, and the test fails."""
    left: list[str] = []
    opened: dict[int, float] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        since = opened.setdefault(id(widget), time.monotonic())
        if time.monotonic() - since > 10:
            left.append(widget.windowTitle())
            widget.close()
    timer = QTimer(interval=250)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert left == [], f"dialogs left open: {left}"


@pytest.fixture
def clinic_loaded(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """The window with a clinic's sheet opened through File > Open and mapped in the dialog."""
    answer = Answer(MappingDialog, map_columns())
    assert window.dataset.open_files([str(clinic_sheet(tmp_path / "clients.xlsx"))])
    wait_loaded(qtbot, window)
    assert answer.seen
    return window


def test_a_clinic_sheet_opened_like_any_file_is_mapped_then_shown(clinic_loaded, qtbot):
    w = clinic_loaded
    s = w.dataset.session
    assert s.prepared.records.dataset.is_clinic and s.mapping is not None
    assert s.mapping.column("level") == "F/M" and s.mapping.county == "SACRAMENTO"
    assert w.windowTitle().startswith("clients.xlsx — ")
    # The three Prop 64 convictions, each with the engine's decision (the burglary is history only):
    # 10 years after a felony 11359(b) conviction and a misdemeanor: dismissal; HS 11360, 2019: reduction.
    decided = dict(zip(table_texts(w, "case_number"), table_texts(w, "determination")))
    assert decided == {"12F01234": DISMISS, "15M0555": DISMISS, "19F0042": REDUCE}
    reasons = dict(zip(table_texts(w, "case_number"), table_texts(w, "reason")))
    assert reasons["19F0042"] == "Reduce all HS 11360 convictions"
    assert set(table_texts(w, "county")) == {"SACRAMENTO"}
    # The person view says where the history comes from and what it cannot show.
    w.table.select_view_row(0)
    text = w.person_view.browser.toPlainText()
    assert "History from the clinic's spreadsheet clients.xlsx, sheet Clients; not known: convictions not listed " \
           "on the sheet" in text
    assert "PC 290 registration" in text and "sentences" in text
    assert audit(w) == []


def visible_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.model.columns[i].title for i in window.table.visible_columns()]


def test_the_clinic_columns_are_in_the_table(clinic_loaded, qtbot, qtmodeltester):
    w = clinic_loaded
    qtmodeltester.check(w.model)
    shown = visible_titles(w)
    assert "Notes" in shown and "CII number" not in shown  # no CII number in a clinic's sheet
    assert "Offense" not in shown and "Offense" in [c.title for c in w.model.columns]  # read as the code section
    notes = dict(zip(table_texts(w, "case_number"), table_texts(w, "own:Notes")))
    assert notes == {"12F01234": "RAP sheet 2024", "15M0555": "", "19F0042": "called twice"}

    w.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: w.dataset.showing_all_rows() and not w.runner.busy(), timeout=WAIT_MS)
    qtmodeltester.check(w.model)
    assert w.model.rowCount() == 4
    assert table_texts(w, "own:Offense") == ["HS 11359(b)", "11357(c) HS", "H&S 11360(a)", "PC 459"]
    shown = visible_titles(w)
    assert "Notes" in shown and "Event type" not in shown and "Count order" not in shown

    # A DOJ file afterwards keeps its own column layout (its CII numbers shown).
    w.actions.all_rows.trigger()
    first = w.dataset.session
    from desktop_app.paths import sample_file
    assert w.dataset.open_files([str(sample_file())])
    wait_loaded(qtbot, w, first)
    assert "CII number" in visible_titles(w) and "Notes" not in [c.title for c in w.model.columns]


def test_the_saved_mapping_is_used_again_for_the_same_headers(clinic_loaded, qtbot, tmp_path):
    w = clinic_loaded
    saved = list(w.clinic.mappings_folder().glob("*.toml"))
    assert [p.name for p in saved] == ["clients.toml"]
    assert "Client" in saved[0].read_text(encoding="utf-8") and "DOE" not in saved[0].read_text(encoding="utf-8")

    # Same headers, other clients: the question, and 'Use it' loads it with no dialog.
    first = w.dataset.session
    other = clinic_sheet(tmp_path / "march.xlsx", ROWS[2:])
    question = Answer(QMessageBox, click("Use it"))
    dialog = Answer(MappingDialog, lambda d: d.reject())
    assert w.dataset.open_files([str(other)])
    s = wait_loaded(qtbot, w, first)
    assert question.seen and not dialog.seen
    dialog.timer.stop()
    assert "same columns as the mapping 'clients'" in question.seen[0].text()
    assert s.paths == [str(other)] and s.mapping.column("code_section") == "Offense"
    assert s.mapping.county == "SACRAMENTO" and w.model.rowCount() == 1

    # 'Check the columns…': the dialog opens prefilled with the saved mapping.
    prefilled: list[tuple[str, bool]] = []

    def check(d: MappingDialog) -> None:
        prefilled.append((d.county_combo.currentText(), d.name_edit.text()))
        d.every_conviction.setChecked(True)
        d.ok_button.click()
    question = Answer(QMessageBox, click("Check the columns…"))
    dialog = Answer(MappingDialog, check)
    assert w.dataset.open_files([str(other)])
    s = wait_loaded(qtbot, w, s)
    assert prefilled == [("Sacramento", "clients")]
    assert s.mapping.lists_every_conviction
    # Remembered again under its name (not a second file for the same headers).
    assert [p.name for p in w.clinic.mappings_folder().glob("*.toml")] == ["clients.toml"]


def test_cancel_in_the_mapping_dialog_keeps_the_data_shown(loaded, qtbot, tmp_path):
    w = loaded
    session, rows = w.dataset.session, w.model.rowCount()
    answer = Answer(MappingDialog, lambda d: d.reject())
    assert w.dataset.open_files([str(clinic_sheet(tmp_path / "clients.xlsx"))])
    qtbot.waitUntil(lambda: bool(answer.seen) and not answer.seen[0].isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "not opened" in w.status_label.text(), timeout=WAIT_MS)
    assert w.dataset.session is session and w.model.rowCount() == rows
    assert "the data shown are unchanged" in w.status_label.text()
    assert w.settings.recent_files() == [str(Path(p)) for p in session.paths]  # not a recent file either


def test_cancel_while_a_mapped_sheet_loads_keeps_the_data_shown(loaded, qtbot, tmp_path):
    w = loaded
    session = w.dataset.session
    rows = [[f"CLIENT {i}, A", "3/4/1980", f"C{i}", "HS 11359(b)", "3/4/2012", "F", ""] for i in range(30_000)]
    big = write_text(tmp_path / "big.csv", HEADERS, rows)
    ended: list[str] = []
    answer = Answer(MappingDialog, lambda d: (d.county_combo.setCurrentText("Yolo"), d.ok_button.click()))
    assert w.dataset.open_files([str(big)])
    qtbot.waitUntil(lambda: bool(answer.seen), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.runner.busy(), timeout=WAIT_MS)  # the mapped sheet is loading
    w.runner.job_ended.connect(ended.append)
    w.job_status.cancel_job()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    assert ended == ["cancelled"] and "Cancelled" in w.status_label.text()
    assert w.dataset.session is session and w.model.rowCount() == len(session.results.evaluated)


def test_a_sheet_without_a_county_column_gets_the_county_chosen_in_the_panel(clinic_loaded, qtbot, wait_idle):
    w = clinic_loaded
    panel = w.policy_panel
    counties = [panel.county.itemData(i) for i in range(panel.county.count())]
    assert panel.county_name() == "SACRAMENTO" and "YOLO" in counties and ALL_COUNTIES not in counties
    first = w.dataset.session
    panel.county.setCurrentIndex(panel.county.findData("YOLO"))
    s = wait_loaded(qtbot, w, first)
    wait_idle(w)
    assert s.mapping.county == "YOLO" and s.results.county == "YOLO"
    assert set(table_texts(w, "county")) == {"YOLO"} and w.model.rowCount() == 3
    assert panel.county_name() == "YOLO"


def test_a_sheet_with_a_county_column_starts_with_all_counties(window, qtbot, tmp_path, wait_idle):
    rows = [[*r[:6], county] for r, county in zip(ROWS, ("Sacramento", "Sacramento", "Yolo County", "Yolo"))]
    path = clinic_sheet(tmp_path / "counties.xlsx", rows, (*HEADERS[:6], "County"))
    answer = Answer(MappingDialog, map_columns(county=""))
    assert window.dataset.open_files([str(path)])
    s = wait_loaded(qtbot, window)
    assert answer.seen and s.results.county == ALL_COUNTIES and window.model.rowCount() == 3
    panel = window.policy_panel
    assert [panel.county.itemData(i) for i in range(panel.county.count())] == ["SACRAMENTO", "YOLO", ALL_COUNTIES]
    panel.county.setCurrentIndex(panel.county.findData("YOLO"))
    panel.flush()
    wait_idle(window)
    assert window.dataset.session is s and window.model.rowCount() == 1  # filtered, not read again


def test_exports_from_the_window_carry_the_clinic_columns(clinic_loaded, tmp_path, wait_idle):
    w = clinic_loaded
    out = tmp_path / "out"
    assert w.exports.start_export(ExportRequest(BUNDLE, out))
    wait_idle(w)
    with open(out / "Prop64_Results.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    assert {"Client", "DOB", "Case #", "Offense", "Date convicted", "F/M", "Notes"} <= set(rows[0])
    assert {r["Notes"] for r in rows} == {"RAP sheet 2024", "", "called twice"}
    with open(out / "All_Results.csv", encoding="utf-8", newline="") as f:
        every = list(csv.DictReader(f))
    assert len(every) == 4 and [r["Case #"] for r in every] == ["12F01234", "15M0555", "19F0042", "20M0001"]
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    header = next(book["Convictions"].iter_rows(max_row=1, values_only=True))
    assert "Notes" in header and "Offense" in header
    audit = {r[0]: r[1] for r in book["Policy and audit"].iter_rows(min_row=2, values_only=True)}
    assert any("Offense" in str(v) for v in audit.values())  # the mapping used


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
