"""Question kinds: one module per type, and the registry that replaces every isinstance ladder.

To add a type: write kinds/<name>.py with its record (a Question dataclass) and its Kind, add it
to ``KINDS`` below, give it a widget in gui/question_widgets.py (registered there by name), and
test it. Nothing else in the program names the types.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.kinds.base import Grade, Kind, Presentation, Question
from desktop_app.core.kinds.choice import MultipleResponseKind, SingleChoiceKind
from desktop_app.core.kinds.cloze import ClozeKind
from desktop_app.core.kinds.hotspot import HotspotKind
from desktop_app.core.kinds.matching import MatchingKind
from desktop_app.core.kinds.numeric import NumericKind
from desktop_app.core.kinds.ordering import OrderingKind
from desktop_app.core.kinds.true_false import TrueFalseKind

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        SingleChoiceKind(),
        MultipleResponseKind(),
        TrueFalseKind(),
        MatchingKind(),
        OrderingKind(),
        ClozeKind(),
        NumericKind(),
        HotspotKind(),
    )
}


def kind_of(question: Question) -> Kind:
    return KINDS[question.type]


def grade(question: Question, response: Any) -> Grade:
    """Score a response, with partial credit, always in [0, 1]."""
    return kind_of(question).grade(question, response)


__all__ = ["KINDS", "Grade", "Kind", "Presentation", "Question", "grade", "kind_of"]
