"""Exporting the whole shipped course: Moodle XML, GIFT and Anki (target 2 s each) and the PDF
of every lesson (target 10 s), each timed in one process after the course is loaded.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.export_bench [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.exchange.formats import FORMATS

    _app = QApplication([])  # the PDF writer lays pages out with Qt
    course = load_course(paths.builtin_content_root(), paths.assets_dir())
    out = Path(tempfile.mkdtemp(prefix="cart-export-"))
    jobs = [
        ("moodle-xml", {}),
        ("gift", {}),
        ("anki", {}),
        ("pdf", {"handout": "lesson", "paper": "a4"}),
        ("pdf", {"handout": "quiz", "paper": "a4", "seed": 1}),
    ]
    for name, extra in jobs:
        module = importlib.import_module(FORMATS[name].module)
        options = {"modules": None, "track": "student", **extra}
        times = []
        for n in range(args.runs):
            path = out / f"{name}-{n}{FORMATS[name].suffix}"
            start = time.perf_counter()
            report = module.export(course, path, options)
            times.append(time.perf_counter() - start)
        label = name + (f" ({extra['handout']})" if "handout" in extra else "")
        print(f"{label:18} median {statistics.median(times):5.2f} s, worst {max(times):5.2f} s  ·  {report.summary}")


if __name__ == "__main__":
    main()
