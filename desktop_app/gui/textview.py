"""A QTextBrowser for course HTML: local diagrams, glossary tooltips, readable line length."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop_app.gui.raster_cache import RasterCache
from desktop_app.gui.text import tooltip
from desktop_app.gui.theme import READING_WIDTH_EM

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage

# Qt classes used only for images, links and tooltips are imported where they are used: PySide6
# builds a class's enums when the class is first touched (QImage's and QPainter's alone are
# about 80 members), and the first lesson may have no image.
MAX_IMAGE_WIDTH = 860
IMAGE_RESOURCE = 2  # QTextDocument.ResourceType.ImageResource


class CourseText(QTextBrowser):
    """Shows sanitized course HTML. Emits the private-scheme links it does not open itself."""

    source_clicked = Signal(str, str)  # source id, section slug
    term_clicked = Signal(str)  # glossary term id
    section_clicked = Signal(str)  # "module/section"

    def __init__(self, parent: QWidget | None = None, term_lookup=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.on_anchor_clicked)
        self.highlighted.connect(self.on_link_hovered)
        self._term_lookup = term_lookup  # callable: term id -> (title, plain text) or None
        self._allowed_roots: tuple[Path, ...] = ()
        self._raster_cache: RasterCache | None = None
        self._side = -1
        self._css = ""
        self._html: str | None = None
        self.setStyleSheet("QTextBrowser { border: none; }")  # (cheaper than touching QFrame's enums at start-up)
        self.setMinimumWidth(320)

    def set_allowed_roots(self, *roots: Path) -> None:
        self._allowed_roots = tuple(r.resolve() for r in roots)

    def set_raster_cache(self, cache: RasterCache | None) -> None:
        self._raster_cache = cache

    def set_css(self, css: str) -> None:
        """A new theme or text size: what is on screen is laid out again in it at once (Qt
        applies a default style sheet only when HTML is set), at the same place in the text."""
        if css == self._css:
            return
        self._css = css
        self.document().setDefaultStyleSheet(css)
        if self._html is not None:
            bar = self.verticalScrollBar()
            where = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
            self.setHtml(self._html)
            bar.setValue(round(where * bar.maximum()))

    def show_html(self, html: str) -> None:
        self._html = f"<html><body>{html}</body></html>"
        self.setHtml(self._html)
        self.verticalScrollBar().setValue(0)

    # -- resources: only local files inside the content root or assets

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        from urllib.parse import unquote

        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QImage

        qurl = url if isinstance(url, QUrl) else QUrl(url)
        if kind == IMAGE_RESOURCE and qurl.scheme() == "asset":
            path = Path(unquote(qurl.path()))
            if self._is_allowed(path):
                return self._render_image(path)
            return QImage()
        if qurl.scheme() in ("http", "https", "ftp", "file"):
            return None  # never load anything from outside the course
        return super().loadResource(kind, qurl)

    def _is_allowed(self, path: Path) -> bool:
        try:
            resolved = path.resolve()
        except OSError:
            return False
        return resolved.is_file() and any(resolved.is_relative_to(r) for r in self._allowed_roots)

    def _render_image(self, path: Path) -> QImage:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QImage, QPainter

        # The viewport's width, worked out from our own margins: asking for viewport() itself
        # makes PySide6 build the enums of dozens of widget classes (see gui.qtconst).
        width = max(200, min(MAX_IMAGE_WIDTH, self.contentsRect().width() - 2 * max(self._side, 0) - 24))
        ratio = self.devicePixelRatioF()
        if path.suffix.lower() == ".svg":
            cached = self._raster_cache.get(path, width, ratio) if self._raster_cache else None
            if cached is not None:
                return cached
            from PySide6.QtSvg import QSvgRenderer  # QtSvg loads with the first diagram not in the cache

            renderer = QSvgRenderer(str(path))
            if not renderer.isValid():
                return QImage()
            size = renderer.defaultSize()
            height = round(width * size.height() / max(1, size.width()))
            w, h = round(width * ratio), round(height * ratio)
            # Start from zeroed (transparent) pixels: QImage.fill would build the Qt namespace's
            # enums while choosing an overload (see gui.qtconst). copy() gives the image its own data.
            image = QImage(bytes(w * h * 4), w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
            painter = QPainter(image)
            renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
            painter.end()
            image.setDevicePixelRatio(ratio)
            if self._raster_cache is not None:
                self._raster_cache.put(path, width, ratio, image)
            return image
        image = QImage(str(path))
        if image.width() > width:
            from PySide6.QtCore import Qt  # not at start-up: see gui.qtconst

            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return image

    # -- links

    def on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "source":
            self.source_clicked.emit(url.path(), url.fragment())
        elif scheme == "glossary":
            self.term_clicked.emit(url.path())
        elif scheme == "section":
            self.section_clicked.emit(url.path())
        elif not scheme and url.fragment():
            self.scrollToAnchor(url.fragment())

    def on_link_hovered(self, url: QUrl) -> None:
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QToolTip

        if url.scheme() == "glossary" and self._term_lookup is not None:
            found = self._term_lookup(url.path())
            if found:
                title, plain = found
                QToolTip.showText(QCursor.pos(), tooltip(f"{title}\n{plain}", bold_first_line=True), self, self.rect(), 12000)
                return
        QToolTip.hideText()

    # -- comfortable line length

    def resizeEvent(self, event) -> None:
        em = self.fontMetrics().averageCharWidth() * 2.1
        max_width = int(READING_WIDTH_EM * em)
        # The event carries the viewport's size, which the margins themselves change: use the
        # widget's own width so that the margins settle at once.
        side = max(12, (self.width() - max_width) // 2)
        if side != self._side:
            self._side = side
            self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)
