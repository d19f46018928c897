"""The command line: `record-clearance run|counties|generate`. Same engine as the desktop app."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__
from .core.errors import RecordClearanceError

log = logging.getLogger(__name__)


class ProgressBar:
    """A one-line progress bar on stderr (redrawn at most 10 times a second); the line ends when
    the bar reaches 100% or is closed."""

    def __init__(self, label: str, stream: TextIO = sys.stderr, enabled: bool = True) -> None:
        self.label, self.stream, self.enabled = label, stream, enabled
        self._last = 0.0
        self._shown = -1
        self._ended = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        fraction = min(1.0, done / total) if total else 1.0
        permille = int(fraction * 1000)
        if not self.enabled or self._ended or permille == self._shown or (now - self._last < 0.1 and permille < 1000):
            return
        self._last, self._shown = now, permille
        filled = int(fraction * 30)
        self.stream.write(f"\r{self.label:<11} [{'#' * filled}{'.' * (30 - filled)}] {fraction:6.1%}")
        self.stream.flush()
        if permille >= 1000:
            self.close()

    def close(self) -> None:
        if self.enabled and not self._ended:
            self._ended = True
            self.stream.write("\n")
            self.stream.flush()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="record-clearance",
                                     description="Find and decide Prop 64 convictions in CA DOJ research files.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full details of unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="evaluate input files and write the result bundle")
    run.add_argument("--input", action="append", required=True, metavar="FILE",
                     help="DOJ research file (.dat/.csv/.txt/.xlsx); repeat for several files")
    run.add_argument("--county", required=True, help="county whose convictions are evaluated, e.g. SACRAMENTO")
    run.add_argument("--policy", metavar="FILE", help="policy file (.toml from rules/policies, or the "
                     "counties' options .json); default: the county common choice")
    run.add_argument("--compute-at", type=_date, metavar="YYYY-MM-DD", help="evaluation date (default: today)")
    run.add_argument("--outputs", required=True, metavar="DIR", help="folder for the result files")
    run.add_argument("--force", action="store_true", help="replace result files that already exist")
    run.add_argument("--suffix", default="", help="added to every output file name, e.g. 2020-07")
    run.add_argument("--no-workbook", action="store_true", help="skip Results.xlsx")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    counties = sub.add_parser("counties", help="list the counties in a file, with row counts")
    counties.add_argument("file", nargs="+")

    gen = sub.add_parser("generate", help="write a synthetic (fabricated) DOJ research file")
    gen.add_argument("--rows", type=int, required=True)
    gen.add_argument("--county", default="SACRAMENTO")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", required=True, metavar="FILE")
    gen.add_argument("--shape", choices=["default", "histories"], default="default",
                     help="default: short histories; histories: dozens of rows a person, "
                          "a few percent Prop 64 convictions, like real extracts")
    gen.add_argument("--no-header", action="store_true")

    selftest = sub.add_parser("self-test", help="check this installation on the bundled sample")
    selftest.add_argument("--no-gui", action="store_true", help="skip the desktop window check")
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from .core.evaluate import evaluate
    from .core.export import bundle_paths, check_output_folder, export_bundle
    from .core.pipeline import default_policy_path, load
    from .core.ruleset import load_policy

    started = time.perf_counter()
    policy = load_policy(args.policy or default_policy_path())
    as_of = args.compute_at or dt.date.today()
    outputs = Path(args.outputs)
    targets = bundle_paths(outputs, args.suffix).all()
    check_output_folder(outputs, targets if not args.no_workbook else targets[:-1], args.force)
    reading, preparing = ProgressBar("Reading", enabled=not args.quiet), ProgressBar("Preparing", enabled=not args.quiet)
    prepared = load(args.input, progress=reading, prepare_progress=preparing)
    reading.close()
    preparing.close()
    bar = ProgressBar("Evaluating", enabled=not args.quiet)
    results = evaluate(prepared, policy, args.county, as_of=as_of, progress=bar)
    bar.close()
    bar = ProgressBar("Writing", enabled=not args.quiet)
    paths = export_bundle(results, outputs, suffix=args.suffix, force=args.force,
                          workbook=not args.no_workbook, run_seconds=time.perf_counter() - started,
                          progress=bar)
    bar.close()
    s = results.summary
    counts = s["determinationCounts"]
    print(f"{results.county}, evaluated at {as_of.isoformat()} with policy '{policy.name}'")
    print(f"  rows read:                {s['lineCount']:,}")
    print(f"  input problems:           {s['inputProblemCount']:,}")
    print(f"  Prop 64 convictions:      {len(results.evaluated):,} "
          f"({s['subjectsWithProp64ConvictionCountInCounty']:,} people)")
    for name, value in counts.items():
        print(f"    {name + ':':<24}{value:,}")
    print(f"  results written to:       {paths.all_results.parent}")
    print(f"  time:                     {time.perf_counter() - started:.1f} s")
    return 0


def cmd_counties(args: argparse.Namespace) -> int:
    from .core.evaluate import county_counts
    from .core.pipeline import load

    prepared = load(args.file)
    counts = county_counts(prepared)
    width = max((len(str(c)) for c in counts.index), default=6)
    for county, rows in counts.items():
        print(f"{county:<{width}}  {rows:>10,}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .core.generate import write_records

    bar = ProgressBar("Generating")
    written = write_records(args.out, args.rows, args.county, args.seed, header=not args.no_header,
                            shape=args.shape, progress=bar)
    bar.close()
    print(f"wrote {written:,} rows to {args.out}")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from .selftest import run_self_test

    return run_self_test(gui=not args.no_gui)


COMMANDS = {"run": cmd_run, "counties": cmd_counties, "generate": cmd_generate, "self-test": cmd_self_test}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RecordClearanceError as e:
        print(f"\nrecord-clearance: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nrecord-clearance: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("\nrecord-clearance: error: not enough memory for this file", file=sys.stderr)
        return 3
    except Exception as e:  # a bug: one line, no record content; details only when asked
        if args.debug:
            raise
        print(f"\nrecord-clearance: internal error ({type(e).__name__}); nothing was written. "
              "Run again with --debug for details to report.", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
