"""Decisions on a clinic's sheet: what the sheet cannot know gives Hand Review naming it, values
that cannot be read send the person to Hand Review, and the same people give the same decisions
as in a DOJ research file when the sheet lists every conviction."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from clinic_sheets import HEADERS, clinic_decide, mapped, write_xlsx
from factory import conviction, decide, policy, row

from desktop_app.core.clinic.values import read_code_section
from desktop_app.core.codes import normalise_code_section
from desktop_app.core.evaluate import county_counts
from desktop_app.core.explain import facts_of
from desktop_app.core.ruleset import load_policy
from desktop_app.paths import policies_dir

DISMISS, REDUCE, NOT, REVIEW = "Eligible for Dismissal", "Eligible for Reduction", "Not eligible", "Hand Review"


def sheet(tmp_path: Path, rows: list[list], headers=HEADERS) -> Path:
    return write_xlsx(tmp_path / f"clinic_{len(list(tmp_path.iterdir()))}.xlsx", headers, rows)


def decisions(results) -> list[tuple[str, str]]:
    return list(zip(results.evaluated["determination"].astype(str), results.reason_texts))


# A felony HS 11359 conviction in 2015 of a person born in 1980: no policy step decides it by itself.
FELONY = ["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2015, 3, 4), "F"]


# ------------------------------------------------------------------ what the sheet cannot know

def test_deceased_without_column_people_are_living_by_default(tmp_path):
    r = clinic_decide(sheet(tmp_path, [FELONY]), chosen=policy(subjectIsDeceased=True))
    assert decisions(r) == [(NOT, "No relief under the selected policy")]


def test_deceased_without_column_not_declared_living_gives_hand_review_naming_the_column(tmp_path):
    r = clinic_decide(sheet(tmp_path, [FELONY]), chosen=policy(subjectIsDeceased=True), all_living=False)
    assert decisions(r) == [(REVIEW, "No 'Deceased' column: check \"Individual is deceased\"")]
    assert r.reasons[r.evaluated["reason"].iat[0]].kind == "absent"


def test_deceased_column_read(tmp_path):
    headers = HEADERS + ("Deceased",)
    r = clinic_decide(sheet(tmp_path, [FELONY + ["Yes"], ["Roe, Rick"] + FELONY[1:] + [""]], headers),
                      chosen=policy(subjectIsDeceased=True), all_living=False)
    assert decisions(r) == [(DISMISS, "Individual is deceased"), (NOT, "No relief under the selected policy")]


def test_only_prop64_unknown_unless_the_sheet_lists_every_conviction(tmp_path):
    path = sheet(tmp_path, [FELONY])
    chosen = policy(subjectHasOnlyProp64Charges=True)
    assert decisions(clinic_decide(path, chosen=chosen)) == [
        (REVIEW, "The sheet may not list every conviction: check \"Only has 11357-60 charges\"")]
    assert decisions(clinic_decide(path, chosen=chosen, lists_every_conviction=True)) == [
        (DISMISS, "Only has 11357-60 charges")]


def test_only_prop64_known_false_when_the_sheet_lists_another_conviction(tmp_path):
    other = FELONY[:4] + ["459 PC", dt.date(2016, 1, 1), "M"]
    r = clinic_decide(sheet(tmp_path, [FELONY, other]), chosen=policy(subjectHasOnlyProp64Charges=True))
    assert decisions(r) == [(NOT, "No relief under the selected policy")]


def test_crime_free_years_unknown_unless_listed_conviction_already_decides(tmp_path):
    chosen = policy(yearsCrimeFreeThreshold=5)
    r = clinic_decide(sheet(tmp_path, [FELONY]), chosen=chosen)
    assert decisions(r) == [
        (REVIEW, "The sheet may not list every conviction: check \"No convictions in the past 5 years\"")]
    recent = FELONY[:4] + ["459 PC", dt.date(2019, 1, 1), "M"]
    r = clinic_decide(sheet(tmp_path, [FELONY, recent]), chosen=chosen)
    assert decisions(r) == [(NOT, "No relief under the selected policy")]  # a listed 2019 conviction settles it
    r = clinic_decide(sheet(tmp_path, [FELONY]), chosen=chosen, lists_every_conviction=True)
    assert decisions(r) == [(DISMISS, "No convictions in the past 5 years")]


def test_no_birth_date_column_names_it(tmp_path):
    headers = ("Client ID", "Charge", "Conviction date", "Level")
    r = clinic_decide(sheet(tmp_path, [["C-1", "11359", "3/4/2015", "F"]], headers),
                      chosen=policy(subjectUnder21AtConviction=True))
    assert decisions(r) == [(REVIEW, "No 'Birth date' column: check \"21 years or younger\"")]


def test_superstrike_steps_need_the_whole_history(tmp_path):
    chosen = load_policy(policies_dir() / "exclude-superstrike-example.toml")
    path = sheet(tmp_path, [FELONY])
    [(det, reason)] = decisions(clinic_decide(path, chosen=chosen))
    assert (det, reason) == (REVIEW, "The sheet may not list every conviction: check "
                                     "\"Superstrike conviction before this conviction\"")
    strike = FELONY[:4] + ["187 PC", dt.date(2001, 1, 1), "F"]
    r = clinic_decide(sheet(tmp_path, [strike, FELONY]), chosen=chosen)  # a listed superstrike is known
    assert decisions(r) == [(NOT, "Superstrike conviction before this conviction")]


def test_person_view_facts_say_what_the_sheet_lacks(tmp_path):
    r = clinic_decide(sheet(tmp_path, [FELONY]), all_living=False)
    shown = {f.name: f for f in facts_of(r, [0])[0]}
    assert shown["only_prop64_convictions"].why_unknown == "The sheet may not list every conviction"
    assert shown["deceased"].why_unknown == "No 'Deceased' column"
    assert shown["serving_sentence"].why_unknown == "No 'Sentence' column"
    assert shown["years_since_most_recent_conviction"].note == "at most: the sheet may not list every conviction"
    assert "PC 290 registration" in r.records.dataset.not_known


# ------------------------------------------------------------------ values that cannot be read

def test_unreadable_level_is_listed_and_sends_the_person_to_hand_review(tmp_path):
    misd = FELONY[:4] + ["11357(b)", dt.date(2015, 3, 4), "M"]
    bad = FELONY[:4] + ["11358", dt.date(2016, 3, 4), "F/M"]
    rick = ["Roe, Rick"] + misd[1:]
    r = clinic_decide(sheet(tmp_path, [misd, bad, rick]))
    assert [p.message for p in r.records.problems] == [
        "row 3, column 'Felony/Misdemeanor': 'F/M' is not a level (expected F, Felony, M, Misd, I or Infraction)"]
    problem = r.records.problems[0]
    assert (problem.file, problem.line) == (f"{r.records.files[0].name}, sheet Clients", 3)
    where = f"row 3 of {r.records.files[0].name}, sheet Clients"
    assert decisions(r) == [
        (REVIEW, f"Unreadable value in this person's rows: {where} (see Input problems); check the sheet")] * 2 + [
        (DISMISS, "Misdemeanor or Infraction")]


def test_unreadable_dates_are_listed_with_the_clinics_column(tmp_path):
    bad_date = FELONY[:5] + ["31/3/2015", "F"]
    bad_dob = ["Roe, Rick", "sometime", "CR-2", "", "11357", "3/4/2015", "M"]
    r = clinic_decide(sheet(tmp_path, [bad_date, bad_dob]))
    messages = [p.message for p in r.prepared.input_problems()]
    assert messages == ["row 2: unknown conviction date (column 'Conviction date' '31/3/2015')",
                        "row 3: unknown date of birth (column 'DOB' 'sometime')"]
    assert [d for d, _ in decisions(r)] == [REVIEW, REVIEW]
    assert r.summary["unknownConvictionDateCount"] == 1


def test_missing_code_section_person_and_county_are_listed(tmp_path):
    headers = HEADERS + ("County",)
    rows = [FELONY[:4] + ["possession of marijuana", dt.date(2015, 3, 4), "F", "Sacramento"],
            ["", "", "CR-9", "", "11357", "3/4/2015", "M", "Sacramento"],
            ["Roe, Rick", "1/2/1990", "CR-2", "", "11357", "3/4/2015", "M", ""]]
    r = clinic_decide(sheet(tmp_path, rows, headers))
    assert [p.message for p in r.records.problems] == [
        "row 2, column 'Charge': 'possession of marijuana' names no code section (expected e.g. HS 11359(b) or "
        "11357(c) HS)",
        "row 3, column 'Client name': blank: a name is needed to know the person",
        "row 4, column 'County': blank: this conviction is evaluated only under 'All counties'"]
    assert [d for d, _ in decisions(r)] == [REVIEW, REVIEW]  # rows 3 and 4; row 2 is no Prop 64 conviction


# ------------------------------------------------------------------ people and counties

def test_person_known_by_name_and_birth_date(tmp_path):
    rows = [FELONY, ["DOE,  jane"] + FELONY[1:4] + ["11357", dt.date(2016, 1, 1), "M"],
            ["Doe, Jane", dt.date(1981, 1, 1)] + FELONY[2:]]
    r = clinic_decide(sheet(tmp_path, rows))
    assert list(r.evaluated["n_convictions"]) == [2, 2, 1]
    assert r.evaluated["person"].nunique() == 2


def test_county_column_filters_like_the_doj_file(tmp_path):
    headers = HEADERS + ("County",)
    rows = [FELONY + ["Sacramento County"], FELONY[:5] + [dt.date(2016, 1, 1), "M", "yolo"]]
    path = sheet(tmp_path, rows, headers)
    assert len(clinic_decide(path, county="SACRAMENTO").evaluated) == 1
    assert len(clinic_decide(path, county="YOLO").evaluated) == 1
    r = clinic_decide(path, county="ALL")
    assert list(r.evaluated["county"]) == ["SACRAMENTO", "YOLO"] and r.county == "ALL"
    assert list(r.evaluated["n_convictions"]) == [2, 2]
    assert dict(county_counts(r.prepared)) == {"SACRAMENTO": 1, "YOLO": 1}


def test_no_county_column_takes_the_chosen_county(tmp_path):
    path = sheet(tmp_path, [FELONY])
    r = clinic_decide(path, county="PLACER", mapping=mapped(path, county="Placer county"))
    assert list(r.evaluated["county"]) == ["PLACER"]
    assert "county of every conviction: PLACER" in r.records.dataset.mapping


def test_all_counties_on_a_doj_file(tmp_path):
    rows = [conviction(subject="1", county="SACRAMENTO"), conviction(subject="2", county="YOLO")]
    assert len(decide(tmp_path, rows, county="ALL").evaluated) == 2
    assert len(decide(tmp_path, rows, county="YOLO").evaluated) == 1


# ------------------------------------------------------------------ the same people, two ways

SECTIONS = [  # (DOJ OFFENSE_DESCR, how a clinic writes it)
    ("11357(B)HS-POSSESS MARIJUANA", "11357(b) HS"), ("11357 HS-POSSESS", "HS 11357"),
    ("11357(C) HS-POSSESS MORE", "H&S 11357(c)"), ("11358 HS-CULTIVATE", "Health & Safety 11358"),
    ("11359 HS-POSSESS FOR SALE", "Possession for sale, HS 11359"), ("11360(A) HS-TRANSPORT", "11360(a)"),
    ("459 PC-BURGLARY", "PC 459"), ("23152(A) VC-DUI", "VC 23152(a)"), ("187 PC-MURDER", "187 PC"),
    ("288(A) PC-LEWD ACT", "PC 288(a)"),
]
LEVELS = [("FELONY", ["F", "Felony", "fel."]), ("MISDEMEANOR", ["M", "Misd", "misdemeanor"]),
          ("INFRACTION", ["I", "Infraction"])]
SENTENCES = [("", "", ""), ("3", "Y", "3 years"), ("16", "M", "16 months"), ("180", "D", "180 days"),
             ("20", "Y", "20 yrs")]


def _people(seed: int = 7, n: int = 80) -> list[dict]:
    rnd = random.Random(seed)
    people = []
    for p in range(n):
        born = dt.date(1945, 1, 1) + dt.timedelta(days=rnd.randrange(0, 55 * 365))
        convictions = []
        for k in range(rnd.choice([1, 1, 2, 3, 4])):
            day = dt.date(1985, 1, 1) + dt.timedelta(days=rnd.randrange(0, 34 * 365))
            if day <= born + dt.timedelta(days=16 * 365):
                day = born + dt.timedelta(days=16 * 365 + rnd.randrange(0, 9000))
            section = rnd.choice(SECTIONS[:6] * 3 + SECTIONS[6:])
            level = rnd.choice(LEVELS[:1] * 3 + LEVELS[1:])
            sentence = rnd.choice(SENTENCES)
            convictions.append(dict(date=min(day, dt.date(2020, 6, 1)), section=section, level=level,
                                    sentence=sentence, county=rnd.choice(["SACRAMENTO", "SACRAMENTO", "YOLO"]),
                                    case=f"CR{p:03d}-{k}"))
        people.append(dict(id=f"{10000 + p}", name=f"DOE,PERSON {p}", dob=born, deceased=rnd.random() < 0.1,
                           convictions=convictions))
    return people


def _doj_rows(people: list[dict]) -> list[list[str]]:
    rows = []
    for person in people:
        for c in person["convictions"]:
            length, unit, _ = c["sentence"]
            rows.append(conviction(subject=person["id"], offense=c["section"][0], date=c["date"].strftime("%Y%m%d"),
                                   level=c["level"][0], county=c["county"], PRI_NAME=person["name"],
                                   PRI_DOB=person["dob"].strftime("%Y%m%d"), OFN=c["case"], SENT_LENGTH=length,
                                   SENT_TIME_CODE=unit))
        if person["deceased"]:
            rows.append(row(person["id"], STP_TYPE_DESCR="DECEASED", PRI_NAME=person["name"],
                            PRI_DOB=person["dob"].strftime("%Y%m%d")))
    return rows


def _us(day: dt.date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def _clinic_rows(people: list[dict], rnd: random.Random) -> list[list]:
    rows = []
    for person in people:
        for c in person["convictions"]:
            day = c["date"]
            written = rnd.choice([day, day.strftime("%m/%d/%Y"), day.isoformat(), day.strftime("%d-%b-%Y")])
            rows.append([person["id"], person["name"], rnd.choice([person["dob"], _us(person["dob"])]),
                         c["case"], c["county"].title(), c["section"][1], written, rnd.choice(c["level"][1]),
                         c["sentence"][2], "Yes" if person["deceased"] else ""])
    return rows


@pytest.mark.parametrize("policy_file", ["county-common.toml", "exclude-superstrike-example.toml",
                                         "dismiss-all-prop64.toml", "crime-free"])
@pytest.mark.parametrize("county", ["SACRAMENTO", "ALL"])
def test_same_people_same_decisions_as_a_doj_file(tmp_path, policy_file, county):
    people = _people()
    if policy_file == "crime-free":
        chosen = policy(reduce=["11360"], yearsCrimeFreeThreshold=8, subjectAgeThreshold=50,
                        subjectUnder21AtConviction=True)
    else:
        chosen = load_policy(policies_dir() / policy_file)
    doj = decide(tmp_path, _doj_rows(people), chosen, county=county)
    headers = ("Client ID", "Client", "Date of birth", "Case #", "County", "Offense", "Date convicted", "F/M",
               "Sentence", "Deceased")
    path = write_xlsx(tmp_path / "clinic.xlsx", headers, _clinic_rows(people, random.Random(3)),
                      title_rows=["Clients from RAP sheets"])
    clinic = clinic_decide(path, county=county, chosen=chosen, lists_every_conviction=True)

    def keyed(results, sections):
        ev = results.evaluated
        return sorted(zip(ev["subject_id"], ev["conviction_date"], sections, ev["determination"].astype(str),
                          results.reason_texts, ev["n_convictions"], ev["dob"], ev["deceased"], ev["case_number"]))

    doj_sections = [normalise_code_section(s) for s in doj.evaluated["code_section"].astype(str)]
    clinic_sections = [normalise_code_section(s) for s in clinic.evaluated["code_section"].astype(str)]
    assert len(doj.evaluated) > 50
    if policy_file != "dismiss-all-prop64.toml":  # the people meet many steps, not one
        assert len(set(doj.evaluated["step"].astype(str))) >= 4
    assert keyed(clinic, clinic_sections) == keyed(doj, doj_sections)
    assert clinic.records.problems == []


def test_the_section_forms_of_the_equivalence_test_are_the_doj_sections():
    for doj, written in SECTIONS:
        assert normalise_code_section(read_code_section(written)) == normalise_code_section(doj.split("-")[0])
