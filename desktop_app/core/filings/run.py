"""A filing run on a workspace: plan, write the documents, record the batch (when the workspace
is open for writing), and later mark it filed. What the window and the command line call."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from ..results import Results
from ..workspace import Workspace
from ..workspace.batches import BatchMember, FilingBatch, mark_filed, next_batch_id, record_batch
from .generate import FilingOutput, FilingRequest, prepare_filings, provenance_of
from .plan import FilingPlan, Selection, plan_filing

Progress = Callable[[int, int], None]


def plan_for(ws: Workspace, results: Results, selection: Selection | None = None) -> FilingPlan:
    return plan_filing(results, ws.reviews(), selection)


def run_filings(ws: Workspace, plan: FilingPlan, request: FilingRequest, *, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> tuple[FilingOutput, FilingBatch | None]:
    """Write the batch; record it in the workspace unless it is read-only (then None)."""
    batch_id = next_batch_id(ws, request.filing_date)
    output = prepare_filings(plan, request, batch_id=batch_id, provenance=provenance_of(ws), progress=progress,
                             cancelled=cancelled)
    if ws.read_only:
        return output, None
    members = [BatchMember(key, court, position) for key, court, position in output.members]
    documents = [str(p.relative_to(output.folder)) for p in output.files]
    batch = record_batch(ws, members, mode=request.mode, documents=documents,
                         reviewer=request.prepared_by or request.signer.name, day=request.filing_date,
                         batch_id=batch_id)
    return output, batch


def mark_batch_filed(ws: Workspace, batch_id: str, filed_on: dt.date, reviewer: str) -> tuple[tuple[str, ...], list[str]]:
    """Each conviction of the batch: Filed with court (or Challenged), on `filed_on`, with the
    batch id; returns the keys that changed and those no longer in the data."""
    result, gone = mark_filed(ws, batch_id, filed_on, reviewer)
    return result.keys, gone
