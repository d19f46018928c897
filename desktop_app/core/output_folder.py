"""The folder results go to: checked before anything is read or written, and created (with its
parents) when it does not exist yet. Shared by the command line and the desktop app."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OutputError


def output_folder_problem(folder: str | Path) -> str | None:
    """Why results cannot be written in `folder` (which need not exist yet), or None when they can."""
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            return f"{folder} is a file, not a folder."
        if not os.access(folder, os.W_OK):
            return f"The output folder {folder} is read-only; choose another folder."
        return None
    existing = folder.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    cannot = f"The output folder {folder} cannot be created"
    if not existing.exists():
        return f"{cannot}: {existing} does not exist."
    if not existing.is_dir():
        return f"{cannot}: {existing} is a file, not a folder."
    if not os.access(existing, os.W_OK):
        return f"{cannot}: {existing} is read-only; choose another folder."
    return None


def make_output_folder(folder: str | Path) -> None:
    """Create `folder` and its missing parents (nothing happens when it exists)."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        reason = "permission denied" if isinstance(e, PermissionError) else (e.strerror or str(e))
        raise OutputError(f"The output folder {folder} cannot be created: {reason}.") from None
