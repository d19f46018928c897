"""The column-mapping dialog, driven like a user would: the guess, corrections, sheets, files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import HEADERS, write_xlsx  # noqa: E402

from desktop_app.core.clinic.mapping import find_saved_mapping, load_mapping  # noqa: E402
from desktop_app.core.clinic.sheet import read_table  # noqa: E402
from desktop_app.gui import mapping_dialog  # noqa: E402
from desktop_app.gui.mapping_dialog import NOT_MAPPED, MappingDialog  # noqa: E402

ROWS = [["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2012, 3, 4), "F"],
        ["Roe, Rick", "1/2/1990", "CR-2", "", "11360(a) H&S", "2015-01-01", "fel."]]


def unnamed_widgets(root: QWidget) -> list[str]:
    """Focusable widgets a screen reader could not name: no accessible name, no text of their own,
    no label that is their buddy."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for w in root.findChildren(QWidget):
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisibleTo(root):
            continue
        if w.accessibleName() or id(w) in buddies or (isinstance(w, QAbstractButton) and w.text()):
            continue
        parent = w.parent()
        if parent is not None and (id(parent) in buddies or parent.accessibleName()):  # inside a named combo box
            continue
        if type(w).__name__ in ("QScrollArea", "QScrollBar", "QViewport", "QWidget", "QHeaderView"):
            continue
        missing.append(f"{type(w).__name__} {w.objectName()}")
    return missing


@pytest.fixture
def sheet(tmp_path) -> Path:
    return write_xlsx(tmp_path / "clients.xlsx", HEADERS + ("Notes",), [r + ["called"] for r in ROWS],
                      title_rows=["Clinic intake 2024"])


@pytest.fixture
def dialog(qtbot, sheet, tmp_path):
    d = MappingDialog(read_table(sheet), saved_folder=tmp_path / "mappings")
    qtbot.addWidget(d)
    d.show()
    return d


def test_the_guess_is_shown_with_samples_and_confidence(dialog):
    assert dialog.combos["code_section"].currentText() == "Charge"
    assert dialog.combos["level"].currentText() == "Felony/Misdemeanor"
    assert dialog.combos["county"].currentText() == NOT_MAPPED
    assert dialog.sample_labels["code_section"].text() == "HS 11359(b) · 11360(a) H&S"
    assert dialog.confidence_labels["code_section"].text() == "✓ High (guessed)"
    assert dialog.confidence_labels["county"].text() == "Not in the sheet"
    assert dialog.header_spin.value() == 3 and dialog.sheet_combo.currentText() == "Clients"
    assert dialog.preview_model.rowCount() == 2 and dialog.preview_model.headerData(
        0, Qt.Orientation.Vertical) == "Row 4"
    # No County column: the county of the whole sheet is asked for before the mapping can be used.
    assert not dialog.ok_button.isEnabled()
    assert "choose the county of every conviction" in dialog.problems_label.text()
    dialog.county_combo.setCurrentText("Sacramento")
    assert dialog.ok_button.isEnabled() and dialog.problems_label.text().startswith("Ready")
    m = dialog.mapping()
    assert (m.county, m.sheet, m.header_row, m.lists_every_conviction, m.all_living) == (
        "SACRAMENTO", "Clients", 3, False, True)


def test_correcting_a_field_with_the_keyboard(qtbot, dialog):
    combo = dialog.combos["level"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # (not in the sheet)
    assert dialog.mapping().column("level") == ""
    assert dialog.confidence_labels["level"].text() == "✕ Required: choose a column"
    assert "no column for level" in dialog.problems_label.text()
    combo.setCurrentText("Notes")
    assert dialog.mapping().column("level") == "Notes"
    assert dialog.confidence_labels["level"].text() == "Your choice: 0% of values read; 100% cannot be read as level"
    assert "Your choice" in combo.accessibleDescription()


def test_a_column_used_twice_is_a_problem(dialog):
    dialog.county_combo.setCurrentText("Yolo")
    dialog.combos["court"].setCurrentText("Charge")
    assert not dialog.ok_button.isEnabled()
    assert "column 'Charge' is mapped to both Court and Code section" in dialog.problems_label.text()


def test_county_and_deceased_choices_follow_the_columns(dialog):
    assert dialog.county_combo.isVisible() and dialog.living.isVisible()
    dialog.combos["county"].setCurrentText("Court")
    assert not dialog.county_combo.isVisible()
    dialog.combos["deceased"].setCurrentText("Notes")
    assert not dialog.living.isVisible()


def test_lists_every_conviction_and_living(dialog):
    dialog.county_combo.setCurrentText("Yolo")
    dialog.every_conviction.click()
    dialog.living.click()
    m = dialog.mapping()
    assert m.lists_every_conviction and not m.all_living
    assert "are decided from this sheet" in dialog.every_note.text()


def test_another_sheet_is_read_in_the_background(qtbot, tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", HEADERS, ROWS, other_sheets={
        "Older": [["Client ID", "Offense", "Date convicted", "Class"], ["C-9", "11358", "1/1/2001", "M"]]})
    d = MappingDialog(read_table(path))
    qtbot.addWidget(d)
    assert [d.sheet_combo.itemText(i) for i in range(d.sheet_combo.count())] == ["Clients", "Older"]
    with qtbot.waitSignal(d.table_changed, timeout=10_000):
        d.sheet_combo.setCurrentIndex(1)
        d.sheet_combo.activated.emit(1)
    assert d.table.sheet == "Older"
    assert d.combos["person_id"].currentText() == "Client ID"
    assert d.combos["code_section"].currentText() == "Offense"
    assert d.mapping().sheet == "Older"


def test_header_row_typed_in(qtbot, dialog):
    with qtbot.waitSignal(dialog.table_changed, timeout=10_000):
        dialog.header_spin.setValue(4)
        dialog.header_spin.editingFinished.emit()
    assert dialog.table.header_row == 4 and dialog.table.headers[0] == "Doe, Jane"
    with qtbot.waitSignal(dialog.table_changed, timeout=10_000):
        dialog.header_spin.setValue(3)
        dialog.header_spin.editingFinished.emit()
    assert dialog.combos["code_section"].currentText() == "Charge"


def test_save_as_and_remember_and_load(qtbot, dialog, tmp_path, monkeypatch):
    dialog.county_combo.setCurrentText("Sacramento")
    dialog.name_edit.setText("Intake 2024")
    target = tmp_path / "shared.toml"
    monkeypatch.setattr(mapping_dialog, "ask_save_path", lambda parent, folder, name: str(target))
    dialog.save_button.click()
    saved = load_mapping(target)
    assert saved.name == "Intake 2024" and saved.column("code_section") == "Charge" and saved.county == "SACRAMENTO"
    dialog.ok_button.click()
    assert dialog.result() == MappingDialog.DialogCode.Accepted
    assert dialog.saved_path == tmp_path / "mappings" / "Intake-2024.toml"
    found = find_saved_mapping(tmp_path / "mappings", dialog.table.headers)
    assert found is not None and found[1].column("level") == "Felony/Misdemeanor"

    other = MappingDialog(dialog.table)
    qtbot.addWidget(other)
    other.combos["level"].setCurrentIndex(0)
    monkeypatch.setattr(mapping_dialog, "ask_open_path", lambda parent, folder: str(target))
    other.load_button.click()
    assert other.combos["level"].currentText() == "Felony/Misdemeanor"
    assert other.name_edit.text() == "Intake 2024" and other.ok_button.isEnabled()


def test_a_bad_mapping_file_is_reported(qtbot, dialog, tmp_path, monkeypatch, errors):
    bad = tmp_path / "bad.toml"
    bad.write_text("[columns]\nlevel = 3\n")
    monkeypatch.setattr(mapping_dialog, "ask_open_path", lambda parent, folder: str(bad))
    dialog.load_button.click()
    assert errors and "columns.level: expected the column's header as text" in errors[0][1]


def test_every_widget_can_be_named_by_a_screen_reader(qtbot, dialog):
    assert unnamed_widgets(dialog) == []
    from PySide6.QtWidgets import QLineEdit

    stray = QLineEdit(dialog)  # the check finds a field nobody named
    stray.setObjectName("stray")
    stray.show()
    assert unnamed_widgets(dialog) == ["QLineEdit stray"]
    stray.deleteLater()
    assert dialog.combos["code_section"].accessibleName() == "Column for Code section"


def test_grab_renders(dialog, tmp_path):
    path = tmp_path / "mapping.png"
    assert dialog.grab().save(str(path)) and path.stat().st_size > 10_000


def test_csv_has_no_sheet_chooser(qtbot, tmp_path):
    from clinic_sheets import write_text

    d = MappingDialog(read_table(write_text(tmp_path / "c.csv", HEADERS, ROWS)))
    qtbot.addWidget(d)
    d.show()
    assert not d.sheet_combo.isVisible() and not d.sheet_label.isVisible()
    assert d.mapping().sheet == ""


def test_merged_workbook_is_previewed_filled(qtbot, tmp_path):
    rows = [ROWS[0], ["", "", "CR-1", "", "11357(c) HS", dt.date(2012, 3, 4), "M"]]
    path = write_xlsx(tmp_path / "m.xlsx", HEADERS, rows, merges=["A2:A3"])
    d = MappingDialog(read_table(path))
    qtbot.addWidget(d)
    index = d.preview_model.index(1, 0)
    assert d.preview_model.data(index) == "Doe, Jane"
    openpyxl.load_workbook(path)  # the sheet is not changed


def test_remembering_never_replaces_a_mapping_made_for_other_headers(qtbot, sheet, tmp_path):
    from desktop_app.core.clinic.mapping import ColumnMapping, save_mapping

    folder = tmp_path / "mappings"
    folder.mkdir()
    other = save_mapping(ColumnMapping(columns={"person_id": "ID"}, name="clients", headers=("ID",)),
                         folder / "clients.toml")
    d = MappingDialog(read_table(sheet), saved_folder=folder)
    qtbot.addWidget(d)
    d.county_combo.setCurrentText("Yolo")
    d.ok_button.click()
    assert d.saved_path == folder / "clients-2.toml"
    assert load_mapping(other).headers == ("ID",)
    again = MappingDialog(read_table(sheet), saved_folder=folder)  # same headers: the same file is updated
    qtbot.addWidget(again)
    again.county_combo.setCurrentText("Yolo")
    again.ok_button.click()
    assert again.saved_path == folder / "clients-2.toml"
