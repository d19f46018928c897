"""`record-clearance filings W.rcw --outputs DIR ...`: court filings from a workspace's reviewed
decisions (case lists, motions, notices of challenge, cover summary), and marking a batch filed.

The signer's details come from a TOML file (`--signer FILE`: name, title, bar_number, office,
address, phone, email) or from options (`--signer-name` ...); a file is easier to keep per
office. Errors as for `run`: one line on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import Any, Callable

from .core.errors import RecordClearanceError

SIGNER_OPTIONS = (("name", "--signer-name"), ("title", "--signer-title"), ("bar_number", "--bar-number"),
                  ("office", "--office"), ("address", "--address"), ("phone", "--phone"), ("email", "--email"))


def add_filings_parser(sub: argparse._SubParsersAction, date_type: Callable[[str], dt.date]) -> None:
    p = sub.add_parser("filings", help="court filings per courthouse from a workspace's reviewed decisions",
                       description="Case lists (.xlsx, .csv), motions and proposed orders and notices of challenge "
                                   "(.docx and .pdf), and a cover summary, per courthouse, for the reviewed "
                                   "convictions not yet filed; then mark the batch filed.")
    p.add_argument("workspace", metavar="W.rcw")
    p.add_argument("--outputs", metavar="DIR", help="folder for the documents (created when missing)")
    p.add_argument("--courthouse", action="append", metavar="CODE",
                   help="only this courthouse (STP_ORI_CODE, or its name); repeatable; default: all")
    p.add_argument("--per-case", action="store_true", help="one motion per court case instead of one per courthouse")
    p.add_argument("--template", metavar="FILE", help="the motion template (.docx) to use instead of the default")
    p.add_argument("--notice-template", metavar="FILE", help="the notice-of-challenge template (.docx)")
    p.add_argument("--layout", metavar="FILE", help="the case-list layout (.toml): columns, titles, order")
    p.add_argument("--documents", default="case_list,motion,notice,cover",
                   help="which documents: case_list, motion, notice, cover (comma-separated; default: all)")
    p.add_argument("--signer", metavar="FILE", help="the signer's details as TOML (name, title, bar_number, office, "
                                                    "address, phone, email)")
    for key, option in SIGNER_OPTIONS:
        p.add_argument(option, dest=f"signer_{key}", metavar="TEXT",
                       help=f"the signer's {key.replace('_', ' ')}" + (" (use \\n between lines)" if key == "address"
                                                                        else ""))
    p.add_argument("--date", type=date_type, metavar="YYYY-MM-DD", help="the date the documents carry (default: today)")
    p.add_argument("--include-notes", action="store_true", help="the reviewer's note in the notices of challenge")
    p.add_argument("--include-filed", action="store_true",
                   help="also convictions already filed or challenged (file them again)")
    p.add_argument("--keys-from", metavar="FILE", help="only the convictions whose keys are listed (one per line)")
    p.add_argument("--mark-filed", type=date_type, metavar="YYYY-MM-DD",
                   help="record the batch as filed on this date (with --outputs: the batch just written; "
                        "without: --batch ID)")
    p.add_argument("--batch", metavar="ID", help="the batch to mark filed (e.g. F20260316-01)")
    p.add_argument("--list", action="store_true", help="only show what would be filed, per courthouse; write nothing")
    p.add_argument("--reviewer", help="name recorded with the batch (default: your login name)")
    p.add_argument("--force", action="store_true", help="replace documents that already exist")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services)
        return "unknown user"


def _signer(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .core.filings.context import Signer, load_signer

    if args.signer:
        return load_signer(args.signer)
    values = {key: (getattr(args, f"signer_{key}") or "").replace("\\n", "\n").strip() for key, _ in SIGNER_OPTIONS}
    signer = Signer(**values)
    if signer.missing():
        raise RecordClearanceError("the signer's details are needed for the motions and notices: --signer FILE, or "
                                   + ", ".join(opt for key, opt in SIGNER_OPTIONS if key in ("name", "title",
                                               "bar_number", "office", "address")) + f" (missing: "
                                   f"{', '.join(signer.missing())})")
    return signer


def _keys(path: str | None) -> tuple[str, ...] | None:
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise RecordClearanceError(f"{path}: cannot read the list of keys ({e.strerror})") from None
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def cmd_filings(args: argparse.Namespace, progress_bar: Callable[..., Any]) -> int:
    from .core.workspace import Workspace, WorkspaceInUse

    if not args.outputs and not args.list and not args.mark_filed:
        raise RecordClearanceError("give --outputs DIR (write the filings), --list (show them), or --mark-filed DATE "
                                   "--batch ID (record a batch as filed)")
    reviewer = args.reviewer or _login_name()
    try:
        ws = Workspace.open(args.workspace, read_only=args.list and not args.mark_filed)
    except WorkspaceInUse as e:
        where = f" ({e.holder})" if e.holder else ""
        raise RecordClearanceError(f"{Path(args.workspace).name}: the workspace is open elsewhere{where}; close it "
                                   "there first") from None
    with ws:
        if args.mark_filed and not args.outputs:
            return _mark(ws, args.batch, args.mark_filed, reviewer)
        return _file(ws, args, reviewer, progress_bar)


def _mark(ws, batch_id: str | None, day: dt.date, reviewer: str) -> int:  # type: ignore[no-untyped-def]
    from .core.filings.run import mark_batch_filed
    from .core.workspace.batches import batches

    if not batch_id:
        known = ", ".join(b.id for b in batches(ws)[-5:]) or "none yet"
        raise RecordClearanceError(f"--mark-filed needs --batch ID (the batches prepared: {known})")
    changed, gone = mark_batch_filed(ws, batch_id, day, reviewer)
    print(f"batch {batch_id} marked filed on {day.isoformat()}: {len(changed):,} conviction(s) changed"
          + (f"; {len(gone):,} no longer in the data (left as they were)" if gone else ""))
    return 0


def _file(ws, args: argparse.Namespace, reviewer: str, progress_bar: Callable[..., Any]) -> int:  # type: ignore[no-untyped-def]
    from .core.filings.generate import DOCUMENTS, FilingRequest
    from .core.filings.plan import Selection
    from .core.filings.run import plan_for, run_filings
    from .core.filings.templates import BULK, PER_CASE
    from .core.workspace import evaluate_for, same_files

    documents = tuple(d.strip() for d in args.documents.split(",") if d.strip())
    unknown = [d for d in documents if d not in DOCUMENTS]
    if unknown:
        raise RecordClearanceError(f"--documents: unknown {', '.join(unknown)} (use: {', '.join(DOCUMENTS)})")
    bars = [progress_bar(label, enabled=not args.quiet) for label in ("Reading", "Preparing", "Evaluating")]
    results = evaluate_for(ws, progress=bars[0], prepare_progress=bars[1], evaluate_progress=bars[2])
    for bar in bars:
        bar.close()
    if not same_files(ws, results):
        raise RecordClearanceError(f"{ws.path.name}: its input files changed since the workspace last read them; carry "
                                   f"the reviews over first: record-clearance workspace refresh {args.workspace} "
                                   "--input FILE")
    everything = plan_for(ws, results, Selection(include_filed=args.include_filed, keys=_keys(args.keys_from)))
    courts = None
    if args.courthouse:
        by_name = {c.name.upper(): c.key for c in everything.available} | {c.key.upper(): c.key
                                                                           for c in everything.available}
        missing = [c for c in args.courthouse if c.strip().upper() not in by_name]
        if missing:
            raise RecordClearanceError(f"--courthouse: no conviction to file at {', '.join(missing)} (courthouses: "
                                       + ", ".join(c.label for c in everything.available) + ")")
        courts = tuple(by_name[c.strip().upper()] for c in args.courthouse)
    plan = plan_for(ws, results, Selection(courthouses=courts, include_filed=args.include_filed,
                                           keys=_keys(args.keys_from)))
    _print_plan(plan)
    if args.list or not args.outputs:
        return 0
    request = FilingRequest(folder=Path(args.outputs), filing_date=args.date or dt.date.today(),
                            signer=_signer(args), prepared_by=reviewer, mode=PER_CASE if args.per_case else BULK,
                            documents=documents, include_notes=args.include_notes,
                            motion_template=Path(args.template) if args.template else None,
                            notice_template=Path(args.notice_template) if args.notice_template else None,
                            layout=Path(args.layout) if args.layout else None, force=args.force)
    bar = progress_bar("Writing", enabled=not args.quiet)
    output, batch = run_filings(ws, plan, request, progress=bar)
    bar.close()
    print(f"{len(output.files):,} files written to {output.folder} in {output.seconds:.1f} s")
    if batch is not None:
        print(f"batch {batch.id} recorded in {ws.path.name}; once filed: record-clearance filings "
              f"\"{args.workspace}\" --mark-filed YYYY-MM-DD --batch {batch.id}")
        if args.mark_filed:
            return _mark(ws, batch.id, args.mark_filed, reviewer)
    return 0


def _print_plan(plan) -> None:  # type: ignore[no-untyped-def]
    print(f"{plan.county.title()}: {len(plan.selected):,} reviewed conviction(s) to file "
          f"(evaluated at {plan.as_of.isoformat()})")
    width = max((len(c.label) for c in plan.courthouses), default=10)
    for court in plan.courthouses:
        print(f"  {court.label:<{width}}  {court.relief:>7,} not challenged  {court.challenged:>6,} challenged")
    if len(plan.attention):
        print("  not filed yet (listed in Needs_attention.csv):")
        for why, n in plan.attention["why"].value_counts().items():
            print(f"    {n:>7,}  {why}")
    if plan.already_filed:
        print(f"  already with the court: {plan.already_filed:,} (--include-filed to file them again)")
    if plan.not_reviewed:
        print(f"  not reviewed yet: {plan.not_reviewed:,}")
    sys.stdout.flush()
