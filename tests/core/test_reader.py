"""Reading DOJ research files: layouts, encodings, workbooks, malformed rows and wrong files."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

import openpyxl
import pytest

from factory import conviction, row, write_csv

from desktop_app.core.errors import InputFileError
from desktop_app.core import original_text
from desktop_app.core.original_text import original_lines
from desktop_app.core.reader import read_records
from desktop_app.core.schema import DOJ_COLUMNS, SOURCE_LINE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "gogen"


def texts(records) -> list[str]:
    """Every row's original text, as the exports write it."""
    return [t for _, part in original_lines(records, np.arange(records.row_count)) for t in part.to_pylist()]


def test_with_and_without_header(tmp_path):
    rows = [row("1"), row("2")]
    with_header = read_records([write_csv(tmp_path / "a.csv", rows, header=True)])
    without = read_records([write_csv(tmp_path / "b.dat", rows, header=False)])
    assert with_header.frame["SUBJECT_ID"].tolist() == without.frame["SUBJECT_ID"].tolist() == ["1", "2"]
    assert with_header.frame[SOURCE_LINE].tolist() == [2, 3]
    assert without.frame[SOURCE_LINE].tolist() == [1, 2]
    assert [f.has_header for f in with_header.files + without.files] == [True, False]


def test_trailing_comma_is_the_same_layout(tmp_path):
    records = read_records([write_csv(tmp_path / "t.txt", [row("1"), row("2")], trailing_comma=True)])
    assert records.row_count == 2 and not records.problems
    assert [len(next(csv.reader([t]))) for t in texts(records)] == [95, 95]


def test_quoted_commas_and_padding_are_kept(tmp_path):
    records = read_records([write_csv(tmp_path / "q.csv", [row("1", PRI_NAME="DOE,JANE Q", CONV_STAT_DESCR="FELONY    ")])])
    assert records.frame["PRI_NAME"].tolist() == ["DOE,JANE Q"]
    assert records.frame["CONV_STAT_DESCR"].tolist() == ["FELONY    "]


def test_latin1_file_falls_back(tmp_path):
    path = write_csv(tmp_path / "l.csv", [row("1", PRI_NAME="PEÑA,JOSÉ")], encoding="latin-1")
    records = read_records([path])
    assert records.frame["PRI_NAME"].tolist() == ["PEÑA,JOSÉ"]
    assert records.files[0].encoding == "utf8_or_latin1"


def test_utf8_bom_and_windows_line_endings(tmp_path):
    path = write_csv(tmp_path / "w.csv", [row("1"), row("2")], encoding="utf-8-sig", newline="\r\n")
    records = read_records([path])
    assert records.frame["SUBJECT_ID"].tolist() == ["1", "2"]
    assert records.files[0].has_header


def test_last_line_without_newline(tmp_path):
    path = write_csv(tmp_path / "n.csv", [row("1"), row("2")])
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert read_records([path]).frame["SUBJECT_ID"].tolist() == ["1", "2"]


def test_blank_lines_are_skipped_but_line_numbers_stay_physical(tmp_path):
    path = write_csv(tmp_path / "b.csv", [row("1")])
    with open(path, "a") as f:
        f.write("\n")
    with open(path, "a", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(row("2"))
    records = read_records([path])
    assert records.frame[SOURCE_LINE].tolist() == [2, 4]
    assert not records.problems


def test_wrong_field_counts_are_listed_never_dropped_silently(tmp_path):
    path = write_csv(tmp_path / "m.csv", [row("1"), row("2")[:94], row("3") + ["EXTRA"], row("4")])
    records = read_records([path])
    assert records.frame["SUBJECT_ID"].tolist() == ["1", "4"]
    assert records.frame[SOURCE_LINE].tolist() == [2, 5]
    assert [(p.line, p.fields_found, p.subject_id) for p in records.problems] == [(3, 94, "2"), (4, 96, "3")]
    assert "line 3 has 94 fields, expected 95" in records.problems[0].message


def test_original_line_text_is_carried_untouched(tmp_path):
    path = write_csv(tmp_path / "o.csv", [row("1", PRI_NAME="DOE,JANE", COMMENT_TEXT=' SAYS "HI" ')])
    records = read_records([path])
    original = path.read_text().splitlines()[1]
    assert texts(records) == [original]


def test_several_files_are_one_data_set(tmp_path):
    a = write_csv(tmp_path / "a.csv", [conviction("1")])
    b = write_csv(tmp_path / "b.csv", [row("1"), row("2")], header=False)
    records = read_records([a, b])
    assert records.frame["SUBJECT_ID"].tolist() == ["1", "1", "2"]
    assert records.frame["_source_file"].astype(str).tolist() == ["a.csv", "b.csv", "b.csv"]
    assert [f.rows for f in records.files] == [1, 2]
    assert all(len(f.sha256) == 64 for f in records.files)


def test_xlsx_with_the_same_columns(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(DOJ_COLUMNS))
    values = row("18675309", PRI_DOB="19600314", STP_EVENT_DATE="19790601")
    values[DOJ_COLUMNS.index("SUBJECT_ID")] = 18675309  # a number, as Excel stores it
    values[DOJ_COLUMNS.index("PRI_DOB")] = 19600314
    sheet.append(values)
    sheet.append([None] * len(DOJ_COLUMNS))  # empty rows are not records
    book.save(tmp_path / "w.xlsx")
    records = read_records([tmp_path / "w.xlsx"])
    assert records.frame["SUBJECT_ID"].tolist() == ["18675309"]
    assert records.frame["PRI_DOB"].tolist() == ["19600314"]
    assert records.frame[SOURCE_LINE].tolist() == [2]


def test_xlsx_fixture_with_marker_row_and_extra_columns():
    records = read_records([FIXTURES / "configurable_flow.xlsx"])
    assert records.row_count == 38
    assert records.frame[SOURCE_LINE].iat[0] == 3


def test_xlsx_missing_engine_columns_is_an_error(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["SUBJECT_ID", "OFFENSE_DESCR", "PRI_NAME"])
    book.active.append(["1", "11357 HS", "DOE,J"])
    book.save(tmp_path / "few.xlsx")
    with pytest.raises(InputFileError, match="lacks the DOJ columns CII_NUMBER, PRI_DOB"):
        read_records([tmp_path / "few.xlsx"])


def test_other_spreadsheet_is_not_a_doj_file(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Client", "Case", "Charge"])
    book.save(tmp_path / "clients.xlsx")
    with pytest.raises(InputFileError, match="no header row with the DOJ research file's column names"):
        read_records([tmp_path / "clients.xlsx"])


def test_gogen_bad_fixture_names_the_missing_column():
    with pytest.raises(InputFileError) as e:
        read_records([FIXTURES / "bad.csv"])
    assert str(e.value) == ("bad.csv, line 1: the header row has 94 columns; a DOJ research file has 95 "
                            "(missing: END_OF_REC).")


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"name,age\nann,3\n", "not a DOJ research file: expected 95 comma-separated fields per line, found 2 on line 1"),
    (b"\t".join([b"x"] * 95) + b"\n", "It looks tab-separated"),
    (b";".join([b"x"] * 95) + b"\n", "It looks semicolon-separated"),
    (b"PK\x03\x04rest", "Excel workbook or ZIP archive"),
    (b"%PDF-1.4 ...", "PDF document"),
    (b"\x00\x01\x02garbage", "binary file"),
])
def test_files_that_are_not_doj_files(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_records([path])


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        read_records([tmp_path / "nope.csv"])
    with pytest.raises(InputFileError, match="this is a folder"):
        read_records([tmp_path])


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can read any file, so permissions cannot be tested")
def test_unreadable_file(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row("1")])
    path.chmod(0)
    with pytest.raises(InputFileError, match="permission denied"):
        read_records([path])


def test_header_with_wrong_names(tmp_path):
    names = list(DOJ_COLUMNS)
    names[2] = "PERSON_ID"
    path = tmp_path / "h.csv"
    path.write_text(",".join(names) + "\n")
    with pytest.raises(InputFileError, match="header column 3 is 'PERSON_ID', expected 'SUBJECT_ID'"):
        read_records([path])


def test_original_text_of_mixed_rows(tmp_path, monkeypatch):
    """Malformed rows, blank lines, CRLF, Latin-1 and a trailing comma: each row's own text."""
    path = tmp_path / "mixed.csv"
    good = [",".join(f'"{v}"' if "," in v else v for v in row(str(i))) for i in range(4)]
    body = "\r\n".join([good[0] + ",", "short,row", "", good[1] + ",", good[2]]) + "\r\n" + good[3] + ",ÿ"
    path.write_bytes(body.encode("latin-1"))
    records = read_records([path])
    assert records.frame["SUBJECT_ID"].tolist() == ["0", "1", "2"]
    assert texts(records) == [good[0], good[1], good[2]]
    monkeypatch.setattr(original_text, "SPARSE", 1)  # read the wanted lines alone, not the window
    assert [t for _, part in original_lines(records, np.array([0, 2])) for t in part.to_pylist()] == [good[0], good[2]]
    assert [(p.line, p.fields_found, p.kind) for p in records.problems] == [
        (None, None, "encoding"), (2, 2, "malformed_row"), (6, 96, "malformed_row")]
