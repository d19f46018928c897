"""Moving around the window without a mouse: the Tab order across panes, F6 / Shift+F6 from
pane to pane, shortcuts that go straight to the table, the person view and the summary, where
focus goes when a file is loaded, and help for the focused control (Shift+F1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget, QWhatsThis, QWidget

from .accessibility import announce, plain_text
from .keyboard import focus_chain, focused_in, step_focus, tab_stops


@dataclass
class Pane:
    """A region F6 moves between: `area` holds it, `entry()` is the widget to focus (None while
    the pane is not shown)."""

    name: str
    area: QWidget
    entry: Callable[[], QWidget | None]


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def _first_stop(area: QWidget) -> QWidget | None:
    return next((w for w in focus_chain(area) if w.isVisible() and w.isEnabled()), None)


class NavigationController(QObject):
    pane_changed = Signal(str)  # the name of the pane F6 (or a shortcut) moved to

    def __init__(self, window: QWidget, *, welcome: QWidget, policy_panel: QWidget, filter_bar: QWidget,
                 search: QWidget, table: QWidget, person_view: QWidget, person_tabs: QTabWidget, tabs: QTabWidget,
                 summary: QWidget, summary_text: QWidget, tab_order: list[QWidget]) -> None:
        """`tab_order`: the panes (and single widgets) in the order Tab visits them."""
        super().__init__(window)
        self._window = window
        self._tabs = tabs
        self._table = table
        self._person_view = person_view
        self._summary_text = summary_text
        self._tab_order = tab_order
        self._last: dict[str, QWidget] = {}
        self.panes = [
            Pane("Welcome", welcome, lambda: _first_stop(welcome) if _shown(welcome) else None),
            Pane("Policy panel", policy_panel, lambda: self._remembered("Policy panel", policy_panel)),
            Pane("Filters", filter_bar, lambda: search if _shown(filter_bar) else None),
            Pane("Results table", table, lambda: table if _shown(table) else None),
            Pane("Person view", person_view,
                 lambda: person_tabs.currentWidget() if _shown(person_view) else None),
            Pane("Summary", summary, lambda: self._remembered("Summary", summary)),
        ]
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def add_pane(self, name: str, area: QWidget, before: str) -> None:
        """Another pane F6 visits (a workspace's review panel), before the pane named `before`;
        its entry is the control last focused in it, else its first."""
        at = next(i for i, p in enumerate(self.panes) if p.name == before)
        self.panes.insert(at, Pane(name, area, lambda: self._remembered(name, area)))

    # ------------------------------------------------------------------ Tab
    def tab_stops(self) -> list[QWidget]:
        """The Tab stops shown now, in order."""
        return tab_stops(self._window, self._tab_order)

    def tab(self, forward: bool) -> bool:
        """Tab (or Shift+Tab) from the focused control; the window calls it from focusNextPrevChild."""
        return step_focus(self._window, self._tab_order, forward)

    # ------------------------------------------------------------------ panes
    def _remembered(self, name: str, area: QWidget) -> QWidget | None:
        if not _shown(area):
            return None
        last = self._last.get(name)
        if last is not None and _shown(last) and area.isAncestorOf(last):
            return last
        return _first_stop(area)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for pane in self.panes:
            if pane.area is new or pane.area.isAncestorOf(new):
                self._last[pane.name] = new

    def current_pane(self) -> str:
        """The pane that holds the keyboard focus ("" when none)."""
        for pane in self.panes:
            if focused_in(pane.area):
                return pane.name
        return ""

    def next_pane(self, step: int = 1) -> str:
        """Focus the next (step 1) or previous (-1) pane that is shown; returns its name."""
        names = [p.name for p in self.panes]
        current = self.current_pane()
        start = names.index(current) if current in names else (-1 if step > 0 else 0)
        for k in range(1, len(self.panes) + 1):
            pane = self.panes[(start + step * k) % len(self.panes)]
            target = pane.entry()
            if target is not None:
                target.setFocus()
                self.pane_changed.emit(pane.name)
                return pane.name
        return ""

    def previous_pane(self) -> str:
        return self.next_pane(-1)

    def go_table(self) -> None:
        """Show the results and focus the table (arrow keys move, Tab leaves)."""
        self._tabs.setCurrentIndex(0)
        if self._table.isVisible():
            self._table.setFocus()

    def go_person_view(self, show: Callable[[], None] | None = None) -> None:
        """Show the person view (`show` makes it visible if it was hidden) and focus it."""
        self._tabs.setCurrentIndex(0)
        if not self._person_view.isVisible() and show is not None:
            show()
        target = next(p for p in self.panes if p.name == "Person view").entry()
        if target is not None:
            target.setFocus()

    def go_summary(self) -> None:
        self._tabs.setCurrentIndex(1)
        self._summary_text.setFocus()

    # ------------------------------------------------------------------ help
    def whats_this(self) -> str:
        """Show (and announce) the help of the focused control: its What's This text, else its
        tooltip, else its accessible description."""
        widget = QApplication.focusWidget()
        if widget is None:
            return ""
        help_text = help_of(widget)
        text = help_text or f"No more help for '{plain_text(widget.accessibleName()) or _visible_text(widget)}'."
        QWhatsThis.showText(widget.mapToGlobal(QPoint(widget.width() // 2, widget.height())), text, widget)
        announce(widget, text)
        return text


def help_of(widget: QWidget) -> str:
    w: QWidget | None = widget
    while w is not None:  # a date field's line edit: the field's help
        for text in (w.whatsThis(), w.toolTip(), w.accessibleDescription()):
            if text.strip():
                return plain_text(text) if "<" in text else text.strip()
        parent = w.parentWidget()
        w = parent if parent is not None and parent.focusProxy() is w else None
    return ""


def _visible_text(widget: QWidget) -> str:
    if isinstance(widget, (QAbstractButton, QLabel)):
        return plain_text(widget.text())
    return type(widget).__name__
