"""What a data set is and what it cannot know, for the engine and everything that shows its rows.

A DOJ research file holds each person's whole statewide history: every input a fact needs is
there (a single value may still be blank). A clinic's spreadsheet lists what the clinic chose to
list: it may have no 'Deceased' column, no birth dates, and it may not list every conviction of
a person. `DataSetInfo.absent` names those inputs, by the `known` column of the facts' `Need`s
(facts.py), with the words users read: a step that needs one gives Hand Review with the reason
`No 'Deceased' column: check "Individual is deceased"`, never a decision made on data that is
not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from .schema import CONDENSED_DOJ_COLUMNS, DOJ_COLUMNS

# The `known` columns of the inputs that a data set may lack as a whole (facts.py Needs).
HISTORY_COMPLETE = "history_complete"  # every conviction of the person is in the data set
DECEASED_KNOWN = "deceased_known"  # whether the person is deceased
REGISTRATION_KNOWN = "registration_known"  # PC 290 registrations
SENTENCE_KNOWN = "sentence_known"  # sentence lengths
DOB_KNOWN = "dob_known"  # dates of birth
DATA_SET_INPUTS = (HISTORY_COMPLETE, DECEASED_KNOWN, REGISTRATION_KNOWN, SENTENCE_KNOWN, DOB_KNOWN)

DOJ = "doj"
CLINIC = "clinic"


@dataclass(frozen=True)
class DataSetInfo:
    """A description of the records as a whole. The default is a DOJ research file."""

    kind: str = DOJ
    # Inputs the data set does not have at all: `known` column -> what users read, e.g.
    # "No 'Deceased' column". The reason of a step that needs one starts with this text.
    absent: Mapping[str, str] = field(default_factory=dict)
    # What the person view says the history cannot show, e.g. "convictions not on the sheet".
    not_known: tuple[str, ...] = ()
    # For messages about a field: DOJ field -> the user's column it came from ("PRI_DOB" -> "DOB").
    field_columns: Mapping[str, str] = field(default_factory=dict)
    # The user's own columns, in their order, and their text (one row per records row), carried
    # through to the exports beside the eligibility columns. Empty for a DOJ file.
    own_columns: tuple[str, ...] = ()
    own_values: pd.DataFrame | None = None
    # "line" for text files, "row" for spreadsheets (what users call a position in the file).
    line_word: str = "line"
    source: str = ""  # e.g. "clinic spreadsheet clients.xlsx, sheet Clients"
    mapping: str = ""  # for the audit: which column gave each field, and what was declared

    @property
    def is_clinic(self) -> bool:
        return self.kind == CLINIC

    def original_header(self) -> list[str]:
        """The header of each row's original text (All_Results.csv): the user's own columns."""
        return list(self.own_columns or DOJ_COLUMNS)

    def condensed(self, frame: pd.DataFrame) -> tuple[tuple[str, ...], pd.DataFrame]:
        """The columns shown beside the eligibility columns in the condensed file and the
        workbook, and the frame that holds them (one row per records row)."""
        if self.own_columns and self.own_values is not None:
            return self.own_columns, self.own_values
        return CONDENSED_DOJ_COLUMNS, frame

    def column_label(self, doj_field: str) -> str:
        """How messages name a field: `PRI_DOB` for a DOJ file, `column 'DOB'` for a sheet."""
        column = self.field_columns.get(doj_field)
        return f"column '{column}'" if column else doj_field
