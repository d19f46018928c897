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

    def set_problems(self, unreadable: int, conviction_dates: int, birth_dates: int) -> None:
        parts = []
        if unreadable:
            parts.append(f"{unreadable:,} input problem{'s' * (unreadable != 1)}: rows that could not be read (for "
                         "example, the wrong number of fields). The people they belong to go to Hand Review.")
        if conviction_dates or birth_dates:
            parts.append(f"{conviction_dates:,} conviction date{'s' * (conviction_dates != 1)} and {birth_dates:,} "
                         f"date{'s' * (birth_dates != 1)} of birth are unknown; a step that needs one sends the "
                         "conviction to Hand Review.")
        self.label.setText(" ".join(parts))
        self.setVisible(bool(parts))
