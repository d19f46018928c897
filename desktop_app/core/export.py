"""Write the result bundle: All_Results.csv, All_Results_Condensed.csv, Prop64_Results.csv,
Input_Problems.csv, Summary.json and the Results.xlsx workbook.

Files are written under a temporary name in the output folder and renamed when complete, so an
interrupted export leaves no partial file. Existing files are never replaced unless asked.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .csv_text import BackgroundWriter, encode_header, encode_rows, line_buffers
from .bundle_columns import bundle_names, bundle_values
from .original_text import original_lines
from .output_files import Staging, check_output_folder
from .results import Results, processing_seconds
from .schema import DOJ_COLUMNS

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class BundlePaths:
    all_results: Path
    condensed: Path
    prop64: Path
    problems: Path
    summary: Path
    workbook: Path

    def all(self) -> list[Path]:
        return [self.all_results, self.condensed, self.prop64, self.problems, self.summary, self.workbook]


class _CombinedProgress:
    """One progress figure for parts written at the same time, weighted by their size."""

    def __init__(self, progress: Progress | None, weights: dict[str, float]) -> None:
        self._progress = progress
        self._weights = {k: w for k, w in weights.items() if w > 0}
        self._done = {k: 0.0 for k in self._weights}
        self._lock = threading.Lock()

    def part(self, name: str) -> Progress:
        def report(done: int, total: int) -> None:
            with self._lock:
                self._done[name] = done / max(total, 1)
                if self._progress:
                    total_weight = sum(self._weights.values())
                    got = sum(self._done[k] * w for k, w in self._weights.items())
                    self._progress(int(got / total_weight * 1000), 1000)
        return report

    def done(self) -> None:
        if self._progress:
            self._progress(1000, 1000)


def bundle_paths(folder: str | Path, suffix: str = "") -> BundlePaths:
    folder = Path(folder)
    tail = f"_{suffix}" if suffix else ""
    return BundlePaths(all_results=folder / f"All_Results{tail}.csv",
                       condensed=folder / f"All_Results_Condensed{tail}.csv",
                       prop64=folder / f"Prop64_Results{tail}.csv",
                       problems=folder / f"Input_Problems{tail}.csv",
                       summary=folder / f"Summary{tail}.json",
                       workbook=folder / f"Results{tail}.xlsx")


def eligibility_rows(results: Results) -> tuple[np.ndarray, pa.Table]:
    """The rows that have any eligibility value (positions in the records, in order) and their
    eligibility (and added) columns: each evaluated conviction's first row, and rows whose comment names
    another Prop 64 section (`Possible Other P64 Charges` is shown on every row)."""
    evaluated = results.evaluated["row"].to_numpy()
    other = results.prepared.rows["possible_other_p64"].array  # code 0 is '' (no flag)
    positions = np.union1d(evaluated, np.flatnonzero(other.codes != 0)).astype(np.int64)
    at = np.searchsorted(positions, evaluated)
    columns = {}
    for name, column in bundle_values(results).items():
        if name == "Possible Other P64 Charges":
            values = np.asarray(other.categories, dtype=object)[other.codes[positions]]
        else:
            values = np.full(len(positions), "", dtype=object)
            values[at] = column.astype(str)
        columns[name] = pa.array(values, pa.string())
    return positions, pa.table(columns)


def eligibility_table(results: Results) -> pa.Table:
    """The eligibility (and added) columns for every input row ('' where a row has none)."""
    positions, table = eligibility_rows(results)
    indices = np.full(results.records.row_count, len(positions), dtype=np.int64)
    indices[positions] = np.arange(len(positions))
    blank = pa.table({name: pa.array([""], pa.string()) for name in table.column_names})
    return pa.concat_tables([table, blank]).take(pa.array(indices))


def eligibility_text(results: Results) -> pa.Array:
    """The eligibility columns of every row as CSV text. Most rows have none: they share one
    constant text, and only rows with a value are encoded."""
    positions, table = eligibility_rows(results)
    encoded = encode_rows(table.columns).to_pylist() if len(positions) else []
    indices = np.zeros(results.records.row_count, dtype=np.int32)
    indices[positions] = np.arange(1, len(positions) + 1, dtype=np.int32)
    dictionary = pa.array(["," * (table.num_columns - 1)] + encoded, pa.string())
    return pc.cast(pa.DictionaryArray.from_arrays(pa.array(indices), dictionary), pa.string())


def _eligibility_names(results: Results) -> list[str]:
    return bundle_names(results)


def write_all_results(out: BinaryIO, results: Results, eligibility_lines: pa.Array, rows: np.ndarray,
                      progress: Progress | None = None) -> None:
    """Each row's original fields, untouched, then its eligibility (and added) columns."""
    header = results.records.dataset.original_header()  # the DOJ fields, or a clinic sheet's own columns
    out.write((encode_header(header + _eligibility_names(results)) + "\n").encode())
    done = 0
    writer = BackgroundWriter(out)
    try:
        for part, original in original_lines(results.records, rows):
            writer.write(line_buffers(pc.binary_join_element_wise(
                original, eligibility_lines.take(pa.array(part)), ",")))
            done += len(part)
            if progress:
                progress(done, len(rows))
    finally:
        writer.close()


def write_condensed(out: BinaryIO, results: Results, eligibility_lines: pa.Array,
                    progress: Progress | None = None) -> None:
    names, frame = results.records.dataset.condensed(results.records.frame)
    out.write((encode_header(list(names) + _eligibility_names(results)) + "\n").encode())
    n = len(frame)
    writer = BackgroundWriter(out)
    try:
        for start in range(0, n, CHUNK_ROWS):
            stop = min(n, start + CHUNK_ROWS)
            doj = [pa.array(frame[c].iloc[start:stop]) for c in names]
            writer.write(line_buffers(pc.binary_join_element_wise(
                encode_rows(doj), eligibility_lines.slice(start, stop - start), ",")))
            if progress:
                progress(stop, n)
    finally:
        writer.close()


def write_problems(out: BinaryIO, results: Results) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["File", "Line", "Problem", "Fields found", "Fields expected", "Message"])
    for p in results.prepared.input_problems():
        writer.writerow([p.file, p.line or "", p.kind, p.fields_found or "",
                         len(DOJ_COLUMNS) if p.fields_found else "", p.message])
    out.write(text.getvalue().encode("utf-8"))


def summary_json(results: Results, run_seconds: float | None) -> dict[str, Any]:
    summary = dict(results.summary)
    summary["processingTimeInSeconds"] = round(processing_seconds(results, run_seconds), 3)
    return summary


def export_bundle(results: Results, folder: str | Path, *, suffix: str = "", force: bool = False,
                  workbook: bool = True, run_seconds: float | None = None,
                  progress: Progress | None = None, extra_sheets: Sequence[Any] = ()) -> BundlePaths:
    """Write the whole bundle into `folder`. Raises OutputError before writing anything if the
    folder is unusable or a file exists (unless `force`). `extra_sheets` go to the workbook."""
    paths = bundle_paths(folder, suffix)
    targets = paths.all() if workbook else paths.all()[:-1]
    check_output_folder(Path(folder), targets, force)
    eligibility = eligibility_text(results)
    n = results.records.row_count
    evaluated_rows = results.evaluated["row"].to_numpy()
    report = _CombinedProgress(progress, weights={"all": 5.0, "condensed": 2.0, "prop64": 0.5,
                                                   "workbook": 1.0 if workbook else 0.0})
    staging = Staging()
    try:
        # All_Results.csv (the largest) and the workbook are written in worker threads while the
        # rest are written here: file I/O, Arrow and zlib release the GIL, so two cores share the work.
        with ThreadPoolExecutor(max_workers=2) as pool:
            def write_everything() -> None:
                with staging.file(paths.all_results) as f:
                    write_all_results(f, results, eligibility, np.arange(n), report.part("all"))

            def write_book() -> None:
                from .workbook import write_workbook

                with staging.file(paths.workbook) as f:
                    write_workbook(f, results, scratch_dir=paths.workbook.parent, run_seconds=run_seconds,
                                   progress=report.part("workbook"),
                                   extra_sheets=extra_sheets)
            workers = [pool.submit(write_everything)] + ([pool.submit(write_book)] if workbook else [])
            try:
                with staging.file(paths.condensed) as f:
                    write_condensed(f, results, eligibility, report.part("condensed"))
                with staging.file(paths.prop64) as f:
                    write_all_results(f, results, eligibility, evaluated_rows, report.part("prop64"))
                with staging.file(paths.problems) as f:
                    write_problems(f, results)
                with staging.file(paths.summary) as f:
                    f.write(json.dumps(summary_json(results, run_seconds), indent=2).encode("utf-8"))
            finally:
                for worker in workers:
                    worker.result()
        staging.commit(order=paths.all())
    except BaseException:
        staging.abort()
        raise
    report.done()
    log.info("wrote the result bundle (%d rows) to the chosen folder", n)
    return paths
