"""The README's first command works as written on a fresh checkout and leaves the results where
the README says to look."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def first_commands() -> tuple[str, str]:
    block = re.search(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "the README starts with a bash block"
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 2
    return lines[0], lines[1]


def test_the_second_command_is_the_test_command():
    assert first_commands()[1] == "QT_QPA_PLATFORM=offscreen python -m pytest -q"


def test_the_first_command_writes_the_results_the_readme_names(tmp_path):
    install, *steps = first_commands()[0].split(" && ")
    assert install.startswith("pip install")  # not run here: the package is installed already
    (tmp_path / "resources").symlink_to(ROOT / "resources")  # a checkout, without its outputs
    python = f"{shlex.quote(sys.executable)} -m desktop_app.cli "
    script = " && ".join(re.sub(r"^record-clearance ", python, step) for step in steps)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    results = tmp_path / "sample-results"
    text = README.read_text(encoding="utf-8")
    for name in ("Results.xlsx", "Summary.json"):
        assert (results / name).is_file()
        assert f"sample-results/{name}" in text
    assert json.loads((results / "Summary.json").read_text(encoding="utf-8"))["county"] == "SACRAMENTO"
    assert "/sample-results/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
