"""Which policy is active: the shipped list, loading a policy file (asking before unsaved changes
are lost), saving the panel's choices as a policy file, and asking for a re-evaluation whenever
the policy, county or date changes."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from ..core.errors import RuleFileError
from ..core.pipeline import default_policy_path
from ..core.ruleset import load_policy
from ..paths import policies_dir
from . import dialogs
from .policy_io import save_policy, shipped_policies
from .policy_panel import PolicyPanel
from .settings import AppSettings
from .worker import JobRunner

log = logging.getLogger(__name__)

# Policy edits during a re-evaluation are queued (the data set re-evaluates again when it ends);
# during any other job the panel waits.
EDITABLE_DURING = ("Evaluation",)


class PolicyController(QObject):
    evaluation_requested = Signal()  # the policy, county or date changed: evaluate again
    status_changed = Signal(str)
    error_occurred = Signal(str, str, str)  # title, message, details

    def __init__(self, panel: PolicyPanel, settings: AppSettings, runner: JobRunner, parent: QWidget) -> None:
        """`parent` is also the parent of the file dialogs and questions."""
        super().__init__(parent)
        self._panel = panel
        self._settings = settings
        self._runner = runner
        self._dialog_parent = parent
        self._mode = ""  # see set_workspace_mode
        panel.changed.connect(self._request_evaluation)
        panel.open_requested.connect(self.choose_policy)
        panel.save_requested.connect(self.save_policy)
        panel.shipped_chosen.connect(self.load_policy_file)
        runner.busy_changed.connect(self._busy_changed)

    def set_workspace_mode(self, mode: str) -> None:
        """"" (no workspace: every change re-evaluates), "locked" (a workspace's policy: shown,
        not changed) or "editing" (changing a workspace's policy: the panel edits, and nothing is
        evaluated until the workspace controller applies the change)."""
        self._mode = mode
        self._busy_changed(self._runner.busy())

    def workspace_mode(self) -> str:
        return self._mode

    def _request_evaluation(self) -> None:
        if not self._mode:
            self.evaluation_requested.emit()

    def load_initial_policy(self) -> None:
        """The shipped policies in the list, then the last policy used (or the county common choice)."""
        shipped = []
        for path in shipped_policies():
            try:
                shipped.append((load_policy(path).name, path))
            except RuleFileError:
                log.warning("a shipped policy file does not load: %s", path.name)
        self._panel.set_shipped(shipped)
        last = str(self._settings.get("policy/path", "") or "")
        for candidate in ([Path(last)] if last else []) + [default_policy_path()]:
            try:
                self._panel.set_policy(load_policy(candidate))
                return
            except RuleFileError:
                continue
        self.error_occurred.emit("No policy", "The policy files in rules/policies cannot be read. Reinstall the app, "
                                 "or open a policy file (Policy > Open policy).", "")

    def procedure_version(self) -> str:
        base = self._panel.base_policy()
        return base.procedure_version if base is not None else ""

    def choose_policy(self) -> None:
        folder = self._settings.get("folders/policy", "") or str(policies_dir())
        path, _ = QFileDialog.getOpenFileName(self._dialog_parent, "Open a policy", str(folder),
                                              "Policy files (*.toml *.json);;All files (*)")
        if path:
            self.load_policy_file(path)

    def load_policy_file(self, path: str | Path) -> bool:
        """Make the policy in `path` the active one and ask for a re-evaluation. Errors go to
        `error_occurred`. Unsaved changes to the current policy are discarded only if the user agrees."""
        if self._mode == "locked":
            self.status_changed.emit("The workspace's policy is locked: Policy > Change the workspace's policy… "
                                     "changes it.")
            return False
        panel = self._panel
        base = panel.base_policy()
        if base is not None and panel.is_modified() and not dialogs.ask_yes_no(
                self._dialog_parent, "Discard your policy changes?",
                f"Your changes to '{base.name}' are not saved. Load {Path(path).name} and discard them?\n\n"
                "Choose No to keep working on your changes (Policy > Save policy as… keeps them in a file)."):
            panel.show_base_in_list()
            return False
        try:
            policy = load_policy(path)
        except RuleFileError as e:
            self.error_occurred.emit("The policy file has problems",
                                     f"{Path(path).name} was not loaded: {len(e.problems)} problem(s). "
                                     "The current policy stays active.", "\n".join(e.problems))
            return False
        self._remember(Path(path))
        panel.set_policy(policy)
        self._request_evaluation()
        return True

    def save_policy(self) -> None:
        """Ask for a name and a file, then save (see `save_policy_to`)."""
        policy = self._panel.policy()
        if policy is None:
            return
        base = self._panel.base_policy()
        name = (base.name if base is not None else policy.name)
        name, ok = QInputDialog.getText(self._dialog_parent, "Save policy", "Name of this policy:",
                                        QLineEdit.EchoMode.Normal,
                                        name if not self._panel.is_modified() else f"{name} (custom)")
        if not ok or not name.strip():
            return
        slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "policy"
        folder = self._settings.folder("policy")
        path, _ = QFileDialog.getSaveFileName(self._dialog_parent, "Save policy as", str(Path(folder) / f"{slug}.toml"),
                                              "Policy files (*.toml)")
        if path:
            self.save_policy_to(path, name.strip())

    def save_policy_to(self, path: str | Path, name: str) -> bool:
        """Save the panel's choices as policy `name` in `path` (.toml), make it the active policy
        and ask for a re-evaluation. False (and an error) when it could not be written."""
        policy = self._panel.policy()
        if policy is None:
            return False
        path = Path(path)
        if path.suffix.lower() != ".toml":
            path = path.with_suffix(".toml")
        base = self._panel.base_policy()
        description = f"Saved from Record Clearance Desktop, based on '{base.name if base else policy.name}'."
        try:
            saved = save_policy(policy, path, name, description)
        except RuleFileError as e:
            self.error_occurred.emit("Could not save the policy", "The policy could not be written correctly.",
                                     "\n".join(e.problems))
            return False
        except OSError as e:
            self.error_occurred.emit("Could not save the policy", f"{path.name} could not be written in "
                                     f"{path.parent}: {e.strerror or 'the folder is not writable'}.", "")
            return False
        self._remember(path)
        self._panel.set_policy(saved)
        self._request_evaluation()
        self.status_changed.emit(f"Saved the policy '{name}' to {path.name}.")
        return True

    def _remember(self, path: Path) -> None:
        self._settings.set("policy/path", str(path))
        self._settings.set_folder("policy", path.parent)

    def _busy_changed(self, busy: bool) -> None:
        self._panel.setEnabled(self._mode != "locked" and (not busy or self._runner.job_title() in EDITABLE_DURING))
