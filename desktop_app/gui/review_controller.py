"""Reviewing in the window: the review panel's requests for the selected convictions (accept,
change the determination, set the status, write a note, undo, accept all in view) go to the open
workspace, and what they changed is shown at once: the table's review columns (updated in place,
no rebuilt table), the filters' counts, the panel, the review history in the person view and the
review progress in the Summary.

`WorkspaceController` opens and closes workspaces and hands each evaluation to `attach`; this
controller never opens a file. Every action is one transaction of the workspace, committed before
the table shows it.
"""

from __future__ import annotations

import logging
from typing import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ..core.results import Results
from ..core.workspace import ActionResult, Workspace, WorkspaceError, review_progress
from ..core.workspace.apply import ReviewedConvictions
from . import review_dialogs
from .dataset_controller import DataSetController
from .filter_bar import FilterBar, compute_mask
from .person_view import PersonView
from .results_table import ResultsTable
from .results_view_controller import ResultsViewController
from .review_columns import review_columns, update_review_columns, with_review_columns
from .review_filters import ReviewFilters
from .review_history import ReviewHistoryView
from .review_panel import ReviewPanel, summarise
from .review_summary import progress_html
from .settings import AppSettings
from .summary_view import SummaryView
from .table_data import CONVICTIONS, TableData
from .worker import JobRunner

log = logging.getLogger(__name__)

REVIEW_KEYS = {"final_determination", "review_status", "reviewer", "review_note", "overridden", "needs_rereview",
               "change_reason", "status_date", "filing_batch", "reviewed_at"}
DONE = {"accept": "Accepted the automatic decision of", "determination": "Changed the final determination of",
        "status": "Set the status of", "note": "Saved the note of", "undo": "Undid the last action:"}


def _n(count: int) -> str:
    return f"{count:,} conviction{'s' * (count != 1)}"


class ReviewController(QObject):
    status_changed = Signal(str)
    reviews_changed = Signal()  # an action changed reviews (the window's Undo state, exports...)

    def __init__(self, panel: ReviewPanel, table: ResultsTable, results_view: ResultsViewController,
                 dataset: DataSetController, filter_bar: FilterBar, filters: ReviewFilters, person_view: PersonView,
                 summary_view: SummaryView, tabs: QTabWidget, settings: AppSettings, runner: JobRunner,
                 parent: QWidget) -> None:
        """`filters` join `filter_bar`; `person_view` gets a "Review history" tab while a
        workspace is open; `tabs` holds the Summary (its progress is drawn when shown); `parent`
        is also the parent of the dialogs."""
        super().__init__(parent)
        self._panel = panel
        self._table = table
        self._model = table.results_model
        self._results_view = results_view
        self._dataset = dataset
        self._filter_bar = filter_bar
        self._filters = filters
        self._person_tabs = person_view.tabs
        self._summary_view = summary_view
        self._tabs = tabs
        self._settings = settings
        self._runner = runner
        self._dialog_parent = parent
        self.history = ReviewHistoryView()
        self._ws: Workspace | None = None
        self._results: Results | None = None
        self._reviewed: ReviewedConvictions | None = None
        self._columns: list = []
        self._base: TableData | None = None
        self._keys = np.zeros(0, dtype=object)
        self._summary_stale = False
        # The history (and, after a filter moved the rows, the current row and so the person view)
        # follow in the next turn of the event loop: the table shows an action first.
        self._history_timer = QTimer(self, singleShot=True, interval=0)
        self._history_timer.timeout.connect(self._show_history)
        self._pending_current = -1
        filter_bar.add_filters(filters)
        for action in panel.review_actions().values():
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # from the table too
        panel.accept_requested.connect(self.accept)
        panel.determination_requested.connect(self.change_determination)
        panel.status_requested.connect(self.set_status)
        panel.note_requested.connect(self.set_note)
        panel.undo_requested.connect(self.undo)
        panel.accept_view_requested.connect(self.accept_in_view)
        panel.reviewer_change_requested.connect(self.change_reviewer)
        results_view.selection_changed.connect(self._selection_changed)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._history_timer.start())
        self._model.modelReset.connect(self._view_changed)
        tabs.currentChanged.connect(lambda _i: self._refresh_summary())
        runner.busy_changed.connect(self._busy_changed)

    # ------------------------------------------------------------------ state
    @property
    def workspace(self) -> Workspace | None:
        return self._ws

    @property
    def reviewed(self) -> ReviewedConvictions | None:
        """The review columns of the evaluation shown (ReviewedConvictions.arrays)."""
        return self._reviewed

    def reviewer(self) -> str:
        return self._panel.reviewer_name

    def attach(self, ws: Workspace, results: Results, base: TableData, reviewer: str) -> TableData:
        """Show `ws`'s reviews on `results` (its evaluation); returns the conviction table `base`
        with the review columns, for the data set controller to show."""
        first = self._ws is None
        self._ws, self._results, self._base = ws, results, base
        self._reviewed = ReviewedConvictions(results.evaluated, ws.reviews())
        self._columns = review_columns(self._reviewed)
        ev = results.evaluated
        self._keys = ev["conviction_key"].to_numpy(dtype=object)
        self._automatic = ev["determination"].astype(str).to_numpy(dtype=object)
        self._person = ev["person"].to_numpy()
        self._rows = ev["row"].to_numpy()
        panel = self._panel
        panel.set_reasons(ws.change_reasons())
        panel.set_reviewer(reviewer)
        panel.set_read_only(ws.read_only, "this workspace is open elsewhere (another window or the command line). "
                                          "You can look, filter and export; reviewing needs it closed there.")
        panel.set_undo_available(ws.can_undo)
        if first:
            self._person_tabs.addTab(self.history, "Review history")
            self._person_tabs.setTabToolTip(self._person_tabs.indexOf(self.history),
                                            "Every change to the review of the person's convictions: who, when, "
                                            "what, old and new")
        self._summary_stale = True
        self._refresh_summary()
        return with_review_columns(base, self._columns)

    def detach(self) -> TableData | None:
        """Stop showing reviews; returns the conviction table without its review columns."""
        base = self._base
        self._ws = self._results = self._reviewed = self._base = None
        self._columns = []
        at = self._person_tabs.indexOf(self.history)
        if at >= 0:
            self._person_tabs.removeTab(at)
        self._summary_view.set_review_progress("")
        self._panel.show_selection(summarise({}, self._keys, self._keys, self._keys, np.zeros(0, dtype=np.int64)))
        return base

    def reviews_copy(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The reviews and the audit log as they are now (an export writes them in its worker)."""
        assert self._ws is not None
        return self._ws.reviews(), self._ws.audit_log()

    def reload(self) -> TableData | None:
        """Read the reviews again (a read-only window follows the writer); the table to show."""
        if self._ws is None or self._results is None or self._base is None:
            return None
        self._ws.reload()
        return self.attach(self._ws, self._results, self._base, self.reviewer())

    def progress(self) -> dict:
        assert self._ws is not None and self._reviewed is not None and self._results is not None
        return review_progress(self._reviewed.frame(), self._ws.reviews(), self._results.evaluated["conviction_key"])

    # ------------------------------------------------------------------ which convictions
    def selected_keys(self) -> list[str]:
        return self._keys[self._results_view.selected_convictions()].tolist() if self._ws is not None else []

    def _view_positions(self) -> np.ndarray:
        """The evaluated convictions the table shows (filters applied), as positions."""
        table = self._model.table
        if table is None or self._ws is None:
            return np.zeros(0, dtype=np.int64)
        if table.kind == CONVICTIONS:  # its base rows are the evaluation's rows, in order
            return np.sort(self._model.rows)
        return np.flatnonzero(np.isin(self._rows, table.frame_rows[self._model.rows]))

    def view_keys(self) -> list[str]:
        return self._keys[self._view_positions()].tolist()

    # ------------------------------------------------------------------ actions
    def accept(self) -> None:
        self._act(lambda ws, keys, who: ws.accept(keys, who))

    def change_determination(self, determination: str, reason: str) -> None:
        self._act(lambda ws, keys, who: ws.set_determination(keys, determination, reason or None, who))

    def set_status(self, status: str, day: str, batch: str) -> None:
        self._act(lambda ws, keys, who: ws.set_status(keys, status, who, date=day or None, batch=batch or None))

    def set_note(self, note: str) -> None:
        self._act(lambda ws, keys, who: ws.set_note(keys, note, who))

    def undo(self) -> None:
        self._act(lambda ws, _keys, who: ws.undo(who), need_selection=False)

    def accept_in_view(self) -> None:
        """Accept the automatic decision of every conviction in view not decided yet, after the
        reviewer confirms the number."""
        ws = self._ws
        if ws is None:
            return
        keys = self.view_keys()
        if not keys:
            return
        undecided = len(ws.undecided(keys))
        if not review_dialogs.confirm_batch_accept(self._dialog_parent, len(keys), undecided):
            self.status_changed.emit("Nothing was accepted.")
            return
        self._act(lambda ws, _keys, who: ws.accept_undecided(keys, who), need_selection=False)

    def change_reviewer(self) -> None:
        name = review_dialogs.reviewer_name(self._settings, self._dialog_parent, ask_again=True)
        if name:
            self._panel.set_reviewer(name)

    def _act(self, do: Callable[[Workspace, list[str], str], ActionResult | None], need_selection: bool = True) -> None:
        ws = self._ws
        if ws is None or self._runner.busy():
            return
        keys = self.selected_keys()
        if need_selection and not keys:
            self._panel.show_message("Select one or more convictions in the table first.", error=True)
            return
        try:
            done = do(ws, keys, self.reviewer())
        except WorkspaceError as e:  # a refused request: nothing was changed; the message names no record
            self._panel.show_message(e.detail, error=True)
            self.status_changed.emit(f"Nothing was changed: {e.detail}")
            return
        if done is None:
            self._panel.show_message("There is nothing to undo.")
            return
        self.show_changes(list(done.keys))
        if done.action:
            text = f"{DONE.get(done.kind, 'Changed')} {_n(len(done.keys))}."
        else:
            text = "Nothing changed: the selected convictions already had that."
        self._panel.show_message(text)
        self.status_changed.emit(text)
        self.reviews_changed.emit()

    # ------------------------------------------------------------------ showing what changed
    def show_changes(self, keys: list[str]) -> None:
        """Show the workspace's new records of `keys`: only their rows of the review columns are
        recomputed, and the table repaints those columns (it filters and sorts again only when a
        filter or the sort uses them)."""
        ws, reviewed, session = self._ws, self._reviewed, self._dataset.session
        if ws is None or reviewed is None or session is None:
            return
        at = reviewed.update(ws.records(keys))
        self._columns = update_review_columns(self._columns, reviewed, at)
        table = session.conv_table.replace_columns(self._columns)
        session.conv_table = table  # the table the view goes back to from every input row
        if self._model.table is not None and self._model.table.column("review_status") is not None:
            selected = self._model.rows[self._table.selected_view_rows()]
            current = self._table.currentIndex().row()
            base = self._model.base_row(current) if current >= 0 else -1
            if self._model.update_columns(table, REVIEW_KEYS, compute_mask(table, self._filter_bar.state())):
                self._select_again(selected, base, current)
            self._filters.set_table(table)
        self._selection_changed()
        self._history_timer.start()
        self._panel.set_undo_available(ws.can_undo)
        self._summary_stale = True
        self._refresh_summary()

    def _select_again(self, base_rows: np.ndarray, current_base: int, current_row: int) -> None:
        """After the rows were filtered again: select the records still shown; when the current one
        left the view, the row that took its place (the next one to review) is selected. The
        current row (and with it the person view) follows in the next turn of the event loop."""
        n = self._model.rowCount()
        if n == 0:
            return
        where = np.full(self._model.total(), -1, dtype=np.int64)
        where[self._model.rows] = np.arange(n)
        rows = np.sort(where[base_rows[base_rows < len(where)]])
        rows = rows[rows >= 0]
        now = int(where[current_base]) if 0 <= current_base < len(where) else -1
        if now < 0:
            now = min(max(current_row, 0), n - 1)
            rows = np.array([now], dtype=np.int64) if not len(rows) else rows
        selection = QItemSelection()
        last = self._model.columnCount() - 1
        starts = np.flatnonzero(np.diff(rows, prepend=-2) != 1)
        ends = np.append(starts[1:], len(rows)) - 1
        for s, e in zip(starts, ends):
            selection.select(self._model.index(int(rows[s]), 0), self._model.index(int(rows[e]), last))
        self._table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._pending_current = now
        QTimer.singleShot(0, self._set_current)

    def _set_current(self) -> None:
        row, self._pending_current = self._pending_current, -1
        if 0 <= row < self._model.rowCount():
            column = max(self._table.currentIndex().column(), 0)
            self._table.selectionModel().setCurrentIndex(self._model.index(row, column),
                                                         QItemSelectionModel.SelectionFlag.NoUpdate)

    def _selection_changed(self) -> None:
        if self._reviewed is None or self._results is None:
            return
        rows = self._results_view.selected_convictions()
        self._panel.show_selection(summarise(self._reviewed.arrays, self._keys, self._automatic,
                                             self._results.reason_texts, rows))

    def _show_history(self) -> None:
        """The review history of the current person's convictions, the current one first."""
        ws = self._ws
        if ws is None:
            return
        frame_row = self._results_view.selected_frame_row()
        mine = np.flatnonzero(self._rows == frame_row) if frame_row >= 0 else np.zeros(0, dtype=np.int64)
        if frame_row < 0:
            self.history.show_history(pd.DataFrame(columns=["key"]), [])
            return
        table = self._model.table
        person = int(table.person[self._model.base_row(self._table.currentIndex().row())]) if table else -1
        theirs = np.flatnonzero(self._person == person)
        keys = self._keys[np.concatenate([mine, np.setdiff1d(theirs, mine)])].tolist()
        self.history.show_history(ws.audit_log(keys), keys)

    def _view_changed(self) -> None:
        if self._ws is not None:
            self._panel.set_view_count(len(self._view_positions()))

    def _refresh_summary(self) -> None:
        """The Summary's review progress, drawn when the Summary is shown (not at every key press)."""
        if self._ws is None or not self._summary_stale or self._tabs.currentWidget() is not self._summary_view:
            return
        self._summary_stale = False
        self._summary_view.set_review_progress(progress_html(self.progress(), self._ws.path.name))

    def _busy_changed(self, busy: bool) -> None:
        """No review action while a job runs (an export reads the workspace meanwhile)."""
        self._panel.setEnabled(not busy)
        if busy:
            for action in self._panel.review_actions().values():
                action.setEnabled(False)
        elif self._ws is not None:
            self._panel.set_undo_available(self._ws.can_undo)  # the panel enables what can be done
