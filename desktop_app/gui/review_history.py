"""A conviction's review history for the person view: every change the audit log holds for its
key, oldest first (who, when, what, old -> new). HTML built from Workspace.audit_log(keys)."""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ..core.workspace.sheets import FIELD_LABELS, KIND_LABELS
from ..core.workspace.vocabulary import STATUSES

e = html.escape
HIDDEN_FIELDS = {"auto_reason"}  # a category code: the determination beside it says enough
EMPTY = "—"


def _value(field: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":  # type: ignore[arg-type]
        return EMPTY
    text = STATUSES.get(str(value), str(value)) if field == "status" else str(value)
    return e(text).replace("\n", "<br>")


def history_html(log: pd.DataFrame, keys: list[str]) -> str:
    """One section per key (in the order given): its actions, each with its changes. `log` is
    Workspace.audit_log(keys)."""
    parts = []
    for key in keys:
        mine = log[log["key"] == key]
        parts.append(f"<h4>Review history of {e(key)}</h4>")
        if mine.empty:
            parts.append("<p>Not reviewed yet: the automatic decision stands.</p>")
            continue
        rows = ["<table cellspacing='0' cellpadding='3' width='100%'><tr>"
                + "".join(f"<th align='left'>{h}</th>" for h in ("When", "Who", "Action", "Change")) + "</tr>"]
        for action, changes in mine.groupby("action", sort=True):
            first = changes.iloc[0]
            kind = KIND_LABELS.get(first["kind"], first["kind"])
            if first["kind"] == "undo" and not pd.isna(first["undoes"]):
                kind += f" of action {int(first['undoes'])}"
            what = "<br>".join(
                f"{e(FIELD_LABELS.get(c['field'], c['field']))}: {_value(c['field'], c['old'])} → "
                f"<b>{_value(c['field'], c['new'])}</b>"
                for _, c in changes.iterrows() if c["field"] not in HIDDEN_FIELDS)
            when = str(first["at"])[:16].replace("T", " ")
            rows.append(f"<tr><td valign='top'>{e(when)}</td><td valign='top'>{e(str(first['who']))}</td>"
                        f"<td valign='top'>{e(kind)} ({int(action)})</td><td>{what}</td></tr>")
        rows.append("</table>")
        parts.append("".join(rows))
    return "\n".join(parts)


class ReviewHistoryView(QWidget):
    """The history of the selected conviction(s), read-only text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Review history")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_history(pd.DataFrame(columns=["key"]), [])

    def show_history(self, log: pd.DataFrame, keys: list[str]) -> None:
        if not keys:
            self.browser.setHtml("<p><i>Select a conviction to see its review history.</i></p>")
        else:
            self.browser.setHtml(history_html(log, keys))

    def text(self) -> str:
        return self.browser.toPlainText()
