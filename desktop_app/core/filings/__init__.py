"""Court filings from the reviewed decisions (court-filings.md): per conviction the remedy, the
track and the office's position (remedy.py); per courthouse the case list, the motion and proposed
order, the notice of challenge and a cover summary (plan.py, generate.py). Never imports Qt.

Deliberately imports nothing here: `remedy` is used by the workspace's exports, which the other
modules of this package use in turn.
"""
