"""Printable handouts as HTML for Qt's rich text: lessons, a quiz with its answer key, the page
on when to call the care team, and the glossary. gui/pdf.py lays them out and prints them.

The HTML is meant for QTextDocument alone, so it speaks Qt's dialect of CSS:
``page-break-before: always`` starts a new page, and ``-qt-user-state: N`` marks the block where
``Handout.marks[N - 1]`` begins (a question to keep on one page, or the reviewed date that the
page footers show from there on). Course text comes from the Renderer and is made portable
first: the program's private links (``source:``, ``glossary:``, ``section:``) mean nothing on
paper or in another program, so they become plain spans. Images keep their ``asset:`` address
(the PDF side draws SVG as vectors from the file) and masked diagrams travel in
``Handout.diagrams``.

Nothing here imports Qt: the same helpers serve the Anki export.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from desktop_app.core.content.diagrams import DiagramError, diagram_path, masked_svg
from desktop_app.core.content.records import Course, GlossaryTerm, Module, Page, Source
from desktop_app.core.errors import KnownError
from desktop_app.core.kinds import kind_of
from desktop_app.core.kinds.base import Presentation, Question, SourceRef
from desktop_app.core.render.renderer import Renderer
from desktop_app.core.wording import date_text, month_year

HANDOUTS = ("lesson", "quiz", "when-to-call", "glossary")
TRACKS = ("student", "family")
DISCLAIMER = "For education only — not medical advice. Follow your care team."
QUIZ_QUESTIONS = 20  # a class period's worth; options["count"] asks for another number
WHEN_TO_CALL = "when-to-call"
PRIVATE_SCHEMES = ("source:", "glossary:", "section:", "asset:")
PAGE_BREAK = "page-break-before: always"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PHONE_LINES = (
    "Care team, daytime",
    "Care team, nights and weekends",
    "Emergency services",
)
ANSWER_LINE = "_" * 34


@dataclass(frozen=True)
class Mark:
    """Where a stretch of the handout begins: the block with ``-qt-user-state`` of its number."""

    keep: bool = False  # keep the blocks up to the next mark on one page, when they fit on one
    reviewed: str | None = None  # the footer's reviewed text from this block on


@dataclass(frozen=True)
class MaskedDiagram:
    """A diagram printed with its labels hidden (for a question that asks where a part is).

    ``measure`` keeps the hidden labels, transparent, so the printer can find where each one
    was and draw a blank tag there; ``draw`` has them removed, so that they cannot be read by
    selecting the text of the PDF either."""

    measure: bytes
    draw: bytes
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Handout:
    kind: str
    title: str  # "Quiz", "Lesson: How a CAR is built", ...
    course_title: str
    html: str
    reviewed: str  # the footer's reviewed text until the first mark that names one
    marks: tuple[Mark, ...] = ()
    diagrams: dict[str, MaskedDiagram] = field(default_factory=dict)  # by the src their <img> uses
    summary: str = ""
    skipped: tuple[str, ...] = ()
    large_print: bool = False  # families read these: the family track prints larger


# ---------------------------------------------------------------- options shared by the exports


def chosen_modules(course: Course, ids: Sequence[str] | None) -> list[Module]:
    """The modules asked for, in teaching order; every module when none are named."""
    if not ids:
        return list(course.modules)
    known = {m.id for m in course.modules}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KnownError(
            f"This course has no module {', '.join(repr(u) for u in unknown)}.",
            f"Its modules are: {', '.join(m.id for m in course.modules)}.",
        )
    wanted = set(ids)
    return [m for m in course.modules if m.id in wanted]


def chosen_track(options: dict[str, Any]) -> str:
    track = options.get("track") or "student"
    if track not in TRACKS:
        raise KnownError(f"Unknown track '{track}'.", "Use student or family.")
    return str(track)


def exported_questions(course: Course, modules: Sequence[Module], track: str) -> list[Question]:
    """Every question a learner on this track may be asked in these modules, in teaching order."""
    from desktop_app.core.learning.eligibility import Eligibility

    rule = Eligibility(course.bank, track)
    ids = {m.id for m in modules}
    order = {m.id: n for n, m in enumerate(course.modules)}
    picked = [q for q in course.bank.questions if rule.allows(q, ids)]
    return sorted(picked, key=lambda q: order.get(q.module, len(order)))  # stable: the bank's order within a module


def terms_for(course: Course, modules: Sequence[Module]) -> list[GlossaryTerm]:
    """Glossary terms used in these modules (a term tied to no module belongs to all of them)."""
    if len(modules) == len(course.modules):
        return list(course.glossary)
    ids = {m.id for m in modules}
    return [t for t in course.glossary if not t.modules or ids & set(t.modules)]


# ---------------------------------------------------------------- dates, sources


def reviewed_label(dates: Iterable[dt.date | None]) -> str:
    known = sorted({d for d in dates if d is not None})
    if not known:
        return "Review date not recorded"
    if len(known) == 1:
        return f"Reviewed {date_text(known[0])}"
    return f"Reviewed between {date_text(known[0])} and {date_text(known[-1])}"


def source_reference(source: Source | None, source_id: str, section: str = "") -> str:
    """A source written out in full, as plain text: authors (year). Title. Venue. Section: ..."""
    if source is None:
        text = source_id
    else:
        text = f"{source.authors} ({source.year}). {source.title.rstrip('.')}."
        if source.venue:
            text += f" {source.venue.rstrip('.')}."
    if section:
        text += f" Section: “{section}”."
    return text


def page_reviewed(course: Course, page: Page) -> dt.date | None:
    """A page's reviewed date: the Page record does not keep it, so read its front matter."""
    from desktop_app.core.content.fields import split_front_matter
    from desktop_app.core.content.files import read_text
    from desktop_app.core.content.problems import ProblemList

    problems = ProblemList(page.path, course.root)
    text = read_text(page.path, problems, (course.root,))
    if text is None:
        return None
    front, _body, _line = split_front_matter(text, problems)
    value = front.get("reviewed") if front is not None else None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# ---------------------------------------------------------------- private links out of course HTML


@dataclass
class Links:
    """What portable_html took out: glossary term ids and source ids, in order of first use."""

    terms: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class _Portable(HTMLParser):
    """Re-writes sanitized course HTML tag by tag: private links become spans, images may move.

    The input comes from nh3, so it is well formed; text and entities are copied through as
    they are (convert_charrefs=False) so nothing is decoded and escaped again differently.
    """

    def __init__(self, image: Callable[[Path], str | None] | None, links: Links) -> None:
        super().__init__(convert_charrefs=False)
        self.image = image
        self.links = links
        self.out: list[str] = []
        self.anchors: list[bool] = []  # per open <a>: whether it became a <span>

    @staticmethod
    def _attrs(attrs: Iterable[tuple[str, str | None]]) -> str:
        return "".join(f' {k}="{html.escape(v or "", quote=True)}"' if v is not None else f" {k}" for k, v in attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " /")

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        values = dict(attrs)
        if tag == "a":
            href = values.get("href") or ""
            if href.startswith(PRIVATE_SCHEMES):
                self._note(href)
                kept = [(k, v) for k, v in attrs if k in ("class", "title")]
                self.out.append(f"<span{self._attrs(kept)}>")
                self.anchors.append(True)
                return
            if close == "":
                self.anchors.append(False)
        elif tag == "img":
            src = values.get("src") or ""
            if src.startswith("asset:") and self.image is not None:
                from urllib.parse import unquote

                new = self.image(Path(unquote(src[len("asset:") :])))
                if new is None:
                    alt = values.get("alt") or "picture"
                    self.out.append(f'<span class="missing-image">[{html.escape(alt)}]</span>')
                    return
                attrs = [(k, new if k == "src" else v) for k, v in attrs]
        self.out.append(f"<{tag}{self._attrs(attrs)}{close}>")

    def _note(self, href: str) -> None:
        scheme, _, rest = href.partition(":")
        target = rest.split("#", 1)[0]
        found = self.links.terms if scheme == "glossary" else self.links.sources if scheme == "source" else None
        if found is not None and target and target not in found:
            found.append(target)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.anchors and self.anchors.pop():
            self.out.append("</span>")
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def portable_html(fragment: str, *, image: Callable[[Path], str | None] | None = None, links: Links | None = None) -> str:
    """Course HTML without the program's private links. ``image`` maps each ``asset:`` image's
    file to the src to use instead (None drops the image for its alt text); without it images
    keep their ``asset:`` address. The ids the links named are added to ``links``."""
    parser = _Portable(image, links if links is not None else Links())
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


# ---------------------------------------------------------------- building blocks


def esc(text: str) -> str:
    return html.escape(text, quote=False)


class _Marks:
    def __init__(self) -> None:
        self.items: list[Mark] = []

    def style(self, *, keep: bool = False, reviewed: str | None = None, new_page: bool = False) -> str:
        self.items.append(Mark(keep, reviewed))
        rules = [f"-qt-user-state: {len(self.items)}"]
        if new_page:
            rules.insert(0, PAGE_BREAK)
        return f' style="{"; ".join(rules)}"'


def _sources_list(course: Course, ids: Iterable[str]) -> str:
    items = [f"<li>{esc(source_reference(course.sources.get(i), i))}</li>" for i in dict.fromkeys(ids)]
    return f"<h3>Sources</h3><ul class='sources'>{''.join(items)}</ul>" if items else ""


def _words_to_know(course: Course, term_ids: Iterable[str]) -> str:
    rows = []
    for tid in term_ids:
        term = course.term(tid)
        if term is not None:
            rows.append(f"<p class='word'><b>{esc(term.term)}</b>: {esc(term.plain)}</p>")
    return "<h3>Words to know</h3>" + "".join(rows) if rows else ""


# ---------------------------------------------------------------- lessons


def lesson_handout(course: Course, assets: Path, modules: Sequence[Module], track: str) -> Handout:
    renderer = Renderer(course, assets)
    marks = _Marks()
    parts: list[str] = []
    for n, module in enumerate(modules):
        links = Links()
        style = marks.style(reviewed=f"{module.title_for(track)}: {reviewed_label([module.reviewed])}", new_page=n > 0)
        kicker = f"Lesson {module.number}" + (f" · about {module.minutes} minutes" if track == "student" and module.minutes else "")
        kicker += " · In plain words" if track == "family" else ""
        parts.append(f"<h1{style}>{esc(module.title_for(track))}</h1>")
        parts.append(f"<p class='kicker'>{esc(kicker)} · {esc(reviewed_label([module.reviewed]))}</p>")
        if module.summary:
            parts.append(f"<p class='summary'>{esc(module.summary)}</p>")
        if track == "student" and module.objectives:
            items = "".join(f"<li>{esc(o.text)}</li>" for o in module.objectives)
            parts.append(f"<h3>What you will learn</h3><ul>{items}</ul>")
        for section in module.sections:
            parts.append(portable_html(renderer.section_html(module, section, track), links=links))
        if track == "family":
            # On paper there is nothing to hover over: the words the reader underlines are
            # explained at the end of the lesson instead.
            parts.append(_words_to_know(course, links.terms))
        parts.append(_sources_list(course, links.sources))
    names = ", ".join(m.title_for(track) for m in modules)
    title = f"Lesson: {modules[0].title_for(track)}" if len(modules) == 1 else f"Lessons ({len(modules)})"
    return Handout(
        kind="lesson",
        title=title + (" · family track" if track == "family" else ""),
        course_title=course.title,
        html="\n".join(parts),
        reviewed=reviewed_label(m.reviewed for m in modules),
        marks=tuple(marks.items),
        summary=f"{len(modules)} lesson(s), {track} track: {names}",
        large_print=track == "family",
    )


# ---------------------------------------------------------------- the quiz and its answer key


def draw_quiz(course: Course, modules: Sequence[Module], track: str, count: int, seed: int) -> list[Question]:
    """Questions drawn as a quiz would draw them (spread over objectives and difficulties)."""
    from desktop_app.core.learning.quiz import StrataIndex, draw_stratified

    strata = StrataIndex(course.bank).strata([m.id for m in modules], track)
    drawn = draw_stratified(strata, count, seed)
    order = {m.id: n for n, m in enumerate(course.modules)}
    position = {q.id: n for n, q in enumerate(drawn)}
    # On paper the questions follow the lessons; which ones, and their options, follow the seed.
    return sorted(drawn, key=lambda q: (order.get(q.module, len(order)), position[q.id]))


def _letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


def _option_table(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td class='mark'>{esc(m)}</td><td>{esc(t)}</td></tr>" for m, t in rows)
    return f"<table class='options' cellpadding='3' cellspacing='0'>{cells}</table>"


def without_elements(svg: bytes, ids: Iterable[str]) -> bytes:
    """The SVG with the elements of these ids taken out."""
    import xml.etree.ElementTree as ET

    from desktop_app.core.content.images import SVG_NS

    ET.register_namespace("", SVG_NS[1:-1])
    root = ET.fromstring(svg)
    gone = set(ids)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.get("id") in gone:
                parent.remove(child)
    return ET.tostring(root, encoding="utf-8")


def masked_diagram(course: Course, assets: Path, diagram: str) -> MaskedDiagram | None:
    path = diagram_path(diagram, course.root, assets)
    if path is None:
        return None
    try:
        svg, masks = masked_svg(path, (course.root, assets))
    except (DiagramError, OSError):
        return None
    return MaskedDiagram(svg, without_elements(svg, masks), tuple(masks))


class _QuizWriter:
    def __init__(self, course: Course, assets: Path) -> None:
        self.course = course
        self.assets = assets
        self.renderer = Renderer(course, assets)
        self.diagrams: dict[str, MaskedDiagram] = {}
        self.skipped: list[str] = []

    def md(self, text: str) -> str:
        return portable_html(self.renderer.markdown_html(text, link_terms=False))

    def question(self, q: Any, n: int, shown: Presentation, style: str) -> str:
        kind = kind_of(q)
        label = {
            "single_choice": "Choose one.",
            "multiple_response": "Choose all that apply.",
            "true_false": "True or false?",
            "matching": "Write the letter of the match on each line.",
            "ordering": "Number these in order: 1 for the first.",
            "cloze": "Write the missing words on the lines.",
            "numeric": "Write a number.",
            "hotspot": "Circle the part on the diagram, or write its name.",
        }.get(q.type, kind.label)
        stem = self.md(q.stem)
        number = f"<b>{n}.</b>&nbsp;"
        if stem.startswith("<p>"):
            # The number leads the stem's first line, and the block it starts carries the mark.
            stem = f"<p class='stem'{style}>{number}{stem[len('<p>') :]}"
        else:
            stem = f"<p class='stem'{style}>{number}</p>{stem}"
        return stem + f"<p class='how'>{esc(label)}</p>" + self.body(q, shown)

    def body(self, q: Any, shown: Presentation) -> str:
        t = q.type
        if t in ("single_choice", "multiple_response"):
            box = "○" if t == "single_choice" else "☐"
            order = shown.option_order or tuple(range(len(q.choices)))
            return _option_table((f"{box} {_letter(i)}.", q.choices[c].text) for i, c in enumerate(order))
        if t == "true_false":
            return _option_table([("○", "True"), ("○", "False")])
        if t == "matching":
            rights = shown.right_order or q.right_items
            left = _option_table((f"{i + 1}. ______", p.left) for i, p in enumerate(q.pairs))
            right = _option_table((f"{_letter(i)}.", r) for i, r in enumerate(rights))
            return (
                "<table class='layout' width='100%' cellpadding='0' cellspacing='0'><tr>"
                f"<td width='55%' valign='top'>{left}</td><td width='45%' valign='top'>{right}</td></tr></table>"
            )
        if t == "ordering":
            order = shown.option_order or tuple(range(len(q.items)))
            return _option_table(("[    ]", q.items[i]) for i in order)
        if t == "cloze":
            text = "".join(esc(p) if isinstance(p, str) else f"<b>({p + 1})</b>&nbsp;__________" for p in q.parts())
            return f"<p class='cloze'>{text}</p>"
        if t == "numeric":
            unit = f" {esc(q.unit)}" if q.unit else ""
            return f"<p class='answer-line'>Answer: {ANSWER_LINE}{unit}</p>"
        if t == "hotspot":
            masked = masked_diagram(self.course, self.assets, q.diagram)
            if masked is None:
                self.skipped.append(f"{q.id}: diagram '{q.diagram}' could not be read; printed without it")
                return f"<p class='answer-line'>Answer: {ANSWER_LINE}</p>"
            src = f"masked:{q.diagram}"
            self.diagrams[src] = masked
            return f"<p class='diagram'><img src='{esc(src)}' alt='Diagram'></p><p class='answer-line'>Answer: {ANSWER_LINE}</p>"
        return f"<p class='answer-line'>Answer: {ANSWER_LINE}</p>"


def answer_text(q: Any, shown: Presentation) -> str:
    """The right answer in words, with the letters and numbers the learner saw where it has them."""
    kind = kind_of(q)
    t = q.type
    if t in ("single_choice", "multiple_response"):
        order = list(shown.option_order or range(len(q.choices)))
        right = [i for i, c in enumerate(order) if q.choices[c].correct]
        return "; ".join(f"{_letter(i)}. {q.choices[order[i]].text}" for i in right)
    if t == "matching":
        rights = list(shown.right_order or q.right_items)
        return "; ".join(f"{i + 1} – {_letter(rights.index(p.right))} ({p.left} → {p.right})" for i, p in enumerate(q.pairs))
    if t == "ordering":
        # Items are in key order in the record, so an item's index is its place; listed as printed.
        printed = shown.option_order or tuple(range(len(q.items)))
        ranks = ", ".join(str(i + 1) for i in printed)
        return f"{ranks} ({kind.describe_correct(q)})"
    if t == "cloze":
        return "; ".join(f"({n + 1}) {' or '.join(acc)}" for n, acc in enumerate(q.blanks))
    return kind.describe_correct(q)


def _refs(course: Course, refs: Sequence[SourceRef]) -> str:
    names = []
    for ref in refs:
        source = course.sources.get(ref.source)
        name = source.short_name if source is not None else ref.source
        names.append(f"{name}: {ref.section}" if ref.section else name)
    return "; ".join(names)


def quiz_handout(course: Course, assets: Path, modules: Sequence[Module], track: str, seed: int, count: int) -> Handout:
    questions = draw_quiz(course, modules, track, count, seed)
    if not questions:
        raise KnownError(
            "There are no questions to print for these modules on this track.",
            "Choose other modules, or the student track (it asks every question).",
        )
    rng = random.Random(seed)
    shown = [kind_of(q).present(q, rng) for q in questions]
    writer = _QuizWriter(course, assets)
    marks = _Marks()
    dates = reviewed_label(q.reviewed for q in questions)
    where = "all lessons" if len(modules) == len(course.modules) else ", ".join(m.title for m in modules)
    parts = [
        "<h1>Quiz</h1>",
        f"<p class='kicker'>{len(questions)} questions · {esc(where)} · {track} track · version {seed}</p>",
        f"<table class='fill' width='100%' cellpadding='4'><tr><td>Name: {'_' * 30}</td><td>Date: {'_' * 16}</td></tr></table>",
        "<p class='muted'>○ means choose one; ☐ means choose all that apply. The answers follow the last question, on a new page.</p>",
    ]
    for n, (q, s) in enumerate(zip(questions, shown, strict=True), start=1):
        parts.append(writer.question(q, n, s, marks.style(keep=True)))
    # Teachers tear the key off before handing the quiz out: it must start on a page of its own.
    parts.append(f"<h1{marks.style(new_page=True)}>Answer key</h1>")
    parts.append(f"<p class='kicker'>Quiz version {seed} · {len(questions)} questions</p>")
    cited: list[str] = []
    for n, (q, s) in enumerate(zip(questions, shown, strict=True), start=1):
        cited.extend(r.source for r in q.sources)
        parts.append(
            f"<p class='key'{marks.style(keep=True)}><b>{n}.</b> <b>{esc(answer_text(q, s))}</b></p>"
            + writer.md(q.explanation)
            + f"<p class='cite'>{esc(_refs(course, q.sources))} · Reviewed {month_year(q.reviewed)}</p>"
        )
    parts.append(_sources_list(course, cited))
    return Handout(
        kind="quiz",
        title=f"Quiz · version {seed}",
        course_title=course.title,
        html="\n".join(parts),
        reviewed=dates,
        marks=tuple(marks.items),
        diagrams=writer.diagrams,
        summary=f"quiz of {len(questions)} questions ({track} track, seed {seed}) with its answer key",
        skipped=tuple(writer.skipped),
        large_print=track == "family",
    )


# ---------------------------------------------------------------- when to call the care team


def when_to_call_handout(course: Course, assets: Path) -> Handout:
    page = course.page(WHEN_TO_CALL)
    if page is None:
        raise KnownError(f"This course has no '{WHEN_TO_CALL}' page.", f"Add pages/{WHEN_TO_CALL}.md and list it in course.yaml.")
    renderer = Renderer(course, assets)
    links = Links()
    body = portable_html(renderer.markdown_html(page.markdown), links=links)
    rows = "".join(
        f"<tr><td class='phone-label' width='45%'>{esc(label)}</td><td class='phone-line' width='55%'>{'_' * 26}</td></tr>"
        for label in PHONE_LINES
    )
    phones = (
        "<table class='phones' width='100%' cellpadding='8' cellspacing='0'>"
        f"<tr><td colspan='2' class='phones-title'><b>Our phone numbers</b> (write them in)</td></tr>{rows}</table>"
    )
    reviewed = page_reviewed(course, page)
    return Handout(
        kind=WHEN_TO_CALL,
        title=page.title,
        course_title=course.title,
        # The numbers come first: this sheet is read in a hurry, by the phone.
        html=f"<h1>{esc(page.title)}</h1>{phones}{body}{_sources_list(course, links.sources)}",
        reviewed=reviewed_label([reviewed]),
        summary=f"'{page.title}' with space for the care team's phone numbers",
        large_print="family" in page.tracks,
    )


# ---------------------------------------------------------------- glossary


def glossary_handout(course: Course, modules: Sequence[Module], track: str) -> Handout:
    terms = sorted(terms_for(course, modules), key=lambda t: t.term.casefold())
    marks = _Marks()
    parts = [
        "<h1>Glossary</h1>",
        "<p class='muted'>The words used in the lessons, in plain words"
        + (" and then in more detail." if track == "student" else ".")
        + "</p>",
    ]
    letter = ""
    for term in terms:
        first = term.term[:1].upper()
        entry = f"<p class='term-name'{{style}}><b>{esc(term.term)}</b>"
        if term.aliases:
            entry += f" <span class='muted'>(also: {esc(', '.join(term.aliases))})</span>"
        entry += f"</p><p class='plain-def'>{esc(term.plain)}</p>"
        if track == "student" and term.technical:
            entry += f"<p class='technical'><i>More detail:</i> {esc(term.technical)}</p>"
        first = first if first.isalpha() else "0–9"
        if first != letter:
            letter = first
            # The letter's heading belongs to the first entry under it, so the two stay together.
            parts.append(f"<h2{marks.style(keep=True)}>{esc(letter)}</h2>" + entry.replace("{style}", ""))
        else:
            parts.append(entry.replace("{style}", marks.style(keep=True)))
    dates = [m.reviewed for m in modules if any(m.id in t.modules for t in terms)]
    lessons = reviewed_label(dates or [m.reviewed for m in modules])
    return Handout(
        kind="glossary",
        title="Glossary" + (" · family track" if track == "family" else ""),
        course_title=course.title,
        html="\n".join(parts),
        # Terms are not reviewed on their own: they are as current as the lessons they come from.
        reviewed=f"Course version {course.version} · lessons {lessons[:1].lower()}{lessons[1:]}",
        marks=tuple(marks.items),
        summary=f"glossary of {len(terms)} terms ({track} track)",
        large_print=track == "family",
    )


# ---------------------------------------------------------------- entry point


def build(course: Course, assets: Path, options: dict[str, Any]) -> Handout:
    kind = options.get("handout") or "lesson"
    if kind not in HANDOUTS:
        raise KnownError(f"Unknown handout '{kind}'.", f"Choose one of: {', '.join(HANDOUTS)}.")
    track = chosen_track(options)
    modules = chosen_modules(course, options.get("modules"))
    if kind == "lesson":
        return lesson_handout(course, assets, modules, track)
    if kind == "quiz":
        seed = options.get("seed")
        count = options.get("count") or QUIZ_QUESTIONS
        return quiz_handout(course, assets, modules, track, int(seed) if seed is not None else 1, int(count))
    if kind == WHEN_TO_CALL:
        return when_to_call_handout(course, assets)
    return glossary_handout(course, modules, track)
