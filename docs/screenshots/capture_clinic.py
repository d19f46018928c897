"""Screenshots of the clinic dialogs for the README: the column-mapping dialog on a fabricated
clinic sheet, and the client form with a few convictions typed in (the decisions computed by the
engine). Rendered by Qt itself, so no X server is needed:

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
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
app = QApplication(["Record Clearance Desktop"])

import openpyxl  # noqa: E402

from desktop_app.core.clinic.entry import EnteredConviction  # noqa: E402
from desktop_app.core.clinic.sheet import read_table  # noqa: E402
from desktop_app.core.pipeline import default_policy_path  # noqa: E402
from desktop_app.core.ruleset import load_policy  # noqa: E402
from desktop_app.gui.client_form import ClientForm  # noqa: E402
from desktop_app.gui.mapping_dialog import MappingDialog  # noqa: E402


def pump(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


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
                ["ROE, RICK", "1/2/1990", "15M0555", "Sacramento Superior", "11357(c) HS", "2015-06-01", "Misd", ""],
                ["POE, PAT", "11/20/1961", "19F0042", "Yolo Superior", "H&S 11360(a)", "4-Mar-2019", "fel.", "called"]):
        ws.append(row)
    for cell in ("B4", "F4"):
        ws[cell].number_format = "mm/dd/yyyy"
    book.save(folder / "eastside-clients.xlsx")
    dialog = MappingDialog(read_table(folder / "eastside-clients.xlsx"), saved_folder=folder / "mappings")
    dialog.county_combo.setCurrentText("Sacramento")
    dialog.resize(940, 880)
    dialog.show()
    pump(0.5)
    dialog.grab().save(str(OUT / "clinic-mapping.png"))

    form = ClientForm(load_policy(default_policy_path()), dt.date(2026, 11, 26), county="Sacramento")
    form.name.setText("DOE, JANE")
    form.birth.setText("3/4/1980")
    form.rows[0].set_value(EnteredConviction("3/4/2012", "Sacramento", "12F01234", "HS 11359(b)", "Felony", "3 years"))
    form.add_row(value=EnteredConviction("6/1/2015", "Sacramento", "15M0555", "11357(c) HS", "M"))
    form.add_row(value=EnteredConviction("2/2/2019", "Yolo", "19F0042", "11360(a) H&S", "F", "16 months"))
    form.add_row(value=EnteredConviction("1/5/2020", "Yolo", "20M0001", "PC 459", "Misdemeanor", "90 days"))
    form.add_row(focus=True)
    form.resize(1180, 500)
    form.show()
    while not form.idle():
        pump(0.05)
    pump(0.3)
    form.grab().save(str(OUT / "clinic-form.png"))
finally:
    shutil.rmtree(folder)
print("wrote", ", ".join(p.name for p in (OUT / "clinic-mapping.png", OUT / "clinic-form.png")))
os._exit(0)
