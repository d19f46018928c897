"""File > Prepare court filings: enabled with a workspace, the dialog shows the courthouses with
their counts and what cannot be filed, fixes are review actions, the preview draws the motion's
first page, the documents are written in the worker (progress, Cancel), then Mark as filed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent.parent / "core"))

from filings_factory import MAIN, NORTH, SIGNER, key_of, request, reviewed_workspace  # noqa: E402

from desktop_app.core.filings.generate import court_folder  # noqa: E402
from desktop_app.gui import accessibility  # noqa: E402
from desktop_app.gui.signer_dialog import remember_signer  # noqa: E402

WAIT_MS = 60_000


@pytest.fixture
def with_workspace(window, tmp_path):  # type: ignore[no-untyped-def]
    ws, results = reviewed_workspace(tmp_path)
    remember_signer(window.settings, SIGNER)
    window.settings.set("review/reviewer", "Ana Reviewer")
    window.filings.set_workspace(ws, results)
    yield window, ws, results
    window.runner.cancel()
    window.runner.wait(10_000)
    ws.close()


def test_the_action_needs_an_open_workspace(window, tmp_path):
    assert not window.actions.filings.isEnabled()
    ws, results = reviewed_workspace(tmp_path)
    window.filings.set_workspace(ws, results)
    assert window.actions.filings.isEnabled()
    window.filings.set_workspace(None, None)
    assert not window.actions.filings.isEnabled()
    ws.close()


def test_dialog_lists_courthouses_with_counts_and_passes_the_accessibility_audit(with_workspace, qtbot):
    window, ws, results = with_workspace
    window.actions.filings.trigger()
    dialog = window.filings.dialog
    assert dialog is not None and dialog.isVisible()
    items = [dialog.courts.item(i).text() for i in range(dialog.courts.count())]
    assert items == ["CASC SACRAMENTO (CA34021J): 4 not challenged, 1 challenged",
                     "CASC SACRAMENTO NORTH (CA34022J): 1 not challenged, 1 challenged"]
    assert "1 conviction(s): the record names no courthouse" in dialog.no_court.text()
    assert dialog.assign_button.isVisible() and dialog.track_button.isVisible()
    assert accessibility.audit(dialog) == []
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=WAIT_MS)
    assert dialog.preview.pixmap().width() == 430  # the first page, drawn from the real layout


def test_assigning_a_courthouse_and_a_track_are_review_actions(with_workspace, qtbot):
    window, ws, results = with_workspace
    window.actions.filings.trigger()
    dialog = window.filings.dialog
    changed: list[list[str]] = []
    window.filings.reviews_changed.connect(changed.append)
    dialog.court_choice.setCurrentIndex(dialog.court_choice.findData(NORTH))
    dialog.assign_button.click()
    assert ws.record(key_of(results, "2005"))["court_code"] == NORTH
    assert changed == [[key_of(results, "2005")]]
    dialog.track_choice.setCurrentIndex(dialog.track_choice.findData("serving"))
    dialog.track_button.click()
    assert ws.record(key_of(results, "2004"))["track"] == "serving"
    assert dialog.courts.item(1).text() == "CASC SACRAMENTO NORTH (CA34022J): 3 not challenged, 1 challenged"
    assert not dialog.assign_button.isVisible() and not dialog.track_button.isVisible()


def test_prepare_writes_in_the_worker_then_marks_the_batch_filed(with_workspace, qtbot, tmp_path):
    window, ws, results = with_workspace
    window.actions.filings.trigger()
    dialog = window.filings.dialog
    dialog.folder.setText(str(tmp_path / "filings"))
    dialog.courts.item(1).setCheckState(Qt.CheckState.Unchecked)  # only the main courthouse
    progress: list[tuple[int, int]] = []
    window.runner.progress_changed.connect(lambda d, t: progress.append((d, t)))
    assert window.filings.prepare()
    assert dialog.progress.isVisible() and not dialog.prepare_button.isEnabled()
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=WAIT_MS)
    assert progress and progress[-1][0] == progress[-1][1]
    batch = window.filings.last_batch
    assert batch is not None and batch.courthouses == 1 and batch.convictions == 4
    main = next(c for c in window.filings.plan.available if c.key == MAIN)
    assert (tmp_path / "filings" / court_folder(main) / "Motion_and_proposed_order.pdf").is_file()
    assert not any("NORTH" in p.name for p in (tmp_path / "filings").iterdir())
    assert dialog.open_button.isVisible() and dialog.mark_button.isVisible()
    assert f"Batch {batch.id} is recorded" in dialog.status.text()
    dialog.mark_button.click()
    assert ws.record(key_of(results, "2001"))["status"] == "filed"
    assert ws.record(key_of(results, "2006"))["status"] == "challenged"
    assert dialog.courts.count() == 1  # the main courthouse's convictions are with the court now


def test_cancel_leaves_nothing(with_workspace, qtbot, tmp_path):
    window, ws, results = with_workspace
    window.actions.filings.trigger()
    dialog = window.filings.dialog
    dialog.folder.setText(str(tmp_path / "cancelled"))
    dialog.per_case.setChecked(True)
    assert window.filings.prepare()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=WAIT_MS)
    written = [p for p in (tmp_path / "cancelled").rglob("*") if p.is_file()] if (tmp_path / "cancelled").exists() \
        else []
    if "Cancelled" in dialog.status.text():
        assert written == []
    else:  # the run finished before the cancel arrived: a complete batch
        assert window.filings.last_batch is not None


def test_signer_is_asked_once_and_remembered(window, qtbot, monkeypatch, tmp_path):
    from desktop_app.gui import signer_dialog
    from desktop_app.gui.signer_dialog import SignerDialog, ask_signer, remembered_signer

    dialog = SignerDialog(remembered_signer(window.settings))
    qtbot.addWidget(dialog)
    assert accessibility.audit(dialog) == []
    assert "Still needed: name" in dialog.message.text()
    for key, value in (("name", "Bo Clerk"), ("title", "DDA"), ("bar_number", "42"), ("office", "DA")):
        dialog.fields[key].setText(value)
    dialog.fields["address"].setPlainText("1 Main St\nTown, CA")
    assert dialog.message.text() == ""
    monkeypatch.setattr(signer_dialog.SignerDialog, "exec", lambda self: SignerDialog.DialogCode.Accepted)
    chosen = dialog.value()
    monkeypatch.setattr(signer_dialog.SignerDialog, "value", lambda self: chosen)
    assert ask_signer(window.settings).name == "Bo Clerk"
    monkeypatch.setattr(signer_dialog.SignerDialog, "exec", lambda self: pytest.fail("asked twice"))
    assert ask_signer(window.settings).address == "1 Main St\nTown, CA"


def test_an_earlier_batch_is_marked_filed_from_file_filing_batches(with_workspace, qtbot, tmp_path):
    """Weeks after a batch was prepared (another session), the court's stamp comes back: File >
    Filing batches lists every batch with whether it was filed, and marks the chosen one."""
    import datetime as dt

    from PySide6.QtCore import QDate

    from desktop_app.core.filings.plan import Selection
    from desktop_app.core.filings.run import plan_for, run_filings

    window, ws, results = with_workspace
    assert not window.actions.filing_batches.isEnabled()
    _, first = run_filings(ws, plan_for(ws, results), request(tmp_path / "one"))
    _, second = run_filings(ws, plan_for(ws, results, Selection(include_filed=True)),
                            request(tmp_path / "two", filing_date=dt.date(2026, 3, 17)))
    window.batches.set_workspace(ws)
    assert window.actions.filing_batches.isEnabled()
    changed: list[list[str]] = []
    window.batches.reviews_changed.connect(changed.append)
    window.actions.filing_batches.trigger()
    dialog = window.batches.dialog
    assert dialog is not None and dialog.isVisible() and accessibility.audit(dialog) == []
    table = dialog.table
    listed = [[table.item(r, c).text() for c in (0, 2, 5, 6, 7)] for r in range(table.rowCount())]
    assert listed == [[second.id, "Ana Reviewer", "5", "2", "Not filed yet"],
                      [first.id, "Ana Reviewer", "5", "2", "Not filed yet"]]  # newest first
    assert dialog.chosen() == second.id
    table.selectRow(1)
    dialog.filed_date.setDate(QDate(2026, 3, 20))
    dialog.mark_button.click()
    sale = ws.record(key_of(results, "2001"))
    assert (sale["status"], sale["status_date"], sale["filing_batch"]) == ("filed", "2026-03-20", first.id)
    assert ws.record(key_of(results, "2006"))["status"] == "challenged"
    assert len(changed) == 1 and key_of(results, "2001") in changed[0]
    assert table.item(1, 7).text() == "2026-03-20" and table.item(0, 7).text() == "Not filed yet"
    assert dialog.chosen() == first.id and f"Batch {first.id} marked filed on 2026-03-20" in dialog.status.text()
    window.batches.set_workspace(None)  # the workspace closed: the list goes with it
    assert not dialog.isVisible() and not window.actions.filing_batches.isEnabled()


def test_the_filings_dialog_opens_the_batches_and_a_new_batch_joins_the_list(with_workspace, qtbot, tmp_path):
    window, ws, results = with_workspace
    window.batches.set_workspace(ws)
    window.actions.filings.trigger()
    filings = window.filings.dialog
    filings.batches_button.click()
    batches = window.batches.dialog
    assert batches is not None and batches.isVisible() and batches.table.rowCount() == 0
    assert "No batch yet" in batches.status.text() and not batches.mark_button.isEnabled()
    filings.folder.setText(str(tmp_path / "filings"))
    assert window.filings.prepare()
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=WAIT_MS)
    assert batches.table.rowCount() == 1 and batches.chosen() == window.filings.last_batch.id
    batches.mark_button.click()  # marked here: the filings dialog's plan follows
    assert filings.courts.count() == 0 and "already with the court" in filings.summary.text()


def test_a_read_only_workspace_lists_its_batches_but_cannot_mark_them(window, qtbot, tmp_path):
    from desktop_app.core.filings.run import plan_for, run_filings
    from desktop_app.core.workspace import Workspace

    ws, results = reviewed_workspace(tmp_path)
    run_filings(ws, plan_for(ws, results), request(tmp_path / "one"))
    path = ws.path
    ws.close()
    reader = Workspace.open(path, read_only=True)
    try:
        window.batches.set_workspace(reader)
        dialog = window.batches.open_dialog()
        assert dialog.table.rowCount() == 1 and not dialog.mark_button.isEnabled()
        assert "read-only" in dialog.status.text()
        dialog.table.clearSelection()
        dialog.table.selectRow(0)  # choosing a batch does not offer to mark it
        assert not dialog.mark_button.isEnabled()
    finally:
        window.batches.set_workspace(None)
        reader.close()
