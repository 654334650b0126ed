"""Writing claims out: GeoJSON (RFC 7946), CSV, GeoPackage and Parquet, streamed, each
written to a temporary file that replaces the target only when complete.

Coordinates are ``lat``/``lon`` on a claim; GeoJSON and shapely take them the other
way round (x = lon, y = lat), swapped only where a geometry is built.

The GeoPackage's dates are DATE columns, and its ``layer_styles`` table holds a default
QGIS style that names ``claim_date`` and ``claim_until`` as the layer's time: GeoPackage
itself has no way to declare a time field (neither the standard nor its extensions define
one), and that table is where QGIS looks for a layer's settings.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.files import atomic_path, atomic_write
from geo.errors import OutputError
from geo.model import FIELDS, Claim

GPKG_LAYER = "claims"
GPKG_STYLES = "layer_styles"  # where QGIS keeps (and finds) a layer's stored styles
GPKG_GEOMETRY = "geom"
CHUNK = 20_000  # claims per GeoPackage write: bounds memory whatever the claim count
# GDAL builds a new layer's R-tree in memory (some 30 bytes a point here) up to this many
# bytes and by a slower path past it; its default follows physical RAM, no fixed bound.
RTREE_RAM = 64 * 2**20
_FLOAT_FIELDS = ("lat", "lon", "percent", "confidence")
_DATE_FIELDS = ("claim_date", "claim_until", "published")
# QGIS's temporal settings for the layer (QgsVectorLayerTemporalProperties, QGIS >= 3.14):
# mode 2 takes each feature's start and end from two fields; a claim without claim_until
# holds from its date on, as the HTML map's time slider shows it.
QGIS_STYLE = """<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis styleCategories="Temporal" version="3.22.16">
 <temporal enabled="1" mode="2" startField="claim_date" endField="claim_until" accumulate="0"
  startExpression="" endExpression="" durationField="" durationUnit="d" fixedDuration="0" limitMode="0">
  <fixedRange><start></start><end></end></fixedRange>
 </temporal>
</qgis>
"""
# One encoder for every feature: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False)
_T = TypeVar("_T")


def export_claims(claims: Iterable[Claim], fmt: str, path: str | Path, *,
                  protected: Iterable[str | Path] = ()) -> int:
    """Write ``claims`` to ``path`` as ``fmt`` (geojson, csv or gpkg); return the count.

    ``protected`` files are never written (the database the claims come from: see
    :func:`geo.store.database_files`).

    >>> export_claims(example_claims(), "geojson", "claims.geojson")   # doctest: +SKIP
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(WRITERS)}")
    try:
        return writer(claims, Path(path), protected=tuple(protected))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def to_feature(claim: Claim) -> dict[str, Any]:
    """A GeoJSON Feature: a Point at (lon, lat), or a null geometry while unresolved."""
    return claim.__geo_interface__


def write_geojson(claims: Iterable[Claim], path: Path, *, protected: Iterable[Path] = ()) -> int:
    """A FeatureCollection, one feature per line, so that memory stays flat."""
    count = 0
    with atomic_write(path, "w", protected=protected, parents=False) as fh:
        fh.write('{"type": "FeatureCollection", "features": [')
        for count, claim in enumerate(claims, start=1):
            fh.write("\n" if count == 1 else ",\n")
            fh.write(_JSON.encode(to_feature(claim)))
        fh.write("\n]}\n")
    return count


def write_csv(claims: Iterable[Claim], path: Path, *, protected: Iterable[Path] = ()) -> int:
    """CSV with the claim fields as header; empty cells for missing values."""
    count = 0
    with atomic_write(path, "w", newline="", protected=protected, parents=False) as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for count, claim in enumerate(claims, start=1):
            writer.writerow("" if value is None else value for value in claim.to_dict().values())
    return count


def write_gpkg(claims: Iterable[Claim], path: Path, *, protected: Iterable[Path] = ()) -> int:
    """A GeoPackage with one point layer, ``claims`` (EPSG:4326), written in chunks: the
    claim fields as columns (``claim_date``, ``claim_until`` and ``published`` as DATE),
    and the QGIS default style that makes the dates the layer's time.

    Appending to an indexed layer updates its R-tree row by row, so each append was slower
    than the last. The chunks go to a scratch GeoPackage without an index instead; GDAL
    then streams that, in Arrow batches, into a new layer of the target and builds the
    R-tree once at the end, as for any layer written in one go.
    """
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import open_arrow, write_arrow

    count = 0
    with atomic_path(path, protected=protected, parents=False) as tmp, \
            tempfile.TemporaryDirectory(prefix=f".{path.stem}.", dir=tmp.parent) as folder:
        scratch = Path(folder) / "chunks.gpkg"
        points = dict(driver="GPKG", layer=GPKG_LAYER, geometry_type="Point")
        try:
            for chunk in itertools.chain(chunked(claims, CHUNK), [[]]):
                if chunk or count == 0:  # the empty chunk makes the layer of an empty export
                    write_arrow(claims_table(chunk, geometry=GPKG_GEOMETRY), scratch, **points,
                                crs="EPSG:4326", geometry_name=GPKG_GEOMETRY, append=count > 0,
                                layer_options={"SPATIAL_INDEX": "NO"})
                count += len(chunk)
            # One reader thread: GDAL's default reads batches ahead in parallel, each one
            # more batch held in memory, for no gain when the writer is the slower side.
            with _gdal_config(OGR_GPKG_MAX_RAM_USAGE_RTREE=RTREE_RAM, OGR_GPKG_NUM_THREADS=1), \
                    open_arrow(scratch, layer=GPKG_LAYER, batch_size=CHUNK) as (meta, stream):
                write_arrow(stream, tmp, **points, crs=meta["crs"], geometry_name=meta["geometry_name"])
            write_arrow(_qgis_styles(), tmp, driver="GPKG", layer=GPKG_STYLES)
        except (DataSourceError, DataLayerError) as exc:
            # GDAL says a write failed (a full disk among other causes) in its own words.
            raise OSError(errno.EIO, f"GDAL could not write the GeoPackage ({str(exc)[:300]})") from None
    return count


@contextlib.contextmanager
def _gdal_config(**options: Any) -> Iterator[None]:
    """Set GDAL configuration options for the block, then restore the previous values."""
    import pyogrio

    previous = {name: pyogrio.get_gdal_config_option(name) for name in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def chunked(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def claims_table(claims: Sequence[Claim], *, geometry: str | None = "geometry") -> Any:
    """The claims as a ``pyarrow.Table``: the claim fields as typed columns (text; float64
    for lat, lon, percent and confidence; date32 for the dates) and, in the column named
    by ``geometry`` (none without one), each claim's point as WKB (x = lon, y = lat), null
    while unresolved."""
    import numpy as np
    import pyarrow as pa
    import shapely

    rows = [claim.to_dict() for claim in claims]
    columns = {}
    for name in FIELDS:
        if name in _DATE_FIELDS:  # the dates themselves, not to_dict's ISO text
            columns[name] = pa.array([getattr(claim, name) for claim in claims], pa.date32())
        else:
            columns[name] = pa.array([row[name] for row in rows],
                                     pa.float64() if name in _FLOAT_FIELDS else pa.string())
    if geometry is None:
        return pa.table(columns)
    lon = columns["lon"].to_numpy(zero_copy_only=False)
    points = shapely.points(lon, columns["lat"].to_numpy(zero_copy_only=False))  # x = lon, y = lat
    points[np.isnan(lon)] = None
    columns[geometry] = pa.array(shapely.to_wkb(points), pa.binary())
    return pa.table(columns)


def _qgis_styles() -> Any:
    """The ``layer_styles`` table QGIS reads a GeoPackage layer's default style from (the
    columns QGIS itself creates), holding :data:`QGIS_STYLE` for the claims layer."""
    import pyarrow as pa

    row = {"f_table_catalog": "", "f_table_schema": "", "f_table_name": GPKG_LAYER,
           "f_geometry_column": GPKG_GEOMETRY, "styleName": "frontline claims", "styleQML": QGIS_STYLE,
           "styleSLD": "", "useAsDefault": True,
           "description": "claim_date and claim_until are the layer's time (temporal controller)",
           "owner": "", "ui": "",
           # QGIS picks the latest default style by this column and fails without it.
           "update_time": dt.datetime.now(dt.timezone.utc).replace(microsecond=0)}
    return pa.table({name: pa.array([value]) for name, value in row.items()})


def write_parquet(claims: Iterable[Claim], path: Path, *, protected: Iterable[Path] = ()) -> int:
    """A Parquet file of the claim fields (:func:`claims_table`'s columns, no geometry),
    written in row groups of CHUNK claims; no claims make a file with the columns and no rows."""
    import pyarrow.parquet as pq

    count = 0
    schema = claims_table([], geometry=None).schema
    with atomic_path(path, protected=protected, parents=False) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for chunk in chunked(claims, CHUNK):
            writer.write_table(claims_table(chunk, geometry=None))
            count += len(chunk)
    return count


WRITERS: dict[str, Callable[..., int]] = {
    "geojson": write_geojson,
    "csv": write_csv,
    "gpkg": write_gpkg,
    "parquet": write_parquet,
}

__all__ = ["WRITERS", "chunked", "claims_table", "export_claims", "to_feature", "write_csv", "write_geojson",
           "write_gpkg", "write_parquet"]


def write_corpus(articles: Iterable[Any], path: str | Path) -> int:
    """A zip of corpus articles (``name.txt`` beside ``name.expected.json``, as in
    bench/corpus); returns how many articles it holds."""
    import zipfile

    count = 0
    try:
        with atomic_write(path, "wb", parents=False) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as archive:
            for count, article in enumerate(articles, start=1):
                archive.writestr(f"{article.name}.txt", article.text)
                archive.writestr(f"{article.name}.expected.json",
                                 json.dumps(article.expected, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return count
