"""What an export tells its caller: a one-line summary, and what it had to leave out (and why)."""

from __future__ import annotations

from typing import NamedTuple


class ExportReport(NamedTuple):
    summary: str  # e.g. "431 questions in 9 categories"
    skipped: list[str]  # one line per item left out, naming its id and the reason ("car-014: GIFT has no ordering type")
