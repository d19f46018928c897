"""What the worker does for a review workspace: read its data set (DOJ research files, or a
clinic's spreadsheet with the column mapping the workspace keeps) and evaluate it with the
workspace's own policy, county and date."""

from __future__ import annotations

from pathlib import Path

from ..core.clinic.sheet import read_table
from ..core.pipeline import load_clinic
from ..core.prepare import Prepared
from ..core.workspace import Workspace, column_mapping
from .jobs import LoadTask, load_task, session_task
from .worker import JobContext


def workspace_task(ws: Workspace, paths: list[str]) -> LoadTask:
    """The load task for `paths` as `ws` reads them. Raises RecordClearanceError when the
    workspace's policy or column mapping does not load (on the GUI thread, before the job)."""
    ev, policy, mapping = ws.evaluation(), ws.policy(), column_mapping(ws)
    if mapping is None:  # DOJ research files (a clinic's sheet comes back as MappingNeeded)
        return load_task(list(paths), policy, ev.county, ev.as_of, keep_county=True)

    def prepare(ctx: JobContext) -> Prepared:
        where = Path(paths[0]).name
        ctx.status(f"Reading {where}")
        table = read_table(paths[0], sheet=mapping.sheet, header_row=mapping.header_row)
        return load_clinic(table, mapping, progress=ctx.stage(f"Preparing the rows of {where}"),
                           cancelled=ctx.cancelled)

    return session_task(list(paths), prepare, policy, ev.county, ev.as_of, keep_county=True, mapping=mapping,
                        all_counties=bool(mapping.column("county")))
