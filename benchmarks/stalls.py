"""The longest the window stops responding during a learner's first minute, action by action.

Starts the real window (offscreen) on a learner with a long history, with everything the program
starts after its first screen (the idle steps, the whole-file check at 15 s, the first backup at
20 s), then does what a new user does in their first minute: reads on through a few sections,
switches to plain words and back, opens the glossary, the home page and the dashboard, starts a
Practice quiz and answers it, starts a Test, then reads on until the minute is up. A heartbeat
timer ticks every 10 ms on the GUI thread; the longest gap between two ticks is the longest
stall, which is also measured around each action on its own. Each run is a new process on the
same data folder, so the first one starts with the question bank not yet in its cache (as the
first start after an update does).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.stalls [--answers 1000000] [--runs 3] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def one_run(data_dir: Path, idle_s: float, idle_work: bool = True, seconds: float = 60.0) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from benchmarks.heartbeat import Heartbeat
    from desktop_app.core import paths
    from desktop_app.core.store.database import Store
    from desktop_app.gui import theme
    from desktop_app.gui.app import build_window, start_background_work
    from tests.gui.keyboard import type_answer
    from tests.gui.soak_session import _Keys

    app = QApplication.instance() or theme.create_application([sys.argv[0]])
    store = Store.open(data_dir / paths.DB_FILENAME)
    w = build_window(store, None, data_dir / "cache")
    w.show()
    shown = time.perf_counter()
    for _ in range(20):  # the first screen appearing is start-up (benchmarks/startup.py), not a stall
        app.processEvents()
        time.sleep(0.01)
    heart = Heartbeat().start()
    if idle_work:
        assert w.shell is not None
        start_background_work(w.shell, store)

    def wait(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    actions: dict[str, float] = {}

    def act(name: str, fn) -> None:
        t = time.perf_counter()
        fn()
        app.processEvents()
        actions[name] = max(actions.get(name, 0.0), time.perf_counter() - t)
        wait(0.3)

    wait(idle_s)  # the learner looks at the first screen for a moment
    for _ in range(3):
        act("next section", lambda: w.reader.go(+1))
    act("plain words", lambda: w.set_track("family"))
    act("full lesson", lambda: w.set_track("student"))
    act("glossary", lambda: w.show_view("glossary"))
    act("home", lambda: w.show_view("home"))
    act("dashboard", lambda: w.show_view("dashboard"))
    act("quiz set-up", lambda: w.show_view("quiz"))
    page = w.quiz_page()
    act("start practice", lambda: page.start("practice", [w.tutor.course.modules[0].id], 5))
    keys = _Keys(w)

    def answer() -> None:
        type_answer(keys, page.runner, right=True)
        page.runner.on_primary()

    for _ in range(3):
        act("answer", answer)
        act("next question", page.runner.on_primary)
    act("start test", lambda: page.start("test", None, 10))
    actions["longest gap in the actions"] = max(heart.gaps, default=0.0)
    wait(max(0.0, seconds - (time.perf_counter() - shown)))  # the whole-file check and the backup start meanwhile
    actions["longest heartbeat gap"] = heart.stop()
    w.hide()  # a hidden window closes without asking whether to leave the Test under way
    w.close()
    store.close()
    return actions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=3.0, help="seconds on the first screen before the first action")
    parser.add_argument("--no-idle-work", action="store_true", help="do not load later screens' parts while the learner reads")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each run lasts from the first screen")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import subprocess

    from benchmarks.startup import add_history, tutor_command

    data = Path(tempfile.mkdtemp(prefix="cart-stalls-"))
    subprocess.run(tutor_command(str(data)), check=True, capture_output=True)
    if args.answers:
        add_history(str(data), args.answers)
    results: dict[str, list[float]] = {}
    for _ in range(args.runs):
        # Each run in a fresh process, as a learner starting the program would be.
        code = (
            "from benchmarks.stalls import one_run; from pathlib import Path; "
            f"print(repr(one_run(Path({str(data)!r}), {args.idle}, {not args.no_idle_work}, {args.seconds})))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        for name, value in eval(out.stdout.strip().splitlines()[-1]).items():  # our own repr of a dict of floats
            results.setdefault(name, []).append(value)
    idle = "without" if args.no_idle_work else "with"
    print(
        f"{args.answers:,} answers, {args.runs} runs of {args.seconds:g} s, {args.idle:g} s on the first screen, "
        f"{idle} idle work; ms, median (worst)"
    )
    for name, values in results.items():
        print(f"  {name:24s} {statistics.median(values) * 1000:7.1f} ({max(values) * 1000:.1f})")


if __name__ == "__main__":
    main()
