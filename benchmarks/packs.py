"""Course packs at ten times the shipped course: build, install, and the first and later opens.

Generates a course of about 90 modules and 4,400 questions (the shipped course, ten times over,
with every id made unique), then measures in one run:
  - ``car-t-tutor pack build`` of it (validation included) and ``pack install`` (checks,
    extraction, validation again), as whole processes;
  - the first open of that course (no cache: every file parsed and checked, the first lesson
    rendered, the caches written) and a warm open, each against a bare PySide6 window.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.packs [--copies 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.startup import BARE, run_once, tutor_command


def generate(copies: int, out: Path) -> Path:
    """The shipped course ``copies`` times, as one course with unique ids."""
    from desktop_app.core import paths

    src = paths.builtin_content_root()
    root = out / "big-course"
    (root / "modules").mkdir(parents=True)
    (root / "questions").mkdir()
    shutil.copytree(src / "pages", root / "pages")
    shutil.copy(src / "sources.yaml", root / "sources.yaml")
    shutil.copytree(paths.assets_dir() / "diagrams", root / "diagrams")
    module_ids = re.findall(r"^modules: \[(.*)\]$", (src / "course.yaml").read_text(), re.M)[0].split(", ")
    order = []
    glossary = (src / "glossary.yaml").read_text()
    for n in range(copies):

        def rename(text: str, n: int = n) -> str:
            for mid in module_ids:
                text = re.sub(rf"(?<!-)\b{mid}\.(?!svg\b)([a-z])", rf"{mid}{n}.\1", text)  # objective ids
                text = re.sub(rf"\b{mid}-(\d{{3}})\b", rf"{mid}{n}-\1", text)  # question ids
                text = re.sub(rf"(^id: |^module: |  module: |modules: \[|, )\b{mid}\b(?![-.])", rf"\g<1>{mid}{n}", text, flags=re.M)
            return text

        for path in sorted((src / "modules").glob("*.md")):
            number = int(path.name[:2]) + 9 * n
            (root / "modules" / f"{number:02d}-{path.stem[3:]}{n}.md").write_text(rename(path.read_text()))
        for path in sorted((src / "questions").glob("*.yaml")):
            number = int(path.name[:2]) + 9 * n
            (root / "questions" / f"{number:02d}-{path.stem[3:]}{n}.yaml").write_text(rename(path.read_text()))
        order += [f"{m}{n}" for m in module_ids]
    # Glossary terms name modules they belong to: point them at the first copy.
    (root / "glossary.yaml").write_text(
        re.sub(
            r"modules: \[([^\]]*)\]",
            lambda m: "modules: [" + ", ".join(f"{x.strip()}0" for x in m.group(1).split(",") if x.strip()) + "]",
            glossary,
        )
    )
    (root / "course.yaml").write_text(
        f"id: org.example.big\ntitle: Ten times the course\nversion: 1.0.0\nmodules: [{', '.join(order)}]\n"
        "pages: [when-to-call, questions-to-ask, about]\n"
    )
    return root


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course

    work = Path(tempfile.mkdtemp(prefix="cart-packs-"))
    try:
        root = generate(args.copies, work)
        course = load_course(root, paths.assets_dir())
        assert not course.problems, course.problems[:5]
        print(f"course: {len(course.modules)} modules, {len(course.bank)} questions, {len(course.glossary)} terms")
        cli = tutor_command(str(work / "data"))[:-3]  # the program, without --data-dir and the exit flag
        pack = work / "big.ctpack"
        build = statistics.median(timed([*cli, "pack", "build", str(root), "-o", str(pack)]) for _ in range(3))
        print(f"pack build    : {build:6.2f} s  ({pack.stat().st_size / 2**20:.1f} MiB)")
        installs = []
        for i in range(3):
            data = work / f"install-{i}"
            installs.append(timed([*cli, "--data-dir", str(data), "pack", "install", "--yes", str(pack)]))
        print(f"pack install  : {statistics.median(installs):6.2f} s")
        bare = [sys.executable, "-c", BARE]
        run_once(bare)
        cold, warm, bares = [], [], []
        for i in range(args.runs):
            data = work / f"open-{i}"
            subprocess.run([*cli, "--data-dir", str(data), "pack", "install", "--yes", str(pack)], check=True, capture_output=True)
            # Make the big course the one in use, as opening it from the Courses page does.
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from desktop_app.core.store.database import Store; "
                    "s = Store.open(sys.argv[1]); s.set_state('current_course', 'org.example.big'); s.close()",
                    str(data / "progress.sqlite3"),
                ],
                check=True,
            )
            shutil.rmtree(data / "cache", ignore_errors=True)
            cold.append(run_once(tutor_command(str(data)))[0])  # no cache at all
            run_once(tutor_command(str(data)))  # the window now opens at the size the first one left
            warm.append(run_once(tutor_command(str(data)))[0])
            bares.append(run_once(bare)[0])
        # Each open against the bare window's run right after it (see benchmarks/startup.py).
        cold_x = statistics.median(c / b for c, b in zip(cold, bares, strict=True))
        warm_x = statistics.median(w / b for w, b in zip(warm, bares, strict=True))
        print(f"bare window   : {statistics.median(bares) * 1000:6.0f} ms")
        print(f"first open    : {statistics.median(cold) * 1000:6.0f} ms  {cold_x:5.2f}x  (target <= 5x)")
        print(f"warm open     : {statistics.median(warm) * 1000:6.0f} ms  {warm_x:5.2f}x  (target <= 1.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
