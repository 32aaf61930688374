"""What start-up may load: the window opens from caches without the parts only later screens need.

Start-up is measured (benchmarks/startup.py), and each of these costs milliseconds to import. This
test keeps the speed work from silently regressing: after ``--exit-after-startup`` on a warm cache,
none of them has been imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOT_AT_START_UP = {
    "markdown",  # lessons come from the rendered-page cache
    "yaml",  # the course comes from the course cache
    "sqlite_utils",  # only for pending migrations
    "fsrs",  # only when an answer is scheduled
    "nh3",  # only when a page is rendered
    "PySide6.QtSvg",  # diagrams come from the raster cache
    "PySide6.QtCharts",
    "pyqtgraph",
    "numpy",
    "PySide6.QtNetwork",
    "desktop_app.core.questions",  # the question bank waits for the first quiz
    "desktop_app.core.grading",
    "desktop_app.gui.quiz_page",
    "desktop_app.gui.dashboard",
    "hashlib",  # OpenSSL
    "ssl",
    "socket",
    "html.entities",
    "locale",  # argparse's messages would load it: a plain start is read without argparse (cli.window_options)
}


def _imported(data_dir: Path) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-X", "importtime", "-m", "desktop_app", "--data-dir", str(data_dir), "--exit-after-startup"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "desktop_app.gui.main_window" in names  # the report is what we think it is
    return names


@pytest.mark.slow
def test_a_warm_start_imports_none_of_what_only_later_screens_need(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _imported(data)  # first start: parse, render, draw, fill the caches
    _imported(data)  # the window now opens at the size the first one closed at: draw at that size
    loaded = _imported(data)
    assert sorted(NOT_AT_START_UP & loaded) == []


@pytest.mark.slow
def test_a_warm_start_on_an_installed_pack_imports_none_of_them_either(tmp_path: Path) -> None:
    from desktop_app.core import paths
    from desktop_app.core.exchange.library import Library
    from desktop_app.core.exchange.packs import build_pack
    from desktop_app.core.exchange.scaffold import scaffold
    from desktop_app.core.store.database import Store

    data = tmp_path / "data"
    scaffold(tmp_path / "heart", "Heart basics", "org.example.heart")
    build_pack(tmp_path / "heart", tmp_path / "heart.ctpack", paths.assets_dir())
    Library(data, paths.builtin_content_root(), paths.assets_dir()).install(tmp_path / "heart.ctpack")
    store = Store.open(data / paths.DB_FILENAME)
    store.set_state("current_course", "org.example.heart")  # as opening it from the Courses page does
    store.close()
    _imported(data)
    _imported(data)
    loaded = _imported(data)
    assert sorted(NOT_AT_START_UP & loaded) == []
