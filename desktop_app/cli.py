"""The command line: `record-clearance run|counties|generate|mapping|workspace|filings`. Same engine as the desktop
app."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import textwrap
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
                     help="DOJ research file (.dat/.csv/.txt/.xlsx); repeat for several files; or one clinic "
                          "spreadsheet (.xlsx/.xls/.ods/.csv/.tsv) with columns of its own")
    run.add_argument("--county", required=True,
                     help="county whose convictions are evaluated, e.g. SACRAMENTO, or ALL for every county; "
                          "for a clinic spreadsheet without a county column, the county of all its convictions")
    run.add_argument("--mapping", metavar="MAP.toml",
                     help="column mapping of a clinic spreadsheet (default: guessed from its headers; "
                          "see `record-clearance mapping guess FILE`)")
    run.add_argument("--lists-every-conviction", action="store_true",
                     help="the clinic spreadsheet lists every conviction of each client (then 'only Prop 64 "
                          "convictions' and 'years since the most recent conviction' can be decided)")
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

    mapping = sub.add_parser("mapping", help="column mappings of clinic spreadsheets")
    mapping_sub = mapping.add_subparsers(dest="mapping_command", required=True)
    guess = mapping_sub.add_parser("guess", help="print the mapping guessed for a spreadsheet, as TOML to edit "
                                                 "(record-clearance mapping guess FILE > map.toml)")
    guess.add_argument("file")
    guess.add_argument("--sheet", default="", help="the sheet to map (default: the one that looks like a list)")

    selftest = sub.add_parser("self-test", help="check this installation on the bundled sample")
    selftest.add_argument("--no-gui", action="store_true", help="skip the desktop window check")

    from .cli_filings import add_filings_parser
    from .cli_workspace import add_workspace_parser

    add_workspace_parser(sub, _date)
    add_filings_parser(sub, _date)
    return parser


def _load(args: argparse.Namespace, progress: ProgressBar, prepare_progress: ProgressBar):  # type: ignore[no-untyped-def]
    """DOJ files or a clinic's sheet (with --mapping, or the guess); the mapping used is printed."""
    from .core.clinic.mapping import load_mapping
    from .core.pipeline import load_any
    from .core.schema import ALL_COUNTIES

    mapping = load_mapping(args.mapping) if getattr(args, "mapping", None) else None
    county = getattr(args, "county", "")
    sheet_county = "" if county.strip().upper() == ALL_COUNTIES else county
    try:
        loaded = load_any(args.input, mapping=mapping, county=sheet_county, progress=progress,
                          lists_every_conviction=getattr(args, "lists_every_conviction", False),
                          prepare_progress=prepare_progress)
    finally:
        progress.close()
        prepare_progress.close()
    if loaded.mapping is not None:
        _print_mapping(loaded)
    return loaded.prepared


def _print_mapping(loaded) -> None:  # type: ignore[no-untyped-def]
    from .core.clinic.fields import FIELDS

    records = loaded.prepared.records
    how = "guessed from its headers" if loaded.guess is not None else "from the mapping file"
    print(f"{records.dataset.source}: not a DOJ research file; columns mapped ({how}):")
    for key, f in FIELDS.items():
        column = loaded.mapping.column(key)
        if column:
            confidence = f"  ({loaded.guess.fields[key].confidence_word} confidence)" if loaded.guess else ""
            print(f"  {f.label:<16} <- '{column}'{confidence}")
    if loaded.guess is not None:
        print(f"  To keep or correct it: record-clearance mapping guess \"{records.files[0].path}\" > map.toml, "
              "then --mapping map.toml")
    print(f"  not known from the sheet: {'; '.join(records.dataset.not_known)}")


def cmd_run(args: argparse.Namespace) -> int:
    from .core.counties import resolve_county
    from .core.evaluate import county_counts, evaluate
    from .core.why_none import explain_no_convictions, explanation_text
    from .core.export import bundle_paths, check_output_folder, export_bundle
    from .core.pipeline import default_policy_path
    from .core.ruleset import load_policy
    from .core.schema import ALL_COUNTIES

    started = time.perf_counter()
    policy = load_policy(args.policy or default_policy_path())
    as_of = args.compute_at or dt.date.today()
    outputs = Path(args.outputs)
    targets = bundle_paths(outputs, args.suffix).all()
    # Checked now, created only when the results are written (nothing is left after a refusal).
    check_output_folder(outputs, targets if not args.no_workbook else targets[:-1], args.force, create=False)
    reading, preparing = ProgressBar("Reading", enabled=not args.quiet), ProgressBar("Preparing", enabled=not args.quiet)
    prepared = _load(args, reading, preparing)
    county = ALL_COUNTIES if args.county.strip().upper() == ALL_COUNTIES else \
        resolve_county(args.county, county_counts(prepared))
    bar = ProgressBar("Evaluating", enabled=not args.quiet)
    results = evaluate(prepared, policy, county, as_of=as_of, progress=bar)
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
    why = explain_no_convictions(prepared, results.county)
    if why is not None:
        print(textwrap.fill(explanation_text(why), width=100, initial_indent="    why none: ",
                            subsequent_indent=" " * 14))
    for name, value in counts.items():
        print(f"    {name + ':':<24}{value:,}")
    print(f"  results written to:       {paths.all_results.parent}")
    print(f"  time:                     {time.perf_counter() - started:.1f} s")
    return 0


def cmd_counties(args: argparse.Namespace) -> int:
    from .core.evaluate import county_counts

    args.input = args.file
    prepared = _load(args, ProgressBar("Reading", enabled=False), ProgressBar("Preparing", enabled=False))
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


def cmd_mapping(args: argparse.Namespace) -> int:
    """`mapping guess FILE`: the guessed mapping as TOML on stdout (confidence in comments; no
    cell values, so the file holds no client's data)."""
    from .core.clinic.guess import guess_mapping
    from .core.clinic.mapping import mapping_toml
    from .core.clinic.sheet import read_table
    from .core.errors import InputFileError

    table = read_table(args.file, sheet=args.sheet)
    if table.doj_like or len(table.headers) in (95, 96):
        raise InputFileError(args.file, "this is a DOJ research file: it is read without a column mapping")
    guess = guess_mapping(table)
    comments = {k: f"{g.confidence_word} confidence" for k, g in guess.fields.items() if g.column}
    sys.stdout.write(mapping_toml(guess.mapping(name=Path(args.file).stem), comments))
    missing = guess.missing_required()
    if missing:
        from .core.clinic.mapping import describe_missing

        print(f"record-clearance: not found, fill in: {', '.join(describe_missing(k) for k in missing)}",
              file=sys.stderr)
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from .selftest import run_self_test

    return run_self_test(gui=not args.no_gui)


def cmd_workspace(args: argparse.Namespace) -> int:
    from .cli_workspace import cmd_workspace as run_workspace_command

    return run_workspace_command(args, ProgressBar)


def cmd_filings(args: argparse.Namespace) -> int:
    from .cli_filings import cmd_filings as run_filings_command

    return run_filings_command(args, ProgressBar)


COMMANDS = {"run": cmd_run, "counties": cmd_counties, "generate": cmd_generate, "mapping": cmd_mapping,
            "self-test": cmd_self_test, "workspace": cmd_workspace, "filings": cmd_filings}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RecordClearanceError as e:
        from .core.pipeline import MappingNeeded

        if isinstance(e, MappingNeeded):
            path = e.clinic.table.path
            print(f"\nrecord-clearance: error: {e}. Write the mapping: record-clearance mapping guess "
                  f"\"{path}\" > map.toml, fill in the missing column names, and run again with "
                  "--mapping map.toml", file=sys.stderr)
            return 2
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
