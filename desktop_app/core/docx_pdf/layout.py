"""Pages from a document's sections: every paragraph broken into lines with the fonts' real widths,
every table into rows, flowed onto pages (a table's header rows repeated on each page it spans),
then each page's header and footer with its page number. The result is a list of pages of
drawing operations (text at a baseline, lines, filled rectangles) in points from the page's
top-left corner: pdf.py writes them as a PDF; the window draws the first one as a preview.

Simplifications (none affects the shipped templates): a row never splits across pages; tab stops
are all left-aligned; justified lines are spread at their spaces; widow and orphan control is
not applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .lines import Fill, FieldValues, Group, Line, Page, Rule, Text, para_lines
from .model import Para, Section, Table

__all__ = ["Fill", "Group", "Line", "Page", "Rule", "Text", "layout", "flat", "box", "para_lines"]


# ------------------------------------------------------------------ boxes (table cells, headers)

def box(blocks: list[Any], width: float, fields: FieldValues) -> tuple[float, list[Any]]:
    """Blocks stacked in a box `width` wide: its height and its ops (relative to its top-left)."""
    ops: list[Any] = []
    y = 0.0
    for block in blocks:
        if isinstance(block, Para):
            y += block.before
            if block.border_top:
                ops.append(Rule(block.left, y, width - block.right, y))
            for line in para_lines(block, width, fields):
                if line.ops:
                    ops.append(Group(0.0, y + line.ascent, line.ops))
                y += line.height
            if block.border_bottom:
                ops.append(Rule(block.left, y, width - block.right, y))
            y += block.after
        elif isinstance(block, Table):
            for row in _rows(block, width, fields):
                ops.append(Group(0.0, y, row.ops))
                y += row.height
    return y, ops


@dataclass(slots=True)
class _RowBox:
    height: float
    ops: list[Any]
    header: bool


def _borders(table: Table, cells: list[Any], height: float, *, first: bool, last: bool) -> list[Rule]:
    """The row's borders: its top and bottom edges as one line each where every cell draws them,
    and each vertical edge once (a list of thousands of rows draws a few lines per row)."""
    def side(cell: Any, name: str, default: str) -> bool:
        return bool(cell.borders.get(name, table.borders.get(default, False)))

    rules: list[Rule] = []
    for name, y, default in (("top", 0.0, "top" if first else "insideH"),
                             ("bottom", height, "bottom" if last else "insideH")):
        drawn = [side(cell, name, default) for _, _, cell, _, _, _ in cells]
        if drawn and all(drawn):
            rules.append(Rule(cells[0][0], y, cells[-1][0] + cells[-1][1], y))
        else:
            rules += [Rule(x, y, x + w, y) for (x, w, _, _, _, _), on in zip(cells, drawn) if on]
    for i, (x, w, cell, _, is_first, is_last) in enumerate(cells):
        if side(cell, "left", "left" if is_first else "insideV") or \
                (i and side(cells[i - 1][2], "right", "insideV")):
            rules.append(Rule(x, 0.0, x, height))
        if is_last and side(cell, "right", "right"):
            rules.append(Rule(x + w, 0.0, x + w, height))
    return rules


def _grid(table: Table, width: float) -> list[float]:
    total = sum(table.widths) or 1.0
    scale = min(1.0, width / total) if total > width * 1.01 else 1.0
    return [w * scale for w in table.widths]


def _rows(table: Table, width: float, fields: FieldValues, *, first_row: bool = True) -> list[_RowBox]:
    grid = _grid(table, width)
    out = []
    n = len(table.rows)
    for r, row in enumerate(table.rows):
        x = table.indent
        column = 0
        cells = []
        height = 0.0
        for c, cell in enumerate(row.cells):
            span = max(1, cell.span)
            w = sum(grid[column:column + span]) or (grid[-1] if grid else width)
            inner = max(w - table.pad_left - table.pad_right, 4.0)
            h, ops = box(cell.blocks, inner, fields)
            cells.append((x, w, cell, ops, c == 0, c == len(row.cells) - 1))
            if h > height:
                height = h
            x += w
            column += span
        height = max(height + 1.0, row.height)
        ops_out: list[Any] = []
        for x, w, cell, ops, _, _ in cells:
            if cell.fill:
                ops_out.append(Fill(x, 0.0, w, height, cell.fill))
            if ops:
                ops_out.append(Group(x + table.pad_left, 0.5, ops))
        ops_out += _borders(table, cells, height, first=r == 0, last=r == n - 1)
        out.append(_RowBox(height, ops_out, row.header))
    return out


# ------------------------------------------------------------------ the flow onto pages

class _Flow:
    def __init__(self, progress: Callable[[], None] | None) -> None:
        self.pages: list[Page] = []
        self.sections: list[Section] = []  # the section of each page
        self.y = 0.0
        self.section: Section | None = None
        self.top = self.bottom = 0.0
        self._progress = progress

    def start(self, section: Section) -> None:
        """A section: its body runs between the margins, or below its header and above its
        footer when they are taller than the margins leave room for (as Word does)."""
        self.section = section
        width = section.width - section.left - section.right
        sample = {"PAGE": "999", "NUMPAGES": "999"}
        header = box(section.header, width, sample)[0] if section.header else 0.0
        footer = box(section.footer, width, sample)[0] if section.footer else 0.0
        self.top = max(section.top, section.header_distance + header + 4.0 if header else 0.0)
        self.bottom = section.height - max(section.bottom, section.footer_distance + footer + 4.0 if footer else 0.0)

    @property
    def at_top(self) -> bool:
        return self.y <= self.top + 0.01

    def new_page(self) -> None:
        s = self.section
        assert s is not None
        self.pages.append(Page(s.width, s.height))
        self.sections.append(s)
        self.y = self.top
        if self._progress:
            self._progress()

    def put(self, ops: list[Any], dx: float, dy: float) -> None:
        if ops:
            self.pages[-1].ops.append(Group(dx, dy, ops))

    def para(self, para: Para, width: float, next_first: float) -> None:
        s = self.section
        assert s is not None
        if para.page_break_before and not self.at_top:
            self.new_page()
        lines = para_lines(para, width, {"PAGE": str(len(self.pages))})
        if para.keep_next and not self.at_top:
            needed = para.before + sum(line.height for line in lines) + para.after + next_first
            if self.y + needed > self.bottom:
                self.new_page()
        if not self.at_top:
            self.y += para.before
        if para.border_top:
            self.put([Rule(para.left, 0, width - para.right, 0)], s.left, self.y)
        for line in lines:
            if self.y + line.height > self.bottom and not self.at_top:
                self.new_page()
            self.put(line.ops, s.left, self.y + line.ascent)
            self.y += line.height
            if line.page_break:
                self.new_page()
        if para.border_bottom:
            self.put([Rule(para.left, 0, width - para.right, 0)], s.left, self.y)
        self.y += para.after

    def table(self, table: Table, width: float) -> None:
        s = self.section
        assert s is not None
        rows = _rows(table, width, {})
        headers = [r for r in rows[:len(rows)] if r.header]
        headers = headers if len(headers) < len(rows) and all(r.header for r in rows[:len(headers)]) else []
        for i, row in enumerate(rows):
            if self.y + row.height > self.bottom and not self.at_top:
                self.new_page()
                if i >= len(headers):
                    for header in headers:  # repeated at the top of each page the table spans
                        self.put(header.ops, s.left, self.y)
                        self.y += header.height
            self.put(row.ops, s.left, self.y)
            self.y += row.height


def _first_line_height(block: Any, width: float) -> float:
    if isinstance(block, Para):
        lines = para_lines(block, width, {})
        return block.before + (lines[0].height if lines else 0.0)
    if isinstance(block, Table) and block.rows:
        rows = _rows(Table(block.rows[:1], block.widths, block.borders, block.pad_left, block.pad_right), width, {})
        return rows[0].height
    return 0.0


def layout(sections: list[Section], progress: Callable[[int], None] | None = None) -> list[Page]:
    """Every page of the document; `progress(pages)` is called as pages are made."""
    flow = _Flow((lambda: progress(len(flow.pages))) if progress else None)
    for section in sections:
        flow.start(section)
        flow.new_page()
        width = section.width - section.left - section.right
        for i, block in enumerate(section.blocks):
            if isinstance(block, Para):
                after = section.blocks[i + 1] if i + 1 < len(section.blocks) and block.keep_next else None
                flow.para(block, width, _first_line_height(after, width) if after is not None else 0.0)
            else:
                flow.table(block, width)
    total = str(len(flow.pages))
    for number, (page, section) in enumerate(zip(flow.pages, flow.sections), start=1):
        width = section.width - section.left - section.right
        fields = {"PAGE": str(number), "NUMPAGES": total}
        if section.header:
            _, ops = box(section.header, width, fields)
            page.ops.append(Group(section.left, section.header_distance, ops))
        if section.footer:
            height, ops = box(section.footer, width, fields)
            page.ops.append(Group(section.left, section.height - section.footer_distance - height, ops))
    return flow.pages


def flat(ops: list[Any], dx: float = 0.0, dy: float = 0.0):  # type: ignore[no-untyped-def]
    """(op, dx, dy) for every drawing op, groups opened: draw op at its place + (dx, dy)."""
    for op in ops:
        if isinstance(op, Group):
            yield from flat(op.ops, dx + op.dx, dy + op.dy)
        else:
            yield op, dx, dy
