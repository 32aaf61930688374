"""Start-up cost of CAR-T Tutor against a bare PySide6 window, measured in the same run.

Runs `car-t-tutor --exit-after-startup` and a bare QMainWindow shown the same way (one event-loop
turn, then exit) alternately, N times each after one warm-up of each, and prints the medians of
whole-process wall time and peak RSS, and their ratios.

    QT_QPA_PLATFORM=offscreen python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def tutor_command(data_dir: str) -> list[str]:
    script = Path(sys.executable).with_name("car-t-tutor")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "desktop_app"]
    return [*base, "--data-dir", data_dir, "--exit-after-startup"]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Measure the program as installed and used: Python keeps compiled bytecode between runs
    # (pip compiles site-packages at install; the warm-up run caches the project's own modules).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    data_dir = tempfile.mkdtemp(prefix="cart-bench-")
    tutor = tutor_command(data_dir)
    bare = [sys.executable, "-c", BARE]
    try:
        run_once(tutor)  # warm-up: creates the progress file, fills the disk cache
        run_once(bare)
        results: dict[str, list[tuple[float, float]]] = {"tutor": [], "bare": []}
        for _ in range(args.runs):
            results["tutor"].append(run_once(tutor))
            results["bare"].append(run_once(bare))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    med = {k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v)) for k, v in results.items()}
    print(f"runs each: {args.runs} (after one warm-up), platform: {os.environ['QT_QPA_PLATFORM']}")
    print(f"bare PySide6 window : {med['bare'][0] * 1000:7.0f} ms   peak RSS {med['bare'][1]:6.1f} MiB")
    print(f"car-t-tutor         : {med['tutor'][0] * 1000:7.0f} ms   peak RSS {med['tutor'][1]:6.1f} MiB")
    print(f"ratio (tutor / bare): {med['tutor'][0] / med['bare'][0]:7.2f} x time   {med['tutor'][1] / med['bare'][1]:.2f} x memory")


if __name__ == "__main__":
    main()
