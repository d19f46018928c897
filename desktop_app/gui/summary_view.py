"""The Summary tab: the county figures, two charts, and saving them (PDF, PNG)."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, Qt, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..core.results import Results
from ..core.workbook import SUMMARY_LABELS
from . import style
from .charts import ChartData, ChartPane
from .keyboard import KeyboardSplitter, show_focus

SCENARIOS = (("reliefWithCurrentEligibilityChoices", "This policy"),
             ("reliefWithDismissAllProp64", "Dismiss all Prop 64"),
             ("reliefWithDismissAllProp64AndRelated", "Dismiss all Prop 64 and related"))
RELIEF_FIGURES = (("CountSubjectsNoFelony", "People left with no felony"),
                  ("CountSubjectsNoConviction", "People left with no conviction"),
                  ("CountSubjectsNoConvictionLast7Years", "People with no conviction in the last 7 years"))
OVERVIEW = ("lineCount", "inputProblemCount", "unknownConvictionDateCount", "birthDateAfterConvictionCount",
            "earliestConviction", "subjectsWithProp64ConvictionCountInCounty",
            "prop64FelonyConvictionsCountInCounty", "prop64NonFelonyConvictionsCountInCounty",
            "subjectsWithSomeReliefCount")
BREAKDOWNS = ("prop64ConvictionsCountInCountyByCodeSection", "convictionDismissalCountByCodeSection",
              "convictionReductionCountByCodeSection", "convictionDismissalCountByAdditionalRelief",
              "dismissalByReason", "notEligibleByReason", "routedByReason", "handReviewByReason")
# Breakdowns of the standard procedure's choices: a policy with a procedure of its own lists its
# dismissals by reason instead (dismissalByReason).
STANDARD_BREAKDOWNS = ("convictionDismissalCountByCodeSection", "convictionReductionCountByCodeSection",
                       "convictionDismissalCountByAdditionalRelief")


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else html.escape(str(value or "–"))


def summary_html(results: Results, for_print: bool = False, review: str = "") -> str:
    """The figures as HTML; `review` (HTML) is a workspace's review progress, shown first."""
    s = results.summary
    e = html.escape
    rows = [f"<h2>Summary: {e(results.county)}</h2>",
            f"<p>Policy <b>{e(results.policy.name)}</b>, evaluated as of <b>{results.as_of.isoformat()}</b>."
            f" Files: {e(', '.join(f.name for f in results.records.files))}.</p>",
            review,
            "<table cellspacing='0' cellpadding='3'>"]
    for key in OVERVIEW:
        rows.append(f"<tr><td>{e(SUMMARY_LABELS.get(key, key))}</td><td align='right'><b>{_n(s.get(key))}</b></td></tr>")
    rows.append("</table><h3>Decisions</h3><table cellspacing='0' cellpadding='3'>")
    for det in results.policy.determinations:
        rows.append(f"<tr><td>{style.html_badge(det)}</td>"
                    f"<td align='right'><b>{_n(s['determinationCounts'].get(det, 0))}</b></td></tr>")
    rows.append("</table>")
    rows.append("<h3>Relief compared</h3><table cellspacing='0' cellpadding='3' border='0'><tr><th></th>"
                + "".join(f"<th align='right'>{e(label)}</th>" for _k, label in SCENARIOS) + "</tr>")
    for figure, label in RELIEF_FIGURES:
        rows.append(f"<tr><td width='190'>{e(label)}</td>" + "".join(
            f"<td align='right'>{_n(s.get(key, {}).get(figure, 0))}</td>" for key, _l in SCENARIOS) + "</tr>")
    rows.append("</table>")
    for key in BREAKDOWNS:
        if key not in s or (key in STANDARD_BREAKDOWNS and results.policy.own_procedure):
            continue
        values = s.get(key) or {}
        rows.append(f"<h3>{e(SUMMARY_LABELS.get(key, key))}</h3>")
        if not values:
            rows.append("<p>None.</p>")
            continue
        rows.append("<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td width='260'>{e(str(k))}</td><td align='right'>{_n(v)}</td></tr>" for k, v in values.items())
            + "</table>")
    if for_print:
        rows.append("<h3>Charts</h3><p><img src='chart://sections' width='620'></p>"
                    "<p><img src='chart://relief' width='620'></p>")
    return "\n".join(rows)


SCENARIO_MARKS = ("this policy", "all Prop 64", "all + related")  # direct labels on the bars


def sections_chart(results: Results) -> ChartData:
    by_section = results.summary.get("decisionsBySection", {})
    return ChartData(
        title="Decisions by code section",
        categories=[f"HS {s}" for s in by_section],
        series=[(f"{style.symbol(d)} {d}", style.colour(d).name()) for d in results.policy.determinations],
        values=[[int(v.get(d, 0)) for d in results.policy.determinations] for v in by_section.values()],
        stacked=True, marks=[style.symbol(d) for d in results.policy.determinations], category_header="Code section")


def relief_chart(results: Results) -> ChartData:
    s = results.summary
    return ChartData(
        title="People with relief: this policy compared with dismissing every Prop 64 conviction",
        categories=[label for _f, label in RELIEF_FIGURES],
        series=[(label, style.SERIES_COLOURS[i]) for i, (_k, label) in enumerate(SCENARIOS)],
        values=[[int(s.get(key, {}).get(figure, 0)) for key, _l in SCENARIOS] for figure, _lab in RELIEF_FIGURES],
        marks=list(SCENARIO_MARKS), category_header="Figure")


class SummaryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: Results | None = None
        self.review_html = ""  # a workspace's review progress (set_review_progress)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Summary figures")
        show_focus(self.text)
        self.sections_pane = ChartPane()
        self.relief_pane = ChartPane()
        self.sections = self.sections_pane.chart
        self.relief = self.relief_pane.chart
        self.pdf_button = QPushButton("Save summary as PDF…")
        self.png_button = QPushButton("Save charts as PNG…")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.png_button)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.sections_pane)
        charts_layout.addWidget(self.relief_pane)
        self.splitter = KeyboardSplitter(Qt.Orientation.Horizontal, ("Resize the summary figures and the charts",))
        self.splitter.addWidget(self.text)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        self.set_results(None)

    def set_results(self, results: Results | None) -> None:
        self.results = results
        if results is None:
            self.text.setHtml("<p>Open a DOJ research file to see the summary.</p>")
            self.sections_pane.set_data(ChartData(title="Decisions by code section"))
            self.relief_pane.set_data(ChartData(title="People with relief"))
        else:
            self.text.setHtml(summary_html(results, review=self.review_html))
            self.sections_pane.set_data(sections_chart(results))
            self.relief_pane.set_data(relief_chart(results))
        self.pdf_button.setEnabled(results is not None)
        self.png_button.setEnabled(results is not None)

    def set_review_progress(self, review_html: str) -> None:
        """Show a workspace's review progress (HTML) above the figures ("" when none)."""
        if review_html != self.review_html:
            self.review_html = review_html
            if self.results is not None:
                bar = self.text.verticalScrollBar()
                at = bar.value()
                self.text.setHtml(summary_html(self.results, review=review_html))
                bar.setValue(at)

    def save_png(self, path: Path) -> None:
        """Both charts, one above the other, in one PNG (written under a temporary name first)."""
        from PySide6.QtGui import QColor, QImage

        top, bottom = self.sections.image(), self.relief.image()
        scale = top.devicePixelRatio()
        img = QImage(top.width(), top.height() + bottom.height(), QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.drawImage(0, 0, top)
        p.drawImage(0, top.height(), bottom)
        p.end()
        img.setDotsPerMeterX(int(96 * scale / 0.0254))
        img.setDotsPerMeterY(int(96 * scale / 0.0254))
        _atomic(path, lambda tmp: img.save(tmp, "PNG"))

    def save_pdf(self, path: Path) -> None:
        """The figures and both charts as a Letter-size PDF."""
        assert self.results is not None
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart://sections"), self.sections.image())
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart://relief"), self.relief.image())
        doc.setHtml(summary_html(self.results, for_print=True, review=self.review_html))

        def write(tmp: str) -> bool:
            writer = QPdfWriter(tmp)
            writer.setTitle(f"Prop 64 summary, {self.results.county if self.results else ''}")
            writer.setCreator("Record Clearance Desktop")
            writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                             QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                             QPageLayout.Unit.Millimeter))
            writer.setResolution(300)
            doc.print_(writer)  # lays the document out on the writer's pages
            return True
        _atomic(path, write)


def _atomic(path: Path, write: Any) -> None:
    """Write through `write(temp_path) -> bool` in the target folder, then rename; OSError on failure."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        if not write(tmp) or not os.path.getsize(tmp):
            raise OSError(f"could not write {path.name}")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
