"""Small pieces of work off the GUI thread (reading a sheet, deciding a typed-in entry): a
function runs in Qt's thread pool and its result comes back to the GUI thread through a signal.
Long jobs with progress and Cancel use worker.py instead."""

from __future__ import annotations

import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import RecordClearanceError
from .errors import safe_details

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """`fn()` in the thread pool; its result or error comes back through `signals` (queued)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.fn()
        except RecordClearanceError as e:
            self.signals.failed.emit(str(e))
        except Exception as e:  # a bug: its type and program locations, never its message (record content)
            log.error("background task failed\n%s", safe_details(type(e), e.__traceback__))
            self.signals.failed.emit(f"Unexpected error ({type(e).__name__}).")
        else:
            self.signals.done.emit(result)


def run_in_pool(fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None],
                owner: QObject) -> Task:
    """Run `fn()` in the thread pool; `done(result)` or `failed(message)` is called on the GUI
    thread, unless `owner` (the widget waiting for it) has been closed and deleted meanwhile.
    Keep the returned task while waiting (its signals must stay alive)."""
    task = Task(fn)
    task.signals.done.connect(lambda result: done(result) if shiboken6.isValid(owner) else None)
    task.signals.failed.connect(lambda message: failed(message) if shiboken6.isValid(owner) else None)
    QThreadPool.globalInstance().start(task)
    return task
