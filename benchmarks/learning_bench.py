"""Quiz drawing, answer recording and dashboard queries at scale.

Builds a synthetic course of 100,000 questions (50 modules x 8 objectives) and a learner with
1,000,000 answers over two years, 100,000 review cards and 300 open misconceptions, in a real
SQLite file, then measures:
  - drawing a 20-question quiz (Test over all modules, Practice on one, Review, Weak spots): median;
  - recording one answer through a quiz session (graded, card rescheduled, committed): p95;
  - every dashboard query, and building the whole dashboard: median;
  - opening the dashboard window (pyqtgraph charts, offscreen): median.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.learning_bench [--answers 1000000] [--questions 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.history import fill_history
from desktop_app.core import paths
from desktop_app.core.content.records import Course, Module, Objective
from desktop_app.core.learning import dashboard
from desktop_app.core.learning.quiz import PRACTICE, REVIEW, TEST, WEAK
from desktop_app.core.questions import Bank, Choice, SingleChoice, SourceRef
from desktop_app.core.store.database import Store
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID
from desktop_app.core.tutor import Tutor

MODULES = 50
OBJECTIVES_PER_MODULE = 8


def synthetic_course(n_questions: int) -> Course:
    course = Course(root=paths.builtin_content_root())
    course.id = BUILTIN_COURSE_ID
    reviewed = dt.date(2026, 11, 21)
    for m in range(MODULES):
        mid = f"m{m:02d}"
        objectives = tuple(Objective(f"{mid}.o{o}", f"Objective {o}") for o in range(OBJECTIVES_PER_MODULE))
        course.modules.append(Module(mid, m + 1, f"Module {m}", "", 10, objectives, ("xu2021",), reviewed, (), Path(f"{mid}.md")))
    rng = random.Random(1)
    questions = []
    for i in range(n_questions):
        m = i % MODULES
        o = (i // MODULES) % OBJECTIVES_PER_MODULE
        questions.append(
            SingleChoice(
                id=f"q{i:06d}",
                type="single_choice",
                module=f"m{m:02d}",
                objective=f"m{m:02d}.o{o}",
                difficulty=rng.randint(1, 3),
                tracks=frozenset({"student", "family"} if i % 5 == 0 else {"student"}),
                stem=f"Question {i}?",
                explanation="Because.",
                sources=(SourceRef("xu2021", "CD19"),),
                reviewed=reviewed,
                choices=(Choice("right", True), Choice("wrong"), Choice("other")),
            )
        )
    course.bank = Bank(questions)
    return course


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cart-learning-"))
    t0 = time.perf_counter()
    course = synthetic_course(args.questions)
    store = Store.open(workdir / "progress.sqlite3")
    learner = store.create_learner("Bench", "student")
    store.open_learner(learner.id)
    fill_history(store, course, learner.id, args.answers)
    tutor = Tutor(course, store, paths.assets_dir(), learner)
    size = (workdir / "progress.sqlite3").stat().st_size / 2**20
    print(
        f"set-up: {args.questions:,} questions, {store.answer_count(learner.id):,} answers, "
        f"{tutor.due_count(now=1e12):,} cards, database {size:.0f} MiB, {time.perf_counter() - t0:.0f} s"
    )

    print("\n-- drawing a 20-question quiz (median of 50, ms)")
    first = timed(lambda: tutor.draw_for(TEST, None, 20, seed=0), 1)[0]
    print(f"first draw (builds the objective/difficulty index): {first:7.1f}")
    for mode, modules in ((TEST, None), (PRACTICE, ["m07"]), (REVIEW, None), (WEAK, None)):
        seeds = iter(range(1, 10_000))
        runs = timed(lambda mode=mode, modules=modules, seeds=seeds: tutor.draw_for(mode, modules, 20, seed=next(seeds)), 50)
        print(f"{mode:9s} median {statistics.median(runs):7.1f}   p95 {p95(runs):7.1f}")

    print("\n-- recording one answer (graded, card rescheduled, committed; 300 answers, ms)")
    session = tutor.start_quiz(TEST, None, 20, seed=99)
    rng = random.Random(3)
    record = []
    for _ in range(300):
        item = session.current
        t = time.perf_counter()
        session.submit(rng.choice([0, 1]), confidence=rng.choice([None, 1, 2, 3]))
        record.append((time.perf_counter() - t) * 1000)
        if not session.next():
            session = tutor.start_quiz(TEST, None, 20, seed=rng.randrange(10**6))
        del item
    print(f"median {statistics.median(record):6.2f}   p95 {p95(record):6.2f}   max {max(record):6.2f}")

    print("\n-- dashboard queries over the history (median of 20, ms)")
    now = time.time()
    since30 = now - 30 * 86400
    lid = learner.id
    queries = {
        "mastery (400 objectives)": lambda: tutor.module_mastery(),
        "accuracy by day (30 d)": lambda: store.accuracy_by_day(lid, since30),
        "reviews due next 14 days": lambda: tutor.due_by_day(time.strftime("%Y-%m-%d"), now + 14 * 86400),
        "reading time by day": lambda: store.reading_seconds_by_day(lid, since30),
        "answer time by day": lambda: store.answer_seconds_by_day(lid, since30),
        "streak (active days)": lambda: store.active_days(lid, now - 60 * 86400),
        "open misconceptions": lambda: store.open_misconceptions(lid, 50),
        "answer count": lambda: store.answer_count(lid),
        "due count": lambda: tutor.due_count(now=now),
        "whole dashboard (core)": lambda: dashboard.build(tutor),
    }
    for name, fn in queries.items():
        runs = timed(fn, 20)
        print(f"{name:28s} median {statistics.median(runs):7.1f}   max {max(runs):7.1f}")

    if not args.no_gui:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from desktop_app.gui import theme
        from desktop_app.gui.dashboard import Dashboard

        colors = theme.apply(app, "light", 100)
        opened = []
        for n in range(6):
            t = time.perf_counter()
            page = Dashboard(tutor, colors)
            page.resize(1200, 900)
            page.refresh()
            page.show()
            app.processEvents()
            opened.append((time.perf_counter() - t) * 1000)
            page.close()
            page.deleteLater()
            app.processEvents()
            if n == 0:
                first_open = opened.pop()
        print(
            f"\n-- opening the dashboard (charts drawn, offscreen): first {first_open:.0f} ms, "
            f"then median {statistics.median(opened):.0f} ms"
        )
    store.close()


if __name__ == "__main__":
    main()
