"""From rows to people (prop64-policy.md "From rows to people"), which convictions are evaluated,
and the flags shown beside each decision."""

from __future__ import annotations

import datetime as dt

from factory import bundle, conviction, decide, only, policy, row

from desktop_app.core.summary import relief_counts


def test_conviction_is_a_row_whose_disposition_starts_with_convicted(tmp_path):
    rows = [conviction(subject="1", DISP_DESCR="DISMISSED/CHARGE DROPPED"),
            conviction(subject="2", DISP_DESCR="CONVICTED-PRISON")]
    r = decide(tmp_path, rows)
    assert r.evaluated["subject_id"].tolist() == ["2"]


def test_only_convictions_in_chosen_county_are_evaluated_case_insensitively(tmp_path):
    rows = [conviction(subject="1", county="  Sacramento "), conviction(subject="2", county="YOLO")]
    r = decide(tmp_path, rows, county="sacramento")
    assert r.evaluated["subject_id"].tolist() == ["1"]


def test_other_county_convictions_count_in_history(tmp_path):
    rows = [conviction(offense="11359 HS-SELL", date="20150101"),
            conviction(offense="11358 HS-CULTIVATE", date="20160101", county="YOLO"),
            conviction(offense="459 PC-BURGLARY", date="20170101", county="YOLO")]
    r = decide(tmp_path, rows)
    ev = r.evaluated
    assert bundle(r)["# of convictions on record"].tolist() == [3]
    assert bundle(r)["# of Prop 64 convictions"].tolist() == [2]
    assert bundle(r)[["# of HS 11358 convictions", "# of HS 11359 convictions"]].values.tolist() == [[1, 1]]


def test_repeated_cnt_order_is_one_conviction_decided_on_its_first_row(tmp_path):
    first = conviction(CNT_ORDER="001002001000", SENT_LENGTH="30", SENT_TIME_CODE="D")
    part = conviction(CNT_ORDER="001002001000", SENT_LENGTH="2", SENT_TIME_CODE="Y")
    r = decide(tmp_path, [first, part])
    assert len(r.evaluated) == 1
    assert r.evaluated["row"].tolist() == [0]
    assert bundle(r)["# of convictions on record"].tolist() == [1]


def test_code_section_from_comment_when_offense_says_see_comment(tmp_path):
    rows = [conviction(subject="1", offense="SEE COMMENT FOR CHARGE", COMMENT_TEXT="11358 HS-CULTIVATE"),
            conviction(subject="2", offense="   ", COMMENT_TEXT="11357(C) HS-POSSESS")]
    r = decide(tmp_path, rows, policy(dismiss=["11358", "11357"]))
    assert r.evaluated["code_section"].tolist() == ["11358 HS", "11357(C) HS"]
    assert bundle(r)["Possible Other P64 Charges"].tolist() == ["", ""]


def test_prop64_section_must_be_a_whole_number(tmp_path):
    rows = [conviction(subject="1", offense="11357.5 HS-SYNTHETIC CANNABINOID"),
            conviction(subject="2", offense="113570 HS-OTHER"),
            conviction(subject="3", offense="11359/11360 HS-SELL"),
            conviction(subject="4", offense="11360A HS-TRANSPORT")]
    r = decide(tmp_path, rows)
    assert r.evaluated["subject_id"].tolist() == ["3", "4"]
    assert r.evaluated["section"].tolist() == ["11359", "11360"]  # the first section written


def test_case_number_joins_court_ofns_of_the_same_cycle_and_step(tmp_path):
    rows = [conviction(CNT_ORDER="001002001000", OFN="CASE-1  "),
            row("1001", CNT_ORDER="001002002000", STP_TYPE_DESCR="COURT ACTION", OFN="CASE-2"),
            row("1001", CNT_ORDER="001002003000", STP_TYPE_DESCR="COURT ACTION", OFN="CASE-1"),
            row("1001", CNT_ORDER="001001001000", STP_TYPE_DESCR="ARREST/DETAINED/CITED", OFN="ARREST-9"),
            row("1001", CNT_ORDER="002002001000", STP_TYPE_DESCR="COURT ACTION", OFN="OTHER-CYCLE")]
    r = decide(tmp_path, rows)
    assert bundle(r)["Case Number"].tolist() == ["CASE-1  ; CASE-2"]


def test_possible_other_p64_charge_flag(tmp_path):
    rows = [conviction(subject="1", offense="11358 HS-CULTIVATE", COMMENT_TEXT="11359 HS-OTHER"),
            conviction(subject="2", offense="11357(A) HS-POSSESS", COMMENT_TEXT="11357(C) HS"),
            conviction(subject="3", offense="11357(A) HS-POSSESS", COMMENT_TEXT="11357(B) HS"),
            conviction(subject="4", offense="11357 HS-POSSESS", COMMENT_TEXT="11357(D) HS"),
            conviction(subject="5", offense="11358 HS-CULTIVATE", COMMENT_TEXT="11358 HS")]
    r = decide(tmp_path, rows)
    assert bundle(r)["Possible Other P64 Charges"].tolist() == [
        "11359 HS-OTHER", "11357(C) HS", "", "11357(D) HS", ""]


def test_possible_other_p64_charge_is_shown_on_rows_that_are_not_evaluated(tmp_path):
    rows = [row("1001", OFFENSE_DESCR="459 PC-BURGLARY", COMMENT_TEXT="11360 HS")]
    r = decide(tmp_path, rows)
    assert r.prepared.rows["possible_other_p64"].tolist() == ["11360 HS"]


def test_occurred_after_prop64(tmp_path):
    rows = [conviction(subject="1", date="20161109"), conviction(subject="2", date="20161110"),
            conviction(subject="3", date="20160231")]
    r = decide(tmp_path, rows)
    assert bundle(r)["Occurred after 11/9/2016"].tolist() == ["N", "Y", "Unknown"]
    assert bundle(r)["Date of Conviction"].tolist() == ["11/09/2016", "11/10/2016", ""]


def test_superstrike_and_pc290_sections_and_registration(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20100101"),
            conviction(offense="187(A) PC-MURDER", date="19990101", county="YOLO"),
            conviction(offense="288(A) PC-LEWD ACT", date="19980101"),
            conviction(offense="1187 PC-NOT A SUPERSTRIKE", date="19980101"),
            row("1001", STP_TYPE_DESCR="REGISTRATION", OFFENSE_DESCR="290 PC-REGISTRATION")]
    r = decide(tmp_path, rows)
    ev = r.evaluated
    assert bundle(r)["Superstrike Code Section(s)"].tolist() == ["187(A) PC;288(A) PC"]
    assert bundle(r)["PC290 Code Section(s)"].tolist() == ["288(A) PC"]
    assert bundle(r)["PC290 Registration"].tolist() == ["Yes"]


def test_no_flags_are_dashes(tmp_path):
    r = decide(tmp_path, [conviction()])
    ev = r.evaluated
    assert bundle(r)[["Superstrike Code Section(s)", "PC290 Code Section(s)", "PC290 Registration", "Deceased"]
              ].values.tolist() == [["-", "-", "-", "-"]]


def test_years_since_this_and_any_conviction(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20100701"),
            conviction(offense="459 PC-BURGLARY", date="20190701")]
    r = decide(tmp_path, rows)
    ev = r.evaluated
    assert bundle(r)["Years Since This Conviction"].tolist() == ["10.0"]
    assert bundle(r)["Years Since Any Conviction"].tolist() == ["1.0"]


def test_years_since_unknown_is_minus_one(tmp_path):
    r = decide(tmp_path, [conviction(date="")])
    ev = r.evaluated
    assert bundle(r)["Years Since This Conviction"].tolist() == ["-1"]
    assert bundle(r)["Years Since Any Conviction"].tolist() == ["-1"]


def test_summary_relief_counts_for_policy_and_dismiss_all(tmp_path):
    rows = [
        # person 1: one 11359 felony, reduced -> no felony left, still a conviction
        conviction(subject="1", offense="11359 HS-SELL", date="20180101"),
        # person 2: 11358 dismissed -> no conviction at all
        conviction(subject="2", offense="11358 HS-CULTIVATE", date="20180101"),
        # person 3: 11358 dismissed but a burglary felony elsewhere
        conviction(subject="3", offense="11358 HS-CULTIVATE", date="20180101"),
        conviction(subject="3", offense="459 PC-BURGLARY", date="20000101", county="YOLO"),
    ]
    r = decide(tmp_path, rows, policy(dismiss=["11358"], reduce=["11359"]))
    s = r.summary
    assert s["reliefWithCurrentEligibilityChoices"] == {
        "CountSubjectsNoFelony": 2, "CountSubjectsNoConviction": 1, "CountSubjectsNoConvictionLast7Years": 2}
    assert s["reliefWithDismissAllProp64"] == {
        "CountSubjectsNoFelony": 2, "CountSubjectsNoConviction": 2, "CountSubjectsNoConvictionLast7Years": 3}
    assert s["subjectsWithSomeReliefCount"] == 3
    assert s["convictionDismissalCountByCodeSection"] == {"11358": 2}
    assert s["convictionReductionCountByCodeSection"] == {"11359": 1}
    assert s["prop64FelonyConvictionsCountInCounty"] == 3
    assert s["earliestConviction"] == "2018-01-01"


def test_relief_counts_seven_year_window_uses_evaluation_date(tmp_path):
    rows = [conviction(offense="11358 HS-CULTIVATE", date="20130702")]
    r = decide(tmp_path, rows, policy(dismiss=["11358"]), as_of=dt.date(2020, 7, 1))
    assert r.summary["reliefWithCurrentEligibilityChoices"]["CountSubjectsNoConvictionLast7Years"] == 1
    nothing = r.evaluated["row"].to_numpy() < 0
    import numpy as np
    assert relief_counts(r.prepared, r.as_of, np.zeros(1, bool), np.zeros(1, bool))["CountSubjectsNoConvictionLast7Years"] == 0
    assert not nothing.any()


def test_dismissals_by_additional_relief_reason(tmp_path):
    rows = [conviction(subject="1", offense="11359 HS-SELL", date="20000101"),
            conviction(subject="2", offense="11359 HS-SELL", date="20190101", level="MISDEMEANOR")]
    r = decide(tmp_path, rows, policy(yearsSinceConvictionThreshold=10))
    assert r.summary["convictionDismissalCountByAdditionalRelief"] == {
        "Conviction occurred 10 or more years ago": 1}


def test_only_evaluated_person_sees_hand_review_for_unreadable_row(tmp_path):
    from factory import write_csv

    from desktop_app.core.pipeline import load
    from desktop_app.core.evaluate import evaluate

    path = write_csv(tmp_path / "f.csv", [conviction(subject="1"), conviction(subject="2")])
    with open(path, "a") as f:
        f.write("x,x,1,short row\n")
    prepared = load([path])
    r = evaluate(prepared, policy(dismiss=["11358"]), "SACRAMENTO", as_of=dt.date(2020, 7, 1))
    assert r.evaluated["subject_id"].tolist() == ["1", "2"]
    assert bundle(r)["Eligibility Determination"].astype(str).tolist() == ["Hand Review", "Eligible for Dismissal"]
    assert bundle(r)["Eligibility Reason"].iloc[0] == (
        "Unreadable row in this person's history: line 4 of f.csv could not be read; check the full record")
    [problem] = prepared.records.problems
    assert (problem.file, problem.line, problem.fields_found, problem.subject_id) == ("f.csv", 4, 4, "1")


def test_conviction_without_subject_id_goes_to_hand_review(tmp_path):
    r = decide(tmp_path, [conviction(subject="")], policy(dismiss=["11358"]))
    assert only(r) == ("Hand Review",
                       "No SUBJECT_ID on line 2 of records_0.csv: the person's history cannot be assembled")


def test_rows_without_subject_id_do_not_join_each_other(tmp_path):
    rows = [conviction(subject=""), conviction(subject="", offense="459 PC-BURGLARY")]
    r = decide(tmp_path, rows)
    assert bundle(r)["# of convictions on record"].tolist() == [1]
