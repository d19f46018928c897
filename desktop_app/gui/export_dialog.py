"""The Export dialog: what to write, into which folder, with which file-name suffix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from ..core.output_folder import output_folder_problem
from .accessibility import announce, secondary
from .date_field import ERROR_STYLE
from .exporting import BUNDLE, KINDS, VIEW_CSV, VIEW_XLSX, ExportRequest


class ExportDialog(QDialog):
    def __init__(self, folder: str, view_rows: int, view_noun: str, parent: QWidget | None = None,
                 kind: str = BUNDLE) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export results")
        self.kind_group = QButtonGroup(self)
        box = QGroupBox("What to write")
        box_layout = QVBoxLayout(box)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for i, (key, text) in enumerate(KINDS.items()):
            if key in (VIEW_CSV, VIEW_XLSX):
                text += f" ({view_rows:,} {view_noun}, visible columns)"
            button = QRadioButton(text)
            button.setChecked(key == kind)
            self.kind_group.addButton(button, i)
            self.kind_buttons[key] = button
            box_layout.addWidget(button)
        self.kind_buttons[BUNDLE].setToolTip(
            "All_Results.csv, All_Results_Condensed.csv, Prop64_Results.csv, Input_Problems.csv, Summary.json "
            "and Results.xlsx: the files counties send to the courts")

        self.folder = QLineEdit(folder)
        self.folder.setMinimumWidth(self.folder.fontMetrics().averageCharWidth() * 40)
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for the folder…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.suffix = QLineEdit()
        self.suffix.setPlaceholderText("optional, e.g. 2026-07")
        self.suffix.setValidator(QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9._-]{0,40}"), self))
        self.suffix.setToolTip("Added to every file name: All_Results_2026-07.csv")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # large fonts: labels above fields
        folder_label = QLabel("&Folder:")
        form.addRow(folder_label, folder_row)
        folder_label.setBuddy(self.folder)
        form.addRow("File-name &suffix:", self.suffix)

        note = secondary(QLabel("Existing files are never replaced without asking."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _accept(self) -> None:
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            self._refuse("Choose a folder for the files.")
            return
        problem = output_folder_problem(folder)  # a folder that does not exist yet is created
        if problem:
            self._refuse(problem)
            return
        self._refuse("")
        self.accept()

    def _refuse(self, problem: str) -> None:
        """Show why the folder cannot be used, under the fields and tied to the folder field (its
        accessible description); screen readers hear it at once. "" clears it."""
        self.message.setText(f"⚠ {problem}" if problem else "")
        self.message.setVisible(bool(problem))
        self.folder.setAccessibleDescription(problem)
        if problem:
            self.folder.setFocus()
            announce(self.folder, problem, assertive=True)

    def request(self) -> ExportRequest:
        kind = next(k for k, b in self.kind_buttons.items() if b.isChecked())
        return ExportRequest(kind, Path(self.folder.text().strip()).expanduser(), self.suffix.text().strip())
