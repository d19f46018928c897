"""What the window shows of the current data set: the table through the filters (a numpy mask),
the selected person's history, the summary, the input-problems banner and dialog, and copying
the selected rows. The selected record stays selected when the table changes under it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.results import Results
from ..core.why_none import explain_no_convictions, explanation_text
from . import dialogs
from .banner import ProblemBanner
from .filter_bar import FilterBar, compute_mask
from .jobs import Session
from .person_view import PersonView
from .results_table import ResultsTable
from .summary_view import SummaryView
from .table_data import TableData


class ResultsViewController(QObject):
    status_changed = Signal(str)
    selection_changed = Signal()  # the selected rows changed (see selected_convictions)

    def __init__(self, table: ResultsTable, filter_bar: FilterBar, person_view: PersonView,
                 summary_view: SummaryView, banner: ProblemBanner, parent: QWidget) -> None:
        """`parent` is also the parent of the input-problems dialog."""
        super().__init__(parent)
        self._table = table
        self._model = table.results_model
        self._filter_bar = filter_bar
        self._person_view = person_view
        self._summary_view = summary_view
        self._banner = banner
        self._dialog_parent = parent
        self._session: Session | None = None
        self._results: Results | None = None
        filter_bar.setEnabled(False)  # until a data set is shown
        filter_bar.changed.connect(self.apply_filters)
        banner.show_requested.connect(self.show_problems)
        table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self._model.modelReset.connect(self._update_count)

    # ------------------------------------------------------------------ what is shown
    def start_session(self, session: Session) -> None:
        """Another data set: filters cleared, its input problems in the banner, no person shown."""
        self._session = session
        self._filter_bar.clear()
        self._banner.set_problems(len(session.prepared.records.problems), session.unknown_conviction_dates,
                                  session.unknown_birth_dates, session.born_after_conviction)
        self._person_view.clear()
        self._filter_bar.setEnabled(True)

    def set_results(self, results: Results) -> None:
        """Another evaluation: the summary, and the person view of the rows shown next. When the
        county has no Prop 64 conviction to evaluate, the person view says why."""
        self._results = results
        self._summary_view.set_results(results)
        why = explain_no_convictions(results.prepared, results.county) if len(results.evaluated) == 0 else None
        if why is not None:
            self._person_view.show_notice(f"No Prop 64 conviction to evaluate in {results.county}",
                                          explanation_text(why))

    def show_table(self, table: TableData | None, keep_selection: bool) -> None:
        """Show `table` through the current filters; with `keep_selection`, the selected record
        stays selected (or its person stays shown) if it is still there."""
        previous = self.selected_frame_row() if keep_selection else -1
        self._filter_bar.set_table(table)
        mask = compute_mask(table, self._filter_bar.state()) if table is not None else None
        self._table.show_table(table, mask)
        if previous >= 0 and table is not None:
            row = self.view_row_of_frame_row(previous)
            if row >= 0:
                self._table.select_view_row(row)
            elif self._person_view.person is not None and self._results is not None:
                self._person_view.show_person(self._results, self._person_view.person, previous)
        self._update_count()

    def apply_filters(self) -> None:
        """Show the rows the filter bar's state allows (the selected record stays selected)."""
        table = self._model.table
        if table is None:
            return
        previous = self.selected_frame_row()
        self._model.set_mask(compute_mask(table, self._filter_bar.state()))
        if previous >= 0:
            row = self.view_row_of_frame_row(previous)
            if row >= 0:
                self._table.select_view_row(row)

    # ------------------------------------------------------------------ selection
    def selected_frame_row(self) -> int:
        """The current row's record (a row of records.frame); -1 when none."""
        index = self._table.currentIndex()
        table = self._model.table
        if not index.isValid() or table is None:
            return -1
        return int(table.frame_rows[self._model.base_row(index.row())])

    def view_row_of_frame_row(self, frame_row: int) -> int:
        """Where the record `frame_row` is shown (view row); -1 when it is filtered out."""
        table = self._model.table
        if table is None:
            return -1
        hits = np.flatnonzero(table.frame_rows[self._model.rows] == frame_row)
        return int(hits[0]) if len(hits) else -1

    def selected_frame_rows(self) -> np.ndarray:
        """The selected records (rows of records.frame), in view order."""
        table = self._model.table
        if table is None:
            return np.zeros(0, dtype=np.int64)
        return table.frame_rows[self._model.rows[self._table.selected_view_rows()]]

    def selected_convictions(self) -> np.ndarray:
        """The selected evaluated convictions, as positions in `results.evaluated` (file order);
        rows of the all-rows view that are not evaluated convictions are left out."""
        if self._results is None:
            return np.zeros(0, dtype=np.int64)
        rows = self._results.evaluated["row"].to_numpy()
        return np.flatnonzero(np.isin(rows, self.selected_frame_rows()))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        table, results = self._model.table, self._results
        if not current.isValid() or table is None or results is None:
            return
        base = self._model.base_row(current.row())
        self._person_view.show_person(results, int(table.person[base]), int(table.frame_rows[base]))

    # ------------------------------------------------------------------ actions
    def copy_selection(self) -> None:
        """Copy the selected rows (visible columns) as tab-separated text."""
        copied, selected = self._table.copy_selection()
        if copied < selected:
            self.status_changed.emit(f"Copied the first {copied:,} of {selected:,} selected rows; "
                                     "use File > Export for more.")
        elif copied:
            self.status_changed.emit(f"Copied {copied:,} row{'s' * (copied != 1)} as tab-separated text.")

    def focus_search(self) -> None:
        self._filter_bar.search.setFocus()
        self._filter_bar.search.selectAll()

    def show_problems(self) -> None:
        """The input problems of the data set (unreadable rows, unknown dates) in a dialog."""
        s = self._session
        if s is None:
            return
        note = (f"{len(s.prepared.records.problems):,} row(s) could not be read; their people go to Hand Review. "
                f"{s.unknown_conviction_dates:,} conviction date(s) and {s.unknown_birth_dates:,} date(s) of birth "
                f"are unknown, and {s.born_after_conviction:,} conviction(s) are dated before the person's date of "
                "birth: a step that needs such a date sends the conviction to Hand Review instead of deciding it. "
                "The same list is written to Input_Problems.csv when you export.")
        dialogs.ProblemsDialog(s.prepared.input_problems(), note, self._dialog_parent).exec()

    def _update_count(self) -> None:
        table = self._model.table
        if table is None:
            self._filter_bar.set_count(0, 0, "convictions")
        else:
            self._filter_bar.set_count(self._model.rowCount(), table.n, table.noun)
