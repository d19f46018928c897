"""Screenshots for the README: the real app on an X server, the bundled sample loaded, the whole
screen captured with ImageMagick's `import`.

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/capture.py
"""
import datetime as dt
import os
import subprocess
import tempfile
import time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
OUT = os.path.dirname(os.path.abspath(__file__))
app = QApplication(["Record Clearance Desktop"])
from desktop_app.gui.app_style import install_accessible_style
install_accessible_style(app)  # as the app does
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.settings import AppSettings
from desktop_app.paths import sample_file
w = MainWindow(AppSettings(QSettings(tempfile.mkdtemp() + "/s.ini", QSettings.Format.IniFormat)))
w.policy_panel.set_as_of(dt.date(2026, 11, 26))
w.setGeometry(0, 0, 1600, 1000)
w.show()
w.dataset.open_files([str(sample_file())])

def pump(seconds):
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents(); time.sleep(0.02)

pump(0.5)
while w.dataset.session is None or w.runner.busy():
    pump(0.1)
pump(1)
w.table.select_view_row(1)
pump(1)
subprocess.run(["import", "-window", "root", os.path.join(OUT, "main.png")], check=True)
# The person view, with room for the whole history.
w.actions.policy_panel.setChecked(False)
from PySide6.QtWidgets import QSplitter
from PySide6.QtCore import Qt
for sp in w.findChildren(QSplitter):
    if sp.orientation() == Qt.Orientation.Vertical:
        sp.setSizes([260, 700])
pump(0.5)
subprocess.run(["import", "-window", "root", os.path.join(OUT, "person.png")], check=True)
w.actions.policy_panel.setChecked(True)
from PySide6.QtWidgets import QTabWidget
tab = w.findChild(QTabWidget)
tab.setCurrentIndex(1)
pump(1)
subprocess.run(["import", "-window", "root", os.path.join(OUT, "summary.png")], check=True)
w.close()
print("ok")
