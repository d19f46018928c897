"""One client's convictions typed in by hand (the client form), as a clinic sheet: the same
reading, mapping and engine as a spreadsheet, so the decision shown while typing is the one the
app will make, and the entry can be loaded, saved and exported like any other data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..evaluate import evaluate
from ..ruleset import Policy
from ..schema import ALL_COUNTIES
from .convert import clinic_records
from .mapping import ColumnMapping
from .sheet import SheetTable
from .template import TEMPLATE_HEADERS

ENTRY_LABEL = "Client form"
ENTRY_FIELDS = ("conviction_date", "county", "case_number", "code_section", "level", "sentence")
_HEADER_OF = {"name": "Client name", "birth_date": "Date of birth", "conviction_date": "Conviction date",
              "county": "County", "case_number": "Case number", "code_section": "Code section", "level": "Level",
              "sentence": "Sentence"}


@dataclass(frozen=True)
class EnteredConviction:
    """One row of the form, as typed."""

    conviction_date: str = ""
    county: str = ""
    case_number: str = ""
    code_section: str = ""
    level: str = ""
    sentence: str = ""

    def is_blank(self) -> bool:
        """Nothing typed (the county alone does not count: the form fills it in from the row above)."""
        return not any(str(getattr(self, f)).strip() for f in ENTRY_FIELDS if f != "county")


@dataclass(frozen=True)
class RowDecision:
    """What the engine says about one row of the form."""

    row: int  # 1-based row of the form
    determination: str  # '' when the row is not an evaluated Prop 64 conviction
    reason: str
    problems: tuple[str, ...] = ()


def entry_mapping(lists_every_conviction: bool = False) -> ColumnMapping:
    return ColumnMapping(columns=dict(_HEADER_OF), name=ENTRY_LABEL, lists_every_conviction=lists_every_conviction,
                         all_living=True, headers=tuple(_HEADER_OF.values()))


def entry_table(name: str, birth_date: str, convictions: Sequence[EnteredConviction],
                label: str = ENTRY_LABEL) -> SheetTable:
    """The entry as a sheet: one row per non-blank form row (its number is the form's row)."""
    kept = [(i, c) for i, c in enumerate(convictions, start=1) if not c.is_blank()]
    columns = {
        "Client name": [name] * len(kept), "Date of birth": [birth_date] * len(kept),
        **{_HEADER_OF[f]: [str(getattr(c, f)) for _, c in kept] for f in ENTRY_FIELDS},
    }
    headers = tuple(_HEADER_OF.values())
    return SheetTable(path=Path(label), sheet="", sheets=(), header_row=0, headers=headers,
                      columns={h: np.array(columns[h], dtype=object) for h in headers},
                      rows=np.array([i for i, _ in kept], dtype=np.int64), encoding="entered")


def decide_entry(name: str, birth_date: str, convictions: Sequence[EnteredConviction], policy: Policy,
                 as_of: dt.date, lists_every_conviction: bool = False) -> list[RowDecision]:
    """The decision for each non-blank row (all counties), with the problems of its cells."""
    from ..pipeline import prepare_records

    table = entry_table(name, birth_date, convictions)
    if not table.row_count:
        return []
    records = clinic_records(table, entry_mapping(lists_every_conviction))
    results = evaluate(prepare_records(records), policy, ALL_COUNTIES, as_of=as_of)
    form_rows = table.rows
    problems: dict[int, list[str]] = {}

    for p in results.prepared.input_problems():
        if p.line is not None:
            problems.setdefault(int(p.line), []).append(re.sub(r"^row \d+[:,]\s*", "", p.message))
    decided = {int(form_rows[r]): (str(d), str(t)) for r, d, t in
               zip(results.evaluated["row"].to_numpy(), results.evaluated["determination"], results.reason_texts)}
    out = []
    for row in form_rows:
        determination, reason = decided.get(int(row), ("", "Not a Prop 64 conviction: it counts in the history"))
        out.append(RowDecision(int(row), determination, reason, tuple(problems.get(int(row), ()))))
    return out


def entry_rows(name: str, birth_date: str, convictions: Sequence[EnteredConviction]) -> list[list[str]]:
    """The entry in the intake workbook's columns (template.TEMPLATE_HEADERS), for saving."""
    rows = []
    for c in convictions:
        if c.is_blank():
            continue
        values = {"Client name": name, "Date of birth": birth_date, "Conviction date": c.conviction_date,
                  "County": c.county, "Case number": c.case_number, "Code section": c.code_section,
                  "Level": c.level, "Sentence": c.sentence}
        rows.append([values.get(h, "") for h in TEMPLATE_HEADERS])
    return rows
