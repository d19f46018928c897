"""The results table shows what the engine evaluated; every filter and sort agrees with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QDate, Qt

from desktop_app.core.schema import DISMISS, HAND_REVIEW, REDUCE
from desktop_app.gui.filter_bar import FilterState, compute_mask
from desktop_app.gui.style import NOT_EVALUATED


def shown_frame_rows(w) -> list[int]:  # type: ignore[no-untyped-def]
    table = w.model.table
    return [int(table.frame_rows[w.model.base_row(r)]) for r in range(w.model.rowCount())]


def test_open_sample_shows_the_engines_convictions(loaded):
    ev = loaded.dataset.session.results.evaluated
    model = loaded.model
    assert len(ev) > 0
    assert model.rowCount() == len(ev)
    assert shown_frame_rows(loaded) == ev["row"].tolist()  # file order
    names = [model.text_at(r, "name") for r in range(model.rowCount())]
    assert names == [str(n).strip() for n in ev["name"]]
    dets = [model.data(model.index(r, model.column_index("determination"))) for r in range(model.rowCount())]
    assert dets == ev["determination"].astype(str).tolist()
    assert loaded.filter_bar.count_label.text() == f"{len(ev)} of {len(ev)} convictions"
    assert loaded.windowTitle().startswith("sample_doj.csv")


def test_model_passes_qt_model_tester(loaded, qtmodeltester, qtbot):
    qtmodeltester.check(loaded.model)
    loaded.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: loaded.dataset.session.all_table is not None and not loaded.runner.busy(), timeout=30_000)
    qtmodeltester.check(loaded.model)


def _expected(ev: pd.DataFrame, mask: np.ndarray) -> list[int]:
    return ev.loc[mask, "row"].tolist()


def test_each_filter_narrows_like_pandas(loaded, qtbot):
    w, fb = loaded, loaded.filter_bar
    ev = w.dataset.session.results.evaluated

    def check(expected_mask: np.ndarray) -> None:
        w.results_view.apply_filters()
        assert shown_frame_rows(w) == _expected(ev, expected_mask)
        assert fb.count_label.text() == f"{int(expected_mask.sum())} of {len(ev)} convictions"

    # determination: a click shows only that one, Ctrl+click adds another, a click on the only one shows all
    determination = ev["determination"].astype(str)
    qtbot.mouseClick(fb.det_buttons[HAND_REVIEW], Qt.MouseButton.LeftButton)
    check(determination.eq(HAND_REVIEW).to_numpy())
    qtbot.mouseClick(fb.det_buttons[REDUCE], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    check(determination.isin([HAND_REVIEW, REDUCE]).to_numpy())
    qtbot.mouseClick(fb.det_buttons[REDUCE], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(fb.det_buttons[REDUCE], Qt.MouseButton.LeftButton)
    check(np.ones(len(ev), bool))
    qtbot.mouseClick(fb.det_buttons[DISMISS], Qt.MouseButton.LeftButton)
    fb.clear()
    assert not any(b.isChecked() for b in fb.det_buttons.values())
    # reason, section, level, county
    labels = w.dataset.session.results.reason_labels
    reason = str(labels[1])
    fb.reason.setCurrentIndex(fb.reason.findData(reason))
    check(labels == reason)
    fb.clear()
    fb.section.setCurrentIndex(fb.section.findData("11359"))
    check((ev["section"] == "11359").to_numpy())
    fb.clear()
    fb.level.setCurrentIndex(fb.level.findData("Felony"))
    check((ev["level"] == "Felony").to_numpy())
    fb.clear()
    fb.county.setCurrentIndex(fb.county.findData("SACRAMENTO"))
    check((ev["county"] == "SACRAMENTO").to_numpy())
    fb.clear()
    # conviction date range (unknown dates are left out)
    fb.date_check.setChecked(True)
    fb.date_from.setDate(QDate(2000, 1, 1))
    fb.date_to.setDate(QDate(2015, 12, 31))
    d = ev["conviction_date"].to_numpy()
    check((d >= 20000101) & (d <= 20151231))
    fb.clear()
    # free text over name, CII, subject ID and case number (case-insensitive)
    name = str(ev["name"].iloc[3]).strip().split(",")[0].lower()
    fb.search.setText(name)
    qtbot.keyClick(fb.search, Qt.Key.Key_Return)  # searches now, without the typing pause
    hit = np.zeros(len(ev), bool)
    for column in ("name", "cii", "subject_id", "case_number"):
        hit |= ev[column].astype(str).str.lower().str.contains(name, regex=False).to_numpy()
    check(hit)
    fb.search.setText(str(ev["case_number"].iloc[5]).split(";")[0].strip())
    qtbot.keyClick(fb.search, Qt.Key.Key_Return)
    assert w.model.rowCount() >= 1
    fb.clear()
    check(np.ones(len(ev), bool))


@pytest.mark.parametrize("flag", ["superstrike", "pc290", "other_p64", "deceased", "input_problem"])
def test_flag_filters_match_the_engine_flags(loaded, flag):
    ev = loaded.dataset.session.results.evaluated
    loaded.filter_bar.flag_actions[flag].setChecked(True)
    loaded.results_view.apply_filters()
    assert shown_frame_rows(loaded) == _expected(ev, ev[flag].to_numpy(dtype=bool))


def test_filters_combine_and_compute_mask_matches_pandas(loaded):
    table = loaded.dataset.session.conv_table
    ev = loaded.dataset.session.results.evaluated
    state = FilterState(determinations=frozenset({DISMISS, REDUCE}), level="Felony", flags=frozenset())
    mask = compute_mask(table, state)
    expected = ev["determination"].astype(str).isin([DISMISS, REDUCE]) & (ev["level"] == "Felony")
    assert mask.tolist() == expected.tolist()
    assert compute_mask(table, FilterState()) is None
    none = compute_mask(table, FilterState(determinations=frozenset({HAND_REVIEW})))
    assert none.sum() == (ev["determination"].astype(str) == HAND_REVIEW).sum()


def test_sort_on_columns_and_back_to_file_order(loaded):
    w, model = loaded, loaded.model
    ev = w.dataset.session.results.evaluated
    header = w.table.horizontalHeader()
    date_col = model.column_index("conviction_date")
    w.table.sortByColumn(date_col, Qt.SortOrder.AscendingOrder)
    expected = ev.assign(d=ev["conviction_date"]).sort_values("d", kind="stable")["row"].tolist()
    assert shown_frame_rows(w) == expected
    w.table.sortByColumn(date_col, Qt.SortOrder.DescendingOrder)
    dates = [int(w.model.table.dates[w.model.base_row(r)]) for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    name_col = model.column_index("name")
    w.table.sortByColumn(name_col, Qt.SortOrder.AscendingOrder)
    names = [model.text_at(r, "name") for r in range(model.rowCount())]
    assert names == sorted(names)
    # a filter keeps the sort
    w.filter_bar.level.setCurrentIndex(w.filter_bar.level.findData("Felony"))
    w.results_view.apply_filters()
    names = [model.text_at(r, "name") for r in range(model.rowCount())]
    assert names == sorted(names) and len(names) == int((ev["level"] == "Felony").sum())
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    w.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert shown_frame_rows(w) == ev.loc[ev["level"] == "Felony", "row"].tolist()


def test_sort_keeps_the_selected_record(loaded):
    w = loaded
    w.table.select_view_row(4)
    frame_row = w.results_view.selected_frame_row()
    w.table.sortByColumn(w.model.column_index("name"), Qt.SortOrder.DescendingOrder)
    assert w.results_view.selected_frame_row() == frame_row


def test_all_rows_view(loaded, qtbot):
    w = loaded
    n = w.dataset.session.prepared.records.row_count
    w.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: w.dataset.session.all_table is not None and not w.runner.busy(), timeout=30_000)
    assert w.model.rowCount() == n
    assert w.filter_bar.count_label.text() == f"{n:,} of {n:,} rows"
    ev = w.dataset.session.results.evaluated
    qtbot.mouseClick(w.filter_bar.det_buttons[NOT_EVALUATED], Qt.MouseButton.LeftButton)
    w.results_view.apply_filters()
    assert w.model.rowCount() == n - len(ev)
    # the crowded filter row keeps the search box usable
    assert w.filter_bar.search.width() >= w.filter_bar.search.minimumWidth()
    w.filter_bar.clear()
    w.filter_bar.county.setCurrentIndex(w.filter_bar.county.findData("LOS ANGELES"))
    w.results_view.apply_filters()
    rows = w.dataset.session.prepared.rows
    assert w.model.rowCount() == int((rows["county"].astype(str) == "LOS ANGELES").sum())
    w.table.sortByColumn(w.model.column_index("event_date"), Qt.SortOrder.AscendingOrder)
    dates = [int(w.model.table.dates[w.model.base_row(r)]) for r in range(w.model.rowCount())]
    assert dates == sorted(dates)
    w.actions.all_rows.trigger()
    assert w.model.rowCount() == len(ev)


def test_copy_selected_rows_as_tab_separated_text(loaded):
    from PySide6.QtGui import QGuiApplication

    w = loaded
    w.table.selectRow(0)
    w.table.selectionModel().select(w.model.index(2, 0), w.table.selectionModel().SelectionFlag.Select
                                    | w.table.selectionModel().SelectionFlag.Rows)
    w.results_view.copy_selection()
    lines = QGuiApplication.clipboard().text().splitlines()
    visible = w.table.visible_columns()
    assert len(lines) == 3
    assert lines[0].split("\t") == [w.model.columns[i].title for i in visible]
    assert lines[1].split("\t")[visible.index(w.model.column_index("name"))] == w.model.text_at(0, "name")
