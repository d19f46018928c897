"""Accessibility helpers: names for screen readers, announcements, and the audit the tests run on
every window and dialog.

Names follow Qt's rules, which the Windows (UI Automation) and Linux (AT-SPI) bridges share: a
widget's accessible name, else its own text (buttons, check boxes), else the text of a `QLabel`
sibling whose buddy it is, else the title of the group box it sits in (rarely what it should say).
One platform difference matters: on Linux a combo box's name is its current item, and its label
reaches the screen reader only through the label's buddy relation, so every combo box needs a
buddy label (a visually hidden one is fine).
"""

from __future__ import annotations

import html
import logging
import re
from functools import lru_cache

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QCalendarWidget,
                               QComboBox, QFileDialog, QGroupBox, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QProgressBar, QScrollBar, QSplitterHandle, QTabBar, QTextEdit, QWidget)

log = logging.getLogger(__name__)

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: see announce()
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]

_TAGS = re.compile(r"<[^>]+>")
_LETTER = re.compile(r"\w")


# ------------------------------------------------------------------ announcements

class Announcer(QObject):
    """Every announcement, also as a signal (the tests and the status bar history listen)."""

    announced = Signal(str, bool)  # text, assertive


@lru_cache(maxsize=None)
def announcer() -> Announcer:
    return Announcer()


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have screen readers say `text` (a status change the user did not move focus to): Qt 6.8+
    sends an announcement event (AT-SPI `object:announcement`, UI Automation notification). On an
    older Qt the widget's accessible description changes instead, which screen readers read when
    the widget is focused."""
    text = plain_text(text)
    if not text:
        return
    announcer().announced.emit(text, assertive)
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                            else QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
    else:  # pragma: no cover
        widget.setAccessibleDescription(text)


# ------------------------------------------------------------------ giving names

def plain_text(text: str) -> str:
    """Rich text or a label's text as a screen reader should say it: no tags, no mnemonic '&'."""
    text = html.unescape(_TAGS.sub(" ", text.replace("&&", "\0"))).replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def label_name(label: QLabel | str) -> str:
    """A label's text as a name: plain, without its trailing colon."""
    text = plain_text(label.text() if isinstance(label, QLabel) else label)
    return text[:-1].rstrip() if text.endswith(":") else text


def label_for(label: QLabel, widget: QWidget) -> QLabel:
    """Make `label` the buddy of `widget` (its mnemonic focuses it). Qt reads a buddy only from a
    sibling, so for a widget inside a compound field the name is also set directly."""
    label.setBuddy(widget)
    if label.parentWidget() is not widget.parentWidget():
        widget.setAccessibleName(label_name(label))
    return label


def hidden_label(widget: QWidget, text: str) -> QLabel:
    """A visually hidden buddy label for `widget`, which must already have its parent: what names a
    combo box on Linux, and a field whose purpose its surroundings show."""
    parent = widget.parentWidget()
    if parent is None:
        raise ValueError("give the widget its parent (add it to its layout) before labelling it")
    label = QLabel(text, parent)
    label.setBuddy(widget)
    label.hide()
    return label


def secondary(label: QLabel) -> QLabel:
    """Secondary information (a note): italic in the normal text colour, never a disabled label
    (1.6:1 in Fusion)."""
    font = label.font()
    font.setItalic(True)
    label.setFont(font)
    return label


# ------------------------------------------------------------------ the audit

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
               QAbstractSlider, QTabBar, QProgressBar, QSplitterHandle)


def _inside(widget: QWidget, kinds: tuple[type, ...], root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The widgets of `root`'s window a user can operate or must hear about (hidden ones too: the
    tests walk each state), leaving out parts Qt builds and names itself (a spin box's line edit,
    a combo box's list, scroll bars, a line edit's clear button) and other windows (dialogs and
    menus are audited on their own)."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if w.window() is not root.window() or w.objectName().startswith("qt_"):
            continue
        if isinstance(w, QScrollBar) or _inside(w, (QAbstractSpinBox, QComboBox, QLineEdit, QTabBar,
                                                    QCalendarWidget), root):
            continue
        takes_tab = bool(w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
        if isinstance(w, (QSplitterHandle, QHeaderView)) and not takes_tab:
            continue  # mouse-only: a table reports its headers itself
        takes_tab = takes_tab and not isinstance(w, QLabel)
        if isinstance(w, INTERACTIVE) or takes_tab:
            found.append(w)
    return found


def _buddy_label(widget: QWidget) -> QLabel | None:
    """The sibling label whose buddy `widget` is (the only one Qt reports)."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    for child in parent.children():
        if isinstance(child, QLabel) and child.buddy() is widget:
            return child
    return None


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for `widget` (a combo box: its buddy label's text)."""
    if isinstance(widget, QComboBox):
        label = _buddy_label(widget)
        return widget.accessibleName() or (label_name(label) if label is not None else "")
    iface = QAccessible.queryAccessibleInterface(widget)
    return plain_text(iface.text(QAccessible.Text.Name)) if iface is not None else widget.accessibleName()


def _describe(widget: QWidget) -> str:
    name = widget.objectName()
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    parent = widget.parentWidget()
    where = type(parent).__name__ if parent is not None else "window"
    return f"{type(widget).__name__}{' ' + repr(name) if name else ''}{' ' + repr(text) if text else ''} in {where}"


def name_problems(root: QWidget) -> list[str]:
    """Every interactive widget of `root`'s window without a name that says what it is."""
    problems = []
    for w in interactive_widgets(root):
        if isinstance(w, QFileDialog) or _inside(w, (QFileDialog,), root):
            continue  # the platform's own dialog on Windows
        name = accessible_name(w)
        if isinstance(w, QComboBox) and _buddy_label(w) is None:
            problems.append(f"{_describe(w)}: combo box without a buddy label (Linux reads only its current item)")
        elif not name:
            problems.append(f"{_describe(w)}: no accessible name")
        elif not _LETTER.search(name):
            problems.append(f"{_describe(w)}: named only by the symbol {name!r}")
        elif (not w.accessibleName() and _buddy_label(w) is None and isinstance(w.parentWidget(), QGroupBox)
              and name == plain_text(w.parentWidget().title())
              and not (isinstance(w, QAbstractButton) and w.text())):
            problems.append(f"{_describe(w)}: named after its group box {name!r}")
    return problems


def duplicate_names(root: QWidget) -> list[str]:
    """Buttons of one window that a screen reader cannot tell apart (the same name)."""
    seen: dict[str, QWidget] = {}
    problems = []
    for w in interactive_widgets(root):
        if not isinstance(w, QAbstractButton) or _inside(w, (QFileDialog,), root):
            continue
        name = accessible_name(w)
        if name and name in seen:
            problems.append(f"{_describe(w)} and {_describe(seen[name])} are both named {name!r}")
        seen.setdefault(name, w)
    return problems


def disabled_information(root: QWidget) -> list[str]:
    """Labels greyed out on purpose while their surroundings are enabled: a disabled label's text
    has too little contrast to carry information (1.6:1 in Fusion)."""
    return [f"{_describe(w)}: information shown as a disabled label" for w in root.findChildren(QLabel)
            if w.window() is root.window() and w.text().strip() and not w.isEnabled()
            and w.parentWidget() is not None and w.parentWidget().isEnabled()]


def unreachable(root: QWidget) -> list[str]:
    """Controls that take Tab focus but are missing from their window's focus chain, so Tab never
    reaches them (Qt 6.11 drops a widget's children from the chain when a child window, such as a
    popup menu, was created before them)."""
    window = root.window()
    chain, w = set(), window.nextInFocusChain()
    while w is not window and len(chain) < 100_000:
        chain.add(w)
        w = w.nextInFocusChain()
    return [f"{_describe(w)}: not in the window's focus chain (Tab never reaches it)"
            for w in interactive_widgets(root)
            if w is not window and w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value and w not in chain]


def keyboard_traps(root: QWidget) -> list[str]:
    """Tables where Tab moves from cell to cell and wraps: the keyboard never leaves them."""
    return [f"{_describe(w)}: Tab moves between its cells and never leaves (setTabKeyNavigation(False))"
            for w in interactive_widgets(root) if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not _inside(w, (QFileDialog,), root)]


def audit(root: QWidget) -> list[str]:
    """Everything the accessibility audit finds wrong in `root`'s window (empty when all is well)."""
    return (name_problems(root) + duplicate_names(root) + disabled_information(root) + unreachable(root)
            + keyboard_traps(root))
