"""The eligibility columns of the output bundle, in the shape counties' spreadsheets expect
(prop64-policy.md, "Output bundle"): presentation of `Results.evaluated`, built only for export.
The columns this app adds (the conviction key, a workspace's review columns) come after them."""

from __future__ import annotations

import numpy as np

from .results import Results
from .schema import FILING_COLUMN_TITLES, REVIEW_COLUMN_TITLES, eligibility_columns

PROP64_EFFECTIVE = 20161109  # "Occurred after 11/9/2016": the day after Prop 64 passed


def date_text(dates: np.ndarray) -> np.ndarray:
    """YYYYMMDD ints as MM/DD/YYYY; '' where unknown (0)."""
    out = np.full(len(dates), "", dtype=object)
    known = dates > 0
    d = dates[known]
    out[known] = [f"{m:02d}/{day:02d}/{y:04d}" for y, m, day in zip(d // 10000, d // 100 % 100, d % 100)]
    return out


def years_text(years: np.ndarray) -> np.ndarray:
    return np.array(["-1" if np.isnan(y) else f"{y:.1f}" for y in years], dtype=object)


def _dash(values: np.ndarray) -> np.ndarray:
    return np.where(values == "", "-", values).astype(object)


def eligibility_values(results: Results) -> dict[str, np.ndarray]:
    """Each eligibility column for the evaluated convictions (in Results.evaluated order): text,
    except the counts (ints)."""
    ev = results.evaluated
    sections = results.prepared.codes.prop64_sections
    date = ev["conviction_date"].to_numpy()
    values: dict[str, np.ndarray] = {
        "Case Number": ev["case_number"].to_numpy(dtype=object),
        "# of convictions on record": ev["n_convictions"].to_numpy(),
        "Possible Other P64 Charges": ev["other_p64_comment"].to_numpy(dtype=object),
        "Occurred after 11/9/2016": np.where(date == 0, "Unknown", np.where(date > PROP64_EFFECTIVE, "Y", "N"))
        .astype(object),
        "Superstrike Code Section(s)": _dash(ev["superstrike_sections"].to_numpy(dtype=object)),
        "PC290 Code Section(s)": _dash(ev["pc290_sections"].to_numpy(dtype=object)),
        "PC290 Registration": np.where(ev["pc290_registration"].to_numpy(), "Yes", "-").astype(object),
        "Date of Conviction": date_text(date),
        "Years Since This Conviction": years_text(ev["years_since"].to_numpy()),
        "Years Since Any Conviction": years_text(ev["years_since_latest"].to_numpy()),
        "# of Prop 64 convictions": ev["n_prop64"].to_numpy(),
        **{f"# of HS {s} convictions": ev[f"n_{s}"].to_numpy() for s in sections},
        "Deceased": np.where(ev["deceased"].to_numpy(), "Deceased", "-").astype(object),
        "Eligibility Determination": ev["determination"].astype(str).to_numpy(dtype=object),
        "Eligibility Reason": results.reason_texts,
    }
    return {name: values[name] for name in eligibility_columns(sections)}


CONVICTION_KEY = "Conviction key"


def bundle_values(results: Results) -> dict[str, np.ndarray]:
    """The eligibility columns, then the added ones: "Conviction key", and the review and filing
    columns when the evaluated frame carries them (a workspace's export, see workspace/apply.py)."""
    values = eligibility_values(results)
    ev = results.evaluated
    values[CONVICTION_KEY] = ev["conviction_key"].to_numpy(dtype=object)
    for name, title in (REVIEW_COLUMN_TITLES | FILING_COLUMN_TITLES).items():
        if name in ev.columns:
            column = ev[name]
            if column.dtype == bool:
                values[title] = np.where(column.to_numpy(), "Yes", "No").astype(object)
            else:  # one line per value: a note's line breaks would split a CSV row for line-based tools
                values[title] = column.fillna("").astype(str).str.replace(r"\s*[\r\n]+\s*", " / ", regex=True) \
                    .to_numpy(dtype=object)
    return values


def bundle_names(results: Results) -> list[str]:
    names = list(eligibility_columns(results.prepared.codes.prop64_sections)) + [CONVICTION_KEY]
    return names + [t for n, t in (REVIEW_COLUMN_TITLES | FILING_COLUMN_TITLES).items() if n in results.evaluated.columns]
