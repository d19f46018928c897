"""File > Prepare court filings: which courthouses (with their counts), which documents, one motion
per courthouse or per case, templates and layout, the document date and the folder; what cannot be
filed yet, with the assignments that fix it; a preview of the motion's first page; progress and
Cancel while the documents are written; at the end, Open folder and Mark as filed.

The dialog decides nothing and writes nothing: it shows a FilingPlan and emits what the user
asked for; FilingsController does the work.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QRadioButton, QScrollArea, QVBoxLayout, QWidget)

from ..core.filings.plan import FilingPlan
from ..core.filings.vocabulary import NOT_DECIDED, ROUTED, UNKNOWN_COURT, UNKNOWN_TRACK
from .accessibility import announce, hidden_label, label_for, secondary

DOCUMENT_CHOICES = (("case_list", "Case lists (.xlsx and .csv)"), ("motion", "Motions and proposed orders"),
                    ("notice", "Notices of challenge (court and public defender)"), ("cover", "Cover summary (PDF)"))


class FilingsDialog(QDialog):
    prepare_requested = Signal()
    preview_requested = Signal()
    assign_court_requested = Signal(str)  # courthouse key
    track_requested = Signal(str)  # serving / completed
    signer_change_requested = Signal()
    include_filed_changed = Signal(bool)
    cancel_requested = Signal()
    mark_filed_requested = Signal(object)  # date
    batches_requested = Signal()
    open_folder_requested = Signal()

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Prepare court filings")
        self.resize(1180, 820)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.courts = QListWidget()
        self.courts.setAccessibleName("Courthouses to file")
        self.courts.setMinimumHeight(70)
        self.courts.setMaximumHeight(120)
        self.courts.itemChanged.connect(lambda _item: self.preview_requested.emit())
        self.include_filed = QCheckBox("Also file a&gain convictions already with the court")
        self.include_filed.toggled.connect(self.include_filed_changed)

        self.attention = QGroupBox("Cannot be filed yet")
        grid = QGridLayout(self.attention)
        self.no_court = QLabel()
        self.no_court.setWordWrap(True)
        self.court_choice = QComboBox()
        self.assign_button = QPushButton("&Assign")
        self.assign_button.setToolTip("Record this courthouse for every conviction whose court the record does not "
                                      "name (one review action; Undo takes it back)")
        self.assign_button.clicked.connect(lambda: self.assign_court_requested.emit(self.court_choice.currentData()))
        self.no_track = QLabel()
        self.no_track.setWordWrap(True)
        self.track_choice = QComboBox()
        self.track_choice.addItem("Completed sentence (H&S 11361.8(e)-(f))", "completed")
        self.track_choice.addItem("Still serving (H&S 11361.8(a)-(b))", "serving")
        self.track_button = QPushButton("Set &track")
        self.track_button.setToolTip("Record the reviewer's choice of track for every conviction whose sentence end "
                                     "is unknown")
        self.track_button.clicked.connect(lambda: self.track_requested.emit(self.track_choice.currentData()))
        self.undecided = secondary(QLabel())
        self.undecided.setWordWrap(True)
        grid.addWidget(self.no_court, 0, 0)
        grid.addWidget(self.court_choice, 0, 1)
        grid.addWidget(self.assign_button, 0, 2)
        grid.addWidget(self.no_track, 1, 0)
        grid.addWidget(self.track_choice, 1, 1)
        grid.addWidget(self.track_button, 1, 2)
        grid.addWidget(self.undecided, 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        hidden_label(self.court_choice, "Assign to courthouse")
        hidden_label(self.track_choice, "Track")

        documents = QGroupBox("Documents")
        doc_layout = QVBoxLayout(documents)
        self.documents: dict[str, QCheckBox] = {}
        for key, text in DOCUMENT_CHOICES:
            box = QCheckBox(text)
            box.setChecked(True)
            self.documents[key] = box
            doc_layout.addWidget(box)
        self.bulk = QRadioButton("One motion per courthouse, with the case list attached")
        self.per_case = QRadioButton("One motion per court case")
        self.bulk.setChecked(True)
        self.mode_group = QButtonGroup(self)
        for button in (self.bulk, self.per_case):
            self.mode_group.addButton(button)
            doc_layout.addWidget(button)
        self.bulk.toggled.connect(lambda _on: self.preview_requested.emit())
        self.include_notes = QCheckBox("Include the reviewer's &notes in the notices of challenge")
        doc_layout.addWidget(self.include_notes)

        files = QFormLayout()
        self.motion_template = self._path_row(files, "&Motion template:", "The shipped template",
                                              "Word templates (*.docx)")
        self.notice_template = self._path_row(files, "N&otice template:", "The shipped template",
                                              "Word templates (*.docx)")
        self.layout_file = self._path_row(files, "Case-list &layout:", "The shipped layout", "Layouts (*.toml)")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        date_label = QLabel("Document &date:")
        files.addRow(date_label, self.date)
        label_for(date_label, self.date)
        self.folder = self._path_row(files, "Output &folder:", "Choose a folder", "", folder=True)
        self.folder.setText(folder)
        signer_row = QHBoxLayout()
        self.signer = QLabel()
        self.signer.setWordWrap(True)
        # Room for two lines: a wrapped label in a form row is otherwise given one line's height.
        self.signer.setMinimumHeight(self.signer.fontMetrics().lineSpacing() * 2 + 4)
        self.signer_button = QPushButton("&Signer…")
        self.signer_button.setToolTip("Who signs the motions and notices (remembered)")
        self.signer_button.clicked.connect(self.signer_change_requested)
        signer_row.addWidget(self.signer, 1)
        signer_row.addWidget(self.signer_button)
        files.addRow("Signed by:", signer_row)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.summary)
        courts_label = QLabel("&Courthouses:")
        label_for(courts_label, self.courts)
        left_layout.addWidget(courts_label)
        left_layout.addWidget(self.courts)
        left_layout.addWidget(self.include_filed)
        left_layout.addWidget(self.attention)
        left_layout.addWidget(documents)
        left_layout.addLayout(files)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Filing choices")

        self.preview = QLabel("Preview of the motion's first page")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setMinimumWidth(430)
        self.preview.setAccessibleName("Preview of the first page")
        self.preview_note = secondary(QLabel("The first page of the first courthouse's motion, as the PDF draws it."))
        self.preview_note.setWordWrap(True)
        self.preview_note.setMinimumHeight(self.preview_note.fontMetrics().lineSpacing() * 2 + 6)
        right = QVBoxLayout()
        right.addWidget(self.preview_note)
        right.addWidget(self.preview, 1)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of the court filings")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.prepare_button = QPushButton("&Prepare filings")
        self.prepare_button.setDefault(True)
        self.prepare_button.clicked.connect(self.prepare_requested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop writing; nothing is left in the folder")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.open_button = QPushButton("Op&en folder")
        self.open_button.clicked.connect(self.open_folder_requested)
        self.filed_date = QDateEdit(QDate.currentDate())
        self.filed_date.setCalendarPopup(True)
        self.filed_date.setDisplayFormat("yyyy-MM-dd")
        self.mark_button = QPushButton("Mar&k as filed")
        self.mark_button.setToolTip("Record on each conviction of this batch: Filed with court (or Challenged), "
                                    "this date and the batch")
        self.mark_button.clicked.connect(lambda: self.mark_filed_requested.emit(self.filed_date.date().toPython()))
        self.batches_button = QPushButton("Filing &batches…")
        self.batches_button.setToolTip("Every batch prepared from this workspace; mark an earlier one filed")
        self.batches_button.clicked.connect(self.batches_requested)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.open_button)
        filed_label = QLabel("Filed on:")
        bottom.addWidget(filed_label)
        bottom.addWidget(self.filed_date)
        label_for(filed_label, self.filed_date)
        bottom.addWidget(self.mark_button)
        bottom.addWidget(self.prepare_button)
        bottom.addWidget(self.batches_button)
        bottom.addWidget(self.close_button)

        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.set_busy(False)
        self.show_batch(None)

    def _path_row(self, form: QFormLayout, text: str, placeholder: str, pattern: str, folder: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setClearButtonEnabled(True)
        browse = QPushButton("Browse…")
        name = text.replace("&", "").rstrip(":")
        browse.setAccessibleName(f"Choose the {name.lower()}")

        def choose() -> None:
            if folder:
                chosen = QFileDialog.getExistingDirectory(self, name, field.text())
            else:
                chosen, _ = QFileDialog.getOpenFileName(self, name, field.text(), pattern)
            if chosen:
                field.setText(chosen)
                self.preview_requested.emit()
        browse.clicked.connect(choose)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(browse)
        label = QLabel(text)
        form.addRow(label, row)
        label_for(label, field)
        return field

    # ------------------------------------------------------------------ what the controller shows
    def show_plan(self, plan: FilingPlan, checked: set[str] | None = None) -> None:
        relief = sum(c.relief for c in plan.available)
        challenged = sum(c.challenged for c in plan.available)
        self.summary.setText(
            f"<b>{relief + challenged:,} reviewed conviction(s) ready to file</b> in {len(plan.available):,} "
            f"courthouse(s): {relief:,} not challenged, {challenged:,} challenged. {plan.already_filed:,} already "
            f"with the court; {plan.not_reviewed:,} not reviewed yet. Evaluated at {plan.as_of.isoformat()}.")
        self.courts.blockSignals(True)
        self.courts.clear()
        for court in plan.available:
            item = QListWidgetItem(f"{court.label}: {court.relief:,} not challenged, {court.challenged:,} challenged")
            item.setData(Qt.ItemDataRole.UserRole, court.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked is None or court.key in checked
                               else Qt.CheckState.Unchecked)
            self.courts.addItem(item)
        self.courts.blockSignals(False)
        why = plan.attention["why"].value_counts() if len(plan.attention) else {}
        no_court, no_track = int(why.get(UNKNOWN_COURT, 0)), int(why.get(UNKNOWN_TRACK, 0))
        undecided = int(why.get(NOT_DECIDED, 0)) + int(why.get(ROUTED, 0))
        self.no_court.setText(f"{no_court:,} conviction(s): the record names no courthouse. Assign them to:")
        self.no_track.setText(f"{no_track:,} conviction(s): the sentence end is unknown (a sentence part is not a "
                              "number). The reviewer chooses the track:")
        self.undecided.setText(f"{undecided:,} reviewed conviction(s) are not decided (Hand Review, or routed to "
                               "another office) and are not filed. All of these are listed in Needs_attention.csv."
                               if undecided else "All of these are listed in Needs_attention.csv.")
        self.court_choice.clear()
        for court in plan.available:
            self.court_choice.addItem(court.label, court.key)
        for widget in (self.no_court, self.court_choice, self.assign_button):
            widget.setVisible(no_court > 0)
        self.assign_button.setEnabled(no_court > 0 and self.court_choice.count() > 0)
        for widget in (self.no_track, self.track_choice, self.track_button):
            widget.setVisible(no_track > 0)
        self.attention.setVisible(bool(no_court or no_track or undecided))

    def checked_courts(self) -> list[str]:
        return [self.courts.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.courts.count())
                if self.courts.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_documents(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.documents.items() if box.isChecked())

    def path(self, field: QLineEdit) -> Path | None:
        text = field.text().strip()
        return Path(text).expanduser() if text else None

    def document_date(self) -> dt.date:
        return self.date.date().toPython()  # type: ignore[no-any-return]

    def show_signer(self, text: str) -> None:
        self.signer.setText(text)

    def show_preview(self, image: QImage | None, note: str = "") -> None:
        if image is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(note or "No preview")
        else:
            self.preview.setPixmap(QPixmap.fromImage(image))
        if note:
            self.preview_note.setText(note)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.prepare_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 1000)
            self.progress.setValue(0)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)

    def show_status(self, text: str, *, assertive: bool = False) -> None:
        self.status.setText(text)
        announce(self, text, assertive=assertive)

    def show_batch(self, batch_id: str | None, folder_written: bool = False) -> None:
        """After a run: Open folder, and Mark as filed for a batch the workspace recorded."""
        self.open_button.setVisible(folder_written)
        for widget in (self.mark_button, self.filed_date):
            widget.setVisible(batch_id is not None)
        for child in self.findChildren(QLabel):
            if child.buddy() is self.filed_date:
                child.setVisible(batch_id is not None)

    def reject(self) -> None:
        if self.cancel_button.isVisible():  # a run in progress: Esc cancels it, the dialog stays
            self.cancel_requested.emit()
            return
        super().reject()
