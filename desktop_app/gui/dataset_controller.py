"""The loaded data set: opening files (dialog, recent files, drag and drop, the sample), the load
job, re-evaluating from memory when the policy, county or date changes, and the all-rows view.

It owns the current `Session` and tells the rest of the window through signals:
`session_changed` (another data set), `results_changed` (another evaluation) and
`table_changed` (the table to show). Only one job runs at a time (the shared `JobRunner`); a
re-evaluation asked for while a job runs starts when it ends.

A file that is no DOJ research file but reads as a clinic's spreadsheet goes to `mapping_needed`
(the clinic controller asks for its columns, then loads it with `load_with`, the way in for any
other kind of data set).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from .. import paths
from ..core.codes import load_code_sections
from ..core.counties import california_counties
from ..core.errors import RecordClearanceError, RuleFileError
from ..core.evaluate import Results
from ..core.pipeline import code_sections_path
from ..core.schema import ALL_COUNTIES
from .jobs import Evaluation, MappingNeeded, Session, TaskMaker, all_rows_task, evaluate_task, load_task
from .policy_panel import PolicyPanel
from .settings import AppSettings
from .table_data import TableData
from .worker import JobRunner

INPUT_FILTER = ("DOJ research files and spreadsheets (*.dat *.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.ods);;"
                "All files (*)")


class DataSetController(QObject):
    session_changed = Signal(object)  # Session: another data set was loaded (results_changed follows)
    results_changed = Signal(object)  # Results: the current evaluation (after loading and each re-evaluation)
    table_changed = Signal(object, bool)  # TableData to show, and whether to keep the selected record
    all_rows_changed = Signal(bool)  # the view shows every input row (True) or the convictions
    mapping_needed = Signal(object)  # MappingNeeded: a clinic's spreadsheet waits for its column mapping
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details
    workspace_dropped = Signal(str)  # a review workspace (.rcw) was dropped on the window: not a data file

    def __init__(self, runner: JobRunner, settings: AppSettings, policy_panel: PolicyPanel, recent_menu: QMenu,
                 parent: QWidget) -> None:
        """`policy_panel` gives the policy, county and evaluation date (and gets the file's
        counties); `recent_menu` is filled with the recent files; `parent` is also the parent
        of the file dialog."""
        super().__init__(parent)
        self._runner = runner
        self._settings = settings
        self._panel = policy_panel
        self._recent_menu = recent_menu
        self._dialog_parent = parent
        self._session: Session | None = None
        self._all_rows = False
        self._pending_evaluation = False
        runner.job_ended.connect(self._job_ended)
        self.update_recent_menu()

    # ------------------------------------------------------------------ state
    @property
    def session(self) -> Session | None:
        """The loaded data set and its current evaluation (None before the first file)."""
        return self._session

    def results(self) -> Results | None:
        return self._session.results if self._session is not None else None

    def current_table(self) -> TableData | None:
        """The table the view shows: every input row (once built) or the evaluated convictions."""
        s = self._session
        if s is None:
            return None
        if self._all_rows and s.all_table is not None:
            return s.all_table
        return s.conv_table

    def showing_all_rows(self) -> bool:
        return self._all_rows

    def evaluation_pending(self) -> bool:
        """A re-evaluation waits for the running job to end."""
        return self._pending_evaluation

    def code_sections_version(self) -> str:
        """The version of the code-section lists in use (the file's, before a data set is loaded)."""
        try:
            return (self._session.prepared.codes.version if self._session is not None
                    else load_code_sections(code_sections_path()).version)
        except (RecordClearanceError, OSError):
            return ""

    # ------------------------------------------------------------------ opening
    def open_files(self, files: list[str]) -> bool:
        """Read `files` as one data set in the worker; the current data stay until it succeeds.
        A clinic's spreadsheet goes to `mapping_needed` instead. False when it did not start (a
        job runs, no file, no policy)."""
        if self._runner.busy() or not files:
            return False
        files = [str(Path(f).absolute()) for f in files]
        county = self._panel.county_name() or str(self._settings.get("policy/county", ""))
        if not self.load_with(lambda policy, as_of: load_task(files, policy, county, as_of)):
            return False
        self._settings.set_folder("open", Path(files[0]).parent)
        return True

    def load_with(self, make_task: TaskMaker) -> bool:
        """Load a data set with the task `make_task(policy, as_of)` makes for the panel's policy
        and date (e.g. a clinic's sheet with its mapping: jobs.session_task); the current data stay
        until it succeeds. False when it did not start (a job runs, no policy)."""
        if self._runner.busy():
            return False
        policy = self._panel.policy()
        if policy is None:
            self.error_occurred.emit("No policy", "Load a policy before opening a file (Policy > Open policy).", "")
            return False
        self._runner.start("Reading", make_task(policy, self._panel.as_of()), self._loaded,
                           partial(self._failed, "Could not open the file"), self._cancelled)
        return True

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self._dialog_parent, "Open DOJ research files",
                                                self._settings.folder("open"), INPUT_FILTER)
        if files:
            self.open_files(files)

    def open_sample(self) -> None:
        self.open_files([str(paths.sample_file())])

    def open_recent(self, entry: str) -> None:
        """Open a recent-files entry (its paths joined by newlines); a missing file removes it."""
        files = entry.split("\n")
        missing = [f for f in files if not Path(f).is_file()]
        if missing:
            self._settings.remove_recent(entry)
            self.update_recent_menu()
            self.error_occurred.emit("File not found", f"{Path(missing[0]).name} is no longer in "
                                     f"{Path(missing[0]).parent}; it was removed from the recent files.", "")
            return
        self.open_files(files)

    def clear_recent(self) -> None:
        self._settings.set("files/recent", [])
        self.update_recent_menu()

    def update_recent_menu(self) -> None:
        menu = self._recent_menu
        menu.clear()
        for entry in self._settings.recent_files():
            files = entry.split("\n")
            label = Path(files[0]).name + (f" (+{len(files) - 1} more)" if len(files) > 1 else "")
            action = menu.addAction(label, partial(self.open_recent, entry))
            action.setToolTip("\n".join(files))
        if menu.isEmpty():
            menu.addAction("No recent files").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the list", self.clear_recent)
        menu.setToolTipsVisible(True)

    def accept_drops_on(self, widget: QWidget) -> None:
        """Files dropped on `widget` are opened as one data set (while no job runs)."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DragEnter:
            assert isinstance(event, QDragEnterEvent)
            urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
            if urls and all(u.isLocalFile() for u in urls) and not self._runner.busy():
                event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            files = [f for f in files if Path(f).is_file()]
            if len(files) == 1 and files[0].lower().endswith(".rcw"):
                event.acceptProposedAction()
                self.workspace_dropped.emit(files[0])
            elif files:
                event.acceptProposedAction()
                self.open_files(files)
            return True
        return super().eventFilter(watched, event)

    def _loaded(self, session: Session | MappingNeeded) -> None:
        if isinstance(session, MappingNeeded):
            self.status_changed.emit(f"{Path(session.paths[0]).name} is not a DOJ research file: choose which of its "
                                     "columns holds each field.")
            self.mapping_needed.emit(session)
            return
        self.show_session(session)

    def show_session(self, session: Session, remember: bool = True) -> None:
        """Make `session` the data set shown (a load job's, or a workspace's); `remember` adds its
        files to the recent files."""
        self._session = session
        self._all_rows = False
        if remember and session.paths:
            self._settings.add_recent(session.paths)
            self.update_recent_menu()
        self._panel.set_counties(session.counties, session.results.county, all_counties=session.all_counties,
                                 assignable=california_counties() if session.assign_county is not None else ())
        self.all_rows_changed.emit(False)
        self.session_changed.emit(session)
        self.results_changed.emit(session.results)
        self.table_changed.emit(session.conv_table, False)
        self.status_changed.emit(
            f"Read {session.prepared.records.row_count:,} rows from {session.name} in {session.load_seconds:.1f} s: "
            f"{len(session.results.evaluated):,} Prop 64 convictions in {session.results.county or 'no county'}.")

    def _failed(self, title: str, message: str, details: str) -> None:
        self.status_changed.emit(f"{title}.")
        self.error_occurred.emit(title, message, details)

    def _cancelled(self) -> None:
        self.status_changed.emit("Cancelled; nothing was changed.")

    # ------------------------------------------------------------------ evaluating
    def start_evaluation(self) -> None:
        """Re-evaluate the loaded data from memory with the panel's policy, county and date (after
        the running job, if one runs)."""
        if self._session is None:
            return
        if self._runner.busy():
            self._pending_evaluation = True
            return
        try:
            policy = self._panel.policy()
        except RuleFileError as e:  # out-of-range options: the widgets prevent them
            self.error_occurred.emit("The policy is not valid", "These choices cannot be evaluated.",
                                     "\n".join(e.problems))
            return
        if policy is None:
            return
        s = self._session
        county = self._panel.county_name()
        self._settings.set("policy/county", county)
        if s.assign_county is not None and county not in (*s.counties.index, ALL_COUNTIES, ""):
            self.load_with(s.assign_county(county))  # the data's county is the user's choice: prepare them again
            return
        self._runner.start("Evaluation", evaluate_task(s.prepared, policy, county, self._panel.as_of(), s.all_static),
                           self._evaluated, partial(self._failed, "Could not evaluate"),
                           partial(self.status_changed.emit, "Evaluation cancelled: the table still shows the "
                                   "previous evaluation. Press F5 to evaluate again."))

    def _evaluated(self, evaluation: Evaluation) -> None:
        self.show_evaluation(evaluation)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        """Make `evaluation` (of the loaded data set) the one shown."""
        s = self._session
        if s is None:
            return
        s.results, s.conv_table = evaluation.results, evaluation.conv_table
        if evaluation.all_table is not None:
            s.all_table = evaluation.all_table
        self.results_changed.emit(s.results)
        self.table_changed.emit(self.current_table(), True)
        r = s.results
        self.status_changed.emit(f"Evaluated {len(r.evaluated):,} convictions in {r.county} with '{r.policy.name}' "
                                 f"as of {r.as_of.isoformat()} in {r.seconds:.2f} s.")

    def replace_conviction_table(self, table: TableData) -> None:
        """Show the evaluated convictions as `table` (the same rows, e.g. with a workspace's review
        columns, or without them again), keeping the selected record."""
        s = self._session
        if s is None:
            return
        s.conv_table = table
        self.table_changed.emit(self.current_table(), True)

    def _job_ended(self, _how: str) -> None:
        if self._pending_evaluation and not self._runner.busy():
            self._pending_evaluation = False
            self.start_evaluation()

    # ------------------------------------------------------------------ the all-rows view
    def set_all_rows(self, on: bool) -> None:
        """Show every input row (built in the worker the first time) or the evaluated convictions."""
        s = self._session
        if s is None:
            self.all_rows_changed.emit(False)
            return
        if on and s.all_table is None:
            if self._runner.busy():
                self.all_rows_changed.emit(False)
                return
            self._runner.start("Preparing rows", all_rows_task(s.prepared, s.results), self._all_rows_built,
                               self._all_rows_failed, self._all_rows_cancelled)
            return
        self._all_rows = on
        self.table_changed.emit(self.current_table(), True)

    def _all_rows_built(self, built: tuple[TableData, TableData]) -> None:
        s = self._session
        if s is None:
            return
        s.all_static, s.all_table = built
        self._all_rows = True
        self.status_changed.emit(f"Showing every input row ({s.all_table.n:,}).")
        self.table_changed.emit(self.current_table(), True)

    def _all_rows_failed(self, message: str, details: str) -> None:
        self.all_rows_changed.emit(False)
        self._failed("Could not show every row", message, details)

    def _all_rows_cancelled(self) -> None:
        self.all_rows_changed.emit(False)
        self._cancelled()
