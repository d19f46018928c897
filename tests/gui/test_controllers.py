"""Each controller on its own: built with only the widgets and services it uses (no MainWindow),
driven through its public methods and watched through its signals."""

from __future__ import annotations

import csv
import datetime as dt
import threading

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QProgressBar, QPushButton, QWidget

from desktop_app.core.evaluate import county_counts
from desktop_app.core.pipeline import default_policy_path, run
from desktop_app.core.ruleset import load_policy
from desktop_app.gui.banner import ProblemBanner
from desktop_app.gui.dataset_controller import DataSetController
from desktop_app.gui.export_controller import ExportController
from desktop_app.gui.exporting import VIEW_CSV, ExportRequest
from desktop_app.gui.filter_bar import FilterBar
from desktop_app.gui.job_status_controller import JobStatusController
from desktop_app.gui.jobs import Session
from desktop_app.gui.person_view import PersonView
from desktop_app.gui.policy_controller import PolicyController
from desktop_app.gui.policy_panel import PolicyPanel
from desktop_app.gui.results_model import ResultsTableModel
from desktop_app.gui.results_table import ResultsTable
from desktop_app.gui.settings import AppSettings
from desktop_app.gui.summary_view import SummaryView
from desktop_app.gui.table_data import ALL_ROWS, CONVICTIONS, conviction_table
from desktop_app.gui.worker import JobRunner
from desktop_app.paths import policies_dir, sample_file

AS_OF = dt.date(2026, 1, 1)
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    """The engine's evaluation of the bundled sample (read-only in these tests)."""
    return run([sample_file()], "SACRAMENTO", default_policy_path(), AS_OF)


@pytest.fixture
def parent(qtbot):  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def settings(tmp_path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def runner(parent):  # type: ignore[no-untyped-def]
    r = JobRunner(parent)
    yield r
    r.cancel()
    r.wait(10_000)


@pytest.fixture
def panel(qtbot) -> PolicyPanel:
    p = PolicyPanel()
    qtbot.addWidget(p)
    p.set_policy(load_policy(default_policy_path()))
    p.set_as_of(AS_OF)
    return p


def _recorder(*signals):  # type: ignore[no-untyped-def]
    """(name, args) of every emission of the given (name, signal) pairs, in order."""
    seen: list[tuple[str, tuple]] = []
    for name, signal in signals:
        signal.connect(lambda *args, name=name: seen.append((name, args)))
    return seen


def _blocking_job(runner: JobRunner, title: str) -> threading.Event:
    """Start a job that runs until the returned event is set."""
    release = threading.Event()

    def task(ctx):  # type: ignore[no-untyped-def]
        while not release.wait(0.01):
            ctx.check()
        return None
    runner.start(title, task, lambda _r: None)
    return release


# ------------------------------------------------------------------ DataSetController

@pytest.fixture
def recent_menu(parent) -> QMenu:  # type: ignore[no-untyped-def]
    return QMenu(parent)


@pytest.fixture
def dataset(runner, settings, panel, recent_menu, parent):  # type: ignore[no-untyped-def]
    return DataSetController(runner, settings, panel, recent_menu, parent)


def test_dataset_opens_a_file_and_announces_session_results_and_table(dataset, runner, panel, settings,
                                                                      recent_menu, qtbot):
    seen = _recorder(("session", dataset.session_changed), ("results", dataset.results_changed),
                     ("table", dataset.table_changed))
    assert dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: dataset.session is not None and not runner.busy(), timeout=WAIT_MS)
    session = dataset.session
    assert [name for name, _ in seen] == ["session", "results", "table"]
    assert seen[0][1][0] is session and seen[1][1][0] is session.results
    table, keep_selection = seen[2][1]
    assert table is session.conv_table and table.kind == CONVICTIONS and keep_selection is False
    assert len(session.results.evaluated) == table.n > 0
    assert panel.county_name() == "SACRAMENTO" and panel.county.count() == len(session.counties) + 1  # + All counties
    assert settings.recent_files()[0] == str(sample_file())
    assert recent_menu.actions()[0].text() == "sample_doj.csv"
    assert session.prepared.codes.version == dataset.code_sections_version()


def test_dataset_queues_a_re_evaluation_asked_for_during_a_job(dataset, panel, runner, qtbot):
    seen = _recorder(("results", dataset.results_changed))
    assert dataset.open_files([str(sample_file())])
    panel.set_policy(load_policy(policies_dir() / "dismiss-all-prop64.toml"))
    dataset.start_evaluation()  # nothing loaded yet: nothing to evaluate
    assert not dataset.evaluation_pending()
    qtbot.waitUntil(lambda: dataset.session is not None and not runner.busy(), timeout=WAIT_MS)
    release = _blocking_job(runner, "Export")
    dataset.start_evaluation()
    assert dataset.evaluation_pending() and runner.busy()
    release.set()
    qtbot.waitUntil(lambda: not dataset.evaluation_pending() and not runner.busy() and len(seen) == 2,
                    timeout=WAIT_MS)
    assert seen[0][1][0].policy.name == "County common choice"  # the load used the policy of its start
    assert seen[-1][1][0].policy.name == "Dismiss all Prop 64"
    assert dataset.session.results is seen[-1][1][0]


def test_dataset_switches_to_every_input_row_and_back(dataset, runner, qtbot):
    assert dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: dataset.session is not None and not runner.busy(), timeout=WAIT_MS)
    tables = _recorder(("table", dataset.table_changed))
    dataset.set_all_rows(True)
    qtbot.waitUntil(lambda: bool(tables) and not runner.busy(), timeout=WAIT_MS)
    table, keep = tables[-1][1]
    assert table.kind == ALL_ROWS and table.n == dataset.session.prepared.records.row_count and keep
    assert dataset.showing_all_rows() and dataset.current_table() is table
    dataset.set_all_rows(False)
    assert tables[-1][1][0] is dataset.session.conv_table and not dataset.showing_all_rows()


def test_dataset_opens_files_dropped_on_its_widget(dataset, runner, parent, qtbot):
    dataset.accept_drops_on(parent)
    parent.show()
    assert parent.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_file()))])
    how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(5, 5), *how)
    QApplication.sendEvent(parent, enter)  # Qt delivers a drop only to the widget that accepted the drag
    assert enter.isAccepted()
    QApplication.sendEvent(parent, QDropEvent(QPointF(5, 5), *how))
    assert runner.busy()
    qtbot.waitUntil(lambda: dataset.session is not None and not runner.busy(), timeout=WAIT_MS)
    assert dataset.session.paths == [str(sample_file())]


def test_dataset_drops_a_recent_entry_whose_file_is_gone(dataset, settings, recent_menu, tmp_path):
    errors = _recorder(("error", dataset.error_occurred))
    gone = str(tmp_path / "gone.dat")
    settings.add_recent([gone])
    dataset.update_recent_menu()
    assert recent_menu.actions()[0].text() == "gone.dat"
    recent_menu.actions()[0].trigger()
    assert errors and errors[0][1][0] == "File not found" and "gone.dat" in errors[0][1][1]
    assert gone not in settings.recent_files()
    assert [a.text() for a in recent_menu.actions()] == ["No recent files"]


# ------------------------------------------------------------------ PolicyController

@pytest.fixture
def policy(panel, settings, runner, parent):  # type: ignore[no-untyped-def]
    return PolicyController(panel, settings, runner, parent)


def test_policy_starts_with_the_shipped_list_and_the_last_policy_used(panel, settings, runner, parent):
    settings.set("policy/path", str(policies_dir() / "dismiss-all-prop64.toml"))
    controller = PolicyController(panel, settings, runner, parent)
    controller.load_initial_policy()
    assert panel.shipped.count() == len(list(policies_dir().glob("*.toml")))
    assert panel.base_policy().name == "Dismiss all Prop 64"
    assert controller.procedure_version() == panel.base_policy().procedure_version != ""


def test_policy_loading_a_file_asks_for_a_re_evaluation_and_is_remembered(policy, panel, settings, tmp_path):
    asked = _recorder(("evaluate", policy.evaluation_requested), ("error", policy.error_occurred))
    assert policy.load_policy_file(policies_dir() / "dismiss-all-prop64.toml")
    assert [name for name, _ in asked] == ["evaluate"]
    assert panel.base_policy().name == "Dismiss all Prop 64"
    assert settings.get("policy/path") == str(policies_dir() / "dismiss-all-prop64.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[additionalRelief]\nsubjectAgeThreshold = 30\n", encoding="utf-8")
    assert not policy.load_policy_file(bad)
    assert asked[-1][0] == "error" and "subjectAgeThreshold" in asked[-1][1][2]
    assert panel.base_policy().name == "Dismiss all Prop 64"
    panel.bool_boxes["subjectIsDeceased"].toggle()  # an edit in the panel asks too (after a pause)
    assert panel.flush() and asked[-1][0] == "evaluate"


def test_policy_panel_waits_during_jobs_but_stays_editable_during_an_evaluation(policy, panel, runner, qtbot):
    for title, editable in (("Reading", False), ("Evaluation", True)):
        release = _blocking_job(runner, title)
        assert panel.isEnabled() is editable
        with qtbot.waitSignal(runner.job_ended, timeout=WAIT_MS):
            release.set()
        assert panel.isEnabled()


# ------------------------------------------------------------------ ResultsViewController

@pytest.fixture
def view(parent, qtbot):  # type: ignore[no-untyped-def]
    from desktop_app.gui.results_view_controller import ResultsViewController

    widgets = {"table": ResultsTable(ResultsTableModel(parent)), "filter_bar": FilterBar(),
               "person_view": PersonView(), "summary_view": SummaryView(), "banner": ProblemBanner()}
    for w in widgets.values():
        qtbot.addWidget(w)
    return ResultsViewController(parent=parent, **widgets), widgets


def test_results_view_filters_selects_and_reports_the_selected_convictions(view, results, qtbot):
    controller, w = view
    table = conviction_table(results)
    session = Session(paths=[str(sample_file())], prepared=results.prepared, counties=county_counts(results.prepared),
                      results=results, conv_table=table)
    controller.start_session(session)
    controller.set_results(results)
    controller.show_table(table, keep_selection=False)
    model, fb = w["table"].results_model, w["filter_bar"]
    ev = results.evaluated
    assert fb.isEnabled() and model.rowCount() == len(ev)
    assert fb.count_label.text() == f"{len(ev)} of {len(ev)} convictions"
    assert w["summary_view"].pdf_button.isEnabled()

    fb.level.setCurrentIndex(fb.level.findData("Felony"))  # the filter bar's change filters the table
    felonies = np.flatnonzero((ev["level"] == "Felony").to_numpy())
    assert model.rowCount() == len(felonies)

    with qtbot.waitSignal(controller.selection_changed):
        w["table"].select_view_row(1)
    assert controller.selected_convictions().tolist() == [felonies[1]]
    assert controller.selected_frame_row() == int(ev["row"].iloc[felonies[1]])
    assert w["person_view"].person == int(ev["person"].iloc[felonies[1]])
    assert controller.view_row_of_frame_row(int(ev["row"].iloc[felonies[1]])) == 1

    statuses = _recorder(("status", controller.status_changed))
    controller.copy_selection()
    assert statuses == [("status", ("Copied 1 row as tab-separated text.",))]

    fb.clear()  # the selected record stays selected when the rows around it change
    assert controller.selected_frame_row() == int(ev["row"].iloc[felonies[1]])


# ------------------------------------------------------------------ ExportController

@pytest.fixture
def exports(runner, settings, panel, parent, qtbot, errors):  # type: ignore[no-untyped-def]
    """`errors` (conftest) answers the dialogs: no "open the folder?" question after an export."""
    table = ResultsTable(ResultsTableModel(parent))
    summary = SummaryView()
    qtbot.addWidget(table)
    qtbot.addWidget(summary)
    return ExportController(runner, settings, table, panel, summary, parent), table


def test_export_writes_the_view_as_shown(exports, results, runner, settings, qtbot, tmp_path):
    controller, table = exports
    assert not controller.start_export(ExportRequest(VIEW_CSV, tmp_path))  # nothing evaluated yet
    controller.set_results(results)
    table.show_table(conviction_table(results))
    table.sortByColumn(table.results_model.column_index("name"), Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(controller.exported, timeout=WAIT_MS) as written:
        assert controller.start_export(ExportRequest(VIEW_CSV, tmp_path, suffix="x"))
    assert written.args[0] == [tmp_path / "Filtered_View_x.csv"]
    with open(tmp_path / "Filtered_View_x.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    snapshot = controller.view_snapshot()
    assert rows[0] == snapshot.titles and len(rows) == len(results.evaluated) + 1
    names = [r[snapshot.titles.index("Name")] for r in rows[1:]]
    assert names == sorted(names)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=WAIT_MS)
    assert settings.folder("export") == str(tmp_path)


def test_export_applies_a_waiting_policy_change_first(exports, results, panel):
    controller, _table = exports
    controller.set_results(results)
    statuses = _recorder(("status", controller.status_changed))
    panel.bool_boxes["subjectIsDeceased"].toggle()
    controller.export()  # no dialog: the change is evaluated first
    assert statuses and "Re-evaluating with the latest policy first" in statuses[0][1][0]
    assert not panel.has_pending_change()


# ------------------------------------------------------------------ JobStatusController

def test_job_status_shows_the_running_job_and_cancels_it(runner, parent, qtbot):
    label, bar, cancel = QLabel(parent), QProgressBar(parent), QPushButton(parent)
    status = JobStatusController(runner, label, bar, cancel, parent)
    parent.show()
    assert not bar.isVisible() and not cancel.isVisible()
    ended: list[str] = []
    runner.job_ended.connect(ended.append)

    def task(ctx):  # type: ignore[no-untyped-def]
        ctx.status("Working")
        while True:
            ctx.progress(1, 4)
    runner.start("Test", task, lambda _r: None, on_cancelled=lambda: status.show_message("Stopped."))
    assert bar.isVisible() and cancel.isVisible()
    qtbot.waitUntil(lambda: label.text() == "Working" and bar.maximum() == 1000, timeout=WAIT_MS)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ended == ["cancelled"], timeout=WAIT_MS)
    assert status.message() == "Stopped." and not bar.isVisible() and not cancel.isVisible()
    status.cancel_job()  # idle: nothing happens
    assert status.message() == "Stopped."
