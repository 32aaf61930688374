"""A backup of a large progress file while the window runs: how long it takes, and the longest
the GUI thread waits meanwhile (a heartbeat timer every 10 ms).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.backup_bench [--answers 1000000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from benchmarks.startup import add_history, tutor_command

    data = Path(tempfile.mkdtemp(prefix="cart-backup-"))
    subprocess.run(tutor_command(str(data)), check=True, capture_output=True)
    add_history(str(data), args.answers)
    db = data / "progress.sqlite3"

    from PySide6.QtWidgets import QApplication

    from benchmarks.heartbeat import Heartbeat
    from desktop_app.gui.app import BackgroundBackups

    app = QApplication([sys.argv[0]])
    heart = Heartbeat().start()
    backups = BackgroundBackups(db)
    start = time.perf_counter()
    backups.start()
    while backups.thread is not None and backups.thread.is_alive():
        app.processEvents()
        time.sleep(0.002)
    took = time.perf_counter() - start
    longest = heart.stop()
    size = db.stat().st_size / 2**20
    print(f"progress file {size:.0f} MiB ({args.answers:,} answers): backup {took:.2f} s; longest GUI wait {longest * 1000:.0f} ms")


if __name__ == "__main__":
    main()
