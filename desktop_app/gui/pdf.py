"""PDF handouts, printed by Qt itself (QTextDocument laid out into QPdfWriter), no browser.

core.exchange.handouts writes the HTML of each handout; this module lays it out in pages of the
chosen paper, keeps each question (and each glossary entry) on one page when it fits, draws the
SVG diagrams as vectors through QSvgRenderer, and adds the same header and footer to every page:
the course title, the reviewed date, "Page 3 of 12" and the note that this is education, not
medical advice. It works from the command line with no window: a QGuiApplication on the
offscreen platform is created when there is none.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QPyTextObject,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from PySide6.QtSvg import QSvgRenderer

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.content.records import Course
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange import handouts
from desktop_app.core.exchange.report import ExportReport
from desktop_app.gui.theme import LIGHT

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
# The course HTML sizes a few things in screen pixels (cellpadding="14"): at 96 dpi they print
# as they look on screen. Resolution does not touch quality: text and diagrams stay vectors.
DPI = 96
MARGIN_MM = {"left": 18.0, "right": 18.0, "top": 20.0, "bottom": 22.0}
LARGE_PRINT = 1.2  # the family track's text size, against the student track's 10.5 pt
MAX_DIAGRAM_SHARE = 0.55  # of the page's text height: a question's diagram leaves room for the question
SVG_OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 1
KEY_PROPERTY = int(QTextFormat.Property.UserProperty) + 1
WIDTH_PROPERTY = int(QTextFormat.Property.UserProperty) + 2
HEIGHT_PROPERTY = int(QTextFormat.Property.UserProperty) + 3
OBJECT_CHAR = "\ufffc"

_app: QGuiApplication | None = None  # Qt needs the application object alive while it draws


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new windowless one for the command line."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    no_screen = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if not os.environ.get("QT_QPA_PLATFORM") and no_screen and sys.platform not in ("win32", "darwin"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a server or a terminal with no display
    _app = QGuiApplication([sys.argv[0] if sys.argv else "car-t-tutor"])
    return _app


def mm_to_px(mm: float) -> float:
    return mm / 25.4 * DPI


def print_css(scale: float = 1.0) -> str:
    """The handouts' style sheet: the reader's light theme, for paper.

    Font sizes are in points; margins in pixels at DPI, because Qt's rich text ignores
    margins given in points."""
    c = LIGHT

    def pt(size: float) -> str:
        return f"{size * scale:g}pt"

    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    return f"""
    body {{ font-size: {pt(10.5)}; color: {c.text}; }}
    p, li {{ margin-top: {px(0)}; margin-bottom: {px(7)}; line-height: 125%; }}
    ul {{ margin-top: {px(0)}; margin-bottom: {px(5)}; }}
    h1 {{ font-size: {pt(19)}; font-weight: 600; margin-top: {px(0)}; margin-bottom: {px(5)}; }}
    h2 {{ font-size: {pt(14)}; font-weight: 600; margin-top: {px(13)}; margin-bottom: {px(7)}; }}
    h3 {{ font-size: {pt(11.5)}; font-weight: 600; margin-top: {px(12)}; margin-bottom: {px(5)}; }}
    p.kicker {{ color: {c.muted}; font-size: {pt(9)}; margin-bottom: {px(11)}; }}
    p.summary {{ font-style: italic; }}
    .cite {{ color: {c.muted}; font-size: {pt(8.5)}; }}
    .muted {{ color: {c.muted}; }}
    .missing-image {{ color: {c.wrong}; }}
    table {{ border-width: 1px; border-style: solid; border-color: {c.border}; border-collapse: collapse;
             margin-top: {px(5)}; margin-bottom: {px(11)}; }}
    th {{ background-color: {c.note_bg}; font-weight: 600; padding: 5px; }}
    td {{ padding: 5px; }}
    table.callout {{ border-color: {c.plain_border}; background-color: {c.plain_bg}; }}
    table.note, table.warning, table.tip {{ border-color: {c.border}; background-color: {c.note_bg}; }}
    p.admonition-title {{ font-weight: 700; margin-bottom: {px(4)}; }}
    table.options, table.layout, table.fill {{ border-width: 0px; margin-top: {px(3)}; margin-bottom: {px(5)}; }}
    td.mark {{ font-weight: 600; padding-right: 8px; }}
    p.stem {{ margin-top: {px(13)}; margin-bottom: {px(3)}; }}
    p.how {{ color: {c.muted}; font-size: {pt(8.5)}; font-style: italic; margin-bottom: {px(3)}; }}
    p.cloze {{ line-height: 170%; }}
    p.answer-line {{ margin-top: {px(8)}; }}
    p.key {{ margin-top: {px(12)}; margin-bottom: {px(3)}; }}
    table.phones {{ border-width: 2px; border-color: {c.accent}; background-color: {c.note_bg}; margin-bottom: {px(16)}; }}
    td.phones-title {{ font-size: {pt(12)}; }}
    td.phone-label {{ font-size: {pt(11.5)}; font-weight: 600; }}
    td.phone-line {{ font-size: {pt(13)}; }}
    p.term-name {{ margin-top: {px(8)}; margin-bottom: {px(1)}; }}
    p.technical {{ color: {c.muted}; }}
    ul.sources li {{ font-size: {pt(8.5)}; color: {c.muted}; }}
    """


class _Diagrams(QPyTextObject):
    """Draws diagrams in the text as vectors: QSvgRenderer paints straight into the PDF.

    A masked diagram (labels hidden while a hotspot question is asked) gets a blank tag over
    each hidden label, in place, as on screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, tuple[QSvgRenderer, list[QRectF]]] = {}

    def add(self, key: str, renderer: QSvgRenderer, measure: QSvgRenderer | None = None, labels: tuple[str, ...] = ()) -> None:
        """``measure``: the same diagram with its hidden labels still in it, to find where they were."""
        boxes = []
        if measure is not None:
            boxes = [measure.transformForElement(m).mapRect(measure.boundsOnElement(m)) for m in labels if measure.elementExists(m)]
        self.items[key] = (renderer, boxes)

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        return QSizeF(fmt.doubleProperty(WIDTH_PROPERTY), fmt.doubleProperty(HEIGHT_PROPERTY))

    def drawObject(self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int, fmt: QTextFormat) -> None:
        found = self.items.get(fmt.stringProperty(KEY_PROPERTY))
        if found is None:
            return
        renderer, boxes = found
        renderer.render(painter, rect)
        if not boxes:
            return
        vb = renderer.viewBoxF()
        sx, sy = rect.width() / max(vb.width(), 1e-6), rect.height() / max(vb.height(), 1e-6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(LIGHT.border), 1.2))
        painter.setBrush(QColor("#eef1f4"))
        for box in boxes:
            tag = QRectF(
                rect.left() + (box.left() - vb.left()) * sx, rect.top() + (box.top() - vb.top()) * sy, box.width() * sx, box.height() * sy
            )
            painter.drawRoundedRect(tag.adjusted(-2, -1.5, 2, 1.5), 3, 3)
        painter.restore()


class _Layout:
    """One handout laid out in pages of text_width x text_height (device pixels at DPI)."""

    def __init__(
        self, handout: handouts.Handout, course: Course, assets: Path, device: QPdfWriter, text_width: float, text_height: float
    ) -> None:
        self.handout = handout
        self.text_width = text_width
        self.text_height = text_height
        self.roots = tuple(p.resolve() for p in (course.root, assets))
        self.skipped: list[str] = []
        self.doc = QTextDocument()
        # Laid out for the printer, not the screen: fonts in points, metrics without hinting.
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setUseDesignMetrics(True)
        self.doc.setDocumentMargin(0)
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(10.5 * (LARGE_PRINT if handout.large_print else 1.0))
        self.doc.setDefaultFont(font)
        self.doc.setDefaultStyleSheet(print_css(LARGE_PRINT if handout.large_print else 1.0))
        self.doc.setHtml(f"<html><body>{handout.html}</body></html>")
        self.diagrams = _Diagrams()
        self.doc.documentLayout().registerHandler(SVG_OBJECT, self.diagrams)
        self._place_images()
        self.doc.setPageSize(QSizeF(text_width, text_height))
        self._keep_together()

    # -- images: SVG as vector objects, other pictures scaled to the text width

    def _allowed(self, path: Path) -> bool:
        try:
            resolved = path.resolve()
        except OSError:
            return False
        return resolved.is_file() and any(resolved.is_relative_to(r) for r in self.roots)

    def _fit(self, width: float, height: float) -> tuple[float, float]:
        scale = min(1.0, self.text_width / max(width, 1.0), self.text_height * MAX_DIAGRAM_SHARE / max(height, 1.0))
        return width * scale, height * scale

    def _place_images(self) -> None:
        pos = 0
        while True:
            found = self.doc.find(OBJECT_CHAR, pos)
            if found.isNull():
                return
            pos = found.selectionEnd()
            fmt = found.charFormat()
            if not fmt.isImageFormat():
                continue
            name = fmt.toImageFormat().name()
            replacement = self._object_for(name)
            if replacement is None:
                self.skipped.append(f"image {unquote(name)}: could not be drawn; left out")
                found.insertText("[picture not available]")
                pos = found.position()
            else:
                found.insertText(OBJECT_CHAR, replacement)
                if found.block().text() == OBJECT_CHAR:
                    # A paragraph's line-height (125%) would add a quarter of the picture's height below it.
                    single = QTextBlockFormat()
                    single.setLineHeight(100, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
                    found.mergeBlockFormat(single)

    def _object_for(self, name: str) -> QTextCharFormat | None:
        if name in self.handout.diagrams:
            masked = self.handout.diagrams[name]
            renderer, measure = QSvgRenderer(QByteArray(masked.draw)), QSvgRenderer(QByteArray(masked.measure))
            if not (renderer.isValid() and measure.isValid()):
                return None
            return self._svg_format(name, renderer, measure, masked.labels)
        url = QUrl(name)
        if url.scheme() != "asset":
            return None
        path = Path(unquote(url.path()))
        if not self._allowed(path):
            return None
        if path.suffix.lower() == ".svg":
            renderer = QSvgRenderer(str(path))
            return self._svg_format(name, renderer) if renderer.isValid() else None
        image = QImage(str(path))
        if image.isNull():
            return None
        # A photo stays a raster image (it is one); it is only scaled to fit.
        self.doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        fmt = QTextImageFormat()
        fmt.setName(name)
        w, h = self._fit(image.width(), image.height())
        fmt.setWidth(w)
        fmt.setHeight(h)
        return fmt

    def _svg_format(
        self, key: str, renderer: QSvgRenderer, measure: QSvgRenderer | None = None, labels: tuple[str, ...] = ()
    ) -> QTextCharFormat:
        self.diagrams.add(key, renderer, measure, labels)
        size = renderer.defaultSize()
        w, h = self._fit(size.width(), size.height())
        fmt = QTextCharFormat()
        fmt.setObjectType(SVG_OBJECT)
        fmt.setProperty(KEY_PROPERTY, key)
        fmt.setProperty(WIDTH_PROPERTY, float(w))
        fmt.setProperty(HEIGHT_PROPERTY, float(h))
        return fmt

    # -- pagination

    def page_of(self, y: float) -> int:
        return max(0, int(y // self.text_height))

    def _rect(self, block: QTextBlock) -> QRectF:
        return self.doc.documentLayout().blockBoundingRect(block)

    def marks(self) -> list[tuple[QTextBlock, handouts.Mark]]:
        out = []
        block = self.doc.begin()
        while block.isValid():
            state = block.userState()
            if 1 <= state <= len(self.handout.marks):
                out.append((block, self.handout.marks[state - 1]))
            block = block.next()
        return out

    @staticmethod
    def _break_before(block: QTextBlock) -> None:
        fmt = QTextBlockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).mergeBlockFormat(fmt)

    @staticmethod
    def _breaks(block: QTextBlock) -> bool:
        return bool(block.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)

    def _stretches(self) -> list[tuple[QTextBlock, QTextBlock]]:
        """What should not be split between pages, top to bottom: each marked stretch to keep
        (a question, a glossary entry) and each heading with the block after it."""
        marks = self.marks()
        starts = {block.blockNumber() for block, _mark in marks}
        out: list[tuple[QTextBlock, QTextBlock]] = []
        for i, (first, mark) in enumerate(marks):
            if mark.keep:
                out.append((first, marks[i + 1][0].previous() if i + 1 < len(marks) else self.doc.lastBlock()))
        block = self.doc.begin()
        while block.isValid():
            nxt = block.next()
            if block.blockFormat().headingLevel() > 0 and block.blockNumber() not in starts and nxt.isValid():
                out.append((block, nxt))
            block = nxt
        return sorted(out, key=lambda pair: pair[0].position())

    def _straddles(self, first: QTextBlock, last: QTextBlock) -> bool:
        if self._breaks(first) or (last != first and self._breaks(last)):
            return False  # already starts a page, or its end is meant to start the next one
        top, bottom = self._rect(first).top(), self._rect(last).bottom()
        return self.page_of(top) != self.page_of(bottom - 1) and bottom - top < self.text_height * 0.95

    def _keep_together(self) -> None:
        """Start a new page before a stretch that would otherwise be split between two.

        After each move the whole document is laid out again before looking further:
        Qt's incremental re-layout after a block format change leaves the blocks below it
        unlaid (seen with Qt 6.11: lines gone from the printed pages)."""
        stretches = self._stretches()
        i = 0
        while i < len(stretches):
            first, last = stretches[i]
            i += 1
            if self._straddles(first, last):
                self._break_before(first)
                self.doc.setPageSize(self.doc.pageSize())  # a full layout from the top

    def reviewed_by_page(self) -> list[str]:
        """The reviewed text each page's footer shows: that of the last mark naming one at or before the page."""
        pages = self.doc.pageCount()
        labels = [self.handout.reviewed] * pages
        for block, mark in self.marks():
            if mark.reviewed is not None:
                start = self.page_of(self._rect(block).top() + 1)
                for p in range(start, pages):
                    labels[p] = mark.reviewed
        return labels


class _Sheet(NamedTuple):
    """One sheet of the paper, in device pixels: its size and where the text goes on it."""

    width: float
    height: float
    text: QRectF

    @classmethod
    def of(cls, writer: QPdfWriter) -> _Sheet:
        width, height = float(writer.width()), float(writer.height())
        left, top = mm_to_px(MARGIN_MM["left"]), mm_to_px(MARGIN_MM["top"])
        right, bottom = mm_to_px(MARGIN_MM["right"]), mm_to_px(MARGIN_MM["bottom"])
        # Whole pixels: Qt lays text out in 1/64 px, so a page height of 963.26 puts a page's
        # first line a hair above the page it was broken onto.
        return cls(width, height, QRectF(left, top, math.floor(width - left - right), math.floor(height - top - bottom)))


def _draw_frame(painter: QPainter, handout: handouts.Handout, sheet: _Sheet, page: int, pages: int, reviewed: str) -> None:
    """The header (course, handout) and the footer (the note, the page number, the reviewed date) of one page."""
    small = QFont(QGuiApplication.font())
    small.setPointSizeF(8)
    bold = QFont(small)
    bold.setBold(True)
    metrics = QFontMetricsF(small, painter.device())
    line_h = metrics.height()
    text = sheet.text
    left_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.save()
    header = QRectF(text.left(), text.top() * 0.45, text.width(), line_h)
    room = max(40.0, text.width() - metrics.horizontalAdvance(handout.title) - 24)
    painter.setFont(small)
    painter.setPen(QColor(LIGHT.muted))
    painter.drawText(header, left_align, metrics.elidedText(handout.course_title, Qt.TextElideMode.ElideRight, room))
    painter.drawText(header, right_align, handout.title)
    painter.setPen(QPen(QColor(LIGHT.border), 0.8))
    painter.drawLine(QPointF(text.left(), header.bottom() + 3), QPointF(text.right(), header.bottom() + 3))
    footer = QRectF(text.left(), text.bottom() + (sheet.height - text.bottom()) * 0.3, text.width(), line_h)
    painter.drawLine(QPointF(text.left(), footer.top() - 4), QPointF(text.right(), footer.top() - 4))
    painter.setPen(QColor(LIGHT.text))
    painter.setFont(bold)
    painter.drawText(footer, left_align, handouts.DISCLAIMER)
    painter.setFont(small)
    painter.drawText(footer, right_align, f"Page {page + 1} of {pages}")
    painter.setPen(QColor(LIGHT.muted))
    second = footer.translated(0, line_h * 1.2)
    painter.drawText(second, left_align, metrics.elidedText(reviewed, Qt.TextElideMode.ElideRight, text.width()))
    painter.restore()


def _cannot_write(output: Path, exc: OSError | None = None) -> KnownError:
    reason = f": {exc.strerror or exc}" if exc is not None else ""
    return KnownError(
        f"Cannot write {output}{reason}.", "Choose a folder you can write to, and close the file if another program has it open."
    )


def write_pdf(handout: handouts.Handout, course: Course, assets: Path, output: Path, paper: str) -> tuple[int, list[str]]:
    """Print the handout to output; return the number of pages and what had to be left out."""
    ensure_app()
    if paper not in PAPERS:
        raise KnownError(f"Unknown paper size '{paper}'.", "Use a4 or letter.")
    # Written aside and moved into place, so that a failure never leaves half a PDF under the real name.
    part = output.with_name(f".{output.name}.part")
    try:
        part.open("wb").close()  # QPdfWriter itself would only log a warning
    except OSError as exc:
        raise _cannot_write(output, exc) from exc
    writer = QPdfWriter(str(part))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{handout.title} — {handout.course_title}")
    writer.setCreator(f"CAR-T Tutor {__version__}")
    sheet = _Sheet.of(writer)
    layout = _Layout(handout, course, assets, writer, sheet.text.width(), sheet.text.height())
    pages = layout.doc.pageCount()
    reviewed = layout.reviewed_by_page()
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor(LIGHT.text))  # not the window's theme: paper is light
    context.palette = palette
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise _cannot_write(output)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(sheet.text.left(), sheet.text.top() - page * layout.text_height)
            area = QRectF(0, page * layout.text_height, layout.text_width, layout.text_height)
            painter.setClipRect(area)
            # Qt draws every line that touches the clip, and a clipped line is invisible but still
            # text in the PDF: the line just over the edge would be found by search and copy.
            context.clip = area.adjusted(0, 0.01, 0, -0.01)
            layout.doc.documentLayout().draw(painter, context)
            painter.restore()
            _draw_frame(painter, handout, sheet, page, pages, reviewed[page])
        painter.end()
        os.replace(part, output)
    except OSError as exc:
        raise _cannot_write(output, exc) from exc
    finally:
        if painter.isActive():
            painter.end()
        part.unlink(missing_ok=True)
    return pages, layout.skipped


def export(course: Course, output_path: Path, options: dict[str, Any]) -> ExportReport:
    assets = paths.assets_dir()
    paper = options.get("paper") or "a4"
    if paper not in PAPERS:
        raise KnownError(f"Unknown paper size '{paper}'.", "Use a4 or letter.")
    handout = handouts.build(course, assets, options)
    pages, skipped = write_pdf(handout, course, assets, Path(output_path), paper)
    size = Path(output_path).stat().st_size
    return ExportReport(
        f"{handout.summary}; {pages} page(s), {paper.upper() if paper == 'a4' else paper.title()}, {size / 1024:.0f} KB",
        [*handout.skipped, *skipped],
    )
