"""The results QTableView: fixed row height, sortable (also from the keyboard: a header that takes
focus, a Sort menu), a column chooser on the header, Ctrl+C copies the selected rows as
tab-separated text, and the layout of each view is remembered. Tab leaves the table; the arrow
keys move between cells."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .accessibility import announce
from .keyboard import show_focus
from .results_model import ResultsTableModel
from .table_data import TableData
from .table_sort import SortHeader, fill_sort_menu, sort_by, sort_text

MAX_COPY_ROWS = 200_000
WIDTHS = {  # characters
    "determination": 22, "name": 24, "dob": 11, "cii": 12, "subject_id": 10, "case_number": 14,
    "conviction_date": 14, "event_date": 12, "county": 14, "code_section": 14, "section": 8, "level": 11,
    "reason": 34, "flags": 18, "step": 26, "disposition": 24, "event_type": 16, "offense": 30, "comment": 30,
    "cnt_order": 13, "source_file": 14, "source_line": 8,
}


class ResultsTable(QTableView):
    def __init__(self, model: ResultsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(SortHeader(self))
        self.setModel(model)
        self.results_model = model
        self.setAccessibleName("Results")
        self.setAccessibleDescription("Arrow keys move between cells, Tab leaves the table, the Menu key sorts")
        self.setTabKeyNavigation(False)  # Tab goes on to the person view: no keyboard trap
        show_focus(self)
        self._kind: str | None = None
        self._states: dict[str, QByteArray] = {}
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_column_menu)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)  # a third click goes back to file order
        self.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_: announce(self, sort_text(self)))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.show_cell_menu)

    # ------------------------------------------------------------------ views and their layout
    def show_table(self, table: TableData | None, mask: np.ndarray | None = None) -> None:
        """Show `table`; its view's column layout (order, widths, hidden columns) is restored."""
        if self._kind is not None and self.results_model.columnCount() > 0:
            self._states[self._kind] = self.horizontalHeader().saveState()
        same_kind = table is not None and table.layout_key == self._kind
        self.results_model.set_table(table, mask)
        if table is None:
            self._kind = None
            return
        self._kind = table.layout_key  # each kind of view (and a clinic's sheet's) keeps its own layout
        header = self.horizontalHeader()
        state = self._states.get(self._kind)
        if state is None or not header.restoreState(state) or header.count() != len(table.columns):
            self.reset_columns()
        elif not same_kind:
            key, order = self.results_model.sort_state()
            header.setSortIndicator(self.results_model.column_index(key) if key else -1, order)
        self._sync_hidden()

    def reset_columns(self) -> None:
        header = self.horizontalHeader()
        char = self.fontMetrics().horizontalAdvance("0")
        for i, col in enumerate(self.results_model.columns):
            header.moveSection(header.visualIndex(i), i)
            header.setSectionHidden(i, not col.visible)
            header.resizeSection(i, char * WIDTHS.get(col.key, max(10, min(30, len(col.title) + 3))) + 12)
        self._sync_hidden()

    def _sync_hidden(self) -> None:
        """Tell the model which columns are hidden (screen readers still list them, so their
        header says so)."""
        header = self.horizontalHeader()
        self.results_model.set_hidden_columns({i for i in range(header.count()) if header.isSectionHidden(i)})

    def layout_states(self) -> dict[str, QByteArray]:
        if self._kind is not None and self.results_model.columnCount() > 0:
            self._states[self._kind] = self.horizontalHeader().saveState()
        return dict(self._states)

    def set_layout_states(self, states: dict[str, QByteArray]) -> None:
        self._states.update(states)

    def show_column_menu(self, pos: QPoint | None = None) -> None:
        """Check or uncheck columns (the column chooser)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for i, col in enumerate(self.results_model.columns):
            action = menu.addAction(col.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self._set_visible(i, on))
        menu.addSeparator()
        menu.addAction("Default columns", self.reset_columns)
        where = header.mapToGlobal(pos) if pos is not None else self.mapToGlobal(QPoint(20, 20))
        menu.exec(where)

    def _set_visible(self, column: int, on: bool) -> None:
        header = self.horizontalHeader()
        if not on and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        header.setSectionHidden(column, not on)
        self._sync_hidden()

    def visible_columns(self) -> list[int]:
        """Model columns shown, in their on-screen order."""
        header = self.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [i for i in logical if not header.isSectionHidden(i)]

    # ------------------------------------------------------------------ sorting from the keyboard
    def fill_sort_menu(self, menu: QMenu) -> None:
        """View > Sort by: file order, the columns shown, ascending or descending."""
        fill_sort_menu(menu, self, self.visible_columns)

    def show_cell_menu(self, pos: QPoint | None = None) -> None:
        """The context menu of a cell (right click, the Menu key, Shift+F10): sort by its column,
        file order, copy, columns."""
        index = self.currentIndex() if pos is None else self.indexAt(pos)
        column = index.column() if index.isValid() else self.currentIndex().column()
        menu = QMenu(self)
        if column >= 0:
            title = self.results_model.columns[column].title
            menu.addAction(f"Sort by {title}, &ascending", lambda: sort_by(self, column, Qt.SortOrder.AscendingOrder))
            menu.addAction(f"Sort by {title}, &descending",
                           lambda: sort_by(self, column, Qt.SortOrder.DescendingOrder))
        menu.addAction("&File order (no sort)", lambda: sort_by(self, -1))
        menu.addSeparator()
        for action in self.actions():  # Copy selected rows
            menu.addAction(action)
        menu.addAction("C&olumns…", self.show_column_menu)
        where = self.viewport().mapToGlobal(pos) if pos is not None else self.mapToGlobal(QPoint(20, 20))
        menu.exec(where)

    # ------------------------------------------------------------------ selection and copy
    def selected_view_rows(self) -> np.ndarray:
        """Selected rows (view order) from the selection ranges: no index object per row."""
        parts = [np.arange(r.top(), r.bottom() + 1) for r in self.selectionModel().selection()]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    def copy_selection(self) -> tuple[int, int]:
        """Copy the selected rows (visible columns, with a header line), at most MAX_COPY_ROWS
        (a clipboard is no place for a million rows: Export is). Returns (copied, selected)."""
        rows = self.selected_view_rows()
        if len(rows) == 0:
            return 0, 0
        text = self.results_model.tsv(rows[:MAX_COPY_ROWS].tolist(), self.visible_columns())
        QGuiApplication.clipboard().setText(text)
        return min(len(rows), MAX_COPY_ROWS), len(rows)

    def select_view_row(self, row: int) -> None:
        if 0 <= row < self.results_model.rowCount():
            self.selectRow(row)
            self.scrollTo(self.results_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
