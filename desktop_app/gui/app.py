"""Start the GUI: one copy per data folder, open the progress file, load the course, show the window.

This is the composition root. It decides:
- **one copy per data folder**: a lock file (QLockFile) in the data folder; a second copy asks
  the first to come forward (by leaving a request file that the first one watches: no socket is
  ever opened) and leaves;
- **what to do when the progress file cannot be used**: only a file SQLite itself reports as
  damaged is offered to be kept aside; a read-only, locked or unreachable one gets a message
  saying what to do and may be replaced by a folder of the user's choosing;
- **errors**: the environment's (KnownError) get a clear message and the program carries on;
  anything else is a bug, shown in a crash dialog and written to a log file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.errors import KnownError, StorageError
from desktop_app.core.store.database import Store
from desktop_app.gui import theme
from desktop_app.gui.shell import Shell

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from desktop_app.gui.main_window import MainWindow

LOCK_NAME = "car-t-tutor.lock"
RAISE_REQUEST = "raise-request"
DAMAGE_NOTE_SUFFIX = ".damaged-note"  # written beside the progress file when the background check finds damage
NOT_YET = object()  # an idle step waiting for a worker thread
VERIFY_AFTER_MS = 15_000  # the whole-file check starts once the learner has settled in
BACKUP_AFTER_MS = 20_000


# ---------------------------------------------------------------- one copy per data folder


def acquire_instance_lock(data_dir: Path) -> QLockFile | None:
    """The data folder's lock, or None if another running copy holds it."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(data_dir / LOCK_NAME))
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return lock  # not held: the folder cannot be made, and opening the store says why (no other copy is open)
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long it has run
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    return lock  # the lock file cannot be written (a read-only folder): the store will explain


def ask_running_copy_to_come_forward(data_dir: Path, request: str = "") -> bool:
    """Leave a request for the copy that holds the lock; True if it could be left."""
    path = data_dir / RAISE_REQUEST
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(f"{os.getpid()}\n{request}\n", encoding="utf-8")
        tmp.replace(path)
        return True
    except OSError:
        return False


class RaiseRequests(QObject):
    """Watches the data folder for a second copy's request, and brings the window forward."""

    requested = Signal(str)  # what the other copy was asked to open ("" for nothing)

    def __init__(self, data_dir: Path, shell: Shell) -> None:
        super().__init__(shell)
        from PySide6.QtCore import QFileSystemWatcher

        self.data_dir = data_dir
        self.shell = shell
        self.watcher = QFileSystemWatcher([str(data_dir)], self)
        self.watcher.directoryChanged.connect(self.check)
        self.check()

    def check(self, *_args: object) -> None:
        path = self.data_dir / RAISE_REQUEST
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
            path.unlink()
        except OSError:
            return
        if self.shell.window is not None:
            self.shell.window.bring_forward()
        self.requested.emit(lines[1].strip() if len(lines) > 1 else "")


def watch_for_second_copies(data_dir: Path, shell: Shell) -> RaiseRequests:
    """A second copy started on this folder brings this window forward, and the pack it was
    asked to open (``car-t-tutor FILE.ctpack``) is offered here."""
    requests = RaiseRequests(data_dir, shell)
    requests.requested.connect(lambda pack: pack and shell.open_pack(Path(pack)))
    return requests


# ---------------------------------------------------------------- the progress file


def _choose_folder(parent: object = None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    folder = QFileDialog.getExistingDirectory(None, "Choose a folder for your progress", str(Path.home()))
    return Path(folder) / paths.DB_FILENAME if folder else None


def set_aside(db_path: Path) -> Path | None:
    """Rename the file (and its -wal and -shm) out of the way; None if that is not possible here."""
    aside = db_path.with_name(f"{db_path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}{db_path.suffix}")
    try:
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(db_path) + suffix)
            if src.exists():
                src.rename(Path(str(aside) + suffix))
    except OSError:
        return None
    Path(str(db_path) + DAMAGE_NOTE_SUFFIX).unlink(missing_ok=True)
    return aside


def open_store(db_path: Path) -> Store | None:
    """Open the progress file, asking the user what to do if it cannot be used. None means quit."""
    note = Path(str(db_path) + DAMAGE_NOTE_SUFFIX)
    while True:
        try:
            if note.exists():  # the last background check found damage that opening alone would not
                raise StorageError("corrupt", db_path, f"{db_path} is damaged: {_read_note(note)}", "")
            return Store.open(db_path)
        except StorageError as err:
            choice = _ask_about(err, db_path)
        if choice == "quit":
            return None
        if choice == "retry":
            continue
        if choice == "aside":
            if set_aside(db_path) is None:
                from PySide6.QtWidgets import QMessageBox  # dialogs load when first needed

                QMessageBox.warning(
                    None,
                    "Cannot keep the file aside",
                    f"The damaged file cannot be renamed where it is ({db_path.parent}), probably because that folder "
                    "is read-only. Nothing has been changed. Choose another folder for a new progress file.",
                )
                choice = "folder"
            else:
                continue
        if choice == "folder":
            chosen = _choose_folder()
            if chosen is None:
                return None
            db_path = chosen
            note = Path(str(db_path) + DAMAGE_NOTE_SUFFIX)


def _read_note(note: Path) -> str:
    try:
        return note.read_text(encoding="utf-8").strip()[:500] or "a full check found errors"
    except OSError:
        return "a full check found errors"


def _ask_about(err: StorageError, db_path: Path) -> str:
    """Show what went wrong and return the user's choice: quit, retry, aside or folder."""
    from PySide6.QtWidgets import QMessageBox  # dialogs load when first needed

    if err.kind == "newer":
        QMessageBox.critical(None, err.title, f"{err.message}\n\n{err.advice}")
        return "quit"
    box = QMessageBox(QMessageBox.Icon.Warning, err.title, "")
    buttons: dict[object, str] = {}
    if err.kind == "corrupt":
        aside = f"{db_path.stem}.damaged-<date>{db_path.suffix}"
        box.setText(
            f"CAR-T Tutor cannot read your progress file:\n{db_path}\n\n{err.message}\n\n"
            f"You can keep the damaged file as {aside} beside it (nothing is deleted) and start a new one, or quit."
        )
        buttons[box.addButton("Keep it aside and start fresh", QMessageBox.ButtonRole.AcceptRole)] = "aside"
    elif err.kind == "locked":
        box.setText(f"{err.message}\n\n{err.advice}")
        buttons[box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)] = "retry"
    else:  # read-only, full, unavailable
        box.setText(f"{err.message}\n\n{err.advice}")
        buttons[box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)] = "folder"
        buttons[box.addButton("Try again", QMessageBox.ButtonRole.ActionRole)] = "retry"
    buttons[box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)] = "quit"
    box.exec()
    return buttons.get(box.clickedButton(), "quit")


class BackgroundCheck(QObject):
    """The whole-file check (PRAGMA quick_check) on its own connection in a thread.

    It reads every page (200 ms for a million answers), so it never runs where start-up or the
    window is waiting. SQLite releases the GIL while it reads, so the window stays responsive.
    A file already checked in this state (size and time, noted beside it) is not read again.
    """

    found_damage = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.thread: threading.Thread | None = None

    @property
    def stamp(self) -> Path:
        return self.db_path.with_name(self.db_path.name + ".verified")

    def _state(self) -> str:
        try:
            st = self.db_path.stat()
            wal = Path(f"{self.db_path}-wal")
            wal_size = wal.stat().st_size if wal.exists() else 0
        except OSError:
            return ""
        return f"{st.st_size} {st.st_mtime_ns} {wal_size}"

    def start(self) -> None:
        state = self._state()
        try:
            if state and self.stamp.read_text(encoding="ascii") == state:
                return
        except (OSError, UnicodeDecodeError):
            pass
        self.thread = threading.Thread(target=self._run, args=(state,), name="progress-check", daemon=True)
        self.thread.start()

    def _run(self, state: str) -> None:
        problem = Store.verify(self.db_path)
        try:
            if problem is None:
                self.stamp.write_text(state, encoding="ascii")
            else:
                Path(str(self.db_path) + DAMAGE_NOTE_SUFFIX).write_text(problem, encoding="utf-8")
        except OSError:
            pass
        if problem is not None:
            self.found_damage.emit(problem)


class BackgroundBackups(QObject):
    """A backup soon after start if the file changed since the last one, then every 30 minutes
    of use; each made in a thread (the backup API copies page by page from its own connection),
    so a 140 MiB file never holds the window."""

    failed = Signal(str)
    made = Signal(str)
    EVERY_MS = 30 * 60 * 1000

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.thread: threading.Thread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(self.EVERY_MS)
        self.timer.timeout.connect(self.start)

    def start(self) -> None:
        from desktop_app.core.store.backup import changed_since_last_backup

        self.timer.start()
        if (self.thread is not None and self.thread.is_alive()) or not changed_since_last_backup(self.db_path):
            return
        self.thread = threading.Thread(target=self._run, name="progress-backup", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from desktop_app.core.store.backup import make_backup, rotate

        try:
            made = make_backup(self.db_path)
            rotate(self.db_path)
        except KnownError as err:
            self.failed.emit(str(err))
            return
        self.made.emit(str(made.path))


# ---------------------------------------------------------------- errors


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def write_crash_log(data_dir: Path, text: str) -> Path | None:
    for folder in (log_dir(data_dir), Path(os.environ.get("TMPDIR", "/tmp"))):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def install_error_handler(data_dir: Path) -> Callable[..., None]:
    """Route every exception that reaches the event loop: a message for the environment's
    faults, a crash dialog and a log for our bugs."""
    import sqlite3

    from desktop_app.core.errors import storage_error

    def handler(kind: type[BaseException], value: BaseException, tb: object) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs load when first needed

        if isinstance(value, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(value, sqlite3.Error):  # a read that slipped past the store's own translation
            value = storage_error(value, paths.database_path(data_dir), "Using your progress file")
        if isinstance(value, KnownError):
            title = value.title if isinstance(value, StorageError) else "CAR-T Tutor"
            QMessageBox.warning(QApplication.activeWindow(), title, str(value))
            return
        text = (
            f"CAR-T Tutor {__version__} on Python {sys.version.split()[0]}, {sys.platform}\n"
            f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n\n" + "".join(traceback.format_exception(kind, value, tb))  # type: ignore[arg-type]
        )
        sys.stderr.write(text)
        log = write_crash_log(data_dir, text)
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("CAR-T Tutor hit a bug")
        box.setText(
            "Something went wrong inside CAR-T Tutor. This is a bug in the program, not something you did. "
            "Your progress up to now is saved.\n\n"
            + (f"The details are in {log}; please send that file to whoever gave you the program." if log else "")
        )
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = handler
    return handler


# ---------------------------------------------------------------- idle work


def idle_steps(window: MainWindow) -> list[Callable[[], object]]:
    """What the first quiz, lesson render and dashboard would otherwise load while the learner
    waits: the long parts (reading the question bank, importing Python-Markdown, pyqtgraph and
    numpy, building the search index) on worker threads, the rest in steps of a few to a few
    dozen milliseconds each on this one. A step that returns NOT_YET is tried again after the
    next pause: it waits for a worker thread."""
    tutor = window.tutor
    threads: dict[str, threading.Thread] = {}

    def in_background(name: str, work: Callable[[], object]) -> Callable[[], None]:
        def start() -> None:
            threads[name] = threading.Thread(target=work, name=name, daemon=True)
            threads[name].start()

        start.__name__ = name
        return start

    def after(name: str, step: Callable[[], object]) -> Callable[[], object]:
        def wait_then() -> object:
            thread = threads.get(name)
            return NOT_YET if thread is not None and thread.is_alive() else step()

        wait_then.__name__ = step.__name__
        return wait_then

    def prepare_rendering() -> None:
        # Python-Markdown, its extensions, nh3 and the glossary's term index: about 100 ms of
        # imports and building, none of it Qt. Pages are still rendered on the GUI thread.
        from desktop_app.core.render.renderer import sanitize

        sanitize("<p>warm</p>")
        window.renderer.prepare()

    def render() -> None:
        window.renderer.markdown_html("Warm *up* [@xu2021: Introduction].")

    def bank() -> None:
        _ = tutor.bank  # (follows renamed questions, on this thread: it writes to the progress file)

    def strata() -> None:
        tutor.strata.strata(None, tutor.track)

    def scheduler() -> None:
        _ = tutor.scheduler

    def quiz_widgets() -> None:
        import desktop_app.gui.quiz_page  # noqa: F401

    def import_charts() -> None:
        # pyqtgraph brings numpy: 0.4 s of importing (the window's longest wait meanwhile was
        # 22-32 ms, measured); the dashboard module itself is light after it.
        import pyqtgraph  # noqa: F401

    made: list[int] = []

    def spare_chart() -> None:
        # Only once pyqtgraph is in: importing it here while the thread still is would wait.
        # A few more turns than charts, in case the import is still running at the first.
        if "import-charts" in threads and not threads["import-charts"].is_alive() and len(made) < 3:
            from desktop_app.gui.charts import make_spare_chart

            make_spare_chart()
            made.append(1)

    def search() -> None:
        tutor.prepare_search()  # on a worker thread: a large course's index takes a second

    return [
        in_background("question-bank", lambda: tutor.course.bank),  # (see Tutor.prepare_bank)
        in_background("prepare-rendering", prepare_rendering),
        after("prepare-rendering", render),
        after("question-bank", bank),
        strata,
        scheduler,
        quiz_widgets,
        in_background("import-charts", import_charts),
        search,
        *[spare_chart] * 6,
    ]


def start_idle_work(window: MainWindow, first_ms: int = 800, gap_ms: int = 150) -> None:
    """Run ``idle_steps`` one at a time on the GUI thread, each after a pause, so that no single
    step holds the window for long and the learner's own clicks come first."""
    steps = idle_steps(window)

    def next_step() -> None:
        if not steps:
            return
        step = steps.pop(0)
        with contextlib.suppress(KnownError):  # the learner meets it, with its message, when they get there
            if step() is NOT_YET:
                steps.insert(0, step)
        QTimer.singleShot(gap_ms, next_step)

    QTimer.singleShot(first_ms, next_step)


# ---------------------------------------------------------------- running


def start_background_work(shell: Shell, store: Store) -> None:
    """What follows the first screen: the idle steps at once, the whole-file check and the first
    backup once the learner has settled in (each on its own thread)."""
    assert shell.window is not None
    start_idle_work(shell.window)
    check = BackgroundCheck(store.path, shell)
    check.found_damage.connect(lambda problem: shell.window and shell.window.on_progress_file_damaged(problem))
    QTimer.singleShot(VERIFY_AFTER_MS, check.start)
    backups = BackgroundBackups(store.path, shell)
    backups.failed.connect(lambda text: shell.window and shell.window.statusBar().showMessage(f"Backup not made: {text}"))
    QTimer.singleShot(BACKUP_AFTER_MS, backups.start)


def run(
    data_dir: str | None = None, content_root: str | None = None, exit_after_startup: bool = False, open_pack: str | None = None
) -> int:
    """Run the program until the window closes; does not return once the window has been shown."""
    folder = paths.data_dir(data_dir)
    app = QApplication.instance() or theme.create_application(sys.argv)
    app.setApplicationName("CAR-T Tutor")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("car-t-tutor")
    lock = acquire_instance_lock(folder)
    if lock is None:
        ask_running_copy_to_come_forward(folder, str(Path(open_pack).resolve()) if open_pack else "")
        print(f"CAR-T Tutor is already open on {folder}; its window has been brought forward.", file=sys.stderr)
        return 0
    install_error_handler(folder)
    icon = paths.assets_dir() / "icons" / "car-t-tutor.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    db_path = paths.database_path(data_dir)
    store = open_store(db_path)
    if store is None:
        return 2
    shell = Shell(store, folder, paths.cache_dir(data_dir), Path(content_root) if content_root else None)
    window = shell.start()
    window.show()
    gc.enable()  # (turned off for start-up in cli.main)
    if exit_after_startup:
        QTimer.singleShot(0, app.quit)
    else:
        # After the first screen: watch for a second copy, and check the whole file in the background.
        watching: list[RaiseRequests] = []  # held for the program's life
        QTimer.singleShot(0, lambda: watching.append(watch_for_second_copies(folder, shell)))
        start_background_work(shell, store)
        if open_pack:
            QTimer.singleShot(0, lambda: shell.open_pack(Path(open_pack)))
    code = app.exec()
    if shell.window is not None:
        shell.window.close()
    store.close()
    lock.unlock()
    # Everything is saved and the database is closed. Tearing down thousands of Qt and Python
    # objects one by one does nothing for the user and takes about 25 ms, so leave at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def build_window(
    store: Store, content_root: Path | None = None, cache_dir: Path | None = None, clock: Callable[[], float] | None = None
) -> MainWindow:
    """The window for the course in use (or ``content_root``), with a Shell behind it to switch courses."""
    shell = Shell(store, store.path.parent, cache_dir, content_root, clock)
    return shell.start()
