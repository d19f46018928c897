"""Dialogs of the review workspace: the reviewer's name (asked once, kept in the settings), "open
elsewhere: open read-only?", the confirmation of a batch accept, and what a new extract could
not carry. The window calls them through the module so tests can answer them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QMessageBox, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from ..core.workspace import CarryOver, WorkspaceInUse
from ..core.workspace.vocabulary import STATUSES
from .settings import AppSettings

Index = QModelIndex | QPersistentModelIndex
REVIEWER_KEY = "review/reviewer"


# ------------------------------------------------------------------ the reviewer's name

class ReviewerNameDialog(QDialog):
    """Asks for the name recorded with every review action (the audit log's "who")."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name")
        intro = QLabel("Your name is recorded with every review action, in the workspace's audit log.")
        intro.setWordWrap(True)
        self.name = QLineEdit(current)
        self.name.setMaxLength(100)
        self.name.setPlaceholderText("e.g. Ana Ruiz, DDA")
        label = QLabel("&Name:")
        label.setBuddy(self.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._sync)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self._sync()

    def _sync(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.value()))

    def value(self) -> str:
        return " ".join(self.name.text().split())


def ask_reviewer_name(parent: QWidget | None, current: str = "") -> str | None:
    dialog = ReviewerNameDialog(current, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def reviewer_name(settings: AppSettings, parent: QWidget | None = None, *, ask_again: bool = False) -> str | None:
    """The reviewer's name from the settings, asked (once) when there is none or `ask_again`;
    None when the user cancels."""
    name = str(settings.get(REVIEWER_KEY, "") or "")
    if name and not ask_again:
        return name
    chosen = ask_reviewer_name(parent, name)
    if not chosen:
        return None
    settings.set(REVIEWER_KEY, chosen)
    return chosen


# ------------------------------------------------------------------ open elsewhere

def ask_open_read_only(parent: QWidget | None, error: WorkspaceInUse) -> bool:
    """The workspace is open elsewhere: offer to open it read-only. True = open it read-only."""
    name = error.path.name if error.path else "The workspace"
    holder = f"\n\nOpen by: {error.holder}" if error.holder else ""
    if not error.read_only_possible:
        box = QMessageBox(QMessageBox.Icon.Information, "Workspace open elsewhere",
                          f"{name} is open elsewhere.{holder}\n\nIt is in a network folder, where only one person "
                          "can have a workspace open at a time. Ask them to close it, then open it again.",
                          QMessageBox.StandardButton.Close, parent)
        box.exec()
        return False
    box = QMessageBox(QMessageBox.Icon.Question, "Workspace open elsewhere",
                      f"{name} is open elsewhere (another window or program).{holder}\n\nOpen it read-only? "
                      "You can look, filter and export; reviewing needs it closed there.",
                      QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Open).setText("Open read-only")
    box.setDefaultButton(QMessageBox.StandardButton.Open)
    return box.exec() == QMessageBox.StandardButton.Open


# ------------------------------------------------------------------ batch accept

def confirm_batch_accept(parent: QWidget | None, n: int, undecided: int | None = None) -> bool:
    """Before accepting the automatic decision for the `n` convictions in view (`undecided` of them
    not decided yet: only those change; Workspace.accept_undecided). True = go ahead."""
    undecided = n if undecided is None else undecided
    decided = n - undecided
    kept = (f" The {decided:,} already decided keep their decision." if decided else "")
    box = QMessageBox(QMessageBox.Icon.Question, "Accept the automatic decisions?",
                      f"Accept the automatic decision for the {n:,} convictions in view?\n\n{undecided:,} not decided "
                      f"yet become Reviewed, with your name.{kept} This is one action: Undo takes it back.",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(f"Accept {undecided:,}")
    box.button(QMessageBox.StandardButton.Yes).setEnabled(undecided > 0)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


# ------------------------------------------------------------------ what a new extract could not carry

class FrameModel(QAbstractTableModel):
    """A small DataFrame (a few thousand rows at most) as a read-only table."""

    def __init__(self, frame: pd.DataFrame, headers: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._values = frame.astype(object).where(frame.notna(), "").to_numpy()
        self._headers = headers

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return str(self._values[index.row(), index.column()])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None


def _table(model: FrameModel, name: str, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setTabKeyNavigation(False)  # Tab goes on to Close; arrow keys move between cells
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class CarryOverDialog(QDialog):
    """After a new extract: what was carried, which reviews are no longer in the data, which
    need re-review. Nothing here is lost: the lists stay available in the workspace."""

    def __init__(self, carry: CarryOver, saved: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviews carried to the new data")
        self.resize(1100, 460)
        note = "" if saved else "\n\nThe workspace is read-only here: this is shown, not saved."
        intro = QLabel(f"The input files differ from the workspace's (another SHA-256): the reviews were carried "
                       f"over by conviction key.\n\n{carry.summary()}.{note}")
        intro.setWordWrap(True)
        missing = carry.missing.assign(status=carry.missing["status"].map(lambda s: STATUSES.get(s, s)))
        self.missing_model = FrameModel(missing, ["Conviction key", "Final determination", "Status", "Reviewer",
                                                  "Note"], self)
        moved = carry.changed["old_key"] != carry.changed["key"]
        changed = carry.changed.assign(old_key=carry.changed["old_key"].where(moved, ""))
        self.changed_model = FrameModel(changed[["key", "why", "was", "now", "old_key"]],
                                        ["Conviction key", "Why", "Was", "Now", "Earlier key"], self)
        tabs = QTabWidget()
        tabs.setAccessibleName("Carried reviews")
        tabs.addTab(_table(self.changed_model, "Reviews that need re-review", (320, 250, 260, 260)),
                    f"Needs re-review ({len(carry.changed):,})")
        tabs.addTab(_table(self.missing_model, "Reviews no longer in the data", (320, 170, 130, 130)),
                    f"No longer in the data ({len(carry.missing):,})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(tabs)
        layout.addWidget(buttons)


def show_carry_over(parent: QWidget | None, carry: CarryOver, saved: bool) -> None:
    CarryOverDialog(carry, saved, parent).exec()
