"""Backups of the progress file, made with SQLite's online backup API and rotated like Anki's.

A backup is a complete, consistent copy made page by page from a connection of its own, so it
can run in a thread while the program keeps writing (SQLite restarts the copy if a page changes
under it). Backups live in ``<data>/backups/`` as ``progress-YYYYMMDD-HHMMSS.sqlite3``. Which
are kept: the newest few, then one per day for a week, one per week for a month, and one per
month for a year.

Restoring never loses the current file: it is first backed up itself (``…-before-restore``),
then the chosen backup is copied into the live database through the same API, in one go.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import NamedTuple

from desktop_app.core.errors import StorageError, storage_error

FOLDER = "backups"
PREFIX = "progress-"
KEEP_RECENT = 4
KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_MONTHS = 12
ANOTHER = "Choose another backup."
STATE_NOTE = ".last-backup"  # size and time of the progress file when it was last backed up


class Backup(NamedTuple):
    path: Path
    made: dt.datetime
    size: int
    before_restore: bool


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def list_backups(db_path: Path) -> list[Backup]:
    """Newest first."""
    folder = backups_dir(db_path)
    out = []
    for p in folder.glob(f"{PREFIX}*.sqlite3") if folder.is_dir() else []:
        stamp = p.stem[len(PREFIX) :].removesuffix("-before-restore")
        try:
            made = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S")
            size = p.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(Backup(p, made, size, p.stem.endswith("-before-restore")))
    return sorted(out, key=lambda b: b.made, reverse=True)


def _state(db_path: Path) -> str:
    try:
        st = db_path.stat()
        wal = Path(f"{db_path}-wal")
        return f"{st.st_size} {st.st_mtime_ns} {wal.stat().st_size if wal.exists() else 0}"
    except OSError:
        return ""


def changed_since_last_backup(db_path: Path) -> bool:
    try:
        return (backups_dir(db_path) / STATE_NOTE).read_text(encoding="ascii") != _state(db_path)
    except (OSError, UnicodeDecodeError):
        return True


def make_backup(db_path: Path, suffix: str = "", now: dt.datetime | None = None) -> Backup:
    """Copy the progress file into the backups folder (safe while the program writes to it)."""
    folder = backups_dir(db_path)
    made = (now or dt.datetime.now()).replace(microsecond=0)
    target = folder / f"{PREFIX}{made:%Y%m%d-%H%M%S}{suffix}.sqlite3"
    while target.exists():  # two in one second (a restore right after a backup): never overwrite one
        made += dt.timedelta(seconds=1)
        target = folder / f"{PREFIX}{made:%Y%m%d-%H%M%S}{suffix}.sqlite3"
    state = _state(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst, pages=256, sleep=0.001)  # in steps: other connections may write between them
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(part, target)
        (folder / STATE_NOTE).write_text(state, encoding="ascii")
    except sqlite3.Error as exc:
        raise storage_error(exc, db_path, "Backing up your progress") from exc
    except OSError as exc:
        raise StorageError("unavailable", target, f"Backing up your progress failed: {exc.strerror or exc}.", "") from exc
    return Backup(target, made, target.stat().st_size, bool(suffix))


def rotate(db_path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps; the ones deleted."""
    now = now or dt.datetime.now()
    keep: set[Path] = set()
    regular = [b for b in list_backups(db_path) if not b.before_restore]
    keep.update(b.path for b in regular[:KEEP_RECENT])
    for span, count, key in (
        (dt.timedelta(days=KEEP_DAYS), KEEP_DAYS, lambda d: d.date()),
        (dt.timedelta(weeks=KEEP_WEEKS), KEEP_WEEKS, lambda d: d.isocalendar()[:2]),
        (dt.timedelta(days=31 * KEEP_MONTHS), KEEP_MONTHS, lambda d: (d.year, d.month)),
    ):
        seen: set[object] = set()
        for b in regular:  # newest first: the newest of each day/week/month is kept
            k = key(b.made)
            if now - b.made <= span and k not in seen and len(seen) < count:
                seen.add(k)
                keep.add(b.path)
    # The copies made before a restore are kept for a month: they hold what a restore replaced.
    keep.update(b.path for b in list_backups(db_path) if b.before_restore and now - b.made <= dt.timedelta(days=31))
    removed = []
    for b in list_backups(db_path):
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                continue
    return removed


def restore(conn: sqlite3.Connection, db_path: Path, backup: Path) -> Backup:
    """Replace the live database's contents with a backup's; the current contents are backed up first."""
    try:
        check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StorageError("corrupt", backup, f"The backup {backup.name} is damaged; nothing was restored.", ANOTHER)
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError("corrupt", backup, f"{backup.name} is not a readable backup; nothing was restored.", ANOTHER) from exc
    kept = make_backup(db_path, "-before-restore")
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        src.backup(conn)
    except sqlite3.Error as exc:
        raise storage_error(exc, db_path, "Restoring the backup") from exc
    finally:
        src.close()
    return kept
