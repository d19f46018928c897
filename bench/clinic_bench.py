"""Benchmark: a clinic's workbook of N rows (default 50,000) read, mapped and evaluated.

    python bench/clinic_bench.py [--rows 50000] [--runs 3] [--keep FILE]

Writes a fabricated workbook (XlsxWriter) with a title row, the headers a clinic would use and
the value forms people type (Excel dates and text dates, F / Felony / fel., HS 11359(b) /
11357(c) HS / H&S 11360(a), sentences in words), then times each stage: reading the sheet,
guessing the mapping, converting the rows, preparing and evaluating (county common policy, all
counties). Prints the minimum over the runs, in seconds. The target is 10 s end to end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADERS = ["Client ID", "Client name", "DOB", "Case number", "Court", "County", "Charge", "Conviction date",
           "Felony/Misdemeanor", "Sentence", "Notes"]
CHARGES = ["HS 11359(b)", "11357(c) HS", "H&S 11360(a)", "Health & Safety 11358", "11357(b)", "HS 11359",
           "PC 459", "VC 23152(a)", "11360 HS", "PC 11350"]
LEVELS = ["F", "Felony", "fel.", "M", "Misd", "misdemeanor", "I", "Infraction"]
SENTENCES = ["", "3 years", "16 months", "180 days", "2 yrs probation", "time served", "90 days jail"]
COUNTIES = ["Sacramento", "Sacramento County", "Yolo", "Placer", "Los Angeles", "LA"]


def write_workbook(path: Path, rows: int, seed: int = 1) -> None:
    import xlsxwriter

    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Clients")
    date_format = book.add_format({"num_format": "mm/dd/yyyy"})
    sheet.write_string(0, 0, "Legal aid clinic: Prop 64 intake (fabricated data)")
    for c, h in enumerate(HEADERS):
        sheet.write_string(2, c, h)
    r = 3
    person = 0
    while r - 3 < rows:
        person += 1
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rnd.randrange(0, 60 * 365))
        name = f"CLIENT{person}, TEST"
        for k in range(rnd.choice([1, 1, 2, 3, 4, 6])):
            if r - 3 >= rows:
                break
            day = born + dt.timedelta(days=18 * 365 + rnd.randrange(0, 30 * 365))
            day = min(day, dt.date(2023, 12, 31))
            values = [f"C{person:06d}", name, None, f"CR{person:06d}-{k}", "Superior Court", rnd.choice(COUNTIES),
                      rnd.choice(CHARGES), None, rnd.choice(LEVELS), rnd.choice(SENTENCES), ""]
            for c, v in enumerate(values):
                if v is not None:
                    sheet.write_string(r, c, v)
            if rnd.random() < 0.5:
                sheet.write_datetime(r, 2, dt.datetime.combine(born, dt.time()), date_format)
            else:
                sheet.write_string(r, 2, f"{born.month}/{born.day}/{born.year}")
            text_date = rnd.choice([day.isoformat(), f"{day.month}/{day.day}/{day.year}", day.strftime("%d-%b-%Y")])
            if rnd.random() < 0.5:
                sheet.write_datetime(r, 7, dt.datetime.combine(day, dt.time()), date_format)
            else:
                sheet.write_string(r, 7, text_date)
            r += 1
    book.close()


def run_once(path: Path) -> dict[str, float]:
    from desktop_app.core.clinic.convert import clinic_records
    from desktop_app.core.clinic.guess import guess_mapping
    from desktop_app.core.clinic.sheet import read_table
    from desktop_app.core.evaluate import evaluate
    from desktop_app.core.pipeline import default_policy_path, prepare_records
    from desktop_app.core.ruleset import load_policy

    times: dict[str, float] = {}
    started = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        times[name] = now - last
        last = now

    table = read_table(path)
    lap("read sheet")
    mapping = guess_mapping(table).mapping()
    assert not mapping.missing_required(), mapping
    lap("guess mapping")
    records = clinic_records(table, mapping)
    lap("convert rows")
    prepared = prepare_records(records)
    lap("prepare")
    results = evaluate(prepared, load_policy(default_policy_path()), "ALL", as_of=dt.date(2024, 1, 1))
    lap("evaluate")
    times["total"] = time.perf_counter() - started
    times["_convictions"] = len(results.evaluated)
    times["_problems"] = len(records.problems)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the workbook here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "clinic.xlsx"
        started = time.perf_counter()
        write_workbook(path, args.rows)
        print(f"wrote {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        runs = [run_once(path) for _ in range(args.runs)]
    best = {k: min(r[k] for r in runs) for k in runs[0] if not k.startswith("_")}
    print(f"{runs[0]['_convictions']:,} Prop 64 convictions evaluated, {runs[0]['_problems']} unreadable values")
    print(f"min of {args.runs} runs (seconds):")
    for name, seconds in best.items():
        print(f"  {name:<14} {seconds:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
