"""A workspace's data set, evaluated and with its reviews: what the window shows and what the
command line exports. Reading and evaluating are the app's usual pipeline; the reviews are one
join on the conviction key."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from ..evaluate import evaluate
from ..export import BundlePaths, export_bundle
from ..clinic.mapping import ColumnMapping, parse_mapping
from ..pipeline import load, load_any
from ..results import Results
from .apply import apply_reviews, with_reviews
from .carry_over import CarryOver
from .errors import WorkspaceError
from .sheets import Sheet, review_sheets
from .workspace import Workspace

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class WorkspaceData:
    results: Results  # evaluated with the workspace's policy, county and evaluation date
    reviewed: pd.DataFrame  # apply_reviews(results.evaluated, workspace.reviews())
    carry_over: CarryOver | None  # when the input files differ from the workspace's (None: the same)
    saved: bool  # the carry-over was saved (a read-only workspace only shows it)


def stored_paths(ws: Workspace) -> list[Path]:
    """Where the workspace's input files were; raises WorkspaceError naming one that is gone."""
    paths = []
    for f in ws.evaluation().files:
        path = Path(f.path)
        if not path.is_file():
            raise WorkspaceError(ws.path, f"its input file {f.name} is no longer at {path.parent}; give its new "
                                          "place (record-clearance workspace refresh ... --input FILE)")
        paths.append(path)
    return paths


def column_mapping(ws: Workspace) -> ColumnMapping | None:
    """The column mapping the workspace's clinic spreadsheet is read with (None: DOJ research files)."""
    text = ws.evaluation().mapping_text
    return parse_mapping(text, f"{ws.path.name} (its column mapping)") if text else None


def evaluate_for(ws: Workspace, paths: Sequence[str | Path] | None = None, *, progress: Progress | None = None,
                 prepare_progress: Progress | None = None, evaluate_progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Results:
    """Read `paths` (default: the workspace's own files; a clinic's sheet with the workspace's
    column mapping) and evaluate them as the workspace does."""
    ev = ws.evaluation()
    mapping = column_mapping(ws)
    if mapping is not None:
        prepared = load_any(paths or stored_paths(ws), mapping=mapping, progress=progress, cancelled=cancelled,
                            prepare_progress=prepare_progress).prepared
    else:
        prepared = load(paths or stored_paths(ws), progress=progress, cancelled=cancelled,
                        prepare_progress=prepare_progress)
    return evaluate(prepared, ws.policy(), ev.county, as_of=ev.as_of, progress=evaluate_progress,
                    cancelled=cancelled)


def same_files(ws: Workspace, results: Results) -> bool:
    return [f.sha256 for f in results.records.files] == [f.sha256 for f in ws.evaluation().files]


def open_data(ws: Workspace, paths: Sequence[str | Path] | None = None, *, reviewer: str | None = None,
              progress: Progress | None = None, prepare_progress: Progress | None = None,
              evaluate_progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> WorkspaceData:
    """The workspace's data set with its reviews. Files with another SHA-256 than the workspace's
    (a new DOJ extract) are a refresh: saved when the workspace is writable and `reviewer` given,
    otherwise only planned (shown, not saved)."""
    results = evaluate_for(ws, paths, progress=progress, prepare_progress=prepare_progress,
                           evaluate_progress=evaluate_progress, cancelled=cancelled)
    carry, saved = None, False
    if not same_files(ws, results):
        if ws.read_only or not reviewer:
            carry = ws.plan_carry_over(results)
        else:
            carry, saved = ws.refresh(results, reviewer=reviewer), True
    return WorkspaceData(results, apply_reviews(results.evaluated, ws.reviews()), carry, saved)


def export_workspace(ws: Workspace, results: Results, folder: str | Path, *, suffix: str = "", force: bool = False,
                     workbook: bool = True, run_seconds: float = 0.0, progress: Progress | None = None) -> BundlePaths:
    """The result bundle with the final decisions: the gogen-compatible columns keep the automatic
    decision; "Conviction key" and the review columns follow them; the workbook gets the Reviews
    and Audit log sheets."""
    return export_with_reviews(results, ws.reviews(), ws.audit_log() if workbook else None, folder, suffix=suffix,
                               force=force, workbook=workbook, run_seconds=run_seconds, progress=progress)


def with_review_sheets(results: Results, reviews: pd.DataFrame,
                       log: pd.DataFrame | None) -> tuple[Results, list[Sheet]]:
    """`results` with the review columns and `reviewProgress` (with_reviews), and the workbook's
    Reviews and Audit log sheets (none without `log`)."""
    reviewed = with_reviews(results, reviews)
    sheets = review_sheets(reviews, results.evaluated, apply_reviews(results.evaluated, reviews), log) \
        if log is not None else []
    return reviewed, sheets


def export_with_reviews(results: Results, reviews: pd.DataFrame, log: pd.DataFrame | None, folder: str | Path, *,
                        suffix: str = "", force: bool = False, workbook: bool = True, run_seconds: float = 0.0,
                        progress: Progress | None = None) -> BundlePaths:
    """export_workspace from a copy of the workspace's reviews and audit log (Workspace.reviews(),
    Workspace.audit_log()) taken when the export was asked for: what a worker thread writes
    while the window goes on."""
    started = time.perf_counter()
    reviewed, sheets = with_review_sheets(results, reviews, log if workbook else None)
    return export_bundle(reviewed, folder, suffix=suffix, force=force, workbook=workbook,
                         run_seconds=run_seconds or time.perf_counter() - started, progress=progress,
                         extra_sheets=sheets)
