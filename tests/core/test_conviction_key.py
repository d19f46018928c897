"""The conviction key: what identifies a conviction in the record (CII number or SUBJECT_ID,
CNT_ORDER, conviction date, code section), the same whatever the file's order, unique in a data set."""

from __future__ import annotations

import csv

from factory import conviction, decide, row, write_csv

from desktop_app.cli import main
from desktop_app.core.conviction_key import conviction_keys, key_parts
from desktop_app.core.schema import DOJ_COLUMNS


def keys_of(results) -> list[str]:
    return results.evaluated["conviction_key"].tolist()


def test_key_names_person_count_date_and_section(tmp_path):
    results = decide(tmp_path, [conviction("1001", "11357(c) hs-POSSESS", "20100314", CNT_ORDER="001002003000")])
    assert keys_of(results) == ["A1001|001002003000|2010-03-14|11357(C)HS"]


def test_key_uses_subject_id_when_cii_is_blank_and_says_unknown_dates(tmp_path):
    results = decide(tmp_path, [conviction("1002", "11359 HS-SELL", "19790000", CII_NUMBER="   ",
                                           CNT_ORDER="002001001000")])
    assert keys_of(results) == ["SID:1002|002001001000|unknown|11359HS"]


def test_key_does_not_depend_on_the_file_order(tmp_path):
    rows = [conviction("1001", "11357 HS", "20100101", CNT_ORDER="001001001000"),
            row("1001", STP_TYPE_DESCR="ARREST/DETAINED/CITED", CNT_ORDER="002001001000"),
            conviction("1002", "11359 HS", "20120101", CNT_ORDER="001002001000"),
            conviction("1001", "11360 HS", "20150101", CNT_ORDER="003002001000")]
    forward = decide(tmp_path, rows)
    backward = decide(tmp_path, rows[::-1])
    assert sorted(keys_of(forward)) == sorted(keys_of(backward))
    assert len(set(keys_of(forward))) == 3
    # Each key still names the same conviction (its file line moved).
    by_key = dict(zip(keys_of(backward), backward.evaluated["offense"]))
    assert [by_key[k] for k in keys_of(forward)] == forward.evaluated["offense"].tolist()


def test_duplicates_are_numbered_by_content_not_by_line(tmp_path):
    # Two people share one CII number (a data error) and both have count 001001001000 on one day.
    a = conviction("2001", "11357 HS", "20100101", CII_NUMBER="A9", CNT_ORDER="001001001000")
    b = conviction("2002", "11357 HS", "20100101", CII_NUMBER="A9", CNT_ORDER="001001001000")
    for rows in ([a, b], [b, a]):
        results = decide(tmp_path, rows)
        by_subject = dict(zip(results.evaluated["subject_id"], keys_of(results)))
        assert by_subject == {"2001": "A9|001001001000|2010-01-01|11357HS",
                              "2002": "A9|001001001000|2010-01-01|11357HS~2"}


def test_blank_count_orders_on_one_day_get_distinct_keys(tmp_path):
    rows = [conviction("3001", "11357 HS", "20100101", CNT_ORDER=" ", OFN="CASE-B"),
            conviction("3001", "11357 HS", "20100101", CNT_ORDER=" ", OFN="CASE-A")]
    # The factory fills a blank CNT_ORDER; a space keeps it blank for the reader.
    results = decide(tmp_path, rows)
    keys = keys_of(results)
    assert sorted(keys) == ["A3001|-|2010-01-01|11357HS", "A3001|-|2010-01-01|11357HS~2"]


def test_conviction_keys_function_and_parts():
    import numpy as np
    import pandas as pd

    keys = conviction_keys(np.array(["", " a 12 "], dtype=object), np.array(["77", "5"], dtype=object),
                           np.array(["", "001"], dtype=object), np.array([0, 20200229]),
                           np.array(["11360 | HS", ""], dtype=object))
    assert keys.tolist() == ["SID:77|-|unknown|11360/HS", "A12|001|2020-02-29|-"]
    parts = key_parts(pd.Series(["A12|001|2020-02-29|11357HS~2"]))
    assert parts.iloc[0].tolist() == ["A12", "001", "2020-02-29", "11357HS"]


def test_exports_show_the_key_last(tmp_path):
    source = write_csv(tmp_path / "in.csv", [conviction("1001", "11357 HS", "20100101", CNT_ORDER="001001001000")])
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", "--input", str(source), "--county", "SACRAMENTO", "--compute-at", "2020-07-01",
                 "--outputs", str(out), "--quiet", "--no-workbook"]) == 0
    with open(out / "Prop64_Results.csv", newline="") as f:
        header, first = list(csv.reader(f))[:2]
    assert header[-1] == "Conviction key" and len(header) == len(DOJ_COLUMNS) + 18 + 1
    assert first[-1] == "A1001|001001001000|2010-01-01|11357HS"
