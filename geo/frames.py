"""Claims as a GeoDataFrame, for notebooks: typed columns and points in WGS 84."""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from geo.model import Claim, ClaimFilter
from geo.review import parse_statuses
from geo.store import Store


def claims_frame(db: str | os.PathLike[str] | Store | Iterable[Claim], *, status: str | None = None,
                 **filters: Any):
    """The claims of a database (or the claims given) as a ``geopandas.GeoDataFrame``.

    One row per claim, ordered by claim date then id as listings are, with the claim
    fields as columns: ``claim_date``, ``claim_until`` and ``published`` as ``datetime64``,
    ``lat``, ``lon``, ``percent`` and ``confidence`` as ``float64`` (NaN where unknown), the
    others as text; and ``geometry``, each claim's point in EPSG:4326. An unresolved claim
    is kept, with no geometry (``frame.geometry.isna()``), as in the GeoJSON export.

    Parameters
    ----------
    db
        A claims database (its path, or an open :class:`~geo.store.Store`), or claims.
    status
        Review status, as ``--status`` takes it: ``proposed``, ``accepted``, ``rejected`` or
        ``any``; default all but rejected (a database only).
    **filters
        ``since``, ``until``, ``as_of``, ``side``, ``kind``, ``place``, ``source``,
        ``unresolved``, as the CLI's filter flags: dates as ``date`` or ISO text, sides and
        kinds as :class:`~geo.model.Side`/:class:`~geo.model.Kind` or their names.

    Examples
    --------
    >>> frame = claims_frame("frontline.db", side="RU", since="2025-11-01")   # doctest: +SKIP
    >>> frame[frame.geometry.notna()].to_crs(32637)                           # doctest: +SKIP
    """
    import geopandas as gpd

    from geo.export import claims_table

    flt = ClaimFilter.of(**filters)
    if isinstance(db, (str, os.PathLike)):
        with Store.open(db, mode="ro") as store:
            claims = list(store.query(flt, statuses=parse_statuses(status)))
    elif isinstance(db, Store):
        claims = list(db.query(flt, statuses=parse_statuses(status)))
    else:
        if status is not None:
            raise ValueError("status chooses claims of a database; these claims have none")
        claims = sorted(flt.select(db), key=lambda claim: (claim.claim_date, claim.id))
    table = claims_table(claims)
    columns = table.drop_columns(["geometry"]).to_pandas(date_as_object=False)
    points = gpd.GeoSeries.from_wkb(table["geometry"].to_numpy(zero_copy_only=False), crs="EPSG:4326")
    return gpd.GeoDataFrame(columns, geometry=points)
