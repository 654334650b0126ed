"""Writing claims out: GeoJSON (RFC 7946), CSV, GeoPackage and Parquet, streamed, each
written to a temporary file that replaces the target only when complete.

Coordinates are ``lat``/``lon`` on a claim; GeoJSON and shapely take them the other
way round (x = lon, y = lat), swapped only where a geometry is built.
"""
from __future__ import annotations

import contextlib
import csv
import errno
import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.files import atomic_path, atomic_write
from geo.errors import OutputError
from geo.model import FIELDS, Claim

GPKG_LAYER = "claims"
CHUNK = 20_000  # claims per GeoPackage write: bounds memory whatever the claim count
# GDAL builds a new layer's R-tree in memory (some 30 bytes a point here) up to this many
# bytes and by a slower path past it; its default follows physical RAM, no fixed bound.
RTREE_RAM = 64 * 2**20
_FLOAT_FIELDS = ("lat", "lon", "percent", "confidence")
# One encoder for every feature: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False)
_DATE_FIELDS = ("claim_date", "claim_until", "published")
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
    geometry = None
    if claim.lat is not None:
        geometry = {"type": "Point", "coordinates": [claim.lon, claim.lat]}  # x, y = lon, lat
    return {"type": "Feature", "id": claim.id, "geometry": geometry,
            "properties": claim.to_dict()}


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
    """A GeoPackage with one point layer, ``claims`` (EPSG:4326), written in chunks.

    Appending to an indexed layer updates its R-tree row by row, so each append was slower
    than the last. The chunks go to a scratch GeoPackage without an index instead; GDAL
    then streams that, in Arrow batches, into a new layer of the target and builds the
    R-tree once at the end, as for any layer written in one go.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import open_arrow, write_arrow

    count = 0
    with atomic_path(path, protected=protected, parents=False) as tmp, \
            tempfile.TemporaryDirectory(prefix=f".{path.stem}.", dir=tmp.parent) as folder:
        scratch = Path(folder) / "chunks.gpkg"
        try:
            for chunk in chunked(claims, CHUNK):
                pyogrio.write_dataframe(_frame(chunk), scratch, layer=GPKG_LAYER, driver="GPKG",
                                        append=count > 0, layer_options={"SPATIAL_INDEX": "NO"})
                count += len(chunk)
            if count == 0:
                pyogrio.write_dataframe(_frame([]), scratch, layer=GPKG_LAYER, driver="GPKG")
            # One reader thread: GDAL's default reads batches ahead in parallel, each one
            # more batch held in memory, for no gain when the writer is the slower side.
            with _gdal_config(OGR_GPKG_MAX_RAM_USAGE_RTREE=RTREE_RAM, OGR_GPKG_NUM_THREADS=1), \
                    open_arrow(scratch, layer=GPKG_LAYER, batch_size=CHUNK) as (meta, stream):
                write_arrow(stream, tmp, layer=GPKG_LAYER, driver="GPKG", crs=meta["crs"],
                            geometry_name=meta["geometry_name"], geometry_type="Point")
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


def _frame(claims: list[Claim]) -> Any:
    """A GeoDataFrame of ``claims``: the claim fields as columns, dates as ISO text."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    rows = [claim.to_dict() for claim in claims]
    columns = {name: [row[name] for row in rows] for name in FIELDS}
    frame = pd.DataFrame({name: pd.Series(values, dtype=float if name in _FLOAT_FIELDS else object)
                          for name, values in columns.items()})
    lon, lat = frame["lon"].to_numpy(), frame["lat"].to_numpy()
    points = shapely.points(lon, lat)  # x = lon, y = lat
    points[np.isnan(lon)] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def write_parquet(claims: Iterable[Claim], path: Path, *, protected: Iterable[Path] = ()) -> int:
    """A Parquet file of the claim fields (dates as dates, numbers as doubles), written in
    row groups of CHUNK claims; no claims make a file with the columns and no rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.float64() if name in _FLOAT_FIELDS else pa.date32() if name in _DATE_FIELDS
                         else pa.string()) for name in FIELDS])
    count = 0
    with atomic_path(path, protected=protected, parents=False) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for chunk in chunked(claims, CHUNK):
            rows = [claim.to_dict() | {name: getattr(claim, name) for name in _DATE_FIELDS} for claim in chunk]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(chunk)
    return count


WRITERS: dict[str, Callable[..., int]] = {
    "geojson": write_geojson,
    "csv": write_csv,
    "gpkg": write_gpkg,
    "parquet": write_parquet,
}

__all__ = ["WRITERS", "chunked", "export_claims", "to_feature", "write_csv", "write_geojson", "write_gpkg",
           "write_parquet"]


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
