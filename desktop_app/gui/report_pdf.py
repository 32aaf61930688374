"""The class report as a PDF (QPdfWriter): the chart, the grid, who needs help and the hardest
questions. Needs only a QGuiApplication, so `car-t-tutor report --pdf` prints it with no window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.class_report import ClassReport, LearnerRow
from desktop_app.gui.text import escape

CHART_WIDTH = 1800  # pixels; shown 900 wide, so it stays sharp when printed


def report_html(report: ClassReport) -> str:
    """The printed report. Its grid has a column per module (objectives mastered of the
    module's objectives), not per objective: 59 columns do not fit a page; the CSV has them all."""
    titles = report.module_titles()
    # Modules are numbered as in the chart: their titles would wrap mid-word in a column.
    head = "".join(f"<th>{n}</th>" for n, _m in enumerate(report.modules, 1))

    def cells(row: LearnerRow) -> str:
        return "".join(f"<td align='center'>{done}/{of}</td>" for done, of in report.mastered_by_module(row).values())

    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td align='right'>{r.sections_read}</td><td align='right'>{round(100 * r.first_try_score)}%</td>"
        + cells(r)
        + "</tr>"
        for r in report.learners
    )
    hardest = sorted(report.items, key=lambda s: s.facility)[:15]
    items = "".join(
        f"<tr><td>{escape(s.question)}</td><td>{escape(titles.get(s.module, s.module))}</td><td align='right'>{s.answers}</td>"
        f"<td align='right'>{s.facility:.0f}%</td>"
        f"<td align='right'>{'—' if s.discrimination is None else f'{s.discrimination:.0f}'}</td></tr>"
        for s in hardest
    )
    helps = "".join(f"<li>{escape(r.name)}: {escape(', '.join(r.needs_help))}</li>" for r in report.learners if r.needs_help)
    return (
        f"<h1>Class report: {escape(report.course_title)}</h1>"
        f"<p>Version {escape(report.course_version)} · {len(report.learners)} learners</p>"
        "<h2>Mastery by module</h2><p><img src='chart' width='640'></p>"
        "<h2>Mastery grid</h2><p>Objectives mastered in each module, numbered as in the chart (mastered: 4 of the last 5 "
        "first tries right).</p>"
        "<table border='1' cellspacing='0' cellpadding='3'>"
        f"<tr><th>Learner</th><th>Read</th><th>First tries</th>{head}</tr>{rows}</table>"
        f"<h2>Needs help</h2><p>4 or more wrong first tries on one objective.</p><ul>{helps or '<li>Nobody yet.</li>'}</ul>"
        "<h2>Hardest questions</h2><p>Facility: the class's mean first-try score. Discrimination: how well the question "
        "separates those who know the subject from those who do not (near 0 or below: check the question).</p>"
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Question</th><th>Module</th><th>Answers</th><th>Facility</th>"
        f"<th>Discrimination</th></tr>{items}</table>"
    )


def chart_image(report: ClassReport) -> QImage:
    """The class's share of objectives mastered per module, as bars on paper colours (drawn
    with QPainter rather than grabbed from the window's chart, which the command line has not)."""
    titles = report.module_titles()
    data = report.module_mastery()
    font = QFont(QGuiApplication.font())
    font.setPixelSize(30)
    metrics = QFontMetrics(font)
    labels = [f"{n} · {titles.get(m, m)}" for n, m in enumerate(report.modules, 1)]
    bar, gap, top = 44, 22, 20
    label_w = min(int(CHART_WIDTH * 0.45), max((metrics.horizontalAdvance(x) for x in labels), default=0) + 24)
    image = QImage(CHART_WIDTH, top * 2 + max(1, len(report.modules)) * (bar + gap), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        span = CHART_WIDTH - label_w - 160
        right_middle = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left_middle = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, (module, label) in enumerate(zip(report.modules, labels, strict=True)):
            y = top + i * (bar + gap)
            share = data.get(module, 0.0)
            painter.setPen(QColor("#1a1a1a"))
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 20)
            painter.drawText(QRectF(0, y, label_w - 20, bar), right_middle, shown)
            painter.fillRect(QRectF(label_w, y, span, bar), QColor("#e6e6e6"))
            painter.fillRect(QRectF(label_w, y, span * share / 100, bar), QColor("#1f5fa8"))
            painter.drawText(QRectF(label_w + span + 16, y, 140, bar), left_middle, f"{share:.0f}%")
    finally:
        painter.end()
    return image


def _font(points: int) -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPointSize(points)
    return font


def write_report_pdf(report: ClassReport, path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(12, 12, 12, 12)))
    writer.setTitle(f"Class report: {report.course_title}")
    doc = QTextDocument()
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart"), chart_image(report))
    doc.setHtml(report_html(report))
    # The page in points: the document lays out at that size and print_ scales it to the writer's
    # resolution (a page in device pixels, at 1200 dpi, printed everything a sixth of its size).
    page = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    doc.setDefaultFont(_font(9))
    doc.setPageSize(QSizeF(page.width(), page.height()))
    doc.print_(writer)
    del writer  # the file is complete only once the writer is gone
    if not path.exists() or path.stat().st_size == 0:
        raise KnownError(f"The PDF could not be written to {path}.", "Choose another folder.")
