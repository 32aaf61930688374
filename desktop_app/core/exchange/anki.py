"""Anki decks (.apkg, written with genanki): the question bank as flashcards, and the glossary.

One note per question on the chosen track and modules, in a "Questions" deck, and one note per
glossary term in a "Glossary" deck. Everything Anki uses to recognise a note, a deck or a note
type is derived from the course id, never from time: the note's GUID from the course id and the
question id, so importing the export of a newer version of the course updates the notes a
learner already studies (with their review history) instead of adding copies.

Anki cannot follow the program's private links (``source:``, ``glossary:``, ``section:``,
``asset:``): citations and glossary terms become plain text, and every picture a card shows
goes into the package's media under a name of its own (see _Media).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import random
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from desktop_app.core import paths
from desktop_app.core.content.diagrams import DiagramError, diagram_path, masked_svg
from desktop_app.core.content.images import SVG_NS, ImageError, check_svg, read_svg
from desktop_app.core.content.records import Course, GlossaryTerm
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.handouts import (
    LETTERS,
    answer_text,
    chosen_modules,
    chosen_track,
    esc,
    exported_questions,
    portable_html,
    source_reference,
    terms_for,
)
from desktop_app.core.exchange.report import ExportReport
from desktop_app.core.kinds import kind_of
from desktop_app.core.kinds.base import Presentation, Question
from desktop_app.core.render.renderer import Renderer
from desktop_app.core.wording import month_year

QUESTION_FIELDS = ("Front", "Front diagram", "Answer", "Answer diagram", "Explanation", "Sources", "Reviewed", "Question id")
GLOSSARY_FIELDS = ("Term", "Also called", "In plain words", "More detail", "Term id")
HIGHLIGHT = "#d81b60"  # the answer's part of a diagram on the back of a card
SHAPES = {"rect", "circle", "ellipse", "path", "polygon", "polyline", "line"}

CSS = """
.card { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 19px; line-height: 1.45;
        text-align: left; color: #1d232a; background: #fffdf9; max-width: 46em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e8eaed; background: #22272e; }
.how { color: #56606b; font-size: 0.85em; font-style: italic; }
.nightMode .how, .night_mode .how { color: #a9b3bd; }
.answer { font-weight: 600; }
.explanation { margin-top: 0.8em; }
.sources, .meta { color: #56606b; font-size: 0.75em; margin-top: 0.8em; }
.nightMode .sources, .nightMode .meta, .night_mode .sources, .night_mode .meta { color: #a9b3bd; }
.cite { color: #56606b; font-size: 0.85em; }
.blank { font-weight: 600; white-space: nowrap; }
.diagram img { max-width: 100%; height: auto; }
table.match td { padding: 2px 14px 2px 0; vertical-align: top; }
.aliases { color: #56606b; font-size: 0.8em; }
.technical { margin-top: 0.8em; font-size: 0.9em; }
"""

QUESTION_FRONT = '<div class="front">{{Front}}</div>{{#Front diagram}}<div class="diagram">{{Front diagram}}</div>{{/Front diagram}}'
QUESTION_BACK = (
    '<div class="front">{{Front}}</div><hr id="answer"><div class="answer">{{Answer}}</div>'
    '{{#Answer diagram}}<div class="diagram">{{Answer diagram}}</div>{{/Answer diagram}}'
    '<div class="explanation">{{Explanation}}</div><div class="sources">{{Sources}}</div>'
    '<div class="meta">{{Reviewed}} · {{Question id}}</div>'
)
GLOSSARY_FRONT = "<h2>{{Term}}</h2>{{#Also called}}<div class='aliases'>also: {{Also called}}</div>{{/Also called}}"
GLOSSARY_BACK = (
    '{{FrontSide}}<hr id="answer"><div>{{In plain words}}</div>'
    "{{#More detail}}<div class='technical'>{{More detail}}</div>{{/More detail}}"
)


def stable_id(course_id: str, what: str) -> int:
    """An id for a deck or note type that is the same in every export of this course.

    Kept between 2**31 and 2**53: clear of Anki's own small ids (the Default deck is 1), and
    exact in JavaScript, which Anki's deck options screen uses."""
    digest = hashlib.sha256(f"car-t-tutor\0{course_id}\0{what}".encode()).digest()
    return 2**31 + int.from_bytes(digest[:8], "big") % (2**53 - 2**31)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "course"


class _Media:
    """The package's media files. Anki keeps every deck's media in one folder per profile, so
    each name carries the course and a hash of the content: two courses' diagrams never
    collide, and a changed diagram arrives under a new name rather than being mistaken for the
    old one."""

    def __init__(self, course_id: str, folder: Path) -> None:
        self.prefix = _slug(course_id)
        self.folder = folder
        self.names: dict[str, Path] = {}

    def add_bytes(self, stem: str, data: bytes, suffix: str) -> str:
        name = f"{self.prefix}-{_slug(stem)}-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
        if name not in self.names:
            path = self.folder / name
            path.write_bytes(data)
            self.names[name] = path
        return name

    def add_file(self, path: Path) -> str:
        return self.add_bytes(path.stem, path.read_bytes(), path.suffix.lower())

    @property
    def files(self) -> list[str]:
        return [str(p) for p in self.names.values()]


# ---------------------------------------------------------------- diagrams for the cards


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _first_number(value: str | None) -> float | None:
    found = re.match(r"\s*(-?[0-9]*\.?[0-9]+)", value or "")
    return float(found.group(1)) if found else None


def _inherited(el: ET.Element, parents: dict[ET.Element, ET.Element], name: str) -> str | None:
    node: ET.Element | None = el
    while node is not None:
        value = node.get(name)
        if value is None:
            style = node.get("style") or ""
            found = re.search(rf"(?:^|;)\s*{re.escape(name)}\s*:\s*([^;]+)", style)
            value = found.group(1).strip() if found else None
        if value is not None:
            return value
        node = parents.get(node)
    return None


def tagged_svg(svg: bytes, masks: list[str]) -> bytes:
    """The masked diagram with a blank tag where each hidden label was, as Anki's image
    occlusion draws them, and the labels themselves taken out. Anki cannot measure text, so each tag's size is estimated from the
    label's position, font size and length; the program's own SVGs place labels with plain
    x/y attributes; a label placed any other way is taken out without a tag."""
    ET.register_namespace("", SVG_NS[1:-1])
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    hidden = set(masks)
    for el in list(root.iter()):
        if _local(el.tag) != "text" or el.get("id") not in hidden:
            continue
        x, y = _first_number(el.get("x")), _first_number(el.get("y"))
        text = "".join(el.itertext()).strip()
        if x is None or y is None or not text:
            continue
        size = _first_number(_inherited(el, parents, "font-size")) or 16.0
        bold = (_inherited(el, parents, "font-weight") or "") in ("bold", "600", "700", "800", "900")
        width = len(text) * size * (0.62 if bold else 0.56)
        anchor = _inherited(el, parents, "text-anchor") or "start"
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        tag = ET.Element(f"{SVG_NS}rect")
        for key, value in {
            "x": left - 3, "y": y - size * 0.95, "width": width + 6, "height": size * 1.25, "rx": 4,
        }.items():  # fmt: skip
            tag.set(key, f"{value:.1f}")
        tag.set("fill", "#eef1f4")
        tag.set("stroke", "#9aa5b1")
        tag.set("stroke-width", "1.2")
        parent = parents.get(el, root)
        parent.insert(list(parent).index(el) + 1, tag)
    for el in list(root.iter()):
        for child in list(el):
            if child.get("id") in hidden:
                el.remove(child)  # transparent is not enough: the file itself would still name the parts
    return ET.tostring(root, encoding="utf-8")


def highlighted_svg(path: Path, bases: tuple[Path, ...], region: str) -> bytes:
    """The labelled diagram with the answer's region outlined in a colour of its own."""
    ET.register_namespace("", SVG_NS[1:-1])
    root = check_svg(read_svg(path, bases))
    for el in root.iter():
        if el.get("id") == region:
            for shape in el.iter():
                if _local(shape.tag) in SHAPES:
                    shape.set("stroke", HIGHLIGHT)
                    width = _first_number(shape.get("stroke-width")) or 0.0
                    shape.set("stroke-width", f"{max(width, 3.5):g}")
            break
    return ET.tostring(root, encoding="utf-8")


# ---------------------------------------------------------------- one note per question


class _Cards:
    def __init__(self, course: Course, assets: Path, media: _Media) -> None:
        self.course = course
        self.assets = assets
        self.media = media
        self.renderer = Renderer(course, assets)
        self.bases = (course.root, assets)

    def _image(self, path: Path) -> str | None:
        try:
            resolved = path.resolve()
            if not resolved.is_file() or not any(resolved.is_relative_to(b.resolve()) for b in self.bases):
                return None
            return self.media.add_file(resolved)
        except OSError:
            return None

    def md(self, text: str) -> str:
        return portable_html(self.renderer.markdown_html(text, link_terms=False), image=self._image)

    def _img(self, name: str, alt: str) -> str:
        return f'<img src="{html.escape(name, quote=True)}" alt="{html.escape(alt, quote=True)}">'

    def front(self, q: Any, shown: Presentation) -> tuple[str, str]:
        """The front's text and its diagram (masked, for a hotspot question)."""
        stem = self.md(q.stem)
        t = q.type
        if t in ("single_choice", "multiple_response"):
            how = "Choose one." if t == "single_choice" else "Choose all that apply."
            order = shown.option_order or tuple(range(len(q.choices)))
            items = "".join(f"<li>{esc(q.choices[i].text)}</li>" for i in order)
            return f'{stem}<p class="how">{how}</p><ol type="A">{items}</ol>', ""
        if t == "true_false":
            return f'{stem}<p class="how">True or false?</p>', ""
        if t == "matching":
            rights = shown.right_order or q.right_items
            rows = []
            for i in range(max(len(q.pairs), len(rights))):
                left = f"{i + 1}. {esc(q.pairs[i].left)}" if i < len(q.pairs) else ""
                right = f"{LETTERS[i]}. {esc(rights[i])}" if i < len(rights) else ""
                rows.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
            return f'{stem}<p class="how">Match each numbered item with a letter.</p><table class="match">{"".join(rows)}</table>', ""
        if t == "ordering":
            order = shown.option_order or tuple(range(len(q.items)))
            items = "".join(f"<li>{esc(q.items[i])}</li>" for i in order)
            return f'{stem}<p class="how">Put these in order.</p><ul>{items}</ul>', ""
        if t == "cloze":
            text = "".join(esc(p) if isinstance(p, str) else f'<span class="blank">[{p + 1}: ______]</span>' for p in q.parts())
            return f"{stem}<p>{text}</p>", ""
        if t == "numeric":
            unit = f" (in {esc(q.unit)})" if q.unit else ""
            return f'{stem}<p class="how">Answer with a number{unit}.</p>', ""
        if t == "hotspot":
            path = diagram_path(q.diagram, self.course.root, self.assets)
            if path is None:
                raise DiagramError(f"diagram '{q.diagram}' not found")
            svg, masks = masked_svg(path, self.bases)
            name = self.media.add_bytes(f"{q.diagram}-masked", tagged_svg(svg, masks), ".svg")
            return f'{stem}<p class="how">Which part of the diagram is it? Think of where it is, then show the answer.</p>', self._img(
                name, "The diagram, with its labels hidden"
            )
        return stem, ""

    def answer(self, q: Any, shown: Presentation) -> tuple[str, str]:
        """The back's answer and its diagram (labelled, the answer outlined, for a hotspot question)."""
        text = esc(answer_text(q, shown))
        if q.type == "cloze":
            filled = "".join(esc(p) if isinstance(p, str) else f"<b>{esc(q.blanks[p][0])}</b>" for p in q.parts())
            return f"<p>{filled}</p><p>{text}</p>", ""
        if q.type == "hotspot":
            path = diagram_path(q.diagram, self.course.root, self.assets)
            assert path is not None  # the front found it
            name = self.media.add_bytes(f"{q.diagram}-{q.answer}", highlighted_svg(path, self.bases, q.answer), ".svg")
            return text, self._img(name, f"The diagram, with {q.title_of(q.answer)} outlined")
        return text, ""

    def sources(self, q: Question) -> str:
        items = "".join(f"<li>{esc(source_reference(self.course.sources.get(r.source), r.source, r.section))}</li>" for r in q.sources)
        return f"<b>Sources</b><ul>{items}</ul>"

    def fields(self, q: Question) -> list[str]:
        # The same shuffle in every export, so re-importing does not reorder options on a learner's cards.
        shown = kind_of(q).present(q, random.Random(f"{self.course.id}/{q.id}"))
        front, front_diagram = self.front(q, shown)
        answer, answer_diagram = self.answer(q, shown)
        return [
            front,
            front_diagram,
            answer,
            answer_diagram,
            self.md(q.explanation),
            self.sources(q),
            f"Reviewed {month_year(q.reviewed)}",
            esc(q.id),
        ]


def question_tags(q: Question) -> list[str]:
    return [q.module, q.objective, f"difficulty-{q.difficulty}", *sorted(f"track-{t}" for t in q.tracks)]


def glossary_fields(term: GlossaryTerm) -> list[str]:
    return [esc(term.term), esc(", ".join(term.aliases)), esc(term.plain), esc(term.technical), esc(term.id)]


# ---------------------------------------------------------------- the package


def export(course: Course, output_path: Path, options: dict[str, Any]) -> ExportReport:
    import genanki

    assets = paths.assets_dir()
    track = chosen_track(options)
    modules = chosen_modules(course, options.get("modules"))
    questions = exported_questions(course, modules, track)
    terms = terms_for(course, modules)
    output = Path(output_path)

    question_model = genanki.Model(
        stable_id(course.id, "question-model"),
        f"CAR-T Tutor question ({course.id})",
        fields=[{"name": f} for f in QUESTION_FIELDS],
        templates=[{"name": "Question", "qfmt": QUESTION_FRONT, "afmt": QUESTION_BACK}],
        css=CSS,
    )
    glossary_model = genanki.Model(
        stable_id(course.id, "glossary-model"),
        f"CAR-T Tutor glossary term ({course.id})",
        fields=[{"name": f} for f in GLOSSARY_FIELDS],
        templates=[{"name": "Term", "qfmt": GLOSSARY_FRONT, "afmt": GLOSSARY_BACK}],
        css=CSS,
    )
    question_deck = genanki.Deck(stable_id(course.id, "questions-deck"), f"{course.title}::Questions")
    glossary_deck = genanki.Deck(stable_id(course.id, "glossary-deck"), f"{course.title}::Glossary")
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="car-t-tutor-anki-") as tmp:
        media = _Media(course.id, Path(tmp))
        cards = _Cards(course, assets, media)
        for q in questions:
            try:
                fields = cards.fields(q)
            except (DiagramError, ImageError, OSError) as exc:
                skipped.append(f"{q.id}: left out, its diagram could not be read ({exc})")
                continue
            question_deck.add_note(
                genanki.Note(model=question_model, fields=fields, tags=question_tags(q), guid=genanki.guid_for(course.id, q.id))
            )
        for term in terms:
            glossary_deck.add_note(
                genanki.Note(
                    model=glossary_model,
                    fields=glossary_fields(term),
                    tags=["glossary", *term.modules],
                    guid=genanki.guid_for(course.id, "glossary", term.id),
                )
            )
        package = genanki.Package([question_deck, glossary_deck], media_files=media.files)
        part = output.with_name(f".{output.name}.part")
        try:
            package.write_to_file(str(part))
            os.replace(part, output)
        except OSError as exc:
            with contextlib.suppress(OSError):  # (the folder itself may be what failed)
                Path(part).unlink(missing_ok=True)
            raise KnownError(f"Cannot write {output}: {exc.strerror or exc}.", "Choose a folder you can write to.") from exc
        n_media = len(media.names)
    size = output.stat().st_size
    return ExportReport(
        f"{len(question_deck.notes)} questions ({track} track, {len(modules)} module(s)) and {len(glossary_deck.notes)} glossary terms"
        f" in 2 decks, {n_media} media files, {size / 1024:.0f} KB",
        skipped,
    )
