"""The Export dialog: what to write, into which folder, with which file-name suffix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from ..core.output_folder import output_folder_problem
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
        self.folder.setMinimumWidth(360)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.suffix = QLineEdit()
        self.suffix.setPlaceholderText("optional, e.g. 2026-07")
        self.suffix.setValidator(QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9._-]{0,40}"), self))
        self.suffix.setToolTip("Added to every file name: All_Results_2026-07.csv")
        form = QFormLayout()
        form.addRow("Folder:", folder_row)
        form.addRow("File-name suffix:", self.suffix)

        note = QLabel("Existing files are never replaced without asking.")
        note.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.message = QLabel()
        self.message.setStyleSheet("color: #B00020")
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
            self.message.setText("Choose a folder for the files.")
            return
        problem = output_folder_problem(folder)  # a folder that does not exist yet is created
        if problem:
            self.message.setText(problem)
            return
        self.accept()

    def request(self) -> ExportRequest:
        kind = next(k for k, b in self.kind_buttons.items() if b.isChecked())
        return ExportRequest(kind, Path(self.folder.text().strip()).expanduser(), self.suffix.text().strip())
