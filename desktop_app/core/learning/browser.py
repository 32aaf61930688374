"""The question browser (as Anki's): every question a learner has met, with its schedule and
marks, filtered by module, objective, type and state; and one question's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.core.kinds import KINDS, Question

ALL, DUE, FLAGGED, SUSPENDED, MISCONCEPTION = "all", "due", "flagged", "suspended", "misconception"
STATES = {
    ALL: "All I have met",
    DUE: "Due for review",
    FLAGGED: "Flagged",
    SUSPENDED: "Suspended",
    MISCONCEPTION: "Sure but wrong",
}
TYPE_NAMES = {name: kind.label for name, kind in KINDS.items()}
MODE_NAMES = {"practice": "Practice", "test": "Test", "review": "Review", "weak": "Weak spots"}


@dataclass(frozen=True)
class BrowserFilter:
    module: str | None = None
    objective: str | None = None
    type: str | None = None
    state: str = ALL
    text: str = ""  # words that must all appear in the question's stem


@dataclass(frozen=True)
class BrowserRow:
    question: Question
    due: float
    reps: int
    lapses: int
    last_review: float | None
    flagged: bool
    suspended: bool
    misconception: bool

    def is_due(self, now: float) -> bool:
        # As Review draws: a mistake made while very sure is asked first, whenever its card is due.
        return not self.suspended and (self.due <= now or self.misconception)

    def due_text(self, now: float) -> str:
        if self.suspended:
            return "Suspended"
        if self.is_due(now):
            return "Due now"
        days = (dt.date.fromtimestamp(self.due) - dt.date.fromtimestamp(now)).days
        return "Tomorrow" if days == 1 else ("Later today" if days <= 0 else f"In {days} days")


@dataclass(frozen=True)
class HistoryEntry:
    answered_at: float
    mode: str
    your_answer: str
    score: float
    try_number: int
    seconds: float
    confidence: int | None


def browser_rows(cards: Iterable[dict[str, Any]], questions: dict[str, Question], allowed: set[str]) -> list[BrowserRow]:
    """Rows for met questions still in the course and on the learner's track (``allowed``)."""
    out = []
    for c in cards:
        q = questions.get(c["question_id"])
        if q is None or q.id not in allowed:
            continue  # retired by a newer pack, or not on this track: history kept, not listed
        out.append(
            BrowserRow(
                q,
                float(c["due"]),
                int(c["reps"]),
                int(c["lapses"]),
                c["last_review"],
                bool(c["flagged"]),
                bool(c["suspended"]),
                bool(c["misconception"]),
            )
        )
    return out


def matches(row: BrowserRow, f: BrowserFilter, now: float) -> bool:
    q = row.question
    if f.module and q.module != f.module:
        return False
    if f.objective and q.objective != f.objective:
        return False
    if f.type and q.type != f.type:
        return False
    if f.state == DUE and not row.is_due(now):
        return False
    if f.state == FLAGGED and not row.flagged:
        return False
    if f.state == SUSPENDED and not row.suspended:
        return False
    if f.state == MISCONCEPTION and not row.misconception:
        return False
    if f.text:
        stem = q.stem.casefold()
        if not all(word in stem for word in f.text.casefold().split()):
            return False
    return True
