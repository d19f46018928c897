"""The motion a courthouse would get, filled for a preview from its first convictions only (the
first page needs no more): what the filings dialog draws before anything is written."""

from __future__ import annotations

import pandas as pd

from .context import case_fields, common_context, counts
from .generate import FilingRequest, list_table
from .layout import load_layout
from .plan import Courthouse, FilingPlan
from .templates import BULK, PER_CASE, fill, load_template


def preview_docx(plan: FilingPlan, court: Courthouse, rows: pd.DataFrame, request: FilingRequest) -> bytes:
    """.docx bytes of the motion for `court` with `rows` (the first of its convictions, or one
    court case for a per-case motion); the counts are the courthouse's own."""
    kind = PER_CASE if request.mode == PER_CASE else BULK
    template = load_template(kind, request.motion_template)
    context = common_context(court={"name": court.name, "code": court.code, "county": court.county or plan.county},
                             county=court.county or plan.county, signer=request.signer,
                             filing_date=request.filing_date, evaluation_date=plan.as_of, batch_id="(preview)",
                             policy="")
    if kind == BULK:
        relief = plan.relief(court.key)
        context.update(case_count=len(relief), counts=counts(relief), cases=[],
                       case_list=list_table(rows, list(load_layout(request.layout).case_list)))
    else:
        context["case"] = case_fields(rows)
    return fill(template, context)
