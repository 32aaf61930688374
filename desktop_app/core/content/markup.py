"""Checks of Markdown text written by authors: citations, images, links, raw HTML, and shape.

Every text a learner sees goes through ``check_markdown``: lesson bodies and pages, and also
question stems, options, feedback, glossary definitions and titles. It runs in time linear in
its input (each pattern below is written so that no match attempt scans past the next bracket
or angle bracket), and it refuses text whose shape would make the Markdown renderer slow or
deeply recursive: Python-Markdown takes seconds on a paragraph of a few thousand ``[`` or
``<``, and recurses once per level of nested lists or emphasis. Nothing an author writes on
purpose comes near the limits.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path

from desktop_app.core.content.images import ImageError, check_image
from desktop_app.core.content.problems import ProblemList
from desktop_app.core.content.records import Source

# [@source: Section] — the section may not contain brackets, so a failed match stops at the next one.
CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)(?::[ \t]*([^\[\]\n]+?))?[ \t]*\]")
IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([ \t]*<?([^()\s<>]+)>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)")
LINK = re.compile(r"(?<!!)\[[^\[\]\n]*\]\([ \t]*<?([^()\s<>]+)")
REFERENCE = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]|$)", re.M)
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
# A tag may run over several lines (<img\n src=...>), but never past the next '<'.
RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>|<!--|<\?|<!\[CDATA\[")
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

MAX_BLOCK_CHARS = 8_000  # one paragraph, list item or table (the longest shipped one: about 2,000)
MAX_BRACKETS = 60  # "[" in one block: links, images, citations, footnotes (shipped: at most 17)
MAX_ANGLES = 40  # "<" in one block
MAX_EMPHASIS = 300  # "*" and "_" in one block (shipped: at most 36)
MAX_BACKTICKS = 100
MAX_LIST_DEPTH = 6
MAX_QUOTE_DEPTH = 4
MAX_LINE_CHARS = 20_000


def resolve_image(src: str, root: Path, assets: Path) -> Path | None:
    """A local image path, only inside the content root or the assets folder."""
    if URL_SCHEME.match(src) or src.startswith(("/", "\\", "//")) or "\0" in src:
        return None
    for base in (root, assets):
        try:
            base = base.resolve()
            candidate = (base / src).resolve()
            if candidate.is_relative_to(base) and candidate.is_file():
                return candidate
        except (OSError, RuntimeError, ValueError):
            continue
    return None


class _Lines:
    """Line numbers for offsets into a text."""

    def __init__(self, text: str, first_line: int, one_line: bool) -> None:
        self.first = first_line
        self.one_line = one_line
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)] if not one_line else [0]

    def at(self, offset: int) -> int:
        return self.first if self.one_line else self.first + bisect.bisect_right(self.starts, offset) - 1


class _Code:
    """Where the fenced code blocks (```) are: Markdown shows their text as it is."""

    def __init__(self, text: str) -> None:
        spans = _code_spans(text)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks (```), which Markdown shows as they are."""
    spans = []
    start = None
    pos = 0
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            if start is None:
                start = pos
            else:
                spans.append((start, pos + len(line)))
                start = None
        pos += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def check_markdown(
    markdown: str,
    first_line: int,
    problems: ProblemList,
    sources: dict[str, Source],
    root: Path,
    assets: Path,
    *,
    one_line: bool = False,
    what: str = "",
) -> None:
    """Citations, images, links, raw HTML and the shape of a piece of Markdown.

    ``one_line``: the text is a YAML value, so every problem is reported at ``first_line``
    (where its key is); ``what`` names the field in messages.
    """
    lines = _Lines(markdown, first_line, one_line)
    field = f" in {what}" if what else ""
    code = _Code(markdown)

    def in_code(offset: int) -> bool:
        return offset in code

    if not _check_shape(markdown, lines, problems, field):
        return  # too big or too deep to look at further; the rest would only repeat it
    for m in CITATION.finditer(markdown):
        if not in_code(m.start()):
            check_citation(m.group(1), m.group(2), lines.at(m.start()), problems, sources)
    for m in IMAGE.finditer(markdown):
        if not in_code(m.start()):
            _check_image_target(m.group(1), lines.at(m.start()), problems, root, assets, field)
    for m in LINK.finditer(markdown):
        if not in_code(m.start()):
            _check_link_target(m.group(1), lines.at(m.start()), problems, field)
    for m in REFERENCE.finditer(markdown):
        if not in_code(m.start()) and not m.group(1).startswith("^"):  # [^1]: is a footnote
            line = lines.at(m.start())
            target = m.group(2)
            # A reference may serve a link or an image: it must be a local picture or an in-course link.
            if URL_SCHEME.match(target) or target.startswith("//"):
                _check_link_target(target, line, problems, field)
            elif resolve_image(target, root, assets) is None and not target.startswith("#"):
                problems.add(line, f"reference [{m.group(1)}] points at '{target}', which is not in the course{field}")
    for m in AUTOLINK.finditer(markdown):
        if not in_code(m.start()):
            problems.add(lines.at(m.start()), f"automatic link <{m.group(1)[:60]}> is not allowed (the program works offline){field}")
    for m in RAW_HTML.finditer(CITATION.sub(lambda c: " " * len(c.group(0)), markdown)):
        if not in_code(m.start()):
            shown = " ".join(m.group(0).split())[:60]
            problems.add(lines.at(m.start()), f"raw HTML '{shown}' is not allowed; use Markdown{field}")
            break  # one is enough to say it: the rest are usually its closing tags


def _check_shape(text: str, lines: _Lines, problems: ProblemList, field: str) -> bool:
    ok = True
    pos = 0
    for raw_line in text.split("\n"):
        if len(raw_line) > MAX_LINE_CHARS:
            problems.add(lines.at(pos), f"a line of {len(raw_line):,} characters is too long (at most {MAX_LINE_CHARS:,}){field}")
            return False
        stripped = raw_line.lstrip(" \t")
        marks = stripped[: len(stripped) - len(stripped.lstrip("> \t"))]
        quote = marks.count(">")  # "> > >" nests as deep as ">>>"
        if quote > MAX_QUOTE_DEPTH:
            problems.add(lines.at(pos), f"block quotes are nested {quote} deep (at most {MAX_QUOTE_DEPTH}){field}")
            ok = False
        body = stripped.lstrip("> \t")
        if body[:2] in ("- ", "* ", "+ ") or re.match(r"\d{1,9}[.)] ", body[:11]):
            indent = len(raw_line.expandtabs(4)) - len(raw_line.expandtabs(4).lstrip(" "))
            depth = indent // 2 + 1  # Markdown nests at 4 spaces; count 2 so that mixed indents cannot sneak past
            if depth > MAX_LIST_DEPTH * 2:
                problems.add(lines.at(pos), f"lists are nested too deeply (at most {MAX_LIST_DEPTH} levels){field}")
                ok = False
        pos += len(raw_line) + 1
        if not ok:
            return False
    pos = 0
    for block in re.split(r"\n[ \t]*\n", text):
        counts = (
            (len(block), MAX_BLOCK_CHARS, "characters"),
            (block.count("["), MAX_BRACKETS, "'[' brackets"),
            (block.count("<"), MAX_ANGLES, "'<' signs"),
            (block.count("*") + block.count("_"), MAX_EMPHASIS, "'*' or '_' marks"),
            (block.count("`"), MAX_BACKTICKS, "backticks"),
        )
        for n, limit, name in counts:
            if n > limit:
                where = lines.at(text.find(block, pos) if block else pos)
                problems.add(where, f"one paragraph has {n:,} {name} (at most {limit:,}); split it up{field}")
                return False
        pos += len(block)
    return ok


def _check_image_target(src: str, line: int, problems: ProblemList, root: Path, assets: Path, field: str) -> None:
    if URL_SCHEME.match(src) or src.startswith("//"):
        problems.add(line, f"remote or non-local image '{src}' is not allowed; use a file in the content folder{field}")
        return
    path = resolve_image(src, root, assets)
    if path is None:
        problems.add(line, f"image '{src}' not found in the content folder or assets{field}")
        return
    try:
        check_image(path, (root, assets))
    except ImageError as exc:
        problems.add(line, f"image '{src}' cannot be shown: {exc}{field}")


def _check_link_target(target: str, line: int, problems: ProblemList, field: str) -> None:
    if (URL_SCHEME.match(target) and not target.startswith(("section:", "glossary:", "source:"))) or target.startswith("//"):
        problems.add(line, f"external link '{target[:80]}' is not allowed (the program works offline){field}")


def check_citation(source_id: str, section: str | None, line: int, problems: ProblemList, sources: dict[str, Source]) -> None:
    source = sources.get(source_id)
    if source is None:
        problems.add(line, f"citation names unknown source '{source_id}' (not in sources.yaml)")
        return
    if section is None:
        problems.add(line, f"citation [@{source_id}] needs a section: [@{source_id}: Section heading]")
        return
    if normalize_heading(section) not in _section_names(source):
        problems.add(line, f"source '{source_id}' has no section '{section.strip()}' (see its sections in sources.yaml)")


@functools.lru_cache(maxsize=1024)
def _section_names(source: Source) -> frozenset[str]:
    # Every citation is checked against its source's sections: normalise those once per source.
    return frozenset(normalize_heading(s) for s in source.sections)


@functools.lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    text = re.sub(r"^§?\s*\d+(?:\.\d+)*\.?\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).casefold()


def check_plain(text: str, line: int, problems: ProblemList, what: str) -> None:
    """A field shown as plain text (a title, a label): no markup that would show as code."""
    if RAW_HTML.search(text):
        problems.add(line, f"{what} may not contain HTML tags")
    if len(text) > 2000:
        problems.add(line, f"{what} is {len(text):,} characters long (at most 2,000)")
