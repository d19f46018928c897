"""The desktop app (PySide6): main window, results table, policy panel, workers."""
