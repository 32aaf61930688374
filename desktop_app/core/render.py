"""Markdown to safe HTML for the reader: citations, glossary terms, local images, tracks.

The output is sanitized with nh3 whatever the input: no scripts, no style attributes, no
iframes, and no URL that would load anything from outside the content root and assets.
Links use private schemes that the GUI handles itself:
``source:ID#section``, ``glossary:TERM_ID`` and ``asset:/absolute/local/path``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from desktop_app.core.content import CITATION, Course, GlossaryTerm, Module, Page, Section, resolve_image

ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "sup",
    "sub",
    "hr",
    "br",
    "blockquote",
    "code",
    "pre",
    "dl",
    "dt",
    "dd",
    "small",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align"},
}
LINK_SCHEMES = ("source:", "glossary:", "section:")
NO_LINK_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if value.startswith("#") or value.startswith(LINK_SCHEMES) else None
    if attr == "src":
        return value if value.startswith("asset:") else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"source", "glossary", "section", "asset"},
    link_rel=None,
    strip_comments=True,
)


def sanitize(fragment: str) -> str:
    return _CLEANER.clean(fragment)


# ---------------------------------------------------------------- Markdown extensions


class _CitationPattern(InlineProcessor):
    def __init__(self, course: Course) -> None:
        super().__init__(CITATION.pattern)
        self.course = course

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element, int, int]:
        source_id, section = m.group(1), (m.group(2) or "").strip()
        el = ET.Element("a")
        el.set("class", "cite")
        el.set("href", f"source:{source_id}#{slug(section)}" if section else f"source:{source_id}")
        source = self.course.sources.get(source_id)
        label = source_id if not section else f"{source_id}: {section}"
        if source is not None:
            el.set("title", f"{source.authors} ({source.year}). {source.title}")
        el.text = f"[{label}]"
        return el, m.start(0), m.end(0)


class _GlossaryLinker(Treeprocessor):
    """Underline the first mention of each glossary term in a rendered piece of text."""

    def __init__(self, md: markdown.Markdown, renderer: Renderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        if not self.renderer.link_terms or self.renderer.term_pattern is None:
            return
        self.linked: set[str] = set()
        self._walk(root)

    def _walk(self, el: ET.Element) -> None:
        if el.tag in NO_LINK_TAGS or "admonition-title" in (el.get("class") or ""):
            return
        if el.text:
            new_children = self._split(el.text)
            if new_children:
                el.text = new_children[0]
                for i, child in enumerate(new_children[1:]):
                    el.insert(i, child)  # type: ignore[arg-type]
        for child in list(el):
            self._walk(child)
            if child.tail:
                pieces = self._split(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    idx = list(el).index(child)
                    for j, extra in enumerate(pieces[1:], start=1):
                        el.insert(idx + j, extra)  # type: ignore[arg-type]

    def _split(self, text: str) -> list[str | ET.Element] | None:
        """Return [leading text, <a>, ...] with the anchors' tails set, or None if nothing to link."""
        assert self.renderer.term_pattern is not None
        out: list[str | ET.Element] = [""]
        pos = 0
        found = False
        for m in self.renderer.term_pattern.finditer(text):
            term = self.renderer.term_for(m.group(0))
            if term is None or term.id in self.linked:
                continue
            self.linked.add(term.id)
            found = True
            prefix = text[pos : m.start()]
            if isinstance(out[-1], ET.Element):
                out[-1].tail = (out[-1].tail or "") + prefix
            else:
                out[-1] = str(out[-1]) + prefix
            a = ET.Element("a")
            a.set("class", "term")
            a.set("href", f"glossary:{term.id}")
            a.set("title", term.plain)
            a.text = m.group(0)
            out.append(a)
            pos = m.end()
        if not found:
            return None
        rest = text[pos:]
        if isinstance(out[-1], ET.Element):
            out[-1].tail = (out[-1].tail or "") + rest
        else:
            out[-1] = str(out[-1]) + rest
        return out


class _LocalImages(Treeprocessor):
    """Point images at local files inside the content root or assets; drop anything else."""

    def __init__(self, md: markdown.Markdown, renderer: Renderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                path = resolve_image(child.get("src", ""), self.renderer.course.root, self.renderer.assets)
                if path is None:
                    span = ET.Element("span")
                    span.set("class", "missing-image")
                    span.text = f"[image not available: {child.get('alt', '')}]"
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(i, span)
                else:
                    child.set("src", "asset:" + quote(path.as_posix()))
                    child.set("class", "diagram" if path.suffix.lower() == ".svg" else "picture")


class _Callouts(Treeprocessor):
    """Admonitions become one-cell tables: Qt's rich text gives tables padding and a border."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                classes = (child.get("class") or "").split()
                if child.tag != "div" or "admonition" not in classes:
                    continue
                kind = next((c for c in classes if c != "admonition"), "note")
                table = ET.Element("table")
                table.set("class", f"callout {kind}")
                table.set("width", "100%")
                table.set("cellpadding", "14")
                tr = ET.SubElement(table, "tr")
                td = ET.SubElement(tr, "td")
                td.set("class", f"callout-body {kind}")
                for grandchild in list(child):
                    td.append(grandchild)
                table.tail = child.tail
                parent.remove(child)
                parent.insert(i, table)


class _TutorExtension(Extension):
    def __init__(self, renderer: Renderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_CitationPattern(self.renderer.course), "citation", 175)
        md.treeprocessors.register(_LocalImages(md, self.renderer), "local_images", 8)
        md.treeprocessors.register(_GlossaryLinker(md, self.renderer), "glossary", 7)
        md.treeprocessors.register(_Callouts(md), "callouts", 6)


# ---------------------------------------------------------------- the renderer


class Renderer:
    """Renders course text for one course; keeps one Markdown instance and the term index."""

    def __init__(self, course: Course, assets: Path) -> None:
        self.course = course
        self.assets = assets
        self.link_terms = True
        self._terms: dict[str, GlossaryTerm] = {}
        self._terms_exact: dict[str, GlossaryTerm] = {}
        names: list[str] = []
        for term in course.glossary:
            for name in (term.term, *term.aliases):
                if len(name) < 2:
                    continue
                if _is_abbreviation(name):
                    self._terms_exact.setdefault(_norm(name), term)
                else:
                    self._terms.setdefault(_norm(name).casefold(), term)
                names.append(name)
        self.term_pattern: re.Pattern[str] | None = None
        if names:
            alternatives = sorted(set(names), key=len, reverse=True)
            self.term_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(_term_regex(n) for n in alternatives) + r")(?![\w-])")
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "admonition",
                "attr_list",
                "sane_lists",
                "toc",
                _TutorExtension(self),
            ],
            extension_configs={"toc": {"permalink": False}, "footnotes": {"BACKLINK_TEXT": ""}},
            output_format="html",
        )

    def term_for(self, text: str) -> GlossaryTerm | None:
        key = _norm(text)
        for candidate in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
            if candidate:
                found = self._terms_exact.get(candidate) or self._terms.get(candidate.casefold())
                if found is not None:
                    return found
        return None

    def markdown_html(self, text: str, *, link_terms: bool = True) -> str:
        self.link_terms = link_terms
        try:
            self._md.reset()
            return sanitize(self._md.convert(text))
        finally:
            self.link_terms = True

    def section_html(self, module: Module, section: Section, track: str) -> str:
        heading = f"## {section.title}\n\n"
        if track == "family" and not section.is_takeaways:
            body = "\n\n".join(
                '!!! plain "In plain words"\n' + "\n".join("    " + line for line in block.split("\n")) for block in section.plain_blocks
            )
        else:
            body = section.markdown
        return self.markdown_html(heading + body)

    def page_html(self, page: Page) -> str:
        return self.markdown_html(f"# {page.title}\n\n{page.markdown}")


def _norm(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.strip())


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters if c.isascii())


def _term_regex(name: str) -> str:
    escaped = re.escape(name)
    # Allow hyphen/space variants ("T cell", "T-cell") and a plural -s in running text.
    escaped = escaped.replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
    if _is_abbreviation(name):
        return escaped + "s?"
    return "(?i:" + escaped + r"(?:s|es)?)"


def plain_text(fragment: str) -> str:
    """Text content of sanitized HTML, for search and readability checks."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))
