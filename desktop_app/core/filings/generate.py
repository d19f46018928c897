"""Writing a batch of court filings into the folder the user chose, per courthouse: the case list
(.xlsx, .csv), the motion and proposed order (one per courthouse with the list attached, or one
per court case; .docx and the same as .pdf), the notice of challenge (for the court and for the
public defender), then the cover summary (PDF) and the list of what could not be filed yet.

Everything is checked before anything is written (templates, layout, signer, existing files);
files appear only when the whole batch is complete (written under temporary names, then renamed),
and a cancelled or failed run leaves nothing. Progress is reported throughout, and cancelling is
noticed within one document (or one page of a long one).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..docx_pdf import docx_to_pdf
from ..docx_pdf.fonts import metrics
from ..errors import Cancelled, OutputError
from ..output_files import Staging, check_output_folder
from .case_list import values, write_csv, write_xlsx
from .context import Signer, case_fields, common_context, counts, item_list, recipient
from .cover import CourtCounts, CoverFacts, cover_docx
from .layout import Column, Layout, load_layout
from .plan import Courthouse, FilingPlan, cases
from .tables import table_xml
from .templates import BULK, CHALLENGE, PER_CASE, Template, fill, load_template, placeholders
from .vocabulary import CHALLENGED, COMPLETED, NOT_CHALLENGED, REMEDY_COUNTS, SERVING

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]

CASE_LIST, MOTION, NOTICE, COVER = "case_list", "motion", "notice", "cover"
DOCUMENTS = (CASE_LIST, MOTION, NOTICE, COVER)
NOTE_COLUMN = Column("review_note", "Reviewer's note", 36)


@dataclass(frozen=True)
class FilingRequest:
    folder: Path
    filing_date: dt.date  # the date the documents carry
    signer: Signer
    prepared_by: str = ""
    mode: str = BULK  # BULK or PER_CASE
    documents: tuple[str, ...] = DOCUMENTS
    include_notes: bool = False  # the reviewer's note in the notices of challenge
    motion_template: Path | None = None  # default: the shipped one for the mode
    notice_template: Path | None = None
    layout: Path | None = None
    force: bool = False  # replace files that exist


@dataclass
class FilingOutput:
    folder: Path
    batch_id: str
    files: list[Path]
    members: list[tuple[str, str, str]]  # key, courthouse key, position
    courthouses: list[Courthouse]
    seconds: float = 0.0
    cover: CoverFacts | None = None
    pdf_seconds: float = 0.0
    docx_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Provenance:
    """What the cover traces the filing to (a workspace's evaluation)."""

    policy: str
    policy_sha256: str
    procedure_version: str
    input_files: list[tuple[str, int, str]]
    workspace: str


_UNSAFE = re.compile(r'[\\/:*?"<>|;\x00-\x1f]+')


def safe_name(text: str, limit: int = 60) -> str:
    """A file or folder name from `text` (any system: no separators, no reserved characters)."""
    name = _UNSAFE.sub("_", " ".join(str(text).split())).strip(" .") or "unnamed"
    return name[:limit].rstrip(" .")


def court_folder(court: Courthouse) -> str:
    return safe_name(f"{court.name} ({court.code})" if court.code and court.name else court.name or court.code)


class _Meter:
    """One progress figure over the whole batch, in units of work (a conviction listed, a page)."""

    def __init__(self, total: float, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.total, self.done = max(total, 1.0), 0.0
        self._progress, self._cancelled = progress, cancelled

    def finish(self) -> None:
        if self._progress:
            self._progress(int(self.total), int(self.total))

    def add(self, units: float) -> None:
        if self._cancelled and self._cancelled():
            raise Cancelled()
        self.done = min(self.total, self.done + units)
        if self._progress:
            self._progress(int(self.done), int(self.total))


PAGE_WIDTH = 705.6  # points: a landscape letter page less 0.6-inch margins (the templates' lists)
PADDING = 7.0  # a cell's margins and border


def column_widths(rows: pd.DataFrame, columns: list[Column], total: float = PAGE_WIDTH) -> list[float]:
    """Column widths in points (8 pt text) that fill `total`: each column as wide as its widest
    value and its title's longest word; when they do not fit, only the widest columns narrow (down
    to the same width), so short values such as dates and numbers never wrap."""
    bold = metrics("serif", True, False)
    regular = metrics("serif", False, False)
    floor, wanted = [], []
    for column in columns:
        title = max((bold.width(w, 8) for w in column.title.split()), default=20.0) + PADDING
        texts = rows[column.source].astype(str).unique()[:5000] if len(rows) else []
        widest = max((regular.width(t, 8) for t in texts), default=0.0) + PADDING
        floor.append(max(title, 24.0))
        wanted.append(max(title, widest, 24.0))
    if sum(wanted) <= total:
        spare = total - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted]
    low, high = 0.0, max(wanted)  # the cap c with sum(max(floor, min(wanted, c))) == total
    for _ in range(40):
        cap = (low + high) / 2
        if sum(max(f, min(w, cap)) for f, w in zip(floor, wanted)) > total:
            high = cap
        else:
            low = cap
    return [max(f, min(w, low)) for f, w in zip(floor, wanted)]


def list_table(rows: pd.DataFrame, columns: list[Column]):  # type: ignore[no-untyped-def]
    widths = column_widths(rows, columns)
    return table_xml([c.title for c in columns], values(rows, columns), [int(w * 20) for w in widths],
                     total_twips=int(sum(widths) * 20))


def prepare_filings(plan: FilingPlan, request: FilingRequest, *, batch_id: str, provenance: Provenance,
                    progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> FilingOutput:
    """Write the batch for `plan` as `request` asks. Raises TemplateError or OutputError before
    writing anything, Cancelled when `cancelled()` turns true (nothing is left)."""
    started = time.perf_counter()
    missing = request.signer.missing()
    if missing and (MOTION in request.documents or NOTICE in request.documents):
        raise OutputError(f"The signer's details are incomplete: {', '.join(missing)}.")
    layout = load_layout(request.layout)
    motion_kind = PER_CASE if request.mode == PER_CASE else BULK
    motion = load_template(motion_kind, request.motion_template) if MOTION in request.documents else None
    notice = load_template(CHALLENGE, request.notice_template) if NOTICE in request.documents else None
    courts = plan.courthouses
    if not courts:
        raise OutputError("There is nothing to file: no reviewed conviction is ready in the courthouses chosen.")
    targets = _targets(plan, request, batch_id)
    folder = Path(request.folder)
    check_output_folder(folder, targets, request.force)

    relief_total = sum(c.relief for c in courts)
    challenged_total = sum(c.challenged for c in courts)
    units = (relief_total * (3 if MOTION in request.documents else 0.5) + challenged_total * 2 + len(courts) * 20
             + (relief_total + challenged_total) * 0.3)
    meter = _Meter(units, progress, cancelled)
    staging = Staging()
    written: list[Path] = []
    out = FilingOutput(folder, batch_id, [], [], courts)
    made_dirs: list[Path] = []
    try:
        for court in courts:
            directory = folder / court_folder(court)
            if not directory.exists():
                directory.mkdir(parents=True)
                made_dirs.append(directory)
            relief, challenged = plan.relief(court.key), plan.challenged(court.key)
            common = dict(court={"name": court.name, "code": court.code, "county": court.county or plan.county},
                          county=court.county or plan.county, signer=request.signer,
                          filing_date=request.filing_date, evaluation_date=plan.as_of, batch_id=batch_id,
                          policy=provenance.policy)
            if CASE_LIST in request.documents:
                both = pd.concat([relief, challenged])
                with staging.file(directory / "Case_list.xlsx") as f:
                    write_xlsx(f, both, layout.case_list, title=f"Case list, {court.label}")
                with staging.file(directory / "Case_list.csv") as f:
                    write_csv(f, both, layout.case_list)
                written += [directory / "Case_list.xlsx", directory / "Case_list.csv"]
                meter.add(len(both) * 0.3 + 5)
            if motion is not None and len(relief):
                written += _motions(motion, relief, layout, common, directory, staging, meter, out, court)
            if notice is not None and len(challenged):
                written += _notices(notice, challenged, layout, common, directory, staging, meter, out, court,
                                    request.include_notes)
            out.members += [(k, court.key, NOT_CHALLENGED) for k in relief["key"]]
            out.members += [(k, court.key, CHALLENGED) for k in challenged["key"]]
            meter.add(10)
        if len(plan.attention):
            with staging.file(folder / "Needs_attention.csv") as f:
                write_csv(f, plan.attention, _attention_columns())
            written.append(folder / "Needs_attention.csv")
        if COVER in request.documents:
            cover_path = folder / f"Cover_summary_{batch_id}.pdf"
            facts = _cover_facts(plan, request, batch_id, provenance, written, folder)
            out.cover = facts
            data = cover_docx(facts)
            with staging.file(cover_path) as f:
                f.write(docx_to_pdf(data, title=f"Cover summary, batch {batch_id}", author=request.signer.office,
                                    created=_when(request.filing_date)))
            written.append(cover_path)
        staging.commit()
        meter.finish()
    except BaseException:
        staging.abort()
        for directory in reversed(made_dirs):
            try:
                directory.rmdir()  # only if empty: never removes anything the user had
            except OSError:
                pass
        raise
    out.files = written
    out.seconds = time.perf_counter() - started
    out.counts = {"courthouses": len(courts), "notChallenged": relief_total, "challenged": challenged_total}
    log.info("court filings: %d courthouse(s), %d + %d convictions, %d files in %.1fs", len(courts), relief_total,
             challenged_total, len(written), out.seconds)
    return out


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.timezone.utc)


def _write_pair(template_data: bytes, docx_path: Path, staging: Staging, out: FilingOutput, title: str,
                author: str, day: dt.date, page_progress: Callable[[int], None] | None = None) -> list[Path]:
    with staging.file(docx_path) as f:
        f.write(template_data)
    middle = time.perf_counter()
    pdf = docx_to_pdf(template_data, title=title, author=author, created=_when(day), progress=page_progress)
    pdf_path = docx_path.with_suffix(".pdf")
    with staging.file(pdf_path) as f:
        f.write(pdf)
    out.pdf_seconds += time.perf_counter() - middle
    return [docx_path, pdf_path]


def _motions(template: Template, relief: pd.DataFrame, layout: Layout, common: dict, directory: Path,
             staging: Staging, meter: _Meter, out: FilingOutput, court: Courthouse) -> list[Path]:
    written: list[Path] = []
    author = common["signer"].office
    day = common["filing_date"]
    if template.kind == BULK:
        started = time.perf_counter()
        context = common_context(**common)
        context.update(case_count=len(relief), counts=counts(relief), case_list=list_table(relief, list(layout.case_list)))
        if "cases" in placeholders(template):
            context["cases"] = item_list(relief, "case")
        data = fill(template, context)
        out.docx_seconds += time.perf_counter() - started
        meter.add(len(relief) * 0.5)
        per_page = len(relief) * 2.5 / max(len(relief) / 25 + 3, 1)
        written += _write_pair(data, directory / "Motion_and_proposed_order.docx", staging, out,
                               f"Motion and proposed order, {court.label}", author, day,
                               lambda pages: meter.add(per_page))
        return written
    folder = directory / "Motions"
    if not folder.exists():
        folder.mkdir()
    names: set[str] = set()
    for case in cases(relief):
        started = time.perf_counter()
        context = common_context(**common)
        context["case"] = case_fields(case)
        data = fill(template, context)
        out.docx_seconds += time.perf_counter() - started
        name = _case_file_name(case, names)
        written += _write_pair(data, folder / f"{name}.docx", staging, out,
                               f"Motion and proposed order, case {case['case_number'].iloc[0]}", author, day)
        meter.add(len(case) * 3)
    return written


def _case_file_name(case: pd.DataFrame, taken: set[str]) -> str:
    number = case["case_number"].iloc[0] or "no case number"
    base = safe_name(f"{number} {case['name'].iloc[0]}", 80)
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name.lower())
    return name


def _notices(template: Template, challenged: pd.DataFrame, layout: Layout, common: dict, directory: Path,
             staging: Staging, meter: _Meter, out: FilingOutput, court: Courthouse, include_notes: bool) -> list[Path]:
    columns = list(layout.challenge_list)
    if include_notes and all(c.field != "review_note" for c in columns):
        columns.append(NOTE_COLUMN)
    if not include_notes:
        columns = [c for c in columns if c.field != "review_note"]
    table = list_table(challenged, columns)
    written: list[Path] = []
    for kind, file_name in (("court", "Notice_of_challenge_court.docx"),
                            ("public_defender", "Notice_of_challenge_public_defender.docx")):
        started = time.perf_counter()
        context = common_context(**common)
        context.update(challenged_count=len(challenged), challenge_list=table, include_notes=include_notes,
                       recipient=recipient(kind, common["county"]))
        if "challenged" in placeholders(template):
            context["challenged"] = item_list(challenged, "challenged")
        data = fill(template, context)
        out.docx_seconds += time.perf_counter() - started
        written += _write_pair(data, directory / file_name, staging, out,
                               f"Notice of challenge, {court.label}", common["signer"].office, common["filing_date"])
        meter.add(len(challenged))
    return written


def _attention_columns() -> list[Column]:
    return [Column("why", "Why it cannot be filed yet", 40, "why"), Column("courthouse", "Courthouse", 22),
            Column("courthouse_code", "Court code", 11), Column("case_number", "Court case number", 18),
            Column("name", "Name", 24), Column("conviction_date", "Conviction date", 11),
            Column("code_section", "Code section", 13), Column("final_determination", "Determination", 20),
            Column("office_reference", "Office reference", 40)]


def _targets(plan: FilingPlan, request: FilingRequest, batch_id: str) -> list[Path]:
    """The files a run would write that can be known before writing (per-case names aside)."""
    folder = Path(request.folder)
    targets = [folder / "Needs_attention.csv", folder / f"Cover_summary_{batch_id}.pdf"]
    for court in plan.courthouses:
        directory = folder / court_folder(court)
        targets += [directory / n for n in ("Case_list.xlsx", "Case_list.csv", "Motion_and_proposed_order.docx",
                                            "Motion_and_proposed_order.pdf", "Notice_of_challenge_court.docx",
                                            "Notice_of_challenge_court.pdf", "Notice_of_challenge_public_defender.docx",
                                            "Notice_of_challenge_public_defender.pdf")]
    return targets


def _cover_facts(plan: FilingPlan, request: FilingRequest, batch_id: str, provenance: Provenance,
                 written: list[Path], folder: Path) -> CoverFacts:
    courts = []
    for court in plan.courthouses:
        relief = plan.relief(court.key)
        remedy, track = relief["remedy_code"].to_numpy(), relief["track_code"].to_numpy()
        by_remedy = {k: int(((remedy == r) & (track == t)).sum()) for k, r, t, _ in REMEDY_COUNTS}
        prefix = str(folder / court_folder(court))
        documents = sum(1 for p in written if str(p).startswith(prefix) and p.suffix in (".docx", ".pdf"))
        courts.append(CourtCounts(court.label, len(relief), by_remedy, len(plan.challenged(court.key)), documents))
    selected = plan.selected
    relief = selected[selected["position_code"] == NOT_CHALLENGED]
    tracks = {COMPLETED: int((relief["track_code"] == COMPLETED).sum()),
              SERVING: int((relief["track_code"] == SERVING).sum()),
              "chosen": int(relief["track_chosen"].astype(bool).sum()),
              CHALLENGED: int((selected["position_code"] == CHALLENGED).sum())}
    apart = {str(k): int(v) for k, v in plan.attention["why"].value_counts().items()} if len(plan.attention) else {}
    return CoverFacts(batch_id=batch_id, county=plan.county, filing_date=request.filing_date,
                      evaluation_date=plan.as_of, prepared_by=request.prepared_by or request.signer.name,
                      mode=request.mode, policy=provenance.policy, policy_sha256=provenance.policy_sha256,
                      procedure_version=provenance.procedure_version, input_files=provenance.input_files,
                      workspace=provenance.workspace, courts=courts, tracks=tracks, apart=apart,
                      not_reviewed=plan.not_reviewed, already_filed=plan.already_filed,
                      documents=[str(p.relative_to(folder)) for p in written])


def provenance_of(ws) -> Provenance:  # type: ignore[no-untyped-def]
    """The workspace's evaluation as the cover names it."""
    ev = ws.evaluation()
    return Provenance(policy=ev.policy_name, policy_sha256=ev.policy_sha256, procedure_version=ev.procedure_version,
                      input_files=[(f.name, f.rows, f.sha256) for f in ev.files],
                      workspace=f"{ws.path.name} ({ws.path.parent})")


__all__ = ["FilingRequest", "FilingOutput", "Provenance", "prepare_filings", "provenance_of", "DOCUMENTS",
           "CASE_LIST", "MOTION", "NOTICE", "COVER", "safe_name"]
