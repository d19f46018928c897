"""Problems with the files an office edits: document templates and case-list layouts."""

from __future__ import annotations

from pathlib import Path

from ..errors import RecordClearanceError


class TemplateError(RecordClearanceError):
    """A template (.docx) or layout (.toml) cannot be used; `problems` lists each one."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"{self.path.name}: " + "; ".join(problems))
