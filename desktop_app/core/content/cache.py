"""A cache of the loaded course, so that a normal start does not parse every YAML file again.

The cache holds data, never objects: JSON read back field by field into the course's own
records, each value checked for its type on the way. No content of a cache file can name code
(unlike a pickle, which names the functions it calls), and a damaged, truncated, foreign or
edited file simply fails a check and the course is parsed afresh.

Each content root has its own folder (named by a fingerprint of its resolved path), so two
courses used in turn never evict each other. Inside it, ``course.json`` and ``bank.json`` start
with one header line: a magic word, the format, the content key (a fingerprint of every content
file's path, size and modification time and of the program version) and a checksum of the JSON
that follows. A different key means the course changed: the folder's files are replaced.

The JSON module is already loaded at start-up (the store uses it); msgspec, which would do the
typed decoding for us, costs about 20 ms of imports that nothing else needs (measured).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import __version__
from desktop_app.core.content.problems import Problem
from desktop_app.core.content.records import GlossaryTerm, Module, Objective, Page, Section, Source
from desktop_app.core.digest import fingerprint

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course
    from desktop_app.core.questions import Bank, Question

MAGIC = "car-t-tutor-cache"
FORMAT = "9"  # bump when what is stored changes shape
MAX_CACHE_BYTES = 64 * 2**20  # a cache file larger than this is not one we wrote
CONTENT_SUFFIXES = (".yaml", ".yml", ".md", ".svg", ".png", ".jpg", ".jpeg", ".gif")


class CacheMismatch(ValueError):
    """The file is not a cache this version wrote for this course: rebuild it."""


# ---------------------------------------------------------------- where and which


def course_cache_dir(cache_dir: Path, root: Path) -> Path:
    """The folder for one content root's caches (course, bank, rendered pages)."""
    return cache_dir / "courses" / fingerprint(str(root.resolve()))


def content_key(root: Path, assets: Path) -> str:
    parts = [__version__, FORMAT, str(root.resolve())]
    # An installed pack is written once, by the installer, with a manifest of every file's hash:
    # the manifest (one file) then stands for the whole folder. Anything else (the built-in
    # course, a folder an author is editing) is keyed by every file's size and time.
    manifest = root / "manifest.json"
    if root.parent.name == "courses" and manifest.is_file():
        st = manifest.stat()
        parts.append(f"manifest\0{st.st_size}\0{st.st_mtime_ns}")
        bases: tuple[Path, ...] = (assets / "diagrams",)
    else:
        bases = (root, assets / "diagrams")
    for base in bases:
        if not base.is_dir():
            continue
        # os.walk does not follow links to folders, so a link loop in a pack cannot hang this.
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(CONTENT_SUFFIXES):
                    continue
                path = Path(folder, name)
                try:
                    st = path.stat()
                except OSError:
                    continue
                parts.append(f"{path.relative_to(base)}\0{st.st_size}\0{st.st_mtime_ns}")
    return fingerprint("\n".join(parts))


# ---------------------------------------------------------------- checked reading of JSON values


def _str(v: Any) -> str:
    if type(v) is not str:
        raise CacheMismatch("text expected")
    return v


def _int(v: Any) -> int:
    if type(v) is not int:
        raise CacheMismatch("whole number expected")
    return v


def _float(v: Any) -> float:
    if type(v) is float or type(v) is int:
        return float(v)
    raise CacheMismatch("number expected")


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise CacheMismatch("true or false expected")
    return v


def _list(v: Any, length: int | None = None) -> list[Any]:
    if type(v) is not list or (length is not None and len(v) != length):
        raise CacheMismatch("list expected")
    return v


_ONLY_TEXT = {str}


def _texts(*values: Any) -> None:
    # One C-level pass instead of a Python call per value: start-up reads a few thousand of them.
    if set(map(type, values)) != _ONLY_TEXT:
        raise CacheMismatch("text expected")


def _strs(v: Any) -> tuple[str, ...]:
    if type(v) is not list or (v and set(map(type, v)) != _ONLY_TEXT):
        raise CacheMismatch("list of text expected")
    return tuple(v)


def _date(v: Any) -> dt.date:
    return dt.date.fromisoformat(_str(v))


def _path(v: Any) -> Path:
    return Path(_str(v))


def _problem(v: Any) -> Problem:
    path, line, message = _list(v, 3)
    return Problem(_str(path), _int(line), _str(message))


def _source(v: Any) -> Source:
    sid, authors, title, venue, year, kind, reliability, sections = _list(v, 8)
    _texts(sid, authors, title, venue, kind, reliability)
    return Source(sid, authors, title, venue, _int(year), kind, reliability, _strs(sections))


def _section(v: Any, texts: Callable[[], tuple[str, tuple[str, ...]]]) -> Section:
    sid, title, line = _list(v, 3)
    _texts(sid, title)
    return Section(sid, title, None, _int(line), None, texts)


def _module(v: Any, texts: _Texts, m: int) -> Module:
    mid, number, title, summary, minutes, objectives, sources, reviewed, sections, path, replaces, review_by, plain_title, renamed = _list(
        v, 14
    )
    return Module(
        _str(mid),
        _int(number),
        _str(title),
        _str(summary),
        _int(minutes),
        tuple(_objective(o) for o in _list(objectives)),
        _strs(sources),
        _date(reviewed),
        tuple(_section(sec, texts.of(m, n)) for n, sec in enumerate(_list(sections))),
        _path(path),
        _strs(replaces),
        None if review_by is None else _date(review_by),
        _str(plain_title),
        tuple((_str(new), _strs(olds)) for new, olds in (_list(pair, 2) for pair in _list(renamed))),
    )


class _Texts:
    """The lesson texts of a cached course, read from ``texts.json`` when the first is needed."""

    def __init__(self, read: Callable[[], Any], parse: Callable[[], Any] | None = None) -> None:
        self.read = read
        self.parse = parse  # when the file is missing or damaged: the lessons parsed afresh
        self.data: list[Any] | None = None
        self.lock = threading.Lock()

    def of(self, m: int, n: int) -> Callable[[], tuple[str, tuple[str, ...]]]:
        def text() -> tuple[str, tuple[str, ...]]:
            with self.lock:  # the reader and the search index's worker thread may both ask first
                if self.data is None:
                    try:
                        data = _list(self.read())
                        found = _entry(data, m, n)
                        self.data = data
                        return found
                    except _UNUSABLE:
                        if self.parse is None:
                            raise
                        self.data = self.parse()
                return _entry(self.data, m, n)

        return text


def _entry(data: list[Any], m: int, n: int) -> tuple[str, tuple[str, ...]]:
    markdown, blocks = _list(_list(data[m])[n], 2)
    return _str(markdown), _strs(blocks)


def _objective(v: Any) -> Objective:
    oid, text, replaces = _list(v, 3)
    _texts(oid, text)
    return Objective(oid, text, _strs(replaces))


def _page(v: Any) -> Page:
    pid, title, tracks, markdown, path = _list(v, 5)
    return Page(_str(pid), _str(title), frozenset(_strs(tracks)), _str(markdown), _path(path))


def _term(v: Any) -> GlossaryTerm:
    tid, term, aliases, plain, technical, modules = _list(v, 6)
    _texts(tid, term, plain, technical)
    return GlossaryTerm(tid, term, _strs(aliases), plain, technical, _strs(modules))


def _plain(value: Any) -> Any:
    """Records to JSON-ready values (NamedTuples become lists; dates and paths become text)."""
    if isinstance(value, (dt.date, Path)):
        return str(value) if isinstance(value, Path) else value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):  # Choice, Pair, SourceRef: their fields in order
        return [_plain(getattr(value, name)) for name in value.__dataclass_fields__]
    return value


# ---------------------------------------------------------------- the course

_COURSE_FIELDS = ("id", "title", "version")


def _module_outline(m: Module) -> list[Any]:
    row = _plain(tuple(m._replace(sections=())))
    row[8] = [[s.id, s.title, s.line] for s in m.sections]
    return row


def encode_texts(course: Course) -> list[Any]:
    return [[[s.markdown, list(s.plain_blocks)] for s in m.sections] for m in course.modules]


def encode_course(course: Course) -> dict[str, Any]:
    return {
        "root": str(course.root),
        **{name: getattr(course, name) for name in _COURSE_FIELDS},
        "modules": [_module_outline(m) for m in course.modules],
        "pages": _plain(course.pages),
        "sources": _plain(list(course.sources.values())),
        "problems": _plain(course.problems),
        "warnings": _plain(course.warnings),
        "failed_modules": sorted(course.failed_modules),
        "questions_read": course.bank_loaded,  # whether the problems above include the questions'
    }


def encode_glossary(course: Course) -> list[Any]:
    return _plain(course.glossary)


def decode_glossary(data: Any) -> list[GlossaryTerm]:
    return [_term(t) for t in _list(data)]


def decode_course(data: Any, root: Path, read_texts: Callable[[], Any], parse_texts: Callable[[], Any] | None = None) -> Course:
    from desktop_app.core.content.records import Course

    if type(data) is not dict or data.get("root") != str(root):
        raise CacheMismatch("not this course")
    course = Course(root)
    for name in _COURSE_FIELDS:
        setattr(course, name, _str(data[name]))
    texts = _Texts(read_texts, parse_texts)
    course.modules = [_module(m, texts, n) for n, m in enumerate(_list(data["modules"]))]
    course.pages = [_page(p) for p in _list(data["pages"])]
    course.sources = {s.id: s for s in (_source(s) for s in _list(data["sources"]))}
    course._glossary = None  # glossary.json, read when first needed: see load_course_cached
    course.problems = [_problem(p) for p in _list(data["problems"])]
    course.warnings = [_problem(p) for p in _list(data["warnings"])]
    course.failed_modules = set(_strs(data["failed_modules"]))
    course.questions_read = _bool(data["questions_read"])
    return course


# ---------------------------------------------------------------- the question bank
#
# Questions are dataclasses of a few field shapes; each shape, named by its annotation, has a
# checked reader. A question type with a field of any other shape fails to encode (a test
# round-trips every type), so nothing unchecked can slip into the cache.


def _choice(v: Any) -> Any:
    from desktop_app.core.questions import Choice

    text, correct, feedback = _list(v, 3)
    return Choice(_str(text), _bool(correct), _str(feedback))


def _pair(v: Any) -> Any:
    from desktop_app.core.questions import Pair

    left, right = _list(v, 2)
    return Pair(_str(left), _str(right))


def _source_ref(v: Any) -> Any:
    from desktop_app.core.questions import SourceRef

    source, section = _list(v, 2)
    return SourceRef(_str(source), _str(section))


FIELD_READERS: dict[str, Callable[[Any], Any]] = {
    "str": _str,
    "int": _int,
    "float": _float,
    "bool": _bool,
    "dt.date": _date,
    "dt.date | None": lambda v: None if v is None else _date(v),
    "frozenset[str]": lambda v: frozenset(_strs(v)),
    "tuple[str, ...]": _strs,
    "tuple[tuple[str, ...], ...]": lambda v: tuple(_strs(x) for x in _list(v)),
    "tuple[Choice, ...]": lambda v: tuple(_choice(x) for x in _list(v)),
    "tuple[Pair, ...]": lambda v: tuple(_pair(x) for x in _list(v)),
    "tuple[SourceRef, ...]": lambda v: tuple(_source_ref(x) for x in _list(v)),
}


def _question_fields(cls: type) -> list[tuple[str, str]]:
    from dataclasses import fields

    return [(f.name, str(f.type)) for f in fields(cls)]


def encode_question(q: Question) -> list[Any]:
    out: list[Any] = [q.type]
    for name, annotation in _question_fields(type(q)):
        if annotation not in FIELD_READERS:
            raise TypeError(f"{type(q).__name__}.{name}: no cache reader for {annotation}")
        out.append(_plain(getattr(q, name)))
    return out


def decode_question(v: Any) -> Question:
    from desktop_app.core.questions import QUESTION_TYPES

    row = _list(v)
    cls = QUESTION_TYPES.get(_str(row[0])) if row else None
    if cls is None:
        raise CacheMismatch("unknown question type")
    names = _question_fields(cls)
    if len(row) != len(names) + 1:
        raise CacheMismatch("wrong number of fields")
    values = {name: FIELD_READERS[annotation](value) for (name, annotation), value in zip(names, row[1:], strict=True)}
    return cls(**values)  # type: ignore[return-value]


def encode_bank(bank: Bank) -> list[Any]:
    return [encode_question(q) for q in bank]


def decode_bank(data: Any) -> Bank:
    from desktop_app.core.questions import Bank

    return Bank(decode_question(q) for q in _list(data))


# ---------------------------------------------------------------- files


def _read(path: Path, key: str) -> Any:
    """The JSON payload of a cache file written for ``key``; CacheMismatch for anything else."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_CACHE_BYTES:
            raise CacheMismatch("too large")
        data = f.read(MAX_CACHE_BYTES + 1)
    header, sep, payload = data.partition(b"\n")
    if not sep:
        raise CacheMismatch("no header")
    fields = header.decode("ascii").split(" ")
    if len(fields) != 4 or fields[0] != MAGIC or fields[1] != FORMAT or fields[2] != key:
        raise CacheMismatch("another version or course")
    if checksum(payload) != fields[3]:
        raise CacheMismatch("damaged")
    return json.loads(payload.decode("utf-8"))


def checksum(payload: bytes) -> str:
    return f"{zlib.crc32(payload):08x}{zlib.adler32(payload):08x}"


def _write(path: Path, key: str, payload: Any) -> None:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(f"{MAGIC} {FORMAT} {key} {checksum(data)}\n".encode("ascii") + data)
    tmp.replace(path)


# Everything a damaged or hostile cache file can raise while being read and checked. (A JSON
# document nested deep enough raises RecursionError from json itself.)
_UNUSABLE = (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError, UnicodeError, MemoryError)


def load_course(root: Path, assets: Path) -> Course:
    # The loader (YAML, Markdown checks, images, XML) is imported only when the cache cannot
    # serve: a warm start needs none of it, and start-up is measured.
    from desktop_app.core.content.loader import load_course as parse

    return parse(root, assets)


def load_course_cached(root: Path, assets: Path, cache_dir: Path | None) -> Course:
    """The course from cache when nothing changed; its question bank is read on first use."""
    if cache_dir is None:
        return load_course(root, assets)
    key = content_key(root, assets)
    folder = course_cache_dir(cache_dir, root)
    course_path, bank_path, texts_path = folder / "course.json", folder / "bank.json", folder / "texts.json"
    glossary_path = folder / "glossary.json"

    def save(bank: Bank | None, course: Course) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if bank is not None:
                _write(bank_path, key, encode_bank(bank))
            if not course.from_cache:
                _write(texts_path, key, encode_texts(course))
                _write(glossary_path, key, encode_glossary(course))
            _write(course_path, key, encode_course(course))
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def parse_bank(course: Course) -> Callable[[], Bank]:
        # The questions, parsed when first needed (for a large course they are most of the work,
        # and the first lesson can be read without them); their problems join the course's.
        def read() -> Bank:
            from desktop_app.core.content.loader import load_questions

            bank = load_questions(course, assets)
            save(bank, course)
            return bank

        return read

    def bank_from_cache() -> Bank:
        try:
            return decode_bank(_read(bank_path, key))
        except _UNUSABLE:
            from desktop_app.core.questions import load_bank

            bank = load_bank(root, cached, assets, [])  # the cache went missing or bad: parse again
            _save_quietly(bank_path, key, encode_bank(bank))
            return bank

    try:

        def parse_texts() -> list[Any]:
            from desktop_app.core.content.loader import load_course as parse

            fresh = encode_texts(parse(root, assets, with_questions=False))
            _save_quietly(texts_path, key, fresh)
            return fresh

        def glossary() -> list[GlossaryTerm]:
            try:
                return decode_glossary(_read(glossary_path, key))
            except _UNUSABLE:  # the file went missing or bad: parse the course's files again
                from desktop_app.core.content.loader import load_course as parse

                terms = parse(root, assets, with_questions=False).glossary
                _save_quietly(glossary_path, key, _plain(terms))
                return terms

        cached = decode_course(_read(course_path, key), root, lambda: _read(texts_path, key), parse_texts)
        cached.glossary_loader = glossary
        cached.from_cache = True
        cached.content_key = key
        cached.bank_loader = bank_from_cache if cached.questions_read else parse_bank(cached)
        return cached
    except _UNUSABLE:
        pass
    from desktop_app.core.content.loader import load_course as parse

    course = parse(root, assets, with_questions=False)
    try:
        # The course changed (or this is a new version): its rendered pages go with the old course.
        for old in folder.glob("pages/*.html"):
            old.unlink(missing_ok=True)
    except OSError:
        pass
    save(None, course)  # the lessons are cached at once; the questions when they have been read
    course.bank_loader = parse_bank(course)
    return course


def _save_quietly(path: Path, key: str, payload: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, key, payload)
    except OSError:
        pass
