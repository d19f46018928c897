"""The bundled sample (resources/sample/sample_doj.csv) is what `desktop_app.core.showcase` makes,
stays small, and shows what the product does: under each bundled policy, which determinations,
which steps of the procedure and which data problems a first look at it shows.

Its decisions themselves are pinned once, in resources/sample/expected/ (tests/test_selftest.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from desktop_app.core.evaluate import evaluate
from desktop_app.core.generate import generate_records
from desktop_app.core.pipeline import load
from desktop_app.core.ruleset import load_policy
from desktop_app.core.schema import DETERMINATIONS
from desktop_app.core.showcase import COUNTY, GENERATED_ROWS, PEOPLE, SEED, sample_lines, write_sample
from desktop_app.paths import policies_dir, rules_dir, sample_file

SELF_TEST_DATE = dt.date(2024, 1, 1)
# The showcase's dates hold from the self-test's date to the end of 2028 (a newcomer's "today").
LATER = dt.date(2028, 11, 30)
DISMISS, REDUCE, NOT_ELIGIBLE, HAND_REVIEW = DETERMINATIONS
STANDARD_STEPS = {"misdemeanor", "dismiss_sections", "under_21", "age_threshold", "years_since_conviction",
                  "crime_free", "only_prop64", "deceased", "reduce_sections", "no_relief"}
DATA_PROBLEMS = {"malformed_row", "unknown_conviction_date", "unknown_birth_date", "birth_after_conviction"}


@pytest.fixture(scope="module")
def prepared():
    return load([sample_file()])


def shown(prepared, policy, as_of=SELF_TEST_DATE) -> tuple[set[str], set[str], Counter]:
    results = evaluate(prepared, policy, COUNTY, as_of=as_of)
    ev = results.evaluated
    return (set(ev["determination"].astype(str)), set(ev["step"].astype(str)),
            Counter(ev.loc[ev["step"] == "input_problem", "reason"].astype(str)))


def test_the_procedure_has_the_steps_this_file_checks():
    import tomllib

    procedure = tomllib.loads((rules_dir() / "prop64_procedure.toml").read_text(encoding="utf-8"))
    assert {s["id"] for s in procedure["step"]} | {procedure["otherwise"]["id"]} == STANDARD_STEPS


def test_bundled_sample_is_what_the_showcase_makes(tmp_path):
    text = sample_file().read_bytes().decode("ascii")
    assert text == "".join(sample_lines())
    generated = "".join(generate_records(GENERATED_ROWS, COUNTY, SEED))
    assert text.startswith(generated)  # the generated people, then the hand-written ones
    assert write_sample(tmp_path / "again.csv") == len(text.splitlines()) - 1
    assert (tmp_path / "again.csv").read_bytes() == sample_file().read_bytes()


def test_bundled_sample_stays_small():
    assert len(sample_file().read_bytes().splitlines()) < 3000
    assert sample_file().stat().st_size < 2_000_000


@pytest.mark.parametrize("as_of", [SELF_TEST_DATE, LATER])
def test_county_common_shows_dismissal_reduction_hand_review_and_its_active_steps(prepared, as_of):
    dets, steps, checks = shown(prepared, load_policy(policies_dir() / "county-common.toml"), as_of)
    # Not eligible cannot happen under this policy: every section is dismissed or reduced.
    assert dets == {DISMISS, REDUCE, HAND_REVIEW}
    # crime_free is off (yearsCrimeFreeThreshold = 0) and no_relief is never reached.
    assert steps == STANDARD_STEPS - {"crime_free", "no_relief"} | {"input_problem"}
    assert set(checks) == {"input:unreadable_row", "input:future_conviction", "input:no_subject_id"}


@pytest.mark.parametrize("as_of", [SELF_TEST_DATE, LATER])
def test_exclusion_example_shows_every_determination(prepared, as_of):
    dets, steps, _ = shown(prepared, load_policy(policies_dir() / "exclude-superstrike-example.toml"), as_of)
    assert dets == set(DETERMINATIONS)
    assert {"superstrike_before", "pc290_before", "serving_sentence"} <= steps


def test_dismiss_all_shows_dismissals_and_the_damaged_rows(prepared):
    dets, steps, checks = shown(prepared, load_policy(policies_dir() / "dismiss-all-prop64.toml"))
    assert dets == {DISMISS, HAND_REVIEW}
    assert steps == {"misdemeanor", "dismiss_sections", "input_problem"} and sum(checks.values()) == 3


@pytest.mark.parametrize("as_of", [SELF_TEST_DATE, LATER])
def test_crime_free_and_no_relief_decide_once_the_policy_asks(prepared, as_of):
    """The two standard steps no bundled policy reaches, as a user gets them in the policy panel:
    "No conviction in the last 5 years" on, and 11359 set to No relief."""
    common = load_policy(policies_dir() / "county-common.toml")
    options = dataclasses.replace(common.options, yearsCrimeFreeThreshold=5, reduce=("11360",))
    dets, steps, _ = shown(prepared, common.with_options(options, name="crime-free 5, 11359 no relief"), as_of)
    assert NOT_ELIGIBLE in dets
    assert {"crime_free", "no_relief"} <= steps


def test_every_kind_of_data_problem_is_listed(prepared):
    kinds = Counter(p.kind for p in prepared.records.problems + prepared.date_problems)
    assert DATA_PROBLEMS <= set(kinds)


def test_each_hand_written_person_says_what_it_shows():
    assert len({p.name for p in PEOPLE}) == len(PEOPLE)
    assert all(p.shows and p.events for p in PEOPLE)
