"""The progress dashboard: charts (gui.charts, on pyqtgraph) of what core.dashboard computes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
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
from desktop_app.gui.charts import ChartView, MasteryBars, chart_view
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
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # everything wraps to the width
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = plain_label(wrap=True)  # the learner's name, as typed
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        head = QHBoxLayout()  # under the title: beside it, they would push the page sideways at 200%
        self.review_button = QPushButton("Start review")
        self.review_button.setObjectName("primary")
        self.review_button.clicked.connect(self.review_requested)
        head.addWidget(self.review_button)
        self.pdf_button = QPushButton("Save as P&DF…")
        self.pdf_button.setToolTip("The charts and your numbers on paper (vector drawings, A4)")
        self.pdf_button.clicked.connect(self.save_pdf)
        head.addWidget(self.pdf_button)
        head.addStretch(1)
        layout.addLayout(head)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        # One chart per row: day and module labels stay readable even at 200% text.
        self.mastery_view = MasteryBars("Mastery by module (share of objectives mastered)")
        self.accuracy_view = self._chart_view(f"Accuracy, last {dash.ACCURACY_DAYS} days")
        self.due_view = self._chart_view(f"Reviews due, next {dash.DUE_DAYS} days")
        self.time_view = self._chart_view(f"Time spent, last {dash.TIME_DAYS} days (minutes)")
        for view in (self.mastery_view, self.accuracy_view, self.due_view, self.time_view):
            # The title is a label above the chart: it wraps at any text size instead of being cut off.
            heading = plain_label(view.title, wrap=True)
            heading.setObjectName("chartTitle")
            heading.setBuddy(view)
            layout.addWidget(heading)
            layout.addWidget(view)

        mis_title = QLabel("Mistakes you were sure of")
        mis_title.setObjectName("pageTitle")
        layout.addWidget(mis_title)
        self.misconceptions = CourseText(self)
        self.misconceptions.setAccessibleName("Mistakes you were sure of")
        self.misconceptions.setMinimumHeight(260)
        layout.addWidget(self.misconceptions)

    def _chart_view(self, title: str) -> ChartView:
        return chart_view(title)

    @property
    def charts(self) -> list[ChartView]:
        return [self.accuracy_view, self.due_view, self.time_view]

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        if self.data is not None:
            self.draw()

    def refresh(self) -> None:
        self.data = dash.build(self.tutor)
        self.draw()

    # ------------------------------------------------------------ drawing

    def draw(self) -> None:
        d = self.data
        assert d is not None
        c = self.colors
        due_today = d.due_next[0][1] if d.due_next else 0
        # "Due now" is what Start review asks; cards due later today only count in the chart.
        later = max(0, due_today - d.due_now)
        self.title.setText(f"Progress for {d.learner_name}")
        self.summary.setText(
            f"Study streak: <b>{d.streak} day{'s' if d.streak != 1 else ''}</b> · "
            f"answers so far (second tries too): <b>{d.total_answers}</b> · "
            f"due now: <b>{d.due_now}</b>{f' ({later} more later today)' if later else ''} · "
            f"open misconceptions: <b>{d.misconception_count}</b>"
        )
        self.review_button.setEnabled(d.due_now > 0)
        px = self.font().pixelSize() if self.font().pixelSize() > 0 else 15
        for view in self.charts:
            view.apply_theme(c, px)
        self._mastery_chart(d)
        self._accuracy_chart(d)
        self._due_chart(d)
        self._time_chart(d)
        self._misconceptions(d)
        self.misconceptions.set_css(f"body {{ color: {c.text}; font-size: {px + 2}px; }} .muted {{ color: {c.muted}; }}")

    def _mastery_chart(self, d: dash.DashboardData) -> None:
        names, values = [], []
        for n, (title, fraction, *_rest) in enumerate(d.modules, start=1):
            names.append(f"{n}. {title}")
            values.append(round(fraction * 100))
        self.mastery_view.draw(names, values, self.colors, self.font().pixelSize() if self.font().pixelSize() > 0 else 15)
        self.mastery_view.describe(
            "Mastery by module: " + "; ".join(f"{n}. {t}: {round(f * 100)}%" for n, (t, f, *_r) in enumerate(d.modules, start=1))
        )

    def _accuracy_chart(self, d: dash.DashboardData) -> None:
        by_day = {day: avg for day, _n, avg in d.accuracy}
        xs, ys = [], []
        for i, day in enumerate(d.accuracy_days):
            if day in by_day:
                xs.append(i - (len(d.accuracy_days) - 1))
                ys.append(round(by_day[day] * 100))
        self.accuracy_view.draw_line(xs, ys, self.colors.accent, (-(dash.ACCURACY_DAYS - 1), 0), 100)
        self.accuracy_view.set_axis_labels(bottom="days from today", left="right first time (%)")
        self.accuracy_view.describe(
            f"Accuracy over the last {dash.ACCURACY_DAYS} days: "
            + ("; ".join(f"{_short_day(day)}: {round(avg * 100)}% of {n}" for day, n, avg in d.accuracy) or "no answers yet")
        )

    def _due_chart(self, d: dash.DashboardData) -> None:
        labels = ["today" if i == 0 else _short_day(day) for i, (day, _n) in enumerate(d.due_next)]
        values = [n for _d, n in d.due_next]
        self.due_view.draw_bars(labels, values, self.colors.partial)
        self.due_view.set_axis_labels(left="questions")
        due = "; ".join(f"{lab}: {v}" for lab, v in zip(labels, values, strict=True) if v)
        self.due_view.describe(f"Reviews due over the next {dash.DUE_DAYS} days: {due or 'nothing due'}")

    def _time_chart(self, d: dash.DashboardData) -> None:
        labels = [_short_day(day) for day, _r, _q in d.minutes]
        reading = [round(r, 1) for _d, r, _q in d.minutes]
        quizzes = [round(q, 1) for _d, _r, q in d.minutes]
        self.time_view.draw_stacked(labels, [("Reading", reading, self.colors.plain_border), ("Questions", quizzes, self.colors.accent)])
        self.time_view.set_axis_labels(left="minutes")
        total_r, total_q = sum(reading), sum(quizzes)
        self.time_view.describe(
            f"Time spent over the last {dash.TIME_DAYS} days: {total_r:.0f} minutes reading and {total_q:.0f} minutes on questions"
        )

    # ------------------------------------------------------------ on paper

    def save_pdf(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        name, _f = QFileDialog.getSaveFileName(self, "Save my progress as PDF", str(Path.home() / "my-progress.pdf"), "PDF (*.pdf)")
        if not name:
            return
        try:
            self.write_pdf(Path(name))
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", f"The PDF could not be written to {name}: {exc.strerror or exc}. Choose another folder.")

    def write_pdf(self, path) -> None:
        """Title, numbers and every chart, drawn as vectors (the charts paint themselves with QPainter)."""
        from PySide6.QtCore import QMarginsF, QRectF
        from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

        assert self.data is not None
        writer = QPdfWriter(str(path))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)))
        writer.setTitle(f"Progress for {self.data.learner_name}")
        painter = QPainter(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        width = page.width()
        font = QFont(self.font())
        font.setPointSizeF(16)
        font.setBold(True)
        painter.setFont(font)
        y = 0.0
        painter.drawText(QRectF(0, y, width, 400), f"Progress for {self.data.learner_name}")
        y += 420
        font.setPointSizeF(10)
        font.setBold(False)
        painter.setFont(font)
        summary = self.summary.text().replace("<b>", "").replace("</b>", "")
        painter.drawText(QRectF(0, y, width, 600), 0x1000, summary)  # Qt.TextWordWrap
        y += 520
        for view in (self.mastery_view, *self.charts):
            height = width * max(0.35, view.height() / max(1, view.width()))
            if y + height + 360 > page.height():
                writer.newPage()
                y = 0.0
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(0, y, width, 300), view.title)
            y += 320
            view.paint_on(painter, QRectF(0, y, width, height))
            y += height + 240
        painter.end()

    def _misconceptions(self, d: dash.DashboardData) -> None:
        if not d.misconceptions:
            self.misconceptions.show_html(
                "<p>None open. When you say you are <b>very sure</b> and the answer is wrong, the question is listed "
                "here with its explanation and comes back first in Review until you get it right.</p>"
            )
            return
        parts = []
        if d.misconception_count > len(d.misconceptions):
            parts.append(f"<p class='muted'>The {len(d.misconceptions)} most recent of {d.misconception_count}.</p>")
        for m in d.misconceptions:
            times = f" · {m.times} times" if m.times > 1 else ""
            parts.append(
                f"<h3>{html.escape(m.stem)}</h3>"
                f"<p class='muted'>{html.escape(m.module_title)}{times}</p>"
                f"<p><b>You answered:</b> {html.escape(m.your_answer)}<br><b>Right answer:</b> {html.escape(m.right_answer)}</p>"
                f"<p>{html.escape(m.explanation)}</p><hr>"
            )
        self.misconceptions.show_html(sanitize("".join(parts)))
