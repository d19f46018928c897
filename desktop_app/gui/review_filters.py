"""The filters a review workspace adds above the results table: final determination, review
status, overridden and needs re-review. Each is an equality filter on one of the table's review
columns (gui/review_columns.py), so the filter bar's mask applies it like the others; shown only
while the table has those columns (a workspace is open, the convictions view)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from .accessibility import hidden_label
from .table_data import TableData

ANY = ""
# column key, "any" item, the name a screen reader says, the item text for a label, tooltip
FILTERS = (
    ("review_status", "Any review status", "Review status filter", "{label}",
     "Only convictions with this review status (Not reviewed: nobody has decided yet)"),
    ("final_determination", "Any final determination", "Final determination filter", "Final: {label}",
     "Only convictions with this final determination (the reviewer's, or the automatic one while undecided)"),
    ("overridden", "Overridden or not", "Overridden filter", "Overridden: {label}",
     "Only convictions whose final determination differs (Yes) or not (No) from the automatic one"),
    ("needs_rereview", "Needs re-review or not", "Needs re-review filter", "Needs re-review: {label}",
     "Only reviewed convictions whose automatic decision or record changed since (Yes), or the others (No)"),
)


class ReviewFilters(QObject):
    """Emits `changed` when a choice changes. See FilterBar.add_filters for the protocol: its
    `widgets()` (one per filter, so that they wrap one by one on a narrow window) join the bar."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self._texts: dict[str, str] = {}
        self._boxes: list[QWidget] = []
        for key, any_text, name, text, tip in FILTERS:
            box = QWidget()
            layout = QHBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            combo = QComboBox()
            combo.addItem(any_text, ANY)
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(320)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            layout.addWidget(combo)
            hidden_label(combo, name)  # Qt names a combo box on Linux only through a buddy label
            box.setVisible(False)
            self._boxes.append(box)
            self.combos[key] = combo
            self._texts[key] = text

    def widgets(self) -> list[QWidget]:
        return list(self._boxes)

    def isVisible(self) -> bool:  # noqa: N802 - as a widget's
        return any(box.isVisible() for box in self._boxes)

    def state(self) -> list[tuple[str, str]]:
        return [(key, combo.currentData()) for key, combo in self.combos.items() if combo.currentData()]

    def in_use(self) -> int:
        return len(self.state())

    def clear(self) -> None:
        """Back to "any" without emitting `changed` (the filter bar emits once for all)."""
        for combo in self.combos.values():
            blocker = QSignalBlocker(combo)
            combo.setCurrentIndex(0)
            del blocker

    def choose(self, key: str, label: str) -> bool:
        """Filter `key` on `label` (e.g. review_status, "Not reviewed"); False when not offered."""
        combo = self.combos[key]
        at = combo.findData(label)
        if at >= 0:
            combo.setCurrentIndex(at)
        return at >= 0

    def set_table(self, table: TableData | None) -> None:
        """Shown when `table` has the review columns; each choice with its count, in the
        column's order (statuses in the order of the work), keeping the current choices."""
        shown = table is not None and table.column("review_status") is not None
        for box in self._boxes:
            box.setVisible(shown)
        for key, combo in self.combos.items():
            col = table.column(key) if shown and table is not None else None
            current = combo.currentData()
            blocker = QSignalBlocker(combo)
            while combo.count() > 1:
                combo.removeItem(1)
            if col is not None:
                counts = np.bincount(col.codes, minlength=len(col.labels))
                for label, n in zip(col.labels, counts):
                    if n or label == current:
                        combo.addItem(f"{self._texts[key].format(label=label)} ({int(n):,})", str(label))
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            del blocker
