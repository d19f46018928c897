"""The window's questions about workspace files: where to save a new one, which one to open, where
an input file went, and the confirmations before a new extract or a new policy changes the
workspace. The window calls them through the module so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.workspace import SUFFIX, CarryOver

WORKSPACE_FILTER = f"Review workspaces (*{SUFFIX});;All files (*)"
INPUT_FILTER = "DOJ research files (*.dat *.csv *.txt *.xlsx *.xlsm);;All files (*)"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def choose_new_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save a new workspace (never an existing file: a workspace is never replaced)."""
    start = suggested
    while True:
        name, _ = QFileDialog.getSaveFileName(parent, "New review workspace", str(start), WORKSPACE_FILTER,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if not path.exists():
            return path
        QMessageBox.information(parent, "Choose another name",
                                f"{path.name} already exists in {path.parent}. A workspace is never replaced: "
                                "choose another name (File > Open workspace opens the existing one).")
        start = path


def choose_workspace(parent: QWidget | None, folder: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open a review workspace", folder, WORKSPACE_FILTER)
    return Path(name) if name else None


def choose_input_files(parent: QWidget | None, title: str, folder: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, folder, INPUT_FILTER)
    return files


def ask_locate(parent: QWidget | None, workspace: str, problem: str) -> bool:
    """An input file is no longer where the workspace saw it: locate it (True) or cancel."""
    return _box(parent, QMessageBox.Icon.Question, "Input file not found",
                f"{workspace}: {problem}\n\nLocate the file (or the DOJ's newer extract: the reviews are then "
                "carried over to it, and you see what could not be)?", "Locate…")


def confirm_refresh(parent: QWidget | None, workspace: str, carry: CarryOver, files: list[str]) -> bool:
    """Before a new extract (or a changed input file) becomes the workspace's data set."""
    names = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return _box(parent, QMessageBox.Icon.Question, "Make this the workspace's data?",
                f"{names} differs from the data {workspace} was reviewed on (another SHA-256: a new extract?).\n\n"
                f"If you go on: {carry.summary()}. Reviews no longer in the data stay in the workspace, listed; "
                "the change is recorded in the audit log.", "Refresh the workspace")


def confirm_policy_change(parent: QWidget | None, changed: int, total: int, carry: CarryOver, what: str) -> bool:
    """Before a changed policy, county or date becomes the workspace's evaluation."""
    return _box(parent, QMessageBox.Icon.Question, "Apply to the workspace?",
                f"{what}\n\nThe automatic decision changes for {changed:,} of {total:,} convictions. "
                f"{len(carry.changed):,} reviewed conviction(s) will need re-review, {len(carry.missing):,} "
                "review(s) are no longer among the convictions evaluated (they stay in the workspace). "
                "The change is recorded in the audit log.", "Apply")
