"""The Los Angeles 2019 tree (rules/policies/los-angeles-2019.toml), each step pinned by a small
example written from la-2019-policy.md, with its boundaries and its unknown inputs.

AS_OF is 2020-07-01. People are born in 1980 (40 years old) unless a test says otherwise, so the
age steps stay out of the way. Test names contain the step id they pin.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from factory import AS_OF, bundle, conviction, decide, decisions, only, row, write_csv
from desktop_app.cli import main
from desktop_app.core.ruleset import Options, load_policy
from desktop_app.paths import policies_dir

LA = "LOS ANGELES"
ROUTED = "To be reviewed by City Attorneys"
DISMISS, NOT, REVIEW = "Eligible for Dismissal", "Not eligible", "Hand Review"
BORN = "19800101"


def la_policy(**options: object):
    policy = load_policy(policies_dir() / "los-angeles-2019.toml")
    if options:
        values = {**policy.options.__dict__, **options}
        policy = policy.with_options(Options(**values))
    return policy


def la(offense: str = "11358 HS-CULTIVATE", date: str = "20100101", **fields: str) -> list[str]:
    """A conviction in Los Angeles of a person born in 1980."""
    fields.setdefault("PRI_DOB", BORN)
    return conviction(offense=offense, date=date, county=LA, **fields)


def elsewhere(offense: str, date: str, **fields: str) -> list[str]:
    """A conviction of the same person in another county (history only, not evaluated)."""
    fields.setdefault("PRI_DOB", BORN)
    return conviction(offense=offense, date=date, county="YOLO", **fields)


def run(tmp_path, rows, **options):
    return decide(tmp_path, rows, la_policy(**options), county=LA)


def test_policy_file_has_the_two_options_with_the_defaults_of_the_reference():
    policy = la_policy()
    assert policy.own_procedure and not policy.uses_sections
    assert policy.used_options() == {"subjectAgeThreshold", "yearsCrimeFreeThreshold"}
    assert (policy.options.subjectAgeThreshold, policy.options.yearsCrimeFreeThreshold) == (50, 10)
    assert [s.id for s in policy.steps] + [policy.otherwise.id] == [
        "misdemeanor", "after_prop64", "possession_a_b", "other_11357", "superstrike_before", "pc290_before",
        "two_priors", "age_threshold", "age_21_or_younger", "only_prop64_completed", "crime_free",
        "serving_sentence", "deceased", "no_criteria"]


def test_citations_of_the_exclusions():
    steps = {s.id: s for s in la_policy().steps}
    assert steps["superstrike_before"].citation == "H&S 11361.8(e)(3); PC 667(e)(2)(C)(iv)"
    assert "PC 290(c)" in steps["pc290_before"].citation
    assert steps["two_priors"].citation == "H&S 11359(c)-(d), 11360(a)(3)"
    assert all(s.citation for s in la_policy().all_steps)


# -- 1: misdemeanor, routed to the City Attorneys ------------------------------------------------

def test_misdemeanor_is_routed_to_the_city_attorneys(tmp_path):
    r = run(tmp_path, [la("11357(B) HS-POSSESS", level="MISDEMEANOR")])
    assert only(r) == (ROUTED, "Misdemeanor or Infraction")


def test_misdemeanor_routing_comes_before_the_2016_exclusion(tmp_path):
    r = run(tmp_path, [la("11360 HS-SELL", date="20180101", level="INFRACTION")])
    assert only(r) == (ROUTED, "Misdemeanor or Infraction")


def test_misdemeanor_routing_is_counted_apart_and_never_as_relief(tmp_path):
    rows = [la("11357 HS-POSSESS", level="MISDEMEANOR", subject="1"),
            la("11357(A) HS-POSSESS", subject="2")]
    r = run(tmp_path, rows)
    s = r.summary
    assert s["determinationCounts"] == {DISMISS: 1, "Eligible for Reduction": 0, NOT: 0, REVIEW: 0, ROUTED: 1}
    assert s["subjectsWithSomeReliefCount"] == 1
    assert s["routedByReason"] == {"Misdemeanor or Infraction": 1}
    assert s["dismissalByReason"] == {"11357(a) or 11357(b)": 1}
    assert s["reliefWithCurrentEligibilityChoices"]["CountSubjectsNoConviction"] == 1
    assert s["reliefWithDismissAllProp64"]["CountSubjectsNoConviction"] == 2
    assert bundle(r)["Eligibility Determination"].tolist() == [ROUTED, DISMISS]


# -- 2: after_prop64 ---------------------------------------------------------------------------

def test_after_prop64_on_the_day_prop64_took_effect(tmp_path):
    assert only(run(tmp_path, [la(date="20161109")])) == (NOT, "Occurred after 11/09/2016")


def test_after_prop64_the_day_before_is_not_excluded(tmp_path):
    assert only(run(tmp_path, [la(date="20161108")])) == (
        DISMISS, "Only has 11357-60 charges and completed sentence")


def test_after_prop64_unknown_conviction_date(tmp_path):
    assert only(run(tmp_path, [la(date="20161300")])) == (
        REVIEW, 'Unknown conviction date: check "Occurred after 11/09/2016"')


# -- 3 and 3b: possession_a_b, other_11357 --------------------------------------------------------

@pytest.mark.parametrize("offense", ["11357(A) HS-POSSESS", "11357(B)HS-POSSESS", "  11357(b) hs-possess"])
def test_possession_a_b_is_dismissed(tmp_path, offense):
    assert only(run(tmp_path, [la(offense)])) == (DISMISS, "11357(a) or 11357(b)")


@pytest.mark.parametrize("offense", ["11357(C) HS-POSSESS", "11357(D) HS-POSSESS", "11357 HS-POSSESS",
                                     "11357A HS-POSSESS", "664/11357(A) HS-ATTEMPT"])
def test_other_11357_goes_to_hand_review(tmp_path, offense):
    assert only(run(tmp_path, [la(offense)])) == (REVIEW, "Other 11357")


def test_possession_a_b_comes_before_the_exclusions(tmp_path):
    rows = [elsewhere("187 PC-MURDER", "19990101"), la("11357(A) HS-POSSESS", date="20050101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "11357(a) or 11357(b)")


# -- 4: superstrike_before -----------------------------------------------------------------------

def test_superstrike_before_excludes(tmp_path):
    rows = [elsewhere("187 PC-MURDER", "19990101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (NOT, "PC 667(e)(2)(c)(iv)")


def test_superstrike_after_the_conviction_does_not_exclude(tmp_path):
    rows = [elsewhere("187 PC-MURDER", "20090101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "No convictions in past 10 years")


def test_superstrike_before_a_pair_counts_before_every_conviction(tmp_path):
    rows = [elsewhere("215 PC/186.22(B)(4) PC-CARJACKING", "20090101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (NOT, "PC 667(e)(2)(c)(iv)")


def test_superstrike_before_pair_with_a_dated_superstrike_goes_by_the_date(tmp_path):
    rows = [elsewhere("215 PC/186.22(B)(4) PC-CARJACKING", "20090101"), elsewhere("187 PC-MURDER", "20090601"),
            la(date="20050101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "No convictions in past 10 years")


def test_superstrike_before_unknown_date_goes_to_hand_review(tmp_path):
    rows = [elsewhere("187 PC-MURDER", ""), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (
        REVIEW, 'Unknown date of a superstrike conviction: check "PC 667(e)(2)(c)(iv)"')


# -- 5: pc290_before -----------------------------------------------------------------------------

def _registration(date: str) -> list[str]:
    return row("1001", STP_TYPE_DESCR="REGISTRATION", OFFENSE_DESCR="290 PC-REGISTRATION OF SEX OFFENDER",
               STP_EVENT_DATE=date, PRI_DOB=BORN)


def test_pc290_before_offence_excludes(tmp_path):
    rows = [elsewhere("314(1) PC-INDECENT EXPOSURE", "19990101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (NOT, "PC 290")


def test_pc290_before_registration_without_offence_excludes_whatever_its_date(tmp_path):
    rows = [_registration("20150101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (NOT, "PC 290")


def test_pc290_before_registration_goes_by_the_dated_offence(tmp_path):
    rows = [_registration("20000101"), elsewhere("314(1) PC-INDECENT EXPOSURE", "20060101"), la(date="20050101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "No convictions in past 10 years")


# -- 6: two_priors -------------------------------------------------------------------------------

def _priors(*dated: tuple[str, str]) -> list[list[str]]:
    return [elsewhere(offense, date) for offense, date in dated]


def test_two_priors_excludes(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101"), ("11359(B) HS-SELL", "20120101")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (NOT, "Two priors")


def test_two_priors_one_prior_is_not_enough(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "Only has 11357-60 charges and completed sentence")


def test_two_priors_a_prior_dated_after_the_conviction_does_not_count(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101"), ("11359 HS-SELL", "20160101")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "Only has 11357-60 charges and completed sentence")


def test_two_priors_same_day_is_not_before(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101"), ("11359 HS-SELL", "20150101")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows))[1] != "Two priors"


def test_two_priors_compare_the_first_five_characters_as_written(tmp_path):
    rows = _priors(("664/11359 HS-ATTEMPT", "20100101"), ("11359 HS-SELL", "20120101"),
                   ("11360 HS-SELL", "20130101")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "Only has 11357-60 charges and completed sentence")


def test_two_priors_an_unknown_date_that_could_make_two(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101"), ("11359 HS-SELL", "")) + [la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (
        REVIEW, 'Unknown dates of convictions of the same section: check "Two priors"')


def test_two_priors_known_two_decide_despite_an_unknown_date(tmp_path):
    rows = _priors(("11359 HS-SELL", "20100101"), ("11359 HS-SELL", "20110101"), ("11359 HS-SELL", "")) + [
        la("11359 HS-SELL", "20150101")]
    assert only(run(tmp_path, rows)) == (NOT, "Two priors")


# -- 7: age_threshold ----------------------------------------------------------------------------

def test_age_threshold_exactly_50_on_the_evaluation_date(tmp_path):
    rows = [la(date="20150101", PRI_DOB="19700701"), elsewhere("459 PC-BURGLARY", "20150101", PRI_DOB="19700701")]
    assert only(run(tmp_path, rows)) == (DISMISS, "50 years or older")


def test_age_threshold_one_day_short_of_50(tmp_path):
    rows = [la(date="20150101", PRI_DOB="19700702"), elsewhere("459 PC-BURGLARY", "20150101", PRI_DOB="19700702")]
    assert only(run(tmp_path, rows)) == (REVIEW, "No applicable eligibility criteria")


def test_age_threshold_option_changes_number_and_text(tmp_path):
    rows = [la(date="20150101", PRI_DOB="19650101"), elsewhere("459 PC-BURGLARY", "20150101", PRI_DOB="19650101")]
    assert only(run(tmp_path, rows, subjectAgeThreshold=55)) == (DISMISS, "55 years or older")


def test_age_threshold_unknown_birth_date(tmp_path):
    assert only(run(tmp_path, [la(date="20150101", PRI_DOB="")])) == (
        REVIEW, 'Unknown date of birth: check "50 years or older"')


# -- 8: age_21_or_younger (age on the evaluation date, not at conviction) ------------------------

def test_age_21_or_younger_on_the_evaluation_date(tmp_path):
    rows = [la(date="20160101", PRI_DOB="19990701"), elsewhere("459 PC-BURGLARY", "20160101", PRI_DOB="19990701")]
    assert only(run(tmp_path, rows)) == (DISMISS, "21 years or younger")


def test_age_21_or_younger_22_is_too_old(tmp_path):
    rows = [la(date="20160101", PRI_DOB="19980630"), elsewhere("459 PC-BURGLARY", "20160101", PRI_DOB="19980630")]
    assert only(run(tmp_path, rows)) == (REVIEW, "No applicable eligibility criteria")


# -- 9: only_prop64_completed --------------------------------------------------------------------

def test_only_prop64_completed_sentence_ending_on_the_evaluation_date(tmp_path):
    # 2016-01-01 + 1643 days = 2020-07-01, the evaluation date: completed.
    rows = [la(date="20160101", SENT_LENGTH="1643", SENT_TIME_CODE="D")]
    assert only(run(tmp_path, rows)) == (DISMISS, "Only has 11357-60 charges and completed sentence")


def test_only_prop64_completed_one_day_more_is_still_running(tmp_path):
    rows = [la(date="20160101", SENT_LENGTH="1644", SENT_TIME_CODE="D")]
    assert only(run(tmp_path, rows)) == (REVIEW, "Currently serving sentence")


def test_only_prop64_completed_every_sentence_of_the_person_counts(tmp_path):
    rows = [la(date="20100101"), elsewhere("11360 HS-SELL", "20150101", SENT_LENGTH="10", SENT_TIME_CODE="Y")]
    assert only(run(tmp_path, rows)) == (REVIEW, "Currently serving sentence")


def test_only_prop64_completed_unknown_sentence_length(tmp_path):
    rows = [la(date="20150101", SENT_LENGTH="LIFE", SENT_TIME_CODE="Y")]
    assert only(run(tmp_path, rows)) == (
        REVIEW, 'Unknown sentence lengths of the person: check "Only has 11357-60 charges and completed sentence"')


def test_only_prop64_completed_not_only_prop64_needs_no_sentence(tmp_path):
    rows = [la(date="20080101", SENT_LENGTH="LIFE", SENT_TIME_CODE="Y"), elsewhere("459 PC-BURGLARY", "20090101")]
    assert only(run(tmp_path, rows)) == (DISMISS, "No convictions in past 10 years")


# -- 10: crime_free ------------------------------------------------------------------------------

def test_crime_free_no_conviction_after_evaluation_date_minus_10_years(tmp_path):
    rows = [la(date="20080101"), elsewhere("459 PC-BURGLARY", "20100701")]
    assert only(run(tmp_path, rows)) == (DISMISS, "No convictions in past 10 years")


def test_crime_free_a_conviction_one_day_later(tmp_path):
    rows = [la(date="20080101"), elsewhere("459 PC-BURGLARY", "20100702")]
    assert only(run(tmp_path, rows)) == (REVIEW, "No applicable eligibility criteria")


def test_crime_free_option_changes_number_and_text(tmp_path):
    rows = [la(date="20080101"), elsewhere("459 PC-BURGLARY", "20150101")]
    assert only(run(tmp_path, rows, yearsCrimeFreeThreshold=5)) == (DISMISS, "No convictions in past 5 years")


# -- 11: serving_sentence, 12: deceased, 13: no_criteria -----------------------------------------

def test_serving_sentence_of_another_conviction(tmp_path):
    rows = [la(date="20150101"), elsewhere("459 PC-BURGLARY", "20160101", SENT_LENGTH="16", SENT_TIME_CODE="Y")]
    assert only(run(tmp_path, rows)) == (REVIEW, "Currently serving sentence")


def test_serving_sentence_unknown_conviction_date_of_the_person(tmp_path):
    rows = [la(date="20150101"), elsewhere("459 PC-BURGLARY", "")]
    # The most recent known conviction (2015) already rules out step 10; an undated conviction
    # could still be serving its sentence.
    assert only(run(tmp_path, rows)) == (REVIEW, 'Unknown conviction dates of the person: check "Currently serving sentence"')


def test_deceased(tmp_path):
    rows = [la(date="20150101"), elsewhere("459 PC-BURGLARY", "20150101"),
            row("1001", STP_TYPE_DESCR="DECEASED", STP_EVENT_DATE="20190101", PRI_DOB=BORN)]
    assert only(run(tmp_path, rows)) == (DISMISS, "Deceased")


def test_no_criteria(tmp_path):
    rows = [la(date="20150101"), elsewhere("459 PC-BURGLARY", "20150101")]
    assert only(run(tmp_path, rows)) == (REVIEW, "No applicable eligibility criteria")


def test_conviction_after_the_evaluation_date_goes_to_hand_review(tmp_path):
    assert only(run(tmp_path, [la(date="20210101")])) == (
        REVIEW, "Conviction date 01/01/2021 is after the evaluation date 07/01/2020: check the record")


def test_summary_breaks_the_tree_down_by_reason(tmp_path):
    rows = [la("11357(C) HS-POSSESS", subject="1"), la(date="20170101", subject="2"),
            elsewhere("187 PC-MURDER", "19990101", subject="3"), la(subject="3", date="20050101")]
    s = run(tmp_path, rows).summary
    assert s["notEligibleByReason"] == {"Occurred after 11/09/2016": 1, "PC 667(e)(2)(c)(iv)": 1}
    assert s["handReviewByReason"] == {"Other 11357": 1}
    assert "routedByReason" in s and s["routedByReason"] == {}


def test_standard_policy_summary_has_no_routing(tmp_path):
    from factory import policy

    s = decide(tmp_path, [conviction(level="MISDEMEANOR")], policy()).summary
    assert list(s["determinationCounts"]) == [DISMISS, "Eligible for Reduction", NOT, REVIEW]
    assert not {"routedByReason", "dismissalByReason", "notEligibleByReason"} & set(s)


def test_cli_runs_the_los_angeles_policy(tmp_path):
    rows = [la("11357(A) HS-POSSESS", subject="1"), la(level="MISDEMEANOR", subject="2"),
            la(date="20170101", subject="3")]
    source = write_csv(tmp_path / "la.csv", rows)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", "--input", str(source), "--county", LA, "--policy",
                 str(policies_dir() / "los-angeles-2019.toml"), "--compute-at", AS_OF.isoformat(),
                 "--outputs", str(out), "--quiet"]) == 0
    summary = json.loads((out / "Summary.json").read_text(encoding="utf-8"))
    assert summary["policy"] == "Los Angeles 2019 (exclusions)"
    assert summary["determinationCounts"][ROUTED] == 1
    text = (out / "Prop64_Results.csv").read_text(encoding="utf-8")
    assert f"{ROUTED},Misdemeanor or Infraction" in text
    assert f"{NOT},Occurred after 11/09/2016" in text
    book = openpyxl.load_workbook(out / "Results.xlsx", read_only=True)
    summary_rows = [r for r in book["Summary"].iter_rows(values_only=True)]
    assert ("Decisions", ROUTED, 1) in summary_rows
    assert ("Routed to another office, by reason", "Misdemeanor or Infraction", 1) in summary_rows
    audit = dict(r for r in book["Policy and audit"].iter_rows(values_only=True))
    assert audit["Procedure"] == "los-angeles-2019 2019"
    assert audit["Steps, in order"].startswith("misdemeanor > after_prop64 > possession_a_b")


def test_every_evaluated_conviction_of_a_generated_county_gets_a_reason(tmp_path):
    from desktop_app.core.generate import write_records

    path = tmp_path / "la.csv"
    write_records(path, 3000, LA, seed=5)
    from desktop_app.core.pipeline import load
    from desktop_app.core.evaluate import evaluate

    r = evaluate(load([path]), la_policy(), LA, as_of=AS_OF)
    assert len(r.evaluated) and all(text for _, text in decisions(r))
    assert set(r.evaluated["determination"].astype(str)) <= set(la_policy().determinations)
