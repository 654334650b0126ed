"""Case-insensitive searches sped up: a lower-cased copy of a pattern, matched without
IGNORECASE on lower-cased text, matches wherever the pattern does (and maybe elsewhere), and
much faster (re tries every branch of an IGNORECASE alternation; otherwise it skips a branch
by its first letter). The pattern itself then decides at those places only."""
from __future__ import annotations

import dataclasses
import re
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Iterator

from geo.extraction import memo

# Text of these characters only: lower-casing them keeps lengths and word characters, and
# re's extra case equivalences ('ſ' ~ 's', 'ᲀ' ~ 'в', 'µ' ~ 'μ') all lie outside them.
_PLAIN = re.compile(r"[\x00-\xb4\xb6-\xff\u0400-\u045f\u0490\u0491\u2000-\u206f]*")
_PIECE = re.compile(r"\\.|\(\?-?i:|\(\?P<\w+>|\(\?P=\w+\)|[^\\(]+|\(", re.S)


@memo.per_article(maxsize=1024)  # a sentence is searched by several patterns in turn
def lowered(text: str) -> str | None:
    """``text`` lower-cased, offsets kept; None where :func:`superset` patterns may miss matches."""
    return text.lower() if _PLAIN.fullmatch(text) else None


def superset(pattern: re.Pattern) -> re.Pattern:
    """A pattern that matches :func:`lowered` text wherever ``pattern`` matches the text.
    Its long alternations are grouped by first letter, groups leading a branch spread over it
    (:func:`_factored`)."""
    return re.compile(_factored(_lowered_source(pattern.pattern)), pattern.flags & ~re.I)


def _lowered_source(source: str) -> str:
    return _PIECE.sub(lambda m: m.group(0) if m.group(0)[0] == "\\" or m.group(0).startswith("(?P") else
                      "(?:" if m.group(0) in ("(?-i:", "(?i:") else m.group(0).lower(), source)


_WORD_START = r"(?<!\w)"


# An alternation this long is worth grouping by first letter: re tries a group's branches
# one by one at every position, so "a(?:bc|de)|f(?:gh)" skips most of them at once.
_FACTOR_FROM = 6
_QUANTIFIERS = frozenset("?*+{")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def _factored(source: str) -> str:
    """``source`` with every long alternation grouped by the first letter of its branches
    (after spreading the groups that lead them, :func:`_spread`); the same language, so the
    same matches where a match starts (the alternatives' order, so where one ends, may differ)."""
    branches, end = _branches(source, 0)
    if end != len(source):
        raise ValueError(f"unbalanced pattern at {end}: {source[:60]!r}")
    return _join(branches)


def _branches(source: str, i: int) -> tuple[list[str], int]:
    """The branches of the alternation starting at ``i``, up to its closing parenthesis
    (or the end); nested groups already factored, a group leading a branch spread over it
    (:func:`_spread`). Returns them and where it stopped."""
    branches, current, lead = [], [], None
    while i < len(source):
        c = source[i]
        if c == "\\":
            current.append(source[i:i + 2])
            i += 2
        elif c == "[":
            close = source.index("]", i + 2 if source.startswith("[^", i) else i + 1)
            current.append(source[i:close + 1])
            i = close + 1
        elif c == "(":
            header = re.match(r"\((?:\?(?:[:=!]|<[=!]|P<\w+>|[aiLmsux-]+:))?", source[i:]).group(0)
            inner, i = _branches(source, i + len(header))
            i += 1  # the closing parenthesis
            if header == "(?:" and not current and source[i:i + 1] in ("|", ")", ""):
                branches += inner[:-1]  # a group that is a whole branch: its branches are the parent's
                current = [inner[-1]]
            else:
                lead = inner if header == "(?:" and not current else lead
                current.append(header + ("|".join(inner) if header in _LOOKAROUND else _join(inner)) + ")")
        elif c == ")":
            break
        elif c == "|":
            branches += _spread(lead, current)
            current, lead = [], None
            i += 1
        else:
            current.append(c)
            i += 1
    branches += _spread(lead, current)
    return branches, i


# a group of more branches than this leading a branch is not spread over it
_SPREAD_MAX = 8
# what a leading group is not spread over: a capturing group or a back-reference would be repeated
_NOT_SPREAD = re.compile(r"\((?!\?[:=!<])|\(\?P|\\\d")


def _spread(lead: list[str] | None, parts: list[str]) -> list[str]:
    """A branch (its ``parts``) led by a non-capturing group (the branches ``lead``) as the
    branches that group spreads it into ("(?:is|are) held" → "is held", "are held";
    "(?:the )?kremlin" → "the kremlin", "kremlin"): the same language, in branches that
    open with a letter, which :func:`_join` groups by it."""
    branch = "".join(parts)
    if lead is None or len(lead) > _SPREAD_MAX or _NOT_SPREAD.search(branch):
        return [branch]
    optional = parts[1:2] == ["?"] and parts[2:3] not in (["?"], ["+"])
    tail = "".join(parts[2:] if optional else parts[1:])
    if not tail or not optional and parts[1:2] and parts[1] in _QUANTIFIERS:
        return [branch]
    return [first + tail for first in lead] + ([tail] if optional else [])


def _join(branches: list[str]) -> str:
    if len(branches) < _FACTOR_FROM:
        return "|".join(branches)
    by_letter: dict[str, list[str]] = {}
    rest = []
    for branch in branches:
        if branch[:1].isalnum() and branch[1:2] not in _QUANTIFIERS:
            by_letter.setdefault(branch[0], []).append(branch[1:])
        else:
            rest.append(branch)
    return "|".join([first + "(?:" + "|".join(tails) + ")" if len(tails) > 1 else first + tails[0]
                     for first, tails in by_letter.items()] + [_guarded(branch) for branch in rest])


def _guarded(branch: str) -> str:
    """``branch`` behind a look-ahead for the characters it can start with ("(?:the )?kremlin"
    → "(?=[kt])(?:the )?kremlin"): re tests the look-ahead's class at once, where it would
    enter the branch's groups and repeats at every word start. The same language."""
    first = _first_class(branch)
    return branch if first is None else f"(?={first})" + branch


def _first_class(source: str) -> str | None:
    """A character class of every character a match of ``source`` can start with; None when
    it may match empty or no class covers them."""
    try:
        found = _first_items(_sre_parse.parse(source))
    except re.error:  # a reference to a group outside the branch
        return None
    return None if found is None or found[1] else f"[{''.join(sorted(found[0]))}]"


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _first_items(sequence) -> tuple[set[str], bool] | None:
    """Class items (as pattern text) covering every character a parsed pattern (re's own
    parser) can start with, and whether it can match empty; None when no class covers them."""
    items: set[str] = set()
    for op, av in sequence:
        if op in _ZERO_WIDTH:  # asserting only narrows where it starts
            continue
        if op is _sre.LITERAL:
            return items | {re.escape(chr(av))}, False
        if op is _sre.IN:
            found = _class_items(av)
            return None if found is None else (items | found, False)
        if op is _sre.SUBPATTERN:
            parts, empty = [av[3]], False
        elif op is _sre.ATOMIC_GROUP:
            parts, empty = [av], False
        elif op is _sre.BRANCH:
            parts, empty = av[1], False
        elif op in _REPEATS:
            parts, empty = [av[2]], av[0] == 0
        else:
            return None
        for part in parts:
            found = _first_items(part)
            if found is None:
                return None
            items |= found[0]
            empty = empty or found[1]
        if not empty:
            return items, False
    return items, True


def _class_items(items) -> set[str] | None:
    out = set()
    for op, value in items:
        if op is _sre.LITERAL:
            out.add(re.escape(chr(value)))
        elif op is _sre.RANGE:
            out.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is _sre.CATEGORY and value in _CATEGORIES:
            out.add(_CATEGORIES[value])
        else:  # a negated class, \W, ...
            return None
    return out


class Folded:
    """A case-insensitive pattern that finds its matches through its :func:`superset`:
    candidates on the lowered text, each confirmed by the pattern where it starts. Same
    matches as the pattern's own ``finditer`` and ``search``, found faster. What it searches
    with (:class:`_Plan`) is worked out at its first search, so that a process pays only for
    the patterns its articles need (most are of one language)."""

    __slots__ = ("pattern", "_low", "_plan")

    def __init__(self, pattern: re.Pattern, low: re.Pattern | None = None) -> None:
        self.pattern = pattern
        self._low = low  # a superset given, else the pattern's own
        self._plan: _Plan | None = None

    @property
    def plan(self) -> _Plan:
        if self._plan is None:
            self._plan = _Plan.of(self.pattern, self._low)
        return self._plan

    def finditer(self, text: str, low: str | None, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """``pattern.finditer(text, pos, endpos)``; ``low`` is :func:`lowered` ``text``."""
        endpos = len(text) if endpos is None else endpos
        if low is None:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        plan = self._plan or self.plan
        if not plan.may_match(low, pos, endpos):
            return
        m = self._first(plan, text, low, pos, endpos)
        while m is not None:
            yield m
            m = self._first(plan, text, low, m.end() if m.end() > m.start() else m.start() + 1, endpos)

    def search(self, text: str, low: str | None, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``pattern.search(text, pos, endpos)``; ``low`` is :func:`lowered` ``text``."""
        endpos = len(text) if endpos is None else endpos
        if low is None:
            return self.pattern.search(text, pos, endpos)
        plan = self._plan or self.plan
        return self._first(plan, text, low, pos, endpos) if plan.may_match(low, pos, endpos) else None

    def _first(self, plan: _Plan, text: str, low: str, pos: int, endpos: int) -> re.Match | None:
        """The first match from ``pos``: the pattern tried where the superset's candidates start."""
        candidate = plan.find.search(low, pos, endpos)
        while candidate is not None:
            m = self.pattern.match(text, candidate.start(), endpos)
            if m is not None:
                return m
            candidate = plan.find.search(low, candidate.start() + 1, endpos)
        return None

    def starts(self, text: str, low: str | None, pos: int = 0) -> list[int]:
        """Every position from ``pos`` where the pattern may match, overlapping ones too
        (unconfirmed: the superset's on lowered text). When the pattern is a union of
        others, :func:`matches_at` finds theirs from these alone."""
        return _overlapping(self.pattern, text, pos) if low is None else _overlapping(self.plan.find, low, pos)


@dataclasses.dataclass(frozen=True, slots=True)
class _Plan:
    """How a :class:`Folded` pattern is searched on lowered text."""

    low: re.Pattern  # the superset
    find: re.Pattern  # the superset as searched (:func:`_class_led`)
    needles: re.Pattern | None  # strings one of which every match holds (None: no few such)
    end: re.Pattern | None  # for a pattern ending in "$", its :func:`ending`

    @classmethod
    def of(cls, pattern: re.Pattern, low: re.Pattern | None) -> _Plan:
        low = superset(pattern) if low is None else low
        # the end from the lowered source as written: reversed, the branches a superset spreads
        # would each repeat their tails at the start
        end = (ending(re.compile(_lowered_source(pattern.pattern), pattern.flags & ~re.I))
               if pattern.pattern.endswith("$") else None)  # no other pattern has an end to try
        return cls(low, _class_led(low), needles(low), end)

    def may_match(self, low: str, pos: int, endpos: int) -> bool:
        """False where the pattern cannot match ``low[pos:endpos]``: a pattern ending in "$"
        tried once at the end (a search tries every position), or a few strings looked for
        (the superset is tried at every position)."""
        if self.end is not None and self.end.match(low[pos:endpos][::-1]) is None:
            return False
        return self.needles is None or self.needles.search(low, pos, endpos) is not None


# a leading class of more characters than this skips too few positions to pay for itself
_LEADING_MAX = 16


def _class_led(pattern: re.Pattern) -> re.Pattern:
    """For a pattern opening with a word-start test whose matches start with one of a few
    characters, one that matches where it does (one character there) and opens with their
    class: "(?<!\\w)(?:kyiv|orcs)" -> "[ko](?<=(?=(?<!\\w)(?:kyiv|orcs))[ko])". re's search
    runs the word-start test at every position; past a leading class it skips, in one tight
    loop, the positions whose character is not in it. Any other pattern as it is."""
    found = _first_items(_sre_parse.parse(pattern.pattern, pattern.flags)) if pattern.pattern.startswith(_WORD_START) else None
    if (found is None or found[1] or len(found[0]) > _LEADING_MAX
            or any(len(item) > 1 and item[0] != "\\" or item in _CATEGORIES.values() for item in found[0])):
        return pattern  # a range or a category ("\\w") is no few characters
    first = f"[{''.join(sorted(found[0]))}]"
    return re.compile(f"{first}(?<=(?={pattern.pattern}){first})", pattern.flags)


def ending(pattern: re.Pattern) -> re.Pattern | None:
    """For a pattern that ends in ``$``: one that matches the start of the reversed text
    wherever ``pattern`` matches the text (and maybe elsewhere), so that one try tells
    whether a search, which tries every position, can find anything. None for any other
    pattern, or one holding what cannot be reversed (a back-reference, inline flags)."""
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags).data
    if not parsed or parsed[-1] != (_sre.AT, _sre.AT_END) or pattern.flags & re.M:
        return None
    try:
        reversed_source = _reversed(parsed[:-1])
    except ValueError:
        return None
    return re.compile(r"\n?" + reversed_source, pattern.flags)  # "$" also matches before a final newline


def _reversed(sequence) -> str:
    """Pattern text matching the reverse of whatever the parsed ``sequence`` matches, and
    maybe more: its look-arounds and anchors are left out."""
    parts = []
    for op, av in reversed(sequence):
        if op is _sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _sre.ANY:
            parts.append(".")
        elif op is _sre.IN:
            items = _class_items(av)
            if items is None:
                raise ValueError("a class not written back")
            parts.append(f"[{''.join(sorted(items))}]")
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            parts.append(f"(?:{_reversed(av[3])})")
        elif op is _sre.BRANCH:
            parts.append("(?:" + "|".join(map(_reversed, av[1])) + ")")
        elif op in _REPEATS:
            most = "" if av[1] is _sre.MAXREPEAT else av[1]
            parts.append(f"(?:{_reversed(av[2])}){{{av[0]},{most}}}")
        elif op not in _ZERO_WIDTH:
            raise ValueError(f"{op} not reversed")
    return "".join(parts)


def _overlapping(pattern: re.Pattern, text: str, pos: int) -> list[int]:
    """Every position from ``pos`` where ``pattern`` matches ``text``, overlapping ones too."""
    found, m = [], pattern.search(text, pos)
    while m is not None:
        found.append(m.start())
        m = pattern.search(text, m.start() + 1)
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


# how many leading characters of a match a :class:`PrefixGate` tells its patterns apart by: five
# tell "the ministry" from "the russian ...", where three ("the") try each of the ten that may
# open with "the" at every "the"
_PREFIX = 5
# more prefixes than this at once, or a class of more characters, are not followed further
_PREFIXES_MAX = 512
_CLASS_MAX = 64


class PrefixGate:
    """Where each of several patterns may match a sentence, in one pass over its
    :func:`lowered` text, to be confirmed by :func:`matches_at`. Most patterns match at
    word starts only (``(?<!\\w)``) and begin with one of a few strings (the first
    :data:`_PREFIX` characters of their lowered source, :func:`_prefixes`): one look-ahead of all
    those strings finds the word starts where any of them may match, the characters there
    tell which, and each of those is tried there by its :func:`superset` (most fail, and
    the pattern's case-insensitive match costs several times more). The rest (a pattern
    opening with any word, "(?:\\w+ )?rada", or not at a word start) are found by their
    supersets in one alternation."""

    __slots__ = ("patterns", "_gated", "_gate", "_free", "_others", "_needles", "_exact", "_rows", "_supersets")

    def __init__(self, patterns: list[re.Pattern]) -> None:
        self.patterns = patterns
        self._gate: re.Pattern | None = None  # worked out at the first search (see :class:`Folded`)

    def _build(self) -> None:
        patterns = self.patterns
        sources = [_lowered_source(p.pattern) for p in patterns]
        prefixes = [_prefixes(source) if source.startswith(_WORD_START) else frozenset({""}) for source in sources]
        self._gated = [(i, tuple(found)) for i, found in enumerate(prefixes) if "" not in found]
        every = sorted({x for _, found in self._gated for x in found})
        self._gate = re.compile(f"{_WORD_START}(?={_factored('|'.join(map(re.escape, every)))})")
        self._free = [i for i, found in enumerate(prefixes) if "" in found]
        self._others = (re.compile(_factored("|".join(sources[i] for i in self._free))) if self._free else None)
        self._needles = needles(self._others) if self._others is not None else None
        self._exact: re.Pattern | None = None  # all patterns in one, for text lowering may not serve
        # by the first characters where a gated pattern may match: which ones, with their supersets
        # (each compiled when its first characters are first met: most never are in a process)
        self._rows: dict[str, tuple[tuple[int, re.Pattern], ...]] = {}
        self._supersets: dict[int, re.Pattern] = {}

    def _superset(self, i: int) -> re.Pattern:
        if i not in self._supersets:
            self._supersets[i] = superset(self.patterns[i])
        return self._supersets[i]

    def starts(self, text: str, low: str | None, pos: int = 0) -> dict[int, list[int]]:
        """For each pattern (by index) that may match ``text`` from ``pos``, the sorted
        positions where it may start (where its superset matches; the pattern itself is not
        tried); ``low`` is :func:`lowered` ``text``."""
        if self._gate is None:
            self._build()
        if low is None:
            if self._exact is None:
                self._exact = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in self.patterns))
            starts = _overlapping(self._exact, text, pos)
            return dict.fromkeys(range(len(self.patterns)), starts) if starts else {}
        found: dict[int, list[int]] = {}
        for m in self._gate.finditer(low, pos):
            at = m.start()
            window = low[at:at + _PREFIX]
            rows = self._rows.get(window)
            if rows is None:
                rows = self._rows[window] = tuple((i, self._superset(i)) for i, begins in self._gated
                                                  if window.startswith(begins))
            for row, low_pattern in rows:
                if low_pattern.match(low, at):
                    found.setdefault(row, []).append(at)
        starts = (_overlapping(self._others, low, pos)
                  if self._others is not None and (self._needles is None or self._needles.search(low, pos)) else None)
        for row in self._free if starts else ():
            found[row] = starts
        return dict(sorted(found.items()))


# a search for more needles than this is hardly faster than the search it would spare
_NEEDLES_MAX = 16


def needles(pattern: re.Pattern) -> re.Pattern | None:
    """A pattern of strings one of which every match of ``pattern`` holds (a case-sensitive
    pattern, such as a :func:`superset`): where it finds none, ``pattern`` has no match, and
    it looks for a few strings, where ``pattern`` is tried at every position. None where no
    few such strings are found."""
    if pattern.flags & re.I:
        return None
    found = _held(_sre_parse.parse(pattern.pattern, pattern.flags))
    return None if found is None or len(found) > _NEEDLES_MAX else re.compile("|".join(map(re.escape, sorted(found))))


def _held(sequence) -> set[str] | None:
    """Strings one of which every match of a parsed ``sequence`` holds: a run of its literals,
    or one of what each branch of a group holds, whichever set's shortest string is longest;
    None where nothing is sure to be held."""
    best, run = None, ""
    for op, av in sequence:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if op in _ZERO_WIDTH:  # asserting consumes nothing: the literals around it stand together
            continue
        best, run = _surer(best, {run} if run else None), ""
        if op is _sre.SUBPATTERN:
            found = None if av[1] & re.I else _held(av[3])
        elif op is _sre.BRANCH:
            parts = [_held(branch) for branch in av[1]]
            found = None if None in parts else set().union(*parts)
        elif op in _REPEATS and av[0] >= 1:
            found = _held(av[2])
        else:
            found = None
        best = _surer(best, found)
    return _surer(best, {run} if run else None)


def _surer(one: set[str] | None, other: set[str] | None) -> set[str] | None:
    """Of two sets of needles the one less often found: its shortest string the longer, then the fewer."""
    if one is None or other is None:
        return other if one is None else one
    return min(one, other, key=lambda found: (-min(map(len, found)), len(found)))


def _prefixes(source: str) -> frozenset[str]:
    """Strings of up to :data:`_PREFIX` characters, one of which every match of the pattern
    ``source`` (a lowered one, matched on lowered text) begins with; shorter where re's
    parse of it cannot be followed further ("" for "(?:\\w+ )?rada")."""
    done: set[str] = set()
    done |= _continued(_sre_parse.parse(source), {""}, done)
    return frozenset(done)


def _continued(sequence, begun: set[str], done: set[str]) -> set[str]:
    """The prefixes ``begun`` continued through a parsed ``sequence``: those still shorter than
    :data:`_PREFIX` are returned; those long enough, or cut where the sequence cannot be
    followed (a wide class, ``\\w``, a second round of a repeat), are added to ``done``."""
    for op, av in sequence:
        if not begun:
            break
        if op in _ZERO_WIDTH:  # asserting only narrows where it matches
            continue
        if op is _sre.SUBPATTERN:
            begun = _continued(av[3], begun, done)
        elif op is _sre.BRANCH:
            begun = set().union(*(_continued(branch, set(begun), done) for branch in av[1]))
        elif op in _REPEATS:
            once = _continued(av[2], set(begun), done)
            if av[1] != 1:
                done |= once
                once = set()
            begun = (begun | once) if av[0] == 0 else once
        else:
            chars = {chr(av)} if op is _sre.LITERAL else _characters(av) if op is _sre.IN else None
            if chars is None or len(begun) * len(chars) > _PREFIXES_MAX:
                done |= begun
                return set()
            grown = {s + c for s in begun for c in chars}
            done |= {s for s in grown if len(s) >= _PREFIX}
            begun = {s for s in grown if len(s) < _PREFIX}
        if len(begun) > _PREFIXES_MAX:
            done |= begun
            return set()
    return begun


def _characters(items) -> set[str] | None:
    """The characters a parsed class matches in lowered text, when they are few; else None."""
    out: set[str] = set()
    for op, value in items:
        if op is _sre.LITERAL:
            out.add(chr(value))
        elif op is _sre.RANGE and value[1] - value[0] < _CLASS_MAX:
            out.update(map(chr, range(value[0], value[1] + 1)))
        elif op is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT:
            out.update("0123456789")  # the only decimal digits lowered text holds
        else:
            return None
    return out
