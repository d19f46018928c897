"""What the worker thread does for the window: load + evaluate, re-evaluate, build the all-rows
table. Each function returns a task for `JobRunner.start` (a callable taking a JobContext).

Loading is `session_task` around a `prepare(ctx)` callable: DOJ research files (`load_task`,
which hands back `MappingNeeded` for a file that reads as a clinic's spreadsheet instead), or any
other way of making a `Prepared` (a clinic's sheet with its mapping, a typed-in client)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..core.evaluate import county_counts, evaluate
from ..core.results import Results
from ..core.clinic.mapping import ColumnMapping
from ..core.clinic.sheet import is_table_file, looks_like_doj_text
from ..core.errors import InputFileError, RecordClearanceError
from ..core.pipeline import ClinicInput, open_input, prepare_records
from ..core.prepare import Prepared
from ..core.records import InputProblem
from ..core.ruleset import Policy
from ..core.schema import ALL_COUNTIES
from .table_data import TableData, all_rows_table, conviction_table, with_results
from .worker import JobContext


@dataclass
class Session:
    """One loaded data set and its current evaluation."""

    paths: list[str]  # the input files ([] for data typed in)
    prepared: Prepared
    counties: pd.Series
    results: Results
    conv_table: TableData
    date_problems: list[InputProblem] = field(default_factory=list)
    unknown_conviction_dates: int = 0
    unknown_birth_dates: int = 0
    born_after_conviction: int = 0  # convictions dated before the person's date of birth
    all_static: TableData | None = None  # every input row, built when first shown
    all_table: TableData | None = None  # all_static with the current evaluation
    load_seconds: float = 0.0
    title: str = ""  # what the window title and status name it ('' : the files' names)
    all_counties: bool | None = None  # offer "All counties" (None: when the data hold several)
    # The county of every row is the user's choice, not read from the data (a clinic's sheet
    # without a county column): the load task for another county.
    assign_county: Callable[[str], "TaskMaker"] | None = None
    mapping: ColumnMapping | None = None  # the column mapping of a clinic's sheet (None: DOJ files)

    @property
    def name(self) -> str:
        return self.title or ", ".join(Path(p).name for p in self.paths)


@dataclass(frozen=True)
class MappingNeeded:
    """The input is no DOJ research file but reads as a clinic's spreadsheet: the window asks for
    its column mapping (gui/clinic_controller.py), then loads it."""

    paths: list[str]
    clinic: ClinicInput


LoadTask = Callable[[JobContext], "Session | MappingNeeded"]
TaskMaker = Callable[[Policy, dt.date], LoadTask]  # the load task for a policy and an evaluation date


@dataclass
class Evaluation:
    results: Results
    conv_table: TableData
    all_table: TableData | None


NOT_GUESSED = ("If it is a clinic's own spreadsheet, open it with File > Open clinic spreadsheet and choose "
               "which column holds each field.")


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def load_task(paths: list[str], policy: Policy, county_hint: str, as_of: dt.date, *,
              keep_county: bool = False) -> LoadTask:
    """Read DOJ research files and evaluate them; a single spreadsheet that is not one comes back
    as `MappingNeeded`. `keep_county`: evaluate in `county_hint` whatever the files hold (a
    workspace's county)."""
    names = ", ".join(Path(p).name for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")

    def prepare(ctx: JobContext) -> Prepared | MappingNeeded:
        ctx.status(f"Reading {names}")

        def reading(done: int, total: int) -> None:
            if done < total:
                ctx.progress(done, total, f"Reading {names}: {_mb(done)} of {_mb(total)} "
                                          f"({int(100 * done / max(total, 1))}%)")
        try:
            opened = open_input(paths, progress=reading, cancelled=ctx.cancelled)
        except InputFileError as refusal:
            # no column of it could be guessed (a damaged DOJ file is no clinic's sheet: its refusal says it all)
            if len(paths) == 1 and is_table_file(Path(paths[0])) and not looks_like_doj_text(paths[0]):
                raise RecordClearanceError(f"{refusal}\n\n{NOT_GUESSED}") from None
            raise
        if opened.clinic is not None:
            return MappingNeeded(list(paths), opened.clinic)
        assert opened.records is not None
        return prepare_records(opened.records, cancelled=ctx.cancelled,
                               progress=ctx.stage("Preparing the records: people, convictions and histories"))
    return session_task(paths, prepare, policy, county_hint, as_of, keep_county=keep_county)


def session_task(paths: list[str], prepare: Callable[[JobContext], Prepared | MappingNeeded], policy: Policy,
                 county_hint: str, as_of: dt.date, *, title: str = "", all_counties: bool | None = None,
                 assign_county: Callable[[str], TaskMaker] | None = None, mapping: ColumnMapping | None = None,
                 keep_county: bool = False) -> LoadTask:
    """`prepare(ctx)` the data set, then evaluate it in `county_hint` (when the data have it, or
    "All counties" when offered, or always with `keep_county`: a workspace's county; else the
    county with the most rows). The other keywords are the Session's fields of the same names."""
    def task(ctx: JobContext) -> Session | MappingNeeded:
        started = time.perf_counter()
        prepared = prepare(ctx)
        if isinstance(prepared, MappingNeeded):
            return prepared
        counties = county_counts(prepared)
        offers_all = len(counties) > 1 if all_counties is None else all_counties
        county = county_hint if keep_county or county_hint in counties.index or (
            county_hint == ALL_COUNTIES and offers_all) else (str(counties.index[0]) if len(counties) else "")
        evaluation = evaluate_now(ctx, prepared, policy, county, as_of, None)
        problems = prepared.date_problems
        kinds = Counter(p.kind for p in problems)
        return Session(paths=list(paths), prepared=prepared, counties=counties, results=evaluation.results,
                       conv_table=evaluation.conv_table, date_problems=problems,
                       unknown_conviction_dates=kinds["unknown_conviction_date"],
                       unknown_birth_dates=kinds["unknown_birth_date"],
                       born_after_conviction=kinds["birth_after_conviction"], load_seconds=time.perf_counter() - started,
                       title=title, all_counties=all_counties, assign_county=assign_county, mapping=mapping)
    return task


def evaluate_now(ctx: JobContext, prepared: Prepared, policy: Policy, county: str, as_of: dt.date,
                 all_static: TableData | None) -> Evaluation:
    label = f"Evaluating the Prop 64 convictions in {county or 'the file'} with '{policy.name}'"
    ctx.status(label)
    results = evaluate(prepared, policy, county, as_of=as_of, progress=ctx.stage(label), cancelled=ctx.cancelled)
    ctx.busy(f"Showing {len(results.evaluated):,} convictions…")
    table = conviction_table(results)
    return Evaluation(results, table, with_results(all_static, results) if all_static is not None else None)


def evaluate_task(prepared: Prepared, policy: Policy, county: str, as_of: dt.date,
                  all_static: TableData | None) -> Callable[[JobContext], Evaluation]:
    return lambda ctx: evaluate_now(ctx, prepared, policy, county, as_of, all_static)


def all_rows_task(prepared: Prepared, results: Results) -> Callable[[JobContext], tuple[TableData, TableData]]:
    def task(ctx: JobContext) -> tuple[TableData, TableData]:
        n = prepared.records.row_count
        static = all_rows_table(prepared, progress=ctx.stage(f"Preparing all {n:,} input rows for the table"))
        return static, with_results(static, results)
    return task
