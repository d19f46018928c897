"""Write a policy as TOML in the format of rules/policies/*.toml (no extra dependency).

The written file is loaded back with the engine's own loader before it replaces anything, so a
saved policy always opens again with the same options and steps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..core.facts import FACTS
from ..core.ruleset import BOOL_OPTIONS, NUMBER_OPTIONS, Condition, Group, Leaf, Policy, Step, load_policy, load_procedure
from ..paths import policies_dir, rules_dir


def shipped_policies() -> list[Path]:
    return sorted(policies_dir().glob("*.toml"))


def procedure_steps() -> list[Step]:
    return list(load_procedure(rules_dir() / "prop64_procedure.toml")["steps"])


def _value(v: Any) -> str:
    if isinstance(v, dt.date):
        return v.isoformat()  # a TOML local date
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to a policy file")


def _leaf_value(cond: Leaf) -> Any:
    """The value as the rule file wrote it (the loader turns dates into YYYYMMDD, texts into tuples)."""
    kind = FACTS[cond.fact].kind
    if kind == "date":
        return dt.date(cond.value // 10000, cond.value // 100 % 100, cond.value % 100)
    if kind == "text":
        return cond.value[0] if cond.op in ("==", "!=") else list(cond.value)
    return cond.value


def _condition(cond: Condition) -> str:
    if isinstance(cond, Leaf):
        target = f"option = {_value(cond.option)}" if cond.option else f"value = {_value(_leaf_value(cond))}"
        return f"{{ fact = {_value(cond.fact)}, op = {_value(cond.op)}, {target} }}"
    assert isinstance(cond, Group)
    if cond.kind == "not":
        return f"{{ not = {_condition(cond.items[0])} }}"
    return f"{{ {cond.kind} = [" + ", ".join(_condition(c) for c in cond.items) + "] }"


def _step(step: Step) -> list[str]:
    lines = ["[[step]]", f"id = {_value(step.id)}", f"title = {_value(step.title)}"]
    if step.citation:
        lines.append(f"citation = {_value(step.citation)}")
    lines += [f"outcome = {_value(step.outcome)}"]
    if step.determination:
        lines.append(f"determination = {_value(step.determination)}")
    lines.append(f"reason = {_value(step.reason)}")
    if step.requires_option:
        lines.append(f"requires_option = {_value(step.requires_option)}")
    if step.sections:
        lines.append(f"sections = {_value(step.sections)}")
    if step.when is not None:
        lines.append(f"when = {_condition(step.when)}")
    return lines


def policy_toml(policy: Policy, name: str, description: str) -> str:
    standard = [] if policy.own_procedure else procedure_steps()
    standard_ids = [s.id for s in standard]
    own = [s for s in policy.steps if s not in standard]
    ids = [s.id for s in policy.steps]
    options = policy.options
    lines = ["# Saved by Record Clearance Desktop.", "", "[policy]", f"name = {_value(name)}",
             f"description = {_value(description)}"]
    if policy.own_procedure and policy.procedure_version:
        lines.append(f"version = {_value(policy.procedure_version)}")
    if ids != standard_ids or own:
        lines.append(f"steps = {_value(ids)}")
    lines += ["", "[baselineEligibility]", f"dismiss = {_value(list(options.dismiss))}",
              f"reduce = {_value(list(options.reduce))}", "", "[additionalRelief]"]
    for option in (*BOOL_OPTIONS, *NUMBER_OPTIONS):
        lines.append(f"{option} = {_value(options.value(option))}")
    for step in own:
        lines += [""] + _step(step)
    if policy.own_procedure:  # a procedure of its own: its [otherwise] goes with it
        lines += ["", "[otherwise]"] + _step(policy.otherwise)[1:]
    return "\n".join(lines) + "\n"


def save_policy(policy: Policy, path: str | Path, name: str, description: str = "") -> Policy:
    """Write `policy` to `path` (atomically) and return it as loaded from there.

    Raises RuleFileError if the written text does not load back (nothing is replaced then), and
    OSError if the file cannot be written.
    """
    path = Path(path)
    text = policy_toml(policy, name, description)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        load_policy(tmp)  # validate before replacing anything
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return load_policy(path)


def policy_file_text(policy: Policy) -> tuple[str, str]:
    """The text and file name a workspace keeps for `policy`: its file's own text when it is the
    file as loaded (unchanged on disk), else the policy written as TOML (choices changed in the
    panel)."""
    import hashlib
    import re

    path = policy.path
    if path is not None and policy.sha256:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            raw = b""
        if hashlib.sha256(raw).hexdigest() == policy.sha256:
            return raw.decode("utf-8-sig"), Path(path).name
    slug = re.sub(r"[^A-Za-z0-9]+", "-", policy.name).strip("-").lower() or "policy"
    return policy_toml(policy, policy.name, policy.description or "Kept in a review workspace."), f"{slug}.toml"
