"""Grading per type, with properties: score in [0, 1], the key scores 1, shuffling never matters."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.grading import correct_response, grade, normalize_text, ordering_score, parse_number
from desktop_app.core.learning.quiz import present
from desktop_app.core.questions import (
    Choice,
    Cloze,
    Hotspot,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Pair,
    Question,
    SingleChoice,
    SourceRef,
    TrueFalse,
)

COMMON = dict(
    module="m",
    objective="m.o",
    difficulty=1,
    tracks=frozenset({"student"}),
    stem="?",
    explanation="e",
    sources=(SourceRef("xu2021", "CD19"),),
    reviewed=dt.date(2026, 11, 21),
)


def sc() -> SingleChoice:
    return SingleChoice(id="sc", type="single_choice", choices=(Choice("a"), Choice("b", True), Choice("c", feedback="no")), **COMMON)


def mr() -> MultipleResponse:
    return MultipleResponse(
        id="mr",
        type="multiple_response",
        choices=(Choice("a", True), Choice("b", True), Choice("c"), Choice("d", True), Choice("e")),
        **COMMON,
    )


def tf() -> TrueFalse:
    return TrueFalse(id="tf", type="true_false", answer=False, feedback_true="It is false.", feedback_false="Right.", **COMMON)


def ma() -> Matching:
    return Matching(
        id="ma",
        type="matching",
        pairs=(Pair("Tocilizumab", "CRS"), Pair("Dexamethasone", "ICANS"), Pair("Allopurinol", "Tumor lysis")),
        distractors=("Hair loss",),
        **COMMON,
    )


def order() -> Ordering:
    return Ordering(id="or", type="ordering", items=("Apheresis", "Manufacturing", "Lymphodepletion", "Infusion", "Monitoring"), **COMMON)


def cl() -> Cloze:
    return Cloze(id="cl", type="cloze", text="{{1}} and {{2}}", blanks=(("IFN-γ",), ("IL-6", "interleukin 6")), **COMMON)


def nu() -> Numeric:
    return Numeric(id="nu", type="numeric", answer=81, low=78, high=84, unit="%", **COMMON)


def hs() -> Hotspot:
    return Hotspot(id="hs", type="hotspot", diagram="car-structure", answer="costim", regions=("scfv", "costim", "cd3z"), **COMMON)


ALL = [sc, mr, tf, ma, order, cl, nu, hs]


@pytest.mark.parametrize("make", ALL)
def test_key_scores_one(make) -> None:
    q = make()
    assert grade(q, correct_response(q)).score == 1.0


def test_single_choice_and_feedback() -> None:
    g = grade(sc(), 2)
    assert g.score == 0 and g.feedback == ("no",)
    assert grade(sc(), None).score == 0
    assert grade(sc(), 7).score == 0
    assert grade(sc(), True).score == 0  # a bool is not an index


def test_multiple_response_partial_credit_rule() -> None:
    q = mr()  # right: 0, 1, 3
    assert grade(q, [0, 1]).score == pytest.approx(2 / 3)
    assert grade(q, [0, 1, 2]).score == pytest.approx(1 / 3)  # two right minus one wrong over three
    assert grade(q, [2, 4]).score == 0  # never below zero
    assert grade(q, [0, 1, 2, 3, 4]).score == pytest.approx(1 / 3)


def test_true_false_feedback_per_answer() -> None:
    assert grade(tf(), True).feedback == ("It is false.",)
    assert grade(tf(), False).feedback == ("Right.",)
    assert grade(tf(), None).score == 0


def test_matching_partial_credit_per_pair() -> None:
    assert grade(ma(), ["CRS", "Hair loss", "Tumor lysis"]).score == pytest.approx(2 / 3)
    assert grade(ma(), [None, None, None]).score == 0


def test_ordering_pairwise_agreement() -> None:
    assert ordering_score(5, [0, 1, 2, 3, 4]) == 1
    assert ordering_score(5, [4, 3, 2, 1, 0]) == 0
    assert ordering_score(3, [1, 0, 2]) == pytest.approx(2 / 3)
    assert ordering_score(3, [0, 0, 1]) == 0  # not a permutation


@pytest.mark.parametrize("typed", ["ifn gamma", "IFN-gamma", "IFNγ", " ifn–GAMMA "])
def test_cloze_tolerates_case_spaces_hyphens_and_greek_names(typed: str) -> None:
    assert grade(cl(), [typed, "interleukin-6"]).score == 1


def test_cloze_partial() -> None:
    assert grade(cl(), ["IFN-g", "IL6"]).score == 0.5
    assert normalize_text("CD3ζ") == normalize_text("CD3 zeta") == "cd3zeta"


@pytest.mark.parametrize(
    ("typed", "score"), [("81", 1), ("78", 1), ("84.0", 1), ("84,5", 0), ("77.9", 0), ("81 %", 1), ("abc", 0), ("", 0)]
)
def test_numeric_range(typed: str, score: float) -> None:
    assert grade(nu(), typed).score == score


def test_parse_number() -> None:
    assert parse_number("1,5") == 1.5
    assert parse_number("12,000") == 12.0  # one comma and no point reads as a decimal comma
    assert parse_number("1,200,000") == 1200000
    assert parse_number("nan") is None and parse_number(float("inf")) is None


def test_hotspot() -> None:
    assert grade(hs(), "costim").score == 1
    assert grade(hs(), "scfv").score == 0
    assert grade(hs(), None).score == 0


# ---------------------------------------------------------------- properties

responses = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=7),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(make=st.sampled_from(ALL), response=responses)
def test_any_response_scores_between_zero_and_one(make, response) -> None:
    score = grade(make(), response).score
    assert 0.0 <= score <= 1.0


@settings(max_examples=200, deadline=None)
@given(picks=st.sets(st.integers(0, 4)))
def test_multiple_response_in_range(picks: set[int]) -> None:
    assert 0 <= grade(mr(), sorted(picks)).score <= 1


@settings(max_examples=200, deadline=None)
@given(perm=st.permutations(list(range(6))))
def test_ordering_in_range_and_one_only_for_key(perm: list[int]) -> None:
    s = ordering_score(6, perm)
    assert 0 <= s <= 1
    assert (s == 1) == (perm == sorted(perm))


def _shown_response(q: Question, seed: int, choose_shown) -> tuple[object, object]:
    """What the learner picks on screen (by shown position) turned into a response; twice, two shuffles."""
    out = []
    for s in (seed, seed + 1):
        p = present(q, random.Random(s))
        out.append(choose_shown(p))
    return tuple(out)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10_000), picks=st.sets(st.integers(0, 4)))
def test_shuffling_does_not_change_a_score(seed: int, picks: set[int]) -> None:
    q = mr()
    # The learner ticks the same *choices* (by text) whatever order they were shown in.
    wanted = {q.choices[i].text for i in picks}
    scores = []
    for s in (seed, seed + 1, seed + 2):
        p = present(q, random.Random(s))
        response = sorted(original for original in p.option_order if q.choices[original].text in wanted)
        scores.append(grade(q, response).score)
    assert len(set(scores)) == 1


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_shuffled_matching_and_ordering_key_still_scores_one(seed: int) -> None:
    m = ma()
    p = present(m, random.Random(seed))
    assert set(p.right_order) == set(m.right_items)
    assert grade(m, [pair.right for pair in m.pairs]).score == 1
    o = order()
    po = present(o, random.Random(seed))
    assert list(po.option_order) != sorted(po.option_order)  # never shown already solved
    assert grade(o, sorted(po.option_order)).score == 1


@settings(max_examples=200, deadline=None)
@given(make=st.sampled_from(ALL), response=responses)
def test_describing_any_stored_response_never_fails(make, response) -> None:
    from desktop_app.core.grading import describe_correct, describe_response

    assert isinstance(describe_response(make(), response), str)
    assert describe_correct(make())
