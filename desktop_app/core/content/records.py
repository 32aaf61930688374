"""The plain records a course is made of: sources, modules and their sections, pages, terms."""

# Annotations here are evaluated when the module loads (no "from __future__ import annotations"):
# typing.NamedTuple compiles every annotation written as a string, field by field, and start-up
# defines these records. Names defined later are quoted.

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desktop_app.core.content.problems import Problem

if TYPE_CHECKING:
    from desktop_app.core.questions import Bank


TRACKS = ("family", "student")


SOURCE_KINDS = ("peer-reviewed", "student-paper", "outside")


TAKEAWAYS_ID = "takeaways"


class Source(NamedTuple):
    id: str
    authors: str
    title: str
    venue: str
    year: int
    kind: str
    reliability: str
    sections: tuple[str, ...]

    @property
    def is_review(self) -> bool:
        return self.kind != "outside"

    @property
    def short_name(self) -> str:
        """How learners see the source: "Xu et al., 2021", "Li, 2021", "US Food and Drug Administration, 2017"."""
        first = self.authors.split(";")[0].strip()
        several = ";" in self.authors or "," in first
        surname = first.split(",")[0].strip()
        # "Xu X" -> "Xu": drop trailing initials, but keep an organisation's name whole.
        words = surname.split()
        if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3 and not all(w.isupper() for w in words):
            surname = " ".join(words[:-1])
            return f"{surname} et al., {self.year}" if several else f"{surname}, {self.year}"
        return f"{surname}, {self.year}"


class Objective(NamedTuple):
    id: str
    text: str
    replaces: tuple[str, ...] = ()  # ids this objective had in earlier versions: progress follows


class Section:
    """One '##' section of a lesson. Its text may arrive later: a course from the cache reads
    the texts of all its lessons (megabytes, for a large course) only when one is first needed,
    since the first screen usually comes from the rendered-page cache."""

    __slots__ = ("_markdown", "_plain", "_texts", "id", "line", "title")

    def __init__(
        self,
        id: str,
        title: str,
        markdown: str | None,
        line: int,
        plain_blocks: tuple[str, ...] | None,
        texts: Callable[[], tuple[str, tuple[str, ...]]] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.line = line
        self._markdown = markdown
        self._plain = plain_blocks
        self._texts = texts

    def _load(self) -> None:
        # The search index reads texts on a worker thread while the reader may read one: the
        # fields are set before ``_texts`` is dropped, so a second caller finds them either way.
        texts = self._texts
        if texts is not None:
            self._markdown, self._plain = texts()
            self._texts = None

    @property
    def markdown(self) -> str:
        if self._markdown is None:
            self._load()
        return self._markdown  # type: ignore[return-value]

    @property
    def plain_blocks(self) -> tuple[str, ...]:
        if self._plain is None:
            self._load()
        return self._plain  # type: ignore[return-value]

    @property
    def is_takeaways(self) -> bool:
        return self.id == TAKEAWAYS_ID

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Section):
            return NotImplemented
        return (self.id, self.title, self.line, self.markdown, self.plain_blocks) == (
            other.id,
            other.title,
            other.line,
            other.markdown,
            other.plain_blocks,
        )

    def __hash__(self) -> int:
        return hash((self.id, self.title, self.line))

    def __repr__(self) -> str:
        return f"Section({self.id!r}, {self.title!r}, line {self.line})"


class Module(NamedTuple):
    id: str
    number: int
    title: str
    summary: str
    minutes: int
    objectives: tuple[Objective, ...]
    sources: tuple[str, ...]
    reviewed: dt.date
    sections: tuple[Section, ...]
    path: Path
    replaces: tuple[str, ...] = ()  # ids this module had in earlier versions of the course
    review_by: dt.date | None = None  # when a clinician should look at it again
    plain_title: str = ""  # the title in plain words, for the family track (else ``title``)
    # Sections whose ids changed in this version: (new id, the ids it had before); reading
    # progress follows them.
    section_replaces: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def title_for(self, track: str) -> str:
        return self.plain_title if track == "family" and self.plain_title else self.title

    def due_for_review(self, today: dt.date | None = None) -> bool:
        return self.review_by is not None and self.review_by < (today or dt.date.today())

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


class Page(NamedTuple):
    id: str
    title: str
    tracks: frozenset[str]
    markdown: str
    path: Path


class GlossaryTerm(NamedTuple):
    id: str
    term: str
    aliases: tuple[str, ...]
    plain: str
    technical: str
    modules: tuple[str, ...]


class Course:
    """Everything loaded from one content root, with the problems found on the way.

    The question bank may arrive later: from the cache it is read on first use (``bank_loader``),
    because the reader does not need it and start-up is measured.
    """

    def __init__(self, root: Path, title: str = "Untitled course", version: str = "0") -> None:
        self.root = root
        self.id = ""  # course.yaml's stable id; progress is kept under it
        self.title = title
        self.version = version
        self.modules: list[Module] = []
        self.pages: list[Page] = []
        self.sources: dict[str, Source] = {}
        self._glossary: list[GlossaryTerm] | None = []
        self.glossary_loader: Callable[[], list[GlossaryTerm]] | None = None
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # things an author should fix that do not stop loading
        self.failed_modules: set[str] = set()  # ids of module files that did not load
        self._bank: Bank | None = None
        self.bank_loader: Callable[[], Bank] | None = None
        # The window reads the bank on a worker thread while the learner reads the first lesson;
        # a quiz started meanwhile waits for that read rather than starting a second one.
        self._bank_lock = threading.Lock()
        self.from_cache = False  # read back from the course cache rather than parsed
        self.questions_read = False  # (from the cache) whether its problems include the questions'
        self.content_key = ""  # (from the cache) a fingerprint of every content file: names kept pages

    def __repr__(self) -> str:
        return f"Course({self.title!r}, {len(self.modules)} modules, root={str(self.root)!r})"

    def without_bank(self) -> "Course":
        """A shallow copy holding no question bank: what the course cache stores."""
        copy = Course.__new__(Course)
        copy.__dict__.update(self.__dict__, _bank=None, bank_loader=None, _bank_lock=threading.Lock())
        return copy

    @property
    def glossary(self) -> list[GlossaryTerm]:
        """From the cache the glossary is read when first needed (a term's tooltip, the glossary
        page, search): the first lesson is shown from a kept page without it."""
        if self._glossary is None:
            self._glossary = self.glossary_loader() if self.glossary_loader is not None else []
            self.glossary_loader = None
        return self._glossary

    @glossary.setter
    def glossary(self, value: list[GlossaryTerm]) -> None:
        self._glossary = value
        self.glossary_loader = None

    @property
    def bank_loaded(self) -> bool:
        return self._bank is not None

    @property
    def bank(self) -> "Bank":
        if self._bank is None:
            with self._bank_lock:
                if self._bank is None:
                    self._bank = self.bank_loader() if self.bank_loader is not None else _empty_bank()
                    self.bank_loader = None
        return self._bank

    @bank.setter
    def bank(self, value: "Bank") -> None:
        self._bank = value

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.glossary if t.id == term_id), None)


def _empty_bank() -> "Bank":
    from desktop_app.core.questions import Bank

    return Bank([])
