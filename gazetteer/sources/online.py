"""Opt-in online fallback: Nominatim through geopy, rate-limited, answers cached on disk."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gazetteer import http
from gazetteer.errors import SourceUnavailable
from gazetteer.files import atomic_write
from gazetteer.model import Candidate, Place
from gazetteer.names import key
from gazetteer.regions import region_name
from gazetteer.sources.base import Source, files_fingerprint

log = logging.getLogger(__name__)

ONLINE_SCORE = 0.5  # an outside geocoder's answer is a guess for review, never a confident match
COUNTRIES = ("ua", "ru")


class OnlineSource(Source):
    """Nominatim answers for names nothing else knows; every answer is kept in a JSON cache."""

    name = "online"

    def __init__(self, *, cache_path: str | Path, geocode: Callable[..., Any] | None = None,
                 domain: str | None = None, scheme: str = "https", timeout: float = 5.0,
                 min_delay: float = 1.0, error_wait: float = 2.0) -> None:
        self.cache_path = Path(cache_path)
        self._geocode = geocode
        self._options = {"domain": domain, "scheme": scheme, "timeout": timeout}
        self._limits = {"min_delay_seconds": min_delay, "error_wait_seconds": error_wait}

    def fingerprint(self) -> str:
        return files_fingerprint([self.cache_path])

    def places(self) -> Iterator[Place]:
        for rows in self._cache().values():
            yield from (_place(row) for row in rows if _is_place(row))  # a cache of an older frontline may hold others

    def lookup(self, name: str, *, limit: int = 5) -> list[Candidate]:
        """Candidates for ``name`` from the cache, else from Nominatim (then cached)."""
        answers = self._cache()
        k = key(name)
        if k not in answers:
            answers[k] = self._ask(name, limit)
            with atomic_write(self.cache_path) as fh:
                json.dump(answers, fh, ensure_ascii=False)
        return [_candidate(_place(row), name) for row in answers[k] if _is_place(row)][:limit]

    def _ask(self, name: str, limit: int) -> list[dict]:
        from geopy.exc import GeopyError

        try:
            found = self.geocode(name, exactly_one=False, limit=limit, country_codes=list(COUNTRIES),
                                 addressdetails=True)
        except GeopyError as exc:
            raise SourceUnavailable(f"online geocoder failed for {name!r}: {exc}") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # geopy could not parse the answer
            raise SourceUnavailable(f"online geocoder gave an unreadable answer for {name!r} "
                                    f"({type(exc).__name__}: {exc}); nothing cached") from None
        rows = [loc.raw for loc in found or ()]
        kept = [row for row in rows if _is_place(row)]
        if len(kept) < len(rows):
            log.warning("online geocoder: %d answer(s) for %r without a usable lat/lon, left out",
                        len(rows) - len(kept), name)
        return kept

    @property
    def geocode(self) -> Callable[..., Any]:
        if self._geocode is None:
            from geopy.extra.rate_limiter import RateLimiter

            self._geocode = RateLimiter(http.nominatim(**self._options).geocode, max_retries=1,
                                        swallow_exceptions=False, **self._limits)
        return self._geocode

    def _cache(self) -> dict[str, list[dict]]:
        try:
            cached = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (ValueError, OSError, RecursionError) as exc:
            log.warning("online cache %s unreadable (%s); starting afresh", self.cache_path, exc)
            return {}
        if not isinstance(cached, dict) or not all(isinstance(rows, list) for rows in cached.values()):
            log.warning("online cache %s is not a cache of answers; starting afresh", self.cache_path)
            return {}
        return cached


def _is_place(row: Any) -> bool:
    """Whether an answer is usable: numeric lat and lon in range, and text that UTF-8 can
    encode (a JSON "\\ud800" is not); the cache keeps only such answers."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except (TypeError, KeyError, ValueError, OverflowError):  # UnicodeEncodeError is a ValueError
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


def _place(row: dict) -> Place:
    address = row.get("address") or {}
    return Place(id=f"osm:{row.get('osm_type', 'node')}/{row.get('osm_id', row.get('place_id'))}",
                 name=row.get("name") or row.get("display_name", "").split(",")[0],
                 lat=float(row["lat"]), lon=float(row["lon"]),
                 country=(address.get("country_code") or "").upper() or "UA", source="online",
                 admin1=region_name(address.get("state") or "") or address.get("state"), names=(row.get("display_name", ""),), raw=row)


def _candidate(place: Place, matched: str) -> Candidate:
    return Candidate(id=place.id, name=place.name, name_uk=None, name_ru=None, lat=place.lat, lon=place.lon,
                     admin1=place.admin1, admin2=None, country=place.country, population=0,
                     score=ONLINE_SCORE, matched=matched, source=place.source, precision="exact")
