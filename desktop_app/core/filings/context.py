"""The values a template is filled with: the court, the signer, dates, and per kind of document
the list, the counts, the case or the recipient. Every group is a `Fields` (an unknown part is
refused by name); text is escaped by the template engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ... import __version__
from ..toml_file import read_toml
from .errors import TemplateError
from .fields import Fields
from .vocabulary import REMEDY_COUNTS, SERVING, COMPLETED

BLANK_DATE = "____________________"
CHECKED, UNCHECKED = "[X]", "[  ]"
PROP64_SECTIONS = ("11357", "11358", "11359", "11360")


@dataclass(frozen=True)
class Signer:
    """Who signs the filings: asked once and remembered (the window's settings, or a TOML file)."""

    name: str = ""
    title: str = ""
    bar_number: str = ""
    office: str = ""
    address: str = ""  # several lines
    phone: str = ""
    email: str = ""

    def missing(self) -> list[str]:
        """The details a signature block cannot do without."""
        return [label for key, label in (("name", "name"), ("title", "title"), ("bar_number", "State Bar number"),
                                         ("office", "office"), ("address", "address")) if not getattr(self, key).strip()]


SIGNER_KEYS = tuple(f.name for f in fields(Signer))


def load_signer(path: str | Path) -> Signer:
    """A signer file: `name`, `title`, `bar_number`, `office`, `address` (several lines), and
    optionally `phone`, `email`, at the top level or under [signer]."""
    path = Path(path)
    data = read_toml(path, TemplateError)
    data = data.get("signer", data)
    problems = [f"unknown key '{k}' (expected: {', '.join(SIGNER_KEYS)})" for k in data if k not in SIGNER_KEYS]
    problems += [f"'{k}' must be a text" for k, v in data.items() if k in SIGNER_KEYS and not isinstance(v, str)]
    if problems:
        raise TemplateError(path, problems)
    signer = Signer(**{k: v.strip() for k, v in data.items()})
    if signer.missing():
        raise TemplateError(path, [f"missing: {', '.join(signer.missing())}"])
    return signer


def long_date(day: dt.date | None) -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else BLANK_DATE


def _fields(path: str, values: Mapping[str, Any]) -> Fields:
    return Fields(path, values)


def common_context(*, court: Mapping[str, str], county: str, signer: Mapping[str, str] | Signer,
                   filing_date: dt.date | None, evaluation_date: dt.date | None, batch_id: str,
                   policy: str) -> dict[str, Any]:
    from docxtpl import Listing

    values = asdict(signer) if isinstance(signer, Signer) else dict(signer)
    values["address"] = Listing(values.get("address", ""))
    court_county = (court.get("county") or county).title()
    return {
        "court": _fields("court", {"name": court.get("name", ""), "code": court.get("code", ""),
                                   "county": court_county, "county_upper": court_county.upper(),
                                   "label": court.get("name", "") or court.get("code", "")}),
        "signer": _fields("signer", values),
        "county": court_county, "county_upper": court_county.upper(),
        "filing_date": long_date(filing_date), "evaluation_date": long_date(evaluation_date),
        "batch_id": batch_id, "policy": policy, "app_version": __version__,
    }


def counts(rows: pd.DataFrame) -> Any:
    remedy, track = rows["remedy_code"].to_numpy(), rows["track_code"].to_numpy()
    return _fields("counts", {key: int(((remedy == r) & (track == t)).sum()) for key, r, t, _ in REMEDY_COUNTS})


def item_list(rows: pd.DataFrame, name: str) -> list[Any]:
    """One Fields per conviction (the layout fields by name), for templates that loop."""
    from .layout import FIELDS

    columns = {f: rows[source].astype(str).tolist() for f, (source, _, _) in FIELDS.items()}
    return [_fields(name, {f: columns[f][i] for f in FIELDS}) for i in range(len(rows))]


def _joined(values: Any) -> str:
    return "; ".join(dict.fromkeys(v for v in (str(x).strip() for x in values) if v))


def case_fields(rows: pd.DataFrame | None) -> Any:
    """A court case's details for a per-case motion (rows: its convictions)."""
    if rows is None:
        rows = pd.DataFrame({c: pd.Series([], dtype=object) for c in (
            "name", "other_names", "dob", "cii", "case_number", "conviction_date", "code_section", "level", "key",
            "remedy", "track", "track_code", "section", "other_hs_sections")})
    section = rows["section"].astype(str).to_numpy()
    tracks = set(rows["track_code"])
    values: dict[str, Any] = {
        "name": _joined(rows["name"]), "other_names": _joined(rows["other_names"]) or "none",
        "dob": _joined(rows["dob"]), "cii": _joined(rows["cii"]),
        "case_number": _joined(rows["case_number"]) or "(not in the record)",
        "conviction_dates": _joined(rows["conviction_date"]), "code_sections": _joined(rows["code_section"]),
        "levels": _joined(rows["level"]), "references": _joined(rows["key"]), "remedies": _joined(rows["remedy"]),
        "tracks": _joined(rows["track"]), "other_hs_sections": _joined(rows["other_hs_sections"]) or "none",
        "box_serving": CHECKED if SERVING in tracks else UNCHECKED,
        "box_completed": CHECKED if COMPLETED in tracks else UNCHECKED,
        "convictions": item_list(rows, "conviction") if len(rows) else [],
    }
    for s in PROP64_SECTIONS:
        n = int((section == s).sum())
        values[f"box_{s}"] = CHECKED if n else UNCHECKED
        values[f"times_{s}"] = f"x{n}" if n > 1 else ""
    return _fields("case", values)


def recipient(kind: str, county: str) -> Any:
    """The addressee of a notice of challenge: the court, or the public defender."""
    county = county.title()
    if kind == "public_defender":
        return _fields("recipient", {"kind": kind, "name": f"Public Defender of the County of {county}",
                                     "heading": f"THE PUBLIC DEFENDER OF THE COUNTY OF {county.upper()}",
                                     "copy": "Copy for the Public Defender"})
    return _fields("recipient", {"kind": "court", "name": f"Superior Court of California, County of {county}",
                                 "heading": "THE HONORABLE PRESIDING JUDGE OF THE SUPERIOR COURT OF CALIFORNIA, "
                                            f"COUNTY OF {county.upper()}",
                                 "copy": "Copy for the Court"})
