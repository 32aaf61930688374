"""Search: building the index, and the time to results over the shipped course and a 10x course.

For each course, builds the index (as the idle step does, on a worker thread) and then times
every query of a learner's list (one word, a prefix while typing, several words, a word found
nowhere) with the learner having met every question (the slowest case: questions are matched
too). Reports the median and the worst of all query times.

    python -m benchmarks.search_bench [--copies 10] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

QUERIES = [
    "cytokine",
    "cyto",
    "tocilizumab dose",
    "fever after CAR-T",
    "cd19 negative relapse",
    "b cell aplasia immunoglobulin",
    "what happens in the hospital",
    "tisagenlecleucel ELIANA remission",
    "a",
    "zzzzqx",
]


def measure(root: Path, runs: int, label: str) -> None:
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.store.database import Store
    from desktop_app.core.tutor import Tutor

    course = load_course(root, paths.assets_dir())
    data = Path(tempfile.mkdtemp(prefix="cart-search-"))
    store = Store.open(data / "progress.sqlite3")
    tutor = Tutor(course, store, paths.assets_dir())
    bank = tutor.bank
    _ = [s.markdown for m in course.modules for s in m.sections]
    start = time.perf_counter()
    tutor.prepare_search().join()
    build = time.perf_counter() - start
    # Every question met: each search also matches questions (a card per question).
    from desktop_app.core.store.records import CardRow
    from desktop_app.core.store.review import put_card

    with store._transaction("benchmark") as conn:
        for q in bank.questions:
            put_card(conn, tutor.learner.id, course.id, CardRow(q.id, q.module, 0.0, 1, 1.0, 5.0, 1, 0, 0.0, "{}"))
    times = []
    for _ in range(runs):
        for query in QUERIES:
            t0 = time.perf_counter()
            tutor.search(query)
            times.append((time.perf_counter() - t0) * 1000)
    hits = {q: len(tutor.search(q)) for q in QUERIES}
    print(
        f"{label}: {len(course.modules)} modules, {len(bank.questions)} questions, {tutor.search_index().count} documents; "
        f"index built in {build * 1000:.0f} ms (worker thread); {len(times)} searches: "
        f"median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms"
    )
    print("   hits per query:", hits)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from benchmarks.packs import generate
    from desktop_app.core import paths

    measure(paths.builtin_content_root(), args.runs, "shipped course")
    big = generate(args.copies, Path(tempfile.mkdtemp(prefix="cart-big-")))
    measure(big, args.runs, f"{args.copies}x course")


if __name__ == "__main__":
    main()
