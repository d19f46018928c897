"""A small data set and workspace for the workspace tests: five people whose convictions get
different automatic decisions under the county common policy (evaluation date factory.AS_OF)."""

from __future__ import annotations

from pathlib import Path

from factory import AS_OF, COUNTY, conviction, row, write_csv

from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import default_policy_path, load
from desktop_app.core.results import Results
from desktop_app.core.ruleset import load_policy
from desktop_app.core.workspace import Workspace

POLICY = default_policy_path()  # county-common.toml

# Keys of the convictions below (CII A<subject>, CNT_ORDER, date, code section).
MISDEMEANOR = "A1001|001001001000|2010-01-01|11357HS"  # Eligible for Dismissal
SALE = "A1002|002001001000|2015-01-01|11359HS"  # Eligible for Reduction; deceased in the new extract
TRANSPORT = "A1003|002001001000|2016-01-01|11360HS"  # Eligible for Reduction; count renumbered later
CULTIVATION = "A1004|001001001000|2012-06-01|11358HS"  # Eligible for Dismissal; gone from the new extract
YOUNG = "A1005|001001001000|2014-03-01|11359HS"  # under 21 at conviction: Eligible for Dismissal


def base_rows() -> list[list[str]]:
    return [
        conviction("1001", "11357 HS-POSSESS", "20100101", level="MISDEMEANOR", CNT_ORDER="001001001000"),
        conviction("1002", "459 PC-BURGLARY", "20000101", CNT_ORDER="001001001000", PRI_DOB="19800101"),
        conviction("1002", "11359 HS-POSSESS FOR SALE", "20150101", CNT_ORDER="002001001000", PRI_DOB="19800101"),
        conviction("1003", "187 PC-MURDER", "19990101", CNT_ORDER="001001001000", PRI_DOB="19750101"),
        conviction("1003", "11360 HS-TRANSPORT", "20160101", CNT_ORDER="002001001000", PRI_DOB="19750101"),
        conviction("1004", "11358 HS-CULTIVATE", "20120601", CNT_ORDER="001001001000"),
        conviction("1005", "11359 HS-POSSESS FOR SALE", "20140301", CNT_ORDER="001001001000", PRI_DOB="19950101"),
        row("1005", STP_TYPE_DESCR="ARREST/DETAINED/CITED", CNT_ORDER="001001002000", PRI_DOB="19950101"),
    ]


def new_extract_rows() -> list[list[str]]:
    """The next DOJ extract: re-sorted, 1004's conviction gone, 1002 deceased, 1003's count
    renumbered, and a new person 1006."""
    rows = [r for r in base_rows() if not (r[2] == "1004")]
    out = []
    for r in rows:
        r = list(r)
        if r[2] == "1003" and "11360" in r[54]:
            r[50] = "003001001000"  # CNT_ORDER renumbered
        out.append(r)
    out.append(row("1002", STP_TYPE_DESCR="DECEASED", STP_EVENT_DATE="20190101", CNT_ORDER="003001001000",
                   PRI_DOB="19800101"))
    out.append(conviction("1006", "11357 HS-POSSESS", "20110101", level="MISDEMEANOR", CNT_ORDER="001001001000"))
    return out[::-1]


def evaluate_file(path: Path, county: str = COUNTY) -> Results:
    return evaluate(load([path]), load_policy(POLICY), county, as_of=AS_OF)


def write_data(folder: Path, rows: list[list[str]] | None = None, name: str = "doj.csv") -> Path:
    return write_csv(folder / name, rows if rows is not None else base_rows())


def new_workspace(folder: Path, name: str = "w.rcw", rows: list[list[str]] | None = None,
                  **open_options: object) -> tuple[Workspace, Results]:
    source = write_data(folder, rows)
    results = evaluate_file(source)
    ws = Workspace.create(folder / name, results, policy_text=POLICY.read_text(encoding="utf-8"),
                          policy_file=POLICY.name, reviewer="Ana Reviewer", **open_options)  # type: ignore[arg-type]
    return ws, results
