"""Reading a clinic's sheet: header row under titles, merged cells, sheets, text files."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_sheets import HEADERS, write_text, write_xlsx

from desktop_app.core.clinic.sheet import list_sheets, read_table
from desktop_app.core.errors import InputFileError

JANE = ["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2012, 3, 4), "F"]
RICK = ["Roe, Rick", "1/2/1990", "CR-2", "", "11360(a) H&S", "2015-01-01", "fel."]


def test_header_row_found_under_title_rows_merged_across(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE, RICK], title_rows=["Clinic intake 2024", "Prepared by staff"])
    table = read_table(path)
    assert table.header_row == 4  # two titles, an empty row, then the header
    assert table.headers == HEADERS
    assert list(table.rows) == [5, 6]
    assert table.columns["DOB"][0] == dt.date(1980, 3, 4)  # an Excel date stays a date
    assert table.columns["DOB"][1] == "1/2/1990"  # a text date stays text
    assert table.where == "c.xlsx, sheet Clients"


def test_merged_cells_give_their_value_to_every_row_they_cover(tmp_path):
    second = ["", "", "CR-1", "Sacramento Superior", "11357(c) HS", dt.date(2012, 3, 4), "M"]
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE, second, RICK], merges=["A2:A3", "B2:B3"])
    table = read_table(path)
    assert list(table.columns["Client name"]) == ["Doe, Jane", "Doe, Jane", "Roe, Rick"]
    assert table.columns["DOB"][1] == dt.date(1980, 3, 4)


def test_empty_rows_are_not_records_and_rows_keep_their_sheet_numbers(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE, [None] * 7, RICK])
    table = read_table(path)
    assert list(table.rows) == [2, 4]


def test_other_header_names_and_order(tmp_path):
    headers = ("Statute", "Date convicted", "Client", "F/M", "Date of birth")
    path = write_xlsx(tmp_path / "c.xlsx", headers, [["11357(c)", "3/4/2012", "Doe, Jane", "M", "1/1/1990"]])
    table = read_table(path)
    assert table.headers == headers and table.header_row == 1


def test_blank_and_repeated_headers_get_names(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", ("Name", "Date", "Date", ""), [["Doe", "1/1/2000", "2/2/2002", "note"]])
    assert read_table(path).headers == ("Name", "Date", "Date (2)", "Column D")


def test_sheet_that_looks_like_the_list_is_chosen_and_others_listed(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE], sheet="Clients",
                      other_sheets={"Notes": [["Called client"], ["Left message"]]})
    book = path
    # A notes sheet first: the clients' sheet is still the one read.
    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb.move_sheet("Notes", offset=-1)
    wb.save(book)
    assert list_sheets(book) == ("Notes", "Clients")
    table = read_table(book)
    assert table.sheet == "Clients" and table.sheets == ("Notes", "Clients")
    assert read_table(book, sheet="Notes").sheet == "Notes"


def test_hidden_sheets_are_not_offered(tmp_path):
    import openpyxl

    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE], other_sheets={"Lists": [["F"], ["M"]]})
    wb = openpyxl.load_workbook(path)
    wb["Lists"].sheet_state = "hidden"
    wb.save(path)
    assert list_sheets(path) == ("Clients",)


def test_unknown_sheet_is_refused_naming_the_sheets(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE])
    with pytest.raises(InputFileError, match="no sheet 'Other' .*Clients"):
        read_table(path, sheet="Other")


def test_header_row_given_by_the_mapping(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [JANE], title_rows=["Title"])
    table = read_table(path, header_row=3)
    assert table.headers == HEADERS and table.row_count == 1


@pytest.mark.parametrize("suffix, delimiter", [(".csv", ","), (".csv", ";"), (".tsv", "\t"), (".txt", "\t")])
def test_text_files_with_their_delimiter(tmp_path, suffix, delimiter):
    path = write_text(tmp_path / f"c{suffix}", HEADERS, [[str(v) for v in JANE], RICK], delimiter=delimiter,
                      before=[["Clinic intake"], []])
    table = read_table(path)
    assert table.headers == HEADERS and table.header_row == 3 and table.row_count == 2
    assert table.sheet == "" and table.where == f"c{suffix}"


def test_windows_encoded_csv_keeps_accents(tmp_path):
    path = write_text(tmp_path / "c.csv", ("Client name", "DOB"), [["Peña, José", "1/1/1990"]], encoding="cp1252")
    table = read_table(path)
    assert table.columns["Client name"][0] == "Peña, José" and table.encoding == "cp1252"


def test_empty_sheet_and_wrong_kind_of_file_are_refused(tmp_path):
    import openpyxl

    empty = tmp_path / "e.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(InputFileError, match="empty"):
        read_table(empty)
    renamed = tmp_path / "w.csv"
    renamed.write_bytes(empty.read_bytes())
    with pytest.raises(InputFileError, match="workbook saved under a text file's name"):
        read_table(renamed)
    with pytest.raises(InputFileError, match="not a spreadsheet"):
        read_table(tmp_path / "x.pdf")
