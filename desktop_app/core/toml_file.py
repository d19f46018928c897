"""Reading the app's TOML files (rules, vocabulary, court-filing layouts, signers) with one kind
of message for a file that is missing, unreadable or not TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Callable

FileError = Callable[[Path, list[str]], Exception]  # e.g. RuleFileError, TemplateError


def read_toml(path: Path, error: FileError) -> dict[str, Any]:
    """The file's data; raises `error(path, [problem])` when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise error(path, [f"cannot be read ({e.strerror})"]) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise error(path, [f"not valid TOML ({e})"]) from None
