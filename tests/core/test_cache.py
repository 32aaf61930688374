"""The course cache: the same course back, rebuilt on any change, data only, one folder per course."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.content.cache import (
    FORMAT,
    MAGIC,
    checksum,
    content_key,
    course_cache_dir,
    decode_question,
    encode_question,
    load_course_cached,
)
from desktop_app.core.content.loader import load_course
from desktop_app.core.render.renderer import Renderer
from tests.conftest import MINI_MODULE, write


def first_load(root: Path, cache: Path):
    """A first start: the lessons at once (and cached), the questions when first needed (then cached)."""
    course = load_course_cached(root, paths.assets_dir(), cache)
    folder = course_cache_dir(cache, root)
    assert not course.from_cache and (folder / "course.json").exists() and not (folder / "bank.json").exists()
    _ = course.bank
    assert (folder / "bank.json").exists()
    return course


def files_of(cache: Path, root: Path) -> tuple[Path, Path]:
    folder = course_cache_dir(cache, root)
    return folder / "course.json", folder / "bank.json"


def test_the_whole_shipped_course_comes_back_from_the_cache_unchanged(course, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    root = paths.builtin_content_root()
    first_load(root, cache)
    again = load_course_cached(root, paths.assets_dir(), cache)
    assert again.from_cache  # from the cache: the bank waits until it is needed
    assert (again.title, again.version) == (course.title, course.version)
    assert again.modules == course.modules and again.pages == course.pages
    assert again.sources == course.sources and again.glossary == course.glossary
    assert again.problems == course.problems and again.warnings == course.warnings
    assert list(again.bank) == list(course.bank)  # every question of every type, field by field


def test_a_start_that_ends_before_the_questions_are_read_still_leaves_the_lessons_cached(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_course_cached(mini_root, paths.assets_dir(), cache)  # the program quits before any quiz
    again = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert again.from_cache and not again.questions_read
    assert [q.id for q in again.bank] == ["mini-001"]  # read now, problems and all
    third = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert third.from_cache and third.questions_read and [q.id for q in third.bank] == ["mini-001"]


def test_every_question_type_round_trips(course) -> None:
    for qtype in {q.type for q in course.bank}:
        q = next(q for q in course.bank if q.type == qtype)
        assert decode_question(json.loads(json.dumps(encode_question(q)))) == q


def test_any_change_to_the_content_makes_a_new_cache(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    key = content_key(mini_root, paths.assets_dir())
    time.sleep(0.01)
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("A short plain sentence.", "A new plain sentence."))
    assert content_key(mini_root, paths.assets_dir()) != key
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert course.modules[0].sections[0].plain_blocks == ("A new plain sentence.",) and not course.from_cache
    _ = course.bank
    again = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert again.from_cache and again.modules[0].sections[0].plain_blocks == ("A new plain sentence.",)


def test_a_pickle_in_the_cache_cannot_run_code(mini_root: Path, tmp_path: Path) -> None:
    """The old cache was a "restricted" pickle; one of 183 bytes ran a shell command at start."""
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    course_file, bank_file = files_of(cache, mini_root)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    evil = pickle.dumps(Evil())
    key = content_key(mini_root, paths.assets_dir())
    for f in (course_file, bank_file):
        f.write_bytes(evil)
        course = load_course_cached(mini_root, paths.assets_dir(), cache)
        assert [q.id for q in course.bank] == ["mini-001"]
        # ... and with a valid header in front of it
        f.write_bytes(f"{MAGIC} {FORMAT} {key} {checksum(b'x')}\n".encode() + evil)
        course = load_course_cached(mini_root, paths.assets_dir(), cache)
        assert [m.id for m in course.modules] == ["mini"] and [q.id for q in course.bank] == ["mini-001"]
    assert not marker.exists()


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: {**d, "modules": "not a list"},
        lambda d: {**d, "modules": [[1, 2, 3]]},
        lambda d: {**d, "title": 42},
        lambda d: {**d, "root": "/somewhere/else"},  # a foreign course's cache copied here
        lambda d: {k: v for k, v in d.items() if k != "sources"},
        lambda d: [d] * 3,
        lambda d: {**d, "modules": [[[[[[[[[[]]]]]]]]]] * 1000},
    ],
    ids=["wrong-type", "short-record", "number-for-text", "foreign", "missing-field", "not-a-mapping", "nested"],
)
def test_a_cache_with_a_valid_checksum_but_wrong_data_is_rebuilt(mini_root: Path, tmp_path: Path, edit) -> None:
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    course_file, _ = files_of(cache, mini_root)
    header, _, payload = course_file.read_text(encoding="utf-8").partition("\n")
    text = json.dumps(edit(json.loads(payload)))
    magic, fmt, key, _old = header.split(" ")
    course_file.write_text(f"{magic} {fmt} {key} {checksum(text.encode())}\n{text}", encoding="utf-8")
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert [m.id for m in course.modules] == ["mini"] and course.title == "Mini"
    assert not course.from_cache  # parsed afresh ...
    _ = course.bank  # ... and once the questions are read, the cache is written again ...
    assert load_course_cached(mini_root, paths.assets_dir(), cache).from_cache  # ... so the next start is fast


def test_a_deeply_nested_cache_is_rebuilt_not_a_crash(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    course_file, _ = files_of(cache, mini_root)
    key = content_key(mini_root, paths.assets_dir())
    text = "[" * 200_000 + "]" * 200_000
    course_file.write_text(f"{MAGIC} {FORMAT} {key} {checksum(text.encode())}\n{text}", encoding="utf-8")
    assert [m.id for m in load_course_cached(mini_root, paths.assets_dir(), cache).modules] == ["mini"]


def test_two_courses_used_in_turn_keep_their_own_caches(mini_root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(mini_root, other)
    write(other, "course.yaml", "id: org.example.other\ntitle: Other\nversion: 1\nmodules: [mini]\n")
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    first_load(other, cache)
    written = {f: f.stat().st_mtime_ns for root in (mini_root, other) for f in files_of(cache, root)}
    for _ in range(3):
        for root, title in ((mini_root, "Mini"), (other, "Other")):
            course = load_course_cached(root, paths.assets_dir(), cache)
            assert course.title == title and course.from_cache  # from its own cache
    assert {f: f.stat().st_mtime_ns for f in written} == written  # nothing was parsed and rewritten


def test_a_bank_cache_that_goes_bad_after_start_is_parsed_again(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first_load(mini_root, cache)
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    _, bank_file = files_of(cache, mini_root)
    bank_file.write_bytes(bank_file.read_bytes()[:-40])  # cut short while the program ran
    assert [q.id for q in course.bank] == ["mini-001"]
    assert [q.id for q in load_course_cached(mini_root, paths.assets_dir(), cache).bank] == ["mini-001"]


def test_rendered_pages_are_cached_checked_and_reused(mini_root: Path, tmp_path: Path) -> None:
    course = load_course(mini_root, paths.assets_dir())
    pages = tmp_path / "pages"
    r = Renderer(course, paths.assets_dir(), pages)
    m = course.modules[0]
    html = r.section_html(m, m.sections[0], "student")
    [kept] = pages.glob("*.html")
    fresh = Renderer(course, paths.assets_dir(), pages)
    assert fresh.section_html(m, m.sections[0], "student") == html
    assert fresh._md is None  # served from the cache without loading Markdown
    assert r.section_html(m, m.sections[0], "family") != html
    kept.write_text(kept.read_text(encoding="utf-8")[:-30], encoding="utf-8")  # damaged on disk
    again = Renderer(course, paths.assets_dir(), pages)
    assert again.section_html(m, m.sections[0], "student") == html and again._md is not None  # drawn again


def test_lesson_texts_are_read_when_first_needed_and_survive_a_damaged_texts_file(mini_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = first_load(mini_root, cache)
    texts = course_cache_dir(cache, mini_root) / "texts.json"
    texts.write_bytes(b"damaged")
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert course.from_cache
    section = course.modules[0].sections[0]
    assert section.markdown == fresh.modules[0].sections[0].markdown  # parsed afresh, not a crash
    assert section.plain_blocks == ("A short plain sentence.",)
    again = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert again.modules == fresh.modules  # and the texts file was written again


def test_the_glossary_is_read_when_first_needed_and_survives_a_damaged_glossary_file(mini_root: Path, tmp_path: Path) -> None:
    write(
        mini_root,
        "glossary.yaml",
        "- id: blast\n  term: Blast\n  plain: A young blood cell.\n  technical: An immature hematopoietic precursor.\n  modules: [mini]\n",
    )
    cache = tmp_path / "cache"
    fresh = first_load(mini_root, cache)
    course = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert course.from_cache and course._glossary is None  # not read to open the first lesson
    assert course.glossary == fresh.glossary and course.glossary
    glossary = course_cache_dir(cache, mini_root) / "glossary.json"
    glossary.write_bytes(b"damaged")
    damaged = load_course_cached(mini_root, paths.assets_dir(), cache)
    assert damaged.glossary == fresh.glossary  # parsed afresh, not a crash
    assert load_course_cached(mini_root, paths.assets_dir(), cache).glossary == fresh.glossary  # and written again
    assert glossary.read_bytes() != b"damaged"
