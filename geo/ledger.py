"""Ledger operations that join the store to a claims file or to the gazetteer:
import a file, resolve a claim's place, retry the unresolved claims."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from geo.errors import InputError, InvalidRows
from geo.formats import read_claims
from geo.model import Claim, ClaimFilter
from geo.review import Decision, Reviewed, place_changes
from geo.store import Store

# Below this score the best candidate is a guess (Petrovsk -> Petrivsk, Odesa), not a match.
MIN_SCORE = 0.6
# lookup(name, region=None) -> candidates best first, as gazetteer.Gazetteer.lookup returns
Lookup = Callable[..., Sequence[Any]]


@dataclasses.dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: claims read, claims new to the store, rows skipped."""

    read: int
    added: int
    skipped: list[InputError]


@dataclasses.dataclass(frozen=True, slots=True)
class Resolution:
    """A claim after trying to resolve its place; ``problem`` says why it stayed unresolved."""

    claim: Claim
    problem: str | None = None


def import_file(path: str | Path, db: str | Path, *, skip_invalid: bool = False) -> ImportReport:
    """Import a claims file into the database ``db`` in one transaction.

    The file's format is checked before the database is opened. All or nothing unless
    ``skip_invalid``: any bad row raises :class:`InvalidRows` listing every bad row, and
    the database is left unchanged (a database this import created is removed again).
    """
    errors: list[InputError] = []
    claims = read_claims(path, errors=errors)
    read = 0

    def checked() -> Iterator[Claim]:
        nonlocal read
        for claim in claims:
            read += 1
            if not errors or skip_invalid:
                yield claim
        if errors and not skip_invalid:
            raise InvalidRows(errors, path=str(path))

    created = not Path(db).exists()
    try:
        with Store.open(db) as store:
            added = store.add(checked())
    except BaseException:
        if created:
            _remove_database(Path(db))
        raise
    return ImportReport(read=read, added=added, skipped=errors)


def _remove_database(db: Path) -> None:
    """Remove a database file and its WAL companions."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def resolve_claim(claim: Claim, lookup: Lookup) -> Resolution:
    """The claim with its place set from the top gazetteer candidate for its name and
    region hint, unless there is none, it matches too weakly, or the top two are too close
    to call (then the claim stays unresolved and ``problem`` says why)."""
    candidates = lookup(claim.as_written, region=claim.region)
    if not candidates:
        return Resolution(claim, f"no place named {claim.as_written!r}")
    best = candidates[0]
    if best.score < MIN_SCORE:
        return Resolution(claim, f"best match for {claim.as_written!r} is {best.name} "
                                 f"({best.admin1 or best.country}), score {best.score:.2f}, too weak")
    if best.ambiguous:
        names = "; ".join(f"{c.name} ({c.admin1 or c.country})" for c in candidates[:3])
        return Resolution(claim, f"{claim.as_written!r} is ambiguous: {names}")
    return Resolution(claim.with_place(place_id=best.id, place=best.name, admin1=best.admin1,
                                       lat=best.lat, lon=best.lon, precision=best.precision))


def resolve_unresolved(store: Store, lookup: Lookup) -> tuple[int, int]:
    """Retry every unresolved claim in one transaction; return (resolved now, still
    unresolved). Each distinct name and region hint is looked up once."""
    cache: dict[tuple[str, str | None], Sequence[Any]] = {}

    def cached(name: str, region: str | None = None) -> Sequence[Any]:
        key = (name.casefold(), region)
        if key not in cache:
            cache[key] = lookup(name, region=region)
        return cache[key]

    results = [resolve_claim(claim, cached) for claim in store.query(ClaimFilter(unresolved=True))]
    resolved = [r.claim for r in results if r.problem is None]
    store.replace_places(resolved)
    return len(resolved), len(results) - len(resolved)


def review_claim(store: Store, claim_id: str, decision: Decision, *, lookup: Lookup | None = None,
                 place: str | None = None, place_id: str | None = None) -> Reviewed:
    """Apply an analyst's decision; a corrected place is ``place_id`` among the
    gazetteer's candidates for the claim's name (or for ``place``), else the best
    candidate for ``place``."""
    if place is None and place_id is None:
        return store.review(claim_id, decision)
    if lookup is None:
        raise ValueError("correcting the place needs the gazetteer's lookup")
    claim = store.get(claim_id).claim
    candidates = lookup(place or claim.as_written, region=claim.region)
    changes = {**decision.changes, **place_changes(candidates, place_id)}
    return store.review(claim_id, dataclasses.replace(decision, changes=changes))
