"""File > Filing batches: every batch of court filings the workspace recorded (when, by whom, how
many convictions, whether it was marked filed and on what date), and "Mark as filed" for the one
chosen, days or weeks after it was prepared, when the court's stamp comes back.

The dialog shows and asks; BatchesController records the marking in the workspace.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..core.workspace.batches import FilingBatch
from .accessibility import announce, label_for

COLUMNS = ("Batch", "Prepared", "By", "Motions", "Courthouses", "Relief asked", "Challenged", "Filed on")
MODES = {"bulk": "One per courthouse", "per_case": "One per case"}


class BatchesDialog(QDialog):
    mark_filed_requested = Signal(str, object)  # batch id, date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Filing batches")
        self.resize(900, 420)
        self.read_only = False  # a workspace open read-only: batches are listed, never marked
        intro = QLabel("Each batch of court filings prepared from this workspace. When the court has a batch, "
                       "choose it, give the date it was filed and mark it: each of its convictions gets the status "
                       "Filed with court (or Challenged), that date and the batch.")
        intro.setWordWrap(True)
        self.table = table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels(COLUMNS)
        table.setAccessibleName("Filing batches")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab goes on to the date; arrow keys move between batches
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._sync)
        table_label = label_for(QLabel("&Batches:"), table)

        self.filed_date = QDateEdit(QDate.currentDate())
        self.filed_date.setCalendarPopup(True)
        self.filed_date.setDisplayFormat("yyyy-MM-dd")
        date_label = label_for(QLabel("Filed &on:"), self.filed_date)
        self.mark_button = QPushButton("&Mark as filed")
        self.mark_button.setToolTip("Record on each conviction of the chosen batch: Filed with court (or "
                                    "Challenged), this date and the batch")
        self.mark_button.clicked.connect(self._mark)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(date_label)
        row.addWidget(self.filed_date)
        row.addWidget(self.mark_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table_label)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._sync()

    def show_batches(self, batches: list[FilingBatch], filed: dict[str, str], select: str | None = None) -> None:
        """The batches, newest first; `select`: the batch to choose (default: the newest not filed)."""
        newest_first = list(reversed(batches))
        self.table.setRowCount(len(newest_first))
        for r, batch in enumerate(newest_first):
            values = (batch.id, _day(batch.at), batch.who, MODES.get(batch.mode, batch.mode), f"{batch.courthouses:,}",
                      f"{batch.convictions:,}", f"{batch.challenged:,}", filed.get(batch.id, "Not filed yet"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (4, 5, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        wanted = select or next((b.id for b in newest_first if b.id not in filed), None)
        ids = [b.id for b in newest_first]
        if ids:
            self.table.selectRow(ids.index(wanted) if wanted in ids else 0)
        self._sync()

    def chosen(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).text() if rows else None

    def show_status(self, text: str, *, assertive: bool = False) -> None:
        self.status.setText(text)
        announce(self, text, assertive=assertive)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._sync()
        if read_only:
            self.show_status("The workspace is open read-only: batches cannot be marked filed here.")

    def _sync(self) -> None:
        self.mark_button.setEnabled(self.chosen() is not None and not self.read_only)
        if self.table.rowCount() == 0:
            self.status.setText("No batch yet: prepare court filings first (File > Prepare court filings…).")

    def _mark(self) -> None:
        batch_id = self.chosen()
        if batch_id is not None:
            self.mark_filed_requested.emit(batch_id, self.filed_date.date().toPython())


def _day(at: str) -> str:
    """The date of an ISO time stamp as the workspace wrote it (its own time zone)."""
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at
