"""What a learner can look up: lesson sections, extra pages and glossary terms in the words of
their track, and questions (whose text the index holds but shows only once they were answered,
so that search never gives an answer away)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course
    from desktop_app.core.questions import Bank

SECTION, PAGE, TERM, QUESTION = "section", "page", "term", "question"
BOTH = "both"

_CITATION = re.compile(r"\[@[^\]\n]*\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_ADMONITION = re.compile(r"^\s*!!!.*$", re.MULTILINE)
_ANCHOR = re.compile(r"\{#[^}\n]*\}")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$", re.MULTILINE)
_TAGS = re.compile(r"<[^>\n]*>")
_MARKS = re.compile(r"[*_`#>|~]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDoc:
    kind: str  # SECTION, PAGE, TERM or QUESTION
    ref: str  # module/section, page id, term id or question id
    track: str  # "student", "family" or BOTH
    title: str
    where: str  # the module or page it is in, for the result line
    body: str
    aka: str = ""  # other names (a glossary term's aliases): matched, not shown


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees: no citation keys, link targets, markup or tags."""
    text = _CITATION.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _ADMONITION.sub(" ", text)
    text = _ANCHOR.sub(" ", text)
    text = _TABLE_RULE.sub(" ", text)
    text = _TAGS.sub(" ", text)
    text = _MARKS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def lesson_documents(course: Course) -> Iterator[SearchDoc]:
    for module in course.modules:
        where = f"{module.number}. {module.title}"
        for section in module.sections:
            ref = f"{module.id}/{section.id}"
            full = plain_text(section.markdown)
            yield SearchDoc(SECTION, ref, "student", section.title, where, full)
            plain = full if section.is_takeaways else plain_text("\n\n".join(section.plain_blocks))
            yield SearchDoc(SECTION, ref, "family", section.title, where, plain)
    for page in course.pages:
        track = BOTH if len(page.tracks) != 1 else next(iter(page.tracks))
        yield SearchDoc(PAGE, page.id, track, page.title, "Page", plain_text(page.markdown))
    for term in course.glossary:
        names = " · ".join(term.aliases)
        both = f"{plain_text(term.technical)} {plain_text(term.plain)}"
        yield SearchDoc(TERM, term.id, "student", term.term, "Glossary", both, names)
        yield SearchDoc(TERM, term.id, "family", term.term, "Glossary", plain_text(term.plain), names)


def question_documents(bank: Bank, module_titles: dict[str, str]) -> Iterator[SearchDoc]:
    for q in bank.questions:
        texts = [plain_text(t) for t in q.learner_texts()]
        stem = plain_text(q.stem)
        rest = " ".join(t for t in texts if t and t != stem)
        track = BOTH if "family" in q.tracks else "student"
        yield SearchDoc(QUESTION, q.id, track, stem, module_titles.get(q.module, q.module), rest)
