"""Charts on pyqtgraph (QtCharts is deprecated since Qt 6.10): bar, stacked-bar and line charts,
and mastery bars (a list of labelled bars, which wraps long module titles at any text size),
in the theme's colours and the learner's text size, described in words for screen readers, and
drawn with QPainter, so that they print as vectors.

pyqtgraph brings numpy (0.4 s to import): the window imports it on a worker thread shortly after
start-up (gui.app.idle_steps), so the dashboard never waits for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from desktop_app.gui.theme import Colors


class ChartView(pg.PlotWidget):
    """One chart: a title, axes with words on them, and a text summary of what it shows."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)  # a learner's scroll wheel scrolls the page, not the chart
        self.hideButtons()
        self.plotItem.vb.setMouseEnabled(False, False)
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab: a screen reader reads the summary
        self.setMinimumHeight(280)
        self.colors: Colors | None = None
        self.font_px = 15
        self.legend: pg.LegendItem | None = None
        self.summary = ""
        self.categories: list[str] = []

    # ------------------------------------------------------------ look

    def apply_theme(self, colors: Colors, font_px: int) -> None:
        self.colors, self.font_px = colors, font_px
        self.setBackground(colors.base)
        font = QFont(self.font())
        font.setPixelSize(font_px)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(colors.border))
            axis.setTextPen(pg.mkPen(colors.text))
            axis.setStyle(tickFont=font, tickTextOffset=6)
            axis.label.setFont(font)
        # Room for the tick labels and the axis title at this text size: pyqtgraph drops labels
        # that do not fit rather than shrinking them.
        self.getAxis("bottom").setHeight(round(font_px * 3.2) + 12)
        self.getAxis("left").setWidth(round(font_px * 3.8) + 12)
        self.showGrid(x=False, y=True, alpha=0.25)
        self._fit_category_ticks()

    def describe(self, summary: str) -> None:
        """What a screen reader says about the chart (and its tooltip): the numbers in words."""
        self.summary = summary
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)

    def clear_chart(self) -> None:
        self.plotItem.clear()
        if self.legend is not None:
            self.legend.clear()
            self.legend.setVisible(False)
        self.categories = []

    # ------------------------------------------------------------ kinds of chart

    def draw_bars(self, labels: Sequence[str], values: Sequence[float], color: str, top: float | None = None, unit: str = "") -> None:
        """Vertical bars over categories (days, modules)."""
        self.clear_chart()
        xs = list(range(len(values)))
        self.addItem(pg.BarGraphItem(x=xs, height=list(values), width=0.65, brush=QColor(color), pen=pg.mkPen(None)))
        self._categories(labels)
        self.setXRange(-1.0, len(values) - 0.2, padding=0)  # room for the first and last label
        self.setYRange(0, top if top is not None else _nice_top(max(values, default=0)), padding=0)
        self.getAxis("left").setLabel(unit)

    def draw_stacked(self, labels: Sequence[str], parts: Sequence[tuple[str, Sequence[float], str]], unit: str = "") -> None:
        """Bars stacked from several series (name, values, colour), with a legend."""
        self.clear_chart()
        xs = list(range(len(labels)))
        base = [0.0] * len(labels)
        text = self.colors.text if self.colors else "#000000"
        if self.legend is not None:
            self.plotItem.legend = None
            if self.legend.scene() is not None:
                self.legend.scene().removeItem(self.legend)
        # Made afresh with this text size: pyqtgraph sizes a legend's labels when they are added.
        self.legend = self.plotItem.addLegend(offset=(10, 6), colCount=len(parts), labelTextSize=f"{self.font_px}px", labelTextColor=text)
        for name, values, color in parts:
            item = pg.BarGraphItem(x=xs, y0=list(base), height=list(values), width=0.65, brush=QColor(color), pen=pg.mkPen(None))
            self.addItem(item)
            self.legend.addItem(item, name)
            base = [b + v for b, v in zip(base, values, strict=True)]
        self._categories(labels)
        self.setXRange(-1.0, len(labels) - 0.2, padding=0)
        self.setYRange(0, _nice_top(max(base, default=0) * 1.3), padding=0)
        self.getAxis("left").setLabel(unit)
        if self.colors is not None:
            self.apply_theme(self.colors, self.font_px)

    def draw_line(self, xs: Sequence[float], ys: Sequence[float], color: str, x_range: tuple[float, float], top: float) -> None:
        """A line with a dot at each point (days with answers), on a value axis."""
        self.clear_chart()
        pen = pg.mkPen(QColor(color), width=2.5)
        self.addItem(pg.PlotDataItem(list(xs), list(ys), pen=pen))
        # Dots drawn as paths, not from pyqtgraph's cached pictures: on paper they stay vectors.
        dots = pg.ScatterPlotItem(list(xs), list(ys), size=9, brush=QColor(color), pen=None, symbol="o", useCache=False)
        self.addItem(dots)
        self.getAxis("bottom").setTicks(None)
        self.setXRange(*x_range, padding=0.02)
        self.setYRange(0, top, padding=0)

    def set_axis_labels(self, bottom: str = "", left: str = "") -> None:
        self.getAxis("bottom").setLabel(bottom)
        self.getAxis("left").setLabel(left)

    # ------------------------------------------------------------ printing

    def paint_on(self, painter: QPainter, target: QRectF) -> None:
        """Draw the chart into a PDF or a printer as vectors (QGraphicsView.render)."""
        QGraphicsView.render(self, painter, target)

    # ------------------------------------------------------------ category ticks that never overlap

    def _categories(self, labels: Sequence[str]) -> None:
        self.categories = list(labels)
        self._fit_category_ticks()

    def _fit_category_ticks(self) -> None:
        if not getattr(self, "categories", None):  # (resized while PlotWidget builds itself)
            return
        labels = self.categories
        # Every k-th label, so that none overlaps its neighbour at this width and text size.
        width = max(1, self.getAxis("bottom").width() or self.width() - 60)
        label_px = max(len(s) for s in labels) * self.font_px * 0.62 + 12
        step = max(1, math.ceil(len(labels) * label_px / width))
        self.getAxis("bottom").setTicks([[(i, s) for i, s in enumerate(labels) if i % step == 0 or (i == len(labels) - 1 and step == 1)]])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_category_ticks()


def _nice_top(value: float) -> float:
    """A round number a little above ``value`` for the top of an axis (at least 4)."""
    if value <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = math.ceil(value / (step * magnitude)) * step * magnitude
        if top >= value:
            return float(top)
    return float(value)


class MasteryBars(QWidget):
    """One labelled bar per module: the title wraps (never cut off), the bar and its percentage
    follow the theme, and each row is announced as "title: 40% mastered"."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.title = title
        self.setAccessibleName(title)
        self.rows_layout = QVBoxLayout(self)
        self.rows_layout.setContentsMargins(12, 8, 12, 8)
        self.rows_layout.setSpacing(4)
        self.rows: list[tuple[QWidget, _Bar]] = []
        self.summary = ""

    def describe(self, summary: str) -> None:
        self.summary = summary
        self.setAccessibleDescription(summary)

    def draw(self, labels: Sequence[str], values: Sequence[float], colors: Colors, font_px: int) -> None:
        from desktop_app.gui.text import plain_label

        while self.rows:
            label, bar = self.rows.pop()
            label.deleteLater()
            bar.deleteLater()
        self.setStyleSheet(f"MasteryBars {{ background: {colors.base}; }}")
        self.setAutoFillBackground(True)
        for text, value in zip(labels, values, strict=True):
            label = plain_label(text, wrap=True)
            bar = _Bar(value, colors, font_px)
            bar.setAccessibleName(f"{text}: {value:g}% mastered")
            self.rows_layout.addWidget(label)
            self.rows_layout.addWidget(bar)
            self.rows.append((label, bar))

    def paint_on(self, painter: QPainter, target: QRectF) -> None:
        from PySide6.QtCore import QPoint

        painter.save()
        scale = min(target.width() / max(1, self.width()), target.height() / max(1, self.height()))
        painter.translate(target.topLeft())
        painter.scale(scale, scale)
        self.render(painter, QPoint(0, 0))
        painter.restore()


class _Bar(QWidget):
    def __init__(self, value: float, colors: Colors, font_px: int) -> None:
        super().__init__()
        self.value, self.colors = value, colors
        self.setMinimumHeight(round(font_px * 1.4))
        font = QFont(self.font())
        font.setPixelSize(font_px)
        self.setFont(font)

    def paintEvent(self, _event) -> None:
        c = self.colors
        p = QPainter(self)
        text = f"{self.value:g}%"
        text_w = p.fontMetrics().horizontalAdvance("100%") + 10
        track = QRectF(0, 3, max(10, self.width() - text_w), self.height() - 6)
        p.setPen(QColor(c.border))
        p.setBrush(QColor(c.window))
        p.drawRect(track)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.accent))
        p.drawRect(QRectF(track.left(), track.top(), track.width() * max(0.0, min(100.0, self.value)) / 100, track.height()))
        p.setPen(QColor(c.text))
        p.drawText(QRectF(track.right() + 6, 0, text_w, self.height()), int(Qt.AlignmentFlag.AlignVCenter), text)
        p.end()


# Chart views made ahead, a little at a time while the learner reads (gui.app.idle_steps): each
# pyqtgraph plot takes 25-40 ms to make, and the dashboard needs three at once.
_SPARE: list[ChartView] = []


def make_spare_chart() -> None:
    _SPARE.append(ChartView(""))


def chart_view(title: str) -> ChartView:
    view = _SPARE.pop() if _SPARE else ChartView(title)
    view.title = title
    view.setAccessibleName(title)
    return view
