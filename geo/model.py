"""Claims as typed, validated domain objects (DESIGN §3). No I/O here."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from geo.errors import InvalidClaim

MAX_QUOTE = 2000
MAX_SHORT = 300


class Kind(str, Enum):
    """What a claim says happened to a place."""

    CAPTURED = "captured"
    PARTIAL = "partial"
    ENCIRCLED = "encircled"
    CONTESTED = "contested"
    ADVANCE = "advance"
    DENIED = "denied"


class Side(str, Enum):
    """A party to the war, or anyone else (ISW, a foreign ministry, ...)."""

    RU = "RU"
    UA = "UA"
    OTHER = "other"


QUALIFIERS = ("most", "part", "outskirts")
PRECISIONS = ("exact", "hromada", "raion", "oblast")
# Kinds that may carry a qualifier: "most of", "parts of", "on the outskirts of".
QUALIFIED_KINDS = (Kind.PARTIAL, Kind.CONTESTED, Kind.ADVANCE)

FIELDS = (
    "id", "place_id", "place", "admin1", "lat", "lon", "as_written", "kind", "percent",
    "qualifier", "claimant", "claimant_side", "controller_side", "claim_date", "claim_until",
    "published", "source", "url", "quote", "precision", "group", "denies", "region", "confidence",
)
REQUIRED = ("as_written", "kind", "claimant", "claimant_side", "claim_date", "source")
_FIELD_SET = frozenset(FIELDS)
TRUSTED_CHANGES = frozenset(("confidence", "group", "denies"))
_WHITESPACE = re.compile(r"\s")
# Text fields, read at once for one check of them all.
_TEXTS_NAMES = ("id", "as_written", "claimant", "source", "url", "quote", "place_id", "place",
                "admin1", "group", "denies", "region")
_TEXTS = operator.attrgetter(*_TEXTS_NAMES)


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    """One claim about one settlement, as a source reported it.

    ``place_id``/``place``/``lat``/``lon`` are empty while the place is unresolved; the
    claim is kept all the same. ``claim_until`` closes a period claim ("from February to
    September 2022"). ``id`` is computed from the article, place as written, kind, date and
    quote, so the same claim from the same article is stored once. ``denies`` is the id of
    the claim a denial answers; ``region`` the region hint the place was (or is to be)
    resolved with. ``confidence`` (0–1) is the extraction model's trust in a claim it
    found; 1 for a claim added by hand, None where it is not known.
    """

    as_written: str
    kind: Kind
    claimant: str
    claimant_side: Side
    claim_date: dt.date
    source: str
    controller_side: Side | None = None
    percent: float | None = None
    qualifier: str | None = None
    claim_until: dt.date | None = None
    published: dt.date | None = None
    url: str | None = None
    quote: str | None = None
    place_id: str | None = None
    place: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    group: str | None = None
    denies: str | None = None
    region: str | None = None
    confidence: float | None = None
    id: str = ""

    def __post_init__(self) -> None:
        _validate(self)
        if not self.id:
            object.__setattr__(self, "id", claim_id(self))

    @property
    def is_resolved(self) -> bool:
        return self.place_id is not None

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The claim as a GeoJSON Feature, the geo interface shapely, geopandas and folium
        read: a Point at (lon, lat), or no geometry while unresolved; the claim fields
        (:meth:`to_dict`) as properties."""
        geometry = None
        if self.lat is not None:
            geometry = {"type": "Point", "coordinates": [self.lon, self.lat]}  # x, y = lon, lat
        return {"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.to_dict()}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with the DESIGN field names, ISO dates and enum values."""
        out = {name: getattr(self, name) for name in FIELDS}
        # _value_ rather than .value: the enum property costs more than the rest of the row
        out["kind"] = self.kind._value_
        out["claimant_side"] = self.claimant_side._value_
        if self.controller_side is not None:
            out["controller_side"] = self.controller_side._value_
        out["claim_date"] = self.claim_date.isoformat()
        if self.claim_until is not None:
            out["claim_until"] = self.claim_until.isoformat()
        if self.published is not None:
            out["published"] = self.published.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        """Build a claim from strings or typed values; raises :class:`InvalidClaim`."""
        if not _FIELD_SET.issuperset(data):
            raise InvalidClaim(sorted(set(data) - _FIELD_SET)[0], "unknown field")
        values = {}
        for name, value in data.items():
            if value.__class__ is str:
                value = value.strip()  # every parser strips text; do it once here
                if value:
                    values[name] = value
            elif value is not None and not (isinstance(value, float) and math.isnan(value)):
                values[name] = value
        for name in REQUIRED:
            if name not in values:
                raise InvalidClaim(name, "missing")
        parsed: dict[str, Any] = {}
        for name, value in values.items():
            parser = _PARSERS.get(name)
            if parser is not None:
                parsed[name] = parser(name, value)
            elif value.__class__ is str:
                parsed[name] = value  # text field, already stripped
            else:
                parsed[name] = _parse_text(name, value)
        if parsed.get("id") is None:
            parsed.pop("id", None)
        return cls(**parsed)

    @classmethod
    def from_trusted(cls, values: Sequence[Any]) -> Claim:
        """A claim from already typed and validated values in :data:`FIELDS` order, id
        included, built without parsing or validation.

        Only for data that was validated when it entered frontline, such as the rows of
        our own database (read back a million at a time); outside input goes through
        :meth:`from_dict` or the constructor.
        """
        claim = object.__new__(cls)
        for name, value in zip(FIELDS, values, strict=True):
            _set_field(claim, name, value)
        return claim

    def with_trusted(self, **changes: Any) -> Claim:
        """The same claim (same id) with new values of fields outside its id that frontline
        made itself and knows valid (:data:`TRUSTED_CHANGES`: the model's confidence, the
        group and denial ids the extraction links), built without validating it again."""
        if not TRUSTED_CHANGES.issuperset(changes):
            raise TypeError(f"{sorted(set(changes) - TRUSTED_CHANGES)[0]} is not one of {', '.join(sorted(TRUSTED_CHANGES))}")
        return Claim.from_trusted([changes[name] if name in changes else getattr(self, name) for name in FIELDS])

    def with_place(self, *, place_id: str, place: str, admin1: str | None, lat: float,
                   lon: float, precision: str) -> Claim:
        """The same claim (same id) with its place resolved."""
        return dataclasses.replace(self, place_id=place_id, place=place, admin1=admin1,
                                   lat=lat, lon=lon, precision=precision)


_set_field = object.__setattr__  # how a frozen dataclass sets its own fields


def claim_id(claim: Claim) -> str:
    """Stable id: hash of the article (URL, else source and date), place as written, kind,
    claim date and quote. The place as written, not the resolved id, so that resolving a
    claim later does not change its identity."""
    article = claim.url or f"{claim.source}|{claim.published or ''}"
    parts = (article, _written_key(claim.as_written), claim.kind.value,
             claim.claim_date.isoformat(), claim.quote or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims a listing, export or map keeps. ``as_of`` keeps, per place and
    claimant side, the latest claim made on or before that date."""

    since: dt.date | None = None
    until: dt.date | None = None
    as_of: dt.date | None = None
    side: Side | None = None
    kind: Kind | None = None
    place: str | None = None
    unresolved: bool = False
    source: str | None = None

    @classmethod
    def of(cls, **values: Any) -> ClaimFilter:
        """A filter from typed values or their text, as a notebook gives them: dates as
        ``date`` or ISO text, ``side`` and ``kind`` as members or their names in any case;
        ``None`` is no condition. Raises :class:`InvalidClaim` naming a bad value."""
        known = {field.name for field in dataclasses.fields(cls)}
        parsed = {}
        for name, value in values.items():
            if name not in known:
                raise InvalidClaim(name, f"unknown filter; use {', '.join(sorted(known))}")
            if value is not None:
                parser = _FILTER_PARSERS.get(name)
                parsed[name] = parser(name, value) if parser else value
        return cls(**parsed)

    def matches(self, claim: Claim) -> bool:
        if self.unresolved and claim.is_resolved:
            return False
        if self.since and claim.claim_date < self.since:
            return False
        if self.until and claim.claim_date > self.until:
            return False
        if self.as_of and claim.claim_date > self.as_of:
            return False
        if self.side and claim.claimant_side is not self.side:
            return False
        if self.kind and claim.kind is not self.kind:
            return False
        if self.source and claim.source.casefold() != self.source.casefold():
            return False
        if self.place:
            wanted = self.place.casefold()
            names = (claim.place_id, claim.place, claim.as_written)
            if not any(n and n.casefold() == wanted for n in names):
                return False
        return True

    def select(self, claims: Iterable[Claim]) -> Iterator[Claim]:
        """The claims this filter keeps; with ``as_of``, the latest per place and claimant
        side, ordered by claim date then id."""
        kept = (claim for claim in claims if self.matches(claim))
        if self.as_of is None:
            return kept
        latest = latest_per_place(kept, self.as_of)
        return iter(sorted(latest, key=lambda claim: (claim.claim_date, claim.id)))


def place_key(claim: Claim) -> str:
    """What makes claims be about one place: the resolved place id, else the name as
    written, case-folded, spaces squeezed."""
    return claim.place_id or _written_key(claim.as_written)


def place_order(claim: Claim) -> tuple[str, dt.date, str]:
    """Claims grouped by place (:func:`place_key`), each place's oldest first."""
    return place_key(claim), claim.claim_date, claim.id


def place_key_of(place_id: str | None, as_written: str) -> str:
    """:func:`place_key` of a claim's two fields (a stored row's, say)."""
    return place_id or _written_key(as_written)


def _written_key(name: str) -> str:
    return " ".join(name.casefold().split())


def latest_per_place(claims: Iterable[Claim], as_of: dt.date) -> Iterator[Claim]:
    """Per place and claimant side, the latest claim made on or before ``as_of``.

    Memory is bounded by the number of places, not of claims.
    """
    latest: dict[tuple[str, Side], Claim] = {}
    for claim in claims:
        if claim.claim_date > as_of:
            continue
        key = (place_key(claim), claim.claimant_side)
        kept = latest.get(key)
        if kept is None or (claim.claim_date, claim.id) >= (kept.claim_date, kept.id):
            latest[key] = claim
    yield from latest.values()


def _validate(c: Claim) -> None:
    if not isinstance(c.kind, Kind):
        raise InvalidClaim("kind", f"must be one of {', '.join(k.value for k in Kind)}")
    for name in ("claimant_side", "controller_side"):
        value = getattr(c, name)
        if value is not None and not isinstance(value, Side):
            raise InvalidClaim(name, "must be one of RU, UA, other")
    if c.controller_side is Side.OTHER:
        raise InvalidClaim("controller_side", "must be RU or UA")
    if c.denies is not None and c.kind is not Kind.DENIED:
        raise InvalidClaim("denies", "only a denied claim answers another claim")
    for name in ("as_written", "claimant", "source"):
        text = getattr(c, name)
        if not isinstance(text, str) or not text.strip():
            raise InvalidClaim(name, "must not be empty")
        if len(text) > MAX_SHORT:
            raise InvalidClaim(name, f"longer than {MAX_SHORT} characters")
    for name in ("place_id", "place", "admin1", "group", "denies", "region", "id"):
        text = getattr(c, name)
        if text is not None and len(text) > MAX_SHORT:
            raise InvalidClaim(name, f"longer than {MAX_SHORT} characters")
    _check_text(c)
    if c.quote is not None and len(c.quote) > MAX_QUOTE:
        raise InvalidClaim("quote", f"longer than {MAX_QUOTE} characters")
    if c.percent is not None:
        if c.kind is not Kind.PARTIAL:
            raise InvalidClaim("percent", "only a partial claim has a percentage")
        if not 0 <= c.percent <= 100 or math.isnan(c.percent):
            raise InvalidClaim("percent", f"{c.percent:g} is not between 0 and 100")
    if c.confidence is not None and not 0 <= c.confidence <= 1:
        raise InvalidClaim("confidence", f"{c.confidence:g} is not between 0 and 1")
    if c.qualifier is not None:
        if c.qualifier not in QUALIFIERS:
            raise InvalidClaim("qualifier", f"must be one of {', '.join(QUALIFIERS)}")
        if c.kind not in QUALIFIED_KINDS:
            raise InvalidClaim("qualifier", f"not allowed for a {c.kind.value} claim")
    for name in ("claim_date", "claim_until", "published"):
        value = getattr(c, name)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise InvalidClaim(name, "must be a date")
    if c.claim_until is not None and c.claim_until < c.claim_date:
        raise InvalidClaim("claim_until", "is before claim_date")
    if c.url is not None:
        parts = urlsplit(c.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or _WHITESPACE.search(c.url):
            raise InvalidClaim("url", f"not a well-formed http(s) URL: {c.url[:80]!r}")
    if (c.lat is None) != (c.lon is None):
        raise InvalidClaim("lat" if c.lat is None else "lon", "lat and lon come together")
    if c.lat is not None and not (-90 <= c.lat <= 90 and -180 <= c.lon <= 180):
        raise InvalidClaim("lon" if -90 <= c.lat <= 90 else "lat", f"({c.lat}, {c.lon}) is not a WGS 84 point")
    if c.precision is not None and c.precision not in PRECISIONS:
        raise InvalidClaim("precision", f"must be one of {', '.join(PRECISIONS)}")


def _check_text(c: Claim) -> None:
    """Refuse a NUL (C code and other programs cut text there) or a lone surrogate (from a
    JSON "\\ud800" escape; no UTF-8 encodes it, so SQLite refuses it) in any text field."""
    texts = _TEXTS(c)
    if _is_text("".join([text for text in texts if isinstance(text, str)])):
        return  # one check of all the fields: a valid claim pays for no more
    for name, text in zip(_TEXTS_NAMES, texts):
        if isinstance(text, str) and not _is_text(text):
            raise InvalidClaim(name, "contains a NUL character" if "\x00" in text
                               else "contains a lone surrogate, which is no valid Unicode text")


def _is_text(text: str) -> bool:
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _parse_text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidClaim(name, f"expected text, got {type(value).__name__}")
    return value.strip()


def _parse_float(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise InvalidClaim(name, "expected a number, got a boolean")
    try:
        number = float(str(value).strip().rstrip("%")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidClaim(name, f"expected a number, got {str(value)[:40]!r}") from None
    except OverflowError:  # an integer too large for a float
        raise InvalidClaim(name, "expected a finite number") from None
    if math.isnan(number) or math.isinf(number):
        raise InvalidClaim(name, "expected a finite number")
    return number


def _parse_date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidClaim(name, f"expected an ISO date, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) > 10 and text[10] in "T ":
            return dt.datetime.fromisoformat(text).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidClaim(name, f"{text[:40]!r} is not a valid ISO date (YYYY-MM-DD)") from None


def _parse_enum(enum: type[Enum]):
    members = {member.value.casefold(): member for member in enum}
    choices = ", ".join(m.value for m in enum)

    def parse(name: str, value: Any) -> Enum:
        if isinstance(value, enum):
            return value
        text = str(value).strip()
        member = members.get(text.casefold())
        if member is None:
            raise InvalidClaim(name, f"{text[:40]!r} is not one of {choices}")
        return member
    return parse


_PARSERS = {
    "kind": _parse_enum(Kind),
    "claimant_side": _parse_enum(Side),
    "controller_side": _parse_enum(Side),
    "percent": _parse_float,
    "confidence": _parse_float,
    "lat": _parse_float,
    "lon": _parse_float,
    "claim_date": _parse_date,
    "claim_until": _parse_date,
    "published": _parse_date,
}

_FILTER_PARSERS = {"since": _parse_date, "until": _parse_date, "as_of": _parse_date,
                   "side": _PARSERS["claimant_side"], "kind": _PARSERS["kind"]}
