"""The Convictions sheet's rows are built column-wise (desktop_app.core.xlsx_rows), not cell by
cell in XlsxWriter: the XML must be exactly what XlsxWriter writes for the same cells."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import numpy as np
import openpyxl
import pyarrow as pa
import pytest
import xlsxwriter

from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import default_policy_path, load
from desktop_app.core.ruleset import load_policy
from desktop_app.core import workbook
from desktop_app.core.generate import write_records
from desktop_app.core.bundle_columns import bundle_values
from desktop_app.core.schema import CONDENSED_DOJ_COLUMNS
from desktop_app.core.workbook import FLOAT_COLUMNS, write_workbook
from desktop_app.core.xlsx_rows import number_cells, rows_xml, text_cells

AWKWARD = ["", "plain", " leading", "trailing ", "  ", "a&b<c>d", 'say "x"', "_x0041_ looks escaped",
           "bell\x07char", "tab\there", "line\nbreak", "ends in newline\n", "CAFÉ ÑANDÚ", "\u00a0nbsp",
           "emoji 😀", "<r>rich</r>", "<r>half", "non-char \ufffe", "x" * 40_000, "😀" * 20_000]
NUMBERS = [0.0, -0.0, -1.0, 3.0, 12.3, 0.1 + 0.2, 1e20, 123456789012.5, 2.5e-7]


def xlsxwriter_sheet(columns: list[list[object]]) -> bytes:
    """The sheet XML XlsxWriter writes for these columns, cell by cell (constant-memory mode),
    as the workbook writer did before it built rows column-wise."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Convictions")
    for r in range(len(columns[0])):
        for c, values in enumerate(columns):
            value = values[r]
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, float(value))  # type: ignore[arg-type]
    book.close()
    with zipfile.ZipFile(out) as package:
        return package.read("xl/worksheets/sheet1.xml")


def sheet_data(xml: bytes) -> bytes:
    return re.search(rb"<sheetData>(.*)</sheetData>", xml, re.S).group(1)  # type: ignore[union-attr]


def test_awkward_text_and_numbers_are_written_as_xlsxwriter_writes_them() -> None:
    numbers = (NUMBERS * 3)[: len(AWKWARD)]
    built = rows_xml([text_cells(pa.array(AWKWARD)), number_cells(np.array(numbers)),
                      text_cells(pa.array(list(reversed(AWKWARD))))], 1)
    expected = sheet_data(xlsxwriter_sheet([AWKWARD, numbers, list(reversed(AWKWARD))]))
    assert bytes(built) == expected


def test_column_letters_past_z() -> None:
    cells = [text_cells(pa.array([""]))] * 27 + [text_cells(pa.array(["v"]))]
    assert bytes(rows_xml(cells, 7)).endswith(b'<c r="AB7" t="inlineStr"><is><t>v</t></is></c></row>')


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("gen") / "doj.csv"
    write_records(path, 20_000, "SACRAMENTO", seed=3, shape="histories")
    prepared = load([path])
    return evaluate(prepared, load_policy(default_policy_path()), "SACRAMENTO", as_of=dt.date(2024, 1, 1))


def cell_values(results) -> list[list[object]]:
    """The cells as the workbook writer used to collect them, header first, column by column."""
    ev = results.evaluated
    rows = ev["row"].to_numpy()
    frame = results.records.frame
    columns = [[name] + list(frame[name].take(rows).to_numpy(dtype=object)) for name in CONDENSED_DOJ_COLUMNS]
    for name, values in bundle_values(results).items():
        if name in FLOAT_COLUMNS:
            values = np.array([float(v) for v in values], dtype=float)
        columns.append([name] + list(values))
    return columns


def test_convictions_sheet_is_byte_identical_to_cell_by_cell_xlsxwriter(results, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(workbook, "BLOCK_ROWS", 97)  # several blocks, the last one short
    out = io.BytesIO()
    write_workbook(out, results, scratch_dir=tmp_path, run_seconds=1.0)
    book = zipfile.ZipFile(out)
    written = book.read("xl/worksheets/sheet1.xml")
    expected = xlsxwriter_sheet(cell_values(results))
    n = len(results.evaluated)
    assert n > 500
    # The header row carries the header format; the data rows are what XlsxWriter writes.
    assert sheet_data(written).split(b"</row>", 1)[1] == sheet_data(expected).split(b"</row>", 1)[1]
    assert f'<dimension ref="A1:AM{n + 1}"/>'.encode() in written
    assert f'<autoFilter ref="A1:AM{n + 1}"/>'.encode() in written
    names = book.namelist()
    assert names.index("xl/worksheets/sheet1.xml") < names.index("xl/worksheets/sheet2.xml")
    assert book.testzip() is None


def test_workbook_reads_back_with_text_ids_and_numbers(results, tmp_path) -> None:
    out = io.BytesIO()
    write_workbook(out, results, scratch_dir=tmp_path)
    sheet = openpyxl.load_workbook(out, read_only=True)["Convictions"]
    rows = list(sheet.iter_rows(values_only=True))
    header, first = rows[0], dict(zip(rows[0], rows[1]))
    ev = results.evaluated
    assert len(rows) == len(ev) + 1
    assert isinstance(first["CII_NUMBER"], str) and first["CII_NUMBER"].strip().isdigit()
    assert isinstance(first["PRI_DOB"], str)
    assert isinstance(first["# of convictions on record"], (int, float))
    assert isinstance(first["Years Since This Conviction"], float)
    assert [r[header.index("Eligibility Determination")] for r in rows[1:]] == \
        ev["determination"].astype(str).tolist()


def test_an_empty_result_still_has_the_header(results, tmp_path) -> None:
    empty = evaluate(results.prepared, results.policy, "NO SUCH COUNTY",
                     as_of=dt.date(2024, 1, 1))
    out = io.BytesIO()
    write_workbook(out, empty, scratch_dir=tmp_path)
    with zipfile.ZipFile(out) as package:
        written = package.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:AM1"/>' in written
    sheet = openpyxl.load_workbook(out, read_only=True)["Convictions"]
    assert len(list(sheet.iter_rows(values_only=True))) == 1
