"""Everything the progress dashboard shows, computed from the store for one learner."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from desktop_app.core.grading import describe_correct, describe_response
from desktop_app.core.tutor import Tutor

ACCURACY_DAYS = 30
TIME_DAYS = 14
DUE_DAYS = 14
STREAK_WINDOW_DAYS = 60


@dataclass(frozen=True)
class MisconceptionItem:
    question_id: str
    module_title: str
    stem: str
    your_answer: str
    right_answer: str
    explanation: str
    times: int


@dataclass(frozen=True)
class DashboardData:
    learner_name: str
    modules: list[tuple[str, float, str, int, int]]  # title, share mastered (0-1), level, mastered, objectives
    accuracy: list[tuple[str, int, float]]  # day, answers, mean score (days with answers only)
    accuracy_days: list[str]  # every day of the accuracy window, oldest first
    due_next: list[tuple[str, int]]  # day, cards due (today includes overdue)
    due_now: int  # what Review would ask now (due_next's today also counts cards due later today)
    minutes: list[tuple[str, float, float]]  # day, reading minutes, quiz minutes
    streak: int
    total_answers: int
    misconceptions: list[MisconceptionItem]  # the 50 most recent
    misconception_count: int = 0  # all of them


def _days(n: int, start: dt.date) -> list[str]:
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(n)]


def current_streak(active: set[str], today: dt.date) -> int:
    """Consecutive days with study, ending today (or yesterday, so a streak is not lost by morning)."""
    day = today if today.isoformat() in active else today - dt.timedelta(days=1)
    streak = 0
    while day.isoformat() in active:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


def build(tutor: Tutor, now: float | None = None) -> DashboardData:
    now = now if now is not None else time.time()
    today = dt.date.fromtimestamp(now)
    store, lid = tutor.store, tutor.learner.id

    levels = tutor.module_mastery()
    modules = [
        # The share of objectives mastered, as the chart's title says and as the class report counts
        # (the mean level, ModuleMastery.fraction, would show 67% with nothing mastered yet).
        (
            m.title_for(tutor.track),
            levels[m.id].mastered / levels[m.id].objectives if levels[m.id].objectives else 0.0,
            levels[m.id].level,
            levels[m.id].mastered,
            levels[m.id].objectives,
        )
        for m in tutor.course.modules
    ]

    since_acc = time.mktime((today - dt.timedelta(days=ACCURACY_DAYS - 1)).timetuple())
    accuracy = store.accuracy_by_day(lid, since_acc)

    start_today = time.mktime(today.timetuple())
    end = start_today + DUE_DAYS * 86400
    due = tutor.due_by_day(today.isoformat(), end)  # the eligibility rule, as Review draws
    due_next = [(d, due.get(d, 0)) for d in _days(DUE_DAYS, today)]

    since_time = time.mktime((today - dt.timedelta(days=TIME_DAYS - 1)).timetuple())
    reading = store.reading_seconds_by_day(lid, since_time)
    answering = store.answer_seconds_by_day(lid, since_time)
    minutes = [
        (d, reading.get(d, 0.0) / 60, answering.get(d, 0.0) / 60) for d in _days(TIME_DAYS, today - dt.timedelta(days=TIME_DAYS - 1))
    ]

    window = STREAK_WINDOW_DAYS
    while True:
        since = time.mktime((today - dt.timedelta(days=window)).timetuple())
        streak = current_streak(store.active_days(lid, since), today)
        if streak < window - 1 or window > 365 * 200:
            break
        window *= 4  # a long streak: look further back (one small table, so this stays cheap)

    items = []
    open_ones = tutor.open_misconceptions(limit=10_000)
    for row in open_ones[:50]:
        q = tutor.bank.get(row["question_id"])
        if q is None:
            continue
        module = tutor.course.module(q.module)
        items.append(
            MisconceptionItem(
                question_id=q.id,
                module_title=module.title_for(tutor.track) if module else q.module,
                stem=q.stem,
                your_answer=describe_response(q, row["response"]),
                right_answer=describe_correct(q),
                explanation=q.explanation,
                times=row["times"],
            )
        )
    return DashboardData(
        learner_name=tutor.learner.name,
        modules=modules,
        accuracy=accuracy,
        accuracy_days=_days(ACCURACY_DAYS, today - dt.timedelta(days=ACCURACY_DAYS - 1)),
        due_next=due_next,
        due_now=tutor.due_count(now=now),
        minutes=minutes,
        streak=streak,
        total_answers=store.answer_count(lid),
        misconceptions=items,
        misconception_count=len(open_ones),
    )
