"""Loading and saving policy files for the main window (a mixin of MainWindow)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from ..core.errors import RuleFileError
from ..core.pipeline import default_policy_path
from ..core.ruleset import load_policy
from ..paths import policies_dir
from . import dialogs
from .policy_io import save_policy, shipped_policies

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


class PolicyActions:
    def load_initial_policy(self: "MainWindow") -> None:
        """The shipped policies in the list, then the last policy used (or the county common choice)."""
        shipped = []
        for path in shipped_policies():
            try:
                shipped.append((load_policy(path).name, path))
            except RuleFileError:
                log.warning("a shipped policy file does not load: %s", path.name)
        self.policy_panel.set_shipped(shipped)
        last = str(self.settings.get("policy/path", "") or "")
        for candidate in ([Path(last)] if last else []) + [default_policy_path()]:
            try:
                self.policy_panel.set_policy(load_policy(candidate))
                return
            except RuleFileError:
                continue
        self.report_error("No policy", "The policy files in rules/policies cannot be read. Reinstall the app, "
                          "or open a policy file (Policy > Open policy).")

    def choose_policy(self: "MainWindow") -> None:
        folder = self.settings.get("folders/policy", "") or str(policies_dir())
        path, _ = QFileDialog.getOpenFileName(self, "Open a policy", str(folder),
                                              "Policy files (*.toml *.json);;All files (*)")
        if path:
            self.load_policy_file(path)

    def load_policy_file(self: "MainWindow", path: str | Path) -> bool:
        """Make the policy in `path` the active one and re-evaluate. Errors go to a dialog.
        Unsaved changes to the current policy are discarded only if the user agrees."""
        base = self.policy_panel.base_policy()
        if base is not None and self.policy_panel.is_modified() and not dialogs.ask_yes_no(
                self, "Discard your policy changes?",
                f"Your changes to '{base.name}' are not saved. Load {Path(path).name} and discard them?\n\n"
                "Choose No to keep working on your changes (Policy > Save policy as… keeps them in a file)."):
            self.policy_panel.show_base_in_list()
            return False
        try:
            policy = load_policy(path)
        except RuleFileError as e:
            self.report_error("The policy file has problems",
                              f"{Path(path).name} was not loaded: {len(e.problems)} problem(s). "
                              "The current policy stays active.", "\n".join(e.problems))
            return False
        self.settings.set("policy/path", str(Path(path)))
        self.settings.set_folder("policy", Path(path).parent)
        self.policy_panel.set_policy(policy)
        self.start_evaluation()
        return True

    def save_policy(self: "MainWindow") -> None:
        policy = self.policy_panel.policy()
        if policy is None:
            return
        base = self.policy_panel.base_policy()
        name = (base.name if base is not None else policy.name)
        name, ok = QInputDialog.getText(self, "Save policy", "Name of this policy:", QLineEdit.EchoMode.Normal,
                                        name if not self.policy_panel.is_modified() else f"{name} (custom)")
        if not ok or not name.strip():
            return
        slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "policy"
        folder = self.settings.folder("policy")
        path, _ = QFileDialog.getSaveFileName(self, "Save policy as", str(Path(folder) / f"{slug}.toml"),
                                              "Policy files (*.toml)")
        if path:
            self.save_policy_to(path, name.strip())

    def save_policy_to(self: "MainWindow", path: str | Path, name: str) -> bool:
        policy = self.policy_panel.policy()
        if policy is None:
            return False
        path = Path(path)
        if path.suffix.lower() != ".toml":
            path = path.with_suffix(".toml")
        base = self.policy_panel.base_policy()
        description = f"Saved from Record Clearance Desktop, based on '{base.name if base else policy.name}'."
        try:
            saved = save_policy(policy, path, name, description)
        except RuleFileError as e:
            self.report_error("Could not save the policy", "The policy could not be written correctly.",
                              "\n".join(e.problems))
            return False
        except OSError as e:
            self.report_error("Could not save the policy", f"{path.name} could not be written in {path.parent}: "
                              f"{e.strerror or 'the folder is not writable'}.")
            return False
        self.settings.set("policy/path", str(path))
        self.settings.set_folder("policy", path.parent)
        self.policy_panel.set_policy(saved)
        self.start_evaluation()
        self.status_label.setText(f"Saved the policy '{name}' to {path.name}.")
        return True
