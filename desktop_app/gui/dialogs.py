"""Dialogs: errors, confirmations, input problems, About.

The window calls these through the module (`dialogs.show_error(...)`), so tests can replace a
question with a fixed answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QTableView,
                               QVBoxLayout, QWidget)

from .. import __version__
from ..core.records import InputProblem

Index = QModelIndex | QPersistentModelIndex


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    """A plain error dialog; `details` (if any) sits in the expandable section."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.exec()


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
        table = QTableView()
        table.setModel(self.model)
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
