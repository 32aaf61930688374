"""The class report for a class of 500: from a folder of results files to the report on screen.

One learner answers every shipped question twice through real quiz sessions and writes a real
results file. 499 classmates are made from it (other names and keys, their own right and wrong
answers and chosen distractors, their own mastery, each file with its own checksum), so the
folder holds 500 files of about 860 answers each. Then, in the real window (offscreen), timed
separately and together:
  - reading and checking every file (``read_many``);
  - building the report (grid, needs help, item analysis over every question);
  - the whole of what an instructor waits for: File ▸ Class report, add the folder, and the
    grid, item analysis and chart drawn (target: 3 s); the files are read on a worker thread,
    so the longest the window stops responding meanwhile is measured too (10 ms heartbeat).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.report_bench [--learners 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def make_template(data: Path) -> dict[str, Any]:
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.exchange.results import build_results
    from desktop_app.core.grading import correct_response
    from desktop_app.core.learning.quiz import TEST
    from desktop_app.core.store.database import Store
    from desktop_app.core.tutor import Tutor

    course = load_course(paths.builtin_content_root(), paths.assets_dir())
    store = Store.open(data / "progress.sqlite3")
    tutor = Tutor(course, store, paths.assets_dir())
    ids = [q.id for q in course.bank.questions]
    for _ in range(2):
        session = tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
        for item in session.items:
            session.submit(correct_response(item.question), 2)
            session.next()
        session.finish()
    for m in course.modules:
        for s in m.sections:
            tutor.record_reading(m.id, s.id, 60, True)
    body = build_results(tutor, "Template")
    store.close()
    return body


def classmate(template: dict[str, Any], n: int, rng: random.Random, choices: dict[str, int]) -> bytes:
    from desktop_app.core.exchange.results import seal

    body = json.loads(json.dumps(template))
    track = rng.choice(["student", "family"])
    body["learner"].update(key=f"{n:032x}", name=f"Learner {n:03d}", identifier=f"s{n:05d}@school.example", track=track)
    ability = rng.uniform(0.35, 0.95)
    tally: dict[str, list[int]] = {}
    questions = body["questions"]
    for a in body["answers"]:  # [question's index, try, score, time_ms, confidence, answered_at, response]
        question, _module, objective = questions[a[0]]
        right = rng.random() < ability
        a[2] = 1.0 if right else 0.0
        a[3] = rng.randint(3000, 60000)
        a[4] = rng.choice([None, 1, 2, 3])
        if not right and question in choices:
            a[6] = rng.randrange(choices[question])
        t = tally.setdefault(objective, [0, 0])
        t[0] += int(right)
        t[1] += 1
    for m in body["mastery"]:
        right, answered = tally.get(m["objective"], [0, 0])
        share = right / answered if answered else 0
        m.update(right=right, answered=answered, level="mastered" if share >= 0.8 else "familiar" if share >= 0.6 else "learning")
    return seal(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    work = Path(tempfile.mkdtemp(prefix="cart-report-"))
    (work / "data").mkdir()
    t0 = time.perf_counter()
    template = make_template(work / "data")
    print(f"template learner: {len(template['answers'])} answers in real quiz sessions, {time.perf_counter() - t0:.1f} s")

    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course

    course = load_course(paths.builtin_content_root(), paths.assets_dir())
    choices = {q.id: len(q.choices) for q in course.bank.questions if q.type == "single_choice"}
    folder = work / "class"
    folder.mkdir()
    rng = random.Random(7)
    size = 0
    for n in range(args.learners):
        data = classmate(template, n, rng, choices)
        (folder / f"learner-{n:03d}.ctresults").write_bytes(data)
        size += len(data)
    print(f"{args.learners} results files, {size / 2**20:.0f} MiB in all")

    from PySide6.QtWidgets import QApplication

    from benchmarks.heartbeat import Heartbeat
    from desktop_app.core.exchange.class_report import build_report, read_many
    from desktop_app.core.store.database import Store
    from desktop_app.gui.app import build_window

    app = QApplication([sys.argv[0]])
    import pyqtgraph  # noqa: F401  (the window's idle work imports it a moment after start-up)

    reads, builds, wholes, gaps = [], [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        results, aside = read_many([folder])
        reads.append(time.perf_counter() - t)
        assert len(results) == args.learners and not aside, aside[:3]
        t = time.perf_counter()
        report = build_report(results, aside)
        builds.append(time.perf_counter() - t)
        assert len(report.learners) == args.learners

        store = Store.open(work / "data" / "progress.sqlite3")
        store.set_state("welcomed", "1")
        window = build_window(store, None)
        window.resize(1280, 820)
        window.show()
        app.processEvents()
        heart = Heartbeat().start()
        t = time.perf_counter()
        window.open_class_report()
        page = window.report_page()
        page.add([folder])
        while page.job is not None:  # read on a worker thread; the window keeps drawing
            app.processEvents()
            time.sleep(0.002)
        for tab in range(page.tabs.count()):  # the instructor looks at every tab once
            page.tabs.setCurrentIndex(tab)
            app.processEvents()
        page.tabs.setCurrentIndex(0)
        app.processEvents()
        wholes.append(time.perf_counter() - t)
        gaps.append(heart.stop())
        assert page.grid.model().rowCount() == args.learners and page.items.rowCount() == len(report.items)
        window.hide()
        window.close()
        window.deleteLater()
        app.processEvents()
        store.close()

    def fmt(xs: list[float]) -> str:
        return f"median {statistics.median(xs) * 1000:.0f} ms (runs: {', '.join(f'{x * 1000:.0f}' for x in xs)})"

    print(f"read and check {args.learners} files: {fmt(reads)}")
    print(f"build the report ({len(report.items)} questions analysed): {fmt(builds)}")
    print(f"File > Class report, add the folder, every tab shown: {fmt(wholes)}  (target <= 3000 ms)")
    print(f"longest the window did not respond meanwhile: {fmt(gaps)}")


if __name__ == "__main__":
    main()
