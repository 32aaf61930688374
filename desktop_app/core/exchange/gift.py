"""GIFT: Moodle's plain-text quiz format, for the question types it can express.

GIFT has single choice, multiple response (with % weights), true/false, matching, short answer
(a cloze with one blank, the blank kept in its sentence) and numeric (answer:tolerance or
min..max). It has no ordering, no diagram and no question with several blanks: those questions
are left out and named in the report, with the reason, never dropped silently (the CLI prints
them). Each kind writes its own answers (``Kind.gift``); this module writes what every question
shares: its title (``::id::``), its text as HTML, its general feedback (``####``) and its
category (``$CATEGORY:``), with the same questions, categories and HTML as the Moodle XML export.

Every text is escaped as Moodle's own GIFT export escapes it: a backslash before each of
``\\ ~ = # { } :`` and ``\\n`` for a line break, so one question never spans a blank line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.exchange.moodle_xml import CourseText, category_path, export_text, select_questions
from desktop_app.core.exchange.report import ExportReport

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course
    from desktop_app.core.kinds.base import Question

_SPECIAL = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""})
_IMG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
# Where a kind's answers go when they sit inside the question's sentence (a short answer's blank).
SLOT = "CARTANSWERSX"


def escape(text: str) -> str:
    """Text as GIFT reads it back unchanged."""
    return text.translate(_SPECIAL)


class GiftWriter(CourseText):
    """What a kind needs to write its answers: escaped HTML, escaped literal text, and a way to
    say that its type cannot be written (with the reason, for the report)."""

    def __init__(self, course: Course, assets: Path) -> None:
        super().__init__(course, assets)
        self.skipped: list[str] = []
        self.notes: list[str] = []
        self.current: Question | None = None  # the question being written, for the report's notes

    # -- what the kinds call

    def html(self, markdown: str, *, inline: bool = False) -> str:
        """Markdown as escaped HTML (for the question text, options, feedback, left-hand items)."""
        return self._finish(self.render(markdown, inline=inline))

    def inline(self, markdown: str) -> str:
        return self.html(markdown, inline=True)

    def plain_text(self, markdown: str) -> str:
        """Escaped text without HTML: GIFT reads the right-hand items of matching as plain text."""
        return escape(self.plain(markdown))

    def literal(self, text: str) -> str:
        """An accepted short answer, exactly as typed (a '*' would be Moodle's wildcard)."""
        return escape(text.replace("*", "\\*"))

    def feedback(self, markdown: str) -> str:
        """``#feedback`` after an option, or nothing."""
        return "#" + self.inline(markdown) if markdown.strip() else ""

    def slots(self, markdown: str, parts: list[str | int]) -> str:
        """Text with blanks, rendered and escaped, the blank marked where the answers go."""
        return self._finish(self.render_slots(markdown, parts, lambda _n: SLOT))

    def question(self, q: Question, answers: list[str], text: str | None = None) -> str:
        """The whole question: title, text, then its answers and general feedback in braces
        (inside the text where ``text`` marks the place, as a short answer's blank)."""
        body = "\n\t".join([*answers, "####" + self._finish(self.general_feedback(q))])
        block = "{\n\t" + body + "\n}"
        text = self.html(q.stem) if text is None else text
        text = text.replace(SLOT, block, 1) if SLOT in text else text + block
        return f"::{escape(q.id)}::[html]{text}"

    def unsupported(self, q: Question, reason: str) -> None:
        """Say why a question cannot be written; the report lists it and the file leaves it out."""
        self.skipped.append(f"{q.id}: {reason}")

    # -- internals

    def _finish(self, out: str) -> str:
        def picture(m: re.Match[str]) -> str:
            alt = _ALT.search(m.group(0))
            label = html.unescape(alt.group(1)) if alt else "picture"
            if self.current is not None:
                self.notes.append(f"{self.current.id}: GIFT cannot carry pictures; '{label}' is shown as its description")
            return f"<em>[picture: {html.escape(label)}]</em>"

        out = _IMG.sub(picture, out)
        # GIFT would read a leading [word] as a text format ([html], [markdown]).
        if out.startswith("["):
            out = "&#91;" + out[1:]
        return escape(out)


def build(course: Course, assets: Path, options: dict[str, Any]) -> tuple[str, ExportReport]:
    """The GIFT text for the chosen questions, and the report (without writing anything)."""
    from desktop_app.core.kinds import kind_of

    groups = select_questions(course, options)
    w = GiftWriter(course, assets)
    track = options.get("track") or "student"
    blocks = [f"// {course.title} {course.version}, {track} track: written by CAR-T Tutor".replace("\n", " ")]
    count = categories = 0
    for group in groups:
        written = []
        for q in group.questions:
            w.current = q
            text = kind_of(q).gift(q, w)
            if text is None:
                if not any(s.startswith(f"{q.id}: ") for s in w.skipped):  # a kind that gave no reason
                    w.unsupported(q, f"GIFT cannot express a question of type '{kind_of(q).label}'")
                continue
            written.append(text)
        w.current = None
        if written:
            # Category lines are read before any unescaping, so they are written as they are.
            blocks.append("$CATEGORY: " + " ".join(category_path(course, group).split()))
            blocks.extend(written)
            count += len(written)
            categories += 1
    summary = f"{count} question{'s' if count != 1 else ''} in {categories} categor{'ies' if categories != 1 else 'y'}"
    if w.skipped:
        summary += f"; {len(w.skipped)} left out (GIFT cannot express them; Moodle XML can)"
    # A picture shown in the stem and in the feedback is one note, not two.
    return "\n\n".join(blocks) + "\n", ExportReport(summary, [*w.skipped, *dict.fromkeys(w.notes)])


def export(course: Course, output: Path, options: dict[str, Any]) -> ExportReport:
    """Write the course's questions as a GIFT file (Question bank ▸ Import ▸ GIFT format);
    ``options`` as for moodle_xml.export_text."""
    return export_text(build, course, output, options)
