"""Fuzzing the loader, the validator, the renderer and the course cache with mutated files.

Whatever bytes a question file, a lesson, course.yaml or a cache file holds, loading never raises:
every problem is a ``file:line: message``, and what loads renders. The suite runs a few hundred
cases per target; a long run takes more:

    CART_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest -q tests/core/test_fuzz.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import paths
from desktop_app.core.content.cache import course_cache_dir, load_course_cached
from desktop_app.core.content.loader import load_course
from desktop_app.core.render.renderer import Renderer
from tests.conftest import MINI_MODULE, REPO
from tests.core.test_hostile_packs import GOOD_QUESTION, question

EXAMPLES = int(os.environ.get("CART_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that mean something to YAML, Markdown or the course format: mutations built from them
# reach far more code than random bytes alone.
TOKENS = [
    b":",
    b": ",
    b"- ",
    b"\n",
    b"\n  ",
    b"\t",
    b"&a ",
    b"*a",
    b"!!float ",
    b"!!map ",
    b"!!binary ",
    b"!!python/object ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b'"',
    b"#",
    b"|\n",
    b">-\n",
    b"yes",
    b"no",
    b"~",
    b".nan",
    b"2026-13-45",
    b"0x1f",
    b"9" * 40,
    b"<img src=x>",
    b"<b>",
    b"[@xu2021: CD19]",
    b"[@a: ",
    b"![x](diagrams/car-structure.svg)",
    b"](",
    b"```",
    b"!!! plain\n    ",
    b"## New {#new}\n",
    b"---\n",
    b"{{1}}",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\r\n",
]

COURSE_YAML = b"id: org.example.mini\ntitle: Mini\nversion: 1\nmodules: [mini]\npages: [page]\n"
PAGE = b"---\nid: page\ntitle: A page\ntracks: [family]\nreviewed: 2026-11-21\n---\n\nSome *text* [@xu2021: CD19].\n"
QUESTIONS = GOOD_QUESTION + "".join(
    question(qtype, fields).replace("mini-002", f"mini-00{n}")
    for n, (qtype, fields) in enumerate(
        [
            ("cloze", "  text: Is it {{1}}?\n  blanks:\n    - accept: [a, b]"),
            ("numeric", "  answer: 5\n  range: [4, 6]\n  unit: '%'"),
            ("matching", "  pairs:\n    - {left: A, right: B}\n    - {left: C, right: D}"),
            ("hotspot", "  diagram: car-structure\n  answer: hinge\n  regions: [hinge, scfv]"),
        ],
        start=2,
    )
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            data.extend(draw(st.sampled_from(TOKENS)))
            continue
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["token", "byte", "delete", "repeat", "truncate", "swap"]))
        if kind == "token":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif kind == "byte" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[where : where + draw(st.integers(1, 40))]
        elif kind == "repeat":
            piece = bytes(data[where : where + draw(st.integers(1, 80))])
            data[where:where] = piece * draw(st.integers(1, 30))
        elif kind == "truncate":
            del data[where:]
        elif kind == "swap" and where < len(data):
            other = draw(st.integers(0, len(data) - 1))
            data[where], data[other] = data[other], data[where]
    return bytes(data)


def make_pack(base: Path) -> Path:
    root = base / "pack"
    (root / "modules").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "pages").mkdir()
    (root / "course.yaml").write_bytes(COURSE_YAML)
    shutil.copy(REPO / "content" / "sources.yaml", root / "sources.yaml")
    (root / "modules" / "01-mini.md").write_text(MINI_MODULE, encoding="utf-8")
    (root / "questions" / "01-mini.yaml").write_text(QUESTIONS, encoding="utf-8")
    (root / "pages" / "page.md").write_bytes(PAGE)
    return root


def load_and_render(root: Path) -> None:
    course = load_course(root, paths.assets_dir())
    for problem in course.problems:
        assert isinstance(problem.line, int) and problem.line >= 1 and problem.message
    renderer = Renderer(course, paths.assets_dir())
    for module in course.modules:
        for section in module.sections:
            renderer.section_html(module, section, "student")
            renderer.section_html(module, section, "family")
    for page in course.pages:
        renderer.page_html(page)
    for q in course.bank:
        renderer.markdown_html(q.stem)
        renderer.markdown_html(q.explanation)


def test_the_unmutated_pack_is_valid() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course = load_course(make_pack(Path(tmp)), paths.assets_dir())
        assert course.problems == [] and len(course.bank) == 5 and len(course.pages) == 1


@FUZZ
@given(data=mutated(QUESTIONS.encode()))
def test_mutated_question_files(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_pack(Path(tmp))
        (root / "questions" / "01-mini.yaml").write_bytes(data)
        load_and_render(root)


@FUZZ
@given(data=mutated(MINI_MODULE.encode()))
def test_mutated_lessons(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_pack(Path(tmp))
        (root / "modules" / "01-mini.md").write_bytes(data)
        load_and_render(root)


@FUZZ
@given(course_yaml=mutated(COURSE_YAML), page=mutated(PAGE))
def test_mutated_course_yaml_and_pages(course_yaml: bytes, page: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_pack(Path(tmp))
        (root / "course.yaml").write_bytes(course_yaml)
        (root / "pages" / "page.md").write_bytes(page)
        load_and_render(root)


@FUZZ
@given(which=st.sampled_from(["course", "bank", "glossary", "texts"]), data=st.data())
def test_mutated_cache_files_are_rebuilt_never_trusted(which: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        root = make_pack(base)
        cache = base / "cache"
        _ = load_course_cached(root, paths.assets_dir(), cache).bank  # a real cache, then damage it
        target = course_cache_dir(cache, root) / f"{which}.json"
        target.write_bytes(data.draw(mutated(target.read_bytes())))
        course = load_course_cached(root, paths.assets_dir(), cache)
        fresh = load_course(root, paths.assets_dir())
        assert course.modules == fresh.modules and course.glossary == fresh.glossary and course.title == fresh.title
        assert course.pages == fresh.pages and course.sources == fresh.sources
        assert list(course.bank) == list(fresh.bank)
        assert [s.markdown for m in course.modules for s in m.sections] == [s.markdown for m in fresh.modules for s in m.sections]
