"""Read DOJ research files (.dat/.csv/.txt, or .xlsx with the same columns) into one DataFrame.

Every row keeps its source file and physical line number. Rows with the wrong number of fields
are never dropped silently: they become `InputProblem`s that the evaluation turns into Hand
Review for the person they belong to.
"""

from __future__ import annotations

import hashlib
import io
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .encoding import NAME as UTF8_OR_LATIN1
from .errors import Cancelled, InputFileError
from .layout_check import check_frame, check_head, check_unread_rows, row_looks_aligned
from .records import LINE_INDEX, STRIP_COMMA, InputFileInfo, InputProblem, LineSource, Records
from .sniff import SNIFF_BYTES, Layout, check_not_resaved, sniff_layout, split_fields
from .schema import DOJ_COLUMNS, N_DOJ_COLUMNS, READ_COLUMNS, SOURCE_FILE, SOURCE_LINE

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled_ = Callable[[], bool]

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_TRAILING = "_TRAILING_FIELD"


def read_records(paths: Iterable[str | Path], *, progress: Progress | None = None,
                 cancelled: Cancelled_ | None = None) -> Records:
    """Read several input files as one data set (a person's history may span files).

    Raises InputFileError for a file that cannot be read as a DOJ research file at all.
    `progress(bytes_done, bytes_total)` is called as the files are read.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputFileError("(none)", "no input file was given")
    for p in paths:
        _check_readable(p)
    total = sum(p.stat().st_size for p in paths) or 1
    done_before = 0
    frames: list[pd.DataFrame] = []
    sources: list[LineSource] = []
    problems: list[InputProblem] = []
    infos: list[InputFileInfo] = []
    for p in paths:
        def file_progress(done: int, _total: int, base: int = done_before) -> None:
            if progress:
                progress(base + done, total)
        frame, source, file_problems, info = read_file(p, progress=file_progress, cancelled=cancelled)
        frames.append(frame)
        sources.append(source)
        problems.extend(file_problems)
        infos.append(info)
        done_before += p.stat().st_size
    names = [i.name for i in infos]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    codes = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    # Categories are positions, so two input files with the same name stay apart.
    frame[SOURCE_FILE] = pd.Categorical.from_codes(codes, categories=_unique_labels(names))
    if progress:
        progress(total, total)
    log.info("read %d rows from %d file(s), %d input problem(s)", len(frame), len(paths), len(problems))
    return Records(frame=frame, sources=sources, problems=problems, files=infos,
                   read_seconds=time.perf_counter() - started)


def _unique_labels(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


def read_file(path: str | Path, *, progress: Progress | None = None, cancelled: Cancelled_ | None = None
              ) -> tuple[pd.DataFrame, LineSource, list[InputProblem], InputFileInfo]:
    """Read one file; see `read_records`. Returns (frame, line source, problems, info)."""
    path = Path(path)
    _check_readable(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        from .xlsx_reader import read_xlsx  # the workbook reader is only imported when needed

        frame, text, problems = read_xlsx(path, cancelled=cancelled)
        source = LineSource(path=path, encoding="utf8", memory=text)
        frame[LINE_INDEX] = np.arange(len(frame), dtype=np.int64)
        frame[STRIP_COMMA] = False
        check_frame(path, frame, lambda numbers: [])  # columns are matched by name: no shift to find
        encoding, has_header, digest = "xlsx", True, sha256_of(path)
    else:
        frame, source, problems, encoding, has_header, digest = _read_text(path, progress, cancelled)
    info = InputFileInfo(path=str(path), name=path.name, rows=len(frame), sha256=digest,
                         encoding=encoding, has_header=has_header, size_bytes=path.stat().st_size)
    return frame, source, problems, info


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputFileError(path, "the file does not exist")
    if path.is_dir():
        raise InputFileError(path, "this is a folder; choose a DOJ research file (.dat, .csv, .txt or .xlsx)")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except PermissionError:
        raise InputFileError(path, "permission denied: the file cannot be opened for reading") from None
    except OSError as e:
        raise InputFileError(path, f"the file cannot be opened ({e.strerror})") from None


# ---------------------------------------------------------------- text files

def _read_text(path: Path, progress: Progress | None, cancelled: Cancelled_ | None
               ) -> tuple[pd.DataFrame, LineSource, list[InputProblem], str, bool, str]:
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    layout = sniff_layout(path, head)
    check_head(path, head, layout.has_header)
    # Line offsets and checksum in a second thread while Arrow parses (both release the GIL).
    with ThreadPoolExecutor(max_workers=1) as pool:
        scan = pool.submit(_scan_lines, path, cancelled)
        try:
            for encoding in ("utf8", UTF8_OR_LATIN1):
                try:
                    table, invalid = _parse_with_arrow(path, layout, encoding, progress, cancelled)
                    break
                except pa.ArrowInvalid as e:
                    if encoding == "utf8" and "UTF8" in str(e).upper():
                        log.info("%s is not all valid UTF-8; other bytes are read as Latin-1", path.name)
                        continue
                    if "straddling" in str(e) or "block size" in str(e):
                        raise InputFileError(path, "a line is several megabytes long; a DOJ research file "
                                                   "has one short record per line") from None
                    raise InputFileError(path, f"the file cannot be parsed as CSV ({_short(e)})") from None
        except BaseException:
            scan.cancel()
            raise
        starts, digest = scan.result()
    frame, problems = _assemble(path, table, invalid, layout)
    read_lines = _line_reader(path, starts, encoding)
    unread = [p.line for p in problems if p.kind == "malformed_row" and p.line is not None]
    if len(frame) == 0 and problems:
        check_unread_rows(path, unread, 0, read_lines)
        raise InputFileError(
            path, f"none of its {len(problems)} rows has the {N_DOJ_COLUMNS} fields of a DOJ research file "
                  f"(line {problems[0].line} has {problems[0].fields_found})")
    if len(frame) == 0:
        raise InputFileError(path, "the file has a header row but no records")
    check_not_resaved(path, frame, problems)
    check_unread_rows(path, unread, len(frame), read_lines)
    check_frame(path, frame, read_lines)
    if encoding != "utf8":
        problems.insert(0, InputProblem(
            file=path.name, line=None, kind="encoding",
            message="some of the file's text is not UTF-8; those bytes were read as Latin-1 (Windows "
                    "Western). Check names with accented letters."))
    return frame, LineSource(path=path, encoding=encoding, starts=starts), problems, encoding, \
        layout.has_header, digest


def _line_reader(path: Path, starts: np.ndarray, encoding: str) -> Callable[[Iterable[int]], list[str]]:
    """Reads the text of a few physical lines (1-based), for the layout check's diagnosis."""
    def read(numbers: Iterable[int]) -> list[str]:
        texts = []
        with open(path, "rb") as f:
            for n in numbers:
                f.seek(int(starts[n - 1]))
                raw = f.read(int(starts[n] - starts[n - 1]))
                texts.append(raw.decode(encoding, errors="replace").lstrip("\ufeff").rstrip("\r\n"))
        return texts
    return read


def _scan_lines(path: Path, cancelled: Cancelled_ | None) -> tuple[np.ndarray, str]:
    """Byte offset of every line start (plus the file's end) and the file's SHA-256."""
    digest = hashlib.sha256()
    parts = [np.zeros(1, dtype=np.int64)]
    offset = 0
    last = b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(16 << 20), b""):
            if cancelled and cancelled():
                raise Cancelled()
            digest.update(block)
            parts.append(np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10).astype(np.int64) + offset + 1)
            offset += len(block)
            last = block[-1:]
    if offset and last != b"\n":
        parts.append(np.array([offset], dtype=np.int64))  # the last line has no line break
    return np.concatenate(parts), digest.hexdigest()


class _ProgressReader(io.RawIOBase):
    """A file wrapper that reports bytes read and lets the user cancel between blocks."""

    def __init__(self, raw: io.BufferedReader, total: int, progress: Progress | None,
                 cancelled: Cancelled_ | None) -> None:
        self._raw, self._total, self._progress, self._cancelled = raw, total, progress, cancelled
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._cancelled and self._cancelled():
            raise Cancelled()
        n = self._raw.readinto(buffer)
        self._done += n or 0
        if self._progress:
            self._progress(self._done, self._total)
        return n or 0


def _parse_with_arrow(path: Path, layout: Layout, encoding: str, progress: Progress | None,
                      cancelled: Cancelled_ | None) -> tuple[pa.Table, list[tuple[int, int, str]]]:
    """Parse the fields the engine needs. The multi-threaded parser is used first; only the
    serial parser reports the physical line of an invalid row, so a file that has any is parsed
    again serially (rare, and then the line numbers are what matters)."""
    table, invalid = _arrow_pass(path, layout, encoding, progress, cancelled, threads=True)
    if invalid:
        table, invalid = _arrow_pass(path, layout, encoding, progress, cancelled, threads=False)
    return table, invalid


def _arrow_pass(path: Path, layout: Layout, encoding: str, progress: Progress | None,
                cancelled: Cancelled_ | None, threads: bool) -> tuple[pa.Table, list[tuple[int, int, str]]]:
    names = list(DOJ_COLUMNS) + ([_TRAILING] if layout.width > N_DOJ_COLUMNS else [])
    wanted = list(READ_COLUMNS) + ([_TRAILING] if layout.width > N_DOJ_COLUMNS else [])
    invalid: list[tuple[int, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    read_options = pacsv.ReadOptions(column_names=names, skip_rows=1 if layout.has_header else 0,
                                     use_threads=threads, block_size=4 << 20, encoding=encoding)
    parse_options = pacsv.ParseOptions(invalid_row_handler=on_invalid, ignore_empty_lines=False,
                                       newlines_in_values=False)
    # large_string is what pandas' string dtype holds: the DataFrame then shares Arrow's memory.
    convert_options = pacsv.ConvertOptions(column_types={n: pa.large_string() for n in wanted},
                                           include_columns=wanted, strings_can_be_null=False,
                                           quoted_strings_can_be_null=False)
    total = path.stat().st_size
    with open(path, "rb") as raw:
        stream = io.BufferedReader(_ProgressReader(raw, total, progress, cancelled), 1 << 20)
        table = pacsv.read_csv(stream, read_options=read_options, parse_options=parse_options,
                               convert_options=convert_options)
    return table, invalid


def _assemble(path: Path, table: pa.Table, invalid: list[tuple[int, int, str]], layout: Layout
              ) -> tuple[pd.DataFrame, list[InputProblem]]:
    """Give every parsed row its line number; re-admit invalid rows that are really valid."""
    first_line = 2 if layout.has_header else 1
    n_total = table.num_rows + len(invalid)
    invalid_lines = np.array([n for n, _, _ in invalid], dtype=np.int64)
    all_lines = np.arange(first_line, first_line + n_total, dtype=np.int64)
    valid_lines = np.setdiff1d(all_lines, invalid_lines, assume_unique=True) if len(invalid) else all_lines

    frame = table.to_pandas()
    del table
    frame[SOURCE_LINE] = valid_lines[: len(frame)]
    frame[STRIP_COMMA] = layout.width > N_DOJ_COLUMNS
    problems: list[InputProblem] = []

    if _TRAILING in frame.columns:
        extra = (frame[_TRAILING].str.strip() != "").to_numpy()
        for line, subject in zip(frame.loc[extra, SOURCE_LINE], frame.loc[extra, "SUBJECT_ID"]):
            problems.append(_malformed(path, int(line), N_DOJ_COLUMNS + 1, subject.strip()))
        frame = frame.loc[~extra].drop(columns=[_TRAILING])

    readmitted: list[list[str]] = []
    readmitted_lines: list[int] = []
    readmitted_comma: list[bool] = []
    for number, _found, text in invalid:
        fields = split_fields(text)
        comma = len(fields) == N_DOJ_COLUMNS + 1 and fields[-1].strip() == "" and row_looks_aligned(fields)
        if comma:
            fields = fields[:-1]
        if len(fields) == N_DOJ_COLUMNS:
            readmitted.append(fields)
            readmitted_lines.append(number)
            readmitted_comma.append(comma)
        elif not text.strip().strip(","):
            continue  # a blank line is not a row
        else:
            subject = fields[2].strip() if len(fields) > 2 else ""
            problems.append(_malformed(path, number, len(fields), subject))
    if readmitted:
        extra_frame = pd.DataFrame(readmitted, columns=list(DOJ_COLUMNS), dtype="str")[list(READ_COLUMNS)]
        extra_frame[SOURCE_LINE] = readmitted_lines
        extra_frame[STRIP_COMMA] = readmitted_comma
        frame = pd.concat([frame, extra_frame], ignore_index=True)
        frame = frame.sort_values(SOURCE_LINE, kind="stable", ignore_index=True)

    problems.sort(key=lambda p: p.line or 0)
    frame = _drop_blank_rows(frame)
    frame = frame.reset_index(drop=True)
    frame[LINE_INDEX] = frame[SOURCE_LINE].to_numpy() - 1
    frame[SOURCE_FILE] = path.name
    return frame, problems


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty lines parse as rows of empty fields; they are not records."""
    maybe = frame["SUBJECT_ID"] == ""
    if not maybe.any():
        return frame
    sub = frame.loc[maybe, list(READ_COLUMNS)]
    blank = (sub.apply(lambda col: col.str.strip() == "")).all(axis=1)
    return frame.drop(index=blank[blank].index)


def _malformed(path: Path, line: int, found: int, subject: str) -> InputProblem:
    return InputProblem(
        file=path.name, line=line, kind="malformed_row", subject_id=subject, fields_found=found,
        message=f"line {line} has {found} fields, expected {N_DOJ_COLUMNS}; the row was not read")


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:200]

