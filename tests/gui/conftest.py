"""GUI tests run offscreen, with settings in a temporary folder and dialogs answered by the test."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from desktop_app.paths import sample_file  # noqa: E402

AS_OF = dt.date(2026, 1, 1)
WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QSettings (INI, user scope) under a fresh temporary folder for every test."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return folder


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Error dialogs the window showed, as (title, message, details); none is displayed."""
    from desktop_app.gui import dialogs

    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, message, details="": shown.append((title, message, details)))
    monkeypatch.setattr(dialogs, "ask_open_folder", lambda parent, folder, written: False)
    return shown


@pytest.fixture
def window(qtbot, errors):  # type: ignore[no-untyped-def]
    from desktop_app.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.policy_panel.set_as_of(AS_OF)
    w.show()
    yield w
    w.runner.cancel()
    w.runner.wait(10_000)


@pytest.fixture
def wait_idle(qtbot):  # type: ignore[no-untyped-def]
    """wait_idle(window): until no job runs and no policy change is pending."""
    def wait(w) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not w.runner.busy() and not w.policy_panel.has_pending_change()
                        and not w.dataset.evaluation_pending(), timeout=WAIT_MS)
    return wait


@pytest.fixture
def loaded(window, qtbot):  # type: ignore[no-untyped-def]
    assert window.dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    return window


@pytest.fixture
def reviewing(loaded, tmp_path):  # type: ignore[no-untyped-def]
    """The window with the sample loaded and a new workspace made of it (reviewer: Ana Reviewer)."""
    from desktop_app.gui import review_dialogs

    loaded.settings.set(review_dialogs.REVIEWER_KEY, "Ana Reviewer")
    assert loaded.workspace.create_workspace(tmp_path / "Sacramento 2026.rcw", "Ana Reviewer")
    return loaded


@pytest.fixture
def second_window(qtbot, errors):  # type: ignore[no-untyped-def]
    from desktop_app.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.runner.cancel()
    w.runner.wait(10_000)
