"""The command line on clinic spreadsheets, and the clinic's columns in the result bundle."""

from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl

from clinic_sheets import HEADERS, write_text, write_xlsx
from factory import GOGEN_COLUMNS, conviction, write_csv

from desktop_app.cli import main
from desktop_app.core.clinic.mapping import load_mapping
from desktop_app.core.pipeline import open_input

ROWS = [["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2012, 3, 4), "F"],
        ["Roe, Rick", "1/2/1990", "CR-2", "", "11360(a) H&S", "2015-01-01", "fel."]]


def run(*args: str) -> int:
    return main(["run", *args, "--quiet", "--compute-at", "2024-01-01"])


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_run_guesses_the_mapping_prints_it_and_writes_the_clinics_columns(tmp_path, capsys):
    path = write_xlsx(tmp_path / "clinic.xlsx", HEADERS + ("Notes",), [r + ["called"] for r in ROWS],
                      title_rows=["Intake"])
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "SACRAMENTO", "--outputs", str(out)) == 0
    printed = capsys.readouterr().out
    assert "clinic's spreadsheet clinic.xlsx, sheet Clients: not a DOJ research file; columns mapped (guessed" \
        in printed
    assert "Code section     <- 'Charge'  (high confidence)" in printed
    assert "record-clearance mapping guess" in printed
    assert "not known from the sheet: convictions not listed on the sheet" in printed
    for name in ("All_Results.csv", "All_Results_Condensed.csv", "Prop64_Results.csv"):
        rows = _rows(out / name)
        assert rows[0] == list(HEADERS) + ["Notes"] + list(GOGEN_COLUMNS) + ["Conviction key"]
        assert rows[1][:8] == ["Doe, Jane", "03/04/1980", "CR-1", "Sacramento Superior", "HS 11359(b)",
                               "03/04/2012", "F", "called"]
        assert rows[1][-3:-1] == ["Eligible for Dismissal", "Conviction occurred 10 or more years ago"]
        assert rows[2][-3:-1] == ["Hand Review", 'The sheet may not list every conviction: check '
                                               '"Only has 11357-60 charges"']
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    sheet = list(book["Convictions"].iter_rows(values_only=True))
    assert list(sheet[0][:8]) == list(HEADERS) + ["Notes"] and sheet[2][:2] == ("Roe, Rick", "1/2/1990")
    audit = dict(book["Policy and audit"].iter_rows(min_row=2, values_only=True))
    assert audit["Data set"] == "clinic's spreadsheet clinic.xlsx, sheet Clients"
    assert "Code section <- 'Charge'" in audit["Column mapping"]
    summary = json.loads((out / "Summary.json").read_text())
    assert summary["county"] == "SACRAMENTO" and summary["determinationCounts"]["Hand Review"] == 1


def test_run_with_lists_every_conviction_and_all_counties(tmp_path, capsys):
    path = write_text(tmp_path / "clinic.csv", HEADERS, ROWS)
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "ALL", "--lists-every-conviction", "--outputs", str(out)) == 0
    assert "ALL, evaluated at 2024-01-01" in capsys.readouterr().out
    assert [r[-3] for r in _rows(out / "Prop64_Results.csv")[1:]] == ["Eligible for Dismissal"] * 2


def test_run_names_the_field_it_cannot_guess_and_suggests_a_mapping(tmp_path, capsys):
    path = write_xlsx(tmp_path / "clinic.xlsx", ("Client name", "DOB", "Charge", "When"),
                      [["Doe, Jane", "1/1/1980", "11357", "x"]])
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "SACRAMENTO", "--outputs", str(out)) == 2
    err = capsys.readouterr().err
    assert "no column was found for conviction date, level" in err
    assert f'record-clearance mapping guess "{path}" > map.toml' in err
    assert list(out.iterdir()) == []


def test_mapping_guess_prints_toml_that_run_accepts_after_editing(tmp_path, capsys):
    path = write_xlsx(tmp_path / "clinic.xlsx", ("Client name", "DOB", "Charge", "When", "Kind"),
                      [["Doe, Jane", "1/1/1980", "HS 11359", "3/4/2012", "felony"]])
    assert main(["mapping", "guess", str(path)]) == 0
    captured = capsys.readouterr()
    assert 'conviction_date = ""  # REQUIRED' in captured.out and "Doe" not in captured.out
    assert "not found, fill in: conviction date" in captured.err
    edited = captured.out.replace('conviction_date = ""', 'conviction_date = "When"')
    (tmp_path / "map.toml").write_text(edited)
    assert load_mapping(tmp_path / "map.toml").column("conviction_date") == "When"
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "Sacramento", "--mapping", str(tmp_path / "map.toml"),
               "--outputs", str(out)) == 0
    printed = capsys.readouterr().out
    assert "(from the mapping file)" in printed and "Conviction date  <- 'When'" in printed
    assert _rows(out / "Prop64_Results.csv")[1][-3] == "Eligible for Dismissal"


def test_a_bad_mapping_file_is_refused_naming_the_key(tmp_path, capsys):
    path = write_text(tmp_path / "clinic.csv", HEADERS, ROWS)
    (tmp_path / "map.toml").write_text('[columns]\ncode_section = "Offense"\n')
    assert run("--input", str(path), "--county", "ALL", "--mapping", str(tmp_path / "map.toml"),
               "--outputs", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "Code section: the sheet has no column 'Offense'" in err
    assert "no column for conviction date" in err


def test_doj_files_are_still_read_as_doj_files(tmp_path):
    path = write_csv(tmp_path / "doj.csv", [conviction()])
    opened = open_input([path])
    assert opened.records is not None and opened.clinic is None
    assert opened.records.dataset.kind == "doj"


def test_a_doj_workbook_with_a_problem_keeps_its_doj_refusal(tmp_path, capsys):
    path = write_xlsx(tmp_path / "doj.xlsx", ("SUBJECT_ID", "OFFENSE_DESCR", "PRI_NAME"), [["1", "11357 HS", "X"]])
    assert run("--input", str(path), "--county", "ALL", "--outputs", str(tmp_path)) == 2
    assert "lacks the DOJ columns" in capsys.readouterr().err


def test_counties_of_a_clinic_sheet(tmp_path, capsys):
    path = write_text(tmp_path / "clinic.csv", HEADERS + ("County",),
                      [ROWS[0] + ["Yolo"], ROWS[1] + ["Sacramento County"], ROWS[1] + ["yolo"]])
    assert main(["counties", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == ["YOLO                 2", "SACRAMENTO           1"]


def test_mapping_guess_refuses_a_doj_file(tmp_path, capsys):
    path = write_csv(tmp_path / "doj.csv", [conviction()], header=False)
    assert main(["mapping", "guess", str(path)]) == 2
    assert "this is a DOJ research file: it is read without a column mapping" in capsys.readouterr().err
