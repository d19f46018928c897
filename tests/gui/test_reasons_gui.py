"""The Reason filter lists categories, the Summary counts them, and the person view shows the
facts the engine used, naming a birth date after the conviction date as such."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from factory import conviction, write_csv

WAIT_MS = 30_000

FUTURE = ["20270105", "20270311", "20280708", "20290101", "20300228", "20310704"]


def _open(window, qtbot, path: Path) -> None:
    assert window.dataset.open_files([str(path)])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)


def test_reason_filter_lists_one_entry_per_category(window, qtbot, tmp_path):
    rows = [conviction(subject=str(i), date=d) for i, d in enumerate(FUTURE)]
    rows += [conviction(subject="20", level="MISDEMEANOR"), conviction(subject="21", level="MISDEMEANOR")]
    _open(window, qtbot, write_csv(tmp_path / "future.csv", rows))
    combo = window.filter_bar.reason
    entries = [combo.itemText(i) for i in range(combo.count())]
    assert entries == ["Any reason", "Conviction date after the evaluation date: check the record (6)",
                       "Misdemeanor or Infraction (2)"]
    combo.setCurrentIndex(1)
    window.results_view.apply_filters()
    assert window.model.rowCount() == 6
    # The table's own reason text keeps each row's date.
    reason_column = window.model.column_index("reason")
    texts = {window.model.index(r, reason_column).data() for r in range(6)}
    assert "Conviction date 01/05/2027 is after the evaluation date 01/01/2026: check the record" in texts
    assert len(texts) == 6
    summary = window.summary_view.text.toPlainText()
    assert "Conviction date after the evaluation date: check the record" in summary
    assert "01/05/2027" not in summary


def test_person_view_names_a_birth_date_after_the_conviction(window, qtbot, tmp_path):
    rows = [conviction(subject="1", offense="11359 HS-SELL", date="19900101", PRI_DOB="20000101")]
    _open(window, qtbot, write_csv(tmp_path / "born_after.csv", rows))
    window.table.select_view_row(0)
    text = window.person_view.browser.toPlainText()
    assert 'Born 01/01/2000, after the conviction date 01/01/1990: check "21 years or younger"' in text
    assert ("Age at conviction: unknown (born 01/01/2000, after the conviction date 01/01/1990) — used by this step"
            in text)
    assert "-10" not in text and "-9" not in text
    assert "1 conviction is dated before the person's date of birth" in window.banner.label.text()
    assert np.array_equal(window.dataset.session.results.evaluated["dob"].to_numpy(), [20000101])


def test_window_says_why_a_county_has_no_conviction(window, qtbot, tmp_path):
    rows = [conviction(subject="1", county="YOLO"), conviction(subject="2", county="YOLO"),
            conviction(subject="3", offense="459 PC-BURGLARY"), conviction(subject="4", offense="459 PC-BURGLARY"),
            conviction(subject="5", offense="10851 VC-TAKE VEHICLE")]
    _open(window, qtbot, write_csv(tmp_path / "yolo.csv", rows))
    assert window.dataset.session.results.county == "SACRAMENTO"
    assert window.model.rowCount() == 0
    text = window.person_view.browser.toPlainText()
    assert "YOLO" in text and "2" in text, text
