"""What a Linux screen reader gets from the running app, read over AT-SPI with pyatspi (the
system's Python: `apt-get install python3-pyatspi`). Writes a JSON report to FOLDER/report.json.

    /usr/bin/python3 tests/gui/atspi/reader.py FOLDER
"""
import json
import sys
import threading
import time
from pathlib import Path

import pyatspi

folder = Path(sys.argv[1])
APP_NAME = "record-clearance-atspi-check"
announcements: list[str] = []


def on_event(event) -> None:  # type: ignore[no-untyped-def]
    if event.type.startswith("object:announcement"):
        announcements.append(str(event.any_data))


def read_tree() -> None:
    deadline = time.time() + 50
    while not (folder / "READY").exists() and time.time() < deadline:
        time.sleep(0.1)
    app = None
    deadline = time.time() + 90  # on a busy machine the app registers on the bus up to a minute later
    while app is None and time.time() < deadline:
        time.sleep(0.5)
        desktop = pyatspi.Registry.getDesktop(0)
        app = next((desktop.getChildAtIndex(i) for i in range(desktop.childCount)
                    if desktop.getChildAtIndex(i) is not None and desktop.getChildAtIndex(i).name == APP_NAME
                    and desktop.getChildAtIndex(i).childCount > 0), None)
    report: dict = {"found_app": app is not None, "controls": [], "combo_labels": {}, "tables": {}}
    if app is not None:
        walk(app, report)
    report["announcements"] = list(announcements)
    (folder / "report.json").write_text(json.dumps(report, indent=1))
    (folder / "DONE").write_text("1")
    pyatspi.Registry.stop()


def walk(obj, report: dict, depth: int = 0) -> None:  # type: ignore[no-untyped-def]
    try:
        role, name, states = obj.getRoleName(), obj.name, obj.getState().getStates()
    except Exception:  # noqa: BLE001 - an object that went away
        return
    showing = pyatspi.STATE_SHOWING in states
    if pyatspi.STATE_FOCUSABLE in states and showing and role not in ("table cell", "list item", "menu item",
                                                                      "page tab", "column header"):
        report["controls"].append({"role": role, "name": name})
    if role == "combo box" and showing:
        labels = [r.getTarget(i).name for r in obj.getRelationSet()
                  if r.getRelationType() == pyatspi.RELATION_LABELLED_BY for i in range(r.getNTargets())]
        report["combo_labels"][name] = labels
    if role == "table" and showing:
        try:
            table = obj.queryTable()
            headers = [table.getColumnHeader(c).name if table.getColumnHeader(c) else ""
                       for c in range(table.nColumns)]
            report["tables"][name] = {"rows": table.nRows, "headers": headers}
        except NotImplementedError:
            pass
        return  # its cells are read through the table interface
    if depth > 40:
        return
    for i in range(obj.childCount):
        child = obj.getChildAtIndex(i)
        if child is not None:
            walk(child, report, depth + 1)


pyatspi.Registry.registerEventListener(on_event, "object:announcement")
(folder / "LISTENING").write_text("1")
threading.Thread(target=read_tree, daemon=True).start()
pyatspi.Registry.start()
