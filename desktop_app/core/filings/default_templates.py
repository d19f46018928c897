"""The neutral default templates the app ships (resources/templates/*.docx), built here with
python-docx so that they can be regenerated (`python build/make_templates.py`) and reviewed as
code. Offices copy them, change the wording in Word and point the app to their copies; the
placeholders they may use are listed in templates.py and the README ("Court filings").

The wording follows court-filings.md: caption, title, a short body citing H&S 11361.8 and
11361.9, the list (attached) or the case's details, the signature block, and the order section.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

BULK_MOTION = "motion-bulk.docx"
CASE_MOTION = "motion-per-case.docx"
NOTICE = "notice-of-challenge.docx"
FONT = "Times New Roman"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


# ------------------------------------------------------------------ building blocks

def _document(footer_title: str) -> DocumentType:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    body = doc.styles.add_style("Motion Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.line_spacing = 2.0
    body.paragraph_format.first_line_indent = Inches(0.5)
    body.paragraph_format.alignment = JUSTIFY
    heading = doc.styles.add_style("Document Title", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    heading.font.bold = True
    heading.paragraph_format.alignment = CENTER
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(12)
    heading.paragraph_format.keep_with_next = True
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    _footer(section.footer.paragraphs[0], footer_title)
    props = doc.core_properties
    props.author = props.last_modified_by = "Record Clearance Desktop"
    props.title = footer_title
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 1, 1)
    return doc


def _footer(p: Paragraph, title: str) -> None:
    p.alignment = CENTER
    _run(p, "Page ", size=10)
    _field(p, "PAGE", size=10)
    _run(p, " of ", size=10)
    _field(p, "NUMPAGES", size=10)
    p.add_run().add_break()
    _run(p, title, size=9)
    _border(p._p, "top")


def _border(p_element, side: str) -> None:
    pPr = p_element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
    pPr.append(borders)


def _run(p: Paragraph, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
         size: float | None = None):  # type: ignore[no-untyped-def]
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    return run


def _field(p: Paragraph, instruction: str, size: float | None = None) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    if size:
        rPr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        rPr.append(sz)
        run.append(rPr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)


def _para(container, text: str = "", *, style: str | None = None, align=None, bold: bool = False,  # type: ignore[no-untyped-def]
          space_after: float | None = None, indent: float | None = None, keep: bool = False) -> Paragraph:
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if indent is not None:
        p.paragraph_format.left_indent = Inches(indent)
    if keep:
        p.paragraph_format.keep_with_next = True
    if text:
        _run(p, text, bold=bold)
    return p


def _cell_border(cell: _Cell, **sides: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), sides.get(side, "nil"))
        if sides.get(side, "nil") != "nil":
            edge.set(qn("w:sz"), "6")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tcPr.append(borders)


def _cell_lines(cell: _Cell, lines: list[tuple[str, bool]]) -> None:
    """Paragraphs of (text, bold) in a cell ('' is an empty line)."""
    first = cell.paragraphs[0]
    for i, (text, bold) in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if text:
            _run(p, text, bold=bold)


def _table(doc: DocumentType, widths: list[float]):  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=len(widths))
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
        column.width = cell.width = Inches(width)
    return table


# ------------------------------------------------------------------ shared parts

def _attorney_block(doc: DocumentType) -> None:
    for text in ("{{ signer.name }}, {{ signer.title }} (State Bar No. {{ signer.bar_number }})",
                 "{{ signer.office }}", "{{ signer.address }}",
                 "{%p if signer.phone %}", "Telephone: {{ signer.phone }}", "{%p endif %}",
                 "{%p if signer.email %}", "Email: {{ signer.email }}", "{%p endif %}",
                 "Attorneys for the People of the State of California"):
        _para(doc, text)
    _para(doc)
    _para(doc, "SUPERIOR COURT OF THE STATE OF CALIFORNIA", align=CENTER, bold=True)
    _para(doc, "COUNTY OF {{ court.county_upper }}", align=CENTER, bold=True, space_after=12)


def _caption(doc: DocumentType, left: list[tuple[str, bool]], right: list[tuple[str, bool]]) -> None:
    table = _table(doc, [3.3, 3.2])
    a, b = table.rows[0].cells
    _cell_border(a, right="single", bottom="single")
    _cell_border(b)
    _cell_lines(a, left)
    _cell_lines(b, right)
    _para(doc)


def _signature(doc: DocumentType) -> None:
    _para(doc, "Dated: {{ filing_date }}", space_after=12, keep=True)
    table = _table(doc, [3.0, 3.5])
    a, b = table.rows[0].cells
    _cell_border(a)
    _cell_border(b)
    _cell_lines(b, [("Respectfully submitted,", False), ("{{ signer.office }}", False), ("", False), ("", False),
                    ("______________________________", False), ("{{ signer.name }}", False),
                    ("{{ signer.title }}", False), ("State Bar No. {{ signer.bar_number }}", False)])


def _judge_signature(doc: DocumentType) -> None:
    table = _table(doc, [3.0, 3.5])
    a, b = table.rows[0].cells
    _cell_border(a)
    _cell_border(b)
    _cell_lines(a, [("", False), ("", False), ("Dated: ____________________", False)])
    _cell_lines(b, [("", False), ("", False), ("______________________________", False),
                    ("Judge of the Superior Court", False)])


def _page_break(doc: DocumentType) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _landscape_section(doc: DocumentType) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.6))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.75))


RELIEF_TEXT = ("recall or dismissal of sentence, dismissal and sealing, or redesignation")


# ------------------------------------------------------------------ the documents

def bulk_motion() -> DocumentType:
    doc = _document("MOTION AND [PROPOSED] ORDER UNDER HEALTH AND SAFETY CODE SECTIONS 11361.8 AND 11361.9")
    _attorney_block(doc)
    _caption(doc, [("THE PEOPLE OF THE STATE OF CALIFORNIA,", False), ("", False), ("Plaintiff,", False),
                   ("", False), ("v.", False), ("", False), ("THE PERSONS LISTED IN ATTACHMENT A,", False),
                   ("", False), ("Defendants.", False)],
             [("Courthouse: {{ court.name }}", False), ("Court code: {{ court.code }}", False), ("", False),
              ("MOTION AND [PROPOSED] ORDER FOR RECALL OR DISMISSAL OF SENTENCE, DISMISSAL AND SEALING, OR "
               "REDESIGNATION", True),
              ("(Health and Safety Code §§ 11361.8, 11361.9)", False), ("", False),
              ("{{ case_count }} convictions, listed in Attachment A", False), ("Filing batch {{ batch_id }}", False)])
    _para(doc, "TO THE HONORABLE PRESIDING JUDGE OF THE SUPERIOR COURT OF CALIFORNIA, COUNTY OF "
               "{{ court.county_upper }}:", space_after=12)
    _para(doc, "Under Health and Safety Code section 11361.9, the California Department of Justice identified past "
               "convictions that are potentially eligible for " + RELIEF_TEXT + " under Health and Safety Code "
               "section 11361.8, and gave them to the District Attorney to review.", style="Motion Body")
    _para(doc, "The District Attorney has reviewed each of the {{ case_count }} convictions listed in Attachment A, "
               "all from this courthouse, and does not challenge the " + RELIEF_TEXT + " of any of them.",
          style="Motion Body")
    _para(doc, "The District Attorney therefore asks the Court to grant, for each conviction, the remedy listed for it in "
               "Attachment A: where the person has completed the sentence, dismissal and sealing of the "
               "conviction, or its redesignation as a misdemeanor or infraction (Health and Safety Code section "
               "11361.8, subdivisions (e) and (f)); where the person is still serving the sentence, recall of the "
               "sentence and dismissal, or resentencing (Health and Safety Code section 11361.8, subdivisions (a) "
               "and (b)). The convictions, by remedy:", style="Motion Body")
    for key, label in (("dismiss_seal", "Dismissal and sealing (completed sentence)"),
                       ("redesignate", "Redesignation (completed sentence)"),
                       ("recall_dismiss", "Recall of sentence and dismissal (still serving)"),
                       ("recall_resentence", "Recall of sentence and resentencing (still serving)")):
        _para(doc, f"{label}: {{{{ counts.{key} }}}}", indent=1.0)
    _para(doc)
    _signature(doc)
    _page_break(doc)
    _para(doc, "[PROPOSED] ORDER", style="Document Title")
    _para(doc, "The Court has read and considered the motion of the District Attorney under Health and Safety Code "
               "sections 11361.8 and 11361.9 for the {{ case_count }} convictions listed in Attachment A. The District "
               "Attorney does not challenge the relief requested in any of them. Good cause appearing,",
          style="Motion Body")
    _para(doc, "IT IS ORDERED that, for each conviction listed in Attachment A, the remedy stated for it there is granted: "
               "the conviction is dismissed and sealed, or redesignated as a misdemeanor or infraction, or the "
               "sentence is recalled and the person resentenced or the conviction dismissed, under Health and "
               "Safety Code section 11361.8.", style="Motion Body")
    _para(doc, "The clerk shall update the records of the Court and notify the Department of Justice of each "
               "recall, dismissal, sealing, redesignation or resentencing, as Health and Safety Code section "
               "11361.9 requires.", style="Motion Body")
    _para(doc, "IT IS SO ORDERED.", bold=True, space_after=12)
    _judge_signature(doc)
    _landscape_section(doc)
    _para(doc, "ATTACHMENT A", style="Document Title")
    _para(doc, "Convictions not challenged, {{ court.name }}: {{ case_count }}", align=CENTER, space_after=8)
    _para(doc, "{{p case_list }}")
    return doc


def case_motion() -> DocumentType:
    doc = _document("MOTION AND [PROPOSED] ORDER UNDER HEALTH AND SAFETY CODE SECTIONS 11361.8 AND 11361.9")
    _attorney_block(doc)
    _caption(doc, [("THE PEOPLE OF THE STATE OF CALIFORNIA,", False), ("", False), ("Plaintiff,", False),
                   ("", False), ("v.", False), ("", False), ("{{ case.name }},", False), ("", False),
                   ("Defendant.", False)],
             [("Case No. {{ case.case_number }}", True), ("Courthouse: {{ court.name }}", False), ("", False),
              ("MOTION AND [PROPOSED] ORDER FOR RECALL OR DISMISSAL OF SENTENCE, DISMISSAL AND SEALING, OR "
               "REDESIGNATION", True),
              ("(Health and Safety Code §§ 11361.8, 11361.9)", False)])
    table = _table(doc, [2.0, 4.5])
    for label, value in (("Name", "{{ case.name }}"), ("Other names used", "{{ case.other_names }}"),
                         ("Date of birth", "{{ case.dob }}"), ("CII number", "{{ case.cii }}"),
                         ("Conviction date", "{{ case.conviction_dates }}"),
                         ("Code sections", "{{ case.code_sections }}"), ("Level", "{{ case.levels }}"),
                         ("Office reference", "{{ case.references }}")):
        cells = table.add_row().cells
        _cell_lines(cells[0], [(label, True)])
        _cell_lines(cells[1], [(value, False)])
    table._tbl.remove(table.rows[0]._tr)
    for row in table.rows:
        for cell in row.cells:
            _cell_border(cell, bottom="single")
    _para(doc)
    _para(doc, "The District Attorney has reviewed this case under Health and Safety Code section 11361.9, does not "
               "challenge the " + RELIEF_TEXT + ", and moves:", style="Motion Body")
    _para(doc, "{{ case.box_serving }}  For recall of sentence and resentencing or dismissal: the person is still "
               "serving the sentence (H&S 11361.8(b)).", indent=0.5)
    _para(doc, "{{ case.box_completed }}  For redesignation, or dismissal and sealing: the person has completed the "
               "sentence (H&S 11361.8(f)).", indent=0.5, space_after=6)
    _para(doc, "Sections: {{ case.box_11357 }} 11357 {{ case.times_11357 }}   {{ case.box_11358 }} 11358 "
               "{{ case.times_11358 }}   {{ case.box_11359 }} 11359 {{ case.times_11359 }}   {{ case.box_11360 }} "
               "11360 {{ case.times_11360 }}", indent=0.5)
    _para(doc, "Other Health and Safety Code sections in this case: {{ case.other_hs_sections }}", indent=0.5,
          space_after=6)
    _para(doc, "Remedy requested: {{ case.remedies }}.", style="Motion Body")
    _signature(doc)
    _page_break(doc)
    _para(doc, "[PROPOSED] ORDER", style="Document Title")
    _para(doc, "Good cause appearing, and the District Attorney not challenging the relief requested, IT IS ORDERED "
               "that in case {{ case.case_number }} the following is granted under Health and Safety Code section "
               "11361.8: {{ case.remedies }}. The clerk shall update the records of the Court and notify the "
               "Department of Justice, as Health and Safety Code section 11361.9 requires.", style="Motion Body")
    _para(doc, "IT IS SO ORDERED.", bold=True, space_after=12)
    _judge_signature(doc)
    return doc


def notice() -> DocumentType:
    doc = _document("NOTICE OF CHALLENGE UNDER HEALTH AND SAFETY CODE SECTION 11361.9")
    _attorney_block(doc)
    _caption(doc, [("THE PEOPLE OF THE STATE OF CALIFORNIA,", False), ("", False), ("Plaintiff,", False),
                   ("", False), ("v.", False), ("", False), ("THE PERSONS LISTED IN ATTACHMENT A,", False),
                   ("", False), ("Defendants.", False)],
             [("Courthouse: {{ court.name }}", False), ("Court code: {{ court.code }}", False), ("", False),
              ("NOTICE OF CHALLENGE", True), ("(Health and Safety Code § 11361.9, subd. (b))", False), ("", False),
              ("{{ challenged_count }} convictions, listed in Attachment A", False), ("{{ recipient.copy }}", False)])
    _para(doc, "TO {{ recipient.heading }}:", space_after=12)
    _para(doc, "Under Health and Safety Code section 11361.9, subdivision (b), the District Attorney gives notice that "
               "it challenges the " + RELIEF_TEXT + " for each of the {{ challenged_count }} convictions listed in "
               "Attachment A, on the ground stated for each: the person does not meet the criteria of Health "
               "and Safety Code section 11361.8, or would pose an unreasonable risk to public safety as defined in "
               "Penal Code section 1170.18. The District Attorney asks that each be set for hearing.",
          style="Motion Body")
    _para(doc, "{% if recipient.kind == 'public_defender' %}This notice is given to the Public Defender so that the "
               "persons whose cases are challenged can be notified, as Health and Safety Code section 11361.9, "
               "subdivision (c), provides.{% endif %}", style="Motion Body")
    _signature(doc)
    _landscape_section(doc)
    _para(doc, "ATTACHMENT A", style="Document Title")
    _para(doc, "Convictions challenged, {{ court.name }}: {{ challenged_count }}", align=CENTER, space_after=8)
    _para(doc, "{{p challenge_list }}")
    return doc


TEMPLATES: dict[str, Callable[[], DocumentType]] = {BULK_MOTION: bulk_motion, CASE_MOTION: case_motion,
                                                   NOTICE: notice}


def docx_bytes(doc: DocumentType) -> bytes:
    """The document as .docx bytes that are the same for the same content (fixed zip times)."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_templates(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    written = []
    for name, build in TEMPLATES.items():
        path = folder / name
        path.write_bytes(docx_bytes(build()))
        written.append(path)
    return written
