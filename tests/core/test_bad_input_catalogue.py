"""The catalogue of bad inputs and what each one gets, through the engine and the command line.

Rule for every case: one specific message naming the file (and line / column / key) and what
was expected; the CLI exits non-zero with a one-line message; no partial output is left behind;
no existing file is replaced without consent. (The desktop app's handling is in tests/gui/.)
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from factory import AS_OF, bundle, conviction, decide, only, policy, row, write_csv

from desktop_app.cli import main
from desktop_app.core import export, output_files, reader
from desktop_app.core.errors import InputFileError, OutputError
from desktop_app.core.reader import read_records
from desktop_app.core.schema import DOJ_COLUMNS
from desktop_app.paths import sample_file


def cli(tmp_path: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    import io
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["run", *sum((["--input", str(p)] for p in inputs), []), "--county", "SACRAMENTO",
                     "--outputs", str(out), "--quiet", *extra])
    return code, err.getvalue().strip()


# ------------------------------------------------------------------------------ whole files

def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


FILE_CASES = {
    "empty": (b"", "the file is empty"),
    "only a header": (",".join(DOJ_COLUMNS).encode() + b"\n", "the file has a header row but no records"),
    "random bytes": (bytes(range(256)) * 64, "binary file, not a DOJ research file"),
    "zip renamed .csv": (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook or ZIP archive"),
    "pdf renamed .csv": (b"%PDF-1.7\n%..." + b"x" * 100, "PDF document"),
    "tab-separated": (b"\t".join([b"x"] * 95) + b"\n", "It looks tab-separated"),
    "semicolon-separated": (b";".join([b"x"] * 95) + b"\n", "It looks semicolon-separated"),
    "a different CSV": (b"client,case,charge\nDOE,1,11357\n", "expected 95 comma-separated fields"),
    "10 MB single line": (b"x" * (10 << 20) + b"\n", "line 1 is longer than 256 KB"),
}


# A spreadsheet of another kind is read as a clinic's own list: the command line names what it
# could not find and how to write the column mapping (core/clinic/).
CLI_MESSAGES = {"a different CSV": "conviction date, level. Write the mapping: record-clearance mapping guess"}


@pytest.mark.parametrize("case", FILE_CASES, ids=list(FILE_CASES))
def test_bad_file_engine_and_cli(tmp_path, case):
    content, message = FILE_CASES[case]
    path = _file(tmp_path, "input.csv", content)
    with pytest.raises(InputFileError) as e:
        read_records([path])
    assert message in str(e.value) and str(e.value).startswith("input.csv")
    message = CLI_MESSAGES.get(case, message)
    code, err = cli(tmp_path, path)
    assert code == 2 and message in err and len(err.splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []


def test_long_line_in_the_middle_of_a_file(tmp_path):
    path = write_csv(tmp_path / "long.csv", [row("1")])
    with open(path, "ab") as f:
        f.write(b"y" * (9 << 20) + b"\n")
    with pytest.raises(InputFileError, match="a line is several megabytes long"):
        read_records([path])


def test_missing_file_and_folder_cli(tmp_path):
    code, err = cli(tmp_path, tmp_path / "missing.dat")
    assert code == 2 and err.endswith("missing.dat: the file does not exist")
    code, err = cli(tmp_path, tmp_path)
    assert code == 2 and "this is a folder" in err


def test_unreadable_file(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "locked.csv", [row("1")])
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(reader, "open", refuse, raising=False)
    with pytest.raises(InputFileError, match="locked.csv: permission denied"):
        read_records([path])


def test_windows_line_endings_bom_and_no_final_newline_are_fine(tmp_path):
    path = write_csv(tmp_path / "w.csv", [conviction("1")], encoding="utf-8-sig", newline="\r\n")
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    assert only(decide(tmp_path, [conviction("1")]))[0]  # baseline
    records = read_records([path])
    assert records.row_count == 1 and not records.problems


def test_unbalanced_quote_is_a_malformed_row(tmp_path):
    path = write_csv(tmp_path / "q.csv", [row("1"), row("2")])
    text = path.read_text().replace('"DOE,PERSON 2"', '"DOE,PERSON 2')
    path.write_text(text)
    records = read_records([path])
    assert records.frame["SUBJECT_ID"].tolist() == ["1"]
    assert [(p.line, p.kind) for p in records.problems] == [(3, "malformed_row")]


def test_mixed_encodings_are_read_and_reported(tmp_path):
    """UTF-8 text stays UTF-8; the bytes that are not UTF-8 are read as Latin-1."""
    path = write_csv(tmp_path / "m.csv", [row("1", PRI_NAME="JOSÉ,A")])
    with open(path, "ab") as f:
        f.write(",".join(row("2", PRI_NAME="PENA")).replace("PENA", "PE\xd1A").encode("latin-1") + b"\n")
    records = read_records([path])
    assert records.frame["PRI_NAME"].tolist() == ["JOSÉ,A", "PEÑA"]
    assert records.problems[0].kind == "encoding" and "read as Latin-1" in records.problems[0].message
    from desktop_app.core.original_text import original_lines
    import numpy as np

    texts = [t for _, part in original_lines(records, np.arange(2)) for t in part.to_pylist()]
    assert "JOSÉ,A" in texts[0] and "PEÑA" in texts[1]


# ------------------------------------------------------------------------------ rows

def test_94_and_96_field_rows_hand_review_for_that_person(tmp_path):
    path = write_csv(tmp_path / "r.csv", [conviction("1"), conviction("2"), row("1")[:94], row("3") + ["X"]])
    records = read_records([path])
    assert [(p.line, p.fields_found, p.subject_id) for p in records.problems] == [(4, 94, "1"), (5, 96, "3")]


def test_blank_subject_id(tmp_path):
    assert only(decide(tmp_path, [conviction("")]))[0] == "Hand Review"


def test_future_conviction_date_goes_to_hand_review(tmp_path):
    r = decide(tmp_path, [conviction(date="20300101")], policy(dismiss=["11358"]))
    assert only(r) == ("Hand Review", "Conviction date 01/01/2030 is after the evaluation date 07/01/2020: "
                                      "check the record")


def test_birth_date_after_conviction_is_named_not_an_age_below_21(tmp_path):
    r = decide(tmp_path, [conviction(offense="11359 HS-SELL", date="19900101", PRI_DOB="20000101")],
               policy(subjectUnder21AtConviction=True))
    assert only(r) == ("Hand Review", 'Born 01/01/2000, after the conviction date 01/01/1990: '
                                      'check "21 years or younger"')
    assert r.reason_labels.tolist() == ['Date of birth after the conviction date: check "21 years or younger"']
    assert r.summary["birthDateAfterConvictionCount"] == 1
    assert r.summary["unknownBirthDateCount"] == 0
    [problem] = r.prepared.date_problems
    assert (problem.kind, problem.line) == ("birth_after_conviction", 2)
    assert problem.message == ("line 2: born 01/01/2000 (PRI_DOB), after the conviction date 01/01/1990 "
                               "(STP_EVENT_DATE)")


@pytest.mark.parametrize("length, unit", [("LIFE", "Y"), ("12", "Q"), ("", "")])
def test_odd_sentences_never_crash(tmp_path, length, unit):
    r = decide(tmp_path, [conviction(SENT_LENGTH=length, SENT_TIME_CODE=unit)], policy(dismiss=["11358"]))
    assert only(r) == ("Eligible for Dismissal", "Dismiss all HS 11358 convictions")


@pytest.mark.parametrize("offense, evaluated", [
    ("11357.5 HS-SYNTHETIC", False), ("113570 HS-X", False), ("11357(c) hs-lower case", True),
    ("  11357 (C)  HS - SPACES", True), ("HS11358", True),
])
def test_odd_code_sections(tmp_path, offense, evaluated):
    r = decide(tmp_path, [conviction(offense=offense)])
    assert (len(r.evaluated) == 1) == evaluated


def test_person_split_across_two_files(tmp_path):
    a = write_csv(tmp_path / "a.csv", [conviction("7", offense="11359 HS-SELL", date="20150101")])
    b = write_csv(tmp_path / "b.csv", [conviction("7", offense="459 PC-BURGLARY", date="20160101", county="YOLO")])
    from desktop_app.core.pipeline import load
    from desktop_app.core.evaluate import evaluate

    r = evaluate(load([a, b]), policy(subjectHasOnlyProp64Charges=True), "SACRAMENTO", as_of=AS_OF)
    assert bundle(r)["# of convictions on record"].tolist() == [2]
    assert only(r)[0] == "Not eligible"


# ------------------------------------------------------------------------------ re-saved by a spreadsheet

@pytest.mark.parametrize("field, value, what", [
    ("STP_EVENT_DATE", "5/25/1979", "dates written like 5/25/1979"),
    ("CNT_ORDER", "1001001000", "leading zeros dropped from CNT_ORDER"),
    ("SUBJECT_ID", "1.87E+07", "IDs turned into numbers like 1.87E+07"),
])
def test_file_resaved_by_a_spreadsheet(tmp_path, field, value, what):
    path = write_csv(tmp_path / "resaved.csv", [row("1"), row("2", **{field: value})])
    with pytest.raises(InputFileError) as e:
        read_records([path])
    assert str(e.value) == (f"resaved.csv, line 3, column {field}: this file seems to have been re-saved by a "
                            f"spreadsheet program ({what}). Use the original file received from DOJ.")


def test_resaved_without_quotes_splits_names(tmp_path):
    lines = [",".join(row(str(i), PRI_NAME=f"DOE,N{i}", COMMENT_TEXT="A,B")) for i in range(30)]
    path = _file(tmp_path, "unquoted.csv", ("\n".join(lines) + "\n").encode())
    with pytest.raises(InputFileError, match="without the quotes around names: use the original file"):
        read_records([path])


# ------------------------------------------------------------------------------ workbooks

def _book(tmp_path: Path, rows: list[list], name: str = "w.xlsx", extra_sheet: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for r in rows:
        sheet.append(r)
    if extra_sheet:
        book.create_sheet("Notes").append(["not", "records"])
    book.save(tmp_path / name)
    return tmp_path / name


def test_workbook_extra_sheets_first_sheet_is_read(tmp_path):
    path = _book(tmp_path, [list(DOJ_COLUMNS), row("1")], extra_sheet=True)
    assert read_records([path]).frame["SUBJECT_ID"].tolist() == ["1"]


def test_workbook_dates_stored_as_excel_dates_and_numbers(tmp_path):
    values = row("1")
    values[DOJ_COLUMNS.index("PRI_DOB")] = dt.datetime(1970, 5, 6)
    values[DOJ_COLUMNS.index("STP_EVENT_DATE")] = 20100101
    path = _book(tmp_path, [list(DOJ_COLUMNS), values])
    frame = read_records([path]).frame
    assert (frame["PRI_DOB"].iat[0], frame["STP_EVENT_DATE"].iat[0]) == ("19700506", "20100101")


def test_workbook_formulas_and_merged_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(DOJ_COLUMNS))
    values = row("1")
    values[DOJ_COLUMNS.index("COMMENT_TEXT")] = "=1+1"
    sheet.append(values)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    book.save(tmp_path / "f.xlsx")
    records = read_records([tmp_path / "f.xlsx"])
    assert records.frame["SUBJECT_ID"].tolist() == ["1"]  # never calculated: formula cells read blank


def test_workbook_missing_columns(tmp_path):
    path = _book(tmp_path, [["SUBJECT_ID", "OFFENSE_DESCR"], ["1", "11357 HS"]])
    with pytest.raises(InputFileError, match=r"w.xlsx, line 1: the first sheet's header row lacks the DOJ columns"):
        read_records([path])


def test_workbook_password_protected_or_corrupt(tmp_path):
    encrypted = _file(tmp_path, "secret.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(InputFileError, match="damaged or password-protected"):
        read_records([encrypted])
    good = _book(tmp_path, [list(DOJ_COLUMNS), row("1")], name="good.xlsx")
    truncated = _file(tmp_path, "cut.xlsx", good.read_bytes()[:2000])
    with pytest.raises(InputFileError, match="cut.xlsx: the workbook is damaged or password-protected"):
        read_records([truncated])


# ------------------------------------------------------------------------------ outputs

def test_missing_output_folder_is_created_with_its_parents(tmp_path):
    folder = tmp_path / "results" / "2024" / "july"
    output_files.check_output_folder(folder, [folder / "Summary.json"], force=False)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_missing_output_folder_only_checked_when_asked(tmp_path):
    output_files.check_output_folder(tmp_path / "later", [], force=False, create=False)
    assert not (tmp_path / "later").exists()


def test_output_folder_that_is_a_file_or_under_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        output_files.check_output_folder(tmp_path / "file", [], force=False)
    with pytest.raises(OutputError) as e:
        output_files.check_output_folder(tmp_path / "file" / "out", [], force=False)
    assert str(e.value) == (f"The output folder {tmp_path / 'file' / 'out'} cannot be created: "
                            f"{tmp_path / 'file'} is a file, not a folder.")
    assert (tmp_path / "file").read_text() == "x"


def test_read_only_output_folder(tmp_path, monkeypatch):
    from desktop_app.core import output_folder

    monkeypatch.setattr(output_folder.os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="is read-only; choose another folder"):
        output_files.check_output_folder(tmp_path, [], force=False)
    with pytest.raises(OutputError) as e:
        output_files.check_output_folder(tmp_path / "new" / "out", [], force=False)
    assert str(e.value) == (f"The output folder {tmp_path / 'new' / 'out'} cannot be created: {tmp_path} is "
                            "read-only; choose another folder.")
    assert not (tmp_path / "new").exists()


def test_output_folder_creation_fails(tmp_path, monkeypatch):
    from pathlib import Path as P

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(P, "mkdir", refuse)
    with pytest.raises(OutputError, match="cannot be created: permission denied"):
        output_files.check_output_folder(tmp_path / "new", [], force=False)


def test_output_file_open_in_another_program(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output_files.os, "replace", locked)
    code, err = cli(tmp_path, sample_file())
    assert code == 2
    assert "Could not write All_Results.csv" in err and "open in another program" in err
    assert list((tmp_path / "out").iterdir()) == []  # no partial or temporary file left


def test_disk_full(tmp_path, monkeypatch):
    real = export.write_all_results

    def full(out, *args, **kwargs):
        out.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "write_all_results", full)
    code, err = cli(tmp_path, sample_file())
    assert code == 2 and "the disk is full" in err
    assert list((tmp_path / "out").iterdir()) == []
    assert real


def test_existing_outputs_need_consent(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Summary.json").write_text("my earlier summary")
    code, err = cli(tmp_path, sample_file())
    assert code == 2 and "Summary.json" in err
    assert (out / "Summary.json").read_text() == "my earlier summary"


@pytest.mark.skipif(not Path("/dev/shm").exists() or os.geteuid() != 0, reason="needs root to mount a tmpfs")
def test_really_full_disk(tmp_path):
    """A 1 MB tmpfs cannot hold the bundle: the run fails cleanly and leaves nothing behind."""
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        code = main(["run", "--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(mount),
                     "--quiet"])
        assert code == 2
        assert [p.name for p in mount.iterdir() if p.name.startswith(".")] == []
    finally:  # lazily when a file is still open there, so no mount outlives the test
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_zip_module_is_real():
    assert zipfile.is_zipfile(sample_file()) is False
