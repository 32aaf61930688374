"""Python-Markdown extensions for course text: citations, glossary terms, local images, callouts.

Kept apart from render.py so that importing the renderer does not import Markdown: the first
screen usually comes from the rendered-page cache, and start-up is measured.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import quote

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from desktop_app.core.content.markup import CITATION, resolve_image
from desktop_app.core.content.records import Course

if TYPE_CHECKING:
    from desktop_app.core.render.renderer import Renderer

NO_LINK_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


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
        # Learners see authors and year, never the key an author typed.
        name = source.short_name if source is not None else source_id
        label = name if not section else f"{name}: {section}"
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
        if not self.renderer.link_terms or not self.renderer.terms.names:
            return
        self.linked: set[str] = set()
        self._walk(root)

    def _walk(self, el: ET.Element) -> None:
        if el.tag in NO_LINK_TAGS or "admonition-title" in (el.get("class") or ""):
            return
        if el.text:
            new_children = self._split(el.text)
            if new_children:
                el.text = str(new_children[0])  # _split always starts with the leading text
                for i, child in enumerate(new_children[1:]):
                    el.insert(i, child)  # type: ignore[arg-type]
        for child in list(el):
            self._walk(child)
            if child.tail:
                pieces = self._split(child.tail)
                if pieces:
                    child.tail = str(pieces[0])
                    idx = list(el).index(child)
                    for j, extra in enumerate(pieces[1:], start=1):
                        el.insert(idx + j, extra)  # type: ignore[arg-type]

    def _split(self, text: str) -> list[str | ET.Element] | None:
        """Return [leading text, <a>, ...] with the anchors' tails set, or None if nothing to link."""
        out: list[str | ET.Element] = [""]
        pos = 0
        found = False
        for start, end, term in self.renderer.terms.find(text):
            if term.id in self.linked:
                continue
            self.linked.add(term.id)
            found = True
            prefix = text[pos:start]
            if isinstance(out[-1], ET.Element):
                out[-1].tail = (out[-1].tail or "") + prefix
            else:
                out[-1] = str(out[-1]) + prefix
            a = ET.Element("a")
            a.set("class", "term")
            a.set("href", f"glossary:{term.id}")
            a.set("title", term.plain)
            a.text = text[start:end]
            out.append(a)
            pos = end
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


def build_markdown(renderer: Renderer) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "footnotes", "admonition", "attr_list", "sane_lists", "toc", _TutorExtension(renderer)],
        extension_configs={"toc": {"permalink": False}, "footnotes": {"BACKLINK_TEXT": ""}},
        output_format="html",
    )
