"""The words of a court filing under H&S 11361.8 and 11361.9, defined once: remedies, tracks,
positions, and how the documents and columns name them."""

from __future__ import annotations

# Remedy: what the court is asked to do for a conviction that is not challenged.
DISMISS = "dismiss"  # "Eligible for Dismissal": the conduct is no longer a crime
REDESIGNATE = "redesignate"  # "Eligible for Reduction": the conduct is now a lesser offence

# Track: whether the person has completed the sentence (H&S 11361.8(e)-(f)) or is still serving it
# (11361.8(a)-(b)). From the sentence end the engine computes; the reviewer chooses when it is unknown.
COMPLETED = "completed"
SERVING = "serving"
TRACKS = (SERVING, COMPLETED)

# Position: the office's answer under H&S 11361.9(b).
NOT_CHALLENGED = "not_challenged"
CHALLENGED = "challenged"

TRACK_LABELS = {COMPLETED: "Completed sentence", SERVING: "Still serving", "": "Unknown: choose"}
TRACK_CITATIONS = {COMPLETED: "H&S 11361.8(e)-(f)", SERVING: "H&S 11361.8(a)-(b)", "": ""}
POSITION_LABELS = {NOT_CHALLENGED: "Not challenged", CHALLENGED: "Challenged", "": "Not decided"}

# (remedy, track) -> what the court is asked, as the case list and the documents say it.
REMEDY_LABELS = {
    (DISMISS, COMPLETED): "Dismiss and seal",
    (REDESIGNATE, COMPLETED): "Redesignate",
    (DISMISS, SERVING): "Recall sentence and dismiss",
    (REDESIGNATE, SERVING): "Recall sentence and resentence",
    (DISMISS, ""): "Dismiss (track unknown)",
    (REDESIGNATE, ""): "Reduce (track unknown)",
}
# The counts a motion states, in order: (key in the documents' `counts`, remedy, track, label).
REMEDY_COUNTS = (
    ("dismiss_seal", DISMISS, COMPLETED, "Dismissal and sealing (H&S 11361.8(f))"),
    ("redesignate", REDESIGNATE, COMPLETED, "Redesignation as a misdemeanor or infraction (H&S 11361.8(f))"),
    ("recall_dismiss", DISMISS, SERVING, "Recall of sentence and dismissal (H&S 11361.8(b))"),
    ("recall_resentence", REDESIGNATE, SERVING, "Recall of sentence and resentencing (H&S 11361.8(b))"),
)

# Grounds of a challenge (H&S 11361.9(b)); the reviewer's own words are kept as written.
NOT_ELIGIBLE_GROUND = "Does not meet the criteria of H&S 11361.8"
PUBLIC_SAFETY_GROUND = "Unreasonable risk to public safety (PC 1170.18)"

# Why a reviewed conviction cannot be filed yet (listed apart for the user).
UNKNOWN_COURT = "courthouse unknown: assign one"
UNKNOWN_TRACK = "sentence end unknown: choose the track (serving or completed)"
NOT_DECIDED = "not decided: Hand Review"
ROUTED = "routed to another office"
