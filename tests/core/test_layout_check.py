"""A file's columns are checked before its layout is trusted: damaged files (names split by lost
quoting, shifted or reordered columns, another separator) are refused with what was found, and
every good layout (header or not, trailing comma or not, workbooks, real-world dirt) still reads.

The damaged files are made the way they happen: a good generated file with its quotes removed,
a row number added in front, its columns in another order."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.core.errors import InputFileError
from desktop_app.core.generate import write_records
from desktop_app.core.layout_check import assess, column_rules, misread
from desktop_app.core.reader import read_records
from desktop_app.core.schema import DOJ_COLUMNS
from desktop_app.paths import sample_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "gogen"
ROWS = 1500


def generated(tmp_path: Path, name: str = "good.csv", header: bool = True, seed: int = 7) -> Path:
    path = tmp_path / name
    write_records(path, ROWS, "SACRAMENTO", seed=seed, header=header)
    return path


def rewrite(path: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of `path` with `change(line)` applied to every line (without its line break)."""
    lines = path.read_text().splitlines()
    out = path.parent / name
    out.write_text("".join(change(line) + "\n" for line in lines))
    return out


def field_counts(path: Path) -> list[int]:
    return [len(r) for r in csv.reader(io.StringIO(path.read_text()))]


def refused(path: Path) -> str:
    with pytest.raises(InputFileError) as e:
        read_records([path])
    return str(e.value)


def test_lost_quoting_with_96_fields_on_line_1_is_not_read_as_trailing_comma(tmp_path):
    """The reported failure: every column shifted by one, county '34', zero convictions, exit 0."""
    path = rewrite(generated(tmp_path, header=False), "unquoted.dat", lambda line: line.replace('"', ""))
    counts = field_counts(path)
    assert counts[0] == 96 and set(counts) == {96, 97}  # line 1 looks like the trailing-comma layout
    message = refused(path)
    assert message.startswith("unquoted.dat, line 1, column PRI_NAME: names seem to be split across two "
                              "fields: the file lost its quoting.")
    assert "STP_ORI_CNTY_NAME holds '34' where a California county name belongs" in message
    assert "PRI_DOB holds 'M' where a date (YYYYMMDD) belongs" in message
    assert "lines 1 to 200" in message and "use the original file received from DOJ" in message


def test_lost_quoting_is_refused_from_the_first_lines_before_the_whole_file_is_parsed(tmp_path, monkeypatch):
    """On millions of rows, parsing every broken row one by one (and then the whole file again as
    a clinic's sheet) only to refuse it kept the user waiting for minutes: the first lines decide."""
    import desktop_app.core.clinic.sheet as sheet
    import desktop_app.core.reader as reader
    from desktop_app.core.pipeline import open_input

    path = rewrite(generated(tmp_path), "unquoted.csv", lambda line: line.replace('"', ""))

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole file was read")
    monkeypatch.setattr(reader, "_parse_with_arrow", never)
    monkeypatch.setattr(sheet, "_text_grid", never)
    with pytest.raises(InputFileError, match="names seem to be split across two fields"):
        open_input([path])


def test_the_first_lines_alone_refuse_nothing_good(tmp_path):
    from desktop_app.core.layout_check import check_head

    good = generated(tmp_path)
    comma = rewrite(good, "comma.csv", lambda line: line + ",")
    for path, header in ((good, True), (generated(tmp_path, "bare.dat", header=False), False), (comma, True)):
        check_head(path, path.read_bytes()[:256 * 1024], header)  # does not raise


def test_lost_quoting_cli_exit_2_and_nothing_written(tmp_path, capsys):
    path = rewrite(generated(tmp_path, header=False), "unquoted.dat", lambda line: line.replace('"', ""))
    out = tmp_path / "out"
    assert main(["run", "--input", str(path), "--county", "SACRAMENTO", "--outputs", str(out), "--quiet"]) == 2
    assert "names seem to be split across two fields" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


def test_lost_quoting_with_a_header_mixed_96_and_97_fields(tmp_path):
    """With a header the layout is 95 fields, so no row reads: the cause is named, not just counted."""
    path = rewrite(generated(tmp_path), "unquoted.csv", lambda line: line.replace('"', ""))
    assert set(field_counts(path)[1:]) == {96, 97}
    message = refused(path)
    assert message.startswith("unquoted.csv, line 2, column PRI_NAME: names seem to be split across two fields")


def test_lost_quoting_on_most_lines_is_refused_even_if_some_rows_read(tmp_path):
    """Some names kept their quotes (or have no comma): those rows read; the rest are not just
    listed as problems, the file is refused."""
    good = generated(tmp_path)
    lines = good.read_text().splitlines()
    damaged = [line if i % 4 == 0 else line.replace('"', "") for i, line in enumerate(lines)]
    path = tmp_path / "partly.csv"
    path.write_text("\n".join(damaged) + "\n")
    assert field_counts(path).count(95) > 300
    assert "names seem to be split across two fields" in refused(path)


def test_a_few_unquoted_names_stay_input_problems(tmp_path):
    """A handful of damaged rows in a good file: read, and listed (Hand Review for those people)."""
    good = generated(tmp_path)
    lines = good.read_text().splitlines()
    damaged = [line.replace('"', "") if i in (10, 20, 30) else line for i, line in enumerate(lines)]
    path = tmp_path / "few.csv"
    path.write_text("\n".join(damaged) + "\n")
    records = read_records([path])
    assert [p.line for p in records.problems if p.kind == "malformed_row"] == [11, 21, 31]


@pytest.mark.parametrize("header", [True, False])
def test_tab_separated_export(tmp_path, header):
    good = generated(tmp_path, header=header)
    rows = list(csv.reader(io.StringIO(good.read_text())))
    path = tmp_path / "tabs.txt"
    with open(path, "w", newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)
    message = refused(path)
    assert message.startswith("tabs.txt, line 1:") and "It looks tab-separated" in message


def test_row_number_added_in_front_is_a_shift(tmp_path):
    """96 fields with an empty last one, like the trailing-comma layout: every field is one off."""
    good = generated(tmp_path, header=False)
    numbered = iter(range(1, ROWS + 1))
    path = rewrite(good, "numbered.csv", lambda line: f"{next(numbered)},{line}")
    message = refused(path)
    assert message.startswith("numbered.csv, line 1, column SUBJECT_ID: the columns are not where a DOJ "
                              "research file has them: from the start of each line, every field is one place to the right")
    assert "STP_ORI_CNTY_NAME holds " in message and "A field seems to have been added" in message


def test_columns_in_another_order(tmp_path):
    good = generated(tmp_path, header=False)
    path = tmp_path / "reversed.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(r[::-1] for r in csv.reader(io.StringIO(good.read_text())))
    message = refused(path)
    assert "the columns do not hold what a DOJ research file has there" in message
    assert "The columns may be in another order" in message


def test_messages_show_no_personal_data(tmp_path):
    """Names, IDs and birth dates are shown by their shape, never their value."""
    good = generated(tmp_path, header=False)
    path = tmp_path / "reversed.csv"
    rows = list(csv.reader(io.StringIO(good.read_text())))
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(r[::-1] for r in rows)
    message = refused(path)
    personal = {r[DOJ_COLUMNS.index(c)].strip() for r in rows for c in ("SUBJECT_ID", "CII_NUMBER", "PRI_DOB")}
    personal |= {part for r in rows for part in r[DOJ_COLUMNS.index("PRI_NAME")].replace(",", " ").split()}
    assert [v for v in personal if len(v) >= 4 and f"'{v}'" in message] == []


def test_workbook_with_its_data_under_the_wrong_headers(tmp_path):
    good = list(csv.reader(io.StringIO(generated(tmp_path).read_text())))
    book = openpyxl.Workbook()
    book.active.append(good[0])
    for r in good[1:300]:
        book.active.append([""] + r)  # every value one cell to the right of its header
    book.save(tmp_path / "shifted.xlsx")
    assert "the columns do not hold what a DOJ research file has there" in refused(tmp_path / "shifted.xlsx")


# ------------------------------------------------------------------------------ good files still read

def _trailing_comma(tmp_path: Path) -> Path:
    return rewrite(generated(tmp_path, header=False), "comma.dat", lambda line: line + ",")


GOOD = {
    "sample": lambda tmp: sample_file(),
    "gogen no headers": lambda tmp: FIXTURES / "no_headers.csv",
    "gogen extra comma": lambda tmp: FIXTURES / "extra_comma.csv",
    "gogen workbook": lambda tmp: FIXTURES / "configurable_flow.xlsx",
    "generated with header": lambda tmp: generated(tmp),
    "generated without header": lambda tmp: generated(tmp, header=False),
    "generated, trailing comma": _trailing_comma,
}


@pytest.mark.parametrize("case", GOOD, ids=list(GOOD))
def test_good_layouts_still_read(tmp_path, case):
    records = read_records([GOOD[case](tmp_path)])
    assert records.row_count > 30
    counties = set(records.frame["STP_ORI_CNTY_NAME"].str.strip())
    assert counties & {"SACRAMENTO", "SAN JOAQUIN"} and not counties & {"34", "01", ""}
    unread = [p for p in records.problems if p.kind == "malformed_row"]
    assert len(unread) == (1 if case == "sample" else 0)  # the sample shows one cut-off row on purpose


def test_real_world_dirt_is_tolerated(tmp_path):
    """A tenth of dates blank or impossible, some counties out of state or blank, odd dispositions:
    read as it is (unknown dates go to Hand Review), not refused."""
    rows = list(csv.reader(io.StringIO(generated(tmp_path).read_text())))
    for i, r in enumerate(rows[1:], start=1):
        if i % 10 == 0:
            r[DOJ_COLUMNS.index("STP_EVENT_DATE")] = "19790000"
            r[DOJ_COLUMNS.index("PRI_DOB")] = "UNKNOWN"
        if i % 7 == 0:
            r[DOJ_COLUMNS.index("STP_ORI_CNTY_NAME")] = "OUT OF STATE" if i % 2 else ""
        if i % 9 == 0:
            r[DOJ_COLUMNS.index("DISP_DESCR")] = "PENDING FURTHER REVIEW 2"
            r[DOJ_COLUMNS.index("CNT_ORDER")] = "?"
    path = tmp_path / "dirty.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    assert read_records([path]).row_count == ROWS


def test_assess_judges_proportions_not_single_values():
    rules = column_rules()
    good = {r.column: [""] * 20 for r in rules}
    good.update(PRI_DOB=["19700101"] * 18 + ["19790000", "X"], STP_ORI_CNTY_NAME=["YOLO"] * 19 + ["34"],
                STP_EVENT_DATE=["20100101"] * 20, CNT_ORDER=["001001001000"] * 20,
                SUBJECT_ID=[str(i) for i in range(20)], STP_TYPE_DESCR=["COURT ACTION"] * 20)
    import pyarrow as pa

    fits = assess({k: pa.array(v, pa.string()) for k, v in good.items()})
    assert not misread(fits) and not [f for f in fits if f.wrong]
    shifted = dict(good, PRI_DOB=["M"] * 20, STP_ORI_CNTY_NAME=["34"] * 20, STP_EVENT_DATE=["1"] * 20,
                   CNT_ORDER=["CNT"] * 20)
    fits = assess({k: pa.array(v, pa.string()) for k, v in shifted.items()})
    assert misread(fits)
    assert {f.rule.column: f.misfit for f in fits if f.wrong} == {
        "PRI_DOB": "M", "STP_ORI_CNTY_NAME": "34", "STP_EVENT_DATE": "1", "CNT_ORDER": "CNT"}


@pytest.mark.parametrize("n", [5, 1000, 1001, 1030, 123457])
def test_sample_spans_the_file_and_reads_the_right_rows(n):
    import pandas as pd

    from desktop_app.core.layout_check import SAMPLE_ROWS, sample_column, sample_positions

    at = sample_positions(n)
    assert len(at) == min(n, SAMPLE_ROWS) and at[0] == 0 and at[-1] == n - 1
    for dtype in ("string[pyarrow]", object):
        column = pd.Series(pd.array([str(i) for i in range(n)], dtype=dtype))
        assert sample_column(column, at).to_pylist() == [str(i) for i in at]
