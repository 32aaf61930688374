"""The rows the store reads and writes, as plain records."""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

TRACKS = ("family", "student")


class Learner(NamedTuple):
    id: int
    name: str
    track: str
    created_at: float
    last_opened_at: float


class AnswerRecord(NamedTuple):
    attempt_id: int
    learner_id: int
    question_id: str
    module_id: str
    objective_id: str
    response: Any
    score: float
    try_number: int = 1
    time_ms: int = 0
    confidence: int | None = None
    answered_at: float | None = None

    @property
    def correct(self) -> bool:
        return self.score >= 0.999


class CardRow(NamedTuple):
    question_id: str
    module_id: str
    due: float
    state: int
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    last_review: float | None
    card: str


class Attempt(NamedTuple):
    id: int
    learner_id: int
    mode: str
    modules: tuple[str, ...]
    seed: int
    question_ids: tuple[str, ...]
    time_limit_s: int | None
    started_at: float
    finished_at: float | None
    score: float | None


def attempt_from_row(row: Sequence[Any]) -> Attempt:
    return Attempt(
        id=row[0],
        learner_id=row[1],
        mode=row[2],
        modules=tuple(json.loads(row[3])),
        seed=row[4],
        question_ids=tuple(json.loads(row[5])),
        time_limit_s=row[6],
        started_at=row[7],
        finished_at=row[8],
        score=row[9],
    )
