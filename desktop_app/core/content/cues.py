"""Cues that let a learner beat a question bank without knowing the subject.

A bank where the right option is usually the longest one measures test-wiseness, not
knowledge. These checks look at a whole bank (or one module's share of it) and report how
often the keyed option stands out by its length, so that ``validate`` can warn the author
and a test can hold the shipped bank to its limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from desktop_app.core.content.problems import Problem
from desktop_app.core.content.records import Source

# The keyed option of a single-choice question may be the strictly longest one in at most
# this share of questions (chance with four options is about 25%).
MAX_LONGEST_SHARE = 0.35
# In multiple response, the longest (or shortest) option may be right at most this much
# more often than a randomly picked option would be.
MAX_MULTI_EXCESS = 0.20
# Below this many questions a share says little: no warning for a module this small.
MIN_QUESTIONS = 6

CATCH_ALL = re.compile(r"\b(all|none|both|neither) of the (above|these|options)\b", re.I)


class ChoiceLike(NamedTuple):
    text: str
    correct: bool


class CueStats(NamedTuple):
    single: int  # single-choice questions
    single_longest: int  # ... whose keyed option is strictly the longest
    multi: int  # multiple-response questions with a strictly longest and shortest option
    multi_longest_right: int
    multi_shortest_right: int
    multi_chance: float  # expected number right if one option were picked at random, summed

    @property
    def longest_share(self) -> float:
        return self.single_longest / self.single if self.single else 0.0

    @property
    def multi_longest_excess(self) -> float:
        return (self.multi_longest_right - self.multi_chance) / self.multi if self.multi else 0.0

    @property
    def multi_shortest_excess(self) -> float:
        return (self.multi_shortest_right - self.multi_chance) / self.multi if self.multi else 0.0


def _strict_extreme(lengths: Sequence[int], pick: Callable[[Sequence[int]], int]) -> int | None:
    value = pick(lengths)
    return lengths.index(value) if lengths.count(value) == 1 else None


def cue_stats(questions: Iterable[tuple[str, Sequence[ChoiceLike]]]) -> CueStats:
    """``questions``: (type, choices) for every choice question of a bank or module."""
    single = single_longest = multi = longest_right = shortest_right = 0
    chance = 0.0
    for qtype, choices in questions:
        lengths = [len(c.text.strip()) for c in choices]
        if len(lengths) < 2:
            continue
        if qtype == "single_choice":
            single += 1
            longest = _strict_extreme(lengths, max)
            single_longest += longest is not None and choices[longest].correct
        elif qtype == "multiple_response":
            longest, shortest = _strict_extreme(lengths, max), _strict_extreme(lengths, min)
            if longest is None or shortest is None:
                continue
            multi += 1
            longest_right += choices[longest].correct
            shortest_right += choices[shortest].correct
            chance += sum(c.correct for c in choices) / len(choices)
    return CueStats(single, single_longest, multi, longest_right, shortest_right, chance)


def cue_messages(stats: CueStats) -> list[str]:
    out = []
    if stats.single >= MIN_QUESTIONS and stats.longest_share > MAX_LONGEST_SHARE:
        out.append(
            f"the right option is the longest one in {stats.single_longest} of {stats.single} single-choice questions "
            f"({stats.longest_share:.0%}; keep it at or below {MAX_LONGEST_SHARE:.0%}): a learner could guess by length"
        )
    if stats.multi >= MIN_QUESTIONS:
        for name, excess, right in (
            ("longest", stats.multi_longest_excess, stats.multi_longest_right),
            ("shortest", stats.multi_shortest_excess, stats.multi_shortest_right),
        ):
            if excess > MAX_MULTI_EXCESS:
                out.append(
                    f"in multiple response the {name} option is right in {right} of {stats.multi} questions, "
                    f"{excess:.0%} more often than chance: a learner could guess by length"
                )
    return out


def source_key_pattern(sources: dict[str, Source]) -> re.Pattern[str] | None:
    """Bare source ids ("xu2021") written in learner-facing text instead of a citation."""
    keys = sorted((s for s in sources if len(s) >= 2), key=len, reverse=True)
    if not keys:
        return None
    # Inside a citation ([@xu2021: ...]) the id is fine; everywhere else it is a key, not a name.
    return re.compile(r"(?<![@\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])")


def bare_source_keys(text: str, pattern: re.Pattern[str] | None) -> list[str]:
    if pattern is None:
        return []
    return sorted({m.group(1) for m in pattern.finditer(text)})


def module_warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message)
