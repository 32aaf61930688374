"""Loading a content root: every problem reported as file:line, nothing half-valid loaded."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main
from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from tests.conftest import MINI_MODULE, write


def load(root: Path):
    return load_course(root, paths.assets_dir())


def messages(course) -> list[str]:
    return [str(p) for p in course.problems]


def test_mini_pack_is_valid(mini_root: Path) -> None:
    course = load(mini_root)
    assert messages(course) == []
    assert [m.id for m in course.modules] == ["mini"]
    assert len(course.bank) == 1
    section = course.modules[0].sections[0]
    assert section.plain_blocks == ("A short plain sentence.",)


def test_broken_front_matter_names_file_and_line_and_skips_module(mini_root: Path) -> None:
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("minutes: 5", "minutes: [5"))
    course = load(mini_root)
    assert course.modules == []
    assert any(m.startswith("modules/01-mini.md:5:") or m.startswith("modules/01-mini.md:6:") for m in messages(course)), messages(course)
    # its questions are not loaded either, with one message instead of one per question
    assert len(course.bank) == 0
    assert any("questions/01-mini.yaml:1: 1 question(s) not loaded because module 'mini'" in m for m in messages(course))


def test_section_rules(mini_root: Path) -> None:
    text = MINI_MODULE.replace("## First part {#first}", "## First part").replace(
        '!!! plain "In plain words"\n    A short plain sentence.\n', ""
    )
    text += "\n## After takeaways {#after}\n\nText [@xu2021: CD19].\n\n!!! plain\n    Plain.\n"
    write(mini_root, "modules/01-mini.md", text)
    msgs = messages(load(mini_root))
    assert any(":14: section 'First part' needs a stable id" in m for m in msgs), msgs
    assert any("the last section must be '## Key takeaways {#takeaways}'" in m for m in msgs)


def test_missing_plain_block_is_reported(mini_root: Path) -> None:
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace('!!! plain "In plain words"\n    A short plain sentence.\n', ""))
    msgs = messages(load(mini_root))
    assert any("modules/01-mini.md:14: section 'First part' has no '!!! plain" in m for m in msgs), msgs


def test_citations_images_links_html(mini_root: Path) -> None:
    body = (
        "Bad source [@nobody: X]. Bad section [@xu2021: Nowhere]. No section [@li].\n"
        "![remote](https://example.org/x.png) ![missing](diagrams/none.svg) ![ok](diagrams/car-structure.svg)\n"
        "[a link](http://example.org) <script>alert(1)</script>\n"
    )
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("Facts about CD19 [@xu2021: CD19].", body))
    msgs = messages(load(mini_root))
    expected = [
        "modules/01-mini.md:16: citation names unknown source 'nobody'",
        "modules/01-mini.md:16: source 'xu2021' has no section 'Nowhere'",
        "modules/01-mini.md:16: citation [@li] needs a section",
        "modules/01-mini.md:17: remote or non-local image 'https://example.org/x.png'",
        "modules/01-mini.md:17: image 'diagrams/none.svg' not found",
        "modules/01-mini.md:18: external link 'http://example.org'",
        "modules/01-mini.md:18: raw HTML '<script>'",
    ]
    for e in expected:
        assert any(m.startswith(e) for m in msgs), (e, msgs)
    assert not any("car-structure.svg" in m for m in msgs)


def test_image_path_cannot_escape_the_content_root(mini_root: Path, tmp_path: Path) -> None:
    write(tmp_path, "secret.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("Facts about CD19", "![x](../../secret.svg) Facts about CD19"))
    assert any("image '../../secret.svg' not found" in m for m in messages(load(mini_root)))


def test_not_utf8_and_huge_files(mini_root: Path) -> None:
    (mini_root / "modules/01-mini.md").write_bytes(b"---\nid: \xff\xfe\n---\n")
    (mini_root / "questions/01-mini.yaml").write_bytes(b"x" * 2_100_000)
    msgs = messages(load(mini_root))
    assert any(m.startswith("modules/01-mini.md:2: not UTF-8 text") for m in msgs)  # the line with the bad byte
    assert "questions/01-mini.yaml:1: not loaded: it is larger than 2 MB" in msgs


def test_glossary_and_course_problems(mini_root: Path) -> None:
    write(mini_root, "course.yaml", "title: Mini\nversion: 1\nmodules: [mini, ghost]\npages: [nope]\nid: org.example.mini\n")
    write(
        mini_root,
        "glossary.yaml",
        "- {id: t-cell, term: T cell, plain: p, technical: t}\n"
        "- {id: t-cell-2, term: T-cell, plain: p, technical: t}\n"
        "- {id: x, term: X, plain: p, modules: [nowhere]}\n",
    )
    msgs = messages(load(mini_root))
    assert "course.yaml:3: course.yaml lists module 'ghost' but no module file has that id" in msgs
    assert "course.yaml:4: course.yaml lists page 'nope' but pages/nope.md does not exist" in msgs
    assert any(m.startswith("glossary.yaml:2: 'T-cell' is already used by glossary entry 't-cell'") for m in msgs), msgs
    assert any(m.startswith("glossary.yaml:3: missing field 'technical'") for m in msgs)
    assert any("names unknown module 'nowhere'" in m for m in msgs)


def test_validate_command_lists_every_problem_and_fails(mini_root: Path, capsys) -> None:
    write(mini_root, "questions/01-mini.yaml", (mini_root / "questions/01-mini.yaml").read_text().replace("single_choice", "essay"))
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("[@xu2021: CD19]", "[@xu2021: Nowhere]"))
    code = main(["validate", str(mini_root)])
    out = capsys.readouterr()
    assert code == 1
    lines = out.out.strip().splitlines()
    assert any(line.startswith("modules/01-mini.md:16: source 'xu2021' has no section") for line in lines)
    assert "problem" in out.err


def test_validate_command_passes_on_valid_pack(mini_root: Path, capsys) -> None:
    assert main(["validate", str(mini_root)]) == 0
    assert "0 problems" in capsys.readouterr().out


BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(9)
    ]
)


def test_hostile_yaml_is_reported_quickly_not_expanded(mini_root: Path) -> None:
    write(mini_root, "questions/01-mini.yaml", BILLION_LAUGHS + "\n")
    write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("reviewed: 2026-11-21", "reviewed: 2026-11-21\n" + BILLION_LAUGHS))
    course = load(mini_root)
    # 9^10 values if expanded: refused by the alias budget at the alias that crosses it.
    assert "questions/01-mini.yaml:4: too many YAML aliases (they would expand to over 10,000 values)" in messages(course)
    assert "modules/01-mini.md:15: too many YAML aliases (they would expand to over 10,000 values)" in messages(course)


HARD_PLAIN = (
    "    Notwithstanding considerable interindividual heterogeneity, immunophenotypic characterization "
    "demonstrates that lymphodepleting chemotherapeutic conditioning substantially potentiates "
    "chimeric antigen receptor lymphocyte proliferation, persistence and cytotoxic functionality."
)


def test_validate_refuses_family_text_a_family_cannot_read(mini_root: Path, capsys) -> None:
    module = mini_root / "modules" / "01-mini.md"
    module.write_text(MINI_MODULE.replace("    A short plain sentence.", HARD_PLAIN), encoding="utf-8")
    assert main(["validate", str(mini_root)]) == 1
    out = capsys.readouterr().out
    assert "modules/01-mini.md:" in out and "first (plain block 1) reads at grade" in out
    assert "taken together" in out
    # The pack is not built either.
    assert main(["pack", "build", str(mini_root), "-o", str(mini_root.parent / "x.ctpack")]) != 0
    assert not (mini_root.parent / "x.ctpack").exists()


def test_validate_refuses_a_long_paragraph_without_a_citation(mini_root: Path, capsys) -> None:
    long = " ".join(["CAR-T cells are living drugs that grow in the body after a single infusion."] * 3)
    module = mini_root / "modules" / "01-mini.md"
    module.write_text(MINI_MODULE.replace("Facts about CD19 [@xu2021: CD19].", long), encoding="utf-8")
    assert main(["validate", str(mini_root)]) == 1
    assert "section 'first': a paragraph of 42 words has no citation" in capsys.readouterr().out


def test_a_module_may_have_a_plain_title_and_nothing_unknown(mini_root: Path) -> None:
    module = mini_root / "modules" / "01-mini.md"
    module.write_text(MINI_MODULE.replace("title: A small module\n", "title: A small module\nplain_title: Small\n"), encoding="utf-8")
    course = load(mini_root)
    assert messages(course) == []
    assert course.modules[0].title_for("family") == "Small" and course.modules[0].title_for("student") == "A small module"
    module.write_text(MINI_MODULE.replace("minutes: 5\n", "minutes: 5\ncolour: red\n"), encoding="utf-8")
    assert any("unknown field 'colour' in the front matter" in m for m in messages(load(mini_root)))


def test_renamed_sections_are_declared_in_the_front_matter_and_checked(mini_root: Path) -> None:
    def with_renames(value: str) -> list[str]:
        write(mini_root, "modules/01-mini.md", MINI_MODULE.replace("reviewed:", f"section_replaces: {value}\nreviewed:", 1))
        return [m for m in messages(load(mini_root)) if m.startswith("modules/")]

    assert with_renames("{first: [opening, start]}") == []
    from desktop_app.core.content.loader import renames

    assert renames(load(mini_root))["section"] == {"mini/opening": "mini/first", "mini/start": "mini/first"}
    assert with_renames("{nowhere: [first]}") == [
        "modules/01-mini.md:11: 'section_replaces' names 'nowhere', which is not a section of this module"
    ]
    assert with_renames("{first: [takeaways]}") == [
        "modules/01-mini.md:11: section 'first' replaces 'takeaways', but 'takeaways' is still a section of this module"
    ]
    assert with_renames("{first: [old], takeaways: [old]}") == [
        "modules/01-mini.md:11: 'old' is replaced by both sections 'first' and 'takeaways'"
    ]
    assert with_renames("{first: old}") == [
        "modules/01-mini.md:11: 'section_replaces' for 'first' must be a list of old section ids, like [old-id]"
    ]
    assert with_renames("[first]") == [
        "modules/01-mini.md:11: field 'section_replaces' maps a section's id to the ids it had before: {new-id: [old-id]}"
    ]


def test_a_content_root_that_is_a_file_or_missing_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    file_problems = [str(p) for p in load_course(tmp_path / "notes.txt", paths.assets_dir()).problems]
    assert file_problems == [f"{tmp_path / 'notes.txt'}:1: is a file, not a content folder (give the folder that holds course.yaml)"]
    missing = [str(p) for p in load_course(tmp_path / "nope", paths.assets_dir()).problems]
    assert missing == [f"{tmp_path / 'nope'}:1: content folder not found"]
