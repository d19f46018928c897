"""Exports the window offers: the result bundle (CSV files and/or the workbook) through the
engine, or the table's current filtered view as CSV or XLSX. Runs in the worker thread.

Every file is written under a temporary name and renamed when complete (core.output_files.atomic_file).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import OutputError
from ..core.export import bundle_paths, export_bundle
from ..core.output_files import atomic_file, check_output_folder
from ..core.results import Results
from ..core.workbook import XLSX_MAX_ROWS
from ..core.workspace import export_with_reviews, with_review_sheets
from ..core.workspace.sheets import Sheet
from .contrast import TEXT, ColourPair
from .worker import JobContext

BUNDLE = "bundle"  # CSV files + Results.xlsx
BUNDLE_CSV = "bundle_csv"  # CSV files + Summary.json, no workbook
WORKBOOK = "workbook"  # Results.xlsx only
VIEW_CSV = "view_csv"
VIEW_XLSX = "view_xlsx"
KINDS = {
    BUNDLE: "Result bundle: CSV files, Summary.json and the Excel workbook",
    BUNDLE_CSV: "Result bundle without the workbook (CSV files and Summary.json)",
    WORKBOOK: "Excel workbook only (Results.xlsx)",
    VIEW_CSV: "The current filtered view only, as CSV",
    VIEW_XLSX: "The current filtered view only, as Excel (XLSX)",
}
CHUNK = 50_000
Reviews = tuple[pd.DataFrame, pd.DataFrame]  # a workspace's reviews and audit log, copied when asked for
XLSX_HEADER_BG = "#DDE5F0"  # the filtered view's header row in Excel, under Excel's black text
FIXED_COLOURS = (ColourPair("filtered-view workbook header", "#000000", XLSX_HEADER_BG, TEXT),)


@dataclass(frozen=True)
class ViewSnapshot:
    """The visible columns and rows of the table, in view order (arrays are not modified later)."""

    titles: list[str]
    codes: list[np.ndarray]
    labels: list[np.ndarray]
    rows: np.ndarray  # base rows, view order

    def texts(self, start: int, stop: int) -> list[np.ndarray]:
        part = self.rows[start:stop]
        return [labels[codes[part]] for codes, labels in zip(self.codes, self.labels)]


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    folder: Path
    suffix: str = ""

    def targets(self) -> list[Path]:
        tail = f"_{self.suffix}" if self.suffix else ""
        paths = bundle_paths(self.folder, self.suffix)
        if self.kind == BUNDLE:
            return paths.all()
        if self.kind == BUNDLE_CSV:
            return paths.all()[:-1]
        if self.kind == WORKBOOK:
            return [paths.workbook]
        if self.kind == VIEW_CSV:
            return [self.folder / f"Filtered_View{tail}.csv"]
        return [self.folder / f"Filtered_View{tail}.xlsx"]


def run_export(request: ExportRequest, results: Results, view: ViewSnapshot | None, ctx: JobContext,
               force: bool, reviews: Reviews | None = None) -> list[Path]:
    """Write the requested files; returns their paths. Raises OutputError (nothing half-written).
    With a workspace's `reviews`, the bundle and the workbook carry the final decisions and the
    workbook the Reviews and Audit log sheets."""
    targets = request.targets()
    check_output_folder(request.folder, targets, force)
    if request.kind in (BUNDLE, BUNDLE_CSV):
        ctx.status("Writing the result bundle")
        progress = ctx.stage("Writing the result bundle")
        if reviews is not None:
            export_with_reviews(results, reviews[0], reviews[1], request.folder, suffix=request.suffix, force=force,
                                workbook=request.kind == BUNDLE, progress=progress)
        else:
            export_bundle(results, request.folder, suffix=request.suffix, force=force,
                          workbook=request.kind == BUNDLE, progress=progress)
    elif request.kind == WORKBOOK:
        from ..core.workbook import write_workbook

        sheets: list[Sheet] = []
        if reviews is not None:
            results, sheets = with_review_sheets(results, reviews[0], reviews[1])
        with atomic_file(targets[0]) as f:
            write_workbook(f, results, scratch_dir=targets[0].parent, progress=ctx.stage("Writing the Excel workbook"),
                           extra_sheets=sheets)
    else:
        if view is None:
            raise OutputError("There is no table to export.")
        if request.kind == VIEW_CSV:
            write_view_csv(targets[0], view, ctx)
        else:
            write_view_xlsx(targets[0], view, ctx)
    return targets


def write_view_csv(path: Path, view: ViewSnapshot, ctx: JobContext) -> None:
    n = len(view.rows)
    with atomic_file(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(view.titles)
        for start in range(0, n, CHUNK):
            writer.writerows(zip(*view.texts(start, min(n, start + CHUNK))))
            ctx.progress(min(n, start + CHUNK), n, f"Writing {path.name}: {min(n, start + CHUNK):,} of {n:,} rows")
        text.flush()
        text.detach()


def write_view_xlsx(path: Path, view: ViewSnapshot, ctx: JobContext) -> None:
    import xlsxwriter

    n = len(view.rows)
    if n + 1 > XLSX_MAX_ROWS:
        raise OutputError(f"{n:,} rows do not fit in one Excel sheet (at most {XLSX_MAX_ROWS - 1:,} rows); "
                          "export the view as CSV, or filter it further.")
    with atomic_file(path) as raw:
        # Rows wait in XlsxWriter's scratch files beside the result, never in the system's temp folder.
        book = xlsxwriter.Workbook(raw, {"constant_memory": True, "tmpdir": str(path.parent),
                                         "strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
        sheet = book.add_worksheet("Filtered view")
        header = book.add_format({"bold": True, "bg_color": XLSX_HEADER_BG, "border": 1})
        for c, title in enumerate(view.titles):
            sheet.write_string(0, c, title, header)
            sheet.set_column(c, c, max(10, min(40, len(title) + 4)))
        for start in range(0, n, CHUNK):
            texts = view.texts(start, min(n, start + CHUNK))
            for i, values in enumerate(zip(*texts)):
                for c, value in enumerate(values):
                    sheet.write_string(start + i + 1, c, value)
            ctx.progress(min(n, start + CHUNK), n, f"Writing {path.name}: {min(n, start + CHUNK):,} of {n:,} rows")
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(n, 1), max(len(view.titles) - 1, 0))
        book.close()
