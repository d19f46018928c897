"""The main window: policy panel | results table, person view and summary.

`MainWindow` assembles: it builds the widgets, the shared services (settings, the one
`JobRunner`) and one controller per capability, and connects them. The controllers decide:
`DataSetController` (opening files, the load job, re-evaluation, the all-rows view),
`PolicyController` (which policy is active), `ResultsViewController` (filters, selection,
person view, summary), `ExportController` (exports, summary files), `ClinicController` (clinic
spreadsheets, the client form, the intake workbook), `FilingsController` (court filings),
`WorkspaceController` (review workspaces: new, open, refresh, close), `WorkspacePolicyController`
(the workspace's policy, locked or changed explicitly), `ReviewController` (review actions),
`JobStatusController` (the status bar) and `NavigationController` (Tab order, panes, help for the
focused control). A new capability gets a controller of its own, connected here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QRect, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton,
                               QScrollArea, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from .. import paths
from . import dialogs
from .banner import ProblemBanner
from .batches_controller import BatchesController
from .clinic_controller import ClinicController
from .contrast import readable_placeholders
from .dataset_controller import DataSetController
from .export_controller import ExportController
from .filings_controller import FilingsController
from .filter_bar import FilterBar
from .job_status_controller import JobStatusController
from .jobs import Session
from .keyboard import KeyboardSplitter
from .menus import build_menus
from .navigation_controller import NavigationController
from .person_view import PersonView
from .policy_controller import PolicyController
from .policy_panel import PolicyPanel
from .results_model import ResultsTableModel
from .results_table import ResultsTable
from .results_view_controller import ResultsViewController
from .review_controller import ReviewController
from .review_filters import ReviewFilters
from .review_panel import ReviewPanel
from .settings import AppSettings
from .summary_view import SummaryView
from .worker import JobRunner
from .workspace_bar import WorkspacePolicyBar
from .workspace_controller import WorkspaceController
from .workspace_policy import WorkspacePolicyController

log = logging.getLogger(__name__)
APP_TITLE = "Record Clearance Desktop"
WELCOME_PAGE, RESULTS_PAGE = 0, 1


SMALL_SCREEN_HEIGHT = 760  # device-independent pixels of the screen's usable height


def screen_area(window: QMainWindow) -> QRect:
    """The usable part of the screen the window opens on (device-independent pixels)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1400, 860)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else AppSettings()
        self.runner = JobRunner(self)
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
        self.review_panel = ReviewPanel()
        self.review_filters = ReviewFilters()
        self.workspace_bar = WorkspacePolicyBar()
        self._build_layout()
        self._build_status_bar()
        self.actions = build_menus(self)
        self.table.addAction(self.actions.copy)  # Ctrl+C copies rows only while the table has focus

        self.job_status = JobStatusController(self.runner, self.status_label, self.progress, self.cancel_button,
                                              self)
        self.policy = PolicyController(self.policy_panel, self.settings, self.runner, self)
        self.dataset = DataSetController(self.runner, self.settings, self.policy_panel, self.actions.recent_menu,
                                         self)
        self.results_view = ResultsViewController(self.table, self.filter_bar, self.person_view, self.summary_view,
                                                  self.banner, self)
        self.exports = ExportController(self.runner, self.settings, self.table, self.policy_panel,
                                        self.summary_view, self)
        self.clinic = ClinicController(self.dataset, self.runner, self.settings, self.policy_panel, self)
        # Court filings: the workspace controller gives it the open workspace (filings.set_workspace).
        self.filings = FilingsController(self.runner, self.settings, self.actions.filings, self)
        self.batches = BatchesController(self.settings, self.actions.filing_batches, self)
        self.review = ReviewController(self.review_panel, self.table, self.results_view, self.dataset, self.filter_bar,
                                       self.review_filters, self.person_view, self.summary_view, self.tabs,
                                       self.settings, self.runner, self)
        self.workspace_policy = WorkspacePolicyController(self.runner, self.dataset, self.policy, self.policy_panel,
                                                          self.review, self.workspace_bar, self.side_tabs,
                                                          self.policy_page, self)
        self.workspace = WorkspaceController(self.runner, self.settings, self.dataset, self.workspace_policy,
                                             self.policy_panel, self.review, self.exports, self.side_tabs,
                                             self.review_scroll, self.actions, self)
        self.navigation = NavigationController(
            self, welcome=self.welcome, policy_panel=self.policy_panel, filter_bar=self.filter_bar,
            search=self.filter_bar.search, table=self.table, person_view=self.person_view,
            person_tabs=self.person_view.tabs, tabs=self.tabs, summary=self.summary_view,
            summary_text=self.summary_view.text,
            tab_order=[self.welcome, self.side_tabs.tabBar(), self.review_panel, self.workspace_bar, self.policy_panel,
                       self.main_splitter.handle(1), self.filter_bar, self.banner,
                       self.table.horizontalHeader(), self.table, self.results_splitter.handle(1), self.person_view,
                       self.tabs.tabBar(), self.summary_view, self.cancel_button])
        self.navigation.add_pane("Review panel", self.review_panel, before="Policy panel")
        self._connect_controllers()
        self._connect_actions()
        self.dataset.accept_drops_on(self)
        self._restore_layout()
        self.policy.load_initial_policy()
        self._update_actions()
        self.welcome_open.setFocus()  # the first thing to do; focus goes there when the window shows
        self._readable_placeholders()

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
        self.welcome_open.setAccessibleName("Open a DOJ research file or a clinic's spreadsheet…")
        self.welcome_sample = QPushButton("Open the sample file (fabricated data)")
        buttons.addWidget(self.welcome_open)
        buttons.addWidget(self.welcome_sample)
        buttons.addStretch(1)
        wl.addLayout(buttons)
        clinics = QLabel("<p>Legal aid clinics: open your own spreadsheet the same way,<br>"
                         "or type a client's convictions in.</p>")
        clinics.setAlignment(Qt.AlignmentFlag.AlignCenter)
        clinics.setWordWrap(True)
        wl.addSpacing(12)
        wl.addWidget(clinics)
        client_row = QHBoxLayout()
        client_row.addStretch(1)
        self.welcome_client = QPushButton("New client record…")
        client_row.addWidget(self.welcome_client)
        client_row.addStretch(1)
        wl.addLayout(client_row)
        wl.addStretch(2)

        self.results_splitter = KeyboardSplitter(Qt.Orientation.Vertical,
                                                 ("Resize the results table and the person view",))
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
        self.tabs.setAccessibleName("Results and summary")
        self.tabs.addTab(results_page, "Results")
        self.tabs.addTab(self.summary_view, "Summary")
        self.policy_scroll = QScrollArea()
        self.policy_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container, not a stop: Tab goes to its controls
        self.policy_scroll.setAccessibleName("Policy panel")
        self.policy_scroll.setWidget(self.policy_panel)
        self.policy_scroll.setWidgetResizable(True)
        self.policy_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.policy_scroll.setMinimumWidth(self.policy_panel.sizeHint().width() + 24)
        # While a review workspace is open the side pane has two tabs: Review (first) and Policy.
        self.review_scroll = QScrollArea()
        self.review_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.review_scroll.setAccessibleName("Review panel")
        self.review_scroll.setWidget(self.review_panel)
        self.review_scroll.setWidgetResizable(True)
        self.review_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_scroll.setMinimumWidth(self.review_panel.minimumSizeHint().width() + 24)
        self.policy_page = policy_page = QWidget()
        pl = QVBoxLayout(policy_page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.workspace_bar)
        pl.addWidget(self.policy_scroll, 1)
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName("Review and policy")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.setTabBarAutoHide(True)  # no tabs while only the policy is there
        self.side_tabs.addTab(policy_page, "Policy")
        self.main_splitter = KeyboardSplitter(Qt.Orientation.Horizontal, ("Resize the policy panel",))
        self.main_splitter.addWidget(self.side_tabs)
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
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    # ------------------------------------------------------------------ connections
    def _connect_controllers(self) -> None:
        for controller in (self.policy, self.dataset, self.results_view, self.exports, self.clinic, self.filings,
                           self.batches, self.review, self.workspace, self.workspace_policy):
            controller.status_changed.connect(self.job_status.report)  # shown and announced
        for controller in (self.policy, self.dataset, self.exports, self.clinic, self.filings, self.batches,
                           self.workspace, self.workspace_policy):
            # Looked up at each error: the smoke check and tests replace report_error.
            controller.error_occurred.connect(lambda title, message, details: self.report_error(title, message,
                                                                                                details))
        data = self.dataset
        data.session_changed.connect(self.results_view.start_session)
        data.session_changed.connect(self._show_session)
        data.results_changed.connect(self.results_view.set_results)
        data.results_changed.connect(self.exports.set_results)
        data.table_changed.connect(self.results_view.show_table)
        data.all_rows_changed.connect(self.actions.all_rows.setChecked)
        data.workspace_dropped.connect(self.workspace.open_workspace)
        self.policy.evaluation_requested.connect(data.start_evaluation)
        self.runner.busy_changed.connect(self._update_actions)
        self.workspace.workspace_changed.connect(self._update_actions)
        # Court filings work on the open workspace and its evaluation, and change reviews too.
        self.workspace.workspace_changed.connect(self._workspace_to_filings)
        data.results_changed.connect(lambda _results: self._workspace_to_filings())
        self.filings.reviews_changed.connect(self.review.show_changes)
        self.batches.reviews_changed.connect(self.review.show_changes)
        self.filings.batches_requested.connect(lambda: self.batches.open_dialog())
        self.filings.batch_marked.connect(lambda _batch: self.batches.refresh())
        self.batches.batch_marked.connect(lambda _batch: self.filings.refresh_plan())

    def _connect_actions(self) -> None:
        a, data, policy, view, exports = self.actions, self.dataset, self.policy, self.results_view, self.exports
        nav = self.navigation
        for action, slot in (
                (a.open, data.choose_files), (a.open_sample, data.open_sample), (a.all_rows, data.set_all_rows),
                (a.open_clinic, self.clinic.choose_spreadsheet), (a.new_client, self.clinic.new_client_record),
                (a.new_intake, self.clinic.new_intake_spreadsheet),
                (a.reevaluate, data.start_evaluation),
                (a.open_policy, policy.choose_policy), (a.save_policy, policy.save_policy),
                (a.revert_policy, self.policy_panel.revert),
                (a.export, exports.export), (a.save_pdf, exports.save_summary_pdf),
                (a.save_png, exports.save_charts_png),
                (a.copy, view.copy_selection), (a.find, self._show_results_tab), (a.find, view.focus_search),
                (a.problems, view.show_problems), (a.clear_filters, self.filter_bar.clear),
                (a.columns, lambda: self.table.show_column_menu()),
                (a.results_tab, nav.go_table), (a.summary_tab, nav.go_summary),
                (a.next_pane, lambda: nav.next_pane(1)), (a.previous_pane, lambda: nav.next_pane(-1)),
                (a.go_table, nav.go_table),
                (a.go_person, lambda: nav.go_person_view(lambda: a.person_view.setChecked(True))),
                (a.whats_this, nav.whats_this), (a.keyboard_help, self.show_keyboard_help),
                (a.cancel, self.job_status.cancel_job), (a.about, self.show_about), (a.quit, self.close),
                (a.new_workspace, self.workspace.new_workspace), (a.open_workspace, self.workspace.choose_workspace),
                (a.close_workspace, self.workspace.close_workspace),
                (a.refresh_workspace, self.workspace.choose_refresh_files),
                (a.change_workspace_policy, self.workspace_policy.change_policy),
                (a.reviewer_name, self.review.change_reviewer),
                (a.reload_reviews, self.workspace.reload_reviews)):
            action.triggered.connect(slot)
        a.review_menu.addActions(list(self.review_panel.review_actions().values()))
        a.review_menu.addSeparator()
        a.review_menu.addActions([a.reviewer_name, a.reload_reviews])
        a.sort_menu.aboutToShow.connect(lambda: self.table.fill_sort_menu(a.sort_menu))
        a.person_view.toggled.connect(self.person_view.setVisible)
        a.policy_panel.toggled.connect(self.policy_scroll.setVisible)
        a.policy_panel.toggled.connect(self.side_tabs.setVisible)
        self.welcome_open.clicked.connect(a.open.trigger)
        self.welcome_sample.clicked.connect(a.open_sample.trigger)
        a.open.enabledChanged.connect(self.welcome_open.setEnabled)
        a.open_sample.enabledChanged.connect(self.welcome_sample.setEnabled)
        self.welcome_client.clicked.connect(a.new_client.trigger)
        a.new_client.enabledChanged.connect(self.welcome_client.setEnabled)

    def _update_actions(self) -> None:
        busy = self.runner.busy()
        self.actions.update_enabled(busy=busy, loaded=self.dataset.session is not None,
                                    policy_locked=self.workspace.policy_locked())
        self.workspace.update_actions(busy)

    def _show_session(self, session: Session) -> None:
        was_welcome = self.navigation.current_pane() in ("Welcome", "")
        self.stack.setCurrentIndex(RESULTS_PAGE)
        self.setWindowTitle(f"{session.name} — {APP_TITLE}")
        self._update_actions()
        if was_welcome:  # the welcome page has gone: start in the table
            self.navigation.go_table()

    def _workspace_to_filings(self) -> None:
        ws = self.workspace.workspace
        self.filings.set_workspace(ws, self.dataset.results() if ws is not None else None)
        self.batches.set_workspace(ws)

    def _show_results_tab(self) -> None:
        self.tabs.setCurrentIndex(0)

    # ------------------------------------------------------------------ errors and About
    def open_paths(self, paths: list[str]) -> None:
        """Files given on the command line: a review workspace (.rcw), or data files as one data set."""
        if len(paths) == 1 and paths[0].lower().endswith(".rcw"):
            self.workspace.open_workspace(paths[0])
        elif paths:
            self.dataset.open_files(paths)

    def report_error(self, title: str, message: str, details: str = "") -> None:
        """Every error the window shows goes through here (the smoke test collects them)."""
        dialogs.show_error(self, title, message, details)

    def show_keyboard_help(self) -> None:
        dialogs.KeyboardDialog(self.actions.all() + list(self.review_panel.review_actions().values()), self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, "About Record Clearance Desktop",
                          dialogs.about_text(self.policy.procedure_version(), self.dataset.code_sections_version()))

    # ------------------------------------------------------------------ window state
    def _restore_layout(self) -> None:
        area = screen_area(self)
        geometry = self.settings.get_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(min(1400, area.width()), min(860, area.height()))
        for key, splitter in (("main", self.main_splitter), ("results", self.results_splitter),
                              ("summary", self.summary_view.splitter)):
            state = self.settings.get_bytes(f"window/splitter_{key}")
            if state is None or not splitter.restoreState(state):
                if key == "main":
                    splitter.setSizes([self.policy_scroll.minimumWidth(), 1000])
                elif key == "results":
                    splitter.setSizes([520, 300])
        states = {k: v for k in ("convictions", "rows", "clinic_convictions", "clinic_rows", "convictions_reviews",
                                 "clinic_convictions_reviews") if (v := self.settings.get_bytes(f"table/header_{k}"))}
        self.table.set_layout_states(states)
        self.actions.person_view.setChecked(self.settings.get("window/person_view", "true") != "false")
        self.actions.policy_panel.setChecked(self.settings.get("window/policy_panel", "true") != "false")
        # On a small screen (a laptop at 150-200 %) the table needs the height: the extra filters
        # start folded, until the user unfolds them (remembered).
        unfolded = "true" if area.height() >= SMALL_SCREEN_HEIGHT else "false"
        self.filter_bar.more_button.setChecked(self.settings.get("window/more_filters", unfolded) != "false")

    def _save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter_main", self.main_splitter.saveState())
        self.settings.set("window/splitter_results", self.results_splitter.saveState())
        self.settings.set("window/splitter_summary", self.summary_view.splitter.saveState())
        self.settings.set("window/person_view", "true" if self.actions.person_view.isChecked() else "false")
        self.settings.set("window/policy_panel", "true" if self.actions.policy_panel.isChecked() else "false")
        self.settings.set("window/more_filters", "true" if self.filter_bar.more_button.isChecked() else "false")
        for kind, state in self.table.layout_states().items():
            self.settings.set(f"table/header_{kind}", QByteArray(state))
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # the theme changed
            self._readable_placeholders()

    def _readable_placeholders(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            palette = app.palette()
            if readable_placeholders(palette):
                app.setPalette(palette)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        """Tab and Shift+Tab anywhere in the window: the panes in reading order (NavigationController)."""
        return self.navigation.tab(next) or super().focusNextPrevChild(next)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy():
            self.runner.cancel()
            self.runner.wait(30000)
        self.workspace.shutdown()
        self._save_layout()
        event.accept()
