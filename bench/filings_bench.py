"""Benchmark of the court filings (issue: "Court filings"): 30,000 convictions across 10
courthouses, bulk documents (case lists, one motion per courthouse with its list attached, the
notices of challenge, the cover summary), .docx and PDF.

    python bench/filings_bench.py                       # ~1.9M generated rows -> ~31,000 convictions
    python bench/filings_bench.py --rows 200000 --runs 1   # a quick look (~3,300 convictions)

A generated DOJ file (fabricated people; bench/.cache/) is evaluated into a workspace; every
decided conviction is accepted, 2% are changed to Not eligible (challenged), and the convictions
are assigned to 10 courthouses (review actions, as a user would in the window). Then, each run in
a fresh folder: the plan, and the whole batch written (progress reported throughout: the number
of progress calls and the longest gap between two are printed). Also the per-case mode on a few
hundred cases (seconds per case). Figures: min of --runs; the machine is shared, so re-run the
same command on a quiet one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run import CACHE, COUNTY, generated_file  # noqa: E402

COURTHOUSES = 10


def setup(rows: int, folder: Path):  # type: ignore[no-untyped-def]
    from desktop_app.core.evaluate import evaluate
    from desktop_app.core.pipeline import default_policy_path, load
    from desktop_app.core.ruleset import load_policy
    from desktop_app.core.workspace import ReviewRequest, Workspace

    source = generated_file(rows, "default")
    policy = default_policy_path()
    results = evaluate(load([source]), load_policy(policy), COUNTY, as_of=dt.date(2024, 1, 1))
    ws = Workspace.create(folder / "bench.rcw", results, policy_text=policy.read_text(encoding="utf-8"),
                          policy_file=policy.name, reviewer="bench")
    ev = results.evaluated
    keys = ev.loc[ev["determination"].astype(str) != "Hand Review", "conviction_key"].tolist()
    ws.accept(keys, "bench")
    challenged = keys[::50]
    ws.set_determination(challenged, "Not eligible", ws.change_reasons()[0], "bench")
    for i in range(COURTHOUSES):  # ten courthouses of one county
        ws.review(keys[i::COURTHOUSES], "bench", ReviewRequest(court_code=f"CA34{i:03d}J",
                                                                court_name=f"CASC SACRAMENTO DEPT {i + 1}"))
    return ws, results, len(keys), len(challenged)


def measure(ws, results, out: Path, mode: str, keys=None) -> dict:  # type: ignore[no-untyped-def]
    from desktop_app.core.filings.context import Signer
    from desktop_app.core.filings.generate import FilingRequest, prepare_filings, provenance_of
    from desktop_app.core.filings.plan import Selection
    from desktop_app.core.filings.run import plan_for

    started = time.perf_counter()
    plan = plan_for(ws, results, Selection(keys=keys))
    planned = time.perf_counter() - started
    calls: list[float] = []
    signer = Signer("Bench Signer", "Deputy District Attorney", "000000", "Bench office", "1 Main Street\nTown, CA")
    request = FilingRequest(out, dt.date(2026, 3, 16), signer, prepared_by="bench", mode=mode)
    began = time.perf_counter()
    output = prepare_filings(plan, request, batch_id="F20260316-01", provenance=provenance_of(ws),
                             progress=lambda done, total: calls.append(time.perf_counter()))
    seconds = time.perf_counter() - began
    gaps = [b - a for a, b in zip([began, *calls], [*calls, time.perf_counter()])]
    return {"plan_s": round(planned, 2), "write_s": round(seconds, 2), "docx_fill_s": round(output.docx_seconds, 2),
            "pdf_s": round(output.pdf_seconds, 2), "files": len(output.files),
            "convictions": len(plan.selected), "courthouses": len(plan.courthouses),
            "progress_calls": len(calls), "longest_gap_s": round(max(gaps), 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_900_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--per-case", type=int, default=300, help="cases for the per-case figure (0: skip)")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=CACHE, prefix="filings-"))
    try:
        t = time.perf_counter()
        ws, results, decided, challenged = setup(args.rows, folder)
        print(f"set-up: {args.rows:,} rows, {len(results.evaluated):,} convictions, {decided:,} accepted, "
              f"{challenged:,} challenged, {COURTHOUSES} courthouses ({time.perf_counter() - t:.0f} s)")
        runs = []
        for i in range(args.runs):
            out = folder / f"bulk{i}"
            runs.append(measure(ws, results, out, "bulk"))
            print("bulk run", i + 1, json.dumps(runs[-1]))
            shutil.rmtree(out)
        best = min(runs, key=lambda r: r["write_s"])
        print(f"bulk documents, {best['convictions']:,} convictions in {best['courthouses']} courthouses: "
              f"{best['write_s']:.1f} s (min of {len(runs)}; plan {best['plan_s']:.2f} s; docx filling "
              f"{best['docx_fill_s']:.1f} s, PDF drawing {best['pdf_s']:.1f} s; {best['files']} files; progress "
              f"reported {best['progress_calls']:,} times, longest gap {best['longest_gap_s']:.1f} s)")
        if args.per_case:
            keys = results.evaluated["conviction_key"].to_numpy()[: args.per_case * 2]
            case = measure(ws, results, folder / "per_case", "per_case", keys=tuple(keys))
            cases = sum(1 for f in (folder / "per_case").rglob("Motions/*.docx"))
            print(f"per-case motions: {cases:,} cases in {case['write_s']:.1f} s = "
                  f"{case['write_s'] / max(cases, 1) * 1000:.0f} ms per case (.docx + .pdf), {case['files']} files")
        ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
