"""What every question type shares: the question record, its parts, grades, presentation,
and the Kind that one module per type fills in (see kinds/__init__ for the registry).

A kind knows everything about its type: the fields it adds to a question, how to read them from
YAML (with file:line problems), how to grade a response and with what partial credit, how to
describe a response and the right answer in words, how it is presented (shuffled orders), and
how it is written out for other tools (Moodle XML, GIFT, Anki). Responses always refer to the
question's own order (choice indexes, item indexes, region ids), never to the shuffled order on
screen, so shuffling cannot change a score.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from desktop_app.core.content import yamlsafe
    from desktop_app.core.content.problems import ProblemList
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter

BLANK = re.compile(r"\{\{\s*(\d+)\s*\}\}")


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


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


# ---------------------------------------------------------------- grades and text


@dataclass(frozen=True)
class Grade:
    score: float
    feedback: tuple[str, ...] = ()
    parts: tuple[bool, ...] = field(default=())  # per option/pair/blank: right or not

    @property
    def correct(self) -> bool:
        return self.score >= 0.999


GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip


def normalize_text(text: str) -> str:
    """Fold case, Greek letters, hyphens and spaces so that 'IFN-γ' == 'ifn gamma' == 'IFNgamma'."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = "".join(GREEK.get(ch, ch) for ch in text)
    text = re.sub(r"[\s\-‐‑‒–—_]+", "", text)
    return text.strip(".,;:!?'\"()[]")


def parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    text = str(value).strip().replace("\u2212", "-").replace(" ", "").rstrip("%")
    if len(text) > 64:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def choice_index(value: Any, n: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < n else None


@dataclass(frozen=True)
class Presentation:
    """How a question is shown: its shuffled orders. Responses still use the question's own order."""

    option_order: tuple[int, ...] = ()  # choices (choice questions) or items (ordering)
    right_order: tuple[str, ...] = ()  # matching: right-hand items as offered


# ---------------------------------------------------------------- parsing helpers shared by kinds


@dataclass
class ParseContext:
    """What a kind needs while it reads its fields: where problems go, and where files are."""

    problems: ProblemList
    root: Any
    assets: Any


def need_bool(data: yamlsafe.LineDict, key: str, ctx: ParseContext, default: bool | None = None) -> bool | None:
    from desktop_app.core.content import yamlsafe

    value = data.get(key, default)
    if isinstance(value, yamlsafe.Invalid):
        return None  # reported with the question
    if not isinstance(value, bool):
        ctx.problems.add(data.line_of(key), f"field '{key}' must be true or false")
        return None
    return value


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        result = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return result if math.isfinite(result) else None


def text_list(data: yamlsafe.LineDict, key: str, ctx: ParseContext, minimum: int) -> list[str]:
    from desktop_app.core.content import yamlsafe
    from desktop_app.core.content.fields import is_text

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


def text_field(data: yamlsafe.LineDict, key: str, ctx: ParseContext) -> str:
    """An optional text field (feedback): '' when absent."""
    value = data.get(key, "")
    if not isinstance(value, str):
        ctx.problems.add(data.line_of(key), f"field '{key}' must be text")
        return ""
    return value.strip()


# ---------------------------------------------------------------- the kind


class Kind:
    """One question type. Subclasses in kinds/<name>.py fill in what differs."""

    name: ClassVar[str]
    label: ClassVar[str]  # shown to learners: "Click the diagram"
    record: ClassVar[type[Question]]
    fields: ClassVar[frozenset[str]]  # YAML keys beyond the common ones

    # -- reading from YAML

    def parse(self, data: yamlsafe.LineDict, ctx: ParseContext) -> dict[str, Any]:
        """This type's fields, as keyword arguments for ``record``; problems go to ctx."""
        raise NotImplementedError

    # -- answering

    def grade(self, q: Any, response: Any) -> Grade:
        raise NotImplementedError

    def correct_response(self, q: Any) -> Any:
        """The response that scores 1: used for the review screen and for tests."""
        raise NotImplementedError

    def describe_response(self, q: Any, response: Any) -> str:
        """A response in words, for the review screen, the misconception list and reports."""
        return str(response)

    def describe_correct(self, q: Any) -> str:
        return self.describe_response(q, self.correct_response(q))

    def present(self, q: Any, rng: random.Random) -> Presentation:
        return Presentation()

    def options(self, q: Any) -> list[str]:
        """The options a learner chooses among, in the question's own order (for reports)."""
        return []

    # -- writing for other tools (exchange/moodle_xml.py and exchange/gift.py call these)

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        """The question as Moodle XML: its Moodle type and the elements only that type has.

        Every type must have one: Moodle can hold every kind of question this program asks.
        """
        raise NotImplementedError(f"question type '{self.name}' cannot be written as Moodle XML yet")

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        """The question in GIFT, or None (after ``w.unsupported``, with the reason) when GIFT
        cannot express this type."""
        w.unsupported(q, f"GIFT cannot express a question of type '{self.label}'")
        return None
