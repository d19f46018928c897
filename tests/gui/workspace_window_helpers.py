"""What the workspace window tests share: selecting rows, pressing keys in the table (the review
shortcuts are window-wide), reading cells."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

WAIT_MS = 30_000
REVIEWER = "Ana Reviewer"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def idle(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not w.runner.busy(), timeout=WAIT_MS)


def select(w, *rows: int) -> None:  # type: ignore[no-untyped-def]
    """Select view rows, the first one current (what clicking and Shift+clicking do)."""
    model, selection = w.model, QItemSelection()
    for r in rows:
        selection.select(model.index(r, 0), model.index(r, model.columnCount() - 1))
    chooser = w.table.selectionModel()
    chooser.setCurrentIndex(model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    chooser.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def press(w, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press in the table: the review shortcuts work from there (window-wide)."""
    w.activateWindow()
    QApplication.processEvents()
    assert QApplication.activeWindow() is w
    QTest.keyClick(w.table, key, modifiers)


def cell(w, row: int, key: str) -> str:  # type: ignore[no-untyped-def]
    return w.model.text_at(row, key)


def key_of(w, row: int) -> str:  # type: ignore[no-untyped-def]
    return cell(w, row, "conviction_key")


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
