"""WordprocessingML's names (the tags and attributes the reader looks at) and the small readers of
attribute values every part of the .docx reader shares."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import nsmap as _NAMESPACES

W = _NAMESPACES["w"]  # WordprocessingML's namespace (a name, not an address: nothing is fetched)
R = _NAMESPACES["r"]  # relationships (headers and footers are found through them)
_P, _R, _T, _TBL, _TR, _TC = (f"{{{W}}}{t}" for t in ("p", "r", "t", "tbl", "tr", "tc"))
TWIP = 1 / 20.0  # points per twentieth of a point
FIELDS = ("PAGE", "NUMPAGES")




# Tag and attribute names by local name: T["b"] is "{namespace}b".
T: dict[str, str] = {name: f"{{{W}}}{name}" for name in (
    "after",
    "b",
    "basedOn",
    "before",
    "body",
    "br",
    "caps",
    "cr",
    "customXml",
    "default",
    "docDefaults",
    "firstLine",
    "fldChar",
    "fldSimple",
    "footer",
    "gridSpan",
    "h",
    "hanging",
    "header",
    "hyperlink",
    "i",
    "ind",
    "ins",
    "instr",
    "instrText",
    "jc",
    "keepNext",
    "line",
    "lineRule",
    "moveTo",
    "noBreakHyphen",
    "pBdr",
    "pPr",
    "pStyle",
    "pageBreakBefore",
    "pgMar",
    "pgSz",
    "pos",
    "rFonts",
    "rPr",
    "rStyle",
    "sdt",
    "sdtContent",
    "sectPr",
    "shd",
    "smartTag",
    "spacing",
    "style",
    "styleId",
    "sym",
    "sz",
    "tab",
    "tabs",
    "tblBorders",
    "tblCellMar",
    "tblHeader",
    "tblInd",
    "tblPr",
    "tblStyle",
    "tcBorders",
    "tcPr",
    "trHeight",
    "trPr",
    "type",
    "u",
    "val",
    "vanish",
    "w",
)}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def val(element: Any, name: str = "val") -> str | None:
    return element.get(w(name)) if element is not None else None


def on(element: Any) -> bool:
    """A toggle property: present and not switched off."""
    return element is not None and val(element) not in ("0", "false", "off", "none")


def twips(text: str | None, default: float = 0.0) -> float:
    try:
        return float(text) * TWIP if text is not None else default
    except ValueError:
        return default


