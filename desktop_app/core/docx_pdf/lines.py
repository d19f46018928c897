"""Drawing operations (text at a baseline, rules, fills, groups placed at an offset) and a
paragraph broken into lines with the fonts' real widths: alignment, indents, tabs, line spacing,
underline, words too long for the line broken at a comma, slash, bar, semicolon or hyphen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .fonts import Metrics, metrics
from .model import Para, Piece, RunStyle

DEFAULT_TAB = 36.0  # Word's default tab stops: every half inch
# Words, and the places a long word may break: after a comma, slash, bar, semicolon or hyphen.
_TOKENS = re.compile(r"\s+|[^\s,|/;-]+[,|/;-]*|[,|/;-]+")
Font = tuple[str, bool, bool]  # family, bold, italic


@dataclass(slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    font: Font
    size: float


@dataclass(slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5


@dataclass(slots=True)
class Fill:
    x: float
    y: float
    w: float
    h: float
    color: str  # RRGGBB


@dataclass(slots=True)
class Group:
    """Ops placed at an offset: a line, a table row, a cell (drawn where it is put, not copied)."""

    dx: float
    dy: float
    ops: list[Any]


@dataclass
class Page:
    width: float
    height: float
    ops: list[Any] = field(default_factory=list)


def _font(style: RunStyle) -> Font:
    return (style.family, style.bold, style.italic)


def _metrics(style: RunStyle) -> Metrics:
    return metrics(style.family, style.bold, style.italic)


def _printable(text: str, m: Metrics) -> str:
    """Characters the font has; others become '?' (never a missing glyph in the PDF)."""
    if text.isascii() and text.isprintable() or all(m.covers(c) for c in text):
        return text
    return "".join(c if m.covers(c) else ("'" if c in "\u2018\u2019" else '"' if c in "\u201c\u201d" else "?")
                   for c in text)


@dataclass
class _Atom:
    text: str
    style: RunStyle
    width: float
    space: bool = False


@dataclass(slots=True)
class Line:
    height: float  # the advance to the next line
    ascent: float
    ops: list[Any]  # x relative to the paragraph's left edge, y relative to the line's baseline
    page_break: bool = False  # a page break follows this line


FieldValues = dict[str, str]


def _atoms(pieces: list[Piece], fields: FieldValues) -> list[Any]:
    out: list[Any] = []
    for piece in pieces:
        if piece.kind in ("tab", "br", "page"):
            out.append((piece.kind, piece.style))
            continue
        text = fields.get(piece.text, "") if piece.kind == "field" else piece.text
        m = _metrics(piece.style)
        for token in _TOKENS.findall(text):
            token = _printable(token, m)
            space = token.isspace()
            if space:
                token = " " * len(token)
            out.append(_Atom(token, piece.style, m.width(token, piece.style.size), space))
    return out


def _height(para: Para, single: float) -> float:
    if para.line_rule == "exact":
        return para.line
    if para.line_rule == "atLeast":
        return max(para.line, single)
    return single * para.line


def _one_line(para: Para, avail: float) -> list[Line] | None:
    """A paragraph of one run of text that fits on one line (most cells of a long list)."""
    pieces = para.pieces
    if len(pieces) != 1 or pieces[0].kind != "text" or para.first or para.align not in ("left", "justify"):
        return None
    style = pieces[0].style
    m = _metrics(style)
    text = _printable(pieces[0].text, m)
    if "\t" in text or "\n" in text or m.width(text, style.size) > avail:
        return None
    single, ascent = _line_metrics(style)
    ops: list[Any] = [Text(para.left, 0.0, text, _font(style), style.size)] if text.strip() else []
    if style.underline and ops:
        end = para.left + m.width(text.rstrip(), style.size)
        ops.append(Rule(para.left, style.size * 0.12, end, style.size * 0.12, max(style.size * 0.05, 0.4)))
    return [Line(_height(para, single), ascent, ops)]


def para_lines(para: Para, width: float, fields: FieldValues) -> list[Line]:
    """The paragraph broken into lines `width` points wide (its indents applied inside)."""
    avail = max(width - para.left - para.right, 10.0)
    simple = _one_line(para, avail)
    if simple is not None:
        return simple
    atoms = _atoms(para.pieces, fields)
    rows: list[tuple[list[_Atom], bool, str]] = []  # atoms, last of the paragraph, ended by
    current: list[_Atom] = []
    x = para.first
    limit = avail
    has_word = False

    def finish(ended_by: str) -> None:
        nonlocal current, x, has_word
        rows.append((current, False, ended_by))
        current, x, has_word = [], 0.0, False

    for atom in atoms:
        if isinstance(atom, tuple):
            kind, style = atom
            if kind == "tab":
                stop = next((t - para.left for t in para.tabs if t - para.left > x + 0.5), None)
                if stop is None:
                    stop = (int((x + para.left) // DEFAULT_TAB) + 1) * DEFAULT_TAB - para.left
                current.append(_Atom("", style, max(stop - x, 0.0), True))
                x = max(stop, x)
            else:
                finish(kind)
            continue
        if atom.space:
            if current:
                current.append(atom)
                x += atom.width
            continue
        if x + atom.width > limit and has_word:
            finish("wrap")
        if atom.width > limit:  # a word longer than the line: broken where it must be
            m = _metrics(atom.style)
            piece = ""
            for char in atom.text:
                if piece and x + m.width(piece + char, atom.style.size) > limit:
                    current.append(_Atom(piece, atom.style, m.width(piece, atom.style.size)))
                    finish("wrap")
                    piece = ""
                piece += char
            atom = _Atom(piece, atom.style, m.width(piece, atom.style.size))
        current.append(atom)
        x += atom.width
        has_word = True
    rows.append((current, True, "end"))

    lines = []
    for i, (items, last, ended_by) in enumerate(rows):
        while items and items[-1].space and items[-1].text:  # trailing spaces take no room
            items = items[:-1]
        lines.append(_line(para, items, avail, first=(i == 0), last=last or ended_by != "wrap",
                           page_break=ended_by == "page"))
    return lines


_LINE_METRICS: dict[RunStyle, tuple[float, float]] = {}


def _line_metrics(style: RunStyle) -> tuple[float, float]:
    """(single line height, ascent) in points for a run style."""
    found = _LINE_METRICS.get(style)
    if found is None:
        m = _metrics(style)
        found = _LINE_METRICS[style] = (m.line_height(style.size), m.ascent * style.size / 1000.0)
    return found


def _line(para: Para, items: list[_Atom], avail: float, *, first: bool, last: bool, page_break: bool) -> Line:
    first_style = items[0].style if items else para.style
    if all(a.style is first_style or not a.text for a in items):
        single, ascent = _line_metrics(first_style)
    else:
        single = ascent = 0.0
        for style in {a.style for a in items if a.text}:
            h, a = _line_metrics(style)
            single, ascent = (h if h > single else single), (a if a > ascent else ascent)
    height = _height(para, single)
    indent = para.left + (para.first if first else 0.0)
    used = sum(a.width for a in items)
    room = avail - (para.first if first else 0.0) - used
    x = indent
    gap = 0.0
    if para.align == "center":
        x += room / 2
    elif para.align == "right":
        x += room
    elif para.align == "justify" and not last:
        spaces = sum(1 for a in items if a.space and a.text)
        gap = room / spaces if spaces and room > 0 else 0.0
    ops: list[Any] = []
    run_text, run_x, run_style = "", x, None
    for a in items:
        if a.space and gap and a.text:
            if run_text:
                ops.append((run_x, run_text, run_style))
            x += a.width + gap
            run_text, run_x, run_style = "", x, None
            continue
        if a.space and not a.text:  # a tab
            if run_text:
                ops.append((run_x, run_text, run_style))
            x += a.width
            run_text, run_x, run_style = "", x, None
            continue
        if run_style is not None and a.style != run_style:
            ops.append((run_x, run_text, run_style))
            run_text, run_x = "", x
        run_style = a.style
        run_text += a.text
        x += a.width
    if run_text:
        ops.append((run_x, run_text, run_style))
    drawn: list[Any] = []
    for rx, text, style in ops:
        if not text.strip():
            continue
        drawn.append(Text(rx, 0.0, text, _font(style), style.size))
        if style.underline:
            end = rx + _metrics(style).width(text.rstrip(), style.size)
            drawn.append(Rule(rx, style.size * 0.12, end, style.size * 0.12, max(style.size * 0.05, 0.4)))
    return Line(height, ascent, drawn, page_break)


