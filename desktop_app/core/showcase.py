"""The bundled sample: generated people plus a few hand-written ones, so that a first look at the
sample shows what the product does. Every person, number and history here is fabricated.

The generated part (``generate.generate_records(2000, "SACRAMENTO", seed=64)``) is realistic but
random: under the bundled policies it gives only dismissals and reductions. The people below are
written by hand, one per step of the procedure (rules/prop64_procedure.toml) and one per kind of
data problem, with dates chosen so that each shows the same thing for any evaluation date from
2024-01-01 (the self-test's) to the end of 2028. For county SACRAMENTO:

- under ``county-common.toml``: misdemeanor, dismiss_sections, under_21, age_threshold,
  years_since_conviction, only_prop64, deceased and reduce_sections each decide a conviction, and
  the data problems give Hand Review. That policy never gives "Not eligible" (every section is
  dismissed or reduced) and has crime_free off (``yearsCrimeFreeThreshold = 0``);
- under ``exclude-superstrike-example.toml``: also superstrike_before and pc290_before
  (Not eligible) and serving_sentence (Hand Review);
- with "No conviction in the last 5 years" switched on, crime_free decides the crime-free person;
  with 11359 set to "No relief", no_relief decides the 11359 felonies that no other step dismisses.

Regenerate the bundled sample, from the repository root, with::

    python -m desktop_app.core.showcase resources/sample/sample_doj.csv

then ``python -m desktop_app.selftest --write-expected`` and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .generate import generate_records
from .schema import DOJ_COLUMNS

GENERATED_ROWS = 2000
COUNTY = "SACRAMENTO"
SEED = 64
FIRST_SUBJECT_ID = 9_100_001  # far above the generated people's IDs (about 1,000,000-1,200,000)

_LEVEL = {"F": "FELONY", "M": "MISDEMEANOR", "I": "INFRACTION"}
_PLACE = {"JAIL": "J", "PROBATION": "P", "PRISON": "S"}
_UNIT = {"D": "DAYS", "M": "MONTHS", "Y": "YEARS"}
_COUNTY_CODE = {"SACRAMENTO": "34", "YOLO": "57", "SAN JOAQUIN": "39", "PLACER": "31"}


@dataclass(frozen=True)
class Event:
    """One cycle of a person's history. A conviction (``kind`` "CONVICTED") is an arrest step and
    a court step; "DECEASED" and "REGISTRATION" are a lone step."""

    date: str  # YYYYMMDD as written in the file (the court step's STP_EVENT_DATE)
    offense: str = ""  # OFFENSE_DESCR
    level: str = "F"  # F, M or I
    county: str = COUNTY
    kind: str = "CONVICTED"
    sentence: tuple[str, int, str] = ("JAIL", 90, "D")  # place, length, unit (D/M/Y)
    arrest_date: str = ""  # when the court step's date is wrong on purpose; default: date


@dataclass(frozen=True)
class Person:
    name: str  # PRI_NAME, LAST,FIRST
    gender: str
    dob: str  # PRI_DOB as written (may be impossible on purpose)
    shows: str  # what this person demonstrates
    events: tuple[Event, ...]
    no_subject_id: bool = False  # the court row of the last event has a blank SUBJECT_ID
    cut_short: bool = False  # the arrest row of the last event is cut off (an unreadable row)


PEOPLE: tuple[Person, ...] = (
    Person("HOLLOWAY,DENISE R", "F", "19880412", "misdemeanor: a misdemeanor is always dismissed",
           (Event("20150611", "11357(C)HS-POSSESS MARIJUANA", "M"),)),
    Person("OKAFOR,SAMUEL", "M", "19790301", "dismiss_sections: the policy dismisses every felony 11358",
           (Event("20140822", "11358 HS-CULTIVATE MARIJUANA"),)),
    Person("VASQUEZ,ADRIAN T", "M", "19980520", "under_21: 19 years old when convicted",
           (Event("20171103", "11360(A) HS-TRANSPORT/SELL MARIJUANA"),)),
    Person("PRUITT,HAROLD", "M", "19520708", "age_threshold: 57 or older on the evaluation date",
           (Event("20170315", "11359 HS-POSSESS MARIJ FOR SALE"),)),
    Person("LINDQVIST,KAREN M", "F", "19810914", "years_since_conviction: convicted more than 10 years ago",
           (Event("20090127", "11360(A) HS-TRANSPORT/SELL MARIJUANA"),)),
    Person("BRANNIGAN,COLE", "M", "19840210",
           "crime_free (when switched on): no conviction since 2018; under county-common: reduce_sections",
           (Event("20110418", "459 PC-BURGLARY"), Event("20181203", "11359 HS-POSSESS MARIJ FOR SALE"))),
    Person("ABERNATHY,JOELLE", "F", "19900119", "only_prop64: every conviction is a Prop 64 conviction",
           (Event("20120302", "11357(B)HS-POSSESS 28.5 GRAMS OR LESS MARIJUANA", "I", county="YOLO"),
            Event("20190506", "11359 HS-POSSESS MARIJ FOR SALE"))),
    Person("MBEKI,THEODORE", "M", "19740505", "deceased: the record has a DECEASED step",
           (Event("20100910", "23152(A) VC-DUI ALCOHOL", "M"), Event("20200724", "11360(A) HS-TRANSPORT/SELL MARIJUANA"),
            Event("20220114", kind="DECEASED"))),
    Person("FAIRWEATHER,NINA L", "F", "19861027",
           "reduce_sections: the policy reduces every felony 11359 (no_relief when 11359 gets no relief)",
           (Event("20200211", "11359 HS-POSSESS MARIJ FOR SALE"), Event("20231204", "484 PC-PETTY THEFT", "M"))),
    Person("KOWALCZYK,DMITRI", "M", "19770823",
           "superstrike_before (exclusion example): a superstrike conviction came first",
           (Event("20030612", "245(D)(3) PC-ASSAULT", county="SAN JOAQUIN", sentence=("PRISON", 6, "Y")),
            Event("20190730", "11360(A) HS-TRANSPORT/SELL MARIJUANA"))),
    Person("DUCHARME,WESLEY", "M", "19800102", "pc290_before (exclusion example): a PC 290 offence came first",
           (Event("20080915", "314(1) PC-INDECENT EXPOSURE", "M"),
            Event("20081001", "290 PC-REGISTRATION OF SEX OFFENDER", kind="REGISTRATION"),
            Event("20190918", "11359 HS-POSSESS MARIJ FOR SALE"))),
    Person("ESTRADA-LUNA,MARISOL", "F", "19830616",
           "serving_sentence (exclusion example): a 15-year prison term still running",
           (Event("20100322", "211 PC-ROBBERY", sentence=("PRISON", 3, "Y")),
            Event("20210304", "11360(A) HS-TRANSPORT/SELL MARIJUANA", sentence=("PRISON", 15, "Y")))),
    # Data problems: each sends the conviction to Hand Review, whatever the policy dismisses.
    Person("QUINTERO,RAFAEL", "M", "19850417", "data problem: a row of this person's history cannot be read",
           (Event("20160520", "11359 HS-POSSESS MARIJ FOR SALE"), Event("20190812", "484 PC-PETTY THEFT", "M")),
           cut_short=True),
    Person("HARGROVE,TESS", "F", "19870930", "data problem: the conviction date is impossible (20150000)",
           (Event("20150000", "11360(A) HS-TRANSPORT/SELL MARIJUANA", arrest_date="20150204"),)),
    Person("NAKAMURA,GLENN", "M", "19850000", "data problem: the date of birth is impossible (19850000)",
           (Event("20170619", "11359 HS-POSSESS MARIJ FOR SALE"),)),
    Person("OYELARAN,BRIDGET", "F", "19920616", "data problem: born after the conviction date",
           (Event("19900201", "11359 HS-POSSESS MARIJ FOR SALE"),)),
    Person("CALLOWAY,PRESTON", "M", "19760228", "data problem: a conviction dated 2099 (a typing error for 1999)",
           (Event("20990315", "11358 HS-CULTIVATE MARIJUANA", arrest_date="19990302"),)),
    Person("WINTERBOURNE,ALMA", "F", "19690811", "data problem: the court row has no SUBJECT_ID",
           (Event("20140128", "11357(A) HS-POSSESS CONCENTRATED CANNABIS"),), no_subject_id=True),
)


def _cii(subject_id: int) -> str:
    return str((subject_id * 7_919_311) % 9_000_000_000 + 1_000_000_000)


def _row(person: Person, subject_id: int, cycle: int, step: int, event: Event, step_kind: str,
         convicted: bool) -> list[str]:
    """One row in the 95-field layout; only the fields a reviewer reads are filled in."""
    values = dict.fromkeys(DOJ_COLUMNS, "")
    code = _COUNTY_CODE.get(event.county, "00")
    court = step_kind == "COURT ACTION"
    date = event.date if court or not event.arrest_date else event.arrest_date
    values.update({
        "SUBJECT_STATUS": "A", "SUBJECT_ID": str(subject_id), "REQ_SEG_SEP": "REQ", "PII_SEG_SEP": "PII",
        "CII_NUMBER": _cii(subject_id), "PRI_NAME": person.name, "GENDER": person.gender, "PRI_DOB": person.dob,
        "PDR_SEG_SEP": "PDR", "CYC_SEG_SEP": "CYC", "CYC_ORDER": str(cycle),
        "CYC_DATE": event.arrest_date or event.date, "STP_SEG_SEP": "STP", "STP_ORDER": str(step),
        "STP_EVENT_DATE": date, "STP_TYPE_CODE": step_kind[0], "STP_TYPE_DESCR": step_kind,
        "STP_ORI_CNTY_CODE": code, "STP_ORI_CNTY_NAME": event.county, "CNT_SEG_SEP": "CNT",
        "CNT_ORDER": f"{cycle:03d}{step:03d}001000", "OFFENSE_DESCR": event.offense,
        "OFFENSE_TOC": event.level if event.offense else "", "SENT_SEG_SEP": "SNT", "CII_TYPE": "C",
    })
    if court:
        values.update({"STP_ORI_DESCR": f"CASC {event.county}", "STP_ORI_CODE": f"CA{code}021J",
                       "OFN": f"{event.date[2:4]}F{subject_id % 100000:05d}", "DISP_DATE": event.date})
    elif step_kind == "ARREST/DETAINED/CITED":
        values.update({"STP_ORI_DESCR": f"SO {event.county}", "STP_ORI_CODE": f"CA{code}0000"})
    if convicted:
        place, length, unit = event.sentence
        values.update({
            "DISP_DESCR": f"CONVICTED-{place}", "CONV_STAT_CODE": event.level, "CONV_STAT_DESCR": _LEVEL[event.level],
            "CONV_OFFENSE_ORDER": "1", "CONV_OFFENSE_DESCR": event.offense, "SENT_ORDER": "1",
            "SENT_LOC_CODE": _PLACE[place], "SENT_LOC_DESCR": place, "SENT_LENGTH": str(length),
            "SENT_TIME_CODE": unit, "SENT_TIME_DESCR": _UNIT[unit]})
    elif step_kind == "ARREST/DETAINED/CITED":
        values["DISP_DESCR"] = "REL/TOT OTHER JURIS/AUTH"
    return [values[c] for c in DOJ_COLUMNS]


def _person_rows(person: Person, subject_id: int) -> Iterator[list[str]]:
    last = len(person.events)
    for cycle, event in enumerate(person.events, start=1):
        if event.kind != "CONVICTED":
            yield _row(person, subject_id, cycle, 1, event, event.kind, convicted=False)
            continue
        arrest = _row(person, subject_id, cycle, 1, event, "ARREST/DETAINED/CITED", convicted=False)
        court = _row(person, subject_id, cycle, 2, event, "COURT ACTION", convicted=True)
        if cycle == last and person.cut_short:
            arrest = arrest[:60]  # a line cut off in transfer: 60 of the 95 fields
        if cycle == last and person.no_subject_id:
            court[DOJ_COLUMNS.index("SUBJECT_ID")] = ""
        yield arrest
        yield court


def showcase_lines() -> Iterator[str]:
    """The hand-written people's lines (each ending in "\\n"), in the generator's CSV dialect."""
    for i, person in enumerate(PEOPLE):
        for fields in _person_rows(person, FIRST_SUBJECT_ID + i):
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerow(fields)
            yield text.getvalue()


def sample_lines() -> Iterator[str]:
    """The bundled sample: the generated rows, then the hand-written people."""
    yield from generate_records(GENERATED_ROWS, COUNTY, SEED)
    yield from showcase_lines()


def write_sample(path: str | os.PathLike[str]) -> int:
    """Write ``sample_lines()`` to ``path`` atomically; return the number of data lines."""
    target = Path(path)
    lines = list(sample_lines())
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, "w", encoding="ascii", newline="") as out:
            out.write("".join(lines))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(lines) - 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the bundled sample (fabricated people) to PATH.")
    parser.add_argument("path")
    args = parser.parse_args(argv)
    write_sample(args.path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
