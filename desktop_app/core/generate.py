"""Seeded synthetic CA DOJ research files: fabricated people in the real 95-field layout.

Every person, number and history here is invented; the output is for tests, demos and load
measurements, never for decisions. The same ``(rows, county, seed, shape)`` always gives the same
bytes (only ``random.Random(seed).random()`` is used, which is stable across Python versions), and
a shorter file is a prefix of a longer one with the same county, seed and shape. Two shapes
(``SHAPES``): ``default``, short histories, and ``histories``, long ones like real extracts.

The bundled sample ``resources/sample/sample_doj.csv`` is regenerated, from the repository root, by::

    python -m desktop_app.core.generate resources/sample/sample_doj.csv --rows 2000 --county SACRAMENTO --seed 64

which is ``write_records("resources/sample/sample_doj.csv", 2000, "SACRAMENTO", seed=64)``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import logging
import os
import random
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.core.schema import DOJ_COLUMNS

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
T = TypeVar("T")

PROGRESS_EVERY = 50_000  # rows between progress(done, total) calls and buffered writes


class _Table(Generic[T]):
    """A weighted choice: ``pick(u)`` maps one uniform draw ``u`` in [0, 1) to an item."""

    def __init__(self, weighted: Sequence[tuple[float, T]]) -> None:
        self.items = [item for _, item in weighted]
        self.cum = list(itertools.accumulate(w for w, _ in weighted))

    def pick(self, u: float) -> T:
        i = bisect.bisect_right(self.cum, u * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


def _q(text: str) -> str:
    """One CSV field per RFC 4180: quoted when it holds a comma, quote or line break."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _blank(width: int) -> str:
    return " " * width


# (weight, OFFENSE_DESCR, OFFENSE_TOC letters drawn uniformly). Weights are relative per table.
_PROP64 = _Table([
    (14, ("11357(C)HS-POSSESS MARIJUANA", "M")), (10, ("11357 HS-POSSESS MARIJUANA", "MMF")),
    (6, ("11357(A) HS-POSSESS CONCENTRATED CANNABIS", "FM")),
    (6, ("11357(B)HS-POSSESS 28.5 GRAMS OR LESS MARIJUANA", "MI")),
    (2, ("11357(D) HS-POSSESS MARIJUANA ON SCHOOL GROUNDS", "M")),
    (12, ("11358 HS-CULTIVATE MARIJUANA", "FFM")), (16, ("11359 HS-POSSESS MARIJ FOR SALE", "FFFM")),
    (14, ("11360(A) HS-TRANSPORT/SELL MARIJUANA", "FFM")),
    (3, ("11360(B) HS-GIVE AWAY/TRANSPORT MARIJUANA", "MI")), (3, ("664/11359 HS-ATTEMPT", "F")),
    (2, ("11360A HS-SELL MARIJUANA", "F")),
    (1, ("11359/11360 HS-POSSESS FOR SALE/TRANSPORT MARIJUANA", "F")),
])
# Charges that travel with cannabis cases (the "related charges" of the comparison scenario).
_RELATED = [
    (6, ("11364 HS-POSSESS DRUG PARAPHERNALIA", "M")),
    (5, ("647(F) PC-DISORDERLY CONDUCT:INTOX DRUG/ALCOHOL", "M")),
    (4, ("148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER", "M")), (3, ("602 PC-TRESPASSING", "M")),
    (3, ("4060 BP-POSSESS CONTROLLED SUBSTANCE W/O PRESCR", "M")),
    (2, ("40508(A) VC-FAIL TO APPEAR:WRITTEN PROMISE", "M")),
    (2, ("11550(A) HS-UNDER INFLUENCE CONTROLLED SUBSTANCE", "M")),
    (2, ("1320(A) PC-FAIL TO APPEAR", "M")), (1, ("148.9(A) PC-FALSE ID TO PEACE OFFICER", "M")),
    (1, ("466 PC-POSSESS BURGLARY TOOLS", "M")), (1, ("4149 BP-UNLAWFUL SALE HYPODERMIC NEEDLE", "M")),
]
_GENERAL = _Table(_RELATED + [
    (10, ("459 PC-BURGLARY", "FFM")), (12, ("23152(A) VC-DUI ALCOHOL", "M")),
    (8, ("11350(A) HS-POSSESS NARCOTIC", "FM")), (3, ("11357.5 HS-SYNTH CANNABINOID", "MI")),
    (8, ("496 PC-RECEIVE STOLEN PROPERTY", "FM")), (10, ("484 PC-PETTY THEFT", "M")),
    (8, ("242 PC-BATTERY", "M")), (5, ("273.5(A) PC-INFLICT CORP INJ SPOUSE/COHAB", "FM")),
    (8, ("11377(A) HS-POSSESS CONTROLLED SUBSTANCE", "FM")),
    (5, ("10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT", "FM")), (4, ("211 PC-ROBBERY", "F")),
    (6, ("12500(A) VC-DRIVE WITHOUT LICENSE", "MI")), (4, ("14601.1(A) VC-DRIVE W/LIC SUSPENDED", "M")),
    (3, ("470(A) PC-FORGERY", "F")), (2, ("29800(A)(1) PC-FELON/ADDICT POSSESS FIREARM", "F")),
    # Superstrike and PC 290 offences: rare, so that the flags are exercised but not everywhere.
    (0.2, ("187 PC-MURDER", "F")), (0.3, ("245(D)(3) PC-ASSAULT", "F")),
    (0.3, ("220 PC-ASSAULT W/INT", "F")), (0.25, ("261(A)(2) PC-RAPE", "F")),
    (0.3, ("288(A) PC-LEWD ACT", "F")), (0.5, ("314(1) PC-INDECENT EXPOSURE", "M")),
])
_RELATED_TABLE = _Table(_RELATED)
_REGISTRATION = "290 PC-REGISTRATION OF SEX OFFENDER"
# Comments naming another Prop 64 section: (section digits, text); some hold commas, one a quote.
_P64_COMMENTS = [
    ("11357", "ORIG CHRG 11357(C) HS, AMENDED"), ("11358", "ORIG CHRG 11358 HS"),
    ("11359", "11359 HS, PLEA TO LESSER"), ("11360", "CHRG WAS 11360(A) HS"),
]
_COMMENTS = _Table([
    (5, "PROB MODIFIED"), (4, "DOCKET NO CORRECTED"), (3, "FINE $250, PENALTY ASSESSMENT"),
    (2, "CONCURRENT W/ OTHER CASE"), (1, 'SEE "PRIOR" CASE NUMBER'),
])

_LAST = ("SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ "
         "GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS "
         "SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL "
         "FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS "
         "EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK ROGERS "
         "GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON "
         "WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVARADO CASTILLO "
         "SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ O'BRIEN VAN-DYKE TRAN CHEN WONG SINGH").split()
_LAST = _LAST + ["DE LA CRUZ", "ST JOHN"]
_FIRST_M = ("JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL "
            "MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY "
            "RONALD JOSE LUIS CARLOS JUAN JORGE MIGUEL ERIC JASON JEFFREY RYAN GARY NICHOLAS").split()
_FIRST_F = ("MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY "
            "MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA MELISSA DEBORAH MARIA "
            "ROSA ANA GUADALUPE VERONICA CYNTHIA ANGELA BRENDA AMY ANNA JANE").split()
_RACES = _Table([(35, ("W", "WHITE")), (38, ("H", "HISPANIC")), (15, ("B", "BLACK")), (6, ("A", "ASIAN")),
                 (2, ("F", "FILIPINO")), (1, ("I", "AMERICAN INDIAN")), (3, ("O", "OTHER"))])
_EYES = (("BRO", "BROWN"), ("BLU", "BLUE"), ("HAZ", "HAZEL"), ("GRN", "GREEN"), ("BLK", "BLACK"))
_HAIR = (("BLK", "BLACK"), ("BRO", "BROWN"), ("BLN", "BLOND"), ("RED", "RED"), ("GRY", "GRAY"))

# The 58 counties, alphabetical (their DOJ county codes 01-58), with rough population weights.
_COUNTY_WEIGHTS = (
    "ALAMEDA 16,ALPINE .1,AMADOR .4,BUTTE 2,CALAVERAS .5,COLUSA .2,CONTRA COSTA 11,DEL NORTE .3,"
    "EL DORADO 2,FRESNO 10,GLENN .3,HUMBOLDT 1.4,IMPERIAL 1.8,INYO .2,KERN 9,KINGS 1.5,LAKE .6,"
    "LASSEN .3,LOS ANGELES 100,MADERA 1.6,MARIN 2.6,MARIPOSA .2,MENDOCINO .9,MERCED 2.8,MODOC .1,"
    "MONO .1,MONTEREY 4.3,NAPA 1.4,NEVADA 1,ORANGE 31,PLACER 4,PLUMAS .2,RIVERSIDE 24,SACRAMENTO 15,"
    "SAN BENITO .6,SAN BERNARDINO 21,SAN DIEGO 33,SAN FRANCISCO 8.7,SAN JOAQUIN 7.6,"
    "SAN LUIS OBISPO 2.8,SAN MATEO 7.6,SANTA BARBARA 4.4,SANTA CLARA 19,SANTA CRUZ 2.7,SHASTA 1.8,"
    "SIERRA .1,SISKIYOU .4,SOLANO 4.4,SONOMA 4.9,STANISLAUS 5.5,SUTTER 1,TEHAMA .6,TRINITY .1,"
    "TULARE 4.7,TUOLUMNE .5,VENTURA 8.4,YOLO 2.2,YUBA .8"
)
_COUNTIES = [(c.rsplit(" ", 1)[0], float(c.rsplit(" ", 1)[1])) for c in _COUNTY_WEIGHTS.split(",")]
_COUNTY_CODES = {name: f"{i:02d}" for i, (name, _) in enumerate(_COUNTIES, start=1)}

_FIRST_DAY = date(1940, 1, 1).toordinal()  # day 0 of the day numbers used below
_DAY_1970 = date(1970, 1, 1).toordinal() - _FIRST_DAY
_DAY_LAST = date(2024, 12, 31).toordinal() - _FIRST_DAY
_DOB_FIRST, _DOB_LAST = 0, date(2005, 12, 31).toordinal() - _FIRST_DAY


@cache
def _date_text() -> tuple[str, ...]:
    """YYYYMMDD for every day number 1940-01-01 .. 2025-12-31 (lookup beats strftime per row)."""
    last = date(2025, 12, 31).toordinal()
    return tuple(date.fromordinal(d).strftime("%Y%m%d") for d in range(_FIRST_DAY, last + 1))


# Fixed-width blanks, as real extracts pad unused fields (they make up most of a row's bytes).
_REQ_BLANK = ",".join(["REQ", _blank(10), _blank(24), " ", _blank(8), _blank(10), _blank(9), "PII"])
_PERSON_TAIL = ",".join(["{fbi}", "PDR", "{race}", "{race_descr:<20}", "{eye}", "{eye_descr:<10}",
                         "{hair}", "{hair_descr:<10}", "{height}", "{weight}", "Y", " ", "CA",
                         "CALIFORNIA  ", "S", "US          ", "CYC", ""])
_QUAL_BLANK = _blank(20)
_OFFENSE_BLANK = ",".join([_blank(6), _blank(30), " ", _QUAL_BLANK])
_CONV_BLANK = ",".join([" ", _blank(6), _blank(30), " ", _QUAL_BLANK])
_SENT_BLANK = "SNT, ," + ",".join(["  ", _blank(12), _blank(4), " ", _blank(8)])
_SENT_LOC = {"JAIL": "J ", "PROBATION": "P ", "PRISON": "S "}
# Sentence lengths per place: (share of the first kind, (shortest, longest, unit), otherwise).
_TERMS = {"JAIL": (0.7, (1, 365, "D"), (1, 12, "M")), "PROBATION": (0.6, (12, 60, "M"), (1, 5, "Y")),
          "PRISON": (0.4, (16, 96, "M"), (2, 15, "Y"))}
_SENT_UNIT = {"D": "DAYS", "M": "MONTHS", "Y": "YEARS"}
_LEVEL = {"F": "FELONY", "M": "MISDEMEANOR", "I": "INFRACTION"}
_FE_BLANK = ",".join(_blank(w) for w in (8, 10, 10, 10, 10, 10, 10, 8, 8))  # fields 67-75
_WARRANT_BLANK = _blank(10)
_NO_DISP = f"1,{_blank(10)},{_blank(24)}, ,"
_PROP64_DESCRS = frozenset(descr for descr, _ in _PROP64.items)
_DAY_PROP64 = date(2016, 11, 9).toordinal() - _FIRST_DAY
# Step kinds: (STP_ORI_TYPE, STP_ORI_TYPE_DESCR, agency part of STP_ORI_CODE, STP_ORI_DESCR prefix).
_AGENCIES = {
    "ARREST/DETAINED/CITED": ("S", "SHERIFF/POLICE DEPARTMENT", "0000", "SO "),
    "COURT ACTION": ("C", "SUPERIOR COURT", "021J", "CASC "),
    "CUSTODY": ("D", "DEPT OF CORRECTIONS", "5000", "CDC "),
    "PROBATION": ("P", "PROBATION DEPARTMENT", "0300", "PROB "),
    "REGISTRATION": ("S", "SHERIFF/POLICE DEPARTMENT", "0000", "SO "),
    "DECEASED": ("M", "CORONER", "0700", "CORONER "),
}


@dataclass(frozen=True)
class Shape:
    """How histories are drawn. ``default`` is short histories (about 4 rows a person, 0.2% of
    rows Prop 64 convictions in the county); ``histories`` is what real extracts and the earlier
    county tool's generator look like: dozens of cycles a person (about 94 rows), each an arrest
    and a court step with several counts, and about 3.5% of rows Prop 64 convictions in the
    county."""

    cycles: tuple[int, int] = (1, 10)  # 1st + int(u * u * 2nd) cycles
    home_share: float = 0.78  # people whose home county is the processing county
    stay_home: float = 0.8  # cycles in the home county
    prop64_cycles: tuple[float, float] = (0.14, 0.03)  # cannabis cycles before / after Prop 64
    counts: tuple[float, ...] = (0.65, 0.9)  # cumulative shares of 1, 2, ... counts a cycle
    court_share: float = 0.82  # cycles with a court step
    convicted_share: float = 0.72  # court cases with a conviction


SHAPES = {
    "default": Shape(),
    "histories": Shape(cycles=(5, 55), home_share=0.9, stay_home=0.9, prop64_cycles=(0.28, 0.125),
                       counts=(0.3, 0.55, 0.75, 0.88, 0.96), court_share=0.9, convicted_share=0.8),
}


class _People:
    """Draws one fabricated person at a time; all randomness comes from one seeded Random."""

    def __init__(self, county: str, seed: int, shape: Shape = SHAPES["default"]) -> None:
        self.rnd = random.Random(seed)
        self.county = county
        self.shape = shape
        others = [(w, c) for c, w in _COUNTIES if c != county]
        self.other_counties = _Table(others)
        self.any_county = _Table(others + [(15.0, county)])
        self.subject_id = 1_000_000 + int(self.rnd.random() * 100_000)
        self.dates = _date_text()
        self.blocks: dict[tuple[str, ...], str] = {}

    def _date(self, day: int) -> str:
        """YYYYMMDD of a day number; about 0.5% blank and 0.2% impossible, as in real extracts."""
        u = self.rnd.random()
        if u < 0.005:
            return _blank(8) if u < 0.0025 else ""
        if u < 0.007:
            return "00000000" if u < 0.006 else self.dates[day][:4] + "0000"
        return self.dates[day]

    def _charge(self, descr: str, toc: str) -> str:
        """OFFENSE_CODE, OFFENSE_DESCR, OFFENSE_TOC, OFFENSE_QUAL_LST of a charge (4 fields)."""
        key = ("charge", descr, toc)
        if key not in self.blocks:
            code = f"{sum(map(ord, descr)) % 90000 + 10000:<6}" if descr else _blank(6)
            self.blocks[key] = ",".join([code, _q(f"{descr:<30}"), toc or " ", _QUAL_BLANK])
        return self.blocks[key]

    def _offense(self, descr: str, toc: str, court: bool) -> str:
        """Fields OFFENSE_CODE .. DISP_OFFENSE_QUAL_LST (53-60); court rows repeat the charge."""
        charge = self._charge(descr, toc)
        return f"{charge},{charge if court else _OFFENSE_BLANK}"

    def _step(self, cycle_head: str, order: int, kind: str, county: str, day: int) -> str:
        """The head of a row up to STP_ORI_CNTY_NAME (field 48) for one step of a cycle."""
        padded = self.rnd.random() < 0.1  # some extracts pad the county name
        key = ("step", kind, county, str(padded))
        if key not in self.blocks:
            code = _COUNTY_CODES.get(county, "00")
            ori_type, ori_descr, agency, prefix = _AGENCIES[kind]
            self.blocks[key] = ",".join([
                kind[0], f"{kind:<25}", ori_type, f"{ori_descr:<30}", f"CA{code}{agency}",
                _q(f"{prefix}{county:<30}"), code, _q(f"{county:<20}" if padded else county), ""])
        return f"{cycle_head}{order},{self._date(day)},{self.blocks[key]}"

    def person(self) -> Iterator[str]:
        """Yield the lines of one person's statewide history, cycles in date order."""
        r = self.rnd.random
        self.subject_id += 1 + int(r() * 40)
        sid = self.subject_id
        cii = (sid * 7_919_311) % 9_000_000_000 + 1_000_000_000  # a bijection: CIIs stay unique
        male = r() < 0.72
        firsts = _FIRST_M if male else _FIRST_F
        middle = "" if r() < 0.3 else " " + chr(65 + int(r() * 26))
        name = f"{_LAST[int(r() * len(_LAST))]},{firsts[int(r() * len(firsts))]}{middle}"
        dob = _DOB_FIRST + int(r() * (_DOB_LAST - _DOB_FIRST))
        dob_text = self._date(dob)  # blank or impossible as often as step dates
        race, race_descr = _RACES.pick(r())
        eye, eye_descr = _EYES[int(r() * len(_EYES))]
        hair, hair_descr = _HAIR[int(r() * len(_HAIR))]
        fbi = f"{100000 + int(r() * 900000)}{chr(65 + int(r() * 26))}{chr(65 + int(r() * 26))}0"
        prefix = ",".join([
            "", "A", str(sid), _REQ_BLANK, str(cii), _q(name if r() < 0.8 else f"{name:<30}"),
            "M" if male else "F", dob_text, _blank(9), _blank(10), _blank(10), _blank(10),
            _PERSON_TAIL.format(
                fbi=fbi if r() < 0.6 else _blank(9), race=race, race_descr=race_descr, eye=eye,
                eye_descr=eye_descr, hair=hair, hair_descr=hair_descr,
                height=f"{5 + int(r() * 2)}{int(r() * 12):02d}", weight=str(110 + int(r() * 150)))])

        shape = self.shape
        home = self.county if r() < shape.home_share else self.other_counties.pick(r())
        n_cycles = shape.cycles[0] + int(r() * r() * shape.cycles[1])
        lo = max(dob + 5479, _DAY_1970)  # 15 years old, and no history before 1970
        days = sorted(lo + int((_DAY_LAST - lo) * r() ** 1.4) for _ in range(n_cycles))
        sex_offence = False
        for cyc, day in enumerate(days, start=1):
            county = home if r() < shape.stay_home else self.any_county.pick(r())
            p64 = r() < shape.prop64_cycles[0 if day < _DAY_PROP64 else 1]
            charges: list[tuple[str, str]] = []
            for n in range(1 + bisect.bisect_right(shape.counts, r())):
                table = _GENERAL if not p64 else _PROP64 if n == 0 or r() < 0.4 else _RELATED_TABLE
                descr, tocs = table.pick(r())
                sex_offence = sex_offence or descr.startswith(("288(A)", "314(1)", "261(A)"))
                charges.append((descr, tocs[int(r() * len(tocs))]))
            yield from self._cycle(prefix, cyc, day, dob, county, charges)

        last = days[-1]
        if r() < (0.25 if sex_offence else 0.006):
            n_cycles += 1
            last = min(last + int(r() * 900), _DAY_LAST)
            yield from self._lone_step(prefix, n_cycles, last, dob, "REGISTRATION", home, _REGISTRATION)
        if r() < 0.01:
            last = min(last + int(r() * 4000), _DAY_LAST)
            yield from self._lone_step(prefix, n_cycles + 1, last, dob, "DECEASED", home, "")

    def _lone_step(self, prefix: str, cyc: int, day: int, dob: int, kind: str, county: str,
                   descr: str) -> Iterator[str]:
        """A cycle of one step with one count and no disposition (REGISTRATION, DECEASED)."""
        head = self._step(f"{prefix}{cyc},{self.dates[day]},STP,", 1, kind, county, day)
        yield _count(head, f"{cyc:03d}001001000", "", "", self._offense(descr, "", False),
                     _CONV_BLANK, _NO_DISP, _SENT_BLANK, (day - dob) // 365, "")

    def _cycle(self, prefix: str, cyc: int, day: int, dob: int, county: str,
               charges: list[tuple[str, str]]) -> Iterator[str]:
        """An arrest step, then usually a court step, and after some sentences custody/probation."""
        r = self.rnd.random
        dates = self.dates
        age = (day - dob) // 365
        cycle_head = f"{prefix}{cyc},{dates[day]},STP,"
        head = self._step(cycle_head, 1, "ARREST/DETAINED/CITED", county, day)
        for n, (descr, toc) in enumerate(charges, start=1):
            disp = ("REL/TOT OTHER JURIS/AUTH", "RELEASED/DETENTION ONLY", _blank(24))[int(r() * 3)]
            level = f"{toc},{_LEVEL[toc]}" if r() < 0.5 else " ,"
            yield _count(head, f"{cyc:03d}001{n:03d}000", "", "", self._offense(descr, toc, False),
                         _CONV_BLANK, f"1,{_blank(10)},{disp},{level}", _SENT_BLANK, age,
                         self._comment(descr))
        if r() >= self.shape.court_share:
            return  # no court step: released, or never filed

        court_day = min(day + int(r() * r() * 400), _DAY_LAST)
        head = self._step(cycle_head, 2, "COURT ACTION", county, court_day)
        ofn = (f"{dates[court_day][2:4]}{'FMT'[int(r() * 3)]}{int(r() * 100000):05d}"
               if r() < 0.92 else "")
        convicted_case = r() < self.shape.convicted_share
        places: set[str] = set()
        for n, (descr, toc) in enumerate(charges, start=1):
            if r() < 0.015:  # the charge is written in COMMENT_TEXT instead
                comment, descr = _q(descr), ("SEE COMMENT FOR CHARGE" if r() < 0.7 else "")
            else:
                comment = self._comment(descr)
            u = r()
            disp_day = ("" if u < 0.07 else dates[court_day] if u >= 0.15
                        else dates[min(court_day + 30 + int(r() * 900), _DAY_LAST)])
            count_ofn = ofn if r() < 0.95 else f"{ofn[:3]}{int(r() * 100000):05d}"
            offense = self._offense(descr, toc, True)
            cnt = f"{cyc:03d}002{n:03d}000"
            if not (convicted_case and (n == 1 or r() < 0.5)):
                disp = ("DISMISSED/CHARGE DROPPED", "DISMISSED/CHARGE DROPPED", "ACQUITTED",
                        "DISMISSED-FURTHERANCE OF JUSTICE")[int(r() * 4)]
                yield _count(head, cnt, disp_day, count_ofn, offense, _CONV_BLANK,
                             f"1,{_blank(10)},{disp}, ,", _SENT_BLANK, age, comment)
                continue
            level = "M" if toc == "F" and r() < 0.1 else toc  # wobblers sentenced as misdemeanors
            stat = "" if r() < 0.1 else _LEVEL[level]  # blank: OFFENSE_TOC decides
            if stat and r() < 0.4:
                stat = f"{stat:<12}"
            place = "PRISON" if level == "F" and r() < 0.15 else "JAIL" if r() < 0.45 else "PROBATION"
            places.add(place)
            disposition = f"1,{_blank(10)},CONVICTED-{place},{level if stat else ' '},{stat}"
            conv = f"1,{self._charge(descr, toc)}"
            for part in range(1, 3 if r() < 0.15 else 2):  # a repeated row adds a sentence part
                where = place if part == 1 else "PROBATION" if place == "JAIL" else "JAIL"
                yield _count(head, cnt, disp_day, count_ofn, offense, conv, disposition,
                             f"SNT,{part},{self._sentence(where)}", age, comment)

        if "PRISON" in places and r() < 0.5 or "PROBATION" in places and r() < 0.1:
            kind = "CUSTODY" if "PRISON" in places else "PROBATION"
            head = self._step(cycle_head, 3, kind, county, min(court_day + int(r() * 60), _DAY_LAST))
            yield _count(head, f"{cyc:03d}003001000", "", "", self._offense(*charges[0], False),
                         _CONV_BLANK, _NO_DISP, _SENT_BLANK, age, "")

    def _sentence(self, place: str) -> str:
        """Fields SENT_LOC_CODE .. SENT_TIME_DESCR (85-89) for one sentence part."""
        r = self.rnd.random
        share, usual, other = _TERMS[place]
        shortest, longest, unit = usual if r() < share else other
        length = shortest + int(r() * (longest - shortest + 1))
        return f"{_SENT_LOC[place]},{place:<12},{length:<4},{unit},{_SENT_UNIT[unit]:<8}"

    def _comment(self, descr: str) -> str:
        """COMMENT_TEXT: mostly empty; on 5% of Prop 64 charges it names another Prop 64 section."""
        u = self.rnd.random()
        if descr in _PROP64_DESCRS:
            if u < 0.05:
                others = [text for section, text in _P64_COMMENTS if section not in descr]
                return _q(others[int(u / 0.05 * len(others))])
        elif u < 0.04:
            return _q(_COMMENTS.pick(u / 0.04))
        return ""


def _count(head: str, cnt: str, disp_day: str, ofn: str, offense: str, conv: str,
           disposition: str, sentence: str, age: int, comment: str) -> str:
    """One line: ``head`` holds fields 0-48; this appends CNT_SEG_SEP .. END_OF_REC (49-94).

    ``offense`` is fields 53-60, ``conv`` 61-65, ``disposition`` 78-82, ``sentence`` 83-89.
    """
    return (f"{head}CNT,{cnt},{disp_day},{ofn},{offense},{conv},1,{_FE_BLANK},{ofn:<12},"
            f"{_WARRANT_BLANK},{disposition},{sentence},{age},C,,{comment},\n")


def generate_records(rows: int, county: str = "SACRAMENTO", seed: int = 0, *,
                     header: bool = True, shape: str = "default") -> Iterator[str]:
    """Yield the lines (each ending in "\\n") of a fabricated DOJ research file.

    Exactly ``rows`` data rows follow the optional header (``DOJ_COLUMNS`` joined by commas);
    the last person's history is cut off at that row. ``county`` (trimmed, upper-cased) is the
    processing county: about 60% of steps are recorded there (85% in the ``histories`` shape),
    the rest across California. ``shape`` names one of ``SHAPES``. Every line has 95 fields,
    quoted per RFC 4180 where needed. Same arguments, same bytes.
    """
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, got {rows}")
    if not county.strip():
        raise ValueError("county must not be blank")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {shape!r}")
    return _lines(rows, county.strip().upper(), seed, header, SHAPES[shape])


def _lines(rows: int, county: str, seed: int, header: bool, shape: Shape) -> Iterator[str]:
    """The lines of ``generate_records`` for arguments already checked and normalised."""
    if header:
        yield ",".join(DOJ_COLUMNS) + "\n"
    people = _People(county, seed, shape)
    done = 0
    while done < rows:
        for line in people.person():
            yield line
            done += 1
            if done == rows:
                return


def write_records(path: str | os.PathLike[str], rows: int, county: str = "SACRAMENTO",
                  seed: int = 0, *, header: bool = True, shape: str = "default",
                  progress: Progress | None = None) -> int:
    """Write ``generate_records(rows, county, seed, header=header, shape=shape)`` to ``path``;
    return ``rows``.

    The file appears atomically: it is written under a temporary name in the same folder, then
    renamed over ``path``; on any error the temporary file is removed and ``path`` is untouched.
    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` rows and once at the end.
    """
    target = Path(path)
    lines = generate_records(rows, county, seed, header=header, shape=shape)  # validates first
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    done = 0
    try:
        with open(fd, "w", encoding="ascii", newline="") as out:
            os.chmod(tmp, 0o644)  # fabricated data: readable like any file (mkstemp gives 0600)
            if header:
                out.write(next(lines))
            while done < rows:
                batch = list(itertools.islice(lines, PROGRESS_EVERY))
                out.write("".join(batch))
                done += len(batch)
                if progress is not None:
                    progress(done, rows)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if progress is not None and rows == 0:
        progress(0, 0)
    _log.info("wrote %d synthetic rows to %s", done, target.name)
    return done


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m desktop_app.core.generate PATH --rows N [--county C] [--seed S]
    [--shape default|histories]``."""
    parser = argparse.ArgumentParser(description="Write a synthetic (fabricated) DOJ research file.")
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--county", default="SACRAMENTO")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=list(SHAPES), default="default")
    parser.add_argument("--no-header", action="store_true")
    args = parser.parse_args(argv)
    write_records(args.path, args.rows, args.county, args.seed, header=not args.no_header, shape=args.shape)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
