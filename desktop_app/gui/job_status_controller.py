"""The status bar: the running job's progress and status, Cancel, and the messages the other
controllers send (`report`: shown and announced to screen readers; `show_message`: shown only,
for the running job's progress)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSizePolicy

from .accessibility import announce
from .worker import JobRunner


class JobStatusController(QObject):
    """Shows what `runner` is doing in `label`, `progress` and `cancel_button` (hidden while idle);
    the button cancels the job."""

    def __init__(self, runner: JobRunner, label: QLabel, progress: QProgressBar, cancel_button: QPushButton,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._label = label
        self._progress = progress
        self._cancel_button = cancel_button
        progress.hide()
        progress.setAccessibleName("Progress of the running job")
        cancel_button.hide()
        cancel_button.setAccessibleName("Cancel the running job")
        # A long message must not widen the window: it is cut, and whole in the tooltip and for
        # screen readers (the label's text).
        label.setSizePolicy(QSizePolicy.Policy.Ignored, label.sizePolicy().verticalPolicy())
        cancel_button.clicked.connect(self.cancel_job)
        runner.busy_changed.connect(self._set_busy)
        runner.progress_changed.connect(self._show_progress)
        runner.status_changed.connect(self.show_message)

    @Slot(str)
    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self._label.setToolTip(text)

    @Slot(str)
    def report(self, text: str) -> None:
        """An outcome the user should hear about (loaded, evaluated, copied, exported...)."""
        self.show_message(text)
        announce(self._label, text)

    def message(self) -> str:
        return self._label.text()

    def cancel_job(self) -> None:
        """Ask the running job to stop (nothing is changed); no-op when idle."""
        if self._runner.busy():
            self.report("Cancelling…")
            self._runner.cancel()

    def _set_busy(self, busy: bool) -> None:
        self._progress.setVisible(busy)
        self._cancel_button.setVisible(busy)
        if busy:
            self._progress.setRange(0, 0)
            title = self._runner.job_title()
            announce(self._progress, f"{title} started; Esc cancels." if title else "Working; Esc cancels.")

    def _show_progress(self, done: int, total: int) -> None:
        if self._progress.maximum() != total:
            self._progress.setRange(0, total)
        self._progress.setValue(done)
