"""Fill in the blanks: a text with numbered blanks, each with its accepted answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import BLANK, Grade, Kind, ParseContext, Question, as_list, normalize_text

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class Cloze(Question):
    text: str
    blanks: tuple[tuple[str, ...], ...]

    def parts(self) -> list[str | int]:
        """The text split into literal strings and blank numbers (0-based)."""
        out: list[str | int] = []
        pos = 0
        for m in BLANK.finditer(self.text):
            out.append(self.text[pos : m.start()])
            out.append(int(m.group(1)) - 1)
            pos = m.end()
        out.append(self.text[pos:])
        return out


class ClozeKind(Kind):
    name = "cloze"
    label = "Fill in the blanks"
    record = Cloze
    fields = frozenset({"text", "blanks"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        from desktop_app.core.content import yamlsafe
        from desktop_app.core.content.fields import is_text, need_str

        p = ctx.problems
        text = need_str(data, "text", p)
        raw = data.get("blanks")
        blanks: list[tuple[str, ...]] = []
        if not isinstance(raw, list) or not raw:
            p.add(data.line_of("blanks"), "field 'blanks' must list each blank with its 'accept' answers")
        else:
            for item in raw:
                if not isinstance(item, yamlsafe.LineDict) or not isinstance(item.get("accept"), list) or not item["accept"]:
                    line = item.line if isinstance(item, yamlsafe.LineDict) else data.line_of("blanks")
                    p.add(line, "each blank needs 'accept:' with a list of accepted answers")
                    blanks.append(())
                    continue
                accepted = item["accept"]
                if any(isinstance(a, yamlsafe.Invalid) for a in accepted):
                    blanks.append(())  # reported with the question
                    continue
                if not all(is_text(a) for a in accepted):
                    # Never str() a list or mapping here: an aliased one can be enormous.
                    p.add(item.line_of("accept"), "each accepted answer is one piece of text")
                    blanks.append(())
                    continue
                if not all(str(a).strip() for a in accepted):  # a learner could never type nothing and be right
                    p.add(item.line_of("accept"), "an accepted answer is empty")
                    blanks.append(())
                    continue
                blanks.append(tuple(str(a).strip() for a in accepted))
        numbers = [int(m.group(1)) for m in BLANK.finditer(text)]
        if text and not numbers:
            p.add(data.line_of("text"), "cloze text has no blanks; mark them {{1}}, {{2}}, ...")
        elif numbers != list(range(1, len(numbers) + 1)):
            p.add(data.line_of("text"), "blanks must be numbered {{1}}, {{2}}, ... in order, each once")
        elif blanks and len(numbers) != len(blanks):
            p.add(data.line_of("blanks"), f"the text has {len(numbers)} blanks but 'blanks' lists {len(blanks)}")
        return {"text": text, "blanks": tuple(blanks)}

    def grade(self, q: Any, response: Any) -> Grade:
        answers = as_list(response)
        parts = tuple(
            i < len(answers)
            and isinstance(answers[i], (str, int, float))
            and normalize_text(answers[i]) in {normalize_text(a) for a in accepted}
            for i, accepted in enumerate(q.blanks)
        )
        return Grade(sum(parts) / len(q.blanks), (), parts)

    def correct_response(self, q: Any) -> Any:
        return [accepted[0] for accepted in q.blanks]

    def describe_response(self, q: Any, response: Any) -> str:
        return " / ".join(str(a) or "…" for a in as_list(response)) or "(no answer)"

    def describe_correct(self, q: Any) -> str:
        return " / ".join(" or ".join(accepted) for accepted in q.blanks)

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        if len(q.blanks) == 1:
            # One blank: Moodle's short answer, the blank shown in its sentence as Moodle draws one.
            text = w.render(q.stem) + w.render_slots(q.text, q.parts(), lambda _n: "_____")
            answers = [w.answer(100, w.shortanswer(v), plain=True) for v in w.variants(q.blanks[0])]
            return w.question("shortanswer", [w.el("usecase", "0"), *answers], text)
        codes = [w.cloze_code(w.variants(accepted)) for accepted in q.blanks]
        text = w.no_braces(w.render(q.stem)) + w.render_slots(q.text, q.parts(), lambda n: codes[n], escape=w.no_braces)
        return w.question("cloze", [], text)

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        if len(q.blanks) != 1:
            w.unsupported(q, f"GIFT has no question with several blanks (this one has {len(q.blanks)}; Moodle XML writes it as Cloze)")
            return None
        variants = w.variants(q.blanks[0])
        if any("->" in v for v in variants):
            w.unsupported(q, "an accepted answer contains '->', which GIFT would read as a matching question")
            return None
        return w.question(q, ["=" + w.literal(v) for v in variants], w.html(q.stem) + w.slots(q.text, q.parts()))
