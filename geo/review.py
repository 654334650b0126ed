"""Review of claims: an analyst accepts, corrects or rejects what the extractor proposed.

Pure logic here (states, decisions, corrections, the audit diff); :class:`geo.store.Store`
reads and writes them in one transaction per decision.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from geo.errors import InputError
from geo.model import QUALIFIED_KINDS, Claim, Kind

STATUSES = ("proposed", "accepted", "rejected")
DECISIONS = ("accepted", "rejected")
# What listings, exports and maps show unless asked otherwise: all but the rejected.
VISIBLE = ("proposed", "accepted")
# Claim fields a reviewer may correct; a place is corrected through all of PLACE_FIELDS.
CORRECTABLE = ("kind", "percent", "claimant_side", "controller_side", "claim_date")
PLACE_FIELDS = ("place_id", "place", "admin1", "lat", "lon", "precision")


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a claim stands: its status, who decided and when, and how often it changed."""

    status: str = "accepted"
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_note: str | None = None
    revision: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True, slots=True)
class Reviewed:
    """A stored claim with its review state."""

    claim: Claim
    review: ReviewState

    def to_dict(self) -> dict[str, Any]:
        """The claim's DESIGN fields followed by the review fields."""
        return {**self.claim.to_dict(), **self.review.to_dict()}


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's decision on one claim: accept or reject it, with corrections
    (``changes``: field name -> new value, any of CORRECTABLE and PLACE_FIELDS) and a note.
    ``revision`` is the revision the analyst saw; None decides whatever is stored."""

    status: str
    by: str
    note: str | None = None
    changes: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    revision: int | None = None

    def __post_init__(self) -> None:
        if self.status not in DECISIONS:
            raise InputError(f"must be one of {', '.join(DECISIONS)}", field="status")
        if not isinstance(self.by, str) or not self.by.strip():
            raise InputError("must name the reviewer", field="by")
        unknown = sorted(set(self.changes) - set(CORRECTABLE) - set(PLACE_FIELDS))
        if unknown:
            raise InputError(f"cannot be corrected; correct {', '.join(CORRECTABLE)} or the place",
                             field=unknown[0])


def parse_statuses(value: str | None) -> tuple[str, ...]:
    """The statuses a ``--status`` value (or ``status`` query parameter) selects: one
    status, ``any``, or by default all but rejected."""
    if value is None or value == "":
        return VISIBLE
    value = value.strip().lower()
    if value == "any":
        return STATUSES
    if value not in STATUSES:
        raise InputError(f"{value[:40]!r} is not one of {', '.join(STATUSES)}, any", field="status")
    return (value,)


def corrected(claim: Claim, changes: Mapping[str, Any]) -> Claim:
    """The claim with ``changes`` applied, same id, validated again. A new kind drops what
    it cannot carry (a percentage off a partial claim, a qualifier, what a denial denies)."""
    if not changes:
        return claim
    data = claim.to_dict()
    data.update(changes)
    kind = str(data["kind"]).strip().lower()
    if kind != Kind.PARTIAL.value and "percent" not in changes:
        data["percent"] = None
    if kind not in {k.value for k in QUALIFIED_KINDS}:
        data["qualifier"] = None
    if kind != Kind.DENIED.value:
        data["denies"] = None
    return Claim.from_dict(data)


def place_changes(candidates: Sequence[Any], place_id: str | None = None) -> dict[str, Any]:
    """The place fields of the candidate with ``place_id`` (or of the best candidate)."""
    if not candidates:
        raise InputError("the gazetteer knows no place of that name", field="place")
    if place_id is None:
        chosen = candidates[0]
    else:
        chosen = next((c for c in candidates if c.id == place_id), None)
        if chosen is None:
            raise InputError(f"{place_id!r} is not one of the candidates", field="place_id")
    return {"place_id": chosen.id, "place": chosen.name, "admin1": chosen.admin1,
            "lat": chosen.lat, "lon": chosen.lon, "precision": chosen.precision}


def audit_entries(before: Reviewed, after: Reviewed) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every claim field and review field the decision changed;
    the status always, so that every decision is on record."""
    old, new = before.to_dict(), after.to_dict()
    skip = {"revision", "reviewed_at", "reviewed_by"}
    return [(name, old[name], new[name]) for name in new
            if name not in skip and (old[name] != new[name] or name == "status")]


@dataclasses.dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One article of the annotated corpus (bench/corpus): the reviewed sentences as its
    text, the accepted claims as its expectation (a rejected claim's sentence is kept as
    an example of what is no claim)."""

    name: str
    text: str
    expected: dict[str, Any]


def corpus_articles(reviewed: Sequence[Reviewed]) -> list[CorpusArticle]:
    """The reviewed claims that have a sentence, one corpus article per source article."""
    articles: dict[tuple, list[Reviewed]] = {}
    for item in reviewed:
        c = item.claim
        if item.review.status in DECISIONS and item.review.reviewed_by and c.quote:
            articles.setdefault((c.url or "", c.source, c.published), []).append(item)
    out = []
    for number, ((url, source, published), items) in enumerate(articles.items(), start=1):
        sentences = list(dict.fromkeys(item.claim.quote for item in items))
        rejected = sum(item.review.status == "rejected" for item in items)
        expected = {
            "note": f"Reviewed in frontline: {source}{' ' + url if url else ''}; "
                    f"{len(items) - rejected} accepted, {rejected} rejected (no claim).",
            "options": {"published": published.isoformat() if published else None},
            "claims": [_expectation(item.claim) for item in items if item.review.status == "accepted"],
        }
        out.append(CorpusArticle(f"reviewed{number:04d}", "\n\n".join(sentences) + "\n", expected))
    return out


def _expectation(claim: Claim) -> dict[str, Any]:
    """A claim as the corpus's .expected.json writes it (geo.extraction.evaluate)."""
    row = {"place": claim.place or claim.as_written, "admin1": claim.admin1,
           "kind": claim.kind.value, "claimant": claim.claimant,
           "claimant_side": claim.claimant_side.value,
           "controller_side": claim.controller_side and claim.controller_side.value,
           "claim_date": claim.claim_date.isoformat()}
    if not claim.is_resolved:
        row["resolved"] = False
    for name in ("claim_until", "percent", "qualifier"):
        value = claim.to_dict()[name]
        if value is not None:
            row[name] = value
    return row
