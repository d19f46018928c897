"""The worker thread (progress, cancel, failures), the error reports and the entry point."""

from __future__ import annotations

import sys
import time

from desktop_app.core.errors import InputFileError
from desktop_app.gui.errors import install_excepthook, safe_details
from desktop_app.gui.worker import JobRunner


def test_worker_reports_progress_and_finishes(qtbot):
    runner = JobRunner()
    done: list[object] = []
    seen: list[tuple[int, int]] = []
    runner.progress_changed.connect(lambda a, b: seen.append((a, b)))

    def task(ctx):  # type: ignore[no-untyped-def]
        for i in range(5):
            ctx.progress(i + 1, 5)
        return "result"

    with qtbot.waitSignal(runner.job_ended, timeout=10_000):
        worker = runner.start("Test", task, done.append)
    assert done == ["result"] and not runner.busy()
    assert seen[-1] == (1000, 1000)
    assert worker is not None


def test_progress_from_another_thread_never_touches_qt_there_and_still_shows(qtbot):
    """Arrow's CSV reader reads, and so reports progress, on its own I/O threads: those leave the
    figures for the GUI thread, which shows them; no Qt signal is emitted on a foreign thread."""
    import threading

    from PySide6.QtCore import Qt

    runner = JobRunner()
    emitted_on: list[int] = []
    seen: list[tuple[int, int]] = []
    statuses: list[str] = []
    runner.progress_changed.connect(lambda a, b: seen.append((a, b)))
    runner.status_changed.connect(statuses.append)
    connected = threading.Event()
    foreign: list[int] = []

    def task(ctx):  # type: ignore[no-untyped-def]
        connected.wait(10)

        def io_thread() -> None:
            foreign.append(threading.get_ident())
            ctx.progress(1, 2, "Reading: 50%")
        t = threading.Thread(target=io_thread)
        t.start()
        t.join()
        time.sleep(0.3)  # the GUI thread shows it meanwhile
        return "read"

    with qtbot.waitSignal(runner.job_ended, timeout=10_000):
        worker = runner.start("Reading", task, lambda r: None)
        worker.progress_changed.connect(lambda a, b: emitted_on.append(threading.get_ident()),
                                        Qt.ConnectionType.DirectConnection)
        connected.set()
    assert (500, 1000) in seen and "Reading: 50%" in statuses
    assert foreign and foreign[0] not in emitted_on


def test_cancel_stops_a_job_at_its_next_progress_report(qtbot):
    runner = JobRunner()
    outcome: list[str] = []

    def endless(ctx):  # type: ignore[no-untyped-def]
        while True:
            ctx.progress(1, 2)
            time.sleep(0.005)

    runner.start("Endless", endless, lambda r: outcome.append("done"), lambda m, d: outcome.append("failed"),
                 lambda: outcome.append("cancelled"))
    assert runner.busy()
    with qtbot.waitSignal(runner.job_ended, timeout=10_000):
        runner.cancel()
    assert outcome == ["cancelled"] and not runner.busy()


def test_failures_become_messages_without_record_content(qtbot):
    runner = JobRunner()
    failures: list[tuple[str, str]] = []

    def user_error(ctx):  # type: ignore[no-untyped-def]
        raise InputFileError("records.csv", "expected 95 fields", line=3)

    with qtbot.waitSignal(runner.job_ended, timeout=10_000):
        runner.start("Reading", user_error, lambda r: None, lambda m, d: failures.append((m, d)))
    assert failures[-1][0] == "records.csv, line 3: expected 95 fields"

    def bug(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("SMITH,JOHN 19790525")

    with qtbot.waitSignal(runner.job_ended, timeout=10_000):
        runner.start("Evaluation", bug, lambda r: None, lambda m, d: failures.append((m, d)))
    message, details = failures[-1]
    assert "unexpected error" in message and "SMITH" not in message + details
    assert "KeyError" in details and "test_worker_and_errors.py" in details


def test_excepthook_shows_a_dialog_and_logs_no_personal_data(caplog):
    shown: list[tuple[str, str, str]] = []
    old = sys.excepthook
    try:
        install_excepthook(lambda title, message, details: shown.append((title, message, details)))
        try:
            raise ValueError("date of birth 19790525 for DOE,JANE")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    title, message, details = shown[0]
    assert title == "Unexpected error" and "ValueError" in details
    assert "DOE" not in message + details + caplog.text and "19790525" not in details + caplog.text
    assert "Traceback" not in message


def test_safe_details_names_places_not_values():
    try:
        {}["CII 1234567890"]
    except KeyError as e:
        details = safe_details(type(e), e.__traceback__)
    assert "1234567890" not in details and "test_worker_and_errors.py" in details


def test_entry_point_help_and_version(capsys):
    from desktop_app.app import main

    assert main(["--help"]) == 0
    assert "record-clearance-gui" in capsys.readouterr().out
    assert main(["--version"]) == 0


def test_installed_pyside_keeps_reference_counts():
    """PySide6 6.12.0 drops a reference to None on every void call under CPython 3.11 and the
    app then aborts; pyproject.toml excludes that release. This fails if it comes back."""
    from PySide6.QtCore import QObject

    thing = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        thing.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 20  # the broken release loses 200