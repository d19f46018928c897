"""Matching a county the user typed against the counties of the input files: exact (case and
spacing ignored) or refused with the counties present and the closest of them (a misspelling,
initials such as LA or SF, "Sacramento County")."""

from __future__ import annotations

import difflib
import re

import pandas as pd

from .errors import CountyError
from .vocabulary import load_vocabulary


def county_key(text: str) -> str:
    """'  los  angeles ' -> 'LOS ANGELES': upper case, single spaces."""
    return " ".join(str(text).split()).upper()


def resolve_county(requested: str, counts: pd.Series) -> str:
    """The county as the input files name it (a key of `counts`, rows per county) for what the
    user typed. Raises CountyError when it is not there, with the closest matches."""
    present = {county_key(name): str(name) for name in counts.index if county_key(name)}
    key = county_key(requested)
    if key in present:
        return present[key]
    suggestions, meant = closest_counties(requested, list(present))
    raise CountyError(requested, [(str(name), int(rows)) for name, rows in counts.items() if county_key(name)],
                      [present[s] for s in suggestions], meant)


def closest_counties(requested: str, present: list[str]) -> tuple[list[str], str | None]:
    """The counties of `present` (keys) the user probably meant, best first, and the California
    county meant when it is not among them (or None)."""
    vocabulary = load_vocabulary()
    key = county_key(requested)
    bare = re.sub(r"^COUNTY OF |\s+(COUNTY|CO\.?)$", "", key).strip()
    letters = re.sub(r"[^A-Z]", "", key)
    meant: list[str] = []
    if bare in vocabulary.counties:
        meant = [bare]
    elif letters in vocabulary.abbreviations:
        meant = [vocabulary.abbreviations[letters]]
    elif 2 <= len(letters) <= 4 and " " not in key.strip("."):
        meant = [c for c in vocabulary.counties if "".join(w[0] for w in c.split()) == letters
                 and len(c.split()) == len(letters)]
    found = [c for c in meant if c in present]
    if not found:
        found = difflib.get_close_matches(bare, present, n=2, cutoff=0.6)
    absent = next((c for c in meant if c not in present), None) if not found else None
    return found, absent


def california_counties() -> tuple[str, ...]:
    """California's 58 counties as DOJ files name them (rules/doj_file.toml)."""
    return load_vocabulary().counties


def county_name(text: str) -> str:
    """How people write a county -> how DOJ files name it: 'Sacramento County', ' sacramento co. ',
    'LA' -> 'SACRAMENTO', 'LOS ANGELES'. A name that is not a California county is kept, in upper
    case ('' stays '')."""
    vocabulary = load_vocabulary()
    name = " ".join(str(text).upper().replace(".", " ").split())
    name = re.sub(r"^COUNTY OF |(?: COUNTY| CO| CNTY)$", "", name).strip()
    if name in vocabulary.counties or not name:
        return name
    if name in vocabulary.abbreviations:
        return vocabulary.abbreviations[name]
    initials = [c for c in vocabulary.counties
                if len(c.split()) == len(name) > 1 and "".join(w[0] for w in c.split()) == name]
    return initials[0] if len(initials) == 1 else name
