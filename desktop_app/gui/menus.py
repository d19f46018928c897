"""The window's actions and menus, with keyboard shortcuts and tooltips."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass
class Actions:
    open: QAction
    open_sample: QAction
    recent_menu: QMenu
    open_clinic: QAction
    new_client: QAction
    new_intake: QAction
    export: QAction
    filings: QAction  # enabled by FilingsController (a workspace is open)
    filing_batches: QAction  # enabled by BatchesController (a workspace is open)
    save_pdf: QAction
    save_png: QAction
    problems: QAction
    quit: QAction
    copy: QAction
    find: QAction
    clear_filters: QAction
    all_rows: QAction
    columns: QAction
    sort_menu: QMenu
    results_tab: QAction
    summary_tab: QAction
    person_view: QAction
    policy_panel: QAction
    open_policy: QAction
    save_policy: QAction
    revert_policy: QAction
    reevaluate: QAction
    cancel: QAction
    next_pane: QAction
    previous_pane: QAction
    go_table: QAction
    go_person: QAction
    whats_this: QAction
    keyboard_help: QAction
    about: QAction
    new_workspace: QAction
    open_workspace: QAction
    recent_workspaces: QMenu
    close_workspace: QAction
    refresh_workspace: QAction
    change_workspace_policy: QAction
    reviewer_name: QAction
    reload_reviews: QAction
    review_menu: QMenu  # the review panel's actions join it (the window adds them)

    def all(self) -> list[QAction]:
        """Every action (menus excluded)."""
        return [v for v in vars(self).values() if isinstance(v, QAction)]

    def job_bound(self) -> list[QAction]:
        """Disabled while a job runs (one job at a time)."""
        return [self.open, self.open_sample, self.export, self.save_pdf, self.save_png, self.all_rows,
                self.open_policy, self.save_policy, self.reevaluate, self.open_clinic, self.new_client]

    def data_bound(self) -> list[QAction]:
        """Disabled until a file is loaded."""
        return [self.export, self.save_pdf, self.save_png, self.all_rows, self.reevaluate, self.problems]

    def update_enabled(self, busy: bool, loaded: bool, policy_locked: bool = False) -> None:
        """Enable what can run now: nothing job-bound while a job runs, nothing data-bound before
        a file is loaded, no other policy while a workspace's policy is locked."""
        job_bound, data_bound = set(self.job_bound()), set(self.data_bound())
        for action in job_bound | data_bound:
            action.setEnabled(not (busy and action in job_bound) and (loaded or action not in data_bound))
        if policy_locked:
            for action in (self.open_policy, self.revert_policy, self.reevaluate):
                action.setEnabled(False)
        self.cancel.setEnabled(busy)
        self.recent_menu.setEnabled(not busy)


def _action(window: QMainWindow, text: str, shortcut: object = None, tip: str = "",
            checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[arg-type]
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.setCheckable(checkable)
    return action


def build_menus(w: QMainWindow) -> Actions:
    """The window's actions, in its menu bar. Nothing is connected here: the window connects each
    action to the controller that handles it."""
    bar = w.menuBar()
    a = Actions(
        open=_action(w, "&Open…", QKeySequence.StandardKey.Open,
                     "Open one or more DOJ research files (.dat, .csv, .txt or .xlsx) as one data set"),
        open_sample=_action(w, "Open the &sample file", None,
                            "Open the bundled sample: 2,000 fabricated rows (no real person)"),
        recent_menu=QMenu("Open &recent", w),
        open_clinic=_action(w, "Open c&linic spreadsheet…", None,
                            "Open a legal aid clinic's own spreadsheet (.xlsx, .xls, .ods, .csv, .tsv): you say which "
                            "column holds each field"),
        new_client=_action(w, "Ne&w client record…", QKeySequence.StandardKey.New,
                           "Type one client's convictions in from a RAP sheet; the decision shows as you type"),
        new_intake=_action(w, "New in&take spreadsheet…", None,
                           "Save a copy of the blank intake workbook for a clinic's clients (its columns are "
                           "recognised with no questions)"),
        export=_action(w, "&Export…", "Ctrl+E",
                       "Write the result bundle, the workbook, or the current view to a folder"),
        filings=_action(w, "Prepare court &filings…", "Ctrl+Shift+F",
                        "Case lists, motions and notices of challenge per courthouse, from the open workspace's "
                        "reviewed decisions"),
        filing_batches=_action(w, "Filing &batches…", None,
                               "The court-filing batches prepared from the open workspace; mark one filed when the "
                               "court has it"),
        save_pdf=_action(w, "Save summary as &PDF…", "Ctrl+Shift+P", "The summary figures and charts as a PDF"),
        save_png=_action(w, "Save charts as P&NG…", None, "Both summary charts as one image"),
        problems=_action(w, "&Input problems…", "Ctrl+Shift+I", "Rows that could not be read, and unknown dates"),
        quit=_action(w, "&Quit", QKeySequence.StandardKey.Quit),
        copy=_action(w, "&Copy selected rows", QKeySequence.StandardKey.Copy,
                     "Copy the selected rows (visible columns) as tab-separated text"),
        find=_action(w, "&Find…", QKeySequence.StandardKey.Find,
                     "Search name, CII number, subject ID or case number"),
        clear_filters=_action(w, "C&lear filters", "Ctrl+Shift+L"),
        all_rows=_action(w, "Show &every input row", "Ctrl+Shift+R",
                         "Switch between the evaluated Prop 64 convictions and every row of the input",
                         checkable=True),
        columns=_action(w, "C&olumns…", None, "Choose the columns to show"),
        sort_menu=QMenu("Sort b&y", w),
        results_tab=_action(w, "&Results", "Ctrl+1", "Show the results and go to the table"),
        summary_tab=_action(w, "&Summary", "Ctrl+2", "Show the summary and go to its figures"),
        person_view=_action(w, "&Person view", "Ctrl+3", "Show the selected person's history below the table",
                            checkable=True),
        policy_panel=_action(w, "Poli&cy panel", "Ctrl+4", "Show the policy panel (hidden, it is remembered)",
                             checkable=True),
        open_policy=_action(w, "&Open policy…", "Ctrl+L",
                            "Load a policy file (.toml, or the counties' options .json)"),
        save_policy=_action(w, "&Save policy as…", "Ctrl+Shift+S", "Save the current choices as a policy file"),
        revert_policy=_action(w, "&Revert to the loaded policy"),
        reevaluate=_action(w, "Re-&evaluate now", "F5"),
        cancel=_action(w, "&Cancel the running job", "Esc"),
        next_pane=_action(w, "&Next pane", "F6", "Move to the next pane: policy, filters, table, person view"),
        previous_pane=_action(w, "Pre&vious pane", "Shift+F6", "Move to the previous pane"),
        go_table=_action(w, "Go to the results &table", "Ctrl+Shift+T"),
        go_person=_action(w, "Go to the person vie&w", "Ctrl+Shift+H",
                          "Go to the selected person's history and the reasons for each decision"),
        whats_this=_action(w, "&What's this?", "Shift+F1", "Explain the control that has the keyboard focus"),
        keyboard_help=_action(w, "&Keyboard shortcuts", None, "Every keyboard shortcut of the window"),
        about=_action(w, "&About Record Clearance Desktop", QKeySequence.StandardKey.HelpContents),
        new_workspace=_action(w, "New wor&kspace…", None,
                              "Keep the office's review of the loaded data in a workspace file you name"),
        open_workspace=_action(w, "Open worksp&ace…", "Ctrl+Shift+O", "Open a review workspace (.rcw)"),
        recent_workspaces=QMenu("Recently opene&d workspaces", w),
        close_workspace=_action(w, "Close t&he workspace", None,
                                "Close the review workspace (every action is already saved); the data stay open"),
        refresh_workspace=_action(w, "Refresh with a new e&xtract…", None,
                                  "Make the DOJ's next extract the workspace's data: reviews are carried over and "
                                  "you see what could not be"),
        change_workspace_policy=_action(w, "&Change the workspace's policy…", None,
                                        "Edit the policy, county or date the workspace decides with; you see how "
                                        "many reviews will need re-review before it is applied"),
        reviewer_name=_action(w, "Reviewer's na&me…", None, "The name recorded with every review action"),
        reload_reviews=_action(w, "Re&load the reviews", None,
                               "Read-only: show the reviews saved in the workspace since it was opened"),
        review_menu=QMenu("&Review", w.menuBar()),  # under the menu bar, like the menus it makes itself
    )
    a.copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the table adds it
    a.person_view.setChecked(True)
    a.policy_panel.setChecked(True)
    a.cancel.setEnabled(False)

    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.open])
    file_menu.addMenu(a.recent_menu)
    file_menu.addAction(a.open_sample)
    file_menu.addSeparator()
    file_menu.addActions([a.open_clinic, a.new_client, a.new_intake])
    file_menu.addSeparator()
    file_menu.addActions([a.new_workspace, a.open_workspace])
    file_menu.addMenu(a.recent_workspaces)
    file_menu.addActions([a.refresh_workspace, a.close_workspace])
    file_menu.addSeparator()
    file_menu.addActions([a.export, a.filings, a.filing_batches, a.save_pdf, a.save_png])
    file_menu.addSeparator()
    file_menu.addAction(a.problems)
    file_menu.addSeparator()
    file_menu.addActions([a.cancel, a.quit])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.copy, a.find, a.clear_filters])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.all_rows, a.columns])
    view_menu.addMenu(a.sort_menu)
    view_menu.addSeparator()
    view_menu.addActions([a.results_tab, a.summary_tab, a.person_view, a.policy_panel])
    view_menu.addSeparator()
    view_menu.addActions([a.next_pane, a.previous_pane, a.go_table, a.go_person])
    policy_menu = bar.addMenu("&Policy")
    policy_menu.addActions([a.open_policy, a.save_policy, a.revert_policy, a.reevaluate])
    policy_menu.addSeparator()
    policy_menu.addAction(a.change_workspace_policy)
    bar.addMenu(a.review_menu)
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.whats_this, a.keyboard_help])
    help_menu.addSeparator()
    help_menu.addAction(a.about)
    for menu in (file_menu, edit_menu, view_menu, policy_menu, a.review_menu, help_menu):
        menu.setToolTipsVisible(True)
    return a
