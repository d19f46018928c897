"""The only code that locates the shipped `rules/` and `resources/` folders.

Run from source (or an editable install) they sit beside the package; in a wheel they are
installed as `desktop_app/rules` and `desktop_app/resources`; in a PyInstaller build they are
unpacked under `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / name)
    found += [_PACKAGE.parent / name, _PACKAGE / name]
    return found


def _locate(name: str) -> Path:
    for path in _candidates(name):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"the application's {name}/ folder is missing (looked in "
                            + ", ".join(str(p) for p in _candidates(name)) + ")")


def rules_dir() -> Path:
    return _locate("rules")


def resources_dir() -> Path:
    return _locate("resources")


def policies_dir() -> Path:
    return rules_dir() / "policies"


def sample_file() -> Path:
    return resources_dir() / "sample" / "sample_doj.csv"


def intake_template() -> Path:
    """The blank intake workbook for legal aid clinics (build/make_templates.py writes it)."""
    return resources_dir() / "templates" / "clinic-intake.xlsx"
