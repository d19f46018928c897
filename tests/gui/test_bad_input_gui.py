"""The bad-input catalogue (tests/core/test_bad_input_catalogue.py) through the desktop app: one
specific error dialog naming the file, no traceback, and the data loaded before stays on screen;
a failed export leaves no file behind."""

from __future__ import annotations

import errno
from pathlib import Path

import openpyxl
import pytest

from desktop_app.core import output_files
from desktop_app.core.schema import DOJ_COLUMNS
from desktop_app.gui.exporting import BUNDLE_CSV, ExportRequest

WAIT_MS = 30_000


def _row(subject: str, **fields: str) -> list[str]:
    values = dict.fromkeys(DOJ_COLUMNS, "")
    values.update({"SUBJECT_ID": subject, "PRI_NAME": "DOE,J", "STP_TYPE_DESCR": "COURT ACTION"}, **fields)
    return [values[c] for c in DOJ_COLUMNS]


def _csv_line(values: list[str]) -> str:
    return ",".join(f'"{v}"' if "," in v else v for v in values)


def _resaved(path: Path) -> None:
    path.write_text(",".join(DOJ_COLUMNS) + "\n" + _csv_line(_row("1", STP_EVENT_DATE="5/25/1979")) + "\n")


def _workbook_without_columns(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["SUBJECT_ID", "OFFENSE_DESCR"])
    book.save(path)


CASES = {
    "empty.csv": (lambda p: p.write_bytes(b""), "the file is empty"),
    "header-only.csv": (lambda p: p.write_text(",".join(DOJ_COLUMNS) + "\n"), "header row but no records"),
    "archive.csv": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 64), "Excel workbook or ZIP archive"),
    "report.csv": (lambda p: p.write_bytes(b"%PDF-1.5 ..."), "PDF document"),
    "tabs.txt": (lambda p: p.write_text("\t".join(["x"] * 95) + "\n"), "tab-separated"),
    "resaved.csv": (_resaved, "re-saved by a spreadsheet program"),
    "columns.xlsx": (_workbook_without_columns, "lacks the DOJ columns"),
    "broken.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04broken"), "damaged or password-protected"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_file_gets_a_specific_dialog_and_keeps_the_data(loaded, errors, tmp_path, qtbot, name):
    make, message = CASES[name]
    path = tmp_path / name
    make(path)
    session, shown = loaded.dataset.session, loaded.model.rowCount()
    assert loaded.dataset.open_files([str(path)])
    qtbot.waitUntil(lambda: not loaded.runner.busy() and bool(errors), timeout=WAIT_MS)
    title, text, details = errors[-1]
    assert name in text and message in text
    assert "Traceback" not in text + details
    assert loaded.dataset.session is session and loaded.model.rowCount() == shown


def test_missing_file_and_folder(loaded, errors, tmp_path, qtbot):
    session = loaded.dataset.session
    for path in (tmp_path / "gone.dat", tmp_path):
        errors.clear()
        loaded.dataset.open_files([str(path)])
        qtbot.waitUntil(lambda: not loaded.runner.busy() and bool(errors), timeout=WAIT_MS)
        assert ("does not exist" in errors[-1][1]) or ("this is a folder" in errors[-1][1])
    assert loaded.dataset.session is session


def test_failed_export_shows_why_and_leaves_no_file(loaded, errors, tmp_path, qtbot, monkeypatch):
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output_files.os, "replace", locked)
    assert loaded.exports.start_export(ExportRequest(BUNDLE_CSV, tmp_path))
    qtbot.waitUntil(lambda: not loaded.runner.busy() and bool(errors), timeout=WAIT_MS)
    title, text, _ = errors[-1]
    assert title == "Could not export" and "open in another program" in text
    assert list(tmp_path.iterdir()) == []
