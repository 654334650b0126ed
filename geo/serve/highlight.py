"""Where a claim's place, cue and speaker stand in its sentence, for the review page."""
from __future__ import annotations

import re

from geo.model import Claim

# A Cyrillic or Latin case ending may follow the name as written ("Купянске", "Авдеевку").
_MAX_ENDING = 3


def highlights(claim: Claim) -> list[dict[str, object]]:
    """Spans ``{"begin", "end", "what"}`` (what: place, cue, speaker) of the claim's
    quote, in order and not overlapping; none when the claim has no quote."""
    text = claim.quote or ""
    if not text:
        return []
    from geo.extraction.attribution import claimant_mentions
    from geo.extraction.cues import find_cues
    from geo.extraction.sentences import detect_language

    spans = [_place(text, claim.as_written)]
    lang = detect_language(text)
    spans += [(c.begin, c.end, "cue") for c in find_cues(text, lang) if c.kind is claim.kind][:1]
    spans += [(begin, end, "speaker") for begin, end, _, side in claimant_mentions(text)
              if side is claim.claimant_side][:1]
    kept: list[tuple[int, int, str]] = []
    for begin, end, what in sorted(s for s in spans if s is not None):
        if not kept or begin >= kept[-1][1]:
            kept.append((begin, end, what))
    return [{"begin": b, "end": e, "what": w} for b, e, w in kept]


def _place(text: str, name: str) -> tuple[int, int, str] | None:
    """The name as written, or its stem with a case ending, as a whole word."""
    stem = name if len(name) <= 4 else name[:-1]
    pattern = re.compile(rf"(?<!\w){re.escape(stem)}\w{{0,{_MAX_ENDING}}}(?!\w)", re.I)
    found = pattern.search(text)
    return (found.start(), found.end(), "place") if found else None
