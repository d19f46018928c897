"""CSV text built column-wise with Arrow compute kernels (no Python loop over rows)."""

from __future__ import annotations

from typing import BinaryIO, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_NEEDS_QUOTES = '[",\r\n]'


def quote(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """RFC 4180: quote a value only when it holds a comma, a quote or a line break."""
    values = pc.cast(values, pa.string())
    needs = pc.match_substring_regex(values, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return values
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, values)


def encode_rows(columns: Sequence[pa.Array | pa.ChunkedArray]) -> pa.Array | pa.ChunkedArray:
    """One CSV line (without line break) per row of the given text columns."""
    if not columns:
        raise ValueError("no columns")
    if len(columns) == 1:
        return quote(columns[0])
    return pc.binary_join_element_wise(*[quote(c) for c in columns], ",")


def encode_header(names: Sequence[str]) -> str:
    return ",".join(quote(pa.array(list(names), pa.string())).to_pylist())


def write_lines(out: BinaryIO, lines: pa.Array | pa.ChunkedArray) -> None:
    """Write each value followed by '\\n', straight from Arrow's buffers."""
    with_newline = pc.binary_join_element_wise(lines, "\n", "")
    chunks = with_newline.chunks if isinstance(with_newline, pa.ChunkedArray) else [with_newline]
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        if chunk.null_count:
            chunk = pc.fill_null(chunk, "\n")
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset: chunk.offset + len(chunk) + 1]
        data = chunk.buffers()[2]
        out.write(memoryview(data)[offsets[0]: offsets[-1]])
