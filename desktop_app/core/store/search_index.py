"""A full-text index of one course (SQLite FTS5, in memory): built from the course's files in
a fraction of a second, so nothing of it is written to the progress file or kept on disk."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from desktop_app.core.errors import KnownError
from desktop_app.core.search.documents import BOTH, QUESTION, SearchDoc

HIT_START, HIT_END = "\x02", "\x03"  # around matched words in a snippet; the GUI turns them into bold
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12
# Sections and pages first when scores are close: a learner looking something up wants the
# lesson, then the term, then a question they met.
# (bm25 is negative, lower is better: a weight above 1 moves a kind up.)
_KIND_WEIGHT = {"section": 1.0, "page": 1.0, "term": 0.8, "question": 0.6}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref: str
    title: str
    where: str
    snippet: str  # plain text, matched words between HIT_START and HIT_END


def match_expression(text: str) -> str | None:
    """The learner's words as an FTS5 query: every word must appear, the last one may be a
    prefix (results while typing). Quoting each word means nothing typed is FTS5 syntax."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) > 1:  # a one-letter prefix would match nearly everything
        quoted[-1] += "*"
    return " ".join(quoted)


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDoc] = ()) -> None:
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            self.conn.execute(
                "CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, ref UNINDEXED, track UNINDEXED, place UNINDEXED, "
                "title, aka, body, tokenize = 'porter unicode61 remove_diacritics 2')"
            )
        except sqlite3.OperationalError as exc:  # a Python built against an SQLite without FTS5
            raise KnownError("Search is not available on this computer.", f"Its SQLite library has no full-text search ({exc}).") from exc
        self.conn.execute("CREATE TABLE met (ref TEXT PRIMARY KEY) WITHOUT ROWID")
        self._met: frozenset[str] = frozenset()
        self.count = 0
        self.add(documents)

    def add(self, documents: Iterable[SearchDoc]) -> None:
        rows = [(d.kind, d.ref, d.track, d.where, d.title, d.aka, d.body) for d in documents]
        with self.conn:
            self.conn.executemany("INSERT INTO docs (kind, ref, track, place, title, aka, body) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self.count += len(rows)

    def _use_met(self, questions_met: Collection[str]) -> None:
        met = frozenset(questions_met)
        if met != self._met:  # the learner answered something new (or another learner searches)
            with self.conn:
                self.conn.execute("DELETE FROM met")
                self.conn.executemany("INSERT INTO met (ref) VALUES (?)", [(qid,) for qid in met])
            self._met = met

    def search(self, text: str, track: str, questions_met: Collection[str] = (), limit: int = 40) -> list[SearchHit]:
        """The best matches for ``text`` in the learner's track, best first: sections, pages and
        terms always, a question only when its id is in ``questions_met``."""
        expression = match_expression(text)
        if expression is None:
            return []
        self._use_met(questions_met)
        kind_weight = " ".join(f"WHEN '{k}' THEN {w}" for k, w in _KIND_WEIGHT.items())
        sql = (
            f"SELECT kind, ref, title, place, snippet(docs, 6, '{HIT_START}', '{HIT_END}', '…', 16) FROM docs "
            f"WHERE docs MATCH ? AND track IN (?, '{BOTH}') AND (kind != '{QUESTION}' OR ref IN (SELECT ref FROM met)) "
            f"ORDER BY bm25(docs, 0, 0, 0, 0, 8.0, 4.0, 1.0) * CASE kind {kind_weight} ELSE 1.0 END LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, [expression, track, limit]).fetchall()
        except sqlite3.OperationalError:
            return []  # cannot happen with quoted words; a search box must never raise
        return [SearchHit(kind, ref, title, place, snippet) for kind, ref, title, place, snippet in rows]

    def close(self) -> None:
        self.conn.close()
