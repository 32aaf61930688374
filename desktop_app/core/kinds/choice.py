"""Single choice (exactly one right option) and multiple response (partial credit)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Choice, Grade, Kind, ParseContext, Presentation, Question, as_list, choice_index, need_bool

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    choices: tuple[Choice, ...]

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, kw_only=True)
class MultipleResponse(Question):
    choices: tuple[Choice, ...]

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)


def parse_choices(data: Any, ctx: ParseContext) -> tuple[Choice, ...]:
    from desktop_app.core.content import yamlsafe
    from desktop_app.core.content.fields import check_mapping, need_str

    raw = data.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        ctx.problems.add(data.line_of("choices"), "field 'choices' must list at least 2 options")
        return ()
    out = []
    for item in raw:
        if not isinstance(item, yamlsafe.LineDict):
            ctx.problems.add(data.line_of("choices"), "each choice is a mapping with 'text', optional 'correct' and 'feedback'")
            continue
        check_mapping(item, ctx.problems)
        for key in sorted(map(str, set(item) - {"text", "correct", "feedback"})):
            ctx.problems.add(item.line_of(key), f"unknown field '{key}' in a choice")
        text = need_str(item, "text", ctx.problems, what="choice")
        correct = need_bool(item, "correct", ctx, default=False)
        feedback = item.get("feedback", "")
        if not isinstance(feedback, str):
            ctx.problems.add(item.line_of("feedback"), "choice 'feedback' must be text")
            feedback = ""
        out.append(Choice(text, bool(correct), feedback.strip()))
    if len({c.text.casefold() for c in out}) != len(out):
        ctx.problems.add(data.line_of("choices"), "two choices have the same text")
    return tuple(out)


class _ChoiceKind(Kind):
    fields = frozenset({"choices"})
    single = True

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        choices = parse_choices(data, ctx)
        n_right = sum(c.correct for c in choices)
        if choices and n_right == 0:
            ctx.problems.add(data.line_of("choices"), "no choice is marked 'correct: true'")
        if self.single and n_right > 1:
            ctx.problems.add(data.line_of("choices"), f"a single-choice question has exactly one right answer, this one has {n_right}")
        return {"choices": choices}

    def present(self, q: Any, rng: random.Random) -> Presentation:
        order = list(range(len(q.choices)))
        if q.shuffle:
            rng.shuffle(order)
        return Presentation(option_order=tuple(order))

    def options(self, q: Any) -> list[str]:
        return [c.text for c in q.choices]

    # -- writing for other tools

    def weight(self, q: Any, choice: Choice) -> float:
        """A choice's grade in percent, as this program scores it: in multiple response each right
        pick earns its share and each wrong pick takes one share away (never below 0 in total)."""
        if self.single:
            return 100.0 if choice.correct else 0.0
        share = 100.0 / sum(c.correct for c in q.choices)
        return share if choice.correct else -share

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        body = [
            w.el("single", "true" if self.single else "false"),
            w.el("shuffleanswers", "true" if q.shuffle else "false"),
            w.el("answernumbering", "abc"),
            w.el("showstandardinstruction", "0"),
        ]
        if not self.single:
            body.append("<shownumcorrect/>")
        body += [w.answer(self.weight(q, c), c.text, c.feedback) for c in q.choices]
        return w.question("multichoice", body)

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        lines = []
        for c in q.choices:
            # Multiple response is weighted even for a right option: an '=' would make it single choice.
            mark = ("=" if c.correct else "~") if self.single else f"~%{w.percent(self.weight(q, c))}%"
            lines.append(mark + w.inline(c.text) + w.feedback(c.feedback))
        return w.question(q, lines)


class SingleChoiceKind(_ChoiceKind):
    name = "single_choice"
    label = "Single choice"
    record = SingleChoice

    def grade(self, q: Any, response: Any) -> Grade:
        picked = choice_index(response, len(q.choices))
        if picked is None:
            return Grade(0.0)
        choice = q.choices[picked]
        return Grade(1.0 if choice.correct else 0.0, (choice.feedback,) if choice.feedback else ())

    def correct_response(self, q: Any) -> Any:
        return q.correct_index

    def describe_response(self, q: Any, response: Any) -> str:
        i = choice_index(response, len(q.choices))
        return q.choices[i].text if i is not None else "(no answer)"


class MultipleResponseKind(_ChoiceKind):
    name = "multiple_response"
    label = "Multiple response"
    record = MultipleResponse
    single = False

    def grade(self, q: Any, response: Any) -> Grade:
        picks = {i for i in as_list(response) if choice_index(i, len(q.choices)) is not None}
        right = q.correct_indexes
        score = max(0.0, (len(picks & right) - len(picks - right)) / len(right))
        feedback = tuple(q.choices[i].feedback for i in sorted(picks ^ right) if q.choices[i].feedback)
        parts = tuple((i in picks) == c.correct for i, c in enumerate(q.choices))
        return Grade(score, feedback, parts)

    def correct_response(self, q: Any) -> Any:
        return sorted(q.correct_indexes)

    def describe_response(self, q: Any, response: Any) -> str:
        picked = [q.choices[i].text for i in as_list(response) if choice_index(i, len(q.choices)) is not None]
        return "; ".join(picked) or "(no answer)"
