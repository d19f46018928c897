"""The application's style, made more accessible: check boxes, radio buttons and icons that grow
with the font, and check-box and radio-button outlines that can be seen.

Qt scales everything with the screen's scale factor (125 %, 150 %, 200 %), but a larger font
alone (Windows "Make text bigger", or a user's 14 pt font) leaves check-box indicators and icons
at their 13–16 px while the text doubles: here they are sized from the font. And Fusion outlines
an unchecked box or radio button in a grey of about 2.3:1 on white (WCAG 1.4.11 asks 3:1 for the
parts that identify a control): here the outline is redrawn in a colour taken from the palette
with at least 3:1 against the window and the field.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from .contrast import GRAPHICS, MINIMUM, muted_text

REFERENCE_FONT_HEIGHT = 16  # px: the font height the style's own sizes are made for (9 pt at 96 dpi)
PM = QStyle.PixelMetric
PE = QStyle.PrimitiveElement
SCALED = frozenset({PM.PM_IndicatorWidth, PM.PM_IndicatorHeight, PM.PM_ExclusiveIndicatorWidth,
                    PM.PM_ExclusiveIndicatorHeight, PM.PM_SmallIconSize, PM.PM_ButtonIconSize,
                    PM.PM_ToolBarIconSize, PM.PM_TabBarIconSize, PM.PM_ListViewIconSize})


def indicator_outline(palette: QPalette) -> QColor:
    """The outline of a check box or radio button: at least 3:1 against window and field."""
    return muted_text(palette, MINIMUM[GRAPHICS])


class AccessibleStyle(QProxyStyle):
    """The application's style with indicators and icons scaled to the widget's font height and
    indicator outlines that meet 3:1."""

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

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in (PE.PE_IndicatorCheckBox, PE.PE_IndicatorRadioButton) \
                or not option.state & QStyle.StateFlag.State_Enabled:
            return  # a disabled control needs no contrast (WCAG 1.4.11)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, element == PE.PE_IndicatorRadioButton)
        painter.setPen(QPen(indicator_outline(option.palette), 1))
        painter.setBrush(QColor(0, 0, 0, 0))
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == PE.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()


def install_accessible_style(app: QApplication) -> AccessibleStyle:
    """Wrap the application's current style (Fusion, Windows, ...) once."""
    current = app.style()
    if isinstance(current, AccessibleStyle):
        return current
    style = AccessibleStyle(current.name())
    app.setStyle(style)
    return style
