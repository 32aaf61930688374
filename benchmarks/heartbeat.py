"""A 10 ms timer on the GUI thread: the longest gap between two ticks is the longest the window
stopped responding."""

from __future__ import annotations

import time


class Heartbeat:
    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> Heartbeat:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def stop(self) -> float:
        """Stops, and gives the longest gap in seconds."""
        self._timer.stop()
        return max(self.gaps, default=0.0)
