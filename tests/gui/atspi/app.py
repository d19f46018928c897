"""The app for the AT-SPI check: the main window on the bundled (fabricated) sample, a row
selected, the summary's chart shown as a table. Writes READY when it is ready to be read and
quits when DONE appears (or after a minute).

    python tests/gui/atspi/app.py FOLDER
"""
import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

folder = Path(sys.argv[1])
app = QApplication(["record-clearance-atspi-check"])
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402
from desktop_app.paths import sample_file  # noqa: E402

window = MainWindow(AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)))
window.policy_panel.set_as_of(dt.date(2026, 1, 1))
window.resize(1400, 900)
window.show()


def start() -> None:  # after the reader has started listening for announcements
    if (folder / "LISTENING").exists():
        window.dataset.open_files([str(sample_file())])
        QTimer.singleShot(200, ready)
    else:
        QTimer.singleShot(100, start)


def ready() -> None:
    if window.dataset.session is None or window.runner.busy():
        QTimer.singleShot(200, ready)
        return
    window.table.select_view_row(1)
    window.person_view.tabs.setCurrentIndex(1)  # the history table is shown (and so in the tree)
    (folder / "READY").write_text("1")
    QTimer.singleShot(100, wait_done)


def wait_done() -> None:
    if (folder / "DONE").exists():
        app.quit()
    else:
        QTimer.singleShot(100, wait_done)


QTimer.singleShot(100, start)
QTimer.singleShot(60_000, app.quit)
app.exec()
