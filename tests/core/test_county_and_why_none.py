"""The county asked for must be in the files (else refused with the counties present and the
closest match), and a county with no Prop 64 conviction to evaluate says why."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest

from factory import conviction, row, write_csv

from desktop_app.cli import main
from desktop_app.core.counties import closest_counties, resolve_county
from desktop_app.core.errors import CountyError
from desktop_app.core.why_none import (COUNTY_NOT_IN_FILE, NO_PROP64_CONVICTION, NO_PROP64_SECTION,
                                      ONLY_OTHER_COUNTIES, explain_no_convictions, explanation_text)
from desktop_app.core.pipeline import load
from desktop_app.paths import sample_file


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["run", *args, "--quiet", "--no-workbook"])
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------------------ the county

COUNTS = pd.Series({"SACRAMENTO": 1833, "LOS ANGELES": 265, "YOLO": 171, "SAN FRANCISCO": 20,
                    "SAN BERNARDINO": 4, "SANTA BARBARA": 3})


@pytest.mark.parametrize("typed", ["SACRAMENTO", "sacramento", "  Sacramento ", "SACRAMENTO\t"])
def test_county_case_and_spacing_do_not_matter(typed):
    assert resolve_county(typed, COUNTS) == "SACRAMENTO"
    assert resolve_county(" los  angeles", COUNTS) == "LOS ANGELES"


@pytest.mark.parametrize("typed, meant", [
    ("SACRAMNETO", ["SACRAMENTO"]), ("LA", ["LOS ANGELES"]), ("L.A.", ["LOS ANGELES"]),
    ("SF", ["SAN FRANCISCO"]), ("Sacramento county", ["SACRAMENTO"]), ("County of Yolo", ["YOLO"]),
    ("sac", ["SACRAMENTO"]), ("SB", ["SAN BERNARDINO", "SANTA BARBARA"]), ("XYZZY", []),
])
def test_closest_county(typed, meant):
    with pytest.raises(CountyError) as e:
        resolve_county(typed, COUNTS)
    assert e.value.suggestions == meant
    assert e.value.present[0] == ("SACRAMENTO", 1833) and len(e.value.present) == 6


def test_a_california_county_without_rows_is_named():
    assert closest_counties("SLO", list(COUNTS.index)) == ([], "SAN LUIS OBISPO")
    with pytest.raises(CountyError) as e:
        resolve_county("SLO", COUNTS)
    assert str(e.value).splitlines()[0] == "County 'SLO' is not in the input files. (SAN LUIS OBISPO has no rows in them.)"


@pytest.mark.parametrize("typed, first_line", [
    ("SACRAMNETO", "County 'SACRAMNETO' is not in the input files. Did you mean SACRAMENTO?"),
    ("LA", "County 'LA' is not in the input files. Did you mean LOS ANGELES?"),
])
def test_cli_refuses_a_county_not_in_the_file(tmp_path, typed, first_line):
    out = tmp_path / "out"
    code, stdout, err = cli("--input", str(sample_file()), "--county", typed, "--outputs", str(out))
    assert code == 2 and stdout == ""
    lines = err.strip().splitlines()
    assert lines[0] == f"record-clearance: error: {first_line}"
    assert lines[1].startswith("Counties in the input files (rows): SACRAMENTO (1,237), LOS ANGELES (201), "
                               "SAN DIEGO (77),")
    assert len(lines) == 2 and not out.exists()


# ------------------------------------------------------------------------------ why none

def _why(tmp_path: Path, rows: list[list[str]], county: str = "SACRAMENTO"):  # type: ignore[no-untyped-def]
    return explain_no_convictions(load([write_csv(tmp_path / "in.csv", rows)]), county)


def test_no_prop64_code_section_anywhere(tmp_path):
    rows = [conviction("1", offense="459 PC-BURGLARY"), row("2", OFFENSE_DESCR="23152(A) VC-DUI"),
            row("3", OFFENSE_DESCR="484 PC-THEFT", COMMENT_TEXT="ORIG CHRG 11359 HS")]
    why = _why(tmp_path, rows)
    assert (why.code, why.rows, why.prop64_rows, why.comment_mentions) == (NO_PROP64_SECTION, 3, 0, 1)
    assert explanation_text(why) == (
        "None of the 3 rows read has a Prop 64 code section (H&S 11357, 11358, 11359 or 11360) in "
        "OFFENSE_DESCR, or in COMMENT_TEXT where the charge is written there. 1 rows mention one only in "
        "COMMENT_TEXT (see the column 'Possible Other P64 Charges').")


def test_prop64_rows_but_no_conviction(tmp_path):
    rows = [conviction("1", DISP_DESCR="DISMISSED/CHARGE DROPPED"), row("2", OFFENSE_DESCR="11357 HS-POSSESS"),
            row("3", OFFENSE_DESCR="11360 HS-SELL", STP_ORI_CNTY_NAME="YOLO")]
    why = _why(tmp_path, rows)
    assert (why.code, why.prop64_rows, why.prop64_rows_in_county) == (NO_PROP64_CONVICTION, 3, 2)
    assert explanation_text(why) == ("3 rows have a Prop 64 code section (2 of them in SACRAMENTO), but none "
                                     "is a conviction (DISP_DESCR starting with CONVICTED).")


def test_prop64_convictions_only_in_other_counties_listed_largest_first(tmp_path):
    rows = [conviction("1", county="LOS ANGELES"), conviction("2", county="YOLO"), conviction("3", county="YOLO"),
            conviction("4", county="YOLO", offense="11357 HS-POSSESS"), conviction("5", offense="459 PC-BURGLARY"),
            row("5", OFFENSE_DESCR="11359 HS-SELL")]
    why = _why(tmp_path, rows)
    assert why.code == ONLY_OTHER_COUNTIES
    assert why.other_counties == (("YOLO", 3), ("LOS ANGELES", 1))
    assert explanation_text(why) == (
        "No Prop 64 conviction is recorded in SACRAMENTO; those in these files are all recorded in other "
        "counties: YOLO 3, LOS ANGELES 1. SACRAMENTO has 1 rows with a Prop 64 code section, none of them "
        "a conviction.")


def test_county_not_in_the_file_for_the_window(tmp_path):
    why = _why(tmp_path, [conviction("1", county="YOLO")], county="ALPINE")
    assert why.code == COUNTY_NOT_IN_FILE
    assert explanation_text(why) == ("No row of the input files is recorded in ALPINE (STP_ORI_CNTY_NAME). "
                                     "Prop 64 convictions are recorded in YOLO 1.")


def test_no_explanation_when_there_are_convictions(tmp_path):
    assert _why(tmp_path, [conviction("1"), conviction("2", county="YOLO")]) is None
    assert _why(tmp_path, [conviction("1")], county=" sacramento ") is None


def test_unread_rows_are_mentioned(tmp_path):
    path = write_csv(tmp_path / "in.csv", [conviction("1", offense="459 PC-BURGLARY"), row("2")[:90]])
    why = explain_no_convictions(load([path]), "SACRAMENTO")
    assert why.unread_rows == 1
    assert explanation_text(why).endswith(" 1 rows could not be read (listed in Input_Problems.csv).")


def test_cli_says_why_none_and_exits_0(tmp_path):
    rows = [conviction("1", county="LOS ANGELES"), conviction("2", county="YOLO"), conviction("3", county="YOLO"),
            conviction("5", offense="459 PC-BURGLARY")]
    path = write_csv(tmp_path / "in.csv", rows)
    code, stdout, err = cli("--input", str(path), "--county", "sacramento", "--outputs", str(tmp_path / "out"))
    assert code == 0, err
    assert "  Prop 64 convictions:      0 (0 people)\n" in stdout
    assert "\n    why none: No Prop 64 conviction is recorded in SACRAMENTO;" in stdout
    assert ("why none: No Prop 64 conviction is recorded in SACRAMENTO; those in these files are all recorded "
            "in other counties: YOLO 2, LOS ANGELES 1. Eligible for Dismissal: 0") in " ".join(stdout.split())


def test_cli_says_nothing_more_when_there_are_convictions(tmp_path):
    code, stdout, _ = cli("--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(tmp_path))
    assert code == 0 and "why none" not in stdout
