"""A learner's results file (``.ctresults``): what a student hands back to their instructor.

The file is UTF-8 JSON with a documented schema (docs/results-format.md). Version 2, written
since December 2026, puts the checksum first, on a line of its own, over the bytes after it:

    {"checksum":"<SHA-256 of every byte after this line>",
    "format":"car-t-tutor-results","version":2,
     "course": {"id", "version", "title", "modules"},
     "learner": {"key", "name", "identifier", "track"},
     "exported_at": ISO time, "tool": "car-t-tutor X.Y.Z",
     "mastery": [{"objective", "module", "level", "right", "answered"}],
     "reading": [{"module", "section", "seconds", "completed"}],
     "questions": [[question, module, objective], ...],
     "answer_fields": ["question", "try", "score", "time_ms", "confidence", "answered_at", "response"],
     "answers": [[question's index in "questions", try, score, ...], ...]}

An instructor reads a class's files at once: answers as rows (not one object each) and a
checksum over bytes (not over a re-serialised copy) read a file of 860 answers in about a fifth
of the time version 1 took. Version 1 files (answers as objects, the checksum over the canonical
JSON of the rest) are still read.

Nothing else from the machine goes into it: no paths, no other learners, no other courses. The
learner chooses the name shown (and may add an identifier, such as the e-mail address the
school's gradebook knows them by); ``key`` is a random id made once per learner, so that a
second file from the same learner replaces the first in a class report.

A file handed in by someone else is untrusted: ``read_results`` refuses a file that is too
large, not UTF-8, not JSON, nested too deep, of the wrong shape or types, for an unknown format
version, or whose checksum does not match (damaged or edited), naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import re
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app import __version__
from desktop_app.core.errors import KnownError

if TYPE_CHECKING:
    from desktop_app.core.tutor import Tutor

FORMAT = "car-t-tutor-results"
VERSION = 2  # the version written; 1 is still read
SUFFIX = ".ctresults"
ANSWER_FIELDS = ["question", "try", "score", "time_ms", "confidence", "answered_at", "response"]
_SEAL = re.compile(rb'\{"checksum":"([0-9a-f]{64})",\n')
MAX_BYTES = 20 * 2**20
MAX_DEPTH = 12
BIG = 2**53  # integers beyond this are not exact in JSON readers; no field of the format needs them
_VALID_IDS: set[str] = set()  # ids already checked against _ID (strings only)
MAX_ANSWERS = 500_000
MAX_QUESTIONS = 200_000
_ID = re.compile(r"^[A-Za-z0-9._:-]{1,120}$")
LEVELS = ("not started", "learning", "familiar", "mastered")


class ResultsError(KnownError):
    kind = "results"


class Answer(NamedTuple):
    question: str
    module: str
    objective: str
    try_number: int
    score: float
    time_ms: int
    confidence: int | None
    answered_at: float
    response: Any


class Reading(NamedTuple):
    module: str
    section: str
    seconds: float
    completed: bool


class ObjectiveLevel(NamedTuple):
    objective: str
    module: str
    level: str
    right: int
    answered: int


class ModuleInfo(NamedTuple):
    id: str
    title: str
    sections: int


class Results(NamedTuple):
    path: Path | None
    course_id: str
    course_version: str
    course_title: str
    learner_key: str
    learner_name: str
    identifier: str
    track: str
    exported_at: str
    mastery: list[ObjectiveLevel]
    reading: list[Reading]
    answers: list[Answer]
    modules: list[ModuleInfo]

    @property
    def first_tries(self) -> list[Answer]:
        return [a for a in self.answers if a.try_number == 1]


def checksum(body: dict[str, Any]) -> str:
    """Version 1's checksum: over the canonical JSON of every field but the checksum."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(body: dict[str, Any]) -> bytes:
    """The bytes of a version 2 file: the checksum's line, then the body, whose bytes it covers."""
    text = json.dumps({k: v for k, v in body.items() if k != "checksum"}, ensure_ascii=False, separators=(",", ":"))
    rest = (text[1:] + "\n").encode("utf-8")  # the body less its opening brace, which the first line holds
    return b'{"checksum":"' + hashlib.sha256(rest).hexdigest().encode() + b'",\n' + rest


# ---------------------------------------------------------------- writing


def build_results(tutor: Tutor, name: str, identifier: str = "") -> dict[str, Any]:
    """The results of the tutor's learner in the tutor's course, as the file's JSON (less the
    checksum, which ``seal`` adds)."""
    name = " ".join(name.split())[:120] or tutor.learner.name
    identifier = " ".join(identifier.split())[:200]
    key = tutor.results_key()
    modules = {o.id: m.id for m in tutor.course.modules for o in m.objectives}
    levels = tutor.objective_mastery()
    stored = tutor.store.all_answers(tutor.learner.id)
    questions: dict[tuple[str, str, str], int] = {}
    rows = []
    for a in stored:
        where = (str(a["question_id"]), str(a["module_id"]), str(a["objective_id"]))
        index = questions.setdefault(where, len(questions))
        rows.append([index, a["try_number"], a["score"], a["time_ms"], a["confidence"], a["answered_at"], _json(a["response"])])
    return {
        "format": FORMAT,
        "version": VERSION,
        "course": {
            "id": tutor.course.id,
            "version": tutor.course.version,
            "title": tutor.course.title,
            "modules": [{"id": m.id, "title": m.title, "sections": len(m.sections)} for m in tutor.course.modules],
        },
        "learner": {"key": key, "name": name, "identifier": identifier, "track": tutor.track},
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "tool": f"car-t-tutor {__version__}",
        "mastery": [
            {"objective": oid, "module": modules[oid], "level": m.level, "right": m.right, "answered": m.answered}
            for oid, m in levels.items()
        ],
        "reading": [
            {
                "module": r["module_id"],
                "section": r["section_id"],
                "seconds": round(float(r["seconds"] or 0), 1),  # type: ignore[arg-type]
                "completed": bool(r["completed"]),
            }  # type: ignore[arg-type]
            for r in tutor.store.all_reading(tutor.learner.id)
        ],
        "questions": [list(q) for q in questions],
        "answer_fields": ANSWER_FIELDS,
        "answers": rows,
    }


def write_results(tutor: Tutor, path: Path, name: str, identifier: str = "") -> dict[str, Any]:
    from desktop_app.core.exchange.outputs import check_output, course_files, store_files

    check_output(path, [*store_files(tutor.store.path), *course_files(tutor.course.root)])
    body = build_results(tutor, name, identifier)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(seal(body))
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ResultsError(f"The results file could not be written to {path}: {exc.strerror or exc}.", "Choose another folder.") from exc
    return body


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


# ---------------------------------------------------------------- reading someone else's file


def _refuse(path: Path, why: str) -> ResultsError:
    return ResultsError(f"{path.name} is not a results file this report can use: {why}.", "It was left out; the other files were read.")


def _depth(value: Any, limit: int) -> bool:
    """True if ``value`` is nested no deeper than ``limit``: level by level, without recursion,
    looking only into lists and dicts (a class of 500 files holds millions of plain values)."""
    level, depth = [value], 0
    while level:
        if depth > limit:
            return False
        deeper: list[Any] = []
        for v in level:
            children = v.values() if type(v) is dict else v
            deeper.extend(x for x in children if type(x) is dict or type(x) is list)
        level, depth = deeper, depth + 1
    return True


def _s(v: Any, what: str, path: Path, limit: int = 500) -> str:
    if not isinstance(v, str) or len(v) > limit:
        raise _refuse(path, f"'{what}' is not text")
    return v


def _n(v: Any, what: str, path: Path) -> float:
    # type() rather than isinstance: a bool is an int to isinstance, and is not a number here.
    if type(v) is int:
        if -BIG <= v <= BIG:
            return float(v)
    elif type(v) is float and math.isfinite(v):
        return v
    raise _refuse(path, f"'{what}' is not a number")


def read_results(path: Path) -> Results:
    """A results file, checked: the typed fast path for a sound version 2 file, else the careful
    path, which reads every version and names what is wrong."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ResultsError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if len(data) > MAX_BYTES:
        raise _refuse(path, f"it is larger than {MAX_BYTES // 2**20} MB")
    if len(_VALID_IDS) > 100_000:  # a class's files name the same few hundred ids thousands of times
        _VALID_IDS.clear()
    return _fast(data, path) or _careful(data, path)


def _sealed(data: bytes) -> bool:
    """True if ``data`` begins with a version 2 checksum line that matches the bytes after it."""
    line = _SEAL.match(data)
    return line is not None and hashlib.sha256(memoryview(data)[line.end() :]).hexdigest() == line[1].decode()


_decoder: Any = None


def _typed_decoder() -> Any:
    """msgspec decodes and type-checks a version 2 file in C, about ten times faster than json
    and the Python checks (a class of 500 files: seconds to a fraction of one). Made on first
    use: the window's start-up never pays for it."""
    global _decoder
    if _decoder is None:
        from typing import Annotated

        import msgspec

        whole = Annotated[int, msgspec.Meta(ge=-BIG, le=BIG)]
        index = Annotated[int, msgspec.Meta(ge=0)]
        score = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
        plain = None | bool | int | float | str
        response = plain | list[plain]  # every kind's shape (core/grading.py); anything else takes the careful path
        row = tuple[index, whole, score, whole, whole | None, float, response]  # ANSWER_FIELDS, the question as an index
        # Every field is typed so that nothing can nest deeper than the format does; the values
        # are then checked by the same code as on the careful path. A field the format does not
        # have, or anything of another shape, sends the file to the careful path.
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = [
            ("checksum", str),
            ("format", str),
            ("version", int),
            ("course", dict[str, plain | list[dict[str, plain]]]),
            ("learner", dict[str, plain]),
            ("exported_at", plain),
            ("mastery", list[dict[str, plain]]),
            ("reading", list[dict[str, plain]]),
            ("questions", list[tuple[str, str, str]]),
            ("answer_fields", list[str]),
            ("answers", list[row]),
            ("tool", plain, None),
        ]
        V2 = msgspec.defstruct("V2", fields, forbid_unknown_fields=True)
        _decoder = msgspec.json.Decoder(V2), (msgspec.ValidationError, msgspec.DecodeError, RecursionError)
    return _decoder


def _fast(data: bytes, path: Path) -> Results | None:
    """The results of a sound version 2 file; None for anything else (the careful path then
    reads it, and refuses it with the reason if it must)."""
    if not _sealed(data):
        return None
    decoder, failures = _typed_decoder()
    try:
        body = decoder.decode(data)
    except failures:
        return None
    if body.format != FORMAT or body.version != VERSION:
        return None
    raw = {f: getattr(body, f) for f in body.__struct_fields__ if f != "answers"}
    questions = body.questions
    if len(questions) > MAX_QUESTIONS or body.answer_fields != ANSWER_FIELDS or not _VALID_IDS.issuperset(chain.from_iterable(questions)):
        try:
            questions = _questions(raw, path)  # ids not seen before: each checked
        except ResultsError:
            return None
    try:
        answers = [_new(Answer, questions[row[0]] + row[1:]) for row in body.answers]
    except IndexError:  # an answer to a question not in the file's list: the careful path says so
        return None
    try:
        return _assemble(raw, answers, path, nested=False)
    except ResultsError:
        return None


def _careful(data: bytes, path: Path) -> Results:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, "it is not UTF-8 text") from exc
    try:
        raw = json.loads(text)
    except RecursionError as exc:
        raise _refuse(path, "it is nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise _refuse(path, f"it is not complete JSON (damaged or cut short? {exc.msg} at line {exc.lineno})") from exc
    except ValueError as exc:  # e.g. a number too long to convert
        raise _refuse(path, f"it is not readable JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise _refuse(path, "it does not have the shape of a results file")
    if raw.get("format") != FORMAT:
        raise _refuse(path, "it is not a CAR-T Tutor results file")
    version = raw.get("version")
    if version == 2:
        if not _sealed(data):
            raise _refuse(path, "its checksum does not match (the file was damaged or changed after it was saved)")
        raw.pop("checksum")
    elif version == 1:
        claimed = raw.pop("checksum", None)
        try:
            actual = checksum(raw)
        except RecursionError as exc:  # something nested deeper than any field of the format
            raise _refuse(path, "it is nested too deeply") from exc
        if claimed != actual:
            raise _refuse(path, "its checksum does not match (the file was damaged or changed after it was saved)")
    else:
        raise _refuse(path, f"it is in format version {version!r}; this program reads versions 1 and {VERSION} (update it)")
    try:
        rows = raw["answers"]
        if not isinstance(rows, list) or len(rows) > MAX_ANSWERS:
            raise _refuse(path, "its lists are of the wrong kind or too long")
        answers = _answers_v2(_questions(raw, path), rows, path) if version == 2 else _answers_v1(rows, path)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _wrong_field(path, exc) from exc
    return _assemble(raw, answers, path)


def _wrong_field(path: Path, exc: Exception) -> ResultsError:
    return _refuse(path, f"a field is missing or of the wrong type ({type(exc).__name__}: {str(exc)[:60]})")


def _assemble(raw: dict[str, Any], answers: list[Answer], path: Path, nested: bool = True) -> Results:
    """Everything but the answers, checked, and the answers (already checked) with it.
    ``nested``: whether the values may nest deeper than the format (not after typed decoding)."""
    # Nesting is checked for everything but the answers and the question list, each of which
    # has a fixed shape checked on its own.
    if nested and not _depth([v for k, v in raw.items() if k != "answers" and k != "questions"], MAX_DEPTH):
        raise _refuse(path, "it does not have the shape of a results file")
    try:
        course, learner = raw["course"], raw["learner"]
        if not isinstance(course, dict) or not isinstance(learner, dict):
            raise _refuse(path, "it does not have the shape of a results file")
        reading_raw, mastery_raw = raw["reading"], raw["mastery"]
        if not isinstance(reading_raw, list) or not isinstance(mastery_raw, list) or len(answers) > MAX_ANSWERS:
            raise _refuse(path, "its lists are of the wrong kind or too long")
        reading = [
            Reading(
                _known(r["module"], "module", path),
                _known(r["section"], "section", path),
                _n(r["seconds"], "seconds", path),
                bool(r["completed"]),
            )
            for r in reading_raw
        ]
        mastery = [
            ObjectiveLevel(
                _known(m["objective"], "objective", path),
                _known(m["module"], "module", path),
                m["level"] if m["level"] in LEVELS else "not started",
                int(_n(m["right"], "right", path)),
                int(_n(m["answered"], "answered", path)),
            )
            for m in mastery_raw
        ]
        return Results(
            path,
            _id(course["id"], "course id", path),
            _s(course["version"], "course version", path, 40),
            _s(course["title"], "course title", path),
            _id(learner["key"], "learner key", path),
            _s(learner["name"], "learner name", path, 120) or "(no name)",
            _s(learner.get("identifier", ""), "identifier", path, 200),
            learner["track"] if learner.get("track") in ("family", "student") else "student",
            _s(raw["exported_at"], "exported_at", path, 40),
            mastery,
            reading,
            answers,
            [
                ModuleInfo(_id(m["id"], "module", path), _s(m["title"], "module title", path), int(_n(m["sections"], "sections", path)))
                for m in _list(course.get("modules", []), path)
            ],
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _wrong_field(path, exc) from exc


_new = tuple.__new__  # makes an Answer without the Python-level __new__ (a class holds ~450,000)


def _known(v: Any, what: str, path: Path) -> str:
    if v in _VALID_IDS:
        return v  # type: ignore[no-any-return]
    _VALID_IDS.add(_id(v, what, path))
    return v  # type: ignore[no-any-return]


def _response(r: Any, path: Path) -> Any:
    # Every other field is a plain value; a response is the one place a file may nest.
    if (type(r) is list or type(r) is dict) and not _depth(r, MAX_DEPTH):
        raise _refuse(path, "an answer's response is nested too deeply")
    return r


def _answer(q: str, m: str, o: str, t: Any, sc: Any, ms: Any, c: Any, at: Any, r: Any, path: Path) -> Answer:
    """An answer checked field by field, naming what is wrong (the careful path)."""
    return Answer(
        q,
        m,
        o,
        int(_n(t, "try", path)),
        min(1.0, max(0.0, _n(sc, "score", path))),
        int(_n(ms, "time_ms", path)),
        None if c is None else int(_n(c, "confidence", path)),
        _n(at, "answered_at", path),
        _response(r, path),
    )


def _questions(raw: dict[str, Any], path: Path) -> list[tuple[str, str, str]]:
    """A version 2 file's table of (question, module, objective), which its answers index."""
    if raw.get("answer_fields") != ANSWER_FIELDS:
        raise _refuse(path, f"its answers have the fields {str(raw.get('answer_fields'))[:80]}, not {ANSWER_FIELDS}")
    questions = []
    for entry in _list(raw.get("questions"), path, MAX_QUESTIONS):
        if (type(entry) is not list and type(entry) is not tuple) or len(entry) != 3:
            raise _refuse(path, "its list of questions is not of [question, module, objective]")
        questions.append((_known(entry[0], "question", path), _known(entry[1], "module", path), _known(entry[2], "objective", path)))
    return questions


def _answers_v2(questions: list[tuple[str, str, str]], rows: list[Any], path: Path) -> list[Answer]:
    n = len(questions)
    out = []
    for row in rows:
        if type(row) is not list or len(row) != len(ANSWER_FIELDS):
            raise _refuse(path, f"an answer is not a row of the {len(ANSWER_FIELDS)} fields {', '.join(ANSWER_FIELDS)}")
        qi, t, sc, ms, c, at, r = row
        if type(qi) is not int or not 0 <= qi < n:
            raise _refuse(path, "an answer names a question that is not in its list of questions")
        out.append(_answer(*questions[qi], t, sc, ms, c, at, r, path))
    return out


def _answers_v1(rows: list[Any], path: Path) -> list[Answer]:
    """Files from earlier releases: each answer an object, every one checked (the class-sized
    speed is version 2's)."""
    return [
        _answer(
            _known(a["question"], "question", path),
            _known(a["module"], "module", path),
            _known(a["objective"], "objective", path),
            a["try"],
            a["score"],
            a["time_ms"],
            a["confidence"],
            a["answered_at"],
            a.get("response"),
            path,
        )
        for a in rows
    ]


def _list(v: Any, path: Path, limit: int = 10_000) -> list[Any]:
    if not isinstance(v, list) or len(v) > limit:
        raise _refuse(path, "a list in it is of the wrong kind or too long")
    return v


def _id(v: Any, what: str, path: Path) -> str:
    if not isinstance(v, str) or not _ID.match(v):
        raise _refuse(path, f"its {what} is not a valid id")
    return v
