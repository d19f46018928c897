"""The fields a clinic's spreadsheet is mapped to: what each means, whether it is required, and
the header words that name it (used to guess the mapping)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of value (values.py reads each kind).
TEXT, DATE, LEVEL, CODE_SECTION, SENTENCE, FLAG, COUNTY = "text", "date", "level", "code", "sentence", "flag", "county"


@dataclass(frozen=True)
class Field:
    key: str  # the name in a mapping file
    label: str  # what users read
    kind: str
    required: bool
    phrases: tuple[str, ...]  # header words that name it, normalised (see normalise_header)
    help: str
    # A header that contains a phrase but also one of these words names something else
    # ('Arrest date' is not the conviction date, 'Court case number' is not the court).
    avoid: tuple[str, ...] = ()


FIELDS: dict[str, Field] = {f.key: f for f in (
    Field("person_id", "Person ID", TEXT, False,
          ("client id", "client number", "client no", "client #", "person id", "id", "client code",
           "file number", "file no", "matter number", "matter id", "cii", "cii number"),
          "An ID that is the same on every row of one person. Without it, name + birth date identify the person.",
          avoid=("date", "name", "case", "court")),
    Field("name", "Name", TEXT, False,
          ("name", "client", "client name", "full name", "defendant", "defendant name", "last first",
           "last name first name", "petitioner", "applicant"),
          "The person's name, as on the RAP sheet.", avoid=("id", "#", "number", "no", "date", "county", "code", "dob", "birth")),
    Field("birth_date", "Birth date", DATE, False,
          ("dob", "date of birth", "birth date", "birthdate", "born", "d o b", "birthday"),
          "Date of birth. Needed for the age steps (21 or younger, age threshold)."),
    Field("case_number", "Case number", TEXT, False,
          ("case number", "case #", "case no", "case", "court case number", "court case", "docket",
           "docket number", "case id"),
          "The court case number.", avoid=("date", "status", "type")),
    Field("court", "Court", TEXT, False,
          ("court", "courthouse", "court name", "agency"),
          "The court that convicted the person.", avoid=("case", "county", "number", "#", "date", "no")),
    Field("code_section", "Code section", CODE_SECTION, True,
          ("code section", "charge", "charges", "offense", "offence", "statute", "section", "violation",
           "conviction", "convicted of", "crime", "code"),
          "The code section convicted of (HS 11359(b), 11357(c) HS, ...), or a charge text that contains it.",
          avoid=("level", "date", "county", "number", "#", "class", "type", "no", "count")),
    Field("conviction_date", "Conviction date", DATE, True,
          ("conviction date", "date convicted", "date of conviction", "disposition date", "dispo date",
           "disp date", "date of disposition", "conv date", "conv dt", "date of conv", "convicted", "date"),
          "The date of the conviction (the court's disposition).",
          avoid=("birth", "arrest", "offense", "offence", "filing", "filed", "death", "end", "until", "booking")),
    Field("level", "Level", LEVEL, True,
          ("level", "f m", "felony misdemeanor", "felony or misdemeanor", "fel misd", "class", "degree",
           "type", "offense level", "charge level", "f m i", "grade"),
          "Felony, misdemeanor or infraction (F, Felony, fel., M, Misd, I, Infraction).", avoid=("date",)),
    Field("county", "County", COUNTY, False,
          ("county", "county of conviction", "conviction county", "court county"),
          "The county of the conviction. Without it, one county is chosen for the whole sheet.",
          avoid=("code", "residence", "birth")),
    Field("sentence", "Sentence", SENTENCE, False,
          ("sentence", "sentence end", "probation until", "sentence length", "probation end",
           "probation", "sentence ends", "end of sentence", "sentence end date", "probation end date", "custody"),
          "The sentence (3 years, 16 months, 180 days) or the date it ends.", avoid=("date", "type")),
    Field("deceased", "Deceased", FLAG, False,
          ("deceased", "dead", "date of death", "died", "is deceased"),
          "Yes / No. Without it, everyone on the sheet is taken to be living."),
)}

REQUIRED = tuple(f.key for f in FIELDS.values() if f.required)
# Generic words that name a field only when they are the whole header ('Date', 'Type', 'Code').
_WEAK = {"date", "type", "code", "class", "grade", "degree", "agency", "custody", "probation", "convicted",
         "conviction", "crime", "id", "case", "section"}


def normalise_header(text: str) -> str:
    """'Case #' -> 'case #', 'Felony/Misdemeanor' -> 'felony misdemeanor', 'D.O.B.' -> 'd o b'."""
    words = re.sub(r"[^a-z0-9#]+", " ", str(text).lower()).split()
    return " ".join(words)


def header_score(header: str, field: Field) -> float:
    """How well a column header names the field: 1 for an exact phrase, less for a phrase that
    is part of the header (the more of the header it covers, the more), 0 for none."""
    h = normalise_header(header)
    if not h:
        return 0.0
    best = 0.0
    padded = f" {h} "
    avoided = any(f" {word} " in padded for word in field.avoid)
    for phrase in field.phrases:
        if h == phrase:
            return 0.7 if phrase in _WEAK else 1.0
        if phrase not in _WEAK and not avoided and f" {phrase} " in padded:
            best = max(best, 0.55 + 0.35 * len(phrase) / len(h))
    return best
