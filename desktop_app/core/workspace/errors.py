"""What can go wrong with a workspace, in words the user can act on. Every message names the file."""

from __future__ import annotations

from pathlib import Path

from ..errors import RecordClearanceError


class WorkspaceError(RecordClearanceError):
    """A workspace cannot be created, opened or changed as asked."""

    def __init__(self, path: str | Path | None, message: str) -> None:
        self.path = Path(path) if path is not None else None
        self.detail = message
        super().__init__(f"{self.path.name}: {message}" if self.path is not None else message)


class NotAWorkspace(WorkspaceError):
    """The file is not a Record Clearance workspace (it is left untouched)."""


class NewerWorkspace(WorkspaceError):
    """The workspace was written by a newer version of the app (it is left untouched)."""


class DamagedWorkspace(WorkspaceError):
    """The database is damaged (it is left untouched)."""


class WorkspaceInUse(WorkspaceError):
    """Another window or program has the workspace open for writing. `holder` says who, when
    known; the caller may offer to open it read-only (`read_only_possible`)."""

    def __init__(self, path: str | Path, holder: str, read_only_possible: bool = True) -> None:
        self.holder = holder
        self.read_only_possible = read_only_possible
        where = f" ({holder})" if holder else ""
        then = ("; close it there, or open it read-only" if read_only_possible
                else "; on a network folder only one person can have it open at a time: close it there first")
        super().__init__(path, f"the workspace is open elsewhere{where}{then}.")


class ReadOnlyWorkspace(WorkspaceError):
    """A change was asked of a workspace opened read-only."""


class ReviewError(WorkspaceError):
    """A review action that cannot be done as asked (unknown key, missing reason, ...); nothing
    was changed."""
