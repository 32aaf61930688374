"""Markdown to safe HTML: citations, glossary terms, local images, tracks, sanitizing."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.render.renderer import Renderer, sanitize
from tests.conftest import MINI_MODULE, write


def renderer_for(root: Path) -> tuple[Renderer, object]:
    course = load_course(root, paths.assets_dir())
    assert not course.problems, course.problems
    return Renderer(course, paths.assets_dir()), course


def test_citation_becomes_link_to_sources_page(mini_root: Path) -> None:
    r, course = renderer_for(mini_root)
    html = r.section_html(course.modules[0], course.modules[0].sections[0], "student")
    assert '<a class="cite" href="source:xu2021#cd19"' in html
    assert "[Xu et al., 2021: CD19]" in html and "xu2021:" not in html.replace("source:xu2021", "")


def test_family_track_shows_only_plain_blocks_but_all_takeaways(mini_root: Path) -> None:
    r, course = renderer_for(mini_root)
    m = course.modules[0]
    family = r.section_html(m, m.sections[0], "family")
    student = r.section_html(m, m.sections[0], "student")
    assert "A short plain sentence." in family and "Facts about" not in family
    assert "A short plain sentence." in student and "Facts about" in student
    assert "One thing to remember." in r.section_html(m, m.sections[1], "family")


def test_glossary_terms_link_once_and_respect_capitals(mini_root: Path) -> None:
    write(
        mini_root,
        "glossary.yaml",
        "- {id: all, term: acute lymphoblastic leukemia, aliases: [ALL], plain: A blood cancer., technical: t}\n"
        "- {id: t-cell, term: T cell, plain: An immune cell., technical: t}\n",
    )
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("Facts about CD19", "In all cases ALL and ALL again; T-cells help"))
    r0, _ = renderer_for(mini_root)
    assert r0.terms.find("split over a line: T\ncell")[0][2].id == "t-cell"
    r, course = renderer_for(mini_root)
    html = r.section_html(course.modules[0], course.modules[0].sections[0], "student")
    assert html.count('href="glossary:all"') == 1
    assert "In all cases" in html  # the word "all" is not the disease
    assert '<a class="term" href="glossary:t-cell" title="An immune cell.">T-cells</a>' in html


def test_local_svg_becomes_asset_url_and_remote_image_is_dropped(mini_root: Path) -> None:
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("Facts about CD19", "![CAR](diagrams/car-structure.svg) Facts"))
    r, course = renderer_for(mini_root)
    html = r.section_html(course.modules[0], course.modules[0].sections[0], "student")
    assert 'src="asset:' in html and "car-structure.svg" in html
    assert "http" not in r.markdown_html("![x](https://example.org/a.png) [y](https://example.org)")


def test_sanitizer_strips_scripts_styles_iframes_and_outside_urls() -> None:
    dirty = (
        '<p style="color:red" onclick="x()">a<script>alert(1)</script><iframe src="https://x"></iframe>'
        '<img src="https://example.org/t.png"><img src="file:///etc/passwd"><a href="javascript:alert(1)">j</a>'
        '<a href="https://example.org">w</a><a href="glossary:cd19">ok</a><a href="#fn:1">fn</a></p>'
    )
    clean = sanitize(dirty)
    for bad in ("style=", "onclick", "script", "iframe", "https:", "file:", "javascript:", "alert"):
        assert bad not in clean, bad
    assert 'href="glossary:cd19"' in clean and 'href="#fn:1"' in clean


def test_raw_html_in_markdown_is_neutralised(mini_root: Path) -> None:
    r, _ = renderer_for(mini_root)
    html = r.markdown_html('Hi <script>alert("x")</script><img src=x onerror=alert(1)> <b style="x">b</b>')
    assert "<script" not in html and "onerror" not in html and "style=" not in html


def test_plain_block_becomes_a_callout_table(mini_root: Path) -> None:
    r, course = renderer_for(mini_root)
    html = r.section_html(course.modules[0], course.modules[0].sections[0], "family")
    assert '<table cellpadding="14" class="callout plain" width="100%">' in html
    assert "In plain words" in html
