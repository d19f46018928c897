"""`record-clearance workspace new|review|refresh|export|log` on real files: the whole review flow
without a window, with the exit codes and one-line messages of `run`."""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
import sys

import openpyxl
import pytest
from ws_factory import CULTIVATION, MISDEMEANOR, SALE, TRANSPORT, new_extract_rows, write_data

import desktop_app
from desktop_app.cli import main
from desktop_app.core.schema import DOJ_COLUMNS

from factory import GOGEN_COLUMNS

FILING_TITLES = ["Remedy", "Track", "Position", "Challenge ground"]
REVIEW_TITLES = ["Final determination", "Overridden", "Change reason", "Review status", "Status date",
                 "Filing batch", "Reviewer", "Reviewed at", "Review note", "Needs re-review"]


def ws_cli(*args: str) -> int:
    return main(["workspace", *args])


@pytest.fixture
def made(tmp_path, capsys):
    source = write_data(tmp_path)
    path = tmp_path / "Sacramento 2026.rcw"
    assert ws_cli("new", str(path), "--input", str(source), "--county", "SACRAMENTO", "--compute-at", "2020-07-01",
                  "--reviewer", "Ana Reviewer", "--quiet") == 0
    assert "5" in capsys.readouterr().out
    return path


def test_new_refuses_an_existing_file(made, capsys):
    before = made.read_bytes()
    assert ws_cli("new", str(made), "--input", str(made.parent / "doj.csv"), "--county", "SACRAMENTO") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "record-clearance: error: Sacramento 2026.rcw: a file with this name already exists; " \
                      "choose another name (a workspace is never replaced)"
    assert made.read_bytes() == before


def test_review_many_keys_and_the_errors_of_a_bad_request(made, tmp_path, capsys):
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text(f"# to accept\n{MISDEMEANOR}\n\n{SALE}\n")
    assert ws_cli("review", str(made), "--keys-from", str(keys_file), "--key", TRANSPORT, "--determination", "accept",
                  "--reviewer", "Ana Reviewer") == 0
    assert "3 conviction(s) changed" in capsys.readouterr().out
    assert ws_cli("review", str(made), "--key", CULTIVATION, "--determination", "Not eligible",
                  "--reviewer", "Ana Reviewer") == 2
    assert "needs a reason" in capsys.readouterr().err
    assert ws_cli("review", str(made), "--key", CULTIVATION, "--determination", "Not eligible", "--reason",
                  "Duplicate of another case", "--note", "same as case 12", "--reviewer", "Bo Checker") == 0
    assert ws_cli("review", str(made), "--key", "A9|1|2|3", "--status", "filed", "--reviewer", "Ana Reviewer") == 2
    assert "not convictions of this workspace's data set: A9|1|2|3" in capsys.readouterr().err
    assert ws_cli("review", str(made), "--key", SALE, "--status", "filed", "--date", "2026-03-01", "--batch", "B-12",
                  "--reviewer", "Ana Reviewer") == 0
    assert ws_cli("review", str(made), "--key", SALE, "--determination", "maybe", "--reviewer", "Ana Reviewer") == 2
    capsys.readouterr()
    assert ws_cli("log", str(made)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    filed = [r for r in rows if r["Conviction key"] == SALE and r["What"] == "Review status"]
    assert [(r["Old value"], r["New value"]) for r in filed] == [("Not reviewed", "Reviewed"),
                                                                   ("Reviewed", "Filed with court")]
    assert any(r["Who"] == "Bo Checker" and r["New value"] == "same as case 12" for r in rows)


def test_export_carries_final_decisions_beside_the_automatic_ones(made, tmp_path, capsys):
    assert ws_cli("review", str(made), "--key", SALE, "--determination", "Not eligible", "--reason",
                  "Not eligible: superstrike found in court file", "--reviewer", "Ana Reviewer") == 0
    assert ws_cli("review", str(made), "--key", MISDEMEANOR, "--determination", "accept", "--reviewer", "Bo") == 0
    out = tmp_path / "out"
    out.mkdir()
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet") == 0
    assert "reviewed: 2 of 5; overridden: 1" in capsys.readouterr().out
    with open(out / "Prop64_Results.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(DOJ_COLUMNS) + list(GOGEN_COLUMNS) + ["Conviction key"] + REVIEW_TITLES + FILING_TITLES
    by_key = {r[rows[0].index("Conviction key")]: dict(zip(rows[0], r)) for r in rows[1:]}
    sale = by_key[SALE]
    assert sale["Eligibility Determination"] == "Eligible for Reduction"  # gogen's column: automatic
    assert sale["Final determination"] == "Not eligible" and sale["Overridden"] == "Yes"
    assert sale["Change reason"] == "Not eligible: superstrike found in court file"
    assert by_key[MISDEMEANOR]["Review status"] == "Reviewed" and by_key[MISDEMEANOR]["Reviewer"] == "Bo"
    assert by_key[TRANSPORT]["Review status"] == "Not reviewed"
    assert by_key[TRANSPORT]["Final determination"] == "Eligible for Reduction"
    # The filing columns: a challenge with its ground, and a dismissal whose sentence was completed.
    assert (sale["Position"], sale["Remedy"]) == ("Challenged", "")
    assert sale["Challenge ground"] == "Not eligible: superstrike found in court file"
    misdemeanor = by_key[MISDEMEANOR]
    assert (misdemeanor["Remedy"], misdemeanor["Track"], misdemeanor["Position"]) == \
        ("Dismiss and seal", "Completed sentence", "Not challenged")
    progress = json.loads((out / "Summary.json").read_text())["reviewProgress"]
    assert (progress["reviewed"], progress["overridden"], progress["convictions"]) == (2, 1, 5)
    assert progress["byFinalDetermination"]["Not eligible"] == 1 and progress["byStatus"]["Reviewed"] == 2
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    assert book.sheetnames == ["Convictions", "Summary", "Input problems", "Policy and audit", "Reviews", "Audit log"]
    header = next(book["Convictions"].iter_rows(values_only=True))
    assert list(header[-15:]) == ["Conviction key"] + REVIEW_TITLES + FILING_TITLES
    reviews = list(book["Reviews"].iter_rows(values_only=True))
    assert [r[0] for r in reviews[1:]] == sorted([SALE, MISDEMEANOR])
    audit = list(book["Audit log"].iter_rows(values_only=True))
    assert audit[0][:4] == ("Entry", "Time", "Who", "Action") and len(audit) > 5
    # An existing bundle is not replaced without --force.
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet") == 2
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet", "--force") == 0


def test_refresh_lists_what_could_not_be_carried_and_export_wants_it_first(made, tmp_path, capsys):
    assert ws_cli("review", str(made), "--key", SALE, "--key", CULTIVATION, "--determination", "accept",
                  "--reviewer", "Ana Reviewer") == 0
    capsys.readouterr()
    new_file = write_data(tmp_path, new_extract_rows(), "doj.csv")  # DOJ's new file, same name and place
    out = tmp_path / "out"
    out.mkdir()
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet") == 2
    assert "input files changed" in capsys.readouterr().err and not list(out.iterdir())
    assert ws_cli("refresh", str(made), "--input", str(new_file), "--quiet", "--reviewer", "Ana Reviewer") == 0
    text = capsys.readouterr().out
    assert "1 no longer in the data" in text and f"  {CULTIVATION}  Eligible for Dismissal, reviewed" in text
    assert "needs re-review (1):" in text and f"  {SALE}  the automatic decision changed" in text
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet") == 0


def test_while_the_window_has_it_the_cli_can_read_but_not_write(made, capsys):
    from desktop_app.core.workspace import Workspace

    with Workspace.open(made):
        assert ws_cli("review", str(made), "--key", SALE, "--determination", "accept", "--reviewer", "Ana") == 2
        err = capsys.readouterr().err
        assert "open elsewhere" in err and "close it there first" in err
        assert ws_cli("log", str(made)) == 0 and ws_cli("info", str(made)) == 0


def test_a_file_that_is_not_a_workspace_gives_one_line(tmp_path, capsys):
    bogus = write_data(tmp_path, name="doj.rcw")
    assert ws_cli("review", str(bogus), "--key", SALE, "--determination", "accept", "--reviewer", "Ana") == 2
    assert capsys.readouterr().err.strip() == ("record-clearance: error: doj.rcw: this file is not a workspace "
                                               "(not a database file); nothing was changed")


def test_no_record_content_in_the_log(made, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    new_file = write_data(tmp_path, new_extract_rows(), "new.csv")
    out = tmp_path / "out"
    out.mkdir()
    assert ws_cli("review", str(made), "--key", SALE, "--determination", "accept", "--note", "Secret note",
                  "--reviewer", "Ana Reviewer") == 0
    assert ws_cli("refresh", str(made), "--input", str(new_file), "--quiet", "--reviewer", "Ana Reviewer") == 0
    assert ws_cli("export", str(made), "--outputs", str(out), "--quiet") == 0
    logged = caplog.text
    assert "review action" in logged  # counts are logged ...
    for private in ("A1002", "DOE,PERSON", "Secret note", "Ana Reviewer", "1002"):  # ... never record content
        assert private not in logged


def test_the_workspace_commands_are_listed(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop_app.cli", "workspace", "--help"], capture_output=True,
                          text=True, cwd=str(tmp_path), env={"PYTHONPATH": str(desktop_app.__path__[0] + "/..")})
    assert done.returncode == 0
    for command in ("new", "review", "refresh", "export", "log"):
        assert command in done.stdout


def test_the_workspace_engine_loads_no_qt(made):
    program = ("import pkgutil, importlib, sys\n"
               "import desktop_app.core.workspace as w\n"
               "for m in pkgutil.iter_modules(w.__path__):\n"
               "    importlib.import_module('desktop_app.core.workspace.' + m.name)\n"
               "from desktop_app.cli import main\n"
               f"assert main(['workspace', 'info', {str(made)!r}]) == 0\n"
               "sys.exit(1 if any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules) else 0)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=str(desktop_app.__path__[0] + "/.."))
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_counties_options_json_policy_is_kept_and_used_again(tmp_path, capsys):
    from pathlib import Path

    from desktop_app.core.workspace import Workspace, evaluate_for

    options = Path(desktop_app.__path__[0]).parent / "tests" / "fixtures" / "gogen" / "eligibility_options.json"
    path = tmp_path / "json.rcw"
    assert ws_cli("new", str(path), "--input", str(write_data(tmp_path)), "--county", "SACRAMENTO",
                  "--policy", str(options), "--compute-at", "2020-07-01", "--quiet") == 0
    with Workspace.open(path, read_only=True) as ws:
        assert ws.evaluation().policy_file == "eligibility_options.json"
        assert ws.evaluation().policy_text == options.read_text(encoding="utf-8-sig")
        again = evaluate_for(ws)
        assert dict(zip(again.evaluated["conviction_key"], again.evaluated["determination"].astype(str))) == \
            {k: d for k, (d, _) in ws.automatic().items()}
