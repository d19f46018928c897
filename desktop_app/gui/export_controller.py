"""Exports: the Export dialog, asking before files are replaced, writing in the worker (the result
bundle, the workbook, or the table's current view), and saving the summary as PDF or PNG."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ..core.evaluate import Results
from . import dialogs
from .export_dialog import ExportDialog
from .exporting import VIEW_CSV, VIEW_XLSX, ExportRequest, Reviews, ViewSnapshot, run_export
from .policy_panel import PolicyPanel
from .results_table import ResultsTable
from .settings import AppSettings
from .summary_view import SummaryView
from .worker import JobRunner


class ExportController(QObject):
    exported = Signal(object)  # list[Path]: the files an export wrote
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details

    def __init__(self, runner: JobRunner, settings: AppSettings, table: ResultsTable, policy_panel: PolicyPanel,
                 summary_view: SummaryView, parent: QWidget) -> None:
        """`table` is the view a filtered-view export writes; a policy change still waiting in
        `policy_panel` is applied before exporting; `parent` is also the parent of the dialogs."""
        super().__init__(parent)
        self._runner = runner
        self._settings = settings
        self._table = table
        self._model = table.results_model
        self._panel = policy_panel
        self._summary_view = summary_view
        self._dialog_parent = parent
        self._results: Results | None = None
        self._review_source: Callable[[], Reviews] | None = None
        summary_view.pdf_button.clicked.connect(self.save_summary_pdf)
        summary_view.png_button.clicked.connect(self.save_charts_png)

    def set_results(self, results: Results | None) -> None:
        """The evaluation that exports write."""
        self._results = results

    def set_review_source(self, source: Callable[[], Reviews] | None) -> None:
        """While a workspace is open: a copy of its reviews and audit log, taken when an export
        starts (the bundle and workbook then carry the final decisions)."""
        self._review_source = source

    # ------------------------------------------------------------------ export
    def export(self) -> None:
        """The Export dialog, then `start_export` with the user's choice."""
        if self._results is None or self._runner.busy():
            return
        if self._panel.flush():
            self.status_changed.emit("Re-evaluating with the latest policy first; export again when it is done.")
            return
        table = self._model.table
        dialog = ExportDialog(self._settings.folder("export"), self._model.rowCount(),
                              table.noun if table else "rows", self._dialog_parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_export(dialog.request())

    def start_export(self, request: ExportRequest) -> bool:
        """Ask before replacing files, then write in the worker. False when not started."""
        results = self._results
        if results is None or self._runner.busy():
            return False
        existing = [p for p in request.targets() if p.exists()]
        if existing and not dialogs.confirm_replace(self._dialog_parent, request.folder, existing):
            self.status_changed.emit("Export cancelled; no file was replaced.")
            return False
        view = self.view_snapshot() if request.kind in (VIEW_CSV, VIEW_XLSX) else None
        reviews = self._review_source() if self._review_source is not None and view is None else None
        self._settings.set_folder("export", request.folder)
        self._runner.start("Export", lambda ctx: run_export(request, results, view, ctx, force=bool(existing),
                                                            reviews=reviews),
                           partial(self._exported, request), partial(self._failed, "Could not export"),
                           partial(self.status_changed.emit, "Export cancelled; no file was written."))
        return True

    def view_snapshot(self) -> ViewSnapshot:
        """The table's visible columns and rows, in view order, as they are now."""
        columns = [self._model.columns[i] for i in self._table.visible_columns()]
        return ViewSnapshot([c.title for c in columns], [c.codes for c in columns], [c.labels for c in columns],
                            self._model.rows.copy())

    def _exported(self, request: ExportRequest, written: list[Path]) -> None:
        self.status_changed.emit(f"Wrote {len(written)} file(s) to {request.folder}.")
        self.exported.emit(written)
        if dialogs.ask_open_folder(self._dialog_parent, request.folder, written):
            dialogs.open_folder(request.folder)

    def _failed(self, title: str, message: str, details: str) -> None:
        self.status_changed.emit(f"{title}.")
        self.error_occurred.emit(title, message, details)

    # ------------------------------------------------------------------ summary
    def save_summary_pdf(self) -> None:
        path = self._summary_path("Save summary as PDF", ".pdf", "PDF files (*.pdf)")
        if path is not None:
            self._save_summary(path, self._summary_view.save_pdf)

    def save_charts_png(self) -> None:
        path = self._summary_path("Save charts as PNG", ".png", "PNG images (*.png)")
        if path is not None:
            self._save_summary(path, self._summary_view.save_png)

    def _summary_path(self, title: str, suffix: str, file_filter: str) -> Path | None:
        r = self._results
        if r is None:
            return None
        name = f"Summary_{r.county.replace(' ', '_')}_{r.as_of.isoformat()}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self._dialog_parent, title,
                                              str(Path(self._settings.folder("summary")) / name), file_filter)
        if not path:
            return None
        self._settings.set_folder("summary", Path(path).parent)
        return Path(path) if path.lower().endswith(suffix) else Path(path + suffix)

    def _save_summary(self, path: Path, save: Callable[[Path], None]) -> None:
        try:
            save(path)
        except OSError as e:
            self.error_occurred.emit("Could not save", f"{path.name} could not be written in {path.parent}: "
                                     f"{e.strerror or 'check that the folder exists and is writable'}.", "")
            return
        self.status_changed.emit(f"Saved {path.name}.")
