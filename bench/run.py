"""Benchmarks for the scale targets (issue: "Scale: a large county's file").

    python bench/run.py                      # 1,000,000 and 3,000,000 rows, both shapes, min of 3 runs
    python bench/run.py --shape histories --no-gui          # real-shaped histories only, engine only
    python bench/run.py --sizes 100000 --runs 1 --no-gui   # a quick smoke run (CI)

Generates seeded files with the project's own generator (cached in bench/.cache/) in two shapes:
`default` (short histories, about 0.2% of rows Prop 64 convictions) and `histories` (like real
extracts and the earlier county tool's generator: about 94 rows a person, 3.5% of rows Prop 64
convictions in the county). Each measurement runs in a fresh child process; the script prints a
table plus a JSON record (--json FILE). The CLI figure is the default run, with Results.xlsx; the
run without the workbook (--no-workbook) is measured too. Wall time is the minimum over the runs;
peak memory is that run's peak resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
COUNTY = "SACRAMENTO"
AS_OF = "2024-01-01"

# Each measurement is a small program run in its own interpreter; it prints one JSON line.
CLI_RUN = r"""
import json, resource, sys, time, tempfile
t = time.perf_counter()
from desktop_app.cli import main
out = tempfile.mkdtemp(dir=sys.argv[2])
code = main(["run", "--input", sys.argv[1], "--county", "{county}", "--compute-at", "{as_of}",
             "--outputs", out, "--quiet"] + sys.argv[3:])
seconds = time.perf_counter() - t
import shutil; shutil.rmtree(out)  # gigabytes at 3M rows: not kept for the next run
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "exit": code}}))
"""

ENGINE_PARTS = r"""
import datetime as dt, json, resource, sys, time, tempfile, os
from desktop_app.core.pipeline import load, default_policy_path
from desktop_app.core.ruleset import load_policy
from desktop_app.core.evaluate import evaluate
from desktop_app.core.output_files import atomic_file
from desktop_app.core.workbook import write_workbook
from desktop_app.paths import policies_dir
as_of = dt.date.fromisoformat("{as_of}")
t = time.perf_counter(); prepared = load([sys.argv[1]]); load_s = time.perf_counter() - t
common = load_policy(default_policy_path()); everything = load_policy(policies_dir() / "dismiss-all-prop64.toml")
results = evaluate(prepared, common, "{county}", as_of=as_of)
t = time.perf_counter(); results = evaluate(prepared, everything, "{county}", as_of=as_of); re_s = time.perf_counter() - t
out = os.path.join(tempfile.mkdtemp(dir=sys.argv[2]), "Results.xlsx")
from pathlib import Path
t = time.perf_counter()
with atomic_file(Path(out)) as f:
    write_workbook(f, results, scratch_dir=Path(out).parent)
xlsx_s = time.perf_counter() - t
os.remove(out)
la = load_policy(policies_dir() / "los-angeles-2019.toml"); policy_s = {{"common": [], "la": []}}
for _ in range(5):  # the Los Angeles tree against the county common choice, interleaved
    for name, policy in (("common", common), ("la", la)):
        t = time.perf_counter(); evaluate(prepared, policy, "{county}", as_of=as_of)
        policy_s[name].append(time.perf_counter() - t)
print(json.dumps({{"load_seconds": load_s, "reevaluate_seconds": re_s, "xlsx_seconds": xlsx_s,
                  "common_policy_seconds": min(policy_s["common"]), "la_policy_seconds": min(policy_s["la"]),
                  "convictions": len(results.evaluated), "people": len(prepared.persons),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def generated_file(rows: int, shape: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / (f"doj_{rows}_seed1.csv" if shape == "default" else f"doj_{shape}_{rows}_seed1.csv")
    if not path.exists():
        print(f"generating {rows:,} rows ({shape} shape) -> {path}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "desktop_app.cli", "generate", "--rows", str(rows),
                        "--county", COUNTY, "--seed", "1", "--shape", shape, "--out", str(path)],
                       check=True, cwd=ROOT)
    return path


def child(program: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", program.format(county=COUNTY, as_of=AS_OF), *args],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def gui_child(path: Path, scratch: str) -> dict | None:
    script = ROOT / "bench" / "gui_bench.py"
    if not script.exists():
        return None
    # PYTHONPATH: the window code of this checkout, not whatever copy of the package is installed.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    if done.returncode != 0:
        print(f"GUI benchmark failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rows: int, shape: str, runs: int, gui: bool) -> dict:
    path = generated_file(rows, shape)
    record: dict = {"rows": rows, "shape": shape, "file_mb": round(path.stat().st_size / 1e6, 1)}
    with tempfile.TemporaryDirectory() as scratch:
        for prefix, extra in (("cli", []), ("cli_no_workbook", ["--no-workbook"])):
            cli = [child(CLI_RUN, str(path), scratch, *extra) for _ in range(runs)]
            best = min(cli, key=lambda r: r["seconds"])
            record[f"{prefix}_seconds"], record[f"{prefix}_peak_mb"] = best["seconds"], best["peak_mb"]
            record[f"{prefix}_seconds_all"] = [round(r["seconds"], 2) for r in cli]
        parts = [child(ENGINE_PARTS, str(path), scratch) for _ in range(runs)]
        record["reevaluate_seconds"] = min(p["reevaluate_seconds"] for p in parts)
        record["xlsx_seconds"] = min(p["xlsx_seconds"] for p in parts)
        for key in ("common_policy_seconds", "la_policy_seconds"):
            record[key] = min(p[key] for p in parts)
        record["convictions"] = parts[0]["convictions"]
        record["people"] = parts[0]["people"]
        if gui:
            found = [g for g in (gui_child(path, scratch) for _ in range(runs)) if g]
            if found:
                for key in found[0]:
                    if key.endswith("_seconds"):
                        record["gui_" + key] = min(g[key] for g in found)
                record["gui_peak_mb"] = min(g.get("peak_mb", 0) for g in found)
    return record


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        memory = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "platform": platform.platform()}


def table(records: list[dict]) -> str:
    rows = [
        ("CLI end to end (read, evaluate, CSV bundle + summary + Results.xlsx)", "cli_seconds", "s"),
        ("peak memory of that run", "cli_peak_mb", "MB"),
        ("CLI end to end without the workbook (--no-workbook)", "cli_no_workbook_seconds", "s"),
        ("peak memory of that run", "cli_no_workbook_peak_mb", "MB"),
        ("GUI: file chosen -> table showing results", "gui_open_seconds", "s"),
        ("GUI: apply a filter / free-text search (slowest)", "gui_filter_seconds", "s"),
        ("GUI: sort by a column (slowest)", "gui_sort_seconds", "s"),
        ("re-evaluate after a policy change (engine)", "reevaluate_seconds", "s"),
        ("GUI: policy change -> table updated", "gui_policy_change_seconds", "s"),
        ("evaluate, county common choice (min of 5, interleaved)", "common_policy_seconds", "s"),
        ("evaluate, Los Angeles 2019 policy (same runs)", "la_policy_seconds", "s"),
        ("GUI: longest pause of the window while loading", "gui_longest_pause_seconds", "s"),
        ("Excel workbook export alone (evaluated convictions)", "xlsx_seconds", "s"),
        ("evaluated Prop 64 convictions", "convictions", ""),
        ("people in the file", "people", ""),
    ]
    head = "| work | " + " | ".join(f"{r['rows']:,} rows, {r['shape']}" for r in records) + " |"
    lines = [head, "|---|" + "---|" * len(records)]
    for label, key, unit in rows:
        cells = []
        for r in records:
            v = r.get(key)
            cells.append("n/a" if v is None else f"{v:,}" if not unit else
                         f"{v:,.0f} {unit}" if unit == "MB" else f"{v:.2f} {unit}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000,3000000", help="comma-separated row counts")
    parser.add_argument("--shape", choices=["default", "histories", "both"], default="both",
                        help="generated file shape (default: both)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--json", metavar="FILE", help="also write the JSON record here")
    args = parser.parse_args()
    started = time.time()
    shapes = ["default", "histories"] if args.shape == "both" else [args.shape]
    records = [measure(int(size), shape, args.runs, not args.no_gui)
               for shape in shapes for size in args.sizes.split(",")]
    result = {"machine": machine(), "runs": args.runs, "date": time.strftime("%Y-%m-%d"),
              "results": records, "bench_seconds": round(time.time() - started, 1)}
    print(table(records))
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
