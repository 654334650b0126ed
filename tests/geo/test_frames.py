"""claims_frame: claims as a GeoDataFrame with the right dtypes (issue 14, item 10)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import geo
from geo.errors import InvalidClaim
from geo.model import Kind, Side
from geo.review import Decision
from geo.store import Store


@pytest.fixture
def claims(make_claim):
    resolved = make_claim(kind=Kind.PARTIAL, percent=60.0, confidence=0.8, published=dt.date(2025, 11, 21)).with_place(
        place_id="p1", place="Pokrovsk", admin1="Donetsk", lat=48.28014, lon=37.17706, precision="exact")
    return [resolved, make_claim(as_written="Nowhere", claimant_side=Side.UA, controller_side=Side.UA,
                                 claim_date=dt.date(2025, 11, 22), claim_until=dt.date(2025, 11, 30))]


@pytest.fixture
def db(tmp_path, claims):
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.add(claims)
    return path


def test_dtypes_are_datetimes_floats_and_points(db):
    frame = geo.claims_frame(db)
    for name in ("claim_date", "claim_until", "published"):
        assert np.issubdtype(frame[name].dtype, np.datetime64), name
    assert frame["claim_date"].tolist() == [pd.Timestamp("2025-11-20"), pd.Timestamp("2025-11-22")]
    assert pd.isna(frame["claim_until"].iloc[0]) and frame["claim_until"].iloc[1] == pd.Timestamp("2025-11-30")
    for name in ("percent", "confidence", "lat", "lon"):
        assert frame[name].dtype == np.float64, name
    assert frame["percent"].iloc[0] == 60.0 and np.isnan(frame["percent"].iloc[1])
    assert frame.crs == "EPSG:4326" and frame.geometry.name == "geometry"
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (37.17706, 48.28014)  # x = lon


def test_unresolved_claims_are_kept_without_geometry(db):
    frame = geo.claims_frame(db)
    assert list(frame["as_written"]) == ["Kupiansk", "Nowhere"]
    assert frame.geometry.isna().tolist() == [False, True]
    assert len(frame[frame.geometry.notna()].to_crs(32637)) == 1


def test_filters_take_text_or_typed_values(db):
    assert list(geo.claims_frame(db, side="ua")["as_written"]) == ["Nowhere"]
    assert list(geo.claims_frame(db, side=Side.RU)["as_written"]) == ["Kupiansk"]
    assert list(geo.claims_frame(db, since="2025-11-21")["as_written"]) == ["Nowhere"]
    assert list(geo.claims_frame(db, until=dt.date(2025, 11, 20), kind="PARTIAL")["as_written"]) == ["Kupiansk"]
    assert list(geo.claims_frame(db, unresolved=True)["as_written"]) == ["Nowhere"]
    assert geo.claims_frame(db, place="atlantis").empty
    with pytest.raises(InvalidClaim, match="side: 'NATO' is not one of RU, UA, other"):
        geo.claims_frame(db, side="NATO")
    with pytest.raises(InvalidClaim, match="colour: unknown filter"):
        geo.claims_frame(db, colour="red")


def test_status_chooses_reviewed_claims(db, claims):
    with Store.open(db) as store:
        store.review(claims[1].id, Decision("rejected", "ana"))
        assert list(geo.claims_frame(store)["as_written"]) == ["Kupiansk"]
    assert list(geo.claims_frame(db, status="any")["as_written"]) == ["Kupiansk", "Nowhere"]
    assert list(geo.claims_frame(db, status="rejected")["as_written"]) == ["Nowhere"]


def test_claims_in_hand_make_the_same_frame(db, claims):
    from_db, in_hand = geo.claims_frame(db), geo.claims_frame(list(reversed(claims)))
    pd.testing.assert_frame_equal(pd.DataFrame(from_db), pd.DataFrame(in_hand))
    with pytest.raises(ValueError, match="status"):
        geo.claims_frame(claims, status="any")
