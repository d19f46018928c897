"""Column arrays behind the results table (built in the worker thread; no Qt here).

Every column is dictionary-encoded: `codes` (int32, one per row of the view's base) indexes
`labels` (the display texts, in ascending sort order). So a cell is `labels[codes[row]]` (O(1)),
a sort is an integer argsort of `codes[rows]`, an equality filter compares integers, and a text
search runs once per distinct value. A million rows cost 4 bytes per column per row, not a Python
string each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core.bundle_columns import eligibility_values
from ..core.results import Results
from ..core.prepare import Prepared, parse_yyyymmdd
from ..core.reasons import INPUT_CHECK_STEP
from ..core.records import Records
from ..core.schema import READ_COLUMNS, SOURCE_FILE, SOURCE_LINE
from .style import NOT_EVALUATED

CONVICTIONS = "convictions"
ALL_ROWS = "rows"

FLAGS: dict[str, str] = {  # key -> label (order = display order)
    "superstrike": "Superstrike",
    "pc290": "PC 290",
    "other_p64": "Other Prop 64 charge?",
    "deceased": "Deceased",
    "input_problem": "Input problem",
}
FLAG_TIPS = {
    "superstrike": "The person has a superstrike conviction (PC 667(e)(2)(C)(iv)).",
    "pc290": "The person has an offence requiring PC 290 registration, or a PC 290 registration.",
    "other_p64": "The comment names a different Prop 64 charge: check the court record.",
    "deceased": "The person's record has a DECEASED step.",
    "input_problem": "A row of this person's history could not be read: the decision needs hand review.",
}


@dataclass
class Column:
    key: str
    title: str
    codes: np.ndarray  # int32 per base row
    labels: np.ndarray  # object array of str, ascending sort order
    numeric: bool = False
    visible: bool = True  # shown by default
    tip: str = ""
    _arrow: pa.Array | None = field(default=None, init=False, repr=False, compare=False)

    def text(self, base_row: int) -> str:
        return self.labels[self.codes[base_row]]

    def contains(self, text: str) -> np.ndarray:
        """Per label: does it contain `text` (ignoring case)? Arrow's kernel, ~10x pandas' str.contains."""
        if self._arrow is None:
            self._arrow = pa.array(self.labels, pa.string())
        return np.asarray(pc.match_substring(self._arrow, text, ignore_case=True), dtype=bool)


@dataclass
class TableData:
    kind: str  # CONVICTIONS or ALL_ROWS
    columns: list[Column]
    frame_rows: np.ndarray  # base row -> row of records.frame
    person: np.ndarray  # base row -> person code
    dates: np.ndarray  # int YYYYMMDD per base row (0 = unknown): the date-range filter
    flags: dict[str, np.ndarray] = field(default_factory=dict)  # key -> bool per base row
    search_keys: tuple[str, ...] = ("name", "cii", "subject_id", "case_number")
    layout: str = ""  # which remembered column layout it uses ('': its kind's)

    def __post_init__(self) -> None:
        self.by_key = {c.key: c for c in self.columns}

    @property
    def n(self) -> int:
        return len(self.frame_rows)

    @property
    def layout_key(self) -> str:
        return self.layout or self.kind

    @property
    def noun(self) -> str:
        return "convictions" if self.kind == CONVICTIONS else "rows"

    def column(self, key: str) -> Column | None:
        return self.by_key.get(key)

    def replace_columns(self, columns: list[Column]) -> "TableData":
        """A copy with some columns replaced by key (the per-evaluation columns of all rows)."""
        new = {c.key: c for c in columns}
        return TableData(self.kind, [new.get(c.key, c) for c in self.columns], self.frame_rows,
                         self.person, self.dates, self.flags, self.search_keys, self.layout)


# ------------------------------------------------------------------ encoding

def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def encode(values: object, *, sort_key: Callable[[np.ndarray], np.ndarray] | None = None,
           label: Callable[[np.ndarray], list[str]] | None = None,
           order: tuple[str, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels): labels sorted by `sort_key` (per distinct value), by the position in `order`,
    by number for numeric values, else as text; ties keep first-seen order."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)  # type: ignore[call-overload]
    raw = np.asarray(uniques, dtype=object)
    if np.asarray(uniques).dtype.kind not in "iufb":
        # DOJ fields are blank-padded: 'SMITH,JOHN   ' and 'SMITH,JOHN' are one value to users.
        stripped = np.array([_text(u).strip() for u in raw], dtype=object)
        merged, uniques = pd.factorize(stripped, use_na_sentinel=False)
        codes, raw = merged[codes], np.asarray(uniques, dtype=object)
    if order is not None:
        position = {v: i for i, v in enumerate(order)}
        rank = np.argsort(np.array([position.get(_text(u), len(order)) for u in raw]), kind="stable")
    elif sort_key is not None:
        rank = np.argsort(sort_key(raw), kind="stable")
    elif len(raw) and np.asarray(uniques).dtype.kind in "iufb":
        rank = np.argsort(np.asarray(uniques), kind="stable")
    else:
        texts = pa.array([_text(u) for u in raw], pa.string())
        rank = np.asarray(pc.array_sort_indices(texts), dtype=np.int64)
    inverse = np.empty(len(raw), dtype=np.int32)
    inverse[rank] = np.arange(len(raw), dtype=np.int32)
    shown = label(raw) if label else [_text(u) for u in raw]
    labels = np.empty(len(raw), dtype=object)
    labels[:] = [shown[i] for i in rank]
    return inverse[codes].astype(np.int32, copy=False), labels


def column(key: str, title: str, values: object, *, numeric: bool = False, visible: bool = True,
           tip: str = "", **how: object) -> Column:
    codes, labels = encode(values, **how)  # type: ignore[arg-type]
    return Column(key, title, codes, labels, numeric=numeric, visible=visible, tip=tip)


def int_date_text(day: int) -> str:
    return f"{day // 100 % 100:02d}/{day % 100:02d}/{day // 10000:04d}" if day > 0 else ""


def _int_date_labels(unknown: str) -> Callable[[np.ndarray], list[str]]:
    return lambda raw: [int_date_text(int(d)) or unknown for d in raw]


def _raw_date_key(raw: np.ndarray) -> np.ndarray:
    """Blank first, then unknown dates (e.g. 19790000), then known dates in order."""
    return np.array([parse_yyyymmdd(_text(t)) or (1 if _text(t).strip() else 0) for t in raw], dtype=np.int64)


def _raw_date_labels(blank: str) -> Callable[[np.ndarray], list[str]]:
    def labels(raw: np.ndarray) -> list[str]:
        out = []
        for t in raw:
            text = _text(t).strip()
            day = parse_yyyymmdd(text)
            out.append(int_date_text(day) if day else (f"unknown ({text})" if text else blank))
        return out
    return labels


def _flag_labels(raw: np.ndarray) -> list[str]:
    names = list(FLAGS.values())
    return [" · ".join(n for i, n in enumerate(names) if int(b) >> i & 1) for b in raw]


def flags_column(flags: dict[str, np.ndarray]) -> Column:
    bits = np.zeros(len(next(iter(flags.values()))), dtype=np.int32)
    for i, key in enumerate(FLAGS):
        bits |= flags[key].astype(np.int32) << i
    return column("flags", "Flags", bits, label=_flag_labels,
                  tip="Superstrike, PC 290, possible other Prop 64 charge, deceased, input problem")


def _years_labels(raw: np.ndarray) -> list[str]:
    return ["unknown" if np.isnan(y) else f"{y:.1f}" for y in raw.astype(float)]


# ------------------------------------------------------------------ a clinic's own columns

OWN_PREFIX = "own:"
CLINIC_LAYOUT = "clinic_"  # + kind: a clinic's sheet has its own columns, so its own remembered layout
# DOJ fields a clinic's sheet never has (blank, or the same on every row): not shown by default.
_DOJ_ONLY = ("cii", "event_type", "cnt_order", "disposition")


def own_columns(records: Records, rows: np.ndarray) -> list[Column]:
    """A clinic's own columns as typed, at `rows` (rows of records.frame): shown when no field
    was read from them (notes, an attorney, ...), else in the column chooser beside the value as
    read. [] for a DOJ research file."""
    dataset = records.dataset
    if not dataset.own_columns or dataset.own_values is None:
        return []
    mapped = set(dataset.field_columns.values())
    return [column(OWN_PREFIX + header, header, dataset.own_values[header].to_numpy(dtype=object)[rows],
                   visible=header not in mapped, tip=f"Column '{header}' of the {dataset.source}, as typed")
            for header in dataset.own_columns]


def _for_clinic(records: Records, columns: list[Column], rows: np.ndarray) -> tuple[list[Column], str]:
    """The columns of a view with a clinic's own columns added (DOJ-only ones hidden), and its layout."""
    own = own_columns(records, rows)
    if not own:
        return columns, ""
    for c in columns:
        if c.key in _DOJ_ONLY:
            c.visible = False
    return columns + own, CLINIC_LAYOUT


# ------------------------------------------------------------------ the two views

def conviction_table(results: Results) -> TableData:
    """One row per evaluated conviction (Results.evaluated, in file order)."""
    ev = results.evaluated
    flags = {k: ev[k].to_numpy(dtype=bool) for k in FLAGS}
    after_2016 = eligibility_values(results)["Occurred after 11/9/2016"]
    columns = [
        column("determination", "Determination", ev["determination"], order=results.policy.determinations),
        column("name", "Name", ev["name"]),
        column("dob", "Date of birth", ev["dob"], label=_int_date_labels("unknown")),
        column("cii", "CII number", ev["cii"]),
        column("subject_id", "Subject ID", ev["subject_id"], visible=False),
        column("case_number", "Case number", ev["case_number"]),
        column("conviction_date", "Conviction date", ev["event_date"], sort_key=_raw_date_key,
               label=_raw_date_labels("unknown (blank)")),
        column("county", "County", ev["county"]),
        column("code_section", "Code section", ev["code_section"]),
        column("section", "Prop 64 section", ev["section"], visible=False),
        column("level", "Level", ev["level"], tip="Felony, misdemeanor or infraction"),
        column("reason", "Reason", results.reason_texts),
        column("reason_category", "Reason category", results.reason_labels, visible=False,
               tip="The reason without this row's own details: what the Reason filter and the summary count"),
        flags_column(flags),
        column("step", "Deciding step", step_titles(results), visible=False),
        column("years_since", "Years since", ev["years_since"], numeric=True, label=_years_labels,
               visible=False, tip="Years from the conviction to the evaluation date"),
        column("n_convictions", "Convictions on record", ev["n_convictions"], numeric=True, visible=False),
        column("n_prop64", "Prop 64 convictions", ev["n_prop64"], numeric=True, visible=False),
        column("after_2016", "After 11/9/2016", after_2016, visible=False),
        column("offense", "Offense", ev["offense"], visible=False),
        column("disposition", "Disposition", ev["disposition"], visible=False),
        column("comment", "Comment", ev["comment"], visible=False),
        column("superstrike_sections", "Superstrike sections", ev["superstrike_sections"], visible=False),
        column("pc290_sections", "PC 290 sections", ev["pc290_sections"], visible=False),
        column("source_file", "File", ev[SOURCE_FILE].astype(str), visible=False),
        column("source_line", "Line", ev[SOURCE_LINE], numeric=True, visible=False),
        column("conviction_key", "Conviction key", ev["conviction_key"],
               tip="What identifies the conviction in the record (CII number, count, date, code section): "
                   "reviews follow it to the next DOJ file"),
    ]
    columns, layout = _for_clinic(results.records, columns, ev["row"].to_numpy(dtype=np.int64))
    return TableData(CONVICTIONS, columns, ev["row"].to_numpy(dtype=np.int64),
                     ev["person"].to_numpy(dtype=np.int64), ev["conviction_date"].to_numpy(dtype=np.int64), flags,
                     layout=layout + CONVICTIONS if layout else "")


_ROW_COLUMNS = {  # DOJ field -> (key, title, shown by default)
    "PRI_NAME": ("name", "Name", True), "CII_NUMBER": ("cii", "CII number", True),
    "SUBJECT_ID": ("subject_id", "Subject ID", False), "OFN": ("case_number", "Case number (OFN)", True),
    "STP_TYPE_DESCR": ("event_type", "Event type", True), "DISP_DESCR": ("disposition", "Disposition", True),
    "CNT_ORDER": ("cnt_order", "Count order", True), "CYC_ORDER": ("cycle", "Cycle", False),
    "OFFENSE_DESCR": ("offense", "Offense", False), "COMMENT_TEXT": ("comment", "Comment", False),
}


def all_rows_table(prepared: Prepared, progress: Callable[[int, int], None] | None = None) -> TableData:
    """Every input row, file order. The evaluation columns start blank (see `with_results`)."""
    frame, rows = prepared.records.frame, prepared.rows
    n = len(frame)
    persons = prepared.persons
    person = rows["person"].to_numpy(dtype=np.int64)
    bad_subjects = {p.subject_id for p in prepared.records.problems if p.subject_id}
    bad_person = persons["subject_id"].isin(bad_subjects).to_numpy() if bad_subjects else np.zeros(len(persons), bool)
    flags = {
        "superstrike": (persons["n_superstrike"].to_numpy() > 0)[person],
        "pc290": ((persons["n_pc290"].to_numpy() > 0) | persons["pc290_registration"].to_numpy())[person],
        "other_p64": rows["possible_other_p64"].to_numpy() != "",
        "deceased": persons["deceased"].to_numpy(dtype=bool)[person],
        "input_problem": bad_person[person] | rows["subject_blank"].to_numpy(dtype=bool),
    }
    blank = np.zeros(n, dtype=np.int32)
    built: dict[str, Column] = {  # filled by `with_results`
        "determination": Column("determination", "Determination", blank, np.array([NOT_EVALUATED], dtype=object)),
        "reason": Column("reason", "Reason", blank, np.array([""], dtype=object)),
        "reason_category": Column("reason_category", "Reason category", blank, np.array([""], dtype=object),
                                  visible=False),
        "step": Column("step", "Deciding step", blank, np.array([""], dtype=object), visible=False),
    }
    steps = [("dob", lambda: column("dob", "Date of birth", frame["PRI_DOB"], sort_key=_raw_date_key,
                                    label=_raw_date_labels(""))),
             ("event_date", lambda: column("event_date", "Event date", frame["STP_EVENT_DATE"], sort_key=_raw_date_key,
                                           label=_raw_date_labels(""))),
             ("county", lambda: column("county", "County", rows["county"])),
             ("code_section", lambda: column("code_section", "Code section", rows["code_section"])),
             ("section", lambda: column("section", "Prop 64 section", rows["prop64_section"], visible=False)),
             ("level", lambda: column("level", "Level", rows["level"])),
             ("flags", lambda: flags_column(flags)),
             ("source_file", lambda: column("source_file", "File", frame[SOURCE_FILE], visible=False)),
             ("source_line", lambda: column("source_line", "Line", frame[SOURCE_LINE], numeric=True, visible=False))]
    for name in READ_COLUMNS:
        key, title, visible = _ROW_COLUMNS.get(name, (name, name, False))
        if name not in ("PRI_DOB", "STP_EVENT_DATE", "STP_ORI_CNTY_NAME"):
            steps.append((key, lambda name=name, key=key, title=title, visible=visible:
                          column(key, title, frame[name], visible=visible)))
    for i, (key, build) in enumerate(steps):
        built[key] = build()
        if progress:
            progress(i + 1, len(steps))
    order = ["determination", "name", "dob", "cii", "subject_id", "case_number", "event_date", "event_type",
             "county", "code_section", "section", "level", "disposition", "reason", "reason_category", "flags",
             "cnt_order", "cycle",
             "step", "offense", "comment"]
    columns = [built.pop(k) for k in order if k in built]
    columns += [c for k, c in built.items() if k not in ("source_file", "source_line")]
    columns, layout = _for_clinic(prepared.records, columns, np.arange(n, dtype=np.int64))
    columns += [built["source_file"], built["source_line"]]
    return TableData(ALL_ROWS, columns, np.arange(n, dtype=np.int64), person,
                     rows["date"].to_numpy(dtype=np.int64), flags, layout=layout + ALL_ROWS if layout else "")


def _scatter(key: str, title: str, values: np.ndarray, at: np.ndarray, n: int, blank: str, *,
             visible: bool = True, order: tuple[str, ...] | None = None) -> Column:
    codes, labels = encode(np.concatenate([values.astype(object), np.array([blank], dtype=object)]),
                           order=order)
    full = np.full(n, codes[-1], dtype=np.int32)
    full[at] = codes[:-1]
    return Column(key, title, full, labels, visible=visible)


def with_results(table: TableData, results: Results) -> TableData:
    """The all-rows table with this evaluation's determination, reason and deciding step."""
    ev = results.evaluated
    at = ev["row"].to_numpy(dtype=np.int64)
    return table.replace_columns([
        _scatter("determination", "Determination", ev["determination"].to_numpy(dtype=object), at, table.n,
                 NOT_EVALUATED, order=(*results.policy.determinations, NOT_EVALUATED)),
        _scatter("reason", "Reason", results.reason_texts, at, table.n, ""),
        _scatter("reason_category", "Reason category", results.reason_labels, at, table.n, "", visible=False),
        _scatter("step", "Deciding step", step_titles(results), at, table.n, "", visible=False),
    ])


def step_titles(results: Results) -> np.ndarray:
    """The title of the step that decided each evaluated conviction."""
    policy = results.policy
    titles = {s.id: s.title for s in policy.steps}
    titles[policy.otherwise.id] = policy.otherwise.title
    titles[INPUT_CHECK_STEP] = "Input check (before every policy)"
    return np.array([titles.get(s, s) for s in results.evaluated["step"].to_numpy(dtype=object)], dtype=object)
