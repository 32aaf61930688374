"""Numeric: a number, accepted within a tolerance or a range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Grade, Kind, ParseContext, Question, number

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    answer: float
    low: float
    high: float
    unit: str = ""


class NumericKind(Kind):
    name = "numeric"
    label = "Numeric"
    record = Numeric
    fields = frozenset({"answer", "tolerance", "range", "unit"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        p = ctx.problems
        answer = number(data.get("answer"))
        if answer is None:
            p.add(data.line_of("answer"), "field 'answer' must be a number")
            answer = 0.0
        tol, rng = data.get("tolerance"), data.get("range")
        low = high = answer
        if (tol is None) == (rng is None):
            p.add(data.line, "a numeric question needs exactly one of 'tolerance' or 'range'")
        elif tol is not None:
            t = number(tol)
            if t is None or t < 0:
                p.add(data.line_of("tolerance"), "field 'tolerance' must be a number of 0 or more")
            else:
                low, high = answer - t, answer + t
        else:
            if not (isinstance(rng, list) and len(rng) == 2 and all(number(v) is not None for v in rng)):
                p.add(data.line_of("range"), "field 'range' must be [low, high]")
            else:
                low, high = float(rng[0]), float(rng[1])
                if low > high:
                    p.add(data.line_of("range"), "range low is above range high")
                elif not low <= answer <= high:
                    p.add(data.line_of("answer"), f"answer {answer:g} lies outside its own range [{low:g}, {high:g}]")
        unit = data.get("unit", "")
        if not isinstance(unit, (str, int, float)) or isinstance(unit, bool):
            p.add(data.line_of("unit"), "field 'unit' must be text")
            unit = ""
        return {"answer": answer, "low": low, "high": high, "unit": str(unit).strip()}

    def grade(self, q: Any, response: Any) -> Grade:
        from desktop_app.core.kinds.typed_numbers import read_typed_number

        value = read_typed_number(response, q.unit)
        if value is None:
            unit = f" (in {q.unit})" if q.unit else ""
            return Grade(0.0, (f"Please enter one number{unit}, such as 40 or “about 40”.",))
        eps = 1e-9 * max(1.0, abs(q.high), abs(q.low))
        return Grade(1.0 if q.low - eps <= value <= q.high + eps else 0.0)

    def correct_response(self, q: Any) -> Any:
        return q.answer

    def describe_response(self, q: Any, response: Any) -> str:
        return f"{response} {q.unit}".strip()

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        mid, tolerance = w.bounds(q)
        body = [w.answer(100, w.number(mid), plain=True, extra=w.el("tolerance", w.number(tolerance)))]
        if q.unit:
            # The unit is optional and not graded, as here: "81" and "81 %" are both right.
            unit = f"<unit><multiplier>1</multiplier>{w.el('unit_name', q.unit)}</unit>"
            body += [f"<units>{unit}</units>", w.el("unitgradingtype", 0), w.el("unitpenalty", "0.1000000"), w.el("showunits", 0)]
        else:
            body += [w.el("unitgradingtype", 0), w.el("unitpenalty", "0.1000000"), w.el("showunits", 3)]
        body.append(w.el("unitsleft", 0))
        return w.question("numerical", body)

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        mid, tolerance = w.bounds(q)
        if abs(q.answer - mid) <= 1e-9 * max(1.0, abs(mid)):
            return w.question(q, [f"#{w.number(q.answer)}:{w.number(tolerance)}"])
        # A range around an answer off its middle: GIFT's min..max keeps the accepted values exact.
        return w.question(q, [f"#{w.number(q.low)}..{w.number(q.high)}"])

    def describe_correct(self, q: Any) -> str:
        if q.high - q.low > 1e-9:
            return f"{q.answer:g} {q.unit} (accepted {q.low:g}–{q.high:g})".replace("  ", " ")
        return f"{q.answer:g} {q.unit}".strip()
