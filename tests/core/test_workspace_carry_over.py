"""Reviews follow their convictions to the next DOJ extract: carried by key whatever the file's
order; a renumbered count moves with a re-review mark; what is gone and what changed is listed,
never silently kept or dropped."""

from __future__ import annotations

from ws_factory import (CULTIVATION, MISDEMEANOR, SALE, TRANSPORT, YOUNG, base_rows, evaluate_file, new_extract_rows,
                        new_workspace, write_data)

from desktop_app.core.workspace import apply_reviews, open_data

MOVED = "A1003|003001001000|2016-01-01|11360HS"


def reviewed_workspace(tmp_path):
    ws, results = new_workspace(tmp_path)
    ws.accept([MISDEMEANOR, SALE, TRANSPORT, YOUNG], "Ana Reviewer")
    ws.set_determination([CULTIVATION], "Not eligible", "Duplicate of another case", "Ana Reviewer")
    ws.set_note([TRANSPORT], "check the court's case number", "Ana Reviewer")
    return ws, results


def test_a_re_sorted_file_carries_every_review_unchanged(tmp_path):
    ws, _ = reviewed_workspace(tmp_path)
    resorted = evaluate_file(write_data(tmp_path, base_rows()[::-1], "resorted.csv"))
    with ws:
        carry = ws.refresh(resorted, reviewer="Ana Reviewer")
        assert carry.carried == carry.reviewed == 5
        assert carry.missing.empty and carry.changed.empty and not carry.moved
        applied = apply_reviews(resorted.evaluated, ws.reviews()).set_axis(resorted.evaluated["conviction_key"])
    assert str(applied.loc[CULTIVATION, "final_determination"]) == "Not eligible"
    assert applied["review_status"].astype(str).eq("Reviewed").all()
    assert not applied["needs_rereview"].any()


def test_a_new_extract_lists_what_is_gone_what_changed_and_what_moved(tmp_path):
    ws, _ = reviewed_workspace(tmp_path)
    new = evaluate_file(write_data(tmp_path, new_extract_rows(), "new.csv"))
    with ws:
        carry = ws.refresh(new, reviewer="Bo Checker")
        assert carry.reviewed == 5 and carry.carried == 4
        # Gone from the extract: listed, and its record kept in the workspace.
        assert carry.missing["key"].tolist() == [CULTIVATION]
        assert ws.record(CULTIVATION)["determination"] == "Not eligible"
        # The automatic decision changed (the person died): needs re-review, the old decision kept.
        changed = carry.changed.set_index("key")
        assert changed.loc[SALE, "why"] == "the automatic decision changed"
        assert changed.loc[SALE, "was"].startswith("Eligible for Reduction")
        assert changed.loc[SALE, "now"].startswith("Eligible for Dismissal")
        # DOJ renumbered a count: the review moved to the new key, marked for re-review.
        assert carry.moved == [(TRANSPORT, MOVED, "count order 002001001000 -> 003001001000")]
        assert ws.record(TRANSPORT) is None and ws.record(MOVED)["note"] == "check the court's case number"
        applied = apply_reviews(new.evaluated, ws.reviews()).set_axis(new.evaluated["conviction_key"])
        assert applied.loc[SALE, "needs_rereview"] and applied.loc[MOVED, "needs_rereview"]
        assert str(applied.loc[SALE, "final_determination"]) == "Eligible for Reduction"  # not silently changed
        assert applied.loc[SALE, "overridden"]  # it now differs from the automatic decision
        assert "was Eligible for Reduction, now Eligible for Dismissal" in applied.loc[SALE, "rereview_why"]
        assert not applied.loc[MISDEMEANOR, "needs_rereview"] and not applied.loc[YOUNG, "needs_rereview"]
        assert str(applied.loc["A1006|001001001000|2011-01-01|11357HS", "review_status"]) == "Not reviewed"
        # Deciding again clears the mark.
        ws.accept([SALE, MOVED], "Bo Checker")
        applied = apply_reviews(new.evaluated, ws.reviews())
        assert not applied["needs_rereview"].any()
        # The refresh is in the audit log: files, counts and the moved key.
        log = ws.audit_log()
        refresh = log[log["kind"] == "refresh"]
        fields = dict(zip(refresh["field"], refresh["new"]))
        assert fields["reviews carried"] == "4" and fields["reviews no longer in the data"] == "1"
        assert "new.csv (SHA-256" in fields["input files"]
        assert ((refresh["field"] == "key") & (refresh["old"] == TRANSPORT) & (refresh["new"] == MOVED)).any()
        assert ws.evaluation().files[0].name == "new.csv" and len(ws.evaluations()) == 2


def test_opening_with_other_files_refreshes_or_only_shows_when_read_only(tmp_path):
    ws, _ = reviewed_workspace(tmp_path)
    ws.close()
    new_file = write_data(tmp_path, new_extract_rows(), "new.csv")
    from desktop_app.core.workspace import Workspace

    with Workspace.open(ws.path, read_only=True) as reader:
        same = open_data(reader)  # its own files: nothing to carry
        assert same.carry_over is None and len(same.reviewed) == 5
        shown = open_data(reader, [new_file])
        assert not shown.saved and shown.carry_over.missing["key"].tolist() == [CULTIVATION]
        assert reader.evaluation().files[0].name == "doj.csv"  # nothing written
    with Workspace.open(ws.path) as writer:
        saved = open_data(writer, [new_file], reviewer="Ana Reviewer")
        assert saved.saved and writer.evaluation().files[0].name == "new.csv"
        assert int(saved.reviewed["needs_rereview"].sum()) == 2
