"""Course diagrams: where an SVG lives, which clickable regions it declares, and how it looks
while a hotspot question is asked (its labels masked, as Anki's image occlusion does).

A region is a ``<g id="..." class="region">`` with a ``<title>``. While a learner is asked to
find a part, every text inside a region, and every other text marked ``class="label"`` (a
caption that would name a part), is hidden; the GUI paints a blank tag over each in place.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop_app.core.content.images import SVG_NS, ImageError, check_svg, read_svg

MASK_PREFIX = "cart-mask-"


@dataclass(frozen=True)
class Diagram:
    name: str
    path: Path
    regions: dict[str, str]  # region id -> readable title, in document order


class DiagramError(Exception):
    pass


def diagram_path(name: str, root: Path, assets: Path) -> Path | None:
    """The SVG file for a diagram name, looked up in the content root first, then in assets."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
        return None
    for base in (root, assets):
        candidate = base / "diagrams" / f"{name}.svg"
        if candidate.is_file():
            return candidate
    return None


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


@lru_cache(maxsize=64)
def _parse_regions(path: Path, mtime: float, bases: tuple[Path, ...]) -> dict[str, str]:
    try:
        root = check_svg(read_svg(path, bases))
    except ImageError as exc:
        raise DiagramError(f"diagram {path.name}: {exc}") from exc
    regions: dict[str, str] = {}
    for el in root.iter():
        rid = el.get("id")
        if rid and "region" in _classes(el):
            title_el = el.find(f"{SVG_NS}title")
            if title_el is None:
                title_el = el.find("title")
            title = " ".join((title_el.text or "").split()) if title_el is not None else ""
            regions[rid] = title or rid.replace("-", " ")
    return regions


def load_diagram(name: str, root: Path, assets: Path) -> Diagram:
    path = diagram_path(name, root, assets)
    if path is None:
        raise DiagramError(f"diagram '{name}' not found (looked for diagrams/{name}.svg)")
    return Diagram(name, path, _parse_regions(path, path.stat().st_mtime, (root, assets)))


def masked_svg(path: Path, bases: tuple[Path, ...]) -> tuple[bytes, list[str]]:
    """The diagram with its labels hidden, and the element ids of the hidden labels.

    Each label keeps its place and size (it is made transparent, not removed), so the GUI can
    ask Qt where it was drawn and cover that spot.
    """
    try:
        root = check_svg(read_svg(path, bases))
    except ImageError as exc:
        raise DiagramError(f"diagram {path.name}: {exc}") from exc
    ET.register_namespace("", SVG_NS[1:-1])
    masks: list[str] = []

    def hide(el: ET.Element) -> None:
        el.set("id", el.get("id") or f"{MASK_PREFIX}{len(masks)}")
        el.set("fill-opacity", "0")
        el.set("stroke-opacity", "0")
        masks.append(el.get("id", ""))

    def walk(el: ET.Element, in_region: bool) -> None:
        here = in_region or "region" in _classes(el) or "label" in _classes(el)
        for child in el:
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "text" and (here or "label" in _classes(child)):
                hide(child)
            elif tag in ("title", "desc"):
                child.text = ""  # read aloud by screen readers and shown as tooltips by some viewers
                for grandchild in list(child):
                    child.remove(grandchild)
            else:
                walk(child, here)

    walk(root, False)
    return ET.tostring(root, encoding="utf-8"), masks
