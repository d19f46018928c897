"""A workspace's review progress as HTML for the Summary tab (and its PDF): reviewed / total, by
final determination, by status, overridden, needing re-review, reviews no longer in the data."""

from __future__ import annotations

import html
from typing import Any

from . import style

e = html.escape


def progress_html(progress: dict[str, Any], workspace: str) -> str:
    """`progress` is core.workspace.review_progress(...); `workspace` the file's name."""
    total, done = int(progress["convictions"]), int(progress["reviewed"])
    share = f" ({100 * done / total:.0f}%)" if total else ""
    parts = [f"<h3>Review progress: {e(workspace)}</h3>",
             f"<p>Reviewed <b>{done:,} of {total:,}</b> convictions{share}. "
             f"Overridden: <b>{int(progress['overridden']):,}</b>. "
             f"Needing re-review: <b>{int(progress['needsReReview']):,}</b>."]
    missing = int(progress.get("reviewsNotInData", 0))
    if missing:
        parts.append(f" Reviews no longer in the data: <b>{missing:,}</b> (kept in the workspace).")
    parts.append("</p><table cellspacing='0' cellpadding='3'><tr><th align='left'>Final determination</th>"
                 "<th align='right'>Convictions</th></tr>")
    for determination, n in progress["byFinalDetermination"].items():
        if n:
            parts.append(f"<tr><td>{style.html_badge(determination)}</td><td align='right'>{int(n):,}</td></tr>")
    parts.append("</table><table cellspacing='0' cellpadding='3'><tr><th align='left'>Review status</th>"
                 "<th align='right'>Convictions</th></tr>")
    for status, n in progress["byStatus"].items():
        parts.append(f"<tr><td>{e(str(status))}</td><td align='right'>{int(n):,}</td></tr>")
    parts.append("</table>")
    return "".join(parts)
