"""Moodle XML: the whole bank (or some modules of it, on one track) as a quiz file Moodle imports.

Every type maps onto one Moodle has: single choice and multiple response onto multichoice,
true/false onto truefalse, matching onto matching, a one-blank cloze onto shortanswer and a
longer one onto Moodle's Cloze (multianswer), numeric onto numerical, ordering onto the ordering
question type, and hotspot onto drag-and-drop markers over the diagram. What each type writes is
its kind's business (``Kind.moodle``); this module walks the bank, writes what every question
shares (name, text, general feedback, category, tags) and lends the kinds a ``MoodleWriter``.

This module also holds what the GIFT export shares with it (which questions, their categories,
their text as HTML), because GIFT is Moodle's other import format and the two must agree on
both the questions and where they land in the question bank.

The file is written as text, not with ElementTree: Moodle expects HTML inside CDATA sections,
which ElementTree cannot write.
"""

from __future__ import annotations

import base64
import html
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.report import ExportReport

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course, Module, Objective
    from desktop_app.core.kinds.base import Question
    from desktop_app.core.render.renderer import Renderer

# A question's own marker in Moodle's drag-and-drop-markers type. Never the region's name: the
# stem asks the learner to find it, so naming it on the marker would give the answer away.
MARKER_LABEL = "Your answer"
DIAGRAM_FILE = "diagram.svg"

_PRIVATE_LINK = re.compile(r'<a\b[^>]*\bhref="(?:source|glossary|section):[^"]*"[^>]*>(.*?)</a>', re.S)
_ASSET_SRC = re.compile(r'\bsrc="asset:([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_ONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!<p[ >]).)*)</p>\Z", re.S)
# XML 1.0 allows no other control characters, even inside CDATA.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---------------------------------------------------------------- shared with the GIFT export


@dataclass
class Group:
    """The questions of one objective: one Moodle category."""

    module: Module
    objective: Objective | None  # None only for a question whose objective its module lost
    questions: list[Question]


def select_questions(course: Course, options: dict[str, Any]) -> list[Group]:
    """The questions to export, by module (course order) and objective (module order).

    Uses the program's one rule for what a learner on a track may be asked, so an export for the
    family track holds exactly the questions a family member would meet.
    """
    from desktop_app.core.learning.eligibility import Eligibility

    wanted = options.get("modules") or None
    if wanted:
        unknown = [m for m in wanted if course.module(m) is None]
        if unknown:
            known = ", ".join(m.id for m in course.modules)
            raise KnownError(f"This course has no module {', '.join(repr(m) for m in unknown)}.", f"Its modules are: {known}.")
    track = options.get("track") or "student"
    rule = Eligibility(course.bank, track)
    groups: list[Group] = []
    for module in course.modules:
        if wanted and module.id not in wanted:
            continue
        pool = [q for q in course.bank.by_module.get(module.id, ()) if rule.allows(q)]
        for objective in module.objectives:
            chosen = [q for q in pool if q.objective == objective.id]
            if chosen:
                groups.append(Group(module, objective, chosen))
        objectives = {o.id for o in module.objectives}
        stray = [q for q in pool if q.objective not in objectives]
        if stray:
            groups.append(Group(module, None, stray))
    if not groups:
        which = f"modules {', '.join(wanted)}" if wanted else "this course"
        raise KnownError(f"No question of {which} is on the {track} track, so there is nothing to export.")
    return groups


def category_path(course: Course, group: Group) -> str:
    """``$course$/<course>/<module>/<objective>``, each name escaped as Moodle does ('/' doubled)."""
    names = [course.title, group.module.title, group.objective.text if group.objective else group.module.title]
    escaped = []
    for name in names:
        name = " ".join(name.split()).replace("/", "//")
        # Moodle would read a name that starts or ends with '/' as part of the separator.
        escaped.append(f" {name}" if name.startswith("/") else f"{name} " if name.endswith("/") else name)
    return "/".join(["$course$", *escaped])


def tags(q: Question) -> list[str]:
    return [f"difficulty-{q.difficulty}", *(f"track-{t}" for t in sorted(q.tracks)), q.module, q.objective]


def number(value: float) -> str:
    """A number as Moodle and GIFT read it: no exponent for ordinary values, no float noise."""
    text = f"{value:.12g}"
    if "e" in text:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(value: float) -> str:
    """A grade in percent as Moodle writes it: 100, 50, 33.33333, -25."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def numeric_bounds(q: Any) -> tuple[float, float]:
    """A numeric question as Moodle's answer ± tolerance: a range becomes its midpoint and half-width."""
    return (q.low + q.high) / 2, (q.high - q.low) / 2


def answer_variants(accepted: Iterable[str]) -> list[str]:
    """Every accepted answer, then the spellings this program's matching also takes for it.

    This program ignores hyphens and spaces and reads Greek letters by name; Moodle's short
    answer only ignores case. Listing the spellings learners type (IL6 and IL 6 for IL-6,
    IFN-gamma for IFN-γ) keeps them right in Moodle as they are here.
    """
    from desktop_app.core.kinds.base import GREEK

    out: list[str] = []
    seen: set[str] = set()

    def add(text: str) -> None:
        text = " ".join(text.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)

    authored = [str(a) for a in accepted]
    for a in authored:
        add(a)
    for a in authored:
        named = "".join(GREEK.get(ch, ch) for ch in a)
        for base in dict.fromkeys((a, named)):
            add(base)
            add(re.sub(r"[-‐‑‒–—]", " ", base))
            add(re.sub(r"[-‐‑‒–—]", "", base))
    return out


class CourseText:
    """A course's Markdown as HTML for other tools: the program's own renderer, without the
    links only this program can follow, with sources written out."""

    # For the kinds: a grade in percent, a number, a short answer's spellings, numeric bounds.
    percent = staticmethod(percent)
    number = staticmethod(number)
    variants = staticmethod(answer_variants)
    bounds = staticmethod(numeric_bounds)

    def __init__(self, course: Course, assets: Path) -> None:
        from desktop_app.core.render.renderer import Renderer

        self.course = course
        self.assets = assets
        self.renderer: Renderer = Renderer(course, assets)

    def render(self, markdown: str, *, inline: bool = False) -> str:
        """HTML for a piece of course Markdown; ``inline`` drops the paragraph around one line."""
        if not markdown.strip():
            return ""
        out = self.renderer.markdown_html(markdown, link_terms=False)
        # source:, glossary: and section: links mean something only inside this program.
        out = _PRIVATE_LINK.sub(r"\1", out).strip()
        if inline:
            m = _ONE_PARAGRAPH.match(out)
            if m:
                out = m.group(1).strip()
        return out

    def render_slots(
        self, markdown: str, parts: list[str | int], fill: Callable[[int], str], *, escape: Callable[[str], str] | None = None
    ) -> str:
        """Render text with numbered slots (cloze blanks): each slot becomes ``fill(n)`` afterwards,
        so that nothing Markdown does (nor ``escape``, applied to the rest) can touch what fills it."""
        token = "CARTSLOT{}X"
        text = "".join(p if isinstance(p, str) else token.format(p) for p in parts)
        out = self.render(text)
        if escape is not None:
            out = escape(out)
        return re.sub(r"CARTSLOT(\d+)X", lambda m: fill(int(m.group(1))), out)

    def plain(self, markdown: str) -> str:
        """Text only, for the places Moodle takes no HTML (matching answers)."""
        return " ".join(html.unescape(_TAG.sub("", self.render(markdown, inline=True))).split())

    def sources_html(self, q: Question) -> str:
        if not q.sources:
            return ""

        def text(value: str) -> str:  # quotes need no escaping in HTML text, and GIFT would have to escape their '#'
            return html.escape(value, quote=False)

        items = []
        for ref in q.sources:
            src = self.course.sources.get(ref.source)
            if src is None:
                items.append(f"<li>{text(ref.source)}, section “{text(ref.section)}”.</li>")
                continue
            venue = f" <em>{text(src.venue)}</em>." if src.venue else ""
            authors = text(src.authors.replace(";", ","))
            items.append(f"<li>{authors} ({src.year}). {text(src.title)}.{venue} Section “{text(ref.section)}”.</li>")
        return '<p class="sources"><strong>Sources</strong></p><ul class="sources">' + "".join(items) + "</ul>"

    def general_feedback(self, q: Question) -> str:
        """The explanation, then its sources written out in full (learners elsewhere cannot open them)."""
        return self.render(q.explanation) + self.sources_html(q)


def write_atomically(out: Path, text: str) -> None:
    """Write the whole file or nothing: a failed export must not leave half a quiz behind."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            # mkstemp makes the file private to its owner; an export is made to be shared. (Not
            # read from the umask: changing it to read it races with other threads.)
            os.chmod(tmp, 0o644)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise KnownError(f"{out} could not be written: {exc.strerror or exc}.", "Choose another folder or file name.") from exc


# ---------------------------------------------------------------- XML pieces


def cdata(text: str) -> str:
    """Text inside CDATA; a ']]>' in it is split across two sections, as Moodle's own export does."""
    text = _NOT_XML.sub("", text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def esc(text: object) -> str:
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def element(tag: str, value: object) -> str:
    return f"<{tag}>{esc(value)}</{tag}>"


def comment(text: str) -> str:
    """An XML comment, which may hold no '--' (a course title or a question id could)."""
    text = _NOT_XML.sub("", text)
    while "--" in text:
        text = text.replace("--", "- -")
    return f"<!-- {text.rstrip('-')} -->"


@dataclass
class MoodleQuestion:
    """What a kind hands back: Moodle's type, the elements only that type has, and, where the
    type shows more than the stem (the text of a cloze, the diagram), the question text as HTML."""

    qtype: str
    body: list[str] = field(default_factory=list)
    text: str | None = None
    files: list[str] = field(default_factory=list)  # <file> elements the question text refers to


class MoodleWriter(CourseText):
    """What a kind needs to write its question: HTML with its pictures embedded, answers, files."""

    def __init__(self, course: Course, assets: Path) -> None:
        super().__init__(course, assets)
        self.notes: list[str] = []

    # -- what the kinds call

    def question(
        self, qtype: str, body: list[str] | None = None, text: str | None = None, files: list[str] | None = None
    ) -> MoodleQuestion:
        return MoodleQuestion(qtype, body or [], text, files or [])

    def el(self, tag: str, value: object) -> str:
        return element(tag, value)

    def text(self, tag: str, markdown: str = "", *, html_text: str | None = None, inline: bool = False, children: str = "") -> str:
        """``<tag format="html"><text>…</text><file…/>…</tag>`` from Markdown (or ready HTML)."""
        return f'<{tag} format="html">{self.text_inner(markdown, html_text=html_text, inline=inline)}{children}</{tag}>'

    def text_inner(self, markdown: str = "", *, html_text: str | None = None, inline: bool = False) -> str:
        """``<text>…</text>`` and the files its pictures need, for elements that hold more than that."""
        out = self.render(markdown, inline=inline) if html_text is None else html_text
        out, files = self.embed(out)
        return f"<text>{cdata(out) if out else ''}</text>{''.join(files)}"

    def answer(self, fraction: float, text: str, feedback: str = "", *, plain: bool = False, extra: str = "") -> str:
        """One ``<answer>``: ``text`` is Markdown (shown as HTML) or, with ``plain``, literal text
        that Moodle compares a response with (true/false, numbers, short answers)."""
        feedback_xml = self.text("feedback", feedback)
        if plain:
            return (
                f'<answer fraction="{percent(fraction)}" format="moodle_auto_format"><text>{esc(text)}</text>{feedback_xml}{extra}</answer>'
            )
        inner = self.text_inner(text, inline=True)
        return f'<answer fraction="{percent(fraction)}" format="html">{inner}{feedback_xml}{extra}</answer>'

    def shortanswer(self, text: str) -> str:
        """An accepted answer as Moodle's short answer compares it ('*' alone would be a wildcard)."""
        return text.replace("*", "\\*")

    def cloze_code(self, variants: list[str]) -> str:
        """One blank of a Cloze question: ``{1:SHORTANSWER:=a~=b}``, every spelling worth full marks.

        Moodle decodes HTML entities in each answer, and ends an answer at any ~ # } not
        preceded by a backslash or '&'; writing those characters (and the ones HTML needs) as
        numeric entities keeps every answer whole.
        """
        special = set("&<>\"'~}{#\\")
        coded = ["".join(f"&#{ord(ch)};" if ch in special else ch for ch in v).replace("*", "\\*") for v in variants]
        return "{1:SHORTANSWER:" + "~".join("=" + c for c in coded) + "}"

    @staticmethod
    def no_braces(text: str) -> str:
        """HTML whose own braces can never be read as a Cloze blank."""
        return text.replace("{", "&#123;").replace("}", "&#125;")

    def picture(self, name: str, data: bytes, alt: str) -> tuple[str, str]:
        """An <img> for a file carried in the XML, and that <file> element."""
        return f'<img src="@@PLUGINFILE@@/{quote(name)}" alt="{esc(alt)}">', self.file(name, data)

    def file(self, name: str, data: bytes) -> str:
        return f'<file name="{esc(name)}" path="/" encoding="base64">{base64.b64encode(data).decode("ascii")}</file>'

    def note(self, q: Question, message: str) -> None:
        """Something the instructor should know about how a question was written (the report lists it)."""
        self.notes.append(f"{q.id}: {message}")

    def diagram_svg(self, name: str) -> bytes:
        """The diagram with its labels hidden, as the program shows it while the question is asked."""
        from desktop_app.core.content.diagrams import DiagramError, diagram_path, masked_svg

        path = diagram_path(name, self.course.root, self.assets)
        if path is None:
            raise KnownError(f"The diagram '{name}' is missing.", f"Run 'car-t-tutor validate {self.course.root}'.")
        try:
            svg, _ = masked_svg(path, (self.course.root, self.assets))
        except DiagramError as exc:
            raise KnownError(str(exc), f"Run 'car-t-tutor validate {self.course.root}'.") from exc
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + svg

    def region_boxes(self, name: str, regions: Iterable[str]) -> dict[str, tuple[int, int, int, int] | str]:
        """Each region's drop zone (x, y, width, height in the picture's pixels), or why it has none."""
        from desktop_app.core.content.diagrams import diagram_path
        from desktop_app.core.content.images import ImageError, check_svg, read_svg

        path = diagram_path(name, self.course.root, self.assets)
        if path is None:
            return dict.fromkeys(regions, f"the diagram '{name}' is missing")
        try:
            root = check_svg(read_svg(path, (self.course.root, self.assets)))
        except ImageError as exc:
            return dict.fromkeys(regions, f"the diagram cannot be read: {exc}")
        return {r: svg_region_box(root, r) for r in regions}

    # -- pictures

    def embed(self, text: str) -> tuple[str, list[str]]:
        """Point each local picture at a file carried in the XML, as Moodle's @@PLUGINFILE@@ does."""
        files: dict[Path, str] = {}
        names: set[str] = set()
        out: list[str] = []

        def swap(m: re.Match[str]) -> str:
            path = Path(unquote(html.unescape(m.group(1))))
            if path not in files:
                name = path.name
                stem, suffix, n = path.stem, path.suffix, 2
                while name in names:  # two pictures of one name from different folders
                    name, n = f"{stem}-{n}{suffix}", n + 1
                names.add(name)
                files[path] = name
                try:
                    out.append(self.file(name, path.read_bytes()))
                except OSError as exc:
                    raise KnownError(f"The picture {path} could not be read: {exc.strerror or exc}.") from exc
            return f'src="@@PLUGINFILE@@/{quote(files[path])}"'

        return _ASSET_SRC.sub(swap, text), out


# ---------------------------------------------------------------- SVG geometry for drop zones


class _Unmeasurable(Exception):
    """Raised when a region's extent cannot be known without rendering it."""


Matrix = tuple[float, float, float, float, float, float]  # SVG's (a, b, c, d, e, f)
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px)?\s*$")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*,?")
# Elements that draw nothing themselves, or whose content is hidden in the exported picture
# (every text is a label, and labels are masked while the question is asked).
_SKIP = {"title", "desc", "metadata", "text", "defs", "style", "linearGradient", "radialGradient", "clipPath", "mask",
         "marker", "pattern", "filter", "symbol"}  # fmt: skip
_CONTAINERS = {"g", "a", "switch"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m · n: apply n first, then m."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _parse_transform(text: str | None) -> Matrix:
    if not text or not text.strip():
        return _IDENTITY
    result, pos = _IDENTITY, 0
    for m in _TRANSFORM.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        name, args = m.group(1), [float(v) for v in _NUMBER.findall(m.group(2))]
        if name == "matrix" and len(args) == 6:
            t: Matrix = (args[0], args[1], args[2], args[3], args[4], args[5])
        elif name == "translate" and len(args) in (1, 2):
            t = (1, 0, 0, 1, args[0], args[1] if len(args) == 2 else 0)
        elif name == "scale" and len(args) in (1, 2):
            t = (args[0], 0, 0, args[1] if len(args) == 2 else args[0], 0, 0)
        elif name == "rotate" and len(args) in (1, 3):
            r = math.radians(args[0])
            t = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
            if len(args) == 3:
                t = _mul(_mul((1, 0, 0, 1, args[1], args[2]), t), (1, 0, 0, 1, -args[1], -args[2]))
        elif name == "skewX" and len(args) == 1:
            t = (1, 0, math.tan(math.radians(args[0])), 1, 0, 0)
        elif name == "skewY" and len(args) == 1:
            t = (1, math.tan(math.radians(args[0])), 0, 1, 0, 0)
        else:
            raise _Unmeasurable(f"its transform '{text.strip()}' is not one SVG defines")
        result = _mul(result, t)
    if text[pos:].strip():
        raise _Unmeasurable(f"its transform '{text.strip()}' is not one SVG defines")
    return result


def _length(el: ET.Element, name: str, default: float = 0.0) -> float:
    value = el.get(name)
    if value is None:
        return default
    m = _LENGTH.match(value)
    if m is None:  # %, em, mm...: the size depends on the viewport or the font
        raise _Unmeasurable(f"its <{_local(el.tag)}> has {name}='{value}', a length that depends on how it is shown")
    return float(m.group(1))


def _points(text: str) -> list[tuple[float, float]]:
    values = [float(v) for v in _NUMBER.findall(text or "")]
    return list(zip(values[0::2], values[1::2], strict=False))


def _bezier_extremes(p: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The end points of a quadratic or cubic Bézier and its turning points along x and y."""

    def at(t: float) -> tuple[float, float]:
        n = len(p) - 1
        coeffs = [math.comb(n, i) * (1 - t) ** (n - i) * t**i for i in range(n + 1)]
        return sum(c * q[0] for c, q in zip(coeffs, p, strict=True)), sum(c * q[1] for c, q in zip(coeffs, p, strict=True))

    out = [p[0], p[-1]]
    for axis in (0, 1):
        v = [q[axis] for q in p]
        roots: list[float] = []
        if len(p) == 3:  # derivative 2[(v1-v0)(1-t) + (v2-v1)t]
            den = v[0] - 2 * v[1] + v[2]
            if abs(den) > 1e-12:
                roots.append((v[0] - v[1]) / den)
        else:  # derivative 3[a t² + b t + c]
            a = -v[0] + 3 * v[1] - 3 * v[2] + v[3]
            b = 2 * (v[0] - 2 * v[1] + v[2])
            c = v[1] - v[0]
            if abs(a) < 1e-12:
                if abs(b) > 1e-12:
                    roots.append(-c / b)
            else:
                disc = b * b - 4 * a * c
                if disc >= 0:
                    s = math.sqrt(disc)
                    roots += [(-b + s) / (2 * a), (-b - s) / (2 * a)]
        out += [at(t) for t in roots if 0 < t < 1]
    return out


def _arc_points(
    x1: float, y1: float, rx: float, ry: float, phi_deg: float, large: bool, sweep: bool, x2: float, y2: float
) -> list[tuple[float, float]]:
    """Points along an elliptical arc (SVG's endpoint form, converted as its implementation notes say)."""
    if rx == 0 or ry == 0 or (x1 == x2 and y1 == y2):
        return [(x1, y1), (x2, y2)]
    rx, ry, phi = abs(rx), abs(ry), math.radians(phi_deg)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos * dx + sin * dy, -sin * dx + cos * dy
    scale = x1p**2 / rx**2 + y1p**2 / ry**2
    if scale > 1:  # radii too small for the end points: SVG scales them up
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx**2 * ry**2 - rx**2 * y1p**2 - ry**2 * x1p**2
    den = rx**2 * y1p**2 + ry**2 * x1p**2
    k = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        k = -k
    cxp, cyp = k * rx * y1p / ry, -k * ry * x1p / rx
    cx, cy = cos * cxp - sin * cyp + (x1 + x2) / 2, sin * cxp + cos * cyp + (y1 + y2) / 2

    def angle(ux: float, uy: float, vx: float, vy: float) -> float:
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    t1 = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    dt = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and dt > 0:
        dt -= 2 * math.pi
    elif sweep and dt < 0:
        dt += 2 * math.pi
    # 64 steps keep the box within a thousandth of the radius; the zone is rounded outward anyway.
    steps = 64
    out = []
    for i in range(steps + 1):
        t = t1 + dt * i / steps
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        out.append((cos * ex - sin * ey + cx, sin * ex + cos * ey + cy))
    return out


def _path_points(d: str, m: Matrix) -> list[tuple[float, float]]:
    """Points whose box is the box of a path: end points, curve extremes, arc samples (transformed)."""
    tokens = re.findall(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    if re.sub(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[\s,]", "", d):
        raise _Unmeasurable("one of its paths has data this export cannot read")
    out: list[tuple[float, float]] = []
    i, cmd = 0, ""
    x = y = sx = sy = 0.0
    last_ctrl: tuple[float, float] | None = None
    last_cmd = ""

    def nums(n: int) -> list[float]:
        nonlocal i
        values = tokens[i : i + n]
        if len(values) < n or any(v.isalpha() for v in values):
            raise _Unmeasurable("one of its paths is cut short")
        i += n
        return [float(v) for v in values]

    def flags_and_point() -> list[float]:
        # Arc flags may be written without separators ("a15 15 0 0130 0"): split such a token.
        nonlocal i
        head = nums(3)
        flags: list[float] = []
        while len(flags) < 2:
            if i >= len(tokens) or tokens[i].isalpha():
                raise _Unmeasurable("one of its paths is cut short")
            tok = tokens[i]
            if tok[0] in "01" and len(tok) > 1 and tok[1] != ".":
                flags.append(float(tok[0]))
                tokens[i] = tok[1:]
            else:
                flags.append(float(tok))
                i += 1
        return head + flags + nums(2)

    def curve(points: list[tuple[float, float]]) -> None:
        out.extend(_bezier_extremes([_apply(m, px, py) for px, py in points]))

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                x, y = sx, sy
                out.append(_apply(m, x, y))
                last_cmd, last_ctrl = cmd, None
                continue
        elif not cmd:
            raise _Unmeasurable("one of its paths does not start with a command")
        rel = cmd.islower()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        c = cmd.upper()
        ctrl: tuple[float, float] | None = None
        if c == "M":
            x, y = (v + o for v, o in zip(nums(2), (ox, oy), strict=True))
            sx, sy = x, y
            out.append(_apply(m, x, y))
            cmd = "l" if rel else "L"  # further pairs after a moveto are lines
        elif c == "L":
            x, y = (v + o for v, o in zip(nums(2), (ox, oy), strict=True))
            out.append(_apply(m, x, y))
        elif c == "H":
            x = nums(1)[0] + ox
            out.append(_apply(m, x, y))
        elif c == "V":
            y = nums(1)[0] + oy
            out.append(_apply(m, x, y))
        elif c in "CS":
            if c == "C":
                v = nums(6)
                c1 = (v[0] + ox, v[1] + oy)
                c2, end = (v[2] + ox, v[3] + oy), (v[4] + ox, v[5] + oy)
            else:
                v = nums(4)
                c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl and last_cmd in "CcSs" else (x, y)
                c2, end = (v[0] + ox, v[1] + oy), (v[2] + ox, v[3] + oy)
            curve([(x, y), c1, c2, end])
            ctrl, (x, y) = c2, end
        elif c in "QT":
            if c == "Q":
                v = nums(4)
                c1, end = (v[0] + ox, v[1] + oy), (v[2] + ox, v[3] + oy)
            else:
                v = nums(2)
                c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl and last_cmd in "QqTt" else (x, y)
                end = (v[0] + ox, v[1] + oy)
            curve([(x, y), c1, end])
            ctrl, (x, y) = c1, end
        elif c == "A":
            rx, ry, phi, large, sweep, ex, ey = flags_and_point()
            end = (ex + ox, ey + oy)
            out.extend(_apply(m, px, py) for px, py in _arc_points(x, y, rx, ry, phi, bool(large), bool(sweep), *end))
            x, y = end
        last_cmd, last_ctrl = cmd, ctrl
    return out


def _shape_points(el: ET.Element, m: Matrix) -> list[tuple[float, float]]:
    name = _local(el.tag)
    if name == "rect":
        x, y, w, h = _length(el, "x"), _length(el, "y"), _length(el, "width"), _length(el, "height")
        return [_apply(m, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
    if name in ("circle", "ellipse"):
        cx, cy = _length(el, "cx"), _length(el, "cy")
        rx = _length(el, "r") if name == "circle" else _length(el, "rx")
        ry = _length(el, "r") if name == "circle" else _length(el, "ry")
        a, b, c, d, _, _ = m
        # The exact box of an ellipse under an affine map: its half-sizes along x and y.
        hw, hh = math.hypot(a * rx, c * ry), math.hypot(b * rx, d * ry)
        px, py = _apply(m, cx, cy)
        return [(px - hw, py - hh), (px + hw, py + hh)]
    if name == "line":
        return [_apply(m, _length(el, "x1"), _length(el, "y1")), _apply(m, _length(el, "x2"), _length(el, "y2"))]
    if name in ("polyline", "polygon"):
        return [_apply(m, px, py) for px, py in _points(el.get("points", ""))]
    if name == "path":
        return _path_points(el.get("d", ""), m)
    raise _Unmeasurable(f"it contains a <{name}>, whose size only rendering tells")


def _viewport(root: ET.Element) -> tuple[Matrix, float, float]:
    """The map from the drawing's user units to the picture's pixels, and the picture's size."""
    vb = [float(v) for v in _NUMBER.findall(root.get("viewBox", ""))]
    width = _length(root, "width", vb[2] if len(vb) == 4 else 0.0)
    height = _length(root, "height", vb[3] if len(vb) == 4 else 0.0)
    if width <= 0 or height <= 0:
        raise _Unmeasurable("the drawing has no size of its own (width and height, or a viewBox)")
    if len(vb) != 4 or vb[2] <= 0 or vb[3] <= 0:
        return _IDENTITY, width, height
    sx, sy = width / vb[2], height / vb[3]
    aspect = (root.get("preserveAspectRatio") or "xMidYMid meet").split()
    if aspect[0] == "none":
        return (sx, 0, 0, sy, -vb[0] * sx, -vb[1] * sy), width, height
    if abs(sx - sy) > 1e-9 and aspect != ["xMidYMid", "meet"] and aspect != ["xMidYMid"]:
        raise _Unmeasurable(f"the drawing is placed with preserveAspectRatio='{root.get('preserveAspectRatio')}'")
    s = min(sx, sy)
    tx, ty = (width - vb[2] * s) / 2 - vb[0] * s, (height - vb[3] * s) / 2 - vb[1] * s
    return (s, 0, 0, s, tx, ty), width, height


def svg_region_box(root: ET.Element, region: str) -> tuple[int, int, int, int] | str:
    """A region's bounding box in the picture's pixels, from its shapes alone, or why it has none.

    Only simple geometry is measured (rectangles, circles, ellipses, lines, polygons, paths, under
    any transform); text is left out, since every label is hidden in the exported picture.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    target = next((el for el in root.iter() if el.get("id") == region), None)
    if target is None:
        return f"the diagram has no region '{region}'"
    try:
        base, width, height = _viewport(root)
        chain = []
        el: ET.Element | None = target
        while el is not None and el is not root:
            chain.append(el)
            el = parents.get(el)
        m = base
        for ancestor in reversed(chain[1:]):
            m = _mul(m, _parse_transform(ancestor.get("transform")))
        points: list[tuple[float, float]] = []

        def walk(node: ET.Element, outer: Matrix) -> None:
            name = _local(node.tag)
            if name in _SKIP or node.get("display") == "none":
                return
            here = _mul(outer, _parse_transform(node.get("transform")))
            if name in _CONTAINERS:
                for child in node:
                    walk(child, here)
            else:
                points.extend(_shape_points(node, here))

        walk(target, m)
    except _Unmeasurable as exc:
        return f"the drop zone of region '{region}' cannot be measured without rendering: {exc}"
    except ValueError as exc:
        return f"the drop zone of region '{region}' cannot be measured: {exc}"
    if not points:
        return f"region '{region}' is drawn only with text, whose size depends on the font"
    x0 = max(0, math.floor(min(p[0] for p in points)))
    y0 = max(0, math.floor(min(p[1] for p in points)))
    x1 = min(math.floor(width), math.ceil(max(p[0] for p in points)))
    y1 = min(math.floor(height), math.ceil(max(p[1] for p in points)))
    if x1 <= x0 or y1 <= y0:
        return f"region '{region}' lies outside the picture"
    return x0, y0, x1 - x0, y1 - y0


def covered_share(zone: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> float:
    """How much of another region's box a drop zone takes in (0 to 1)."""
    width = min(zone[0] + zone[2], other[0] + other[2]) - max(zone[0], other[0])
    height = min(zone[1] + zone[3], other[1] + other[3]) - max(zone[1], other[1])
    return max(0, width) * max(0, height) / max(1, other[2] * other[3])


# ---------------------------------------------------------------- the export


def _question_xml(w: MoodleWriter, q: Question) -> str:
    from desktop_app.core.kinds import kind_of

    mq: MoodleQuestion = kind_of(q).moodle(q, w)
    files = "".join(mq.files)
    text = w.text("questiontext", q.stem, children=files) if mq.text is None else w.text("questiontext", html_text=mq.text, children=files)
    tag_xml = "".join(f"<tag>{element('text', t)}</tag>" for t in tags(q))
    parts = [
        f'<question type="{mq.qtype}">',
        f"<name>{element('text', q.id)}</name>",
        text,
        w.text("generalfeedback", html_text=w.general_feedback(q)),
        "<defaultgrade>1</defaultgrade>",
        "<penalty>0.3333333</penalty>",
        "<hidden>0</hidden>",
        element("idnumber", q.id),
        *mq.body,
        f"<tags>{tag_xml}</tags>",
        "</question>",
    ]
    return "\n    ".join(parts[:-1]) + "\n  " + parts[-1]


def build(course: Course, assets: Path, options: dict[str, Any]) -> tuple[str, ExportReport]:
    """The Moodle XML text for the chosen questions, and the report (without writing anything)."""
    groups = select_questions(course, options)
    w = MoodleWriter(course, assets)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    out.append(comment(f"{course.title} {course.version}, {options.get('track') or 'student'} track: written by CAR-T Tutor"))
    count = 0
    for group in groups:
        out.append(
            '  <question type="category">\n'
            f"    <category>{element('text', category_path(course, group))}</category>\n"
            '    <info format="html"><text></text></info>\n'
            "  </question>"
        )
        for q in group.questions:
            out.append("  " + comment(f"question: {q.id}"))
            out.append("  " + _question_xml(w, q))
            count += 1
    out.append("</quiz>\n")
    summary = f"{count} question{'s' if count != 1 else ''} in {len(groups)} categor{'ies' if len(groups) != 1 else 'y'}"
    return "\n".join(out), ExportReport(summary, list(w.notes))


def export_text(
    build: Callable[[Course, Path, dict[str, Any]], tuple[str, ExportReport]], course: Course, output: Path, options: dict[str, Any]
) -> ExportReport:
    """Build a text export and write it whole. ``options``: ``modules`` (ids, or None for all),
    ``track`` ("student" or "family") and, if the caller is not the installed program,
    ``assets`` (the folder with the program's diagrams)."""
    from desktop_app.core import paths

    assets = Path(options.get("assets") or paths.assets_dir())
    text, report = build(course, assets, options)
    write_atomically(Path(output), text)
    return report


def export(course: Course, output: Path, options: dict[str, Any]) -> ExportReport:
    """Write the course's questions as a Moodle XML quiz file (Question bank ▸ Import ▸ Moodle XML)."""
    return export_text(build, course, output, options)
