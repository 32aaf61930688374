"""A learner's results file (``.ctresults``): what a student hands back to their instructor.

The file is UTF-8 JSON with a documented schema (docs/results-format.md):

    {"format": "car-t-tutor-results", "version": 1,
     "course": {"id", "version", "title"},
     "learner": {"key", "name", "identifier", "track"},
     "exported_at": ISO time, "tool": "car-t-tutor X.Y.Z",
     "mastery": [{"objective", "module", "level", "right", "answered"}],
     "reading": [{"module", "section", "seconds", "completed"}],
     "answers": [{"question", "module", "objective", "try", "score", "time_ms", "confidence", "answered_at", "response"}],
     "checksum": SHA-256 of the canonical JSON of everything else}

Nothing else from the machine goes into it: no paths, no other learners, no other courses. The
learner chooses the name shown (and may add an identifier, such as the e-mail address the
school's gradebook knows them by); ``key`` is a random id made once per learner, so that a
second file from the same learner replaces the first in a class report.

A file handed in by someone else is untrusted: ``read_results`` refuses a file that is too
large, not UTF-8, not JSON, nested too deep, of the wrong shape or types, for an unknown format
version, or whose checksum does not match (damaged or edited), naming the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app import __version__
from desktop_app.core.errors import KnownError

if TYPE_CHECKING:
    from desktop_app.core.tutor import Tutor

FORMAT = "car-t-tutor-results"
VERSION = 1
SUFFIX = ".ctresults"
MAX_BYTES = 20 * 2**20
MAX_DEPTH = 12
INF = math.inf
_VALID_IDS: set[str] = set()  # ids already checked against _ID (strings only)
MAX_ANSWERS = 500_000
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
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- writing


def build_results(tutor: Tutor, name: str, identifier: str = "") -> dict[str, Any]:
    """The results of the tutor's learner in the tutor's course, as the file's JSON."""
    name = " ".join(name.split())[:120] or tutor.learner.name
    identifier = " ".join(identifier.split())[:200]
    key = tutor.results_key()
    modules = {o.id: m.id for m in tutor.course.modules for o in m.objectives}
    levels = tutor.objective_mastery()
    body: dict[str, Any] = {
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
        "answers": [
            {
                "question": a["question_id"],
                "module": a["module_id"],
                "objective": a["objective_id"],
                "try": a["try_number"],
                "score": a["score"],
                "time_ms": a["time_ms"],
                "confidence": a["confidence"],
                "answered_at": a["answered_at"],
                "response": _json(a["response"]),
            }
            for a in tutor.store.all_answers(tutor.learner.id)
        ],
    }
    body["checksum"] = checksum(body)
    return body


def write_results(tutor: Tutor, path: Path, name: str, identifier: str = "") -> dict[str, Any]:
    body = build_results(tutor, name, identifier)
    text = json.dumps(body, ensure_ascii=False, indent=1)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
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
    if (type(v) is not int and type(v) is not float) or not math.isfinite(v):
        raise _refuse(path, f"'{what}' is not a number")
    return float(v)


def read_results(path: Path) -> Results:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ResultsError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if len(data) > MAX_BYTES:
        raise _refuse(path, f"it is larger than {MAX_BYTES // 2**20} MB")
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
    # Depth is checked here for everything but the answers (the bulk of the file), whose
    # responses are checked one by one below and whose other fields must be plain values.
    if not isinstance(raw, dict) or not _depth([v for k, v in raw.items() if k != "answers"], MAX_DEPTH):
        raise _refuse(path, "it does not have the shape of a results file")
    if raw.get("format") != FORMAT:
        raise _refuse(path, "it is not a CAR-T Tutor results file")
    if raw.get("version") != VERSION:
        raise _refuse(path, f"it is in format version {raw.get('version')!r}; this program reads version {VERSION} (update it)")
    claimed = raw.pop("checksum", None)
    try:
        actual = checksum(raw)
    except RecursionError as exc:  # something nested deeper than any field of the format
        raise _refuse(path, "it is nested too deeply") from exc
    if claimed != actual:
        raise _refuse(path, "its checksum does not match (the file was damaged or changed after it was saved)")
    try:
        course, learner = raw["course"], raw["learner"]
        if not isinstance(course, dict) or not isinstance(learner, dict):
            raise _refuse(path, "it does not have the shape of a results file")
        answers_raw, reading_raw, mastery_raw = raw["answers"], raw["reading"], raw["mastery"]
        if not all(isinstance(x, list) for x in (answers_raw, reading_raw, mastery_raw)) or len(answers_raw) > MAX_ANSWERS:
            raise _refuse(path, "its lists are of the wrong kind or too long")
        ids = _VALID_IDS  # a class's files name the same few hundred ids thousands of times
        if len(ids) > 100_000:
            ids.clear()

        def known(v: Any, what: str) -> str:
            if v in ids:
                return v
            ids.add(_id(v, what, path))
            return v

        def checked(a: dict[str, Any]) -> Answer:
            return Answer(
                known(a["question"], "question"),
                known(a["module"], "module"),
                known(a["objective"], "objective"),
                int(_n(a["try"], "try", path)),
                min(1.0, max(0.0, _n(a["score"], "score", path))),
                int(_n(a["time_ms"], "time_ms", path)),
                None if a["confidence"] is None else int(_n(a["confidence"], "confidence", path)),
                _n(a["answered_at"], "answered_at", path),
                _response(a.get("response")),
            )

        def _response(r: Any) -> Any:
            # Every other field is a plain value; a response is the one place a file may nest.
            if (type(r) is list or type(r) is dict) and not _depth(r, MAX_DEPTH):
                raise _refuse(path, "an answer's response is nested too deeply")
            return r

        answers = []
        for a in answers_raw:
            # The common case checked inline (a class of 500 holds about 450,000 answers); anything
            # unusual goes through the careful path, which names what is wrong.
            q, m, o, t, sc, ms, c, at = (
                a["question"], a["module"], a["objective"], a["try"], a["score"], a["time_ms"], a["confidence"], a["answered_at"]
            )  # fmt: skip
            r = a.get("response")
            if (
                q in ids and m in ids and o in ids and type(t) is int and type(ms) is int and (c is None or type(c) is int)
                and (type(r) is not list or all(type(x) is not list and type(x) is not dict for x in r)) and type(r) is not dict
                and (type(sc) is float or type(sc) is int) and 0.0 <= sc <= 1.0
                and (type(at) is float or type(at) is int) and -INF < at < INF
            ):  # fmt: skip
                answers.append(Answer(q, m, o, t, float(sc), ms, c, float(at), r))
            else:
                answers.append(checked(a))
        reading = [
            Reading(
                _id(r["module"], "module", path),
                _id(r["section"], "section", path),
                _n(r["seconds"], "seconds", path),
                bool(r["completed"]),
            )
            for r in reading_raw
        ]
        mastery = [
            ObjectiveLevel(
                _id(m["objective"], "objective", path),
                _id(m["module"], "module", path),
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
    except (KeyError, TypeError, AttributeError) as exc:
        raise _refuse(path, f"a field is missing or of the wrong type ({type(exc).__name__}: {str(exc)[:60]})") from exc


def _list(v: Any, path: Path) -> list[Any]:
    if not isinstance(v, list) or len(v) > 10_000:
        raise _refuse(path, "a list in it is of the wrong kind or too long")
    return v


def _id(v: Any, what: str, path: Path) -> str:
    if not isinstance(v, str) or not _ID.match(v):
        raise _refuse(path, f"its {what} is not a valid id")
    return v
