"""The question bank: one dataclass per question type, parsed from YAML with file:line errors."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.diagrams import DiagramError, load_diagram
from desktop_app.core.content.fields import check_mapping, is_text, need_date, need_id_list, need_str, optional_date
from desktop_app.core.content.files import content_files, load_yaml_file
from desktop_app.core.content.markup import check_citation, check_markdown, check_plain
from desktop_app.core.content.problems import Problem, ProblemList
from desktop_app.core.content.records import TRACKS

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


@dataclass(frozen=True)
class SourceRef:
    source: str
    section: str


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    type: str
    module: str
    objective: str
    difficulty: int
    tracks: frozenset[str]
    stem: str
    explanation: str
    sources: tuple[SourceRef, ...]
    reviewed: dt.date
    shuffle: bool = True
    path: str = ""
    line: int = 0
    replaces: tuple[str, ...] = ()  # ids this question had in earlier versions: progress follows
    review_by: dt.date | None = None

    def due_for_review(self, today: dt.date | None = None) -> bool:
        return self.review_by is not None and self.review_by < (today or dt.date.today())

    def for_track(self, track: str) -> bool:
        return track in self.tracks

    def learner_texts(self) -> list[str]:
        """Every piece of text a learner may see for this question (stem, options, feedback, ...)."""
        skip = {"id", "type", "module", "objective", "path", "diagram", "answer", "regions"}
        out: list[str] = []

        def collect(value: object) -> None:
            if isinstance(value, str):
                if value:
                    out.append(value)
            elif isinstance(value, (tuple, list)):
                for v in value:
                    collect(v)
            elif isinstance(value, (Choice, Pair)):
                for f in fields(value):
                    collect(getattr(value, f.name))

        for f in fields(self):
            if f.name not in skip:
                collect(getattr(self, f.name))
        return out


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    choices: tuple[Choice, ...]

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, kw_only=True)
class MultipleResponse(Question):
    choices: tuple[Choice, ...]

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    pairs: tuple[Pair, ...]
    distractors: tuple[str, ...] = ()

    @property
    def right_items(self) -> tuple[str, ...]:
        return tuple(p.right for p in self.pairs) + self.distractors


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    items: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Cloze(Question):
    text: str
    blanks: tuple[tuple[str, ...], ...]

    def parts(self) -> list[str | int]:
        """The text split into literal strings and blank numbers (0-based)."""
        out: list[str | int] = []
        pos = 0
        for m in BLANK.finditer(self.text):
            out.append(self.text[pos : m.start()])
            out.append(int(m.group(1)) - 1)
            pos = m.end()
        out.append(self.text[pos:])
        return out


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    answer: float
    low: float
    high: float
    unit: str = ""


@dataclass(frozen=True, kw_only=True)
class Hotspot(Question):
    diagram: str
    answer: str
    regions: tuple[str, ...]
    region_titles: tuple[str, ...] = ()

    def title_of(self, region: str) -> str:
        try:
            return self.region_titles[self.regions.index(region)]
        except (ValueError, IndexError):
            return region


QUESTION_TYPES: dict[str, type[Question]] = {
    "single_choice": SingleChoice,
    "multiple_response": MultipleResponse,
    "true_false": TrueFalse,
    "matching": Matching,
    "ordering": Ordering,
    "cloze": Cloze,
    "numeric": Numeric,
    "hotspot": Hotspot,
}
TYPE_LABELS = {
    "single_choice": "Single choice",
    "multiple_response": "Multiple response",
    "true_false": "True or false",
    "matching": "Matching",
    "ordering": "Ordering",
    "cloze": "Fill in the blanks",
    "numeric": "Numeric",
    "hotspot": "Click the diagram",
}
TYPE_FIELDS = {
    "single_choice": {"choices"},
    "multiple_response": {"choices"},
    "true_false": {"answer", "feedback_true", "feedback_false"},
    "matching": {"pairs", "distractors"},
    "ordering": {"items"},
    "cloze": {"text", "blanks"},
    "numeric": {"answer", "tolerance", "range", "unit"},
    "hotspot": {"diagram", "answer", "regions"},
}


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


def _bool(data: yamlsafe.LineDict, key: str, ctx: _Ctx, default: bool | None = None) -> bool | None:
    value = data.get(key, default)
    if isinstance(value, yamlsafe.Invalid):
        return None  # reported with the question
    if not isinstance(value, bool):
        ctx.problems.add(data.line_of(key), f"field '{key}' must be true or false")
        return None
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def _text_list(data: yamlsafe.LineDict, key: str, ctx: _Ctx, minimum: int) -> list[str]:
    value = data.get(key)
    if isinstance(value, list) and any(isinstance(v, yamlsafe.Invalid) for v in value):
        return []  # reported with the question
    if not isinstance(value, list) or not all(is_text(v) for v in value):
        ctx.problems.add(data.line_of(key), f"field '{key}' must be a list of text items")
        return []
    items = [str(v).strip() for v in value]
    if len(items) < minimum:
        ctx.problems.add(data.line_of(key), f"field '{key}' needs at least {minimum} items")
    if any(not i for i in items):
        ctx.problems.add(data.line_of(key), f"field '{key}' has an empty item")
    if len({i.casefold() for i in items}) != len(items):
        ctx.problems.add(data.line_of(key), f"field '{key}' has the same item twice")
    return items


def _choices(data: yamlsafe.LineDict, ctx: _Ctx) -> tuple[Choice, ...]:
    raw = data.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        ctx.problems.add(data.line_of("choices"), "field 'choices' must list at least 2 options")
        return ()
    out = []
    for item in raw:
        if not isinstance(item, yamlsafe.LineDict):
            ctx.problems.add(data.line_of("choices"), "each choice is a mapping with 'text', optional 'correct' and 'feedback'")
            continue
        check_mapping(item, ctx.problems)
        unknown = set(item) - {"text", "correct", "feedback"}
        for key in sorted(map(str, unknown)):
            ctx.problems.add(item.line_of(key), f"unknown field '{key}' in a choice")
        text = need_str(item, "text", ctx.problems, what="choice")
        correct = _bool(item, "correct", ctx, default=False)
        feedback = item.get("feedback", "")
        if not isinstance(feedback, str):
            ctx.problems.add(item.line_of("feedback"), "choice 'feedback' must be text")
            feedback = ""
        out.append(Choice(text, bool(correct), feedback.strip()))
    if len({c.text.casefold() for c in out}) != len(out):
        ctx.problems.add(data.line_of("choices"), "two choices have the same text")
    return tuple(out)


def _parse_type_fields(qtype: str, data: yamlsafe.LineDict, ctx: _Ctx) -> dict[str, Any]:
    p = ctx.problems
    if qtype in ("single_choice", "multiple_response"):
        choices = _choices(data, ctx)
        n_right = sum(c.correct for c in choices)
        if choices and n_right == 0:
            p.add(data.line_of("choices"), "no choice is marked 'correct: true'")
        if qtype == "single_choice" and n_right > 1:
            p.add(data.line_of("choices"), f"a single-choice question has exactly one right answer, this one has {n_right}")
        return {"choices": choices}
    if qtype == "true_false":
        answer = _bool(data, "answer", ctx)
        fields: dict[str, Any] = {"answer": bool(answer)}
        for key in ("feedback_true", "feedback_false"):
            value = data.get(key, "")
            if not isinstance(value, str):
                p.add(data.line_of(key), f"field '{key}' must be text")
                value = ""
            fields[key] = value.strip()
        return fields
    if qtype == "matching":
        raw = data.get("pairs")
        pairs: list[Pair] = []
        if not isinstance(raw, list) or len(raw) < 2:
            p.add(data.line_of("pairs"), "field 'pairs' must list at least 2 pairs of {left, right}")
        else:
            for item in raw:
                if not isinstance(item, yamlsafe.LineDict):
                    p.add(data.line_of("pairs"), "each pair is a mapping {left: ..., right: ...}")
                    continue
                pairs.append(Pair(need_str(item, "left", p, what="pair"), need_str(item, "right", p, what="pair")))
        if len({x.left.casefold() for x in pairs}) != len(pairs):
            p.add(data.line_of("pairs"), "two pairs have the same left item")
        distractors: list[str] = []
        if "distractors" in data:
            distractors = _text_list(data, "distractors", ctx, 0)
            rights = {x.right.casefold() for x in pairs}
            for d in distractors:
                if d.casefold() in rights:
                    p.add(data.line_of("distractors"), f"distractor '{d}' is also a right answer")
        return {"pairs": tuple(pairs), "distractors": tuple(distractors)}
    if qtype == "ordering":
        return {"items": tuple(_text_list(data, "items", ctx, 3))}
    if qtype == "cloze":
        text = need_str(data, "text", p)
        raw = data.get("blanks")
        blanks: list[tuple[str, ...]] = []
        if not isinstance(raw, list) or not raw:
            p.add(data.line_of("blanks"), "field 'blanks' must list each blank with its 'accept' answers")
        else:
            for item in raw:
                if not isinstance(item, yamlsafe.LineDict) or not isinstance(item.get("accept"), list) or not item["accept"]:
                    line = item.line if isinstance(item, yamlsafe.LineDict) else data.line_of("blanks")
                    p.add(line, "each blank needs 'accept:' with a list of accepted answers")
                    blanks.append(())
                    continue
                accepted = item["accept"]
                if any(isinstance(a, yamlsafe.Invalid) for a in accepted):
                    blanks.append(())  # reported with the question
                    continue
                if not all(is_text(a) for a in accepted):
                    # Never str() a list or mapping here: an aliased one can be enormous.
                    p.add(item.line_of("accept"), "each accepted answer is one piece of text")
                    blanks.append(())
                    continue
                blanks.append(tuple(str(a).strip() for a in accepted if str(a).strip()))
        numbers = [int(m.group(1)) for m in BLANK.finditer(text)]
        if text and not numbers:
            p.add(data.line_of("text"), "cloze text has no blanks; mark them {{1}}, {{2}}, ...")
        elif numbers != list(range(1, len(numbers) + 1)):
            p.add(data.line_of("text"), "blanks must be numbered {{1}}, {{2}}, ... in order, each once")
        elif blanks and len(numbers) != len(blanks):
            p.add(data.line_of("blanks"), f"the text has {len(numbers)} blanks but 'blanks' lists {len(blanks)}")
        return {"text": text, "blanks": tuple(blanks)}
    if qtype == "numeric":
        answer = _number(data.get("answer"))
        if answer is None:
            p.add(data.line_of("answer"), "field 'answer' must be a number")
            answer = 0.0
        tol, rng = data.get("tolerance"), data.get("range")
        low = high = answer
        if (tol is None) == (rng is None):
            p.add(data.line, "a numeric question needs exactly one of 'tolerance' or 'range'")
        elif tol is not None:
            t = _number(tol)
            if t is None or t < 0:
                p.add(data.line_of("tolerance"), "field 'tolerance' must be a number of 0 or more")
            else:
                low, high = answer - t, answer + t
        else:
            if not (isinstance(rng, list) and len(rng) == 2 and all(_number(v) is not None for v in rng)):
                p.add(data.line_of("range"), "field 'range' must be [low, high]")
            else:
                low, high = float(rng[0]), float(rng[1])
                if low > high:
                    p.add(data.line_of("range"), "range low is above range high")
                elif not low <= answer <= high:
                    p.add(data.line_of("answer"), f"answer {answer:g} lies outside its own range [{low:g}, {high:g}]")
        unit = data.get("unit", "")
        if not isinstance(unit, (str, int, float)):
            p.add(data.line_of("unit"), "field 'unit' must be text")
            unit = ""
        return {"answer": answer, "low": low, "high": high, "unit": str(unit).strip()}
    if qtype == "hotspot":
        diagram = need_str(data, "diagram", p)
        answer = need_str(data, "answer", p)
        regions = _text_list(data, "regions", ctx, 2)
        titles: list[str] = []
        if diagram:
            try:
                known = load_diagram(diagram, ctx.root, ctx.assets).regions
            except (DiagramError, OSError) as exc:
                p.add(data.line_of("diagram"), str(exc))
            else:
                for r in regions:
                    if r not in known:
                        p.add(data.line_of("regions"), f"diagram '{diagram}' has no region '{r}'")
                if answer and answer not in known:
                    p.add(data.line_of("answer"), f"diagram '{diagram}' has no region '{answer}'")
                titles = [known.get(r, r) for r in regions]
        if answer and regions and answer not in regions:
            p.add(data.line_of("answer"), f"the answer region '{answer}' is not among the clickable 'regions'")
        return {"diagram": diagram, "answer": answer, "regions": tuple(regions), "region_titles": tuple(titles)}
    return {}


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
    shuffle = _bool(data, "shuffle", ctx, default=True)
    fields = _parse_type_fields(qtype, data, ctx) if qtype else {}
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
    "id", "type", "module", "objective", "tracks", "difficulty", "reviewed", "review_by", "replaces", "shuffle", "diagram", "regions",
    "sources", "answer",
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
