"""Start the desktop app: `record-clearance-gui [FILE...]` or `python -m desktop_app [FILE...]`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("The desktop window is not built yet; use the record-clearance command.", file=sys.stderr)
    return 1
