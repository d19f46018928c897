"""A Word document (.docx) read into what the layout needs: sections (page size, margins, header
and footer) holding paragraphs and tables, with the formatting Word would apply resolved from
the document defaults, the styles and the direct formatting.

What is read: paragraphs (alignment, indents, spacing, line spacing, page break before, keep with
next, top/bottom border, tab stops) and their runs (font family, size, bold, italic, underline,
all caps, hidden), tabs, line and page breaks, PAGE and NUMPAGES fields (simple or complex),
hyperlinks, insertions, content controls; tables (grid widths, cell spans, cell margins,
borders from the table, its style or the cell, shading, header rows, row height); sections
(orientation, size, margins, header and footer distances, default header and footer).
Not read: images, text boxes, footnotes, numbering (list bullets), columns, deletions.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from typing import Any

from .fonts import SERIF
from .styles import NO_PROPERTIES, PARA_KEYS, RUN_KEYS, Styles, borders_of, read_ppr, read_rpr
from .wordml import FIELDS, R, T, W, _P, _R, _T, _TBL, _TC, _TR, on, twips, val, w

@dataclass(frozen=True)
class RunStyle:
    family: str = SERIF
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 12.0
    caps: bool = False


@dataclass
class Piece:
    kind: str  # text, tab, br (line break), page (page break), field (PAGE / NUMPAGES)
    text: str
    style: RunStyle


@dataclass
class Para:
    pieces: list[Piece]
    style: RunStyle  # the paragraph mark's: the height of an empty paragraph
    align: str = "left"  # left, center, right, justify
    left: float = 0.0
    right: float = 0.0
    first: float = 0.0  # first-line indent (negative: hanging)
    before: float = 0.0
    after: float = 0.0
    line: float = 1.0  # a multiple (line_rule auto) or points (exact, atLeast)
    line_rule: str = "auto"
    page_break_before: bool = False
    keep_next: bool = False
    border_top: bool = False
    border_bottom: bool = False
    tabs: tuple[float, ...] = ()


@dataclass
class Cell:
    blocks: list[Any]  # Para | Table
    span: int = 1
    borders: dict[str, bool] = field(default_factory=dict)  # side -> drawn; absent: the table's
    fill: str | None = None  # RRGGBB


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False
    height: float = 0.0  # at least


@dataclass
class Table:
    rows: list[Row]
    widths: list[float]  # the grid's columns, points
    borders: dict[str, bool]  # top, left, bottom, right, insideH, insideV
    pad_left: float = 5.4
    pad_right: float = 5.4
    indent: float = 0.0


@dataclass
class Section:
    width: float = 612.0
    height: float = 792.0
    top: float = 72.0
    bottom: float = 72.0
    left: float = 72.0
    right: float = 72.0
    header_distance: float = 36.0
    footer_distance: float = 36.0
    blocks: list[Any] = field(default_factory=list)
    header: list[Any] = field(default_factory=list)
    footer: list[Any] = field(default_factory=list)


# ------------------------------------------------------------------ reading

class Reader:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self._run_style_cache: dict[tuple[Any, ...], tuple[RunStyle, bool, dict[str, Any]]] = {}
        self._para_cache: dict[int, tuple[Para, dict[str, Any], str | None, dict[str, Any]]] = {}

    def blocks(self, container: Any) -> list[Any]:
        out: list[Any] = []
        for child in container:
            if child.tag == _P:
                out.append(self.para(child))
            elif child.tag == _TBL:
                out.append(self.table(child))
            elif child.tag == T["sdt"]:
                content = child.find(T["sdtContent"])
                if content is not None:
                    out += self.blocks(content)
        return out

    def _run_style(self, base: dict[str, Any], pstyle: str | None, direct: dict[str, Any]) -> tuple[RunStyle, bool]:
        key = (pstyle, tuple(direct.items()))
        found = self._run_style_cache.get(key)
        if found is None:
            rstyle = direct.get("rstyle")
            merged = dict(base)
            merged |= self.styles.props("rpr", rstyle) if rstyle else {}
            merged |= direct
            found = (RunStyle(**{k: merged[k] for k in RUN_KEYS if k in merged}), bool(merged.get("vanish")), direct)
            self._run_style_cache[key] = found
        return found[0], found[1]

    def para(self, p: Any) -> Para:
        # `direct` is read_ppr's shared dict for this XML: the same formatting, the same object.
        direct = read_ppr(p.find(T["pPr"]))
        found = self._para_cache.get(id(direct))
        if found is None:
            pstyle = direct.get("pstyle") or self.styles.default_para
            props = dict(self.styles.para_defaults) | self.styles.props("ppr", pstyle) | direct
            base = dict(self.styles.run_defaults) | self.styles.props("rpr", pstyle)
            mark, _ = self._run_style(base, pstyle, direct.get("mark", NO_PROPERTIES))
            prototype = Para([], mark, **{k: props[k] for k in PARA_KEYS if k in props})
            found = self._para_cache[id(direct)] = (prototype, base, pstyle, direct)  # keeps `direct` alive
        prototype, base, pstyle, _ = found
        para = copy.copy(prototype)
        para.pieces = []
        self._content(p, base, pstyle, para.pieces, [])
        return para

    def _content(self, parent: Any, base: dict[str, Any], pstyle: str | None, pieces: list[Piece],
                 fields: list[dict[str, Any]]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._run(child, base, pstyle, pieces, fields)
            elif tag == T["fldSimple"]:
                instruction = (child.get(T["instr"]) or "").split()
                name = instruction[0].upper() if instruction else ""
                if name in FIELDS:
                    run = child.find(_R)
                    style, _ = self._run_style(base, pstyle, read_rpr(run.find(T["rPr"]) if run is not None else None))
                    pieces.append(Piece("field", name, style))
                else:
                    self._content(child, base, pstyle, pieces, fields)
            elif tag in (T["hyperlink"], T["ins"], T["smartTag"], T["customXml"], T["moveTo"]):
                self._content(child, base, pstyle, pieces, fields)
            elif tag == T["sdt"]:
                content = child.find(T["sdtContent"])
                if content is not None:
                    self._content(content, base, pstyle, pieces, fields)

    def _run(self, r: Any, base: dict[str, Any], pstyle: str | None, pieces: list[Piece],
             fields: list[dict[str, Any]]) -> None:
        style, hidden = self._run_style(base, pstyle, read_rpr(r.find(T["rPr"])))
        for child in r:
            tag = child.tag
            if tag == T["fldChar"]:
                kind = val(child, "fldCharType")
                if kind == "begin":
                    fields.append({"instr": "", "result": False})
                elif kind == "separate" and fields:
                    fields[-1]["result"] = True
                    name = fields[-1]["instr"].split()[0].upper() if fields[-1]["instr"].split() else ""
                    if name in FIELDS:
                        pieces.append(Piece("field", name, style))
                elif kind == "end" and fields:
                    field_ = fields.pop()
                    name = field_["instr"].split()[0].upper() if field_["instr"].split() else ""
                    if name in FIELDS and not field_["result"]:
                        pieces.append(Piece("field", name, style))
                continue
            if fields and not fields[-1]["result"]:  # inside a field's instruction
                if tag == T["instrText"]:
                    fields[-1]["instr"] += child.text or ""
                continue
            if fields and fields[-1]["instr"].split() and fields[-1]["instr"].split()[0].upper() in FIELDS:
                continue  # the cached result of PAGE / NUMPAGES: drawn from the real numbers
            if hidden:
                continue
            if tag == _T:
                text = child.text or ""
                if text:
                    pieces.append(Piece("text", text.upper() if style.caps else text, style))
            elif tag == T["tab"]:
                pieces.append(Piece("tab", "", style))
            elif tag in (T["br"], T["cr"]):
                pieces.append(Piece("page" if val(child, "type") == "page" else "br", "", style))
            elif tag == T["noBreakHyphen"]:
                pieces.append(Piece("text", "-", style))
            elif tag == T["sym"]:
                try:
                    pieces.append(Piece("text", chr(int(val(child, "char") or "3F", 16)), style))
                except ValueError:
                    pass

    def table(self, tbl: Any) -> Table:
        tblpr = tbl.find(T["tblPr"])
        style_id = val(tblpr.find(T["tblStyle"])) if tblpr is not None else None
        borders = dict(self.styles.props("tblpr", style_id or self.styles.default_table))
        borders |= borders_of(tblpr.find(T["tblBorders"]) if tblpr is not None else None)
        widths = [twips(c.get(T["w"])) for c in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        pad_left = pad_right = 5.4
        indent = 0.0
        if tblpr is not None:
            margins = tblpr.find(T["tblCellMar"])
            if margins is not None:
                for side, attr in (("left", "pad_left"), ("start", "pad_left"), ("right", "pad_right"),
                                   ("end", "pad_right")):
                    edge = margins.find(w(side))
                    if edge is not None:
                        if attr == "pad_left":
                            pad_left = twips(val(edge, "w"), 5.4)
                        else:
                            pad_right = twips(val(edge, "w"), 5.4)
            ind = tblpr.find(T["tblInd"])
            indent = twips(val(ind, "w")) if ind is not None else 0.0
        rows = []
        for tr in tbl.iterchildren(_TR):
            trpr = tr.find(T["trPr"])
            header = trpr is not None and on(trpr.find(T["tblHeader"]))
            height = twips(val(trpr.find(T["trHeight"]))) if trpr is not None else 0.0
            cells = []
            for tc in tr.iterchildren(_TC):
                tcpr = tc.find(T["tcPr"])
                span, fill, cell_borders = 1, None, {}
                if tcpr is not None:
                    grid_span = tcpr.find(T["gridSpan"])
                    span = int(val(grid_span) or 1) if grid_span is not None else 1
                    shade = tcpr.find(T["shd"])
                    fill = val(shade, "fill") if shade is not None else None
                    fill = fill if fill and fill.lower() not in ("auto", "ffffff") else None
                    cell_borders = borders_of(tcpr.find(T["tcBorders"]))
                cells.append(Cell(self.blocks(tc), span, cell_borders, fill))
            rows.append(Row(cells, header, height))
        if not widths:
            columns = max((sum(c.span for c in r.cells) for r in rows), default=1)
            widths = [468.0 / columns] * columns
        return Table(rows, widths, borders, pad_left, pad_right, indent)


def _section_props(sect: Any, section: Section) -> None:
    if sect is None:
        return
    size = sect.find(T["pgSz"])
    if size is not None:
        section.width = twips(size.get(T["w"]), section.width)
        section.height = twips(size.get(T["h"]), section.height)
    margins = sect.find(T["pgMar"])
    if margins is not None:
        for name in ("top", "bottom", "left", "right"):
            setattr(section, name, abs(twips(margins.get(w(name)), getattr(section, name))))
        section.header_distance = twips(margins.get(T["header"]), section.header_distance)
        section.footer_distance = twips(margins.get(T["footer"]), section.footer_distance)




def _parse(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))


def read_docx(data: bytes) -> list[Section]:
    """The document's sections, in order, each with its blocks, header and footer (the default
    ones; a section without its own uses the previous section's)."""
    import posixpath
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        document = _parse(package.read("word/document.xml"))
        styles = _parse(package.read("word/styles.xml")) if "word/styles.xml" in names else None
        rels = _parse(package.read("word/_rels/document.xml.rels")) if "word/_rels/document.xml.rels" in names \
            else None
        targets = {r.get("Id"): posixpath.normpath(posixpath.join("word", r.get("Target", "")))
                   for r in (rels if rels is not None else []) if r.get("TargetMode") != "External"}
        parts = {rid: _parse(package.read(target)) for rid, target in targets.items()
                 if target in names and ("header" in target or "footer" in target)}
    reader = Reader(Styles(styles))
    body = document.find(T["body"])
    sections: list[Section] = []
    current = Section()
    properties: list[Any] = []
    for child in body:
        if child.tag == _P:
            current.blocks.append(reader.para(child))
            ppr = child.find(T["pPr"])
            sect = ppr.find(T["sectPr"]) if ppr is not None else None
            if sect is not None:
                sections.append(current)
                properties.append(sect)
                current = Section()
        elif child.tag == _TBL:
            current.blocks.append(reader.table(child))
        elif child.tag == T["sdt"] and child.find(T["sdtContent"]) is not None:
            current.blocks += reader.blocks(child.find(T["sdtContent"]))
        elif child.tag == T["sectPr"]:
            properties.append(child)
    sections.append(current)
    properties += [None] * (len(sections) - len(properties))
    header: list[Any] = []
    footer: list[Any] = []
    for section, sect in zip(sections, properties):
        _section_props(sect, section)
        for kind in ("header", "footer"):
            ref = None
            if sect is not None:
                ref = next((r for r in sect.findall(f"{{{W}}}{kind}Reference") if val(r, "type") in (None, "default")),
                           None)
            rid = ref.get(f"{{{R}}}id") if ref is not None else None
            if rid in parts:
                blocks = reader.blocks(parts[rid])
                header, footer = (blocks, footer) if kind == "header" else (header, blocks)
        section.header, section.footer = header, footer
    return sections
