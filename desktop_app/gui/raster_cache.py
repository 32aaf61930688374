"""Diagrams drawn once and kept on disk, so that a lesson with a diagram opens without
drawing its SVG again (about 4 ms for each diagram on every start).

A file holds the width and height (two little-endian 32-bit numbers) and then the raw
premultiplied ARGB32 pixels of one diagram drawn at one size. The name is a fingerprint of
the SVG's path, size and modification time and of that size, so an edited diagram or a new
window width simply makes a new file. The newest files are kept, up to 32 MiB in all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.digest import fingerprint

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

# QImage is imported where an image is made: its class (with 80 enum members) is built on first
# touch, and the first lesson may have no diagram.
FORMAT = "1"  # bump when the file layout changes


class RasterCache:
    def __init__(self, folder: Path, budget: int = 32 * 2**20) -> None:
        self.folder = folder
        self.budget = budget  # bytes on disk; the newest file is always kept

    def _path(self, svg: Path, width: int, ratio: float) -> Path | None:
        try:
            st = svg.stat()
        except OSError:
            return None
        key = f"{FORMAT}\0{svg.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{width}\0{ratio:.3f}"
        return self.folder / f"{fingerprint(key)}.argb"

    def get(self, svg: Path, width: int, ratio: float) -> QImage | None:
        path = self._path(svg, width, ratio)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        w, h = int.from_bytes(data[0:4], "little"), int.from_bytes(data[4:8], "little")
        if w <= 0 or h <= 0 or len(data) != 8 + w * h * 4:
            return None  # cut short or not ours: draw it again
        from PySide6.QtGui import QImage

        image = QImage(data[8:], w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()  # copy(): it owns its pixels
        image.setDevicePixelRatio(ratio)
        return image

    def put(self, svg: Path, width: int, ratio: float, image: QImage) -> None:
        from PySide6.QtGui import QImage

        path = self._path(svg, width, ratio)
        if path is None or image.format() != QImage.Format.Format_ARGB32_Premultiplied or image.bytesPerLine() != image.width() * 4:
            return
        header = image.width().to_bytes(4, "little") + image.height().to_bytes(4, "little")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(header + bytes(image.constBits()))
            tmp.replace(path)
            self._prune()
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def _prune(self) -> None:
        files = [(f.stat(), f) for f in self.folder.glob("*.argb")]
        files.sort(key=lambda item: item[0].st_mtime_ns, reverse=True)
        total = 0
        for n, (st, f) in enumerate(files):
            total += st.st_size
            if n > 0 and total > self.budget:
                f.unlink(missing_ok=True)
