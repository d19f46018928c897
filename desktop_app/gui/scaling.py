"""Check boxes, radio buttons and icons that grow with the font.

Qt scales everything with the screen's scale factor (125 %, 150 %, 200 %), but a larger font
alone (Windows "Make text bigger", or a user's 14 pt font) leaves check-box indicators and icons
at their 13–16 px while the text doubles. This proxy style sizes them from the font instead.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

REFERENCE_FONT_HEIGHT = 16  # px: the font height the style's own sizes are made for (9 pt at 96 dpi)
PM = QStyle.PixelMetric
SCALED = frozenset({PM.PM_IndicatorWidth, PM.PM_IndicatorHeight, PM.PM_ExclusiveIndicatorWidth,
                    PM.PM_ExclusiveIndicatorHeight, PM.PM_SmallIconSize, PM.PM_ButtonIconSize,
                    PM.PM_ToolBarIconSize, PM.PM_TabBarIconSize, PM.PM_ListViewIconSize})


class FontScaledStyle(QProxyStyle):
    """The application's style, with indicators and icons scaled to the widget's font height."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric not in SCALED:
            return base
        if widget is not None:
            height = widget.fontMetrics().height()
        elif option is not None:
            height = option.fontMetrics.height()
        else:
            height = QFontMetrics(QGuiApplication.font()).height()
        return max(base, round(base * height / REFERENCE_FONT_HEIGHT))


def install_font_scaled_style(app: QApplication) -> FontScaledStyle:
    """Wrap the application's current style (Fusion, Windows, ...) once."""
    current = app.style()
    if isinstance(current, FontScaledStyle):
        return current
    style = FontScaledStyle(current.name())
    app.setStyle(style)
    return style
