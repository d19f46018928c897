"""Screenshots of reasons as categories and of a damaged file refused: the real app on an X server,
the whole screen captured with ImageMagick's `import`.

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/capture_reasons.py

A generated (fabricated) file of 200,000 rows, county LOS ANGELES, is evaluated at 2020-07-01, so
thousands of its convictions are dated after the evaluation date: the Reason filter and the
Summary's hand-review table still list one entry per category. The same file with its CSV quoting
removed is then opened and refused. Files and settings live in a temporary folder removed at the end.
"""
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
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget  # noqa: E402

app = QApplication(["Record Clearance Desktop"])
from desktop_app.gui.app_style import install_accessible_style  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402

install_accessible_style(app)  # as the app does
folder = Path(tempfile.mkdtemp(prefix="rcd-screens-"))


def pump(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(name: str) -> None:
    pump(0.5)
    subprocess.run(["import", "-window", "root", str(OUT / name)], check=True)


def idle() -> None:
    pump(0.3)
    while w.dataset.session is None or w.runner.busy():
        pump(0.1)
    pump(0.8)


try:
    good = folder / "doj_la.csv"
    subprocess.run([sys.executable, "-m", "desktop_app.cli", "generate", "--rows", "200000", "--county",
                    "LOS ANGELES", "--seed", "3", "--out", str(good)], check=True, cwd=ROOT)
    w = MainWindow(AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
    w.policy_panel.set_as_of(dt.date(2020, 7, 1))
    w.setGeometry(0, 0, 1600, 1000)
    w.show()
    w.dataset.open_files([str(good)])
    idle()
    county = w.policy_panel.county
    county.setCurrentIndex(county.findData("LOS ANGELES"))
    idle()

    # The Reason filter, open: one entry per category, largest first.
    bar = w.filter_bar
    if not bar.reason.isVisible():
        bar.more_button.click()
        pump(0.3)
    bar.reason.showPopup()
    shoot("reason-filter.png")
    bar.reason.hidePopup()

    # The Summary: hand review by reason, one line per category.
    w.findChild(QTabWidget).setCurrentIndex(1)
    pump(0.5)
    from desktop_app.gui.summary_view import SummaryView
    text = w.findChild(SummaryView).text
    text.find("Hand review, by reason")  # scrolled to it, as a user would
    text.verticalScrollBar().setValue(text.verticalScrollBar().value() + 200)
    text.textCursor().clearSelection()
    shoot("summary-hand-review.png")
    w.findChild(QTabWidget).setCurrentIndex(0)

    # The same file without its CSV quoting: every "LAST,FIRST" name becomes two fields.
    broken = folder / "doj_la_unquoted.csv"
    with open(good, encoding="utf-8") as src, open(broken, "w", encoding="utf-8") as dst:
        for line in src:
            dst.write(line.replace('"', ""))

    def shoot_dialog() -> None:
        box = next((b for b in app.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()), None)
        if box is None:
            QTimer.singleShot(200, shoot_dialog)
            return
        shoot("damaged-file-refused.png")
        box.accept()

    QTimer.singleShot(500, shoot_dialog)
    w.dataset.open_files([str(broken)])
    pump(8)
    w.close()
    print("ok")
finally:
    shutil.rmtree(folder, ignore_errors=True)
