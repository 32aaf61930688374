"""Spaced review, confidence, misconceptions and mastery, through the Tutor facade."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.grading import correct_response
from desktop_app.core.learning.mastery import FAMILIAR, LEARNING, MASTERED, MASTERY_M, MASTERY_N, NOT_STARTED, objective_level
from desktop_app.core.learning.quiz import PRACTICE, REVIEW, TEST, WEAK
from desktop_app.core.learning.scheduler import CONFIDENCE_HIGH, CONFIDENCE_LOW, ReviewScheduler, rating_for
from desktop_app.core.store.database import Store
from desktop_app.core.tutor import Tutor


def wrong_response(q):
    from desktop_app.core.questions import Cloze, Hotspot, Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse

    if isinstance(q, SingleChoice):
        return next(i for i, c in enumerate(q.choices) if not c.correct)
    if isinstance(q, MultipleResponse):
        return [i for i, c in enumerate(q.choices) if not c.correct]
    if isinstance(q, TrueFalse):
        return not q.answer
    if isinstance(q, Matching):
        return [None] * len(q.pairs)
    if isinstance(q, Ordering):
        return list(reversed(range(len(q.items))))
    if isinstance(q, Cloze):
        return ["zzz"] * len(q.blanks)
    if isinstance(q, Numeric):
        return str(q.high + 1000)
    if isinstance(q, Hotspot):
        return next(r for r in q.regions if r != q.answer)
    raise TypeError


def test_fsrs_state_survives_restart(course, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    store = Store.open(db)
    tutor = Tutor(course, store, paths.assets_dir())
    session = tutor.start_quiz(PRACTICE, ["car"], 3, seed=5)
    q = session.current.question
    session.submit(correct_response(q), confidence=2)
    card = store.card(tutor.learner.id, q.id)
    assert card is not None and card.reps == 1 and card.due > time.time()
    store.close()

    store2 = Store.open(db)
    tutor2 = Tutor(course, store2, paths.assets_dir())
    again = store2.card(tutor2.learner.id, q.id)
    assert again == card
    # a second review builds on the stored state rather than starting over
    later = tutor2.scheduler.review(again, q.id, q.module, 1.0, 2, when=dt.datetime.fromtimestamp(again.due, dt.UTC))
    assert later.reps == 2 and later.state == 2  # learning -> review: it remembered its step
    assert later.due - again.due > 86400
    store2.close()


def test_confident_wrong_answer_is_a_misconception_and_comes_first_in_review(tutor: Tutor) -> None:
    # make some other questions due first
    s = tutor.start_quiz(PRACTICE, ["toxicity"], 4, seed=9)
    for item in s.items:
        s.submit(correct_response(item.question), confidence=CONFIDENCE_LOW)
        s.next()
    s.finish()
    test = tutor.start_quiz(TEST, ["results"], 3, seed=11)
    target = test.current.question
    outcome = test.submit(wrong_response(target), confidence=CONFIDENCE_HIGH)
    assert outcome.misconception and not outcome.show_feedback
    mis = tutor.store.open_misconceptions(tutor.learner.id)
    assert [m["question_id"] for m in mis] == [target.id]
    review = tutor.start_quiz(REVIEW, None, 10, seed=1)
    assert review.items[0].question.id == target.id
    # answering it right resolves it
    review.submit(correct_response(target), confidence=2)
    assert tutor.store.open_misconceptions(tutor.learner.id) == []


def test_not_sure_wrong_is_not_a_misconception(tutor: Tutor) -> None:
    s = tutor.start_quiz(TEST, ["all"], 2, seed=3)
    out = s.submit(wrong_response(s.current.question), confidence=CONFIDENCE_LOW)
    assert not out.misconception


def test_practice_allows_one_second_try_that_does_not_count_for_mastery(tutor: Tutor) -> None:
    s = tutor.start_quiz(PRACTICE, ["all"], 2, seed=4)
    q = s.current.question
    first = s.submit(wrong_response(q))
    assert first.can_retry and first.try_number == 1
    second = s.submit(correct_response(q))
    assert second.try_number == 2 and not second.can_retry
    rows = tutor.store.attempt_answers(s.attempt_id)
    assert [(r["try_number"], r["correct"]) for r in rows] == [(1, 0), (2, 1)]
    assert tutor.store.recent_scores_by_objective(tutor.learner.id, [q.objective], 5)[q.objective] == [0.0]


def test_mastery_changes_exactly_at_the_m_of_n_boundary(tutor: Tutor) -> None:
    module = tutor.course.module("immune")
    objective = module.objectives[0].id
    questions = [q for q in tutor.course.bank.by_module["immune"] if q.objective == objective]
    attempt = tutor.store.start_attempt(tutor.learner.id, TEST, ["immune"], 1, [q.id for q in questions])
    from desktop_app.core.store.records import AnswerRecord

    def answer(score: float, n: int) -> None:
        q = questions[n % len(questions)]
        tutor.store.record_answer(AnswerRecord(attempt, tutor.learner.id, q.id, "immune", objective, 0, score, answered_at=1000.0 + n))

    assert tutor.objective_mastery()[objective].level == NOT_STARTED
    answer(0.0, 0)
    assert tutor.objective_mastery()[objective].level == LEARNING
    for n in range(1, MASTERY_M):
        answer(1.0, n)
    assert tutor.objective_mastery()[objective].level == FAMILIAR  # m - 1 right of the last n
    answer(1.0, MASTERY_M)
    assert tutor.objective_mastery()[objective].level == MASTERED  # exactly m right
    for n in range(MASTERY_M + 1, MASTERY_M + 1 + (MASTERY_N - MASTERY_M) + 1):
        answer(0.0, n)  # wrong answers push the old right ones out of the window
    assert tutor.objective_mastery()[objective].level != MASTERED
    assert tutor.module_mastery()["immune"].objectives == len(module.objectives)


def test_objective_level_rule() -> None:
    assert objective_level([]).level == NOT_STARTED
    assert objective_level([1, 1, 1, 1, 0]).level == MASTERED
    assert objective_level([1, 1, 1, 0, 0]).level == FAMILIAR
    assert objective_level([1, 0, 0, 0, 0]).level == LEARNING
    assert objective_level([0, 1, 1, 1, 1, 1]).level == MASTERED  # only the last n count
    assert objective_level([0.9, 1, 1, 1, 1]).level == MASTERED  # partial credit is not "right"
    assert objective_level([0.9, 1, 1, 0.5, 1]).level == FAMILIAR


def test_weak_spots_draws_from_objectives_below_mastery(tutor: Tutor) -> None:
    weak = set(tutor.weak_objectives(["car"]))
    s = tutor.start_quiz(WEAK, ["car"], 6, seed=2)
    assert s.total == 6 and all(i.question.objective in weak for i in s.items)


def test_rating_from_correctness_and_confidence() -> None:
    from fsrs import Rating

    assert rating_for(0.0, CONFIDENCE_HIGH) == Rating.Again
    assert rating_for(0.6, None) == Rating.Hard
    assert rating_for(1.0, CONFIDENCE_LOW) == Rating.Hard
    assert rating_for(1.0, None) == Rating.Good
    assert rating_for(1.0, CONFIDENCE_HIGH) == Rating.Easy


def test_higher_retention_means_sooner_reviews() -> None:
    now = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    lo, hi = ReviewScheduler(0.80), ReviewScheduler(0.95)
    a = lo.review(None, "q", "m", 1.0, 2, when=now)
    b = hi.review(None, "q", "m", 1.0, 2, when=now)
    a2 = lo.review(a, "q", "m", 1.0, 2, when=dt.datetime.fromtimestamp(a.due, dt.UTC))
    b2 = hi.review(b, "q", "m", 1.0, 2, when=dt.datetime.fromtimestamp(b.due, dt.UTC))
    assert b2.due - b.due < a2.due - a.due
    assert ReviewScheduler(0.5).desired_retention == 0.70 and ReviewScheduler(1.0).desired_retention == 0.97


def test_profiles_are_separate_through_the_tutor(tutor: Tutor) -> None:
    first = tutor.learner
    s = tutor.start_quiz(PRACTICE, ["all"], 2, seed=1)
    s.submit(correct_response(s.current.question))
    tutor.record_reading("all", "what-is-all", 40, True)
    other = tutor.create_learner("Sam", "family")
    tutor.switch_learner(other.id)
    assert tutor.track == "family"
    assert tutor.completed_sections() == {}
    assert tutor.due_count() == 0
    assert all(m.level == NOT_STARTED for m in tutor.module_mastery().values())
    tutor.switch_learner(first.id)
    assert tutor.completed_sections() == {"all": {"what-is-all"}}


def test_settings_per_learner_and_clamped(tutor: Tutor) -> None:
    tutor.update_setting("text_scale", 500)
    tutor.update_setting("desired_retention", 0.5)
    assert tutor.settings.text_scale == 200 and tutor.settings.desired_retention == 0.70
    other = tutor.create_learner("Kim", "student")
    tutor.switch_learner(other.id)
    assert tutor.settings.text_scale == 100


def _answer_all(tutor: Tutor, ids: list[str], confidence: int | None = None) -> None:
    session = tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
    for item in session.items:
        session.submit(wrong_response(item.question), confidence)
        session.next()
    session.finish()


def test_counts_and_draws_agree_after_a_track_switch(tutor: Tutor) -> None:
    family = [q.id for q in tutor.course.bank if "family" in q.tracks][:4]
    student_only = [q.id for q in tutor.course.bank if "family" not in q.tracks][:6]
    _answer_all(tutor, family + student_only)
    later = time.time() + 30 * 86400  # everything answered wrongly is due by then
    assert tutor.due_count(now=later) == len(tutor.review_queue(None, now=later)) == 10
    tutor.set_track("family")
    queue = tutor.review_queue(None, now=later)
    assert tutor.due_count(now=later) == len(queue) == 4 and {q.id for q in queue} == set(family)
    start = dt.date.fromtimestamp(time.time()).isoformat()
    assert sum(tutor.due_by_day(start, later + 86400).values()) == 4  # the dashboard counts the same
    review = tutor.start_quiz(REVIEW, None, 50)
    assert review.total == 0 or {i.question.id for i in review.items} <= set(family)


def test_cards_and_mistakes_from_another_course_are_neither_counted_nor_drawn(tutor: Tutor) -> None:
    ids = [q.id for q in tutor.course.bank][:3]
    tutor.store.use_course("org.example.other")
    _answer_all(tutor, ids, CONFIDENCE_HIGH)  # the same question ids, in another course
    tutor.store.use_course(tutor.course.id)
    later = time.time() + 30 * 86400
    assert tutor.due_count(now=later) == 0 and tutor.review_queue(None, now=later) == []
    assert tutor.open_misconceptions() == [] and tutor.store.answer_count(tutor.learner.id) == 0


def test_a_retired_question_keeps_its_history_but_is_never_asked(course, tmp_path: Path) -> None:
    from desktop_app.core.questions import Bank

    store = Store.open(tmp_path / "p.sqlite3")
    t = Tutor(course, store, paths.assets_dir())
    ids = [q.id for q in course.bank][:3]
    _answer_all(t, ids, CONFIDENCE_HIGH)
    newer = course.without_bank()  # the next version of the course no longer has the first question
    newer.bank = Bank([q for q in course.bank if q.id != ids[0]])
    t2 = Tutor(newer, store, paths.assets_dir())
    later = time.time() + 30 * 86400
    assert ids[0] not in {q.id for q in t2.review_queue(None, now=later)} and t2.due_count(now=later) == 2
    assert ids[0] not in {row["question_id"] for row in t2.open_misconceptions()}
    assert store.card(t2.learner.id, ids[0]) is not None  # its history is kept
    store.close()


def _due_by_day_one_by_one(tutor: Tutor, start: str, end: float) -> dict[str, int]:
    """The dashboard's counts worked out card by card, with the eligibility rule on each."""
    rule = tutor.eligibility()
    out: dict[str, int] = {}
    for card in tutor.store.due_cards(tutor.learner.id, end):
        if card.due < end and rule.question(card.question_id) is not None:
            day = max(dt.date.fromtimestamp(card.due).isoformat(), start)
            out[day] = out.get(day, 0) + 1
    return out


def test_due_by_day_counts_exactly_the_cards_review_may_ask_day_by_day(course, tmp_path: Path) -> None:
    from desktop_app.core.questions import Bank

    store = Store.open(tmp_path / "p.sqlite3")
    tutor = Tutor(course, store, paths.assets_dir())
    family = [q.id for q in course.bank if "family" in q.tracks][:6]
    student_only = [q.id for q in course.bank if "family" not in q.tracks][:6]
    _answer_all(tutor, family + student_only)
    # Spread the cards over three weeks, some overdue, at awkward hours.
    now = time.time()
    for i, qid in enumerate(family + student_only):
        store.conn.execute("UPDATE cards SET due = ? WHERE question_id = ?", [now + (i - 3) * 86400 * 1.7 + 3600 * i, qid])
    start = dt.date.fromtimestamp(now).isoformat()
    end = time.mktime(dt.date.fromtimestamp(now).timetuple()) + 14 * 86400

    def same() -> None:
        counted = tutor.due_by_day(start, end)
        assert counted == _due_by_day_one_by_one(tutor, start, end) and sum(counted.values()) > 0

    same()
    tutor.mark_question(student_only[4], suspended=True)  # a suspension after the counts were kept
    same()
    tutor.set_track("family")
    same()
    tutor.set_track("student")
    _answer_all(tutor, [q.id for q in course.bank if q.id not in family + student_only][:2])  # new cards
    same()
    newer = course.without_bank()  # a newer version retires one question
    newer.bank = Bank([q for q in course.bank if q.id != family[3]])
    tutor = Tutor(newer, store, paths.assets_dir(), tutor.learner)
    same()
    other = tutor.create_learner("Kim", "student")  # another learner, no cards at all
    tutor.switch_learner(other.id)
    assert tutor.due_by_day(start, end) == {} == _due_by_day_one_by_one(tutor, start, end)
    store.close()


def test_weak_spots_moves_on_to_new_objectives_when_the_started_ones_cannot_be_asked(tutor: Tutor) -> None:
    first = tutor.course.modules[0]
    objective = first.objectives[0].id
    ids = [q.id for q in tutor.course.bank if q.objective == objective]
    _answer_all(tutor, ids)  # all wrong: the objective is being learned...
    for qid in ids:
        tutor.mark_question(qid, suspended=True)  # ...and every question of it is suspended
    weak = tutor.weak_objectives([first.id])
    assert weak and objective not in weak
    s = tutor.start_quiz(WEAK, [first.id], 5, seed=2)
    assert s.total == 5 and all(i.question.objective in weak for i in s.items)


def test_the_browsers_due_filter_lists_what_review_asks(tutor: Tutor) -> None:
    from desktop_app.core.learning.browser import DUE, BrowserFilter

    qid = tutor.course.bank.questions[0].id
    _answer_all(tutor, [qid], CONFIDENCE_HIGH)  # wrong while very sure: Review asks it now
    assert [q.id for q in tutor.review_queue(None)] == [qid] and tutor.due_count() == 1
    rows = tutor.browse(BrowserFilter(state=DUE))
    assert [r.question.id for r in rows] == [qid] and rows[0].due_text(time.time()) == "Due now"
