"""The side a claim says holds or gains its place: the side named in or next to its cue
("captured by Russian forces", "ВСУ отбили"), "the enemy" of the claimant, the side
expelled by "drove ... out of", else the claimant's own."""
from __future__ import annotations

import bisect
import math
import re

from geo.extraction import folding, lexicon
from geo.extraction.cues import Cue
from geo.extraction.sentences import window
from geo.model import Kind, Side


def clause_of(clauses: list[tuple[int, int]], position: int) -> int:
    """The index of the clause holding ``position``, else of the last one; ``clauses`` in
    order, each beginning where the one before ends, as a sentence is cut into them. The
    clause holding it is the last to begin at or before it, which bisect finds in C (asked
    for each cue, target and date of a sentence, a scan of them in Python cost 4 times more)."""
    last = bisect.bisect_right(clauses, (position, math.inf)) - 1
    return last if last >= 0 and position < clauses[last][1] else len(clauses) - 1


# "in eastern Ukraine", "a bastion for Kyiv", "forces of Ukraine": a place, not the actor
# (folded: a search of the window before a word, tried once from its end, see folding.ending)
_LOCATIVE = folding.Folded(re.compile(r"(?:\bin|\bof|\bfor|\bfrom|\bв|\bу|\bиз|\bз)\s+(?:\w+(?:ern|ной|ній|ом)\s+)?$", re.I))
_AGENT = re.compile(r"\s*(?:by|to|на сторону|к|до)\s+(?:the\s+)?", re.I)
_UNDER_CONTROL = re.compile(r"under\s+(\w+)\s+control|под\s+контролем\s+(\w+)|під\s+контролем\s+(\w+)", re.I)


def controller(cue: Cue, s_text: str, clauses, claimant_side: Side) -> Side | None:
    """The side the claim of ``cue`` gives the place to; None for fighting and encirclement."""
    if cue.kind in (Kind.ENCIRCLED, Kind.CONTESTED):
        return None
    b, e = clauses[clause_of(clauses, cue.begin)]
    named, enemies = _actors(s_text, b, e)
    words = list(named)
    agent = _AGENT.match(s_text[cue.end:e])
    in_cue = [side for pos, side in words if cue.begin <= pos < cue.end]
    enemy = [pos for pos in enemies if pos < cue.begin]
    if enemy and claimant_side in (Side.RU, Side.UA) and not [p for p, _ in words if enemy[-1] < p < cue.begin]:
        words.append((enemy[-1], opposite(claimant_side)))
    after = [side for pos, side in words if agent and pos == cue.end + agent.end()]
    before = [side for pos, side in sorted(words) if pos < cue.begin and cue.begin - pos < 120]
    if cue.style == "expel":
        return _expeller(in_cue, before, claimant_side, lexicon.PASSIVE_BEFORE.search(s_text, b, cue.begin) is not None)
    ruled = _UNDER_CONTROL.search(s_text, cue.end, e) if cue.style == "modifier" else None
    if cue.kind is Kind.DENIED:
        side = (in_cue or [claimant_side])[0]
    elif ruled:
        side = next((s for s, p in lexicon.SIDE_WORDS if p.match(next(g for g in ruled.groups() if g))), claimant_side)
    else:
        side = (in_cue or after or before[-1:] or [claimant_side])[0]
    if cue.style == "inverse":
        side = opposite(side)
    return side if side in (Side.RU, Side.UA) else None


def _actors(s_text: str, b: int, e: int) -> tuple[tuple[tuple[int, Side], ...], tuple[int, ...]]:
    """Where the clause ``b:e`` names a side as its actor (not as a place: "in eastern
    Ukraine"), with the side, and where it names "the enemy".

    The same for every side a cue is tried with, and for every cue of the clause: the last
    clause's are kept and given again while the same sentence asks (the same string object,
    so the same text; each sentence is a new one, so nothing is kept from sentence to sentence)."""
    last = _LAST_ACTORS[0]
    if last is not None and last[0] is s_text and last[1] == (b, e):
        return last[2]
    low = folding.lowered(s_text)
    words = tuple((m.start(), side) for side, pattern in lexicon.SIDE_WORDS for m in pattern.finditer(s_text, b, e)
                  if not _LOCATIVE.search(*window(s_text, low, max(0, m.start() - 30), m.start())))
    found = words, tuple(m.start() for m in _ENEMY.finditer(s_text, low, b, e))
    _LAST_ACTORS[0] = (s_text, (b, e), found)
    return found


_LAST_ACTORS: list[tuple | None] = [None]  # (sentence, clause, its actors), replaced in one step
_ENEMY = folding.Folded(lexicon.ENEMY)


def _expeller(in_cue: list[Side], before: list[Side], claimant_side: Side, passive: bool) -> Side | None:
    """"drove Russian units out of X": not the side inside the cue; "were pushed out of X":
    not the subject's side; "pushed out of X": the subject's side, else the claimant's."""
    if in_cue:
        return opposite(in_cue[0])
    side = (before[-1:] or [claimant_side])[0]
    side = opposite(side) if passive else side
    return side if side in (Side.RU, Side.UA) else None


def opposite(side: Side) -> Side:
    return {Side.RU: Side.UA, Side.UA: Side.RU}.get(side, side)
