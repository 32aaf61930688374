"""Drawing quizzes from the bank, and running one quiz: present, grade, store, review.

Drawing is stratified across learning objectives and difficulties, never repeats a question
within a quiz, avoids the learner's recent questions while the bank allows, draws only
family questions on the family track, and is reproducible from a seed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.grading import Grade
from desktop_app.core.kinds import kind_of
from desktop_app.core.kinds.base import Presentation
from desktop_app.core.questions import Bank, Question

PRACTICE, TEST, REVIEW, WEAK = "practice", "test", "review", "weak"
MODES = (PRACTICE, TEST, REVIEW, WEAK)
MODE_LABELS = {PRACTICE: "Practice", TEST: "Test", REVIEW: "Review", WEAK: "Weak spots"}
RECENT_ATTEMPTS = 3

Strata = dict[str, dict[int, list[Question]]]


@dataclass(frozen=True)
class QuizSpec:
    mode: str
    modules: tuple[str, ...]
    count: int
    track: str
    seed: int
    time_limit_s: int | None = None

    @property
    def immediate_feedback(self) -> bool:
        return self.mode != TEST

    @property
    def second_try(self) -> bool:
        return self.mode == PRACTICE


class StrataIndex:
    """Questions grouped by objective and difficulty, cached per (modules, track)."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._cache: dict[tuple[tuple[str, ...], str], Strata] = {}

    def strata(self, modules: Sequence[str] | None, track: str) -> Strata:
        """The questions the eligibility rule allows for this track and these modules."""
        from desktop_app.core.learning.eligibility import Eligibility

        key = (tuple(sorted(modules)) if modules is not None else ("*",), track)
        found = self._cache.get(key)
        if found is None:
            found = {}
            for q in Eligibility(self.bank, track).pool(modules):
                found.setdefault(q.objective, {}).setdefault(q.difficulty, []).append(q)
            self._cache[key] = found
        return found


def _pick(pool: list[Question], rng: random.Random, taken: set[str], avoid: Iterable[str] | set[str]) -> Question | None:
    """A random question from pool not taken and not avoided; a few random probes, then a scan."""
    if not pool:
        return None
    avoid_set = avoid if isinstance(avoid, set) else set(avoid)
    for _ in range(6):
        q = pool[rng.randrange(len(pool))]
        if q.id not in taken and q.id not in avoid_set:
            return q
    rest = [q for q in pool if q.id not in taken and q.id not in avoid_set]
    return rng.choice(rest) if rest else None


def draw_stratified(
    strata: Strata,
    count: int,
    seed: int,
    recent: set[str] | frozenset[str] = frozenset(),
    objectives: Iterable[str] | None = None,
    already: Sequence[Question] = (),
    exclude: Collection[str] = frozenset(),
) -> list[Question]:
    """Round-robin over objectives (in a seeded random order), cycling difficulties in each.

    ``exclude``: ids never to draw (suspended by the learner), kept out of the cached strata so
    that suspending a question does not rebuild them."""
    rng = random.Random(seed)
    chosen: list[Question] = list(already)[:count]
    taken = {q.id for q in chosen} | set(exclude)
    objs = sorted(strata if objectives is None else [o for o in objectives if o in strata])
    rng.shuffle(objs)
    cycles = {o: rng.randrange(3) for o in objs}
    recent_set = set(recent)
    for avoid in (recent_set, set()):  # first pass avoids recent questions; second allows them
        exhausted: set[str] = set()
        while len(chosen) < count and len(exhausted) < len(objs):
            for obj in objs:
                if len(chosen) >= count:
                    break
                if obj in exhausted:
                    continue
                by_difficulty = strata[obj]
                levels = sorted(by_difficulty)
                q = None
                for step in range(len(levels)):
                    level = levels[(cycles[obj] + step) % len(levels)]
                    q = _pick(by_difficulty[level], rng, taken, avoid)
                    if q is not None:
                        cycles[obj] += step + 1
                        break
                if q is None:
                    exhausted.add(obj)
                    continue
                chosen.append(q)
                taken.add(q.id)
        if len(chosen) >= count:
            break
    rng.shuffle(chosen)
    return chosen


# ---------------------------------------------------------------- presentation


def present(question: Question, rng: random.Random) -> Presentation:
    return kind_of(question).present(question, rng)


# ---------------------------------------------------------------- one quiz


@dataclass
class Outcome:
    question: Question
    grade: Grade
    try_number: int
    can_retry: bool
    misconception: bool
    show_feedback: bool


@dataclass
class ItemState:
    question: Question
    presentation: Presentation
    responses: list[Any] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    confidence: int | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def final_grade(self) -> Grade | None:
        return self.grades[-1] if self.grades else None

    @property
    def first_grade(self) -> Grade | None:
        return self.grades[0] if self.grades else None


def score_of(items: Sequence[ItemState]) -> float:
    """Quiz score: the mean of first-try scores (a second try teaches, it does not add marks)."""
    if not items:
        return 0.0
    return sum((i.first_grade.score if i.first_grade else 0.0) for i in items) / len(items)
