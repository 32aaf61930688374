"""The course cache: same course back, rebuilt on any change, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.content.cache import content_key, load_course_cached
from desktop_app.core.render.renderer import Renderer
from tests.conftest import MINI_MODULE, write


def test_second_load_comes_from_cache_with_the_same_course(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert list(cache.glob("course-*.pickle")) and list(cache.glob("bank-*.pickle"))
    second = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert second.bank_loader is not None  # the bank waits until it is needed
    assert [m.id for m in second.modules] == [m.id for m in first.modules]
    assert second.modules[0].sections == first.modules[0].sections
    assert [q.id for q in second.bank] == [q.id for q in first.bank]


def test_any_change_to_the_content_makes_a_new_cache(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_course_cached(mini_root, paths.assets_dir(), cache)
    key = content_key(mini_root, paths.assets_dir())
    time.sleep(0.01)
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("A short plain sentence.", "A new plain sentence."))
    assert content_key(mini_root, paths.assets_dir()) != key
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert course.modules[0].sections[0].plain_blocks == ("A new plain sentence.",)
    assert len(list(cache.glob("course-*.pickle"))) == 1  # the old one is gone


def test_a_tampered_cache_cannot_run_code_and_is_replaced(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_course_cached(mini_root, paths.assets_dir(), cache)
    course_file = next(cache.glob("course-*.pickle"))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    course_file.write_bytes(pickle.dumps(Evil()))
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert not marker.exists()
    assert [m.id for m in course.modules] == ["mini"]


def test_rendered_pages_are_cached_and_reused(mini_root: Path, tmp_path: Path) -> None:
    course = load_course_cached(mini_root, paths.assets_dir(), None)
    pages = tmp_path / "pages"
    r = Renderer(course, paths.assets_dir(), pages)
    m = course.modules[0]
    html = r.section_html(m, m.sections[0], "student")
    files = list(pages.glob("*.html"))
    assert len(files) == 1 and files[0].read_text(encoding="utf-8") == html
    fresh = Renderer(course, paths.assets_dir(), pages)
    assert fresh.section_html(m, m.sections[0], "student") == html
    assert fresh._md is None  # served from the cache without loading Markdown
    assert r.section_html(m, m.sections[0], "family") != html
