"""The policy of an open review workspace. A workspace holds its policy, county and evaluation
date, and every review is made against the automatic decisions they gave: while it is open the
policy panel shows them locked (a note above the panel says so). "Change the workspace's
policy…" unlocks the panel without evaluating anything; "Apply to the workspace…" evaluates the
new choices in the worker, says how many automatic decisions change and how many reviews will need
re-review, and only when the reviewer agrees records them as the workspace's new evaluation (in
the audit log). Only the reviews whose automatic decision changed need re-review.
"""

from __future__ import annotations

import dataclasses
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ..core.errors import RecordClearanceError
from ..core.ruleset import Policy
from ..core.schema import ALL_COUNTIES
from ..core.workspace import Workspace, WorkspaceError
from . import review_dialogs, workspace_dialogs
from .dataset_controller import DataSetController
from .jobs import Evaluation, Session, evaluate_task
from .policy_controller import PolicyController
from .policy_io import policy_file_text
from .policy_panel import PolicyPanel
from .review_controller import ReviewController
from .worker import JobRunner
from .workspace_bar import EDITING, LOCKED, READ_ONLY, WorkspacePolicyBar


def county_text(county: str) -> str:
    return "all counties" if county == ALL_COUNTIES else county


class WorkspacePolicyController(QObject):
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details
    editing_changed = Signal(bool)

    def __init__(self, runner: JobRunner, dataset: DataSetController, policy: PolicyController, panel: PolicyPanel,
                 review: ReviewController, bar: WorkspacePolicyBar, side_tabs: QTabWidget, policy_page: QWidget,
                 parent: QWidget) -> None:
        """`policy` holds evaluations back while a workspace is open; `bar` sits above `panel` on
        `policy_page`, a tab of `side_tabs`; `parent` is also the parent of the questions."""
        super().__init__(parent)
        self._runner = runner
        self._dataset = dataset
        self._policy = policy
        self._panel = panel
        self._review = review
        self._bar = bar
        self._side_tabs = side_tabs
        self._policy_page = policy_page
        self._dialog_parent = parent
        self._ws: Workspace | None = None
        self._session: Session | None = None
        self._editing = False
        bar.change_requested.connect(self.change_policy)
        bar.apply_requested.connect(self.apply_policy)
        bar.cancel_requested.connect(self.cancel_policy_change)

    @property
    def editing(self) -> bool:
        return self._editing

    def show(self, ws: Workspace, session: Session) -> None:
        """The workspace's policy, county and date in the panel, locked."""
        self._ws, self._session = ws, session
        self._set_editing(False)
        ev = ws.evaluation()
        self._policy.set_workspace_mode("locked")
        self._panel.set_policy(dataclasses.replace(ws.policy(), path=None))  # kept in the workspace, not a file
        self._panel.set_as_of(ev.as_of)
        self._panel.set_counties(session.counties, ev.county)
        self._bar.show_mode(READ_ONLY if ws.read_only else LOCKED, ev.policy_name, county_text(ev.county),
                            ev.as_of.isoformat())

    def clear(self) -> None:
        """No workspace: the panel edits (and re-evaluates) again."""
        self._ws = self._session = None
        self._set_editing(False)
        self._policy.set_workspace_mode("")
        self._bar.show_mode("")

    def policy_text(self, policy: Policy) -> tuple[str, str]:
        """The text and file name a workspace keeps for `policy`: the open workspace's own when it
        is that policy (it came from no file here), else policy_io.policy_file_text."""
        if self._ws is not None:
            ev = self._ws.evaluation()
            if policy.sha256 and policy.sha256 == ev.policy_sha256:
                return ev.policy_text, ev.policy_file
        return policy_file_text(policy)

    def _set_editing(self, editing: bool) -> None:
        if editing != self._editing:
            self._editing = editing
            self.editing_changed.emit(editing)

    # ------------------------------------------------------------------ changing it
    def change_policy(self) -> None:
        """Let the policy panel edit the workspace's policy, county and date (nothing evaluated yet)."""
        if self._ws is None or self._ws.read_only or self._runner.busy():
            return
        self._policy.set_workspace_mode("editing")
        self._bar.show_mode(EDITING)
        self._side_tabs.setCurrentWidget(self._policy_page)
        self._set_editing(True)
        self.status_changed.emit("Changing the workspace's policy: edit the choices, then Apply to the workspace.")

    def cancel_policy_change(self) -> None:
        if self._ws is None or self._session is None or not self._editing:
            return
        self.show(self._ws, self._session)
        self.status_changed.emit("The workspace's policy is unchanged.")

    def apply_policy(self) -> bool:
        """Evaluate with the panel's choices (in the worker), then ask before they become the
        workspace's evaluation. False when nothing started."""
        ws, s = self._ws, self._dataset.session
        if ws is None or s is None or not self._editing or self._runner.busy():
            return False
        try:
            policy = self._panel.policy()
        except RecordClearanceError as e:
            self.error_occurred.emit("The policy is not valid", "These choices cannot be evaluated.", str(e))
            return False
        if policy is None:
            return False
        self._panel.flush()  # a change still waiting is held: the workspace decides when to evaluate
        county, as_of = self._panel.county_name(), self._panel.as_of()
        text, file_name = self.policy_text(policy)
        ev = ws.evaluation()
        if text == ev.policy_text and county == ev.county and as_of == ev.as_of:
            self.cancel_policy_change()
            self.status_changed.emit("Nothing to apply: these are the workspace's policy, county and date.")
            return False
        what = "; ".join(part for part in (
            f"Policy: {ev.policy_name} → {policy.name}" if text != ev.policy_text else "",
            f"County: {county_text(ev.county)} → {county_text(county)}" if county != ev.county else "",
            f"Evaluation date: {ev.as_of.isoformat()} → {as_of.isoformat()}" if as_of != ev.as_of else "") if part)
        self._runner.start("Applying the policy", evaluate_task(s.prepared, policy, county, as_of, s.all_static),
                           partial(self._evaluated, ws, text, file_name, what + "."), self._failed,
                           partial(self.status_changed.emit, "Cancelled; the workspace is unchanged."))
        return True

    def _failed(self, message: str, details: str) -> None:
        self.status_changed.emit("Could not evaluate.")
        self.error_occurred.emit("Could not evaluate", message, details)

    def _evaluated(self, ws: Workspace, text: str, file_name: str, what: str, evaluation: Evaluation) -> None:
        if ws is not self._ws or self._session is None:
            return
        results = evaluation.results
        carry = ws.plan_carry_over(results)
        automatic = ws.automatic()
        keys = results.evaluated["conviction_key"].to_numpy(dtype=object)
        now = results.evaluated["determination"].astype(str).to_numpy(dtype=object)
        before = np.array([automatic.get(k, ("",))[0] for k in keys], dtype=object)
        changed = int((before != now).sum()) if len(keys) else 0
        if not workspace_dialogs.confirm_policy_change(self._dialog_parent, changed, len(keys), carry, what):
            self.status_changed.emit("Not applied: the workspace is unchanged. Go on editing, or cancel the change.")
            return
        reviewer = self._review.reviewer()
        try:
            carry = ws.refresh(results, policy_text=text, policy_file=file_name, reviewer=reviewer)
        except WorkspaceError as e:
            self.error_occurred.emit("Could not change the workspace's policy", str(e), "")
            return
        self.show(ws, self._session)
        table = self._review.attach(ws, results, evaluation.conv_table, reviewer)
        self._dataset.show_evaluation(Evaluation(results, table, evaluation.all_table))
        self.status_changed.emit(f"Applied to the workspace: {changed:,} automatic decisions changed; "
                                 f"{len(carry.changed):,} reviews need re-review.")
        if len(carry.changed) or len(carry.missing) or carry.moved:
            review_dialogs.show_carry_over(self._dialog_parent, carry, True)
