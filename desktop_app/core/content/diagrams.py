"""Course diagrams: where an SVG lives and which clickable regions it declares."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SVG_NS = "{http://www.w3.org/2000/svg}"
MAX_SVG_BYTES = 1_000_000


@dataclass(frozen=True)
class Diagram:
    name: str
    path: Path
    regions: dict[str, str]  # region id -> readable title, in document order


class DiagramError(Exception):
    pass


def diagram_path(name: str, root: Path, assets: Path) -> Path | None:
    """The SVG file for a diagram name, looked up in the content root first, then in assets."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    for base in (root, assets):
        candidate = base / "diagrams" / f"{name}.svg"
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=64)
def _parse_regions(path: Path, mtime: float) -> dict[str, str]:
    if path.stat().st_size > MAX_SVG_BYTES:
        raise DiagramError(f"{path.name} is larger than 1 MB")
    text = path.read_text(encoding="utf-8")
    if "<!ENTITY" in text or "<!DOCTYPE" in text:
        raise DiagramError(f"{path.name} declares a DTD or entities, which diagrams may not use")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise DiagramError(f"{path.name} is not valid SVG/XML: {exc}") from exc
    regions: dict[str, str] = {}
    for el in root.iter():
        classes = (el.get("class") or "").split()
        rid = el.get("id")
        if rid and "region" in classes:
            title_el = el.find(f"{SVG_NS}title")
            if title_el is None:
                title_el = el.find("title")
            title = (title_el.text or "").strip() if title_el is not None else ""
            regions[rid] = title or rid.replace("-", " ")
    return regions


def load_diagram(name: str, root: Path, assets: Path) -> Diagram:
    path = diagram_path(name, root, assets)
    if path is None:
        raise DiagramError(f"diagram '{name}' not found (looked for diagrams/{name}.svg)")
    return Diagram(name, path, _parse_regions(path, path.stat().st_mtime))
