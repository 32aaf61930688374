"""Starting the program: bad content, damaged or newer progress files, the start-up hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop_app.core import paths
from desktop_app.core.store.database import Store
from desktop_app.gui import app as gui_app

REPO = Path(__file__).resolve().parents[2]


def broken_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(paths.builtin_content_root(), root)
    car = root / "modules" / "03-car.md"
    lines = car.read_text(encoding="utf-8").split("\n")
    lines[3] = "summary: [unclosed"  # a YAML error in the front matter, line 4
    car.write_text("\n".join(lines), encoding="utf-8")
    qfile = root / "questions" / "05-results.yaml"
    qfile.write_text(qfile.read_text(encoding="utf-8").replace("type: numeric", "type: guesswork", 1), encoding="utf-8")
    return root


def test_malformed_files_are_named_on_screen_and_the_rest_loads(open_window, tmp_path) -> None:
    w = open_window(content_root=broken_copy(tmp_path))
    assert w.banner.isVisible()
    text = w.banner_label.text()
    assert "modules/03-car.md:4:" in text or "modules/03-car.md:5:" in text
    assert "questions/05-results.yaml:" in text and "guesswork" in "\n".join(str(p) for p in w.tutor.course.problems)
    ids = [m.id for m in w.tutor.course.modules]
    assert "car" not in ids and len(ids) == 8
    assert len(w.tutor.course.bank) > 300
    assert w.stack.currentWidget() is w.reader  # the app still opens on a lesson


def test_exit_after_startup_runs_and_exits_cleanly(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "d"), "--exit-after-startup"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    store = Store.open(tmp_path / "d" / "progress.sqlite3")
    assert len(store.learners()) == 1
    store.close()


def test_data_dir_from_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAR_T_TUTOR_DATA_DIR", str(tmp_path / "env"))
    assert paths.database_path() == tmp_path / "env" / "progress.sqlite3"
    assert paths.database_path(tmp_path / "flag") == tmp_path / "flag" / "progress.sqlite3"


def test_damaged_progress_file_is_kept_aside_when_the_user_agrees(qtbot, tmp_path, monkeypatch) -> None:
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"garbage" * 500)
    shown = {}

    def fake_exec(box: QMessageBox) -> int:
        shown["text"] = box.text()
        box.buttons()[0].click()  # "Keep it aside and start fresh"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    store = gui_app.open_store(db)
    assert store is not None and "cannot read your progress file" in shown["text"]
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"garbage" * 500
    store.close()


def test_damaged_progress_file_untouched_when_the_user_quits(qtbot, tmp_path, monkeypatch) -> None:
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"garbage" * 500)

    def fake_exec(box: QMessageBox) -> int:
        box.buttons()[1].click()  # Quit
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert gui_app.open_store(db) is None
    assert db.read_bytes() == b"garbage" * 500


def test_newer_progress_file_is_refused_with_a_message(qtbot, tmp_path, monkeypatch) -> None:
    db = tmp_path / "progress.sqlite3"
    s = Store.open(db)
    s.db.execute("PRAGMA user_version = 999")
    s.close()
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: messages.append(args[2]))
    assert gui_app.open_store(db) is None
    assert "newer version" in messages[0]


def test_window_geometry_is_remembered(open_window, tmp_path) -> None:
    w = open_window()
    w.resize(780, 560)
    w.close()
    w2 = open_window()
    assert w.tutor.store.get_state("window_geometry")
    assert (w2.width(), w2.height()) == (780, 560)
