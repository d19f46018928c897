"""Start the desktop app: `record-clearance-gui [FILE...]` or `python -m desktop_app [FILE...]`."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from . import __version__

log = logging.getLogger(__name__)

USAGE = """usage: record-clearance-gui [FILE ...]

Start Record Clearance Desktop; FILEs (DOJ research files) are opened as one data set
(a clinic's own spreadsheet: its columns are asked for); a FILE.rcw opens as a review workspace.
The command line is `record-clearance` (run, counties, generate, self-test)."""


def _setup_logging() -> None:
    """Log to a rotating file in the per-user data folder. Log lines hold counts, timings and
    program locations: never record content (see STYLE.md)."""
    from PySide6.QtCore import QStandardPaths

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "record-clearance.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(USAGE)
        return 0
    if "--version" in args:
        print(f"record-clearance-gui {__version__}")
        return 0

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from . import paths
    from .gui import dialogs
    from .gui.errors import install_excepthook
    from .gui.settings import APPLICATION, ORGANISATION

    # Fractional scale factors (125 %, 150 %) as they are, not rounded: crisp text on high-DPI screens.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    assert isinstance(app, QApplication)
    from .gui.app_style import install_accessible_style

    install_accessible_style(app)  # check boxes and icons grow with a larger font, not only with scaling
    _setup_logging()
    icon = paths.resources_dir() / "icons" / "record-clearance.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))

    from .gui.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda title, message, details: dialogs.show_error(window, title, message, details))
    window.show()
    files = [a for a in app.arguments()[1:] if not a.startswith("-")] if argv is None else \
        [a for a in args if not a.startswith("-")]
    window.open_paths(files)
    log.info("Record Clearance Desktop %s started", __version__)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
