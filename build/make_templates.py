"""Write the templates the app ships: `python build/make_templates.py` writes, in
resources/templates/, clinic-intake.xlsx (the blank intake workbook whose headers the app maps with
no questions; desktop_app/core/clinic/template.py says what is in it) and the Word templates of the
court filings (motion-bulk.docx, motion-per-case.docx, notice-of-challenge.docx;
desktop_app/core/filings/default_templates.py says what is in them). The same content always
gives the same file, so a rebuild shows up in `git diff` only when a template changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.clinic.template import TEMPLATE_NAME, write_intake_workbook  # noqa: E402
from desktop_app.core.filings.default_templates import write_templates  # noqa: E402

TEMPLATES = ROOT / "resources" / "templates"


def main() -> int:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    path = write_intake_workbook(TEMPLATES / TEMPLATE_NAME)
    for path in [path, *write_templates(TEMPLATES)]:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
