"""The cover summary of a filing batch (PDF): what was filed where, counted by remedy, track and
position, with what traces it to its data (policy, evaluation date, input files' SHA-256, the
workspace, the app's version). Built as a Word document in code, then drawn like the others."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from ... import __version__
from .vocabulary import CHALLENGED, COMPLETED, REMEDY_COUNTS, SERVING


@dataclass(frozen=True)
class CourtCounts:
    label: str
    relief: int
    by_remedy: dict[str, int]  # REMEDY_COUNTS key -> convictions
    challenged: int
    documents: int


@dataclass(frozen=True)
class CoverFacts:
    batch_id: str
    county: str
    filing_date: dt.date
    evaluation_date: dt.date
    prepared_by: str
    mode: str
    policy: str
    policy_sha256: str
    procedure_version: str
    input_files: list[tuple[str, int, str]]  # name, rows, SHA-256
    workspace: str  # file name and folder
    courts: list[CourtCounts]
    tracks: dict[str, int]  # completed / serving / chosen by a reviewer
    apart: dict[str, int]  # why -> convictions not filed (listed in Needs_attention.csv)
    not_reviewed: int
    already_filed: int
    documents: list[str] = field(default_factory=list)


def _table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Inches(widths[c])
            run = cell.paragraphs[0].add_run(str(value))
            run.font.size = Pt(9)
            run.bold = r == 0 or None
            if r == 0:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "D9D9D9")
                cell._tc.get_or_add_tcPr().append(shade)
    doc.add_paragraph()


def cover_docx(facts: CoverFacts) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(11)
    normal.paragraph_format.space_after = Pt(2)
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.8))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"Court filings: cover summary, batch {facts.batch_id}")
    run.bold, run.font.size = True, Pt(14)

    def line(label: str, value: str) -> None:
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)

    line("County", facts.county.title())
    line("Filing date", f"{facts.filing_date:%B} {facts.filing_date.day}, {facts.filing_date.year}")
    line("Prepared by", facts.prepared_by)
    line("Documents", "one motion per courthouse (case list attached)" if facts.mode == "bulk"
         else "one motion per court case")
    line("Evaluation date", facts.evaluation_date.isoformat() + " (the track is judged on it: a sentence ending "
         "after it is still being served)")
    line("Policy", f"{facts.policy} (SHA-256 {facts.policy_sha256})")
    line("Procedure version", facts.procedure_version)
    line("Workspace", facts.workspace)
    line("App", f"Record Clearance Desktop {__version__}")
    heading = doc.add_paragraph()
    heading.add_run("Input files").bold = True
    _table(doc, ["File", "Rows", "SHA-256"], [[n, f"{r:,}", h] for n, r, h in facts.input_files], [1.8, 0.8, 4.3])

    heading = doc.add_paragraph()
    heading.add_run("By courthouse").bold = True
    labels = [label.split(" (")[0] for _, _, _, label in REMEDY_COUNTS]
    rows = [[c.label, f"{c.relief:,}", *(f"{c.by_remedy[k]:,}" for k, _, _, _ in REMEDY_COUNTS),
             f"{c.challenged:,}", f"{c.documents:,}"] for c in facts.courts]
    total = ["Total", f"{sum(c.relief for c in facts.courts):,}",
             *(f"{sum(c.by_remedy[k] for c in facts.courts):,}" for k, _, _, _ in REMEDY_COUNTS),
             f"{sum(c.challenged for c in facts.courts):,}", f"{sum(c.documents for c in facts.courts):,}"]
    _table(doc, ["Courthouse", "Not challenged", *labels, "Challenged", "Documents"], rows + [total],
           [1.6, 0.75, 0.75, 0.75, 0.75, 0.8, 0.75, 0.75])

    heading = doc.add_paragraph()
    heading.add_run("By track and position").bold = True
    _table(doc, ["", "Convictions"], [
        ["Not challenged, completed sentence (H&S 11361.8(e)-(f))", f"{facts.tracks.get(COMPLETED, 0):,}"],
        ["Not challenged, still serving (H&S 11361.8(a)-(b))", f"{facts.tracks.get(SERVING, 0):,}"],
        ["  of which the track was chosen by a reviewer", f"{facts.tracks.get('chosen', 0):,}"],
        ["Challenged (notice of challenge)", f"{facts.tracks.get(CHALLENGED, 0):,}"]], [5.0, 1.5])

    heading = doc.add_paragraph()
    heading.add_run("Not in this batch").bold = True
    apart = [[why[0].upper() + why[1:], f"{n:,}"] for why, n in facts.apart.items()]
    apart += [["Not reviewed yet", f"{facts.not_reviewed:,}"],
              ["Already with the court (filed or challenged earlier)", f"{facts.already_filed:,}"]]
    _table(doc, ["Why", "Convictions"], apart, [5.0, 1.5])
    if facts.documents:
        heading = doc.add_paragraph()
        heading.add_run(f"Files written ({len(facts.documents):,})").bold = True
        for name in facts.documents[:60]:
            p = doc.add_paragraph(name)
            p.paragraph_format.left_indent = Inches(0.3)
            p.runs[0].font.size = Pt(9)
        if len(facts.documents) > 60:
            doc.add_paragraph(f"… and {len(facts.documents) - 60:,} more (per-case documents)")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
