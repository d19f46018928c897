"""What the clinic window tests share: a clinic's workbook as people make them, answering the
dialogs the window opens (the real ones, by their widgets), and waiting for a data set."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import write_xlsx  # noqa: E402

from desktop_app.gui.accessibility import audit  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402

WAIT_MS = 30_000
HEADERS = ("Client", "DOB", "Case #", "Offense", "Date convicted", "F/M", "Notes")
ROWS = [["DOE, JANE", dt.date(1980, 3, 4), "12F01234", "HS 11359(b)", dt.date(2012, 3, 4), "F", "RAP sheet 2024"],
        ["DOE, JANE", dt.date(1980, 3, 4), "15M0555", "11357(c) HS", "2015-06-01", "Misd", ""],
        ["ROE, RICK", "1/2/1990", "19F0042", "H&S 11360(a)", "4-Mar-2019", "fel.", "called twice"],
        ["ROE, RICK", "1/2/1990", "20M0001", "PC 459", "1/5/2020", "M", ""]]


def clinic_sheet(path: Path, rows: list[list[Any]] = ROWS, headers: tuple[str, ...] = HEADERS) -> Path:
    """A clinic's workbook as people make them: a merged title row and a note above the header."""
    return write_xlsx(path, headers, rows, title_rows=["Eastside Legal Aid: Prop 64 clients (fabricated)",
                                                       "Updated by the intake desk"])


class Answer:
    """Answers the next modal dialog of a kind when it opens: `handle(dialog)` accepts or rejects it."""

    def __init__(self, kind: type, handle: Callable[[Any], None]) -> None:
        self.kind, self.handle, self.seen = kind, handle, []  # type: ignore[var-annotated]
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def _check(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, self.kind) and widget not in self.seen:
            self.seen.append(widget)
            self.timer.stop()
            self.handle(widget)


def map_columns(county: str = "Sacramento", every: bool = False) -> Callable[[MappingDialog], None]:
    """Answer the mapping dialog as a user would: the county of the sheet, then 'Use this mapping'."""
    def answer(dialog: MappingDialog) -> None:
        assert dialog.header_spin.value() == 4  # two title rows and a blank row skipped
        assert dialog.combos["code_section"].currentText() == "Offense"
        assert audit(dialog) == []
        if county:
            dialog.county_combo.setCurrentText(county)
        dialog.every_conviction.setChecked(every)
        assert dialog.ok_button.isEnabled(), dialog.problems_label.text()
        dialog.ok_button.click()
    return answer


def click(text: str) -> Callable[[QMessageBox], None]:
    def answer(box: QMessageBox) -> None:
        assert audit(box) == []
        next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
    return answer


def wait_loaded(qtbot, window, previous=None) -> Any:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.dataset.session is not previous and window.dataset.session is not None
                    and not window.runner.busy(), timeout=WAIT_MS)
    return window.dataset.session


def table_texts(window, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    column = window.model.column_index(key)
    return [window.model.index(r, column).data() for r in range(window.model.rowCount())]


@pytest.fixture(autouse=True)
def no_dialog_left_open(qtbot):  # type: ignore[no-untyped-def]
    """A dialog no test answers would wait forever: closed after a while, and the test fails."""
    left: list[str] = []
    opened: dict[int, float] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        since = opened.setdefault(id(widget), time.monotonic())
        if time.monotonic() - since > 10:
            left.append(widget.windowTitle())
            widget.close()
    timer = QTimer(interval=250)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert left == [], f"dialogs left open: {left}"


def visible_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.model.columns[i].title for i in window.table.visible_columns()]
