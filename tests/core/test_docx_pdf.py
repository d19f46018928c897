"""Word documents to PDF without Word: a real .docx (python-docx) rendered, then read back with a
PDF reader (pypdf): text, pages, page sizes, repeated table headers, page numbers, fonts."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from pypdf import PdfReader

from desktop_app.core.docx_pdf import docx_pages, docx_to_pdf
from desktop_app.core.docx_pdf.layout import Text, flat


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _document() -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(12)
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("MOTION TITLE").bold = True
    body = d.add_paragraph("Plain, ")
    body.add_run("italic, ").italic = True
    body.add_run("underlined").underline = True
    body.add_run(" and a box ☒ the font lacks.")
    footer = d.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, " PAGE ")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("After the page break.")
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    table = d.add_table(rows=1, cols=3)
    table.style = d.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("Case", "Name", "Remedy")):
        cell.text = text
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    for i in range(120):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = f"C{i:04d}", f"PERSON {i}", "Dismiss and seal"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_document_becomes_a_pdf_with_the_same_text_pages_and_sizes():
    data = _document()
    pdf = PdfReader(io.BytesIO(docx_to_pdf(data, title="Test")))
    pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) >= 4
    assert "MOTION TITLE" in pages[0] and "Plain, italic, underlined and a box ? the font lacks." in \
        " ".join(pages[0].split())
    assert "After the page break." in pages[1] and "MOTION TITLE" not in pages[1]
    assert [round(float(p.mediabox.width)) for p in pdf.pages[:3]] == [612, 612, 792]  # the landscape section
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text  # the footer's fields, real numbers
    table_pages = pages[2:]
    assert all("Case" in p and "Name" in p and "Remedy" in p for p in table_pages)  # header row repeated
    every = "".join(table_pages)
    assert all(f"C{i:04d}" in every for i in range(120)) and every.count("C0042") == 1
    assert pdf.metadata.title == "Test"


def test_fonts_are_embedded_and_bold_text_uses_the_bold_face():
    raw = docx_to_pdf(_document())
    assert b"/FontFile2" in raw  # TrueType subsets embedded: the PDF looks the same everywhere
    ops = [op for page in docx_pages(_document()) for op, _, _ in flat(page.ops) if isinstance(op, Text)]
    title = next(op for op in ops if op.text == "MOTION TITLE")
    assert title.font == ("serif", True, False)
    assert next(op for op in ops if op.text.startswith("italic")).font == ("serif", False, True)


def test_centred_text_is_centred_between_the_margins():
    page = docx_pages(_document())[0]
    title = next((op, dx) for op, dx, _ in flat(page.ops) if isinstance(op, Text) and op.text == "MOTION TITLE")
    op, dx = title
    from desktop_app.core.docx_pdf.fonts import metrics

    width = metrics("serif", True, False).width("MOTION TITLE", 12)
    middle = op.x + dx + width / 2
    assert abs(middle - 306) < 1.0  # the middle of a letter page with equal margins
