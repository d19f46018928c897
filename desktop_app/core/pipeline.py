"""The whole job in three calls, shared by the command line, the desktop app and the self-test:
load (read + prepare), evaluate, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from ..paths import rules_dir
from .codes import load_code_sections
from .evaluate import evaluate
from .results import Results
from .prepare import Prepared, prepare
from .reader import read_records
from .ruleset import Policy, load_policy

Progress = Callable[[int, int], None]


def code_sections_path() -> Path:
    return rules_dir() / "code_sections.toml"


def load(paths: Iterable[str | Path], *, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, prepare_progress: Progress | None = None) -> Prepared:
    """Read the input files as one data set and prepare it for evaluation. `progress` reports the
    reading (bytes), `prepare_progress` the preparation stages."""
    records = read_records(paths, progress=progress, cancelled=cancelled)
    return prepare(records, load_code_sections(code_sections_path()), progress=prepare_progress,
                   cancelled=cancelled)


def default_policy_path() -> Path:
    return rules_dir() / "policies" / "county-common.toml"


def run(paths: Iterable[str | Path], county: str, policy: Policy | str | Path, as_of: dt.date,
        *, progress: Progress | None = None) -> Results:
    prepared = load(paths, progress=progress)
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    return evaluate(prepared, policy, county, as_of=as_of)
