"""Court filings from the window (File > Prepare court filings…): receives the open workspace and
its evaluation (`set_workspace`, from whatever opens workspaces), shows FilingsDialog with the
plan, writes the documents in the app's worker (progress, Cancel), records the batch, and marks
it filed. Fixes the dialog offers (a courthouse, a track) are review actions on the workspace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ..core.errors import RecordClearanceError
from ..core.filings.generate import FilingRequest
from ..core.filings.plan import FilingPlan, Selection
from ..core.filings.templates import BULK, PER_CASE
from ..core.results import Results
from ..core.workspace import ReviewRequest, Workspace
from . import dialogs
from .background import run_in_pool
from .filings_dialog import FilingsDialog
from .review_dialogs import reviewer_name
from .settings import AppSettings
from .signer_dialog import ask_signer, remembered_signer
from .worker import JobRunner

log = logging.getLogger(__name__)
PREVIEW_ROWS = 40  # the first page needs no more
PREVIEW_WIDTH = 430


class FilingsController(QObject):
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)
    reviews_changed = Signal(object)  # the conviction keys whose review a filing action changed
    batch_marked = Signal(str)  # a batch recorded or marked filed (the batches list follows)
    batches_requested = Signal()  # the dialog's "Filing batches…"

    def __init__(self, runner: JobRunner, settings: AppSettings, action: QAction, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner, self._settings, self._action, self._parent = runner, settings, action, parent
        self._ws: Workspace | None = None
        self._results: Results | None = None
        self.dialog: FilingsDialog | None = None
        self.plan: FilingPlan | None = None
        self.last_output: Any = None
        self.last_batch: Any = None
        self._tasks: list[Any] = []
        action.triggered.connect(self.open_dialog)
        runner.busy_changed.connect(lambda _busy: self._sync_action())
        self._sync_action()

    # ------------------------------------------------------------------ the workspace
    def set_workspace(self, workspace: Workspace | None, results: Results | None) -> None:
        """The open workspace and its evaluation (None: none open). Results must be the
        workspace's own evaluation (same input files)."""
        self._ws, self._results = workspace, results
        self._sync_action()

    def _sync_action(self) -> None:
        ready = self._ws is not None and self._results is not None and not self._ws.closed
        self._action.setEnabled(ready and not self._runner.busy())
        self._action.setToolTip("Case lists, motions and notices of challenge per courthouse, from the open workspace's "
                                "reviewed decisions" if ready else "Open a review workspace first")

    # ------------------------------------------------------------------ the dialog
    def open_dialog(self) -> FilingsDialog | None:
        if self._ws is None or self._results is None:
            return None
        dialog = FilingsDialog(self._settings.folder("filings"), self._parent)
        self.dialog = dialog
        self._restore_choices(dialog)
        dialog.prepare_requested.connect(self.prepare)
        dialog.preview_requested.connect(self.update_preview)
        dialog.assign_court_requested.connect(self.assign_court)
        dialog.track_requested.connect(self.set_track)
        dialog.signer_change_requested.connect(self.change_signer)
        dialog.include_filed_changed.connect(lambda _on: self.refresh_plan())
        dialog.cancel_requested.connect(self._runner.cancel)
        dialog.mark_filed_requested.connect(self.mark_filed)
        dialog.open_folder_requested.connect(self.open_folder)
        dialog.batches_requested.connect(self.batches_requested)
        self._runner.progress_changed.connect(dialog.set_progress)
        self._runner.status_changed.connect(dialog.show_status)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self._show_signer()
        self.refresh_plan()
        dialog.show()
        return dialog

    def _dialog_closed(self, dialog: FilingsDialog) -> None:
        self._runner.progress_changed.disconnect(dialog.set_progress)
        self._runner.status_changed.disconnect(dialog.show_status)
        self._remember_choices(dialog)
        if self.dialog is dialog:
            self.dialog = None

    def refresh_plan(self) -> None:
        """The plan for every courthouse (in the GUI thread: one join over the convictions, a
        fraction of a second for a large county)."""
        dialog, ws, results = self.dialog, self._ws, self._results
        if dialog is None or ws is None or results is None:
            return
        checked = set(dialog.checked_courts()) if dialog.courts.count() else None
        self.plan = _plan(ws, results, Selection(include_filed=dialog.include_filed.isChecked()))
        dialog.show_plan(self.plan, checked)
        self.update_preview()

    def _show_signer(self) -> None:
        if self.dialog is None:
            return
        signer = remembered_signer(self._settings)
        self.dialog.show_signer(f"{signer.name}, {signer.title} (State Bar No. {signer.bar_number}), {signer.office}"
                                if not signer.missing() else "Not given yet: you are asked when you prepare the "
                                                             "filings.")

    def change_signer(self) -> None:
        if ask_signer(self._settings, self.dialog, ask_again=True) is not None:
            self._show_signer()
            self.update_preview()

    # ------------------------------------------------------------------ fixes (review actions)
    def _reviewer(self) -> str | None:
        return reviewer_name(self._settings, self.dialog)

    def _review(self, keys: list[str], request: ReviewRequest, done: str) -> None:
        ws = self._ws
        reviewer = self._reviewer() if keys else None
        if ws is None or not keys or reviewer is None:
            return
        try:
            result = ws.review(keys, reviewer, request)
        except RecordClearanceError as e:
            self.error_occurred.emit("Could not change the reviews", str(e), "")
            return
        self.reviews_changed.emit(list(result.keys))
        self.status_changed.emit(done.format(n=len(result.keys)))
        if self.dialog is not None:
            self.dialog.show_status(done.format(n=len(result.keys)))
        self.refresh_plan()

    def assign_court(self, court: str) -> None:
        plan = self.plan
        if plan is None or not court:
            return
        keys = plan.unknown_court()["key"].tolist()
        name = next((c.name for c in plan.available if c.key == court), court)
        self._review(keys, ReviewRequest(court_code=court, court_name=name),
                     "{n:,} conviction(s) assigned to " + name + ".")

    def set_track(self, track: str) -> None:
        plan = self.plan
        if plan is None:
            return
        keys = plan.attention[plan.attention["why"] == "sentence end unknown: choose the track (serving or completed)"]
        self._review(keys["key"].tolist(), ReviewRequest(track=track), "Track chosen for {n:,} conviction(s).")

    # ------------------------------------------------------------------ preview
    def update_preview(self) -> None:
        dialog, plan = self.dialog, self.plan
        if dialog is None or plan is None:
            return
        courts = [c for c in plan.available if c.key in dialog.checked_courts() and c.relief]
        if not courts:
            dialog.show_preview(None, "No motion to preview: no courthouse with convictions to file is chosen.")
            return
        request = self._request(dialog, folder=Path("."))
        rows = plan.relief(courts[0].key).head(PREVIEW_ROWS)
        if request.mode == PER_CASE:
            rows = rows[rows["case_number"] == rows["case_number"].iloc[0]]
        court = courts[0]

        def work() -> Any:
            from ..core.docx_pdf import docx_pages
            from ..core.filings.preview import preview_docx

            return docx_pages(preview_docx(plan, court, rows, request))[0]

        def done(page: Any) -> None:
            from .page_preview import render_page

            if self.dialog is dialog:
                dialog.show_preview(render_page(page, PREVIEW_WIDTH),
                                    f"First page of the motion for {court.label}, as the PDF draws it.")

        def failed(message: str) -> None:
            if self.dialog is dialog:
                dialog.show_preview(None, f"No preview: {message}")
        self._tasks = [t for t in self._tasks if t is not None][-3:] + [run_in_pool(work, done, failed, dialog)]

    # ------------------------------------------------------------------ writing
    def _request(self, dialog: FilingsDialog, folder: Path | None = None) -> FilingRequest:
        return FilingRequest(folder=folder or dialog.path(dialog.folder) or Path.home(),
                             filing_date=dialog.document_date(), signer=remembered_signer(self._settings),
                             mode=PER_CASE if dialog.per_case.isChecked() else BULK,
                             documents=dialog.chosen_documents(), include_notes=dialog.include_notes.isChecked(),
                             motion_template=dialog.path(dialog.motion_template),
                             notice_template=dialog.path(dialog.notice_template), layout=dialog.path(dialog.layout_file))

    def prepare(self) -> bool:
        """Check the choices, ask what is missing (signer, reviewer), then write in the worker."""
        dialog, ws, results = self.dialog, self._ws, self._results
        if dialog is None or ws is None or results is None or self._runner.busy():
            return False
        courts = dialog.checked_courts()
        if not courts or not dialog.chosen_documents():
            dialog.show_status("Choose at least one courthouse and one document.", assertive=True)
            return False
        if dialog.path(dialog.folder) is None:
            dialog.show_status("Choose the folder for the documents.", assertive=True)
            return False
        if ask_signer(self._settings, dialog) is None:
            return False
        reviewer = self._reviewer()
        if reviewer is None:
            return False
        request = dataclasses.replace(self._request(dialog), prepared_by=reviewer)
        existing = [p for p in request.folder.rglob("*") if p.is_file()] if request.folder.is_dir() else []
        if existing and not dialogs.ask_yes_no(dialog, "Folder not empty",
                                               f"{request.folder} already holds {len(existing):,} file(s). Documents of "
                                               "the same name are replaced; others are kept. Write there?"):
            return False
        request = dataclasses.replace(request, force=bool(existing))
        plan = _plan(ws, results, Selection(courthouses=tuple(courts), include_filed=dialog.include_filed.isChecked()))
        self._settings.set_folder("filings", request.folder)
        self._remember_choices(dialog)
        dialog.set_busy(True)
        dialog.show_batch(None)
        dialog.show_status(f"Writing the filings for {len(plan.selected):,} conviction(s)…")

        def task(ctx: Any) -> Any:
            from ..core.filings.run import run_filings

            return run_filings(ws, plan, request, progress=ctx.stage("Writing the court filings"),
                               cancelled=ctx.cancelled)
        self._runner.start("Court filings", task, self._written, self._failed, self._cancelled)
        return True

    def _written(self, result: tuple[Any, Any]) -> None:
        output, batch = result
        self.last_output, self.last_batch = output, batch
        if batch is not None:
            self.batch_marked.emit(batch.id)
        recorded = (f" Batch {batch.id} is recorded in the workspace: mark it filed once the court has it."
                    if batch is not None else " The workspace is read-only: the batch was not recorded.")
        text = f"Wrote {len(output.files):,} file(s) to {output.folder} in {output.seconds:.1f} s.{recorded}"
        self.status_changed.emit(text)
        if self.dialog is not None:
            self.dialog.set_busy(False)
            self.dialog.show_batch(batch.id if batch is not None else None, folder_written=True)
            self.dialog.show_status(text)
            self.refresh_plan()

    def _failed(self, message: str, details: str) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(False)
            self.dialog.show_status(f"Nothing was written: {message}", assertive=True)
        self.error_occurred.emit("Could not prepare the court filings", message, details)

    def _cancelled(self) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(False)
            self.dialog.show_status("Cancelled: nothing was written.", assertive=True)
        self.status_changed.emit("Court filings cancelled; nothing was written.")

    def mark_filed(self, day: dt.date) -> None:
        from .batches_controller import mark_batch

        batch, ws = self.last_batch, self._ws
        reviewer = self._reviewer() if batch is not None else None
        if batch is None or ws is None or reviewer is None:
            return
        try:
            changed, text = mark_batch(ws, batch.id, day, reviewer)
        except RecordClearanceError as e:
            self.error_occurred.emit("Could not mark the batch filed", str(e), "")
            return
        self.reviews_changed.emit(changed)
        self.status_changed.emit(text)
        self.batch_marked.emit(batch.id)
        if self.dialog is not None:
            self.dialog.show_status(text)
            self.dialog.show_batch(None, folder_written=True)
            self.refresh_plan()

    def open_folder(self) -> None:
        if self.last_output is not None:
            dialogs.open_folder(self.last_output.folder)

    # ------------------------------------------------------------------ remembered choices
    def _remember_choices(self, dialog: FilingsDialog) -> None:
        s = self._settings
        for key, field in (("motion_template", dialog.motion_template), ("notice_template", dialog.notice_template),
                           ("layout", dialog.layout_file)):
            s.set(f"filings/{key}", field.text().strip())
        s.set("filings/per_case", "true" if dialog.per_case.isChecked() else "false")
        s.set("filings/include_notes", "true" if dialog.include_notes.isChecked() else "false")

    def _restore_choices(self, dialog: FilingsDialog) -> None:
        s = self._settings
        for key, field in (("motion_template", dialog.motion_template), ("notice_template", dialog.notice_template),
                           ("layout", dialog.layout_file)):
            field.setText(str(s.get(f"filings/{key}", "") or ""))
        dialog.per_case.setChecked(s.get("filings/per_case", "false") == "true")
        dialog.include_notes.setChecked(s.get("filings/include_notes", "false") == "true")


def _plan(ws: Workspace, results: Results, selection: Selection) -> FilingPlan:
    from ..core.filings.run import plan_for

    return plan_for(ws, results, selection)
