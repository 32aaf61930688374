"""The question bank: questions read from YAML with file:line problems, indexed for quizzes.

The fields every question has are read here; each type's own fields by its kind (core.kinds).
The records are re-exported here for the code and tests that name them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.fields import check_mapping, need_date, need_id_list, need_str, optional_date
from desktop_app.core.content.files import content_files, load_yaml_file
from desktop_app.core.content.markup import check_citation, check_markdown, check_plain
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import TRACKS
from desktop_app.core.kinds import KINDS
from desktop_app.core.kinds.base import Choice, Pair, ParseContext, Question, SourceRef, need_bool
from desktop_app.core.kinds.choice import MultipleResponse, SingleChoice
from desktop_app.core.kinds.cloze import Cloze
from desktop_app.core.kinds.hotspot import Hotspot
from desktop_app.core.kinds.matching import Matching
from desktop_app.core.kinds.numeric import Numeric
from desktop_app.core.kinds.ordering import Ordering
from desktop_app.core.kinds.true_false import TrueFalse

__all__ = [
    "Choice", "Cloze", "Hotspot", "Matching", "MultipleResponse", "Numeric", "Ordering", "Pair", "Question", "SingleChoice",
    "SourceRef", "TrueFalse",
]  # fmt: skip

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course

QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BLANK = re.compile(r"\{\{\s*(\d+)\s*\}\}")
COMMON_FIELDS = {
    "id",
    "type",
    "module",
    "objective",
    "difficulty",
    "tracks",
    "stem",
    "explanation",
    "sources",
    "reviewed",
    "shuffle",
    "replaces",
    "review_by",
}


QUESTION_TYPES: dict[str, type[Question]] = {name: kind.record for name, kind in KINDS.items()}
TYPE_LABELS = {name: kind.label for name, kind in KINDS.items()}
TYPE_FIELDS = {name: set(kind.fields) for name, kind in KINDS.items()}


class Bank:
    """All loaded questions, indexed for drawing quizzes."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions: list[Question] = list(questions)
        self.by_id: dict[str, Question] = {q.id: q for q in self.questions}
        self.by_module: dict[str, list[Question]] = {}
        for q in self.questions:
            self.by_module.setdefault(q.module, []).append(q)

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def get(self, qid: str) -> Question | None:
        return self.by_id.get(qid)

    def select(self, modules: Iterable[str] | None = None, track: str | None = None) -> list[Question]:
        pool: Iterable[Question] = self.questions if modules is None else (q for m in modules for q in self.by_module.get(m, ()))
        return [q for q in pool if track is None or track in q.tracks]


# ---------------------------------------------------------------- parsing


@dataclass
class _Ctx:
    course: Course
    root: Path
    assets: Path
    problems: ProblemList
    seen: dict[str, str] = field(default_factory=dict)
    skipped_for_module: dict[str, int] = field(default_factory=dict)


def parse_question(data: Any, ctx: _Ctx) -> Question | None:
    p = ctx.problems
    if not isinstance(data, yamlsafe.LineDict):
        p.add(1, "each question must be a mapping (id: ..., type: ..., ...)")
        return None
    before = len(p)
    check_mapping(data, p)
    qid = need_str(data, "id", p, what="question")
    if qid and not QUESTION_ID.match(qid):
        p.add(data.line_of("id"), f"question id '{qid}' must be lower-case letters, digits and hyphens")
    if qid in ctx.seen:
        p.add(data.line_of("id"), f"duplicate question id '{qid}' (first used at {ctx.seen[qid]})")
    elif qid:
        ctx.seen[qid] = f"{p.path}:{data.line_of('id')}"
    qtype = need_str(data, "type", p, what=f"question '{qid}'")
    if qtype and qtype not in QUESTION_TYPES:
        p.add(data.line_of("type"), f"unknown question type '{qtype}' (known: {', '.join(QUESTION_TYPES)})")
        qtype = ""
    for key in sorted(map(str, set(data) - COMMON_FIELDS - TYPE_FIELDS.get(qtype, set()))):
        if qtype:
            p.add(data.line_of(key), f"unknown field '{key}' for a {qtype} question")
    module_id = need_str(data, "module", p, what=f"question '{qid}'")
    module = ctx.course.module(module_id) if module_id else None
    if module_id and module is None:
        if module_id in ctx.course.failed_modules:
            ctx.skipped_for_module[module_id] = ctx.skipped_for_module.get(module_id, 0) + 1
            return None
        p.add(data.line_of("module"), f"unknown module '{module_id}'")
    objective = need_str(data, "objective", p, what=f"question '{qid}'")
    if module is not None and objective and module.objective(objective) is None:
        p.add(data.line_of("objective"), f"objective '{objective}' is not defined by module '{module_id}'")
    difficulty = data.get("difficulty")
    if not isinstance(difficulty, yamlsafe.Invalid) and (difficulty not in (1, 2, 3) or isinstance(difficulty, bool)):
        p.add(data.line_of("difficulty"), "field 'difficulty' must be 1, 2 or 3")
    tracks = data.get("tracks")
    if not isinstance(tracks, list) or not tracks or any(t not in TRACKS for t in tracks):
        p.add(data.line_of("tracks"), "field 'tracks' must list family and/or student")
        tracks = []
    stem = need_str(data, "stem", p, what=f"question '{qid}'")
    explanation = need_str(data, "explanation", p, what=f"question '{qid}'")
    refs: list[SourceRef] = []
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        p.add(data.line_of("sources"), "field 'sources' must list at least one {source: ID, section: heading}")
    else:
        for ref in raw_sources:
            if not isinstance(ref, yamlsafe.LineDict):
                p.add(data.line_of("sources"), "each source is {source: ID, section: heading}")
                continue
            sid = need_str(ref, "source", p, what="source reference")
            section = need_str(ref, "section", p, what="source reference")
            if sid:
                check_citation(sid, section or None, ref.line, p, ctx.course.sources)
            refs.append(SourceRef(sid, section))
    reviewed = need_date(data, "reviewed", p)
    review_by = optional_date(data, "review_by", p, after=reviewed)
    replaces = need_id_list(data, "replaces", p, QUESTION_ID, "question id")
    shuffle = need_bool(data, "shuffle", ParseContext(p, ctx.root, ctx.assets), default=True)
    fields = KINDS[qtype].parse(data, ParseContext(p, ctx.root, ctx.assets)) if qtype else {}
    _check_texts(data, ctx)
    if len(p) > before or reviewed is None:
        return None
    cls = QUESTION_TYPES[qtype]
    return cls(
        id=qid,
        type=qtype,
        module=module_id,
        objective=objective,
        difficulty=int(difficulty),  # type: ignore[arg-type]
        tracks=frozenset(tracks),
        stem=stem,
        explanation=explanation,
        sources=tuple(refs),
        reviewed=reviewed,
        shuffle=bool(shuffle),
        path=p.path,
        line=data.line,
        replaces=tuple(replaces),
        review_by=review_by,
        **fields,
    )


MARKDOWN_FIELDS = {"stem", "explanation"}  # rendered as Markdown; every other text is shown as plain text
NOT_TEXT = {
    "id",
    "type",
    "module",
    "objective",
    "tracks",
    "difficulty",
    "reviewed",
    "review_by",
    "replaces",
    "shuffle",
    "diagram",
    "regions",
    "sources",
    "answer",
}


def _check_texts(data: yamlsafe.LineDict, ctx: _Ctx) -> None:
    """Every text of a question, checked as strictly as a lesson body (raw HTML, links, shape)."""

    def visit(value: Any, key: str, line: int) -> None:
        if isinstance(value, str):
            if key in MARKDOWN_FIELDS:
                check_markdown(value, line, ctx.problems, ctx.course.sources, ctx.root, ctx.assets, one_line=True, what=f"'{key}'")
            else:
                check_plain(value, line, ctx.problems, f"'{key}'")
        elif isinstance(value, yamlsafe.LineDict):
            for k, v in value.items():
                visit(v, str(k), value.line_of(str(k)))
        elif isinstance(value, list):
            for v in value:
                visit(v, key, line)

    for k, v in data.items():
        if str(k) not in NOT_TEXT or (str(k) == "answer" and isinstance(v, str)):
            visit(v, str(k), data.line_of(str(k)))


def load_question_file(path: Path, ctx: _Ctx) -> list[Question]:
    data = load_yaml_file(path, ctx.problems, (ctx.root,))
    if data is None:
        return []
    if not isinstance(data, list):
        ctx.problems.add(1, "a question file is a YAML list of questions (each starting with '- id: ...')")
        return []
    return [q for q in (parse_question(item, ctx) for item in data) if q is not None]


def load_bank(root: Path, course: Course, assets: Path, out: list[Problem]) -> Bank:
    seen: dict[str, str] = {}
    questions: list[Question] = []
    for path in content_files(root, "questions", "*.yaml", out):
        ctx = _Ctx(course, root, assets, ProblemList(path, root), seen)
        questions.extend(load_question_file(path, ctx))
        for module_id, n in ctx.skipped_for_module.items():
            ctx.problems.add(1, f"{n} question(s) not loaded because module '{module_id}' has problems (listed with its file)")
        out.extend(ctx.problems.items)
    return Bank(questions)
