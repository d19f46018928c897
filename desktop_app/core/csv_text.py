"""CSV text built column-wise with Arrow compute kernels (no Python loop over rows)."""

from __future__ import annotations

from typing import BinaryIO, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_NEEDS_QUOTES = '[",\r\n]'
_SPECIAL_BYTES = np.frombuffer(b'",\r\n', dtype=np.uint8)


def quote(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """RFC 4180: quote a value only when it holds a comma, a quote or a line break."""
    values = pc.cast(values, pa.string())
    if not _any_special_byte(values):  # most columns: one pass over the bytes, no regex per value
        return values
    needs = pc.match_substring_regex(values, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return values
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, values)


def _any_special_byte(values: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any value holds a comma, a quote or a line break, from the text bytes at once."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    for chunk in chunks:
        if len(chunk) == 0 or chunk.buffers()[2] is None:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset: chunk.offset + len(chunk) + 1]
        text = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
        if (np.isin(text, _SPECIAL_BYTES)).any():
            return True
    return False


def encode_rows(columns: Sequence[pa.Array | pa.ChunkedArray]) -> pa.Array | pa.ChunkedArray:
    """One CSV line (without line break) per row of the given text columns."""
    if not columns:
        raise ValueError("no columns")
    if len(columns) == 1:
        return quote(columns[0])
    return pc.binary_join_element_wise(*[quote(c) for c in columns], ",")


def encode_header(names: Sequence[str]) -> str:
    return ",".join(quote(pa.array(list(names), pa.string())).to_pylist())


def line_buffers(lines: pa.Array | pa.ChunkedArray) -> list[memoryview]:
    """The bytes of each value followed by '\n', as views of Arrow buffers (no Python strings)."""
    with_newline = pc.binary_join_element_wise(lines, "\n", "")
    chunks = with_newline.chunks if isinstance(with_newline, pa.ChunkedArray) else [with_newline]
    views = []
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        if chunk.null_count:
            chunk = pc.fill_null(chunk, "\n")
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], dtype=offset_type)[chunk.offset: chunk.offset + len(chunk) + 1]
        views.append(memoryview(chunk.buffers()[2])[offsets[0]: offsets[-1]])
    return views


class BackgroundWriter:
    """Writes buffers in a second thread so the next piece is computed meanwhile (file writes
    release the GIL). At most one piece waits; errors surface on the next call or on close."""

    def __init__(self, out: BinaryIO) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._out = out
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending = None

    def write(self, buffers: list[memoryview]) -> None:
        self.wait()
        self._pending = self._pool.submit(lambda: [self._out.write(b) for b in buffers])

    def wait(self) -> None:
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)
