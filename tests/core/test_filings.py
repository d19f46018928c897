"""Court filings from the reviewed decisions: remedy, track and position per conviction; the plan
(courthouses, what is listed apart and why); the documents read back (python-docx for .docx,
pypdf for the PDF's text, openpyxl for the case list); templates checked; batches recorded and
marked filed, and not filed again."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import docx
import openpyxl
import pytest
from filings_factory import FILING_DATE, MAIN, NORTH, SIGNER, key_of, request, reviewed_workspace
from pypdf import PdfReader

from desktop_app.core.errors import Cancelled, OutputError
from desktop_app.core.evaluate import as_int
from desktop_app.core.facts import FACTS
from desktop_app.core.filings.errors import TemplateError
from desktop_app.core.filings.generate import court_folder
from desktop_app.core.filings.layout import load_layout
from desktop_app.core.filings.plan import Selection, plan_filing
from desktop_app.core.filings.run import mark_batch_filed, plan_for, run_filings
from desktop_app.core.filings.templates import BULK, load_template
from desktop_app.core.filings.vocabulary import UNKNOWN_COURT, UNKNOWN_TRACK
from desktop_app.core.workspace import ReviewRequest
from desktop_app.core.workspace.batches import batches


@pytest.fixture
def reviewed(tmp_path):
    ws, results = reviewed_workspace(tmp_path)
    yield ws, results
    ws.close()


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs] + [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def by_key(plan):
    return {r.key: r for r in plan.selected.itertuples()} | {r.key: r for r in plan.attention.itertuples()}


# ------------------------------------------------------------------ remedy, track, position

def test_sentence_end_is_conviction_date_plus_every_part_and_unknown_when_a_part_is_not_a_number(reviewed):
    ws, results = reviewed
    ends = FACTS["sentence_end"].fn(results.fact_inputs, as_int(results.as_of))
    at = {k: e for k, e in zip(results.evaluated["conviction_key"], ends)}
    assert at[key_of(results, "2001")] == 20100131  # 30 days from 2010-01-01
    assert at[key_of(results, "2002", "11359")] == 20220601  # 3 years from 2019-06-01
    assert at[key_of(results, "2004")] is __import__("pandas").NA  # "LIFE": not a number


def test_remedy_track_and_position_follow_the_final_determination(reviewed):
    ws, results = reviewed
    rows = by_key(plan_for(ws, results))
    done = rows[key_of(results, "2001")]
    assert (done.remedy, done.track, done.position) == ("Dismiss and seal", "Completed sentence", "Not challenged")
    serving = rows[key_of(results, "2002", "11359")]  # reduction, sentence ends 2022: recall and resentence
    assert (serving.remedy, serving.track, serving.track_citation) == \
        ("Recall sentence and resentence", "Still serving", "H&S 11361.8(a)-(b)")
    not_eligible = rows[key_of(results, "2006")]  # changed to Not eligible: challenged, ground = the reason
    assert (not_eligible.position, not_eligible.remedy) == ("Challenged", "")
    assert not_eligible.challenge_ground == "Not eligible: superstrike found in court file"
    public_safety = rows[key_of(results, "2007")]  # a dismissal the office challenges
    assert public_safety.position == "Challenged"
    assert public_safety.challenge_ground == "Unreasonable risk to public safety (PC 1170.18)"


def test_unknown_sentence_end_is_never_guessed_the_reviewer_chooses_the_track(reviewed):
    ws, results = reviewed
    life = key_of(results, "2004")
    plan = plan_for(ws, results)
    assert life not in set(plan.selected["key"])
    assert plan.attention.set_index("key").loc[life, "why"] == UNKNOWN_TRACK
    ws.review([life], "Ana Reviewer", ReviewRequest(track="completed"))
    chosen = by_key(plan_for(ws, results))[life]
    assert (chosen.track, chosen.track_chosen, chosen.remedy) == ("Completed sentence", True, "Dismiss and seal")
    assert ("review", "track", None, "completed") in [(r.kind, r.field, r.old, r.new) for r in
                                                      ws.audit_log([life]).itertuples()]
    with pytest.raises(Exception, match="not a track"):
        ws.review([life], "Ana Reviewer", ReviewRequest(track="maybe"))


def test_unknown_courthouse_is_listed_apart_until_the_user_assigns_one(reviewed):
    ws, results = reviewed
    nowhere = key_of(results, "2005")
    plan = plan_for(ws, results)
    assert list(plan.unknown_court()["key"]) == [nowhere]
    assert [c.key for c in plan.courthouses] == [MAIN, NORTH]
    assert (plan.courthouses[0].relief, plan.courthouses[0].challenged) == (4, 1)
    ws.review([nowhere], "Ana Reviewer", ReviewRequest(court_code=NORTH))
    assigned = by_key(plan_for(ws, results))[nowhere]
    assert (assigned.court_key, assigned.court_name, assigned.court_assigned) == (NORTH, "CASC SACRAMENTO NORTH", True)


def test_hand_review_and_unreviewed_convictions_are_never_filed(reviewed):
    ws, results = reviewed
    plan = plan_for(ws, results)
    filed = set(plan.selected["key"])
    assert key_of(results, "2008") not in filed and key_of(results, "2009") not in filed
    assert plan.attention.set_index("key").loc[key_of(results, "2008"), "why"] == "not decided: Hand Review"
    assert plan.not_reviewed == 1


def test_exports_carry_remedy_track_and_position(reviewed, tmp_path):
    from desktop_app.core.workspace import export_workspace

    ws, results = reviewed
    export_workspace(ws, results, tmp_path / "bundle", workbook=False)
    with open(tmp_path / "bundle" / "Prop64_Results.csv", newline="") as f:
        rows = {r["Conviction key"]: r for r in csv.DictReader(f)}
    assert rows[key_of(results, "2002", "11359")]["Remedy"] == "Recall sentence and resentence"
    assert rows[key_of(results, "2004")]["Track"] == "Unknown: choose"
    assert rows[key_of(results, "2007")]["Position"] == "Challenged"


# ------------------------------------------------------------------ the documents, read back

def test_bulk_filing_every_conviction_in_exactly_one_courthouse_list_and_motion(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    out, batch = run_filings(ws, plan, request(tmp_path / "out"))
    relief = {c: set(plan.relief(c)["key"]) for c in (MAIN, NORTH)}
    challenged = {c: set(plan.challenged(c)["key"]) for c in (MAIN, NORTH)}
    everything = set(plan.selected["key"])
    assert everything == set().union(*relief.values(), *challenged.values())
    seen_lists: dict[str, int] = {}
    seen_motions: dict[str, int] = {}
    for court in plan.courthouses:
        folder = tmp_path / "out" / court_folder(court)
        book = openpyxl.load_workbook(folder / "Case_list.xlsx")
        sheet = book.active
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        header = [c.value for c in sheet[1]]
        assert header == [c.title for c in load_layout().case_list]
        keys = [r[header.index("Office reference")] for r in sheet.iter_rows(min_row=2, values_only=True)]
        with open(folder / "Case_list.csv", encoding="utf-8-sig", newline="") as f:
            assert [r["Office reference"] for r in csv.DictReader(f)] == keys
        for key in keys:
            seen_lists[key] = seen_lists.get(key, 0) + 1
        motion_docx = docx_text(folder / "Motion_and_proposed_order.docx")
        motion_pdf = compact(pdf_text(folder / "Motion_and_proposed_order.pdf"))
        for key in everything:
            in_docx, in_pdf = key in motion_docx, compact(key) in motion_pdf
            assert in_docx == in_pdf, key  # the PDF has the .docx's content
            if in_docx:
                seen_motions[key] = seen_motions.get(key, 0) + 1
                assert key in relief[court.key], f"{key} is not for relief at {court.key}"
        for name in ("Notice_of_challenge_court", "Notice_of_challenge_public_defender"):
            notice = docx_text(folder / f"{name}.docx")
            assert all(k in notice for k in challenged[court.key])
            assert not any(k in notice for k in relief[court.key])
            assert all(compact(k) in compact(pdf_text(folder / f"{name}.pdf")) for k in challenged[court.key])
        for path in folder.glob("*.docx"):
            assert "{{" not in docx_text(path) and "{%" not in docx_text(path)
        for path in folder.glob("*.pdf"):
            assert "{{" not in pdf_text(path)
    assert seen_lists == dict.fromkeys(everything, 1)
    assert seen_motions == dict.fromkeys(set().union(*relief.values()), 1)  # never a challenged one
    assert batch is not None and batch.convictions == 5 and batch.challenged == 2 and batch.courthouses == 2


def test_motion_states_the_court_the_signer_and_the_counts(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out"))
    north = next(c for c in plan.courthouses if c.key == NORTH)
    text = docx_text(tmp_path / "out" / court_folder(north) / "Motion_and_proposed_order.docx")
    assert "COUNTY OF SACRAMENTO" in text and "Courthouse: CASC SACRAMENTO NORTH" in text
    assert "Ana Ruiz, Deputy District Attorney (State Bar No. 123456)" in text and "March 16, 2026" in text
    assert "Recall of sentence and resentencing (still serving): 1" in text and "IT IS SO ORDERED." in text
    pdf = pdf_text(tmp_path / "out" / court_folder(north) / "Motion_and_proposed_order.pdf")
    assert "IT IS SO ORDERED." in pdf and "Page 1 of" in pdf and "{{" not in pdf


def test_notices_are_addressed_to_the_court_and_the_public_defender_with_grounds_and_notes(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out", include_notes=True))
    folder = tmp_path / "out" / court_folder(next(c for c in plan.courthouses if c.key == NORTH))
    court = docx_text(folder / "Notice_of_challenge_court.docx")
    defender = docx_text(folder / "Notice_of_challenge_public_defender.docx")
    assert "TO THE HONORABLE PRESIDING JUDGE" in court and "PUBLIC DEFENDER" not in court.split("ATTACHMENT A")[0]
    assert "TO THE PUBLIC DEFENDER OF THE COUNTY OF SACRAMENTO" in defender
    for text in (court, defender):
        assert "Unreasonable risk to public safety (PC 1170.18)" in text and "Pending case in 2019" in text
    run_filings(ws, plan, request(tmp_path / "plain"))  # the office did not choose to include notes
    folder = tmp_path / "plain" / court_folder(next(c for c in plan.courthouses if c.key == NORTH))
    assert "Pending case in 2019" not in docx_text(folder / "Notice_of_challenge_court.docx")


def test_cover_counts_equal_the_lists(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    out, batch = run_filings(ws, plan, request(tmp_path / "out"))
    text = pdf_text(tmp_path / "out" / f"Cover_summary_{batch.id}.pdf")
    listed = relief = challenged = 0
    for court in plan.courthouses:
        folder = tmp_path / "out" / court_folder(court)
        rows = list(openpyxl.load_workbook(folder / "Case_list.xlsx").active.iter_rows(min_row=2, values_only=True))
        listed += len(rows)
        relief += sum(1 for r in rows if r[11] == "Not challenged")
        challenged += sum(1 for r in rows if r[11] == "Challenged")
        row = re.search(rf"{re.escape(compact(court.label))}(\d+)", compact(text))
        assert row is not None and row.group(1).startswith(str(len(plan.relief(court.key))))
    total = re.search(r"Total\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", text)
    assert total is not None
    assert int(total.group(1)) == relief and int(total.group(6)) == challenged
    assert sum(int(total.group(i)) for i in range(2, 6)) == relief  # by remedy adds up
    assert listed == relief + challenged == len(plan.selected)
    for fact in ("2020-07-01", "County common choice", "w.rcw", "doj.csv", batch.id):
        assert fact in text, fact
    apart = list(csv.DictReader(open(tmp_path / "out" / "Needs_attention.csv", encoding="utf-8-sig")))
    assert sorted(r["Why it cannot be filed yet"] for r in apart) == sorted(plan.attention["why"])
    flat = " ".join(text.split()).lower()
    assert UNKNOWN_COURT in flat and UNKNOWN_TRACK in flat


def test_per_case_makes_one_motion_per_court_case(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out", mode="per_case"))
    main = tmp_path / "out" / court_folder(next(c for c in plan.courthouses if c.key == MAIN))
    motions = sorted(p.name for p in (main / "Motions").glob("*.docx"))
    assert motions == ["10M001 DOE,PERSON 2001.docx", "12F003 DOE,PERSON 2003.docx"]  # 4 convictions, 2 cases
    assert sorted(p.name for p in (main / "Motions").glob("*.pdf")) == [m[:-5] + ".pdf" for m in motions]
    three_counts = docx_text(main / "Motions" / "12F003 DOE,PERSON 2003.docx")
    assert "Case No. 12F003" in three_counts and "[X] 11357 x2" in three_counts and "[X] 11358" in three_counts
    assert "[  ] 11359" in three_counts and "[X]  For redesignation" in three_counts
    assert not (main / "Motion_and_proposed_order.docx").exists()
    assert "12F003" in pdf_text(main / "Motions" / "12F003 DOE,PERSON 2003.pdf")


# ------------------------------------------------------------------ templates and layouts

def _template_with(tmp_path, *texts: str):
    source = docx.Document(str(load_template(BULK).path))
    for text in texts:
        source.add_paragraph(text)
    path = tmp_path / "office-motion.docx"
    source.save(str(path))
    return path


def test_a_template_with_unknown_placeholders_is_refused_naming_them(tmp_path):
    path = _template_with(tmp_path, "{{ judge_name }} and {{ courtt.name }}")
    with pytest.raises(TemplateError, match="unknown placeholders courtt, judge_name"):
        load_template(BULK, path)
    misspelt = _template_with(tmp_path, "{{ signer.nmae }}")
    with pytest.raises(TemplateError, match=r"unknown placeholder signer\.nmae"):
        load_template(BULK, misspelt)
    with pytest.raises(TemplateError, match="not a Word document"):
        (tmp_path / "fake.docx").write_text("not a zip")
        load_template(BULK, tmp_path / "fake.docx")


def test_an_office_template_is_used_as_edited(reviewed, tmp_path):
    ws, results = reviewed
    path = _template_with(tmp_path, "Reviewed by the Sacramento DA's Cannabis Unit for {{ court.label }}.")
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out", motion_template=path, documents=("motion",)))
    folder = tmp_path / "out" / court_folder(plan.courthouses[0])
    assert "Reviewed by the Sacramento DA's Cannabis Unit for CASC SACRAMENTO." in \
        docx_text(folder / "Motion_and_proposed_order.docx")
    assert not (folder / "Case_list.xlsx").exists()


def test_a_layout_file_sets_the_columns_titles_and_order(reviewed, tmp_path):
    ws, results = reviewed
    layout = tmp_path / "court-layout.toml"
    layout.write_text('[[case_list]]\nfield = "case_number"\ntitle = "Docket"\n\n[[case_list]]\nfield = "name"\n'
                      '\n[[case_list]]\nfield = "remedy"\ntitle = "Relief"\n', encoding="utf-8")
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out", layout=layout))
    folder = tmp_path / "out" / court_folder(plan.courthouses[0])
    sheet = openpyxl.load_workbook(folder / "Case_list.xlsx").active
    assert [c.value for c in sheet[1]] == ["Docket", "Name", "Relief"]
    attached = docx.Document(str(folder / "Motion_and_proposed_order.docx")).tables[-1]
    assert [c.text for c in attached.rows[0].cells] == ["Docket", "Name", "Relief"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[case_list]]\nfield = "shoe_size"\n\n[[case_list]]\nfield = "name"\nwidth = 0\n')
    with pytest.raises(TemplateError) as e:
        load_layout(bad)
    assert "unknown field 'shoe_size'" in str(e.value) and "width must be" in str(e.value)


# ------------------------------------------------------------------ safety and tracking

def test_nothing_is_written_when_files_exist_or_the_run_is_cancelled(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out"))
    before = sorted(p.name for p in (tmp_path / "out").rglob("*"))
    with pytest.raises(OutputError, match="already exist"):
        run_filings(ws, plan, request(tmp_path / "out"))
    calls = {"n": 0}

    def cancel_midway() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Cancelled):
        run_filings(ws, plan, request(tmp_path / "other"), cancelled=cancel_midway)
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").rglob("*.*"))
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == before
    assert len(batches(ws)) == 1  # refused and cancelled runs record nothing


def test_marking_a_batch_filed_records_each_conviction_and_a_later_run_skips_them(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    _, batch = run_filings(ws, plan, request(tmp_path / "out"))
    changed, gone = mark_batch_filed(ws, batch.id, FILING_DATE, "Bo Clerk")
    assert (len(changed), gone) == (7, [])
    sale = ws.record(key_of(results, "2002", "11359"))
    assert (sale["status"], sale["status_date"], sale["filing_batch"]) == ("filed", "2026-03-16", batch.id)
    challenged = ws.record(key_of(results, "2006"))
    assert (challenged["status"], challenged["filing_batch"]) == ("challenged", batch.id)
    log = ws.audit_log([key_of(results, "2006")])
    assert ("filed", "status", "reviewed", "challenged") in [(r.kind, r.field, r.old, r.new) for r in log.itertuples()]
    whole = ws.audit_log()
    assert "prepare filing" in set(whole["kind"]) and "filed" in set(whole["kind"])
    again = plan_for(ws, results)
    assert again.selected.empty and again.already_filed == 7
    assert set(plan_for(ws, results, Selection(include_filed=True)).selected["key"]) == set(plan.selected["key"])


def test_each_batch_says_when_it_was_filed_and_an_undone_marking_is_forgotten(reviewed, tmp_path):
    """The window lists the batches with the date each was marked filed: the latest marking wins,
    an undone one no longer counts, a batch never marked has no date."""
    import datetime as dt

    from desktop_app.core.workspace.batches import filed_dates

    ws, results = reviewed
    _, first = run_filings(ws, plan_for(ws, results), request(tmp_path / "one"))
    _, second = run_filings(ws, plan_for(ws, results, Selection(include_filed=True)), request(tmp_path / "two"))
    assert filed_dates(ws) == {}
    mark_batch_filed(ws, first.id, FILING_DATE, "Bo Clerk")
    assert filed_dates(ws) == {first.id: "2026-03-16"}
    mark_batch_filed(ws, first.id, dt.date(2026, 3, 18), "Bo Clerk")  # the clerk's stamp said the 18th
    assert filed_dates(ws) == {first.id: "2026-03-18"}
    ws.undo("Bo Clerk")
    assert filed_dates(ws) == {first.id: "2026-03-16"}
    log = ws.audit_log()
    assert f"{first.id}: filed on 2026-03-16" in set(log["new"].dropna())  # the audit says which batch
    assert second.id not in filed_dates(ws)


def test_selection_by_courthouse_and_by_keys(reviewed):
    ws, results = reviewed
    north = plan_filing(results, ws.reviews(), Selection(courthouses=(NORTH,)))
    assert {c.key for c in north.courthouses} == {NORTH} and {c.key for c in north.available} == {MAIN, NORTH}
    one = plan_filing(results, ws.reviews(), Selection(keys=(key_of(results, "2001"),)))
    assert list(one.selected["key"]) == [key_of(results, "2001")]


def test_the_batch_tables_are_append_only(reviewed, tmp_path):
    import sqlite3

    ws, results = reviewed
    run_filings(ws, plan_for(ws, results), request(tmp_path / "out"))
    conn = sqlite3.connect(str(ws.path))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM filing_members")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE filing_batches SET mode = 'x'")
    conn.close()


def test_documents_hold_no_template_markers_in_their_xml(reviewed, tmp_path):
    ws, results = reviewed
    plan = plan_for(ws, results)
    run_filings(ws, plan, request(tmp_path / "out"))
    for path in (tmp_path / "out").rglob("*.docx"):
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        assert "RCD-BLOCK" not in xml and "{{" not in xml and "{%" not in xml
        docx.Document(io.BytesIO(path.read_bytes()))  # opens
    assert SIGNER.name in docx_text(next((tmp_path / "out").rglob("Motion_and_proposed_order.docx")))
