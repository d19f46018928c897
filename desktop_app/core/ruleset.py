"""Load and validate eligibility policies (TOML in `rules/`, or the counties' JSON options format).

A policy = the options a county chooses + the ordered steps of the procedure
(`rules/prop64_procedure.toml`), optionally with steps of its own. A policy with an `[otherwise]`
of its own is a whole procedure by itself: its own steps replace the standard ones. Everything is
validated before anything is evaluated; every problem is collected and reported as
`file: key: message`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RuleFileError
from .schema import DETERMINATIONS, OUTCOME_DETERMINATION
# The step language lives in step_language.py; its names are re-exported for the modules that
# load policies and show their steps.
from .step_language import (BOOL_OPTIONS, NUMBER_OPTIONS, OUTCOMES, ROUTE, Condition, Group, Leaf, Step,  # noqa: F401
                            parse_step, step_options)

OPTION_HELP = {
    "subjectUnder21AtConviction": "Dismiss when the person was under 21 on the conviction date.",
    "subjectAgeThreshold": "Dismiss when the person is at least this age on the evaluation date (0 = off, 40–65).",
    "yearsSinceConvictionThreshold": "Dismiss when the conviction is at least this many years old (0 = off, 1–15).",
    "yearsCrimeFreeThreshold": "Dismiss when the person has no conviction in this many years (0 = off, 1–15).",
    "subjectIsDeceased": "Dismiss when the person is deceased.",
    "subjectHasOnlyProp64Charges": "Dismiss when every conviction the person has is a Prop 64 conviction.",
}
# The counties' options format puts all six options under "additionalRelief".
ADDITIONAL_RELIEF = (*BOOL_OPTIONS, *NUMBER_OPTIONS)


def section_entries() -> tuple[str, ...]:
    """What a policy's dismiss/reduce lists may name, from rules/code_sections.toml."""
    from ..paths import rules_dir
    from .codes import load_code_sections

    return load_code_sections(rules_dir() / "code_sections.toml").policy_entries()


@dataclass(frozen=True)
class Options:
    """The choices of the counties' options format (`baselineEligibility` + `additionalRelief`)."""

    dismiss: tuple[str, ...] = ()
    reduce: tuple[str, ...] = ()
    subjectUnder21AtConviction: bool = False
    subjectAgeThreshold: int = 0
    yearsSinceConvictionThreshold: int = 0
    yearsCrimeFreeThreshold: int = 0
    subjectIsDeceased: bool = False
    subjectHasOnlyProp64Charges: bool = False

    def value(self, name: str) -> Any:
        return getattr(self, name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "baselineEligibility": {"dismiss": list(self.dismiss), "reduce": list(self.reduce)},
            "additionalRelief": {name: getattr(self, name) for name in (*BOOL_OPTIONS, *NUMBER_OPTIONS)},
        }


@dataclass(frozen=True)
class Policy:
    name: str
    path: Path | None
    options: Options
    steps: tuple[Step, ...]
    otherwise: Step
    procedure_id: str
    procedure_version: str
    description: str = ""
    sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    own_procedure: bool = False  # its own steps and [otherwise] replace the standard procedure

    def active_steps(self) -> list[Step]:
        """The steps that can decide anything under these options (switched-off ones left out)."""
        return [s for s in self.steps if not s.requires_option or self.options.value(s.requires_option)]

    def with_options(self, options: Options, name: str | None = None) -> "Policy":
        """The same procedure with other options (what the GUI's policy panel changes)."""
        problems = validate_options(options)
        if problems:
            raise RuleFileError(self.path or Path("(policy)"), problems)
        return dataclasses.replace(self, name=name or self.name, options=options, sha256="")

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return (*self.steps, self.otherwise)

    def used_options(self) -> set[str]:
        """The additional-relief options some step reads (the others change nothing)."""
        return set().union(*(step_options(s) for s in self.all_steps))

    @property
    def uses_sections(self) -> bool:
        """Whether some step reads the dismiss / reduce section lists."""
        return any(s.sections for s in self.all_steps)

    @property
    def route_determination(self) -> str:
        """The determination of the policy's routing steps ("" when it routes nothing)."""
        return next((s.determination for s in self.all_steps if s.outcome == ROUTE), "")

    @property
    def determinations(self) -> tuple[str, ...]:
        """Every determination this policy can give: the four, then its routing if it has one."""
        return DETERMINATIONS + ((self.route_determination,) if self.route_determination else ())

    def determination_of(self, outcome: str) -> str:
        return self.route_determination if outcome == ROUTE else OUTCOME_DETERMINATION[outcome]


# ------------------------------------------------------------------ loading

def load_policy(path: str | Path, procedure_path: str | Path | None = None) -> Policy:
    """Load a policy file (.toml, or the counties' .json options format) and validate it."""
    path = Path(path)
    return policy_from_bytes(_read_bytes(path), path, procedure_path)


def policy_from_bytes(raw_bytes: bytes, path: str | Path, procedure_path: str | Path | None = None) -> Policy:
    """A policy from its file's bytes (e.g. kept in a workspace); `path` gives its format (suffix)
    and the name messages use."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw_bytes.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise RuleFileError(path, [f"not valid JSON ({e})"]) from None
        if not isinstance(data, dict):
            raise RuleFileError(path, ["expected a JSON object with baselineEligibility and additionalRelief"])
        meta: dict[str, Any] = {"name": path.stem}
    else:
        try:
            data = tomllib.loads(raw_bytes.decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise RuleFileError(path, [f"not valid TOML ({e})"]) from None
        meta = data.get("policy", {})
        if not isinstance(meta, dict):
            raise RuleFileError(path, ["policy: expected a table [policy] with name and description"])
    problems: list[str] = []
    allowed_top = {"baselineEligibility", "additionalRelief"} | (
        set() if path.suffix.lower() == ".json" else {"policy", "step", "otherwise"})
    for key in data:
        if key not in allowed_top:
            problems.append(f"{key}: unknown key; allowed: {', '.join(sorted(allowed_top))}")
    options = _parse_options(data, problems)
    own_procedure = "otherwise" in data
    procedure: dict[str, Any]
    if own_procedure:  # a whole procedure of its own: the standard steps are not part of it
        procedure = {"id": path.stem, "version": str(meta.get("version", "")), "steps": (),
                     "otherwise": parse_step(data["otherwise"], "otherwise", problems, needs_condition=False)}
    else:
        procedure = load_procedure(procedure_path or _default_procedure_path())
    steps = list(procedure["steps"])
    own_steps = [parse_step(s, f"step[{i}]", problems) for i, s in enumerate(data.get("step", []) or [])]
    if own_procedure and not any(own_steps):
        problems.append("step: a policy with its own [otherwise] needs steps of its own")
    by_id = {s.id: s for s in steps}
    for s in own_steps:
        if s is None:
            continue
        if s.id in by_id and s not in steps:
            used_by = "the procedure" if any(x.id == s.id for x in steps) else "another step"
            problems.append(f"step '{s.id}': id already used by {used_by}; choose another id")
        by_id[s.id] = s
    order = meta.get("steps")
    if order is not None:
        if not isinstance(order, list) or not all(isinstance(x, str) for x in order):
            problems.append("policy.steps: expected a list of step ids")
            order = None
        else:
            unknown = [x for x in order if x not in by_id]
            if unknown:
                problems.append(f"policy.steps: unknown step id(s) {', '.join(unknown)}; known: {', '.join(by_id)}")
            dupes = {x for x in order if order.count(x) > 1}
            if dupes:
                problems.append(f"policy.steps: step id(s) listed twice: {', '.join(sorted(dupes))}")
    elif own_procedure:
        order = [s.id for s in own_steps if s is not None]  # a procedure of its own runs in file order
    unused = [s.id for s in own_steps if s is not None and (order is None or s.id not in order)]
    if unused:
        problems.append(f"step '{unused[0]}': defined but not placed; list it in policy.steps to say where it runs")
    for key in meta:
        if key not in ("name", "description", "steps", "version"):
            problems.append(f"policy.{key}: unknown key; allowed: name, description, steps, version")
    problems += validate_options(options)
    problems += _check_routes([*by_id.values(), procedure["otherwise"]])
    if problems:
        raise RuleFileError(path, problems)
    ordered = tuple(by_id[x] for x in order) if order else tuple(steps)
    return Policy(name=str(meta.get("name") or path.stem), path=path, options=options, steps=ordered,
                  otherwise=procedure["otherwise"], procedure_id=procedure["id"],
                  procedure_version=procedure["version"], description=str(meta.get("description", "")),
                  sha256=hashlib.sha256(raw_bytes).hexdigest(), own_procedure=own_procedure)


def _check_routes(steps: list[Step | None]) -> list[str]:
    """A policy routes to one determination at most, and it is not one of the four."""
    routes = {s.determination: s.id for s in steps if s is not None and s.outcome == ROUTE and s.determination}
    if len(routes) > 1:
        return [f"step '{step_id}': determination: a policy routes to one determination; found "
                + ", ".join(f"'{d}'" for d in routes) for step_id in list(routes.values())[1:2]]
    return []


def load_procedure(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = tomllib.loads(_read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise RuleFileError(path, [f"not valid TOML ({e})"]) from None
    problems: list[str] = []
    steps = [parse_step(s, f"step[{i}]", problems) for i, s in enumerate(data.get("step", []))]
    if not steps:
        problems.append("step: the procedure has no steps")
    ids = [s.id for s in steps if s]
    if len(set(ids)) != len(ids):
        problems.append(f"step: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    otherwise = parse_step(data.get("otherwise", {}), "otherwise", problems, needs_condition=False)
    if problems:
        raise RuleFileError(path, problems)
    return {"id": str(data.get("id", path.stem)), "version": str(data.get("version", "")),
            "steps": tuple(s for s in steps if s), "otherwise": otherwise}


def _default_procedure_path() -> Path:
    from ..paths import rules_dir

    return rules_dir() / "prop64_procedure.toml"


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RuleFileError(path, ["the file does not exist"]) from None
    except IsADirectoryError:
        raise RuleFileError(path, ["this is a folder, not a policy file"]) from None
    except OSError as e:
        raise RuleFileError(path, [f"cannot be read ({e.strerror})"]) from None


def _parse_options(data: dict[str, Any], problems: list[str]) -> Options:
    baseline = data.get("baselineEligibility", {})
    relief = data.get("additionalRelief", {})
    values: dict[str, Any] = {}
    if not isinstance(baseline, dict):
        problems.append("baselineEligibility: expected a table with dismiss and reduce lists")
        baseline = {}
    if not isinstance(relief, dict):
        problems.append("additionalRelief: expected a table of options")
        relief = {}
    for key in baseline:
        if key not in ("dismiss", "reduce"):
            problems.append(f"baselineEligibility.{key}: unknown key; allowed: dismiss, reduce")
    for key in ("dismiss", "reduce"):
        entries = baseline.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            problems.append(f"baselineEligibility.{key}: expected a list of sections such as [\"11357\", \"11358\"]")
            entries = []
        values[key] = tuple(e.strip() for e in entries)
    allowed = (*BOOL_OPTIONS, *NUMBER_OPTIONS)
    for key, value in relief.items():
        if key not in allowed:
            problems.append(f"additionalRelief.{key}: unknown option; allowed: {', '.join(allowed)}")
        else:
            values[key] = value
    try:
        return Options(**values)
    except TypeError as e:  # pragma: no cover - keys are checked above
        problems.append(str(e))
        return Options()


def validate_options(options: Options) -> list[str]:
    """Every out-of-range or ill-typed option, named with its allowed values."""
    problems: list[str] = []
    allowed = section_entries()
    for key in ("dismiss", "reduce"):
        for entry in getattr(options, key):
            if entry.lower() not in allowed:
                problems.append(f"baselineEligibility.{key}: '{entry}' is not a Prop 64 section; "
                                f"allowed: {', '.join(allowed)}")
    for name in BOOL_OPTIONS:
        if not isinstance(options.value(name), bool):
            problems.append(f"additionalRelief.{name}: expected true or false, found {options.value(name)!r}")
    for name, (low, high) in NUMBER_OPTIONS.items():
        value = options.value(name)
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"additionalRelief.{name}: expected a whole number (0 = off, or {low}–{high}), "
                            f"found {value!r}")
        elif value != 0 and not low <= value <= high:
            problems.append(f"additionalRelief.{name}: {value} is out of range; allowed: 0 (off) or {low}–{high}")
    return problems


