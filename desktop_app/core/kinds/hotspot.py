"""Click the diagram: choose the named region of an SVG diagram (regions are SVG element ids)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.kinds.base import Grade, Kind, ParseContext, Question, text_list

if TYPE_CHECKING:
    from desktop_app.core.exchange.gift import GiftWriter
    from desktop_app.core.exchange.moodle_xml import MoodleQuestion, MoodleWriter


@dataclass(frozen=True, kw_only=True)
class Hotspot(Question):
    diagram: str
    answer: str
    regions: tuple[str, ...]
    region_titles: tuple[str, ...] = ()

    def title_of(self, region: str) -> str:
        try:
            return self.region_titles[self.regions.index(region)]
        except (ValueError, IndexError):
            return region


class HotspotKind(Kind):
    name = "hotspot"
    label = "Click the diagram"
    record = Hotspot
    fields = frozenset({"diagram", "answer", "regions"})

    def parse(self, data: Any, ctx: ParseContext) -> dict[str, Any]:
        from desktop_app.core.content.diagrams import DiagramError, load_diagram
        from desktop_app.core.content.fields import need_str

        p = ctx.problems
        diagram = need_str(data, "diagram", p)
        answer = need_str(data, "answer", p)
        regions = text_list(data, "regions", ctx, 2)
        titles: list[str] = []
        if diagram:
            try:
                known = load_diagram(diagram, ctx.root, ctx.assets).regions
            except (DiagramError, OSError) as exc:
                p.add(data.line_of("diagram"), str(exc))
            else:
                for r in regions:
                    if r not in known:
                        p.add(data.line_of("regions"), f"diagram '{diagram}' has no region '{r}'")
                if answer and answer not in known:
                    p.add(data.line_of("answer"), f"diagram '{diagram}' has no region '{answer}'")
                titles = [known.get(r, r) for r in regions]
        if answer and regions and answer not in regions:
            p.add(data.line_of("answer"), f"the answer region '{answer}' is not among the clickable 'regions'")
        return {"diagram": diagram, "answer": answer, "regions": tuple(regions), "region_titles": tuple(titles)}

    def grade(self, q: Any, response: Any) -> Grade:
        return Grade(1.0 if response == q.answer else 0.0)

    def correct_response(self, q: Any) -> Any:
        return q.answer

    def describe_response(self, q: Any, response: Any) -> str:
        return q.title_of(str(response))

    def options(self, q: Any) -> list[str]:
        return list(q.region_titles or q.regions)

    # -- writing for other tools

    def moodle(self, q: Any, w: MoodleWriter) -> MoodleQuestion:
        """Drag-and-drop markers: the learner drops one marker on the diagram (its labels hidden, as
        here), and it is right inside the answer region's box. Where that box cannot be measured
        without rendering, or would take in much of another clickable region (a marker dropped
        there would count as right), it is a multiple choice among the regions' names under the
        same picture, and the report says why."""
        from desktop_app.core.exchange.moodle_xml import DIAGRAM_FILE, MARKER_LABEL, covered_share

        svg = w.diagram_svg(q.diagram)
        boxes = w.region_boxes(q.diagram, dict.fromkeys([q.answer, *q.regions]))
        box = boxes[q.answer]
        if isinstance(box, str):
            problem = box
        else:
            # A box touching the edge of a neighbour is fine; one that holds a fifth of it is not.
            crowded = [r for r, b in boxes.items() if r != q.answer and not isinstance(b, str) and covered_share(box, b) > 0.2]
            if not crowded:
                x, y, width, height = box
                body = [
                    "<showmisplaced/>",
                    w.file(DIAGRAM_FILE, svg),
                    f"<drag><no>1</no>{w.el('text', MARKER_LABEL)}</drag>",
                    f"<drop><no>1</no><shape>rectangle</shape>{w.el('coords', f'{x},{y};{width},{height}')}<choice>1</choice></drop>",
                ]
                return w.question("ddmarker", body)
            problem = f"the box around region '{q.answer}' would also take in much of region '{crowded[0]}'"
        w.note(q, f"written as a multiple choice among the regions' names: {problem}")
        image, file = w.picture(DIAGRAM_FILE, svg, "The diagram, its labels hidden")
        body = [w.el("single", "true"), w.el("shuffleanswers", "true" if q.shuffle else "false"), w.el("answernumbering", "abc")]
        body.append(w.el("showstandardinstruction", "0"))
        body += [w.answer(100 if r == q.answer else 0, q.title_of(r)) for r in q.regions]
        return w.question("multichoice", body, w.render(q.stem) + f"<p>{image}</p>", [file])

    def gift(self, q: Any, w: GiftWriter) -> str | None:
        w.unsupported(q, "GIFT cannot carry the diagram a click-the-diagram question needs (Moodle XML writes it as drag-and-drop markers)")
        return None
