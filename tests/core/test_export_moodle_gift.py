"""Moodle XML and GIFT exports, read back the way Moodle reads them.

The whole shipped course goes out to real files and comes back through a real XML parser (Moodle
XML) and through a GIFT reader written here after Moodle's own importer (question/format/gift):
every question once, with its type, right answers, weights, tolerances, accepted spellings,
feedback, category and tags. A hand-made course carries the characters GIFT and Cloze treat as
syntax, a diagram with transforms, scaling and an arc, and a region drawn only with text.
"""

from __future__ import annotations

import base64
import html
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.content.records import Course
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange import gift, moodle_xml
from desktop_app.core.exchange.report import ExportReport
from desktop_app.core.kinds import KINDS
from desktop_app.core.kinds.base import Kind, Question
from tests.conftest import MINI_MODULE, REPO, write

ALL = {"modules": None, "track": "student"}


# ---------------------------------------------------------------- helpers


def md_plain(text: str) -> str:
    """What a short Markdown text reads as (the shipped options use no Markdown beyond this)."""
    return " ".join(re.sub(r"[*_`]", "", text).split())


def html_plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class StrictHTML(HTMLParser):
    """html.parser forgives everything; this one also insists that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def assert_html(fragment: str, where: str) -> None:
    parser = StrictHTML()
    parser.feed(fragment)
    parser.close()
    assert not parser.errors and not parser.stack, f"{where}: {parser.errors or parser.stack}: {fragment[:200]}"


def expected_category(course: Course, q: Question) -> str:
    module = course.module(q.module)
    assert module is not None
    objective = module.objective(q.objective)
    assert objective is not None
    names = [course.title, module.title, objective.text]
    return "/".join(["$course$", *(" ".join(n.split()).replace("/", "//") for n in names)])


def expected_tags(q: Question) -> set[str]:
    return {f"difficulty-{q.difficulty}", *(f"track-{t}" for t in q.tracks), q.module, q.objective}


def moodle_type(q: Any) -> str:
    return {
        "single_choice": "multichoice",
        "multiple_response": "multichoice",
        "true_false": "truefalse",
        "matching": "matching",
        "ordering": "ordering",
        "cloze": "shortanswer" if q.type == "cloze" and len(q.blanks) == 1 else "cloze",
        "numeric": "numerical",
        "hotspot": "ddmarker",
    }[q.type]


def accepted_spellings(accepted: tuple[str, ...]) -> set[str]:
    return {a.casefold() for a in accepted}


# ---------------------------------------------------------------- the shipped course as Moodle XML


@dataclass
class MoodleFile:
    root: ET.Element
    report: ExportReport
    text: str
    questions: dict[str, ET.Element] = field(default_factory=dict)
    category_of: dict[str, str] = field(default_factory=dict)


def read_moodle(path: Path, report: ExportReport) -> MoodleFile:
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    out = MoodleFile(root, report, text)
    category = ""
    names = []
    for el in root.findall("question"):
        if el.get("type") == "category":
            category = el.findtext("category/text") or ""
            continue
        name = el.findtext("name/text") or ""
        names.append(name)
        out.questions[name] = el
        out.category_of[name] = category
    duplicates = [n for n, k in Counter(names).items() if k > 1]
    assert not duplicates, duplicates
    return out


@pytest.fixture(scope="module")
def moodle(course: Course, tmp_path_factory: pytest.TempPathFactory) -> MoodleFile:
    out = tmp_path_factory.mktemp("moodle") / "course.xml"
    report = moodle_xml.export(course, out, dict(ALL))
    return read_moodle(out, report)


def answers(el: ET.Element) -> list[tuple[float, str, str]]:
    """(fraction, text, feedback) of each <answer>, in the file's order."""
    return [(float(a.get("fraction", "nan")), a.findtext("text") or "", a.findtext("feedback/text") or "") for a in el.findall("answer")]


def fell_back(report: ExportReport, qid: str) -> bool:
    return any(line.startswith(f"{qid}: written as a multiple choice") for line in report.skipped)


def test_every_question_of_the_bank_appears_once_with_its_type(course: Course, moodle: MoodleFile) -> None:
    assert len(course.bank) > 100
    assert set(moodle.questions) == {q.id for q in course.bank}
    for q in course.bank:
        el = moodle.questions[q.id]
        expected = "multichoice" if q.type == "hotspot" and fell_back(moodle.report, q.id) else moodle_type(q)
        assert el.get("type") == expected, q.id
        assert el.findtext("idnumber") == q.id
        if q.type in ("single_choice", "multiple_response"):
            assert el.findtext("single") == ("true" if q.type == "single_choice" else "false"), q.id
    assert moodle.report.summary.startswith(f"{len(course.bank)} questions in ")


def test_right_answers_have_full_marks_and_each_option_keeps_its_feedback(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        el = moodle.questions[q.id]
        got = answers(el)
        if q.type == "single_choice":
            assert [f for f, _, _ in got] == [100.0 if c.correct else 0.0 for c in q.choices], q.id
            assert [html_plain(t) for _, t, _ in got] == [md_plain(c.text) for c in q.choices], q.id
            assert [bool(fb) for _, _, fb in got] == [bool(c.feedback) for c in q.choices], q.id
            for (_, _, fb), c in zip(got, q.choices, strict=True):
                assert html_plain(fb) == md_plain(c.feedback), q.id
        elif q.type == "true_false":
            by_text = {t: (f, fb) for f, t, fb in got}
            assert by_text["true"][0] == (100.0 if q.answer else 0.0), q.id
            assert by_text["false"][0] == (0.0 if q.answer else 100.0), q.id
            assert html_plain(by_text["true"][1]) == md_plain(q.feedback_true), q.id
            assert html_plain(by_text["false"][1]) == md_plain(q.feedback_false), q.id


def test_multiple_response_fractions_add_up_to_100_and_wrong_picks_cost_one_share(course: Course, moodle: MoodleFile) -> None:
    checked = 0
    for q in course.bank:
        if q.type != "multiple_response":
            continue
        got = answers(moodle.questions[q.id])
        k = sum(c.correct for c in q.choices)
        assert sum(f for f, _, _ in got if f > 0) == pytest.approx(100, abs=1e-3), q.id
        for (f, text, _), c in zip(got, q.choices, strict=True):
            assert f == pytest.approx(100 / k if c.correct else -100 / k, abs=1e-4), q.id
            assert html_plain(text) == md_plain(c.text)
        assert moodle.questions[q.id].find("shownumcorrect") is not None
        checked += 1
    assert checked > 10


def test_numeric_answers_are_the_middle_of_the_accepted_range_with_half_its_width(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        if q.type != "numeric":
            continue
        el = moodle.questions[q.id]
        (answer,) = el.findall("answer")
        assert answer.get("fraction") == "100"
        mid, tol = float(answer.findtext("text") or "nan"), float(answer.findtext("tolerance") or "nan")
        assert mid - tol == pytest.approx(q.low, abs=1e-9), q.id
        assert mid + tol == pytest.approx(q.high, abs=1e-9), q.id
        units = [u.findtext("unit_name") for u in el.findall("units/unit")]
        assert units == ([q.unit] if q.unit else []), q.id


CLOZE_BLANK = re.compile(r"\{1:SHORTANSWER:([^{}]*)\}")


def cloze_blanks(questiontext: str) -> list[list[str]]:
    """Each blank's answers, decoded as Moodle's Cloze reader decodes them (entities, then \\*)."""
    out = []
    for m in CLOZE_BLANK.finditer(questiontext):
        alternatives = m.group(1).split("~")
        assert all(a.startswith("=") for a in alternatives), m.group(0)
        out.append([html.unescape(a[1:]).replace("\\*", "*") for a in alternatives])
    return out


def test_every_accepted_cloze_answer_is_listed_at_full_marks(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        if q.type != "cloze":
            continue
        el = moodle.questions[q.id]
        text = el.findtext("questiontext/text") or ""
        if len(q.blanks) == 1:
            got = answers(el)
            assert all(f == 100.0 for f, _, _ in got), q.id
            assert accepted_spellings(q.blanks[0]) <= {t.replace("\\*", "*").casefold() for _, t, _ in got}, q.id
            assert "_____" in text and "{{" not in text, q.id
        else:
            blanks = cloze_blanks(text)
            assert len(blanks) == len(q.blanks), q.id
            for accepted, written in zip(q.blanks, blanks, strict=True):
                assert accepted_spellings(accepted) <= {w.casefold() for w in written}, q.id
                assert written[: len(accepted)] == list(accepted), "the author's spellings come first"


def test_matching_ordering_and_diagrams_keep_their_keys(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        el = moodle.questions[q.id]
        if q.type == "matching":
            subs = [(html_plain(s.findtext("text") or ""), s.findtext("answer/text")) for s in el.findall("subquestion")]
            assert subs == [(md_plain(p.left), md_plain(p.right)) for p in q.pairs] + [("", md_plain(d)) for d in q.distractors], q.id
        elif q.type == "ordering":
            got = answers(el)
            assert [f for f, _, _ in got] == list(range(1, len(q.items) + 1)), q.id
            assert [html_plain(t) for _, t, _ in got] == [md_plain(i) for i in q.items], q.id
            assert el.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            assert el.findtext("selecttype") == "ALL" and el.findtext("selectcount") == str(len(q.items))
        elif q.type == "hotspot" and el.get("type") == "ddmarker":
            (file,) = el.findall("file")
            assert file.get("name") == "diagram.svg" and file.get("encoding") == "base64"
            svg = ET.fromstring(base64.b64decode(file.text or ""))
            assert svg.tag.endswith("svg")
            width, height = float(svg.get("width", "0")), float(svg.get("height", "0"))
            assert el.findtext("drag/text") == "Your answer"
            assert el.findtext("drop/shape") == "rectangle" and el.findtext("drop/choice") == "1"
            m = re.fullmatch(r"(\d+),(\d+);(\d+),(\d+)", el.findtext("drop/coords") or "")
            assert m, q.id
            x, y, w, h = map(int, m.groups())
            assert w > 0 and h > 0 and x + w <= width and y + h <= height, q.id
        elif q.type == "hotspot":
            titles = [html_plain(t) for _, t, _ in answers(el)]
            assert titles == [q.title_of(r) for r in q.regions]
            assert [f for f, _, _ in answers(el)] == [100.0 if r == q.answer else 0.0 for r in q.regions]


def test_most_diagram_questions_become_drag_and_drop_markers(course: Course, moodle: MoodleFile) -> None:
    hotspots = [q for q in course.bank if q.type == "hotspot"]
    markers = [q for q in hotspots if moodle.questions[q.id].get("type") == "ddmarker"]
    assert len(markers) >= len(hotspots) * 3 // 4
    assert len(moodle.report.skipped) == len(hotspots) - len(markers)


def test_general_feedback_is_the_explanation_then_the_sources_written_out(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        feedback = moodle.questions[q.id].findtext("generalfeedback/text") or ""
        plain = html_plain(feedback)
        assert plain.startswith(html_plain(re.sub(r"\[@[^\]]*\]", "", q.explanation))[:40]), q.id
        for ref in q.sources:
            source = course.sources[ref.source]
            assert source.title in plain and str(source.year) in plain and ref.section in plain, (q.id, ref)


def test_categories_and_tags(course: Course, moodle: MoodleFile) -> None:
    for q in course.bank:
        assert moodle.category_of[q.id] == expected_category(course, q), q.id
        tags = {t.findtext("text") for t in moodle.questions[q.id].findall("tags/tag")}
        assert tags == expected_tags(q), q.id
    assert all(path.startswith("$course$/") for path in moodle.category_of.values())


def test_every_html_text_is_well_formed_and_links_only_inside_itself(moodle: MoodleFile) -> None:
    count = 0
    for el in moodle.root.iter():
        if el.get("format") == "html":
            assert_html(el.findtext("text") or "", el.tag)
            count += 1
    assert count > 1000
    for scheme in ("source:", "glossary:", "section:", "asset:"):
        assert f'"{scheme}' not in moodle.text, scheme


def test_family_track_and_chosen_modules(course: Course, tmp_path: Path) -> None:
    out = tmp_path / "family.xml"
    report = moodle_xml.export(course, out, {"modules": ["car", "toxicity"], "track": "family"})
    got = read_moodle(out, report)
    expected = {q.id for q in course.bank if "family" in q.tracks and q.module in ("car", "toxicity")}
    assert expected and set(got.questions) == expected
    with pytest.raises(KnownError, match="no module 'nope'"):
        moodle_xml.export(course, tmp_path / "none.xml", {"modules": ["nope"], "track": "student"})
    assert not (tmp_path / "none.xml").exists()


def test_every_kind_writes_moodle_xml() -> None:
    # A ninth type must bring its own Moodle XML: the base class has none to lend it.
    for kind in KINDS.values():
        assert type(kind).moodle is not Kind.moodle, kind.name


def test_cdata_survives_its_own_end_marker() -> None:
    for text in ("a ]]> b", "]]>", "]]]]>>", "x]]"):
        assert ET.fromstring(f"<t>{moodle_xml.cdata(text)}</t>").text == text


# ---------------------------------------------------------------- GIFT, read as Moodle reads it


# Moodle swaps escaped characters for placeholders before it parses, and back afterwards.
_PLACEHOLDERS = {"\\:": "\ue000", "\\#": "\ue001", "\\=": "\ue002", "\\{": "\ue003", "\\}": "\ue004", "\\~": "\ue005", "\\n": "\ue006"}
_CHARS = {"\ue000": ":", "\ue001": "#", "\ue002": "=", "\ue003": "{", "\ue004": "}", "\ue005": "~", "\ue006": "\n"}
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def gift_pre(text: str) -> str:
    text = text.replace("\\\\", "\ue00f")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\ue00f", "\\")


def gift_post(text: str) -> str:
    for placeholder, char in _CHARS.items():
        text = text.replace(placeholder, char)
    return text


def gift_weight(answer: str) -> tuple[float, str]:
    end = answer.index("%", 1)
    return float(answer[1:end]) / 100, answer[end + 1 :]


def gift_text(text: str) -> tuple[str, str]:
    """(format, text) as Moodle's parse_text_with_format reads them."""
    fmt = "moodle"
    if text.startswith("[") and "]" in text and text[1 : text.index("]")] in ("html", "plain", "markdown", "moodle"):
        fmt, text = text[1 : text.index("]")], text[text.index("]") + 1 :]
    return fmt, gift_post(text).strip()


@dataclass
class GiftQuestion:
    name: str
    qtype: str
    text: str
    format: str
    category: str
    general_feedback: str = ""
    answers: list[tuple[float, str, str]] = field(default_factory=list)  # (weight, answer, feedback)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    numbers: list[tuple[float, float]] = field(default_factory=list)  # (answer, tolerance)
    true_false: tuple[bool, str, str] | None = None  # (answer, feedback if answered true, if false)


def read_gift(text: str) -> list[GiftQuestion]:
    """Moodle's qformat_gift::readquestion, for the types this program writes."""
    blocks, current = [], []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    out: list[GiftQuestion] = []
    category = ""
    for lines in blocks:
        body = "\n".join(" " if line.strip().startswith("//") else line for line in lines).strip()
        if not body:
            continue
        body = gift_pre(body)
        if body.startswith("$CATEGORY:"):
            category = body[10:].strip()
            continue
        assert body.startswith("::"), body[:80]
        body = body[2:]
        name, body = gift_post(body[: body.index("::")]), body[body.index("::") + 2 :].strip()
        start, finish = body.index("{"), body.index("}")
        answertext = body[start + 1 : finish].strip()
        qtext = body[:start] if body.endswith("}") else body[:start] + "_____" + body[finish + 1 :]
        general = ""
        if "####" in answertext:
            cut = answertext.rindex("####")
            general, answertext = answertext[cut + 4 :], answertext[:cut].strip()
        fmt, qtext = gift_text(qtext)
        q = GiftQuestion(name, "", qtext, fmt, category, gift_post(general).strip())
        if answertext.startswith("#"):
            q.qtype = "numerical"
            for answer in answertext[1:].split("="):
                answer = gift_post(answer).strip()
                if not answer:
                    continue
                if ".." in answer:
                    low, high = (float(v) for v in answer.split(".."))
                    q.numbers.append(((low + high) / 2, (high - low) / 2))
                else:
                    value, _, tol = answer.partition(":")
                    q.numbers.append((float(value), float(tol or 0)))
        elif "~" in answertext:
            q.qtype = "multichoice-single" if "=" in answertext else "multichoice-multi"
            for answer in [a.strip() for a in answertext.replace("=", "~=").split("~") if a.strip()]:
                if answer.startswith("="):
                    weight, answer = 1.0, answer[1:]
                elif WEIGHT.match(answer):
                    weight, answer = gift_weight(answer)
                else:
                    weight = 0.0
                text_part, _, feedback = answer.partition("#")
                q.answers.append((weight, gift_text(text_part.strip())[1], gift_text(feedback.strip())[1]))
        elif "=" in answertext and "->" in answertext:
            q.qtype = "match"
            for answer in [a.strip() for a in answertext.split("=") if a.strip()]:
                left, right = answer.split("->", 1)
                q.pairs.append((gift_text(left.strip())[1], gift_post(right).strip()))
        else:
            head = answertext.split("#", 1)[0].strip()
            if head in ("T", "TRUE", "F", "FALSE"):
                q.qtype = "truefalse"
                bits = [*answertext.split("#", 2), "", ""][:3]
                right_answer = head in ("T", "TRUE")
                wrong, right = gift_text(bits[1].strip())[1], gift_text(bits[2].strip())[1]
                q.true_false = (right_answer, right if right_answer else wrong, wrong if right_answer else right)
            else:
                q.qtype = "shortanswer"
                for answer in [a.strip() for a in answertext.split("=") if a.strip()]:
                    text_part, _, feedback = answer.partition("#")
                    q.answers.append((1.0, gift_post(text_part).strip(), gift_text(feedback.strip())[1]))
        out.append(q)
    return out


@pytest.fixture(scope="module")
def gift_export(course: Course, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, GiftQuestion], ExportReport, str]:
    out = tmp_path_factory.mktemp("gift") / "course.gift"
    report = gift.export(course, out, dict(ALL))
    text = out.read_text(encoding="utf-8")
    questions = read_gift(text)
    names = [q.name for q in questions]
    assert len(names) == len(set(names))
    return {q.name: q for q in questions}, report, text


def gift_expressible(q: Any) -> bool:
    return q.type not in ("ordering", "hotspot") and not (q.type == "cloze" and len(q.blanks) > 1)


def test_gift_leaves_out_exactly_what_it_cannot_express_and_says_why(course: Course, gift_export: Any) -> None:
    questions, report, _ = gift_export
    left_out = {line.split(":", 1)[0] for line in report.skipped}
    assert left_out == {q.id for q in course.bank if not gift_expressible(q)}
    assert set(questions) == {q.id for q in course.bank if gift_expressible(q)}
    reasons = {q.type: line for q in course.bank for line in report.skipped if line.startswith(f"{q.id}: ")}
    assert "ordering" in reasons["ordering"] and "diagram" in reasons["hotspot"] and "several blanks" in reasons["cloze"]


def test_gift_round_trips_answer_keys_weights_and_ranges(course: Course, gift_export: Any) -> None:
    questions, _, _ = gift_export
    for q in course.bank:
        if not gift_expressible(q):
            continue
        g = questions[q.id]
        assert g.format == "html" and html_plain(g.text).startswith(md_plain(q.stem)[:30]), q.id
        assert g.category == expected_category(course, q), q.id
        assert html_plain(g.general_feedback).startswith(html_plain(re.sub(r"\[@[^\]]*\]", "", q.explanation))[:40]), q.id
        if q.type == "single_choice":
            assert g.qtype == "multichoice-single", q.id
            assert [(w, html_plain(t), html_plain(f)) for w, t, f in g.answers] == [
                (1.0 if c.correct else 0.0, md_plain(c.text), md_plain(c.feedback)) for c in q.choices
            ], q.id
        elif q.type == "multiple_response":
            assert g.qtype == "multichoice-multi", q.id
            k = sum(c.correct for c in q.choices)
            for (w, t, _), c in zip(g.answers, q.choices, strict=True):
                assert w == pytest.approx(1 / k if c.correct else -1 / k, abs=1e-6), q.id
                assert html_plain(t) == md_plain(c.text)
            assert sum(w for w, _, _ in g.answers if w > 0) == pytest.approx(1, abs=1e-6)
        elif q.type == "true_false":
            assert g.qtype == "truefalse" and g.true_false is not None, q.id
            answer, if_true, if_false = g.true_false
            assert answer is q.answer
            assert (html_plain(if_true), html_plain(if_false)) == (md_plain(q.feedback_true), md_plain(q.feedback_false)), q.id
        elif q.type == "matching":
            assert g.qtype == "match", q.id
            assert [(html_plain(a), b) for a, b in g.pairs] == [(md_plain(p.left), md_plain(p.right)) for p in q.pairs] + [
                ("", md_plain(d)) for d in q.distractors
            ], q.id
        elif q.type == "numeric":
            assert g.qtype == "numerical", q.id
            ((value, tol),) = g.numbers
            assert (value - tol, value + tol) == (pytest.approx(q.low, abs=1e-9), pytest.approx(q.high, abs=1e-9)), q.id
        elif q.type == "cloze":
            assert g.qtype == "shortanswer", q.id
            assert "_____" in g.text, "the blank stays in its sentence"
            got = {a.replace("\\*", "*").casefold() for _, a, _ in g.answers}
            assert accepted_spellings(q.blanks[0]) <= got, q.id


def test_gift_text_is_html_that_closes_every_element(gift_export: Any) -> None:
    questions, _, _ = gift_export
    for g in questions.values():
        for fragment in [g.text, g.general_feedback, *(a for _, a, _ in g.answers), *(f for _, _, f in g.answers)]:
            assert_html(fragment, g.name)


# ---------------------------------------------------------------- a hand-made course with every awkward character

TRICKY = "a ~ b = c # d {e} f: g \\ h"

HAND_MADE = r"""- id: mini-001
  type: single_choice
  stem: "Pick ~ the = right # one {x} : y \\ z?"
  choices:
    - {text: "Right ~ = # { } : \\ one", correct: true, feedback: "Yes ~ = # { } :"}
    - {text: "Wrong ]]> & < > one", feedback: "No ~ = # {x}: \\"}
COMMON
- id: mini-002
  type: multiple_response
  stem: "Choose: all {that} apply."
  choices:
    - {text: "A ~ one", correct: true}
    - {text: "B = two", correct: true}
    - {text: "C # three", correct: true}
    - {text: "D {four}", feedback: "Not D: {no}"}
COMMON
- id: mini-003
  type: true_false
  stem: "The sky is green: true ~ false?"
  answer: false
  feedback_true: "No # it is blue."
  feedback_false: "Right = blue."
COMMON
- id: mini-004
  type: matching
  stem: Match them.
  pairs:
    - {left: "Left ~ one", right: "Right: one = 1"}
    - {left: "Left {two}", right: "Right # two"}
  distractors: ["Distractor ~ {three}"]
COMMON
- id: mini-005
  type: ordering
  stem: Put in order.
  items: [First, Second, Third]
COMMON
- id: mini-006
  type: cloze
  stem: Fill in the blank.
  text: "The swap is t({{1}}) in ALL."
  blanks:
    - accept: ["9;22", "9:22", "a{b}c~d=e#f\\g*h"]
COMMON
- id: mini-007
  type: cloze
  stem: "Fill in {the} blanks."
  text: "{{1}} and {{2}} are cytokines {really}."
  blanks:
    - accept: [IL-6, "interleukin 6"]
    - accept: ["IFN-γ", "a}b~c#d&e<f"]
COMMON
- id: mini-008
  type: numeric
  stem: "How many?\n\n![The shapes](diagrams/shapes.svg)"
  answer: 81
  tolerance: 3
  unit: "%"
COMMON
- id: mini-009
  type: numeric
  stem: How many days?
  answer: 12
  range: [10, 20]
COMMON
- id: mini-010
  type: hotspot
  stem: Click the box.
  diagram: shapes
  answer: box
  regions: [box, disc, arc, words]
COMMON
- id: mini-011
  type: hotspot
  stem: Click the words.
  diagram: shapes
  answer: words
  regions: [box, disc, arc, words]
COMMON
- id: mini-012
  type: hotspot
  stem: Click the frame.
  diagram: shapes
  answer: frame
  regions: [frame, disc]
COMMON
- id: mini-013
  type: hotspot
  stem: Click the disc.
  diagram: shapes
  answer: disc
  regions: [frame, disc]
COMMON
"""

TRICKY_YAML = TRICKY.replace("\\", "\\\\")  # inside a double-quoted YAML string
COMMON = f"""  module: mini
  objective: mini.two
  difficulty: 3
  tracks: [student]
  explanation: "Why: {TRICKY_YAML}. See [@xu2021: CD19]."
  sources:
    - {{source: xu2021, section: CD19}}
  reviewed: 2026-11-21
"""

# Drawn in a 200 × 100 viewBox shown at 400 × 200 pixels: every measure doubles.
SHAPES = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 200 100">
  <rect x="0" y="0" width="200" height="100" fill="#fff"/>
  <g id="box" class="region" transform="translate(100,50)"><title>The box</title>
    <rect x="10" y="20" width="30" height="20"/><text x="12" y="30" font-size="14">Box</text></g>
  <g id="disc" class="region"><title>The disc</title><g transform="scale(0.5)"><circle cx="60" cy="60" r="20"/></g></g>
  <g id="arc" class="region"><title>The arc</title><path d="M 20 80 a 10 10 0 0 1 20 0 Z"/></g>
  <g id="frame" class="region"><title>The frame</title><rect x="5" y="5" width="55" height="55" fill="none" stroke="#000"/></g>
  <g id="words" class="region"><title>The words</title><text x="60" y="20" font-size="14">Words</text></g>
  <g id="hump" class="region"><title>A quadratic curve</title><path d="M 100 30 Q 120 10 140 30"/></g>
  <g id="bump" class="region"><title>A cubic curve</title><path d="M150,30 C150,0 170,20 190,30"/></g>
</svg>
"""


def cubic_box(p: list[tuple[float, float]], scale: float) -> tuple[int, int, int, int]:
    """A cubic Bézier's pixel box, by brute force: 10,001 points along it."""
    pts = [
        tuple(
            sum(c * q[i] for c, q in zip(((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3), p, strict=True)) * scale
            for i in (0, 1)
        )
        for t in (n / 10000 for n in range(10001))
    ]
    x0, y0 = math.floor(min(x for x, _ in pts)), math.floor(min(y for _, y in pts))
    return x0, y0, math.ceil(max(x for x, _ in pts)) - x0, math.ceil(max(y for _, y in pts)) - y0


@pytest.fixture
def hand_made(tmp_path: Path) -> Course:
    root = tmp_path / "pack"
    write(root, "course.yaml", "id: org.example.mini\ntitle: Mini / tricky -- course\nversion: 1\nmodules: [mini]\n")
    write(root, "sources.yaml", (REPO / "content" / "sources.yaml").read_text(encoding="utf-8"))
    write(root, "modules/01-mini.md", MINI_MODULE)
    write(root, "questions/01-mini.yaml", HAND_MADE.replace("COMMON\n", COMMON))
    write(root, "diagrams/shapes.svg", SHAPES)
    course = load_course(root, paths.assets_dir())
    assert not course.problems, course.problems
    assert len(course.bank) == 13
    return course


def test_special_characters_come_back_intact_from_gift(hand_made: Course, tmp_path: Path) -> None:
    out = tmp_path / "mini.gift"
    report = gift.export(hand_made, out, dict(ALL))
    got = {g.name: g for g in read_gift(out.read_text(encoding="utf-8"))}
    assert set(got) == {"mini-001", "mini-002", "mini-003", "mini-004", "mini-006", "mini-008", "mini-009"}
    left_out = [line for line in report.skipped if "picture" not in line]
    assert {line.split(":", 1)[0] for line in left_out} == {"mini-005", "mini-007", "mini-010", "mini-011", "mini-012", "mini-013"}
    # GIFT carries no files: a picture becomes its description, and the report says so.
    assert "[picture: The shapes]" in html_plain(got["mini-008"].text)
    assert "mini-008: GIFT cannot carry pictures; 'The shapes' is shown as its description" in report.skipped

    one = got["mini-001"]
    assert html_plain(one.text) == "Pick ~ the = right # one {x} : y \\ z?"
    assert [(w, html_plain(t), html_plain(f)) for w, t, f in one.answers] == [
        (1.0, "Right ~ = # { } : \\ one", "Yes ~ = # { } :"),
        (0.0, "Wrong ]]> & < > one", "No ~ = # {x}: \\"),
    ]
    # The citation reads as text: its link leads somewhere only this program can open.
    assert html_plain(one.general_feedback).startswith(f"Why: {TRICKY}. See [Xu et al., 2021: CD19].")
    assert "source:" not in out.read_text(encoding="utf-8")
    assert one.category == "$course$/Mini // tricky -- course/A small module/Second objective"
    assert [html_plain(t) for _, t, _ in got["mini-002"].answers] == ["A ~ one", "B = two", "C # three", "D {four}"]
    assert html_plain(got["mini-002"].text) == "Choose: all {that} apply."
    assert got["mini-003"].true_false == (False, "No # it is blue.", "Right = blue.")
    assert [(html_plain(a), b) for a, b in got["mini-004"].pairs] == [
        ("Left ~ one", "Right: one = 1"),
        ("Left {two}", "Right # two"),
        ("", "Distractor ~ {three}"),
    ]
    short = got["mini-006"]
    assert html_plain(short.text) == "Fill in the blank. The swap is t(_____) in ALL."
    # Moodle's short answer reads "\*" as a plain star: the author's star is no wildcard.
    assert [a for _, a, _ in short.answers] == ["9;22", "9:22", "a{b}c~d=e#f\\g\\*h"]
    assert got["mini-008"].numbers == [(81.0, 3.0)]
    assert got["mini-009"].numbers == [(15.0, 5.0)]


def test_special_characters_in_moodle_xml_and_cloze(hand_made: Course, tmp_path: Path) -> None:
    out = tmp_path / "mini.xml"
    report = moodle_xml.export(hand_made, out, dict(ALL))
    got = read_moodle(out, report)
    one = got.questions["mini-001"]
    assert html_plain(one.findtext("questiontext/text") or "") == "Pick ~ the = right # one {x} : y \\ z?"
    assert [html_plain(t) for _, t, _ in answers(one)] == ["Right ~ = # { } : \\ one", "Wrong ]]> & < > one"]
    assert got.category_of["mini-001"] == "$course$/Mini // tricky -- course/A small module/Second objective"
    feedback = one.findtext("generalfeedback/text") or ""
    assert html_plain(feedback).startswith(f"Why: {TRICKY}. See [Xu et al., 2021: CD19]. Sources Xu X, Huang S")
    assert "href" not in feedback and "source:" not in got.text

    cloze = got.questions["mini-007"]
    assert cloze.get("type") == "cloze"
    text = cloze.findtext("questiontext/text") or ""
    blanks = cloze_blanks(text)
    assert blanks[0][:2] == ["IL-6", "interleukin 6"] and {"IL6", "IL 6"} <= set(blanks[0])
    assert blanks[1][:2] == ["IFN-γ", "a}b~c#d&e<f"] and "IFN-gamma" in blanks[1]
    # Braces of the text itself are never read as another blank.
    assert len(CLOZE_BLANK.findall(text)) == 2 and "{" not in CLOZE_BLANK.sub("", text)
    assert html_plain(CLOZE_BLANK.sub("_", text)) == "Fill in {the} blanks. _ and _ are cytokines {really}."

    short = got.questions["mini-006"]
    assert [t for _, t, _ in answers(short)] == ["9;22", "9:22", "a{b}c~d=e#f\\g\\*h"]

    # A picture in a stem travels inside the file, as Moodle's own exports carry one.
    numeric = got.questions["mini-008"]
    assert '<img alt="The shapes"' in (numeric.findtext("questiontext/text") or "")
    assert 'src="@@PLUGINFILE@@/shapes.svg"' in (numeric.findtext("questiontext/text") or "")
    (picture,) = numeric.findall("questiontext/file")
    assert picture.get("name") == "shapes.svg" and picture.get("path") == "/"
    assert base64.b64decode(picture.text or "") == (hand_made.root / "diagrams" / "shapes.svg").read_bytes()


def test_diagram_drop_zones_follow_transforms_scaling_and_arcs(hand_made: Course, tmp_path: Path) -> None:
    w = moodle_xml.MoodleWriter(hand_made, paths.assets_dir())
    boxes = w.region_boxes("shapes", ["box", "disc", "arc", "words", "hump", "bump"])
    assert boxes["box"] == (220, 140, 60, 40)  # translate(100,50) then ×2; its label is left out
    assert boxes["disc"] == (40, 40, 40, 40)  # scale(0.5) inside the region, then ×2
    x, y, width, height = boxes["arc"]  # the upper half of a circle of radius 10 at (30, 80)
    assert (x, width) == (40, 40) and y in (139, 140) and height in (20, 21)
    assert isinstance(boxes["words"], str) and "only with text" in boxes["words"]
    # Curves reach only part of the way to their control points: the zone hugs the curve.
    assert boxes["hump"] == (200, 40, 80, 20)
    assert boxes["bump"] == cubic_box([(150, 30), (150, 0), (170, 20), (190, 30)], scale=2)

    report = moodle_xml.export(hand_made, tmp_path / "mini.xml", dict(ALL))
    got = read_moodle(tmp_path / "mini.xml", report)
    marker = got.questions["mini-010"]
    assert marker.get("type") == "ddmarker" and marker.findtext("drop/coords") == "220,140;60,40"
    svg = base64.b64decode(marker.findtext("file") or "").decode("utf-8")
    assert "Box" in svg and 'fill-opacity="0"' in svg, "the label is there but hidden, as while the question is asked"
    words = got.questions["mini-011"]
    assert words.get("type") == "multichoice"
    assert [f for f, _, _ in answers(words)] == [0, 0, 0, 100]
    assert "@@PLUGINFILE@@/diagram.svg" in (words.findtext("questiontext/text") or "")
    assert words.find("questiontext/file") is not None
    as_choice = "written as a multiple choice among the regions' names"
    assert report.skipped == [
        f"mini-011: {as_choice}: region 'words' is drawn only with text, whose size depends on the font",
        f"mini-012: {as_choice}: the box around region 'frame' would also take in much of region 'disc'",
    ]
    # A small region inside a larger one keeps its zone: a marker on it means it.
    assert got.questions["mini-013"].get("type") == "ddmarker"
    assert got.questions["mini-013"].findtext("drop/coords") == "40,40;40,40"


def test_the_command_writes_both_files_and_names_what_gift_left_out(
    hand_made: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(hand_made.root)
    assert main(["export", "moodle-xml", "--course", root, "-o", str(tmp_path / "q.xml")]) == 0
    assert ET.parse(tmp_path / "q.xml").getroot().tag == "quiz"
    assert main(["export", "gift", "--course", root, "-o", str(tmp_path / "q.gift")]) == 0
    captured = capsys.readouterr()
    assert "7 questions in 1 category; 6 left out" in captured.out
    for qid in ("mini-005", "mini-007", "mini-010", "mini-011", "mini-012", "mini-013"):
        assert f"{qid}: " in captured.err
    assert main(["export", "gift", "--course", root, "--track", "family", "-o", str(tmp_path / "none.gift")]) == 1
    assert "nothing to export" in capsys.readouterr().err


def test_an_export_can_be_read_by_others_like_any_file_the_author_shares(tmp_path: Path) -> None:
    import stat

    from desktop_app.core.exchange.moodle_xml import write_atomically

    write_atomically(tmp_path / "quiz.xml", "<quiz/>")
    assert stat.S_IMODE((tmp_path / "quiz.xml").stat().st_mode) == 0o644
