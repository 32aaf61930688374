"""Reading progress, quiz attempts and answers, for the course in use."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from desktop_app.core.store.base import QueryBase
from desktop_app.core.store.migrations import RECENT_SCORES
from desktop_app.core.store.records import AnswerRecord, Attempt, CardRow, attempt_from_row
from desktop_app.core.store.review import put_card


class ProgressQueries(QueryBase):
    # ------------------------------------------------------------ reading

    def record_reading(
        self, learner_id: int, module_id: str, section_id: str, seconds: float, completed: bool, studied: bool = True
    ) -> None:
        """Add reading time; ``studied``: it counts towards the day's study (the streak)."""
        now = time.time()
        with self._transaction("Saving your reading progress") as conn:
            conn.execute(
                """
                INSERT INTO section_reads (learner_id, course_id, module_id, section_id, first_seen, last_seen, seconds, completed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (learner_id, course_id, module_id, section_id) DO UPDATE SET
                    last_seen = excluded.last_seen,
                    seconds = section_reads.seconds + excluded.seconds,
                    completed = MAX(section_reads.completed, excluded.completed)
                """,
                [learner_id, self.course_id, module_id, section_id, now, now, max(0.0, seconds), int(completed)],
            )
            if studied:
                self._mark_study_day(conn, learner_id, now)

    def set_section_completed(self, learner_id: int, module_id: str, section_id: str, completed: bool) -> None:
        now = time.time()
        with self._transaction("Saving your reading progress") as conn:
            conn.execute(
                """
                INSERT INTO section_reads (learner_id, course_id, module_id, section_id, first_seen, last_seen, seconds, completed)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                ON CONFLICT (learner_id, course_id, module_id, section_id) DO UPDATE SET
                    last_seen = excluded.last_seen, completed = excluded.completed
                """,
                [learner_id, self.course_id, module_id, section_id, now, now, int(completed)],
            )
            self._mark_study_day(conn, learner_id, now)

    def completed_sections(self, learner_id: int) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        rows = self._rows(
            "SELECT module_id, section_id FROM section_reads WHERE learner_id = ? AND course_id = ? AND completed = 1",
            [learner_id, self.course_id],
        )
        for module_id, section_id in rows:
            out.setdefault(module_id, set()).add(section_id)
        return out

    def section_read(self, learner_id: int, module_id: str, section_id: str) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT first_seen, last_seen, seconds, completed FROM section_reads "
            "WHERE learner_id = ? AND course_id = ? AND module_id = ? AND section_id = ?",
            [learner_id, self.course_id, module_id, section_id],
        )
        if not rows:
            return None
        first, last, seconds, completed = rows[0]
        return {"first_seen": first, "last_seen": last, "seconds": seconds, "completed": bool(completed)}

    def has_answers(self, learner_id: int) -> bool:
        """Whether this learner answered anything in any course (an index lookup, not a count)."""
        return bool(self._rows("SELECT EXISTS (SELECT 1 FROM answers WHERE learner_id = ?)", [learner_id])[0][0])

    def last_section(self, learner_id: int) -> tuple[str, str] | None:
        rows = self._rows(
            "SELECT module_id, section_id FROM section_reads WHERE learner_id = ? AND course_id = ? ORDER BY last_seen DESC LIMIT 1",
            [learner_id, self.course_id],
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def reading_seconds_by_day(self, learner_id: int, since: float) -> dict[str, float]:
        rows = self._rows(
            "SELECT date(last_seen, 'unixepoch', 'localtime') AS day, SUM(seconds) FROM section_reads "
            "WHERE learner_id = ? AND course_id = ? AND last_seen >= ? GROUP BY day",
            [learner_id, self.course_id, since],
        )
        return {day: total for day, total in rows}

    # ------------------------------------------------------------ quizzes

    def start_attempt(
        self,
        learner_id: int,
        mode: str,
        modules: Sequence[str],
        seed: int,
        question_ids: Sequence[str],
        time_limit_s: int | None = None,
    ) -> int:
        with self._transaction("Starting the quiz") as conn:
            cursor = conn.execute(
                "INSERT INTO quiz_attempts (learner_id, course_id, mode, modules, seed, question_ids, time_limit_s, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    learner_id,
                    self.course_id,
                    mode,
                    json.dumps(list(modules)),
                    seed,
                    json.dumps(list(question_ids)),
                    time_limit_s,
                    time.time(),
                ],
            )
            return int(cursor.lastrowid or 0)

    def finish_attempt(self, attempt_id: int, score: float) -> None:
        with self._transaction("Saving the quiz result") as conn:
            conn.execute("UPDATE quiz_attempts SET finished_at = ?, score = ? WHERE id = ?", [time.time(), score, attempt_id])

    def attempts(self, learner_id: int, limit: int = 50) -> list[Attempt]:
        rows = self._rows(
            "SELECT id, learner_id, mode, modules, seed, question_ids, time_limit_s, started_at, finished_at, score "
            "FROM quiz_attempts WHERE learner_id = ? AND course_id = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [learner_id, self.course_id, limit],
        )
        return [attempt_from_row(row) for row in rows]

    def record_answer(self, answer: AnswerRecord, card: CardRow | None = None, misconception: bool = False) -> int:
        """Store one answer, and in the same transaction the rescheduled card and misconception."""
        at = answer.answered_at if answer.answered_at is not None else time.time()
        course = self.course_id
        with self._transaction("Saving your answer") as conn:
            cursor = conn.execute(
                "INSERT INTO answers (attempt_id, learner_id, course_id, question_id, module_id, objective_id, response, score, "
                "correct, try_number, time_ms, answered_at, confidence, misconception) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    answer.attempt_id,
                    answer.learner_id,
                    course,
                    answer.question_id,
                    answer.module_id,
                    answer.objective_id,
                    json.dumps(answer.response),
                    float(answer.score),
                    int(answer.correct),
                    answer.try_number,
                    int(answer.time_ms),
                    at,
                    answer.confidence,
                    int(misconception),
                ],
            )
            self._mark_study_day(conn, answer.learner_id, at)
            first = answer.try_number == 1
            conn.execute(
                "INSERT INTO answer_days (learner_id, course_id, day, answers, first_tries, first_try_score, seconds) "
                "VALUES (?, ?, date(?, 'unixepoch', 'localtime'), 1, ?, ?, ?) "
                "ON CONFLICT (learner_id, course_id, day) DO UPDATE SET answers = answers + 1, "
                "first_tries = first_tries + excluded.first_tries, first_try_score = first_try_score + excluded.first_try_score, "
                "seconds = seconds + excluded.seconds",
                [answer.learner_id, course, at, int(first), float(answer.score) if first else 0.0, answer.time_ms / 1000.0],
            )
            if first:
                row = conn.execute(
                    "SELECT scores FROM objective_recent WHERE learner_id = ? AND course_id = ? AND objective_id = ?",
                    [answer.learner_id, course, answer.objective_id],
                ).fetchone()
                before = _json(row[0]) if row else []
                scores = [float(answer.score)] + [s for s in (before if isinstance(before, list) else []) if isinstance(s, (int, float))]
                conn.execute(
                    "INSERT INTO objective_recent (learner_id, course_id, objective_id, scores) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (learner_id, course_id, objective_id) DO UPDATE SET scores = excluded.scores",
                    [answer.learner_id, course, answer.objective_id, json.dumps(scores[:RECENT_SCORES])],
                )
            if card is not None:
                put_card(conn, answer.learner_id, course, card)
            if misconception:
                conn.execute(
                    "INSERT INTO misconceptions (learner_id, course_id, question_id, module_id, objective_id, response, first_at, "
                    "last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, course_id, question_id) DO UPDATE SET "
                    "response = excluded.response, last_at = excluded.last_at, times = misconceptions.times + 1, "
                    "resolved_at = NULL",
                    [
                        answer.learner_id,
                        course,
                        answer.question_id,
                        answer.module_id,
                        answer.objective_id,
                        json.dumps(answer.response),
                        at,
                        at,
                    ],
                )
            elif answer.correct:
                conn.execute(
                    "UPDATE misconceptions SET resolved_at = ? "
                    "WHERE learner_id = ? AND course_id = ? AND question_id = ? AND resolved_at IS NULL",
                    [at, answer.learner_id, course, answer.question_id],
                )
            return int(cursor.lastrowid or 0)

    def attempt_answers(self, attempt_id: int) -> list[dict[str, Any]]:
        rows = self._dicts(
            "SELECT id, question_id, module_id, objective_id, response, score, correct, try_number, time_ms, "
            "answered_at, confidence, misconception FROM answers WHERE attempt_id = ? ORDER BY id",
            [attempt_id],
        )
        return [dict(row, response=_json(row["response"])) for row in rows]

    def recent_question_ids(self, learner_id: int, attempts: int = 3) -> set[str]:
        rows = self._rows(
            "SELECT question_ids FROM quiz_attempts WHERE learner_id = ? AND course_id = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [learner_id, self.course_id, attempts],
        )
        out: set[str] = set()
        for (ids,) in rows:
            value = _json(ids)
            if isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
        return out

    def answer_count(self, learner_id: int) -> int:
        rows = self._rows("SELECT SUM(answers) FROM answer_days WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id])
        return int(rows[0][0] or 0)

    def _mark_study_day(self, conn: sqlite3.Connection, learner_id: int, when: float) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO study_days (learner_id, day) VALUES (?, date(?, 'unixepoch', 'localtime'))",
            [learner_id, when],
        )


def _json(text: str) -> Any:
    """A stored JSON value; None if another program left something else there."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None
