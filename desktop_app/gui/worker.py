"""Run one long job at a time in a worker thread: reading, evaluating, exporting.

A `Worker` (a QObject moved to a QThread) calls a task function with a `JobContext`, and emits
`progress_changed(int, int)`, `status_changed(str)`, then `finished(object)`, `failed(str)` or
`cancelled()`. Worker code touches no widgets. `JobRunner` owns the thread, keeps one job at a
time and calls the owner's callbacks on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from ..core.errors import Cancelled, RecordClearanceError, RuleFileError
from .errors import safe_details

log = logging.getLogger(__name__)

PROGRESS_SCALE = 1000  # progress travels as per-mille: byte counts overflow Qt's 32-bit int
EMIT_INTERVAL_S = 0.05


class JobContext:
    """What a task sees: report progress and status, and learn whether the user cancelled.

    `progress` raises `Cancelled` once the user has cancelled, so a core function that reports
    progress per chunk or per step stops at its next report (core cleans up its temporary files).

    Progress may be reported from threads that are not the job's: Arrow's CSV reader reads (and
    so reports) on its own I/O threads. Those never touch Qt: they leave the latest figures for
    the runner, which shows them from the GUI thread (`Worker.take_pending`).
    """

    def __init__(self, worker: "Worker") -> None:
        self._worker = worker
        self._owner = threading.get_ident()  # the job's own thread, where Qt signals may be emitted
        self._last_emit = 0.0
        self.label = ""

    def cancelled(self) -> bool:
        return self._worker.cancel_requested

    def check(self) -> None:
        if self._worker.cancel_requested:
            raise Cancelled()

    def status(self, text: str) -> None:
        self.label = text
        self._worker.status_changed.emit(text)

    def progress(self, done: float, total: float, text: str | None = None) -> None:
        self.check()
        now = time.monotonic()
        if now - self._last_emit < EMIT_INTERVAL_S and done < total:
            return
        self._last_emit = now
        fraction = 0.0 if total <= 0 else min(1.0, max(0.0, done / total))
        if threading.get_ident() != self._owner:
            self._worker.pending = (int(fraction * PROGRESS_SCALE), text)  # one assignment: atomic
            return
        self._worker.progress_changed.emit(int(fraction * PROGRESS_SCALE), PROGRESS_SCALE)
        if text:
            self._worker.status_changed.emit(text)

    def busy(self, text: str) -> None:
        """A stage without measurable progress (the bar shows 'busy')."""
        self.check()
        self._worker.progress_changed.emit(0, 0)
        self.status(text)

    def stage(self, text: str) -> Callable[[int, int], None]:
        """A core-style `progress(done, total)` callable that also shows `text` with a percentage."""
        def report(done: int, total: int) -> None:
            pct = 0 if total <= 0 else min(100, int(100 * done / total))
            self.progress(done, total, f"{text}: {pct}%")
        return report


class Worker(QObject):
    progress_changed = Signal(int, int)
    status_changed = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, task: Callable[[JobContext], Any], title: str) -> None:
        super().__init__()
        self.task = task
        self.title = title
        self.cancel_requested = False
        self.error_details = ""
        self.pending: tuple[int, str | None] | None = None  # progress reported from another thread

    def take_pending(self) -> tuple[int, str | None] | None:
        pending, self.pending = self.pending, None
        return pending

    def request_cancel(self) -> None:
        self.cancel_requested = True  # a plain bool: read by the worker thread between chunks

    @Slot()
    def run(self) -> None:
        context = JobContext(self)
        try:
            result = self.task(context)
        except Cancelled:
            self.cancelled.emit()
        except RuleFileError as e:
            self.error_details = "\n".join(e.problems)
            self.failed.emit(f"{e.path.name}: the policy file has {len(e.problems)} problem(s); see the details.")
        except RecordClearanceError as e:
            self.error_details = ""
            self.failed.emit(str(e))
        except MemoryError:
            self.error_details = safe_details(MemoryError, None)
            self.failed.emit("There is not enough memory for this job. Close other programs, or split "
                             "the input into smaller files, and try again.")
        except Exception as e:  # noqa: BLE001 - a job never dies silently; the message may hold data, so it is not shown
            self.error_details = safe_details(type(e), e.__traceback__)
            log.error("job '%s' stopped: %s", self.title, self.error_details.replace("\n", " | "))
            self.failed.emit(f"{self.title} stopped because of an unexpected error. Your data and files "
                             "are unchanged. Please report this, with the details below, to your IT support.")
        else:
            self.finished.emit(result)


@dataclass
class Job:
    title: str
    on_done: Callable[[Any], None]
    on_failed: Callable[[str, str], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    started: float = field(default_factory=time.perf_counter)


class JobRunner(QObject):
    """One job at a time. `busy_changed(bool)` lets the window disable its actions."""

    busy_changed = Signal(bool)
    progress_changed = Signal(int, int)
    status_changed = Signal(str)
    job_ended = Signal(str)  # "done", "failed" or "cancelled", after the job's callback ran

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker: Worker | None = None
        self._thread: QThread | None = None
        self._job: Job | None = None
        self._poll = QTimer(self)  # progress reported from threads that are not the job's
        self._poll.setInterval(int(EMIT_INTERVAL_S * 1000))
        self._poll.timeout.connect(self._show_pending)

    def busy(self) -> bool:
        return self._job is not None

    def job_title(self) -> str:
        """The running job's title ("Reading", "Evaluation", "Export", ...); "" when idle."""
        return self._job.title if self._job is not None else ""

    def start(self, title: str, task: Callable[[JobContext], Any], on_done: Callable[[Any], None],
              on_failed: Callable[[str, str], None] | None = None,
              on_cancelled: Callable[[], None] | None = None) -> Worker:
        if self._job is not None:
            raise RuntimeError("a job is already running")
        self._finish_thread()
        self._job = Job(title, on_done, on_failed, on_cancelled)
        worker = Worker(task, title)
        thread = QThread()
        thread.setObjectName(f"job: {title}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress_changed.connect(self.progress_changed)
        worker.status_changed.connect(self.status_changed)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self.worker, self._thread = worker, thread
        self.busy_changed.emit(True)
        self._poll.start()
        thread.start()
        return worker

    def _show_pending(self) -> None:
        pending = self.worker.take_pending() if self.worker is not None else None
        if pending is not None:
            value, text = pending
            self.progress_changed.emit(value, PROGRESS_SCALE)
            if text:
                self.status_changed.emit(text)

    def cancel(self) -> None:
        if self.worker is not None and self._job is not None:
            self.worker.request_cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the running job's thread has ended (used when the window closes)."""
        if self._thread is None:
            return True
        return self._thread.wait(msecs)

    def _finish_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            if self.worker is not None:
                self.worker.deleteLater()
            self._thread, self.worker = None, None

    def _end(self) -> Job:
        job = self._job
        assert job is not None  # the worker's signals come only while a job runs
        self._poll.stop()
        self._show_pending()
        self._finish_thread()
        self._job = None
        self.busy_changed.emit(False)
        return job

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        job = self._end()
        log.info("%s finished in %.2fs", job.title, time.perf_counter() - job.started)
        job.on_done(result)
        self.job_ended.emit("done")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        details = self.worker.error_details if self.worker is not None else ""
        job = self._end()
        if job.on_failed:
            job.on_failed(message, details)
        self.job_ended.emit("failed")

    @Slot()
    def _on_cancelled(self) -> None:
        job = self._end()
        if job.on_cancelled:
            job.on_cancelled()
        self.job_ended.emit("cancelled")
