"""The whole window works from the keyboard: Tab leaves the table and reaches every pane in
reading order, F6 moves between panes, shortcuts go straight to the table, the person view and
the summary, the table sorts from the keyboard, and no two shortcuts or mnemonics collide."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop_app.gui.accessibility import accessible_name


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    QTest.keyClick(_focus(), key, modifier)
    return _focus()


def _inside(widget: QWidget, area: QWidget) -> bool:
    return widget is area or area.isAncestorOf(widget)


def test_tab_leaves_the_table_and_reaches_every_pane(loaded, qtbot):
    w = loaded
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.table)  # focus moved there when the file loaded
    after = _press(Qt.Key.Key_Tab)
    assert after is not w.table  # no keyboard trap (it was 400 presses and still in the table)
    visited = [after]
    for _ in range(80):
        visited.append(_press(Qt.Key.Key_Tab))
        if visited[-1] is w.table:
            break
    assert visited[-1] is w.table, "Tab did not come back round to the table"
    order = []
    for name, area in (("handle", w.results_splitter.handle(1)), ("person", w.person_view), ("tabs", w.tabs.tabBar()),
                       ("policy", w.policy_panel), ("filters", w.filter_bar), ("banner", w.banner),
                       ("header", w.table.horizontalHeader())):
        hits = [i for i, v in enumerate(visited) if _inside(v, area)]
        assert hits, f"Tab never reached the {name}"
        order.append(hits[0])
    assert order == sorted(order)  # reading order: person view, the tabs, policy, filters, header
    # Shift+Tab goes back the same way.
    assert _press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is visited[-2]


def test_arrow_keys_move_inside_the_table(loaded, qtbot):
    w = loaded
    w.activateWindow()
    w.table.setFocus()
    w.table.setCurrentIndex(w.model.index(0, 0))
    _press(Qt.Key.Key_Down)
    _press(Qt.Key.Key_Right)
    assert (w.table.currentIndex().row(), w.table.currentIndex().column()) == (1, 1)
    assert _focus() is w.table


def test_welcome_page_buttons_come_first(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.welcome_open)
    assert _press(Qt.Key.Key_Tab) is window.welcome_sample
    assert _press(Qt.Key.Key_Tab) is window.welcome_client
    assert _inside(_press(Qt.Key.Key_Tab), window.policy_panel)


def test_tab_lands_on_the_chosen_radio_button_of_each_row(window):
    panel = window.policy_panel
    stops = [w for w in window.navigation.tab_stops() if w in panel.section_groups["11359"].buttons()]
    assert stops == [panel.section_groups["11359"].checkedButton()]  # one stop per row: the chosen one
    panel.section_groups["11359"].button(0).setChecked(True)
    stops = [w for w in window.navigation.tab_stops() if w in panel.section_groups["11359"].buttons()]
    assert stops == [panel.section_groups["11359"].button(0)]


def test_date_fields_are_in_the_tab_order(window):
    stops = window.navigation.tab_stops()
    assert window.policy_panel.as_of_edit.edit in stops
    assert window.policy_panel.as_of_edit.calendar_button in stops


def test_f6_moves_between_panes_and_shortcuts_go_to_them(loaded, qtbot):
    w = loaded
    w.activateWindow()
    w.table.setFocus()
    names = [w.navigation.next_pane() for _ in range(4)]
    assert names == ["Person view", "Policy panel", "Filters", "Results table"]
    assert w.navigation.previous_pane() == "Filters"
    w.actions.go_person.trigger()
    assert _inside(_focus(), w.person_view)
    w.actions.person_view.setChecked(False)
    w.actions.go_person.trigger()  # shows the person view again
    assert w.person_view.isVisible() and _inside(_focus(), w.person_view)
    w.actions.summary_tab.trigger()
    assert _focus() is w.summary_view.text
    w.actions.go_table.trigger()
    assert _focus() is w.table and w.tabs.currentIndex() == 0
    QTest.keyClick(_focus(), Qt.Key.Key_F6)  # through the real shortcut
    assert _inside(_focus(), w.person_view)


def test_sort_from_the_keyboard(loaded, qtbot):
    w = loaded
    w.activateWindow()
    header = w.table.horizontalHeader()
    header.setFocus()
    name = w.model.column_index("name")
    for _ in range(w.table.visible_columns().index(name)):
        _press(Qt.Key.Key_Right)
    assert header.current_section() == name
    names = lambda: [w.model.text_at(r, "name") for r in range(w.model.rowCount())]  # noqa: E731
    _press(Qt.Key.Key_Return)
    assert names() == sorted(names())
    _press(Qt.Key.Key_Space)
    assert names() == sorted(names(), reverse=True)
    _press(Qt.Key.Key_Return)
    assert header.sortIndicatorSection() == -1  # file order again
    ev = w.dataset.session.results.evaluated
    assert [int(w.model.table.frame_rows[w.model.base_row(r)]) for r in range(w.model.rowCount())] == \
        ev["row"].tolist()


def test_sort_menu_lists_the_columns_shown(loaded):
    w = loaded
    menu = QMenu()
    w.table.fill_sort_menu(menu)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "&File order (no sort)" and "Conviction date" in texts
    assert "Prop 64 section" not in texts and "Prop 64 section (hidden column)" not in texts  # hidden
    next(a for a in menu.actions() if a.text() == "Conviction date").trigger()
    dates = [int(w.model.table.dates[w.model.base_row(r)]) for r in range(w.model.rowCount())]
    assert dates == sorted(dates)
    w.table.fill_sort_menu(menu)
    next(a for a in menu.actions() if a.text() == "&Descending").trigger()
    dates = [int(w.model.table.dates[w.model.base_row(r)]) for r in range(w.model.rowCount())]
    assert dates == sorted(dates, reverse=True)


def test_splitter_handles_move_with_the_arrow_keys(loaded):
    w = loaded
    w.resize(1400, 860)  # room for the panel to grow (a window opens no larger than the screen)
    w.activateWindow()
    handle = w.main_splitter.handle(1)
    handle.setFocus()
    before = w.main_splitter.sizes()[0]
    _press(Qt.Key.Key_Right)
    assert w.main_splitter.sizes()[0] > before
    _press(Qt.Key.Key_Home)
    assert w.main_splitter.sizes()[0] == 0
    assert accessible_name(handle) == "Resize the policy panel"


def test_hidden_policy_panel_is_remembered(window, qtbot):
    from desktop_app.gui.main_window import MainWindow

    window.actions.policy_panel.trigger()
    assert window.policy_scroll.isHidden()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert not again.actions.policy_panel.isChecked() and again.policy_scroll.isHidden()


def test_shortcuts_and_mnemonics_do_not_collide(window):
    shortcuts = Counter()
    for action in window.findChildren(type(window.actions.open)):
        for key in action.shortcuts():
            shortcuts[key.toString(QKeySequence.SequenceFormat.PortableText)] += 1
    assert [k for k, n in shortcuts.items() if n > 1] == []
    menus = [window.menuBar(), *window.menuBar().findChildren(QMenu)]
    for menu in menus:
        letters = [m.group(1).lower() for a in menu.actions()
                   if (m := re.search(r"&([^&])", a.text() or (a.menu().title() if a.menu() else "")))]
        assert [k for k, n in Counter(letters).items() if n > 1] == [], menu.title()


def test_keyboard_map_lists_every_shortcut(window):
    from desktop_app.gui.dialogs import shortcut_rows

    rows = dict((keys, what) for keys, what in shortcut_rows(window.actions.all()))
    for keys in ("F6", "Shift+F6", "Ctrl+Shift+T", "Ctrl+Shift+H", "Shift+F1", "Ctrl+F", "Tab / Shift+Tab"):
        assert keys in rows, keys


def test_every_control_of_the_window_is_in_a_pane(loaded, qtbot):
    """Tab follows the panes listed in MainWindow (tab_order): a control outside every pane would
    never be reached by Tab once the focus is in one. A pane added later must join the list."""
    from desktop_app.gui.keyboard import takes_tab

    w = loaded
    for tab in (0, 1):
        w.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        shown = [x for x in w.findChildren(QWidget) if x.window() is w and takes_tab(x) and x.isVisible()
                 and x.isEnabled() and x.focusProxy() is None]
        stops = set(w.navigation.tab_stops())
        assert [f"{type(x).__name__} {accessible_name(x)}" for x in shown if x not in stops] == []
