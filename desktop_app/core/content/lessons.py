"""Modules (lessons): front matter, objectives and '##' sections with their plain-words blocks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.fields import (
    OBJECTIVE_ID,
    SLUG,
    check_mapping,
    need_date,
    need_id_list,
    need_str,
    need_str_list,
    need_text,
    optional_date,
    split_front_matter,
)
from desktop_app.core.content.files import read_text
from desktop_app.core.content.markup import CITATION, check_markdown
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import TAKEAWAYS_ID, Module, Objective, Section, Source

SECTION_ID = re.compile(r"\{#([A-Za-z0-9_-]+)\}$")
SECTION_ID_ONLY = re.compile(r"^[A-Za-z0-9_-]+$")


def section_heading(line: str) -> tuple[str, str | None] | None:
    """(title, id) of a '## Title {#id}' line, else None. No regex spans the title: a long
    heading line of spaces must not cost more than one pass."""
    if not line.startswith("##") or line.startswith("###"):
        return None
    text = line[2:].strip()
    m = SECTION_ID.search(text)
    if m is None:
        return text, None
    return text[: m.start()].strip(), m.group(1)


PLAIN_START = re.compile(r'^!!!\s+plain(?:\s+"[^"]*")?\s*$')


MODULE_FIELDS = frozenset(
    {"id", "title", "plain_title", "summary", "minutes", "objectives", "sources", "reviewed", "review_by", "replaces", "section_replaces"}
)

MODULE_FILE = re.compile(r"^\d\d-[a-z0-9-]+\.md$")


def plain_blocks(markdown: str) -> list[str]:
    """The bodies of the '!!! plain' admonitions in a piece of Markdown, dedented."""
    lines = markdown.split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        if PLAIN_START.match(lines[i]):
            body: list[str] = []
            i += 1
            while i < len(lines) and (lines[i].startswith("    ") or lines[i].startswith("\t") or not lines[i].strip()):
                body.append(lines[i][4:] if lines[i].startswith("    ") else lines[i].lstrip("\t"))
                i += 1
            blocks.append("\n".join(body).strip())
            continue
        i += 1
    return blocks


def parse_sections(body: str, first_line: int, problems: ProblemList) -> list[Section]:
    lines = body.split("\n")
    starts: list[tuple[int, str, str | None]] = []
    in_code = False
    for i, line in enumerate(lines):
        if line.strip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        heading = section_heading(line)
        if heading is not None:
            starts.append((i, heading[0], heading[1]))
    if not starts:
        problems.add(first_line, "module has no '## Section {#id}' headings")
        return []
    intro = "\n".join(lines[: starts[0][0]]).strip()
    sections: list[Section] = []
    seen: set[str] = set()
    for n, (i, title, sid) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        text = "\n".join(lines[i + 1 : end]).strip("\n")
        if n == 0 and intro:
            text = intro + "\n\n" + text
        lineno = first_line + i
        if not title:
            problems.add(lineno, "section heading has no title")
        if not sid:
            problems.add(lineno, f"section '{title}' needs a stable id: '## {title} {{#some-id}}'")
            continue
        if sid in seen:
            problems.add(lineno, f"duplicate section id '{sid}'")
        seen.add(sid)
        blocks = plain_blocks(text)
        if sid != TAKEAWAYS_ID and not blocks:
            problems.add(lineno, f"section '{title}' has no '!!! plain \"In plain words\"' block for families")
        if any(not b for b in blocks):
            problems.add(lineno, f"section '{title}' has an empty plain-language block (indent its text by 4 spaces)")
        sections.append(Section(sid, title, text, lineno, tuple(blocks)))
    if sections and not sections[-1].is_takeaways:
        problems.add(first_line + starts[-1][0], "the last section must be '## Key takeaways {#takeaways}'")
    return sections


def load_module(
    path: Path, root: Path, assets: Path, sources: dict[str, Source], out: list[Problem], failed: set[str] | None = None
) -> Module | None:
    problems = ProblemList(path, root)
    if not MODULE_FILE.match(path.name):
        problems.add(1, "module file names look like 'NN-slug.md' (two digits, a hyphen, lower-case name)")
    text = read_text(path, problems, (root,))
    if text is None:
        out.extend(problems.items)
        return None
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        out.extend(problems.items)
        # Even unparsable front matter usually names its id; knowing it keeps the questions of
        # this module from each reporting an "unknown module".
        guess = re.search(r"^id:\s*([a-z0-9][a-z0-9-]*)\s*$", text, re.M)
        if failed is not None and guess:
            failed.add(guess.group(1))
        return None
    check_mapping(front, problems)
    mid = need_str(front, "id", problems)
    if mid and not SLUG.match(mid):
        problems.add(front.line_of("id"), f"module id '{mid}' must be lower-case letters, digits and hyphens")
    for key in sorted(map(str, set(front) - MODULE_FIELDS)):
        problems.add(front.line_of(key), f"unknown field '{key}' in the front matter (known: {', '.join(sorted(MODULE_FIELDS))})")
    title = need_text(front, "title", problems)
    plain_title = need_text(front, "plain_title", problems) if "plain_title" in front else ""
    summary = need_text(front, "summary", problems)
    minutes = front.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.add(front.line_of("minutes"), "field 'minutes' (estimated reading minutes) must be a positive number")
        minutes = 0
    reviewed = need_date(front, "reviewed", problems)
    review_by = optional_date(front, "review_by", problems, after=reviewed)
    replaces = need_id_list(front, "replaces", problems, SLUG, "module id")
    source_ids = need_str_list(front, "sources", problems)
    for sid in source_ids:
        if sid not in sources:
            problems.add(front.line_of("sources"), f"unknown source '{sid}' (not in sources.yaml)")
    objectives: list[Objective] = []
    raw_objectives = front.get("objectives")
    if not isinstance(raw_objectives, list) or not raw_objectives:
        problems.add(front.line_of("objectives"), "field 'objectives' must list 3 to 8 learning objectives with id and text")
    else:
        if not 3 <= len(raw_objectives) <= 8:
            problems.add(front.line_of("objectives"), f"a module has 3 to 8 learning objectives, not {len(raw_objectives)}")
        for obj in raw_objectives:
            if not isinstance(obj, yamlsafe.LineDict):
                problems.add(front.line_of("objectives"), "each objective needs 'id' and 'text'")
                continue
            oid = need_str(obj, "id", problems, what="objective")
            otext = need_text(obj, "text", problems, what=f"objective '{oid}'")
            if oid and not OBJECTIVE_ID.match(oid):
                problems.add(obj.line_of("id"), f"objective id '{oid}' should look like '{mid or 'module'}.short-name'")
            elif oid and mid and not oid.startswith(mid + "."):
                problems.add(obj.line_of("id"), f"objective id '{oid}' must start with the module id '{mid}.'")
            if any(o.id == oid for o in objectives):
                problems.add(obj.line_of("id"), f"duplicate objective id '{oid}'")
            unknown = sorted(map(str, set(obj) - {"id", "text", "replaces"}))
            for key in unknown:
                problems.add(obj.line_of(key), f"unknown field '{key}' in an objective")
            objectives.append(Objective(oid, otext, tuple(need_id_list(obj, "replaces", problems, OBJECTIVE_ID, "objective id"))))
    sections = parse_sections(body, body_line, problems)
    section_replaces = _section_replaces(front, sections, problems)
    check_markdown(body, body_line, problems, sources, root, assets)
    cited = {m.group(1) for m in CITATION.finditer(body)}
    unlisted = sorted(c for c in cited if c in sources and c not in source_ids)
    if unlisted and source_ids:
        problems.add(front.line_of("sources"), f"cited but not listed in 'sources': {', '.join(unlisted)}")
    number = int(path.name[:2]) if path.name[:2].isdigit() else 0
    out.extend(problems.items)
    if problems or reviewed is None:
        if failed is not None and mid:
            failed.add(mid)
        return None
    return Module(
        mid,
        number,
        title,
        summary,
        int(minutes),
        tuple(objectives),
        tuple(source_ids),
        reviewed,
        tuple(sections),
        path,
        tuple(replaces),
        review_by,
        plain_title,
        section_replaces,
    )


def _section_replaces(front: yamlsafe.LineDict, sections: list[Section], problems: ProblemList) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``section_replaces: {new-id: [old-id, ...]}``: sections whose ids an author changed, so
    that the reading progress kept under the old ids follows them."""
    raw = front.get("section_replaces")
    if raw is None:
        return ()
    line = front.line_of("section_replaces")
    if not isinstance(raw, dict):
        problems.add(line, "field 'section_replaces' maps a section's id to the ids it had before: {new-id: [old-id]}")
        return ()
    current = {s.id for s in sections}
    claimed: dict[str, str] = {}
    out = []
    for new, olds in raw.items():
        if not isinstance(new, str) or new not in current:
            problems.add(line, f"'section_replaces' names '{new}', which is not a section of this module")
            continue
        if not isinstance(olds, list) or not all(isinstance(o, str) and SECTION_ID_ONLY.match(o) for o in olds):
            problems.add(line, f"'section_replaces' for '{new}' must be a list of old section ids, like [old-id]")
            continue
        for old in olds:
            if old in current:
                problems.add(line, f"section '{new}' replaces '{old}', but '{old}' is still a section of this module")
            elif old in claimed and claimed[old] != new:
                problems.add(line, f"'{old}' is replaced by both sections '{claimed[old]}' and '{new}'")
            claimed[old] = new
        out.append((new, tuple(olds)))
    return tuple(out)


def iter_plain_text(module: Module) -> Iterable[tuple[str, str]]:
    """(label, text) for every plain block and the takeaways: what the family track reads."""
    for section in module.sections:
        if section.is_takeaways:
            yield f"{section.id} (takeaways)", section.markdown
        for n, block in enumerate(section.plain_blocks, start=1):
            yield f"{section.id} (plain block {n})", block
