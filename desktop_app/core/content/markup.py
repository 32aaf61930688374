"""Checks of Markdown text written by authors: citations, images, links and raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.content.problems import ProblemList
from desktop_app.core.content.records import Source

CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)(?::\s*([^\]\n]+?))?\s*\]")


IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")


RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>")


URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def resolve_image(src: str, root: Path, assets: Path) -> Path | None:
    """A local image path, only inside the content root or the assets folder."""
    if URL_SCHEME.match(src) or src.startswith(("/", "\\", "//")):
        return None
    for base in (root, assets):
        base = base.resolve()
        candidate = (base / src).resolve()
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    return None


def check_markdown(
    markdown: str,
    first_line: int,
    problems: ProblemList,
    sources: dict[str, Source],
    root: Path,
    assets: Path,
) -> None:
    """Citations, images, links and raw HTML in a Markdown body."""
    in_code = False
    for offset, line in enumerate(markdown.split("\n")):
        lineno = first_line + offset
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for m in CITATION.finditer(line):
            check_citation(m.group(1), m.group(2), lineno, problems, sources)
        for m in IMAGE.finditer(line):
            src = m.group(1)
            if URL_SCHEME.match(src) or src.startswith("//"):
                problems.add(lineno, f"remote or non-local image '{src}' is not allowed; use a file in the content folder")
            elif resolve_image(src, root, assets) is None:
                problems.add(lineno, f"image '{src}' not found in the content folder or assets")
        for m in LINK.finditer(line):
            target = m.group(1)
            if URL_SCHEME.match(target) or target.startswith("//"):
                problems.add(lineno, f"external link '{target}' is not allowed (the program works offline)")
        stripped = CITATION.sub("", line)
        html = RAW_HTML.search(stripped)
        if html:
            problems.add(lineno, f"raw HTML '{html.group(0)}' is not allowed; use Markdown")


def check_citation(source_id: str, section: str | None, line: int, problems: ProblemList, sources: dict[str, Source]) -> None:
    source = sources.get(source_id)
    if source is None:
        problems.add(line, f"citation names unknown source '{source_id}' (not in sources.yaml)")
        return
    if section is None:
        problems.add(line, f"citation [@{source_id}] needs a section: [@{source_id}: Section heading]")
        return
    if normalize_heading(section) not in {normalize_heading(s) for s in source.sections}:
        problems.add(line, f"source '{source_id}' has no section '{section.strip()}' (see its sections in sources.yaml)")


def normalize_heading(text: str) -> str:
    text = re.sub(r"^§?\s*\d+(?:\.\d+)*\.?\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).casefold()
