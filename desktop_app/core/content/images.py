"""Images and diagrams from a content root, checked before anything draws them.

A picture in a pack is drawn by Qt, which trusts what it is given: a 200 MB SVG froze start-up
for 37 s, a small PNG can claim to be 50,000 pixels wide, and an SVG can point at any file on
the disk (``<image href="file:...">``, ``<use href="other.svg#x">``). Here a picture is read
only as a regular file inside the course folder or the program's assets, under a size cap;
raster pictures must be PNG, JPEG or GIF with sane dimensions (read from their headers, so
nothing is decoded); an SVG must be plain SVG that refers to nothing outside itself.
"""

from __future__ import annotations

import functools
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app.core.content.files import UnsafeFile, read_bytes_inside

MAX_SVG_BYTES = 1_000_000
MAX_RASTER_BYTES = 3_000_000
MAX_SIDE = 4096  # pixels, either way
MAX_PIXELS = 12_000_000
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_DEPTH = 48
SVG_NS = "{http://www.w3.org/2000/svg}"
_LINK_ATTRIBUTES = ("href", "{http://www.w3.org/1999/xlink}href", "src")
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "animation"}


class ImageError(Exception):
    pass


def check_image(path: Path, bases: tuple[Path, ...]) -> None:
    """Raise ImageError with a reason if the picture at ``path`` may not be drawn."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ImageError(f"cannot read it: {exc.strerror or exc}") from exc
    problem = _checked(path, st.st_size, st.st_mtime_ns, bases)
    if problem:
        raise ImageError(problem)


@functools.lru_cache(maxsize=256)
def _checked(path: Path, _size: int, _mtime_ns: int, bases: tuple[Path, ...]) -> str:
    # Many lessons show the same diagram: check each version of a file once ("" means fine).
    try:
        _check_image(path, bases)
    except ImageError as exc:
        return str(exc)
    return ""


def _check_image(path: Path, bases: tuple[Path, ...]) -> None:
    if path.suffix.lower() == ".svg":
        check_svg(read_svg(path, bases))
        return
    try:
        data = read_bytes_inside(path, bases, MAX_RASTER_BYTES)
    except UnsafeFile as exc:
        raise ImageError(str(exc)) from exc
    width, height = raster_size(data)
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(f"it is {width} × {height} pixels; pictures may be at most {MAX_SIDE} pixels on a side")


def read_svg(path: Path, bases: tuple[Path, ...]) -> str:
    try:
        data = read_bytes_inside(path, bases, MAX_SVG_BYTES)
    except UnsafeFile as exc:
        raise ImageError(str(exc)) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImageError("it is not UTF-8 text") from exc


def raster_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG, GIF or JPEG header; ImageError for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                raise ImageError("it is not a readable JPEG file")
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            i += 2 + length
        raise ImageError("it is not a readable JPEG file")
    raise ImageError("only PNG, JPEG, GIF and SVG pictures can be shown")


def parse_svg(text: str) -> ET.Element:
    """The SVG's root element, after the checks that make it safe to hand to Qt."""
    if "<!ENTITY" in text or "<!DOCTYPE" in text:
        raise ImageError("it declares a DTD or entities, which diagrams may not use")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ImageError(f"it is not valid SVG/XML: {exc}") from exc
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise ImageError("it is not an SVG drawing (its root element is not <svg>)")
    return root


def check_svg(text: str) -> ET.Element:
    root = parse_svg(text)
    count = 0
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise ImageError(f"it has more than {MAX_SVG_ELEMENTS:,} elements")
        if depth > MAX_SVG_DEPTH:
            raise ImageError(f"its elements are nested more than {MAX_SVG_DEPTH} deep")
        name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if name in _FORBIDDEN_ELEMENTS:
            raise ImageError(f"it contains a <{name}> element, which diagrams may not use")
        if name == "image":
            raise ImageError("it embeds or links another picture (<image>); draw the diagram in SVG alone")
        if name == "style" and ("@import" in (el.text or "") or _outside_url(el.text or "")):
            raise ImageError("its style sheet refers to something outside the drawing")
        for attr, value in el.attrib.items():
            if attr in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise ImageError(f"it links to '{value[:60]}' outside the drawing; only links inside it (#id) are allowed")
            if _outside_url(value):
                raise ImageError(f"its attribute {attr.rsplit('}', 1)[-1]} refers to something outside the drawing")
        for side in ("width", "height"):
            m = _LENGTH.match(el.get(side, "0")) if el is root else None
            if m and float(m.group(1)) > MAX_SIDE:
                raise ImageError(f"its {side} is {m.group(1)}; diagrams may be at most {MAX_SIDE} on a side")
        stack.extend((child, depth + 1) for child in el)
    return root


def _outside_url(text: str) -> bool:
    return any(not target.startswith("#") for target in _URL.findall(text))
