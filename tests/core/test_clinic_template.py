"""The intake workbook shipped for clinics: its headers map with no questions, it is rebuilt
byte for byte by its script, and a filled-in copy is evaluated."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import openpyxl

from desktop_app.core.clinic.guess import guess_mapping
from desktop_app.core.clinic.sheet import list_sheets, read_table
from desktop_app.core.clinic.template import TEMPLATE_HEADERS, write_intake_workbook
from desktop_app.core.evaluate import evaluate
from desktop_app.core.pipeline import default_policy_path, load_clinic
from desktop_app.core.ruleset import load_policy
from desktop_app.paths import intake_template

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_template_maps_every_field_with_no_questions():
    path = intake_template()
    assert path.is_file()
    assert list_sheets(path) == ("Clients", "Instructions")  # the county list is a hidden sheet
    table = read_table(path)
    assert table.sheet == "Clients" and table.headers == TEMPLATE_HEADERS and table.row_count == 0
    guess = guess_mapping(table)
    assert all(g.column and g.confidence_word == "high" for g in guess.fields.values())


def test_template_script_rebuilds_the_same_file(tmp_path):
    before = intake_template().read_bytes()
    result = subprocess.run([sys.executable, str(ROOT / "build" / "make_templates.py")], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    assert "clinic-intake.xlsx" in result.stdout
    assert intake_template().read_bytes() == before


def test_template_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    assert "desktop_app.resources.templates" in setuptools["packages"]
    assert "*.xlsx" in setuptools["package-data"]["desktop_app.resources.templates"]


def test_filled_in_template_is_evaluated(tmp_path):
    rows = [["C-1", "DOE, JANE", "3/4/1980", "12F1", "Sacramento Superior", "Sacramento", "HS 11359(b)",
             dt.date(2012, 3, 4), "Felony", "3 years", "No"],
            ["C-1", "DOE, JANE", dt.date(1980, 3, 4), "19M2", "", "Yolo", "11357(c) HS", "6/1/2019", "Misdemeanor",
             "", ""]]
    path = write_intake_workbook(tmp_path / "filled.xlsx", rows)
    book = openpyxl.load_workbook(path)
    assert book["Clients"]["H2"].is_date and book["Clients"]["C3"].is_date  # dates are Excel dates
    table = read_table(path)
    mapping = guess_mapping(table).mapping()
    results = evaluate(load_clinic(table, mapping), load_policy(default_policy_path()), "ALL",
                       as_of=dt.date(2024, 1, 1))
    assert list(results.reason_texts) == ["Conviction occurred 10 or more years ago", "Misdemeanor or Infraction"]
    assert list(results.evaluated["n_convictions"]) == [2, 2]
