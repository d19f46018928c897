"""A clinic's spreadsheet in a review workspace: the workspace keeps the column mapping the sheet
was read with, reads the sheet again the same way when it opens (or with the next version of the
sheet), and keeps the mapping through a refresh; DOJ workspaces keep none."""

from __future__ import annotations

import datetime as dt

from clinic_sheets import mapped, write_xlsx
from factory import AS_OF
from ws_factory import POLICY, new_workspace

from desktop_app.core.clinic.mapping import mapping_toml
from desktop_app.core.clinic.sheet import read_table
from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import load_clinic
from desktop_app.core.ruleset import load_policy
from desktop_app.core.workspace import Workspace, column_mapping, evaluate_for

HEADERS = ("Client", "DOB", "Case #", "Offense", "Date convicted", "F/M")
ROWS = [["DOE, JANE", dt.date(1980, 3, 4), "12F01234", "HS 11359(b)", dt.date(2012, 3, 4), "F"],
        ["ROE, RICK", dt.date(1990, 1, 2), "19F0042", "H&S 11360(a)", dt.date(2019, 3, 4), "F"]]


def clinic_workspace(tmp_path, rows=ROWS):  # type: ignore[no-untyped-def]
    sheet = write_xlsx(tmp_path / "clients.xlsx", HEADERS, rows, title_rows=["Eastside Legal Aid (fabricated)"])
    mapping = mapped(sheet, county="SACRAMENTO")
    results = evaluate(load_clinic(read_table(sheet, sheet=mapping.sheet, header_row=mapping.header_row), mapping),
                       load_policy(POLICY), "SACRAMENTO", as_of=AS_OF)
    ws = Workspace.create(tmp_path / "clinic.rcw", results, policy_text=POLICY.read_text(), policy_file=POLICY.name,
                          reviewer="Ana", mapping_text=mapping_toml(mapping))
    return ws, results, sheet, mapping


def test_a_clinic_workspace_reads_its_sheet_again_with_its_mapping(tmp_path):
    ws, results, _sheet, mapping = clinic_workspace(tmp_path)
    with ws:
        kept = column_mapping(ws)
        assert kept is not None and kept.columns == mapping.columns and kept.county == "SACRAMENTO"
        assert (kept.sheet, kept.header_row) == (mapping.sheet, mapping.header_row)
        again = evaluate_for(ws)
        assert again.prepared.records.dataset.is_clinic
        assert again.evaluated["conviction_key"].tolist() == results.evaluated["conviction_key"].tolist()
        assert again.evaluated["determination"].astype(str).tolist() == \
            results.evaluated["determination"].astype(str).tolist()


def test_the_next_version_of_the_sheet_is_read_the_same_way_and_the_mapping_kept(tmp_path):
    ws, results, sheet, _mapping = clinic_workspace(tmp_path)
    with ws:
        keys = results.evaluated["conviction_key"].tolist()
        ws.accept(keys, "Ana")
        nxt = write_xlsx(tmp_path / "clients 2.xlsx", HEADERS, ROWS[1:], title_rows=["Eastside Legal Aid (fabricated)"])
        carry = ws.refresh(evaluate_for(ws, [nxt]), reviewer="Ana")
        assert len(carry.missing) == 1 and carry.carried == 1
        assert ws.evaluation().mapping_text == ws.evaluations()[0].mapping_text != ""
        assert column_mapping(ws) is not None


def test_reviews_survive_a_re_sorted_sheet_with_a_client_s_new_case_inserted(tmp_path):
    """Clinics sort their sheets and insert rows; the made-up count of a sheet's row followed that
    order. A key leaves it out: every reviewed conviction keeps its review, and two convictions of
    one client on one day under one section are told apart by their case numbers."""
    many = [["DOE, JANE", dt.date(1980, 3, 4), "12F01234", "HS 11359(b)", dt.date(2012, 3, 4), "F"],
            ["DOE, JANE", dt.date(1980, 3, 4), "14M0077", "HS 11357(c)", dt.date(2014, 5, 6), "M"],
            ["DOE, JANE", dt.date(1980, 3, 4), "14M0078", "HS 11357(c)", dt.date(2014, 5, 6), "M"],
            ["ROE, RICK", dt.date(1990, 1, 2), "19F0042", "H&S 11360(a)", dt.date(2019, 3, 4), "F"]]
    ws, results, _sheet, _mapping = clinic_workspace(tmp_path, rows=many)
    with ws:
        keys = results.evaluated["conviction_key"].tolist()
        assert len(set(keys)) == 4 and not any("|0" in k for k in keys)  # no made-up count in a key
        ws.accept(keys, "Ana")
        for key, case in zip(results.evaluated["conviction_key"], results.evaluated["case_number"]):
            ws.set_note([key], f"court file {case} pulled", "Ana")
        newer = [["DOE, JANE", dt.date(1980, 3, 4), "09M0001", "HS 11357(b)", dt.date(2009, 1, 2), "M"],
                 *reversed(many)]
        nxt = write_xlsx(tmp_path / "clients 2.xlsx", HEADERS, newer, title_rows=["Eastside Legal Aid (fabricated)"])
        fresh = evaluate_for(ws, [nxt])
        carry = ws.refresh(fresh, reviewer="Ana")
        assert (carry.carried, len(carry.missing)) == (4, 0)
        for key, case in zip(fresh.evaluated["conviction_key"], fresh.evaluated["case_number"]):
            note = (ws.record(key) or {}).get("note")
            assert note == (f"court file {case} pulled" if case != "09M0001" else None) or \
                (case == "09M0001" and not note)


def test_a_doj_workspace_keeps_no_mapping(tmp_path):
    ws, _results = new_workspace(tmp_path)
    with ws:
        assert ws.evaluation().mapping_text == "" and column_mapping(ws) is None


def test_the_command_line_makes_a_clinic_workspace_that_refreshes_with_its_mapping(tmp_path, capsys):
    from desktop_app.cli import main

    sheet = write_xlsx(tmp_path / "clients.xlsx", HEADERS, ROWS)
    target = tmp_path / "clinic.rcw"
    assert main(["workspace", "new", str(target), "--input", str(sheet), "--county", "Sacramento",
                 "--compute-at", AS_OF.isoformat(), "--quiet", "--reviewer", "Ana"]) == 0
    with Workspace.open(target, read_only=True) as ws:
        mapping = column_mapping(ws)
        assert mapping is not None and mapping.county.upper() == "SACRAMENTO" and ws.evaluation().convictions == 2
    nxt = write_xlsx(tmp_path / "clients 2.xlsx", HEADERS, ROWS[:1])
    assert main(["workspace", "refresh", str(target), "--input", str(nxt), "--quiet", "--reviewer", "Ana"]) == 0
    assert main(["workspace", "info", str(target)]) == 0
    out = capsys.readouterr().out
    assert "read as a clinic's spreadsheet" in out and "clients 2.xlsx" in out
