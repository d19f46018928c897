"""A clinic's own .xlsx through the window: opened like any file, the mapping dialog answered by
the test, then the table, person view, panel county and exports; the saved mapping reused;
Cancel (in the dialog, or while the sheet loads) keeping the data shown."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clinic_window_helpers import (HEADERS, ROWS, WAIT_MS, Answer, clinic_sheet, click, map_columns,  # noqa: E402
                                   no_dialog_left_open, table_texts, visible_titles, wait_loaded)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import write_text  # noqa: E402

from desktop_app.core.schema import ALL_COUNTIES, DISMISS, REDUCE  # noqa: E402
from desktop_app.gui.accessibility import audit  # noqa: E402
from desktop_app.gui.exporting import BUNDLE, ExportRequest  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402

__all__ = ["no_dialog_left_open"]  # the fixture, used by every test here


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
    book.close()
