"""The real screen-reader view on Linux: the app runs under Xvfb with Qt's AT-SPI bridge on
(QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), and pyatspi reads what Orca would get: every control's
name, the labels of combo boxes, tables with their column headers, and the announcements.

Skipped where the tools are missing (Xvfb, D-Bus, the AT-SPI bus, the system's python3-pyatspi):
`apt-get install xvfb dbus-x11 at-spi2-core python3-pyatspi`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "atspi"
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _available() -> bool:
    if not (shutil.which("xvfb-run") and shutil.which("dbus-launch") and BUS_LAUNCHER.exists()
            and SYSTEM_PYTHON.exists()):
        return False
    return subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _available(), reason="needs Xvfb, D-Bus, the AT-SPI bus and python3-pyatspi")

SCRIPT = """
eval $(dbus-launch --sh-syntax)
{launcher} --launch-immediately &
sleep 1
{system_python} {reader} {folder} &
READER=$!
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb {python} {app} {folder}
wait $READER
kill $DBUS_SESSION_BUS_PID
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("atspi")
    script = SCRIPT.format(launcher=BUS_LAUNCHER, system_python=SYSTEM_PYTHON, reader=HERE / "reader.py",
                           python=sys.executable, app=HERE / "app.py", folder=folder)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DBUS_SESSION_BUS_ADDRESS")}
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "bash", "-c", script], env=env,
                   capture_output=True, timeout=180)
    path = folder / "report.json"
    assert path.exists(), "the AT-SPI reader wrote no report"
    return json.loads(path.read_text())


def test_every_control_has_a_name_on_the_linux_accessibility_bus(report):
    assert report["found_app"]
    unnamed = [c for c in report["controls"] if not c["name"].strip()]
    assert unnamed == []
    names = {c["name"] for c in report["controls"]}
    for expected in ("Search", "Results", "Evaluate as of", "Hide the input-problems message",
                     "Person's whole history"):
        assert expected in names, expected


def test_combo_boxes_are_labelled_for_orca(report):
    """On Linux a combo box's name is its current item; its label travels as a relation."""
    labels = report["combo_labels"]
    assert labels.get("Any reason") == ["Reason filter"]
    assert labels.get("Any level") == ["Level filter"]
    assert all(targets for targets in labels.values()), labels


def test_tables_have_column_headers_and_hidden_columns_say_so(report):
    results = report["tables"]["Results"]
    assert results["rows"] > 0 and results["headers"][:2] == ["Determination", "Name"]
    assert "Prop 64 section (hidden column)" in results["headers"]
    history = report["tables"]["Person's whole history"]
    assert history["headers"][0] == "Cycle" and history["headers"][-1] == "Decision" and history["rows"] > 0


def test_outcomes_reach_the_screen_reader(report):
    said = report["announcements"]
    assert any(a.startswith("Read ") for a in said), said
    assert any(a.startswith("Warning: ") for a in said), said
