"""The column-mapping dialog: which column of a clinic's spreadsheet holds each field.

Shows the guess (core/clinic/guess.py) with sample values and a confidence for each field; the
user corrects it with the combo boxes, picks another sheet or header row, says whether the sheet
lists every conviction, and saves the mapping as a TOML file (remembered for sheets with the same
headers). Reading another sheet runs in a worker thread.

Used by the window's data-set controller (`MappingDialog.ask`), and testable on its own.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFrame, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QSizePolicy, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..core.clinic.fields import FIELDS
from ..core.clinic.guess import Guess, confidence_word, field_fit, guess_mapping
from ..core.clinic.mapping import ColumnMapping, MappingError, check_mapping, load_mapping, save_mapping
from ..core.clinic.sheet import SheetTable, read_table
from ..core.counties import california_counties, county_name
from . import dialogs
from .background import run_in_pool
from .sheet_preview import PreviewModel

log = logging.getLogger(__name__)

NOT_MAPPED = "(not in the sheet)"
_MARKS = {"high": "✓ High", "medium": "~ Medium", "low": "! Low"}


def ask_save_path(parent: QWidget | None, folder: str, name: str) -> str:
    """The file to save a mapping to ('' when cancelled). Tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save column mapping", str(Path(folder) / f"{name}.toml"),
                                          "Column mapping (*.toml)")
    return path


def ask_open_path(parent: QWidget | None, folder: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Load column mapping", folder, "Column mapping (*.toml)")
    return path


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "mapping"


class MappingDialog(QDialog):
    """Map a clinic's sheet. `mapping()` is the result once accepted; `table` the sheet it is for."""

    table_changed = Signal()  # another sheet or header row has been read

    def __init__(self, table: SheetTable, guess: Guess | None = None, *, mapping: ColumnMapping | None = None,
                 saved_folder: str | Path | None = None, county: str = "", parent: QWidget | None = None,
                 read: Callable[..., SheetTable] = read_table) -> None:
        super().__init__(parent)
        self.setWindowTitle("Map the columns of a clinic's spreadsheet")
        self.setObjectName("mappingDialog")
        self.table = table
        self._read = read
        self._saved_folder = Path(saved_folder) if saved_folder else None
        self._busy = False
        self.saved_path: Path | None = None

        intro = QLabel()
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro = intro

        # -- where the table is: sheet and header row
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        sheet_label = QLabel("&Sheet:")
        sheet_label.setBuddy(self.sheet_combo)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 9999)
        self.header_spin.setToolTip("The row that holds the column headers; titles and notes above it are skipped")
        header_label = QLabel("&Header row:")
        header_label.setBuddy(self.header_spin)
        self.reading_label = QLabel("")
        where = QHBoxLayout()
        where.addWidget(sheet_label)
        where.addWidget(self.sheet_combo, 1)
        where.addSpacing(16)
        where.addWidget(header_label)
        where.addWidget(self.header_spin)
        where.addWidget(self.reading_label, 1)
        self.sheet_label = sheet_label

        self.preview_model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName("Preview of the sheet's first rows")
        self.preview.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.preview.verticalHeader().setDefaultSectionSize(self.preview.fontMetrics().height() + 6)
        self.preview.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)

        # -- one row per field
        self.combos: dict[str, QComboBox] = {}
        self.sample_labels: dict[str, QLabel] = {}
        self.confidence_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for c, title in enumerate(("Field", "Your column", "Sample values", "Confidence")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, c)
        for r, (key, f) in enumerate(FIELDS.items(), start=1):
            combo = QComboBox()
            combo.setObjectName(f"column_{key}")
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setToolTip(f.help)
            label = QLabel(f"{f.label}{' *' if f.required else ''}:")
            label.setBuddy(combo)
            label.setToolTip(f.help)
            samples = QLabel()
            samples.setTextFormat(Qt.TextFormat.PlainText)
            samples.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            samples.setMinimumWidth(220)
            confidence = QLabel()
            confidence.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, r, 0)
            grid.addWidget(combo, r, 1)
            grid.addWidget(samples, r, 2)
            grid.addWidget(confidence, r, 3)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._column_changed(k))
            self.combos[key] = combo
            self.sample_labels[key] = samples
            self.confidence_labels[key] = confidence
        grid.setColumnStretch(2, 1)
        fields_box = QGroupBox("Columns")
        fields_box.setLayout(grid)
        note = QLabel("* required. A person is known by an ID, or by a name and a birth date.")
        note.setWordWrap(True)

        # -- what the sheet declares
        self.every_conviction = QCheckBox("This sheet lists &every conviction of each client (from their RAP sheets)")
        self.every_conviction.setToolTip(
            "Then 'Only Prop 64 convictions' and 'years since the most recent conviction' can be decided. "
            "Otherwise a step that needs the whole history sends the conviction to Hand Review.")
        self.every_note = QLabel()
        self.every_note.setWordWrap(True)
        self.living = QCheckBox("Everyone on this sheet is &living (there is no 'Deceased' column)")
        self.living.setToolTip("A clinic's clients are living people, so 'Individual is deceased' does not apply. "
                               "Uncheck it to send the convictions that step would decide to Hand Review.")
        self.county_combo = QComboBox()
        self.county_combo.setEditable(True)
        self.county_combo.addItems(["", *[c.title() for c in california_counties()]])
        self.county_combo.setToolTip("The sheet has no County column: the county of every conviction on it")
        self.county_label = QLabel("C&ounty of every conviction:")
        self.county_label.setBuddy(self.county_combo)
        self.county_combo.currentTextChanged.connect(lambda _t: self._validate())
        county_row = QHBoxLayout()
        county_row.addWidget(self.county_label)
        county_row.addWidget(self.county_combo)
        county_row.addStretch(1)
        declared = QGroupBox("About this sheet")
        dl = QVBoxLayout(declared)
        dl.addWidget(self.every_conviction)
        dl.addWidget(self.every_note)
        dl.addWidget(self.living)
        dl.addLayout(county_row)
        self.every_conviction.toggled.connect(lambda _on: self._declarations_changed())
        self.living.toggled.connect(lambda _on: self._declarations_changed())

        # -- the mapping as a file
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Intake sheet 2024")
        name_label = QLabel("Mapping &name:")
        name_label.setBuddy(self.name_edit)
        self.remember = QCheckBox("&Remember it for sheets with the same headers")
        self.remember.setChecked(self._saved_folder is not None)
        self.remember.setVisible(self._saved_folder is not None)
        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.remember)

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setAccessibleName("Mapping problems")
        self.problems_label.setFrameShape(QFrame.Shape.StyledPanel)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Use this mapping")
        self.load_button = QPushButton("&Load mapping…")
        self.load_button.setToolTip("Use a column mapping saved before (.toml)")
        self.save_button = QPushButton("Save mapping &as…")
        self.save_button.setToolTip("Save this column mapping as a file (.toml) to use again or share")
        self.buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.load_button.clicked.connect(self._load)
        self.save_button.clicked.connect(self._save_as)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(self.preview)
        layout.addWidget(fields_box)
        layout.addWidget(note)
        layout.addWidget(declared)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container: Tab goes to its controls
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(name_row)
        outer.addWidget(self.problems_label)
        outer.addWidget(self.buttons)
        self.resize(940, 860)

        self.sheet_combo.activated.connect(lambda _i: self._reread(sheet=self.sheet_combo.currentText()))
        self.header_spin.editingFinished.connect(self._header_row_changed)
        self._show_table(table, mapping or (guess or guess_mapping(table)).mapping(), guess or guess_mapping(table))
        if mapping is None:
            self.name_edit.setText(table.path.stem)
        if county:
            self.county_combo.setCurrentText(county_name(county).title())
        self.sheet_combo.setFocus()

    # ------------------------------------------------------------------ the public result

    def mapping(self) -> ColumnMapping:
        """The mapping as chosen now."""
        columns = {k: c.currentText() for k, c in self.combos.items() if c.currentIndex() > 0}
        county = "" if "county" in columns else county_name(self.county_combo.currentText())
        return ColumnMapping(columns=columns, name=self.name_edit.text().strip(), sheet=self.table.sheet,
                             header_row=self.table.header_row, lists_every_conviction=self.every_conviction.isChecked(),
                             all_living=self.living.isChecked() or "deceased" in columns, county=county,
                             headers=self.table.headers)

    def problems(self) -> list[str]:
        problems = check_mapping(self.mapping(), self.table.headers)
        if self.combos["county"].currentIndex() <= 0 and not county_name(self.county_combo.currentText()):
            problems.append("choose the county of every conviction (the sheet has no County column)")
        return problems

    @classmethod
    def ask(cls, parent: QWidget | None, table: SheetTable, guess: Guess | None = None, **options: Any
            ) -> tuple[SheetTable, ColumnMapping] | None:
        """Show the dialog; the sheet and its mapping, or None when cancelled."""
        dialog = cls(table, guess, parent=parent, **options)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.table, dialog.mapping()

    # ------------------------------------------------------------------ showing a table

    def _show_table(self, table: SheetTable, mapping: ColumnMapping, guess: Guess) -> None:
        self.table = table
        self._guess = guess
        self.intro.setText(
            f"{table.where} is not a DOJ research file. Tell the app which of your columns holds each field: "
            "the guess below is made from your headers and the values under them. Your sheet is not changed.")
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(table.sheets))
        self.sheet_combo.setCurrentText(table.sheet)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setVisible(bool(table.sheets))
        self.sheet_label.setVisible(bool(table.sheets))
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(table.header_row)
        self.header_spin.blockSignals(False)
        self.preview_model.set_table(table)
        self.preview.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.preview.verticalHeader().defaultSectionSize()
        self.preview.setFixedHeight(row_height * (self.preview_model.rowCount() + 1) + 8
                                    + self.preview.horizontalScrollBar().sizeHint().height())
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([NOT_MAPPED, *table.headers])
            column = mapping.column(key)
            combo.setCurrentIndex(table.headers.index(column) + 1 if column in table.headers else 0)
            combo.blockSignals(False)
        for key in self.combos:
            self._describe(key)
        self.every_conviction.setChecked(mapping.lists_every_conviction)
        self.living.setChecked(mapping.all_living)
        if mapping.county:
            self.county_combo.setCurrentText(mapping.county.title())
        if mapping.name:
            self.name_edit.setText(mapping.name)
        self._declarations_changed()

    def _describe(self, key: str) -> None:
        """The samples and confidence shown beside a field's combo box."""
        combo = self.combos[key]
        column = combo.currentText() if combo.currentIndex() > 0 else ""
        f = FIELDS[key]
        samples = " · ".join(self.table.samples(column)) if column else ""
        self.sample_labels[key].setText(samples or ("—" if column else ""))
        self.sample_labels[key].setToolTip(samples)
        guessed = self._guess.fields[key]
        if not column:
            text = "✕ Required: choose a column" if f.required else "Not in the sheet"
            if key in ("name", "birth_date", "person_id") and "person" in self.mapping().missing_required():
                text = "✕ Needed for a person"
        else:
            fit = field_fit(self.table, key, column)
            if column == guessed.column:
                text = f"{_MARKS[confidence_word(guessed.confidence)]} (guessed)"
            else:
                text = f"Your choice: {fit:.0%} of values read"
            if fit < 0.9 and self.table.samples(column):
                text += f"; {1 - fit:.0%} cannot be read as {f.label.lower()}"
        self.confidence_labels[key].setText(text)
        combo.setAccessibleName(f"Column for {f.label}")
        combo.setAccessibleDescription(f"{text}. Sample values: {samples or 'none'}. {f.help}")

    def _column_changed(self, key: str) -> None:
        for k in ("person_id", "name", "birth_date") if key in ("person_id", "name", "birth_date") else (key,):
            self._describe(k)
        self._declarations_changed()

    def _declarations_changed(self) -> None:
        has_county = self.combos["county"].currentIndex() > 0
        has_deceased = self.combos["deceased"].currentIndex() > 0
        self.county_combo.setVisible(not has_county)
        self.county_label.setVisible(not has_county)
        self.living.setVisible(not has_deceased)
        if self.every_conviction.isChecked():
            self.every_note.setText("Every conviction is listed: 'Only Prop 64 convictions' and 'years since the "
                                    "most recent conviction' are decided from this sheet. PC 290 registration is "
                                    "still not known.")
        else:
            self.every_note.setText("Not declared: steps that need the client's whole history (other convictions, "
                                    "superstrikes, most recent conviction) give Hand Review, saying so.")
        self._validate()

    def _validate(self) -> None:
        problems = self.problems() if not self._busy else []
        self.ok_button.setEnabled(not problems and not self._busy)
        self.save_button.setEnabled(not self._busy)
        if self._busy:
            self.problems_label.setText("Reading the sheet…")
        elif problems:
            self.problems_label.setText("To continue: " + "; ".join(problems) + ".")
        else:
            self.problems_label.setText("Ready: every required field has a column.")
        self.problems_label.setAccessibleDescription(self.problems_label.text())

    # ------------------------------------------------------------------ another sheet or header row

    def _header_row_changed(self) -> None:
        if self.header_spin.value() != self.table.header_row:
            self._reread(sheet=self.table.sheet, header_row=self.header_spin.value())

    def _reread(self, sheet: str = "", header_row: int = 0) -> None:
        if self._busy or (sheet == self.table.sheet and header_row in (0, self.table.header_row)
                          and not (header_row == 0 and sheet != self.table.sheet)):
            return
        previous = self.mapping()
        path = self.table.path
        self._busy = True
        self.reading_label.setText("Reading…")
        for widget in (self.sheet_combo, self.header_spin):
            widget.setEnabled(False)
        self._validate()
        self._task = run_in_pool(lambda: self._read(path, sheet=sheet, header_row=header_row),
                                 lambda table: self._reread_done(table, previous), self._reread_failed, owner=self)

    def _reread_done(self, table: SheetTable, previous: ColumnMapping) -> None:
        self._busy = False
        self.reading_label.setText("")
        for widget in (self.sheet_combo, self.header_spin):
            widget.setEnabled(True)
        guess = guess_mapping(table)
        kept = {k: c for k, c in previous.columns.items() if c in table.headers}
        mapping = guess.mapping(**{k: getattr(previous, k) for k in ("name", "lists_every_conviction", "all_living",
                                                                      "county")})
        if kept and table.headers == previous.headers:
            mapping = mapping.with_(columns=kept)
        self._show_table(table, mapping, guess)
        self.table_changed.emit()

    def _reread_failed(self, message: str) -> None:
        self._busy = False
        self.reading_label.setText("")
        for widget in (self.sheet_combo, self.header_spin):
            widget.setEnabled(True)
        self._show_table(self.table, self.mapping(), self._guess)
        dialogs.show_error(self, "Cannot read the sheet", message)
        self.table_changed.emit()

    # ------------------------------------------------------------------ files

    def _folder(self) -> str:
        return str(self._saved_folder or self.table.path.parent)

    def _save_as(self) -> None:
        name = self.name_edit.text().strip() or self.table.path.stem
        path = ask_save_path(self, self._folder(), slug(name))
        if not path:
            return
        try:
            self.saved_path = save_mapping(self.mapping().with_(name=name), path)
        except OSError as e:
            dialogs.show_error(self, "Cannot save the mapping", f"{Path(path).name}: {e.strerror or e}")

    def _load(self) -> None:
        path = ask_open_path(self, self._folder())
        if not path:
            return
        try:
            mapping = load_mapping(path)
        except MappingError as e:
            dialogs.show_error(self, "Cannot use this mapping", str(e))
            return
        self._show_table(self.table, mapping.for_headers(self.table.headers), self._guess)

    def _remembered_path(self, name: str) -> Path:
        """Where to remember the mapping: its name's file, unless that holds a mapping for other
        headers (which is kept: the new one gets a numbered name)."""
        assert self._saved_folder is not None
        base = slug(name)
        for n in range(1, 1000):
            path = self._saved_folder / (f"{base}.toml" if n == 1 else f"{base}-{n}.toml")
            try:
                if not path.exists() or load_mapping(path).matches(self.table.headers):
                    return path
            except MappingError:
                continue
        return path

    def _accept(self) -> None:
        if self.problems():
            return
        if self._saved_folder is not None and self.remember.isChecked():
            name = self.name_edit.text().strip() or self.table.path.stem
            try:
                self._saved_folder.mkdir(parents=True, exist_ok=True)
                self.saved_path = save_mapping(self.mapping().with_(name=name), self._remembered_path(name))
            except OSError as e:  # remembering is a convenience: say so, and go on
                log.warning("mapping not remembered: %s", type(e).__name__)
                dialogs.show_error(self, "Mapping not remembered",
                                   f"The mapping is used, but could not be saved for next time ({e.strerror or e}).")
        self.accept()

