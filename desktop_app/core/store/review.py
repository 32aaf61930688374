"""Spaced review: one FSRS card per question a learner has met, and the misconceptions kept."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
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

    def card_question_ids(self, learner_id: int) -> list[str]:
        """The question of every card (read from the primary key alone)."""
        rows = self._rows("SELECT question_id FROM cards WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id])
        return [qid for (qid,) in rows]

    def due_counts(self, learner_id: int, bounds: Sequence[float]) -> list[int]:
        """Cards due before bounds[0], then in [bounds[i-1], bounds[i]): one count of the index
        per range, with no row brought into Python (the dashboard's 14 days)."""
        out = []
        low = float("-inf")
        for high in bounds:
            rows = self._rows(
                "SELECT COUNT(*) FROM cards WHERE learner_id = ? AND course_id = ? AND due >= ? AND due < ?",
                [learner_id, self.course_id, low, high],
            )
            out.append(int(rows[0][0]))
            low = high
        return out

    def card_dues(self, learner_id: int, question_ids: Sequence[str]) -> list[tuple[str, float]]:
        """(question id, due) of these questions' cards."""
        out: list[tuple[str, float]] = []
        for i in range(0, len(question_ids), 500):
            chunk = list(question_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            out += [
                (qid, due)
                for qid, due in self._rows(
                    f"SELECT question_id, due FROM cards WHERE learner_id = ? AND course_id = ? AND question_id IN ({marks})",
                    [learner_id, self.course_id, *chunk],
                )
            ]
        return out

    def card_count(self, learner_id: int) -> int:
        return int(self._rows("SELECT COUNT(*) FROM cards WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id])[0][0])

    # ------------------------------------------------------------ the question browser

    def met_cards(self, learner_id: int) -> list[dict[str, Any]]:
        """One row per question this learner has met in the course in use: its schedule, flag,
        suspension, and whether a confident mistake on it is still open."""
        return self._dicts(
            "SELECT c.question_id, c.module_id, c.due, c.state, c.reps, c.lapses, c.last_review, c.flagged, c.suspended, "
            "EXISTS (SELECT 1 FROM misconceptions m WHERE m.learner_id = c.learner_id AND m.course_id = c.course_id "
            "AND m.question_id = c.question_id AND m.resolved_at IS NULL) AS misconception "
            "FROM cards c WHERE c.learner_id = ? AND c.course_id = ? ORDER BY c.module_id, c.question_id",
            [learner_id, self.course_id],
        )

    def met_question_ids(self, learner_id: int) -> list[str]:
        return [
            qid
            for (qid,) in self._rows("SELECT question_id FROM cards WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id])
        ]

    def suspended_ids(self, learner_id: int) -> frozenset[str]:
        rows = self._rows(
            "SELECT question_id FROM cards WHERE learner_id = ? AND course_id = ? AND suspended = 1", [learner_id, self.course_id]
        )
        return frozenset(qid for (qid,) in rows)

    def mark_card(self, learner_id: int, question_id: str, *, flagged: bool | None = None, suspended: bool | None = None) -> bool:
        """Flag or suspend a question met before; False when there is no card for it (never met)."""
        sets, params = [], []
        if flagged is not None:
            sets.append("flagged = ?")
            params.append(int(flagged))
        if suspended is not None:
            sets.append("suspended = ?")
            params.append(int(suspended))
        if not sets:
            return True
        with self._transaction("Saving your mark on the question") as conn:
            cursor = conn.execute(
                f"UPDATE cards SET {', '.join(sets)} WHERE learner_id = ? AND course_id = ? AND question_id = ?",
                [*params, learner_id, self.course_id, question_id],
            )
            return cursor.rowcount == 1

    def question_history(self, learner_id: int, question_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """This learner's answers to one question, newest first, with the kind of quiz each was in."""
        rows = self._dicts(
            "SELECT a.answered_at, a.response, a.score, a.try_number, a.time_ms, a.confidence, q.mode "
            "FROM answers a LEFT JOIN quiz_attempts q ON q.id = a.attempt_id "
            "WHERE a.learner_id = ? AND a.course_id = ? AND a.question_id = ? ORDER BY a.answered_at DESC, a.id DESC LIMIT ?",
            [learner_id, self.course_id, question_id, limit],
        )
        out = []
        for row in rows:
            try:
                out.append(dict(row, response=json.loads(row["response"])))
            except (TypeError, ValueError):
                out.append(dict(row, response=None))  # a damaged answer still counts in the history
        return out

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
