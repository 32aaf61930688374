"""Matching: pair each left item with one right item (extra right items may be distractors)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Grade, Kind, Pair, ParseContext, Presentation, Question, as_list, normalize_text, text_list

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    pairs: tuple[Pair, ...]
    distractors: tuple[str, ...] = ()

    @property
    def right_items(self) -> tuple[str, ...]:
        return tuple(p.right for p in self.pairs) + self.distractors


class MatchingKind(Kind):
    name = "matching"
    label = "Matching"
    record = Matching
    fields = frozenset({"pairs", "distractors"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        from desktop_app.core.content import yamlsafe
        from desktop_app.core.content.fields import need_str

        p = ctx.problems
        raw = data.get("pairs")
        pairs: list[Pair] = []
        if not isinstance(raw, list) or len(raw) < 2:
            p.add(data.line_of("pairs"), "field 'pairs' must list at least 2 pairs of {left, right}")
        else:
            for item in raw:
                if not isinstance(item, yamlsafe.LineDict):
                    p.add(data.line_of("pairs"), "each pair is a mapping {left: ..., right: ...}")
                    continue
                pairs.append(Pair(need_str(item, "left", p, what="pair"), need_str(item, "right", p, what="pair")))
        if len({x.left.casefold() for x in pairs}) != len(pairs):
            p.add(data.line_of("pairs"), "two pairs have the same left item")
        distractors: list[str] = []
        if "distractors" in data:
            distractors = text_list(data, "distractors", ctx, 0)
            rights = {x.right.casefold() for x in pairs}
            for d in distractors:
                if d.casefold() in rights:
                    p.add(data.line_of("distractors"), f"distractor '{d}' is also a right answer")
        return {"pairs": tuple(pairs), "distractors": tuple(distractors)}

    def grade(self, q: Any, response: Any) -> Grade:
        chosen = as_list(response)
        parts = tuple(
            i < len(chosen) and isinstance(chosen[i], str) and normalize_text(chosen[i]) == normalize_text(p.right)
            for i, p in enumerate(q.pairs)
        )
        return Grade(sum(parts) / len(q.pairs), (), parts)

    def correct_response(self, q: Any) -> Any:
        return [p.right for p in q.pairs]

    def describe_response(self, q: Any, response: Any) -> str:
        chosen = as_list(response)
        return "; ".join(
            f"{p.left} → {chosen[i] if i < len(chosen) and isinstance(chosen[i], str) else '?'}" for i, p in enumerate(q.pairs)
        )

    def present(self, q: Any, rng: random.Random) -> Presentation:
        rights = list(q.right_items)
        if q.shuffle:
            rng.shuffle(rights)
        return Presentation(right_order=tuple(rights))

    def options(self, q: Any) -> list[str]:
        return list(q.right_items)

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        body = [w.el("shuffleanswers", "true" if q.shuffle else "false"), "<shownumcorrect/>"]
        # Moodle takes the right-hand items as plain text; a distractor is an item with no question.
        for p in q.pairs:
            body.append(w.text("subquestion", p.left, inline=True, children=f"<answer>{w.el('text', w.plain(p.right))}</answer>"))
        for d in q.distractors:
            body.append(f'<subquestion format="html"><text></text><answer>{w.el("text", w.plain(d))}</answer></subquestion>')
        return w.question("matching", body)

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        lines = [f"={w.inline(p.left)} -> {w.plain_text(p.right)}" for p in q.pairs]
        lines += [f"= -> {w.plain_text(d)}" for d in q.distractors]
        return w.question(q, lines)
