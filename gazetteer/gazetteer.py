"""The ``Gazetteer`` facade: load (or build) the index, look names up, name oblasts."""
from __future__ import annotations

import hashlib
import logging
import math
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gazetteer import cache
from gazetteer.errors import InvalidQuery
from gazetteer.index import Index, build_index
from gazetteer.model import Candidate, Place
from gazetteer.names import key
from gazetteer.regions import region_name
from gazetteer.resolve import Point, rank
from gazetteer.sources import (AliasSource, GeonamesCacheSource, GeonamesDumpSource, KatottgSource,
                               SettlementTableSource, Source)
from gazetteer.sources.aliases import BUILTIN

log = logging.getLogger(__name__)

MAX_NAME = 200
EXACT_ENOUGH = 0.9  # below this best name similarity, loose and fuzzy candidates are looked for too


def default_sources() -> list[Source]:
    """The embedded default plus whatever the user imported or wrote."""
    data = cache.data_dir()
    return [GeonamesCacheSource(), KatottgSource(), SettlementTableSource(), GeonamesDumpSource(data / "geonames"),
            AliasSource(BUILTIN, name="renamed"), AliasSource(data / "aliases.csv")]


class Gazetteer:
    """Places of Ukraine and the Russian border regions, found by any spelling.

    Examples
    --------
    >>> g = Gazetteer.load()                                  # doctest: +SKIP
    >>> g.lookup("Kupyansk", region="Kharkiv")[0].name        # doctest: +SKIP
    'Kupiansk'
    """

    def __init__(self, index: Index, *, sources: Sequence[Source] = (), cache_path: Path | None = None,
                 online: Any = None) -> None:
        self.index = index
        self.sources = list(sources)
        self.cache_path = cache_path
        self.online = online

    @classmethod
    def load(cls, sources: Sequence[Source] | None = None, *, rebuild: bool = False,
             online: Any = None, progress: bool = False) -> Gazetteer:
        """The index of ``sources`` (default: :func:`default_sources`), from cache when fresh.

        Parameters
        ----------
        sources
            Source objects to index; the cache is keyed by their fingerprints.
        rebuild
            Build even when the cache is fresh.
        online
            An :class:`~gazetteer.sources.online.OnlineSource` asked when nothing else matches.
        progress
            Show the progress of a build (the first run after an install or an import) on stderr.
        """
        sources = list(default_sources() if sources is None else sources)
        fingerprint = _fingerprint(sources)
        path = cache.cache_dir() / cache.index_file(s.name for s in sources)
        index = None if rebuild else cache.load_index(path, fingerprint)
        if index is None:
            started = time.perf_counter()
            index = build_index(sources, progress=progress)
            cache.save_index(path, fingerprint, index)
            log.info("gazetteer index built in %.1f s: %s", time.perf_counter() - started, index.counts)
        return cls(index, sources=sources, cache_path=path, online=online)

    def lookup(self, name: str, region: str | None = None, near: Point | None = None, limit: int = 5,
               context: Sequence[Point] = (), fuzzy: bool = True) -> list[Candidate]:
        """Places a name may mean, best first; ``[]`` when nothing matches.

        Parameters
        ----------
        name
            A place name in any spelling or script, inflected Cyrillic included.
        region
            Oblast hint in any spelling ("Kharkov region", "Харківська область").
        near
            A (lat, lon) point the place is expected near.
        limit
            Most candidates returned.
        context
            (lat, lon) points of the other places named in the same text.
        fuzzy
            ``False`` keeps to exact, normalised and lemmatised matches, and loose ones for a
            name nothing else matches (fast path): no spelling that differs beyond the
            systematic Russian/Ukrainian correspondences.

        Examples
        --------
        >>> g.lookup("Купянске")[0].name                   # doctest: +SKIP
        'Kupiansk'
        """
        name_key = _check(name, near, limit, context)
        admin1 = region_name(region) if region else None
        if region and admin1 is None:
            log.debug("region hint %r is not an oblast; ignored", region)
        # Without fuzzy search or context, ranking keeps the order postings are stored in.
        first = None if fuzzy or admin1 or near is not None or context else limit
        hits = self.index.exact(name_key, first=first) or self.index.inflected(name_key)
        weak = max((s for i, (s, _) in hits.items()
                    if admin1 is None or self.index.places.admin1[i] == admin1), default=0.0) < EXACT_ENOUGH
        # The fast path looks loosely only for a name nothing else matched.
        if weak and (fuzzy or not hits):
            for found in (self.index.loose(name_key), self.index.fuzzy(name_key) if fuzzy else {}):
                for i, hit in found.items():
                    if hits.get(i, (0.0, ""))[0] < hit[0]:
                        hits[i] = hit
        found = rank(self.index, hits, region=admin1, near=near, context=context, limit=limit)
        if not found and self.online is not None:
            found = self.online.lookup(name, limit=limit)
        return found

    def region(self, text: str) -> str | None:
        """The English admin1 name ("Kharkiv") of an oblast in any spelling, else ``None``."""
        return region_name(text) if isinstance(text, str) and text.strip() else None

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or ``None``."""
        i = self.index.by_id.get(place_id)
        return None if i is None else self.index.places[i]

    def info(self) -> dict[str, Any]:
        """Sources, counts and cache location."""
        return {
            "sources": [{"name": s.name, "fingerprint": s.fingerprint(),
                         **self.index.counts.get(s.name, {"places": 0, "aliases": 0})}
                        for s in self.sources],
            "places": len(self.index.places), "names": len(self.index.keys),
            "cache": str(self.cache_path) if self.cache_path else None,
            "data_dir": str(cache.data_dir()),
        }


def _fingerprint(sources: Sequence[Source]) -> str:
    parts = [cache.code_version()] + [f"{s.name}={s.fingerprint()}" for s in sources]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def _check(name: Any, near: Any, limit: Any, context: Any) -> str:
    """The key of a usable name; :class:`InvalidQuery` for anything unusable."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidQuery("name is empty")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise InvalidQuery(f"name is longer than {MAX_NAME} characters ({len(name)})")
    # isprintable() is False for every control, format, surrogate and private-use character
    # (and for some spaces), so only those rarer names pay for the per-character check.
    if not name.isprintable() and any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") for c in name):
        raise InvalidQuery("name contains control characters")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InvalidQuery(f"limit must be a positive integer, not {limit!r}")
    for point in ([near] if near is not None else []) + list(context):
        _check_point(point)
    name_key = key(name)
    if not name_key:
        raise InvalidQuery(f"name {name!r} has no letters")
    return name_key


def _check_point(point: Any) -> None:
    try:
        lat, lon = (float(v) for v in point)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int too large for a float
        raise InvalidQuery(f"a point is (lat, lon), not {point!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidQuery(f"point {point!r} is out of range")
