"""Small, readable DOJ records for tests: every row has valid defaults; name only what matters."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from desktop_app.core.codes import load_code_sections
import pandas as pd

from desktop_app.core.bundle_columns import eligibility_values
from desktop_app.core.evaluate import evaluate
from desktop_app.core.results import Results
from desktop_app.core.pipeline import code_sections_path, default_policy_path
from desktop_app.core.prepare import prepare
from desktop_app.core.reader import read_records
from desktop_app.core.ruleset import Options, Policy, load_policy
from desktop_app.core.schema import DOJ_COLUMNS

AS_OF = dt.date(2020, 7, 1)
# The eligibility columns of the bundle, exactly as counties' spreadsheets name them (the contract).
GOGEN_COLUMNS = (
    "Case Number", "# of convictions on record", "Possible Other P64 Charges", "Occurred after 11/9/2016",
    "Superstrike Code Section(s)", "PC290 Code Section(s)", "PC290 Registration", "Date of Conviction",
    "Years Since This Conviction", "Years Since Any Conviction", "# of Prop 64 convictions",
    "# of HS 11357 convictions", "# of HS 11358 convictions", "# of HS 11359 convictions",
    "# of HS 11360 convictions", "Deceased", "Eligibility Determination", "Eligibility Reason",
)
COUNTY = "SACRAMENTO"

_counter = {"cnt": 0}


def row(subject: str = "1001", **fields: str) -> list[str]:
    """One DOJ row (95 fields). Keyword names are DOJ column names."""
    values = {c: "" for c in DOJ_COLUMNS}
    values.update({
        "SUBJECT_ID": subject, "CII_NUMBER": f"A{subject}", "PRI_NAME": f"DOE,PERSON {subject}",
        "PRI_DOB": "19700101", "STP_ORI_CNTY_NAME": COUNTY, "STP_TYPE_DESCR": "ARREST/DETAINED/CITED",
    })
    for key, value in fields.items():
        if key not in values:
            raise KeyError(key)
        values[key] = value
    if not values["CNT_ORDER"]:
        _counter["cnt"] += 1
        values["CNT_ORDER"] = f"{_counter['cnt']:03d}001001000"
    return [values[c] for c in DOJ_COLUMNS]


def conviction(subject: str = "1001", offense: str = "11358 HS-CULTIVATE MARIJUANA", date: str = "20100101",
               level: str = "FELONY", county: str = COUNTY, **fields: str) -> list[str]:
    """A COURT ACTION row that convicts `subject` of `offense` on `date`."""
    values = dict(OFFENSE_DESCR=offense, STP_EVENT_DATE=date, CONV_STAT_DESCR=level,
                  STP_ORI_CNTY_NAME=county, STP_TYPE_DESCR="COURT ACTION", DISP_DESCR="CONVICTED-JAIL",
                  OFFENSE_TOC={"FELONY": "F", "MISDEMEANOR": "M", "INFRACTION": "I"}.get(level.strip(), ""))
    values.update(fields)
    return row(subject, **values)


def write_csv(path: Path, rows: list[list[str]], header: bool = True, trailing_comma: bool = False,
              encoding: str = "utf-8", newline: str = "\n") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, lineterminator=newline)
        if header:
            writer.writerow(list(DOJ_COLUMNS) + ([""] if trailing_comma else []))
        for r in rows:
            writer.writerow(r + ([""] if trailing_comma else []))
    return path


def policy(**options: Any) -> Policy:
    """The county common policy with some options changed (defaults: all relief off)."""
    base = dict(dismiss=(), reduce=(), subjectUnder21AtConviction=False, subjectAgeThreshold=0,
                yearsSinceConvictionThreshold=0, yearsCrimeFreeThreshold=0, subjectIsDeceased=False,
                subjectHasOnlyProp64Charges=False)
    base.update(options)
    base["dismiss"], base["reduce"] = tuple(base["dismiss"]), tuple(base["reduce"])
    return load_policy(default_policy_path()).with_options(Options(**base), name="test policy")


def decide(tmp_path: Path, rows: list[list[str]], chosen: Policy | None = None, county: str = COUNTY,
           as_of: dt.date = AS_OF) -> Results:
    path = write_csv(tmp_path / f"records_{len(list(tmp_path.iterdir()))}.csv", rows)
    records = read_records([path])
    prepared = prepare(records, load_code_sections(code_sections_path()))
    return evaluate(prepared, chosen or policy(), county, as_of=as_of)


def bundle(results: Results) -> pd.DataFrame:
    """The bundle's eligibility columns of the evaluated convictions, as exported."""
    return pd.DataFrame(eligibility_values(results))


def decisions(results: Results) -> list[tuple[str, str]]:
    return list(zip(results.evaluated["determination"].astype(str), results.reason_texts))


def only(results: Results) -> tuple[str, str]:
    found = decisions(results)
    assert len(found) == 1, found
    return found[0]
