"""A clinic's sheet in the window's tables and views (the pieces the window shows a data set
with), before the mapping dialog is wired into the window."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from clinic_sheets import HEADERS, clinic_decide, write_xlsx  # noqa: E402

from desktop_app.gui.person_view import person_html  # noqa: E402
from desktop_app.gui.results_model import ResultsTableModel  # noqa: E402
from desktop_app.gui.table_data import all_rows_table, conviction_table, with_results  # noqa: E402

ROWS = [["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2012, 3, 4), "F"],
        ["Doe, Jane", dt.date(1980, 3, 4), "CR-9", "", "PC 459", "1/5/2020", "M"],
        ["Roe, Rick", "1/2/1990", "CR-2", "", "11360(a) H&S", "2015-01-01", "F/M"]]


def test_clinic_results_in_the_tables_and_person_view(qtbot, qtmodeltester, tmp_path):
    results = clinic_decide(write_xlsx(tmp_path / "c.xlsx", HEADERS, ROWS), county="ALL", as_of=dt.date(2024, 1, 1))
    model = ResultsTableModel()
    model.set_table(conviction_table(results))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    every = with_results(all_rows_table(results.prepared), results)
    model.set_table(every)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    html = person_html(results, int(results.evaluated["person"].iat[0]))
    assert "Prop 64 convictions evaluated in all counties" in html
    assert "459 PC" in html and "Sacramento Superior" in html  # the whole listed history, with the court
    assert "(row 2 of c.xlsx, sheet Clients)" in html
