"""Ledger operations that join the store to a claims file or to the gazetteer:
import a file, resolve a claim's place, retry the unresolved claims."""
from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from geo.errors import InputError, InvalidRows
from geo.formats import read_claim_rows
from geo.model import Claim, ClaimFilter
from geo.review import Decision, Reviewed, place_changes
from geo.store import Store

# Below this score the best candidate is a guess (Petrovsk -> Petrivsk, Odesa), not a match.
MIN_SCORE = 0.6
# lookup(name, region=None, near=None) -> candidates best first, as gazetteer.Gazetteer.lookup returns
Lookup = Callable[..., Sequence[Any]]


@dataclasses.dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: claims read, claims new to the store, rows skipped, and the
    rows naming a place the gazetteer could not resolve (stored unresolved)."""

    read: int
    added: int
    skipped: list[InputError]
    unresolved: list[InputError] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True)
class Resolution:
    """A claim after trying to resolve its place; ``problem`` says why it stayed unresolved."""

    claim: Claim
    problem: str | None = None


def import_file(path: str | Path, db: str | Path, *, skip_invalid: bool = False,
                load_lookup: Callable[[], Lookup] | None = None) -> ImportReport:
    """Import a claims file into the database ``db`` in one transaction.

    The file's format is checked before the database is opened. A row whose id is
    stored with other content is a bad row (``id: already stored with different
    content``). All or nothing unless ``skip_invalid``: any bad row raises
    :class:`InvalidRows` listing every bad row, and the database is left unchanged (a
    missing one is not created, see :meth:`Store.apply`). A row that names its place only
    in ``place`` (no ``as_written``) is resolved with the lookup ``load_lookup`` returns,
    called when the first such row is read; without it such claims stay unresolved.
    """
    lookup = cached_lookup(load_lookup) if load_lookup is not None else None
    opened: _Opened | None = _open(path, lookup)

    def run(store: Store) -> ImportReport:
        nonlocal opened
        rows, errors, unresolved = opened or _open(path, lookup)  # run again: the file is read again
        opened = None
        lines = array("L")  # the line of each claim given to the store, by position

        def numbered() -> Iterator[Claim]:
            for line, claim in rows:
                lines.append(line)
                yield claim

        def conflict(claim_id: str, position: int) -> None:
            errors.append(InputError("already stored with different content", path=str(path),
                                     line=lines[position], field="id"))

        with store.transaction():  # the conflicts are known once the claims are added
            added = store.add(numbered(), on_conflict=conflict)
            errors.sort(key=lambda error: error.line or 0)
            if errors and not skip_invalid:
                raise InvalidRows(errors, path=str(path))
        return ImportReport(read=len(lines), added=added, skipped=errors, unresolved=unresolved)

    return Store.apply(db, run)


_Opened = tuple[Iterator[tuple[int, Claim]], list[InputError], list[InputError]]


def _open(path: str | Path, lookup: Lookup | None) -> _Opened:
    """The claims of ``path`` with their lines, the list its bad rows go to and the list of
    its places left unresolved; the format is checked here."""
    errors: list[InputError] = []
    unresolved: list[InputError] = []

    def resolve(line: int, claim: Claim) -> Claim:
        resolution = resolve_claim(claim, lookup)
        if resolution.problem:
            unresolved.append(InputError(f"{resolution.problem}; kept unresolved", path=str(path),
                                         line=line, field="place"))
        return resolution.claim

    return read_claim_rows(path, errors=errors, resolve=resolve if lookup else None), errors, unresolved


def cached_lookup(load: Callable[[], Lookup]) -> Lookup:
    """A lookup that loads the gazetteer's (``load()``) on its first call and asks it once
    per distinct name and region hint."""
    loaded: list[Lookup] = []
    cache: dict[tuple[str, str | None], Sequence[Any]] = {}

    def lookup(name: str, region: str | None = None) -> Sequence[Any]:
        key = (name.casefold(), region)
        if key not in cache:
            if not loaded:
                loaded.append(load())
            cache[key] = loaded[0](name, region=region)
        return cache[key]
    return lookup


def resolve_claim(claim: Claim, lookup: Lookup) -> Resolution:
    """The claim with its place set from the top gazetteer candidate for its name and
    region hint, unless there is none, it matches too weakly, or the top two are too close
    to call (then the claim stays unresolved and ``problem`` says why)."""
    best, problem = best_candidate(lookup(claim.as_written, region=claim.region), claim.as_written)
    if best is None:
        return Resolution(claim, problem)
    return Resolution(claim.with_place(place_id=best.id, place=best.name, admin1=best.admin1,
                                       lat=best.lat, lon=best.lon, precision=best.precision))


def best_candidate(candidates: Sequence[Any], name: str) -> tuple[Any | None, str | None]:
    """The candidate a name resolves to, or None and why: no candidate, the best one
    matches too weakly, or the top two are too close to call."""
    if not candidates:
        return None, f"no place named {name!r}"
    best = candidates[0]
    if best.score < MIN_SCORE:
        return None, (f"best match for {name!r} is {best.name} "
                      f"({best.admin1 or best.country}), score {best.score:.2f}, too weak")
    if best.ambiguous:
        names = "; ".join(f"{c.name} ({c.admin1 or c.country})" for c in candidates[:3])
        return None, f"{name!r} is ambiguous: {names}"
    return best, None


def resolve_unresolved(store: Store, lookup: Lookup) -> tuple[int, int]:
    """Retry every unresolved claim in one transaction; return (resolved now, still
    unresolved). Each distinct name and region hint is looked up once."""
    cached = cached_lookup(lambda: lookup)
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
