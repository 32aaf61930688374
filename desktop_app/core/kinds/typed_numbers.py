"""A number as a person types it: "about 40", "40%", "40 %", "forty", "1,000", "2,5", "12 days".

Numeric questions grade what a learner means, not how they wrote it: hedging words ("about",
"roughly", "~"), the question's own unit (and its plural or symbol), thousands separators, a
decimal comma and number words up to the thousands are understood. What cannot be read as
one number (a range such as "40-50", two numbers, or a different unit) is not guessed at:
the learner is asked for one number instead.
"""

from __future__ import annotations

import math
import re

MAX_LENGTH = 80

_HEDGES = re.compile(
    r"^(?:about|approximately|approx\.?|around|roughly|nearly|almost|close to|circa|ca\.?|some|~|≈|±)\s*",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$|^[+-]?\.\d+$")

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Units people write for the same thing. Keys are what an author writes in ``unit``.
_UNIT_FORMS = {
    "%": ("%", "percent", "per cent", "pc"),
    "percent": ("%", "percent", "per cent"),
    "days": ("days", "day", "d"),
    "day": ("days", "day", "d"),
    "weeks": ("weeks", "week", "wk", "wks"),
    "months": ("months", "month", "mo", "mos"),
    "years": ("years", "year", "yr", "yrs", "y"),
    "hours": ("hours", "hour", "h", "hr", "hrs"),
    "minutes": ("minutes", "minute", "min", "mins"),
    "°c": ("°c", "c", "degrees", "degrees c", "degrees celsius", "celsius"),
    "mg/kg": ("mg/kg", "mg per kg", "milligrams per kilogram"),
    "patients": ("patients", "patient", "people", "persons"),
}


def unit_forms(unit: str) -> tuple[str, ...]:
    """Every way of writing ``unit`` that is accepted after the number, longest first."""
    key = unit.strip().lower()
    if not key:
        return ()
    forms = set(_UNIT_FORMS.get(key, ()))
    forms.add(key)
    if key.endswith("s") and len(key) > 3:
        forms.add(key[:-1])  # "cells" / "cell"
    elif key.isalpha():
        forms.add(key + "s")
    return tuple(sorted(forms, key=len, reverse=True))


def read_typed_number(text: object, unit: str = "") -> float | None:
    """The one number a learner typed, or None when it is not one number (in this unit)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    s = " ".join(text.replace("\u2212", "-").replace("\u2013", "-").split()).strip().lower()
    s = s.rstrip(".!?").strip()
    while True:  # "about ~40"
        stripped = _HEDGES.sub("", s, count=1)
        if stripped == s:
            break
        s = stripped.strip()
    percent_ok = unit.strip().lower() in ("%", "percent", "")
    for form in (*unit_forms(unit), *(("%", "percent", "per cent") if percent_ok else ())):
        if s.endswith(form) and (len(s) == len(form) or not s[-len(form) - 1].isalpha() or not form[0].isalpha()):
            s = s[: -len(form)].strip()
            break
    if not s:
        return None
    negative = False
    if s.startswith(("minus ", "negative ")):
        negative, s = True, s.split(" ", 1)[1]
    found = _digits(s)
    if found is None:
        found = _words(s)
    if found is None or not math.isfinite(found):
        return None
    return -found if negative else found


def _digits(s: str) -> float | None:
    if not _NUMBER.match(s):
        return None
    body = s.replace("\u00a0", " ").replace("\u202f", " ")
    groups = re.fullmatch(r"[+-]?\d{1,3}(?:([ ,])\d{3})+(?:([.,])\d+)?", body)
    if groups:  # 1,000 or 1 000 (thousands), 1,000.5 or 1 000,5
        sep, dec = groups.group(1), groups.group(2)
        if dec == sep:
            return None  # "1,000,5" is not a number
        # ("2,500" is read as thousands: a decimal comma with exactly three decimals is rarer.)
        integer, _, fraction = body.replace(sep, "").partition(dec or "\0")
        return float(f"{integer}.{fraction}" if dec else integer)
    return float(body.replace(",", ".").replace(" ", ""))


def _words(s: str) -> float | None:
    """English number words: "forty", "forty-five", "one hundred and twenty", "a thousand", "half"."""
    if s in ("half", "a half", "one half"):
        return 0.5
    tokens = [t for t in re.split(r"[\s-]+", s) if t and t != "and"]
    if not tokens or len(tokens) > 12:
        return None
    if tokens[0] == "a" and len(tokens) > 1 and tokens[1] in _SCALES:
        tokens[0] = "one"
    total = current = 0
    seen = False
    for t in tokens:
        if t in _ONES:
            current += _ONES[t]
        elif t in _TENS:
            current += _TENS[t]
        elif t in _SCALES:
            scale = _SCALES[t]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None
