"""Worksheet rows as XML built column-wise with Arrow kernels, for the one large sheet of the
workbook (the evaluated convictions: ~40 columns, up to 10^5 rows and more).

XlsxWriter spends about 4 µs of Python on each cell; here a column of cells is a few Arrow
calls. The rows are exactly what XlsxWriter writes in its constant-memory mode (inline strings,
numbers as `{:.16G}`, control characters as `_xHHHH_`, `xml:space="preserve"` for leading or
trailing white space), so the sheet reads back the same; tests compare the XML byte for byte.
XlsxWriter still writes the workbook itself (header row, styles, frozen panes, filter, the other
sheets); `splice_rows` puts these rows into its sheet.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from typing import BinaryIO, Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from xlsxwriter.utility import xl_col_to_name

# Values whose XML needs more than escaping &, < and >: anything outside printable ASCII, text
# that looks like an _xHHHH_ escape, rich-text markup, or text too long for a cell. Rare in
# DOJ files; they are written by the per-value path below, as XlsxWriter writes them.
_SPECIAL = r"[^\x20-\x7e]|_x[0-9a-fA-F]{4}_|^<r>"
_MAX_CHARS = 16_383  # a longer value may exceed Excel's 32,767 UTF-16 units per cell
_MAX_UTF16 = 32_767
# Level 1: a third of level 6's time on the sheet XML, for a file about a third larger.
COMPRESS_LEVEL = 1


def text_cells(values: pa.Array) -> pa.Array:
    """What follows `<c r="A2"` in an inline-string cell, for each value of a column
    (` t="inlineStr"><is><t>...</t></is></c>`). Nulls are written as empty strings."""
    values = pc.fill_null(pc.cast(values, pa.string()), "")
    text = values
    if pc.any(pc.match_substring_regex(values, "[&<>]")).as_py():
        for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, raw, escaped)
    preserve = pc.if_else(pc.match_substring_regex(values, "^ | $"), ' xml:space="preserve"', "")
    cells = pc.binary_join_element_wise(' t="inlineStr"><is><t', preserve, ">", text, "</t></is></c>", "")
    special = pc.or_(pc.match_substring_regex(values, _SPECIAL), pc.greater(pc.utf8_length(values), _MAX_CHARS))
    if pc.any(special).as_py():
        at = pa.array(np.flatnonzero(special.to_numpy(zero_copy_only=False)))
        exact = [_text_cell(v) for v in pc.take(values, at).to_pylist()]
        cells = pc.replace_with_mask(cells, special, pa.array(exact, pa.string()))
    return cells


def number_cells(values: np.ndarray) -> pa.Array:
    """What follows `<c r="A2"` in a number cell (`><v>...</v></c>`), each distinct value
    formatted once."""
    # Distinct by bit pattern: -0.0 is written "-0", as XlsxWriter writes it.
    bits, codes = np.unique(np.ascontiguousarray(values, dtype=float).view(np.int64), return_inverse=True)
    text = pa.array([f"><v>{v:.16G}</v></c>" for v in bits.view(float)], pa.string())
    return text.take(pa.array(codes.ravel()))


def rows_xml(cells: Sequence[pa.Array], first_row: int) -> memoryview:
    """The `<row>` elements of rows `first_row`, `first_row + 1`, ... (1-based) whose columns
    hold `cells` (from `text_cells` / `number_cells`), one after another, as UTF-8 bytes (a
    view of the Arrow buffer, not a copy). One Arrow call joins the whole block."""
    rows = pc.cast(pa.array(np.arange(first_row, first_row + len(cells[0]), dtype=np.int64)), pa.string())
    parts: list[object] = ['<row r="', rows, '">']
    for column, values in enumerate(cells):
        parts += [f'<c r="{xl_col_to_name(column)}', rows, '"', values]
    joined = pc.binary_join_element_wise(*parts, "</row>", "")
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset: joined.offset + len(joined) + 1]
    return memoryview(joined.buffers()[2])[offsets[0]: offsets[-1]]


def splice_rows(book: BinaryIO, out: BinaryIO, sheet: int, blocks: Iterable[memoryview], last_row: int,
                last_column: int) -> None:
    """Copy the workbook `book` (as XlsxWriter wrote it) to `out`, with `blocks` of `<row>`
    elements after the existing rows of worksheet number `sheet` (1-based) and its dimension
    covering A1 to (`last_row`, `last_column`), both 1-based."""
    name = f"xl/worksheets/sheet{sheet}.xml"
    dimension = f'<dimension ref="A1:{xl_col_to_name(last_column - 1)}{last_row}"/>'
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                with source.open(info) as src, target.open(_copy_info(info), "w") as dst:
                    shutil.copyfileobj(src, dst)
                continue
            xml = source.read(info).decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            head = re.sub(r'<dimension ref="[^"]*"/>', dimension, head, count=1)
            with target.open(_copy_info(info), "w", force_zip64=True) as dst:
                dst.write(head.encode("utf-8"))
                for block in blocks:
                    dst.write(block)
                dst.write(("</sheetData>" + tail).encode("utf-8"))


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = zipfile.ZIP_DEFLATED
    # A ZipInfo given to ZipFile.open() brings its own level (the ZipFile's is not used); no
    # public setter before Python 3.13, which keeps this name as an alias of compress_level.
    copy._compresslevel = COMPRESS_LEVEL
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    return copy


def _text_cell(value: str) -> str:
    """One inline-string cell after its reference, exactly as XlsxWriter writes it
    (constant-memory mode)."""
    if len(value) > _MAX_CHARS and len(value.encode("utf-16-le", "surrogatepass")) // 2 > _MAX_UTF16:
        value = _utf16_truncate(value)
    value = re.sub("(_x[0-9a-fA-F]{4}_)", r"_x005F\1", value)
    value = re.sub(r"([\x00-\x08\x0b-\x1f])", lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    if value.startswith("<r>") and value.endswith("</r>"):  # XlsxWriter's rich string markup
        return f' t="inlineStr"><is>{value}</is></c>'
    preserve = ' xml:space="preserve"' if re.search(r"^\s", value) or re.search(r"\s$", value) else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{preserve}>{value}</t></is></c>'


def _utf16_truncate(value: str) -> str:
    units = 0
    for i, ch in enumerate(value):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > _MAX_UTF16:
            return value[:i]
    return value
