"""Policies and rule files: every shipped file loads; every validation error names file, key and
the allowed values."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop_app.core.codes import load_code_sections
from desktop_app.core.errors import RuleFileError
from desktop_app.core.ruleset import Options, load_policy, load_procedure
from desktop_app.paths import policies_dir, rules_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "gogen"


@pytest.mark.parametrize("path", sorted(policies_dir().glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_policy_loads(path):
    policy = load_policy(path)
    assert policy.name and policy.steps and policy.sha256


def test_shipped_rule_files_load():
    assert load_procedure(rules_dir() / "prop64_procedure.toml")["steps"]
    assert load_code_sections(rules_dir() / "code_sections.toml").prop64_sections == (
        "11357", "11358", "11359", "11360")


def test_county_common_policy_is_the_common_choice():
    o = load_policy(policies_dir() / "county-common.toml").options
    assert (o.dismiss, o.reduce) == (("11357", "11358"), ("11359", "11360"))
    assert (o.subjectUnder21AtConviction, o.subjectAgeThreshold, o.yearsSinceConvictionThreshold,
            o.yearsCrimeFreeThreshold, o.subjectIsDeceased, o.subjectHasOnlyProp64Charges) == (
        True, 57, 10, 0, True, True)


def test_dismiss_all_policy():
    o = load_policy(policies_dir() / "dismiss-all-prop64.toml").options
    assert o.dismiss == ("11357", "11358", "11359", "11360") and o.reduce == ()


def test_counties_json_options_format():
    policy = load_policy(FIXTURES / "eligibility_options.json")
    assert policy.options == Options(dismiss=("11357", "11358"), reduce=("11359", "11360"),
                                     subjectUnder21AtConviction=True, subjectAgeThreshold=57,
                                     yearsSinceConvictionThreshold=10, subjectIsDeceased=True,
                                     subjectHasOnlyProp64Charges=True)
    assert [s.id for s in policy.active_steps()] == [
        "misdemeanor", "dismiss_sections", "under_21", "age_threshold", "years_since_conviction",
        "only_prop64", "deceased", "reduce_sections"]


def test_policy_can_add_exclusion_steps():
    policy = load_policy(policies_dir() / "exclude-superstrike-example.toml")
    assert [s.id for s in policy.steps][:4] == ["superstrike_before", "pc290_before", "serving_sentence", "misdemeanor"]


def _json(tmp_path, data) -> Path:
    path = tmp_path / "options.json"
    path.write_text(json.dumps(data))
    return path


def _errors(path) -> list[str]:
    with pytest.raises(RuleFileError) as e:
        load_policy(path)
    return e.value.problems


def test_out_of_range_numbers_name_option_and_range(tmp_path):
    problems = _errors(_json(tmp_path, {"additionalRelief": {"subjectAgeThreshold": 30,
                                                             "yearsSinceConvictionThreshold": 16}}))
    assert problems == [
        "additionalRelief.subjectAgeThreshold: 30 is out of range; allowed: 0 (off) or 40–65",
        "additionalRelief.yearsSinceConvictionThreshold: 16 is out of range; allowed: 0 (off) or 1–15"]


def test_wrong_types(tmp_path):
    problems = _errors(_json(tmp_path, {"additionalRelief": {"subjectIsDeceased": "yes",
                                                             "subjectAgeThreshold": 57.5}}))
    assert "additionalRelief.subjectIsDeceased: expected true or false, found 'yes'" in problems
    assert any(p.startswith("additionalRelief.subjectAgeThreshold: expected a whole number") for p in problems)


def test_unknown_keys_and_sections(tmp_path):
    problems = _errors(_json(tmp_path, {"baselineEligibility": {"dismiss": ["11357.5"], "drop": []},
                                        "additionalRelief": {"subjectIsDead": True}, "extra": 1}))
    assert "extra: unknown key; allowed: additionalRelief, baselineEligibility" in problems
    assert "baselineEligibility.drop: unknown key; allowed: dismiss, reduce" in problems
    assert any(p.startswith("additionalRelief.subjectIsDead: unknown option; allowed: subjectUnder21AtConviction")
               for p in problems)
    assert any(p.startswith("baselineEligibility.dismiss: '11357.5' is not a Prop 64 section; allowed: 11357, ")
               for p in problems)


def test_invalid_json_and_toml(tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{ nope")
    assert _errors(bad_json)[0].startswith("not valid JSON")
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[policy\nname=")
    assert _errors(bad_toml)[0].startswith("not valid TOML")


def test_error_message_names_the_file(tmp_path):
    with pytest.raises(RuleFileError) as e:
        load_policy(_json(tmp_path, {"additionalRelief": {"subjectAgeThreshold": 99}}))
    assert str(e.value).startswith("options.json: additionalRelief.subjectAgeThreshold: 99 is out of range")


def test_custom_step_errors(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('''
[policy]
name = "x"
steps = ["misdemeanor", "mine", "ghost"]
[[step]]
id = "mine"
outcome = "punish"
reason = "r {nothing}"
when = { fact = "shoe_size", op = ">=", value = 3 }
[[step]]
id = "unplaced"
outcome = "hand_review"
reason = "r"
when = { fact = "deceased", op = ">", value = "yes" }
''')
    problems = _errors(path)
    assert "step 'mine': outcome: 'punish' is not allowed; allowed: dismiss, reduce, not_eligible, hand_review, route" in problems
    assert "step 'mine': reason: unknown placeholder {nothing}" in problems
    assert any(p.startswith("step 'mine': when.fact: unknown fact 'shoe_size'; known: ") for p in problems)
    assert any(p.startswith("policy.steps: unknown step id(s) ghost") for p in problems)
    assert "step 'unplaced': defined but not placed; list it in policy.steps to say where it runs" in problems
    assert any("fact 'deceased' is true/false" in p for p in problems)


def test_bad_code_section_pattern(tmp_path):
    path = tmp_path / "codes.toml"
    path.write_text((rules_dir() / "code_sections.toml").read_text().replace("'37{SUB}PC'", "'37(PC'"))
    with pytest.raises(RuleFileError, match=r"superstrike.patterns\[0\] '37\(PC': not a valid pattern"):
        load_code_sections(path)


def test_missing_policy_file(tmp_path):
    assert _errors(tmp_path / "none.toml") == ["the file does not exist"]


def test_an_edited_rule_file_is_read_again_without_restarting(tmp_path):
    """No cache hides an edit: code-section lists, a policy and the procedure it names are read
    afresh at every load, even when the edit keeps the file's size and modification time."""
    codes = tmp_path / "codes.toml"
    text = (rules_dir() / "code_sections.toml").read_text(encoding="utf-8")
    codes.write_text(text, encoding="utf-8")
    before = load_code_sections(codes)
    assert before.version == "2026.11" and not before.superstrike.search("98PC")
    stamp = codes.stat()
    codes.write_text(text.replace('version = "2026.11"', 'version = "2026.12"')
                     .replace("'37{SUB}PC',", "'98{SUB}PC',"), encoding="utf-8")
    os.utime(codes, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert codes.stat().st_size == stamp.st_size
    after = load_code_sections(codes)
    assert after.version == "2026.12" and after.superstrike.search("98PC") and not after.superstrike.search("37PC")

    policy = tmp_path / "mine.toml"
    policy.write_bytes((policies_dir() / "county-common.toml").read_bytes())
    procedure = tmp_path / "procedure.toml"
    procedure.write_bytes((rules_dir() / "prop64_procedure.toml").read_bytes())
    first = load_policy(policy, procedure)
    assert first.options.subjectAgeThreshold == 57
    policy.write_text(policy.read_text(encoding="utf-8").replace("subjectAgeThreshold = 57",
                                                                  "subjectAgeThreshold = 58"), encoding="utf-8")
    procedure.write_text(procedure.read_text(encoding="utf-8").replace('version = "', 'version = "9'),
                         encoding="utf-8")
    second = load_policy(policy, procedure)
    assert second.options.subjectAgeThreshold == 58 and second.sha256 != first.sha256
    assert second.procedure_version == "9" + first.procedure_version


def _step_errors(tmp_path, steps: str, otherwise: str = "") -> list[str]:
    path = tmp_path / "p.toml"
    path.write_text('[policy]\nname = "x"\n' + steps + otherwise, encoding="utf-8")
    return _errors(path)


def _own(step_id: str, when: str, outcome: str = "not_eligible", extra: str = "") -> str:
    return f'[[step]]\nid = "{step_id}"\noutcome = "{outcome}"\nreason = "r"\n{extra}when = {when}\n'


OTHERWISE = '[otherwise]\nid = "rest"\noutcome = "hand_review"\nreason = "rest"\n'


def test_text_and_date_facts_take_their_own_operators_and_values(tmp_path):
    problems = _step_errors(tmp_path, _own("a", '{ fact = "code_section", op = ">=", value = "11357" }')
                            + _own("b", '{ fact = "code_section", op = "in", value = "11357" }')
                            + _own("c", '{ fact = "conviction_date", op = ">=", value = "2016-11-09" }')
                            + _own("d", '{ fact = "age_on_evaluation_date", op = "starts_with", value = 5 }')
                            + _own("e", '{ fact = "conviction_date", op = "<", option = "subjectAgeThreshold" }'),
                            OTHERWISE)
    assert problems == [
        "step 'a': when.op: fact 'code_section' is text: use one of ==, !=, in, starts_with",
        "step 'b': when.value: fact 'code_section' is text: op 'in' expects a list of texts, found '11357'",
        "step 'c': when.value: fact 'conviction_date' is a date; expected a date such as 2016-11-09 (not quoted), "
        "found '2016-11-09'",
        "step 'd': when.op: fact 'age_on_evaluation_date' is a number: use one of ==, !=, <, <=, >, >=",
        "step 'e': when.option: fact 'conviction_date' is a date; compare it with a value"]


def test_route_steps_name_one_determination_that_is_not_one_of_the_four(tmp_path):
    problems = _step_errors(
        tmp_path, _own("a", '{ fact = "is_felony", op = "is", value = false }', outcome="route")
        + _own("b", '{ fact = "deceased", op = "is", value = true }', outcome="route",
               extra='determination = "Hand Review"\n')
        + _own("c", '{ fact = "deceased", op = "is", value = true }', extra='determination = "Elsewhere"\n')
        + _own("d", '{ fact = "deceased", op = "is", value = true }', outcome="route",
               extra='determination = "To the City Attorney"\n')
        + _own("e", '{ fact = "deceased", op = "is", value = true }', outcome="route",
               extra='determination = "To the County Counsel"\n'), OTHERWISE)
    assert problems == [
        "step 'a': determination: a step with outcome \"route\" names the determination users see, e.g. "
        "\"To be reviewed by City Attorneys\"",
        "step 'b': determination: 'Hand Review' is a determination of its own; use its outcome (dismiss, reduce, "
        "not_eligible, hand_review) instead of \"route\"",
        "step 'c': determination: only a step with outcome \"route\" names a determination",
        "step 'e': determination: a policy routes to one determination; found 'To the City Attorney', "
        "'To the County Counsel'"]


def test_a_policy_with_its_own_otherwise_replaces_the_standard_steps(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[policy]\nname = "x"\n' + _own("old", '{ fact = "deceased", op = "is", value = true }',
                                                      outcome="dismiss") + OTHERWISE, encoding="utf-8")
    policy = load_policy(path)
    assert [s.id for s in policy.steps] == ["old"] and policy.otherwise.id == "rest" and policy.own_procedure
    assert not policy.uses_sections and policy.used_options() == set()
    assert _step_errors(tmp_path, "", OTHERWISE) == ["step: a policy with its own [otherwise] needs steps of its own"]


def test_a_policy_of_its_own_cannot_name_the_standard_steps(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[policy]\nname = "x"\nsteps = ["mine", "misdemeanor"]\n'
                    + _own("mine", '{ fact = "deceased", op = "is", value = true }') + OTHERWISE, encoding="utf-8")
    assert _errors(path) == ["policy.steps: unknown step id(s) misdemeanor; known: mine"]


def test_standard_policies_read_every_option_and_the_sections():
    policy = load_policy(policies_dir() / "county-common.toml")
    assert policy.uses_sections and not policy.own_procedure
    assert policy.used_options() == {"subjectUnder21AtConviction", "subjectAgeThreshold",
                                     "yearsSinceConvictionThreshold", "yearsCrimeFreeThreshold",
                                     "subjectIsDeceased", "subjectHasOnlyProp64Charges"}
