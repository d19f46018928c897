"""The results table model: dictionary-encoded column arrays and a `rows` index array.

`data()` is O(1): `labels[codes[rows[r]]]`. Filtering swaps `rows` inside beginResetModel /
endResetModel; sorting permutes `rows` (stable integer argsort of the codes, ties in file order)
inside layoutAboutToBeChanged / layoutChanged, keeping persistent indexes (the selection) on the
same records.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QGuiApplication

from . import style
from .contrast import muted_text
from .table_data import Column, TableData

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
DETERMINATION_KEYS = ("determination", "final_determination")  # shown with the determination's colour and symbol


def _muted() -> QBrush:
    """Secondary text ("Not evaluated") from the current palette, at least 4.5:1 on the rows."""
    palette = QGuiApplication.palette()
    key = palette.cacheKey()
    if _MUTED.get("key") != key:
        _MUTED.update(key=key, brush=QBrush(muted_text(palette)))
    return _MUTED["brush"]  # type: ignore[return-value]


_MUTED: dict[str, object] = {}


class ResultsTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: TableData | None = None
        self._columns: list[Column] = []
        self._mask: np.ndarray | None = None
        self._rows = np.zeros(0, dtype=np.int64)
        self._sort_key: str | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._hidden: set[int] = set()

    # ------------------------------------------------------------------ state
    @property
    def table(self) -> TableData | None:
        return self._table

    @property
    def rows(self) -> np.ndarray:
        """View row -> base row of the table (read-only use)."""
        return self._rows

    @property
    def columns(self) -> list[Column]:
        return self._columns

    def total(self) -> int:
        return self._table.n if self._table is not None else 0

    def set_hidden_columns(self, hidden: set[int]) -> None:
        """Columns the view hides: their header says so to screen readers, which list every column."""
        if hidden != self._hidden:
            self._hidden = set(hidden)
            if self._columns:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def sort_state(self) -> tuple[str | None, Qt.SortOrder]:
        return self._sort_key, self._sort_order

    def column_index(self, key: str) -> int:
        for i, c in enumerate(self._columns):
            if c.key == key:
                return i
        return -1

    def set_table(self, table: TableData | None, mask: np.ndarray | None = None) -> None:
        """Show another table (a new evaluation or the other view); keeps the sort by column key."""
        self.beginResetModel()
        self._table = table
        self._columns = list(table.columns) if table is not None else []
        self._mask = mask
        self._rows = self._sorted(self._filtered())
        self.endResetModel()

    def set_mask(self, mask: np.ndarray | None) -> None:
        """Show only the base rows where `mask` is True (None: all rows)."""
        self.beginResetModel()
        self._mask = mask
        self._rows = self._sorted(self._filtered())
        self.endResetModel()

    def update_columns(self, table: TableData, keys: set[str], mask: np.ndarray | None) -> bool:
        """`table` holds the same rows and columns as the one shown, with new values in the
        columns `keys` (a review action). Their cells repaint and the selection stays; only when
        the filter's mask changed or the sort is by one of those columns are the rows filtered and
        sorted again (a reset: returns True, and the caller selects again)."""
        old_mask = self._mask
        self._table = table
        self._columns = [table.by_key[c.key] for c in self._columns]
        same_rows = (old_mask is None and mask is None) or (
            old_mask is not None and mask is not None and np.array_equal(old_mask, mask))
        if not same_rows or self._sort_key in keys:
            self.set_mask(mask)
            return True
        changed = [i for i, c in enumerate(self._columns) if c.key in keys]
        if changed and len(self._rows):
            self.dataChanged.emit(self.index(0, min(changed)), self.index(len(self._rows) - 1, max(changed)))
        return False

    def _filtered(self) -> np.ndarray:
        if self._table is None:
            return np.zeros(0, dtype=np.int64)
        if self._mask is None:
            return np.arange(self._table.n, dtype=np.int64)
        return np.flatnonzero(self._mask).astype(np.int64, copy=False)

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        """`rows` (ascending, i.e. file order) in the current sort order; ties keep file order."""
        col = self._table.by_key.get(self._sort_key) if self._table is not None and self._sort_key else None
        if col is None or len(rows) < 2:
            return rows
        keys = col.codes[rows]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            keys = -keys.astype(np.int64)
        return rows[np.argsort(keys, kind="stable")]

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            text = col.labels[col.codes[self._rows[index.row()]]]
            if role == Qt.ItemDataRole.ToolTipRole and col.key == "determination" and style.look(text) is not None:
                return f"{text}. Select the row to see why, in the person view below."
            return text if (role == Qt.ItemDataRole.DisplayRole or len(text) > 12) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if col.key in DETERMINATION_KEYS:
            if role == Qt.ItemDataRole.DecorationRole:
                text = col.labels[col.codes[self._rows[index.row()]]]
                return style.icon(text) if style.look(text) is not None else None
            if role == Qt.ItemDataRole.BackgroundRole:
                text = col.labels[col.codes[self._rows[index.row()]]]
                return style.tint(text) if style.look(text) is not None else None
            if role == Qt.ItemDataRole.ForegroundRole:
                text = col.labels[col.codes[self._rows[index.row()]]]
                return _muted() if text == style.NOT_EVALUATED else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{col.title} (hidden column)" if section in self._hidden else col.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip or col.title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (-1: file order). Persistent indexes follow their records."""
        key = self._columns[column].key if 0 <= column < len(self._columns) else None
        if key == self._sort_key and order == self._sort_order:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_base = [int(self._rows[i.row()]) for i in persistent]
        self._sort_key, self._sort_order = key, order
        self._rows = self._sorted(np.sort(self._rows))
        if persistent:
            position = self._positions(np.array(old_base, dtype=np.int64))
            self.changePersistentIndexList(
                persistent, [self.index(int(position[k]), i.column()) for k, i in enumerate(persistent)])
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ helpers
    def _positions(self, base_rows: np.ndarray) -> np.ndarray:
        """View rows of the given base rows (-1 where filtered out)."""
        lookup = np.full(self.total() or 1, -1, dtype=np.int64)
        lookup[self._rows] = np.arange(len(self._rows))
        return lookup[base_rows]

    def base_row(self, view_row: int) -> int:
        return int(self._rows[view_row])

    def text_at(self, view_row: int, key: str) -> str:
        col = self._table.by_key[key] if self._table is not None else None
        return "" if col is None else col.labels[col.codes[self._rows[view_row]]]

    def tsv(self, view_rows: list[int], column_indexes: list[int]) -> str:
        """The rows as tab-separated text, with a header line (tabs/newlines in cells become spaces)."""
        cols = [self._columns[c] for c in column_indexes]
        lines = ["\t".join(c.title for c in cols)]
        base = self._rows[np.asarray(sorted(view_rows), dtype=np.int64)]
        texts = [c.labels[c.codes[base]] for c in cols]
        for values in zip(*texts):
            lines.append("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in values))
        return "\n".join(lines) + "\n"
