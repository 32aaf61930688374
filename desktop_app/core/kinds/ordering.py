"""Ordering: put items in order; partial credit by the share of pairs in the right order."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Grade, Kind, ParseContext, Presentation, Question, as_list, text_list

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    items: tuple[str, ...]


def ordering_score(n: int, response: Any) -> float:
    """Share of item pairs in the same relative order as the key (items are 0..n-1 in key order).

    A response that is not a permutation of the items scores 0.
    """
    if not isinstance(response, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in response):
        return 0.0
    if sorted(response) != list(range(n)):
        return 0.0
    pairs = n * (n - 1) // 2
    if pairs == 0:
        return 1.0
    agree = sum(1 for i in range(n) for j in range(i + 1, n) if response[i] < response[j])
    return agree / pairs


class OrderingKind(Kind):
    name = "ordering"
    label = "Ordering"
    record = Ordering
    fields = frozenset({"items"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        return {"items": tuple(text_list(data, "items", ctx, 3))}

    def grade(self, q: Any, response: Any) -> Grade:
        return Grade(ordering_score(len(q.items), response))

    def correct_response(self, q: Any) -> Any:
        return list(range(len(q.items)))

    def describe_response(self, q: Any, response: Any) -> str:
        order = as_list(response)
        if not order or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(q.items) for i in order):
            return "(no answer)"
        return " → ".join(q.items[i] for i in order)

    def present(self, q: Any, rng: random.Random) -> Presentation:
        order = list(range(len(q.items)))
        # Always shuffled (it would be no question otherwise), but never shown already in order.
        while len(order) > 1 and order == sorted(order):
            rng.shuffle(order)
        return Presentation(option_order=tuple(order))

    def options(self, q: Any) -> list[str]:
        return list(q.items)

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        body = [
            w.el("layouttype", "VERTICAL"),
            w.el("selecttype", "ALL"),
            w.el("selectcount", len(q.items)),
            # Every item counted against every other, before and after it: the pairwise share
            # this program scores with (ordering_score).
            w.el("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
            w.el("showgrading", "SHOW"),
            w.el("numberingstyle", "none"),
            "<shownumcorrect>1</shownumcorrect>",
        ]
        # The ordering type reads an answer's fraction as its place in the right order.
        body += [w.answer(place, item) for place, item in enumerate(q.items, start=1)]
        return w.question("ordering", body)

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        w.unsupported(q, "GIFT has no ordering question (Moodle XML has, as Moodle's ordering type)")
        return None
