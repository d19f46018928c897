"""The window: person view, policy changes, export, errors, summary files, settings, start-up."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.ruleset import load_policy
from desktop_app.core.schema import DISMISS, HAND_REVIEW, REDUCE
from desktop_app.gui import dialogs
from desktop_app.gui.exporting import BUNDLE_CSV, VIEW_CSV, VIEW_XLSX, WORKBOOK, ExportRequest
from desktop_app.paths import policies_dir, sample_file


def test_person_view_shows_the_whole_history_and_why(loaded):
    w = loaded
    ev = w.dataset.session.results.evaluated
    target = int(np.flatnonzero(ev["determination"].astype(str).to_numpy() == REDUCE)[0])
    w.table.select_view_row(w.results_view.view_row_of_frame_row(int(ev["row"].iloc[target])))
    person = int(ev["person"].iloc[target])
    assert w.person_view.person == person
    html = w.person_view.browser.toPlainText()
    rows = w.dataset.session.prepared.rows
    n_rows = int((rows["person"].to_numpy() == person).sum())
    assert str(ev["name"].iloc[target]).strip() in html
    assert f"{n_rows} rows" in html
    assert "Whole history" in html and "Cycle" in html
    assert "Section the policy reduces" in html  # the deciding step's title
    assert "H&S 11361.8(b)" in html  # and its citation
    assert "Age at conviction" in html and "Years since this conviction" in html
    cycles = {str(c).strip() for c in w.dataset.session.prepared.records.frame["CYC_ORDER"].to_numpy()[
        rows["person"].to_numpy() == person]}
    assert html.count("Cycle ") >= len(cycles)


def test_dismiss_all_policy_re_evaluates_from_memory(loaded, wait_idle):
    w = loaded
    prepared = w.dataset.session.prepared
    assert (w.dataset.session.results.evaluated["determination"].astype(str) == REDUCE).any()
    assert w.policy.load_policy_file(policies_dir() / "dismiss-all-prop64.toml")
    wait_idle(w)
    assert w.dataset.session.prepared is prepared  # not read again
    assert w.dataset.session.results.policy.name == "Dismiss all Prop 64"
    dets = {w.model.text_at(r, "determination") for r in range(w.model.rowCount())}
    assert REDUCE not in dets and dets == {DISMISS, HAND_REVIEW}
    ev = w.dataset.session.results.evaluated  # hand review only where the sample's rows are damaged
    assert set(ev.loc[ev["determination"] == HAND_REVIEW, "step"]) == {"input_problem"}
    assert w.filter_bar.det_buttons[REDUCE].text() == "Reduction (0)"


def test_editing_an_option_marks_the_policy_modified_and_re_evaluates(loaded, wait_idle):
    w, panel = loaded, loaded.policy_panel
    assert not panel.is_modified() and panel.state_label.text() == ""
    panel.section_groups["11359"].button(0).setChecked(True)  # dismiss 11359
    check, spin = panel.number_boxes["yearsSinceConvictionThreshold"]
    assert (spin.minimum(), spin.maximum()) == (1, 15)
    spin.setValue(99)
    assert spin.value() == 15  # the widget enforces the allowed range
    assert panel.is_modified() and "modified" in panel.state_label.text()
    wait_idle(w)
    options = w.dataset.session.results.policy.options
    assert "11359" in options.dismiss and "11359" not in options.reduce
    assert options.yearsSinceConvictionThreshold == 15
    assert w.dataset.session.results.policy.name.endswith("(modified)")
    ev = w.dataset.session.results.evaluated
    assert not ((ev["section"] == "11359") & (ev["determination"].astype(str) == REDUCE)).any()
    panel.revert()
    wait_idle(w)
    assert not panel.is_modified()
    assert w.dataset.session.results.policy.options == load_policy(policies_dir() / "county-common.toml").options


def test_county_and_date_changes_re_evaluate(loaded, wait_idle):
    import datetime as dt

    w, panel = loaded, loaded.policy_panel
    assert panel.county.itemData(0) == "SACRAMENTO" and "rows)" in panel.county.itemText(0)
    panel.county.setCurrentIndex(panel.county.findData("LOS ANGELES"))
    wait_idle(w)
    assert w.dataset.session.results.county == "LOS ANGELES"
    assert w.model.rowCount() == len(w.dataset.session.results.evaluated)
    panel.as_of_edit.setDate(panel.as_of_edit.date().addYears(-3))
    wait_idle(w)
    assert w.dataset.session.results.as_of == dt.date(2023, 1, 1)


def test_save_policy_round_trips(loaded, tmp_path, wait_idle):
    w, panel = loaded, loaded.policy_panel
    panel.bool_boxes["subjectIsDeceased"].setChecked(False)
    wait_idle(w)
    assert w.policy.save_policy_to(tmp_path / "mine.toml", "Our county 2026")
    saved = load_policy(tmp_path / "mine.toml")
    assert saved.name == "Our county 2026" and saved.options.subjectIsDeceased is False
    assert saved.options == panel.options() and not panel.is_modified()
    wait_idle(w)
    assert w.dataset.session.results.policy.name == "Our county 2026"


def test_bad_policy_file_shows_problems_and_keeps_the_policy(loaded, errors, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[additionalRelief]\nsubjectAgeThreshold = 30\n', encoding="utf-8")
    before = loaded.policy_panel.base_policy()
    assert not loaded.policy.load_policy_file(bad)
    assert errors and "subjectAgeThreshold" in errors[-1][2]
    assert loaded.policy_panel.base_policy() is before


def test_bad_file_shows_an_error_and_keeps_the_data(loaded, errors, tmp_path, qtbot):
    w = loaded
    session = w.dataset.session
    bad = tmp_path / "notes.txt"
    bad.write_text("this is not a DOJ research file\njust some notes\n", encoding="utf-8")
    assert w.dataset.open_files([str(bad)])
    qtbot.waitUntil(lambda: not w.runner.busy() and bool(errors), timeout=30_000)
    title, message, _details = errors[-1]
    assert title == "Could not open the file" and "notes.txt" in message
    assert "Traceback" not in message
    assert w.dataset.session is session and w.model.rowCount() == len(session.results.evaluated)


def test_export_bundle_and_confirm_before_replacing(loaded, tmp_path, monkeypatch, qtbot, wait_idle):
    w = loaded
    request = ExportRequest(BUNDLE_CSV, tmp_path)
    assert w.exports.start_export(request)
    wait_idle(w)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["All_Results.csv", "All_Results_Condensed.csv", "Input_Problems.csv", "Prop64_Results.csv",
                     "Summary.json"]
    with open(tmp_path / "Prop64_Results.csv", encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == len(w.dataset.session.results.evaluated) + 1

    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "confirm_replace", lambda parent, folder, existing: asked.append(
        [p.name for p in existing]) or False)
    before = (tmp_path / "Summary.json").stat().st_mtime_ns
    assert not w.exports.start_export(request)  # the user said no: nothing is written
    assert asked and "Summary.json" in asked[-1]
    assert (tmp_path / "Summary.json").stat().st_mtime_ns == before

    monkeypatch.setattr(dialogs, "confirm_replace", lambda parent, folder, existing: True)
    time.sleep(0.01)
    assert w.exports.start_export(request)
    wait_idle(w)
    assert (tmp_path / "Summary.json").stat().st_mtime_ns != before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_export_workbook_and_the_filtered_view(loaded, tmp_path, wait_idle):
    w = loaded
    w.filter_bar.level.setCurrentIndex(w.filter_bar.level.findData("Felony"))
    w.results_view.apply_filters()
    shown = w.model.rowCount()
    for kind in (VIEW_CSV, VIEW_XLSX, WORKBOOK):
        assert w.exports.start_export(ExportRequest(kind, tmp_path, suffix="t"))
        wait_idle(w)
    with open(tmp_path / "Filtered_View_t.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    visible = w.table.visible_columns()
    assert rows[0] == [w.model.columns[i].title for i in visible]
    assert len(rows) == shown + 1
    assert {r[visible.index(w.model.column_index("level"))] for r in rows[1:]} == {"Felony"}
    book = openpyxl.load_workbook(tmp_path / "Filtered_View_t.xlsx", read_only=True)
    assert book["Filtered view"].max_row == shown + 1
    book.close()
    # The audit sheet states the times this evaluation really took (not "Run time 0.00").
    results = w.dataset.session.results
    book = openpyxl.load_workbook(tmp_path / "Results_t.xlsx", read_only=True)
    audit = {r[0]: r[1] for r in book["Policy and audit"].iter_rows(min_row=2, values_only=True)}
    assert audit["Reading and preparing (seconds)"] == f"{results.load_seconds:.2f}"
    assert audit["Evaluation time (seconds)"] == f"{results.seconds:.2f}"
    assert float(audit["Reading and preparing (seconds)"]) > 0 and results.seconds > 0
    assert not any(item.startswith("Run time") for item in audit)  # the window measures no command run
    summary = {(r[0], r[1]): r[2] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary[("Processing time (seconds)", "")] == round(results.load_seconds + results.seconds, 3) > 0
    book.close()


def test_summary_figures_pdf_and_png(loaded, tmp_path):
    w = loaded
    text = w.summary_view.text.toPlainText()
    s = w.dataset.session.results.summary
    assert f"{s['lineCount']:,}" in text and "Relief compared" in text
    assert w.summary_view.sections.data.values  # the chart has bars
    w.summary_view.save_pdf(tmp_path / "summary.pdf")
    w.summary_view.save_png(tmp_path / "charts.png")
    assert (tmp_path / "summary.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "charts.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_settings_remember_recent_files_in_the_isolated_location(loaded, isolated_settings):
    w = loaded
    assert w.settings.recent_files()[0] == str(sample_file())
    w.close()
    files = list(Path(isolated_settings).rglob("*.ini"))
    assert files and "sample_doj.csv" in files[0].read_text(encoding="utf-8")
    assert QSettings().fileName().startswith(str(isolated_settings))


def test_layout_choices_are_remembered_for_the_next_window(window, qtbot):
    from desktop_app.gui.main_window import MainWindow

    window.actions.person_view.trigger()  # View > Person view: hide it
    assert window.person_view.isHidden() and not window.actions.person_view.isChecked()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert not again.actions.person_view.isChecked() and again.person_view.isHidden()
    again.actions.person_view.trigger()
    assert not again.person_view.isHidden()


def test_drop_a_file_on_the_window_opens_it(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_file()))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=30_000)
    assert window.model.rowCount() == len(window.dataset.session.results.evaluated)


def test_actions_are_disabled_while_a_job_runs(loaded, qtbot):
    w = loaded
    assert w.actions.export.isEnabled()
    w.dataset.open_files([str(sample_file())])
    assert w.runner.busy() and not w.actions.export.isEnabled() and not w.actions.open.isEnabled()
    assert not w.dataset.open_files([str(sample_file())])  # one job at a time
    qtbot.waitUntil(lambda: not w.runner.busy(), timeout=30_000)
    assert w.actions.export.isEnabled() and w.actions.open.isEnabled()


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="needs the offscreen platform")
def test_gui_smoke_for_the_build(qapp):
    from desktop_app.gui.smoke import run_gui_smoke

    assert run_gui_smoke(sample_file(), timeout_s=30) == []


def test_cancel_a_load_keeps_the_previous_data(loaded, tmp_path, qtbot):
    from desktop_app.core.generate import write_records

    big = tmp_path / "big.csv"
    write_records(str(big), 60_000, "SACRAMENTO", 1)
    w = loaded
    session = w.dataset.session
    ended: list[str] = []
    w.runner.job_ended.connect(ended.append)
    assert w.dataset.open_files([str(big)])
    w.job_status.cancel_job()
    qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
    assert ended == ["cancelled"] and "Cancelled" in w.status_label.text()
    assert w.dataset.session is session and w.model.rowCount() == len(session.results.evaluated)


def test_every_policy_option_explains_itself(window):
    panel = window.policy_panel
    widgets = [b for g in panel.section_groups.values() for b in g.buttons()]
    widgets += list(panel.bool_boxes.values()) + [w for pair in panel.number_boxes.values() for w in pair]
    widgets += [panel.county, panel.as_of_edit]
    assert all(w.toolTip().strip() for w in widgets)
    assert "11361.8" in panel.bool_boxes["subjectUnder21AtConviction"].toolTip()


def test_about_names_versions_and_the_law(window):
    from desktop_app import __version__

    text = dialogs.about_text("2026.11", "2026.11")
    assert __version__ in text and "11361.8" in text and "11361.9" in text and "Proposition 64" in text


def test_all_rows_person_view_marks_the_selected_row(loaded, qtbot):
    w = loaded
    w.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: w.dataset.session.all_table is not None and not w.runner.busy(), timeout=30_000)
    w.table.select_view_row(0)
    assert w.person_view.person == int(w.dataset.session.prepared.rows["person"].iat[0])
    assert "▶" in w.person_view.browser.toPlainText()


def test_loading_another_policy_asks_before_discarding_changes(loaded, wait_idle, monkeypatch):
    w, panel = loaded, loaded.policy_panel
    panel.section_groups["11359"].button(0).setChecked(True)  # dismiss 11359: a change
    wait_idle(w)
    answers: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, title, message: answers.append(message) or False)
    assert not w.policy.load_policy_file(policies_dir() / "dismiss-all-prop64.toml")
    assert answers and "not saved" in answers[-1]
    assert panel.is_modified() and panel.base_policy().name == "County common choice"
    assert panel.shipped.currentData() == str(panel.base_policy().path)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, title, message: True)
    assert w.policy.load_policy_file(policies_dir() / "dismiss-all-prop64.toml")
    wait_idle(w)
    assert not panel.is_modified() and w.dataset.session.results.policy.name == "Dismiss all Prop 64"


def test_export_dialog_accepts_a_new_folder_and_refuses_one_under_a_file(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop_app.gui.export_dialog import ExportDialog

    def press_ok(dialog: ExportDialog) -> None:
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    dialog = ExportDialog(str(tmp_path), 10, "convictions")
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "new" / "results"))
    press_ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.message.text() == ""
    (tmp_path / "file").write_text("x")
    dialog = ExportDialog(str(tmp_path), 10, "convictions")
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "file" / "out"))
    press_ok(dialog)
    assert "cannot be created" in dialog.message.text()
    assert dialog.result() != dialog.DialogCode.Accepted
