"""Seeded synthetic CA DOJ research files: fabricated people in the real 95-field layout.

Every person, number and history here is invented; the output is for tests, demos and load
measurements, never for decisions. The same ``(rows, county, seed, shape)`` always gives the same
bytes (only ``random.Random(seed).random()`` is used, which is stable across Python versions), and
a shorter file is a prefix of a longer one with the same county, seed and shape. Two shapes
(``SHAPES``): ``default``, short histories, and ``histories``, long ones like real extracts.

The bundled sample ``resources/sample/sample_doj.csv`` starts with
``generate_records(2000, "SACRAMENTO", seed=64)`` and adds hand-written people: see
``desktop_app/core/showcase.py`` for how to regenerate it.
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

from desktop_app.core.generate_vocab import (
    COMMENTS, COUNTIES, COUNTY_CODES, EYES, FIRST_F, FIRST_M, GENERAL, HAIR, LAST, P64_COMMENTS, PROP64, RACES,
    REGISTRATION, RELATED_TABLE, Table)
from desktop_app.core.schema import DOJ_COLUMNS

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

PROGRESS_EVERY = 50_000  # rows between progress(done, total) calls and buffered writes


def _q(text: str) -> str:
    """One CSV field per RFC 4180: quoted when it holds a comma, quote or line break."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _blank(width: int) -> str:
    return " " * width


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
_PROP64_DESCRS = frozenset(descr for descr, _ in PROP64.items)
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
    """How histories are drawn. ``default`` is short histories (about 8.5 rows a person, 1.6% of
    rows Prop 64 convictions in the county); ``histories`` is what real extracts and the earlier
    county tool's generator look like: dozens of cycles a person (about 93 rows), each an arrest
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
        others = [(w, c) for c, w in COUNTIES if c != county]
        self.other_counties = Table(others)
        self.any_county = Table(others + [(15.0, county)])
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
            code = COUNTY_CODES.get(county, "00")
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
        firsts = FIRST_M if male else FIRST_F
        middle = "" if r() < 0.3 else " " + chr(65 + int(r() * 26))
        name = f"{LAST[int(r() * len(LAST))]},{firsts[int(r() * len(firsts))]}{middle}"
        dob = _DOB_FIRST + int(r() * (_DOB_LAST - _DOB_FIRST))
        dob_text = self._date(dob)  # blank or impossible as often as step dates
        race, race_descr = RACES.pick(r())
        eye, eye_descr = EYES[int(r() * len(EYES))]
        hair, hair_descr = HAIR[int(r() * len(HAIR))]
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
                table = GENERAL if not p64 else PROP64 if n == 0 or r() < 0.4 else RELATED_TABLE
                descr, tocs = table.pick(r())
                sex_offence = sex_offence or descr.startswith(("288(A)", "314(1)", "261(A)"))
                charges.append((descr, tocs[int(r() * len(tocs))]))
            yield from self._cycle(prefix, cyc, day, dob, county, charges)

        last = days[-1]
        if r() < (0.25 if sex_offence else 0.006):
            n_cycles += 1
            last = min(last + int(r() * 900), _DAY_LAST)
            yield from self._lone_step(prefix, n_cycles, last, dob, "REGISTRATION", home, REGISTRATION)
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
                others = [text for section, text in P64_COMMENTS if section not in descr]
                return _q(others[int(u / 0.05 * len(others))])
        elif u < 0.04:
            return _q(COMMENTS.pick(u / 0.04))
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
