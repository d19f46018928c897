"""Conformance with the published answers of the tool counties used before (gogen's fixture
configurable_flow.xlsx: county SACRAMENTO, evaluation date 2019-11-11, eligibility_options.json).
Every one of the 18 eligibility columns, row by row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from factory import GOGEN_COLUMNS

from desktop_app.core.evaluate import evaluate
from desktop_app.core.export import eligibility_table
from desktop_app.core.pipeline import load
from desktop_app.core.ruleset import load_policy

FIXTURES = Path(__file__).parents[1] / "fixtures" / "gogen"


def _expected() -> list[dict[str, str]]:
    sheet = openpyxl.load_workbook(FIXTURES / "configurable_flow.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    out = []
    for values in rows[2:]:
        record = {}
        for name in GOGEN_COLUMNS:
            v = values[header.index(name)]
            record[name] = "" if v is None else str(int(v)) if isinstance(v, (int, float)) else str(v)
        out.append(record)
    return out


@pytest.fixture(scope="module")
def ours() -> list[dict[str, str]]:
    prepared = load([FIXTURES / "configurable_flow.xlsx"])
    policy = load_policy(FIXTURES / "eligibility_options.json")
    results = evaluate(prepared, policy, "SACRAMENTO", as_of=dt.date(2019, 11, 11))
    return eligibility_table(results).to_pylist()


def test_same_number_of_rows(ours):
    assert len(ours) == len(_expected()) == 38


@pytest.mark.parametrize("column", GOGEN_COLUMNS)
def test_column_matches_earlier_tool_row_by_row(ours, column):
    expected = [r[column] for r in _expected()]
    assert [r[column] for r in ours] == expected


def test_fixture_csvs_read_the_same_as_each_other():
    a = load([FIXTURES / "no_headers.csv"]).records
    b = load([FIXTURES / "extra_comma.csv"]).records
    assert a.row_count == b.row_count == 38
    assert a.frame["SUBJECT_ID"].tolist() == b.frame["SUBJECT_ID"].tolist()
    import numpy as np

    from desktop_app.core.original_text import original_lines

    def texts(records):
        return [t for _, p in original_lines(records, np.arange(records.row_count)) for t in p.to_pylist()]

    assert texts(a) == texts(b)
