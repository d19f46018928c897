"""The first rows of a clinic's sheet under its headers, for the mapping dialog (a handful of
cells: no large model)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core.clinic.sheet import SheetTable

PREVIEW_ROWS = 6


class PreviewModel(QAbstractTableModel):
    """The header row and the first data rows, as text (a handful of cells)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()
        self._rows: list[list[str]] = []
        self._row_numbers: list[int] = []

    def set_table(self, table: SheetTable) -> None:
        self.beginResetModel()
        self._headers = table.headers
        shown = range(min(PREVIEW_ROWS, table.row_count))
        self._rows = [[table.cell(h, i) for h in table.headers] for i in shown]
        self._row_numbers = [int(table.rows[i]) for i in shown]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return f"Row {self._row_numbers[section]}" if 0 <= section < len(self._row_numbers) else None
