"""Invariants of the engine, property-tested with hypothesis over generated DOJ rows.

- the engine never raises on any row content;
- every evaluated conviction gets exactly one determination and a reason;
- All_Results.csv has one row per input row read;
- the same input and policy give byte-identical outputs;
- the order of people in the file does not change any decision, nor any conviction key;
- conviction keys are unique within a data set.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factory import bundle, write_csv

from desktop_app.core.evaluate import evaluate
from desktop_app.core.export import export_bundle
from desktop_app.core.pipeline import default_policy_path, load
from desktop_app.core.ruleset import load_policy
from desktop_app.core.schema import DETERMINATIONS, DOJ_COLUMNS

AS_OF = dt.date(2020, 7, 1)
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

# Free text as it may appear in a field: commas, quotes, accents; no line breaks (one row = one line).
free_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
dates = st.one_of(st.sampled_from(["", "19790000", "00000000", "20161109", "20161110", "20300101", "2001023"]),
                  st.dates(dt.date(1900, 1, 1), dt.date(2035, 1, 1)).map(lambda d: d.strftime("%Y%m%d")),
                  free_text)
offenses = st.one_of(st.sampled_from([
    "11357(A) HS-POSSESS", "11357 HS-POSSESS", "11357(C)HS", "11358 HS-CULTIVATE", "11359 HS-SELL",
    "11360(A) HS-TRANSPORT", "664/11359 HS", "11360/11357 HS", "11357.5 HS", "113570 HS", "187 PC-MURDER",
    "288(A) PC-LEWD", "459 PC-BURGLARY", "SEE COMMENT FOR CHARGE", "", "-", "11358"]), free_text)


@st.composite
def doj_row(draw) -> list[str]:
    values = {c: "" for c in DOJ_COLUMNS}
    values.update({
        "SUBJECT_ID": draw(st.sampled_from(["1", "2", "3", " 4 ", ""])),
        "PRI_NAME": draw(st.one_of(st.just("DOE,JANE"), free_text)),
        "PRI_DOB": draw(dates),
        "STP_EVENT_DATE": draw(dates),
        "STP_TYPE_DESCR": draw(st.sampled_from(["COURT ACTION", "ARREST/DETAINED/CITED", "DECEASED",
                                                "REGISTRATION", "PROBATION", "", "court action "])),
        "STP_ORI_CNTY_NAME": draw(st.sampled_from(["SACRAMENTO", "sacramento ", "YOLO", ""])),
        "CNT_ORDER": draw(st.sampled_from(["001002001000", "001002002000", "002002001000", "", "X"])),
        "OFN": draw(st.one_of(st.just(""), free_text)),
        "OFFENSE_DESCR": draw(offenses),
        "OFFENSE_TOC": draw(st.sampled_from(["F", "M", "I", "", "Z"])),
        "DISP_DESCR": draw(st.sampled_from(["CONVICTED-JAIL", "CONVICTED-PROBATION", "DISMISSED", "", "CONVICTED"])),
        "CONV_STAT_DESCR": draw(st.sampled_from(["FELONY", "MISDEMEANOR", "INFRACTION", "", "FELONY    "])),
        "SENT_LENGTH": draw(st.one_of(st.sampled_from(["", "30", "2"]), free_text)),
        "SENT_TIME_CODE": draw(st.sampled_from(["D", "M", "Y", "", "Q"])),
        "COMMENT_TEXT": draw(st.one_of(st.just(""), offenses)),
    })
    return [values[c] for c in DOJ_COLUMNS]


histories = st.lists(doj_row(), min_size=1, max_size=25)
policies = st.sampled_from(["county-common.toml", "dismiss-all-prop64.toml", "exclude-superstrike-example.toml",
                            "los-angeles-2019.toml"])


def _run(rows: list[list[str]], policy_name: str, folder: Path):
    path = write_csv(folder / "in.csv", rows)
    prepared = load([path])
    policy = load_policy(default_policy_path().parent / policy_name)
    return prepared, evaluate(prepared, policy, "SACRAMENTO", as_of=AS_OF)


@EXAMPLES
@given(rows=histories, policy_name=policies)
def test_engine_invariants(rows, policy_name):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        prepared, results = _run(rows, policy_name, folder)
        ev = results.evaluated
        assert ev["row"].is_unique
        assert ev["conviction_key"].is_unique
        assert set(bundle(results)["Eligibility Determination"].astype(str)) <= set(results.policy.determinations)
        assert set(results.policy.determinations[:4]) == set(DETERMINATIONS)
        assert (bundle(results)["Eligibility Reason"].astype(str).str.len() > 0).all()
        outputs = []
        for run in ("a", "b"):  # read, evaluate and export twice from scratch
            sub = folder / run
            sub.mkdir()
            _, again = _run(rows, policy_name, sub)
            out = sub / "out"
            out.mkdir()
            export_bundle(again, out, workbook=False)
            outputs.append({p.name: p.read_bytes() for p in out.iterdir() if p.name != "Summary.json"})
        assert outputs[0] == outputs[1]
        written = outputs[0]["All_Results.csv"].decode("utf-8").count("\n") - 1
        assert written == prepared.records.row_count


@EXAMPLES
@given(rows=histories, policy_name=policies, seed=st.randoms(use_true_random=False))
def test_order_of_people_does_not_change_decisions(rows, policy_name, seed):
    people: dict[str, list[list[str]]] = {}
    for r in rows:
        people.setdefault(r[DOJ_COLUMNS.index("SUBJECT_ID")].strip() or f"blank{id(r)}", []).append(r)
    order = list(people)
    seed.shuffle(order)
    shuffled = [r for key in order for r in people[key]]
    with tempfile.TemporaryDirectory() as d:
        _, a = _run(rows, policy_name, Path(d))
    with tempfile.TemporaryDirectory() as d:
        _, b = _run(shuffled, policy_name, Path(d))

    def decided(results):
        ev, b = results.evaluated, bundle(results)
        return sorted(zip(ev["subject_id"].str.strip(), b["Case Number"], ev["cii"],
                          ev["event_date"], ev["offense"], b["Eligibility Determination"].astype(str),
                          b["Eligibility Reason"].astype(str).str.replace(r"line \d+ of", "line of", regex=True)))

    assert decided(a) == decided(b)

    def keyed(results):
        return sorted(zip(results.evaluated["conviction_key"], bundle(results)["Eligibility Determination"].astype(str)))

    assert keyed(a) == keyed(b)
