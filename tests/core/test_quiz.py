"""Drawing quizzes: stratified, no repeats, avoids recent questions, track-aware, seeded."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.learning.quiz import PRACTICE, TEST, QuizSpec, StrataIndex, draw_stratified
from desktop_app.core.tutor import Tutor


def test_no_repeats_and_stratified_across_objectives(course) -> None:
    strata = StrataIndex(course.bank).strata(["toxicity"], "student")
    drawn = draw_stratified(strata, 16, seed=3)
    assert len(drawn) == 16 and len({q.id for q in drawn}) == 16
    per_objective = Counter(q.objective for q in drawn)
    objectives = course.module("toxicity").objectives
    assert set(per_objective) == {o.id for o in objectives}  # 16 questions over 8 objectives: all covered
    assert max(per_objective.values()) - min(per_objective.values()) <= 1
    assert len({q.difficulty for q in drawn}) == 3


def test_same_seed_same_quiz_and_different_seed_differs(course) -> None:
    strata = StrataIndex(course.bank).strata(None, "student")
    a = [q.id for q in draw_stratified(strata, 20, seed=42)]
    b = [q.id for q in draw_stratified(strata, 20, seed=42)]
    c = [q.id for q in draw_stratified(strata, 20, seed=43)]
    assert a == b and a != c


def test_family_track_draws_only_family_questions(course) -> None:
    strata = StrataIndex(course.bank).strata(None, "family")
    drawn = draw_stratified(strata, 30, seed=1)
    assert drawn and all("family" in q.tracks for q in drawn)


def test_recent_questions_avoided_while_the_bank_allows(course) -> None:
    strata = StrataIndex(course.bank).strata(["car"], "student")
    first = {q.id for q in draw_stratified(strata, 10, seed=1)}
    second = {q.id for q in draw_stratified(strata, 10, seed=2, recent=first)}
    assert not first & second
    pool = {q.id for by_d in strata.values() for qs in by_d.values() for q in qs}
    everything_recent = draw_stratified(strata, len(pool), seed=3, recent=pool)
    assert len(everything_recent) == len(pool)  # when the bank runs short, recent ones come back


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), count=st.integers(1, 60))
def test_draw_properties(course, seed: int, count: int) -> None:
    strata = StrataIndex(course.bank).strata(["all", "immune"], "student")
    drawn = draw_stratified(strata, count, seed)
    pool = sum(len(qs) for by_d in strata.values() for qs in by_d.values())
    assert len(drawn) == min(count, pool)
    assert len({q.id for q in drawn}) == len(drawn)
    assert all(q.module in ("all", "immune") for q in drawn)


def test_tutor_avoids_the_last_attempts(tutor: Tutor) -> None:
    s1 = tutor.start_quiz(PRACTICE, ["journey"], 8, seed=1)
    s2 = tutor.start_quiz(PRACTICE, ["journey"], 8, seed=2)
    assert not {i.question.id for i in s1.items} & {i.question.id for i in s2.items}


def test_spec_flags() -> None:
    assert QuizSpec(PRACTICE, ("all",), 5, "student", 1).second_try
    assert not QuizSpec(TEST, ("all",), 5, "student", 1).immediate_feedback
