"""No personal data anywhere but the outputs the user asked for: logs carry counts and line
numbers, never names or IDs, and no temporary copy is left behind."""

from __future__ import annotations

import logging
import tempfile

from desktop_app.cli import main
from desktop_app.core.pipeline import load
from desktop_app.paths import sample_file


def _personal_values() -> set[str]:
    frame = load([sample_file()]).records.frame
    values = set()
    for column in ("PRI_NAME", "SUBJECT_ID", "CII_NUMBER", "PRI_DOB", "OFN"):
        values |= {v.strip() for v in frame[column].unique() if len(v.strip()) >= 5}
    return values


def test_logs_and_temp_folder_hold_no_personal_data(tmp_path, monkeypatch, caplog):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    out = tmp_path / "out"
    out.mkdir()
    with caplog.at_level(logging.DEBUG):
        assert main(["run", "--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(out),
                     "--quiet"]) == 0
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    assert log_text  # the run does log (counts)
    leaked = [v for v in _personal_values() if v in log_text]
    assert leaked == []
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_error_messages_name_lines_not_people(tmp_path):
    from factory import conviction, write_csv

    from desktop_app.core.reader import read_records

    path = write_csv(tmp_path / "in.csv", [conviction("987654321", PRI_NAME="SECRET,NAME")])
    with open(path, "a") as f:
        f.write('x,x,987654321,"SECRET,NAME",short\n')
    [problem] = read_records([path]).problems
    assert "987654321" not in problem.message and "SECRET" not in problem.message
    assert "line 3" in problem.message


def test_nothing_is_written_in_the_temp_folder_even_for_a_moment(tmp_path, monkeypatch):
    """The workbook writer keeps rows in scratch files: they go beside the results (the folder the
    user chose), never to the system's temporary folder, where they would hold record content."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    created: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        fd, name = real_mkstemp(*args, **kwargs)
        created.append(name)
        return fd, name
    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    out = tmp_path / "out"
    assert main(["run", "--input", str(sample_file()), "--county", "SACRAMENTO", "--outputs", str(out),
                 "--quiet"]) == 0
    assert (out / "Results.xlsx").is_file()
    assert created, "the workbook writer made its scratch files through tempfile"
    assert [name for name in created if not name.startswith(str(out))] == []
