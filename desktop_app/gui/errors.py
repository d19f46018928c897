"""Unexpected errors: a friendly dialog and a log line, never a traceback and never record data.

An exception's message can quote record content (a KeyError on a name, a ValueError on a date),
so neither the dialog nor the log shows it: only the exception type and where it happened
(file, line and function names of the program), plus versions.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Callable

from .. import __version__

log = logging.getLogger(__name__)


def safe_details(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Exception type and program locations (no message, no local values), plus versions."""
    lines = [f"Error type: {exc_type.__name__}"]
    if tb is not None:
        lines.append("Where (most recent last):")
        for frame in traceback.extract_tb(tb)[-12:]:
            lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
    lines.append(f"Record Clearance Desktop {__version__}; Python {platform.python_version()}; "
                 f"{platform.system()} {platform.release()}")
    try:
        import PySide6

        lines[-1] += f"; Qt for Python {PySide6.__version__}"
    except ImportError:  # pragma: no cover
        pass
    return "\n".join(lines)


def _short_path(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("desktop_app", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor):])
    return Path(filename).name


ShowDialog = Callable[[str, str, str], None]


def install_excepthook(show: ShowDialog) -> None:
    """Report any uncaught exception (GUI thread or another thread) with `show(title, message,
    details)`, and log it without its message."""
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = safe_details(exc_type, tb)
        log.error("unexpected error: %s", details.replace("\n", " | "))
        try:
            show("Unexpected error",
                 "Something went wrong and the last action did not complete. Your data and files are "
                 "unchanged. If it happens again, report it to your IT support with the details below.",
                 details)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            log.error("could not show the error dialog")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not None and args.exc_value is not None:
            details = safe_details(args.exc_type, args.exc_traceback)
            log.error("unexpected error in a thread: %s", details.replace("\n", " | "))

    sys.excepthook = hook
    threading.excepthook = thread_hook
