"""Load a content root (the shipped course or an instructor's pack) into plain data.

Every problem is collected as ``file:line: message``; a module, page or glossary entry with
a problem is left out whole, so nothing half-valid reaches a learner.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app.core import yamlsafe
from desktop_app.core.problems import Problem, ProblemList

if TYPE_CHECKING:
    from desktop_app.core.questions import Bank

TRACKS = ("family", "student")
SOURCE_KINDS = ("peer-reviewed", "student-paper", "outside")
MAX_FILE_BYTES = 2_000_000  # a lesson or question file larger than this is not a lesson

CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)(?::\s*([^\]\n]+?))?\s*\]")
SECTION_HEADING = re.compile(r"^##(?!#)\s*(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")
PLAIN_START = re.compile(r'^!!!\s+plain(?:\s+"[^"]*")?\s*$')
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")
RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>")
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OBJECTIVE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")
MODULE_FILE = re.compile(r"^\d\d-[a-z0-9-]+\.md$")
TAKEAWAYS_ID = "takeaways"


class Source(NamedTuple):
    id: str
    authors: str
    title: str
    venue: str
    year: int
    kind: str
    reliability: str
    sections: tuple[str, ...]

    @property
    def is_review(self) -> bool:
        return self.kind != "outside"


class Objective(NamedTuple):
    id: str
    text: str


class Section(NamedTuple):
    id: str
    title: str
    markdown: str
    line: int
    plain_blocks: tuple[str, ...]

    @property
    def is_takeaways(self) -> bool:
        return self.id == TAKEAWAYS_ID


class Module(NamedTuple):
    id: str
    number: int
    title: str
    summary: str
    minutes: int
    objectives: tuple[Objective, ...]
    sources: tuple[str, ...]
    reviewed: dt.date
    sections: tuple[Section, ...]
    path: Path

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


class Page(NamedTuple):
    id: str
    title: str
    tracks: frozenset[str]
    markdown: str
    path: Path


class GlossaryTerm(NamedTuple):
    id: str
    term: str
    aliases: tuple[str, ...]
    plain: str
    technical: str
    modules: tuple[str, ...]


class Course:
    """Everything loaded from one content root, with the problems found on the way.

    The question bank may arrive later: from the cache it is read on first use (``bank_loader``),
    because the reader does not need it and start-up is measured.
    """

    def __init__(self, root: Path, title: str = "Untitled course", version: str = "0") -> None:
        self.root = root
        self.title = title
        self.version = version
        self.modules: list[Module] = []
        self.pages: list[Page] = []
        self.sources: dict[str, Source] = {}
        self.glossary: list[GlossaryTerm] = []
        self.problems: list[Problem] = []
        self.failed_modules: set[str] = set()  # ids of module files that did not load
        self._bank: Bank | None = None
        self.bank_loader: Callable[[], Bank] | None = None

    def __repr__(self) -> str:
        return f"Course({self.title!r}, {len(self.modules)} modules, root={str(self.root)!r})"

    def without_bank(self) -> Course:
        """A shallow copy holding no question bank: what the course cache stores."""
        copy = Course.__new__(Course)
        copy.__dict__.update(self.__dict__, _bank=None, bank_loader=None)
        return copy

    @property
    def bank(self) -> Bank:
        if self._bank is None:
            self._bank = self.bank_loader() if self.bank_loader is not None else _empty_bank()
            self.bank_loader = None
        return self._bank

    @bank.setter
    def bank(self, value: Bank) -> None:
        self._bank = value

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.glossary if t.id == term_id), None)


def _empty_bank() -> Bank:
    from desktop_app.core.questions import Bank

    return Bank([])


# ---------------------------------------------------------------- helpers


def read_text(path: Path, problems: ProblemList) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.add(1, f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB; not loaded")
            return None
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        problems.add(1, f"cannot read file: {exc.strerror or exc}")
    return None


def load_yaml_file(path: Path, problems: ProblemList) -> Any:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        problems.add(exc.line, exc.message)
        return None


def report_duplicate_keys(data: yamlsafe.LineDict, problems: ProblemList) -> None:
    for key, line in data.duplicate_keys:
        problems.add(line, f"key '{key}' appears twice")


def need_str(data: yamlsafe.LineDict, key: str, problems: ProblemList, *, what: str = "") -> str:
    value = data.get(key)
    where = f" in {what}" if what else ""
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.add(data.line_of(key), f"missing field '{key}'{where}")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(data.line_of(key), f"field '{key}'{where} must be text")
        return ""
    return str(value).strip()


def need_str_list(data: yamlsafe.LineDict, key: str, problems: ProblemList, *, required: bool = True) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(data.line_of(key), f"missing field '{key}'")
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        problems.add(data.line_of(key), f"field '{key}' must be a list of text items")
        return []
    return [str(v).strip() for v in value]


def need_date(data: yamlsafe.LineDict, key: str, problems: ProblemList) -> dt.date | None:
    value = data.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value is None:
        problems.add(data.line_of(key), f"missing field '{key}' (a date such as 2026-11-21)")
    else:
        problems.add(data.line_of(key), f"field '{key}' must be a date such as 2026-11-21")
    return None


def split_front_matter(text: str, problems: ProblemList) -> tuple[yamlsafe.LineDict | None, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(1, "file must start with YAML front matter between '---' lines")
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            front = "\n".join(lines[1:i])
            try:
                data = yamlsafe.load(front)
            except yamlsafe.YamlError as exc:
                problems.add(exc.line + 1, exc.message)
                return None, "", i + 2
            if not isinstance(data, dict):
                problems.add(2, "front matter must be a YAML mapping (key: value lines)")
                return None, "", i + 2
            _shift_lines(data, 1)
            return data, "\n".join(lines[i + 1 :]), i + 2
    problems.add(1, "front matter is not closed by a '---' line")
    return None, "", 1


def _shift_lines(data: Any, offset: int, seen: set[int] | None = None) -> None:
    # YAML aliases share objects: visit each once, so a hostile "billion laughs" file stays cheap.
    seen = set() if seen is None else seen
    if id(data) in seen:
        return
    seen.add(id(data))
    if isinstance(data, yamlsafe.LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        data.duplicate_keys = [(k, v + offset) for k, v in data.duplicate_keys]
        for value in data.values():
            _shift_lines(value, offset, seen)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset, seen)


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


# ---------------------------------------------------------------- sources, glossary


def load_sources(root: Path, out: list[Problem]) -> dict[str, Source]:
    path = root / "sources.yaml"
    problems = ProblemList(path, root)
    data = load_yaml_file(path, problems) if path.exists() else None
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
        report_duplicate_keys(item, problems)
        sid = need_str(item, "id", problems, what="source")
        fields = {k: need_str(item, k, problems, what=f"source '{sid}'") for k in ("authors", "title", "venue", "reliability")}
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
                sid, fields["authors"], fields["title"], fields["venue"], int(year), kind, fields["reliability"], tuple(sections)
            )  # type: ignore[arg-type]
    out.extend(problems.items)
    return sources


def load_glossary(root: Path, module_ids: set[str], out: list[Problem]) -> list[GlossaryTerm]:
    path = root / "glossary.yaml"
    if not path.exists():
        return []
    problems = ProblemList(path, root)
    data = load_yaml_file(path, problems)
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
        report_duplicate_keys(item, problems)
        tid = need_str(item, "id", problems, what="glossary entry")
        if tid and not SLUG.match(tid):
            problems.add(item.line_of("id"), f"glossary id '{tid}' must be lower-case letters, digits and hyphens")
        term = need_str(item, "term", problems, what=f"glossary entry '{tid}'")
        plain = need_str(item, "plain", problems, what=f"glossary entry '{tid}'")
        technical = need_str(item, "technical", problems, what=f"glossary entry '{tid}'")
        aliases = need_str_list(item, "aliases", problems, required=False)
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


# ---------------------------------------------------------------- modules and pages


def parse_sections(body: str, first_line: int, problems: ProblemList) -> list[Section]:
    lines = body.split("\n")
    starts: list[tuple[int, str, str | None]] = []
    in_code = False
    for i, line in enumerate(lines):
        if line.strip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        m = SECTION_HEADING.match(line)
        if m and line.startswith("##"):
            starts.append((i, m.group(1), m.group(2)))
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
    text = read_text(path, problems)
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
    report_duplicate_keys(front, problems)
    mid = need_str(front, "id", problems)
    if mid and not SLUG.match(mid):
        problems.add(front.line_of("id"), f"module id '{mid}' must be lower-case letters, digits and hyphens")
    title = need_str(front, "title", problems)
    summary = need_str(front, "summary", problems)
    minutes = front.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.add(front.line_of("minutes"), "field 'minutes' (estimated reading minutes) must be a positive number")
        minutes = 0
    reviewed = need_date(front, "reviewed", problems)
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
            otext = need_str(obj, "text", problems, what=f"objective '{oid}'")
            if oid and not OBJECTIVE_ID.match(oid):
                problems.add(obj.line_of("id"), f"objective id '{oid}' should look like '{mid or 'module'}.short-name'")
            elif oid and mid and not oid.startswith(mid + "."):
                problems.add(obj.line_of("id"), f"objective id '{oid}' must start with the module id '{mid}.'")
            if any(o.id == oid for o in objectives):
                problems.add(obj.line_of("id"), f"duplicate objective id '{oid}'")
            objectives.append(Objective(oid, otext))
    sections = parse_sections(body, body_line, problems)
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
    return Module(mid, number, title, summary, int(minutes), tuple(objectives), tuple(source_ids), reviewed, tuple(sections), path)


def load_page(path: Path, root: Path, assets: Path, sources: dict[str, Source], out: list[Problem]) -> Page | None:
    problems = ProblemList(path, root)
    text = read_text(path, problems)
    if text is None:
        out.extend(problems.items)
        return None
    front, body, body_line = split_front_matter(text, problems)
    if front is None:
        out.extend(problems.items)
        return None
    report_duplicate_keys(front, problems)
    pid = need_str(front, "id", problems)
    title = need_str(front, "title", problems)
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


def load_course(root: Path, assets: Path, *, with_questions: bool = True) -> Course:
    """Load everything under a content root: modules, pages, sources, glossary, questions."""
    from desktop_app.core.questions import load_bank

    root = Path(root)
    course = Course(root=root)
    problems = course.problems
    course_file = root / "course.yaml"
    order: list[str] = []
    page_ids: list[str] = []
    order_line = pages_line = 1
    if not root.is_dir():
        problems.append(Problem(str(root), 1, "content folder not found"))
        return course
    cp = ProblemList(course_file, root)
    data = load_yaml_file(course_file, cp) if course_file.exists() else None
    if not course_file.exists():
        cp.add(1, "course.yaml is missing")
    if isinstance(data, yamlsafe.LineDict):
        report_duplicate_keys(data, cp)
        course.title = need_str(data, "title", cp) or course.title
        course.version = need_str(data, "version", cp) or course.version
        order = need_str_list(data, "modules", cp)
        page_ids = need_str_list(data, "pages", cp, required=False)
        order_line, pages_line = data.line_of("modules"), data.line_of("pages")
    elif data is not None:
        cp.add(1, "course.yaml must be a mapping with title, version and modules")
    problems.extend(cp.items)

    course.sources = load_sources(root, problems)
    modules: list[Module] = []
    for path in sorted((root / "modules").glob("*.md")):
        module = load_module(path, root, assets, course.sources, problems, course.failed_modules)
        if module is not None:
            if any(m.id == module.id for m in modules):
                problems.append(Problem(ProblemList(path, root).path, 1, f"module id '{module.id}' is used by two files"))
                continue
            modules.append(module)
    by_id = {m.id: m for m in modules}
    for mid in order:
        if mid not in by_id and mid not in course.failed_modules:
            problems.append(Problem(cp.path, order_line, f"course.yaml lists module '{mid}' but no module file has that id"))
    course.modules = [by_id[mid] for mid in order if mid in by_id] + [m for m in modules if m.id not in order]

    for pid in page_ids:
        path = root / "pages" / f"{pid}.md"
        if not path.exists():
            problems.append(Problem(cp.path, pages_line, f"course.yaml lists page '{pid}' but pages/{pid}.md does not exist"))
            continue
        page = load_page(path, root, assets, course.sources, problems)
        if page is not None:
            course.pages.append(page)

    course.glossary = load_glossary(root, {m.id for m in course.modules} | set(order), problems)
    if with_questions:
        course.bank = load_bank(root, course, assets, problems)
    return course


def iter_plain_text(module: Module) -> Iterable[tuple[str, str]]:
    """(label, text) for every plain block and the takeaways: what the family track reads."""
    for section in module.sections:
        if section.is_takeaways:
            yield f"{section.id} (takeaways)", section.markdown
        for n, block in enumerate(section.plain_blocks, start=1):
            yield f"{section.id} (plain block {n})", block
