"""A learner's history written straight into a progress file, for benchmarks at scale."""

from __future__ import annotations

import datetime as dt
import random
import time

from desktop_app.core.content.records import Course
from desktop_app.core.learning.scheduler import ReviewScheduler
from desktop_app.core.store.database import Store
from desktop_app.core.store.records import CardRow


def fill_history(store: Store, course: Course, learner_id: int, n_answers: int) -> None:
    """``n_answers`` answers over two years, a card per question (up to 100,000), 300 open misconceptions."""
    rng = random.Random(2)
    now = time.time()
    bank = course.bank.questions
    modules = [m.id for m in course.modules] or ["m"]
    attempts = max(1, n_answers // 20)
    with store._transaction("Filling a benchmark history"):
        store.conn.executemany(
            "INSERT INTO quiz_attempts (id, learner_id, course_id, mode, modules, seed, question_ids, started_at, finished_at, score) "
            "VALUES (?, ?, ?, 'test', '[]', 0, ?, ?, ?, 0.7)",
            ((a + 1, learner_id, course.id, "[]", now - (attempts - a) * 60, now - (attempts - a) * 60 + 30) for a in range(attempts)),
        )

        def answers():
            for i in range(n_answers):
                q = bank[rng.randrange(len(bank))]
                at = now - 730 * 86400 * (1 - i / n_answers)
                score = 1.0 if rng.random() < 0.7 else 0.0
                yield (
                    i // 20 + 1,
                    learner_id,
                    course.id,
                    q.id,
                    q.module,
                    q.objective,
                    "0",
                    score,
                    int(score),
                    1,
                    rng.randint(3000, 40000),
                    at,
                    rng.choice([None, 1, 2, 3]),
                    0,
                )

        store.conn.executemany(
            "INSERT INTO answers (attempt_id, learner_id, course_id, question_id, module_id, objective_id, response, score, correct, "
            "try_number, time_ms, answered_at, confidence, misconception) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answers(),
        )
        sched = ReviewScheduler()
        when = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
        card_template = sched.review(None, "x", "m", 1.0, 2, when=when)
        cards = []
        for q in bank[: min(100_000, len(bank))]:
            due = now + rng.uniform(-5, 30) * 86400
            cards.append(CardRow(q.id, q.module, due, 2, 5.0, 5.0, 3, 0, now - 86400, card_template.card))
        store.conn.executemany(
            "INSERT INTO cards (learner_id, course_id, question_id, module_id, due, state, stability, difficulty, reps, lapses, "
            "last_review, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((learner_id, course.id, *c) for c in cards),
        )
        store.conn.executemany(
            "INSERT INTO misconceptions (learner_id, course_id, question_id, module_id, objective_id, response, first_at, last_at) "
            "VALUES (?, ?, ?, ?, ?, '1', ?, ?)",
            ((learner_id, course.id, q.id, q.module, q.objective, now - n * 3600, now - n * 3600) for n, q in enumerate(bank[:300])),
        )
        store.conn.executemany(
            "INSERT INTO section_reads (learner_id, course_id, module_id, section_id, first_seen, last_seen, seconds, completed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            ((learner_id, course.id, modules[n % len(modules)], f"s{n}", now - n * 3000, now - n * 3000, 240.0) for n in range(2000)),
        )
        store.conn.execute("DELETE FROM answer_days WHERE learner_id = ?", [learner_id])
        store.conn.execute(
            "INSERT INTO answer_days (learner_id, course_id, day, answers, first_tries, first_try_score, seconds) "
            "SELECT learner_id, course_id, date(answered_at, 'unixepoch', 'localtime'), COUNT(*), "
            "SUM(try_number = 1), SUM(CASE WHEN try_number = 1 THEN score ELSE 0 END), SUM(time_ms) / 1000.0 "
            "FROM answers WHERE learner_id = ? GROUP BY 1, 2, 3",
            [learner_id],
        )
        store.conn.execute("DELETE FROM objective_recent WHERE learner_id = ?", [learner_id])
        store.conn.execute(
            "INSERT INTO objective_recent (learner_id, course_id, objective_id, scores) "
            "SELECT learner_id, course_id, objective_id, json_group_array(score) FROM ("
            "SELECT learner_id, course_id, objective_id, score, ROW_NUMBER() OVER (PARTITION BY objective_id "
            "ORDER BY answered_at DESC, id DESC) AS n FROM answers WHERE learner_id = ? AND try_number = 1 "
            "ORDER BY objective_id, answered_at DESC, id DESC) WHERE n <= 10 GROUP BY learner_id, course_id, objective_id",
            [learner_id],
        )
        store.conn.execute(
            "INSERT OR IGNORE INTO study_days (learner_id, day) "
            "SELECT DISTINCT learner_id, date(answered_at, 'unixepoch', 'localtime') FROM answers"
        )
    store.conn.execute("ANALYZE")
