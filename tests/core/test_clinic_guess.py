"""Guessing the column mapping from headers and values, and mapping files (TOML)."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_sheets import HEADERS, write_xlsx

from desktop_app.core.clinic.guess import guess_mapping
from desktop_app.core.clinic.mapping import (ColumnMapping, MappingError, check_mapping, find_saved_mapping,
                                             load_mapping, mapping_toml, parse_mapping, save_mapping)
from desktop_app.core.clinic.sheet import read_table

ROW = ["Doe, Jane", dt.date(1980, 3, 4), "CR-1", "Sacramento Superior", "HS 11359(b)", dt.date(2012, 3, 4), "F"]


def guess(tmp_path, headers, rows):
    return guess_mapping(read_table(write_xlsx(tmp_path / "c.xlsx", headers, rows)))


def test_the_issues_clinic_sheet_maps_every_field_with_high_confidence(tmp_path):
    g = guess(tmp_path, HEADERS, [ROW, ROW])
    assert g.mapping().columns == {"name": "Client name", "birth_date": "DOB", "case_number": "Case number",
                                   "court": "Court", "code_section": "Charge", "conviction_date": "Conviction date",
                                   "level": "Felony/Misdemeanor"}
    assert all(f.confidence_word == "high" for f in g.fields.values() if f.column)
    assert g.missing_required() == []
    assert g.fields["code_section"].samples == ("HS 11359(b)",)
    assert g.fields["birth_date"].samples == ("03/04/1980",)


@pytest.mark.parametrize("header, field", [
    ("Client", "name"), ("Name", "name"), ("DOB", "birth_date"), ("Date of birth", "birth_date"),
    ("Case #", "case_number"), ("Court case number", "case_number"), ("Charge", "code_section"),
    ("Code section", "code_section"), ("Offense", "code_section"), ("Statute", "code_section"),
    ("Conviction date", "conviction_date"), ("Date convicted", "conviction_date"),
    ("Disposition date", "conviction_date"), ("Level", "level"), ("F/M", "level"), ("Felony/Misdemeanor", "level"),
    ("Class", "level"), ("County", "county"), ("Client ID", "person_id"), ("Sentence", "sentence"),
    ("Sentence end", "sentence"), ("Probation until", "sentence"), ("Deceased", "deceased"),
])
def test_header_words_name_their_field(tmp_path, header, field):
    values = {"name": "Doe, Jane", "birth_date": "1/1/1980", "case_number": "CR-1", "code_section": "HS 11359(b)",
              "conviction_date": "3/4/2012", "level": "F", "county": "Sacramento", "person_id": "C-001",
              "sentence": "3 years", "deceased": "No"}
    g = guess(tmp_path, ["Notes", header], [["called", values[field]]])
    assert g.fields[field].column == header


def test_client_id_and_client_name_go_to_their_own_fields(tmp_path):
    g = guess(tmp_path, ["Client ID", "Client", "Court", "Court case number"],
              [["C-1", "Doe, Jane", "Sac Superior", "CR-1"]])
    m = g.mapping().columns
    assert (m["person_id"], m["name"], m["court"], m["case_number"]) == ("Client ID", "Client", "Court",
                                                                        "Court case number")


def test_arrest_date_is_not_taken_for_the_conviction_date(tmp_path):
    g = guess(tmp_path, ["Arrest date", "Charge"], [["1/1/2010", "11357"]])
    assert g.fields["conviction_date"].column == ""
    assert "conviction_date" in g.missing_required()


def test_values_lower_the_confidence_when_they_do_not_read_as_the_field(tmp_path):
    g = guess(tmp_path, ["Conviction date", "Charge", "Level"], [["pending", "11357", "F"], ["soon", "11358", "M"]])
    assert g.fields["conviction_date"].column == "Conviction date"
    assert g.fields["conviction_date"].fit == 0 and g.fields["conviction_date"].confidence_word == "low"


def test_levels_and_charges_recognised_by_their_values_under_unhelpful_headers(tmp_path):
    g = guess(tmp_path, ["What", "Kind", "Notes"], [["HS 11359(b)", "F", "x"], ["11357(c)", "M", "y"]])
    assert g.fields["code_section"].column == "What" and g.fields["level"].column == "Kind"
    assert g.fields["level"].confidence_word == "low"


def test_missing_person_is_named(tmp_path):
    g = guess(tmp_path, ["Charge", "Conviction date", "Level", "DOB"], [["11357", "3/4/2012", "M", "1/1/1990"]])
    assert g.missing_required() == ["person"]
    g = guess(tmp_path, ["Charge", "Conviction date", "Level", "Client ID"], [["11357", "3/4/2012", "M", "7"]])
    assert g.missing_required() == []


# ------------------------------------------------------------------ mapping files

def test_mapping_file_round_trip(tmp_path):
    m = ColumnMapping(columns={"person_id": "Client ID", "code_section": "Charge", "conviction_date": "Date",
                               "level": "F/M"}, name='Clinic "A"', sheet="Clients", header_row=3,
                      lists_every_conviction=True, all_living=False, county="SACRAMENTO",
                      headers=("Client ID", "Charge", "Date", "F/M"))
    path = save_mapping(m, tmp_path / "m.toml")
    assert load_mapping(path) == m
    assert not list(tmp_path.glob("*.partial"))


def test_guessed_mapping_text_marks_what_to_fill_in(tmp_path):
    g = guess(tmp_path, ["Client", "DOB", "Charge"], [["Doe", "1/1/1990", "11357"]])
    text = mapping_toml(g.mapping())
    assert 'conviction_date = ""  # REQUIRED: not found' in text
    assert 'level = ""  # REQUIRED: not found' in text
    assert 'code_section = "Charge"' in text
    assert "Doe" not in text  # no client's data in a mapping file
    assert parse_mapping(text, "m.toml").missing_required() == ["conviction_date", "level"]


@pytest.mark.parametrize("text, message", [
    ("[columns]\nlevel = 3\n", "columns.level: expected the column's header as text"),
    ("[columns]\ncharge = \"Charge\"\n", "columns.charge: unknown field"),
    ("[mapping]\nheader_row = \"3\"\n", "mapping.header_row: expected int"),
    ("[mapping]\nlists_every_conviction = \"yes\"\n", "mapping.lists_every_conviction: expected bool"),
    ("[mapping]\ncolour = 1\n", "mapping.colour: unknown setting"),
    ("[mapping\n", "not valid TOML"),
])
def test_mapping_file_errors_name_the_key(text, message):
    with pytest.raises(MappingError) as e:
        parse_mapping(text, "m.toml")
    assert f"m.toml: {message}" in str(e.value)


def test_check_mapping_against_a_sheet():
    m = ColumnMapping(columns={"name": "Client", "code_section": "Charge", "conviction_date": "Charge",
                               "level": "Lvl"})
    problems = check_mapping(m, ["Client", "Charge", "Level"])
    assert "no column for a person: a person ID column, or a name and a birth date column" in problems
    assert "Level: the sheet has no column 'Lvl' (its columns: Client, Charge, Level)" in problems
    assert "column 'Charge' is mapped to both Code section and Conviction date" in problems


def test_saved_mapping_found_for_a_sheet_with_the_same_headers(tmp_path):
    folder = tmp_path / "mappings"
    folder.mkdir()
    m = ColumnMapping(columns={"person_id": "Client ID", "code_section": "Charge", "conviction_date": "Date",
                               "level": "F/M"}, name="ours", headers=("Client ID", "Charge", "Date", "F/M"))
    save_mapping(m, folder / "ours.toml")
    (folder / "broken.toml").write_text("[mapping\n")
    found = find_saved_mapping(folder, ["client id", "Charge ", "DATE", "F/M"])
    assert found is not None and found[1].name == "ours"
    assert find_saved_mapping(folder, ["Client ID", "Charge", "Date"]) is None
    assert find_saved_mapping(tmp_path / "none", ["x"]) is None
