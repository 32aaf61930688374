"""Search results (Ctrl+K): lesson sections, pages, glossary terms and questions already met."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.core.errors import KnownError
from desktop_app.core.search.documents import PAGE, QUESTION, SECTION, TERM
from desktop_app.core.store.search_index import HIT_END, HIT_START, SearchHit
from desktop_app.core.tutor import Tutor
from desktop_app.gui.text import escape, plain_label, rich_label

SHOWN = 40  # results listed; more than that, and the learner is asked for another word
KIND_NAMES = {SECTION: "Lesson", PAGE: "Page", TERM: "Glossary", QUESTION: "Question you answered"}


def snippet_html(snippet: str) -> str:
    """A snippet with its matched words in bold; everything else escaped (course text is text)."""
    return escape(snippet).replace(HIT_START, "<b>").replace(HIT_END, "</b>")


def snippet_text(snippet: str) -> str:
    return snippet.replace(HIT_START, "").replace(HIT_END, "")


class SearchPage(QWidget):
    open_requested = Signal(str, str)  # kind, ref

    def __init__(self, tutor: Tutor) -> None:
        super().__init__()
        self.tutor = tutor
        layout = QVBoxLayout(self)
        title = QLabel("Search")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("disclaimer")
        layout.addWidget(self.summary)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        layout.addWidget(self.results, 1)
        self.hits: list[SearchHit] = []
        self.query = ""
        self._explain("")

    def _explain(self, text: str) -> None:
        if not text.strip():
            self.summary.setText(
                "Type in the search box (Ctrl+K) to look through the lessons, the glossary and the questions "
                "you have already answered. Questions you have not met yet are never shown, so search gives no answers away."
            )

    def run(self, text: str) -> None:
        self.query = text
        self.results.clear()
        try:
            self.hits = self.tutor.search(text, limit=SHOWN + 1) if text.strip() else []  # one more: are there more?
        except KnownError as err:
            self.hits = []
            self.summary.setText(f"{err.message} {err.advice}")
            return
        if not text.strip():
            self._explain(text)
            return
        more = len(self.hits) > SHOWN
        self.hits = self.hits[:SHOWN]
        n = len(self.hits)
        if more:
            self.summary.setText(f"The best {n} results for “{text.strip()}”; there are more: add a word to narrow them down.")
        else:
            self.summary.setText(f"{n} result{'s' if n != 1 else ''} for “{text.strip()}”" if n else f"Nothing found for “{text.strip()}”.")
        for hit in self.hits:
            item = QListWidgetItem()
            label = rich_label(
                f"<b>{escape(hit.title)}</b> <span style='font-weight:normal'>· {escape(KIND_NAMES[hit.kind])} · "
                f"{escape(hit.where)}</span><br>{snippet_html(hit.snippet)}",
                wrap=True,
            )
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{hit.title}. {KIND_NAMES[hit.kind]}, {hit.where}. {snippet_text(hit.snippet)}"
            )
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        self._fit_rows()
        if self.hits:
            self.results.setCurrentRow(0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Wrapped labels need their height for the list's width (and again when it changes)."""
        from PySide6.QtCore import QSize

        width = max(200, self.results.viewport().width() - 8)
        for i in range(self.results.count()):
            item = self.results.item(i)
            label = self.results.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def focus_results(self) -> None:
        if self.results.count():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def open_current(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.hits):
            hit = self.hits[row]
            self.open_requested.emit(hit.kind, hit.ref)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.results.setCurrentItem(item)
        self.open_current()
