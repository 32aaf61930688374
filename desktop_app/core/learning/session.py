"""One quiz being taken: present each question, grade it, store the answer at once, review."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.grading import grade
from desktop_app.core.learning.quiz import ItemState, Outcome, QuizSpec, present, score_of
from desktop_app.core.learning.scheduler import is_misconception
from desktop_app.core.questions import Question
from desktop_app.core.store.records import AnswerRecord

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desktop_app.core.tutor import Tutor


@dataclass(frozen=True)
class ReviewRow:
    question: Question
    your_answer: str
    right_answer: str
    score: float
    explanation: str
    sources: str
    confidence: int | None


@dataclass(frozen=True)
class QuizResult:
    attempt_id: int
    score: float
    answered: int
    total: int
    rows: tuple[ReviewRow, ...]


class QuizSession:
    def __init__(self, tutor: Tutor, spec: QuizSpec, questions: Sequence[Question], attempt_id: int) -> None:
        self.tutor = tutor
        self.spec = spec
        self.attempt_id = attempt_id
        rng = random.Random(spec.seed ^ 0x5EED)
        self.items = [ItemState(q, present(q, rng)) for q in questions]
        self.index = 0
        self.started = time.monotonic()
        self.finished: QuizResult | None = None

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def current(self) -> ItemState:
        return self.items[self.index]

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.items) - 1

    def seconds_left(self) -> float | None:
        if self.spec.time_limit_s is None:
            return None
        return max(0.0, self.spec.time_limit_s - (time.monotonic() - self.started))

    def submit(self, response: Any, confidence: int | None = None) -> Outcome:
        """Grade the current question and store the answer at once (a crash loses nothing).

        The answer counts only once it is stored: if the write fails (StorageError: disk full,
        file locked, ...) nothing changes here, and the same answer can be submitted again.
        """
        item = self.current
        if item.grades and not self.can_retry(item):
            raise RuntimeError("this question has already been answered")
        try_number = len(item.grades) + 1
        g = grade(item.question, response)
        elapsed_ms = int((time.monotonic() - item.started) * 1000)
        q = item.question
        misconception = try_number == 1 and is_misconception(g.score, confidence)
        card = None
        if try_number == 1:
            previous = self.tutor.store.card(self.tutor.learner.id, q.id)
            card = self.tutor.scheduler.review(previous, q.id, q.module, g.score, confidence)
        self.tutor.store.record_answer(
            AnswerRecord(
                attempt_id=self.attempt_id,
                learner_id=self.tutor.learner.id,
                question_id=q.id,
                module_id=q.module,
                objective_id=q.objective,
                response=response,
                score=g.score,
                try_number=try_number,
                time_ms=elapsed_ms,
                confidence=confidence if try_number == 1 else None,
            ),
            card=card,
            misconception=misconception,
        )
        # Stored: now it counts.
        if try_number == 1:
            item.confidence = confidence
        item.responses.append(response)
        item.grades.append(g)
        item.started = time.monotonic()
        return Outcome(q, g, try_number, self.can_retry(item), misconception, self.spec.immediate_feedback)

    def can_retry(self, item: ItemState) -> bool:
        return self.spec.second_try and len(item.grades) == 1 and not item.grades[0].correct

    def next(self) -> bool:
        """Move on; False when there is no next question."""
        if self.index + 1 >= len(self.items):
            return False
        self.index += 1
        self.current.started = time.monotonic()
        return True

    def finish(self) -> QuizResult:
        """Record the result and review every answer; if the write fails, nothing is finished yet."""
        if self.finished is not None:
            return self.finished
        score = score_of(self.items)
        self.tutor.store.finish_attempt(self.attempt_id, score)
        rows = tuple(
            self.tutor.review_row(
                i.question, i.responses[0] if i.responses else None, i.first_grade.score if i.first_grade else 0.0, i.confidence
            )
            for i in self.items
        )
        self.finished = QuizResult(self.attempt_id, score, sum(1 for i in self.items if i.grades), len(self.items), rows)
        return self.finished
