"""True or false: a statement, with feedback for each answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Grade, Kind, ParseContext, Question, need_bool, text_field

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


class TrueFalseKind(Kind):
    name = "true_false"
    label = "True or false"
    record = TrueFalse
    fields = frozenset({"answer", "feedback_true", "feedback_false"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        answer = need_bool(data, "answer", ctx)
        return {
            "answer": bool(answer),
            "feedback_true": text_field(data, "feedback_true", ctx),
            "feedback_false": text_field(data, "feedback_false", ctx),
        }

    def grade(self, q: Any, response: Any) -> Grade:
        if not isinstance(response, bool):
            return Grade(0.0)
        fb = q.feedback_true if response else q.feedback_false
        return Grade(1.0 if response == q.answer else 0.0, (fb,) if fb else ())

    def correct_response(self, q: Any) -> Any:
        return q.answer

    def describe_response(self, q: Any, response: Any) -> str:
        return ("True" if response else "False") if isinstance(response, bool) else "(no answer)"

    def options(self, q: Any) -> list[str]:
        return ["True", "False"]

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        return w.question(
            "truefalse",
            [
                w.answer(100 if q.answer else 0, "true", q.feedback_true, plain=True),
                w.answer(0 if q.answer else 100, "false", q.feedback_false, plain=True),
            ],
        )

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        # GIFT gives the feedback for a wrong answer first, then for the right one.
        right, wrong = (q.feedback_true, q.feedback_false) if q.answer else (q.feedback_false, q.feedback_true)
        line = "TRUE" if q.answer else "FALSE"
        if right or wrong:
            line += "#" + w.inline(wrong) + "#" + w.inline(right)
        return w.question(q, [line])
