"""File > Recently opened workspaces: the last workspaces opened or made (their paths, in the
settings), newest first; an entry whose file has gone is removed when chosen."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMenu

from .settings import MAX_RECENT, AppSettings

RECENT_KEY = "workspaces/recent"


class RecentWorkspaces:
    def __init__(self, settings: AppSettings, menu: QMenu, open_workspace: Callable[[str], object],
                 missing: Callable[[str], None]) -> None:
        """`open_workspace(path)` opens an entry; `missing(path)` says one has gone (it is removed)."""
        self._settings, self._menu = settings, menu
        self._open, self._missing = open_workspace, missing
        self.update_menu()

    def paths(self) -> list[str]:
        return self._settings.get_list(RECENT_KEY)

    def remember(self, path: Path) -> None:
        entry = str(path)
        self._settings.set(RECENT_KEY, [entry, *[p for p in self.paths() if p != entry]][:MAX_RECENT])
        self.update_menu()

    def open(self, path: str) -> None:
        if Path(path).is_file():
            self._open(path)
            return
        self._settings.set(RECENT_KEY, [p for p in self.paths() if p != path])
        self.update_menu()
        self._missing(path)

    def update_menu(self) -> None:
        menu = self._menu
        menu.clear()
        for entry in self.paths():
            action = menu.addAction(Path(entry).name, partial(self.open, entry))
            action.setToolTip(entry)
        if menu.isEmpty():
            menu.addAction("No recent workspaces").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the list", self.clear)
        menu.setToolTipsVisible(True)

    def clear(self) -> None:
        self._settings.set(RECENT_KEY, [])
        self.update_menu()
