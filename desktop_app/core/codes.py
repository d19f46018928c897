"""Code-section analysis: which Prop 64 section (and subsection) a code section names, and
whether it is on the superstrike (and which of those are superstrike pairs), PC 290 or
related-charge lists of `rules/code_sections.toml`.

Matching runs once per distinct code section (a large file has a few thousand), never per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import RuleFileError
from .toml_file import read_toml

_SUB = r"(\([A-Z0-9]{1,3}\))*"


def normalise_code_section(text: str) -> str:
    """'11357(c) hs' -> '11357(C)HS': upper case, no spaces."""
    return "".join(text.split()).upper()


@dataclass(frozen=True)
class CodeSectionLists:
    path: Path
    version: str
    prop64_sections: tuple[str, ...]
    subsections: dict[str, tuple[str, ...]]
    superstrike: re.Pattern[str]  # every superstrike, pairs included
    superstrike_single: re.Pattern[str]  # the superstrikes that are not pairs
    pc290: re.Pattern[str]
    related: re.Pattern[str]
    prop64: re.Pattern[str]
    descriptions: dict[str, str]  # policy entry -> what it covered (rules: prop64.describe)

    def policy_entries(self) -> tuple[str, ...]:
        """What a policy's dismiss/reduce lists may name, each subsection right under its section:
        '11357', '11357(a)' ... '11357(d)', '11357(no-sub-section)', '11358', ..."""
        entries: list[str] = []
        for s in self.prop64_sections:
            entries.append(s)
            subs = self.subsections.get(s, ())
            entries += [f"{s}({x.lower()})" for x in subs] + ([f"{s}(no-sub-section)"] if subs else [])
        return tuple(entries)

    def analyse(self, code_sections: pd.Index | list[str]) -> pd.DataFrame:
        """One row per given code section: first Prop 64 section, per-section subsections, list flags.

        Columns: `prop64_section` ('' when none), for each section S `has_S` (bool) and `sub_S`
        (the letter of its subsection, '' when none), `superstrike`, `superstrike_pair` (a superstrike
        only as a pair: an offence with PC 186.22(b)(4), no other superstrike), `pc290`, `related` (bool).
        """
        values = [normalise_code_section(str(v)) for v in code_sections]
        out: dict[str, list[object]] = {"prop64_section": []}
        for s in self.prop64_sections:
            out[f"has_{s}"] = []
            out[f"sub_{s}"] = []
        for v in values:
            found: dict[str, str] = {}
            first = ""
            for m in self.prop64.finditer(v):
                section = m.group("section")
                if section not in found:
                    found[section] = m.group("sub_paren") or m.group("sub_bare") or ""
                    first = first or section
            out["prop64_section"].append(first)
            for s in self.prop64_sections:
                out[f"has_{s}"].append(s in found)
                out[f"sub_{s}"].append(found.get(s, ""))
        frame = pd.DataFrame(out)
        for name, pattern in (("superstrike", self.superstrike), ("pc290", self.pc290),
                              ("related", self.related)):
            frame[name] = np.fromiter((bool(pattern.search(v)) for v in values), dtype=bool,
                                      count=len(values))
        single = np.fromiter((bool(self.superstrike_single.search(v)) for v in values), dtype=bool,
                             count=len(values))
        frame["superstrike_pair"] = frame["superstrike"].to_numpy() & ~single
        return frame


def _combine(patterns: list[str]) -> str:
    body = "|".join(f"(?:{p.replace('{SUB}', _SUB)})" for p in patterns)
    return rf"(?<![0-9A-Z.])(?:{body})(?![A-Z])"


def load_code_sections(path: Path) -> CodeSectionLists:
    """Load and validate the code-section lists; a bad file raises RuleFileError naming the key.

    Read afresh at every call (about 0.3 ms; once per data set opened), so an edited file counts
    from the next data set on, without restarting the app."""
    problems: list[str] = []
    data = read_toml(path, RuleFileError)
    compiled: dict[str, re.Pattern[str]] = {}
    lists: dict[str, list[str]] = {}
    for key, name in (("superstrike", "patterns"), ("superstrike", "pair_patterns"), ("pc290", "patterns"),
                      ("related", "patterns")):
        patterns = data.get(key, {}).get(name, [] if name == "pair_patterns" else None)
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            problems.append(f"{key}.{name}: expected a list of patterns (text)")
            continue
        for i, p in enumerate(patterns):
            try:
                re.compile(p.replace("{SUB}", _SUB))
            except re.error as e:
                problems.append(f"{key}.{name}[{i}] '{p}': not a valid pattern ({e})")
        lists[f"{key}.{name}"] = patterns
    if not problems:
        singles = lists["superstrike.patterns"]
        compiled["superstrike"] = re.compile(_combine(singles + lists["superstrike.pair_patterns"]))
        compiled["superstrike_single"] = re.compile(_combine(singles))
        compiled["pc290"] = re.compile(_combine(lists["pc290.patterns"]))
        compiled["related"] = re.compile(_combine(lists["related.patterns"]))
    sections = data.get("prop64", {}).get("sections")
    if not isinstance(sections, list) or not sections or not all(
            isinstance(s, str) and s.isdigit() for s in sections):
        problems.append("prop64.sections: expected a list of section numbers such as \"11357\"")
    subsections = data.get("prop64", {}).get("subsections", {})
    if not isinstance(subsections, dict):
        problems.append("prop64.subsections: expected a table such as { \"11357\" = [\"A\", \"B\"] }")
    describe = data.get("prop64", {}).get("describe", {})
    if not isinstance(describe, dict) or not all(isinstance(v, str) for v in describe.values()):
        problems.append("prop64.describe: expected a table such as { \"11358\" = \"HS 11358: cultivation\" }")
        describe = {}
    if problems:
        raise RuleFileError(path, problems)
    numbers = "|".join(re.escape(s) for s in sections)
    prop64 = re.compile(
        rf"(?<![0-9])(?P<section>{numbers})(?![0-9]|\.[0-9])"
        rf"(?:\((?P<sub_paren>[A-Z])\)|(?P<sub_bare>[A-Z])(?![A-Z]))?")
    return CodeSectionLists(
        path=path, version=str(data.get("version", "")), prop64_sections=tuple(sections),
        subsections={k: tuple(str(x).upper() for x in v) for k, v in subsections.items()},
        superstrike=compiled["superstrike"], superstrike_single=compiled["superstrike_single"], pc290=compiled["pc290"], related=compiled["related"],
        prop64=prop64, descriptions={str(k).lower(): v for k, v in describe.items()})
