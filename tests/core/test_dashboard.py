"""What the dashboard shows, computed from real answers in a real database."""

from __future__ import annotations

import datetime as dt
import time

from desktop_app.core.grading import correct_response
from desktop_app.core.learning import dashboard
from desktop_app.core.learning.quiz import PRACTICE, TEST
from desktop_app.core.learning.scheduler import CONFIDENCE_HIGH
from desktop_app.core.tutor import Tutor
from tests.core.test_learning import wrong_response


def test_dashboard_after_some_study(tutor: Tutor) -> None:
    s = tutor.start_quiz(PRACTICE, ["car"], 4, seed=3)
    for n, item in enumerate(s.items):
        s.submit(correct_response(item.question) if n else wrong_response(item.question), confidence=2)
        s.next()
    s.finish()
    t = tutor.start_quiz(TEST, ["toxicity"], 2, seed=4)
    t.submit(wrong_response(t.current.question), confidence=CONFIDENCE_HIGH)
    tutor.record_reading("car", "parts", 300, True)
    data = dashboard.build(tutor)
    assert data.total_answers == 5
    assert data.streak == 1
    today = dt.date.today().isoformat()
    assert data.accuracy == [(today, 5, 0.6)]
    assert sum(n for _, n in data.due_next) == 5 and data.due_next[0][0] == today
    assert data.minutes[-1][0] == today and data.minutes[-1][1] == 5.0
    assert [m.question_id for m in data.misconceptions] == [t.items[0].question.id]
    assert data.misconceptions[0].explanation == t.items[0].question.explanation
    car = next(m for m in data.modules if m[0] == tutor.course.module("car").title)
    assert car[2] in ("learning", "familiar")


def test_streak_counts_consecutive_days() -> None:
    today = dt.date(2026, 11, 21)
    days = {(today - dt.timedelta(days=i)).isoformat() for i in (0, 1, 2, 4)}
    assert dashboard.current_streak(days, today) == 3
    assert dashboard.current_streak(days - {today.isoformat()}, today) == 2  # not yet studied today
    assert dashboard.current_streak(set(), today) == 0


def test_empty_dashboard(tutor: Tutor) -> None:
    data = dashboard.build(tutor, now=time.time())
    assert data.total_answers == 0 and data.streak == 0 and data.misconceptions == []
    assert len(data.due_next) == dashboard.DUE_DAYS and len(data.minutes) == dashboard.TIME_DAYS


def test_the_mastery_chart_shows_the_share_of_objectives_mastered_as_the_class_report_does(tmp_path) -> None:
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.grading import correct_response
    from desktop_app.core.learning import dashboard as dash
    from desktop_app.core.learning.quiz import TEST
    from desktop_app.core.store.database import Store
    from desktop_app.core.tutor import Tutor

    course = load_course(paths.builtin_content_root(), paths.assets_dir())
    tutor = Tutor(course, Store.open(tmp_path / "p.sqlite3"), paths.assets_dir())
    first = course.modules[0]
    ids = [q.id for q in course.bank if q.module == first.id]
    by_objective: dict[str, list[str]] = {}
    for qid in ids:
        by_objective.setdefault(course.bank.get(qid).objective, []).append(qid)
    two_each = [qid for qids in by_objective.values() for qid in qids[:2]]  # right twice: familiar, not mastered
    s = tutor.start_quiz(TEST, None, len(two_each), question_ids=two_each)
    for item in s.items:
        s.submit(correct_response(item.question), confidence=2)
        s.next()
    s.finish()
    _title, share, level, mastered, _objectives = dash.build(tutor).modules[0]
    assert mastered == 0 and share == 0.0 and level != "not started"
    tutor.store.close()
