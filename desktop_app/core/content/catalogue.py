"""The course's catalogue files: sources.yaml, glossary.yaml and the extra pages."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.fields import SLUG, check_mapping, need_date, need_str, need_str_list, need_text, split_front_matter
from desktop_app.core.content.files import load_yaml_file, read_text
from desktop_app.core.content.markup import check_markdown, check_plain
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import SOURCE_KINDS, TRACKS, GlossaryTerm, Page, Source


def load_sources(root: Path, out: list[Problem]) -> dict[str, Source]:
    path = root / "sources.yaml"
    problems = ProblemList(path, root)
    data = load_yaml_file(path, problems, (root,)) if path.exists() else None
    if not path.exists():
        problems.add(1, "sources.yaml is missing")
    sources: dict[str, Source] = {}
    if data is not None and not isinstance(data, list):
        problems.add(1, "sources.yaml must be a list of sources")
        data = None
    for item in data or []:
        if not isinstance(item, yamlsafe.LineDict):
            problems.add(1, "each source must be a mapping with id, authors, title, ...")
            continue
        before = len(problems)
        check_mapping(item, problems)
        sid = need_str(item, "id", problems, what="source")
        fields = {k: need_text(item, k, problems, what=f"source '{sid}'") for k in ("authors", "title", "venue", "reliability")}
        kind = need_str(item, "kind", problems, what=f"source '{sid}'")
        if kind and kind not in SOURCE_KINDS:
            problems.add(item.line_of("kind"), f"source kind must be one of {', '.join(SOURCE_KINDS)}, not '{kind}'")
        year = item.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            problems.add(item.line_of("year"), f"source '{sid}' needs a year (a number)")
        sections = need_str_list(item, "sections", problems)
        if sid in sources:
            problems.add(item.line, f"duplicate source id '{sid}'")
        if len(problems) == before:
            sources[sid] = Source(
                sid, fields["authors"], fields["title"], fields["venue"], int(year or 0), kind, fields["reliability"], tuple(sections)
            )  # type: ignore[arg-type]
    out.extend(problems.items)
    return sources


def load_glossary(root: Path, module_ids: set[str], out: list[Problem]) -> list[GlossaryTerm]:
    path = root / "glossary.yaml"
    if not path.exists():
        return []
    problems = ProblemList(path, root)
    data = load_yaml_file(path, problems, (root,))
    terms: list[GlossaryTerm] = []
    if data is not None and not isinstance(data, list):
        problems.add(1, "glossary.yaml must be a list of terms")
        data = None
    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for item in data or []:
        if not isinstance(item, yamlsafe.LineDict):
            problems.add(1, "each glossary entry must be a mapping with id, term, plain, technical")
            continue
        before = len(problems)
        check_mapping(item, problems)
        tid = need_str(item, "id", problems, what="glossary entry")
        if tid and not SLUG.match(tid):
            problems.add(item.line_of("id"), f"glossary id '{tid}' must be lower-case letters, digits and hyphens")
        term = need_text(item, "term", problems, what=f"glossary entry '{tid}'")
        plain = need_text(item, "plain", problems, what=f"glossary entry '{tid}'")
        technical = need_text(item, "technical", problems, what=f"glossary entry '{tid}'")
        aliases = need_str_list(item, "aliases", problems, required=False)
        for alias in aliases:
            check_plain(alias, item.line_of("aliases"), problems, "an alias")
        modules = need_str_list(item, "modules", problems, required=False)
        for m in modules:
            if m not in module_ids:
                problems.add(item.line_of("modules"), f"glossary entry '{tid}' names unknown module '{m}'")
        if tid in seen_ids:
            problems.add(item.line_of("id"), f"duplicate glossary id '{tid}'")
        for name in [term, *aliases]:
            # The reader treats hyphens and spaces alike, so "T cell" and "T-cell" are one name.
            folded = re.sub(r"[\s-]+", " ", name.strip())
            key = folded if folded.isupper() else folded.casefold()
            if key in seen_names and seen_names[key] != tid:
                problems.add(item.line, f"'{name}' is already used by glossary entry '{seen_names[key]}'")
            seen_names[key] = tid
        seen_ids.add(tid)
        if len(problems) == before:
            terms.append(GlossaryTerm(tid, term, tuple(aliases), plain, technical, tuple(modules)))
    out.extend(problems.items)
    return sorted(terms, key=lambda t: t.term.casefold())


def load_page(path: Path, root: Path, assets: Path, sources: dict[str, Source], out: list[Problem]) -> Page | None:
    problems = ProblemList(path, root)
    text = read_text(path, problems, (root,))
    if text is None:
        out.extend(problems.items)
        return None
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        out.extend(problems.items)
        return None
    check_mapping(front, problems)
    pid = need_str(front, "id", problems)
    title = need_text(front, "title", problems)
    tracks = need_str_list(front, "tracks", problems)
    for t in tracks:
        if t not in TRACKS:
            problems.add(front.line_of("tracks"), f"unknown track '{t}' (use family and/or student)")
    need_date(front, "reviewed", problems)
    check_markdown(body, body_line, problems, sources, root, assets)
    out.extend(problems.items)
    if problems:
        return None
    return Page(pid, title, frozenset(tracks), body, path)
