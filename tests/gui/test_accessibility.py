"""Every window and dialog names its controls for screen readers, announces what changes, and
gives tables and charts a structure a screen reader can walk (headers for every cell)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QLabel,
                               QMenu, QPushButton, QSpinBox, QToolButton, QWidget)

from desktop_app.gui import accessibility, dialogs
from desktop_app.gui.accessibility import accessible_name, announcer, audit, hidden_label
from desktop_app.paths import sample_file

WAIT_MS = 30_000


@pytest.fixture
def announced(qtbot):  # type: ignore[no-untyped-def]
    """Announcements made during the test, as (text, assertive)."""
    seen: list[tuple[str, bool]] = []
    announcer().announced.connect(lambda text, assertive: seen.append((text, assertive)))
    yield seen
    announcer().announced.disconnect()


# ------------------------------------------------------------------ the audit itself

def test_audit_finds_what_the_review_found(qtbot):
    """The audit reports the problems the accessibility review listed, so a passing audit means
    something: an unnamed field, a combo box without a buddy, a spin box named after its group
    box, a symbol for a name, two buttons with one name, information as a disabled label."""
    window = QWidget()
    qtbot.addWidget(window)
    box = QGroupBox("Additional relief: dismiss when", window)
    QSpinBox(box)
    combo = QComboBox(window)
    combo.addItems(["Any reason"])
    QToolButton(window, text="✕")
    QPushButton("Open…", window)
    QPushButton("Open…", window)
    note = QLabel("Greyed-out information", window)
    note.setEnabled(False)
    problems = "\n".join(audit(window))
    assert "named after its group box 'Additional relief: dismiss when'" in problems
    assert "combo box without a buddy label" in problems
    assert "named only by the symbol '✕'" in problems
    assert "are both named 'Open…'" in problems
    assert "information shown as a disabled label" in problems

    hidden_label(combo, "Reason filter")
    assert accessible_name(combo) == "Reason filter"
    assert "combo box" not in "\n".join(audit(window))


def test_audit_finds_a_keyboard_trap(qtbot):
    from PySide6.QtWidgets import QTableView

    window = QWidget()
    qtbot.addWidget(window)
    table = QTableView(window)
    table.setAccessibleName("Results")
    assert "never leaves" in "\n".join(audit(window))  # Qt's default: Tab walks the cells
    table.setTabKeyNavigation(False)
    assert audit(window) == []


def test_hidden_label_needs_the_widget_in_its_parent():
    with pytest.raises(ValueError):
        hidden_label(QComboBox(), "Orphan")


# ------------------------------------------------------------------ the main window in every state

def test_main_window_names_every_control_in_every_state(window, qtbot):
    assert audit(window) == []  # welcome page
    assert window.dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    window.table.select_view_row(1)
    assert window.banner.isVisible()
    assert audit(window) == []  # results, person view, problems banner
    window.tabs.setCurrentIndex(1)
    window.summary_view.sections_pane.switch.setChecked(True)
    assert audit(window) == []  # summary with a chart shown as a table
    window.tabs.setCurrentIndex(0)
    window.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: window.dataset.session.all_table is not None and not window.runner.busy(),
                    timeout=WAIT_MS)
    assert audit(window) == []  # every input row
    names = {accessible_name(w) for w in accessibility.interactive_widgets(window)}
    for expected in ("Search", "Reason filter", "County filter", "Code section filter", "Level filter",
                     "Conviction date from", "Conviction date to", "Results", "Evaluate as of",
                     "Person view: why each conviction got its decision", "Summary figures",
                     "Hide the input-problems message", "Progress of the running job",
                     "Age on evaluation date at least (years)", "Years since conviction at least"):
        assert expected in names, expected


def _watch_modal(found: dict[str, list[str]]) -> QTimer:
    """Audit each modal dialog or popup menu that opens, then close it (a file dialog is the
    platform's own on Windows: closed unaudited)."""
    def check() -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if widget is None:
            return
        if not isinstance(widget, QFileDialog):
            found[widget.windowTitle() or type(widget).__name__] = audit(widget)
        if isinstance(widget, (QDialog,)):
            widget.reject()
        else:
            widget.close()
    timer = QTimer(interval=20)
    timer.timeout.connect(check)
    timer.start()
    return timer


def _menu_actions(window):  # type: ignore[no-untyped-def]
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                yield action


def test_every_dialog_the_menus_open_names_its_controls(loaded, qtbot):
    """Every menu command that opens a dialog ("…", and the help windows) is run, and the
    dialog that opens is audited: dialogs added later are checked the same way."""
    found: dict[str, list[str]] = {}
    timer = _watch_modal(found)
    try:
        for action in list(_menu_actions(loaded)):
            if action.isEnabled() and (action.text().endswith("…") or action is loaded.actions.keyboard_help
                                       or action is loaded.actions.about):
                action.trigger()
                qtbot.wait(10)
    finally:
        timer.stop()
    for title in ("Export results", "Input problems", "Save policy", "Keyboard shortcuts",
                  "About Record Clearance Desktop", "New client record"):
        assert title in found, f"{title} did not open: {sorted(found)}"
    assert {title: problems for title, problems in found.items() if problems} == {}


def test_messages_and_questions_name_their_controls(qtbot, tmp_path):
    found: dict[str, list[str]] = {}
    timer = _watch_modal(found)
    try:
        dialogs.show_error(None, "Could not open the file", "notes.txt is not a DOJ research file.",
                           "Error type: InputFileError")
        dialogs.confirm_replace(None, tmp_path, [tmp_path / "Summary.json"])
        dialogs.ask_open_folder(None, tmp_path, [tmp_path / "Summary.json"])
        dialogs.ask_yes_no(None, "Discard your policy changes?", "Your changes are not saved.")
    finally:
        timer.stop()
    assert set(found) == {"Could not open the file", "Replace existing files?", "Export finished",
                          "Discard your policy changes?"}
    assert {title: problems for title, problems in found.items() if problems} == {}
    box = dialogs.error_box(None, "Title", "Message", "Details")
    qtbot.addWidget(box)
    assert [accessible_name(t) for t in box.findChildren(accessibility.QTextEdit)] == ["Details"]


def test_export_dialog_ties_its_error_to_the_folder_field(qtbot, tmp_path, announced):
    from desktop_app.gui.export_dialog import ExportDialog

    (tmp_path / "file").write_text("x")
    dialog = ExportDialog(str(tmp_path), 10, "convictions")
    qtbot.addWidget(dialog)
    assert audit(dialog) == []
    assert accessible_name(dialog.folder) == "Folder:"  # the label, as Qt reads a buddy
    dialog.folder.setText(str(tmp_path / "file" / "out"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    problem = dialog.folder.accessibleDescription()
    assert "cannot be created" in problem and problem in dialog.message.text()
    assert (problem, True) in announced  # assertive: the user pressed Export and nothing happened
    assert audit(dialog) == []


# ------------------------------------------------------------------ announcements

def test_outcomes_are_announced(window, qtbot, announced, wait_idle):
    assert window.dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    texts = [t for t, _a in announced]
    assert any(t.startswith("Reading started") for t in texts)
    assert any(t.startswith("Read ") and "Prop 64 convictions" in t for t in texts)  # loading finished
    assert any(t.startswith("Warning: ") and "input problem" in t for t in texts)  # the banner
    window.policy_panel.section_groups["11359"].button(0).setChecked(True)
    assert any("policy is modified" in t for t, _a in announced)
    wait_idle(window)
    assert any(t.startswith("Evaluated ") for t, _a in announced)  # re-evaluation finished
    window.table.select_view_row(0)
    window.results_view.copy_selection()
    assert announced[-1][0] == "Copied 1 row as tab-separated text."


# ------------------------------------------------------------------ structure for screen readers

def test_person_history_is_a_table_with_headers(loaded):
    from desktop_app.gui.person_view import HISTORY_TABLE_COLUMNS, USED

    w = loaded
    ev = w.dataset.session.results.evaluated
    w.table.select_view_row(0)
    person = int(ev["person"].iloc[0])
    model = w.person_view.history.text_model
    assert model.headers() == list(HISTORY_TABLE_COLUMNS)
    n_rows = int((w.dataset.session.prepared.rows["person"].to_numpy() == person).sum())
    assert model.rowCount() == n_rows
    decisions = [r[-1] for r in model.rows() if r[-1]]
    assert len(decisions) == int((ev["person"].to_numpy() == person).sum())
    selected = w.person_view.history.selectionModel().selectedRows()
    assert len(selected) == 1 and model.rows()[selected[0].row()][-1]  # the chosen conviction
    assert f"— {USED}" in w.person_view.browser.toPlainText()  # used facts said in words, not only bold


def test_charts_have_their_figures_as_a_table_and_a_description(loaded):
    w = loaded
    summary = w.dataset.session.results.summary
    pane = w.summary_view.sections_pane
    headers, rows = pane.chart.data.table()
    assert headers[0] == "Code section" and headers[-1] == "Total"
    assert pane.table.text_model.rows() == rows
    by_section = summary["decisionsBySection"]
    assert [r[0] for r in rows] == [f"HS {s}" for s in by_section]
    assert [int(r[-1].replace(",", "")) for r in rows] == [sum(v.values()) for v in by_section.values()]
    assert pane.chart.accessibleDescription().startswith("Decisions by code section. HS ")
    relief = w.summary_view.relief_pane
    assert relief.table.text_model.headers() == ["Figure", "This policy", "Dismiss all Prop 64",
                                                 "Dismiss all Prop 64 and related"]
    pane.switch.setChecked(True)
    assert pane.stack.currentWidget() is pane.table and pane.switch.text() == "Show as a chart"


def test_hidden_columns_say_so_to_screen_readers(loaded):
    from PySide6.QtCore import Qt

    model = loaded.model
    hidden = model.column_index("section")
    assert loaded.table.horizontalHeader().isSectionHidden(hidden)
    assert model.headerData(hidden, Qt.Orientation.Horizontal).endswith("(hidden column)")
    loaded.table._set_visible(hidden, True)
    assert model.headerData(hidden, Qt.Orientation.Horizontal) == "Prop 64 section"


def test_whats_this_explains_the_focused_control(window, announced):
    window.activateWindow()
    window.policy_panel.county.setFocus()
    text = window.navigation.whats_this()
    assert "STP_ORI_CNTY_NAME" in text and announced[-1][0] == text


# ------------------------------------------------------------------ dialogs built on their own

def _clinic_dialogs(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    import datetime as dt
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
    from clinic_sheets import HEADERS, write_xlsx

    from desktop_app.core.clinic.sheet import read_table
    from desktop_app.core.pipeline import default_policy_path
    from desktop_app.core.ruleset import load_policy
    from desktop_app.gui.client_form import ClientForm
    from desktop_app.gui.mapping_dialog import MappingDialog

    row = ["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento", "HS 11359(b)", dt.date(2012, 3, 4), "F"]
    sheet = write_xlsx(tmp_path / "clients.xlsx", HEADERS, [row])
    mapping = MappingDialog(read_table(sheet), saved_folder=tmp_path / "mappings")
    form = ClientForm(load_policy(default_policy_path()), dt.date(2024, 1, 1), county="Sacramento")
    for d in (mapping, form):
        qtbot.addWidget(d)
        d.show()
    form.add_row()
    form.add_row()
    form.remove_row(form.rows[0])  # the rows below are renumbered, their labels too
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the removed row's widgets go
    return {"MappingDialog": mapping, "ClientForm": form}


def test_clinic_dialogs_name_their_controls(qtbot, tmp_path):
    built = _clinic_dialogs(qtbot, tmp_path)
    assert {name: audit(d) for name, d in built.items()} == {"MappingDialog": [], "ClientForm": []}
    form = built["ClientForm"]
    assert [accessible_name(r.level) for r in form.rows] == ["Row 1 level", "Row 2 level"]


def test_filings_dialogs_name_their_controls(qtbot, tmp_path):
    """File > Prepare court filings (with what cannot be filed shown) and the signer's dialog."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
    from filings_factory import reviewed_workspace

    from desktop_app.core.filings.run import plan_for
    from desktop_app.core.filings.context import Signer
    from desktop_app.gui.filings_dialog import FilingsDialog
    from desktop_app.gui.signer_dialog import SignerDialog

    ws, results = reviewed_workspace(tmp_path)
    filings = FilingsDialog(str(tmp_path))
    signer = SignerDialog(Signer())
    for d in (filings, signer):
        qtbot.addWidget(d)
        d.show()
    filings.show_plan(plan_for(ws, results))
    filings.show_batch("F20260316-01", folder_written=True)
    filings.set_busy(True)
    assert filings.assign_button.isVisible() and filings.mark_button.isVisible() and filings.progress.isVisible()
    assert {name: audit(d) for name, d in (("FilingsDialog", filings), ("SignerDialog", signer))} == \
        {"FilingsDialog": [], "SignerDialog": []}
    ws.close()


def test_every_dialog_class_is_audited():
    """Each QDialog of the GUI is audited by one of the tests above: a dialog added later must be
    added to this list (and be built in a test) before it lands."""
    import importlib
    import inspect
    import pkgutil

    import desktop_app.gui as gui

    audited = {"ExportDialog", "ProblemsDialog", "KeyboardDialog", "MappingDialog", "ClientForm", "ReviewerNameDialog",
               "CarryOverDialog", "FilingsDialog", "SignerDialog", "BatchesDialog"}
    found = set()
    for info in pkgutil.iter_modules(gui.__path__):
        module = importlib.import_module(f"desktop_app.gui.{info.name}")
        found |= {name for name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, QDialog) and cls.__module__ == module.__name__}
    assert found - audited == set(), "a new dialog: audit it in tests/gui/test_accessibility.py"


def test_review_widgets_and_dialogs_name_their_controls(qtbot, tmp_path):
    """The review workspace's panel, history and dialogs (wired into the window later)."""
    from ws_factory import MISDEMEANOR, SALE, TRANSPORT, evaluate_file, new_extract_rows, new_workspace, write_data

    from desktop_app.core.workspace import WorkspaceInUse
    from desktop_app.gui import review_dialogs
    from desktop_app.gui.review_history import ReviewHistoryView
    from desktop_app.gui.review_panel import ReviewPanel

    ws, _results = new_workspace(tmp_path)
    with ws:
        ws.accept([SALE, MISDEMEANOR, TRANSPORT], "Ana Reviewer")
        history = ReviewHistoryView()
        history.show_history(ws.audit_log([SALE]), [SALE])
        carry = ws.refresh(evaluate_file(write_data(tmp_path, new_extract_rows(), "new.csv")), reviewer="Ana Reviewer")
    panel = ReviewPanel()
    name = review_dialogs.ReviewerNameDialog()
    report = review_dialogs.CarryOverDialog(carry, saved=True)
    built = {"ReviewPanel": panel, "ReviewHistoryView": history, "ReviewerNameDialog": name,
             "CarryOverDialog": report}
    for widget in built.values():
        qtbot.addWidget(widget)
        widget.show()
    assert {k: audit(w) for k, w in built.items()} == {k: [] for k in built}

    found: dict[str, list[str]] = {}
    timer = _watch_modal(found)
    try:
        review_dialogs.ask_open_read_only(None, WorkspaceInUse(tmp_path / "s.rcw", "ana on PC-12"))
        review_dialogs.confirm_batch_accept(None, 1234)
    finally:
        timer.stop()
    assert len(found) == 2 and all(problems == [] for problems in found.values()), found
