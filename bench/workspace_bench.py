"""Benchmarks of the review workspace (issue: "Review workspace"), on a generated 1M-row file.

    python bench/workspace_bench.py                 # 1,000,000 rows, 10,000 reviews, min of 3 runs
    python bench/workspace_bench.py --rows 100000 --reviews 1000 --runs 1    # a quick look
    python bench/workspace_bench.py --shape default # the short-history shape (fewer convictions)

The default shape is "histories" (dozens of rows a person, like real extracts: about 35,000 Prop 64
convictions in the county at 1,000,000 rows).

Each run is a fresh interpreter that measures, in order:
- open the file alone: read + prepare + evaluate (what the window does for a file);
- open the workspace: open + read + evaluate + apply its reviews (WorkspaceData);
- one review action (a determination or a note): the action committed (one transaction, fsync'd),
  the review columns of the convictions it changed updated (ReviewedConvictions), and the table's
  review columns updated (gui/review_columns.py, no widget): min and median of 50 actions;
- a batch review of N convictions (one action), and applying it;
- refresh with a new extract (the same file re-sorted, every tenth person's rows dropped, so
  reviews go missing) against a plain run (read + evaluate), in-process, and end to end on the
  command line (`workspace refresh` against `run --no-workbook`);
- the same through the real main window, offscreen (bench/workspace_window_bench.py): key press
  -> table showing it, a batch of 10,000 from the keyboard, opening the workspace against the file
  alone (leave it out with --no-window).

The generated file and the workspace live in bench/.cache/ (fabricated data only).
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
sys.path.insert(0, str(ROOT / "bench"))
from run import CACHE, COUNTY, generated_file  # noqa: E402

AS_OF = "2024-01-01"

CHILD = r"""
import datetime as dt, gc, json, statistics, sys, time
from pathlib import Path
import numpy as np
from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import default_policy_path, load
from desktop_app.core.ruleset import load_policy
from desktop_app.core.workspace import Workspace, apply_reviews, evaluate_for, open_data, ReviewRequest
from desktop_app.core.workspace.apply import ReviewedConvictions
from desktop_app.gui.review_columns import review_columns, update_review_columns
from desktop_app.paths import sample_file

source, new_source, folder, n_reviews = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
as_of = dt.date.fromisoformat("{as_of}")
policy_path = default_policy_path()
out = {{}}

# Warm up: the library code paths on the bundled sample, both files in the page cache.
evaluate(load([sample_file()]), load_policy(policy_path), "{county}", as_of=as_of)
for f in (source, new_source):
    with open(f, "rb") as handle:
        while handle.read(16 << 20):
            pass

t = time.perf_counter()
results = evaluate(load([source]), load_policy(policy_path), "{county}", as_of=as_of)
out["open_file_s"] = time.perf_counter() - t
keys = results.evaluated["conviction_key"].tolist()
out["convictions"] = len(keys)

path = folder / "bench.rcw"
t = time.perf_counter()
ws = Workspace.create(path, results, policy_text=policy_path.read_text(), policy_file=policy_path.name,
                      reviewer="Bench")
out["create_s"] = time.perf_counter() - t
rng = np.random.default_rng(1)
chosen = [keys[i] for i in rng.choice(len(keys), size=min(n_reviews, len(keys)), replace=False)]
reviewed = ReviewedConvictions(results.evaluated, ws.reviews())
t = time.perf_counter()
done = ws.review(chosen, "Bench", ReviewRequest(determination="accept"))
out["batch_store_s"] = time.perf_counter() - t
t = time.perf_counter()
reviewed.update(ws.records(done.keys))
out["batch_apply_s"] = time.perf_counter() - t
out["reviews"] = len(ws.reviews())
ws.close()

del results, reviewed  # as in the window: the file's data is replaced, not kept twice
gc.collect()
t = time.perf_counter()
ws = Workspace.open(path)
data = open_data(ws)
out["open_workspace_s"] = time.perf_counter() - t
t = time.perf_counter()
reviewed = ReviewedConvictions(data.results.evaluated, ws.reviews())
columns = review_columns(reviewed)
out["table_columns_ms"] = (time.perf_counter() - t) * 1000

store, apply, table = [], [], []
for i in range(50):
    key = chosen[i % len(chosen)]
    t0 = time.perf_counter()
    done = ws.set_note([key], f"note {{i}}", "Bench") if i % 2 else ws.set_determination(
        [key], "Not eligible", "Duplicate of another case", "Bench")  # each one a real change
    t1 = time.perf_counter()
    at = reviewed.update(ws.records(done.keys))
    t2 = time.perf_counter()
    columns = update_review_columns(columns, reviewed, at)
    t3 = time.perf_counter()
    store.append(t1 - t0); apply.append(t2 - t1); table.append(t3 - t2)
for name, values in (("action_store", store), ("action_apply", apply), ("action_table", table)):
    out[name + "_ms_median"] = statistics.median(values) * 1000
    out[name + "_ms_max"] = max(values) * 1000
total = [a + b + c for a, b, c in zip(store, apply, table)]
out["action_total_ms_median"] = statistics.median(total) * 1000

# The same in the window's real table (offscreen): action, columns updated, model reset, repaint.
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop_app.gui.results_model import ResultsTableModel
from desktop_app.gui.results_table import ResultsTable
from desktop_app.gui.table_data import TableData, conviction_table
base = conviction_table(data.results)
table = TableData(base.kind, base.columns + columns, base.frame_rows, base.person, base.dates, base.flags)
model = ResultsTableModel()
view = ResultsTable(model)
view.resize(1500, 800)
view.show_table(table)
view.show()
app.processEvents()
on_screen = data.results.evaluated["conviction_key"].tolist()[:20]  # the rows at the top of the view
gui = []
for i, key in enumerate(on_screen):
    t0 = time.perf_counter()
    done = ws.set_note([key], f"shown {{i}}", "Bench") if i % 2 else ws.set_determination(
        [key], "Hand Review", "Other: see the note", "Bench")
    at = reviewed.update(ws.records(done.keys))
    columns = update_review_columns(columns, reviewed, at)
    table = table.replace_columns(columns)
    model.set_table(table)
    view.viewport().repaint()
    gui.append(time.perf_counter() - t0)
out["gui_action_ms_median"] = statistics.median(gui) * 1000
out["gui_action_ms_max"] = max(gui) * 1000
view.close()

del data, reviewed, columns, table, base, model, view
gc.collect()
t = time.perf_counter()
plain = evaluate(load([new_source]), ws.policy(), "{county}", as_of=as_of)
out["plain_run_s"] = time.perf_counter() - t
del plain
gc.collect()
t = time.perf_counter()
new_results = evaluate_for(ws, [new_source])
carry = ws.refresh(new_results, reviewer="Bench")
data = apply_reviews(new_results.evaluated, ws.reviews())
out["refresh_s"] = time.perf_counter() - t
out["carried"] = carry.carried
out["missing"] = len(carry.missing)
out["rereview"] = len(carry.changed)
ws.close()
print(json.dumps(out))
"""


def new_extract(source: Path) -> Path:
    """The next extract: the same rows re-sorted (by line, reversed in blocks of people) with every
    tenth person's rows dropped. Fabricated data only."""
    target = source.with_name(source.stem + "_next.csv")
    if target.exists():
        return target
    import csv

    with open(source, newline="", encoding="utf-8") as f:
        header = f.readline()
        lines = f.readlines()
    subject = [next(csv.reader([line]))[2].strip() for line in lines]
    keep = [line for line, s in zip(lines, subject) if not s.isdigit() or int(s) % 10 != 3]
    with open(target, "w", newline="", encoding="utf-8") as f:
        f.write(header)
        f.writelines(reversed(keep))
    return target


def cli_seconds(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop_app.cli", *args], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=("histories", "default"), default="histories")
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-window", action="store_true", help="leave out the window's measurements")
    args = parser.parse_args()
    source = generated_file(args.rows, args.shape)
    nxt = new_extract(source)
    runs, window_runs = [], []
    cli = {"run_cli_s": [], "refresh_cli_s": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(dir=CACHE) as folder:
            done = subprocess.run([sys.executable, "-c", CHILD.format(county=COUNTY, as_of=AS_OF), str(source),
                                   str(nxt), folder, str(args.reviews)], capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            if not args.no_window:
                scratch = Path(folder) / "window"
                scratch.mkdir()
                done = subprocess.run([sys.executable, str(ROOT / "bench" / "workspace_window_bench.py"), str(source),
                                       str(scratch)], capture_output=True, text=True, cwd=ROOT,
                                      env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
                if done.returncode != 0:
                    raise SystemExit(done.stderr[-3000:])
                window_runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            out = Path(folder) / "out"
            out.mkdir()
            ws = Path(folder) / "cli.rcw"
            subprocess.run([sys.executable, "-m", "desktop_app.cli", "workspace", "new", str(ws), "--input",
                            str(source), "--county", COUNTY, "--compute-at", AS_OF, "--quiet"], check=True, cwd=ROOT,
                           capture_output=True)
            cli["run_cli_s"].append(cli_seconds("run", "--input", str(nxt), "--county", COUNTY, "--compute-at", AS_OF,
                                                "--outputs", str(out), "--no-workbook", "--quiet"))
            cli["refresh_cli_s"].append(cli_seconds("workspace", "refresh", str(ws), "--input", str(nxt), "--quiet",
                                                    "--reviewer", "Bench"))
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    best.update({k: min(v) for k, v in cli.items()})
    print(f"{args.rows:,} rows ({args.shape} shape), {best['convictions']:,} convictions, {best['reviews']:,} reviews "
          f"({platform.python_version()}, {platform.machine()}; min of {args.runs} runs)")
    rows = [
        ("open the file alone (read, prepare, evaluate)", f"{best['open_file_s']:.2f} s"),
        ("open the workspace (open, read, evaluate, apply reviews)",
         f"{best['open_workspace_s']:.2f} s = {best['open_workspace_s'] / best['open_file_s']:.2f}x"),
        ("create the workspace from an evaluation", f"{best['create_s']:.2f} s"),
        ("table's review columns, first built", f"{best['table_columns_ms']:.1f} ms"),
        ("one review action: stored (transaction, fsync)", f"{best['action_store_ms_median']:.1f} ms median "
                                                           f"({best['action_store_ms_max']:.1f} max)"),
        ("  + its convictions' review columns updated", f"{best['action_apply_ms_median']:.2f} ms median"),
        ("  + the table's review columns updated", f"{best['action_table_ms_median']:.1f} ms median"),
        ("  = one action, engine side", f"{best['action_total_ms_median']:.1f} ms median"),
        ("one action in the real table (offscreen): + model reset + repaint",
         f"{best['gui_action_ms_median']:.1f} ms median ({best['gui_action_ms_max']:.1f} max)"),
        (f"batch review of {best['reviews']:,} convictions: stored / applied",
         f"{best['batch_store_s']:.2f} s / {best['batch_apply_s'] * 1000:.0f} ms"),
        ("plain run on the new extract (read, prepare, evaluate)", f"{best['plain_run_s']:.2f} s"),
        ("refresh with the new extract (+ carry over, store, apply)",
         f"{best['refresh_s']:.2f} s = {best['refresh_s'] / best['plain_run_s']:.2f}x"),
        ("command line: run --no-workbook / workspace refresh",
         f"{best['run_cli_s']:.2f} s / {best['refresh_cli_s']:.2f} s = "
         f"{best['refresh_cli_s'] / best['run_cli_s']:.2f}x"),
        ("carried / no longer in the data / needing re-review",
         f"{best['carried']:,} / {best['missing']:,} / {best['rereview']:,}"),
    ]
    if window_runs:
        win = {k: min(r[k] for r in window_runs) for k in window_runs[0]}
        best.update({f"window_{k}": v for k, v in win.items()})
        rows += [
            ("window: file chosen -> table showing (the file alone)", f"{win['open_file_again_s']:.2f} s"),
            ("window: Open workspace -> table showing, reviews applied",
             f"{win['open_workspace_s']:.2f} s = {win['open_workspace_s'] / win['open_file_again_s']:.2f}x"),
            ("window: key press -> table showing it: accept (Ctrl+Return)",
             f"{win['key_accept_ms_median']:.1f} ms median ({win['key_accept_ms_max']:.1f} max)"),
            ("window: key press -> table showing it: note (Ctrl+Shift+N)",
             f"{win['key_note_ms_median']:.1f} ms median ({win['key_note_ms_max']:.1f} max)"),
            ("window: accept in a 'Not reviewed' view (the row leaves it)",
             f"{win['key_accept_filtered_ms_median']:.1f} ms median ({win['key_accept_filtered_ms_max']:.1f} max)"),
            (f"window: batch of {int(win['batch_n']):,} selected, Ctrl+Return -> table showing",
             f"{win['batch_s']:.2f} s"),
            ("window: New workspace (from the loaded data)", f"{win['new_workspace_s']:.2f} s"),
        ]
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print(json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
