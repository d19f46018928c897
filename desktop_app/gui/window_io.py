"""Opening files, exporting, saving the summary, input problems and About (a MainWindow mixin)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from .. import paths
from ..core.codes import load_code_sections
from ..core.errors import RecordClearanceError
from ..core.pipeline import code_sections_path
from . import dialogs
from .export_dialog import ExportDialog
from .exporting import VIEW_CSV, VIEW_XLSX, ExportRequest, ViewSnapshot, run_export

if TYPE_CHECKING:
    from .main_window import MainWindow

INPUT_FILTER = "DOJ research files (*.dat *.csv *.txt *.xlsx *.xlsm);;All files (*)"


class WindowIO:
    # ------------------------------------------------------------------ window state
    def _restore_settings(self: "MainWindow") -> None:
        geometry = self.settings.get_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        for key, splitter in (("main", self.main_splitter), ("results", self.results_splitter),
                              ("summary", self.summary_view.splitter)):
            state = self.settings.get_bytes(f"window/splitter_{key}")
            if state is None or not splitter.restoreState(state):
                if key == "main":
                    splitter.setSizes([self.policy_scroll.minimumWidth(), 1000])
                elif key == "results":
                    splitter.setSizes([520, 300])
        states = {k: v for k in ("convictions", "rows") if (v := self.settings.get_bytes(f"table/header_{k}"))}
        self.table.set_layout_states(states)
        self.actions.person_view.setChecked(self.settings.get("window/person_view", "true") != "false")
        self.set_person_view_visible(self.actions.person_view.isChecked())
        self.update_recent_menu()

    def _save_settings(self: "MainWindow") -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter_main", self.main_splitter.saveState())
        self.settings.set("window/splitter_results", self.results_splitter.saveState())
        self.settings.set("window/splitter_summary", self.summary_view.splitter.saveState())
        self.settings.set("window/person_view", "true" if self.actions.person_view.isChecked() else "false")
        for kind, state in self.table.layout_states().items():
            self.settings.set(f"table/header_{kind}", QByteArray(state))
        self.settings.sync()

    # ------------------------------------------------------------------ opening
    def choose_files(self: "MainWindow") -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open DOJ research files", self.settings.folder("open"),
                                                INPUT_FILTER)
        if files:
            self.open_files(files)

    def open_sample(self: "MainWindow") -> None:
        self.open_files([str(paths.sample_file())])

    def update_recent_menu(self: "MainWindow") -> None:
        menu = self.actions.recent_menu if hasattr(self, "actions") else None
        if menu is None:
            return
        menu.clear()
        for entry in self.settings.recent_files():
            files = entry.split("\n")
            label = Path(files[0]).name + (f" (+{len(files) - 1} more)" if len(files) > 1 else "")
            action = menu.addAction(label, partial(self.open_recent, entry))
            action.setToolTip("\n".join(files))
        if menu.isEmpty():
            menu.addAction("No recent files").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the list", self.clear_recent)
        menu.setToolTipsVisible(True)

    def open_recent(self: "MainWindow", entry: str) -> None:
        files = entry.split("\n")
        missing = [f for f in files if not Path(f).is_file()]
        if missing:
            self.settings.remove_recent(entry)
            self.update_recent_menu()
            self.report_error("File not found", f"{Path(missing[0]).name} is no longer in {Path(missing[0]).parent}; "
                              "it was removed from the recent files.")
            return
        self.open_files(files)

    def clear_recent(self: "MainWindow") -> None:
        self.settings.set("files/recent", [])
        self.update_recent_menu()

    # ------------------------------------------------------------------ export
    def export(self: "MainWindow") -> None:
        if self.session is None or self.runner.busy():
            return
        if self.policy_panel.flush():
            self.status_label.setText("Re-evaluating with the latest policy first; export again when it is done.")
            return
        table = self.model.table
        dialog = ExportDialog(self.settings.folder("export"), self.model.rowCount(),
                              table.noun if table else "rows", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_export(dialog.request())

    def start_export(self: "MainWindow", request: ExportRequest) -> bool:
        """Ask before replacing files, then write in the worker. False when not started."""
        if self.session is None or self.runner.busy():
            return False
        existing = [p for p in request.targets() if p.exists()]
        if existing and not dialogs.confirm_replace(self, request.folder, existing):
            self.status_label.setText("Export cancelled; no file was replaced.")
            return False
        view = self.view_snapshot() if request.kind in (VIEW_CSV, VIEW_XLSX) else None
        results = self.session.results
        self.settings.set_folder("export", request.folder)
        self.runner.start("Export", lambda ctx: run_export(request, results, view, ctx, force=bool(existing)),
                          partial(self._exported, request), lambda m, d: self._failed("Could not export", m, d),
                          lambda: self.status_label.setText("Export cancelled; no file was written."))
        return True

    def view_snapshot(self: "MainWindow") -> ViewSnapshot:
        columns = [self.model.columns[i] for i in self.table.visible_columns()]
        return ViewSnapshot([c.title for c in columns], [c.codes for c in columns], [c.labels for c in columns],
                            self.model.rows.copy())

    def _exported(self: "MainWindow", request: ExportRequest, written: list[Path]) -> None:
        self.status_label.setText(f"Wrote {len(written)} file(s) to {request.folder}.")
        if dialogs.ask_open_folder(self, request.folder, written):
            dialogs.open_folder(request.folder)

    # ------------------------------------------------------------------ summary
    def _summary_path(self: "MainWindow", title: str, suffix: str, file_filter: str) -> Path | None:
        r = self.session.results if self.session else None
        if r is None:
            return None
        name = f"Summary_{r.county.replace(' ', '_')}_{r.as_of.isoformat()}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(self.settings.folder("summary")) / name),
                                              file_filter)
        if not path:
            return None
        self.settings.set_folder("summary", Path(path).parent)
        return Path(path) if path.lower().endswith(suffix) else Path(path + suffix)

    def save_summary_pdf(self: "MainWindow") -> None:
        path = self._summary_path("Save summary as PDF", ".pdf", "PDF files (*.pdf)")
        if path is not None:
            self._save_summary(path, self.summary_view.save_pdf)

    def save_charts_png(self: "MainWindow") -> None:
        path = self._summary_path("Save charts as PNG", ".png", "PNG images (*.png)")
        if path is not None:
            self._save_summary(path, self.summary_view.save_png)

    def _save_summary(self: "MainWindow", path: Path, save: object) -> None:
        try:
            save(path)  # type: ignore[operator]
        except OSError as e:
            self.report_error("Could not save", f"{path.name} could not be written in {path.parent}: "
                              f"{e.strerror or 'check that the folder exists and is writable'}.")
            return
        self.status_label.setText(f"Saved {path.name}.")

    # ------------------------------------------------------------------ problems and About
    def show_problems(self: "MainWindow") -> None:
        s = self.session
        if s is None:
            return
        problems = s.prepared.input_problems()
        note = (f"{len(s.prepared.records.problems):,} row(s) could not be read; their people go to Hand Review. "
                f"{s.unknown_conviction_dates:,} conviction date(s) and {s.unknown_birth_dates:,} date(s) of birth "
                "are unknown: a step that needs one sends the conviction to Hand Review instead of deciding it. "
                "The same list is written to Input_Problems.csv when you export.")
        dialogs.ProblemsDialog(problems, note, self).exec()

    def show_about(self: "MainWindow") -> None:
        base = self.policy_panel.base_policy()
        try:
            codes_version = (self.session.prepared.codes.version if self.session
                             else load_code_sections(code_sections_path()).version)
        except (RecordClearanceError, OSError):
            codes_version = ""
        QMessageBox.about(self, "About Record Clearance Desktop",
                          dialogs.about_text(base.procedure_version if base else "", codes_version))
