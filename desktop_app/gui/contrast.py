"""Colour contrast as WCAG 2.1 defines it, and colours derived from the palette that keep it.

Text needs a contrast ratio of at least 4.5:1 with its background (WCAG 1.4.3), graphics that
carry meaning and focus indicators at least 3:1 (WCAG 1.4.11). A module that draws with a fixed
colour declares each fixed foreground + background pair in a module-level `FIXED_COLOURS` tuple;
a test computes every declared pair and checks that no other fixed colour is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

TEXT, GRAPHICS, DECORATION = "text", "graphics", "decoration"
MINIMUM = {TEXT: 4.5, GRAPHICS: 3.0, DECORATION: 1.0}  # decoration: carries no information
BLACK, WHITE = "#000000", "#FFFFFF"


@dataclass(frozen=True)
class ColourPair:
    """A fixed foreground drawn on a fixed background (`kind`: TEXT, GRAPHICS or DECORATION)."""

    where: str
    fg: str
    bg: str
    kind: str = TEXT

    def ratio(self) -> float:
        return contrast_ratio(self.fg, self.bg)

    def passes(self) -> bool:
        return self.ratio() >= MINIMUM[self.kind]


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor | str) -> float:
    """WCAG 2.1 relative luminance of an opaque sRGB colour (0 black, 1 white)."""
    c = QColor(colour)
    return 0.2126 * _channel(c.redF()) + 0.7152 * _channel(c.greenF()) + 0.0722 * _channel(c.blueF())


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), lighter over darker: 1.0 (none) to 21.0 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def composite(colour: QColor | str, background: QColor | str, alpha: float | None = None) -> QColor:
    """`colour` painted over an opaque `background` at `alpha` (0–1; default: the colour's own)."""
    fg, bg = QColor(colour), QColor(background)
    a = fg.alphaF() if alpha is None else alpha
    return QColor.fromRgbF(fg.redF() * a + bg.redF() * (1 - a), fg.greenF() * a + bg.greenF() * (1 - a),
                           fg.blueF() * a + bg.blueF() * (1 - a))


def readable_on(background: QColor | str) -> QColor:
    """Black or white, whichever contrasts more with `background` (at least 4.58:1 for any colour)."""
    return QColor(BLACK) if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else QColor(WHITE)


def mix(a: QColor | str, b: QColor | str, t: float) -> QColor:
    """`a` moved a fraction `t` (0–1) of the way to `b`."""
    return composite(b, a, t)


def muted_text(palette: QPalette, minimum: float = MINIMUM[TEXT]) -> QColor:
    """A secondary text colour: the palette's text moved toward its background as far as it can go
    while keeping `minimum` contrast with Base, AlternateBase and Window. Works for light, dark and
    high-contrast palettes (with high contrast it stays close to the text colour)."""
    text = palette.color(QPalette.ColorRole.Text)
    backgrounds = [palette.color(r) for r in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                                              QPalette.ColorRole.Window)]
    toward = palette.color(QPalette.ColorRole.Base)
    best = text
    for step in range(1, 9):  # at most 40 % of the way: secondary, still clearly text
        candidate = mix(text, toward, step * 0.05)
        if min(contrast_ratio(candidate, bg) for bg in backgrounds) < minimum:
            break
        best = candidate
    return best


def is_dark(palette: QPalette) -> bool:
    return relative_luminance(palette.color(QPalette.ColorRole.Window)) < 0.2


def readable_placeholders(palette: QPalette) -> bool:
    """Make the palette's placeholder text (the grey hint in an empty field) readable: Fusion
    draws it at 4.0:1. Returns True when the palette was changed."""
    role = QPalette.ColorRole.PlaceholderText
    base = palette.color(QPalette.ColorRole.Base)
    if contrast_ratio(composite(palette.color(role), base), base) >= MINIMUM[TEXT]:  # often half transparent
        return False
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, role, muted_text(palette))
    return True


def dark_palette() -> QPalette:
    """A typical dark theme (Fusion's colours inverted), for the tests and the screenshots."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2B2B2B"), (roles.WindowText, "#EEEEEE"), (roles.Base, "#1E1E1E"),
                         (roles.AlternateBase, "#262626"), (roles.Text, "#EEEEEE"), (roles.Button, "#3A3A3A"),
                         (roles.ButtonText, "#EEEEEE"), (roles.Highlight, "#3D8EC9"),
                         (roles.HighlightedText, "#FFFFFF"),
                         (roles.ToolTipBase, "#3A3A3A"), (roles.ToolTipText, "#EEEEEE"), (roles.Link, "#8AB4F8"),
                         (roles.Mid, "#555555"), (roles.Dark, "#1A1A1A"), (roles.Light, "#505050"),
                         (roles.Midlight, "#444444"), (roles.Shadow, "#000000"), (roles.BrightText, "#FFFFFF"),
                         (roles.PlaceholderText, "#8A8A8A")):
        p.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7A7A7A"))
    return p
