"""What the worker thread does for the window: load + evaluate, re-evaluate, build the all-rows
table. Each function returns a task for `JobRunner.start` (a callable taking a JobContext)."""

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
from ..core.pipeline import load
from ..core.prepare import Prepared
from ..core.records import InputProblem
from ..core.ruleset import Policy
from .table_data import TableData, all_rows_table, conviction_table, with_results
from .worker import JobContext


@dataclass
class Session:
    """One loaded data set and its current evaluation."""

    paths: list[str]
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


@dataclass
class Evaluation:
    results: Results
    conv_table: TableData
    all_table: TableData | None


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def load_task(paths: list[str], policy: Policy, county_hint: str, as_of: dt.date, *, keep_county: bool = False
              ) -> Callable[[JobContext], Session]:
    """Read and evaluate `paths`. The county is `county_hint` when the files have it (always, with
    `keep_county`: a workspace's county), else the one with the most rows."""
    def task(ctx: JobContext) -> Session:
        started = time.perf_counter()
        names = ", ".join(Path(p).name for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        ctx.status(f"Reading {names}")

        def reading(done: int, total: int) -> None:
            if done < total:
                ctx.progress(done, total, f"Reading {names}: {_mb(done)} of {_mb(total)} "
                                          f"({int(100 * done / max(total, 1))}%)")
        prepared = load(paths, progress=reading, cancelled=ctx.cancelled,
                        prepare_progress=ctx.stage("Preparing the records: people, convictions and histories"))
        counties = county_counts(prepared)
        if keep_county or county_hint in counties.index:
            county = county_hint
        else:
            county = str(counties.index[0]) if len(counties) else ""
        evaluation = evaluate_now(ctx, prepared, policy, county, as_of, None)
        problems = prepared.date_problems
        kinds = Counter(p.kind for p in problems)
        return Session(paths=list(paths), prepared=prepared, counties=counties, results=evaluation.results,
                       conv_table=evaluation.conv_table, date_problems=problems,
                       unknown_conviction_dates=kinds["unknown_conviction_date"],
                       unknown_birth_dates=kinds["unknown_birth_date"],
                       born_after_conviction=kinds["birth_after_conviction"], load_seconds=time.perf_counter() - started)
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
