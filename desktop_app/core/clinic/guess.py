"""Guess which column holds each field, from the header's words and the values below it, with
a confidence users can judge (and correct in the mapping dialog, or in a mapping file)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from ..counties import california_counties
from .fields import CODE_SECTION, COUNTY, DATE, FIELDS, FLAG, LEVEL, SENTENCE, header_score
from .mapping import ColumnMapping
from .sheet import SheetTable
from .values import (PROP64_SECTIONS, is_blank, read_code_section, read_county, read_date, read_flag, read_level,
                     read_sentence)

SAMPLE_VALUES = 200  # values of a column looked at to judge it
HIGH, MEDIUM = 0.8, 0.5
_MIN_SCORE = 0.3


@dataclass(frozen=True)
class FieldGuess:
    key: str
    column: str  # '' when no column was found
    confidence: float  # 0..1
    fit: float  # share of the column's values this field can read (0..1)
    samples: tuple[str, ...] = ()

    @property
    def confidence_word(self) -> str:
        return confidence_word(self.confidence) if self.column else "not found"


@dataclass(frozen=True)
class Guess:
    table: SheetTable
    fields: dict[str, FieldGuess]

    def mapping(self, **settings: Any) -> ColumnMapping:
        columns = {k: g.column for k, g in self.fields.items() if g.column}
        return ColumnMapping(columns=columns, sheet=self.table.sheet, header_row=self.table.header_row,
                             headers=self.table.headers, **settings)

    def missing_required(self) -> list[str]:
        return self.mapping().missing_required()


def confidence_word(confidence: float) -> str:
    return "high" if confidence >= HIGH else "medium" if confidence >= MEDIUM else "low"


def _share(values: list[Any], test: Callable[[Any], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 1.0


def _looks_like_name(value: Any) -> bool:
    return isinstance(value, str) and any(c.isalpha() for c in value) and read_date(value) <= 0 \
        and read_code_section(value) is None


def value_fit(kind: str, key: str, values: list[Any]) -> float:
    """Share of (non-empty) values that read as the field's kind; 1 for an empty column."""
    if kind == DATE:
        return _share(values, lambda v: read_date(v) > 0)
    if kind == LEVEL:
        return _share(values, lambda v: bool(read_level(v)))
    if kind == CODE_SECTION:
        return _share(values, lambda v: bool(read_code_section(v)))
    if kind == SENTENCE:
        return _share(values, lambda v: not (math.isnan(read_sentence(v)[0]) and read_sentence(v)[1] == 0))
    if kind == FLAG:
        return _share(values, lambda v: read_flag(v) is not None)
    if kind == COUNTY:
        return _share(values, lambda v: read_county(v) in california_counties())
    if key == "name":
        return _share(values, _looks_like_name)
    if key == "court":
        return _share(values, lambda v: isinstance(v, str) and read_date(v) <= 0)
    return 1.0


def _values_only(kind: str, values: list[Any]) -> float:
    """A column with an unhelpful header can still be recognised by values only a few fields
    have: levels written F/M/I, and charges naming a Prop 64 section."""
    if not values:
        return 0.0
    if kind == LEVEL:
        return _share(values, lambda v: isinstance(v, str) and bool(read_level(v)))
    if kind == CODE_SECTION:
        found = [read_code_section(v) for v in values]
        return sum(1 for s in found if s and any(p in s for p in PROP64_SECTIONS)) / len(values)
    return 0.0


def guess_mapping(table: SheetTable) -> Guess:
    """Each field's likeliest column (a column serves one field), with a confidence."""
    samples = {h: [v for v in table.columns[h][: SAMPLE_VALUES * 4] if not is_blank(v)][:SAMPLE_VALUES]
               for h in table.headers}
    candidates: list[tuple[float, float, str, str]] = []  # (score, fit, field, column)
    for key, f in FIELDS.items():
        for header in table.headers:
            words = header_score(header, f)
            values = samples[header]
            fit = value_fit(f.kind, key, values)
            if words > 0:
                score = words * (0.4 + 0.6 * fit)
            elif f.kind in (LEVEL, CODE_SECTION) and _values_only(f.kind, values) >= 0.9:
                score, fit = 0.45 * _values_only(f.kind, values), _values_only(f.kind, values)
            else:
                continue
            if score >= _MIN_SCORE:
                candidates.append((score, fit, key, header))
    candidates.sort(key=lambda c: (-c[0], list(FIELDS).index(c[2]), table.headers.index(c[3])))
    chosen: dict[str, FieldGuess] = {}
    used: set[str] = set()
    for score, fit, key, header in candidates:
        if key in chosen or header in used:
            continue
        chosen[key] = FieldGuess(key, header, round(score, 2), round(fit, 2), tuple(table.samples(header)))
        used.add(header)
    fields = {key: chosen.get(key, FieldGuess(key, "", 0.0, 0.0)) for key in FIELDS}
    return Guess(table=table, fields=fields)


def field_fit(table: SheetTable, key: str, column: str) -> float:
    """How well a column chosen by the user reads as the field (shown beside the choice)."""
    values = [v for v in table.columns.get(column, [])[: SAMPLE_VALUES * 4] if not is_blank(v)][:SAMPLE_VALUES]
    return value_fit(FIELDS[key].kind, key, values)

