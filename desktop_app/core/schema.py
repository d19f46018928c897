"""Column names of the DOJ research file and of the result bundle, defined once."""

from __future__ import annotations

# The 95 fields of the CA DOJ research file, in file order (doj-research-file.md).
DOJ_COLUMNS: tuple[str, ...] = (
    "RECORD_ID", "SUBJECT_STATUS", "SUBJECT_ID", "REQ_SEG_SEP", "REQ_CII_NUMBER", "REQ_NAME",
    "REQ_GENDER", "REQ_DOB", "REQ_CDL", "REQ_SSN", "PII_SEG_SEP", "CII_NUMBER",
    "PRI_NAME", "GENDER", "PRI_DOB", "PRI_SSN", "PRI_CDL", "PRI_IDN",
    "PRI_INN", "FBI_NUMBER", "PDR_SEG_SEP", "RACE_CODE", "RACE_DESCR", "EYE_COLOR_CODE",
    "EYE_COLOR_DESCR", "HAIR_COLOR_CODE", "HAIR_COLOR_DESCR", "HEIGHT", "WEIGHT", "SINGLE_SOURCE",
    "MULTI_SOURCE", "POB_CODE", "POB_NAME", "POB_TYPE", "CITIZENSHIP_LIST", "CYC_SEG_SEP",
    "CYC_ORDER", "CYC_DATE", "STP_SEG_SEP", "STP_ORDER", "STP_EVENT_DATE", "STP_TYPE_CODE",
    "STP_TYPE_DESCR", "STP_ORI_TYPE", "STP_ORI_TYPE_DESCR", "STP_ORI_CODE", "STP_ORI_DESCR",
    "STP_ORI_CNTY_CODE", "STP_ORI_CNTY_NAME", "CNT_SEG_SEP", "CNT_ORDER", "DISP_DATE", "OFN",
    "OFFENSE_CODE", "OFFENSE_DESCR", "OFFENSE_TOC", "OFFENSE_QUAL_LST", "DISP_OFFENSE_CODE",
    "DISP_OFFENSE_DESCR", "DISP_OFFENSE_TOC", "DISP_OFFENSE_QUAL_LST", "CONV_OFFENSE_ORDER",
    "CONV_OFFENSE_CODE", "CONV_OFFENSE_DESCR", "CONV_OFFENSE_TOC", "CONV_OFFENSE_QUAL_LST",
    "FE_NUM_ORDER", "FE_NUM_ARR_AGY", "FE_NUM_BNCH_WARR", "FE_NUM_CITE", "FE_NUM_DOCKET",
    "FE_NUM_INCIDENT", "FE_NUM_BOOKING", "FE_NUM_NUMBER", "FE_NUM_REMAND", "FE_NUM_OOS_INN",
    "FE_NUM_CRT_CASE", "FE_NUM_WARRANT", "DISP_ORDER", "DISP_CODE", "DISP_DESCR",
    "CONV_STAT_CODE", "CONV_STAT_DESCR", "SENT_SEG_SEP", "SENT_ORDER", "SENT_LOC_CODE",
    "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "SENT_TIME_DESCR", "CYC_AGE", "CII_TYPE",
    "CII_TYPE_ALPHA", "COMMENT_TEXT", "END_OF_REC",
)
N_DOJ_COLUMNS = len(DOJ_COLUMNS)  # 95

# The fields the engine reads; a workbook must have these (the rest may be missing).
ENGINE_COLUMNS: tuple[str, ...] = (
    "SUBJECT_ID", "CII_NUMBER", "PRI_NAME", "PRI_DOB", "CYC_ORDER", "CYC_DATE",
    "STP_EVENT_DATE", "STP_TYPE_DESCR", "STP_ORI_CNTY_NAME", "CNT_ORDER", "OFN",
    "OFFENSE_DESCR", "OFFENSE_TOC", "DISP_DESCR", "CONV_STAT_DESCR", "SENT_LENGTH",
    "SENT_TIME_CODE", "COMMENT_TEXT",
)

# Bookkeeping columns the reader adds to every row.
SOURCE_FILE = "_source_file"  # categorical: the input file's name
SOURCE_LINE = "_source_line"  # int: 1-based physical line number in that file
# Bookkeeping columns only a spreadsheet's reader adds (core/clinic/): bool per row.
UNREADABLE_VALUE = "_unreadable_value"  # a cell of the row could not be read: the person gets Hand Review
DECEASED_MARK = "_deceased"  # the row marks the person as deceased (a DOJ file has DECEASED steps instead)

# The county name that stands for every county (evaluate all of a data set's convictions).
ALL_COUNTIES = "ALL"

def eligibility_columns(prop64_sections: tuple[str, ...]) -> tuple[str, ...]:
    """The eligibility columns appended to every output row, exactly as counties' spreadsheets
    expect them; one count column per Prop 64 section of `rules/code_sections.toml`."""
    return (
        "Case Number",
        "# of convictions on record",
        "Possible Other P64 Charges",
        "Occurred after 11/9/2016",
        "Superstrike Code Section(s)",
        "PC290 Code Section(s)",
        "PC290 Registration",
        "Date of Conviction",
        "Years Since This Conviction",
        "Years Since Any Conviction",
        "# of Prop 64 convictions",
        *(f"# of HS {s} convictions" for s in prop64_sections),
        "Deceased",
        "Eligibility Determination",
        "Eligibility Reason",
    )


CONDENSED_DOJ_COLUMNS: tuple[str, ...] = (
    "CII_NUMBER", "PRI_NAME", "GENDER", "PRI_DOB", "RACE_DESCR", "CYC_DATE", "STP_EVENT_DATE",
    "STP_ORI_DESCR", "STP_ORI_CNTY_NAME", "DISP_DATE", "OFN", "OFFENSE_DESCR", "DISP_DESCR",
    "CONV_STAT_DESCR", "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "CYC_AGE",
    "COMMENT_TEXT", "END_OF_REC",
)

# Determinations, as the original tools wrote them.
DISMISS = "Eligible for Dismissal"
REDUCE = "Eligible for Reduction"
NOT_ELIGIBLE = "Not eligible"
HAND_REVIEW = "Hand Review"
DETERMINATIONS: tuple[str, ...] = (DISMISS, REDUCE, NOT_ELIGIBLE, HAND_REVIEW)
OUTCOME_DETERMINATION = {"dismiss": DISMISS, "reduce": REDUCE, "not_eligible": NOT_ELIGIBLE,
                         "hand_review": HAND_REVIEW}

# The columns of Results.evaluated (one row per evaluated conviction), in order. `n_<section>`
# stands for one count column per Prop 64 section. Dates are int YYYYMMDD, 0 when unknown.
EVALUATED_COLUMNS: dict[str, str] = {
    "row": "position of the conviction's first row in the records",
    "person": "person code (index of Prepared.persons)",
    "subject_id": "SUBJECT_ID, trimmed",
    "name": "PRI_NAME of the conviction's row, as read",
    "cii": "CII_NUMBER of the conviction's row, as read",
    "dob": "the person's date of birth: the first valid PRI_DOB of their rows",
    "case_number": "court case numbers (OFN of the COURT ACTION rows of the same cycle and step), '; '-joined",
    "county": "county of the conviction (STP_ORI_CNTY_NAME, trimmed, upper case)",
    "code_section": "code section: OFFENSE_DESCR before the first '-', or the comment's",
    "section": "the first Prop 64 section the code section names",
    "level": "Felony, Misdemeanor or Infraction",
    "offense": "OFFENSE_DESCR as read",
    "comment": "COMMENT_TEXT as read",
    "disposition": "DISP_DESCR as read",
    "event_date": "STP_EVENT_DATE as read",
    "conviction_date": "STP_EVENT_DATE as a date",
    "determination": "Eligible for Dismissal / Eligible for Reduction / Not eligible / Hand Review",
    "reason": "reason category code (Results.reasons); the text is rendered from it and the row",
    "step": "id of the step that decided (or could not decide) the conviction",
    "years_since": "(evaluation date - conviction date) in days / 365.25; NaN when unknown",
    "years_since_latest": "the same for the person's most recent conviction",
    "latest_conviction": "date of the person's most recent conviction (any section, any county)",
    "n_convictions": "convictions on record (all counties)",
    "n_prop64": "Prop 64 convictions on record",
    "n_<section>": "convictions under that Prop 64 section",
    "superstrike_sections": "the person's superstrike code sections, ';'-joined",
    "pc290_sections": "the person's PC 290 code sections, ';'-joined",
    "pc290_registration": "the person has a PC 290 registration row",
    "superstrike": "the person has a superstrike conviction",
    "pc290": "the person has a PC 290 offence or registration",
    "deceased": "the person's record has a DECEASED step",
    "other_p64": "the comment names another Prop 64 charge",
    "other_p64_comment": "that comment",
    "input_problem": "decided by an input check (an unreadable row, no SUBJECT_ID, a future date)",
    "problem_where": "for an unreadable row in the person's history: where it is",
    "_source_file": "input file of the conviction's row",
    "_source_line": "line of the conviction's row in that file",
    "conviction_key": "what identifies the conviction in the record, unique in the data set (conviction_key.py)",
}


# The review columns a workspace adds beside each evaluated conviction (workspace/apply.py), and
# their titles in exports, where they follow the eligibility columns and "Conviction key".
REVIEW_COLUMNS: dict[str, str] = {
    "final_determination": "the reviewer's determination, or the automatic one when not decided",
    "overridden": "the final determination differs from the automatic one",
    "change_reason": "why the determination was changed (the workspace's closed list)",
    "review_status": "Not reviewed, Reviewed, Filed with court, Challenged, Set for hearing, Granted, Denied",
    "status_date": "date of the status (filed, challenged, court's decision), YYYY-MM-DD",
    "filing_batch": "the filing batch the conviction was filed in",
    "reviewer": "who last changed the review",
    "reviewed_at": "when the review was last changed (ISO 8601, local time with offset)",
    "review_note": "the reviewer's note",
    "needs_rereview": "reviewed, and the automatic determination or reason has changed since",
}
REVIEW_COLUMN_TITLES: dict[str, str] = {
    "final_determination": "Final determination", "overridden": "Overridden", "change_reason": "Change reason",
    "review_status": "Review status", "status_date": "Status date", "filing_batch": "Filing batch",
    "reviewer": "Reviewer", "reviewed_at": "Reviewed at", "review_note": "Review note",
    "needs_rereview": "Needs re-review",
}


# The court-filing columns a workspace adds after the review columns (filings/remedy.py).
FILING_COLUMNS: dict[str, str] = {
    "remedy": "what the court is asked: dismiss and seal, redesignate (recall and dismiss/resentence when serving)",
    "track": "Completed sentence (H&S 11361.8(e)-(f)) or Still serving (11361.8(a)-(b)); Unknown: choose",
    "position": "Not challenged, Challenged, or Not decided",
    "challenge_ground": "why the office challenges the conviction",
}
FILING_COLUMN_TITLES: dict[str, str] = {"remedy": "Remedy", "track": "Track", "position": "Position",
                                        "challenge_ground": "Challenge ground"}


def evaluated_columns(prop64_sections: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for name in EVALUATED_COLUMNS:
        names += [f"n_{s}" for s in prop64_sections] if name == "n_<section>" else [name]
    return names

# The court's code on court action rows: which courthouse a filing goes to (core/filings/).
COURT_COLUMNS: tuple[str, ...] = ("STP_ORI_CODE", "STP_ORI_DESCR")

# The fields parsed into columns: what the engine, the condensed output, court filings and the
# table show. Every other field travels untouched inside each row's original line text.
READ_COLUMNS: tuple[str, ...] = tuple(
    c for c in DOJ_COLUMNS if c in set(ENGINE_COLUMNS) | set(CONDENSED_DOJ_COLUMNS) | set(COURT_COLUMNS))
