"""Screenshots of the clinic features for the README, taken through the window as a user gets
them: File > Open clinic spreadsheet (the column-mapping dialog on a fabricated clinic sheet),
the window with that sheet loaded, and File > New client record (the client form with a few
convictions typed in, the decisions computed by the engine). Rendered by Qt itself, so no X
server is needed; settings go to a temporary folder:

    QT_QPA_PLATFORM=offscreen python docs/screenshots/capture_clinic.py
"""
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
app = QApplication(["Record Clearance Desktop"])

import openpyxl  # noqa: E402

from desktop_app.core.clinic.entry import EnteredConviction  # noqa: E402
from desktop_app.gui import clinic_controller  # noqa: E402
from desktop_app.gui.app_style import install_accessible_style  # noqa: E402
from desktop_app.gui.client_form import ClientForm  # noqa: E402
from desktop_app.gui.main_window import MainWindow  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402
from desktop_app.gui.settings import AppSettings  # noqa: E402

install_accessible_style(app)  # as the app does
AS_OF = dt.date(2026, 11, 26)


def pump(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def when_open(kind: type, handle) -> QTimer:  # type: ignore[no-untyped-def]
    """Call handle(dialog) once a modal dialog of `kind` is open."""
    def check() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            timer.stop()
            handle(widget)
    timer = QTimer(interval=50)
    timer.timeout.connect(check)
    timer.start()
    return timer


folder = Path(tempfile.mkdtemp())
try:
    # A clinic's own sheet (fabricated people): a title, its own headers, Excel and text dates.
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Clients"
    ws.append(["Eastside Legal Aid: Prop 64 clients (fabricated)"])
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["Client", "DOB", "Case #", "Court", "Offense", "Date convicted", "F/M", "Notes"])
    for row in (["DOE, JANE", dt.date(1980, 3, 4), "12F01234", "Sacramento Superior", "HS 11359(b)",
                 dt.date(2012, 3, 4), "F", "RAP sheet 2024"],
                ["DOE, JANE", dt.date(1980, 3, 4), "20M0001", "Sacramento Superior", "PC 459", "1/5/2020", "M", ""],
                ["ROE, RICK", "1/2/1990", "15M0555", "Sacramento Superior", "11357(c) HS", "2015-06-01", "Misd", ""],
                ["POE, PAT", "11/20/1961", "19F0042", "Sacramento Superior", "H&S 11360(a)", "4-Mar-2019", "fel.",
                 "called"]):
        ws.append(row)
    for cell in ("B4", "F4", "B5"):
        ws[cell].number_format = "mm/dd/yyyy"
    sheet = folder / "eastside-clients.xlsx"
    book.save(sheet)

    window = MainWindow(AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)))
    window.policy_panel.set_as_of(AS_OF)
    window.resize(1400, 900)
    window.show()
    pump(0.5)

    # File > Open clinic spreadsheet…: the mapping dialog, as guessed (the county chosen).
    clinic_controller.ask_open_path = lambda parent, start: str(sheet)

    def mapping(dialog: MappingDialog) -> None:
        dialog.county_combo.setCurrentText("Sacramento")
        dialog.resize(940, 880)
        pump(0.5)
        dialog.grab().save(str(OUT / "clinic-mapping.png"))
        dialog.ok_button.click()
    keep = when_open(MappingDialog, mapping)
    window.actions.open_clinic.trigger()
    while window.dataset.session is None or window.runner.busy():
        pump(0.05)
    pump(0.5)
    window.table.select_view_row(0)
    pump(0.8)
    window.grab().save(str(OUT / "clinic-window.png"))

    # File > New client record…: the form with a client typed in.
    def form(f: ClientForm) -> None:
        f.name.setText("DOE, JANE")
        f.birth.setText("3/4/1980")
        f.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F01234", "HS 11359(b)", "Felony",
                                              "3 years"))
        f.add_row(value=EnteredConviction("6/1/2015", "Sacramento", "15M0555", "11357(c) HS", "M"))
        f.add_row(value=EnteredConviction("2/2/2019", "Yolo", "19F0042", "11360(a) H&S", "F", "16 months"))
        f.add_row(value=EnteredConviction("1/5/2020", "Yolo", "20M0001", "PC 459", "Misdemeanor", "90 days"))
        f.add_row(focus=True)
        f.resize(1180, 500)
        while not f.idle():
            pump(0.05)
        pump(0.3)
        f.grab().save(str(OUT / "clinic-form.png"))
        f.reject()
    keep = when_open(ClientForm, form)
    window.actions.new_client.trigger()
    window.close()
finally:
    shutil.rmtree(folder)
print("wrote", ", ".join(p.name for p in (OUT / "clinic-mapping.png", OUT / "clinic-window.png",
                                          OUT / "clinic-form.png")))
os._exit(0)
