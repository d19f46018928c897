"""The window's actions and menus, with keyboard shortcuts and tooltips."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class Actions:
    open: QAction
    open_sample: QAction
    recent_menu: QMenu
    export: QAction
    save_pdf: QAction
    save_png: QAction
    problems: QAction
    quit: QAction
    copy: QAction
    find: QAction
    clear_filters: QAction
    all_rows: QAction
    columns: QAction
    results_tab: QAction
    summary_tab: QAction
    person_view: QAction
    policy_panel: QAction
    open_policy: QAction
    save_policy: QAction
    revert_policy: QAction
    reevaluate: QAction
    cancel: QAction
    about: QAction

    def job_bound(self) -> list[QAction]:
        """Disabled while a job runs (one job at a time)."""
        return [self.open, self.open_sample, self.export, self.save_pdf, self.save_png, self.all_rows,
                self.open_policy, self.save_policy, self.reevaluate]

    def data_bound(self) -> list[QAction]:
        """Disabled until a file is loaded."""
        return [self.export, self.save_pdf, self.save_png, self.all_rows, self.reevaluate, self.problems]


def _action(window: QMainWindow, text: str, slot: Callable[..., object], shortcut: object = None,
            tip: str = "", checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[arg-type]
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


def build_menus(w: "QMainWindow") -> Actions:
    """`w` is the MainWindow: its slots are connected here."""
    bar = w.menuBar()
    a = Actions(
        open=_action(w, "&Open…", w.choose_files, QKeySequence.StandardKey.Open,
                     "Open one or more DOJ research files (.dat, .csv, .txt or .xlsx) as one data set"),
        open_sample=_action(w, "Open the &sample file", w.open_sample, None,
                            "Open the bundled sample: 2,000 fabricated rows (no real person)"),
        recent_menu=QMenu("Open &recent", w),
        export=_action(w, "&Export…", w.export, "Ctrl+E",
                       "Write the result bundle, the workbook, or the current view to a folder"),
        save_pdf=_action(w, "Save summary as &PDF…", w.save_summary_pdf, "Ctrl+Shift+P",
                         "The summary figures and charts as a PDF"),
        save_png=_action(w, "Save charts as P&NG…", w.save_charts_png, None, "Both summary charts as one image"),
        problems=_action(w, "&Input problems…", w.show_problems, "Ctrl+Shift+I",
                         "Rows that could not be read, and unknown dates"),
        quit=_action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit),
        copy=_action(w, "&Copy selected rows", w.copy_rows, QKeySequence.StandardKey.Copy,
                     "Copy the selected rows (visible columns) as tab-separated text"),
        find=_action(w, "&Find…", w.focus_search, QKeySequence.StandardKey.Find,
                     "Search name, CII number, subject ID or case number"),
        clear_filters=_action(w, "C&lear filters", w.filter_bar.clear, "Ctrl+Shift+L"),
        all_rows=_action(w, "Show &every input row", w.toggle_all_rows, "Ctrl+Shift+R",
                         "Switch between the evaluated Prop 64 convictions and every row of the input",
                         checkable=True),
        columns=_action(w, "C&olumns…", lambda: w.table.show_column_menu(), None, "Choose the columns to show"),
        results_tab=_action(w, "&Results", lambda: w.tabs.setCurrentIndex(0), "Ctrl+1"),
        summary_tab=_action(w, "&Summary", lambda: w.tabs.setCurrentIndex(1), "Ctrl+2"),
        person_view=_action(w, "&Person view", w.set_person_view_visible, "Ctrl+3",
                            "Show the selected person's history below the table", checkable=True),
        policy_panel=_action(w, "Policy &panel", w.set_policy_panel_visible, "Ctrl+4", checkable=True),
        open_policy=_action(w, "&Open policy…", w.choose_policy, "Ctrl+L",
                            "Load a policy file (.toml, or the counties' options .json)"),
        save_policy=_action(w, "&Save policy as…", w.save_policy, "Ctrl+Shift+S",
                            "Save the current choices as a policy file"),
        revert_policy=_action(w, "&Revert to the loaded policy", w.policy_panel.revert),
        reevaluate=_action(w, "Re-&evaluate now", w.start_evaluation, "F5"),
        cancel=_action(w, "&Cancel the running job", w.cancel_job, "Esc"),
        about=_action(w, "&About Record Clearance Desktop", w.show_about, QKeySequence.StandardKey.HelpContents),
    )
    a.copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    w.table.addAction(a.copy)  # Ctrl+C copies rows only while the table has focus
    a.person_view.setChecked(True)
    a.policy_panel.setChecked(True)
    a.cancel.setEnabled(False)

    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.open])
    file_menu.addMenu(a.recent_menu)
    file_menu.addAction(a.open_sample)
    file_menu.addSeparator()
    file_menu.addActions([a.export, a.save_pdf, a.save_png])
    file_menu.addSeparator()
    file_menu.addAction(a.problems)
    file_menu.addSeparator()
    file_menu.addActions([a.cancel, a.quit])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.copy, a.find, a.clear_filters])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.all_rows, a.columns])
    view_menu.addSeparator()
    view_menu.addActions([a.results_tab, a.summary_tab, a.person_view, a.policy_panel])
    policy_menu = bar.addMenu("&Policy")
    policy_menu.addActions([a.open_policy, a.save_policy, a.revert_policy, a.reevaluate])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.about)
    for menu in (file_menu, edit_menu, view_menu, policy_menu, help_menu):
        menu.setToolTipsVisible(True)
    return a
