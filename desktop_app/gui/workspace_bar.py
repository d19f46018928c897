"""The note above the policy panel while a review workspace is open: the workspace holds its
policy, county and evaluation date, so the panel shows them locked, and changing them is an
explicit, recorded step ("Change the workspace's policy…", then "Apply to the workspace…")."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

LOCKED, EDITING, READ_ONLY = "locked", "editing", "read-only"


class WorkspacePolicyBar(QFrame):
    change_requested = Signal()
    apply_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("The workspace's policy")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton("Change the workspace's policy…")
        self.change_button.setToolTip("Edit the policy, county or evaluation date this workspace decides with; "
                                      "nothing changes until you apply it")
        self.change_button.clicked.connect(self.change_requested)
        self.apply_button = QPushButton("Apply to the workspace…")
        self.apply_button.setToolTip("Evaluate again with these choices: you see how many decisions change and "
                                     "how many reviews will need re-review before anything is saved")
        self.apply_button.clicked.connect(self.apply_requested)
        self.cancel_button = QPushButton("Cancel the change")
        self.cancel_button.setToolTip("Show the workspace's own policy, county and date again")
        self.cancel_button.clicked.connect(self.cancel_requested)
        for button in (self.change_button, self.apply_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.mode = ""
        self.show_mode("")

    def show_mode(self, mode: str, policy: str = "", county: str = "", as_of: str = "") -> None:
        """"" hides the bar; LOCKED, EDITING or READ_ONLY say what the panel shows and offer the
        next step."""
        self.mode = mode
        self.setVisible(bool(mode))
        what = f"<b>{html.escape(policy)}</b>, {html.escape(county)}, as of {html.escape(as_of)}"
        if mode == EDITING:
            self.text.setText(
                "<b>Changing the workspace's policy.</b> Edit the choices below; nothing is evaluated or saved "
                "until you apply them. You then see how many automatic decisions change and how many reviews "
                "will need re-review, and the change goes in the audit log.")
        elif mode == READ_ONLY:
            self.text.setText(f"This workspace decides with {what} (kept in the workspace). It is open "
                              "read-only here: the policy cannot be changed.")
        else:
            self.text.setText(f"This workspace decides with {what} (kept in the workspace). The choices are "
                              "locked so that every review stays against the decisions it was made on.")
        self.change_button.setVisible(mode == LOCKED)
        self.apply_button.setVisible(mode == EDITING)
        self.cancel_button.setVisible(mode == EDITING)
        self._layout.invalidate()  # the bar may sit on a tab not shown: its size must follow anyway
        self.updateGeometry()
