import datetime as dt

import pytest

from geo.errors import InvalidClaim
from geo.model import Claim, ClaimFilter, Kind, Side, latest_per_place, place_key


def test_same_claim_same_id_and_resolving_keeps_it(make_claim):
    a, b = make_claim(), make_claim()
    assert a.id == b.id and len(a.id) == 20
    resolved = a.with_place(place_id="p", place="Kupiansk", admin1=None, lat=49.7, lon=37.6,
                            precision="exact")
    assert resolved.id == a.id
    assert make_claim(quote="another sentence").id != a.id


def test_trusted_changes_keep_the_id_and_only_fields_outside_it_change(make_claim):
    claim = make_claim(kind=Kind.DENIED, controller_side=None)
    linked = claim.with_trusted(confidence=0.25, denies="a" * 20, group="g")
    assert (linked.id, linked.confidence, linked.denies, linked.group) == (claim.id, 0.25, "a" * 20, "g")
    assert linked == Claim(**{**claim.to_dict(), "kind": Kind.DENIED, "claimant_side": Side.RU,
                              "claim_date": claim.claim_date, "confidence": 0.25, "denies": "a" * 20, "group": "g"})
    with pytest.raises(TypeError, match="quote is not one of confidence, denies, group"):
        claim.with_trusted(quote="another sentence")


@pytest.mark.parametrize("field, value, reason", [
    ("percent", "150", "150 is not between 0 and 100"),
    ("claim_date", "2025-02-30", "'2025-02-30' is not a valid ISO date (YYYY-MM-DD)"),
    ("claimant_side", "NATO", "'NATO' is not one of RU, UA, other"),
    ("url", "not a url", "not a well-formed http(s) URL: 'not a url'"),
    ("quote", "x" * 2001, "longer than 2000 characters"),
    ("colour", "red", "unknown field"),
])
def test_from_dict_rejects(make_claim, field, value, reason):
    data = make_claim(kind=Kind.PARTIAL, percent=50.0).to_dict()
    data[field] = value
    with pytest.raises(InvalidClaim) as info:
        Claim.from_dict(data)
    assert (info.value.field, info.value.reason) == (field, reason)


def test_percent_only_for_partial_and_period_order(make_claim):
    with pytest.raises(InvalidClaim, match="percent: only a partial"):
        make_claim(percent=10.0)
    with pytest.raises(InvalidClaim, match="claim_until: is before claim_date"):
        make_claim(claim_until=dt.date(2025, 1, 1))


def test_to_dict_from_dict_round_trip(make_claim):
    claim = make_claim(kind=Kind.PARTIAL, percent=75.0, claim_until=dt.date(2025, 12, 1), group="g")
    assert Claim.from_dict(claim.to_dict()) == claim


def test_filter_select_as_of_keeps_latest_per_place_and_side(make_claim):
    old = make_claim(claim_date=dt.date(2025, 11, 1), quote="old")
    new = make_claim(claim_date=dt.date(2025, 11, 20), quote="new")
    later = make_claim(claim_date=dt.date(2025, 12, 5), quote="later")
    denial = make_claim(kind=Kind.DENIED, claimant_side=Side.UA, controller_side=Side.UA,
                        claim_date=dt.date(2025, 11, 2))
    kept = list(ClaimFilter(as_of=dt.date(2025, 11, 30)).select([later, new, denial, old]))
    assert kept == [denial, new]
    assert sorted(latest_per_place([old, new], dt.date(2025, 11, 10)), key=str) == [old]


def test_one_place_key_for_names_written_alike(make_claim):
    spaced = make_claim(as_written="Nove  Shakhove", claim_date=dt.date(2025, 11, 1), quote="a")
    plain = make_claim(as_written="nove shakhove", claim_date=dt.date(2025, 11, 2), quote="b")
    assert place_key(spaced) == place_key(plain) == "nove shakhove"
    assert list(latest_per_place([spaced, plain], dt.date(2025, 11, 30))) == [plain]


def test_a_claim_is_a_geojson_feature_through_the_geo_interface(make_claim):
    # Issue 14, item 10: shapely, geopandas and folium read __geo_interface__.
    import geopandas
    import shapely.geometry

    resolved = make_claim().with_place(place_id="p1", place="Kupiansk", admin1="Kharkiv", lat=49.71003,
                                       lon=37.61581, precision="exact")
    unresolved = make_claim(as_written="Nowhere")
    feature = resolved.__geo_interface__
    assert feature == {"type": "Feature", "id": resolved.id, "properties": resolved.to_dict(),
                       "geometry": {"type": "Point", "coordinates": [37.61581, 49.71003]}}  # lon, lat
    assert shapely.geometry.shape(feature["geometry"]).y == 49.71003
    assert unresolved.__geo_interface__["geometry"] is None
    frame = geopandas.GeoDataFrame.from_features([resolved, unresolved], crs="EPSG:4326")
    assert list(frame["as_written"]) == ["Kupiansk", "Nowhere"]
    assert frame.geometry.iloc[0].x == 37.61581 and frame.geometry.iloc[1] is None
