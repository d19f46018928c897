"""Write the files clinics start from: `python build/make_templates.py` writes
resources/templates/clinic-intake.xlsx (the blank intake workbook whose headers the app maps with
no questions; desktop_app/core/clinic/template.py says what is in it). The same content always
gives the same file, so a rebuild shows up in `git diff` only when the template changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.clinic.template import TEMPLATE_NAME, write_intake_workbook  # noqa: E402

TEMPLATES = ROOT / "resources" / "templates"


def main() -> int:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    path = write_intake_workbook(TEMPLATES / TEMPLATE_NAME)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
