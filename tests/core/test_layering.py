"""The engine never imports Qt: importing every core module and running the command line on the
sample, in a fresh interpreter, loads no PySide6 module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desktop_app.core


def test_engine_and_cli_load_no_qt(tmp_path):
    modules = [f"desktop_app.core.{m.name}" for m in pkgutil.iter_modules(desktop_app.core.__path__)]
    program = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from desktop_app.cli import main\n"
        "from desktop_app.paths import sample_file\n"
        f"assert main(['run', '--input', str(sample_file()), '--county', 'SACRAMENTO', '--outputs', {str(tmp_path)!r},"
        " '--quiet']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert len(modules) >= 10
