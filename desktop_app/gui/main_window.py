"""The main window: policy panel | results table, person view and summary; one job at a time.

The GUI thread never reads, evaluates or exports: those run through `JobRunner`. Filtering and
sorting are numpy operations on the table's column arrays, done here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from .. import paths
from ..core.errors import RuleFileError
from . import dialogs
from .banner import ProblemBanner
from .filter_bar import FilterBar, compute_mask
from .jobs import Evaluation, Session, all_rows_task, evaluate_task, load_task
from .menus import build_menus
from .person_view import PersonView
from .policy_actions import PolicyActions
from .policy_panel import PolicyPanel
from .results_model import ResultsTableModel
from .results_table import ResultsTable
from .settings import AppSettings
from .summary_view import SummaryView
from .table_data import TableData
from .window_io import WindowIO
from .worker import JobRunner

log = logging.getLogger(__name__)
APP_TITLE = "Record Clearance Desktop"


class MainWindow(QMainWindow, PolicyActions, WindowIO):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else AppSettings()
        self.session: Session | None = None
        self.runner = JobRunner(self)
        self._pending_evaluation = False
        self.setWindowTitle(APP_TITLE)
        icon = paths.resources_dir() / "icons" / "record-clearance.png"
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))

        self.model = ResultsTableModel(self)
        self.table = ResultsTable(self.model)
        self.filter_bar = FilterBar()
        self.banner = ProblemBanner()
        self.person_view = PersonView()
        self.summary_view = SummaryView()
        self.policy_panel = PolicyPanel()
        self._build_layout()
        self.actions = build_menus(self)
        self._build_status_bar()
        self._connect()
        self._restore_settings()
        self.load_initial_policy()
        self._update_actions()
        self.filter_bar.setEnabled(False)  # until a file is loaded
        self.setAcceptDrops(True)

    # ------------------------------------------------------------------ layout
    def _build_layout(self) -> None:
        self.welcome = QWidget()
        wl = QVBoxLayout(self.welcome)
        wl.addStretch(1)
        title = QLabel("<h2>Open a DOJ research file</h2>"
                       "<p>File &gt; Open (Ctrl+O), or drop one or more files on this window.<br>"
                       ".dat, .csv and .txt files (with or without a header row) and .xlsx workbooks.</p>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        wl.addWidget(title)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.welcome_open = QPushButton("Open file…")
        self.welcome_sample = QPushButton("Open the sample file (fabricated data)")
        buttons.addWidget(self.welcome_open)
        buttons.addWidget(self.welcome_sample)
        buttons.addStretch(1)
        wl.addLayout(buttons)
        wl.addStretch(2)

        self.results_splitter = QSplitter(Qt.Orientation.Vertical)
        self.results_splitter.addWidget(self.table)
        self.results_splitter.addWidget(self.person_view)
        self.results_splitter.setStretchFactor(0, 3)
        self.results_splitter.setStretchFactor(1, 2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.results_splitter)
        results_page = QWidget()
        rl = QVBoxLayout(results_page)
        rl.setContentsMargins(6, 6, 6, 6)
        rl.addWidget(self.filter_bar)
        rl.addWidget(self.banner)
        rl.addWidget(self.stack, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(results_page, "Results")
        self.tabs.addTab(self.summary_view, "Summary")
        self.policy_scroll = QScrollArea()
        self.policy_scroll.setWidget(self.policy_panel)
        self.policy_scroll.setWidgetResizable(True)
        self.policy_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.policy_scroll.setMinimumWidth(self.policy_panel.sizeHint().width() + 24)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.policy_scroll)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setCollapsible(1, False)
        self.setCentralWidget(self.main_splitter)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel("Ready")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the running job (Esc); nothing is changed")
        self.cancel_button.clicked.connect(self.cancel_job)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def _connect(self) -> None:
        self.welcome_open.clicked.connect(self.choose_files)
        self.welcome_sample.clicked.connect(self.open_sample)
        self.filter_bar.changed.connect(self.apply_filters)
        self.banner.show_requested.connect(self.show_problems)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.modelReset.connect(self._update_count)
        self.runner.busy_changed.connect(self._set_busy)
        self.runner.progress_changed.connect(self._progress)
        self.runner.status_changed.connect(self.status_label.setText)
        self.runner.job_ended.connect(self._job_ended)
        self.policy_panel.changed.connect(self.start_evaluation)
        self.policy_panel.open_requested.connect(self.choose_policy)
        self.policy_panel.save_requested.connect(self.save_policy)
        self.policy_panel.shipped_chosen.connect(self.load_policy_file)
        self.summary_view.pdf_button.clicked.connect(self.save_summary_pdf)
        self.summary_view.png_button.clicked.connect(self.save_charts_png)

    # ------------------------------------------------------------------ errors
    def report_error(self, title: str, message: str, details: str = "") -> None:
        """Every error the window shows goes through here (the smoke test collects them)."""
        dialogs.show_error(self, title, message, details)

    # ------------------------------------------------------------------ jobs
    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._update_actions()

    def _progress(self, done: int, total: int) -> None:
        if self.progress.maximum() != total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _update_actions(self) -> None:
        busy = self.runner.busy()
        loaded = self.session is not None
        data_bound = self.actions.data_bound()
        for action in set(data_bound) | set(self.actions.job_bound()):
            job_ok = not busy or action not in self.actions.job_bound()
            action.setEnabled(job_ok and (loaded or action not in data_bound))
        self.actions.cancel.setEnabled(busy)
        self.actions.recent_menu.setEnabled(not busy)
        self.welcome_open.setEnabled(not busy)
        self.welcome_sample.setEnabled(not busy)
        # Policy edits during a short re-evaluation are queued; during other jobs they wait.
        job = self.runner.worker.title if busy and self.runner.worker is not None else ""
        self.policy_panel.setEnabled(not busy or job == "Evaluation")

    def _job_ended(self, _how: str) -> None:
        if self._pending_evaluation and not self.runner.busy():
            self._pending_evaluation = False
            self.start_evaluation()

    def cancel_job(self) -> None:
        if self.runner.busy():
            self.status_label.setText("Cancelling…")
            self.runner.cancel()

    def _cancelled(self) -> None:
        self.status_label.setText("Cancelled; nothing was changed.")

    def open_files(self, files: list[str]) -> bool:
        """Read `files` as one data set in the worker; the current data stay until it succeeds."""
        if self.runner.busy() or not files:
            return False
        policy = self.policy_panel.policy()
        if policy is None:
            self.report_error("No policy", "Load a policy before opening a file (Policy > Open policy).")
            return False
        files = [str(Path(f).absolute()) for f in files]
        self.settings.set_folder("open", Path(files[0]).parent)
        county = self.policy_panel.county_name() or str(self.settings.get("policy/county", ""))
        self.runner.start("Reading", load_task(files, policy, county, self.policy_panel.as_of()),
                          self._loaded, lambda m, d: self._failed("Could not open the file", m, d), self._cancelled)
        return True

    def _failed(self, title: str, message: str, details: str) -> None:
        self.status_label.setText(f"{title}.")
        self.report_error(title, message, details)

    def _loaded(self, session: Session) -> None:
        self.session = session
        self.settings.add_recent(session.paths)
        self.update_recent_menu()
        self.policy_panel.set_counties(session.counties, session.results.county)
        self.actions.all_rows.setChecked(False)
        self.filter_bar.clear()
        self.banner.set_problems(len(session.prepared.records.problems), session.unknown_conviction_dates,
                                 session.unknown_birth_dates, session.born_after_conviction)
        self.person_view.clear()
        self._show_results(session.conv_table, keep_selection=False)
        self.stack.setCurrentIndex(1)
        self.filter_bar.setEnabled(True)
        names = ", ".join(Path(p).name for p in session.paths)
        self.setWindowTitle(f"{names} — {APP_TITLE}")
        self.status_label.setText(
            f"Read {session.prepared.records.row_count:,} rows from {names} in {session.load_seconds:.1f} s: "
            f"{len(session.results.evaluated):,} Prop 64 convictions in {session.results.county or 'no county'}.")
        self._update_actions()

    def start_evaluation(self) -> None:
        """Re-evaluate the loaded data from memory with the panel's policy, county and date."""
        if self.session is None:
            return
        if self.runner.busy():
            self._pending_evaluation = True
            return
        try:
            policy = self.policy_panel.policy()
        except RuleFileError as e:  # out-of-range options: the widgets prevent them
            self.report_error("The policy is not valid", "These choices cannot be evaluated.", "\n".join(e.problems))
            return
        if policy is None:
            return
        s = self.session
        self.settings.set("policy/county", self.policy_panel.county_name())
        self.runner.start("Evaluation", evaluate_task(s.prepared, policy, self.policy_panel.county_name(),
                                                      self.policy_panel.as_of(), s.all_static),
                          self._evaluated, lambda m, d: self._failed("Could not evaluate", m, d),
                          lambda: self.status_label.setText("Evaluation cancelled: the table still shows the previous "
                                                            "evaluation. Press F5 to evaluate again."))

    def _evaluated(self, evaluation: Evaluation) -> None:
        s = self.session
        if s is None:
            return
        s.results, s.conv_table = evaluation.results, evaluation.conv_table
        if evaluation.all_table is not None:
            s.all_table = evaluation.all_table
        self._show_results(self.current_table(), keep_selection=True)
        r = s.results
        self.status_label.setText(f"Evaluated {len(r.evaluated):,} convictions in {r.county} with '{r.policy.name}' "
                                  f"as of {r.as_of.isoformat()} in {r.seconds:.2f} s.")

    def current_table(self) -> TableData | None:
        if self.session is None:
            return None
        if self.actions.all_rows.isChecked() and self.session.all_table is not None:
            return self.session.all_table
        return self.session.conv_table

    def toggle_all_rows(self, on: bool) -> None:
        s = self.session
        if s is None:
            return
        if on and s.all_table is None:
            if self.runner.busy():
                self.actions.all_rows.setChecked(False)
                return
            self.runner.start("Preparing rows", all_rows_task(s.prepared, s.results), self._all_rows_built,
                              lambda m, d: self._all_rows_failed(m, d), self._all_rows_cancelled)
            return
        self._show_results(self.current_table(), keep_selection=True)

    def _all_rows_built(self, built: tuple[TableData, TableData]) -> None:
        if self.session is None:
            return
        self.session.all_static, self.session.all_table = built
        self.status_label.setText(f"Showing every input row ({self.session.all_table.n:,}).")
        self._show_results(self.current_table(), keep_selection=True)

    def _all_rows_failed(self, message: str, details: str) -> None:
        self.actions.all_rows.setChecked(False)
        self._failed("Could not show every row", message, details)

    def _all_rows_cancelled(self) -> None:
        self.actions.all_rows.setChecked(False)
        self._cancelled()

    # ------------------------------------------------------------------ table, filters, person view
    def _show_results(self, table: TableData | None, keep_selection: bool) -> None:
        previous = self._selected_frame_row() if keep_selection else -1
        self.filter_bar.set_table(table)
        mask = compute_mask(table, self.filter_bar.state()) if table is not None else None
        self.table.show_table(table, mask)
        self.summary_view.set_results(self.session.results if self.session else None)
        if previous >= 0 and table is not None:
            row = self._view_row_of_frame_row(previous)
            if row >= 0:
                self.table.select_view_row(row)
            elif self.person_view.person is not None and self.session is not None:
                self.person_view.show_person(self.session.results, self.person_view.person, previous)
        self._update_count()

    def apply_filters(self) -> None:
        table = self.model.table
        if table is None:
            return
        previous = self._selected_frame_row()
        self.model.set_mask(compute_mask(table, self.filter_bar.state()))
        if previous >= 0:
            row = self._view_row_of_frame_row(previous)
            if row >= 0:
                self.table.select_view_row(row)

    def _update_count(self) -> None:
        table = self.model.table
        if table is None:
            self.filter_bar.set_count(0, 0, "convictions")
        else:
            self.filter_bar.set_count(self.model.rowCount(), table.n, table.noun)

    def _selected_frame_row(self) -> int:
        index = self.table.currentIndex()
        table = self.model.table
        if not index.isValid() or table is None:
            return -1
        return int(table.frame_rows[self.model.base_row(index.row())])

    def _view_row_of_frame_row(self, frame_row: int) -> int:
        table = self.model.table
        if table is None:
            return -1
        hits = np.flatnonzero(table.frame_rows[self.model.rows] == frame_row)
        return int(hits[0]) if len(hits) else -1

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        table, s = self.model.table, self.session
        if not current.isValid() or table is None or s is None:
            return
        base = self.model.base_row(current.row())
        self.person_view.show_person(s.results, int(table.person[base]), int(table.frame_rows[base]))

    def copy_rows(self) -> None:
        copied, selected = self.table.copy_selection()
        if copied < selected:
            self.status_label.setText(f"Copied the first {copied:,} of {selected:,} selected rows; "
                                      "use File > Export for more.")
        elif copied:
            self.status_label.setText(f"Copied {copied:,} row{'s' * (copied != 1)} as tab-separated text.")

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def set_person_view_visible(self, on: bool) -> None:
        self.person_view.setVisible(on)

    def set_policy_panel_visible(self, on: bool) -> None:
        self.policy_scroll.setVisible(on)

    # ------------------------------------------------------------------ window
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy():
            self.runner.cancel()
            self.runner.wait(30000)
        self._save_settings()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls) and not self.runner.busy():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if Path(f).is_file()]
        if files:
            event.acceptProposedAction()
            self.open_files(files)

