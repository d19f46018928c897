"""Tests of the synthetic DOJ research file generator (desktop_app.core.generate)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from desktop_app.core.generate import generate_records, write_records
from desktop_app.core.codes import load_code_sections
from desktop_app.core.pipeline import code_sections_path
from desktop_app.core.schema import DOJ_COLUMNS

ROWS = 10_000
COL = {name: i for i, name in enumerate(DOJ_COLUMNS)}
PROP64 = re.compile(r"(?<![\d.])(1135[789]|11360)(?![\d.])")


def text_of(rows: int, county: str = "SACRAMENTO", seed: int = 0, header: bool = True) -> str:
    return "".join(generate_records(rows, county, seed, header=header))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return list(generate_records(ROWS, "SACRAMENTO", seed=0))


@pytest.fixture(scope="module")
def rows(lines: list[str]) -> list[list[str]]:
    """Data rows parsed with the csv module, every field trimmed (as a reader would)."""
    parsed = list(csv.reader(lines))
    return [[field.strip() for field in row] for row in parsed[1:]]


def column(rows: list[list[str]], name: str) -> list[str]:
    return [row[COL[name]] for row in rows]


def convictions(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if row[COL["DISP_DESCR"]].startswith("CONVICTED")]


def code_section(row: list[str]) -> str:
    """The part of OFFENSE_DESCR (or COMMENT_TEXT when it stands in) before the first '-'."""
    descr = row[COL["OFFENSE_DESCR"]]
    if descr in ("", "SEE COMMENT FOR CHARGE"):
        descr = row[COL["COMMENT_TEXT"]]
    return descr.split("-", 1)[0]


def test_header_is_doj_columns_and_every_line_has_95_fields(lines: list[str]) -> None:
    parsed = list(csv.reader(lines))
    assert tuple(parsed[0]) == DOJ_COLUMNS
    assert {len(row) for row in parsed} == {95}
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)


def test_no_header_starts_with_data() -> None:
    first = next(iter(generate_records(3, header=False)))
    assert not first.startswith("RECORD_ID")
    assert len(text_of(3, header=False).splitlines()) == 3


@pytest.mark.parametrize("count", [0, 1, 7, 2_345])
def test_row_count_is_exact(count: int) -> None:
    parsed = list(csv.reader(text_of(count).splitlines()))
    assert len(parsed) == count + 1


def test_same_arguments_give_same_bytes_and_others_differ() -> None:
    base = text_of(3_000, seed=7)
    assert text_of(3_000, seed=7) == base
    assert text_of(3_000, seed=8) != base
    assert text_of(3_000, "FRESNO", seed=7) != base


def test_a_shorter_file_is_a_prefix_of_a_longer_one() -> None:
    assert text_of(5_000, seed=3).startswith(text_of(1_234, seed=3))


def test_chosen_county_is_the_most_frequent(rows: list[list[str]]) -> None:
    counts = Counter(column(rows, "STP_ORI_CNTY_NAME"))
    (top, n), (second, _) = counts.most_common(2)
    assert top == "SACRAMENTO" and 0.5 < n / len(rows) < 0.75
    assert len(counts) > 20  # histories reach across the state


def test_county_argument_is_trimmed_and_upper_cased() -> None:
    parsed = list(csv.reader(text_of(2_000, " fresno ").splitlines()))[1:]
    counts = Counter(row[COL["STP_ORI_CNTY_NAME"]].strip() for row in parsed)
    assert counts.most_common(1)[0][0] == "FRESNO"


def test_all_four_prop64_sections_are_convicted(rows: list[list[str]]) -> None:
    found = Counter(m.group(1) for row in convictions(rows)
                    if (m := PROP64.search(code_section(row))))
    assert set(found) == set(load_code_sections(code_sections_path()).prop64_sections)
    assert min(found.values()) >= 20


def test_a_fair_share_of_people_have_a_prop64_conviction(rows: list[list[str]]) -> None:
    people = set(column(rows, "SUBJECT_ID"))
    with_p64 = {row[COL["SUBJECT_ID"]] for row in convictions(rows) if PROP64.search(code_section(row))}
    assert 0.12 < len(with_p64) / len(people) < 0.30


def test_synthetic_cannabinoid_and_superstrike_charges_appear(rows: list[list[str]]) -> None:
    offenses = {code_section(row) for row in rows}
    assert "11357.5 HS" in offenses
    assert offenses & {"187 PC", "245(D)(3) PC", "220 PC", "261(A)(2) PC"}
    assert offenses & {"288(A) PC", "314(1) PC"}


def test_names_with_commas_are_quoted(lines: list[str], rows: list[list[str]]) -> None:
    for line, row in zip(lines[1:101], rows[:100]):
        name = row[COL["PRI_NAME"]]
        assert re.fullmatch(r"[A-Z' -]+,[A-Z]+( [A-Z])?", name)
        assert f',"{name}' in line


def test_fields_with_quotes_are_escaped(lines: list[str], rows: list[list[str]]) -> None:
    quoted = [row[COL["COMMENT_TEXT"]] for row in rows if '"' in row[COL["COMMENT_TEXT"]]]
    assert quoted  # e.g. SEE "PRIOR" CASE NUMBER survives the round trip
    assert any('""' in line for line in lines)


def test_deceased_and_registration_steps_present(rows: list[list[str]]) -> None:
    kinds = column(rows, "STP_TYPE_DESCR")
    assert "DECEASED" in kinds
    registrations = [row for row in rows if row[COL["STP_TYPE_DESCR"]] == "REGISTRATION"]
    assert registrations
    assert all(row[COL["OFFENSE_DESCR"]].startswith("290 PC") for row in registrations)


def test_blank_and_impossible_dates_present(rows: list[list[str]]) -> None:
    for name in ("PRI_DOB", "STP_EVENT_DATE"):
        values = column(rows, name)
        assert "" in values, name
        assert {"00000000"} & set(values) or any(v.endswith("0000") for v in values), name
        assert all(v == "" or re.fullmatch(r"\d{8}", v) for v in values), name


def test_dates_span_the_expected_years(rows: list[list[str]]) -> None:
    cycles = column(rows, "CYC_DATE")
    assert "19700101" <= min(cycles) < "19800101" and "20200101" <= max(cycles) <= "20241231"
    births = [v for v in column(rows, "PRI_DOB") if v and not v.endswith("0000")]
    assert "19400101" <= min(births) and max(births) <= "20051231"


def test_cnt_order_is_12_digits_and_names_cycle_step_count(rows: list[list[str]]) -> None:
    for row in rows:
        cnt = row[COL["CNT_ORDER"]]
        assert re.fullmatch(r"\d{9}000", cnt)
        assert int(cnt[:3]) == int(row[COL["CYC_ORDER"]])
        assert int(cnt[3:6]) == int(row[COL["STP_ORDER"]])


def test_identifiers_have_their_widths(rows: list[list[str]]) -> None:
    assert all(re.fullmatch(r"\d{7,8}", v) for v in column(rows, "SUBJECT_ID"))
    assert all(re.fullmatch(r"\d{10}", v) for v in column(rows, "CII_NUMBER"))
    per_person = {(row[COL["SUBJECT_ID"]], row[COL["CII_NUMBER"]]) for row in rows}
    assert len(per_person) == len(set(column(rows, "SUBJECT_ID")))


def test_convictions_carry_levels_sentences_and_case_numbers(rows: list[list[str]]) -> None:
    convicted = convictions(rows)
    levels = Counter(column(convicted, "CONV_STAT_DESCR"))
    assert {"FELONY", "MISDEMEANOR", "INFRACTION", ""} <= set(levels)
    assert set(column(convicted, "SENT_TIME_CODE")) == {"D", "M", "Y"}
    assert all(row[COL["SENT_LENGTH"]].isdigit() for row in convicted)
    court = [row for row in rows if row[COL["STP_TYPE_DESCR"]] == "COURT ACTION"]
    assert sum(bool(row[COL["OFN"]]) for row in court) > 0.8 * len(court)
    repeated = Counter((row[COL["SUBJECT_ID"]], row[COL["CNT_ORDER"]]) for row in convicted)
    assert max(repeated.values()) >= 2  # a further sentence part of the same conviction


def test_charges_in_comment_text(rows: list[list[str]]) -> None:
    moved = [row for row in rows if row[COL["OFFENSE_DESCR"]] in ("", "SEE COMMENT FOR CHARGE")
             and row[COL["STP_TYPE_DESCR"]] == "COURT ACTION"]
    assert {row[COL["OFFENSE_DESCR"]] for row in moved} == {"", "SEE COMMENT FOR CHARGE"}
    assert all(re.match(r"[\d/.()A-Z]+ ?[A-Z]{2}-", row[COL["COMMENT_TEXT"]]) for row in moved)
    other_p64 = [row for row in rows if PROP64.search(code_section(row))
                 and PROP64.search(row[COL["COMMENT_TEXT"]])
                 and row[COL["OFFENSE_DESCR"]] not in ("", "SEE COMMENT FOR CHARGE")]
    assert other_p64


def test_write_records_is_the_generated_text(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = tmp_path / "doj.csv"
    written = write_records(path, 1_500, "SACRAMENTO", seed=5, progress=lambda d, t: calls.append((d, t)))
    assert written == 1_500
    assert path.read_bytes() == text_of(1_500, seed=5).encode("ascii")
    assert calls[-1] == (1_500, 1_500)
    assert [p.name for p in tmp_path.iterdir()] == ["doj.csv"]


def test_write_records_replaces_atomically_and_cleans_up_on_error(tmp_path: Path) -> None:
    path = tmp_path / "doj.csv"
    path.write_text("old")

    def fail(done: int, total: int) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_records(path, 10, progress=fail)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["doj.csv"]


@pytest.mark.parametrize("args", [(-1, "SACRAMENTO"), (10, "  ")])
def test_bad_arguments_are_refused_before_writing(tmp_path: Path, args: tuple[int, str]) -> None:
    with pytest.raises(ValueError):
        write_records(tmp_path / "doj.csv", *args)
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def history_rows() -> list[list[str]]:
    lines = list(generate_records(30_000, "SACRAMENTO", seed=2, shape="histories"))
    return [[field.strip() for field in row] for row in csv.reader(lines[1:])]


def test_histories_shape_has_long_histories_and_a_few_percent_prop64(history_rows: list[list[str]]) -> None:
    people = Counter(column(history_rows, "SUBJECT_ID"))
    assert 75 < len(history_rows) / len(people) < 115  # the earlier tool's files: about 94 a person
    assert max(int(row[COL["CYC_ORDER"]]) for row in history_rows) >= 30
    prop64_in_county = {(row[COL["SUBJECT_ID"]], row[COL["CNT_ORDER"]]) for row in convictions(history_rows)
                        if PROP64.search(code_section(row)) and row[COL["STP_ORI_CNTY_NAME"]] == "SACRAMENTO"}
    assert 0.025 < len(prop64_in_county) / len(history_rows) < 0.05  # the earlier tool's: 3.5%
    kinds = set(column(history_rows, "STP_TYPE_DESCR"))
    assert {"ARREST/DETAINED/CITED", "COURT ACTION", "CUSTODY", "PROBATION"} <= kinds
    assert len(set(column(history_rows, "STP_ORI_CNTY_NAME"))) > 20


def test_histories_shape_is_seeded_and_differs_from_the_default() -> None:
    histories = "".join(generate_records(3_000, seed=7, shape="histories"))
    assert "".join(generate_records(3_000, seed=7, shape="histories")) == histories
    assert "".join(generate_records(9_000, seed=7, shape="histories")).startswith(histories)
    assert histories != text_of(3_000, seed=7)
    assert [len(row) for row in csv.reader(histories.splitlines())] == [95] * 3_001


def test_unknown_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="histories"):
        write_records(tmp_path / "doj.csv", 10, shape="long")
    assert not list(tmp_path.iterdir())


def test_module_does_not_import_pyside6() -> None:
    code = ("import sys, desktop_app.core.generate; "
            "sys.exit(any(m.split('.')[0] == 'PySide6' for m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_cli_generate_writes_the_chosen_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    out = tmp_path / "doj.csv"
    assert main(["generate", "--rows", "500", "--seed", "3", "--shape", "histories", "--out", str(out)]) == 0
    assert out.read_bytes() == "".join(generate_records(500, seed=3, shape="histories")).encode("ascii")
    assert "wrote 500 rows" in capsys.readouterr().out
