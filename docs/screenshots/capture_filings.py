"""Images of the court filings on the bundled, fabricated sample: the first page of a generated
motion and a page of its attached case list, rendered from the real PDF with pdftoppm (Debian's
poppler-utils), and the Prepare court filings and Filing batches dialogs, rendered offscreen with the
real fonts:

    QT_QPA_PLATFORM=offscreen python docs/screenshots/capture_filings.py

The workspace and the documents are made in a temporary folder that is removed at the end.
"""
import datetime as dt
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
folder = Path(tempfile.mkdtemp())
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
app = QApplication(["Record Clearance Desktop"])

from desktop_app.core.evaluate import evaluate  # noqa: E402
from desktop_app.core.filings.context import Signer  # noqa: E402
from desktop_app.core.filings.generate import FilingRequest, court_folder  # noqa: E402
from desktop_app.core.filings.run import plan_for, run_filings  # noqa: E402
from desktop_app.core.pipeline import default_policy_path, load  # noqa: E402
from desktop_app.core.ruleset import load_policy  # noqa: E402
from desktop_app.core.workspace import ReviewRequest, Workspace  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.signer_dialog import remember_signer  # noqa: E402
from desktop_app.paths import sample_file  # noqa: E402

SIGNER = Signer("Ana Ruiz", "Deputy District Attorney", "123456", "Sacramento County District Attorney",
                "901 G Street\nSacramento, CA 95814", "(916) 555-0100")


def pdf_page(pdf: Path, page: int, name: str, width: int = 1100) -> None:
    target = OUT / name
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", str(page), "-l", str(page), "-scale-to-x", str(width),
                    "-scale-to-y", "-1", str(pdf), str(target.with_suffix(""))], check=True)
    print("wrote", target)


try:
    policy = default_policy_path()
    results = evaluate(load([sample_file()]), load_policy(policy), "SACRAMENTO", as_of=dt.date(2026, 11, 26))
    keys = results.evaluated["conviction_key"].tolist()
    ws = Workspace.create(folder / "Sacramento 2026.rcw", results, policy_text=policy.read_text(),
                          policy_file=policy.name, reviewer="Ana Ruiz")
    ws.accept(keys, "Ana Ruiz")
    ws.set_determination(keys[2:4], "Not eligible", "Not eligible: superstrike found in court file", "Ana Ruiz")
    ws.review(keys[5:6], "Ana Ruiz", ReviewRequest(challenge_ground="Unreasonable risk to public safety "
                                                                     "(PC 1170.18)"))
    plan = plan_for(ws, results)
    output, batch = run_filings(ws, plan, FilingRequest(folder / "out", dt.date(2026, 12, 1), SIGNER,
                                                        prepared_by="Ana Ruiz"))
    motion = folder / "out" / court_folder(plan.courthouses[0]) / "Motion_and_proposed_order.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(motion), "-"], capture_output=True, text=True, check=True).stdout
    attachment = next(i for i, page in enumerate(text.split("\f"), start=1) if "ATTACHMENT A" in page)
    pdf_page(motion, 1, "filing_motion.png", 850)
    pdf_page(motion, attachment, "filing_case_list.png", 1100)  # the attached list (landscape)

    ws.close()
    ws = Workspace.open(folder / "Sacramento 2026.rcw")
    window = MainWindow()
    remember_signer(window.settings, SIGNER)
    window.settings.set("review/reviewer", "Ana Ruiz")
    window.filings.set_workspace(ws, results)
    window.show()
    window.actions.filings.trigger()
    dialog = window.filings.dialog
    dialog.folder.setText(str(Path.home() / "Filings" / "Sacramento 2026-12"))
    dialog.include_filed.setChecked(True)
    end = time.monotonic() + 30
    while dialog.preview.pixmap().isNull() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)
    dialog.grab().save(str(OUT / "filings_dialog.png"))
    print("wrote", OUT / "filings_dialog.png")
    dialog.close()
    # A second batch a week later; the first one is marked filed from File > Filing batches.
    run_filings(ws, plan_for(ws, results), FilingRequest(folder / "out2", dt.date(2026, 12, 8), SIGNER,
                                                         prepared_by="Ana Ruiz", force=True))
    window.batches.set_workspace(ws)
    batches = window.batches.open_dialog()
    batches.table.selectRow(1)
    batches.filed_date.setDate(dt.date(2026, 12, 10))
    batches.mark_button.click()
    app.processEvents()
    batches.grab().save(str(OUT / "filing_batches.png"))
    print("wrote", OUT / "filing_batches.png")
    batches.close()
    window.close()
    ws.close()
finally:
    shutil.rmtree(folder, ignore_errors=True)
