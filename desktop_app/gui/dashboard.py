"""The progress dashboard: QtCharts views of what core.dashboard computes."""

from __future__ import annotations

import html

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.learning import dashboard as dash
from desktop_app.core.render.renderer import sanitize
from desktop_app.core.tutor import Tutor
from desktop_app.gui.text import plain_label
from desktop_app.gui.textview import CourseText
from desktop_app.gui.theme import Colors


def _short_day(iso: str) -> str:
    return iso[5:].replace("-", "/")


class Dashboard(QWidget):
    review_requested = Signal()

    def __init__(self, tutor: Tutor, colors: Colors) -> None:
        super().__init__()
        self.tutor = tutor
        self.colors = colors
        self.data: dash.DashboardData | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        head = QHBoxLayout()
        self.title = plain_label()  # the learner's name, as typed
        self.title.setObjectName("pageTitle")
        head.addWidget(self.title, 1)
        self.review_button = QPushButton("Start review")
        self.review_button.setObjectName("primary")
        self.review_button.clicked.connect(self.review_requested)
        head.addWidget(self.review_button)
        layout.addLayout(head)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        # One chart per row: day and module labels stay readable even at 200% text.
        self.mastery_view = self._chart_view("Mastery by module")
        self.accuracy_view = self._chart_view(f"Accuracy, last {dash.ACCURACY_DAYS} days")
        self.due_view = self._chart_view(f"Reviews due, next {dash.DUE_DAYS} days")
        self.time_view = self._chart_view(f"Time spent, last {dash.TIME_DAYS} days (minutes)")
        self.mastery_view.setMinimumHeight(380)
        for view in (self.mastery_view, self.accuracy_view, self.due_view, self.time_view):
            layout.addWidget(view)

        mis_title = QLabel("Mistakes you were sure of")
        mis_title.setObjectName("pageTitle")
        layout.addWidget(mis_title)
        self.misconceptions = CourseText(self)
        self.misconceptions.setMinimumHeight(260)
        layout.addWidget(self.misconceptions)

    def _chart_view(self, title: str) -> QChartView:
        chart = QChart()
        chart.setTitle(title)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(300)
        view.setAccessibleName(title)
        return view

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        if self.data is not None:
            self.render()

    def refresh(self) -> None:
        self.data = dash.build(self.tutor)
        self.render()

    # ------------------------------------------------------------ drawing

    def render(self) -> None:
        d = self.data
        assert d is not None
        c = self.colors
        due_today = d.due_next[0][1] if d.due_next else 0
        self.title.setText(f"Progress for {d.learner_name}")
        self.summary.setText(
            f"Study streak: <b>{d.streak} day{'s' if d.streak != 1 else ''}</b> · answers so far: <b>{d.total_answers}</b> · "
            f"due today: <b>{due_today}</b> · open misconceptions: <b>{len(d.misconceptions)}</b>"
        )
        self.review_button.setEnabled(due_today > 0 or bool(d.misconceptions))
        self._mastery_chart(d)
        self._accuracy_chart(d)
        self._due_chart(d)
        self._time_chart(d)
        self._misconceptions(d)
        for view in (self.mastery_view, self.accuracy_view, self.due_view, self.time_view):
            self._style(view.chart())
        self.misconceptions.set_css(
            f"body {{ color: {c.text}; font-size: {self.font().pixelSize() + 2}px; }} .muted {{ color: {c.muted}; }}"
        )

    def _style(self, chart: QChart) -> None:
        c = self.colors
        chart.setBackgroundBrush(QColor(c.base))
        chart.setTitleBrush(QColor(c.text))
        font = QFont(self.font())
        chart.legend().setLabelColor(QColor(c.text))
        chart.legend().setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        chart.setTitleFont(bold)
        chart.setMargins(QMargins(6, 6, 6, 6))
        for axis in chart.axes():
            axis.setLabelsColor(QColor(c.text))
            axis.setLabelsFont(font)
            axis.setGridLineColor(QColor(c.border))
            axis.setLinePenColor(QColor(c.border))
            axis.setTitleBrush(QColor(c.muted))

    def _reset(self, view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _mastery_chart(self, d: dash.DashboardData) -> None:
        chart = self._reset(self.mastery_view)
        bars = QBarSet("Mastery (%)")
        bars.setColor(QColor(self.colors.accent))
        names = []
        for n, (title, fraction, *_rest) in reversed(list(enumerate(d.modules, start=1))):
            bars.append(round(fraction * 100))
            names.append(f"{n}. {title[:34]}{'…' if len(title) > 34 else ''}")
        series = QHorizontalBarSeries()
        series.append(bars)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(names)
        x = QValueAxis()
        x.setRange(0, 100)
        x.setLabelFormat("%d%%")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().hide()

    def _accuracy_chart(self, d: dash.DashboardData) -> None:
        chart = self._reset(self.accuracy_view)
        line = QLineSeries()
        line.setName("Share right (%)")
        dots = QScatterSeries()
        dots.setMarkerSize(9)
        line.setColor(QColor(self.colors.accent))
        dots.setColor(QColor(self.colors.accent))
        by_day = {day: avg for day, _n, avg in d.accuracy}
        for i, day in enumerate(d.accuracy_days):
            if day in by_day:
                point = QPointF(i - (len(d.accuracy_days) - 1), round(by_day[day] * 100))
                line.append(point)
                dots.append(point)
        chart.addSeries(line)
        chart.addSeries(dots)
        x = QValueAxis()
        x.setRange(-(dash.ACCURACY_DAYS - 1), 0)
        x.setTickCount(6)
        x.setLabelFormat("%d")
        x.setTitleText("days from today")
        y = QValueAxis()
        y.setRange(0, 100)
        y.setLabelFormat("%d%%")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (line, dots):
            s.attachAxis(x)
            s.attachAxis(y)
        chart.legend().hide()

    def _due_chart(self, d: dash.DashboardData) -> None:
        chart = self._reset(self.due_view)
        bars = QBarSet("Due")
        bars.setColor(QColor(self.colors.partial))
        for _day, n in d.due_next:
            bars.append(n)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(["today" if i == 0 else _short_day(day) for i, (day, _n) in enumerate(d.due_next)])
        x.setLabelsAngle(-45)
        y = QValueAxis()
        y.setRange(0, max([n for _d, n in d.due_next] + [4]))
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().hide()

    def _time_chart(self, d: dash.DashboardData) -> None:
        chart = self._reset(self.time_view)
        reading = QBarSet("Reading")
        quizzes = QBarSet("Questions")
        reading.setColor(QColor(self.colors.plain_border))
        quizzes.setColor(QColor(self.colors.accent))
        for _day, r, q in d.minutes:
            reading.append(round(r, 1))
            quizzes.append(round(q, 1))
        series = QStackedBarSeries()
        series.append(reading)
        series.append(quizzes)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([_short_day(day) for day, _r, _q in d.minutes])
        x.setLabelsAngle(-45)
        y = QValueAxis()
        y.setRange(0, max([r + q for _d, r, q in d.minutes] + [5]) * 1.1)
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _misconceptions(self, d: dash.DashboardData) -> None:
        if not d.misconceptions:
            self.misconceptions.show_html(
                "<p>None open. When you say you are <b>very sure</b> and the answer is wrong, the question is listed "
                "here with its explanation and comes back first in Review until you get it right.</p>"
            )
            return
        parts = []
        for m in d.misconceptions:
            times = f" · {m.times} times" if m.times > 1 else ""
            parts.append(
                f"<h3>{html.escape(m.stem)}</h3>"
                f"<p class='muted'>{html.escape(m.module_title)}{times}</p>"
                f"<p><b>You answered:</b> {html.escape(m.your_answer)}<br><b>Right answer:</b> {html.escape(m.right_answer)}</p>"
                f"<p>{html.escape(m.explanation)}</p><hr>"
            )
        self.misconceptions.show_html(sanitize("".join(parts)))
