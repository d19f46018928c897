"""The Excel workbook offices review: evaluated convictions, summary, input problems, policy/audit.

Each sheet has a frozen, filterable header row and set column widths. IDs and dates stay text so
Excel does not turn them into numbers (1.87E+07) or reformat them.
"""

from __future__ import annotations

import datetime as dt
import io
import platform
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import __version__
from .errors import OutputError
from .bundle_columns import bundle_names, bundle_values
from .results import Results, processing_seconds
from .xlsx_rows import number_cells, rows_xml, splice_rows, text_cells

XLSX_MAX_ROWS = 1_048_576
BLOCK_ROWS = 5_000  # conviction rows built and compressed at a time (about 10 MB of XML)
FLOAT_COLUMNS = {"Years Since This Conviction", "Years Since Any Conviction"}
WIDTHS = {"PRI_NAME": 26, "OFFENSE_DESCR": 34, "COMMENT_TEXT": 30, "Eligibility Reason": 44,
          "Eligibility Determination": 22, "Case Number": 20, "STP_ORI_DESCR": 22, "DISP_DESCR": 24,
          "Possible Other P64 Charges": 28, "Superstrike Code Section(s)": 22, "PC290 Code Section(s)": 22}

SUMMARY_LABELS = {
    "county": "County",
    "evaluationDate": "Evaluation date",
    "lineCount": "Rows read",
    "earliestConviction": "Earliest Prop 64 conviction in the county",
    "subjectsWithProp64ConvictionCountInCounty": "People with a Prop 64 conviction in the county",
    "prop64FelonyConvictionsCountInCounty": "Prop 64 felony convictions in the county",
    "prop64NonFelonyConvictionsCountInCounty": "Prop 64 misdemeanor/infraction convictions in the county",
    "subjectsWithSomeReliefCount": "People with some relief",
    "prop64ConvictionsCountInCountyByCodeSection": "Prop 64 convictions in the county, by section",
    "determinationCounts": "Decisions",
    "convictionDismissalCountByCodeSection": "Felony convictions dismissed because the policy dismisses their section",
    "convictionReductionCountByCodeSection": "Felony convictions reduced because the policy reduces their section",
    "convictionDismissalCountByAdditionalRelief": "Felony convictions dismissed by an additional-relief option",
    "reliefWithCurrentEligibilityChoices": "With this policy",
    "reliefWithDismissAllProp64": "If every Prop 64 conviction were dismissed",
    "reliefWithDismissAllProp64AndRelated": "If every Prop 64 and related conviction were dismissed",
    "handReviewByReason": "Hand review, by reason",
    "routedByReason": "Routed to another office, by reason",
    "dismissalByReason": "Dismissals, by reason",
    "notEligibleByReason": "Not eligible, by reason",
    "inputProblemCount": "Input problems (rows that could not be read)",
    "unknownConvictionDateCount": "Convictions with an unknown date",
    "unknownBirthDateCount": "Rows with a date of birth that is not a date",
    "birthDateAfterConvictionCount": "Convictions dated before the person's date of birth",
    "processingTimeInSeconds": "Processing time (seconds)",
}
RELIEF_LABELS = {"CountSubjectsNoFelony": "People who would no longer have any felony",
                 "CountSubjectsNoConviction": "People who would no longer have any conviction",
                 "CountSubjectsNoConvictionLast7Years": "People with no conviction in the last 7 years"}


def write_workbook(out: BinaryIO, results: Results, *, scratch_dir: Path, run_seconds: float | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   extra_sheets: Sequence[tuple[str, list[str], list[list[str]]]] = ()) -> None:
    """`scratch_dir`: where XlsxWriter may keep a sheet's rows while writing (they hold record
    content, so the folder the user chose for the results, never the system's temporary folder).
    `extra_sheets`: (name, header, text rows) added after the standard sheets (a workspace's
    Reviews and Audit log)."""
    import xlsxwriter

    n = len(results.evaluated)
    if n + 1 > XLSX_MAX_ROWS:
        raise OutputError(f"{n:,} convictions do not fit in one Excel sheet (at most {XLSX_MAX_ROWS - 1:,} "
                          "rows); use the CSV files instead.")
    # XlsxWriter writes the workbook with the Convictions sheet's header only (a small file, in
    # memory); the conviction rows are built column-wise and put in while it is copied to `out`.
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {"constant_memory": True, "tmpdir": str(scratch_dir),
                                          "strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    # A fixed creation date keeps the file identical for identical input (audit sheet aside).
    book.set_properties({"title": "Prop 64 eligibility results", "created": dt.datetime(2000, 1, 1),
                         "comments": f"Record Clearance Desktop {__version__}"})
    header = book.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1, "text_wrap": True,
                              "valign": "top"})
    names = _convictions_sheet(book, header, list(conviction_names(results)), n)
    _summary_sheet(book, header, results, run_seconds)
    _problems_sheet(book, header, results)
    _audit_sheet(book, header, results, run_seconds)
    for name, columns, rows in extra_sheets:
        _text_sheet(book, header, name, columns, rows)
    book.close()
    skeleton.seek(0)
    splice_rows(skeleton, out, 1, _conviction_rows(conviction_columns(results), n, progress),
                last_row=n + 1, last_column=len(names))


def conviction_names(results: Results) -> list[str]:
    """The Convictions sheet's header: the data set's own columns (DOJ condensed fields, or a
    clinic sheet's columns), then the eligibility and added columns."""
    source_names, _ = results.records.dataset.condensed(results.records.frame)
    return list(source_names) + bundle_names(results)


def conviction_columns(results: Results) -> list[pa.Array | np.ndarray]:
    """The Convictions sheet's columns: text as Arrow strings, numbers as float arrays."""
    ev = results.evaluated
    rows = ev["row"].to_numpy()
    source_names, frame = results.records.dataset.condensed(results.records.frame)
    columns: list[pa.Array | np.ndarray] = [_text(frame[c].take(rows)) for c in source_names]
    for name, values in bundle_values(results).items():
        if name in FLOAT_COLUMNS:  # text such as "12.3" or "-1", written as a number
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
            columns.append(np.array([float(v) for v in uniques], dtype=float)[codes])
        elif np.asarray(values).dtype.kind in "iufb":
            columns.append(np.asarray(values, dtype=float))
        else:
            columns.append(_text(pd.Series(values)))
    return columns


def _text(values: pd.Series) -> pa.Array:
    if isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):  # no Python string per value
        array = pa.array(values)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        return pc.cast(array, pa.string())
    return pa.array(values.to_numpy(dtype=object), pa.string(), from_pandas=True)


def _conviction_rows(columns: list[pa.Array | np.ndarray], n: int,
                     progress: Callable[[int, int], None] | None) -> Iterator[memoryview]:
    for start in range(0, n, BLOCK_ROWS):
        count = min(BLOCK_ROWS, n - start)
        cells = [number_cells(values[start: start + count]) if isinstance(values, np.ndarray)
                 else text_cells(values.slice(start, count)) for values in columns]
        yield rows_xml(cells, start + 2)  # row 1 is the header
        if progress:
            progress(start + count, n)


def _convictions_sheet(book: Any, header: Any, names: list[str], n_rows: int) -> list[str]:
    """The sheet with its header row, widths, frozen header and filter (the rows come later)."""
    sheet = book.add_worksheet("Convictions")
    _header_row(sheet, header, names)
    _finish(sheet, names, n_rows)
    return names


def _header_row(sheet: Any, header: Any, names: list[str]) -> None:
    for c, name in enumerate(names):
        sheet.write_string(0, c, name, header)
        sheet.set_column(c, c, WIDTHS.get(name, max(10, min(18, len(name) + 2))))


def _finish(sheet: Any, names: list[str], n_rows: int) -> None:
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n_rows, 1), len(names) - 1)


def _summary_rows(results: Results, run_seconds: float | None) -> list[tuple[str, str, Any]]:
    summary = dict(results.summary)
    summary["processingTimeInSeconds"] = round(processing_seconds(results, run_seconds), 3)
    out: list[tuple[str, str, Any]] = []
    for key, label in SUMMARY_LABELS.items():
        if key not in summary:  # a figure this policy does not have (e.g. no routing)
            continue
        value = summary.get(key)
        if isinstance(value, dict):
            if not value:
                out.append((label, "(none)", 0))
            for sub, v in value.items():
                out.append((label, RELIEF_LABELS.get(sub, sub), v))
        else:
            out.append((label, "", value))
    return out


def _summary_sheet(book: Any, header: Any, results: Results, run_seconds: float | None) -> None:
    sheet = book.add_worksheet("Summary")
    names = ["Figure", "Detail", "Value"]
    _header_row(sheet, header, names)
    sheet.set_column(0, 0, 52)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, 14)
    rows = _summary_rows(results, run_seconds)
    for r, (label, detail, value) in enumerate(rows, start=1):
        sheet.write_string(r, 0, label)
        sheet.write_string(r, 1, detail)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(r, 2, value)
        else:
            sheet.write_string(r, 2, str(value))
    _finish(sheet, names, len(rows))


def _problems_sheet(book: Any, header: Any, results: Results) -> None:
    sheet = book.add_worksheet("Input problems")
    names = ["File", "Line", "Problem", "Fields found", "Message"]
    _header_row(sheet, header, names)
    sheet.set_column(4, 4, 70)
    problems = results.prepared.input_problems()
    for r, p in enumerate(problems, start=1):
        sheet.write_string(r, 0, p.file)
        if p.line is not None:
            sheet.write_number(r, 1, p.line)
        sheet.write_string(r, 2, p.kind)
        if p.fields_found is not None:
            sheet.write_number(r, 3, p.fields_found)
        sheet.write_string(r, 4, p.message)
    _finish(sheet, names, len(problems))


def audit_rows(results: Results, run_seconds: float | None) -> list[tuple[str, str]]:
    """What was run, on what, with which rules: enough to reproduce and verify the result.
    `run_seconds`: the whole run before writing, when the caller measured it (the command line)."""
    policy = results.policy
    rows = [
        ("Application", f"Record Clearance Desktop {__version__}"),
        ("Run on", f"{dt.datetime.now().isoformat(timespec='seconds')} ({platform.system()})"),
    ]
    if run_seconds is not None:
        rows.append(("Run time before writing (seconds)", f"{run_seconds:.2f}"))
    rows += [
        ("Reading and preparing (seconds)", f"{results.load_seconds:.2f}"),
        ("Evaluation time (seconds)", f"{results.seconds:.2f}"),
        ("County", results.county),
        ("Evaluation date", results.as_of.isoformat()),
        ("Policy", policy.name),
        ("Policy file", str(policy.path.name) if policy.path else "(set in the application)"),
        ("Policy file SHA-256", policy.sha256 or "(changed in the application)"),
        ("Procedure", f"{policy.procedure_id} {policy.procedure_version}"),
        ("Code-section lists", f"{results.prepared.codes.path.name} {results.prepared.codes.version}"),
        ("Dismiss sections", ", ".join(policy.options.dismiss) or "(none)"),
        ("Reduce sections", ", ".join(policy.options.reduce) or "(none)"),
    ]
    for key, value in policy.options.as_dict()["additionalRelief"].items():
        rows.append((key, str(value).lower() if isinstance(value, bool) else str(value)))
    rows.append(("Steps, in order", " > ".join(s.id for s in policy.active_steps()) + f" > {policy.otherwise.id}"))
    dataset = results.records.dataset
    if dataset.source:
        rows.append(("Data set", dataset.source))
    if dataset.mapping:
        rows.append(("Column mapping", dataset.mapping))
    if dataset.not_known:
        rows.append(("Not known from the data set", "; ".join(dataset.not_known)))
    for info in results.records.files:
        rows.append((f"Input file {info.name}", f"{info.rows:,} rows; {info.size_bytes:,} bytes; "
                                                f"encoding {info.encoding}; SHA-256 {info.sha256}"))
    return rows


def _audit_sheet(book: Any, header: Any, results: Results, run_seconds: float | None) -> None:
    sheet = book.add_worksheet("Policy and audit")
    names = ["Item", "Value"]
    _header_row(sheet, header, names)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 110)
    rows = audit_rows(results, run_seconds)
    for r, (item, value) in enumerate(rows, start=1):
        sheet.write_string(r, 0, item)
        sheet.write_string(r, 1, value)
    _finish(sheet, names, len(rows))


def _text_sheet(book: Any, header: Any, name: str, names: list[str], rows: list[list[str]]) -> None:
    if len(rows) + 1 > XLSX_MAX_ROWS:
        raise OutputError(f"the {name} sheet would have {len(rows):,} rows, more than Excel allows; "
                          "use the CSV files instead.")
    sheet = book.add_worksheet(name)
    _header_row(sheet, header, names)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    _finish(sheet, names, len(rows))
