"""Reasons are a closed set of categories: a code plus the row's own parameters. Figures, filters
and charts group by category; the text users read keeps each row's details."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from factory import AS_OF, conviction, decide, policy, write_csv
from desktop_app.cli import main
from desktop_app.core.codes import load_code_sections
from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import code_sections_path, default_policy_path, load
from desktop_app.core.ruleset import load_policy
from desktop_app.core.schema import eligibility_columns, evaluated_columns

FUTURE = ["20210105", "20210311", "20220708", "20230101", "20240229"]


def _future_rows() -> list[list[str]]:
    return [conviction(subject=str(i), date=d) for i, d in enumerate(FUTURE)] + [
        conviction(subject="9", offense="11359 HS-SELL", date="19900101", PRI_DOB="20000101"),
        conviction(subject="10", offense="11359 HS-SELL", date="19950101", PRI_DOB="19740000")]


def test_future_dates_are_one_category_with_the_date_in_each_row(tmp_path):
    r = decide(tmp_path, _future_rows(), policy(dismiss=["11358"], subjectUnder21AtConviction=True))
    future = r.evaluated["reason"].astype(str) == "input:future_conviction"
    assert future.sum() == 5
    assert set(r.reason_labels[future.to_numpy()]) == {"Conviction date after the evaluation date: check the record"}
    assert r.reason_texts[0] == "Conviction date 01/05/2021 is after the evaluation date 07/01/2020: check the record"
    assert r.summary["handReviewByReason"] == {
        "Conviction date after the evaluation date: check the record": 5,
        'Date of birth after the conviction date: check "21 years or younger"': 1,
        'Unknown date of birth: check "21 years or younger"': 1,
    }


def test_categories_are_counted_largest_first(tmp_path):
    r = decide(tmp_path, _future_rows(), policy(dismiss=["11358"], subjectUnder21AtConviction=True))
    counts = list(r.summary["handReviewByReason"].values())
    assert counts == sorted(counts, reverse=True)


def test_reason_code_names_step_and_input(tmp_path):
    r = decide(tmp_path, _future_rows(), policy(dismiss=["11358"], subjectUnder21AtConviction=True))
    codes = set(r.evaluated["reason"].astype(str))
    assert codes == {"input:future_conviction", "conflict:under_21:dob_after_conviction",
                     "unknown:under_21:date of birth"}
    assert {r.reasons[c].step_id for c in codes} == {"input_problem", "under_21"}


def test_section_entry_is_a_parameter_of_the_category(tmp_path):
    rows = [conviction(subject="1", offense="11357(C) HS-POSSESS"), conviction(subject="2", offense="11358 HS-GROW"),
            conviction(subject="3", offense="11358 HS-GROW")]
    r = decide(tmp_path, rows, policy(dismiss=["11358", "11357"]))
    assert r.evaluated["reason"].astype(str).tolist() == [
        "dismiss_sections:11357", "dismiss_sections:11358", "dismiss_sections:11358"]
    assert r.summary["convictionDismissalCountByCodeSection"] == {"11358": 2, "11357": 1}


def test_rewording_a_step_in_the_rules_changes_no_figure(tmp_path):
    procedure = (default_policy_path().parents[1] / "prop64_procedure.toml").read_text(encoding="utf-8")
    reworded = (procedure.replace('"21 years or younger"', '"Under twenty-one when convicted"')
                .replace('"Dismiss all HS {entry} convictions"', '"Section {entry}: dismissed by policy"')
                .replace('"Misdemeanor or Infraction"', '"Not a felony"'))
    assert reworded != procedure
    (tmp_path / "procedure.toml").write_text(reworded, encoding="utf-8")
    rows = _future_rows() + [conviction(subject="20", offense="11358 HS-GROW", date="19980101", PRI_DOB="19800101"),
                             conviction(subject="21", level="MISDEMEANOR"),
                             conviction(subject="22", offense="11359 HS-SELL", date="19990101", PRI_DOB="19800101")]
    options = policy(dismiss=["11358"], subjectUnder21AtConviction=True).options
    base = load_policy(default_policy_path()).with_options(options)
    other = load_policy(default_policy_path(), procedure_path=tmp_path / "procedure.toml").with_options(options)
    path = write_csv(tmp_path / "in.csv", rows)
    prepared = load([path])
    a = evaluate(prepared, base, "SACRAMENTO", as_of=AS_OF).summary
    b = evaluate(prepared, other, "SACRAMENTO", as_of=AS_OF).summary
    assert "Under twenty-one when convicted" in b["convictionDismissalCountByAdditionalRelief"]
    for key, value in a.items():
        if key in ("convictionDismissalCountByAdditionalRelief", "handReviewByReason"):
            assert sorted(value.values()) == sorted(b[key].values()), key
        elif key != "processingTimeInSeconds":
            assert b[key] == value, key


def test_results_cannot_be_changed_once_built(tmp_path):
    r = decide(tmp_path, [conviction()])
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.summary = {}  # type: ignore[misc]


def test_evaluated_columns_are_the_documented_schema(tmp_path):
    r = decide(tmp_path, [conviction()])
    assert list(r.evaluated.columns) == evaluated_columns(("11357", "11358", "11359", "11360"))


def test_section_columns_and_policy_entries_come_from_the_code_section_rules(tmp_path):
    text = code_sections_path().read_text(encoding="utf-8")
    extended = text.replace('sections = ["11357", "11358", "11359", "11360"]',
                            'sections = ["11357", "11358", "11359", "11360", "11362"]')
    assert extended != text
    (tmp_path / "codes.toml").write_text(extended, encoding="utf-8")
    codes = load_code_sections(tmp_path / "codes.toml")
    assert codes.policy_entries()[-1] == "11362"
    assert "# of HS 11362 convictions" in eligibility_columns(codes.prop64_sections)
    assert "n_11362" in evaluated_columns(codes.prop64_sections)


def test_exports_carry_row_texts_and_the_workbook_counts_categories(tmp_path):
    path = write_csv(tmp_path / "in.csv", _future_rows())
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", "--input", str(path), "--county", "SACRAMENTO", "--compute-at", "2020-07-01",
                 "--outputs", str(out), "--quiet"]) == 0
    text = (out / "Prop64_Results.csv").read_text(encoding="utf-8")
    assert "Conviction date 02/29/2024 is after the evaluation date 07/01/2020: check the record" in text
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    hand_review = [row for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Hand review, by reason"]
    book.close()
    assert [row[1:] for row in hand_review] == [
        ("Conviction date after the evaluation date: check the record", 5),
        ('Date of birth after the conviction date: check "21 years or younger"', 1),
        ('Unknown date of birth: check "21 years or younger"', 1)]
