"""Read the values people type into a clinic's spreadsheet: dates, levels, code sections,
sentences, yes/no marks, counties. Each reader takes one cell (an Excel value or text) and is
applied once per distinct value of a column (`per_distinct`), never once per row.

A value that cannot be read is never guessed at: the readers return UNREADABLE and the caller
lists the cell (sheet, row, column) and sends the person to Hand Review.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..counties import county_name

BLANK = 0
UNREADABLE = -1  # a date reader's answer for a value that is not a date

FELONY, MISDEMEANOR, INFRACTION = "FELONY", "MISDEMEANOR", "INFRACTION"
LEVEL_TOC = {FELONY: "F", MISDEMEANOR: "M", INFRACTION: "I"}


def per_distinct(values: np.ndarray | list[Any], fn: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
    """`fn` of every value, computed once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    mapped = np.array([fn(u) for u in uniques], dtype=dtype)
    if not len(mapped):
        return np.empty(0, dtype=dtype)
    return mapped[codes]


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: Any) -> str:
    """A cell as users see it: dates MM/DD/YYYY, whole numbers without '.0'."""
    if is_blank(value):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        text = value.strftime("%m/%d/%Y")
        return text if value.time() == dt.time(0) else f"{text} {value.strftime('%H:%M')}"
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- dates

_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")), start=1) for name in names}
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?)?"
_ISO = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$")
_US = re.compile(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[-\s./]*([a-z]{3,9})\.?[-\s./,]*(\d{4}|\d{2})$")
_MONTH_DAY = re.compile(r"^([a-z]{3,9})\.?[-\s./]*(\d{1,2})(?:st|nd|rd|th)?[-\s./,]+(\d{4}|\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year quirk is after day 60)
FIRST_YEAR, LAST_YEAR = 1850, 2100


def _year(text: str) -> int:
    """Two-digit years as Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _ymd(year: int, month: int, day: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return UNREADABLE
    try:
        dt.date(year, month, day)
    except ValueError:
        return UNREADABLE
    return year * 10000 + month * 100 + day


def read_date(value: Any) -> int:
    """A date as int YYYYMMDD; BLANK (0) for an empty cell; UNREADABLE (-1) otherwise.

    Excel dates (and date serial numbers), ISO text (2012-03-04), US order (3/4/2012 is March 4,
    3/4/12), with a month name (4-Mar-2012, March 4, 2012) and YYYYMMDD. A day-first date such
    as 31/3/2012 is not read: which order was meant cannot be known.
    """
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return UNREADABLE
    if isinstance(value, dt.datetime):
        return _ymd(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _ymd(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 18500101 <= value <= 21001231:
            return read_date(str(int(value)))
        if float(value).is_integer() and 3654 <= value <= 73050:  # a date serial number, 1910 to 2099
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
            return _ymd(day.year, day.month, day.day)
        return UNREADABLE
    if not isinstance(value, str):
        return UNREADABLE
    text = value.strip().lower()
    if m := _COMPACT.match(text):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO.match(text):
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if m := _US.match(text):
        return _ymd(_year(m[3]), int(m[1]), int(m[2]))
    if (m := _DAY_MONTH.match(text)) and m[2] in _MONTHS:
        return _ymd(_year(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := _MONTH_DAY.match(text)) and m[1] in _MONTHS:
        return _ymd(_year(m[3]), _MONTHS[m[1]], int(m[2]))
    return UNREADABLE


def read_dates(values: np.ndarray | list[Any]) -> np.ndarray:
    """read_date over a column (int64), once per distinct value."""
    return per_distinct(values, read_date, np.int64)


# ---------------------------------------------------------------- levels

_LEVEL_WORDS = {
    FELONY: ("F", "FEL", "FELONY", "FELON", "FELONIES"),
    MISDEMEANOR: ("M", "MIS", "MISD", "MSD", "MISDE", "MISDEMEANOR", "MISDEMEANOUR", "MISDEMEANORS", "MISDEMENOR"),
    INFRACTION: ("I", "INF", "INFR", "INFRAC", "INFRACTION", "INFRACTIONS"),
}
_LEVELS = {word: level for level, words in _LEVEL_WORDS.items() for word in words}


def read_level(value: Any) -> str | None:
    """'F', 'Felony', 'fel.' -> FELONY; 'M', 'Misd' -> MISDEMEANOR; 'I', 'Infraction' ->
    INFRACTION; '' for an empty cell; None when it cannot be read (e.g. 'F/M', 'wobbler')."""
    if is_blank(value):
        return ""
    if not isinstance(value, str):
        return None
    return _LEVELS.get(re.sub(r"[\s.]+", "", value.upper()))


# ---------------------------------------------------------------- code sections

_CODE_NAMES = (  # how people write the codes -> the abbreviation DOJ files use
    (r"HEALTH\s*(?:&|AND)\s*SAFETY(?:\s*CODE)?|H\s*&\s*S\s*C?|H\.\s*S\.?|HSC", "HS"),
    (r"PENAL(?:\s*CODE)?|P\.\s*C\.?", "PC"),
    (r"VEHICLE(?:\s*CODE)?|VEH\.?(?:\s*C)?|V\.\s*C\.?", "VC"),
    (r"BUSINESS\s*(?:&|AND)\s*PROFESSIONS?(?:\s*CODE)?|B\s*&\s*P\s*C?|BPC", "BP"),
    (r"MILITARY\s*(?:&|AND)\s*VETERANS(?:\s*CODE)?|M\s*&\s*V", "MV"),
    (r"WELFARE\s*(?:&|AND)\s*INSTITUTIONS?(?:\s*CODE)?|W\s*&\s*I\s*C?|WIC", "WI"),
)
_CODE_NAME = re.compile("|".join(f"(?P<c{i}>(?<![A-Z]){pattern}(?![A-Z]))" for i, (pattern, _) in
                                 enumerate(_CODE_NAMES)))
_CODES = "HS|PC|VC|BP|MV|WI"
_SECTION = re.compile(
    rf"(?<![A-Z0-9.])(?:(?P<pre>{_CODES})\s*)?(?P<num>\d{{2,6}}(?:\.\d+)?)"
    rf"(?P<subs>(?:\s*\([A-Z0-9]{{1,4}}\))+|[A-Z](?![A-Z0-9]))?(?:\s*(?P<post>{_CODES})(?![A-Z]))?")
PROP64_SECTIONS = ("11357", "11358", "11359", "11360")


def _abbreviate(match: re.Match[str]) -> str:
    for i, (_, code) in enumerate(_CODE_NAMES):
        if match.group(f"c{i}"):
            return f" {code} "
    return match.group(0)


def read_code_section(value: Any) -> str | None:
    """The code section in a cell, as DOJ files write it: 'HS 11359(b)' -> '11359(B) HS',
    'H&S 11360(a)' -> '11360(A) HS', 'Health & Safety 11358' -> '11358 HS', '11357(c)' ->
    '11357(C) HS' (11357-11360 are H&S sections). A charge text is searched for it ('Possession for sale, HS 11359(b)'). ''
    for an empty cell; None when no code section is found."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    text = _CODE_NAME.sub(_abbreviate, value.upper().replace("§", " ").replace("SECTION", " "))
    text = re.sub(r"\bSEC\.?(?=\s|\d)", " ", text)
    found = [m for m in _SECTION.finditer(text) if m["pre"] or m["post"] or len(m["num"]) >= 3]
    if not found:
        return None
    with_code = [m for m in found if m["pre"] or m["post"]]
    prop64 = [m for m in found if m["num"] in PROP64_SECTIONS]
    chosen = ([m for m in with_code if m["num"] in PROP64_SECTIONS] or with_code or prop64 or found)[0]
    # 11357-11360 are Health and Safety Code sections whether or not the cell says so.
    code = chosen["pre"] or chosen["post"] or ("HS" if chosen["num"] in PROP64_SECTIONS else "")
    subs = re.sub(r"\s+", "", chosen["subs"] or "")
    attempt = "664/" if re.search(r"(?<![0-9])664\s*/\s*$", text[: chosen.start("num")].replace(code, "")) else ""
    return f"{attempt}{chosen['num']}{subs}" + (f" {code}" if code else "")


# ---------------------------------------------------------------- sentences

_UNIT_DAYS = {"d": 1.0, "day": 1.0, "days": 1.0, "w": 7.0, "wk": 7.0, "wks": 7.0, "week": 7.0, "weeks": 7.0,
              "m": 365.25 / 12, "mo": 365.25 / 12, "mos": 365.25 / 12, "mth": 365.25 / 12, "mths": 365.25 / 12,
              "month": 365.25 / 12, "months": 365.25 / 12, "y": 365.25, "yr": 365.25, "yrs": 365.25,
              "year": 365.25, "years": 365.25}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(_UNIT_DAYS, key=len, reverse=True)) + r")\b")
_NO_SENTENCE = {"none", "no", "n/a", "na", "-", "0", "time served", "ts", "cts", "credit for time served",
                "no sentence", "fine only", "fine"}


def read_sentence(value: Any) -> tuple[float, int]:
    """(length in days, end date YYYYMMDD): '3 years' -> (1095.75, 0); '16 mos' -> (486.9, 0);
    '3 yrs probation, 180 days jail' -> the parts added, as DOJ files' sentence parts are;
    a date -> (nan, the date: the sentence ends then); 'time served', 'none' and an empty cell ->
    (0, 0). (nan, 0) when it cannot be read (a number without a unit, 'life')."""
    if is_blank(value):
        return 0.0, 0
    if isinstance(value, (bool, int, float)):
        return math.nan, 0  # a number without a unit
    day = read_date(value)
    if day > 0:
        return math.nan, day
    if not isinstance(value, str):
        return math.nan, 0
    text = value.strip().lower()
    if text in _NO_SENTENCE:
        return 0.0, 0
    parts = _PART.findall(text)
    if not parts:
        return math.nan, 0
    return sum(float(n) * _UNIT_DAYS[unit] for n, unit in parts), 0


# ---------------------------------------------------------------- yes / no, counties, people

_YES = {"y", "yes", "true", "x", "1", "deceased", "dead", "died", "d"}
_NO = {"n", "no", "false", "0", "-", "living", "alive", "not deceased"}


def read_flag(value: Any) -> bool | None:
    """Yes/No, Y/N, TRUE/FALSE, x, 1/0, 'Deceased'; a date (of death) is yes. An empty cell is
    no; None when it cannot be read."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if not isinstance(value, str):
        return None
    text = value.strip().lower().rstrip(".")
    if text in _YES:
        return True
    if text in _NO:
        return False
    return True if read_date(value) > 0 else None


def read_county(value: Any) -> str:
    """'Sacramento', 'Sacramento County', 'LA' -> 'SACRAMENTO', 'LOS ANGELES'; '' when empty."""
    return county_name(cell_text(value))


def read_text(value: Any) -> str:
    """A cell as text, spaces collapsed ('' when empty)."""
    return " ".join(cell_text(value).split())


def person_key(name: str) -> str:
    """Names compared without case, spaces or punctuation: 'Doe, Jane' is 'DOE,JANE'."""
    return re.sub(r"[^A-Z0-9]", "", name.upper())
