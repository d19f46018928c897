"""Colours keep WCAG contrast (every fixed pair computed, and the palette-derived colours under a
light and a dark palette), and the window fits a 1920 x 1080 screen at 200 % and with an 18 pt
font."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle

import desktop_app.gui as gui_package
from desktop_app.gui import style
from desktop_app.gui.accessibility import accessible_name
from desktop_app.gui.contrast import (GRAPHICS, MINIMUM, TEXT, ColourPair, composite, contrast_ratio, dark_palette,
                                      muted_text, readable_on, readable_placeholders, relative_luminance)
from desktop_app.paths import sample_file

WAIT_MS = 30_000
GUI = Path(gui_package.__file__).parent
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _declared_pairs() -> list[ColourPair]:
    pairs = []
    for info in pkgutil.iter_modules([str(GUI)]):
        module = importlib.import_module(f"desktop_app.gui.{info.name}")
        pairs += list(getattr(module, "FIXED_COLOURS", ()))
    return pairs


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#E69F00", "#FFFFFF") == pytest.approx(2.25, abs=0.01)  # the orange badge's white symbol
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert composite("#000000", "#FFFFFF", 0.5).name() == "#808080"
    for colour in ("#E69F00", "#009E73", "#0072B2", "#D55E00", "#777777", "#000000", "#FFFFFF"):
        assert contrast_ratio(readable_on(colour), colour) >= 4.5


def test_every_fixed_colour_pair_has_enough_contrast():
    pairs = _declared_pairs()
    assert len(pairs) >= 10
    failing = [f"{p.where}: {p.fg} on {p.bg} is {p.ratio():.2f}:1 (needs {MINIMUM[p.kind]})"
               for p in pairs if not p.passes()]
    assert failing == []


def test_no_fixed_colour_is_used_without_being_declared():
    """A fixed colour in the GUI's source must be one of the declared pairs (or a tint laid over
    the palette, checked below), and no text is greyed with a named colour."""
    declared = {c.upper() for p in _declared_pairs() for c in (p.fg, p.bg)}
    tints = {look.colour.upper() for look in style.LOOKS.values()}
    from desktop_app.gui.banner import ACCENT
    allowed = declared | tints | {ACCENT.upper()}
    stray = []
    for path in sorted(GUI.glob("*.py")):
        if path.name == "contrast.py":  # the rules themselves, and the dark test palette
            continue
        text = path.read_text(encoding="utf-8")
        stray += [f"{path.name}: {c}" for c in HEX.findall(text) if c.upper() not in allowed]
        stray += [f"{path.name}: {m}" for m in re.findall(r"color:\s*(?:gray|grey)\b", text, re.I)]
    assert stray == []


@pytest.mark.parametrize("name", ["light", "dark"])
def test_palette_derived_colours_keep_contrast(qapp, name):
    palette = QApplication.palette() if name == "light" else dark_palette()
    roles = QPalette.ColorRole
    text, base, alternate = palette.color(roles.Text), palette.color(roles.Base), palette.color(roles.AlternateBase)
    # "Not evaluated" and other secondary text
    muted = muted_text(palette)
    assert min(contrast_ratio(muted, bg) for bg in (base, alternate, palette.color(roles.Window))) >= 4.5
    # determination tints in the table (alpha 70), the person view (40, 60) and its grey headers
    for look in style.LOOKS.values():
        for alpha in (style.TINT_ALPHA, 40, 60):
            for bg in (base, alternate):
                assert contrast_ratio(text, composite(look.colour, bg, alpha / 255)) >= 4.5, (look.short, alpha)
    for alpha in (40, 70):
        assert contrast_ratio(text, composite("#808080", base, alpha / 255)) >= 4.5
    # the focus ring (highlight) against the base it surrounds: 3:1 for a focus indicator
    assert contrast_ratio(palette.color(roles.Highlight), base) >= MINIMUM[GRAPHICS]
    # placeholder text, once made readable
    fixed = QPalette(palette)
    readable_placeholders(fixed)
    hint = composite(fixed.color(roles.PlaceholderText), base)
    assert contrast_ratio(hint, base) >= MINIMUM[TEXT]


@pytest.mark.parametrize("name", ["light", "dark"])
def test_banner_reads_under_light_and_dark_palettes(qtbot, name):
    from desktop_app.gui.banner import ProblemBanner, banner_colours

    palette = QApplication.palette() if name == "light" else dark_palette()
    text, background, _border = banner_colours(palette)
    assert contrast_ratio(text, background) >= 4.5
    old = QApplication.palette()
    QApplication.setPalette(palette)
    try:
        banner = ProblemBanner()
        qtbot.addWidget(banner)
        assert banner.colours()[0] == text
        assert text.name() in banner.styleSheet() and background.name() in banner.styleSheet()
        assert "QToolButton" in banner.styleSheet()  # the close button gets the same text colour
    finally:
        QApplication.setPalette(old)


def test_search_placeholder_is_readable_in_the_window(window):
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    hint = composite(palette.color(QPalette.ColorRole.PlaceholderText), base)
    assert contrast_ratio(hint, base) >= 4.5  # Fusion's own was 4.0:1


def test_not_evaluated_cells_use_readable_secondary_text(loaded, qtbot):
    from PySide6.QtCore import Qt

    w = loaded
    w.actions.all_rows.trigger()
    qtbot.waitUntil(lambda: w.dataset.session.all_table is not None and not w.runner.busy(), timeout=WAIT_MS)
    column = w.model.column_index("determination")
    row = next(r for r in range(w.model.rowCount()) if w.model.text_at(r, "determination") == style.NOT_EVALUATED)
    brush = w.model.data(w.model.index(row, column), Qt.ItemDataRole.ForegroundRole)
    palette = QApplication.palette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        assert contrast_ratio(brush.color(), palette.color(role)) >= 4.5


def test_no_information_as_a_disabled_label(window):
    from desktop_app.gui.accessibility import disabled_information

    assert disabled_information(window) == []


# ------------------------------------------------------------------ scaling

def _open(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.dataset.open_files([str(sample_file())])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)


def test_window_fits_a_1080p_screen_at_200_percent(window, qtbot):
    """At 200 % a 1920 x 1080 screen is 960 x 540 device-independent pixels."""
    _open(window, qtbot)
    window.table.select_view_row(0)
    need = window.minimumSizeHint()
    assert need.width() <= 960 and need.height() <= 540, need
    window.resize(960, 540)
    qtbot.wait(50)
    fb = window.filter_bar
    important = [fb.search, fb.count_label, fb.clear_button, fb.level, fb.date_to, window.banner.show_button,
                 *[b for b in fb.det_buttons.values() if not b.isHidden()], window.table]
    for widget in important:
        top_left = widget.mapTo(window, QPoint(0, 0))
        assert widget.isVisible(), widget
        assert top_left.x() >= 0 and top_left.x() + widget.width() <= window.width(), (widget, top_left)


def test_window_fits_1920_pixels_with_an_18_point_font(qapp, qtbot, errors):
    from desktop_app.gui.main_window import MainWindow

    old = QApplication.font()
    big = QFont(old)
    big.setPointSize(18)
    QApplication.setFont(big)
    try:
        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        _open(w, qtbot)
        need = w.minimumSizeHint()
        assert need.width() <= 1920 and need.height() <= 1080, need
    finally:
        QApplication.setFont(old)


def test_indicators_and_icons_grow_with_the_font(qtbot):
    from desktop_app.gui.app_style import AccessibleStyle

    style_ = AccessibleStyle("Fusion")
    small, large = QCheckBox("x"), QCheckBox("x")
    qtbot.addWidget(small)
    qtbot.addWidget(large)
    font = QFont(small.font())
    font.setPointSize(9)
    small.setFont(font)
    font.setPointSize(27)
    large.setFont(font)
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    assert style_.pixelMetric(metric, None, large) >= 2 * style_.pixelMetric(metric, None, small) - 1
    icon = QStyle.PixelMetric.PM_SmallIconSize
    assert style_.pixelMetric(icon, None, large) > style_.pixelMetric(icon, None, small)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_check_box_and_radio_outlines_can_be_seen(qtbot, name):
    """Fusion outlines an unchecked box in about 2.3:1; the app's style redraws it at 3:1 or more."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QRadioButton, QStyleOptionButton

    from desktop_app.gui.app_style import AccessibleStyle, indicator_outline

    palette = QApplication.palette() if name == "light" else dark_palette()
    style_ = AccessibleStyle("Fusion")
    for widget_class, element, sub in ((QCheckBox, QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                                        QStyle.SubElement.SE_CheckBoxIndicator),
                                       (QRadioButton, QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                                        QStyle.SubElement.SE_RadioButtonIndicator)):
        widget = widget_class("x")
        qtbot.addWidget(widget)
        option = QStyleOptionButton()
        option.initFrom(widget)
        option.palette = palette
        option.state |= QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
        rect = style_.subElementRect(sub, option, widget)
        option.rect = rect.translated(1 - rect.left(), 1 - rect.top())
        image = QImage(option.rect.width() + 4, option.rect.height() + 4, QImage.Format.Format_RGB32)
        window = palette.color(QPalette.ColorRole.Window)
        image.fill(window)
        painter = QPainter(image)
        style_.drawPrimitive(element, option, painter, widget)
        painter.end()
        assert option.rect.bottom() < image.height()
        middle_left = image.pixelColor(option.rect.left(), option.rect.center().y())
        assert contrast_ratio(middle_left, window) >= 3.0, (widget_class.__name__, middle_left.name())
        assert contrast_ratio(middle_left, palette.color(QPalette.ColorRole.Base)) >= 3.0
    assert contrast_ratio(indicator_outline(palette), palette.color(QPalette.ColorRole.Base)) >= 3.0


def test_more_filters_fold_away_say_what_is_in_use_and_are_remembered(loaded, qtbot):
    from desktop_app.gui.main_window import MainWindow

    fb = loaded.filter_bar
    fb.level.setCurrentIndex(fb.level.findData("Felony"))
    fb.more_button.setChecked(False)  # folded: the table gets the room
    assert fb.more_box.isHidden() and fb.more_button.text() == "More filters (1 in use)"
    assert accessible_name(fb.more_button) == "More filters (1 in use)"
    assert loaded.model.rowCount() < len(loaded.dataset.session.results.evaluated)  # still filtering
    loaded.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert not again.filter_bar.more_button.isChecked() and again.filter_bar.more_box.isHidden()


def test_on_a_small_screen_the_window_fits_it_and_the_extra_filters_start_folded(qapp, qtbot, monkeypatch,
                                                                                 tmp_path):
    """A 1080p laptop at 200 % (960 x 540): the first window fits the screen and the extra filters
    start folded so the table has rows to show; a choice the user made is kept. A large screen
    starts with them shown."""
    from PySide6.QtCore import QRect, QSettings

    from desktop_app.gui import main_window
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.settings import AppSettings

    def window(ini: str) -> MainWindow:
        w = MainWindow(AppSettings(QSettings(str(tmp_path / ini), QSettings.Format.IniFormat)))
        qtbot.addWidget(w)
        return w

    monkeypatch.setattr(main_window, "screen_area", lambda _w: QRect(0, 0, 960, 510))
    small = window("small.ini")
    assert small.width() <= 960 and small.height() <= 510
    assert not small.filter_bar.more_button.isChecked()
    small.filter_bar.more_button.setChecked(True)
    small.close()  # the choice is remembered
    assert window("small.ini").filter_bar.more_button.isChecked()

    monkeypatch.setattr(main_window, "screen_area", lambda _w: QRect(0, 0, 1920, 1040))
    large = window("large.ini")
    assert (large.width(), large.height()) == (1400, 860) and large.filter_bar.more_button.isChecked()
