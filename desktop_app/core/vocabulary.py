"""What some DOJ research file columns hold (`rules/doj_file.toml`): the 58 county names, the
words of step kinds, dispositions and conviction levels. Used to check a file's columns and to
match a county typed by the user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import rules_dir
from .errors import RuleFileError
from .toml_file import read_toml


@dataclass(frozen=True)
class DojVocabulary:
    path: Path
    version: str
    counties: tuple[str, ...]
    abbreviations: dict[str, str]  # short form -> county name
    step_words: tuple[str, ...]
    disposition_words: tuple[str, ...]
    level_words: tuple[str, ...]


def vocabulary_path() -> Path:
    return rules_dir() / "doj_file.toml"


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> DojVocabulary:
    """Load and validate the file; a bad file raises RuleFileError naming every bad key."""
    path = path or vocabulary_path()
    data = read_toml(path, RuleFileError)
    problems: list[str] = []

    def words(table: str, key: str) -> tuple[str, ...]:
        value = data.get(table, {}).get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{table}.{key}: expected a list of words (text)")
            return ()
        return tuple(v.strip().upper() for v in value)

    counties = words("counties", "names")
    if counties and len(set(counties)) != 58:
        problems.append(f"counties.names: expected California's 58 counties, found {len(set(counties))}")
    abbreviations = data.get("counties", {}).get("abbreviations", {})
    if not isinstance(abbreviations, dict) or not all(
            isinstance(v, str) and v.upper() in counties for v in abbreviations.values()):
        problems.append("counties.abbreviations: expected a table of short form = county name (one of names)")
        abbreviations = {}
    vocabulary = DojVocabulary(
        path=path, version=str(data.get("version", "")), counties=counties,
        abbreviations={k.upper(): v.upper() for k, v in abbreviations.items()},
        step_words=words("step_types", "words"), disposition_words=words("dispositions", "words"),
        level_words=words("conviction_levels", "words"))
    if problems:
        raise RuleFileError(path, problems)
    return vocabulary
