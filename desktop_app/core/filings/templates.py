"""Word templates (.docx with Jinja placeholders, filled with docxtpl) for the motion and the
notice of challenge: which placeholders each kind may use, checking a template before use, and
filling it.

A template is checked before any document is written: every placeholder it uses must be one this
kind of document knows (an unknown one is refused, named, with the known ones listed), and a trial
fill with sample values must succeed (this names a misspelt part, e.g. `signer.nmae`). After
filling, no `{{` or `{%` may be left in the document. Values are escaped for Word (autoescape); the
lists (`case_list`, `challenge_list`) are tables made by tables.py and inserted whole with
`{{p case_list }}` (a paragraph of its own).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ...paths import resources_dir
from .default_templates import BULK_MOTION, CASE_MOTION, NOTICE
from ..docx_pdf.model import W
from .errors import TemplateError
from .fields import Fields, UnknownPlaceholder

BULK, PER_CASE, CHALLENGE = "bulk", "per_case", "notice"
DEFAULT_FILES = {BULK: BULK_MOTION, PER_CASE: CASE_MOTION, CHALLENGE: NOTICE}
KIND_NAMES = {BULK: "bulk motion", PER_CASE: "per-case motion", CHALLENGE: "notice of challenge"}

# The placeholders (top-level names and their parts) each kind of template may use.
COMMON: dict[str, tuple[str, ...]] = {
    "court": ("name", "code", "county", "county_upper", "label"),
    "signer": ("name", "title", "bar_number", "office", "address", "phone", "email"),
    "filing_date": (), "evaluation_date": (), "batch_id": (), "county": (), "county_upper": (), "policy": (),
    "app_version": (),
}
CASE_FIELDS = ("name", "other_names", "dob", "cii", "case_number", "conviction_dates", "code_sections", "levels",
               "references", "remedies", "tracks", "other_hs_sections", "box_serving", "box_completed",
               "box_11357", "box_11358", "box_11359", "box_11360", "times_11357", "times_11358", "times_11359",
               "times_11360", "convictions")
KIND_PLACEHOLDERS: dict[str, dict[str, tuple[str, ...]]] = {
    BULK: {**COMMON, "case_count": (), "case_list": (), "cases": (),
           "counts": ("dismiss_seal", "redesignate", "recall_dismiss", "recall_resentence")},
    PER_CASE: {**COMMON, "case": CASE_FIELDS},
    CHALLENGE: {**COMMON, "challenged_count": (), "challenge_list": (), "challenged": (), "include_notes": (),
                "recipient": ("kind", "heading", "copy", "name")},
}


@dataclass(frozen=True)
class Template:
    kind: str
    path: Path
    data: bytes  # the .docx file

    @property
    def name(self) -> str:
        return self.path.name


def default_template_path(kind: str) -> Path:
    return resources_dir() / "templates" / DEFAULT_FILES[kind]


def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, StrictUndefined

    return Environment(autoescape=True, undefined=StrictUndefined)


def load_template(kind: str, path: str | Path | None = None, sample: Mapping[str, Any] | None = None) -> Template:
    """Read and check a template of `kind` (default: the shipped one). `sample` is a context to try
    it with (sample_context(kind) when None). Raises TemplateError naming each problem."""
    path = Path(path) if path else default_template_path(kind)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(path, [f"cannot be read ({e.strerror})"]) from None
    template = Template(kind, path, data)
    _check_word_file(template)
    check_template(template, sample if sample is not None else sample_context(kind))
    return template


def _check_word_file(template: Template) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(template.data)) as package:
            if "word/document.xml" not in package.namelist():
                raise zipfile.BadZipFile("no document part")
    except zipfile.BadZipFile:
        raise TemplateError(template.path, ["not a Word document (.docx) that can be read; save it from Word "
                                            "as a .docx file"]) from None


def _docx(template: Template):  # type: ignore[no-untyped-def]
    from docxtpl import DocxTemplate

    try:
        return DocxTemplate(io.BytesIO(template.data))
    except Exception:  # noqa: BLE001 - any reason: it is not a Word document we can read
        raise TemplateError(template.path, ["not a Word document (.docx) that can be read; save it from Word "
                                            "as a .docx file"]) from None


def placeholders(template: Template) -> set[str]:
    """The top-level names the template uses (Jinja's own names left out)."""
    from jinja2 import TemplateSyntaxError

    env = _environment()
    try:
        used = _docx(template).get_undeclared_template_variables(env)
    except TemplateSyntaxError as e:
        raise TemplateError(template.path, [f"a placeholder is not written correctly ({e.message}); each one looks "
                                            "like {{ name }}, and a block like {% if ... %} ... {% endif %}"]) from None
    return {n for n in used if n not in env.globals}


def check_template(template: Template, sample: Mapping[str, Any]) -> None:
    known = KIND_PLACEHOLDERS[template.kind]
    unknown = sorted(placeholders(template) - set(known))
    if unknown:
        raise TemplateError(template.path, [
            f"unknown placeholder{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} (a "
            f"{KIND_NAMES[template.kind]} knows: {', '.join(_describe(known))})"])
    fill(template, sample)  # names a misspelt part


def _describe(known: Mapping[str, tuple[str, ...]]) -> list[str]:
    return [f"{name}.{{{','.join(parts)}}}" if parts else name for name, parts in known.items()]


LEFT_OVER = re.compile(r"\{\{|\{%|%\}|\}\}")
BLOCKS = ("case_list", "challenge_list")  # placeholders that stand for a whole table
_MARK = "RCD-BLOCK-"
_W = W


def fill(template: Template, context: Mapping[str, Any]) -> bytes:
    """The filled document (.docx bytes). Raises TemplateError for an unknown part of a
    placeholder, a Jinja error, or placeholders left in the result.

    A table placeholder (BLOCKS) is filled last, as text: the template engine sees a marker
    paragraph, which becomes a comment in the saved document and is then replaced by the table
    in the document's XML. (Through the template engine or a document model a list of thousands
    of rows costs seconds to minutes; this costs a few hundredths.)"""
    from jinja2 import TemplateError as JinjaError, UndefinedError
    from markupsafe import Markup

    doc = _docx(template)
    values = dict(context)
    tables = {name: str(values[name]) for name in BLOCKS if name in values}
    for name in tables:
        values[name] = Markup(f'<w:p><w:r><w:t>{_MARK}{name}</w:t></w:r></w:p>')
    try:
        doc.render(values, jinja_env=_environment(), autoescape=True)
    except UnknownPlaceholder as e:
        raise TemplateError(template.path, [f"unknown placeholder {e.name} (known parts: "
                                            f"{', '.join(_describe(KIND_PLACEHOLDERS[template.kind]))})"]) from None
    except UndefinedError as e:
        raise TemplateError(template.path, [f"unknown placeholder ({e.message})"]) from None
    except JinjaError as e:
        raise TemplateError(template.path, [f"the template cannot be filled: {e}"]) from None
    document = doc.docx
    left = _left_over(document)  # before the lists: their data may hold anything
    if left:
        raise TemplateError(template.path, [f"placeholders were left unfilled: {left} (a placeholder must be "
                                            "typed in one go, and a {{p ...}} one alone in its paragraph)"])
    _mark_tables(template, document, tables)
    raw = io.BytesIO()
    document.save(raw)
    return _with_tables(raw.getvalue(), tables) if tables else raw.getvalue()


def _mark_tables(template: Template, document, tables: Mapping[str, str]) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    for name in tables:
        for text in etree.XPath(f"//w:t[.='{_MARK}{name}']", namespaces={"w": _W})(document.element.body):
            paragraph = text.getparent().getparent()
            parent = paragraph.getparent()
            if paragraph.tag != f"{{{_W}}}p" or parent.tag not in (f"{{{_W}}}body", f"{{{_W}}}tc"):
                raise TemplateError(template.path, [f"the list placeholder must be alone in its paragraph, "
                                                    f"written {{{{p {name} }}}}"])
            comment = etree.Comment(f"{_MARK}{name}")
            parent.replace(paragraph, comment)


def _with_tables(docx: bytes, tables: Mapping[str, str]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for name, xml in tables.items():
                    text = text.replace(f"<!--{_MARK}{name}-->", xml)
                data = text.encode("utf-8")
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def _text_of(element) -> str:  # type: ignore[no-untyped-def]
    from lxml import etree

    return "".join(etree.XPath(".//w:t/text() | .//w:instrText/text()", namespaces={"w": _W})(element))


def _left_over(document) -> str:  # type: ignore[no-untyped-def]
    """The first unfilled placeholder in the body, headers or footers ('' when none). Headers and
    footers are found through the document's relationships (a section's `header` would add one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = [document.element]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            parts.append(rel.target_part.element)
    for part in parts:
        text = _text_of(part)
        found = LEFT_OVER.search(text)
        if found:
            start = max(found.start() - 20, 0)
            return "…" + text[start:found.end() + 30] + "…"
    return ""


def sample_context(kind: str) -> dict[str, Any]:
    """Values of the right shape to try a template with (no real person)."""
    from .context import case_fields, common_context, recipient
    from .tables import table_xml

    signer = {"name": "Sample Signer", "title": "Deputy District Attorney", "bar_number": "000000",
              "office": "Office of the District Attorney", "address": "1 Main Street\nSample City, CA 90000",
              "phone": "(000) 000-0000", "email": "signer@example.invalid"}
    context = common_context(court={"key": "X", "code": "X", "name": "SAMPLE COURT", "county": "SAMPLE"},
                             county="SAMPLE", signer=signer, filing_date=None, evaluation_date=None, batch_id="F0-01",
                             policy="sample")
    empty = table_xml([], [], [])
    if kind == BULK:
        context.update(case_count=0, case_list=empty, cases=[],
                       counts=Fields("counts", dict.fromkeys(KIND_PLACEHOLDERS[BULK]["counts"], 0)))
    elif kind == PER_CASE:
        context["case"] = case_fields(None)
    else:
        context.update(challenged_count=0, challenge_list=empty, challenged=[], include_notes=False,
                       recipient=recipient("court", "SAMPLE"))
    return context
