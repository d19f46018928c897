"""Keyboard use: the Tab order across panes, a visible focus ring on text panes, radio rows that
take one Tab stop (the chosen button), and splitters resized with the arrow keys.

The window's Tab order is computed at each key press from the order of its panes
(`step_focus`), not stored with QWidget.setTabOrder: that call moves a compound widget's whole
focus chain (a tab widget, a date field) and can close the chain into a loop that Tab never
leaves."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QButtonGroup, QScrollArea, QSplitter, QSplitterHandle, QWidget

from .accessibility import announce


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def focus_chain(pane: QWidget) -> list[QWidget]:
    """The widgets of `pane` that Tab stops at, in their focus-chain order (a focus proxy stands
    for its widget)."""
    inside = []
    start = pane.window()
    w = start.nextInFocusChain()
    while w is not start:
        if (w is pane or pane.isAncestorOf(w)) and takes_tab(w) and w.focusProxy() is None and w not in inside:
            inside.append(w)
        w = w.nextInFocusChain()
    return inside


def tab_stops(window: QWidget, panes: list[QWidget]) -> list[QWidget]:
    """The Tab stops shown now, pane by pane in the order of `panes` (a widget belongs to the
    first pane that holds it), each pane in its own focus-chain order. Widgets outside every
    pane are left out."""
    found: list[tuple[int, int, QWidget]] = []
    w, position = window.nextInFocusChain(), 0
    while w is not window and position < 100_000:
        if takes_tab(w) and w.focusProxy() is None and w.isVisible() and w.isEnabled():
            for rank, pane in enumerate(panes):
                if w is pane or pane.isAncestorOf(w):
                    found.append((rank, position, w))
                    break
        w, position = w.nextInFocusChain(), position + 1
    return [w for _r, _p, w in sorted(found, key=lambda t: (t[0], t[1]))]


def step_focus(window: QWidget, panes: list[QWidget], forward: bool) -> bool:
    """Move the focus to the next (or previous) Tab stop in pane order, wrapping around; False
    when the focus is outside the panes (Qt's own order then applies)."""
    stops = tab_stops(window, panes)
    focus = QApplication.focusWidget()
    if not stops or focus is None:
        return False
    while focus is not None and focus not in stops and focus.focusProxy() is not None:
        focus = focus.focusProxy()
    if focus not in stops:
        inside = [i for i, w in enumerate(stops) if w.isAncestorOf(focus)]
        if not inside:
            return False
        index = inside[-1]
    else:
        index = stops.index(focus)
    target = stops[(index + (1 if forward else -1)) % len(stops)]
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    parent = target.parentWidget()
    while parent is not None:  # a control inside a scroll area (the policy panel) is scrolled into view
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(target)
        parent = parent.parentWidget()
    return True


# ------------------------------------------------------------------ focus ring

FOCUS_RING_STYLE = ("{cls} {{ border: 1px solid palette(mid); }} "
                    "{cls}:focus {{ border: 2px solid palette(highlight); }}")


def show_focus(widget: QWidget) -> None:
    """A visible focus indicator for a scroll area (a text pane, a table): its frame becomes a 2 px
    ring in the palette's highlight colour while it has focus (Fusion draws none)."""
    cls = type(widget).__name__
    widget.setStyleSheet(FOCUS_RING_STYLE.format(cls=cls))


# ------------------------------------------------------------------ radio rows

class OneTabStop(QObject):
    """Keeps the checked button of an exclusive group the group's only Tab stop; the arrow keys
    still move between the buttons (Qt's own radio behaviour). Call `update()` after checking a
    button with the group's signals blocked."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self._group = group
        group.buttonToggled.connect(self.update)
        self.update()

    def update(self, *_args: object) -> None:
        checked = self._group.checkedButton()
        buttons = self._group.buttons()
        for b in buttons:
            stop = b is checked or (checked is None and b is buttons[0])
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if stop else Qt.FocusPolicy.ClickFocus)


def one_tab_stop(group: QButtonGroup) -> OneTabStop:
    """Tab lands on the chosen button of `group`, not on the first one."""
    return OneTabStop(group)


# ------------------------------------------------------------------ splitters

class KeyboardSplitterHandle(QSplitterHandle):
    """A splitter handle that takes focus: the arrow keys move it, Home and End move it to either
    end. Drawn in the highlight colour while focused."""

    STEP = 24  # pixels per key press; Ctrl: five times as far

    def __init__(self, orientation: Qt.Orientation, parent: QSplitter) -> None:
        super().__init__(orientation, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _index(self) -> int:
        s = self.splitter()
        return next(i for i in range(s.count()) if s.handle(i) is self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        s, key = self.splitter(), event.key()
        forward = (Qt.Key.Key_Right, Qt.Key.Key_Down)
        backward = (Qt.Key.Key_Left, Qt.Key.Key_Up)
        index = self._index()
        sizes = s.sizes()
        if index <= 0 or key not in (*forward, *backward, Qt.Key.Key_Home, Qt.Key.Key_End):
            super().keyPressEvent(event)
            return
        step = self.STEP * (5 if event.modifiers() & Qt.KeyboardModifier.ControlModifier else 1)
        total = sizes[index - 1] + sizes[index]
        if key == Qt.Key.Key_Home:
            before = 0
        elif key == Qt.Key.Key_End:
            before = total
        else:
            before = sizes[index - 1] + (step if key in forward else -step)
        before = max(0, min(total, before))
        sizes[index - 1], sizes[index] = before, total - before
        s.setSizes(sizes)
        moved = s.sizes()
        announce(self, f"{self.accessibleName()}: {round(100 * moved[index - 1] / max(1, sum(moved)))} percent")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            p = QPainter(self)
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            p.drawRect(QRect(1, 1, self.width() - 2, self.height() - 2))
            p.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class KeyboardSplitter(QSplitter):
    """A QSplitter whose handles take focus and move with the arrow keys; `names` are the
    handles' accessible names (one per handle, left to right or top to bottom)."""

    def __init__(self, orientation: Qt.Orientation, names: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._names = names
        self.setHandleWidth(max(self.handleWidth(), 6))

    def createHandle(self) -> QSplitterHandle:
        handle = KeyboardSplitterHandle(self.orientation(), self)
        index = self.count()  # the handle before the widget being added
        name = self._names[index - 1] if 0 < index <= len(self._names) else "Resize the panes"
        handle.setAccessibleName(name)
        handle.setToolTip(f"{name}: drag, or focus it and use the arrow keys")
        if index == 0:  # the first widget's handle is never shown
            handle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return handle


def focused_in(pane: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is pane or pane.isAncestorOf(focus))
