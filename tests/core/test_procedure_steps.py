"""Each step of the procedure (rules/prop64_procedure.toml), pinned by a small example.

AS_OF is 2020-07-01. Test names contain the step id they pin.
"""

from __future__ import annotations

from factory import bundle, conviction, decide, only, policy, row

DISMISS, REDUCE, NOT, REVIEW = "Eligible for Dismissal", "Eligible for Reduction", "Not eligible", "Hand Review"


# -- step 1: misdemeanor ------------------------------------------------------------------------

def test_misdemeanor_is_dismissed(tmp_path):
    r = decide(tmp_path, [conviction(offense="11359 HS-POSSESS FOR SALE", level="MISDEMEANOR")],
               policy(reduce=["11359"]))
    assert only(r) == (DISMISS, "Misdemeanor or Infraction")


def test_misdemeanor_infraction_is_dismissed(tmp_path):
    r = decide(tmp_path, [conviction(offense="11357(B) HS-POSSESS", level="INFRACTION")])
    assert only(r) == (DISMISS, "Misdemeanor or Infraction")


def test_misdemeanor_level_falls_back_to_offense_toc_when_conv_stat_blank(tmp_path):
    felony = conviction(subject="1", offense="11360 HS-SELL", level="", OFFENSE_TOC="F")
    misdemeanor = conviction(subject="2", offense="11360 HS-SELL", level="", OFFENSE_TOC="M")
    r = decide(tmp_path, [felony, misdemeanor])
    assert list(bundle(r)["Eligibility Reason"].astype(str)) == [
        "No relief under the selected policy", "Misdemeanor or Infraction"]


def test_misdemeanor_conv_stat_wins_over_offense_toc(tmp_path):
    r = decide(tmp_path, [conviction(offense="11360 HS-SELL", level="FELONY", OFFENSE_TOC="M")])
    assert only(r) == (NOT, "No relief under the selected policy")


def test_misdemeanor_padding_is_trimmed(tmp_path):
    r = decide(tmp_path, [conviction(level="MISDEMEANOR   ", DISP_DESCR="  CONVICTED-PROBATION")])
    assert only(r) == (DISMISS, "Misdemeanor or Infraction")


# -- step 2: dismiss_sections -------------------------------------------------------------------

def test_dismiss_sections_whole_section(tmp_path):
    r = decide(tmp_path, [conviction(offense="11358 HS-CULTIVATE")], policy(dismiss=["11358"]))
    assert only(r) == (DISMISS, "Dismiss all HS 11358 convictions")


def test_dismiss_sections_whole_section_matches_subsections(tmp_path):
    r = decide(tmp_path, [conviction(offense="11357(C)HS-POSSESS")], policy(dismiss=["11357"]))
    assert only(r) == (DISMISS, "Dismiss all HS 11357 convictions")


def test_dismiss_sections_subsection_entry(tmp_path):
    rows = [conviction(subject="1", offense="11357(C)HS-POSSESS"),
            conviction(subject="2", offense="11357(A) HS-POSSESS")]
    r = decide(tmp_path, rows, policy(dismiss=["11357(c)"]))
    assert list(bundle(r)["Eligibility Reason"].astype(str)) == [
        "Dismiss all HS 11357(c) convictions", "No relief under the selected policy"]


def test_dismiss_sections_no_sub_section_entry(tmp_path):
    rows = [conviction(subject="1", offense="11357 HS-POSSESS"),
            conviction(subject="2", offense="11357(D) HS-POSSESS")]
    r = decide(tmp_path, rows, policy(dismiss=["11357(no-sub-section)"]))
    assert list(bundle(r)["Eligibility Determination"].astype(str)) == [DISMISS, NOT]


def test_dismiss_sections_several_sections_try_policy_entries_in_order(tmp_path):
    r = decide(tmp_path, [conviction(offense="11360/11357 HS-SELL")], policy(dismiss=["11358", "11357"]))
    assert only(r) == (DISMISS, "Dismiss all HS 11357 convictions")


def test_dismiss_sections_attempt_counts(tmp_path):
    r = decide(tmp_path, [conviction(offense="664/11359 HS-ATTEMPT")], policy(dismiss=["11359"]))
    assert only(r) == (DISMISS, "Dismiss all HS 11359 convictions")


# -- step 3: under_21 ---------------------------------------------------------------------------

def _person(dob: str, date: str, offense: str = "11359 HS-SELL") -> list[list[str]]:
    return [conviction(offense=offense, date=date, PRI_DOB=dob)]


def test_under_21_day_before_21st_birthday(tmp_path):
    r = decide(tmp_path, _person("19900315", "20110314"), policy(subjectUnder21AtConviction=True))
    assert only(r) == (DISMISS, "21 years or younger")


def test_under_21_on_21st_birthday_is_not_under_21(tmp_path):
    r = decide(tmp_path, _person("19900315", "20110315"), policy(subjectUnder21AtConviction=True))
    assert only(r) == (NOT, "No relief under the selected policy")


def test_under_21_option_off(tmp_path):
    r = decide(tmp_path, _person("19900315", "20100101"), policy(subjectUnder21AtConviction=False))
    assert only(r)[0] == NOT


def test_under_21_unknown_birth_date_goes_to_hand_review(tmp_path):
    r = decide(tmp_path, _person("19900000", "20100101"), policy(subjectUnder21AtConviction=True))
    assert only(r) == (REVIEW, 'Unknown date of birth: check "21 years or younger"')


def test_under_21_unknown_conviction_date_goes_to_hand_review(tmp_path):
    r = decide(tmp_path, _person("19900101", ""), policy(subjectUnder21AtConviction=True))
    assert only(r) == (REVIEW, 'Unknown conviction date: check "21 years or younger"')


def test_under_21_earlier_step_decides_despite_unknown_date(tmp_path):
    r = decide(tmp_path, _person("00000000", "20100101", offense="11358 HS-CULTIVATE"),
               policy(dismiss=["11358"], subjectUnder21AtConviction=True))
    assert only(r) == (DISMISS, "Dismiss all HS 11358 convictions")


def test_under_21_dob_is_first_valid_one_in_history(tmp_path):
    rows = [row("1001", PRI_DOB="19900000"), row("1001", PRI_DOB="19950101"),
            conviction(offense="11359 HS-SELL", date="20100101", PRI_DOB="19600101")]
    r = decide(tmp_path, rows, policy(subjectUnder21AtConviction=True))
    assert only(r) == (DISMISS, "21 years or younger")


# -- step 4: age_threshold ----------------------------------------------------------------------

def test_age_threshold_reached_on_evaluation_date(tmp_path):
    r = decide(tmp_path, _person("19630701", "20100101"), policy(subjectAgeThreshold=57))
    assert only(r) == (DISMISS, "57 years or older")


def test_age_threshold_one_day_short(tmp_path):
    r = decide(tmp_path, _person("19630702", "20100101"), policy(subjectAgeThreshold=57))
    assert only(r)[0] == NOT


def test_age_threshold_unknown_birth_date(tmp_path):
    r = decide(tmp_path, _person("", "20100101"), policy(subjectAgeThreshold=50))
    assert only(r) == (REVIEW, 'Unknown date of birth: check "50 years or older"')


# -- step 5: years_since_conviction -------------------------------------------------------------

def test_years_since_conviction_exactly_n_years(tmp_path):
    r = decide(tmp_path, _person("19800101", "20100701"), policy(yearsSinceConvictionThreshold=10))
    assert only(r) == (DISMISS, "Conviction occurred 10 or more years ago")


def test_years_since_conviction_one_day_short(tmp_path):
    r = decide(tmp_path, _person("19800101", "20100702"), policy(yearsSinceConvictionThreshold=10))
    assert only(r)[0] == NOT


def test_years_since_conviction_unknown_date(tmp_path):
    r = decide(tmp_path, _person("19800101", "20100231"), policy(yearsSinceConvictionThreshold=10))
    assert only(r) == (REVIEW, 'Unknown conviction date: check "Conviction occurred 10 or more years ago"')


# -- step 6: crime_free -------------------------------------------------------------------------

def test_crime_free_no_conviction_in_n_years(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20100101"),
            conviction(offense="459 PC-BURGLARY", date="20150701", county="YOLO")]
    r = decide(tmp_path, rows, policy(yearsCrimeFreeThreshold=5))
    assert only(r) == (DISMISS, "No convictions in the past 5 years")


def test_crime_free_recent_conviction_in_another_county_counts(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20100101"),
            conviction(offense="459 PC-BURGLARY", date="20150702", county="YOLO")]
    r = decide(tmp_path, rows, policy(yearsCrimeFreeThreshold=5))
    assert only(r)[0] == NOT


def test_crime_free_unknown_date_that_could_be_recent_goes_to_hand_review(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20100101"),
            conviction(offense="459 PC-BURGLARY", date="", county="YOLO")]
    r = decide(tmp_path, rows, policy(yearsCrimeFreeThreshold=5))
    assert only(r) == (REVIEW, 'Unknown conviction dates of the person: check "No convictions in the past 5 years"')


def test_crime_free_known_recent_conviction_decides_despite_unknown_date(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20100101"),
            conviction(offense="459 PC-BURGLARY", date="", county="YOLO"),
            conviction(offense="23152 VC-DUI", date="20200101", county="YOLO")]
    r = decide(tmp_path, rows, policy(yearsCrimeFreeThreshold=5))
    assert only(r)[0] == NOT


# -- step 7: only_prop64 ------------------------------------------------------------------------

def test_only_prop64_all_convictions_prop64(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20150101"),
            conviction(offense="11360 HS-TRANSPORT", date="20160101", county="YOLO")]
    r = decide(tmp_path, rows, policy(subjectHasOnlyProp64Charges=True))
    assert only(r) == (DISMISS, "Only has 11357-60 charges")


def test_only_prop64_other_conviction_blocks(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20150101"),
            conviction(offense="11357.5 HS-SYNTHETIC CANNABINOID", date="20160101")]
    r = decide(tmp_path, rows, policy(subjectHasOnlyProp64Charges=True))
    assert only(r)[0] == NOT


def test_only_prop64_non_conviction_rows_do_not_count(tmp_path):
    rows = [row("1001", OFFENSE_DESCR="187 PC-MURDER", STP_TYPE_DESCR="COURT ACTION",
                DISP_DESCR="DISMISSED/CHARGE DROPPED"),
            conviction(offense="11359 HS-SELL", date="20150101")]
    r = decide(tmp_path, rows, policy(subjectHasOnlyProp64Charges=True))
    assert only(r) == (DISMISS, "Only has 11357-60 charges")


# -- step 8: deceased ---------------------------------------------------------------------------

def test_deceased_person(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20150101"),
            row("1001", STP_TYPE_DESCR="DECEASED", STP_EVENT_DATE="20190101")]
    r = decide(tmp_path, rows, policy(subjectIsDeceased=True, reduce=["11359"]))
    assert only(r) == (DISMISS, "Individual is deceased")
    assert bundle(r)["Deceased"].tolist() == ["Deceased"]


def test_deceased_option_off(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20150101"),
            row("1001", STP_TYPE_DESCR="DECEASED")]
    r = decide(tmp_path, rows, policy(subjectIsDeceased=False, reduce=["11359"]))
    assert only(r) == (REDUCE, "Reduce all HS 11359 convictions")


# -- step 9: reduce_sections, step 10: no_relief --------------------------------------------------

def test_reduce_sections(tmp_path):
    r = decide(tmp_path, [conviction(offense="11360(A) HS-SELL")], policy(reduce=["11359", "11360"]))
    assert only(r) == (REDUCE, "Reduce all HS 11360 convictions")


def test_no_relief_is_stated(tmp_path):
    r = decide(tmp_path, [conviction(offense="11360 HS-SELL")], policy(reduce=["11359"]))
    assert only(r) == (NOT, "No relief under the selected policy")


def test_first_match_wins_dismiss_before_reduce(tmp_path):
    r = decide(tmp_path, [conviction(offense="11359 HS-SELL")], policy(dismiss=["11359"], reduce=["11359"]))
    assert only(r) == (DISMISS, "Dismiss all HS 11359 convictions")


# -- steps a policy adds (rules/policies/exclude-superstrike-example.toml) -----------------------

def _exclusions():
    from desktop_app.core.ruleset import load_policy
    from desktop_app.paths import policies_dir

    return load_policy(policies_dir() / "exclude-superstrike-example.toml")


def test_superstrike_before_conviction_excludes(tmp_path):
    rows = [conviction(offense="187 PC-MURDER", date="19990101", county="YOLO"),
            conviction(offense="11357 HS-POSSESS", date="20050101", level="MISDEMEANOR")]
    assert only(decide(tmp_path, rows, _exclusions())) == (
        NOT, "Superstrike conviction before this conviction")


def test_superstrike_after_conviction_does_not_exclude(tmp_path):
    rows = [conviction(offense="187 PC-MURDER", date="20090101", county="YOLO"),
            conviction(offense="11357 HS-POSSESS", date="20050101", level="MISDEMEANOR")]
    assert only(decide(tmp_path, rows, _exclusions())) == (DISMISS, "Misdemeanor or Infraction")


def test_pc290_before_conviction_excludes(tmp_path):
    rows = [conviction(offense="314(1) PC-INDECENT EXPOSURE", date="19990101"),
            conviction(offense="11358 HS-CULTIVATE", date="20050101")]
    assert only(decide(tmp_path, rows, _exclusions()))[1] == "PC 290 offence before this conviction"


def test_serving_sentence_goes_to_hand_review(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20190101", SENT_LENGTH="2", SENT_TIME_CODE="Y",
                       CNT_ORDER="001002001000"),
            conviction(offense="11358 HS-CULTIVATE", date="20190101", SENT_LENGTH="6", SENT_TIME_CODE="M",
                       CNT_ORDER="001002001000")]
    assert only(decide(tmp_path, rows, _exclusions())) == (
        REVIEW, "Sentence may still be running on the evaluation date")


def test_sentence_served_before_evaluation_date(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20180101", SENT_LENGTH="90", SENT_TIME_CODE="D")]
    assert only(decide(tmp_path, rows, _exclusions())) == (DISMISS, "Dismiss all HS 11358 convictions")


def test_sentence_that_is_not_a_number_is_unknown(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20180101", SENT_LENGTH="LIFE", SENT_TIME_CODE="Y")]
    assert only(decide(tmp_path, rows, _exclusions())) == (
        REVIEW, 'Unknown sentence length: check "Sentence may still be running on the evaluation date"')
