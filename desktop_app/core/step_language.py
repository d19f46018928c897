"""The step language of rule files: a step (id, title, citation, outcome, reason, and a condition
over the facts of facts.py, or a policy's section list), parsed and validated with every problem
collected as `step 'id': key: message`. Operators and outcomes come from closed lists: nothing in a
rule file is ever run as code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Union

from .facts import FACTS
from .schema import DETERMINATIONS

# "route": the conviction goes to another office (e.g. a City Attorney): not a decision on the
# merits. The step names the determination users see (`determination = "..."`).
OUTCOMES = ("dismiss", "reduce", "not_eligible", "hand_review", "route")
ROUTE = "route"
OPS = ("is", "==", "!=", "<", "<=", ">", ">=", "in", "starts_with")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
TEXT_OPS = ("==", "!=", "in", "starts_with")

# The options of the counties' format a step may read.
BOOL_OPTIONS = ("subjectUnder21AtConviction", "subjectIsDeceased", "subjectHasOnlyProp64Charges")
NUMBER_OPTIONS = {  # (allowed range when on; 0 always means off)
    "subjectAgeThreshold": (40, 65),
    "yearsSinceConvictionThreshold": (1, 15),
    "yearsCrimeFreeThreshold": (1, 15),
}


@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str
    value: Any = None
    option: str | None = None


@dataclass(frozen=True)
class Group:
    kind: str  # "all", "any", "not"
    items: tuple["Condition", ...]


Condition = Union[Leaf, Group]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    outcome: str
    reason: str
    citation: str = ""
    when: Condition | None = None
    sections: str | None = None  # "dismiss" / "reduce": the policy's list of sections
    requires_option: str | None = None
    determination: str = ""  # for outcome "route": the determination users see


def _condition_options(cond: "Condition | None") -> set[str]:
    if cond is None:
        return set()
    if isinstance(cond, Leaf):
        return {cond.option} if cond.option else set()
    return set().union(*(_condition_options(c) for c in cond.items))


def step_options(step: Step) -> set[str]:
    """The options a step reads: to switch it off, in its condition, or in its reason."""
    names = _condition_options(step.when) | set(re.findall(r"{(\w+)}", step.reason)) - {"entry"}
    return names | ({step.requires_option} if step.requires_option else set())


def parse_step(raw: Any, where: str, problems: list[str], needs_condition: bool = True) -> Step | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a table")
        return None
    allowed = {"id", "title", "citation", "outcome", "reason", "when", "sections", "requires_option", "determination"}
    for key in raw:
        if key not in allowed:
            problems.append(f"{where}.{key}: unknown key; allowed: {', '.join(sorted(allowed))}")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not re.fullmatch(r"[a-z0-9_]+", step_id or ""):
        problems.append(f"{where}.id: expected a lower-case id such as \"under_21\"")
        step_id = where
    where = f"step '{step_id}'"
    outcome = raw.get("outcome")
    if outcome not in OUTCOMES:
        problems.append(f"{where}: outcome: '{outcome}' is not allowed; allowed: {', '.join(OUTCOMES)}")
    determination = raw.get("determination", "")
    if outcome == ROUTE:
        if not isinstance(determination, str) or not determination.strip():
            problems.append(f"{where}: determination: a step with outcome \"route\" names the determination "
                            "users see, e.g. \"To be reviewed by City Attorneys\"")
            determination = ""
        elif determination.strip().lower() in {d.lower() for d in (*DETERMINATIONS, "Not evaluated")}:
            problems.append(f"{where}: determination: '{determination}' is a determination of its own; "
                            f"use its outcome ({', '.join(OUTCOMES[:4])}) instead of \"route\"")
            determination = ""
    elif "determination" in raw:
        problems.append(f"{where}: determination: only a step with outcome \"route\" names a determination")
        determination = ""
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(f"{where}: reason: expected the text users see for this decision")
        reason = ""
    requires = raw.get("requires_option")
    if requires is not None and requires not in (*BOOL_OPTIONS, *NUMBER_OPTIONS):
        problems.append(f"{where}: requires_option: unknown option '{requires}'; allowed: "
                        f"{', '.join((*BOOL_OPTIONS, *NUMBER_OPTIONS))}")
    for name in re.findall(r"{(\w+)}", reason):
        if name != "entry" and name not in NUMBER_OPTIONS and name not in BOOL_OPTIONS:
            problems.append(f"{where}: reason: unknown placeholder {{{name}}}")
    sections = raw.get("sections")
    when = None
    if sections is not None:
        if sections not in ("dismiss", "reduce"):
            problems.append(f"{where}: sections: expected \"dismiss\" or \"reduce\", found {sections!r}")
        if "when" in raw:
            problems.append(f"{where}: give either sections or when, not both")
    elif "when" in raw:
        when = parse_condition(raw["when"], f"{where}: when", problems)
    elif needs_condition:
        problems.append(f"{where}: needs a condition (when) or a section list (sections)")
    return Step(id=step_id, title=str(raw.get("title", step_id)), outcome=str(outcome), reason=reason,
                citation=str(raw.get("citation", "")), when=when, sections=sections,
                requires_option=requires, determination=str(determination).strip())


def parse_condition(raw: Any, where: str, problems: list[str]) -> Condition | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a table")
        return None
    for kind in ("all", "any"):
        if kind in raw:
            items = raw[kind]
            if not isinstance(items, list) or not items:
                problems.append(f"{where}.{kind}: expected a non-empty list of conditions")
                return None
            parsed = [parse_condition(x, f"{where}.{kind}[{i}]", problems) for i, x in enumerate(items)]
            return Group(kind, tuple(p for p in parsed if p))
    if "not" in raw:
        inner = parse_condition(raw["not"], f"{where}.not", problems)
        return Group("not", (inner,)) if inner else None
    fact, op = raw.get("fact"), raw.get("op")
    for key in raw:
        if key not in ("fact", "op", "value", "option"):
            problems.append(f"{where}.{key}: unknown key; allowed: fact, op, value, option (or all, any, not)")
    if fact not in FACTS:
        problems.append(f"{where}.fact: unknown fact '{fact}'; known: {', '.join(sorted(FACTS))}")
        return None
    if op not in OPS:
        problems.append(f"{where}.op: '{op}' is not allowed; allowed: {', '.join(OPS)}")
        return None
    kind = FACTS[fact].kind
    if ("value" in raw) == ("option" in raw):
        problems.append(f"{where}: give exactly one of value or option")
        return None
    if kind in ("number", "date") and op not in COMPARISONS:
        problems.append(f"{where}.op: fact '{fact}' is a {kind}: use one of {', '.join(COMPARISONS)}")
        return None
    if kind == "text" and op not in TEXT_OPS:
        problems.append(f"{where}.op: fact '{fact}' is text: use one of {', '.join(TEXT_OPS)}")
        return None
    if "option" in raw:
        if raw["option"] not in NUMBER_OPTIONS and raw["option"] not in BOOL_OPTIONS:
            problems.append(f"{where}.option: unknown option '{raw['option']}'")
        elif kind in ("date", "text"):
            problems.append(f"{where}.option: fact '{fact}' is a {kind}; compare it with a value")
        return Leaf(fact, op, option=raw["option"])
    value = raw["value"]
    if kind == "bool" and (not isinstance(value, bool) or op not in ("is", "==", "!=")):
        problems.append(f"{where}: fact '{fact}' is true/false: use op \"is\" with value true or false")
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        problems.append(f"{where}.value: fact '{fact}' is a number; expected a number, found {value!r}")
    if kind == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            problems.append(f"{where}.value: fact '{fact}' is a date; expected a date such as 2016-11-09 "
                            f"(not quoted), found {value!r}")
            return None
        value = value.year * 10000 + value.month * 100 + value.day  # compared as YYYYMMDD
    if kind == "text":
        texts = value if isinstance(value, list) and op in ("in", "starts_with") else [value]
        if not texts or not all(isinstance(t, str) and t.strip() for t in texts) or (
                op == "in" and not isinstance(value, list)):
            shape = "a list of texts" if op == "in" else "a text" + (" or a list of texts" if op != "==" and
                                                                      op != "!=" else "")
            problems.append(f"{where}.value: fact '{fact}' is text: op '{op}' expects {shape}, found {value!r}")
            return None
        # Compared trimmed, without regard to case (the text facts are upper case).
        value = tuple(t.strip().upper() for t in texts)
    return Leaf(fact, op, value=value)
