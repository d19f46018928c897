"""A dismissable banner above the table: input problems found while reading.

Its colours come from the palette (an orange tint over the window colour, the window's text
colour), so it reads under light, dark and high-contrast themes alike; the warning is also said
in words and announced to screen readers when it appears.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from .accessibility import announce
from .contrast import MINIMUM, TEXT, contrast_ratio, mix

ACCENT = "#E69F00"  # Okabe–Ito orange: the tint and the border
TINT = 0.22  # how far the background moves from the window colour toward the accent


def banner_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """(text, background, border) for `palette`: the tint is reduced until the text keeps 4.5:1."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    tint = TINT
    background = mix(window, ACCENT, tint)
    while contrast_ratio(text, background) < MINIMUM[TEXT] and tint > 0:
        tint = max(0.0, tint - 0.02)
        background = mix(window, ACCENT, tint)
    return text, background, QColor(ACCENT)


class ProblemBanner(QFrame):
    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Input problems")
        self.icon = QLabel("⚠")
        self.icon.setAccessibleName("Warning")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.show_button = QPushButton("Show problems")
        self.show_button.clicked.connect(self.show_requested)
        self.close_button = QToolButton(text="✕")
        self.close_button.setAccessibleName("Hide the input-problems message")
        self.close_button.setToolTip("Hide this message (File > Input problems shows it again)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self._apply_palette()
        self.hide()

    def colours(self) -> tuple[QColor, QColor, QColor]:
        """From the application's palette: the banner's own is changed by its style sheet."""
        return banner_colours(QGuiApplication.palette())

    def _apply_palette(self) -> None:
        text, background, border = self.colours()
        # The labels and the flat close button sit on the tint: they get its text colour; the
        # "Show problems" button keeps its own (palette) button colours.
        sheet = (f"#problemBanner {{ background: {background.name()}; border: 1px solid {border.name()}; "
                 f"border-radius: 4px; }} "
                 f"#problemBanner QLabel, #problemBanner QToolButton {{ color: {text.name()}; }}")
        if sheet != self.styleSheet():  # a style sheet changes palettes too: no loop
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # the theme changed
            self._apply_palette()

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
        if parts:
            announce(self, "Warning: " + " ".join(parts))
