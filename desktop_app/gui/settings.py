"""What the app remembers between runs (QSettings, organisation "RecordClearance").

Only window layout, recent file paths, the last folders and the last choices: never record content.
Saved column mappings (column names only) go to `data_folder("mappings")` beside the settings file.
Tests point QSettings at a temporary folder (`QSettings.setPath`) before creating the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "RecordClearance"
APPLICATION = "Record Clearance Desktop"
MAX_RECENT = 8


def default_settings() -> QSettings:
    """The user's settings: an INI file in the per-user configuration folder on every platform
    (readable, and easy to point at a temporary folder in tests)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


class AppSettings:
    """Typed access to the remembered values."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else default_settings()

    # -- plain values
    def get(self, key: str, default: Any = None) -> Any:
        value = self.store.value(key, default)
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        self.store.setValue(key, value)

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def get_list(self, key: str) -> list[str]:
        value = self.store.value(key, [])
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value]

    # -- recent files
    def recent_files(self) -> list[str]:
        return self.get_list("files/recent")

    def add_recent(self, paths: list[str]) -> None:
        # A multi-file data set is remembered as one entry: the paths joined by a newline.
        entry = "\n".join(paths)
        recent = [r for r in self.recent_files() if r != entry]
        self.store.setValue("files/recent", [entry, *recent][:MAX_RECENT])

    def remove_recent(self, entry: str) -> None:
        self.store.setValue("files/recent", [r for r in self.recent_files() if r != entry])

    # -- folders
    def folder(self, kind: str) -> str:
        """The last folder used for `kind` ('open', 'export', 'policy', 'summary')."""
        folder = str(self.get(f"folders/{kind}", "") or "")
        if folder and Path(folder).is_dir():
            return folder
        return str(Path.home())

    def set_folder(self, kind: str, folder: str | Path) -> None:
        self.set(f"folders/{kind}", str(folder))

    def data_folder(self, name: str) -> Path:
        """A folder for the app's own small files (e.g. 'mappings': saved column mappings),
        beside the settings file: per user, and under the temporary settings folder in tests.
        Not created here."""
        return Path(self.store.fileName()).parent / name

    def sync(self) -> None:
        self.store.sync()
