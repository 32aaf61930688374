"""Score a learner's response to a question, with partial credit, always in [0, 1].

Responses refer to the question's own order (choice indexes, item indexes, region ids), never
to the shuffled order on screen, so shuffling cannot change a score.

Response shapes (all JSON-serializable, as stored in the database):
- single_choice: int (choice index) or None
- multiple_response: list[int] (choice indexes)
- true_false: bool or None
- matching: list[str | None] (the right-hand item chosen for each left item, in order)
- ordering: list[int] (item indexes in the order the learner put them)
- cloze: list[str] (one entry per blank)
- numeric: str or number
- hotspot: str (region id) or None
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.questions import (
    Cloze,
    Hotspot,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}


@dataclass(frozen=True)
class Grade:
    score: float
    feedback: tuple[str, ...] = ()
    parts: tuple[bool, ...] = field(default=())  # per option/pair/blank: right or not

    @property
    def correct(self) -> bool:
        return self.score >= 0.999


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
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("\u2212", "-").replace(" ", "").rstrip("%")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _choice_index(value: Any, n: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < n else None


def grade(question: Question, response: Any) -> Grade:
    if isinstance(question, SingleChoice):
        picked = _choice_index(response, len(question.choices))
        if picked is None:
            return Grade(0.0)
        choice = question.choices[picked]
        return Grade(1.0 if choice.correct else 0.0, (choice.feedback,) if choice.feedback else ())
    if isinstance(question, MultipleResponse):
        picks = {i for i in _as_list(response) if _choice_index(i, len(question.choices)) is not None}
        right = question.correct_indexes
        hits = len(picks & right)
        wrong = len(picks - right)
        score = max(0.0, (hits - wrong) / len(right))
        feedback = tuple(question.choices[i].feedback for i in sorted(picks ^ right) if question.choices[i].feedback)
        parts = tuple((i in picks) == c.correct for i, c in enumerate(question.choices))
        return Grade(score, feedback, parts)
    if isinstance(question, TrueFalse):
        if not isinstance(response, bool):
            return Grade(0.0)
        fb = question.feedback_true if response else question.feedback_false
        return Grade(1.0 if response == question.answer else 0.0, (fb,) if fb else ())
    if isinstance(question, Matching):
        chosen = _as_list(response)
        parts = tuple(
            i < len(chosen) and isinstance(chosen[i], str) and normalize_text(chosen[i]) == normalize_text(p.right)
            for i, p in enumerate(question.pairs)
        )
        return Grade(sum(parts) / len(question.pairs), (), parts)
    if isinstance(question, Ordering):
        return Grade(ordering_score(len(question.items), response))
    if isinstance(question, Cloze):
        answers = _as_list(response)
        parts = tuple(
            i < len(answers)
            and isinstance(answers[i], (str, int, float))
            and normalize_text(answers[i]) in {normalize_text(a) for a in accepted}
            for i, accepted in enumerate(question.blanks)
        )
        return Grade(sum(parts) / len(question.blanks), (), parts)
    if isinstance(question, Numeric):
        value = parse_number(response)
        if value is None:
            return Grade(0.0, ("Please enter a number.",))
        eps = 1e-9 * max(1.0, abs(question.high), abs(question.low))
        return Grade(1.0 if question.low - eps <= value <= question.high + eps else 0.0)
    if isinstance(question, Hotspot):
        return Grade(1.0 if response == question.answer else 0.0)
    raise TypeError(f"cannot grade a {type(question).__name__}")


def ordering_score(n: int, response: Any) -> float:
    """Share of item pairs in the same relative order as the key (items are 0..n-1 in key order).

    A response that is not a permutation of the items scores 0.
    """
    if not isinstance(response, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in response):
        return 0.0
    if sorted(response) != list(range(n)):
        return 0.0
    pairs = n * (n - 1) // 2
    if pairs == 0:
        return 1.0
    agree = sum(1 for i in range(n) for j in range(i + 1, n) if response[i] < response[j])
    return agree / pairs


def correct_response(question: Question) -> Any:
    """The response that scores 1: used for the review screen and for tests."""
    if isinstance(question, SingleChoice):
        return question.correct_index
    if isinstance(question, MultipleResponse):
        return sorted(question.correct_indexes)
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, Matching):
        return [p.right for p in question.pairs]
    if isinstance(question, Ordering):
        return list(range(len(question.items)))
    if isinstance(question, Cloze):
        return [accepted[0] for accepted in question.blanks]
    if isinstance(question, Numeric):
        return question.answer
    if isinstance(question, Hotspot):
        return question.answer
    raise TypeError(f"no correct response for a {type(question).__name__}")


def describe_response(question: Question, response: Any) -> str:
    """A response in words, for the review screen and the misconception list."""
    if response is None or response == [] or response == "":
        return "(no answer)"
    if isinstance(question, SingleChoice):
        i = _choice_index(response, len(question.choices))
        return question.choices[i].text if i is not None else "(no answer)"
    if isinstance(question, MultipleResponse):
        picked = [question.choices[i].text for i in _as_list(response) if _choice_index(i, len(question.choices)) is not None]
        return "; ".join(picked) or "(no answer)"
    if isinstance(question, TrueFalse):
        return ("True" if response else "False") if isinstance(response, bool) else "(no answer)"
    if isinstance(question, Matching):
        chosen = _as_list(response)
        return "; ".join(
            f"{p.left} → {chosen[i] if i < len(chosen) and isinstance(chosen[i], str) else '?'}" for i, p in enumerate(question.pairs)
        )
    if isinstance(question, Ordering):
        order = _as_list(response)
        if not order or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question.items) for i in order):
            return "(no answer)"
        return " → ".join(question.items[i] for i in order)
    if isinstance(question, Cloze):
        return " / ".join(str(a) or "…" for a in _as_list(response)) or "(no answer)"
    if isinstance(question, Numeric):
        return f"{response} {question.unit}".strip()
    if isinstance(question, Hotspot):
        return question.title_of(str(response))
    return str(response)


def describe_correct(question: Question) -> str:
    if isinstance(question, Numeric):
        if question.high - question.low > 1e-9:
            return f"{question.answer:g} {question.unit} (accepted {question.low:g}–{question.high:g})".replace("  ", " ")
        return f"{question.answer:g} {question.unit}".strip()
    if isinstance(question, Cloze):
        return " / ".join(" or ".join(accepted) for accepted in question.blanks)
    return describe_response(question, correct_response(question))
