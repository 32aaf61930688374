"""Spaced review: one FSRS card per question a learner has met, and the misconceptions kept."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop_app.core.store.base import QueryBase
from desktop_app.core.store.records import CardRow

_CARD = "SELECT question_id, module_id, due, state, stability, difficulty, reps, lapses, last_review, card FROM cards"


def put_card(conn: sqlite3.Connection, learner_id: int, course_id: str, card: CardRow) -> None:
    """Insert or replace a card, inside the caller's transaction (the answer that rescheduled it)."""
    conn.execute(
        "INSERT INTO cards (learner_id, course_id, question_id, module_id, due, state, stability, difficulty, reps, lapses, "
        "last_review, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (learner_id, course_id, question_id) DO UPDATE SET due = excluded.due, state = excluded.state, "
        "stability = excluded.stability, difficulty = excluded.difficulty, reps = excluded.reps, "
        "lapses = excluded.lapses, last_review = excluded.last_review, card = excluded.card",
        [
            learner_id,
            course_id,
            card.question_id,
            card.module_id,
            card.due,
            card.state,
            card.stability,
            card.difficulty,
            card.reps,
            card.lapses,
            card.last_review,
            card.card,
        ],
    )


class ReviewQueries(QueryBase):
    def card(self, learner_id: int, question_id: str) -> CardRow | None:
        rows = self._rows(_CARD + " WHERE learner_id = ? AND course_id = ? AND question_id = ?", [learner_id, self.course_id, question_id])
        return CardRow(*rows[0]) if rows else None

    def due_question_ids(self, learner_id: int, until: float) -> list[tuple[str, float]]:
        """(question id, due) of every card due by ``until``, most overdue first.

        Only ids and times: which of them may be asked is decided by the one eligibility rule
        (learning.eligibility), so that counts and draws can never disagree.
        """
        return [
            (qid, due)
            for qid, due in self._rows(
                "SELECT question_id, due FROM cards WHERE learner_id = ? AND course_id = ? AND due <= ? ORDER BY due",
                [learner_id, self.course_id, until],
            )
        ]

    def due_cards(self, learner_id: int, until: float, limit: int | None = None) -> list[CardRow]:
        sql = _CARD + " WHERE learner_id = ? AND course_id = ? AND due <= ? ORDER BY due"
        params: list[Any] = [learner_id, self.course_id, until]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [CardRow(*row) for row in self._rows(sql, params)]

    def due_by_day_ids(self, learner_id: int, end: float) -> list[tuple[str, str]]:
        """(question id, local day it falls due) for every card due before ``end``."""
        return [
            (qid, day)
            for qid, day in self._rows(
                "SELECT question_id, date(due, 'unixepoch', 'localtime') FROM cards WHERE learner_id = ? AND course_id = ? AND due < ?",
                [learner_id, self.course_id, end],
            )
        ]

    def card_count(self, learner_id: int) -> int:
        return int(self._rows("SELECT COUNT(*) FROM cards WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id])[0][0])

    # ------------------------------------------------------------ misconceptions

    def open_misconceptions(self, learner_id: int, limit: int = 200) -> list[dict[str, Any]]:
        rows = self._dicts(
            "SELECT question_id, module_id, objective_id, response, first_at, last_at, times FROM misconceptions "
            "WHERE learner_id = ? AND course_id = ? AND resolved_at IS NULL ORDER BY last_at DESC LIMIT ?",
            [learner_id, self.course_id, limit],
        )
        out = []
        for row in rows:
            try:
                out.append(dict(row, response=json.loads(row["response"])))
            except (TypeError, ValueError):
                continue
        return out

