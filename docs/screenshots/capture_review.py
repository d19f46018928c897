"""Screenshots of the review workspace's widgets (before they are wired into the window), on the
bundled, fabricated sample, rendered offscreen with the real fonts:

    QT_QPA_PLATFORM=offscreen python docs/screenshots/capture_review.py

The workspace is made in a temporary folder that is removed at the end.
"""
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
app = QApplication(["Record Clearance Desktop"])

from desktop_app.core.evaluate import evaluate  # noqa: E402
from desktop_app.core.pipeline import default_policy_path, load  # noqa: E402
from desktop_app.core.ruleset import load_policy  # noqa: E402
from desktop_app.core.workspace import Workspace  # noqa: E402
from desktop_app.core.workspace.apply import ReviewedConvictions  # noqa: E402
from desktop_app.gui.review_history import ReviewHistoryView  # noqa: E402
from desktop_app.gui.review_panel import ReviewPanel, summarise  # noqa: E402
from desktop_app.paths import sample_file  # noqa: E402

folder = Path(tempfile.mkdtemp())
try:
    policy = default_policy_path()
    results = evaluate(load([sample_file()]), load_policy(policy), "SACRAMENTO", as_of=dt.date(2026, 11, 26))
    ev = results.evaluated
    keys = ev["conviction_key"].tolist()
    ws = Workspace.create(folder / "Sacramento 2026.rcw", results, policy_text=policy.read_text(),
                          policy_file=policy.name, reviewer="Ana Ruiz")
    ws.accept(keys[:6], "Ana Ruiz")
    ws.set_determination([keys[2]], "Not eligible", "Not eligible: superstrike found in court file", "Ana Ruiz")
    ws.set_note([keys[2]], "Court file: PC 667(e)(2)(C)(iv) prior in 1998 (Dept 12).", "Bo Chen")
    ws.set_status(keys[:2], "filed", "Ana Ruiz", date="2026-11-20", batch="2026-11 Dept 12")
    reviewed = ReviewedConvictions(ev, ws.reviews())

    panel = ReviewPanel()
    panel.set_reasons(ws.change_reasons())
    panel.set_reviewer("Ana Ruiz")
    panel.set_undo_available(True)
    panel.set_view_count(len(keys))
    panel.show_selection(summarise(reviewed.arrays, ev["conviction_key"].to_numpy(),
                                   ev["determination"].astype(str).to_numpy(), results.reason_texts,
                                   reviewed.positions([keys[2]])))
    panel.resize(470, 600)
    panel.show()
    app.processEvents()
    panel.grab().save(str(OUT / "review_panel.png"))

    history = ReviewHistoryView()
    history.show_history(ws.audit_log([keys[2]]), [keys[2]])
    history.resize(780, 260)
    history.show()
    app.processEvents()
    history.grab().save(str(OUT / "review_history.png"))
    ws.close()
finally:
    shutil.rmtree(folder)
print("ok")
