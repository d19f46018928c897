"""Review actions in a workspace: accept, change the determination (with a reason from the closed
list), status with date and batch, note; each one audited; undo; batch actions; reviews applied
to an evaluation by conviction key."""

from __future__ import annotations

import datetime as dt

import pytest
from ws_factory import MISDEMEANOR, SALE, TRANSPORT, YOUNG, CULTIVATION, new_workspace

from desktop_app.core.workspace import ReviewError, ReviewRequest, Workspace, apply_reviews, review_progress
from desktop_app.core.workspace.review_actions import empty_record


class Clock:
    """A clock the test moves: each action a minute later."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def ws(tmp_path):
    workspace, _ = new_workspace(tmp_path, clock=Clock())
    yield workspace
    workspace.close()


def log_of(ws: Workspace, key: str | None = None):
    log = ws.audit_log([key] if key else None)
    return [(r.kind, r.field, r.old, r.new) for r in log.itertuples()]


def test_new_workspace_keeps_the_data_set_policy_and_automatic_decisions(tmp_path, ws):
    ev = ws.evaluation()
    assert ev.county == "SACRAMENTO" and ev.as_of == dt.date(2020, 7, 1)
    assert ev.policy_file == "county-common.toml" and "[baselineEligibility]" in ev.policy_text
    assert [f.name for f in ev.files] == ["doj.csv"] and len(ev.files[0].sha256) == 64
    assert ws.policy().name == "County common choice"
    assert ws.automatic()[SALE] == ("Eligible for Reduction", "reduce_sections:11359")
    assert ev.convictions == 5 and ws.reviews().empty
    assert [(k, f) for k, f, _, _ in log_of(ws)] == [("create", "input files"), ("create", "evaluation")]


def test_accept_records_the_automatic_decision_and_marks_reviewed(ws):
    done = ws.accept([SALE], "Ana Reviewer")
    assert done.keys == (SALE,) and done.action > 0
    record = ws.record(SALE)
    assert record["determination"] == "Eligible for Reduction" and record["status"] == "reviewed"
    assert record["auto_reason"] == "reduce_sections:11359" and record["reviewer"] == "Ana Reviewer"
    assert ("accept", "determination", None, "Eligible for Reduction") in log_of(ws, SALE)
    assert ("accept", "status", "not_reviewed", "reviewed") in log_of(ws, SALE)
    again = ws.accept([SALE], "Ana Reviewer")  # already as asked: nothing written
    assert again.action == 0 and again.keys == ()


def test_a_changed_determination_needs_a_reason_from_the_closed_list(ws):
    entries = len(ws.audit_log())
    with pytest.raises(ReviewError, match="needs a reason"):
        ws.set_determination([SALE], "Not eligible", None, "Ana Reviewer")
    with pytest.raises(ReviewError, match="is not one of the reasons"):
        ws.set_determination([SALE], "Not eligible", "Because I said so", "Ana Reviewer")
    assert len(ws.audit_log()) == entries and ws.record(SALE) is None  # nothing written
    ws.set_determination([SALE], "not_eligible", "not eligible: SUPERSTRIKE found in court file", "Ana Reviewer")
    record = ws.record(SALE)
    assert record["determination"] == "Not eligible"
    assert record["change_reason"] == "Not eligible: superstrike found in court file"  # the list's spelling
    ws.accept([SALE], "Ana Reviewer")  # back to the automatic one: the reason goes
    assert ws.record(SALE)["change_reason"] is None


def test_status_follows_the_work_filed_with_date_and_batch_then_the_court(ws):
    with pytest.raises(ReviewError, match="not decided yet"):
        ws.set_status([SALE], "filed", "Ana Reviewer", date="2026-03-01")
    ws.accept([SALE, MISDEMEANOR], "Ana Reviewer")
    with pytest.raises(ReviewError, match="needs its date"):
        ws.set_status([SALE], "Filed with court", "Ana Reviewer")
    with pytest.raises(ReviewError, match="comes after filing"):
        ws.set_status([SALE], "granted", "Ana Reviewer")
    ws.set_status([SALE, MISDEMEANOR], "Filed with court", "Ana Reviewer", date="2026-03-01", batch="Batch 7")
    assert ws.record(SALE)["status_date"] == "2026-03-01" and ws.record(SALE)["filing_batch"] == "Batch 7"
    ws.set_status([SALE], "granted", "Ana Reviewer")
    record = ws.record(SALE)
    assert record["status"] == "granted" and record["filing_batch"] == "Batch 7" and record["status_date"] is None
    with pytest.raises(ReviewError, match="cannot be set back to Not reviewed"):
        ws.set_status([SALE], "not reviewed", "Ana Reviewer")


def test_only_eligible_convictions_are_filed_for_relief_and_challenges_have_a_date(ws):
    ws.set_determination([TRANSPORT], "Not eligible", "Challenged: public safety (unreasonable risk, PC 1170.18)",
                         "Ana Reviewer")
    with pytest.raises(ReviewError, match="can be filed for relief"):
        ws.set_status([TRANSPORT], "filed", "Ana Reviewer", date="2026-03-01")
    ws.set_status([TRANSPORT], "challenged", "Ana Reviewer", date="2026-03-02")
    ws.set_status([TRANSPORT], "set for hearing", "Ana Reviewer", date="2026-04-01")
    assert ws.record(TRANSPORT)["status"] == "hearing"


def test_one_bad_key_in_a_batch_changes_nothing(ws):
    with pytest.raises(ReviewError, match="1 of the 3 keys are not convictions.*NOPE"):
        ws.accept([SALE, "NOPE|1|2|3", MISDEMEANOR], "Ana Reviewer")
    assert ws.reviews().empty


def test_note_and_reviewer_name(ws):
    with pytest.raises(ReviewError, match="reviewer's name is required"):
        ws.set_note([SALE], "x", "  ")
    ws.set_note([SALE], "Court file requested\nfrom Dept. 12  ", "Bo Checker")
    record = ws.record(SALE)
    assert record["note"] == "Court file requested\nfrom Dept. 12" and record["status"] == "not_reviewed"
    assert record["reviewer"] == "Bo Checker"


def test_undo_takes_back_the_last_action_and_is_itself_audited(ws):
    assert not ws.can_undo and ws.undo("Ana Reviewer") is None
    first = ws.accept([SALE, MISDEMEANOR], "Ana Reviewer")
    second = ws.set_note([SALE], "looked at it", "Bo Checker")
    undone = ws.undo("Carla Lead")
    assert undone.kind == "undo" and undone.keys == (SALE,)
    record = ws.record(SALE)
    assert record["note"] == "" and record["determination"] == "Eligible for Reduction"
    assert record["reviewer"] == "Ana Reviewer"  # who made the state it returned to
    log = ws.audit_log()
    last = log.iloc[-1]
    assert last["kind"] == "undo" and last["who"] == "Carla Lead" and last["undoes"] == second.action
    assert (last["field"], last["old"], last["new"]) == ("note", "looked at it", "")
    ws.undo("Carla Lead")
    assert ws.record(SALE) == dict(empty_record(), reviewer=None, updated_at=None)
    assert ws.record(MISDEMEANOR)["determination"] is None
    assert ws.audit_log().iloc[-1]["undoes"] == first.action
    assert not ws.can_undo
    # Nothing was deleted from the log: the actions and their undoing are all there.
    assert list(ws.audit_log()["kind"]).count("accept") == 8  # 2 keys x (determination, status, 2 automatic)
    assert len(ws.audit_log()) == len(log) + 8


def test_batch_review_is_one_action(ws):
    keys = [SALE, MISDEMEANOR, TRANSPORT, CULTIVATION, YOUNG]
    done = ws.review(keys, "Ana Reviewer", ReviewRequest(determination="accept", note="batch"))
    assert set(done.keys) == set(keys)
    assert ws.audit_log()["action"].iloc[-1] == done.action
    assert set(ws.audit_log().query(f"action == {done.action}")["key"]) == set(keys)


def test_change_reasons_are_configurable_and_retired_ones_stay_on_reviews(ws):
    ws.set_determination([SALE], "Not eligible", "Duplicate of another case", "Ana Reviewer")
    ws.set_change_reasons(["Not eligible: sentence not completed", "Other: see the note"], "Carla Lead")
    assert ws.change_reasons() == ["Not eligible: sentence not completed", "Other: see the note"]
    assert "Duplicate of another case" in ws.change_reasons(include_retired=True)
    assert ws.record(SALE)["change_reason"] == "Duplicate of another case"
    with pytest.raises(ReviewError, match="is not one of the reasons"):
        ws.set_determination([TRANSPORT], "Not eligible", "Duplicate of another case", "Ana Reviewer")
    assert log_of(ws)[-1][:2] == ("reasons", "change reasons")


def test_reviews_applied_to_the_evaluation_by_key(tmp_path):
    ws, results = new_workspace(tmp_path)
    with ws:
        ws.accept([MISDEMEANOR], "Ana Reviewer")
        ws.set_determination([SALE], "Not eligible", "Duplicate of another case", "Bo Checker")
        ws.set_note([TRANSPORT], "ask the court", "Bo Checker")
        applied = apply_reviews(results.evaluated, ws.reviews())
    by_key = applied.set_axis(results.evaluated["conviction_key"])
    assert str(by_key.loc[SALE, "final_determination"]) == "Not eligible" and by_key.loc[SALE, "overridden"]
    assert by_key.loc[SALE, "reviewer"] == "Bo Checker" and str(by_key.loc[SALE, "review_status"]) == "Reviewed"
    assert str(by_key.loc[MISDEMEANOR, "final_determination"]) == "Eligible for Dismissal"
    assert not by_key.loc[MISDEMEANOR, "overridden"]
    assert str(by_key.loc[TRANSPORT, "review_status"]) == "Not reviewed" and by_key.loc[TRANSPORT, "review_note"]
    assert str(by_key.loc[YOUNG, "final_determination"]) == "Eligible for Dismissal"  # untouched: automatic
    assert not by_key["needs_rereview"].any()
    progress = review_progress(applied)
    assert progress["reviewed"] == 2 and progress["convictions"] == 5 and progress["overridden"] == 1
    assert progress["byFinalDetermination"]["Not eligible"] == 1
    assert progress["byStatus"]["Reviewed"] == 2


def test_every_action_is_committed_before_it_returns(tmp_path, ws):
    ws.accept([SALE], "Ana Reviewer")
    # Another connection (as another process would) sees it at once.
    with Workspace.open(ws.path, read_only=True) as reader:
        assert reader.record(SALE)["determination"] == "Eligible for Reduction"
        ws.set_note([SALE], "second", "Ana Reviewer")
        reader.reload()
        assert reader.record(SALE)["note"] == "second"
        with pytest.raises(Exception, match="read-only"):
            reader.set_note([SALE], "x", "Ana Reviewer")


def test_updating_after_each_action_equals_applying_all_reviews_again(tmp_path):
    from desktop_app.core.workspace.apply import ReviewedConvictions

    ws, results = new_workspace(tmp_path)
    with ws:
        reviewed = ReviewedConvictions(results.evaluated, ws.reviews())
        steps = [lambda: ws.accept([MISDEMEANOR, SALE], "Ana Reviewer"),
                 lambda: ws.set_determination([SALE, TRANSPORT], "Hand Review", "Other: see the note", "Bo Checker"),
                 lambda: ws.set_note([YOUNG], "born 1995: under 21", "Bo Checker"),
                 lambda: ws.set_status([MISDEMEANOR], "filed", "Ana Reviewer", date="2026-03-01", batch="B1"),
                 lambda: ws.undo("Ana Reviewer"),
                 lambda: ws.undo("Ana Reviewer")]
        for step in steps:
            done = step()
            reviewed.update(ws.records(done.keys))
            full = apply_reviews(results.evaluated, ws.reviews())
            assert reviewed.frame().equals(full)
        by_key = reviewed.frame().set_axis(results.evaluated["conviction_key"])
        assert str(by_key.loc[SALE, "final_determination"]) == "Hand Review"
        assert str(by_key.loc[MISDEMEANOR, "review_status"]) == "Reviewed"  # the filing was undone
        assert by_key.loc[YOUNG, "review_note"] == ""  # and the note before it


def test_accepting_everything_in_view_leaves_decided_convictions_alone(ws):
    ws.set_determination([SALE], "Not eligible", "Duplicate of another case", "Bo Checker")
    keys = [SALE, MISDEMEANOR, TRANSPORT, CULTIVATION, YOUNG]
    assert ws.undecided(keys) == [MISDEMEANOR, TRANSPORT, CULTIVATION, YOUNG]
    done = ws.accept_undecided(keys, "Ana Reviewer")
    assert set(done.keys) == {MISDEMEANOR, TRANSPORT, CULTIVATION, YOUNG}
    assert ws.record(SALE)["determination"] == "Not eligible" and ws.record(SALE)["reviewer"] == "Bo Checker"
    assert ws.accept_undecided(keys, "Ana Reviewer").action == 0


def test_a_policy_s_own_determination_is_kept_as_a_final_one():
    """A policy may route convictions to a determination of its own (after the four)."""
    import pandas as pd

    from desktop_app.core.schema import DETERMINATIONS
    from desktop_app.core.workspace.apply import ReviewedConvictions
    from desktop_app.gui.review_columns import review_columns

    routed = "Refer to the county's own process"
    evaluated = pd.DataFrame({
        "conviction_key": ["K1", "K2"],
        "determination": pd.Categorical([routed, "Hand Review"], categories=[*DETERMINATIONS, routed]),
        "reason": pd.Categorical(["route", "unknown"])})
    reviews = pd.DataFrame({f: [None] for f in ("determination", "change_reason", "status", "status_date",
                                                 "filing_batch", "reviewer", "updated_at", "auto_determination",
                                                 "auto_reason", "rereview")} | {"note": [""]},
                           index=pd.Index(["K2"], dtype=object), dtype=object)
    reviews.loc["K2", ["determination", "status", "auto_determination", "auto_reason"]] = \
        ["Not eligible", "reviewed", "Hand Review", "unknown"]
    applied = apply_reviews(evaluated, reviews)
    assert applied["final_determination"].astype(str).tolist() == [routed, "Not eligible"]
    columns = {c.key: c for c in review_columns(ReviewedConvictions(evaluated, reviews))}
    final = columns["final_determination"]
    assert [final.text(0), final.text(1)] == [routed, "Not eligible"]
