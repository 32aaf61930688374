"""Every shipped lesson, question, glossary term, page and diagram, checked for its invariants."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import textstat

from desktop_app.core import paths
from desktop_app.core.content.authoring import authoring_problems, readable_text
from desktop_app.core.content.diagrams import load_diagram
from desktop_app.core.content.lessons import iter_plain_text
from desktop_app.core.content.markup import CITATION
from desktop_app.core.questions import QUESTION_TYPES, Hotspot, TrueFalse
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID

REPO = Path(__file__).resolve().parents[2]
ORIGINALITY = REPO.parent / "shared" / "tools" / "check_originality.py"


plain = readable_text  # Markdown as a reader hears it (the rule validate applies too)


def test_the_shipped_course_follows_the_authoring_rules(course) -> None:
    assert authoring_problems(course) == []


def test_the_shipped_course_has_no_problems(course) -> None:
    assert [str(p) for p in course.problems] == []
    assert [m.id for m in course.modules] == ["all", "immune", "car", "journey", "results", "toxicity", "relapse", "access", "future"]
    # Progress migrated from before course ids, and the library's idea of the built-in course,
    # both rest on this id never changing.
    assert course.id == BUILTIN_COURSE_ID


def test_module_front_matter_is_complete(course) -> None:
    for m in course.modules:
        assert m.title and m.summary and m.minutes > 0 and m.reviewed, m.id
        assert 3 <= len(m.objectives) <= 8, m.id
        assert set(m.sources) <= set(course.sources), m.id
        assert len(m.sections) >= 5 and m.sections[-1].is_takeaways, m.id


def test_every_section_has_a_plain_block_and_every_citation_resolves(course) -> None:
    for m in course.modules:
        for s in m.sections:
            if not s.is_takeaways:
                assert s.plain_blocks, (m.id, s.id)
            for source_id, _section in CITATION.findall(s.markdown):
                assert source_id in course.sources, (m.id, s.id, source_id)


def test_every_factual_student_paragraph_is_cited(course) -> None:
    uncited = []
    for m in course.modules:
        for s in m.sections:
            if s.is_takeaways:
                continue
            text = re.sub(r"!!! plain.*?(?=\n\S|\Z)", "", s.markdown, flags=re.S)
            for para in re.split(r"\n\s*\n", text):
                p = para.strip()
                if not p or p.startswith(("#", "|", "!", "-", "*", ">", "[^")) or re.match(r"^\d+\.", p):
                    continue
                if len(p.split()) >= 25 and not CITATION.search(p):
                    uncited.append(f"{m.id}/{s.id}: {p[:70]}")
    assert uncited == []


@pytest.mark.parametrize("module_id", ["all", "immune", "car", "journey", "results", "toxicity", "relapse", "access", "future"])
def test_family_text_reads_at_grade_8_or_below(course, module_id: str) -> None:
    module = course.module(module_id)
    blocks = [(label, plain(text)) for label, text in iter_plain_text(module)]
    overall = textstat.flesch_kincaid_grade("\n".join(t for _, t in blocks))
    assert overall <= 8, (module_id, overall)
    too_hard = {label: textstat.flesch_kincaid_grade(t) for label, t in blocks if textstat.flesch_kincaid_grade(t) > 10}
    assert too_hard == {}


def test_family_pages_read_plainly_and_exist(course) -> None:
    for page_id in ("when-to-call", "questions-to-ask", "about"):
        page = course.page(page_id)
        assert page is not None and "family" in page.tracks
        assert textstat.flesch_kincaid_grade(plain(page.markdown)) <= 8, page_id
    call = course.page("when-to-call").markdown.lower()
    for sign in ("fever", "confus", "seizure", "bleed", "infection", "speak"):
        assert sign in call, sign
    assert "call" in call and ("right away" in call or "now" in call)
    assert "not medical advice" in course.page("about").markdown.lower()


def family_text(course) -> list[tuple[str, str]]:
    out = []
    for m in course.modules:
        out += [(f"{m.id}/{label}", plain(t)) for label, t in iter_plain_text(m)]
    for q in course.bank:
        if "family" in q.tracks:
            # A false statement put to the learner in a true/false question is the point of it.
            stem = "" if isinstance(q, TrueFalse) and not q.answer else q.stem
            out.append((q.id, stem + " " + q.explanation))
    return out


def test_family_text_says_remission_not_cure(course) -> None:
    offending = []
    for label, text in family_text(course):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if re.search(r"\bcured?\b|\bfull recovery\b", sentence, re.I) and not re.search(
                r"\b(not|never|neither|no|different)\b", sentence, re.I
            ):
                offending.append((label, sentence))
    assert offending == []


def test_fever_in_family_text_always_comes_with_calling_the_team(course) -> None:
    for m in course.modules:
        text = " ".join(plain(t) for _, t in iter_plain_text(m)).lower()
        if "fever" in text:
            assert "call" in text, m.id


def test_every_image_in_lessons_exists_and_each_diagram_appears_in_a_lesson(course) -> None:
    used = set()
    for m in course.modules:
        for name in re.findall(r"\]\(diagrams/([a-z0-9-]+)\.svg\)", "\n".join(s.markdown for s in m.sections)):
            used.add(name)
    shipped = {p.stem for p in (paths.assets_dir() / "diagrams").glob("*.svg")}
    assert shipped <= used
    for name in {"car-structure", "car-generations", "treatment-journey", "crs-cascade", "relapse-types"}:
        assert name in shipped


def test_diagrams_declare_their_regions(course) -> None:
    for svg in (paths.assets_dir() / "diagrams").glob("*.svg"):
        d = load_diagram(svg.stem, course.root, paths.assets_dir())
        assert len(d.regions) >= 4, svg.name
        text = svg.read_text(encoding="utf-8")
        assert "<style" not in text and "http://" not in text.replace("http://www.w3.org", ""), svg.name


def test_question_bank_size_and_spread(course) -> None:
    bank = course.bank
    assert len(bank) >= 300
    per_module = Counter(q.module for q in bank)
    assert all(per_module[m.id] >= 25 for m in course.modules), per_module
    per_objective = Counter(q.objective for q in bank)
    for m in course.modules:
        for o in m.objectives:
            assert per_objective[o.id] >= 3, o.id
    per_type = Counter(q.type for q in bank)
    assert set(per_type) == set(QUESTION_TYPES) and min(per_type.values()) >= 15, per_type
    assert sum(1 for q in bank if "family" in q.tracks) >= 60
    assert {q.difficulty for q in bank} == {1, 2, 3}


def test_every_question_is_explained_sourced_and_reviewed(course) -> None:
    for q in course.bank:
        assert len(q.explanation.split()) >= 5, q.id
        assert q.sources and all(ref.source in course.sources for ref in q.sources), q.id
        assert q.reviewed is not None, q.id
        if isinstance(q, Hotspot):
            assert q.answer in q.regions


def test_question_ids_are_unique_and_prefixed_by_module(course) -> None:
    ids = [q.id for q in course.bank]
    assert len(ids) == len(set(ids))
    assert all(q.id.startswith(q.module + "-") for q in course.bank)


def test_glossary(course) -> None:
    assert len(course.glossary) >= 80
    for t in course.glossary:
        assert t.plain and t.technical and t.modules, t.id
    plain_defs = " ".join(t.plain for t in course.glossary)
    assert textstat.flesch_kincaid_grade(plain_defs) <= 8


def test_outside_sources_are_marked_as_outside(course) -> None:
    kinds = Counter(s.kind for s in course.sources.values())
    assert kinds["peer-reviewed"] == 1 and kinds["student-paper"] == 4 and kinds["outside"] >= 5
    assert {"li", "reeis", "xu2021", "wei", "kim"} <= set(course.sources)


@pytest.mark.skipif(not ORIGINALITY.exists(), reason="the shared originality checker is not beside this checkout")
def test_content_shares_no_ten_word_run_with_the_reviews() -> None:
    result = subprocess.run(
        [sys.executable, str(ORIGINALITY), str(REPO / "content"), str(REPO / "assets" / "diagrams")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1].startswith("0 shared run"), result.stdout[-2000:]


def test_no_answer_is_given_away_by_its_length_or_a_catch_all(course) -> None:
    """Test-wiseness is not knowledge: the key is not usually the longest option, neither
    length wins in multiple response, and no option is "all/none of the above"."""
    from desktop_app.core.content.cues import CATCH_ALL, MAX_LONGEST_SHARE, MAX_MULTI_EXCESS, ChoiceLike, cue_stats
    from desktop_app.core.content.loader import bank_warnings

    choice = [q for q in course.bank if q.type in ("single_choice", "multiple_response")]
    whole = cue_stats((q.type, [ChoiceLike(c.text, c.correct) for c in q.choices]) for q in choice)
    assert whole.longest_share <= MAX_LONGEST_SHARE, whole
    assert whole.multi_longest_excess <= MAX_MULTI_EXCESS and whole.multi_shortest_excess <= MAX_MULTI_EXCESS, whole
    for m in course.modules:
        mine = [q for q in choice if q.module == m.id]
        stats = cue_stats((q.type, [ChoiceLike(c.text, c.correct) for c in q.choices]) for q in mine)
        assert stats.longest_share <= MAX_LONGEST_SHARE, (m.id, stats)
    for q in choice:
        assert not any(CATCH_ALL.search(c.text) for c in q.choices), q.id
    assert bank_warnings(course) == []


def test_learners_never_see_a_source_key(course) -> None:
    from desktop_app.core.content.cues import bare_source_keys, source_key_pattern

    keys = source_key_pattern(course.sources)
    for m in course.modules:
        for s in m.sections:
            text = CITATION.sub("", s.markdown)
            assert not bare_source_keys(text, keys), (m.id, s.id, bare_source_keys(text, keys))
    for q in course.bank:
        assert not bare_source_keys("\n".join(q.learner_texts()), keys), q.id


def test_every_clickable_diagram_has_at_least_three_questions(course) -> None:
    used = Counter(q.diagram for q in course.bank if isinstance(q, Hotspot))
    assert used and all(n >= 3 for n in used.values()), used
    for svg in (paths.assets_dir() / "diagrams").glob("*.svg"):
        if svg.stem in used:
            # Labels that name a part are masked until the question is answered.
            assert 'class="label"' in svg.read_text(encoding="utf-8"), svg.name


def test_family_text_speaks_to_patients_as_well_as_parents(course) -> None:
    """Two of the three products are for adults: "your child" only beside the patient themself."""
    only_parents = []
    for where, text in family_text(course):
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            if "your child" in sentence.lower() and not re.search(r"\byou or\b|\bor (?:for )?you\b|\byourself\b", sentence, re.I):
                only_parents.append((where, sentence))
    assert only_parents == []
    assert all(m.plain_title for m in course.modules)
