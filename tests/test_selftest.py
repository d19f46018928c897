"""`record-clearance self-test`: the expected results are current, differences are reported,
and the GUI part follows the `run_gui_smoke` contract."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from desktop_app import selftest

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "python -m desktop_app.selftest --write-expected"


@pytest.fixture(scope="module")
def sample_results():
    return selftest.evaluate_sample()


def report(gui: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run_self_test(gui=gui, out=out)
    return code, out.getvalue()


def test_expected_determinations_are_current(sample_results):
    expected, _ = selftest.read_expected()
    problems = selftest.compare_determinations(selftest.determinations(sample_results), expected)
    assert problems == [], f"resources/sample/expected/ is stale; after reviewing the change run `{REGENERATE}`"


def test_expected_summary_is_current(sample_results):
    _, expected = selftest.read_expected()
    problems = selftest.compare_summary(sample_results.summary, expected)
    assert problems == [], f"resources/sample/expected/ is stale; after reviewing the change run `{REGENERATE}`"


def test_expected_files_are_exactly_what_write_expected_writes(sample_results, tmp_path):
    written = selftest.write_expected(tmp_path)
    for path in written:
        shipped = selftest.expected_dir() / path.name
        assert shipped.read_bytes() == path.read_bytes(), f"{shipped.name} is stale: run `{REGENERATE}`"


def test_expected_results_hold_no_run_time_fields():
    _, summary = selftest.read_expected()
    assert "processingTimeInSeconds" not in summary
    assert summary["evaluationDate"] == "2024-01-01" and summary["county"] == "SACRAMENTO"


def test_self_test_passes_without_gui():
    code, text = report(gui=False)
    assert code == 0, text
    assert "engine:  OK" in text and "skipped (--no-gui)" in text and text.rstrip().endswith("self-test passed")
    assert "reviews: OK  (" in text and "audit entries, SQLite 3." in text


def test_self_test_reports_a_changed_determination(tmp_path, monkeypatch):
    folder = tmp_path / "expected"
    shutil.copytree(selftest.expected_dir(), folder)
    rows = (folder / selftest.DETERMINATIONS_FILE).read_text(encoding="utf-8").splitlines()
    line, rest = rows[1].split(",", 1)
    rows[1] = f"{line},{rest.replace('Eligible for Dismissal', 'Hand Review')}"
    (folder / selftest.DETERMINATIONS_FILE).write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = json.loads((folder / selftest.SUMMARY_FILE).read_text(encoding="utf-8"))
    summary["lineCount"] += 1
    (folder / selftest.SUMMARY_FILE).write_text(json.dumps(summary), encoding="utf-8")
    monkeypatch.setattr(selftest, "expected_dir", lambda: folder)
    code, text = report()
    assert code == 1
    assert f"line {line}: determination is 'Eligible for Dismissal', expected 'Hand Review'" in text
    rows_read = summary["lineCount"] - 1
    assert f"summary lineCount: {rows_read}, expected {rows_read + 1}" in text
    assert "self-test FAILED: 2 problem(s)" in text


def test_self_test_reports_an_engine_error_instead_of_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(selftest.paths, "sample_file", lambda: tmp_path / "missing.csv")
    code, text = report()
    assert code == 1
    assert "engine:  FAILED (1 problem)" in text and "missing.csv" in text


def test_compare_summary_ignores_run_time_and_walks_nested_keys():
    expected = {"a": 1, "b": {"x": 1, "y": 2}, "gone": 3}
    actual = {"a": 1, "b": {"x": 5, "y": 2, "z": 0}, "processingTimeInSeconds": 9.9, "new": 1}
    assert selftest.compare_summary(actual, expected) == [
        "summary b.x: 5, expected 1", "summary b.z: unexpected (0)",
        "summary gone: missing (expected 3)", "summary new: unexpected (1)"]


def test_compare_determinations_by_source_line():
    row = {"line": "7", "section": "11359", "step": "s", "determination": "Not eligible", "reason": "r"}
    assert selftest.compare_determinations([row], [row]) == []
    assert selftest.compare_determinations([], [row]) == ["line 7: expected 'Not eligible', not evaluated"]
    assert selftest.compare_determinations([row], []) == ["line 7: evaluated as 'Not eligible', not expected"]


# --- the GUI part

def fake_smoke(monkeypatch, problems: list[str]) -> list[tuple[Path, float]]:
    calls: list[tuple[Path, float]] = []

    def run_gui_smoke(sample_path: Path, timeout_s: float = 60) -> list[str]:
        calls.append((sample_path, timeout_s))
        return problems

    module = types.ModuleType("desktop_app.gui.smoke")
    module.run_gui_smoke = run_gui_smoke  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop_app.gui.smoke", module)
    return calls


def test_gui_part_runs_the_smoke_test_offscreen_on_the_sample(monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    calls = fake_smoke(monkeypatch, [])
    code, text = report(gui=True)
    assert code == 0, text
    assert calls == [(selftest.paths.sample_file(), selftest.GUI_TIMEOUT_S)]
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "GUI:     OK  (platform offscreen" in text


def test_gui_part_keeps_a_chosen_platform(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    fake_smoke(monkeypatch, [])
    assert "platform xcb" in report(gui=True)[1]


def test_gui_problems_fail_the_self_test(monkeypatch):
    fake_smoke(monkeypatch, ["main window did not show the sample's 27 convictions"])
    code, text = report(gui=True)
    assert code == 1
    assert "GUI:     FAILED (1 problem)" in text and "did not show the sample" in text


def test_missing_gui_fails_only_when_the_gui_is_expected(monkeypatch):
    monkeypatch.setitem(sys.modules, "desktop_app.gui.smoke", None)  # makes the import fail
    code, text = report(gui=True)
    assert code == 1 and "GUI not available" in text
    assert report(gui=False)[0] == 0


# --- through the command line, in a fresh interpreter

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop_app.cli", *args], capture_output=True, text=True,
                          timeout=180, cwd=ROOT, env=env)


def test_cli_self_test_no_gui():
    done = run_cli("self-test", "--no-gui")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout


def test_cli_self_test_with_gui():
    done = run_cli("self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "GUI:     OK" in done.stdout
