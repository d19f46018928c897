"""Review workspaces in the window: File > New workspace (from the loaded data), Open workspace,
recent workspaces, Close, Refresh with a new extract, and the workspace's policy.

Opening reads the workspace's input files and evaluates them with the workspace's own policy,
county and date (in the worker); files with another SHA-256 (a new DOJ extract) become the
workspace's data only after the reviewer agrees, and the carry-over report says what happened to
every review. A workspace open elsewhere is offered read-only: there is never a second writer.
Files that are not workspaces, newer or damaged ones are refused with a message, untouched.

Review actions are ReviewController's; the workspace's policy (locked, changed explicitly) is
WorkspacePolicyController's.
"""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ..core.clinic.mapping import mapping_toml
from ..core.errors import RecordClearanceError
from ..core.schema import ALL_COUNTIES
from ..core.workspace import CarryOver, Workspace, WorkspaceError, WorkspaceInUse, same_files, stored_paths
from .. import paths
from . import review_dialogs, workspace_dialogs
from .dataset_controller import DataSetController
from .export_controller import ExportController
from .jobs import MappingNeeded, Session
from .menus import Actions
from .policy_panel import PolicyPanel
from .review_controller import ReviewController
from .recent_workspaces import RecentWorkspaces
from .settings import APPLICATION, AppSettings
from .worker import JobRunner
from .workspace_jobs import workspace_task
from .workspace_policy import WorkspacePolicyController, county_text

log = logging.getLogger(__name__)


class WorkspaceController(QObject):
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details
    workspace_changed = Signal()  # opened, closed, read-only or not, policy being changed

    def __init__(self, runner: JobRunner, settings: AppSettings, dataset: DataSetController,
                 policy: WorkspacePolicyController, policy_panel: PolicyPanel, review: ReviewController,
                 exports: ExportController, side_tabs: QTabWidget, review_page: QWidget, actions: Actions,
                 window: QMainWindow) -> None:
        """`side_tabs` gets `review_page` (the review panel) while a workspace is open; `actions`
        are the window's (the workspace ones are enabled here); `window` gets the title and is the
        parent of the dialogs."""
        super().__init__(window)
        self._runner = runner
        self._settings = settings
        self._dataset = dataset
        self._policy = policy
        self._panel = policy_panel
        self._review = review
        self._exports = exports
        self._side_tabs = side_tabs
        self._review_page = review_page
        self._actions = actions
        self._window = window
        self._ws: Workspace | None = None
        self._session: Session | None = None  # the data set the workspace shows
        self._pending: Workspace | None = None  # opened, its data set still loading
        dataset.session_changed.connect(self._session_changed)
        policy.editing_changed.connect(lambda _editing: self.workspace_changed.emit())
        self.recent = RecentWorkspaces(settings, actions.recent_workspaces, self.open_workspace, self._recent_missing)

    # ------------------------------------------------------------------ state
    @property
    def workspace(self) -> Workspace | None:
        return self._ws

    def policy_locked(self) -> bool:
        """The policy panel shows the workspace's policy and cannot change it now."""
        return self._ws is not None and not self._policy.editing

    def title(self) -> str:
        if self._ws is None:
            return ""
        return f"{self._ws.path.name}{' (read-only)' if self._ws.read_only else ''} — {APPLICATION}"

    def update_actions(self, busy: bool) -> None:
        a, ws = self._actions, self._ws
        writable = ws is not None and not ws.read_only
        a.new_workspace.setEnabled(not busy and self._dataset.session is not None)
        a.open_workspace.setEnabled(not busy)
        a.recent_workspaces.setEnabled(not busy)
        a.close_workspace.setEnabled(not busy and ws is not None)
        a.refresh_workspace.setEnabled(not busy and writable)
        a.change_workspace_policy.setEnabled(not busy and writable and not self._policy.editing)
        a.reload_reviews.setEnabled(not busy and ws is not None and ws.read_only)

    def _reviewer(self) -> str | None:
        return review_dialogs.reviewer_name(self._settings, self._window)

    # ------------------------------------------------------------------ new
    def new_workspace(self) -> None:
        """Ask where, then make a workspace of the loaded data set and its current evaluation."""
        s = self._dataset.session
        if s is None or self._runner.busy():
            return
        if self._panel.flush():
            self.status_changed.emit("Evaluating with your latest choices first; choose New workspace again when "
                                     "it is done.")
            return
        reviewer = self._reviewer()
        if not reviewer:
            return
        path = workspace_dialogs.choose_new_path(self._window, self._suggested_path(s))
        if path is not None:
            self.create_workspace(path, reviewer)

    def _suggested_path(self, s: Session) -> Path:
        """The last workspace folder, else the data's folder (not the app's own sample), else home."""
        folder = str(self._settings.get("folders/workspace", "") or "")
        if not folder or not Path(folder).is_dir():
            data = Path(s.paths[0]).resolve().parent
            folder = str(Path.home() if data.is_relative_to(paths.resources_dir().resolve()) else data)
        county = "All counties" if s.results.county == ALL_COUNTIES else s.results.county.title()
        return Path(folder) / f"{county or 'Review'} {s.results.as_of.year}.rcw"

    def create_workspace(self, path: str | Path, reviewer: str) -> bool:
        """A new workspace at `path` (never replacing a file) for the loaded data set, evaluated
        as it is now (policy, county, date), reviewed by `reviewer`."""
        s = self._dataset.session
        if s is None or self._runner.busy():
            return False
        path = Path(path).absolute()
        mapping_text = ""
        if s.results.records.dataset.is_clinic:  # reopening reads the sheet with the same mapping
            if not s.paths or s.mapping is None:
                self.error_occurred.emit("Not for a client typed in", "A review workspace reads its data again from "
                                         "their file each time it opens: save the client's convictions in a "
                                         "spreadsheet (File > New intake spreadsheet), open it, then make the "
                                         "workspace.", "")
                return False
            mapping_text = mapping_toml(s.mapping)
        text, file_name = self._policy.policy_text(s.results.policy)
        try:
            ws = Workspace.create(path, s.results, policy_text=text, policy_file=file_name, reviewer=reviewer,
                                  mapping_text=mapping_text)
        except WorkspaceError as e:
            self.error_occurred.emit("Could not create the workspace", str(e), "")
            return False
        self._show(ws, s, reviewer, new_session=False)
        n = len(s.results.evaluated)
        self.status_changed.emit(f"Created the workspace {path.name}: {n:,} convictions to review. Every action is "
                                 "saved as you make it.")
        return True

    # ------------------------------------------------------------------ open
    def choose_workspace(self) -> None:
        folder = str(self._settings.folder("workspace"))
        path = workspace_dialogs.choose_workspace(self._window, folder)
        if path is not None:
            self.open_workspace(path)

    def open_workspace(self, path: str | Path, input_paths: list[str] | None = None) -> bool:
        """Open `path` (asking "read-only?" when it is open elsewhere) and load its data set in the
        worker; False when nothing started. `input_paths` replace the workspace's own files."""
        path = Path(path).absolute()
        if self._runner.busy():
            return False
        if self._ws is not None and _same_file(self._ws.path, path):
            self.status_changed.emit(f"{path.name} is already open in this window.")
            return False
        ws = self._open_file(path)
        if ws is None:
            return False
        reviewer = str(self._settings.get(review_dialogs.REVIEWER_KEY, "") or "")
        if not ws.read_only and not reviewer:
            reviewer = self._reviewer() or ""
            if not reviewer:
                ws.close()
                self.status_changed.emit(f"{path.name} was not opened: every review action records the reviewer's "
                                         "name.")
                return False
        try:
            paths = input_paths or self._input_paths(ws)
            task = workspace_task(ws, paths) if paths else None
        except RecordClearanceError as e:
            ws.close()
            self.error_occurred.emit("Could not open the workspace", str(e), "")
            return False
        if task is None:
            ws.close()
            self.status_changed.emit(f"{path.name} was not opened; nothing was changed.")
            return False
        self._pending = ws
        self._runner.start("Opening the workspace", task, partial(self._opened, ws, reviewer),
                           partial(self._job_failed, ws, "Could not open the workspace"),
                           partial(self._job_cancelled, ws))
        return True

    def _recent_missing(self, path: str) -> None:
        self.error_occurred.emit("Workspace not found", f"{Path(path).name} is no longer in {Path(path).parent}; "
                                 "it was removed from the recent workspaces.", "")

    def _open_file(self, path: Path) -> Workspace | None:
        """Workspace.open, or the reason it cannot be (the file is left as it was)."""
        try:
            return Workspace.open(path)
        except WorkspaceInUse as e:
            if not review_dialogs.ask_open_read_only(self._window, e):
                self.status_changed.emit(f"{path.name} is open elsewhere; it was not opened here.")
                return None
            try:
                return Workspace.open(path, read_only=True)
            except WorkspaceError as again:
                self.error_occurred.emit("Could not open the workspace", str(again), "")
        except WorkspaceError as e:  # not a workspace, newer, damaged, unreadable: never modified
            self.error_occurred.emit("Could not open the workspace", str(e), "")
        return None

    def _input_paths(self, ws: Workspace) -> list[str]:
        """The workspace's input files, or the ones the user locates when they moved."""
        try:
            return [str(p) for p in stored_paths(ws)]
        except WorkspaceError as e:
            if not workspace_dialogs.ask_locate(self._window, ws.path.name, e.detail):
                return []
            names = ", ".join(f.name for f in ws.evaluation().files)
            return workspace_dialogs.choose_input_files(self._window, f"Locate {names}", self._settings.folder("open"))

    def _opened(self, ws: Workspace, reviewer: str, session: Session | MappingNeeded) -> None:
        self._pending = None
        if isinstance(session, MappingNeeded):
            ws.close()
            self._not_doj(session)
            return
        carry, saved = None, False
        if not same_files(ws, session.results):
            carry = ws.plan_carry_over(session.results)
            if not ws.read_only:
                carry = self._refresh(ws, session, carry, reviewer)
                if carry is None:
                    ws.close()
                    return
                saved = True
        self._show(ws, session, reviewer, new_session=True)
        backup = (f" It was saved by an older version: upgraded, after a backup copy {ws.backup.name} was made "
                  "beside it.") if ws.backup is not None else ""
        r = session.results
        self.status_changed.emit(f"Opened the workspace {ws.path.name}{' read-only' if ws.read_only else ''}: "
                                 f"{len(r.evaluated):,} convictions in {county_text(r.county)}.{backup}")
        log.info("workspace opened: %d convictions, %d reviews", len(r.evaluated), len(ws.reviews()))
        if carry is not None:
            review_dialogs.show_carry_over(self._window, carry, saved)

    def _refresh(self, ws: Workspace, session: Session, carry: CarryOver, reviewer: str) -> CarryOver | None:
        """Make `session` the workspace's data set once the reviewer agrees; None when not."""
        names = [Path(p).name for p in session.paths]
        if not workspace_dialogs.confirm_refresh(self._window, ws.path.name, carry, names):
            self.status_changed.emit("The workspace was not changed.")
            return None
        try:
            return ws.refresh(session.results, reviewer=reviewer)
        except WorkspaceError as e:
            self.error_occurred.emit("Could not refresh the workspace", str(e), "")
            return None

    def _not_doj(self, needed: MappingNeeded) -> None:
        self.error_occurred.emit("Not a DOJ research file", f"{Path(needed.paths[0]).name} is not a DOJ research "
                                 "file, and this workspace's data are: nothing was changed.", "")

    def _job_failed(self, ws: Workspace, title: str, message: str, details: str) -> None:
        self._pending = None
        if ws is not self._ws:
            ws.close()
        self.status_changed.emit(f"{title}.")
        self.error_occurred.emit(title, message, details)

    def _job_cancelled(self, ws: Workspace) -> None:
        self._pending = None
        if ws is not self._ws:
            ws.close()
        self.status_changed.emit("Cancelled; nothing was changed.")

    # ------------------------------------------------------------------ showing and closing
    def _show(self, ws: Workspace, session: Session, reviewer: str, *, new_session: bool) -> None:
        """Make `ws` (with `session`, its evaluated data) the workspace shown."""
        base = session.conv_table
        if self._ws is not None and self._ws is not ws:
            old_base = self._review.detach()
            self._ws.close()
            if not new_session and old_base is not None:
                base = old_base
        self._ws, self._session = ws, session
        self._policy.show(ws, session)
        session.conv_table = self._review.attach(ws, session.results, base, reviewer)
        if new_session:
            self._dataset.show_session(session, remember=False)
        else:
            self._dataset.replace_conviction_table(session.conv_table)
        if self._side_tabs.indexOf(self._review_page) < 0:
            self._side_tabs.insertTab(0, self._review_page, "Review")
        self._side_tabs.setCurrentWidget(self._review_page)
        self._exports.set_review_source(self._review.reviews_copy)
        self._window.setWindowTitle(self.title())
        self._settings.set_folder("workspace", ws.path.parent)
        self.recent.remember(ws.path)
        self.workspace_changed.emit()

    def close_workspace(self) -> None:
        """Close the workspace (everything is already saved); the data stay shown, without reviews."""
        if self._ws is None or self._runner.busy():
            return
        name = self._ws.path.name
        self._close(restore_table=True)
        self.status_changed.emit(f"Closed the workspace {name}; the data stay open. File > Open workspace reviews "
                                 "again.")

    def _close(self, restore_table: bool) -> None:
        ws = self._ws
        if ws is None:
            return
        base = self._review.detach()
        if restore_table and base is not None and self._dataset.session is self._session:
            self._dataset.replace_conviction_table(base)
        ws.close()
        self._ws, self._session = None, None
        self._policy.clear()
        at = self._side_tabs.indexOf(self._review_page)
        if at >= 0:
            self._side_tabs.removeTab(at)
        self._exports.set_review_source(None)
        s = self._dataset.session
        if s is not None:
            self._window.setWindowTitle(f"{', '.join(Path(p).name for p in s.paths)} — {APPLICATION}")
        self.workspace_changed.emit()

    def shutdown(self) -> None:
        """The window closes: release the workspace (its lock) now, and one still loading."""
        if self._pending is not None and self._pending is not self._ws:
            self._pending.close()
        self._pending = None
        self._close(restore_table=False)

    def _session_changed(self, session: Session) -> None:
        if self._ws is not None and session is not self._session:  # File > Open loaded another data set
            name = self._ws.path.name
            self._close(restore_table=False)
            self.status_changed.emit(f"Closed the workspace {name}: another data set was opened.")

    def reload_reviews(self) -> None:
        """Read-only: show the reviews the writer has saved since."""
        table = self._review.reload()
        if table is not None and self._session is not None:
            self._session.conv_table = table
            self._dataset.replace_conviction_table(table)
            self.status_changed.emit("Showing the reviews as saved now.")

    # ------------------------------------------------------------------ a new extract
    def choose_refresh_files(self) -> None:
        if self._ws is None or self._ws.read_only or self._runner.busy():
            return
        files = workspace_dialogs.choose_input_files(self._window, "Refresh the workspace with a new extract",
                                                     self._settings.folder("open"))
        if files:
            self.refresh_with(files)

    def refresh_with(self, paths: list[str]) -> bool:
        """Read `paths` (the DOJ's next extract) and evaluate them as the workspace does; once the
        reviewer agrees they become its data set, reviews carried over (see CarryOverDialog)."""
        ws = self._ws
        if ws is None or ws.read_only or self._runner.busy() or not paths:
            return False
        try:
            task = workspace_task(ws, list(paths))
        except RecordClearanceError as e:
            self.error_occurred.emit("Could not read the files", str(e), "")
            return False
        self._runner.start("Reading the new extract", task, partial(self._extract_read, ws),
                           partial(self._job_failed, ws, "Could not read the files"),
                           partial(self._job_cancelled, ws))
        return True

    def _extract_read(self, ws: Workspace, session: Session | MappingNeeded) -> None:
        if ws is not self._ws:
            return
        if isinstance(session, MappingNeeded):
            self._not_doj(session)
            return
        if same_files(ws, session.results):
            self.status_changed.emit("These are the files the workspace already has: nothing to carry over.")
            return
        reviewer = self._review.reviewer() or self._reviewer()
        if not reviewer:
            return
        carry = self._refresh(ws, session, ws.plan_carry_over(session.results), reviewer)
        if carry is None:
            return
        self._show(ws, session, reviewer, new_session=True)
        self.status_changed.emit(f"The workspace has the new data: {carry.summary()}.")
        review_dialogs.show_carry_over(self._window, carry, True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
