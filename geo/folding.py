"""Case-insensitive searches sped up: a lower-cased copy of a pattern, matched without
IGNORECASE on lower-cased text, matches wherever the pattern does (and maybe elsewhere), and
much faster (re tries every branch of an IGNORECASE alternation; otherwise it skips a branch
by its first letter). The pattern itself then decides at those places only."""
from __future__ import annotations

import re
from collections.abc import Iterator

# Text of these characters only: lower-casing them keeps lengths and word characters, and
# re's extra case equivalences ('ſ' ~ 's', 'ᲀ' ~ 'в', 'µ' ~ 'μ') all lie outside them.
_PLAIN = re.compile(r"[\x00-\xb4\xb6-\xff\u0400-\u045f\u0490\u0491\u2000-\u206f]*")
_PIECE = re.compile(r"\\.|\(\?-i:|\(\?P<\w+>|\(\?P=\w+\)|[^\\(]+|\(", re.S)


def lowered(text: str) -> str | None:
    """``text`` lower-cased, offsets kept; None where :func:`superset` patterns may miss matches."""
    return text.lower() if _PLAIN.fullmatch(text) else None


def superset(pattern: re.Pattern) -> re.Pattern:
    """A pattern that matches :func:`lowered` text wherever ``pattern`` matches the text."""
    source = _PIECE.sub(lambda m: m.group(0) if m.group(0)[0] == "\\" or m.group(0).startswith("(?P") else
                        "(?:" if m.group(0) == "(?-i:" else m.group(0).lower(), pattern.pattern)
    return re.compile(source, pattern.flags & ~re.I)


class Folded:
    """A case-insensitive pattern that finds its matches through its :func:`superset`:
    candidates on the lowered text, each confirmed by the pattern where it starts. Same
    matches as the pattern's own ``finditer`` and ``search``, found faster."""

    __slots__ = ("pattern", "low")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.low = superset(pattern)

    def finditer(self, text: str, low: str | None, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """``pattern.finditer(text, pos, endpos)``; ``low`` is :func:`lowered` ``text``."""
        endpos = len(text) if endpos is None else endpos
        if low is None:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        candidate = self.low.search(low, pos, endpos)
        while candidate is not None:
            start = candidate.start()
            m = self.pattern.match(text, start, endpos)
            if m is not None:
                yield m
            candidate = self.low.search(low, m.end() if m is not None and m.end() > start else start + 1, endpos)

    def search(self, text: str, low: str | None, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``pattern.search(text, pos, endpos)``; ``low`` is :func:`lowered` ``text``."""
        return next(self.finditer(text, low, pos, endpos), None)

    def starts(self, text: str, low: str | None, pos: int = 0) -> list[int]:
        """Every position from ``pos`` where the pattern may match, overlapping ones too
        (unconfirmed: the superset's on lowered text). When the pattern is a union of
        others, :func:`matches_at` finds theirs from these alone."""
        pattern, subject = (self.pattern, text) if low is None else (self.low, low)
        found, m = [], pattern.search(subject, pos)
        while m is not None:
            found.append(m.start())
            m = pattern.search(subject, m.start() + 1)
        return found


def matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` when every match of ``pattern`` starts at one of
    ``starts`` (sorted): matches tried there only, none overlapping the one before."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                yield m
                end = max(m.end(), start + 1)
