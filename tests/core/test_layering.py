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


def test_importing_the_app_changes_no_process_state():
    """No module sets the umask, the working folder or the environment when imported (reading
    the umask means setting it, for every thread of the process)."""
    import desktop_app

    modules = sorted(m.name for m in pkgutil.walk_packages(desktop_app.__path__, "desktop_app.")
                     if m.name != "desktop_app.__main__")
    program = (
        "import importlib, os\n"
        "calls = []\n"
        "real_umask = os.umask\n"
        "os.umask = lambda mask: calls.append(mask) or real_umask(mask)\n"
        "cwd, env = os.getcwd(), dict(os.environ)\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "assert calls == [], f'os.umask called at import: {calls}'\n"
        "assert os.getcwd() == cwd, 'the working folder changed'\n"
        "assert dict(os.environ) == env, 'the environment changed: ' + str(set(os.environ) ^ set(env))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "desktop_app.core.export" in modules and "desktop_app.gui.main_window" in modules
