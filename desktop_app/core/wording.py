"""Counts as people read them: "1 lesson", "2 lessons", "1,200 questions"."""


def counted(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
