"""Home, Sources and the extra pages (for families): views of course data.

The glossary page is in gui.glossary_page, loaded when first opened.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.core.render.renderer import Renderer, sanitize
from desktop_app.core.tutor import Tutor
from desktop_app.core.wording import counted
from desktop_app.gui.textview import CourseText

DISCLAIMER = (
    "CAR-T Tutor is for education. It is not medical advice and does not replace your care team: "
    "always follow what your doctors and nurses tell you."
)


class HtmlPage(QWidget):
    """A titled page that shows course HTML."""

    spoken_name = "Course text"  # what a screen reader calls the page's text

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.text = CourseText(self, term_lookup=self._term_lookup)
        self.text.setAccessibleName(self.spoken_name)
        self.text.set_allowed_roots(tutor.course.root, tutor.assets)
        layout.addWidget(self.text)

    def _term_lookup(self, term_id: str) -> tuple[str, str] | None:
        term = self.tutor.course.term(term_id)
        return (term.term, term.plain) if term else None


class HomePage(HtmlPage):
    spoken_name = "Home: the course, your progress and what is due"

    def refresh(self, due: int) -> None:
        from html import escape  # html (and its entity table) loads when a page is first built

        t = self.tutor
        progress = t.reading_progress()
        mastery = t.module_mastery()
        resume = t.resume_point()
        rows = []
        for n, m in enumerate(t.course.modules, start=1):
            done, total = progress.get(m.id, (0, len(m.sections)))
            first = m.sections[0].id if m.sections else ""
            rows.append(
                f"<tr><td><a href='section:{m.id}/{first}'>{n}. {escape(m.title_for(t.track))}</a><br>"
                f"<span class='muted'>{escape(m.summary)}</span></td>"
                f"<td>{done}/{total} read</td><td>{escape(mastery[m.id].level)}</td></tr>"
            )
        resume_html = ""
        if resume:
            resume_html = (
                f"<p><a href='section:{resume[0].id}/{resume[1].id}'>Continue reading: "
                f"{escape(resume[0].title_for(t.track))} — {escape(resume[1].title)}</a></p>"
            )
        track = "plain words (family track)" if t.track == "family" else "the full lesson (student track)"
        due_html = (
            f"<p><b>{due} question{'s' if due != 1 else ''} due for review now.</b> Open <i>Quizzes and review</i> to go through them.</p>"
            if due
            else "<p>No reviews due now.</p>"
        )
        body = (
            f"<h1>{escape(t.course.title)}</h1>"
            f"<table class='callout note' width='100%' cellpadding='12'><tr><td>{escape(DISCLAIMER)}</td></tr></table>"
            f"<p>Hello, {escape(t.learner.name)}. You are reading {track}.</p>"
            f"{resume_html}{due_html}"
            "<table width='100%' cellpadding='6'><tr><th align='left'>Module</th><th>Reading</th><th>Mastery</th></tr>"
            + "".join(rows)
            + "</table>"
        )
        self.text.show_html(sanitize(body))


class SourcesPage(HtmlPage):
    spoken_name = "Sources: the reviews and outside sources the course cites"

    def refresh(self) -> None:
        from html import escape

        reviews = [s for s in self.tutor.course.sources.values() if s.is_review]
        outside = [s for s in self.tutor.course.sources.values() if not s.is_review]
        parts = ["<h1>Sources</h1>", "<p>Every lesson paragraph and every question names where its facts come from.</p>"]
        if reviews:  # (what the built-in course is built on; an instructor's course may cite only outside sources)
            peer = sum(s.kind == "peer-reviewed" for s in reviews)
            if peer == len(reviews):
                built_on = f"<p>The course is built on {counted(len(reviews), 'peer-reviewed review')}.</p>"
            else:
                which = "none of them is" if peer == 0 else f"only {peer} of them {'is' if peer == 1 else 'are'}"
                built_on = (
                    f"<p>The course is built on {counted(len(reviews), 'review')}; {which} peer-reviewed. Where the others "
                    "are wrong or out of date, the course corrects them from the outside sources listed after them.</p>"
                )
            parts.append(built_on)
        groups = (
            ("The reviews the course is built on", reviews),
            ("Outside sources (used for corrections and additions)" if reviews else "Outside sources", outside),
        )
        for heading, group in groups:
            if not group:
                continue
            parts.append(f"<h2>{heading}</h2>")
            for s in group:
                kind = {
                    "peer-reviewed": "Peer-reviewed journal review",
                    "student-paper": "Student paper (not peer-reviewed)",
                    "outside": "Outside source",
                }[s.kind]
                parts.append(
                    f"<h3 id='src-{escape(s.id)}'><a name='src-{escape(s.id)}'></a>{escape(s.title)}</h3>"
                    f"<p>{escape(s.authors)} ({s.year}). <i>{escape(s.venue)}</i>.<br>"
                    f"<b>{kind}</b> · cited as <code>{escape(s.id)}</code></p>"
                    f"<p class='muted'>How reliable: {escape(s.reliability)}</p>"
                )
        self.text.show_html(sanitize("".join(parts)))

    def show_source(self, source_id: str) -> None:
        self.text.scrollToAnchor(f"src-{source_id}")


class ExtraPage(HtmlPage):
    spoken_name = "Page"
    page_id = ""

    def show_page(self, page_id: str) -> bool:
        page = self.tutor.course.page(page_id)
        if page is None:
            return False
        self.page_id = page_id
        self.text.show_html(self.renderer.page_html(page))
        return True
