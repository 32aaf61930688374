"""Click the diagram: choose the named region of an SVG diagram (regions are SVG element ids)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.core.kinds.base import Grade, Kind, ParseContext, Question, text_list


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
