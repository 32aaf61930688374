"""Markdown to safe HTML for the reader: citations, glossary terms, local images, tracks.

The output is sanitized with nh3 whatever the input: no scripts, no style attributes, no
iframes, and no URL that would load anything from outside the content root and assets.
Links use private schemes that the GUI handles itself:
``source:ID#section``, ``glossary:TERM_ID`` and ``asset:/absolute/local/path``.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import __version__
from desktop_app.core.content.records import Course, GlossaryTerm, Module, Page, Section
from desktop_app.core.digest import fingerprint

if TYPE_CHECKING:
    import markdown

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
RENDER_VERSION = "7"  # bump when the HTML this module makes changes, to drop cached pages
MAX_PAGE_BYTES = 8 * 2**20  # a kept page larger than this was not written by us


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if value.startswith("#") or value.startswith(LINK_SCHEMES) else None
    if attr == "src":
        return value if value.startswith("asset:") else None
    return value


_cleaner: Any = None


def sanitize(fragment: str) -> str:
    global _cleaner
    if _cleaner is None:  # nh3 is loaded on the first page not in the cache
        import nh3

        _cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=_attribute_filter,
            url_schemes={"source", "glossary", "section", "asset"},
            link_rel=None,
            strip_comments=True,
        )
    return _cleaner.clean(fragment)


# ---------------------------------------------------------------- glossary terms in running text

_WORD = re.compile(r"\w+")
_GAP = re.compile(r"\s+|[-\u2011]")  # words of a name may be split by spaces, a line break or one hyphen


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(name))


def _is_abbreviation(name: str) -> bool:
    """Written in capitals (ALL, CRS, IL-6): Greek letters and digits do not count either way."""
    ascii_part = name.encode("ascii", "ignore").decode()
    return ascii_part.upper() == ascii_part and ascii_part.lower() != ascii_part


class TermIndex:
    """Finds glossary terms and aliases in text by word n-grams: no giant regex to compile.

    "T cell", "T-cell" and "T cells" are one name; a name in capitals (ALL, CRS) matches only in
    capitals, so the word "all" is never the disease; a name inside a hyphenated word ("B-ALL")
    does not count as the shorter name ("ALL").
    """

    def __init__(self, terms: list[GlossaryTerm]) -> None:
        self.names: dict[tuple[str, ...], list[tuple[tuple[str, ...], bool, GlossaryTerm]]] = {}
        self.longest = 1
        for term in terms:
            for name in (term.term, *term.aliases):
                toks = _tokens(name)
                if not toks or len(name) < 2:
                    continue
                key = tuple(t.casefold() for t in toks)
                self.names.setdefault(key, []).append((toks, _is_abbreviation(name), term))
                self.longest = max(self.longest, len(toks))

    def _lookup(self, words: list[str]) -> GlossaryTerm | None:
        key = [w.casefold() for w in words]
        candidates = [key]
        last = key[-1]
        if last.endswith("es") and len(last) > 3:
            candidates.append([*key[:-1], last[:-2]])
        if last.endswith("s") and len(last) > 2:
            candidates.append([*key[:-1], last[:-1]])
        for cand in candidates:
            for toks, exact, term in self.names.get(tuple(cand), ()):
                if not exact:
                    return term
                # capitals must match as written (a plural "s" may follow)
                final = len(toks) - 1
                if all(w == t or (i == final and w in (t + "s", t + "es")) for i, (w, t) in enumerate(zip(words, toks, strict=True))):
                    return term
        return None

    def find(self, text: str) -> list[tuple[int, int, GlossaryTerm]]:
        """Non-overlapping (start, end, term) matches, longest first at each position."""
        words = list(_WORD.finditer(text))
        out: list[tuple[int, int, GlossaryTerm]] = []
        i = 0
        while i < len(words):
            start = words[i].start()
            if start > 0 and (text[start - 1] == "-" or text[start - 1].isalnum()):
                i += 1
                continue
            found = None
            for k in range(min(self.longest, len(words) - i), 0, -1):
                span = words[i : i + k]
                gaps = [text[span[j].end() : span[j + 1].start()] for j in range(k - 1)]
                if any(not _GAP.fullmatch(g) for g in gaps):
                    continue
                end = span[-1].end()
                if end < len(text) and text[end] == "-" and end + 1 < len(text) and text[end + 1].isalnum():
                    continue
                term = self._lookup([w.group(0) for w in span])
                if term is not None:
                    found = (start, end, term, k)
                    break
            if found:
                out.append(found[:3])
                i += found[3]
            else:
                i += 1
        return out


# ---------------------------------------------------------------- the renderer


class Renderer:
    """Renders course text for one course. Markdown is loaded on the first page not in the cache."""

    def __init__(self, course: Course, assets: Path, cache_dir: Path | None = None) -> None:
        self.course = course
        self.assets = assets
        self.link_terms = True
        self.cache_dir = cache_dir
        self._md: markdown.Markdown | None = None

    @cached_property
    def terms(self) -> TermIndex:
        # Built on the first page not in the cache: a cached page needs no glossary lookups.
        return TermIndex(self.course.glossary)

    @cached_property
    def _glossary_key(self) -> str:
        return "|".join(f"{t.id}:{t.term}:{','.join(t.aliases)}:{t.plain}" for t in self.course.glossary)

    def prepare(self) -> None:
        """Build what the first page not in the cache needs (Markdown with its extensions, the
        glossary's term index), so that page is quick; safe on a worker thread."""
        _ = self.terms
        self._markdown()

    def _markdown(self) -> markdown.Markdown:
        if self._md is None:
            from desktop_app.core.render.markdown_ext import build_markdown

            self._md = build_markdown(self)
        return self._md

    def markdown_html(self, text: str, *, link_terms: bool = True) -> str:
        md = self._markdown()
        self.link_terms = link_terms
        try:
            md.reset()
            return sanitize(md.convert(text))
        finally:
            self.link_terms = True

    def section_html(self, module: Module, section: Section, track: str) -> str:
        # A course from the cache names its kept pages by its content key (any change to a file
        # changes it), so a kept page is found without reading the lesson's text at all.
        if self.course.content_key:
            source = self.course.content_key
        else:
            source = section.markdown if (track != "family" or section.is_takeaways) else "\n\n".join(section.plain_blocks)
        cached = self._cache_path("section", f"{module.id}/{section.id}/{track}", section.title + source)
        kept = self._load(cached)
        if kept is not None:
            return kept
        heading = f"## {section.title}\n\n"
        if track == "family" and not section.is_takeaways:
            body = "\n\n".join(
                '!!! plain "In plain words"\n' + "\n".join("    " + line for line in block.split("\n")) for block in section.plain_blocks
            )
        else:
            body = section.markdown
        out = self.markdown_html(heading + body)
        if track == "student" and module.sections and section is module.sections[0] and module.objectives:
            out = objectives_html(module) + out
        self._store(cached, out)
        return out

    def page_html(self, page: Page) -> str:
        return self.markdown_html(f"# {page.title}\n\n{page.markdown}")

    # -- the rendered-page cache: file name from a hash of everything the HTML depends on

    def _cache_path(self, kind: str, name: str, source: str) -> Path | None:
        if self.cache_dir is None:
            return None
        # A course's content key already changes with its glossary; the glossary itself is read
        # only when first needed, and a kept page must be found without it.
        terms = self.course.content_key or self._glossary_key
        parts = [__version__, RENDER_VERSION, kind, name, source, terms, str(self.course.root)]
        return self.cache_dir / (fingerprint("\0".join(parts)) + ".html")

    # A kept page starts with a checksum line, so a file cut short or damaged on disk is drawn
    # again rather than shown half.

    def _load(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_PAGE_BYTES + 1)
            header, sep, body = data.decode("utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            return None
        if not sep or len(data) > MAX_PAGE_BYTES or header != "<!-- " + fingerprint(body) + " -->":
            return None
        return body

    def _store(self, path: Path | None, text: str) -> None:
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(f"<!-- {fingerprint(text)} -->\n{text}", encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def objectives_html(module: Module) -> str:
    """What the module teaches, at its start (the same objectives mastery is measured by)."""
    items = "".join(f"<li>{_escape(o.text)}</li>" for o in module.objectives)
    return sanitize(
        "<table class='callout note' width='100%' cellpadding='10'><tr><td>"
        f"<p class='admonition-title'>In this module you will learn to</p><ul>{items}</ul></td></tr></table>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
