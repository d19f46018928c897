"""The command line end to end on the bundled sample, and the result bundle's files."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from factory import conviction, GOGEN_COLUMNS, row, write_csv

from desktop_app import selftest
from desktop_app.cli import main
from desktop_app.core.schema import CONDENSED_DOJ_COLUMNS, DOJ_COLUMNS
from desktop_app.paths import sample_file



def run(*args: str) -> int:
    return main(["run", *args, "--quiet"])


@pytest.fixture(scope="module")
def sample_bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    assert run("--input", str(sample_file()), "--county", "SACRAMENTO", "--compute-at", "2024-01-01",
               "--outputs", str(out)) == 0
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_bundle_files_and_columns(sample_bundle):
    names = sorted(p.name for p in sample_bundle.iterdir())
    assert names == ["All_Results.csv", "All_Results_Condensed.csv", "Input_Problems.csv",
                     "Prop64_Results.csv", "Results.xlsx", "Summary.json"]
    with open(sample_bundle / "All_Results.csv", newline="") as f:
        assert next(csv.reader(f)) == list(DOJ_COLUMNS) + list(GOGEN_COLUMNS) + ["Conviction key"]
    with open(sample_bundle / "All_Results_Condensed.csv", newline="") as f:
        assert next(csv.reader(f)) == list(CONDENSED_DOJ_COLUMNS) + list(GOGEN_COLUMNS) + ["Conviction key"]


def test_all_results_has_every_input_row_with_its_fields_untouched(sample_bundle):
    problems = _csv(sample_bundle / "Input_Problems.csv")
    unreadable = {int(p["Line"]) for p in problems if p["Problem"] == "malformed_row"}
    assert len(unreadable) == 1  # the sample's cut-off line, listed instead of written
    lines = sample_file().read_text().splitlines()
    source = [text for number, text in enumerate(lines[1:], start=2) if number not in unreadable]
    output = (sample_bundle / "All_Results.csv").read_text().splitlines()[1:]
    assert len(output) == len(source) == len(lines) - 2
    for original, written in zip(source, output):
        assert written.startswith(original + ",")
        assert len(next(csv.reader([written]))) == 95 + 18 + 1  # + Conviction key


def test_prop64_results_are_the_evaluated_rows(sample_bundle):
    summary = json.loads((sample_bundle / "Summary.json").read_text())
    prop64 = _csv(sample_bundle / "Prop64_Results.csv")
    assert len(prop64) == sum(summary["determinationCounts"].values()) > 0
    assert all(r["Eligibility Determination"] for r in prop64)
    every = _csv(sample_bundle / "All_Results.csv")
    decided = [r for r in every if r["Eligibility Determination"]]
    assert [r["CNT_ORDER"] for r in decided] == [r["CNT_ORDER"] for r in prop64]


def test_the_bundle_holds_the_self_tests_expected_decisions(sample_bundle):
    """The sample's decisions are pinned once, in resources/sample/expected/ (the self-test's; see
    tests/test_selftest.py for when it is stale): the command line writes exactly those."""
    prop64 = _csv(sample_bundle / "Prop64_Results.csv")
    expected, summary = selftest.read_expected()
    assert [(r["Eligibility Determination"], r["Eligibility Reason"]) for r in prop64] == [
        (e["determination"], e["reason"]) for e in expected]
    written = json.loads((sample_bundle / "Summary.json").read_text())
    assert selftest.compare_summary(written, summary) == []


def test_workbook_sheets(sample_bundle):
    book = openpyxl.load_workbook(sample_bundle / "Results.xlsx", read_only=False)
    assert book.sheetnames == ["Convictions", "Summary", "Input problems", "Policy and audit"]
    convictions = book["Convictions"]
    assert convictions.freeze_panes == "A2"
    assert convictions.auto_filter.ref
    header = [c.value for c in convictions[1]]
    assert header == list(CONDENSED_DOJ_COLUMNS) + list(GOGEN_COLUMNS) + ["Conviction key"]
    assert convictions.max_row - 1 == len(_csv(sample_bundle / "Prop64_Results.csv"))
    audit = {r[0]: r[1] for r in book["Policy and audit"].iter_rows(min_row=2, values_only=True)}
    assert audit["County"] == "SACRAMENTO" and audit["Evaluation date"] == "2024-01-01"
    assert audit["subjectAgeThreshold"] == "57"
    # The command line measured its own run; the engine's timings are there too.
    for item in ("Run time before writing (seconds)", "Reading and preparing (seconds)", "Evaluation time (seconds)"):
        assert float(audit[item]) > 0, item
    assert float(audit["Run time before writing (seconds)"]) >= float(audit["Evaluation time (seconds)"])
    digest = hashlib.sha256(sample_file().read_bytes()).hexdigest()
    assert digest in audit["Input file sample_doj.csv"]


def test_existing_outputs_are_not_replaced_without_force(sample_bundle, capsys):
    before = (sample_bundle / "Summary.json").stat().st_mtime_ns
    code = run("--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(sample_bundle))
    assert code == 2
    err = capsys.readouterr().err
    assert "already exist" in err and "All_Results.csv" in err
    assert (sample_bundle / "Summary.json").stat().st_mtime_ns == before


def test_force_and_suffix(tmp_path):
    args = ["--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(tmp_path),
            "--suffix", "july", "--no-workbook"]
    assert run(*args) == 0
    assert run(*args, "--force") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "All_Results_Condensed_july.csv", "All_Results_july.csv", "Input_Problems_july.csv",
        "Prop64_Results_july.csv", "Summary_july.json"]


def test_counties_lists_counties_most_frequent_first(capsys):
    assert main(["counties", str(sample_file())]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "SACRAMENTO"
    assert len(lines) > 5


def test_bad_input_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "notes.csv"
    bad.write_text("name,age\nann,3\n")
    assert run("--input", str(bad), "--county", "X", "--outputs", str(tmp_path)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["record-clearance: error: notes.csv, line 1: not a DOJ research file: expected 95 "
                   "comma-separated fields per line, found 2 on line 1."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.csv"]


def test_missing_output_folder_is_created(tmp_path, capsys):
    out = tmp_path / "results" / "july"
    assert run("--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(out), "--no-workbook") == 0
    assert len(list(out.iterdir())) == 5
    assert f"results written to:       {out}" in capsys.readouterr().out


def test_output_folder_is_not_created_when_the_run_is_refused(tmp_path):
    out = tmp_path / "results"
    assert run("--input", str(sample_file()), "--county", "NOWHERE", "--outputs", str(out)) == 2
    assert not out.exists()


def test_output_folder_under_a_file_is_refused_before_reading(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert run("--input", str(tmp_path / "missing.csv"), "--county", "X",
               "--outputs", str(tmp_path / "notes.txt" / "out")) == 2
    assert "cannot be created" in capsys.readouterr().err  # not the missing input: checked first


def test_json_options_as_policy_and_compute_at(tmp_path):
    fixture = Path(__file__).parents[1] / "fixtures" / "gogen"
    assert run("--input", str(fixture / "configurable_flow.xlsx"), "--county", "SACRAMENTO",
               "--policy", str(fixture / "eligibility_options.json"), "--compute-at", "2019-11-11",
               "--outputs", str(tmp_path)) == 0
    summary = json.loads((tmp_path / "Summary.json").read_text())
    assert summary["evaluationDate"] == "2019-11-11"
    assert summary["convictionDismissalCountByCodeSection"] == {"11357": 2, "11358": 6}


def test_malformed_rows_reach_the_problems_report(tmp_path):
    path = write_csv(tmp_path / "in.csv", [conviction("1"), row("1")[:90]])
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "SACRAMENTO", "--outputs", str(out)) == 0
    problems = _csv(out / "Input_Problems.csv")
    assert [(p["File"], p["Line"], p["Fields found"], p["Fields expected"]) for p in problems] == [
        ("in.csv", "3", "90", "95")]
    assert _csv(out / "Prop64_Results.csv")[0]["Eligibility Determination"] == "Hand Review"


def test_no_partial_files_after_a_failed_write(tmp_path, monkeypatch):
    from desktop_app.core import export

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_condensed", boom)
    assert run("--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(tmp_path)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither partial files nor half a bundle


@pytest.mark.parametrize("window, sparse_below", [(3, 8), (50, 2)])
def test_original_text_across_windows_files_and_sparse_rows(tmp_path, monkeypatch, window, sparse_below):
    """Rows are read back window by window: small windows, two files, a Latin-1 file with CRLF,
    a malformed row and a sparse selection (whole windows, or only the lines wanted) must all
    give each row its own text."""
    import numpy as np

    from desktop_app.core import original_text
    from desktop_app.core.reader import read_records

    monkeypatch.setattr(original_text, "WINDOW_LINES", window)
    monkeypatch.setattr(original_text, "SPARSE", sparse_below)
    a = write_csv(tmp_path / "a.csv", [row(str(i), PRI_NAME=f"DOE,N{i}") for i in range(10)])
    with open(a, "a") as f:
        f.write("1,2,3\n")
    b = write_csv(tmp_path / "b.csv", [row(str(i), PRI_NAME=f"PEÑA,N{i}") for i in range(10, 17)],
                  header=False, encoding="latin-1", newline="\r\n")
    records = read_records([a, b])
    expected = a.read_text().splitlines()[1:11] + b.read_text(encoding="latin-1").splitlines()
    every = [t for _, p in original_text.original_lines(records, np.arange(17)) for t in p.to_pylist()]
    assert every == expected
    sparse = np.array([0, 4, 5, 9, 10, 16])
    got = [(r, t) for rows, p in original_text.original_lines(records, sparse) for r, t in zip(rows, p.to_pylist())]
    assert got == [(r, expected[r]) for r in sparse]


def test_unexpected_error_is_one_line_without_traceback(tmp_path, monkeypatch, capsys):
    from desktop_app.core import evaluate as evaluate_module

    def bug(*args, **kwargs):
        raise KeyError("DOE,JANE")

    monkeypatch.setattr(evaluate_module, "evaluate", bug)
    code = run("--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(tmp_path))
    err = capsys.readouterr().err.strip()
    assert code == 70
    assert err == ("record-clearance: internal error (KeyError); nothing was written. "
                   "Run again with --debug for details to report.")
    assert list(tmp_path.iterdir()) == []


def test_unknown_dates_are_listed_in_the_problems_report(tmp_path):
    path = write_csv(tmp_path / "in.csv", [conviction("1", date="19790000"), row("2", PRI_DOB="19791340"),
                                           row("3", PRI_DOB="")])
    out = tmp_path / "out"
    out.mkdir()
    assert run("--input", str(path), "--county", "SACRAMENTO", "--outputs", str(out), "--no-workbook") == 0
    problems = _csv(out / "Input_Problems.csv")
    assert [(p["Line"], p["Problem"], p["Message"]) for p in problems] == [
        ("2", "unknown_conviction_date", "line 2: unknown conviction date (STP_EVENT_DATE '19790000')"),
        ("3", "unknown_birth_date", "line 3: unknown date of birth (PRI_DOB '19791340')")]
    summary = json.loads((out / "Summary.json").read_text())
    assert (summary["unknownConvictionDateCount"], summary["unknownBirthDateCount"]) == (1, 1)
