"""Reference layers of assessed control: read from files, kept in the store, loaded back.

An "areas" layer holds, per date, the area one side (its ``holder``) holds: GeoJSON
Polygon/MultiPolygon features, unioned into one geometry per date and stored once as WKB.
A "places" layer holds a settlement table: per place and date the holder (RU, UA or
contested), the places resolved through the gazetteer. Each file is read whole before
anything is stored and imported in one transaction: a broken file stores nothing, and a
file imported before (same name and bytes) adds nothing.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape

from geo.errors import ReferenceLayerError
from geo.ledger import Lookup, best_candidate
from geo.model import Side
from geo.store import Store

AREAS, PLACES = "areas", "places"
TABLE_HOLDERS = ("RU", "UA", "contested")
# A date in a file name: 20251120 or 2025-11-20, not inside a longer run of digits.
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})(-?)(\d{2})\2(\d{2})(?!\d)")
_WGS84 = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "CRS84",
          "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG:4326"}
METRES_PER_DEGREE = 111_320.0


@dataclasses.dataclass(frozen=True, slots=True)
class LayerInfo:
    """A stored layer: its kind, holder (None for a settlement table) and dates."""

    name: str
    kind: str
    holder: str | None
    first: dt.date | None
    last: dt.date | None
    days: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "holder": self.holder,
                "first": self.first and self.first.isoformat(),
                "last": self.last and self.last.isoformat(), "days": self.days}


@dataclasses.dataclass(frozen=True, slots=True)
class PlaceState:
    """A settlement table's row: who holds a place from ``date`` on."""

    date: dt.date
    place_id: str
    place: str
    lat: float
    lon: float
    holder: str


@dataclasses.dataclass(frozen=True)
class Reference:
    """A layer loaded for verification. ``dates`` ascend; for an areas layer ``areas[i]``
    is the area ``holder`` holds on ``dates[i]`` (WGS 84, x = lon); for a places layer
    ``places`` maps a place id to its states, oldest first."""

    name: str
    kind: str
    holder: Side | None
    dates: tuple[dt.date, ...]
    areas: tuple[Any, ...] = ()
    places: dict[str, list[PlaceState]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one file did: dates (areas) or rows (table) added, or the error."""

    path: str
    added: int = 0
    already: bool = False
    error: str | None = None


def import_files(store: Store, paths: Iterable[str | Path], *, name: str, holder: Side | None = None,
                 date: dt.date | None = None, lookup: Lookup | None = None,
                 simplify_m: float | None = None) -> Iterator[ImportOutcome]:
    """Import each file into layer ``name``, one transaction per file, yielding one
    outcome per file; a broken file is an outcome with ``error`` and stores nothing.

    ``.csv`` files are settlement tables (``lookup`` resolves their places); anything else
    is GeoJSON. ``holder`` (default RU) is the side an areas layer's polygons belong to;
    ``simplify_m`` simplifies them to that many metres.
    """
    for path in paths:
        try:
            yield _import_one(store, Path(path), name=name, holder=holder, date=date, lookup=lookup,
                              simplify_m=simplify_m)
        except ReferenceLayerError as exc:
            yield ImportOutcome(str(path), error=exc.reason)


def _import_one(store: Store, path: Path, *, name: str, holder: Side | None, date: dt.date | None,
                lookup: Lookup | None, simplify_m: float | None) -> ImportOutcome:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceLayerError(exc.strerror or str(exc), path=str(path)) from None
    kind = PLACES if path.suffix.lower() == ".csv" else AREAS
    layer = store.reference_layer(name)
    if layer is not None and layer[0] != kind:
        raise ReferenceLayerError(f"layer {name!r} holds {layer[0]}, not {kind}", path=str(path))
    if layer is not None and kind == AREAS and holder is not None and layer[1] != holder.value:
        raise ReferenceLayerError(f"layer {name!r} holds the areas of {layer[1]}, not {holder.value}",
                                  path=str(path))
    digest = hashlib.sha256(data).hexdigest()
    if store.reference_imported(name, digest, path.name):
        return ImportOutcome(str(path), already=True)
    if kind == PLACES:
        if lookup is None:
            raise ReferenceLayerError("a settlement table needs the gazetteer to resolve its places", path=str(path))
        rows = read_place_table(data, lookup, date=date, path=str(path))
        store.add_reference(name, PLACES, None, sha256=digest, file=path.name,
                            places=[(r.date, r.place_id, r.place, r.lat, r.lon, r.holder) for r in rows])
        return ImportOutcome(str(path), added=len(rows))
    areas = read_area_file(data, date=date, name=path.name, path=str(path), simplify_m=simplify_m)
    taken = store.reference_area_files(name)
    for day in areas:
        if day in taken:
            raise ReferenceLayerError(f"{day} is already in layer {name!r}, from {taken[day]}", path=str(path))
    store.add_reference(name, AREAS, (holder or Side.RU).value, sha256=digest, file=path.name, areas=areas)
    return ImportOutcome(str(path), added=len(areas))


def date_in_name(name: str) -> dt.date | None:
    """The date a file name carries (``...YYYYMMDD...`` or ``...YYYY-MM-DD...``), else None."""
    for year, _, month, day in _NAME_DATE.findall(name):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def read_area_file(data: bytes, *, date: dt.date | None = None, name: str = "", path: str | None = None,
                   simplify_m: float | None = None) -> dict[dt.date, Any]:
    """The areas of a GeoJSON file per date: ``date``, else the date in ``name``, else each
    feature's ``date`` property; the polygons of one date unioned into one geometry."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReferenceLayerError(f"not JSON ({exc})", path=path) from None
    if not isinstance(doc, dict):
        raise ReferenceLayerError("not a GeoJSON object", path=path)
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name") if isinstance(doc.get("crs"), dict) else None
    if crs is not None and crs not in _WGS84:
        raise ReferenceLayerError(f"CRS {crs} is not WGS 84 longitude/latitude (RFC 7946, CRS84)", path=path)
    features = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    if not isinstance(features, list):
        raise ReferenceLayerError("FeatureCollection without a features list", path=path)
    fixed = date or date_in_name(name)
    by_date: dict[dt.date, list[Any]] = {}
    for number, feature in enumerate(features, 1):
        geom, day = _feature(feature, fixed, number, path)
        if geom is not None:
            by_date.setdefault(day, []).append(geom)
    if not by_date:
        raise ReferenceLayerError("no Polygon or MultiPolygon feature", path=path)
    tolerance = simplify_m / METRES_PER_DEGREE if simplify_m else None
    out = {}
    for day, geoms in sorted(by_date.items()):
        geom = shapely.make_valid(geoms[0]) if len(geoms) == 1 else shapely.union_all(shapely.make_valid(geoms))
        if tolerance:
            geom = shapely.simplify(geom, tolerance, preserve_topology=True)
        out[day] = geom
    return out


def _feature(feature: Any, fixed: dt.date | None, number: int, path: str | None) -> tuple[Any | None, dt.date | None]:
    if not isinstance(feature, dict):
        raise ReferenceLayerError(f"feature {number} is not an object", path=path)
    raw = feature.get("geometry") if feature.get("type") == "Feature" else feature
    if raw is None or raw.get("type") not in ("Polygon", "MultiPolygon"):
        return None, None  # points, lines and labels of an export carry no area
    try:
        geom = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise ReferenceLayerError(f"feature {number}: broken {raw.get('type')} ({exc})", path=path) from None
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ReferenceLayerError(f"feature {number}: coordinates are not longitude, latitude", path=path)
    day = fixed
    if day is None:
        value = (feature.get("properties") or {}).get("date")
        if value is None:
            raise ReferenceLayerError("no date: give --date, put YYYYMMDD in the file name, "
                                      "or a 'date' property on each feature", path=path)
        try:
            day = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ReferenceLayerError(f"feature {number}: date {str(value)[:40]!r} is not YYYY-MM-DD",
                                      path=path) from None
    return geom, day


def read_place_table(data: bytes, lookup: Lookup, *, date: dt.date | None = None,
                     path: str | None = None) -> list[PlaceState]:
    """The rows of a settlement table (CSV ``place,date,holder[,lat,lon]``), places resolved
    by ``lookup`` (near the row's point when it has one); ``date`` fills empty dates."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReferenceLayerError("not UTF-8 text", path=path) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"place", "date", "holder"} - set(reader.fieldnames or ())
    if missing:
        raise ReferenceLayerError(f"CSV header lacks {', '.join(sorted(missing))} (place,date,holder[,lat,lon])",
                                  path=path)
    rows = []
    for row in reader:
        line = reader.line_num
        where = f"{path}:{line}" if path else f"line {line}"
        name = (row.get("place") or "").strip()
        holder = next((h for h in TABLE_HOLDERS if h.casefold() == (row.get("holder") or "").strip().casefold()), None)
        if not name or holder is None:
            raise ReferenceLayerError(f"{where}: {'holder: must be RU, UA or contested' if name else 'place: empty'}")
        try:
            day = dt.date.fromisoformat(row["date"].strip()) if (row.get("date") or "").strip() else date
            near = (float(row["lat"]), float(row["lon"])) if (row.get("lat") or "").strip() else None
        except ValueError as exc:
            raise ReferenceLayerError(f"{where}: {exc}") from None
        if day is None:
            raise ReferenceLayerError(f"{where}: date: empty (give --date)")
        best, problem = best_candidate(lookup(name, near=near), name)
        if best is None:
            raise ReferenceLayerError(f"{where}: {problem}")
        rows.append(PlaceState(day, best.id, best.name, best.lat, best.lon, holder))
    if not rows:
        raise ReferenceLayerError("no rows", path=path)
    return rows


def list_layers(store: Store) -> list[LayerInfo]:
    """Every stored layer with its first and last date and number of dates, by name."""
    return [LayerInfo(*row) for row in store.reference_layers()]


def load_reference(store: Store, name: str | None = None) -> Reference:
    """Layer ``name`` for verification; without a name, the only stored layer."""
    layers = {info.name: info for info in list_layers(store)}
    if name is None:
        if len(layers) != 1:
            raise ReferenceLayerError("no reference layer stored; run 'frontline reference import'" if not layers
                                      else f"several reference layers ({', '.join(layers)}); choose one with --reference")
        name = next(iter(layers))
    info = layers.get(name)
    if info is None:
        raise ReferenceLayerError(f"no reference layer {name!r}"
                                  + (f"; stored: {', '.join(layers)}" if layers else ""))
    if info.kind == AREAS:
        rows = store.reference_areas(name)
        return Reference(name, AREAS, Side(info.holder), tuple(d for d, _ in rows), areas=tuple(g for _, g in rows))
    places: dict[str, list[PlaceState]] = {}
    dates = set()
    for row in store.reference_places(name):
        state = PlaceState(*row)
        dates.add(state.date)
        places.setdefault(state.place_id, []).append(state)
    return Reference(name, PLACES, None, tuple(sorted(dates)), places=places)


def reference_frame(reference: Reference):
    """The reference as a GeoDataFrame: one row per date (areas: ``date``, ``holder``,
    ``geometry``) or per place state (places: ``date``, ``place_id``, ``place``,
    ``holder``, point ``geometry``), in WGS 84."""
    import geopandas as gpd

    if reference.kind == AREAS:
        return gpd.GeoDataFrame({"date": list(reference.dates), "holder": [reference.holder.value] * len(reference.dates)},
                                geometry=list(reference.areas), crs="EPSG:4326")
    states = [s for history in reference.places.values() for s in history]
    return gpd.GeoDataFrame({"date": [s.date for s in states], "place_id": [s.place_id for s in states],
                             "place": [s.place for s in states], "holder": [s.holder for s in states]},
                            geometry=gpd.points_from_xy([s.lon for s in states], [s.lat for s in states]),
                            crs="EPSG:4326")
