"""What reading input files produces, shared by the readers (`reader`, `xlsx_reader`) and
everything downstream (`prepare`, `original_text`, the exports): the rows, where each row's
original text is, the problems found, and a description of each file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .dataset import DataSetInfo

LINE_INDEX = "_line_index"  # position of the row's original text in its file's LineSource
STRIP_COMMA = "_strip_comma"  # the row's text ends in the extra empty field of a trailing-comma file


@dataclass(frozen=True)
class InputProblem:
    """A row or fact of the input that could not be read as expected."""

    file: str
    line: int | None
    kind: str  # "malformed_row", "missing_subject_id", "missing_column", ...
    message: str
    subject_id: str = ""
    fields_found: int | None = None


@dataclass(frozen=True)
class InputFileInfo:
    path: str
    name: str
    rows: int
    sha256: str
    encoding: str
    has_header: bool
    size_bytes: int


@dataclass
class LineSource:
    """Where each row's original CSV text is, so outputs carry every field untouched without
    holding the whole file in memory: byte offsets of every physical line of a text file
    (`starts[k]` to `starts[k + 1]` is line k + 1, line break included), or, for a workbook,
    the rows as CSV text in memory."""

    path: Path
    encoding: str
    starts: np.ndarray | None = None
    memory: pa.Array | None = None


@dataclass
class Records:
    """All rows of one or more input files.

    `frame` holds the fields the engine and the tables use (READ_COLUMNS) as text, plus the
    source file, line number, `_line_index` (which line of `sources[file]` holds the row's text)
    and `_strip_comma`.
    """

    frame: pd.DataFrame
    sources: list[LineSource] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    files: list[InputFileInfo] = field(default_factory=list)
    read_seconds: float = 0.0
    dataset: DataSetInfo = field(default_factory=DataSetInfo)  # what the data set is and cannot know

    @property
    def row_count(self) -> int:
        return len(self.frame)
