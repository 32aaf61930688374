"""The authoring guide's rules that need the whole text of a lesson: plain words a family can
read, and a citation on every factual paragraph. Checked by ``validate`` and ``pack build``
(not when a course opens: reading-grade formulas over a large course take a while).

Readability is the Flesch-Kincaid grade as textstat computes it, so that a pack's author, the
shipped-content tests and this check all agree on what "grade 8" means.
"""

from __future__ import annotations

import re

from desktop_app.core.content.lessons import iter_plain_text
from desktop_app.core.content.markup import CITATION
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import Course

MAX_MODULE_GRADE = 8.0  # all plain text of a module, taken together
MAX_BLOCK_GRADE = 10.0  # any one plain block or the takeaways
MAX_PAGE_GRADE = 8.0  # a page on the family track
MIN_WORDS_FOR_GRADE = 12  # below this a grade formula says nothing: "Call the team now." is fine
UNCITED_WORDS = 25  # a paragraph of student text this long states facts: it needs a citation


def readable_text(markdown: str) -> str:
    """Markdown as a reader hears it: no citations, markup or table rules; list items as sentences."""
    text = CITATION.sub("", markdown)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+|^\s*\d+\.\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`#>|]", " ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line if not line or line[-1] in ".!?:" else line + "." for line in lines)


def grade(markdown: str) -> float | None:
    """The Flesch-Kincaid grade of a text, or None when it is too short to tell."""
    import textstat

    text = readable_text(markdown)
    if len(text.split()) < MIN_WORDS_FOR_GRADE:
        return None
    return float(textstat.flesch_kincaid_grade(text))


def authoring_problems(course: Course) -> list[Problem]:
    out: list[Problem] = []
    for module in course.modules:
        problems = ProblemList(module.path, course.root)
        lines = {s.id: s.line for s in module.sections}
        blocks = list(iter_plain_text(module))
        for label, text in blocks:
            g = grade(text)
            if g is not None and g > MAX_BLOCK_GRADE:
                section_id = label.split(" ", 1)[0]
                problems.add(
                    lines.get(section_id, 1),
                    f"{label} reads at grade {g:.1f}; no plain block may be above grade {MAX_BLOCK_GRADE:.0f} "
                    "(shorter sentences, everyday words)",
                )
        whole = grade("\n\n".join(text for _, text in blocks))
        if whole is not None and whole > MAX_MODULE_GRADE:
            problems.add(
                1,
                f"the family text of module '{module.id}' reads at grade {whole:.1f} taken together; "
                f"keep it at grade {MAX_MODULE_GRADE:.0f} or below",
            )
        for section in module.sections:
            if section.is_takeaways:
                continue
            for paragraph in _factual_paragraphs(section.markdown):
                if not CITATION.search(paragraph):
                    problems.add(
                        section.line,
                        f"section '{section.id}': a paragraph of {len(paragraph.split())} words has no citation "
                        f"(“{paragraph[:60]}…”); end it with [@source: Section]",
                    )
        out.extend(problems.items)
    for page in course.pages:
        if "family" not in page.tracks:
            continue
        g = grade(page.markdown)
        if g is not None and g > MAX_PAGE_GRADE:
            problems = ProblemList(page.path, course.root)
            problems.add(1, f"page '{page.id}' is on the family track but reads at grade {g:.1f}; keep it at {MAX_PAGE_GRADE:.0f} or below")
            out.extend(problems.items)
    return out


def _factual_paragraphs(markdown: str) -> list[str]:
    """Paragraphs of running student text (not headings, lists, tables, pictures or plain blocks)."""
    text = re.sub(r"!!! plain.*?(?=\n\S|\Z)", "", markdown, flags=re.S)
    out = []
    for para in re.split(r"\n\s*\n", text):
        p = para.strip()
        if not p or p.startswith(("#", "|", "!", "-", "*", ">", "[^")) or re.match(r"^\d+\.", p):
            continue
        if len(p.split()) >= UNCITED_WORDS:
            out.append(p)
    return out
