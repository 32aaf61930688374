"""Two kinds of failure: the environment's fault, which the user can act on, and our bugs.

A ``KnownError`` is something outside the program going wrong: a full disk, a read-only or
locked progress file, a damaged file, a bad course pack. It carries a message for the user that
says what happened and what to do; the program shows it and carries on. Anything else that
escapes is a bug: the GUI shows a crash dialog and writes a log (see gui.app).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class KnownError(Exception):
    """The environment's fault, with a message for the user and advice on what to do."""

    kind = "error"

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()


class StorageError(KnownError):
    """The progress file cannot be used as asked.

    ``kind`` is one of: ``full`` (no space left), ``read-only`` (file or folder cannot be
    written), ``locked`` (another program holds it), ``corrupt`` (SQLite reports the file is
    damaged or not a database), ``newer`` (written by a newer version), ``unavailable``
    (cannot be opened or created: permissions, a missing drive, a disk error), ``learner-gone``
    (the learner was removed by another program).
    """

    TITLES = {
        "full": "The disk is full",
        "read-only": "Progress cannot be saved here",
        "locked": "The progress file is in use",
        "corrupt": "The progress file is damaged",
        "newer": "The progress file is from a newer version",
        "unavailable": "The progress file cannot be opened",
        "learner-gone": "This learner no longer exists",
    }

    def __init__(self, kind: str, path: Path, message: str, advice: str = "") -> None:
        super().__init__(message, advice)
        self.kind = kind
        self.path = path

    @property
    def title(self) -> str:
        return self.TITLES.get(self.kind, "Progress could not be saved")


class PackError(KnownError):
    """A course pack cannot be built, read or installed."""

    kind = "pack"


# SQLite's primary result codes (the low byte of an extended code).
_FULL, _READONLY, _BUSY, _LOCKED, _CORRUPT, _NOTADB, _CANTOPEN, _IOERR, _PERM = 13, 8, 5, 6, 11, 26, 14, 10, 3
_CONSTRAINT_FOREIGNKEY = 787

ADVICE = {
    "full": "Free some space on the disk (or choose another folder for your progress), then try again. Nothing you did is lost yet.",
    "read-only": "The folder or the file cannot be written. Choose another folder for your progress, or ask whoever manages this computer.",
    "locked": "Another program is using the file: close any other copy of CAR-T Tutor or any program that has it open, then try again.",
    "corrupt": "SQLite reports that the file is damaged. It can be kept aside (nothing is deleted) and a new one started.",
    "unavailable": "Check that the drive is connected and that you may write to the folder, or choose another folder.",
    "learner-gone": "Another program removed this learner from the progress file. CAR-T Tutor will open another learner.",
}


def storage_error(exc: sqlite3.Error, path: Path, doing: str) -> StorageError:
    """What a SQLite error means for the user, as a StorageError; ``doing`` says what failed."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if code == _CONSTRAINT_FOREIGNKEY:
        kind = "learner-gone"
    elif primary == _FULL or "disk is full" in text:
        kind = "full"
    elif primary in (_READONLY, _PERM) or "readonly" in text or "read-only" in text:
        kind = "read-only"
    elif primary in (_BUSY, _LOCKED) or "locked" in text:
        kind = "locked"
    elif primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        kind = "corrupt"
    else:
        kind = "unavailable"
    return StorageError(kind, path, f"{doing} failed: {exc} ({path}).", ADVICE[kind])
