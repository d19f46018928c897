"""The values people type into a clinic's sheet, read one by one (core/clinic/values.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from desktop_app.core.clinic.values import (BLANK, UNREADABLE, read_code_section, read_county, read_date,
                                            read_dates, read_flag, read_level, read_sentence)


@pytest.mark.parametrize("value", [
    "3/4/2012", "03/04/2012", "3-4-2012", "3.4.2012", "3/4/12", "2012-03-04", "2012/3/4", "2012-03-04 00:00:00",
    "20120304", "4-Mar-2012", "04-MAR-12", "4 Mar 2012", "4 March 2012", "March 4, 2012", "Mar 4 2012",
    "Mar. 4th, 2012", " 3/4/2012 ", dt.date(2012, 3, 4), dt.datetime(2012, 3, 4), dt.datetime(2012, 3, 4, 15, 30),
    40972.0, 20120304.0,
])
def test_date_forms_all_read_as_march_4_2012(value):
    assert read_date(value) == 20120304


@pytest.mark.parametrize("value, expected", [
    ("1/2/29", 20290102), ("1/2/30", 19300102),  # two-digit years as Excel reads them
    ("2/29/2012", 20120229),
])
def test_date_two_digit_years_and_leap_days(value, expected):
    assert read_date(value) == expected


@pytest.mark.parametrize("value", [
    "31/3/2012",  # day first: which order was meant cannot be known
    "13/4/2012", "2/30/2012", "2/29/2011", "19790000", "1/1/1800", "abc", "soon", "3/4", True, 3.0,
])
def test_date_that_cannot_be_read_is_unreadable_never_guessed(value):
    assert read_date(value) == UNREADABLE


@pytest.mark.parametrize("value", ["", "   ", None])
def test_date_blank(value):
    assert read_date(value) == BLANK


def test_dates_read_once_per_distinct_value():
    values = np.array(["3/4/2012", "bad", "", "3/4/2012", dt.date(2000, 1, 2)], dtype=object)
    assert list(read_dates(values)) == [20120304, UNREADABLE, BLANK, 20120304, 20000102]


@pytest.mark.parametrize("value, expected", [
    ("F", "FELONY"), ("Felony", "FELONY"), ("fel.", "FELONY"), ("FEL", "FELONY"), (" felony ", "FELONY"),
    ("M", "MISDEMEANOR"), ("Misd", "MISDEMEANOR"), ("misd.", "MISDEMEANOR"), ("Misdemeanor", "MISDEMEANOR"),
    ("I", "INFRACTION"), ("Infraction", "INFRACTION"), ("inf", "INFRACTION"), ("", ""),
    ("F/M", None), ("wobbler", None), ("felony reduced", None), (1.0, None),
])
def test_level_forms(value, expected):
    assert read_level(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("HS 11359(b)", "11359(B) HS"), ("H&S 11360(a)", "11360(A) HS"), ("11357(c) HS", "11357(C) HS"),
    ("Health & Safety 11358", "11358 HS"), ("Health and Safety Code section 11359", "11359 HS"),
    ("11357(c)", "11357(C) HS"), ("11357(C)HS", "11357(C) HS"), ("hs11358", "11358 HS"), ("11360a", "11360A HS"), ("459", "459"),
    ("H&S §11357(b)", "11357(B) HS"), ("11359(b)(1) hs", "11359(B)(1) HS"), (11357.0, "11357 HS"),
    ("Possession for sale, HS 11359(b)", "11359(B) HS"), ("664/11359 HS", "664/11359 HS"),
    ("PC 187", "187 PC"), ("459 PC", "459 PC"), ("VC 23152(a)", "23152(A) VC"), ("Penal Code 211", "211 PC"),
    ("B&P 4060", "4060 BP"), ("11357.5 HS", "11357.5 HS"), ("", ""),
])
def test_code_section_forms(value, expected):
    assert read_code_section(value) == expected


@pytest.mark.parametrize("value", ["possession of marijuana", "Count 2", "see RAP sheet"])
def test_code_section_not_found_is_unreadable(value):
    assert read_code_section(value) is None


@pytest.mark.parametrize("value, days", [
    ("3 years", 3 * 365.25), ("3 yrs", 3 * 365.25), ("16 months", 16 * 365.25 / 12), ("16 mos", 16 * 365.25 / 12),
    ("180 days", 180.0), ("2 weeks", 14.0), ("3Y", 3 * 365.25), ("3 yrs probation, 180 days jail", 3 * 365.25 + 180),
    ("time served", 0.0), ("none", 0.0), ("", 0.0),
])
def test_sentence_lengths(value, days):
    length, end = read_sentence(value)
    assert end == 0 and length == pytest.approx(days)


def test_sentence_end_date():
    length, end = read_sentence("5/1/2021")
    assert math.isnan(length) and end == 20210501


@pytest.mark.parametrize("value", ["3", 36.0, "life", "until done"])
def test_sentence_without_unit_is_unreadable(value):
    length, end = read_sentence(value)
    assert math.isnan(length) and end == 0


@pytest.mark.parametrize("value, expected", [
    ("Yes", True), ("Y", True), ("x", True), (True, True), (1.0, True), ("Deceased", True), ("3/4/2019", True),
    (dt.date(2019, 3, 4), True), ("No", False), ("n", False), ("", False), (None, False), (False, False),
    ("maybe", None),
])
def test_deceased_marks(value, expected):
    assert read_flag(value) is expected


@pytest.mark.parametrize("value, expected", [
    ("Sacramento", "SACRAMENTO"), ("Sacramento County", "SACRAMENTO"), (" los angeles co. ", "LOS ANGELES"),
    ("LA", "LOS ANGELES"), ("County of San Diego", "SAN DIEGO"), ("", ""), ("Multnomah", "MULTNOMAH"),
])
def test_counties(value, expected):
    assert read_county(value) == expected
