"""Formatting as Word resolves it: a run's and a paragraph's properties read from their XML, and
the document's styles (defaults, each style along its `basedOn` chain)."""

from __future__ import annotations

from typing import Any

from .fonts import SERIF, family_of
from .wordml import TWIP, T, on, twips, val, w

NO_PROPERTIES: dict[str, Any] = {}


def _cached(read):  # type: ignore[no-untyped-def]
    """Properties read once per distinct XML (a long list repeats the same few thousand times).
    The dicts returned are shared: never change one."""
    from lxml.etree import tostring

    parsed: dict[bytes, dict[str, Any]] = {}

    def reader(element: Any) -> dict[str, Any]:
        if element is None:
            return NO_PROPERTIES
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
        if tag == T["b"]:
            out["bold"] = on(child)
        elif tag == T["i"]:
            out["italic"] = on(child)
        elif tag == T["u"]:
            out["underline"] = val(child) not in (None, "none", "0") or child.get(T["val"]) is None
        elif tag == T["sz"]:
            try:
                out["size"] = float(val(child) or 24) / 2
            except ValueError:
                pass
        elif tag == T["rFonts"]:
            name = val(child, "ascii") or val(child, "hAnsi")
            if name:
                out["family"] = family_of(name)
            elif val(child, "asciiTheme"):
                out["family"] = family_of("Calibri" if "minor" in val(child, "asciiTheme") else "Cambria")
        elif tag == T["caps"]:
            out["caps"] = on(child)
        elif tag == T["vanish"]:
            out["vanish"] = on(child)
        elif tag == T["rStyle"]:
            out["rstyle"] = val(child)
    return out


@_cached
def read_ppr(ppr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in ppr:
        tag = child.tag
        if tag == T["jc"]:
            value = val(child) or "left"
            out["align"] = {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
                            "center": "center", "right": "right"}.get(value, "left")
        elif tag == T["ind"]:
            for name, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
                if child.get(w(name)) is not None:
                    out[key] = twips(child.get(w(name)))
            if child.get(T["firstLine"]) is not None:
                out["first"] = twips(child.get(T["firstLine"]))
            if child.get(T["hanging"]) is not None:
                out["first"] = -twips(child.get(T["hanging"]))
        elif tag == T["spacing"]:
            if child.get(T["before"]) is not None:
                out["before"] = twips(child.get(T["before"]))
            if child.get(T["after"]) is not None:
                out["after"] = twips(child.get(T["after"]))
            if child.get(T["line"]) is not None:
                rule = child.get(T["lineRule"]) or "auto"
                value = float(child.get(T["line"]) or 240)
                out["line_rule"] = rule if rule in ("exact", "atLeast") else "auto"
                out["line"] = value / 240 if out["line_rule"] == "auto" else value * TWIP
        elif tag == T["pageBreakBefore"]:
            out["page_break_before"] = on(child)
        elif tag == T["keepNext"]:
            out["keep_next"] = on(child)
        elif tag == T["pBdr"]:
            for side in ("top", "bottom"):
                edge = child.find(w(side))
                if edge is not None:
                    out[f"border_{side}"] = val(edge) not in (None, "nil", "none")
        elif tag == T["tabs"]:
            out["tabs"] = tuple(sorted(twips(t.get(T["pos"])) for t in child.findall(T["tab"])
                                       if val(t) not in ("clear",)))
        elif tag == T["pStyle"]:
            out["pstyle"] = val(child)
        elif tag == T["rPr"]:
            out["mark"] = read_rpr(child)
    return out


RUN_KEYS = ("family", "bold", "italic", "underline", "size", "caps")
PARA_KEYS = ("align", "left", "right", "first", "before", "after", "line", "line_rule", "page_break_before",
              "keep_next", "border_top", "border_bottom", "tabs")


class Styles:
    """The document's styles: defaults, and each style's paragraph and run properties merged
    along its `basedOn` chain."""

    def __init__(self, element: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self.default_para = self.default_table = None
        defaults = element.find(T["docDefaults"]) if element is not None else None
        rpr_default = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        ppr_default = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        self.run_defaults = {"size": 10.0, "family": SERIF} | read_rpr(rpr_default)
        self.para_defaults = read_ppr(ppr_default)
        for style in (element.findall(T["style"]) if element is not None else []):
            style_id = style.get(T["styleId"])
            self._by_id[style_id] = style
            if style.get(T["default"]) in ("1", "true"):
                kind = style.get(T["type"])
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
            based = style.find(T["basedOn"])
            style_id = val(based)
        return out[::-1]

    def props(self, kind: str, style_id: str | None) -> dict[str, Any]:
        """Merged properties of a style ('ppr', 'rpr' or 'tblpr' borders) along its chain."""
        key = (kind, style_id)
        if key not in self._cache:
            merged: dict[str, Any] = {}
            for style in self.chain(style_id):
                if kind == "ppr":
                    merged |= read_ppr(style.find(T["pPr"]))
                elif kind == "rpr":
                    merged |= read_rpr(style.find(T["rPr"]))
                else:
                    merged |= borders_of(style.find(f"{w('tblPr')}/{w('tblBorders')}"))
            self._cache[key] = merged
        return self._cache[key]


def borders_of(element: Any) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if element is None:
        return out
    for child in element:
        side = child.tag.rsplit("}", 1)[-1]
        side = {"start": "left", "end": "right"}.get(side, side)
        out[side] = val(child) not in (None, "nil", "none")
    return out


