"""File > Filing batches…: the court-filing batches of the open workspace, and marking one filed
when the court has it (BatchesDialog). FilingsController marks the batch it has just written the
same way (`mark_batch`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ..core.errors import RecordClearanceError
from ..core.filings.run import mark_batch_filed
from ..core.workspace import Workspace
from ..core.workspace.batches import batches, filed_dates
from .batches_dialog import BatchesDialog
from .review_dialogs import reviewer_name
from .settings import AppSettings


def mark_batch(ws: Workspace, batch_id: str, day: dt.date, reviewer: str) -> tuple[list[str], str]:
    """Mark the batch filed; the keys whose review changed and what to tell the user. Raises
    RecordClearanceError (a read-only workspace, an unknown batch)."""
    changed, gone = mark_batch_filed(ws, batch_id, day, reviewer)
    text = f"Batch {batch_id} marked filed on {day.isoformat()}: {len(changed):,} conviction(s)." + \
        (f" {len(gone):,} are no longer in the data." if gone else "")
    return list(changed), text


class BatchesController(QObject):
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)
    reviews_changed = Signal(object)  # the conviction keys whose review a marking changed
    batch_marked = Signal(str)  # batch id

    def __init__(self, settings: AppSettings, action: QAction, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings, self._action, self._parent = settings, action, parent
        self._ws: Workspace | None = None
        self.dialog: BatchesDialog | None = None
        action.triggered.connect(lambda: self.open_dialog())
        self._sync_action()

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._ws = workspace
        self._sync_action()
        if self.dialog is not None:
            if workspace is None:
                self.dialog.close()
            else:
                self.refresh()

    def _sync_action(self) -> None:
        ready = self._ws is not None and not self._ws.closed
        self._action.setEnabled(ready)
        self._action.setToolTip("The court-filing batches prepared from the open workspace; mark one filed when the "
                                "court has it" if ready else "Open a review workspace first")

    def open_dialog(self, select: str | None = None) -> BatchesDialog | None:
        if self._ws is None:
            return None
        if self.dialog is None:
            dialog = BatchesDialog(self._parent)
            dialog.mark_filed_requested.connect(self.mark_filed)
            dialog.finished.connect(lambda _result: self._closed(dialog))
            self.dialog = dialog
        self.refresh(select)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _closed(self, dialog: BatchesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def refresh(self, select: str | None = None) -> None:
        dialog, ws = self.dialog, self._ws
        if dialog is None or ws is None:
            return
        dialog.show_batches(batches(ws), filed_dates(ws), select)
        dialog.set_read_only(ws.read_only)

    def mark_filed(self, batch_id: str, day: dt.date) -> None:
        ws = self._ws
        reviewer = reviewer_name(self._settings, self.dialog) if ws is not None else None
        if ws is None or reviewer is None:
            return
        try:
            changed, text = mark_batch(ws, batch_id, day, reviewer)
        except RecordClearanceError as e:
            self.error_occurred.emit("Could not mark the batch filed", str(e), "")
            return
        self.reviews_changed.emit(changed)
        self.status_changed.emit(text)
        self.batch_marked.emit(batch_id)
        if self.dialog is not None:
            self.refresh(batch_id)
            self.dialog.show_status(text)
