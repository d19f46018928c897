"""A dismissable banner above the table: input problems found while reading."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class ProblemBanner(QFrame):
    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Okabe–Ito orange, lightened; dark text for contrast.
        self.setStyleSheet("#problemBanner { background: #FCE8C3; border: 1px solid #E69F00; border-radius: 4px; }"
                           "#problemBanner QLabel { color: #3A2A00; }")
        self.icon = QLabel("⚠")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.show_button = QPushButton("Show problems")
        self.show_button.clicked.connect(self.show_requested)
        close = QToolButton(text="✕")
        close.setToolTip("Hide this message (File > Input problems shows it again)")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(close)
        self.hide()

    def set_problems(self, unreadable: int, conviction_dates: int, birth_dates: int, born_after: int = 0) -> None:
        parts = []
        if unreadable:
            parts.append(f"{unreadable:,} input problem{'s' * (unreadable != 1)}: rows that could not be read (for "
                         "example, the wrong number of fields). The people they belong to go to Hand Review.")
        unknown = [f"{n:,} {one if n == 1 else many}" for n, one, many in
                   ((conviction_dates, "conviction date", "conviction dates"),
                    (birth_dates, "date of birth", "dates of birth")) if n]
        if unknown:
            verb = "is" if len(unknown) == 1 and (conviction_dates + birth_dates) == 1 else "are"
            parts.append(f"{' and '.join(unknown)} {verb} unknown; a step that needs one sends the "
                         "conviction to Hand Review.")
        if born_after:
            parts.append(f"{born_after:,} conviction{'s are' if born_after != 1 else ' is'} dated before the "
                         "person's date of birth; a step that needs the person's age sends "
                         f"{'them' if born_after != 1 else 'it'} to Hand Review.")
        self.label.setText(" ".join(parts))
        self.setVisible(bool(parts))
