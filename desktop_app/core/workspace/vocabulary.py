"""The closed vocabularies of a review: statuses, determinations a reviewer may choose, and the
default list of reasons for changing a determination (each workspace keeps its own copy)."""

from __future__ import annotations

from ..schema import DETERMINATIONS, DISMISS, HAND_REVIEW, NOT_ELIGIBLE, OUTCOME_DETERMINATION, REDUCE

ACCEPT = "accept"  # the determination "accept the automatic one"

NOT_REVIEWED = "not_reviewed"
REVIEWED = "reviewed"
FILED = "filed"
CHALLENGED = "challenged"
HEARING = "hearing"
GRANTED = "granted"
DENIED = "denied"

# Status code -> label, in the order of the work.
STATUSES: dict[str, str] = {
    NOT_REVIEWED: "Not reviewed",
    REVIEWED: "Reviewed",
    FILED: "Filed with court",
    CHALLENGED: "Challenged",
    HEARING: "Set for hearing",
    GRANTED: "Granted",
    DENIED: "Denied",
}
WITH_COURT = (FILED, CHALLENGED, HEARING, GRANTED, DENIED)  # the court has the case
COURT_OUTCOMES = (HEARING, GRANTED, DENIED)  # only after filing or a challenge
NEEDS_DATE = (FILED, CHALLENGED)
FILE_FOR_RELIEF = (DISMISS, REDUCE)  # what can be filed with the court for relief

DEFAULT_CHANGE_REASONS: tuple[str, ...] = (
    "Not eligible: superstrike found in court file",
    "Not eligible: PC 290 registration found in court file",
    "Not eligible: the court file shows another code section",
    "Challenged: public safety (unreasonable risk, PC 1170.18)",
    "Eligible: the court file settles what the DOJ record left open",
    "Relief already granted (petition or earlier filing)",
    "Duplicate of another case",
    "DOJ record is wrong: corrected from the court file",
    "Other: see the note",
)


def status_code(text: str) -> str:
    """A status given as its code or its label (any case) -> the code; '' when unknown."""
    wanted = " ".join(text.split()).lower().replace("-", " ")
    for code, label in STATUSES.items():
        if wanted in (code, code.replace("_", " "), label.lower()):
            return code
    return {"filed with the court": FILED, "hearing set": HEARING}.get(wanted, "")


def determination_of(text: str) -> str:
    """'accept', a determination's name or its outcome code (dismiss, reduce, not_eligible,
    hand_review), any case -> ACCEPT or the determination; '' when unknown."""
    wanted = " ".join(text.split()).lower()
    if wanted == ACCEPT:
        return ACCEPT
    for code, name in OUTCOME_DETERMINATION.items():
        if wanted in (code, code.replace("_", " "), name.lower()):
            return name
    short = {"dismissal": DISMISS, "reduction": REDUCE, "not eligible": NOT_ELIGIBLE, "hand review": HAND_REVIEW}
    return short.get(wanted, "")


__all__ = ["ACCEPT", "STATUSES", "DETERMINATIONS", "DEFAULT_CHANGE_REASONS", "status_code", "determination_of"]
