"""Time the real main window offscreen on a big file (bench/run.py runs it; not a test).

    python -m desktop_app.cli generate --rows 1000000 --county SACRAMENTO --seed 1 --out /tmp/gen1m.csv
    QT_QPA_PLATFORM=offscreen python bench/gui_bench.py /tmp/gen1m.csv

Prints (to stderr) the time from "file chosen" to "table filled", the longest pause of the GUI
thread's event loop while the worker reads, and the time of filters and sorts on both views (each
includes the repaint), then the peak memory; the last line on stdout is a JSON record of the
slowest filter, the slowest sort and the rest, for bench/run.py.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402
from desktop_app.paths import policies_dir  # noqa: E402


def main(path: str) -> None:
    app = QApplication.instance() or QApplication(["bench"])
    w = MainWindow(AppSettings(QSettings(tempfile.mkdtemp() + "/s.ini", QSettings.Format.IniFormat)))
    w.report_error = lambda *a: print("ERROR", *a)  # type: ignore[method-assign]
    w.resize(1500, 920)
    w.show()
    fb = w.filter_bar
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def pump() -> None:
        for _ in range(3):
            app.processEvents()

    def wait(done: Callable[[], bool]) -> None:
        while not done():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        pump()

    record: dict[str, float] = {"filter_seconds": 0.0, "sort_seconds": 0.0}

    def timed(label: str, action: Callable[[], object], kind: str = "") -> None:
        started = time.perf_counter()
        action()
        pump()
        seconds = time.perf_counter() - started
        if kind:
            record[kind] = max(record.get(kind, 0.0), seconds)
        print(f"{label:<52} {1000 * seconds:7.0f} ms  ({w.model.rowCount():,} rows shown)", file=sys.stderr)

    def search(text: str) -> None:
        fb.search.setText(text)
        QTest.keyClick(fb.search, Qt.Key.Key_Return)  # search now, without the typing pause

    def choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
        combo.setCurrentIndex(combo.findData(value))
        w.results_view.apply_filters()

    def sort(key: str, order: Qt.SortOrder) -> None:
        w.table.sortByColumn(w.model.column_index(key), order)

    def idle() -> bool:
        return w.dataset.session is not None and not w.runner.busy()

    pump()
    timer.start()
    started = time.perf_counter()
    w.dataset.open_files([path])
    wait(lambda: idle() and w.model.rowCount() > 0)
    timer.stop()
    gaps = sorted(1000 * (b - a) for a, b in zip(ticks, ticks[1:])) or [0.0]
    record["open_seconds"] = time.perf_counter() - started
    record["longest_pause_seconds"] = gaps[-1] / 1000
    print(f"{'file chosen -> table shows':<52} {record['open_seconds']:7.2f} s   "
          f"({w.dataset.session.prepared.records.row_count:,} rows read, {w.model.rowCount():,} convictions)", file=sys.stderr)
    print(f"{'GUI event loop while reading: longest pause':<52} {gaps[-1]:7.0f} ms  "
          f"(99th percentile {gaps[int(0.99 * (len(gaps) - 1))]:.0f} ms)", file=sys.stderr)
    timed("convictions: filter level = Felony", lambda: choose(fb.level, "Felony"), "filter_seconds")
    timed("convictions: + search 'SMITH'", lambda: search("SMITH"), "filter_seconds")
    timed("convictions: clear filters", fb.clear, "filter_seconds")
    timed("convictions: sort by name", lambda: sort("name", Qt.SortOrder.AscendingOrder), "sort_seconds")
    timed("convictions: sort by conviction date, descending",
          lambda: sort("conviction_date", Qt.SortOrder.DescendingOrder), "sort_seconds")

    def policy(name: str) -> None:
        w.policy.load_policy_file(policies_dir() / name)
        wait(idle)
    timed("policy change -> table re-evaluated", lambda: policy("dismiss-all-prop64.toml"), "policy_change_seconds")

    def all_rows() -> None:
        w.actions.all_rows.trigger()
        wait(lambda: w.dataset.session.all_table is not None and idle())
    timed("show every input row (first time: builds columns)", all_rows, "all_rows_view_seconds")
    timed("all rows: filter county = LOS ANGELES", lambda: choose(fb.county, "LOS ANGELES"), "filter_seconds")
    timed("all rows: clear filters", fb.clear, "filter_seconds")
    timed("all rows: filter level = Felony", lambda: choose(fb.level, "Felony"), "filter_seconds")
    timed("all rows: clear filters", fb.clear, "filter_seconds")
    timed("all rows: search 'SMITH'", lambda: search("SMITH"), "filter_seconds")
    timed("all rows: search 'SMITH' again (labels cached)", lambda: (search(""), search("SMITH")), "filter_seconds")
    timed("all rows: clear filters", fb.clear, "filter_seconds")
    timed("all rows: sort by name", lambda: sort("name", Qt.SortOrder.AscendingOrder), "sort_seconds")
    timed("all rows: sort by event date, descending",
          lambda: sort("event_date", Qt.SortOrder.DescendingOrder), "sort_seconds")
    timed("all rows: back to file order", lambda: w.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder), "sort_seconds")
    timed("all rows: policy change -> re-evaluated", lambda: policy("county-common.toml"), "policy_change_seconds")
    timed("select a row -> person view", lambda: w.table.select_view_row(500), "person_view_seconds")
    record["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"evaluate() alone: {w.dataset.session.results.seconds:.2f} s; peak RSS {record['peak_mb']:,.0f} MB", file=sys.stderr)
    w.close()
    print(json.dumps(record))


if __name__ == "__main__":
    main(sys.argv[1])
