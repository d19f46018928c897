"""The data set a workspace holds: each evaluation (its creation, then every refresh) with its
input files, policy, county, date and versions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable

_NAMES = ("id", "at", "who", "county", "as_of", "policy_name", "policy_file", "policy_text", "policy_sha256",
          "app_version", "procedure_version", "code_sections_version", "convictions", "mapping_text")
EVALUATION_COLUMNS = ", ".join(_NAMES)


@dataclass(frozen=True)
class InputFile:
    position: int
    name: str
    path: str
    size: int
    sha256: str
    rows: int


@dataclass(frozen=True)
class Evaluation:
    """One evaluation the workspace holds (its creation, then each refresh)."""

    id: int
    at: str
    who: str
    county: str
    as_of: dt.date
    policy_name: str
    policy_file: str
    policy_text: str
    policy_sha256: str
    app_version: str
    procedure_version: str
    code_sections_version: str
    convictions: int
    mapping_text: str  # a clinic's column mapping (TOML) the sheet is read with; '' for DOJ research files
    files: tuple[InputFile, ...]


def read_evaluation(conn: sqlite3.Connection, row: tuple) -> Evaluation:
    """An evaluation from its row (EVALUATION_COLUMNS) and its input files."""
    files = tuple(InputFile(*f) for f in conn.execute(
        "SELECT position, name, path, size, sha256, rows FROM input_files WHERE evaluation = ? ORDER BY position",
        (row[0],)))
    values: dict[str, Any] = dict(zip(_NAMES, row))
    values["as_of"] = dt.date.fromisoformat(values["as_of"])
    return Evaluation(**values, files=files)


def describe_files(files: Iterable[Any]) -> str:
    return "; ".join(f"{f.name} (SHA-256 {f.sha256})" for f in files)


def describe_evaluation(ev: Evaluation) -> str:
    return f"{ev.county}, {ev.as_of.isoformat()}, policy {ev.policy_name}, {ev.convictions:,} convictions"
