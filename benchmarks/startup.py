"""Start-up cost of CAR-T Tutor against a bare PySide6 window, measured in the same run.

Runs `car-t-tutor --exit-after-startup` and a bare QMainWindow shown the same way (one event-loop
turn, then exit) alternately, N times each, for the very first start (the "who is learning?"
screen), for a learner with no history, with 100,000 and with 1,000,000 answers, and for the
first start after the program was killed (SIGKILL while its window was open, so the progress
file's write-ahead log and the lock file are left behind). It prints the medians of
whole-process wall time and peak RSS, and the ratio: the median of each run's time over that of
the bare window's run right after it. Paired runs see the same machine; on a shared machine whose
speed drifts by a third within a minute, the ratio of two separate medians moved more from one
run of this script to the next than the program did.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.startup [--runs 15] [--cases first,0,100k,1M,crash]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 820)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def tutor_command(data_dir: str, exit_after: bool = True) -> list[str]:
    script = Path(sys.executable).with_name("car-t-tutor")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "desktop_app"]
    return [*base, "--data-dir", data_dir, *(["--exit-after-startup"] if exit_after else [])]


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss / 1024  # Linux reports KiB


def add_history(data_dir: str, answers: int) -> None:
    """Write ``answers`` answers (two years of them), cards and misconceptions for the learner."""
    from benchmarks.history import fill_history
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.store.database import Store

    course = load_course(paths.builtin_content_root(), paths.assets_dir())
    store = Store.open(Path(data_dir) / paths.DB_FILENAME)
    store.use_course(course.id)
    learner = store.last_or_default_learner()
    fill_history(store, course, learner.id, answers)
    store.close()


def mark_welcomed(data_dir: str) -> None:
    """The learner has been through the first-start screen (every start but the very first)."""
    from desktop_app.core import paths
    from desktop_app.core.store.database import Store

    store = Store.open(Path(data_dir) / paths.DB_FILENAME)
    store.set_state("welcomed", "1")
    store.close()


def crash(data_dir: str) -> None:
    """Start the program, let it open its window and write, then kill it without warning."""
    proc = subprocess.Popen(tutor_command(data_dir, exit_after=False), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)  # the window is up and the first visit (after 1 s) is written
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def measure(data_dir: str, runs: int, before_each=None) -> dict[str, tuple[float, float]]:
    """Medians of wall time and peak RSS for "tutor" and "bare", and the paired "ratio"."""
    tutor = tutor_command(data_dir)
    bare = [sys.executable, "-c", BARE]
    for _ in range(2):  # warm-ups: caches filled, then drawn again at the size the first one left
        run_once(tutor)
    run_once(bare)
    results: dict[str, list[tuple[float, float]]] = {"tutor": [], "bare": []}
    for _ in range(runs):
        if before_each is not None:
            before_each()
            # The killed copy sat idle for seconds: a first process after that meets a cold
            # machine, and it must not always be ours (its data folder is left as the kill left it).
            run_once(bare)
        results["tutor"].append(run_once(tutor))
        results["bare"].append(run_once(bare))
    out = {k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v)) for k, v in results.items()}
    out["ratio"] = (statistics.median(t / b for (t, _), (b, _) in zip(results["tutor"], results["bare"], strict=True)), 0.0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cases", default="first,0,100k,1M,crash")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Measure the program as installed and used: Python keeps compiled bytecode between runs.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = {"first": 0, "0": 0, "100k": 100_000, "1M": 1_000_000}
    print(f"runs each: {args.runs} (after warm-ups), platform: {os.environ['QT_QPA_PLATFORM']}")
    print(f"{'case':34s} {'bare':>8s} {'tutor':>8s} {'ratio':>7s} {'RSS bare':>9s} {'RSS tutor':>10s}")
    for case in args.cases.split(","):
        data_dir = tempfile.mkdtemp(prefix="cart-bench-")
        try:
            run_once(tutor_command(data_dir))  # creates the progress file
            if case != "first":
                mark_welcomed(data_dir)
            if case == "crash":
                add_history(data_dir, 1_000_000)
                med = measure(data_dir, args.runs, before_each=lambda d=data_dir: crash(d))
                label = "after an unclean exit (1M answers)"
            else:
                if sizes[case]:
                    add_history(data_dir, sizes[case])
                med = measure(data_dir, args.runs)
                label = "first start (who is learning?)" if case == "first" else f"{sizes[case]:,} answers"
            db = Path(data_dir) / "progress.sqlite3"
            size = db.stat().st_size / 2**20 if db.exists() else 0
            (bw, br), (tw, tr), (ratio, _) = med["bare"], med["tutor"], med["ratio"]
            times = f"{bw * 1000:6.0f}ms {tw * 1000:6.0f}ms {ratio:6.2f}x"
            print(f"{label:34s} {times} {br:7.1f}MiB {tr:8.1f}MiB  (progress file {size:.0f} MiB)", flush=True)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
