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
from typing import Any, Iterator

from docx.oxml.ns import nsmap as _NAMESPACES

from .fonts import SERIF, family_of

W = _NAMESPACES["w"]  # WordprocessingML's namespace (a name, not an address: nothing is fetched)
_P, _R, _T, _TBL, _TR, _TC = (f"{{{W}}}{t}" for t in ("p", "r", "t", "tbl", "tr", "tc"))
TWIP = 1 / 20.0  # points per twentieth of a point
FIELDS = ("PAGE", "NUMPAGES")


_W_after = f"{{{W}}}after"
_W_b = f"{{{W}}}b"
_W_basedOn = f"{{{W}}}basedOn"
_W_before = f"{{{W}}}before"
_W_br = f"{{{W}}}br"
_W_caps = f"{{{W}}}caps"
_W_cr = f"{{{W}}}cr"
_W_customXml = f"{{{W}}}customXml"
_W_default = f"{{{W}}}default"
_W_docDefaults = f"{{{W}}}docDefaults"
_W_firstLine = f"{{{W}}}firstLine"
_W_fldChar = f"{{{W}}}fldChar"
_W_fldSimple = f"{{{W}}}fldSimple"
_W_footer = f"{{{W}}}footer"
_W_gridSpan = f"{{{W}}}gridSpan"
_W_h = f"{{{W}}}h"
_W_hanging = f"{{{W}}}hanging"
_W_header = f"{{{W}}}header"
_W_hyperlink = f"{{{W}}}hyperlink"
_W_i = f"{{{W}}}i"
_W_ind = f"{{{W}}}ind"
_W_ins = f"{{{W}}}ins"
_W_instr = f"{{{W}}}instr"
_W_instrText = f"{{{W}}}instrText"
_W_jc = f"{{{W}}}jc"
_W_keepNext = f"{{{W}}}keepNext"
_W_line = f"{{{W}}}line"
_W_lineRule = f"{{{W}}}lineRule"
_W_moveTo = f"{{{W}}}moveTo"
_W_noBreakHyphen = f"{{{W}}}noBreakHyphen"
_W_pBdr = f"{{{W}}}pBdr"
_W_pPr = f"{{{W}}}pPr"
_W_pStyle = f"{{{W}}}pStyle"
_W_pageBreakBefore = f"{{{W}}}pageBreakBefore"
_W_pgMar = f"{{{W}}}pgMar"
_W_pgSz = f"{{{W}}}pgSz"
_W_pos = f"{{{W}}}pos"
_W_rFonts = f"{{{W}}}rFonts"
_W_rPr = f"{{{W}}}rPr"
_W_rStyle = f"{{{W}}}rStyle"
_W_sdt = f"{{{W}}}sdt"
_W_sdtContent = f"{{{W}}}sdtContent"
_W_sectPr = f"{{{W}}}sectPr"
_W_body = f"{{{W}}}body"
_W_shd = f"{{{W}}}shd"
_W_smartTag = f"{{{W}}}smartTag"
_W_spacing = f"{{{W}}}spacing"
_W_style = f"{{{W}}}style"
_W_styleId = f"{{{W}}}styleId"
_W_sym = f"{{{W}}}sym"
_W_sz = f"{{{W}}}sz"
_W_tab = f"{{{W}}}tab"
_W_tabs = f"{{{W}}}tabs"
_W_tblBorders = f"{{{W}}}tblBorders"
_W_tblCellMar = f"{{{W}}}tblCellMar"
_W_tblHeader = f"{{{W}}}tblHeader"
_W_tblInd = f"{{{W}}}tblInd"
_W_tblPr = f"{{{W}}}tblPr"
_W_tblStyle = f"{{{W}}}tblStyle"
_W_tcBorders = f"{{{W}}}tcBorders"
_W_tcPr = f"{{{W}}}tcPr"
_W_trHeight = f"{{{W}}}trHeight"
_W_trPr = f"{{{W}}}trPr"
_W_type = f"{{{W}}}type"
_W_u = f"{{{W}}}u"
_W_val = f"{{{W}}}val"
_W_vanish = f"{{{W}}}vanish"
_W_w = f"{{{W}}}w"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: Any, name: str = "val") -> str | None:
    return element.get(_w(name)) if element is not None else None


def _on(element: Any) -> bool:
    """A toggle property: present and not switched off."""
    return element is not None and _val(element) not in ("0", "false", "off", "none")


def _twips(text: str | None, default: float = 0.0) -> float:
    try:
        return float(text) * TWIP if text is not None else default
    except ValueError:
        return default


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


# ------------------------------------------------------------------ properties

_NONE: dict[str, Any] = {}


def _cached(read):  # type: ignore[no-untyped-def]
    """Properties read once per distinct XML (a long list repeats the same few thousand times).
    The dicts returned are shared: never change one."""
    from lxml.etree import tostring

    parsed: dict[bytes, dict[str, Any]] = {}

    def reader(element: Any) -> dict[str, Any]:
        if element is None:
            return _NONE
        key = tostring(element)
        found = parsed.get(key)
        if found is None:
            if len(parsed) > 10_000:
                parsed.clear()
            found = parsed[key] = read(element)
        return found
    return reader


def read_rpr(rpr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = child.tag
        if tag == _W_b:
            out["bold"] = _on(child)
        elif tag == _W_i:
            out["italic"] = _on(child)
        elif tag == _W_u:
            out["underline"] = _val(child) not in (None, "none", "0") or child.get(_W_val) is None
        elif tag == _W_sz:
            try:
                out["size"] = float(_val(child) or 24) / 2
            except ValueError:
                pass
        elif tag == _W_rFonts:
            name = _val(child, "ascii") or _val(child, "hAnsi")
            if name:
                out["family"] = family_of(name)
            elif _val(child, "asciiTheme"):
                out["family"] = family_of("Calibri" if "minor" in _val(child, "asciiTheme") else "Cambria")
        elif tag == _W_caps:
            out["caps"] = _on(child)
        elif tag == _W_vanish:
            out["vanish"] = _on(child)
        elif tag == _W_rStyle:
            out["rstyle"] = _val(child)
    return out


@_cached
def read_ppr(ppr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in ppr:
        tag = child.tag
        if tag == _W_jc:
            value = _val(child) or "left"
            out["align"] = {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
                            "center": "center", "right": "right"}.get(value, "left")
        elif tag == _W_ind:
            for name, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
                if child.get(_w(name)) is not None:
                    out[key] = _twips(child.get(_w(name)))
            if child.get(_W_firstLine) is not None:
                out["first"] = _twips(child.get(_W_firstLine))
            if child.get(_W_hanging) is not None:
                out["first"] = -_twips(child.get(_W_hanging))
        elif tag == _W_spacing:
            if child.get(_W_before) is not None:
                out["before"] = _twips(child.get(_W_before))
            if child.get(_W_after) is not None:
                out["after"] = _twips(child.get(_W_after))
            if child.get(_W_line) is not None:
                rule = child.get(_W_lineRule) or "auto"
                value = float(child.get(_W_line) or 240)
                out["line_rule"] = rule if rule in ("exact", "atLeast") else "auto"
                out["line"] = value / 240 if out["line_rule"] == "auto" else value * TWIP
        elif tag == _W_pageBreakBefore:
            out["page_break_before"] = _on(child)
        elif tag == _W_keepNext:
            out["keep_next"] = _on(child)
        elif tag == _W_pBdr:
            for side in ("top", "bottom"):
                edge = child.find(_w(side))
                if edge is not None:
                    out[f"border_{side}"] = _val(edge) not in (None, "nil", "none")
        elif tag == _W_tabs:
            out["tabs"] = tuple(sorted(_twips(t.get(_W_pos)) for t in child.findall(_W_tab)
                                       if _val(t) not in ("clear",)))
        elif tag == _W_pStyle:
            out["pstyle"] = _val(child)
        elif tag == _W_rPr:
            out["mark"] = read_rpr(child)
    return out


_RUN_KEYS = ("family", "bold", "italic", "underline", "size", "caps")
_PARA_KEYS = ("align", "left", "right", "first", "before", "after", "line", "line_rule", "page_break_before",
              "keep_next", "border_top", "border_bottom", "tabs")


class Styles:
    """The document's styles: defaults, and each style's paragraph and run properties merged
    along its `basedOn` chain."""

    def __init__(self, element: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self.default_para = self.default_table = None
        defaults = element.find(_W_docDefaults) if element is not None else None
        rpr_default = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}") if defaults is not None else None
        ppr_default = defaults.find(f"{_w('pPrDefault')}/{_w('pPr')}") if defaults is not None else None
        self.run_defaults = {"size": 10.0, "family": SERIF} | read_rpr(rpr_default)
        self.para_defaults = read_ppr(ppr_default)
        for style in (element.findall(_W_style) if element is not None else []):
            style_id = style.get(_W_styleId)
            self._by_id[style_id] = style
            if style.get(_W_default) in ("1", "true"):
                kind = style.get(_W_type)
                if kind == "paragraph":
                    self.default_para = style_id
                elif kind == "table":
                    self.default_table = style_id
        self._cache: dict[tuple[str, str | None], dict[str, Any]] = {}

    def chain(self, style_id: str | None) -> list[Any]:
        out: list[Any] = []
        while style_id and style_id in self._by_id and len(out) < 20:
            style = self._by_id[style_id]
            out.append(style)
            based = style.find(_W_basedOn)
            style_id = _val(based)
        return out[::-1]

    def props(self, kind: str, style_id: str | None) -> dict[str, Any]:
        """Merged properties of a style ('ppr', 'rpr' or 'tblpr' borders) along its chain."""
        key = (kind, style_id)
        if key not in self._cache:
            merged: dict[str, Any] = {}
            for style in self.chain(style_id):
                if kind == "ppr":
                    merged |= read_ppr(style.find(_W_pPr))
                elif kind == "rpr":
                    merged |= read_rpr(style.find(_W_rPr))
                else:
                    merged |= _borders(style.find(f"{_w('tblPr')}/{_w('tblBorders')}"))
            self._cache[key] = merged
        return self._cache[key]


def _borders(element: Any) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if element is None:
        return out
    for child in element:
        side = child.tag.rsplit("}", 1)[-1]
        side = {"start": "left", "end": "right"}.get(side, side)
        out[side] = _val(child) not in (None, "nil", "none")
    return out


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
            elif child.tag == _W_sdt:
                content = child.find(_W_sdtContent)
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
            found = (RunStyle(**{k: merged[k] for k in _RUN_KEYS if k in merged}), bool(merged.get("vanish")), direct)
            self._run_style_cache[key] = found
        return found[0], found[1]

    def para(self, p: Any) -> Para:
        # `direct` is read_ppr's shared dict for this XML: the same formatting, the same object.
        direct = read_ppr(p.find(_W_pPr))
        found = self._para_cache.get(id(direct))
        if found is None:
            pstyle = direct.get("pstyle") or self.styles.default_para
            props = dict(self.styles.para_defaults) | self.styles.props("ppr", pstyle) | direct
            base = dict(self.styles.run_defaults) | self.styles.props("rpr", pstyle)
            mark, _ = self._run_style(base, pstyle, direct.get("mark", _NONE))
            prototype = Para([], mark, **{k: props[k] for k in _PARA_KEYS if k in props})
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
            elif tag == _W_fldSimple:
                instruction = (child.get(_W_instr) or "").split()
                name = instruction[0].upper() if instruction else ""
                if name in FIELDS:
                    run = child.find(_R)
                    style, _ = self._run_style(base, pstyle, read_rpr(run.find(_W_rPr) if run is not None else None))
                    pieces.append(Piece("field", name, style))
                else:
                    self._content(child, base, pstyle, pieces, fields)
            elif tag in (_W_hyperlink, _W_ins, _W_smartTag, _W_customXml, _W_moveTo):
                self._content(child, base, pstyle, pieces, fields)
            elif tag == _W_sdt:
                content = child.find(_W_sdtContent)
                if content is not None:
                    self._content(content, base, pstyle, pieces, fields)

    def _run(self, r: Any, base: dict[str, Any], pstyle: str | None, pieces: list[Piece],
             fields: list[dict[str, Any]]) -> None:
        style, hidden = self._run_style(base, pstyle, read_rpr(r.find(_W_rPr)))
        for child in r:
            tag = child.tag
            if tag == _W_fldChar:
                kind = _val(child, "fldCharType")
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
                if tag == _W_instrText:
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
            elif tag == _W_tab:
                pieces.append(Piece("tab", "", style))
            elif tag in (_W_br, _W_cr):
                pieces.append(Piece("page" if _val(child, "type") == "page" else "br", "", style))
            elif tag == _W_noBreakHyphen:
                pieces.append(Piece("text", "-", style))
            elif tag == _W_sym:
                try:
                    pieces.append(Piece("text", chr(int(_val(child, "char") or "3F", 16)), style))
                except ValueError:
                    pass

    def table(self, tbl: Any) -> Table:
        tblpr = tbl.find(_W_tblPr)
        style_id = _val(tblpr.find(_W_tblStyle)) if tblpr is not None else None
        borders = dict(self.styles.props("tblpr", style_id or self.styles.default_table))
        borders |= _borders(tblpr.find(_W_tblBorders) if tblpr is not None else None)
        widths = [_twips(c.get(_W_w)) for c in tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}")]
        pad_left = pad_right = 5.4
        indent = 0.0
        if tblpr is not None:
            margins = tblpr.find(_W_tblCellMar)
            if margins is not None:
                for side, attr in (("left", "pad_left"), ("start", "pad_left"), ("right", "pad_right"),
                                   ("end", "pad_right")):
                    edge = margins.find(_w(side))
                    if edge is not None:
                        if attr == "pad_left":
                            pad_left = _twips(_val(edge, "w"), 5.4)
                        else:
                            pad_right = _twips(_val(edge, "w"), 5.4)
            ind = tblpr.find(_W_tblInd)
            indent = _twips(_val(ind, "w")) if ind is not None else 0.0
        rows = []
        for tr in tbl.iterchildren(_TR):
            trpr = tr.find(_W_trPr)
            header = trpr is not None and _on(trpr.find(_W_tblHeader))
            height = _twips(_val(trpr.find(_W_trHeight))) if trpr is not None else 0.0
            cells = []
            for tc in tr.iterchildren(_TC):
                tcpr = tc.find(_W_tcPr)
                span, fill, cell_borders = 1, None, {}
                if tcpr is not None:
                    grid_span = tcpr.find(_W_gridSpan)
                    span = int(_val(grid_span) or 1) if grid_span is not None else 1
                    shade = tcpr.find(_W_shd)
                    fill = _val(shade, "fill") if shade is not None else None
                    fill = fill if fill and fill.lower() not in ("auto", "ffffff") else None
                    cell_borders = _borders(tcpr.find(_W_tcBorders))
                cells.append(Cell(self.blocks(tc), span, cell_borders, fill))
            rows.append(Row(cells, header, height))
        if not widths:
            columns = max((sum(c.span for c in r.cells) for r in rows), default=1)
            widths = [468.0 / columns] * columns
        return Table(rows, widths, borders, pad_left, pad_right, indent)


def _section_props(sect: Any, section: Section) -> None:
    if sect is None:
        return
    size = sect.find(_W_pgSz)
    if size is not None:
        section.width = _twips(size.get(_W_w), section.width)
        section.height = _twips(size.get(_W_h), section.height)
    margins = sect.find(_W_pgMar)
    if margins is not None:
        for name in ("top", "bottom", "left", "right"):
            setattr(section, name, abs(_twips(margins.get(_w(name)), getattr(section, name))))
        section.header_distance = _twips(margins.get(_W_header), section.header_distance)
        section.footer_distance = _twips(margins.get(_W_footer), section.footer_distance)


R = _NAMESPACES["r"]


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
    body = document.find(_W_body)
    sections: list[Section] = []
    current = Section()
    properties: list[Any] = []
    for child in body:
        if child.tag == _P:
            current.blocks.append(reader.para(child))
            ppr = child.find(_W_pPr)
            sect = ppr.find(_W_sectPr) if ppr is not None else None
            if sect is not None:
                sections.append(current)
                properties.append(sect)
                current = Section()
        elif child.tag == _TBL:
            current.blocks.append(reader.table(child))
        elif child.tag == _W_sdt and child.find(_W_sdtContent) is not None:
            current.blocks += reader.blocks(child.find(_W_sdtContent))
        elif child.tag == _W_sectPr:
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
                ref = next((r for r in sect.findall(_w(f"{kind}Reference")) if _val(r, "type") in (None, "default")),
                           None)
            rid = ref.get(f"{{{R}}}id") if ref is not None else None
            if rid in parts:
                blocks = reader.blocks(parts[rid])
                header, footer = (blocks, footer) if kind == "header" else (header, blocks)
        section.header, section.footer = header, footer
    return sections
