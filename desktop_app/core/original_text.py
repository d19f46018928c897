"""Each row's original CSV text, read back from its input file window by window (a large file's
text is never held in memory whole). Used to write the 95 original fields untouched."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .records import LINE_INDEX, STRIP_COMMA, LineSource, Records
from .schema import SOURCE_FILE

WINDOW_LINES = 10_000
SPARSE = 8  # fewer than 1 line in SPARSE of a window wanted: read those lines alone


def original_lines(records: Records, rows: np.ndarray) -> Iterator[tuple[np.ndarray, pa.Array]]:
    """Yield (rows, text) pieces in the order given; `rows` must be in file and line order
    (as records.frame is). The text has no line break and no trailing extra empty field.
    The next window is read in a second thread while the caller works on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for piece in _pieces(records, rows):
            future = pool.submit(_read_piece, records, piece)
            if pending is not None:
                yield pending.result()
            pending = future
        if pending is not None:
            yield pending.result()


def _read_piece(records: Records, piece: tuple[np.ndarray, int, np.ndarray, np.ndarray]
                ) -> tuple[np.ndarray, pa.Array]:
    rows, file_index, lines, strip = piece
    text = _read_window(records.sources[file_index], lines)
    return rows, _strip_trailing_comma(text, strip)


def _pieces(records: Records, rows: np.ndarray) -> Iterator[tuple[np.ndarray, int, np.ndarray, np.ndarray]]:
    frame = records.frame
    files = frame[SOURCE_FILE].cat.codes.to_numpy()[rows]
    line_index = frame[LINE_INDEX].to_numpy()[rows]
    strip = frame[STRIP_COMMA].to_numpy()[rows]
    boundaries = np.flatnonzero(np.diff(files)) + 1
    for segment in np.split(np.arange(len(rows)), boundaries):
        if not len(segment):
            continue
        lines = line_index[segment]
        # Windows of at most WINDOW_LINES physical lines, so a sparse selection stays small too.
        window_of = (lines - lines[0]) // WINDOW_LINES
        for piece in np.split(segment, np.flatnonzero(np.diff(window_of)) + 1):
            yield rows[piece], int(files[piece[0]]), line_index[piece], strip[piece]


def _read_window(source: LineSource, lines: np.ndarray) -> pa.Array:
    if source.memory is not None:
        return source.memory.take(pa.array(lines))
    assert source.starts is not None
    first, last = int(lines[0]), int(lines[-1])
    if len(lines) * SPARSE < last - first + 1:
        block, offsets = _read_lines(source, lines)
        picked_all = True
    else:
        start, stop = int(source.starts[first]), int(source.starts[last + 1])
        with open(source.path, "rb") as f:
            f.seek(start)
            block = f.read(stop - start)
        offsets = source.starts[first: last + 2] - start
        picked_all = len(lines) == last - first + 1
    if source.encoding != "utf8":
        block = block.decode(source.encoding).encode("utf-8")
        ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + 1
        offsets = np.concatenate([[0], ends if len(ends) and ends[-1] == len(block) else np.append(ends, len(block))])
    n = len(offsets) - 1
    window = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)),
                                                    pa.py_buffer(block)])
    picked = window if picked_all else window.take(pa.array(lines - first))
    if b"\r" in block:  # Windows line breaks
        return pc.replace_substring_regex(picked, pattern=r"\r?\n$", replacement="", max_replacements=1)
    if not block.endswith(b"\n"):  # the file's last line has no line break
        return pc.replace_substring_regex(picked, pattern=r"\n$", replacement="", max_replacements=1)
    return pc.utf8_slice_codeunits(picked, 0, -1)


def _read_lines(source: LineSource, lines: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Only the given lines of a file (a sparse selection, such as the evaluated convictions),
    read run by run of consecutive lines, and the offsets of each line in the bytes read."""
    starts = source.starts
    assert starts is not None
    run_starts = np.flatnonzero(np.diff(lines, prepend=lines[0] - 2) != 1)
    run_ends = np.append(run_starts[1:], len(lines))
    parts = []
    with open(source.path, "rb") as f:
        for a, b in zip(starts[lines[run_starts]].tolist(), starts[lines[run_ends - 1] + 1].tolist()):
            f.seek(a)
            parts.append(f.read(b - a))
    lengths = starts[lines + 1] - starts[lines]
    return b"".join(parts), np.concatenate([[0], np.cumsum(lengths)])


def _strip_trailing_comma(text: pa.Array, strip: np.ndarray) -> pa.Array:
    if not strip.any():
        return text
    stripped = pc.replace_substring_regex(text, pattern=",$", replacement="", max_replacements=1)
    return stripped if strip.all() else pc.if_else(pa.array(strip), stripped, text)
