"""What the record says about each evaluated conviction's court case: the courthouse (STP_ORI_CODE
and STP_ORI_DESCR of the COURT ACTION rows of the conviction's cycle and step, as for the court
case number), the other names the person used, and the other Health and Safety Code sections
of the same court case. Vectorised over the evaluation; small per-person loops only."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..results import Results


def _cycle_step(results: Results, rows: np.ndarray) -> pd.Series:
    return pd.Series(results.prepared.rows["cnt_order"].take(rows).astype(str).str[:6].to_numpy(), dtype=object)


def courthouses(results: Results) -> pd.DataFrame:
    """Per evaluated conviction (same order): court_code, court_name, court_county ('' when the
    record names no court). The first court row of the cycle and step that names one."""
    ev = results.evaluated
    prepared = results.prepared
    rows, frame = prepared.rows, prepared.records.frame
    person = ev["person"].to_numpy()
    wanted = np.zeros(len(prepared.persons), dtype=bool)
    wanted[person] = True
    court = np.flatnonzero(rows["is_court"].to_numpy() & wanted[rows["person"].to_numpy()])
    table = pd.DataFrame({
        "person": rows["person"].to_numpy()[court],
        "step": _cycle_step(results, court),
        "court_code": frame["STP_ORI_CODE"].take(court).astype(str).str.strip().to_numpy(dtype=object),
        "court_name": frame["STP_ORI_DESCR"].take(court).astype(str).str.strip().to_numpy(dtype=object),
        "court_county": rows["county"].take(court).astype(str).to_numpy(dtype=object),
    })
    table = table[(table["court_code"] != "") | (table["court_name"] != "")].drop_duplicates(["person", "step"])
    wanted_steps = pd.DataFrame({"person": person, "step": _cycle_step(results, ev["row"].to_numpy())})
    found = wanted_steps.merge(table, how="left", on=["person", "step"])
    return found[["court_code", "court_name", "court_county"]].fillna("").set_index(ev.index)


def other_names(results: Results) -> np.ndarray:
    """Per evaluated conviction: the person's other names in the record (PRI_NAME of their other
    rows), '; '-joined, in order of appearance."""
    ev = results.evaluated
    prepared = results.prepared
    person_of_row = prepared.rows["person"].to_numpy()
    wanted = np.zeros(len(prepared.persons), dtype=bool)
    wanted[ev["person"].to_numpy()] = True
    at = np.flatnonzero(wanted[person_of_row])
    names = pd.DataFrame({"person": person_of_row[at],
                          "name": prepared.records.frame["PRI_NAME"].take(at).astype(str).str.strip().to_numpy()})
    names = names[names["name"] != ""].drop_duplicates()
    by_person = names.groupby("person", sort=False)["name"].agg(list).to_dict()
    own = ev["name"].astype(str).str.strip().to_numpy()
    return np.array(["; ".join(n for n in by_person.get(p, []) if n != mine)
                     for p, mine in zip(ev["person"].to_numpy(), own)], dtype=object)


def other_hs_sections(results: Results) -> np.ndarray:
    """Per evaluated conviction: the other Health and Safety Code sections the person was
    convicted of in the same court case (cycle and step), not Prop 64 ones, '; '-joined."""
    ev = results.evaluated
    prepared = results.prepared
    conv = prepared.convictions
    texts = prepared.section_table["text"].to_numpy()[conv["section"].to_numpy()]
    compact = pd.Series(texts, dtype=object).str.replace(r"[\s&.]", "", regex=True).str.upper()
    hs = (~conv["is_prop64"].to_numpy()) & compact.str.contains("HS", regex=False).to_numpy()
    if not hs.any():
        return np.full(len(ev), "", dtype=object)
    others = pd.DataFrame({"person": conv["person"].to_numpy()[hs],
                           "step": _cycle_step(results, conv["row"].to_numpy()[hs]), "text": texts[hs]})
    joined = others.drop_duplicates().groupby(["person", "step"], sort=False)["text"].agg("; ".join)
    wanted = pd.MultiIndex.from_arrays([ev["person"].to_numpy(), _cycle_step(results, ev["row"].to_numpy())])
    return joined.reindex(wanted).fillna("").to_numpy(dtype=object)
