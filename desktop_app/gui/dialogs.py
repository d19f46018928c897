"""Dialogs: errors, confirmations, input problems, About.

The window calls these through the module (`dialogs.show_error(...)`), so tests can replace a
question with a fixed answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QTableView, QTextEdit,
                               QVBoxLayout, QWidget)

from .. import __version__
from ..core.records import InputProblem

Index = QModelIndex | QPersistentModelIndex


def error_box(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """A plain error dialog; `details` (if any) sits in the expandable section."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
        for text in box.findChildren(QTextEdit):  # Qt leaves the details field unnamed
            text.setAccessibleName("Details")
    return box


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    error_box(parent, title, message, details).exec()


def confirm_replace(parent: QWidget | None, folder: Path, existing: list[Path]) -> bool:
    """Ask before replacing files that already exist. True = replace them."""
    names = "\n".join(f"  {p.name}" for p in existing[:12])
    more = f"\n  … and {len(existing) - 12} more" if len(existing) > 12 else ""
    box = QMessageBox(QMessageBox.Icon.Question, "Replace existing files?",
                      f"{len(existing)} file(s) already exist in {folder}:\n{names}{more}\n\nReplace them?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("Replace")
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_open_folder(parent: QWidget | None, folder: Path, written: list[Path]) -> bool:
    """After an export: say what was written and offer to open the folder. True = open it."""
    names = "\n".join(f"  {p.name}" for p in written[:10])
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished",
                      f"Wrote {len(written)} file(s) to {folder}:\n{names}",
                      QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, parent)
    box.button(QMessageBox.StandardButton.Open).setText("Open folder")
    return box.exec() == QMessageBox.StandardButton.Open


def open_folder(folder: Path) -> bool:
    """Open a local folder in the file manager (a local file URL only: never a network address)."""
    url = QUrl.fromLocalFile(str(Path(folder).resolve()))
    return url.isLocalFile() and QDesktopServices.openUrl(url)


def ask_yes_no(parent: QWidget | None, title: str, message: str) -> bool:
    answer = QMessageBox.question(parent, title, message,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


# ------------------------------------------------------------------ input problems

class ProblemsModel(QAbstractTableModel):
    """The input problems (list of InputProblem), one per row."""

    HEADERS = ("File", "Line", "Problem", "Fields found", "Message")

    def __init__(self, problems: list[InputProblem], parent: Any = None) -> None:
        super().__init__(parent)
        self._problems = problems

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self._problems[index.row()]
        values = (p.file, "" if p.line is None else str(p.line), p.kind.replace("_", " "),
                  "" if p.fields_found is None else str(p.fields_found), p.message)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class ProblemsDialog(QDialog):
    def __init__(self, problems: list[InputProblem], note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Input problems")
        self.resize(900, 480)
        intro = QLabel(note)
        intro.setWordWrap(True)
        self.model = ProblemsModel(problems, self)
        self.table = table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Input problems")
        table.setTabKeyNavigation(False)  # Tab goes on to Close; arrow keys move between cells
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((160, 70, 190, 90)):
            table.setColumnWidth(column, width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)


# ------------------------------------------------------------------ About

def about_text(procedure_version: str, codes_version: str) -> str:
    return (
        f"<h3>Record Clearance Desktop {__version__}</h3>"
        "<p>Finds every conviction under California Health &amp; Safety Code 11357, 11358, 11359 and 11360 "
        "in a county's Department of Justice research file and decides, under the county's policy, "
        "which are eligible for dismissal or reduction.</p>"
        f"<p>Decision procedure version: <b>{procedure_version or 'unknown'}</b><br>"
        f"Code-section lists version: <b>{codes_version or 'unknown'}</b></p>"
        "<p><b>Legal references</b><br>"
        "Proposition 64, the Control, Regulate and Tax Adult Use of Marijuana Act (2016)<br>"
        "Health &amp; Safety Code 11361.8 (recall, dismissal, sealing and redesignation)<br>"
        "Health &amp; Safety Code 11361.9 (automatic review of DOJ-identified cases, AB 1793, 2018)</p>"
        "<p>The results support, and do not replace, review by the prosecutor and the court.</p>"
        "<p>This program works only on this computer: it opens no network connection and sends "
        "nothing anywhere.</p>")


# ------------------------------------------------------------------ keyboard shortcuts

KEYS_IN_PLACE = (
    ("Tab / Shift+Tab", "Next / previous control: policy panel, filters, table, person view, Results and Summary tabs"),
    ("Arrow keys", "Move between the cells of a table, the buttons of a choice, the columns of the header"),
    ("Enter or Space on a column header", "Sort by that column: ascending, descending, then file order"),
    ("Menu key or Shift+F10", "The context menu: sort by the current column, copy, columns"),
    ("Arrow keys on a splitter", "Resize the panes it separates (Ctrl: farther; Home, End: to either end)"),
    ("Ctrl+Tab", "Next tab of the tab group that has the focus"),
    ("Alt+Down or F4 in a date field", "Open the calendar"),
)


def shortcut_rows(actions: list[QAction]) -> list[list[str]]:
    """(shortcut, what it does) for every action with a shortcut, then the keys that work in place."""
    rows = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            what = action.text().replace("&", "").rstrip("…").strip()
            tip = action.toolTip().replace("&", "").strip()
            rows.append([keys, what if not tip or tip.startswith(what) else f"{what}: {tip}"])
    return rows + [list(r) for r in KEYS_IN_PLACE]


class KeyboardDialog(QDialog):
    """Help > Keyboard shortcuts: every shortcut of the window, as a table."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        from .data_table import DataTableView

        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = DataTableView("Keyboard shortcuts")
        self.table.set_rows(("Keys", "What they do"), shortcut_rows(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(line * 48, line * 30)
