"""The fonts the PDF is drawn and measured with: Liberation Serif and Sans (resources/fonts/, SIL
Open Font License), metric-compatible with Times New Roman and Arial, so text set in the Word
templates' fonts breaks into the same lines. A Word font is mapped to one of the two families."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...paths import resources_dir

SERIF, SANS = "serif", "sans"
_FILES = {(SERIF, False, False): "LiberationSerif-Regular.ttf", (SERIF, True, False): "LiberationSerif-Bold.ttf",
          (SERIF, False, True): "LiberationSerif-Italic.ttf", (SERIF, True, True): "LiberationSerif-BoldItalic.ttf",
          (SANS, False, False): "LiberationSans-Regular.ttf", (SANS, True, False): "LiberationSans-Bold.ttf",
          (SANS, False, True): "LiberationSans-Italic.ttf", (SANS, True, True): "LiberationSans-BoldItalic.ttf"}
_SERIF_NAMES = ("times", "tinos", "liberation serif", "georgia", "cambria", "garamond", "book antiqua", "century",
                "palatino", "serif", "bookman", "baskerville", "constantia")
_lock = threading.Lock()


def family_of(word_font: str) -> str:
    """SERIF for Times New Roman and other serif faces; SANS for the rest (Arial, Calibri, ...)."""
    name = (word_font or "").strip().lower()
    return SERIF if any(n in name for n in _SERIF_NAMES) else SANS


def font_path(family: str, bold: bool, italic: bool) -> Path:
    return resources_dir() / "fonts" / _FILES[(family, bold, italic)]


@dataclass(frozen=True)
class Metrics:
    widths: dict[int, float]  # code point -> advance, in thousandths of the font size
    ascent: float  # above the baseline, in thousandths (Windows metrics, as Word uses)
    descent: float  # below, positive
    missing_width: float
    _known: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def width(self, text: str, size: float) -> float:
        """Width in points of `text` at `size` points (unknown characters: as '?')."""
        found = self._known.get(text)
        if found is None:
            get = self.widths.get
            missing = self.missing_width
            found = sum(get(ord(c), missing) for c in text)
            if len(self._known) > 200_000:  # words of a long list repeat: measured once
                self._known.clear()
            self._known[text] = found
        return found * size / 1000.0

    def line_height(self, size: float) -> float:
        """Word's single line spacing for this font, in points."""
        return (self.ascent + self.descent) * size / 1000.0

    def covers(self, char: str) -> bool:
        return ord(char) in self.widths


@lru_cache(maxsize=None)
def metrics(family: str, bold: bool, italic: bool) -> Metrics:
    from fontTools.ttLib import TTFont

    with _lock:
        font = TTFont(str(font_path(family, bold, italic)), lazy=True)
        scale = 1000.0 / font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        cmap = font.getBestCmap()
        widths = {code: advances[glyph][0] * scale for code, glyph in cmap.items() if glyph in advances}
        os2 = font["OS/2"]
        metrics_ = Metrics(widths, os2.usWinAscent * scale, os2.usWinDescent * scale, widths.get(ord("?"), 500.0))
        font.close()
    return metrics_
