"""The side a claim says holds or gains its place: the side named in or next to its cue
("captured by Russian forces", "ВСУ отбили"), "the enemy" of the claimant, the side
expelled by "drove ... out of", else the claimant's own."""
from __future__ import annotations

import re

from geo.extraction import lexicon
from geo.extraction.cues import Cue
from geo.model import Kind, Side


def clause_of(clauses: list[tuple[int, int]], position: int) -> int:
    """The index of the clause holding ``position``."""
    return next((i for i, (b, e) in enumerate(clauses) if b <= position < e), len(clauses) - 1)


# "in eastern Ukraine", "a bastion for Kyiv", "forces of Ukraine": a place, not the actor
_LOCATIVE = re.compile(r"(?:\bin|\bof|\bfor|\bfrom|\bв|\bу|\bиз|\bз)\s+(?:\w+(?:ern|ной|ній|ом)\s+)?$", re.I)
_AGENT = re.compile(r"\s*(?:by|to|на сторону|к|до)\s+(?:the\s+)?", re.I)
_UNDER_CONTROL = re.compile(r"under\s+(\w+)\s+control|под\s+контролем\s+(\w+)|під\s+контролем\s+(\w+)", re.I)


def controller(cue: Cue, s_text: str, clauses, claimant_side: Side) -> Side | None:
    """The side the claim of ``cue`` gives the place to; None for fighting and encirclement."""
    if cue.kind in (Kind.ENCIRCLED, Kind.CONTESTED):
        return None
    b, e = clauses[clause_of(clauses, cue.begin)]
    words = [(m.start(), side) for side, pattern in lexicon.SIDE_WORDS for m in pattern.finditer(s_text, b, e)
             if not _LOCATIVE.search(s_text[max(0, m.start() - 30):m.start()])]
    agent = _AGENT.match(s_text[cue.end:e])
    in_cue = [side for pos, side in words if cue.begin <= pos < cue.end]
    enemy = [m.start() for m in lexicon.ENEMY.finditer(s_text, b, e) if m.start() < cue.begin]
    if enemy and claimant_side in (Side.RU, Side.UA) and not [p for p, _ in words if enemy[-1] < p < cue.begin]:
        words.append((enemy[-1], opposite(claimant_side)))
    after = [side for pos, side in words if agent and pos == cue.end + agent.end()]
    before = [side for pos, side in sorted(words) if pos < cue.begin and cue.begin - pos < 120]
    if cue.style == "expel":
        return _expeller(in_cue, before, claimant_side, lexicon.PASSIVE_BEFORE.search(s_text, b, cue.begin) is not None)
    ruled = _UNDER_CONTROL.search(s_text, cue.end, e)
    if cue.kind is Kind.DENIED:
        side = (in_cue or [claimant_side])[0]
    elif cue.style == "modifier" and ruled:
        side = next((s for s, p in lexicon.SIDE_WORDS if p.match(next(g for g in ruled.groups() if g))), claimant_side)
    else:
        side = (in_cue or after or before[-1:] or [claimant_side])[0]
    if cue.style == "inverse":
        side = opposite(side)
    return side if side in (Side.RU, Side.UA) else None


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
