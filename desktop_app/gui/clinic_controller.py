"""Legal aid clinics in the window: their own spreadsheets, a client typed in, the intake workbook.

- A file opened as usual that is no DOJ research file but reads as a clinic's list comes here
  (`DataSetController.mapping_needed`): the column-mapping dialog asks which column holds each
  field, prefilled by a mapping saved for the same headers (or that mapping is used directly, if
  the user says so); then the sheet is loaded in the worker like a DOJ file, with progress and
  Cancel, and the data shown stay until it has loaded.
- File > Open clinic spreadsheet reads a file as a clinic's sheet without trying the DOJ reader.
- File > New client record: the client form; what it returns is loaded the same way.
- File > New intake spreadsheet: a copy of the blank intake workbook, where the user chooses.

A sheet without a county column is in one county, the user's choice: the mapping dialog asks
for it, and choosing another in the policy panel reads the sheet again for it. A sheet with one
is filtered by it like a DOJ file, "All counties" first. Saved mappings hold column names only
and live in the settings' `mappings` folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTextEdit, QWidget

from .. import paths
from ..core.clinic.fields import FIELDS
from ..core.clinic.mapping import ColumnMapping, find_saved_mapping
from ..core.clinic.sheet import SheetTable, is_table_file, read_table
from ..core.clinic.template import TEMPLATE_NAME
from ..core.counties import county_name
from ..core.errors import InputFileError
from ..core.pipeline import clinic_input, load_clinic
from ..core.prepare import Prepared
from ..core.schema import ALL_COUNTIES
from . import dialogs
from .client_form import ClientForm
from .dataset_controller import DataSetController
from .jobs import MappingNeeded, TaskMaker, session_task
from .mapping_dialog import MappingDialog
from .policy_panel import PolicyPanel
from .settings import AppSettings
from .worker import JobContext, JobRunner

log = logging.getLogger(__name__)

SHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)"
ENTRY_TITLE = "Client record (typed in)"
USE, CHECK = "use", "check"


# ------------------------------------------------------------------ questions (tests replace the file dialogs)

def ask_open_path(parent: QWidget | None, folder: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Open a clinic's spreadsheet", folder, SHEET_FILTER)
    return path


def ask_save_path(parent: QWidget | None, suggested: str) -> str:
    """Where to save the blank intake workbook ('' when cancelled). The controller asks before
    replacing a file, so the file dialog does not."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save a blank intake spreadsheet", suggested,
                                          "Excel workbook (*.xlsx)",
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return path


def describe_mapping(mapping: ColumnMapping) -> str:
    """What a mapping says, in users' words: each field's column, then what it declares."""
    lines = [f"{f.label}: {mapping.column(key)}" for key, f in FIELDS.items() if mapping.column(key)]
    lines.append("Lists every conviction of each client: " + ("yes" if mapping.lists_every_conviction else "no"))
    if not mapping.column("county"):
        lines.append(f"County of every conviction: {mapping.county.title() or '(not chosen)'}")
    if not mapping.column("deceased"):
        lines.append("Everyone on the sheet is living: " + ("yes" if mapping.all_living else "not declared"))
    return "\n".join(lines)


def ask_saved_mapping(parent: QWidget | None, table: SheetTable, mapping: ColumnMapping, saved: Path) -> str:
    """USE the mapping saved for these headers, CHECK it in the mapping dialog, or '' (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Use the saved column mapping?",
                      f"{table.where} has the same columns as the mapping '{mapping.name or saved.stem}' you saved "
                      "before. Use it as it is, or check the columns first?", QMessageBox.StandardButton.NoButton,
                      parent)
    box.setDetailedText(describe_mapping(mapping))
    for details in box.findChildren(QTextEdit):  # Qt leaves the details field unnamed
        details.setAccessibleName("The saved mapping's columns")
    use = box.addButton("&Use it", QMessageBox.ButtonRole.AcceptRole)
    check = box.addButton("C&heck the columns…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(use)
    box.exec()
    clicked = box.clickedButton()
    return USE if clicked is use else CHECK if clicked is check else ""


def read_sheet_task(path: str) -> Callable[[JobContext], MappingNeeded | None]:
    """Read `path` as a clinic's sheet (with the guessed mapping); None when it is a DOJ research
    file (or not a spreadsheet at all: the DOJ reader says what it is)."""
    def task(ctx: JobContext) -> MappingNeeded | None:
        ctx.busy(f"Reading {Path(path).name}")
        if not is_table_file(Path(path)):
            return None
        clinic = clinic_input([path])
        ctx.check()
        if clinic is not None:
            return MappingNeeded([path], clinic)
        table = read_table(path)  # raises the reason it cannot be read (damaged, empty, ...)
        if table.doj_like or len(table.headers) in (95, 96):
            return None
        raise InputFileError(path, "the sheet has a single column; a clinic's list has a column for each field "
                                   "(name, code section, conviction date, level)")
    return task


class ClinicController(QObject):
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details

    def __init__(self, dataset: DataSetController, runner: JobRunner, settings: AppSettings,
                 policy_panel: PolicyPanel, parent: QWidget) -> None:
        """`dataset` loads what this controller prepares (and hands over the clinic sheets it
        meets); `policy_panel` gives the policy, date and county; `parent` is also the parent of
        the dialogs."""
        super().__init__(parent)
        self._dataset = dataset
        self._runner = runner
        self._settings = settings
        self._panel = policy_panel
        self._dialog_parent = parent
        # Asked once the load job has ended, not inside its callback.
        dataset.mapping_needed.connect(lambda needed: QTimer.singleShot(0, partial(self.ask_mapping, needed)))

    def mappings_folder(self) -> Path:
        """Where mappings are remembered for sheets with the same headers."""
        return self._settings.data_folder("mappings")

    def _county_choice(self) -> str:
        """The panel's county, when it is one county (the default for a sheet without a county column)."""
        county = self._panel.county_name()
        return "" if county == ALL_COUNTIES else county

    # ------------------------------------------------------------------ a clinic's spreadsheet
    def choose_spreadsheet(self) -> None:
        """File > Open clinic spreadsheet…"""
        path = ask_open_path(self._dialog_parent, self._settings.folder("open"))
        if path:
            self.open_spreadsheet(path)

    def open_spreadsheet(self, path: str | Path) -> bool:
        """Read `path` as a clinic's sheet in the worker, then ask for its columns. A DOJ research
        file is opened as one. False when it did not start (a job runs)."""
        if self._runner.busy():
            return False
        path = str(Path(path).absolute())
        self._settings.set_folder("open", Path(path).parent)
        self._runner.start("Reading", read_sheet_task(path), partial(self._sheet_read, path),
                           partial(self._failed, "Could not open the spreadsheet"),
                           partial(self.status_changed.emit, "Cancelled; nothing was changed."))
        return True

    def _sheet_read(self, path: str, needed: MappingNeeded | None) -> None:
        if needed is None:
            self.status_changed.emit(f"{Path(path).name} is a DOJ research file: opening it as one.")
            self._dataset.open_files([path])
        else:
            self.status_changed.emit(f"{Path(path).name}: choose which of its columns holds each field.")
            self.ask_mapping(needed)

    def ask_mapping(self, needed: MappingNeeded) -> bool:
        """Which column holds each field (the mapping dialog, or the mapping saved for these
        headers if the user chooses to use it as it is), then load the sheet. False when the user
        cancelled: the data shown stay."""
        table, guess = needed.clinic.table, needed.clinic.guess
        folder = self.mappings_folder()
        saved = find_saved_mapping(folder, table.headers)
        mapping: ColumnMapping | None = None
        if saved is not None:
            saved_path, mapping = saved
            mapping = mapping.with_(sheet=table.sheet, header_row=table.header_row)
            answer = ask_saved_mapping(self._dialog_parent, table, mapping, saved_path)
            if not answer:
                self.status_changed.emit(f"{table.path.name} was not opened; the data shown are unchanged.")
                return False
            if answer == USE and (mapping.column("county") or mapping.county):
                return self.load_sheet(table, mapping)
        county = mapping.county if mapping is not None and mapping.county else self._county_choice()
        chosen = MappingDialog.ask(self._dialog_parent, table, guess, mapping=mapping, saved_folder=folder,
                                   county=county)
        if chosen is None:
            self.status_changed.emit(f"{table.path.name} was not opened; the data shown are unchanged.")
            return False
        return self.load_sheet(*chosen)

    def load_sheet(self, table: SheetTable, mapping: ColumnMapping, title: str = "") -> bool:
        """Load a mapped sheet (or a typed-in client) as the data set, in the worker; the data
        shown stay until it has loaded. False when it did not start."""
        files = [str(table.path)] if table.path.is_absolute() and table.path.is_file() else []
        started = self._dataset.load_with(self._sheet_task(files, table, mapping, title, mapping.county))
        if not started and self._runner.busy():
            self.status_changed.emit(f"{title or table.where} was not opened: another job is running; open it again "
                                     "when it has ended.")
        return started

    def _sheet_task(self, files: list[str], table: SheetTable, mapping: ColumnMapping, title: str,
                    county: str) -> TaskMaker:
        has_county = bool(mapping.column("county"))
        if not has_county:
            mapping = mapping.with_(county=county_name(county))

        def prepare(ctx: JobContext) -> Prepared:
            ctx.status(f"Reading {table.where}")
            return load_clinic(table, mapping, progress=ctx.stage(f"Preparing the rows of {table.where}"),
                               cancelled=ctx.cancelled)

        def again(other: str) -> TaskMaker:
            return self._sheet_task(files, table, mapping, title, other)

        return lambda policy, as_of: session_task(
            files, prepare, policy, ALL_COUNTIES if has_county else mapping.county, as_of, title=title,
            all_counties=has_county, assign_county=None if has_county else again, mapping=mapping)

    # ------------------------------------------------------------------ one client typed in
    def new_client_record(self) -> bool:
        """File > New client record…: the client form; its client becomes the data set."""
        if self._runner.busy():
            return False
        policy = self._panel.policy()
        if policy is None:
            self.error_occurred.emit("No policy", "Load a policy first (Policy > Open policy).", "")
            return False
        entered = ClientForm.ask(self._dialog_parent, policy, self._panel.as_of(), self._county_choice())
        if entered is None:
            return False
        return self.load_sheet(*entered, title=ENTRY_TITLE)

    # ------------------------------------------------------------------ the intake workbook
    def new_intake_spreadsheet(self) -> Path | None:
        """File > New intake spreadsheet…: copy the blank intake workbook where the user chooses
        (asking before replacing a file). The copy's path, or None."""
        template = paths.intake_template()
        if not template.is_file():
            self.error_occurred.emit("The intake spreadsheet is missing",
                                     f"{template.name} is not in this installation ({template.parent}). "
                                     "Reinstall the app.", "")
            return None
        chosen = ask_save_path(self._dialog_parent, str(Path(self._settings.folder("open")) / TEMPLATE_NAME))
        if not chosen:
            return None
        target = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        if target.exists() and not dialogs.confirm_replace(self._dialog_parent, target.parent, [target]):
            self.status_changed.emit(f"{target.name} was not replaced.")
            return None
        try:
            _copy(template, target)
        except OSError as e:
            self.error_occurred.emit("Could not save the intake spreadsheet",
                                     f"{target.name} could not be written in {target.parent}: "
                                     f"{e.strerror or 'check that the folder exists and is writable'} "
                                     "(is it open in Excel?).", "")
            return None
        self._settings.set_folder("open", target.parent)
        self.status_changed.emit(f"Saved {target.name}: one row per conviction, then open it here (File > Open); "
                                 "its columns are recognised with no questions.")
        return target

    def _failed(self, title: str, message: str, details: str) -> None:
        self.status_changed.emit(f"{title}.")
        self.error_occurred.emit(title, message, details)


def _copy(source: Path, target: Path) -> None:
    """Copy so that the target appears only once complete (an old file is replaced at once)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
