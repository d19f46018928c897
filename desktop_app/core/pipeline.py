"""The whole job in three calls, shared by the command line, the desktop app and the self-test:
load (read + prepare), evaluate, export.

A single spreadsheet that the DOJ reader refuses, and whose headers are not the DOJ file's, is
read as a clinic's own list instead (core/clinic/): `open_input` says which it is, with a guessed
column mapping; `load_clinic` prepares it with the mapping the user confirmed; `load_any` does
both for the command line (the guess, or a mapping file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..paths import rules_dir
from .clinic.convert import clinic_records
from .clinic.guess import Guess, guess_mapping
from .clinic.mapping import ColumnMapping, describe_missing
from .clinic.sheet import SheetTable, is_table_file, looks_like_doj_text, read_table
from .codes import load_code_sections
from .errors import InputFileError, RecordClearanceError
from .evaluate import evaluate
from .results import Results
from .prepare import Prepared, prepare
from .reader import Records, read_records
from .ruleset import Policy, load_policy

Progress = Callable[[int, int], None]


def code_sections_path() -> Path:
    return rules_dir() / "code_sections.toml"


def load(paths: Iterable[str | Path], *, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, prepare_progress: Progress | None = None) -> Prepared:
    """Read the input files as one data set and prepare it for evaluation. `progress` reports the
    reading (bytes), `prepare_progress` the preparation stages."""
    records = read_records(paths, progress=progress, cancelled=cancelled)
    return prepare(records, load_code_sections(code_sections_path()), progress=prepare_progress,
                   cancelled=cancelled)


def default_policy_path() -> Path:
    return rules_dir() / "policies" / "county-common.toml"


def run(paths: Iterable[str | Path], county: str, policy: Policy | str | Path, as_of: dt.date,
        *, progress: Progress | None = None) -> Results:
    prepared = load(paths, progress=progress)
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    return evaluate(prepared, policy, county, as_of=as_of)


# ------------------------------------------------------------------ clinic spreadsheets

@dataclass(frozen=True)
class ClinicInput:
    """A spreadsheet that is not a DOJ research file, read as a clinic's list, with the guess."""

    table: SheetTable
    guess: Guess
    refusal: InputFileError | None  # why the DOJ reader did not take it

    @property
    def plausible(self) -> bool:
        """A column was found for a code section, a conviction date or a level: a list of
        convictions, not some other table (whose DOJ refusal then says more)."""
        return any(self.guess.fields[k].column for k in ("code_section", "conviction_date", "level"))


@dataclass(frozen=True)
class OpenedInput:
    """What `open_input` found: DOJ records, or a clinic's sheet waiting for its mapping."""

    records: Records | None = None
    clinic: ClinicInput | None = None


class MappingNeeded(RecordClearanceError):
    """A clinic's sheet whose required fields could not all be guessed."""

    def __init__(self, clinic: ClinicInput, missing: list[str]) -> None:
        self.clinic, self.missing = clinic, missing
        super().__init__(f"{clinic.table.where}: not a DOJ research file, and read as a clinic's spreadsheet "
                         f"no column was found for {', '.join(describe_missing(k) for k in missing)}")


@dataclass(frozen=True)
class Loaded:
    prepared: Prepared
    mapping: ColumnMapping | None = None  # the mapping used for a clinic's sheet (None: DOJ files)
    guess: Guess | None = None  # set when the mapping was guessed


def open_input(paths: Iterable[str | Path], *, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> OpenedInput:
    """Read DOJ research files; a single spreadsheet the DOJ reader refuses is read as a clinic's
    sheet instead, if it looks like a list of convictions (else, or if its headers are DOJ column
    names, the refusal stands)."""
    paths = list(paths)
    try:
        return OpenedInput(records=read_records(paths, progress=progress, cancelled=cancelled))
    except InputFileError as refusal:
        clinic = clinic_input(paths, refusal)
        if clinic is None or not clinic.plausible:
            raise
        return OpenedInput(clinic=clinic)


def clinic_input(paths: list[str | Path], refusal: InputFileError | None = None, sheet: str = ""
                 ) -> ClinicInput | None:
    """The file as a clinic's sheet with the guessed mapping; None when it cannot be one (several
    files, not a table, DOJ column names, a single column). Also for File > Open clinic spreadsheet."""
    if len(paths) != 1 or not is_table_file(Path(paths[0])):
        return None
    if refusal is not None and looks_like_doj_text(paths[0]):  # a DOJ file with a problem: say what it is
        return None
    try:
        table = read_table(paths[0], sheet=sheet)
    except InputFileError:
        return None
    if table.doj_like or len(table.headers) in (95, 96):  # a DOJ file with a problem: say what it is
        return None
    if len(table.headers) < 2:  # one column is no one's list of convictions
        return None
    return ClinicInput(table=table, guess=guess_mapping(table), refusal=refusal)


def prepare_records(records: Records, *, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Prepared:
    return prepare(records, load_code_sections(code_sections_path()), progress=progress, cancelled=cancelled)


def load_clinic(table: SheetTable, mapping: ColumnMapping, *, county: str = "", progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> Prepared:
    """A clinic's sheet with its mapping, prepared. `county`: the county of every conviction when
    the sheet has no county column (default: the mapping's)."""
    return prepare_records(clinic_records(table, mapping, county=county), progress=progress, cancelled=cancelled)


def load_any(paths: Iterable[str | Path], *, mapping: ColumnMapping | None = None, county: str = "",
             lists_every_conviction: bool = False, progress: Progress | None = None,
             cancelled: Callable[[], bool] | None = None, prepare_progress: Progress | None = None) -> Loaded:
    """DOJ research files, or one clinic's sheet with `mapping` (or the guessed one). Raises
    MappingNeeded when a required field cannot be guessed."""
    paths = list(paths)
    if mapping is not None:
        if len(paths) != 1:
            raise InputFileError(paths[0] if paths else "(none)", "a column mapping reads one clinic spreadsheet "
                                                                  "at a time")
        table = read_table(paths[0], sheet=mapping.sheet, header_row=mapping.header_row)
        guess = None
    else:
        opened = open_input(paths, progress=progress, cancelled=cancelled)
        if opened.records is not None:
            return Loaded(prepared=prepare_records(opened.records, progress=prepare_progress, cancelled=cancelled))
        assert opened.clinic is not None
        guess = opened.clinic.guess
        mapping = guess.mapping()
        missing = mapping.missing_required()
        if missing:
            raise MappingNeeded(opened.clinic, missing)
        table = opened.clinic.table
    if lists_every_conviction:
        mapping = mapping.with_(lists_every_conviction=True)
    prepared = load_clinic(table, mapping, county=county or mapping.county, progress=prepare_progress,
                           cancelled=cancelled)
    return Loaded(prepared=prepared, mapping=mapping, guess=guess)
