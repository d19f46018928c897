"""The case list's columns: which fields, with which titles, in which order. They come from a
layout file (TOML) an office can copy and edit, so that a court's required layout needs no code:
`resources/templates/case-list-layout.toml` is the default. The same columns make the .xlsx/.csv
case list and the list attached to the motion; `challenge_list` makes the notice of challenge's.

    [layout]
    name = "Sacramento Superior Court"
    [[case_list]]
    field = "case_number"         # one of FIELDS
    title = "Court case number"   # optional (default: the field's own title)
    width = 18                    # optional: column width in characters (spreadsheet; page share)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...paths import resources_dir
from ..toml_file import read_toml
from .errors import TemplateError

# field -> (column of the filing plan, default title, default width in characters)
FIELDS: dict[str, tuple[str, str, int]] = {
    "courthouse": ("court_name", "Courthouse", 22),
    "courthouse_code": ("court_code", "Court code", 11),
    "case_number": ("case_number", "Court case number", 18),
    "name": ("name", "Name", 24),
    "other_names": ("other_names", "Other names used", 22),
    "dob": ("dob", "Date of birth", 11),
    "cii": ("cii", "CII number", 12),
    "subject_id": ("subject_id", "Subject ID", 11),
    "conviction_date": ("conviction_date", "Conviction date", 11),
    "code_section": ("code_section", "Code section", 13),
    "level": ("level", "Level", 11),
    "other_hs_sections": ("other_hs_sections", "Other H&S sections in the case", 16),
    "remedy": ("remedy", "Remedy", 20),
    "track": ("track", "Track", 16),
    "track_citation": ("track_citation", "Track citation", 16),
    "position": ("position", "DA position", 14),
    "challenge_ground": ("challenge_ground", "Ground of challenge", 36),
    "sentence_end": ("sentence_end", "Sentence ends", 11),
    "final_determination": ("final_determination", "Determination", 20),
    "county": ("county", "County", 14),
    "review_note": ("review_note", "Reviewer's note", 36),
    "office_reference": ("key", "Office reference", 40),
}
LISTS = ("case_list", "challenge_list")
DEFAULT_LAYOUT = "case-list-layout.toml"
_COLUMN_KEYS = {"field", "title", "width"}


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    width: int  # characters
    column: str = ""  # the filing plan's column that holds the values (default: the field's)

    @property
    def source(self) -> str:
        return self.column or FIELDS[self.field][0]


@dataclass(frozen=True)
class Layout:
    name: str
    path: Path
    case_list: tuple[Column, ...]
    challenge_list: tuple[Column, ...]


def default_layout_path() -> Path:
    return resources_dir() / "templates" / DEFAULT_LAYOUT


def load_layout(path: str | Path | None = None) -> Layout:
    """Read and check a layout file (default: the shipped one). Raises TemplateError listing every
    problem: unknown fields or keys, empty titles, bad widths, a list without columns."""
    path = Path(path) if path else default_layout_path()
    data = read_toml(path, TemplateError)
    problems: list[str] = []
    for key in data:
        if key not in ("layout", *LISTS):
            problems.append(f"unknown section '{key}' (expected: layout, case_list, challenge_list)")
    info = data.get("layout", {})
    name = str(info.get("name", path.stem)) if isinstance(info, dict) else path.stem
    lists = {kind: _columns(data.get(kind), kind, problems) for kind in LISTS}
    if "case_list" not in data:
        problems.append("no [[case_list]] columns")
    if problems:
        raise TemplateError(path, problems)
    challenge = lists["challenge_list"] or _default_challenge_columns()
    return Layout(name, path, tuple(lists["case_list"]), tuple(challenge))


def _columns(entries: object, kind: str, problems: list[str]) -> list[Column]:
    if entries is None:
        return []
    if not isinstance(entries, list) or not entries:
        problems.append(f"{kind}: expected a list of columns ([[{kind}]] tables)")
        return []
    columns, seen = [], set()
    known = ", ".join(FIELDS)
    for i, entry in enumerate(entries, start=1):
        where = f"{kind} column {i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table with field and title")
            continue
        for key in set(entry) - _COLUMN_KEYS:
            problems.append(f"{where}: unknown key '{key}' (expected: field, title, width)")
        field = entry.get("field")
        if field not in FIELDS:
            problems.append(f"{where}: unknown field '{field}' (known fields: {known})")
            continue
        if field in seen:
            problems.append(f"{where}: the field '{field}' is listed twice")
        seen.add(field)
        title = entry.get("title", FIELDS[field][1])
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where} ({field}): the title must be a non-empty text")
            continue
        width = entry.get("width", FIELDS[field][2])
        if not isinstance(width, int) or isinstance(width, bool) or not 3 <= width <= 100:
            problems.append(f"{where} ({field}): width must be a whole number of characters from 3 to 100")
            continue
        columns.append(Column(field, " ".join(title.split()), width))
    return columns


def _default_challenge_columns() -> list[Column]:
    return [Column(f, FIELDS[f][1], FIELDS[f][2]) for f in
            ("case_number", "name", "dob", "cii", "conviction_date", "code_section", "level", "challenge_ground",
             "office_reference")]
