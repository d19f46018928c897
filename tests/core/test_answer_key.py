"""The answer key (answer_key.toml): small hand-written people, each with the decision a careful
reader of the procedure expects. One parametrized test; each case fails with its own id and why."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from factory import conviction, only, row, write_csv

from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import load
from desktop_app.core.ruleset import Policy, load_policy
from desktop_app.paths import policies_dir, rules_dir

KEY = Path(__file__).with_name("answer_key.toml")
CASES: list[dict[str, Any]] = tomllib.loads(KEY.read_text(encoding="utf-8"))["case"]
DEFAULT_POLICY = "county-common.toml"
DEFAULT_AS_OF = "2024-01-01"
LEVELS = {"F": "FELONY", "M": "MISDEMEANOR", "I": "INFRACTION"}
CUT_OFF_FIELDS = 60


def history_rows(case: dict[str, Any]) -> list[list[str]]:
    subject, born = case.get("subject", "1001"), case["born"]
    rows = []
    for event in case["history"]:
        kind = event.get("kind", "")
        if kind == "deceased":
            rows.append(row(subject, PRI_DOB=born, STP_TYPE_DESCR="DECEASED", STP_EVENT_DATE=event["date"]))
            continue
        sentence: dict[str, str] = {}
        if "sentence" in event:
            length, unit = event["sentence"].split()
            sentence = dict(SENT_LENGTH=length, SENT_TIME_CODE=unit, DISP_DESCR="CONVICTED-PRISON")
        fields = conviction(subject, offense=event["offense"], date=event["date"],
                            level=LEVELS[event.get("level", "F")], county=event.get("county", "SACRAMENTO"),
                            PRI_DOB=born, **sentence)
        rows.append(fields[:CUT_OFF_FIELDS] if kind == "cut off" else fields)
    return rows


def case_policy(case: dict[str, Any]) -> Policy:
    policy = load_policy(policies_dir() / case.get("policy", DEFAULT_POLICY))
    options = {k: tuple(v) if isinstance(v, list) else v for k, v in case.get("options", {}).items()}
    if not options:
        return policy
    return policy.with_options(dataclasses.replace(policy.options, **options), name=f"{policy.name} (case)")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_answer_key(case: dict[str, Any], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "case.csv", history_rows(case))
    as_of = dt.date.fromisoformat(case.get("as_of", DEFAULT_AS_OF))
    results = evaluate(load([path]), case_policy(case), "SACRAMENTO", as_of=as_of)
    expect = case["expect"]
    assert only(results) == (expect["determination"], expect["reason"]), case["why"]
    assert str(results.evaluated["step"].iloc[0]) == expect["step"], case["why"]


def test_the_key_covers_every_step_and_data_problem() -> None:
    procedure = tomllib.loads((rules_dir() / "prop64_procedure.toml").read_text(encoding="utf-8"))
    standard = {s["id"] for s in procedure["step"]} | {procedure["otherwise"]["id"]}
    example = {"superstrike_before", "pc290_before", "serving_sentence"}
    assert {c["expect"]["step"] for c in CASES} == standard | example | {"input_problem"}
    problems = {"unreadable_row", "unknown_conviction_date", "unknown_birth_date", "birth_date_after_conviction",
                "future_conviction_date", "no_subject_id"}
    assert problems <= {c["id"] for c in CASES}
    assert len({c["id"] for c in CASES}) == len(CASES) and all(c["why"].strip() for c in CASES)
