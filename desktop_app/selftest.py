"""`record-clearance self-test`: check this installation (source, wheel or frozen build) on the
bundled, fabricated sample.

The engine part runs `resources/sample/sample_doj.csv` for county SACRAMENTO under
`rules/policies/county-common.toml` at the fixed evaluation date 2024-01-01, compares each
evaluated conviction's determination (keyed by source line) and the summary figures with the
expected results shipped in `resources/sample/expected/`, and writes the whole result bundle to a
temporary folder to prove the writers work. The GUI part starts the main window offscreen, loads
the sample and quits (`desktop_app.gui.smoke.run_gui_smoke`).

After a deliberate change to the rules or the engine, regenerate the expected results with
`python -m desktop_app.selftest --write-expected` and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from . import __version__, paths

SAMPLE_COUNTY = "SACRAMENTO"
SAMPLE_AS_OF = dt.date(2024, 1, 1)
SAMPLE_POLICY = "county-common.toml"
DETERMINATIONS_FILE = "determinations.csv"
SUMMARY_FILE = "summary.json"
DETERMINATION_FIELDS = ("line", "section", "step", "determination", "reason")
# Summary keys that depend on the run (machine speed), not on the data: never compared.
RUN_TIME_FIELDS = frozenset({"processingTimeInSeconds"})
MAX_LISTED = 10  # differences listed per part; the rest are counted
GUI_TIMEOUT_S = 60.0


def expected_dir() -> Path:
    return paths.resources_dir() / "sample" / "expected"


def sample_policy() -> Path:
    return paths.policies_dir() / SAMPLE_POLICY


def evaluate_sample() -> Any:
    """Run the engine on the bundled sample with the self-test's fixed county, policy and date."""
    from .core.pipeline import run

    return run([paths.sample_file()], SAMPLE_COUNTY, sample_policy(), SAMPLE_AS_OF)


def determinations(results: Any) -> list[dict[str, str]]:
    """One row per evaluated conviction, in file order: the fields the expected CSV holds."""
    ev = results.evaluated
    from .core.schema import SOURCE_LINE

    columns = {"line": ev[SOURCE_LINE], "section": ev["section"], "step": ev["step"],
               "determination": ev["determination"]}
    values = {k: [str(v) for v in c.to_numpy(dtype=object)] for k, c in columns.items()}
    values["reason"] = [str(v) for v in results.reason_texts]
    return [{k: values[k][i] for k in DETERMINATION_FIELDS} for i in range(len(ev))]


def comparable_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary minus run-time fields, normalised through JSON (as the expected file is)."""
    return json.loads(json.dumps({k: v for k, v in summary.items() if k not in RUN_TIME_FIELDS}))


def determinations_csv(rows: list[dict[str, str]]) -> str:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=DETERMINATION_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def summary_text(summary: dict[str, Any]) -> str:
    return json.dumps(comparable_summary(summary), indent=2, ensure_ascii=False) + "\n"


def write_expected(folder: Path | None = None) -> list[Path]:
    """Write the expected results for the current rules and engine (the documented regeneration)."""
    folder = folder or expected_dir()
    folder.mkdir(parents=True, exist_ok=True)
    results = evaluate_sample()
    out = [folder / DETERMINATIONS_FILE, folder / SUMMARY_FILE]
    out[0].write_text(determinations_csv(determinations(results)), encoding="utf-8", newline="")
    out[1].write_text(summary_text(results.summary), encoding="utf-8", newline="")
    return out


def read_expected(folder: Path | None = None) -> tuple[list[dict[str, str]], dict[str, Any]]:
    folder = folder or expected_dir()
    with open(folder / DETERMINATIONS_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
    return rows, summary


def compare_determinations(actual: list[dict[str, str]], expected: list[dict[str, str]]) -> list[str]:
    """Differences keyed by source line: missing, unexpected, and changed fields."""
    got = {r["line"]: r for r in actual}
    want = {r["line"]: r for r in expected}
    problems = []
    for line in sorted(want.keys() - got.keys(), key=int):
        problems.append(f"line {line}: expected {want[line]['determination']!r}, not evaluated")
    for line in sorted(got.keys() - want.keys(), key=int):
        problems.append(f"line {line}: evaluated as {got[line]['determination']!r}, not expected")
    for line in sorted(got.keys() & want.keys(), key=int):
        for field in DETERMINATION_FIELDS[1:]:
            if got[line].get(field) != want[line].get(field):
                problems.append(f"line {line}: {field} is {got[line].get(field)!r}, "
                                f"expected {want[line].get(field)!r}")
    return problems


def compare_summary(actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Differences between two summaries, by key path (run-time fields ignored)."""
    problems: list[str] = []

    def walk(a: Any, e: Any, path: str) -> None:
        if isinstance(a, dict) and isinstance(e, dict):
            for key in list(e) + [k for k in a if k not in e]:
                if path == "" and key in RUN_TIME_FIELDS:
                    continue
                sub = f"{path}.{key}" if path else str(key)
                if key not in a:
                    problems.append(f"summary {sub}: missing (expected {e[key]!r})")
                elif key not in e:
                    problems.append(f"summary {sub}: unexpected ({a[key]!r})")
                else:
                    walk(a[key], e[key], sub)
        elif a != e:
            problems.append(f"summary {path}: {a!r}, expected {e!r}")

    walk(comparable_summary(actual), expected, "")
    return problems


def check_engine() -> tuple[str, list[str]]:
    """Evaluate the sample, compare with the expected results, write the bundle to a temp folder."""
    started = time.perf_counter()
    results = evaluate_sample()
    rows = determinations(results)
    expected_rows, expected_summary = read_expected()
    problems = compare_determinations(rows, expected_rows) + compare_summary(results.summary, expected_summary)
    problems += _check_export(results)
    detail = (f"{results.summary['lineCount']:,} rows read, {len(rows)} convictions evaluated, "
              f"{time.perf_counter() - started:.1f} s")
    return detail, problems


def _check_export(results: Any) -> list[str]:
    """Write the bundle (the sample is fabricated, so a temp folder is fine) and read it back."""
    from .core.export import export_bundle

    problems = []
    with tempfile.TemporaryDirectory(prefix="record-clearance-selftest-") as folder:
        written = export_bundle(results, folder, workbook=True)
        for path in written.all():
            if not path.is_file() or path.stat().st_size == 0:
                problems.append(f"export: {path.name} was not written")
        if not problems:
            exported = json.loads(written.summary.read_text(encoding="utf-8"))
            problems += [f"export: {p}" for p in compare_summary(exported, comparable_summary(results.summary))]
            with open(written.prop64, encoding="utf-8", newline="") as f:
                column = [r["Eligibility Determination"] for r in csv.DictReader(f)]
            if column != [r["determination"] for r in determinations(results)]:
                problems.append(f"export: {written.prop64.name} does not hold the evaluated determinations")
    return problems


def check_workspace() -> tuple[str, list[str]]:
    """A review workspace for the sample, in a temp folder (fabricated data): review, undo, reopen,
    export with the final decisions. Proves SQLite and the audit log work in this build."""
    import sqlite3

    from .core.workspace import Workspace, export_workspace

    results = evaluate_sample()
    keys = results.evaluated["conviction_key"].tolist()
    problems = []
    with tempfile.TemporaryDirectory(prefix="record-clearance-selftest-") as folder:
        path = Path(folder) / "self-test.rcw"
        policy = sample_policy()
        with Workspace.create(path, results, policy_text=policy.read_text(encoding="utf-8"), policy_file=policy.name,
                              reviewer="self-test") as ws:
            ws.accept(keys[:2], "self-test")
            ws.set_determination(keys[2:3], "Hand Review", ws.change_reasons()[-1], "self-test")
            ws.undo("self-test")
        with Workspace.open(path) as ws:
            if (ws.record(keys[0]) or {}).get("status") != "reviewed":
                problems.append("workspace: a review was not kept")
            if (ws.record(keys[2]) or {}).get("determination") is not None:
                problems.append("workspace: undo did not take the change back")
            entries = len(ws.audit_log())
            out = Path(folder) / "out"
            out.mkdir()
            written = export_workspace(ws, results, out, workbook=False)
            with open(written.prop64, encoding="utf-8", newline="") as f:
                if "Final determination" not in next(csv.reader(f)):
                    problems.append("workspace: the export has no review columns")
    return f"{entries} audit entries, SQLite {sqlite3.sqlite_version}", problems


def check_filings() -> tuple[str, list[str]]:
    """Court filings for the sample (fabricated data) in a temp folder: a motion filled from the
    shipped Word template and drawn as PDF, read back. Proves docxtpl, python-docx and fpdf2 (with
    the embedded fonts) work in this build."""
    import datetime as dt
    import zipfile

    from .core.filings.context import Signer
    from .core.filings.generate import FilingRequest
    from .core.filings.run import plan_for, run_filings
    from .core.workspace import Workspace

    results = evaluate_sample()
    problems = []
    with tempfile.TemporaryDirectory(prefix="record-clearance-selftest-") as folder:
        policy = sample_policy()
        with Workspace.create(Path(folder) / "filings.rcw", results, policy_text=policy.read_text(encoding="utf-8"),
                              policy_file=policy.name, reviewer="self-test") as ws:
            ws.accept(results.evaluated["conviction_key"].tolist(), "self-test")
            signer = Signer("Self Test", "Deputy District Attorney", "000000", "Self-test office", "1 Main Street")
            plan = plan_for(ws, results)
            output, batch = run_filings(ws, plan, FilingRequest(Path(folder) / "out", dt.date(2024, 1, 2), signer,
                                                                prepared_by="self-test"))
        pdfs = [p for p in output.files if p.suffix == ".pdf"]
        motions = [p for p in output.files if p.name == "Motion_and_proposed_order.docx"]
        if not motions or not pdfs or batch is None:
            problems.append("filings: the motion, its PDF or the batch is missing")
        for path in motions:
            with zipfile.ZipFile(path) as package:
                signed = "Self Test" in package.read("word/document.xml").decode("utf-8")
            if not signed:
                problems.append(f"filings: {path.name} does not hold the signer")
        for path in pdfs:
            pdf = path.read_bytes()
            if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
                problems.append(f"filings: {path.name} is not a PDF with its fonts")
    return f"{len(plan.selected)} convictions, {len(output.files)} files", problems


def check_gui(sample: Path, timeout_s: float = GUI_TIMEOUT_S) -> list[str]:
    """Start the main window offscreen (unless a platform is chosen), load the sample, quit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from .gui.smoke import run_gui_smoke
    except ImportError as e:
        return [f"GUI not available ({type(e).__name__}: {e})"]
    return [str(p) for p in run_gui_smoke(sample, timeout_s=timeout_s)]


def _part(name: str, check: Callable[[], tuple[str, list[str]]], out: TextIO) -> list[str]:
    try:
        detail, problems = check()
    except Exception as e:  # a self-test reports every failure instead of stopping at a traceback
        detail, problems = "", [f"{type(e).__name__}: {e}"]
    status = "OK" if not problems else f"FAILED ({len(problems)} problem{'s' * (len(problems) != 1)})"
    print(f"  {name + ':':<9}{status}" + (f"  ({detail})" if detail else ""), file=out)
    for problem in problems[:MAX_LISTED]:
        print(f"    - {problem}", file=out)
    if len(problems) > MAX_LISTED:
        print(f"    ... and {len(problems) - MAX_LISTED} more", file=out)
    return problems


def run_self_test(gui: bool = True, *, out: TextIO | None = None) -> int:
    """Check the engine (and the GUI unless `gui` is false) on the bundled sample; print a short
    report to `out` (default stdout). Returns 0 when everything passed, 1 otherwise."""
    out = out or sys.stdout
    frozen = "frozen build" if getattr(sys, "frozen", False) else "Python package"
    print(f"Record Clearance Desktop {__version__} self-test ({frozen}, Python "
          f"{sys.version_info.major}.{sys.version_info.minor}, {sys.platform})", file=out)
    try:
        print(f"  rules:   {paths.rules_dir()}", file=out)
        print(f"  sample:  {paths.sample_file()} ({SAMPLE_COUNTY}, {SAMPLE_POLICY}, "
              f"evaluated at {SAMPLE_AS_OF.isoformat()})", file=out)
    except FileNotFoundError as e:
        print(f"  FAILED: {e}", file=out)
        return 1
    problems = _part("engine", check_engine, out)
    problems += _part("reviews", check_workspace, out)
    problems += _part("filings", check_filings, out)
    if gui:
        def gui_check() -> tuple[str, list[str]]:
            started = time.perf_counter()
            found = check_gui(paths.sample_file())
            return f"platform {os.environ.get('QT_QPA_PLATFORM')}, {time.perf_counter() - started:.1f} s", found

        problems += _part("GUI", gui_check, out)
    else:
        print("  GUI:     skipped (--no-gui)", file=out)
    print("self-test passed" if not problems else f"self-test FAILED: {len(problems)} problem(s)", file=out)
    return 0 if not problems else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.selftest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-expected", action="store_true",
                        help="regenerate resources/sample/expected/ from the current rules and engine")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI part of the self-test")
    args = parser.parse_args(argv)
    if args.write_expected:
        for path in write_expected():
            print(f"wrote {path}")
        return 0
    return run_self_test(gui=not args.no_gui)


if __name__ == "__main__":
    sys.exit(main())
