"""The review workspace through the real main window, offscreen (bench/workspace_bench.py runs it
once per run; not a test).

    QT_QPA_PLATFORM=offscreen python bench/workspace_window_bench.py FILE SCRATCH_FOLDER

Measures, in one process (the bundled sample opened first, so no figure pays for a cold start):
- the file alone opened in the window (chosen -> table showing), and the window's New workspace;
- key press -> table showing it: a key press sent to the table (Ctrl+Return accept, Ctrl+Shift+N
  note with a new text: a new label re-encodes the Note column), until the action is stored, the
  review columns and the panel updated and the table's viewport repainted; each on the next row,
  so each is a real change. Then the same in a "Not reviewed" view, where the accepted row leaves
  the view (filter, reset, the next row selected);
- a batch review of 10,000 convictions through the window: 10,000 rows selected, Ctrl+Return;
- the workspace reopened in a new window (File > Open workspace -> table showing, reviews
  applied) against the file alone.
The last line on stdout is a JSON record.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QItemSelection, QItemSelectionModel, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.gui import review_dialogs  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402
from desktop_app.paths import sample_file  # noqa: E402

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
app = QApplication.instance() or QApplication(["bench"])


def wait(done: Callable[[], bool]) -> None:
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    for _ in range(3):
        app.processEvents()


def window(scratch: Path) -> MainWindow:
    w = MainWindow(AppSettings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)))
    w.report_error = lambda *a: print("ERROR", *a, file=sys.stderr)  # type: ignore[method-assign]
    w.settings.set(review_dialogs.REVIEWER_KEY, "Bench")
    w.resize(1500, 920)
    w.show()
    w.activateWindow()
    return w


def open_file(w: MainWindow, path: Path) -> float:
    started = time.perf_counter()
    w.dataset.open_files([str(path)])
    wait(lambda: w.dataset.session is not None and not w.runner.busy() and w.model.rowCount() > 0)
    return time.perf_counter() - started


def select(w: MainWindow, first: int, last: int) -> None:
    model = w.model
    chooser = w.table.selectionModel()
    chooser.setCurrentIndex(model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    chooser.select(QItemSelection(model.index(first, 0), model.index(last, model.columnCount() - 1)),
                   QItemSelectionModel.SelectionFlag.ClearAndSelect)
    app.processEvents()


def key_to_table(w: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> float:
    """Key press -> the table repainted with the action's outcome (the action runs in the key
    press's shortcut, synchronously)."""
    started = time.perf_counter()
    QTest.keyClick(w.table, key, modifiers)
    w.table.viewport().repaint()
    return time.perf_counter() - started


def main(source: Path, scratch: Path) -> None:
    out: dict[str, float] = {}
    w = window(scratch)
    open_file(w, sample_file())  # warm-up: library code paths
    out["open_file_s"] = open_file(w, source)
    out["convictions"] = w.model.rowCount()
    started = time.perf_counter()
    assert w.workspace.create_workspace(scratch / "bench.rcw", "Bench")
    app.processEvents()
    out["new_workspace_s"] = time.perf_counter() - started

    accept, note = [], []
    for i in range(40):
        select(w, i, i)
        if i % 2:
            w.review_panel.note.setPlainText(f"note {i}")
            note.append(key_to_table(w, Qt.Key.Key_N, CTRL | SHIFT))
        else:
            accept.append(key_to_table(w, Qt.Key.Key_Return, CTRL))
    assert w.model.text_at(0, "review_status") == "Reviewed" and w.model.text_at(1, "review_note") == "note 1"
    out["key_accept_ms_median"] = statistics.median(accept) * 1000
    out["key_accept_ms_max"] = max(accept) * 1000
    out["key_note_ms_median"] = statistics.median(note) * 1000
    out["key_note_ms_max"] = max(note) * 1000

    w.review_filters.choose("review_status", "Not reviewed")
    app.processEvents()
    select(w, 0, 0)
    filtered = []
    for _ in range(20):
        before = w.model.rowCount()
        filtered.append(key_to_table(w, Qt.Key.Key_Return, CTRL))
        assert w.model.rowCount() == before - 1
    out["key_accept_filtered_ms_median"] = statistics.median(filtered) * 1000
    out["key_accept_filtered_ms_max"] = max(filtered) * 1000
    w.filter_bar.clear()
    app.processEvents()

    n = max(1, min(10_000, w.model.rowCount() - 100))
    select(w, 100, 100 + n - 1)
    started = time.perf_counter()
    QTest.keyClick(w.table, Qt.Key.Key_Return, CTRL)
    w.table.viewport().repaint()
    out["batch_s"] = time.perf_counter() - started
    out["batch_n"] = n
    out["reviews"] = len(w.workspace.workspace.reviews())
    w.close()
    app.processEvents()

    again = window(scratch)
    out["open_file_again_s"] = open_file(again, source)
    again.close()
    app.processEvents()
    reopened = window(scratch)
    started = time.perf_counter()
    assert reopened.workspace.open_workspace(scratch / "bench.rcw")
    wait(lambda: reopened.workspace.workspace is not None and not reopened.runner.busy()
         and reopened.model.rowCount() > 0)
    out["open_workspace_s"] = time.perf_counter() - started
    assert sum(reopened.model.text_at(r, "review_status") != "Not reviewed"
               for r in range(min(200, reopened.model.rowCount()))) > 0
    reopened.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
