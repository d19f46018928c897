"""Screenshots of the review workspace in the running window, on the bundled (fabricated) sample:
the real app on an X server, the whole screen captured with ImageMagick's `import`.

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/capture_workspace.py
    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/screenshots/capture_workspace.py --scale 2

The workspace, its next extract and the settings live in a temporary folder removed at the end.
With --scale 2 (1920 x 1080 at 200 %: a 960 x 540 window) it writes workspace-200.png only.
"""
import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
ROOT = OUT.parents[1]
parser = argparse.ArgumentParser()
parser.add_argument("--scale", default="1")
args = parser.parse_args()
os.environ["QT_SCALE_FACTOR"] = args.scale
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

app = QApplication(["Record Clearance Desktop"])
from desktop_app.gui import review_dialogs, workspace_dialogs  # noqa: E402
from desktop_app.gui.app_style import install_accessible_style  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402
from desktop_app.paths import sample_file  # noqa: E402

install_accessible_style(app)  # as the app does
REVIEWER = "Ana Ruiz"
folder = Path(tempfile.mkdtemp(prefix="rcd-screens-"))


def pump(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def idle() -> None:
    pump(0.2)
    while w.runner.busy():
        pump(0.1)
    pump(0.5)


def shoot(name: str) -> None:
    pump(0.5)
    subprocess.run(["import", "-window", "root", str(OUT / name)], check=True)


def select(*rows: int) -> None:
    model, selection = w.model, QItemSelection()
    for r in rows:
        selection.select(model.index(r, 0), model.index(r, model.columnCount() - 1))
    w.table.selectionModel().setCurrentIndex(model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    w.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    pump(0.2)


def rows_where(key: str, value: str) -> list[int]:
    return [r for r in range(w.model.rowCount()) if w.model.text_at(r, key) == value]


def next_extract(source: Path, target: Path, drop_subject: str, redate_line: int) -> None:
    """DOJ's next extract: one reviewed person gone, one conviction's date corrected."""
    import csv
    import io

    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    date_at = next(csv.reader([lines[0]])).index("STP_EVENT_DATE")
    out = [lines[0]]
    for number, line in enumerate(lines[1:], start=2):  # line 1 is the header
        fields = next(csv.reader([line]))
        if fields[2].strip() == drop_subject:
            continue
        if number == redate_line:
            fields[date_at] = str(int(fields[date_at]) + 1)
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerow(fields)
            line = text.getvalue()
        out.append(line)
    target.write_text("".join(out), encoding="utf-8")


try:
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(review_dialogs.REVIEWER_KEY, REVIEWER)
    w = MainWindow(settings)
    w.policy_panel.set_as_of(dt.date(2026, 11, 26))
    if args.scale == "1":
        w.setGeometry(0, 0, 1600, 1000)
    else:  # the whole screen: 960 x 540 at 200 %
        w.setGeometry(app.primaryScreen().geometry())
    w.show()
    data = folder / "sample_doj.csv"
    shutil.copy(sample_file(), data)
    w.dataset.open_files([str(data)])
    pump(0.5)
    while w.dataset.session is None or w.runner.busy():
        pump(0.1)
    w.workspace.create_workspace(folder / "Sacramento 2026.rcw", REVIEWER)
    idle()

    # A morning's work: the first dismissals accepted and two filed, one changed, a note.
    dismissals = rows_where("determination", "Eligible for Dismissal")
    select(*dismissals[:8])
    w.review.accept()
    select(*dismissals[:2])
    panel = w.review_panel
    panel.status.setCurrentIndex(panel.status.findData("filed"))
    panel.date.setDate(dt.date(2026, 11, 20))
    panel.batch.setText("2026-11 Dept 12")
    w.review.set_status("filed", "2026-11-20", "2026-11 Dept 12")
    reductions = rows_where("determination", "Eligible for Reduction")
    select(reductions[0])
    panel.determination.setCurrentText("Not eligible")
    panel.reason.setCurrentIndex(panel.reason.findData("Not eligible: superstrike found in court file"))
    w.review.change_determination("Not eligible", "Not eligible: superstrike found in court file")
    w.review.set_note("Court file: PC 667(e)(2)(C)(iv) prior in 1998 (Dept 12).")
    select(dismissals[8])
    panel.note.setPlainText("Waiting for the court file")
    w.person_view.tabs.setCurrentWidget(w.review.history)
    select(reductions[0])
    if args.scale != "1":  # as someone at 200 % works: filters folded, the problems message read and hidden
        w.filter_bar.more_button.setChecked(False)
        w.banner.close_button.click()
        shoot("workspace-200.png")
        raise SystemExit(0)
    shoot("workspace.png")

    w.tabs.setCurrentIndex(1)
    shoot("workspace-summary.png")
    w.tabs.setCurrentIndex(0)
    w.side_tabs.setCurrentWidget(w.policy_page)
    shoot("workspace-policy.png")
    w.side_tabs.setCurrentIndex(0)

    # DOJ's next extract: one reviewed person gone, one reviewed conviction's date corrected.
    ev = w.dataset.session.results.evaluated
    key_gone = w.model.text_at(dismissals[3], "conviction_key")
    key_moved = w.model.text_at(dismissals[4], "conviction_key")
    subject = str(ev.loc[ev["conviction_key"] == key_gone, "subject_id"].iloc[0]).strip()
    line = int(ev.loc[ev["conviction_key"] == key_moved, "_source_line"].iloc[0])
    extract = folder / "sample_doj_2027.csv"
    next_extract(data, extract, subject, line)
    workspace_dialogs.confirm_refresh = lambda parent, name, carry, files: True

    def report(parent, carry, saved):  # type: ignore[no-untyped-def]
        dialog = review_dialogs.CarryOverDialog(carry, saved, parent)
        dialog.resize(1000, 360)
        dialog.show()
        pump(1)
        dialog.grab().save(str(OUT / "carry-over.png"))  # the dialog alone (no window manager here)
        dialog.close()

    review_dialogs.show_carry_over = report
    w.workspace.refresh_with([str(extract)])
    idle()
    w.close()
finally:
    shutil.rmtree(folder, ignore_errors=True)
print("ok")
