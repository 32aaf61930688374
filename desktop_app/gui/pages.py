"""Home, Sources, Glossary and the extra pages (for families): views of course data."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
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

from desktop_app.core.render import Renderer, sanitize
from desktop_app.core.tutor import Tutor
from desktop_app.gui.textview import CourseText

DISCLAIMER = (
    "CAR-T Tutor is for education. It is not medical advice and does not replace your care team: "
    "always follow what your doctors and nurses tell you."
)


class HtmlPage(QWidget):
    """A titled page that shows course HTML."""

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.text = CourseText(self, term_lookup=self._term_lookup)
        self.text.set_allowed_roots(tutor.course.root, tutor.assets)
        layout.addWidget(self.text)

    def _term_lookup(self, term_id: str) -> tuple[str, str] | None:
        term = self.tutor.course.term(term_id)
        return (term.term, term.plain) if term else None


class HomePage(HtmlPage):
    def refresh(self, due: int) -> None:
        t = self.tutor
        progress = t.reading_progress()
        mastery = t.module_mastery()
        resume = t.resume_point()
        rows = []
        for n, m in enumerate(t.course.modules, start=1):
            done, total = progress.get(m.id, (0, len(m.sections)))
            first = m.sections[0].id if m.sections else ""
            rows.append(
                f"<tr><td><a href='section:{m.id}/{first}'>{n}. {html.escape(m.title)}</a><br>"
                f"<span class='muted'>{html.escape(m.summary)}</span></td>"
                f"<td>{done}/{total} read</td><td>{html.escape(mastery[m.id].level)}</td></tr>"
            )
        resume_html = ""
        if resume:
            resume_html = (
                f"<p><a href='section:{resume[0].id}/{resume[1].id}'>Continue reading: "
                f"{html.escape(resume[0].title)} — {html.escape(resume[1].title)}</a></p>"
            )
        track = "plain words (family track)" if t.track == "family" else "the full lesson (student track)"
        due_html = (
            f"<p><b>{due} question{'s' if due != 1 else ''} due for review today.</b> "
            "Open <i>Quizzes and review</i> to go through them.</p>"
            if due
            else "<p>No reviews due today.</p>"
        )
        body = (
            f"<h1>{html.escape(t.course.title)}</h1>"
            f"<table class='callout note' width='100%' cellpadding='12'><tr><td>{html.escape(DISCLAIMER)}</td></tr></table>"
            f"<p>Hello, {html.escape(t.learner.name)}. You are reading {track}.</p>"
            f"{resume_html}{due_html}"
            "<table width='100%' cellpadding='6'><tr><th align='left'>Module</th><th>Reading</th><th>Mastery</th></tr>"
            + "".join(rows)
            + "</table>"
        )
        self.text.show_html(sanitize(body))


class SourcesPage(HtmlPage):
    def refresh(self) -> None:
        parts = [
            "<h1>Sources</h1>",
            "<p>Every lesson paragraph and every question names where its facts come from. The course is built on "
            "five reviews; only one of them went through journal peer review, so the course checks the others "
            "against it and corrects their mistakes, using the outside sources listed after them.</p>",
        ]
        reviews = [s for s in self.tutor.course.sources.values() if s.is_review]
        outside = [s for s in self.tutor.course.sources.values() if not s.is_review]
        for heading, group in (("The five reviews", reviews), ("Outside sources (used for corrections and additions)", outside)):
            parts.append(f"<h2>{heading}</h2>")
            for s in group:
                kind = {
                    "peer-reviewed": "Peer-reviewed journal review",
                    "student-paper": "Student paper (not peer-reviewed)",
                    "outside": "Outside source",
                }[s.kind]
                parts.append(
                    f"<h3 id='src-{html.escape(s.id)}'><a name='src-{html.escape(s.id)}'></a>{html.escape(s.title)}</h3>"
                    f"<p>{html.escape(s.authors)} ({s.year}). <i>{html.escape(s.venue)}</i>.<br>"
                    f"<b>{kind}</b> · cited as <code>{html.escape(s.id)}</code></p>"
                    f"<p class='muted'>How reliable: {html.escape(s.reliability)}</p>"
                )
        self.text.show_html(sanitize("".join(parts)))

    def show_source(self, source_id: str) -> None:
        self.text.scrollToAnchor(f"src-{source_id}")


class ExtraPage(HtmlPage):
    def show_page(self, page_id: str) -> bool:
        page = self.tutor.course.page(page_id)
        if page is None:
            return False
        self.text.show_html(self.renderer.page_html(page))
        return True


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
        self.search.textChanged.connect(self.on_search)
        search_row.addWidget(self.search)
        layout.addLayout(search_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self.on_current_changed)
        self.detail = CourseText(self)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        for term in tutor.course.glossary:
            item = QListWidgetItem(term.term)
            item.setData(Qt.ItemDataRole.UserRole, term.id)
            item.setToolTip(term.plain)
            self.list.addItem(item)
        self.count_label = QLabel(f"{len(tutor.course.glossary)} terms")
        self.count_label.setObjectName("disclaimer")
        layout.addWidget(self.count_label)

    def on_search(self, text: str) -> None:
        needle = text.strip().casefold()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            term = self.tutor.course.term(item.data(Qt.ItemDataRole.UserRole))
            hay = " ".join([term.term, *term.aliases, term.plain]).casefold() if term else ""
            hidden = bool(needle) and needle not in hay
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def on_current_changed(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:
            self.show_term(item.data(Qt.ItemDataRole.UserRole))

    def show_term(self, term_id: str) -> None:
        term = self.tutor.course.term(term_id)
        if term is None:
            return
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == term_id and self.list.currentRow() != i:
                self.list.setCurrentRow(i)
        self.detail.show_html(term_html(self.tutor, term_id))
        self.term_shown.emit(term_id)


def term_html(tutor: Tutor, term_id: str) -> str:
    term = tutor.course.term(term_id)
    if term is None:
        return ""
    modules = [m.title for mid in term.modules if (m := tutor.course.module(mid))]
    aliases = f"<p class='muted'>Also called: {html.escape(', '.join(term.aliases))}</p>" if term.aliases else ""
    where = f"<p class='muted'>In: {html.escape('; '.join(modules))}</p>" if modules else ""
    return sanitize(
        f"<h2>{html.escape(term.term)}</h2>{aliases}"
        f"<h3>In plain words</h3><p>{html.escape(term.plain)}</p>"
        f"<h3>Technical</h3><p>{html.escape(term.technical)}</p>{where}"
    )
