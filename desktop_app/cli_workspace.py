"""`record-clearance workspace new|review|refresh|export|log|info|reasons`: the review workspace
from the command line, on the same engine and store as the window.

Errors as for `run`: one line on stderr and exit code 2 (70 for an internal error, with no
record content). Keys given on the command line are the user's own input and may be echoed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import time
from pathlib import Path
from typing import Any, Callable

from .core.errors import RecordClearanceError
from .core.schema import DETERMINATIONS


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services)
        return "unknown user"


def add_workspace_parser(sub: argparse._SubParsersAction, date_type: Callable[[str], dt.date]) -> None:
    from .core.workspace.vocabulary import STATUSES

    ws = sub.add_parser("workspace", help="review workspaces: the office's decisions, kept and audited",
                        description="A workspace (.rcw) keeps the office's review of each conviction, with an "
                                    "append-only audit log, and carries it to the next DOJ extract.")
    cmds = ws.add_subparsers(dest="workspace_command", required=True)

    new = cmds.add_parser("new", help="create a workspace from input files")
    new.add_argument("workspace", metavar="W.rcw")
    new.add_argument("--input", action="append", required=True, metavar="FILE", help="DOJ research file; repeatable")
    new.add_argument("--county", required=True)
    new.add_argument("--policy", metavar="FILE", help="policy file (default: the county common choice)")
    new.add_argument("--compute-at", type=date_type, metavar="YYYY-MM-DD", help="evaluation date (default: today)")
    new.add_argument("--reviewer", help="name recorded in the audit log (default: your login name)")
    new.add_argument("--mapping", metavar="MAP.toml", help="column mapping of a clinic spreadsheet (default: guessed "
                                                           "from its headers); the workspace keeps it")
    new.add_argument("--quiet", action="store_true", help="no progress bar")

    review = cmds.add_parser("review", help="review convictions: accept or change the determination, set the "
                                            "status, write a note (one audited action)")
    review.add_argument("workspace", metavar="W.rcw")
    review.add_argument("--key", action="append", default=[], metavar="KEY", help="conviction key; repeatable")
    review.add_argument("--keys-from", metavar="FILE", help="a file with one conviction key per line ('-': stdin)")
    review.add_argument("--determination", metavar="D",
                        help="'accept' (the automatic one), or one of: " + ", ".join(DETERMINATIONS))
    review.add_argument("--reason", help="why the determination is changed (from the workspace's list: "
                                         "record-clearance workspace reasons W.rcw)")
    review.add_argument("--status", metavar="S", help="one of: " + ", ".join(STATUSES.values()))
    review.add_argument("--date", type=date_type, metavar="YYYY-MM-DD",
                        help="date of the status (filed, challenged, court's decision; default for filed and "
                             "challenged: today)")
    review.add_argument("--batch", help="filing batch, with --status filed")
    review.add_argument("--note", help="the note (replaces the previous one; '' clears it)")
    review.add_argument("--track", metavar="T", help="for court filings when the sentence end is unknown: serving or "
                                                      "completed ('' clears it)")
    review.add_argument("--challenge-ground", metavar="TEXT",
                        help="the office challenges the conviction, on this ground ('' clears it)")
    review.add_argument("--court", metavar="CODE", help="the courthouse (STP_ORI_CODE) when the record names none "
                                                        "('' clears it)")
    review.add_argument("--reviewer", required=True, help="your name, recorded with the action")

    refresh = cmds.add_parser("refresh", help="carry the reviews to a new extract (another input file)")
    refresh.add_argument("workspace", metavar="W.rcw")
    refresh.add_argument("--input", action="append", required=True, metavar="FILE")
    refresh.add_argument("--reviewer", help="name recorded in the audit log (default: your login name)")
    refresh.add_argument("--quiet", action="store_true")

    export = cmds.add_parser("export", help="write the result bundle with the final decisions")
    export.add_argument("workspace", metavar="W.rcw")
    export.add_argument("--outputs", required=True, metavar="DIR")
    export.add_argument("--force", action="store_true", help="replace result files that already exist")
    export.add_argument("--suffix", default="")
    export.add_argument("--no-workbook", action="store_true")
    export.add_argument("--quiet", action="store_true")

    log = cmds.add_parser("log", help="the audit log as CSV on standard output")
    log.add_argument("workspace", metavar="W.rcw")

    info = cmds.add_parser("info", help="the data set and the review progress")
    info.add_argument("workspace", metavar="W.rcw")

    reasons = cmds.add_parser("reasons", help="list (or replace) the reasons for changing a determination")
    reasons.add_argument("workspace", metavar="W.rcw")
    reasons.add_argument("--set-from", metavar="FILE", help="replace the list: one reason per line")
    reasons.add_argument("--reviewer", help="required with --set-from")


Bar = Callable[..., Any]  # cli.ProgressBar(label, enabled=...): given by cli.py, which imports this module
_progress_bar: Bar | None = None


def cmd_workspace(args: argparse.Namespace, progress_bar: Bar) -> int:
    global _progress_bar
    _progress_bar = progress_bar
    return {"new": _new, "review": _review, "refresh": _refresh, "export": _export, "log": _log, "info": _info,
            "reasons": _reasons}[args.workspace_command](args)


def _bar(label: str, quiet: bool) -> Any:
    assert _progress_bar is not None, "cmd_workspace sets it"
    return _progress_bar(label, enabled=not quiet)


def _bars(quiet: bool) -> tuple[Any, Any, Any]:
    return _bar("Reading", quiet), _bar("Preparing", quiet), _bar("Evaluating", quiet)


def _open(path: str, read_only: bool = False):  # type: ignore[no-untyped-def]
    from .core.workspace import Workspace, WorkspaceInUse

    try:
        return Workspace.open(path, read_only=read_only)
    except WorkspaceInUse as e:
        where = f" ({e.holder})" if e.holder else ""
        raise RecordClearanceError(f"{Path(path).name}: the workspace is open elsewhere{where}; close it there "
                                   "first (log and info can read it meanwhile)") from None


def _new(args: argparse.Namespace) -> int:
    from .core.clinic.mapping import load_mapping, mapping_toml
    from .core.evaluate import evaluate
    from .core.pipeline import default_policy_path, load_any
    from .core.ruleset import load_policy
    from .core.schema import ALL_COUNTIES
    from .core.workspace import Workspace

    target = Path(args.workspace)
    if target.exists():  # before reading anything
        raise RecordClearanceError(f"{target.name}: a file with this name already exists; choose another name "
                                   "(a workspace is never replaced)")
    policy_path = Path(args.policy) if args.policy else default_policy_path()
    policy = load_policy(policy_path)
    reading, preparing, evaluating = _bars(args.quiet)
    mapping = load_mapping(args.mapping) if args.mapping else None
    sheet_county = "" if args.county.strip().upper() == ALL_COUNTIES else args.county
    loaded = load_any(args.input, mapping=mapping, county=sheet_county, progress=reading, prepare_progress=preparing)
    results = evaluate(loaded.prepared, policy, args.county, as_of=args.compute_at or dt.date.today(),
                       progress=evaluating)
    for bar in (reading, preparing, evaluating):
        bar.close()
    mapping_text = ""
    if loaded.mapping is not None:  # a clinic's sheet: reopening reads it with the same mapping and county
        used = loaded.mapping
        if sheet_county and not used.column("county"):
            used = used.with_(county=sheet_county)
        mapping_text = mapping_toml(used)
    text = policy_path.read_bytes().decode("utf-8-sig")
    with Workspace.create(target, results, policy_text=text, policy_file=policy_path.name,
                          reviewer=args.reviewer or _login_name(), mapping_text=mapping_text) as ws:
        ev = ws.evaluation()
    counts = results.summary["determinationCounts"]
    print(f"created {target}: {ev.county}, evaluated at {ev.as_of.isoformat()} with policy '{ev.policy_name}'")
    print(f"  convictions:              {ev.convictions:,}")
    for name, value in counts.items():
        print(f"    {name + ':':<24}{value:,}")
    return 0


def _read_keys(args: argparse.Namespace) -> list[str]:
    keys = list(args.key)
    if args.keys_from:
        if args.keys_from == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(args.keys_from).read_text(encoding="utf-8-sig")
            except OSError as e:
                raise RecordClearanceError(f"{args.keys_from}: cannot read the list of keys ({e.strerror})") from None
        keys += [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not keys:
        raise RecordClearanceError("give the convictions to review: --key KEY (repeatable) or --keys-from FILE")
    return keys


def _review(args: argparse.Namespace) -> int:
    from .core.workspace import ReviewRequest
    from .core.workspace.vocabulary import NEEDS_DATE, status_code

    keys = _read_keys(args)
    date = args.date
    if args.status and status_code(args.status) in NEEDS_DATE and date is None:
        date = dt.date.today()
        print(f"status date: {date.isoformat()} (today; give --date to choose another)")
    request = ReviewRequest(determination=args.determination, reason=args.reason, status=args.status,
                            status_date=date.isoformat() if date else None, filing_batch=args.batch, note=args.note,
                            track=args.track, challenge_ground=args.challenge_ground, court_code=args.court)
    with _open(args.workspace) as ws:
        done = ws.review(keys, args.reviewer, request)
    unchanged = len(dict.fromkeys(keys)) - len(done.keys)
    if done.action:
        print(f"{len(done.keys):,} conviction(s) changed (action {done.action})"
              + (f"; {unchanged:,} already as asked" if unchanged else ""))
    else:
        print(f"nothing changed: the {unchanged:,} conviction(s) were already as asked")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from .core.workspace import evaluate_for

    started = time.perf_counter()
    with _open(args.workspace) as ws:
        reading, preparing, evaluating = _bars(args.quiet)
        results = evaluate_for(ws, args.input, progress=reading, prepare_progress=preparing,
                               evaluate_progress=evaluating)
        for bar in (reading, preparing, evaluating):
            bar.close()
        carry = ws.refresh(results, reviewer=args.reviewer or _login_name())
    print(f"{Path(args.workspace).name}: {len(results.evaluated):,} convictions in the new data; {carry.summary()}")
    if len(carry.missing):
        print(f"reviews of convictions no longer in the data ({len(carry.missing):,}; kept in the workspace):")
        for r in carry.missing.itertuples(index=False):
            print(f"  {r.key}  {r.determination or 'not decided'}, {r.status}, by {r.reviewer}")
    if len(carry.changed):
        print(f"needs re-review ({len(carry.changed):,}):")
        for r in carry.changed.itertuples(index=False):
            moved = f" (was {r.old_key})" if r.old_key != r.key else ""
            print(f"  {r.key}{moved}  {r.why}: was {r.was}, now {r.now}")
    print(f"time: {time.perf_counter() - started:.1f} s")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .core.export import bundle_paths, check_output_folder
    from .core.workspace import evaluate_for, export_workspace, same_files

    started = time.perf_counter()
    outputs = Path(args.outputs)
    targets = bundle_paths(outputs, args.suffix).all()
    check_output_folder(outputs, targets if not args.no_workbook else targets[:-1], args.force)
    with _open(args.workspace, read_only=True) as ws:
        reading, preparing, evaluating = _bars(args.quiet)
        results = evaluate_for(ws, progress=reading, prepare_progress=preparing, evaluate_progress=evaluating)
        for bar in (reading, preparing, evaluating):
            bar.close()
        if not same_files(ws, results):
            raise RecordClearanceError(
                f"{Path(args.workspace).name}: its input files changed since the workspace last read them "
                "(another SHA-256); carry the reviews over first: record-clearance workspace refresh "
                f"{args.workspace} --input FILE")
        bar = _bar("Writing", args.quiet)
        paths = export_workspace(ws, results, outputs, suffix=args.suffix, force=args.force,
                                 workbook=not args.no_workbook, run_seconds=time.perf_counter() - started, progress=bar)
        bar.close()
        progress = ws_progress(ws, results)
    print(f"results with the final decisions written to: {paths.all_results.parent}")
    print(f"  reviewed: {progress['reviewed']:,} of {progress['convictions']:,}; overridden: "
          f"{progress['overridden']:,}; needs re-review: {progress['needsReReview']:,}")
    return 0


def ws_progress(ws, results):  # type: ignore[no-untyped-def]
    from .core.workspace import apply_reviews, review_progress

    reviews = ws.reviews()
    return review_progress(apply_reviews(results.evaluated, reviews), reviews, results.evaluated["conviction_key"])


def _log(args: argparse.Namespace) -> int:
    from .core.workspace.sheets import write_log_csv

    with _open(args.workspace, read_only=True) as ws:
        write_log_csv(ws.audit_log(), sys.stdout)
    return 0


def _info(args: argparse.Namespace) -> int:
    from .core.workspace.vocabulary import STATUSES

    with _open(args.workspace, read_only=True) as ws:
        ev = ws.evaluation()
        reviews = ws.reviews()
        automatic = ws.automatic()
    print(f"{Path(args.workspace).name}: {ev.county}, evaluated at {ev.as_of.isoformat()} with policy "
          f"'{ev.policy_name}' ({ev.policy_file})")
    for f in ev.files:
        print(f"  input: {f.name}  {f.rows:,} rows  SHA-256 {f.sha256}  ({f.path})")
    if ev.mapping_text:
        print("  read as a clinic's spreadsheet, with the column mapping kept in the workspace")
    print(f"  convictions: {ev.convictions:,}; app {ev.app_version}, procedure {ev.procedure_version}, "
          f"code sections {ev.code_sections_version}")
    in_data = reviews[reviews.index.isin(list(automatic))]
    counts = in_data["status"].value_counts()
    print(f"  reviewed: {int((in_data['status'] != 'not_reviewed').sum()):,} of {ev.convictions:,}")
    for code, label in STATUSES.items():
        if code != "not_reviewed" and counts.get(code, 0):
            print(f"    {label + ':':<20}{int(counts[code]):,}")
    gone = len(reviews) - len(in_data)
    if gone:
        print(f"  reviews of convictions no longer in the data: {gone:,}")
    return 0


def _reasons(args: argparse.Namespace) -> int:
    if args.set_from:
        if not args.reviewer:
            raise RecordClearanceError("--set-from needs --reviewer NAME (the change is audited)")
        try:
            labels = Path(args.set_from).read_text(encoding="utf-8-sig").splitlines()
        except OSError as e:
            raise RecordClearanceError(f"{args.set_from}: cannot be read ({e.strerror})") from None
        with _open(args.workspace) as ws:
            ws.set_change_reasons(labels, args.reviewer)
            current = ws.change_reasons()
    else:
        with _open(args.workspace, read_only=True) as ws:
            current = ws.change_reasons()
    for label in current:
        print(label)
    return 0
