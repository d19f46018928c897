"""What a policy costs to evaluate, against the county common choice, on one loaded file.

    python -m desktop_app.cli generate --rows 1000000 --county "LOS ANGELES" --seed 1 --out bench/.cache/la_1m.csv
    python bench/policy_cost.py bench/.cache/la_1m.csv --county "LOS ANGELES"
    python bench/policy_cost.py FILE --county NAME --policy rules/policies/other.toml --runs 9

Loads the file once, evaluates once (which builds the per-county work both policies share), then
times evaluate() for both policies interleaved, `--runs` times each, and prints the minimum of each
and their ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.evaluate import evaluate  # noqa: E402
from desktop_app.core.pipeline import default_policy_path, load  # noqa: E402
from desktop_app.core.ruleset import load_policy  # noqa: E402
from desktop_app.paths import policies_dir  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--county", default="LOS ANGELES")
    parser.add_argument("--policy", default=str(policies_dir() / "los-angeles-2019.toml"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2024-01-01")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    started = time.perf_counter()
    prepared = load([args.file])
    loaded = time.perf_counter() - started
    common, other = load_policy(default_policy_path()), load_policy(args.policy)
    started = time.perf_counter()
    evaluate(prepared, common, args.county, as_of=as_of)
    first = time.perf_counter() - started
    times: dict[str, list[float]] = {"common": [], "other": []}
    for _ in range(args.runs):
        for name, policy in (("common", common), ("other", other)):
            started = time.perf_counter()
            results = evaluate(prepared, policy, args.county, as_of=as_of)
            times[name].append(time.perf_counter() - started)
    best_common, best_other = min(times["common"]), min(times["other"])
    print(f"{args.file}: {prepared.records.row_count:,} rows, {len(results.evaluated):,} convictions in "
          f"{args.county}; load {loaded:.1f} s, first evaluation (per-county work) {first:.3f} s")
    print(f"evaluate, min of {args.runs}: {common.name} {best_common * 1000:.1f} ms; "
          f"{other.name} {best_other * 1000:.1f} ms; ratio {best_other / best_common:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
