"""Errors the engine raises for the user to read: each names the file and what was expected."""

from __future__ import annotations

from pathlib import Path


class RecordClearanceError(Exception):
    """Base class: a problem the user can fix, with a message fit to show them."""


class InputFileError(RecordClearanceError):
    """A records file cannot be read as a DOJ research file (or a workbook with its columns)."""

    def __init__(self, path: str | Path, message: str, *, line: int | None = None,
                 column: str | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        where = self.path.name
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


class RuleFileError(RecordClearanceError):
    """A policy or rules file is invalid. `problems` lists every problem found, one per line."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        lines = "\n".join(f"{self.path.name}: {p}" for p in problems)
        super().__init__(lines)


class OutputError(RecordClearanceError):
    """Results cannot be written where the user asked."""


class Cancelled(RecordClearanceError):
    """The user cancelled a long operation."""

    def __init__(self) -> None:
        super().__init__("Cancelled.")


class CountyError(RecordClearanceError):
    """The county asked for does not appear in the input files. `present` lists the counties that
    do, with their row counts (most rows first); `suggestions` the closest of them."""

    def __init__(self, requested: str, present: list[tuple[str, int]], suggestions: list[str],
                 absent_county: str | None = None) -> None:
        self.requested = requested
        self.present = present
        self.suggestions = suggestions
        self.absent_county = absent_county  # the California county meant, when it has no rows here
        text = f"County '{requested.strip()}' is not in the input files."
        if suggestions:
            text += f" Did you mean {' or '.join(suggestions)}?"
        elif absent_county:
            text += f" ({absent_county} has no rows in them.)"
        if present:
            listed = ", ".join(f"{name} ({rows:,})" for name, rows in present)
            text += f"\nCounties in the input files (rows): {listed}."
        else:
            text += "\nNo row of the input files names a county (STP_ORI_CNTY_NAME is blank on every row)."
        super().__init__(text)
