"""The standalone build: what the spec leaves out, the launcher's choice of CLI or window, the
SHA-256 sums, paths in a frozen app, and (when `python build/build.py` has run) the bundle itself.

Building takes a minute, so the suite does not build; .ci/run builds before the tests run.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from desktop_app import paths

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SOURCE = ROOT / "desktop_app"
BUNDLE = BUILD / "dist" / "record-clearance"
EXE = ".exe" if sys.platform == "win32" else ""


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_build_{name}", BUILD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


config = load("bundle_config")
launcher = load("launcher")
builder = load("build")


def imported_modules(source: Path) -> set[str]:
    """Absolute module names imported anywhere under `source` (top level or inside functions)."""
    names = set()
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


# --- what the bundle leaves out

def test_no_module_the_app_imports_is_excluded_from_the_bundle():
    excluded = set(config.excluded_modules(SOURCE))
    clashes = sorted(m for m in imported_modules(SOURCE)
                     if any(m == x or m.startswith(x + ".") for x in excluded))
    assert clashes == [], f"build/bundle_config.py leaves out modules the app imports: {clashes}"


def test_widgets_are_always_bundled_and_network_qt_never():
    bundled = config.qt_modules_bundled(SOURCE)
    assert {"QtCore", "QtGui", "QtWidgets"} <= bundled
    assert not bundled & set(config.QT_NEVER)
    excluded = config.excluded_modules(SOURCE)
    assert "PySide6.QtNetwork" in excluded and "PySide6.QtWebEngineCore" in excluded
    assert "PySide6.QtWidgets" not in excluded


def test_qt_modules_used_reads_both_import_forms(tmp_path):
    (tmp_path / "a.py").write_text("from PySide6.QtCharts import QChart\n"
                                   "from PySide6 import (QtSvg,\n    QtPrintSupport)\n", encoding="utf-8")
    assert config.qt_modules_used(tmp_path) == {"QtCharts", "QtSvg", "QtPrintSupport"}
    assert "PySide6.QtCharts" not in config.excluded_modules(tmp_path)


@pytest.mark.parametrize("dest, kept", [
    ("pyarrow/libarrow.so.2600", True),
    ("pyarrow/libarrow_python.so.2600", True),
    ("pyarrow/libarrow_python.so", False),
    ("pyarrow/libarrow_python.so.2600.1.0", False),
    ("pyarrow/libarrow_flight.so.2600", False),
    ("pyarrow/lib.cpython-311-x86_64-linux-gnu.so", True),
    ("pyarrow/include/arrow/api.h", False),
    ("pyarrow/arrow.lib", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt6Network.dll", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("rules/policies/county-common.toml", True),
    ("resources/sample/sample_doj.csv", True),
    ("resources/templates/clinic-intake.xlsx", True),
])
def test_keep_file(dest, kept):
    assert config.keep_file(dest, qt_translations=False) is kept


def test_qt_translations_are_kept_for_an_app_that_installs_a_translator():
    assert config.keep_file("PySide6/Qt/translations/qtbase_de.qm", qt_translations=True)


# --- launcher: one program, two executables

@pytest.mark.parametrize("exe, args, entry", [
    ("record-clearance", ["run", "--input", "x.csv"], "cli"),
    ("record-clearance", ["self-test", "--no-gui"], "cli"),
    ("record-clearance", ["--version"], "cli"),
    ("record-clearance", [], "gui"),
    ("record-clearance", ["data.csv"], "gui"),
    ("C:\\Program Files\\RC\\record-clearance.exe", ["counties", "f.csv"], "cli"),
    ("/opt/rc/record-clearance-gui", [], "gui"),
    ("record-clearance-gui.exe", ["run"], "gui"),
])
def test_launcher_chooses_cli_or_window(exe, args, entry):
    assert launcher.choose_entry(exe, args) == entry


def test_launcher_knows_every_cli_subcommand():
    from desktop_app.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(launcher.CLI_WORDS)


# --- SHA-256 sums

def test_sums_file_lists_every_file_and_detects_changes(tmp_path):
    (tmp_path / "_internal" / "rules").mkdir(parents=True)
    (tmp_path / "record-clearance").write_bytes(b"\x7fELF program")
    (tmp_path / "_internal" / "rules" / "a.toml").write_text("x = 1\n", encoding="utf-8")
    sums = builder.write_sums(tmp_path)
    lines = sums.read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in lines] == ["_internal/rules/a.toml", "record-clearance"]
    assert lines[1].split("  ")[0] == builder.sha256(tmp_path / "record-clearance")
    assert builder.check_sums(tmp_path) == []
    (tmp_path / "_internal" / "rules" / "a.toml").write_text("x = 2\n", encoding="utf-8")
    (tmp_path / "record-clearance").unlink()
    assert builder.check_sums(tmp_path) == ["_internal/rules/a.toml: changed", "record-clearance: missing"]


# --- paths in a frozen app

def test_paths_prefer_the_frozen_bundle(tmp_path, monkeypatch):
    for folder in ("rules/policies", "resources/sample"):
        (tmp_path / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.rules_dir() == tmp_path / "rules"
    assert paths.policies_dir() == tmp_path / "rules" / "policies"
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.sample_file() == tmp_path / "resources" / "sample" / "sample_doj.csv"


def test_paths_from_source():
    assert paths.rules_dir() == ROOT / "rules"
    assert paths.sample_file().is_file()
    assert (paths.resources_dir() / "icons" / "record-clearance.png").is_file()
    assert (paths.resources_dir() / "icons" / "record-clearance.ico").read_bytes()[:4] == b"\0\0\1\0"


# --- the built one-folder bundle, when there is one

needs_bundle = pytest.mark.skipif(not (BUNDLE / f"record-clearance{EXE}").exists(),
                                  reason="no one-folder build: run `python build/build.py` first")


@needs_bundle
def test_bundle_holds_rules_resources_and_verifies():
    internal = BUNDLE / "_internal"
    for name in ("rules/policies/county-common.toml", "rules/code_sections.toml",
                 "resources/sample/sample_doj.csv", "resources/sample/expected/determinations.csv",
                 "resources/sample/expected/summary.json", "resources/icons/record-clearance.png",
                 "resources/templates/clinic-intake.xlsx"):
        assert (internal / name).is_file(), name
    assert (BUNDLE / f"record-clearance-gui{EXE}").is_file()
    assert builder.check_sums(BUNDLE) == []


@needs_bundle
def test_bundle_has_no_network_code():
    pytest.importorskip("PyInstaller")
    from PyInstaller.archive.readers import pkg_archive_contents

    modules = set(pkg_archive_contents(str(BUNDLE / f"record-clearance{EXE}")))
    assert "desktop_app.cli" in modules and "desktop_app.selftest" in modules
    forbidden = ("urllib.request", "http.client", "ssl", "requests", "urllib3", "PySide6.QtNetwork",
                 "pyarrow.flight", "pyarrow._s3fs")
    assert sorted(m for m in forbidden if m in modules) == []
    files = [p.name for p in BUNDLE.rglob("*")]
    assert not [n for n in files if "Qt6Network" in n or "QtNetwork" in n or "arrow_flight" in n]


@needs_bundle
def test_bundle_self_test_without_gui():
    done = subprocess.run([str(BUNDLE / f"record-clearance{EXE}"), "self-test", "--no-gui"],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "frozen build" in done.stdout and "self-test passed" in done.stdout
