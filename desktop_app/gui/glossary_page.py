"""The glossary page: every term, searchable, with its plain and technical definitions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.render.renderer import Renderer, sanitize
from desktop_app.core.tutor import Tutor
from desktop_app.gui.qtconst import USER_ROLE
from desktop_app.gui.text import tooltip
from desktop_app.gui.textview import CourseText


class GlossaryPage(QWidget):
    term_shown = Signal(str)

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        layout = QVBoxLayout(self)
        title = QLabel("Glossary")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a term…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a term in the glossary")
        self.search.textChanged.connect(self.on_search)
        search_row.addWidget(self.search)
        layout.addLayout(search_row)
        split = QSplitter()  # horizontal by default
        self.split = split
        self._longest: tuple[str, int] | None = None  # (font, width of the longest word in a term)
        split.setChildrenCollapsible(False)
        self.list = QListWidget()
        self.list.setAccessibleName("Glossary terms")
        # Long terms wrap inside the list rather than push it sideways at large text sizes.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self.on_current_changed)
        self.detail = CourseText(self)
        self.detail.setAccessibleName("Definition")
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        for term in tutor.course.glossary:
            item = QListWidgetItem(term.term)
            item.setData(USER_ROLE, term.id)
            item.setToolTip(tooltip(term.plain))
            self.list.addItem(item)
        self.count_label = QLabel(f"{len(tutor.course.glossary)} terms")
        self.count_label.setObjectName("disclaimer")
        layout.addWidget(self.count_label)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_split()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_split()

    def fit_split(self) -> None:
        """Terms beside their definition when there is room; at large text in a small window the
        list goes above the definition, since a word like "Cryopreservation" cannot wrap."""
        fm = self.list.fontMetrics()
        if self._longest is None or self._longest[0] != self.list.font().key():  # measured once per text size
            words = {w for t in self.tutor.course.glossary for w in t.term.split()}
            self._longest = (self.list.font().key(), max((fm.horizontalAdvance(w) for w in words), default=100))
        longest = self._longest[1]
        list_width = longest + self.list.verticalScrollBar().sizeHint().width() + 24
        narrow = list_width > self.width() * 0.45
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
            # A third for the list, the rest for the definition, once the new layout has its size.
            QTimer.singleShot(0, lambda: self.split.setSizes([1000, 2000]))
        if not narrow:
            sizes = self.split.sizes()
            if sizes and sizes[0] < list_width:
                self.split.setSizes([list_width, max(1, sum(sizes) - list_width)])

    def on_search(self, text: str) -> None:
        needle = text.strip().casefold()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            term = self.tutor.course.term(item.data(USER_ROLE))
            hay = " ".join([term.term, *term.aliases, term.plain]).casefold() if term else ""
            hidden = bool(needle) and needle not in hay
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def on_current_changed(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:
            self.show_term(item.data(USER_ROLE))

    def show_term(self, term_id: str) -> None:
        term = self.tutor.course.term(term_id)
        if term is None:
            return
        for i in range(self.list.count()):
            if self.list.item(i).data(USER_ROLE) == term_id and self.list.currentRow() != i:
                self.list.setCurrentRow(i)
        self.detail.show_html(term_html(self.tutor, term_id))
        self.term_shown.emit(term_id)


def term_html(tutor: Tutor, term_id: str) -> str:
    term = tutor.course.term(term_id)
    if term is None:
        return ""
    modules = [m.title for mid in term.modules if (m := tutor.course.module(mid))]
    aliases = f"<p class='muted'>Also called: {escape(', '.join(term.aliases))}</p>" if term.aliases else ""
    where = f"<p class='muted'>In: {escape('; '.join(modules))}</p>" if modules else ""
    return sanitize(
        f"<h2>{escape(term.term)}</h2>{aliases}"
        f"<h3>In plain words</h3><p>{escape(term.plain)}</p>"
        f"<h3>Technical</h3><p>{escape(term.technical)}</p>{where}"
    )
