"""Review workspaces: the office's decisions on each conviction, kept in one SQLite file with an
append-only audit log, carried to the next DOJ extract by conviction key. Never imports Qt."""

from .apply import apply_reviews, review_progress, with_reviews
from .carry_over import CarryOver
from .errors import (DamagedWorkspace, NewerWorkspace, NotAWorkspace, ReadOnlyWorkspace, ReviewError, WorkspaceError,
                     WorkspaceInUse)
from .review_actions import ReviewRequest
from .session import (WorkspaceData, column_mapping, evaluate_for, export_with_reviews, export_workspace, open_data,
                      same_files, stored_paths, with_review_sheets)
from .store import SUFFIX
from .workspace import ActionResult, Evaluation, InputFile, Workspace

__all__ = ["Workspace", "Evaluation", "InputFile", "ActionResult", "ReviewRequest", "CarryOver", "WorkspaceData",
           "apply_reviews", "with_reviews", "review_progress", "open_data", "evaluate_for", "export_workspace",
           "export_with_reviews", "with_review_sheets", "column_mapping", "same_files", "stored_paths", "SUFFIX",
           "WorkspaceError", "NotAWorkspace", "NewerWorkspace", "DamagedWorkspace", "WorkspaceInUse",
           "ReadOnlyWorkspace", "ReviewError"]
