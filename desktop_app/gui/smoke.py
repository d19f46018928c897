"""A start-up check for the build and the self-test: open the main window, load the sample through
the real worker thread, check the table, close. Uses throw-away settings; shows no dialog."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication


def run_gui_smoke(sample_path: Path, timeout_s: float = 60) -> list[str]:
    """Problems found (an empty list means the window works)."""
    from .main_window import MainWindow
    from .settings import AppSettings

    app = QApplication.instance() or QApplication(["record-clearance-smoke"])
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="record-clearance-smoke-") as tmp:
        store = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=AppSettings(store))
        window.report_error = lambda title, message, details="": problems.append(f"{title}: {message}")  # type: ignore[method-assign]
        try:
            window.show()
            if not window.dataset.open_files([str(sample_path)]):
                problems.append("the window did not start reading the sample")
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and not problems and (
                    window.runner.busy() or window.dataset.session is None):
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                time.sleep(0.01)
            if window.runner.busy():
                problems.append(f"reading and evaluating the sample took longer than {timeout_s:.0f} s")
            elif window.dataset.session is None and not problems:
                problems.append("the sample was not loaded")
            elif window.dataset.session is not None:
                expected = len(window.dataset.session.results.evaluated)
                shown = window.model.rowCount()
                if expected == 0:
                    problems.append("the sample has no evaluated conviction")
                if shown != expected:
                    problems.append(f"the table shows {shown} rows, the engine evaluated {expected}")
        finally:
            window.runner.cancel()
            window.runner.wait(10000)
            window.close()
            window.deleteLater()
            app.processEvents()
    return problems
