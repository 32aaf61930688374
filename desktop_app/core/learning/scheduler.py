"""Spaced review with FSRS: every question a learner has met is a card with its own memory state."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.core.store.records import CardRow

if TYPE_CHECKING:
    from fsrs import Rating

# fsrs is imported where it is used: the reader never needs it, and start-up is measured.

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
RETENTION_HELP = (
    "Desired retention is how likely you want to be to still know an answer when it comes back "
    "for review. Raising it (say from 0.90 to 0.95) makes reviews come back sooner, so you will do "
    "noticeably more reviews each day; lowering it means fewer reviews but more forgetting."
)

# Confidence levels, as in Moodle's certainty-based marking.
CONFIDENCE_LOW, CONFIDENCE_MEDIUM, CONFIDENCE_HIGH = 1, 2, 3
CONFIDENCE_LABELS = {CONFIDENCE_LOW: "Not sure", CONFIDENCE_MEDIUM: "Fairly sure", CONFIDENCE_HIGH: "Very sure"}


def rating_for(score: float, confidence: int | None) -> Rating:
    """The FSRS grade from correctness and how sure the learner said they were."""
    from fsrs import Rating

    if score < 0.5:
        return Rating.Again
    if score < 0.999:
        return Rating.Hard
    if confidence == CONFIDENCE_LOW:
        return Rating.Hard
    if confidence == CONFIDENCE_HIGH:
        return Rating.Easy
    return Rating.Good


def is_misconception(score: float, confidence: int | None) -> bool:
    """A wrong answer given with high confidence: the mistakes a learner is sure of."""
    return confidence == CONFIDENCE_HIGH and score < 0.5


def clamp_retention(value: float) -> float:
    return min(MAX_RETENTION, max(MIN_RETENTION, float(value)))


class ReviewScheduler:
    def __init__(self, desired_retention: float = DEFAULT_RETENTION) -> None:
        from fsrs import Scheduler

        self.desired_retention = clamp_retention(desired_retention)
        # No fuzzing: the same history gives the same schedule, which learners and tests can rely on.
        self._fsrs = Scheduler(desired_retention=self.desired_retention, enable_fuzzing=False)

    def review(
        self,
        previous: CardRow | None,
        question_id: str,
        module_id: str,
        score: float,
        confidence: int | None,
        when: dt.datetime | None = None,
    ) -> CardRow:
        from fsrs import Card

        now = when or dt.datetime.now(dt.UTC)
        card = Card.from_json(previous.card) if previous is not None else Card(card_id=_card_id(question_id))
        card, _log = self._fsrs.review_card(card, rating_for(score, confidence), review_datetime=now)
        reps = (previous.reps if previous else 0) + 1
        lapses = (previous.lapses if previous else 0) + (1 if score < 0.5 and previous is not None else 0)
        return CardRow(
            question_id=question_id,
            module_id=module_id,
            due=card.due.timestamp(),
            state=int(card.state),
            stability=card.stability,
            difficulty=card.difficulty,
            reps=reps,
            lapses=lapses,
            last_review=card.last_review.timestamp() if card.last_review else None,
            card=card.to_json(),
        )


def _card_id(question_id: str) -> int:
    # fsrs makes ids from the clock (and sleeps to keep them unique); a stable id from the
    # question is unique per learner already and costs nothing.
    import zlib

    return zlib.crc32(question_id.encode()) + 1
