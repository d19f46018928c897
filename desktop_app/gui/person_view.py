"""The person view: the selected person's evaluated convictions, why each got its decision, and
the whole history (every row, grouped by cycle) with those convictions highlighted."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ..core.evaluate import INPUT_PROBLEM_STEP, Results, as_int
from ..core.ruleset import Condition, Group, Leaf, Policy, Step
from . import style
from .table_data import int_date_text

e = html.escape

# Which of the facts below each engine fact is (for highlighting the facts a step used).
FACT_ROWS = {
    "is_felony": "felony", "age_at_conviction": "age_conviction", "age_on_evaluation_date": "age_now",
    "years_since_conviction": "years_since", "years_since_most_recent_conviction": "recent",
    "only_prop64_convictions": "only_p64", "deceased": "deceased", "superstrike_before_conviction": "superstrike",
    "has_superstrike": "superstrike", "pc290_before_conviction": "pc290", "has_pc290": "pc290",
    "serving_sentence": "sentence",
}
HISTORY_COLUMNS = ("Date", "Event", "Agency", "County", "Count", "Offense", "Disposition", "Level", "Sentence",
                   "Decision")


def _leaf_facts(cond: Condition | None) -> set[str]:
    if cond is None:
        return set()
    if isinstance(cond, Leaf):
        return {cond.fact}
    assert isinstance(cond, Group)
    return set().union(*(_leaf_facts(c) for c in cond.items))


def _whole_years(later: int, earlier: int) -> int | None:
    """Completed years between two YYYYMMDD dates, as the engine counts them; None if unknown."""
    return (later - earlier) // 10000 if later > 0 and earlier > 0 else None


def _take(frame: Any, column: str, rows: np.ndarray) -> np.ndarray:
    """A column's values at `rows` (taken first: converting a whole column would cost ~50 ms per
    million rows)."""
    return frame[column].iloc[rows].to_numpy(dtype=object)


def _date(raw: str) -> str:
    from ..core.prepare import parse_yyyymmdd

    day = parse_yyyymmdd(raw)
    return int_date_text(day) if day else (f"unknown ({e(raw.strip())})" if raw.strip() else "")


class PersonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.person: int | None = None
        self.clear()

    def clear(self, message: str = "Select a row to see the person's whole history and why each "
                                   "conviction got its decision.") -> None:
        self.person = None
        self.browser.setHtml(f"<p style='color:gray'>{e(message)}</p>")

    def show_person(self, results: Results, person: int, selected_row: int = -1) -> None:
        """Show `person` (a person code); `selected_row` (a records.frame row) gets a marker."""
        self.person = person
        self.browser.setHtml(person_html(results, person, selected_row))
        self.browser.verticalScrollBar().setValue(0)

    def html(self) -> str:
        return self.browser.toHtml()


def person_html(results: Results, person: int, selected_row: int = -1) -> str:
    prepared = results.prepared
    frame = prepared.records.frame
    rows = np.flatnonzero(prepared.rows["person"].to_numpy() == person)
    ev = results.evaluated
    mine = ev.loc[ev["person"].to_numpy() == person]
    info = prepared.persons.iloc[person]
    first = rows[0] if len(rows) else 0
    names = list(dict.fromkeys(str(n).strip() for n in _take(frame, "PRI_NAME", rows) if str(n).strip()))
    dob = int(info["dob"])
    today = as_int(results.as_of)
    parts = [f"<h3>{e(names[0] if names else '(no name)')}</h3>"]
    facts = [f"Date of birth: <b>{int_date_text(dob) or 'unknown'}</b>"]
    if dob:
        facts.append(f"age {_whole_years(today, dob)} on {results.as_of.isoformat()}")
    facts += [f"CII: <b>{e(str(frame['CII_NUMBER'].iat[int(first)]).strip())}</b>",
              f"Subject ID: <b>{e(str(info['subject_id']))}</b>",
              f"{len(rows)} rows, {int(info['n_convictions'])} convictions, {int(info['n_prop64'])} Prop 64"]
    if bool(info["deceased"]):
        facts.append("<b>deceased</b>")
    parts.append("<p>" + " · ".join(facts) + "</p>")
    if len(names) > 1:
        parts.append(f"<p>Also recorded as: {e('; '.join(names[1:]))}</p>")

    if len(mine):
        parts.append(f"<h4>Prop 64 convictions evaluated in {e(results.county)}</h4>")
        for conv in mine.to_dict("records"):  # a handful of rows for one person
            parts.append(_decision_html(results, conv, info, today))
    else:
        parts.append(f"<p>This person has no Prop 64 conviction evaluated in {e(results.county)}.</p>")
    parts.append(_history_html(results, rows, mine, selected_row))
    return "\n".join(parts)


def _step(policy: Policy, step_id: str) -> tuple[Step | None, int]:
    active = policy.active_steps()
    for i, step in enumerate(active):
        if step.id == step_id:
            return step, i
    if step_id == policy.otherwise.id:
        return policy.otherwise, len(active)
    return None, -1


def _decision_html(results: Results, conv: Any, info: Any, today: int) -> str:
    det = str(conv["determination"])
    policy = results.policy
    step, position = _step(policy, str(conv["step"]))
    used: set[str] = set()
    if step is not None:
        used = {FACT_ROWS.get(f, f) for f in _leaf_facts(step.when)}
        if step.sections:
            used.add("section")
    date = int(conv["conviction_date"])
    dob = int(conv["dob"])
    latest = int(info["latest_conviction"])
    age_c, age_now = _whole_years(date, dob), _whole_years(today, dob)
    since, recent = _whole_years(today, date), _whole_years(today, latest)
    unknown_dates = int(info["unknown_conviction_dates"])
    n_conv, n_p64 = int(conv["# of convictions on record"]), int(conv["# of Prop 64 convictions"])
    fact_rows = [
        ("section", "Code section", f"{e(str(conv['code_section']))} (HS {e(str(conv['section']))})"),
        ("felony", "Felony", "yes" if conv["level"] == "Felony" else f"no ({e(str(conv['level']).lower())})"),
        ("age_conviction", "Age at conviction", "unknown" if age_c is None else f"{age_c}"),
        ("age_now", f"Age on {results.as_of.isoformat()}", "unknown" if age_now is None else f"{age_now}"),
        ("years_since", "Years since this conviction",
         "unknown" if since is None else f"{since} completed ({conv['Years Since This Conviction']})"),
        ("recent", "Years since the most recent conviction",
         ("unknown" if recent is None else f"{recent} completed ({int_date_text(latest)})")
         + (f"; {unknown_dates} conviction date(s) unknown" if unknown_dates else "")),
        ("only_p64", "Only Prop 64 convictions", f"{'yes' if n_conv == n_p64 else 'no'} ({n_p64} of {n_conv})"),
        ("deceased", "Deceased", "yes" if conv["deceased"] else "no"),
        ("superstrike", "Superstrike sections", e(str(conv["Superstrike Code Section(s)"]))),
        ("pc290", "PC 290 sections / registration",
         f"{e(str(conv['PC290 Code Section(s)']))} / {e(str(conv['PC290 Registration']))}"),
    ]
    if conv["other_p64"]:
        fact_rows.append(("other", "Possible other Prop 64 charge", e(str(conv["Possible Other P64 Charges"]))))
    colour = style.colour(det).name()
    head = (f"<table width='100%' cellspacing='0' cellpadding='4' style='border-left: 6px solid {colour}'>"
            f"<tr><td style='background-color:{style.css_rgba(det, 40)}'>{style.html_badge(det)} — "
            f"{e(str(conv['code_section']))} convicted {e(str(conv['Date of Conviction']) or 'on an unknown date')}"
            f"{', case ' + e(str(conv['Case Number'])) if conv['Case Number'] else ''}"
            f" (line {int(conv['_source_line'])} of {e(str(conv['_source_file']))})<br>"
            f"Reason: <b>{e(str(conv['reason']))}</b><br>")
    if conv["step"] == INPUT_PROBLEM_STEP:
        head += "Decided by: <b>an unreadable row in this person's history</b> (see Input problems)<br>"
    elif step is not None:
        head += (f"Decided by step {position + 1}: <b>{e(step.title)}</b>"
                 f"{' (' + e(step.citation) + ')' if step.citation else ''}<br>")
        earlier = [s.title for s in policy.active_steps()[:max(position, 0)]]
        if earlier:
            head += f"<span style='color:gray'>Did not apply first: {e('; '.join(earlier))}</span><br>"
    cells = [f"<td>{'<b>' if key in used else ''}{label}:{'</b>' if key in used else ''}</td>"
             f"<td>{'<b>' if key in used else ''}{value}{'</b>' if key in used else ''}&nbsp;&nbsp;&nbsp;</td>"
             for key, label, value in fact_rows]
    half = (len(cells) + 1) // 2  # two columns of facts: the decision stays in view
    facts = "".join(f"<tr>{cells[i]}{cells[i + half] if i + half < len(cells) else ''}</tr>" for i in range(half))
    return head + f"<table cellspacing='0' cellpadding='1'>{facts}</table></td></tr></table><br>"


def _history_html(results: Results, rows: np.ndarray, mine: Any, selected_row: int) -> str:
    frame = results.prepared.records.frame
    decided = {int(r): str(d) for r, d in zip(mine["row"].to_numpy(), mine["determination"].to_numpy())}

    def col(name: str) -> np.ndarray:
        return _take(frame, name, rows)

    cyc, cnt = col("CYC_ORDER"), col("CNT_ORDER")
    cycles = [str(c).strip() or str(n).strip()[:3] for c, n in zip(cyc, cnt)]
    order = sorted(range(len(rows)), key=lambda i: (cycles[i].zfill(6), i))
    fields = {name: col(name) for name in ("CYC_DATE", "CYC_AGE", "STP_EVENT_DATE", "STP_TYPE_DESCR",
                                           "STP_ORI_DESCR", "STP_ORI_CNTY_NAME", "OFFENSE_DESCR", "DISP_DESCR",
                                           "CONV_STAT_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "SENT_LOC_DESCR")}
    out = ["<h4>Whole history</h4><table width='100%' cellspacing='0' cellpadding='3' border='0'><tr>"
           + "".join(f"<th align='left' style='background-color:rgba(128,128,128,40)'>{h}</th>" for h in HISTORY_COLUMNS) + "</tr>"]
    current = None
    for i in order:
        if cycles[i] != current:
            current = cycles[i]
            age = str(fields["CYC_AGE"][i]).strip()
            out.append(f"<tr><td colspan='{len(HISTORY_COLUMNS)}' style='background-color:rgba(128,128,128,70)'><b>Cycle "
                       f"{e(current)}</b> · {_date(str(fields['CYC_DATE'][i]))}{' · age ' + e(age) if age else ''}"
                       "</td></tr>")
        r = int(rows[i])
        det = decided.get(r, "")
        v = {k: e(str(a[i]).strip()) for k, a in fields.items()}
        sentence = " ".join(x for x in (v["SENT_LENGTH"], v["SENT_TIME_CODE"], v["SENT_LOC_DESCR"]) if x)
        style_attr = f" style='background-color:{style.css_rgba(det, 60)}'" if det else ""
        marker = "▶ " if r == selected_row else ""
        decision = f"{style.symbol(det)} {e(det)}" if det else ""
        cells = (marker + _date(str(fields["STP_EVENT_DATE"][i])), v["STP_TYPE_DESCR"], v["STP_ORI_DESCR"],
                 v["STP_ORI_CNTY_NAME"], e(str(cnt[i]).strip()), v["OFFENSE_DESCR"], v["DISP_DESCR"],
                 v["CONV_STAT_DESCR"], sentence, decision)
        weight = ("<b>", "</b>") if det else ("", "")
        out.append(f"<tr{style_attr}>" + "".join(f"<td>{weight[0]}{c}{weight[1]}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
