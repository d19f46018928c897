"""Small read-only tables of text (a person's history, a chart's figures, the keyboard map) shown
in a QTableView: screen readers get a real table, with column headers for every cell, where rich
text would reach them as one flat run of words."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .keyboard import show_focus

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class TextTableModel(QAbstractTableModel):
    """`rows` of strings under `headers`; columns in `numeric` are right-aligned; `backgrounds`
    (optional, one per row) tint whole rows (always together with text that says the same)."""

    def __init__(self, headers: Sequence[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[list[str]] = []
        self._numeric: set[int] = set()
        self._backgrounds: list[QBrush | None] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
                 backgrounds: Sequence[QBrush | None] = ()) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [[str(v) for v in r] for r in rows]
        self._numeric = set(numeric)
        self._backgrounds = list(backgrounds)
        self.endResetModel()

    def headers(self) -> list[str]:
        return list(self._headers)

    def rows(self) -> list[list[str]]:
        return [list(r) for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in self._numeric else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole and index.row() < len(self._backgrounds):
            return self._backgrounds[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None


class DataTableView(QTableView):
    """A compact, read-only table: Tab leaves it, the arrow keys move between cells, rows are
    selected whole, and it shows focus."""

    def __init__(self, name: str, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_model = TextTableModel(parent=self)
        self.setModel(self.text_model)
        self.setAccessibleName(name)
        if description:
            self.setAccessibleDescription(description)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        show_focus(self)

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
                 backgrounds: Sequence[QBrush | None] = ()) -> None:
        self.text_model.set_rows(headers, rows, numeric, backgrounds)
        self.resizeColumnsToContents()  # a few hundred rows at most
