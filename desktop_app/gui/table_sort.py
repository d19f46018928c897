"""Sorting the results table without a mouse: a header that takes focus (Left/Right choose a
column, Enter or Space sorts it: ascending, descending, file order) and a Sort menu (View > Sort
by, and the table's context menu). The model sorts as before (a stable numpy argsort)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from .accessibility import announce


def sort_text(table: QTableView) -> str:
    """'Sorted by Name, ascending' or 'In file order'."""
    header = table.horizontalHeader()
    section = header.sortIndicatorSection()
    model = table.model()
    if not 0 <= section < model.columnCount():
        return "In file order"
    title = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    order = "ascending" if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else "descending"
    return f"Sorted by {title}, {order}"


def sort_by(table: QTableView, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
    """Sort by model column `column` (-1: file order), as a header click would."""
    table.horizontalHeader().setSortIndicator(column, order)


class SortHeader(QHeaderView):
    """The horizontal header of a sortable table, usable from the keyboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._current = 0  # visual index of the column chosen with the arrow keys
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSectionsClickable(True)
        self.setAccessibleName("Column headers")
        self.setAccessibleDescription("Left and Right choose a column, Enter or Space sorts by it "
                                      "(again: the other way, a third time: file order); "
                                      "the Menu key chooses the columns shown")

    def current_section(self) -> int:
        """The logical index of the column chosen with the keyboard (-1: none)."""
        visible = self._visible()
        if not visible:
            return -1
        self._current = min(max(self._current, 0), len(visible) - 1)
        return self.logicalIndex(visible[self._current])

    def _visible(self) -> list[int]:
        return [v for v in range(self.count()) if not self.isSectionHidden(self.logicalIndex(v))]

    def _title(self, logical: int) -> str:
        model = self.model()
        return str(model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)) if model else ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        visible = self._visible()
        if not visible:
            super().keyPressEvent(event)
            return
        moves: dict[int, Callable[[int], int]] = {
            Qt.Key.Key_Left: lambda i: i - 1, Qt.Key.Key_Right: lambda i: i + 1,
            Qt.Key.Key_Home: lambda _i: 0, Qt.Key.Key_End: lambda _i: len(visible) - 1}
        if key in moves:
            self._current = min(max(moves[key](self._current), 0), len(visible) - 1)
            logical = self.current_section()
            self._show(logical)
            sorted_here = self.sortIndicatorSection() == logical
            state = (", sorted " + ("ascending" if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                                    else "descending")) if sorted_here else ""
            announce(self, f"{self._title(logical)} column{state}")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._sort_current()
        else:
            super().keyPressEvent(event)

    def _sort_current(self) -> None:
        """Like a click: ascending, then descending, then file order."""
        logical = self.current_section()
        if self.sortIndicatorSection() != logical:
            self.setSortIndicator(logical, Qt.SortOrder.AscendingOrder)
        elif self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
            self.setSortIndicator(logical, Qt.SortOrder.DescendingOrder)
        else:
            self.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _show(self, logical: int) -> None:
        table = self.parentWidget()
        if isinstance(table, QTableView) and table.model() is not None and table.model().rowCount() > 0:
            row = max(table.currentIndex().row(), 0)
            table.scrollTo(table.model().index(row, logical))
        self.viewport().update()

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        super().paintSection(painter, rect, logical)
        if self.hasFocus() and logical == self.current_section():
            painter.save()
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self.viewport().update()


def fill_sort_menu(menu: QMenu, table: QTableView, columns: Callable[[], list[int]]) -> None:
    """(Re)fill `menu`: File order, one entry per column shown (`columns()`: model columns in
    on-screen order), then Ascending / Descending. Checked entries show the current sort."""
    menu.clear()
    header = table.horizontalHeader()
    model = table.model()
    section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    sorted_column = section if 0 <= section < model.columnCount() else -1
    file_order = menu.addAction("&File order (no sort)", lambda: sort_by(table, -1))
    file_order.setCheckable(True)
    file_order.setChecked(sorted_column < 0)
    menu.addSeparator()
    group = QActionGroup(menu)
    for column in columns():
        title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        action = QAction(title, menu, checkable=True, checked=column == sorted_column)
        action.triggered.connect(lambda _c=False, column=column: sort_by(table, column, order))
        group.addAction(action)
        menu.addAction(action)
    menu.addSeparator()
    directions = QActionGroup(menu)
    for text, direction in (("&Ascending", Qt.SortOrder.AscendingOrder), ("&Descending", Qt.SortOrder.DescendingOrder)):
        action = QAction(text, menu, checkable=True, checked=sorted_column >= 0 and order == direction)
        action.setEnabled(sorted_column >= 0)
        action.triggered.connect(lambda _c=False, direction=direction: sort_by(table, sorted_column, direction))
        directions.addAction(action)
        menu.addAction(action)
