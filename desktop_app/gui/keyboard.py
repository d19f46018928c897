"""Keyboard use: the Tab order across panes, a visible focus ring on text panes, radio rows that
take one Tab stop (the chosen button), and splitters resized with the arrow keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QButtonGroup, QSplitter, QSplitterHandle, QWidget

from .accessibility import announce


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def focus_chain(pane: QWidget) -> list[QWidget]:
    """The widgets of `pane` that Tab stops at, in their current focus-chain order (a focus proxy
    stands for the widget it serves)."""
    inside = []
    start = pane.window()
    w = start.nextInFocusChain()
    while w is not start:
        if (w is pane or pane.isAncestorOf(w)) and takes_tab(w) and w.focusProxy() is None and w not in inside:
            inside.append(w)
        w = w.nextInFocusChain()
    return inside


def set_tab_order(panes: list[QWidget]) -> list[QWidget]:
    """Chain the panes in this order, each keeping its inner order; returns the whole chain."""
    chain: list[QWidget] = []
    for pane in panes:
        chain += [w for w in focus_chain(pane) if w not in chain]
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)
    return chain


# ------------------------------------------------------------------ focus ring

FOCUS_RING_STYLE = ("{cls} {{ border: 1px solid palette(mid); }} "
                    "{cls}:focus {{ border: 2px solid palette(highlight); }}")


def show_focus(widget: QWidget) -> None:
    """A visible focus indicator for a scroll area (a text pane, a table): its frame becomes a 2 px
    ring in the palette's highlight colour while it has focus (Fusion draws none)."""
    cls = type(widget).__name__
    widget.setStyleSheet(FOCUS_RING_STYLE.format(cls=cls))


# ------------------------------------------------------------------ radio rows

class _OneTabStop(QObject):
    """Keeps the checked button of an exclusive group the group's only Tab stop; the arrow keys
    still move between the buttons (Qt's own radio behaviour)."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self._group = group
        group.buttonToggled.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        checked = self._group.checkedButton()
        buttons = self._group.buttons()
        for b in buttons:
            stop = b is checked or (checked is None and b is buttons[0])
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if stop else Qt.FocusPolicy.ClickFocus)


def one_tab_stop(group: QButtonGroup) -> None:
    """Tab lands on the chosen button of `group`, not on the first one."""
    _OneTabStop(group)


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

    def focusInEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.update()

    def focusOutEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusOutEvent(event)  # type: ignore[arg-type]
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
