"""Grading, and describing responses in words: each question kind does its own (core.kinds).

Responses refer to the question's own order (choice indexes, item indexes, region ids), never
to the shuffled order on screen, so shuffling cannot change a score. Response shapes (all
JSON-serialisable, as stored in the database): single_choice an index or None; multiple_response
a list of indexes; true_false a bool or None; matching the right-hand item chosen for each left
item; ordering item indexes in the learner's order; cloze one text per blank; numeric a text or
number; hotspot a region id or None.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.kinds import grade, kind_of
from desktop_app.core.kinds.base import GREEK, Grade, normalize_text, parse_number
from desktop_app.core.kinds.ordering import ordering_score
from desktop_app.core.questions import Question

__all__ = [
    "GREEK",
    "Grade",
    "correct_response",
    "describe_correct",
    "describe_response",
    "grade",
    "normalize_text",
    "ordering_score",
    "parse_number",
]


def correct_response(question: Question) -> Any:
    """The response that scores 1: used for the review screen and for tests."""
    return kind_of(question).correct_response(question)


def describe_response(question: Question, response: Any) -> str:
    """A response in words, for the review screen and the misconception list."""
    if response is None or response == [] or response == "":
        return "(no answer)"
    return kind_of(question).describe_response(question, response)


def describe_correct(question: Question) -> str:
    return kind_of(question).describe_correct(question)
