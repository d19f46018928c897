"""The person view: the selected person's evaluated convictions, why each got its decision, and
the whole history (every row, grouped by cycle) with those convictions highlighted.

Two tabs: the explanation (rich text; each fact reads on its own, "used by this step" in words)
and the history as a real table, which screen readers navigate cell by cell with its column
headers (a rich-text table reaches them as one flat run of words)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtWidgets import QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from ..core.explain import FactShown, facts_of
from ..core.reasons import INPUT_CHECK_STEP, render
from ..core.results import Results
from ..core.ruleset import Condition, Group, Leaf, Policy, Step
from ..core.schema import ALL_COUNTIES
from . import style
from .data_table import DataTableView
from .keyboard import show_focus
from .table_data import int_date_text

e = html.escape

SECTION_FACTS = ("code_section", "prop64_section")  # shown as the "Code section" row
HISTORY_COLUMNS = ("Date", "Event", "Agency", "County", "Count", "Offense", "Disposition", "Level", "Sentence",
                   "Decision")
HISTORY_TABLE_COLUMNS = ("Cycle", *HISTORY_COLUMNS)
USED = "used by this step"


def _leaf_facts(cond: Condition | None) -> set[str]:
    if cond is None:
        return set()
    if isinstance(cond, Leaf):
        return {cond.fact}
    assert isinstance(cond, Group)
    return set().union(*(_leaf_facts(c) for c in cond.items))


def _take(frame: Any, column: str, rows: np.ndarray) -> np.ndarray:
    """A column's values at `rows` (taken first: converting a whole column would cost ~50 ms per
    million rows)."""
    return frame[column].iloc[rows].to_numpy(dtype=object)


def _date_text(raw: str) -> str:
    from ..core.prepare import parse_yyyymmdd

    day = parse_yyyymmdd(raw)
    return int_date_text(day) if day else (f"unknown ({raw.strip()})" if raw.strip() else "")


class PersonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Person view: why each conviction got its decision")
        show_focus(self.browser)
        self.history = DataTableView("Person's whole history",
                                     "Every row of the selected person's record, by cycle; the selected "
                                     "conviction is selected here too")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Person view")
        self.tabs.addTab(self.browser, "Explanation")
        self.tabs.addTab(self.history, "History table")
        self.tabs.setTabToolTip(1, "The whole history as a table (for screen readers and sorting by eye)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.person: int | None = None
        self.clear()

    def clear(self, message: str = "Select a row to see the person's whole history and why each "
                                   "conviction got its decision.") -> None:
        self.person = None
        self.browser.setHtml(f"<p><i>{e(message)}</i></p>")
        self.history.set_rows(HISTORY_TABLE_COLUMNS, [])

    def show_notice(self, title: str, message: str) -> None:
        """A message about the whole data set in place of a person (e.g. why nothing is shown)."""
        self.person = None
        self.browser.setHtml(f"<h3>{e(title)}</h3><p>{e(message)}</p>")
        self.history.set_rows(HISTORY_TABLE_COLUMNS, [])

    def show_person(self, results: Results, person: int, selected_row: int = -1) -> None:
        """Show `person` (a person code); `selected_row` (a records.frame row) gets a marker."""
        self.person = person
        entries = history_entries(results, person, selected_row)
        self.browser.setHtml(person_html(results, person, selected_row, entries))
        self.browser.verticalScrollBar().setValue(0)
        self.history.set_rows(HISTORY_TABLE_COLUMNS, [entry.cells for entry in entries],
                              backgrounds=[style.tint(entry.determination) if entry.determination else None
                                           for entry in entries])
        marked = [i for i, entry in enumerate(entries) if entry.selected]
        if marked:
            self.history.selectRow(marked[0])

    def html(self) -> str:
        return self.browser.toHtml()


def person_html(results: Results, person: int, selected_row: int = -1,
                entries: list[HistoryEntry] | None = None) -> str:
    prepared = results.prepared
    frame = prepared.records.frame
    rows = np.flatnonzero(prepared.rows["person"].to_numpy() == person)
    ev = results.evaluated
    positions = np.flatnonzero(ev["person"].to_numpy() == person)
    info = prepared.persons.iloc[person]
    first = rows[0] if len(rows) else 0
    names = list(dict.fromkeys(str(n).strip() for n in _take(frame, "PRI_NAME", rows) if str(n).strip()))
    parts = [f"<h3>{e(names[0] if names else '(no name)')}</h3>"]
    dataset = prepared.records.dataset
    facts = [f"Date of birth: <b>{int_date_text(int(info['dob'])) or 'unknown'}</b>",
             f"CII: <b>{e(str(frame['CII_NUMBER'].iat[int(first)]).strip())}</b>",
             f"Subject ID: <b>{e(str(info['subject_id']))}</b>",
             f"{len(rows)} rows, {int(info['n_convictions'])} convictions, {int(info['n_prop64'])} Prop 64"]
    if dataset.is_clinic:  # no CII number; an ID only if the sheet has one
        person_id = dataset.field_columns.get("SUBJECT_ID")
        facts[1:3] = [f"{e(person_id)}: <b>{e(str(info['subject_id']))}</b>"] if person_id else []
    if bool(info["deceased"]):
        facts.append("<b>deceased</b>")
    parts.append("<p>" + " · ".join(facts) + "</p>")
    if dataset.is_clinic:
        parts.append(f"<p><i>History from the {e(dataset.source)}; not known: "
                     f"{e('; '.join(dataset.not_known))}.</i></p>")
    if len(names) > 1:
        parts.append(f"<p>Also recorded as: {e('; '.join(names[1:]))}</p>")

    if len(positions):
        parts.append(f"<h4>Prop 64 convictions evaluated in {e(_where(results.county))}</h4>")
        texts = render(ev, results.reasons, results.as_of, positions)
        for position, text, shown in zip(positions, texts, facts_of(results, positions)):
            parts.append(_decision_html(results, int(position), str(text), shown))
    else:
        parts.append(f"<p>This person has no Prop 64 conviction evaluated in {e(_where(results.county))}.</p>")
    parts.append(_history_html(entries if entries is not None else history_entries(results, person, selected_row)))
    return "\n".join(parts)


def _where(county: str) -> str:
    return "all counties" if county == ALL_COUNTIES else county


def _step(policy: Policy, step_id: str) -> tuple[Step | None, int]:
    active = policy.active_steps()
    for i, step in enumerate(active):
        if step.id == step_id:
            return step, i
    if step_id == policy.otherwise.id:
        return policy.otherwise, len(active)
    return None, -1


def _fact_value(fact: FactShown, results: Results, conv: Any) -> str:
    """A fact's value as the engine computed it, with what users need to check it."""
    if fact.value is None:
        return f"unknown ({e(fact.why_unknown)})" if fact.why_unknown else "unknown"
    if isinstance(fact.value, bool):
        text = "yes" if fact.value else "no"
    elif fact.kind == "date":
        text = int_date_text(int(fact.value))
    else:
        text = e(f"{fact.value}")
    if fact.name == "years_since_conviction":
        text += f" completed ({conv['years_since']:.1f})"
    elif fact.name == "years_since_most_recent_conviction":
        text += f" completed (most recent: {int_date_text(int(conv['latest_conviction'])) or 'unknown'})"
    elif fact.name == "only_prop64_convictions":
        text += f" ({int(conv['n_prop64'])} of {int(conv['n_convictions'])})"
    elif fact.name == "is_felony" and not fact.value:
        text += f" ({e(str(conv['level']).lower())})"
    return text + (f"; {e(fact.note)}" if fact.note else "")


def _decision_html(results: Results, position: int, reason: str, shown: list[FactShown]) -> str:
    conv = results.evaluated.iloc[position]
    det = str(conv["determination"])
    policy = results.policy
    step, index = _step(policy, str(conv["step"]))
    used: set[str] = set()
    if step is not None:
        used = _leaf_facts(step.when)
        if step.sections or used & set(SECTION_FACTS):
            used.add("section")
    labels = {"age_on_evaluation_date": f"Age on {results.as_of.isoformat()}"}
    fact_rows = [("section", "Code section", f"{e(str(conv['code_section']))} (HS {e(str(conv['section']))})")]
    fact_rows += [(f.name, labels.get(f.name, f.label), _fact_value(f, results, conv)) for f in shown
                  if f.name not in ("has_superstrike", "has_pc290", *SECTION_FACTS)]
    fact_rows += [
        ("has_superstrike", "Superstrike sections", e(str(conv["superstrike_sections"]) or "none")),
        ("has_pc290", "PC 290 sections / registration",
         f"{e(str(conv['pc290_sections']) or 'none')} / {'yes' if conv['pc290_registration'] else 'no'}"),
    ]
    if conv["other_p64"]:
        fact_rows.append(("other", "Possible other Prop 64 charge", e(str(conv["other_p64_comment"]))))
    colour = style.colour(det).name()
    date = int_date_text(int(conv["conviction_date"]))
    head = (f"<table width='100%' cellspacing='0' cellpadding='4' style='border-left: 6px solid {colour}'>"
            f"<tr><td style='background-color:{style.css_rgba(det, 40)}'>{style.html_badge(det)} — "
            f"{e(str(conv['code_section']))} convicted {e(date or 'on an unknown date')}"
            f"{', case ' + e(str(conv['case_number'])) if conv['case_number'] else ''}"
            f" ({results.records.dataset.line_word} {int(conv['_source_line'])} of {e(str(conv['_source_file']))})<br>"
            f"Reason: <b>{e(reason)}</b><br>")
    if conv["step"] == INPUT_CHECK_STEP:
        head += "Decided by: <b>a check that runs before every policy</b> (see Input problems)<br>"
    elif step is not None:
        head += (f"Decided by step {index + 1}: <b>{e(step.title)}</b>"
                 f"{' (' + e(step.citation) + ')' if step.citation else ''}<br>")
        earlier = [s.title for s in policy.active_steps()[:max(index, 0)]]
        if earlier:
            head += f"<i>Did not apply first: {e('; '.join(earlier))}</i><br>"
    cells = []
    for key, label, value in fact_rows:
        mark = key in used or (key == "has_superstrike" and bool(used & {
            "superstrike_before_conviction", "superstrike_or_pair_before_conviction"})) or (
            key == "has_pc290" and bool(used & {"pc290_before_conviction", "pc290_or_registration_before_conviction"}))
        # One cell per fact, "used" in words: each cell reads on its own to a screen reader.
        text = f"{label}: {value}" + (f" — {USED}" if mark else "")
        cells.append(f"<td>{'<b>' + text + '</b>' if mark else text}&nbsp;&nbsp;&nbsp;</td>")
    half = (len(cells) + 1) // 2  # two columns of facts: the decision stays in view
    facts = "".join(f"<tr>{cells[i]}{cells[i + half] if i + half < len(cells) else ''}</tr>" for i in range(half))
    return head + f"<table cellspacing='0' cellpadding='1'>{facts}</table></td></tr></table><br>"


@dataclass(frozen=True)
class HistoryEntry:
    """One row of a person's history, as plain text in HISTORY_TABLE_COLUMNS order."""

    cycle: str
    cycle_heading: str  # "Cycle 2 · 08/29/1998 · age 24"
    cells: tuple[str, ...]
    determination: str  # "" when the row is not an evaluated conviction
    selected: bool


def history_entries(results: Results, person: int, selected_row: int = -1) -> list[HistoryEntry]:
    """Every row of `person`, grouped by cycle (cycles in order, rows in file order within one)."""
    frame = results.prepared.records.frame
    rows = np.flatnonzero(results.prepared.rows["person"].to_numpy() == person)
    ev = results.evaluated
    mine = ev.iloc[np.flatnonzero(ev["person"].to_numpy() == person)]
    decided = {int(r): str(d) for r, d in zip(mine["row"].to_numpy(), mine["determination"].to_numpy())}

    def col(name: str) -> np.ndarray:
        return _take(frame, name, rows)

    cyc, cnt = col("CYC_ORDER"), col("CNT_ORDER")
    cycles = [str(c).strip() or str(n).strip()[:3] for c, n in zip(cyc, cnt)]
    order = sorted(range(len(rows)), key=lambda i: (cycles[i].zfill(6), i))
    fields = {name: col(name) for name in ("CYC_DATE", "CYC_AGE", "STP_EVENT_DATE", "STP_TYPE_DESCR",
                                           "STP_ORI_DESCR", "STP_ORI_CNTY_NAME", "OFFENSE_DESCR", "DISP_DESCR",
                                           "CONV_STAT_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "SENT_LOC_DESCR")}
    entries = []
    for i in order:
        r = int(rows[i])
        det = decided.get(r, "")
        v = {k: str(a[i]).strip() for k, a in fields.items()}
        age = v["CYC_AGE"]
        heading = f"Cycle {cycles[i]} · {_date_text(v['CYC_DATE'])}{' · age ' + age if age else ''}"
        sentence = " ".join(x for x in (v["SENT_LENGTH"], v["SENT_TIME_CODE"], v["SENT_LOC_DESCR"]) if x)
        decision = f"{style.symbol(det)} {det}" if det else ""
        entries.append(HistoryEntry(
            cycles[i], heading,
            (cycles[i], _date_text(v["STP_EVENT_DATE"]), v["STP_TYPE_DESCR"], v["STP_ORI_DESCR"],
             v["STP_ORI_CNTY_NAME"], str(cnt[i]).strip(), v["OFFENSE_DESCR"], v["DISP_DESCR"], v["CONV_STAT_DESCR"],
             sentence, decision), det, r == selected_row))
    return entries


def _history_html(entries: list[HistoryEntry]) -> str:
    out = ["<h4>Whole history</h4><p><i>Also as a table: the History table tab.</i></p>"
           "<table width='100%' cellspacing='0' cellpadding='3' border='0'><tr>"
           + "".join(f"<th align='left' style='background-color:rgba(128,128,128,40)'>{h}</th>"
                     for h in HISTORY_COLUMNS)
           + "</tr>"]
    current = None
    for entry in entries:
        if entry.cycle != current:
            current = entry.cycle
            out.append(f"<tr><td colspan='{len(HISTORY_COLUMNS)}' style='background-color:rgba(128,128,128,70)'>"
                       f"<b>{e(entry.cycle_heading)}</b></td></tr>")
        det = entry.determination
        style_attr = f" style='background-color:{style.css_rgba(det, 60)}'" if det else ""
        cells = [e(c) for c in entry.cells[1:]]
        if entry.selected:
            cells[0] = "▶ " + cells[0]
        weight = ("<b>", "</b>") if det else ("", "")
        out.append(f"<tr{style_attr}>" + "".join(f"<td>{weight[0]}{c}{weight[1]}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
