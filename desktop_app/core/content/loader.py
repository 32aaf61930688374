"""Load a content root (the shipped course or an instructor's pack) into plain records.

Every problem is collected as ``file:line: message``; a module, page, glossary entry or
question with a problem is left out whole, so nothing half-valid reaches a learner.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.catalogue import load_glossary, load_page, load_sources
from desktop_app.core.content.fields import SLUG, check_mapping, need_str, need_str_list, need_text
from desktop_app.core.content.files import content_files, load_yaml_file
from desktop_app.core.content.lessons import load_module
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import Course, Module

if TYPE_CHECKING:
    from desktop_app.core.questions import Bank

# A course id is stable for the life of a course: progress and updates follow it.
COURSE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?){0,7}$")
VERSION = re.compile(r"^\d{1,6}(?:\.\d{1,6}){0,3}$")


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, for comparing: 1.10.0 is newer than 1.9.2."""
    return tuple(int(p) for p in version.split(".")) if VERSION.match(version) else (0,)


def load_course(root: Path, assets: Path, *, with_questions: bool = True) -> Course:
    """Load everything under a content root: modules, pages, sources, glossary, questions."""

    root = Path(root)
    course = Course(root=root)
    problems = course.problems
    course_file = root / "course.yaml"
    order: list[str] = []
    page_ids: list[str] = []
    order_line = pages_line = 1
    if not root.is_dir():
        what = "is a file, not a content folder (give the folder that holds course.yaml)" if root.exists() else "content folder not found"
        problems.append(Problem(str(root), 1, what))
        return course
    cp = ProblemList(course_file, root)
    data = load_yaml_file(course_file, cp, (root,)) if course_file.exists() else None
    if not course_file.exists():
        cp.add(1, "course.yaml is missing")
    if isinstance(data, yamlsafe.LineDict):
        check_mapping(data, cp)
        course.id = need_str(data, "id", cp) or course.id
        if course.id and not COURSE_ID.match(course.id):
            cp.add(data.line_of("id"), f"course id '{course.id}' must be a reverse domain name or slug, e.g. org.example.my-course")
        course.title = need_text(data, "title", cp) or course.title
        course.version = need_str(data, "version", cp) or course.version
        if "version" in data and not VERSION.match(course.version):
            cp.add(data.line_of("version"), f"version '{course.version}' must be numbers with dots, e.g. 1.2.0")
        order = need_str_list(data, "modules", cp)
        page_ids = need_str_list(data, "pages", cp, required=False)
        order_line, pages_line = data.line_of("modules"), data.line_of("pages")
    elif data is not None:
        cp.add(1, "course.yaml must be a mapping with title, version and modules")
    elif course_file.exists() and not cp.items:  # empty, or only comments
        cp.add(1, "course.yaml is empty: it needs id, title, version and modules")
    for n, mid in enumerate(order):
        if mid in order[:n]:
            cp.add(order_line, f"course.yaml lists module '{mid}' twice")
    order = list(dict.fromkeys(order))
    problems.extend(cp.items)

    course.sources = load_sources(root, problems)
    modules: list[Module] = []
    for path in content_files(root, "modules", "*.md", problems):
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
    course.warnings.extend(
        Problem(cp.path, order_line, f"module '{m.id}' (modules/{m.path.name}) is not in course.yaml's modules: it comes last")
        for m in modules
        if m.id not in order and data is not None
    )

    for pid in page_ids:
        if not SLUG.match(pid):  # a page id names a file: "../x" must never reach outside pages/
            problems.append(Problem(cp.path, pages_line, f"page id '{pid}' must be lower-case letters, digits and hyphens"))
            continue
        path = root / "pages" / f"{pid}.md"
        if not path.exists():
            problems.append(Problem(cp.path, pages_line, f"course.yaml lists page '{pid}' but pages/{pid}.md does not exist"))
            continue
        page = load_page(path, root, assets, course.sources, problems)
        if page is not None:
            course.pages.append(page)

    course.glossary = load_glossary(root, {m.id for m in course.modules} | set(order), problems)
    course.warnings.extend(review_warnings(course))
    if with_questions:
        load_questions(course, assets)
    return course


def load_questions(course: Course, assets: Path) -> Bank:
    """Parse the course's questions into its bank, adding their problems and warnings to it.

    Kept apart from ``load_course`` so that a course opened for the first time can show its
    first lesson before its question bank (most of the parsing, for a large course) is read.
    """
    from desktop_app.core.questions import load_bank

    bank = load_bank(course.root, course, assets, course.problems)
    course.bank = bank
    course.warnings.extend(bank_warnings(course))
    course.warnings.extend(question_review_warnings(course))
    course.problems.extend(rename_problems(course))
    return bank


def renames(course: Course, with_questions: bool = True) -> dict[str, dict[str, str]]:
    """Declared renames, old id -> new id, by kind ("question", "module", "objective", "section").

    Sections are named "module/section" (a section id is unique only within its module), under
    the module's new id: modules are renamed first. ``with_questions=False`` gives lessons,
    sections and objectives only (no need to read the bank).
    """
    out: dict[str, dict[str, str]] = {"module": {}, "objective": {}, "section": {}}
    for m in course.modules:
        out["module"].update((old, m.id) for old in m.replaces)
        for o in m.objectives:
            out["objective"].update((old, o.id) for old in o.replaces)
        for new, olds in m.section_replaces:
            out["section"].update((f"{m.id}/{old}", f"{m.id}/{new}") for old in olds)
    if with_questions:
        out["question"] = {old: q.id for q in course.bank for old in q.replaces}
    return out


def rename_problems(course: Course) -> list[Problem]:
    """An id may be replaced by one item only, and never while it is still in use."""
    out: list[Problem] = []
    kinds = {
        "module": [
            (m.id, m.replaces, str(m.path.relative_to(course.root)) if m.path.is_relative_to(course.root) else str(m.path), 1)
            for m in course.modules
        ],
        "objective": [(o.id, o.replaces, f"modules/{m.path.name}", 1) for m in course.modules for o in m.objectives],
        "question": [(q.id, q.replaces, q.path, q.line) for q in course.bank],
    }
    for kind, items in kinds.items():
        current = {item_id for item_id, _r, _p, _l in items}
        claimed: dict[str, str] = {}
        for item_id, replaced, path, line in items:
            for old in replaced:
                if old in current:
                    out.append(Problem(path, line, f"{kind} '{item_id}' replaces '{old}', but '{old}' is still in the course"))
                elif old in claimed and claimed[old] != item_id:
                    out.append(Problem(path, line, f"'{old}' is replaced by both {kind}s '{claimed[old]}' and '{item_id}'"))
                claimed[old] = item_id
    return out


def review_warnings(course: Course) -> list[Problem]:
    """Lessons past their ``review_by`` date: due for a clinician's review."""
    import datetime as dt

    today = dt.date.today()
    return [
        Problem(
            f"modules/{m.path.name}",
            _front_matter_line(m.path, "review_by"),
            f"module '{m.id}' was due for clinical review on {m.review_by}",
        )
        for m in course.modules
        if m.due_for_review(today)
    ]


def _front_matter_line(path: Path, key: str) -> int:
    """The line of ``key:`` in a lesson's front matter, so that a warning points at it (a module
    read from the cache no longer knows its lines); 1 if it cannot be found."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.startswith(f"{key}:"):
            return n
    return 1


def question_review_warnings(course: Course) -> list[Problem]:
    import datetime as dt

    today = dt.date.today()
    return [
        Problem(q.path, q.line, f"question '{q.id}' was due for clinical review on {q.review_by}")
        for q in course.bank
        if q.due_for_review(today)
    ]


def bank_warnings(course: Course) -> list[Problem]:
    """Per module: cues that give answers away, and source ids shown to learners."""
    from desktop_app.core.content.cues import ChoiceLike, bare_source_keys, cue_messages, cue_stats, source_key_pattern

    out: list[Problem] = [
        Problem(f"modules/{m.path.name}", 1, f"module '{m.id}' has no questions yet: its quizzes will be empty")
        for m in course.modules
        if not course.bank.by_module.get(m.id) and m.id not in course.failed_modules
    ]
    keys = source_key_pattern(course.sources)
    for module_id, questions in course.bank.by_module.items():
        choice_questions = [q for q in questions if q.type in ("single_choice", "multiple_response")]
        stats = cue_stats((q.type, [ChoiceLike(c.text, c.correct) for c in q.choices]) for q in choice_questions)  # type: ignore[attr-defined]
        where = choice_questions[0] if choice_questions else None
        for message in cue_messages(stats):
            out.append(Problem(where.path if where else module_id, where.line if where else 1, f"module '{module_id}': {message}"))
        for q in questions:
            found = bare_source_keys("\n".join(q.learner_texts()), keys)
            if found:
                out.append(
                    Problem(
                        q.path,
                        q.line,
                        f"question '{q.id}' shows the source key {', '.join(found)} to learners; "
                        "write the authors and year (e.g. 'Xu et al., 2021') or a citation [@id: Section]",
                    )
                )
    return out
