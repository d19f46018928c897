"""A column mapping: which column of a clinic's sheet holds each field, and what the clinic
declares about the sheet. Saved as a small TOML file that users can read and edit:

    [mapping]
    name = "Our intake sheet"
    sheet = "Clients"                 # optional; default: the sheet that looks most like a list
    header_row = 3                    # optional; default: found from the headers' words
    lists_every_conviction = false    # true: the sheet lists every conviction of each client
    all_living = true                 # no 'Deceased' column: everyone on the sheet is living
    county = "SACRAMENTO"             # no 'County' column: the county of every conviction
    headers = ["Client name", ...]    # the sheet's headers, to recognise it next time

    [columns]
    name = "Client name"
    birth_date = "DOB"
    ...
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from ..errors import RecordClearanceError
from .fields import FIELDS, REQUIRED, normalise_header

MAPPING_SUFFIX = ".toml"
_SETTINGS = {"name": str, "sheet": str, "header_row": int, "lists_every_conviction": bool, "all_living": bool,
             "county": str, "headers": list}


class MappingError(RecordClearanceError):
    """A mapping file cannot be used: each problem names the key (and the file)."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems
        super().__init__("\n".join(f"{where}: {p}" for p in problems))


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str] = field(default_factory=dict)  # field key -> the sheet's header
    name: str = ""
    sheet: str = ""
    header_row: int = 0  # 1-based; 0: find it
    lists_every_conviction: bool = False
    all_living: bool = True
    county: str = ""
    headers: tuple[str, ...] = ()

    def column(self, key: str) -> str:
        return self.columns.get(key, "")

    def with_(self, **changes: Any) -> "ColumnMapping":
        return replace(self, **changes)

    def missing_required(self) -> list[str]:
        """Required fields without a column; 'person' when neither an ID nor name + birth date."""
        missing = [k for k in REQUIRED if not self.column(k)]
        if not self.column("person_id") and not (self.column("name") and self.column("birth_date")):
            missing.insert(0, "person")
        return missing

    def for_headers(self, headers: Iterable[str]) -> "ColumnMapping":
        """The mapping with its columns spelt as in `headers` (matched without case or spacing)."""
        headers = list(headers)
        spelt = {normalise_header(h): h for h in headers}
        columns = {k: spelt.get(normalise_header(c), c) for k, c in self.columns.items()}
        return replace(self, columns=columns, headers=tuple(headers))

    def matches(self, headers: Iterable[str]) -> bool:
        """Made for a sheet with these headers (same words, same order; case and spacing aside)."""
        return bool(self.headers) and [normalise_header(h) for h in self.headers] == [
            normalise_header(h) for h in headers]


def describe_missing(key: str) -> str:
    if key == "person":
        return "a person: a person ID column, or a name and a birth date column"
    return FIELDS[key].label.lower()


def check_mapping(mapping: ColumnMapping, headers: Iterable[str]) -> list[str]:
    """Problems that stop the mapping from being used on a sheet with `headers` (none: usable)."""
    headers = list(headers)
    problems = [f"no column for {describe_missing(k)}" for k in mapping.missing_required()]
    for key, column in mapping.columns.items():
        if column and column not in headers:
            problems.append(f"{FIELDS[key].label}: the sheet has no column '{column}' "
                            f"(its columns: {', '.join(headers)})")
    used: dict[str, str] = {}
    for key, column in mapping.columns.items():
        if column and column in used:
            problems.append(f"column '{column}' is mapped to both {FIELDS[used[column]].label} and "
                            f"{FIELDS[key].label}")
        used.setdefault(column, key)
    return problems


# ------------------------------------------------------------------ TOML

def mapping_toml(mapping: ColumnMapping, comments: dict[str, str] | None = None) -> str:
    """The mapping as TOML text; `comments` (field key -> text) are written beside the columns,
    and a required field with no column is written empty with a note saying what to fill in."""
    comments = comments or {}
    s = json.dumps  # a JSON string is a valid TOML basic string
    lines = ["# Record Clearance Desktop: column mapping for a clinic's spreadsheet.",
             "# Edit the column names on the right to match your sheet's headers.", "", "[mapping]"]
    lines.append(f"name = {s(mapping.name)}")
    if mapping.sheet:
        lines.append(f"sheet = {s(mapping.sheet)}")
    if mapping.header_row:
        lines.append(f"header_row = {mapping.header_row}")
    lines.append(f"lists_every_conviction = {str(mapping.lists_every_conviction).lower()}"
                 "  # true only if the sheet lists EVERY conviction of each client")
    lines.append(f"all_living = {str(mapping.all_living).lower()}"
                 "  # without a Deceased column: true = everyone on the sheet is living")
    lines.append(f"county = {s(mapping.county)}  # without a County column: the county of every conviction")
    if mapping.headers:
        lines.append("headers = [" + ", ".join(s(h) for h in mapping.headers) + "]")
    lines += ["", "[columns]"]
    missing = set(mapping.missing_required())
    for key, f in FIELDS.items():
        column = mapping.column(key)
        note = comments.get(key, "")
        if not column and (key in missing or ("person" in missing and key in ("person_id", "name", "birth_date"))):
            note = "REQUIRED: not found; write the header of the column that holds it" + (
                " (or give name and birth_date)" if key == "person_id" else "")
        elif not column:
            note = note or ("optional" + ("; " + f.help if f.help else ""))
        lines.append(f"{key} = {s(column)}" + (f"  # {note}" if note else ""))
    return "\n".join(lines) + "\n"


def parse_mapping(text: str, where: str) -> ColumnMapping:
    """A mapping from TOML text; MappingError lists every problem (`where` names the file)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MappingError(where, [f"not valid TOML ({e})"]) from None
    problems: list[str] = []
    unknown = set(data) - {"mapping", "columns"}
    problems += [f"[{k}]: unknown section (expected [mapping] and [columns])" for k in sorted(unknown)]
    settings = data.get("mapping", {})
    columns = data.get("columns", {})
    if not isinstance(settings, dict) or not isinstance(columns, dict):
        raise MappingError(where, ["[mapping] and [columns] must be tables"])
    for key, value in settings.items():
        kind = _SETTINGS.get(key)
        if kind is None:
            problems.append(f"mapping.{key}: unknown setting (expected one of {', '.join(_SETTINGS)})")
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.append(f"mapping.{key}: expected {kind.__name__}, found {value!r}")
    if isinstance(settings.get("header_row"), int) and settings["header_row"] < 0:
        problems.append("mapping.header_row: expected a row number (1 or more), or 0 to find it")
    chosen: dict[str, str] = {}
    for key, value in columns.items():
        if key not in FIELDS:
            problems.append(f"columns.{key}: unknown field (expected one of {', '.join(FIELDS)})")
        elif not isinstance(value, str):
            problems.append(f"columns.{key}: expected the column's header as text, found {value!r}")
        elif value.strip():
            chosen[key] = value.strip()
    headers = settings.get("headers", [])
    if isinstance(headers, list) and not all(isinstance(h, str) for h in headers):
        problems.append("mapping.headers: expected a list of header texts")
    if problems:
        raise MappingError(where, problems)
    return ColumnMapping(columns=chosen, name=settings.get("name", ""), sheet=settings.get("sheet", ""),
                         header_row=settings.get("header_row", 0),
                         lists_every_conviction=settings.get("lists_every_conviction", False),
                         all_living=settings.get("all_living", True), county=settings.get("county", "").strip(),
                         headers=tuple(headers) if isinstance(headers, list) else ())


def load_mapping(path: str | Path) -> ColumnMapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MappingError(path.name, ["the mapping file does not exist"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise MappingError(path.name, [f"the mapping file cannot be read ({e})"]) from None
    mapping = parse_mapping(text, path.name)
    return mapping if mapping.name else mapping.with_(name=path.stem)


def save_mapping(mapping: ColumnMapping, path: str | Path) -> Path:
    """Write the mapping; the file appears only once completely written."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(mapping_toml(mapping))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return path


def find_saved_mapping(folder: str | Path, headers: Iterable[str]) -> tuple[Path, ColumnMapping] | None:
    """The saved mapping (newest first) made for a sheet with these headers, if any. Files that
    cannot be read are skipped: a saved mapping is a convenience, never a reason to refuse."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    headers = list(headers)
    candidates = sorted(folder.glob(f"*{MAPPING_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            mapping = load_mapping(path)
        except MappingError:
            continue
        if mapping.matches(headers):
            mapping = mapping.for_headers(headers)
            if not check_mapping(mapping, headers):
                return path, mapping
    return None
