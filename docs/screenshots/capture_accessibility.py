"""Screenshots of the window as people who need them see it: at 150 % and 200 % scaling on a
1920 x 1080 screen, with an 18 pt font, and under a dark palette. The real app on an X server,
the bundled (fabricated) sample loaded, the whole screen captured with ImageMagick's `import`.

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/screenshots/capture_accessibility.py

Each variant runs in its own process: the scale factor is read when Qt starts.
"""
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
ROOT = OUT.parents[1]
VARIANTS = {  # name: (QT_SCALE_FACTOR, font point size or 0, dark palette, window size or None = whole screen)
    "scaled-150": ("1.5", 0, False, None),
    "scaled-200": ("2", 0, False, None),
    "font-18pt": ("1", 18, False, None),
    "dark": ("1", 0, True, (1600, 1000)),
}


def capture(name: str) -> None:
    scale, points, dark, size = VARIANTS[name]
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication(["Record Clearance Desktop"])
    from desktop_app.gui.contrast import dark_palette
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.app_style import install_accessible_style
    from desktop_app.gui.settings import AppSettings
    from desktop_app.paths import sample_file

    install_accessible_style(app)
    if dark:
        app.setPalette(dark_palette())
    if points:
        font = QFont(app.font())
        font.setPointSize(points)
        app.setFont(font)
    settings = tempfile.TemporaryDirectory()  # removed when the script ends
    w = MainWindow(AppSettings(QSettings(settings.name + "/s.ini", QSettings.Format.IniFormat)))
    w.policy_panel.set_as_of(dt.date(2026, 11, 26))
    screen = app.primaryScreen().availableGeometry()
    if size is None:
        w.setGeometry(screen)  # no window manager under Xvfb: fill the screen by hand
    else:
        w.setGeometry(0, 0, *size)
    w.show()
    w.dataset.open_files([str(sample_file())])

    def pump(seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)

    pump(0.5)
    while w.dataset.session is None or w.runner.busy():
        pump(0.1)
    pump(1)
    w.table.select_view_row(2)
    w.table.setFocus()
    pump(1)
    print(f"{name}: screen {screen.width()}x{screen.height()} (device-independent px), window "
          f"{w.width()}x{w.height()}, needs at least {w.minimumSizeHint().width()}x{w.minimumSizeHint().height()}")
    crop = [] if size is None else ["-crop", f"{size[0]}x{size[1]}+0+0"]
    subprocess.run(["import", "-window", "root", *crop, str(OUT / f"{name}.png")], check=True)
    if dark:
        w.tabs.setCurrentIndex(1)
        pump(1)
        subprocess.run(["import", "-window", "root", *crop, str(OUT / "dark-summary.png")], check=True)
    w.close()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        capture(sys.argv[1])
    else:
        for variant, (factor, *_rest) in VARIANTS.items():
            env = dict(os.environ, QT_SCALE_FACTOR=factor,
                       QT_ENABLE_HIGHDPI_SCALING="1", QT_SCALE_FACTOR_ROUNDING_POLICY="PassThrough")
            subprocess.run([sys.executable, __file__, variant], env=env, check=True)
