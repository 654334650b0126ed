"""GazetteerGeocoder: the gazetteer behind geopy's Geocoder interface (issue 14, item 10)."""
from __future__ import annotations

import geopandas
import pytest
from geopy.geocoders.base import Geocoder

from gazetteer import GazetteerGeocoder


def test_it_is_a_geopy_geocoder_answering_with_locations(tiny):
    coder = GazetteerGeocoder(tiny)
    assert isinstance(coder, Geocoder)
    found = coder.geocode("Kupyansk")
    assert found.address == "Kupiansk, Kharkiv, UA"
    assert (found.latitude, found.longitude) == (49.71, 37.616)
    assert found.raw["id"] == "t:3" and found.raw["score"] >= 0.85


def test_no_confident_match_and_a_near_tie_are_none(tiny):
    coder = GazetteerGeocoder(tiny)
    assert coder.geocode("Atlantis") is None
    assert coder.geocode("Kurylivka") is None  # two oblasts, too close to call
    both = coder.geocode("Kurylivka", exactly_one=False)
    assert sorted(loc.raw["admin1"] for loc in both) == ["Dnipropetrovsk", "Kharkiv"]
    assert coder.geocode("Kurylivka", region="Dnipropetrovsk").raw["id"] == "t:2"
    assert GazetteerGeocoder(tiny, region="Kharkiv").geocode("Kurylivka").raw["id"] == "t:1"
    assert GazetteerGeocoder(tiny, min_score=1.01).geocode("Kupiansk") is None


def test_geopandas_geocodes_names_offline_through_it(tiny):
    frame = geopandas.tools.geocode(["Kupyansk", "Artemovsk", "Atlantis"], provider=GazetteerGeocoder,
                                    gazetteer=tiny)
    assert frame.crs == "EPSG:4326"
    assert list(frame["address"].iloc[:2]) == ["Kupiansk, Kharkiv, UA", "Bakhmut, Donetsk, UA"]
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (37.616, 49.71)  # x = lon
    assert frame.geometry.iloc[2].is_empty  # geopandas' own mark of a name not found


def test_candidates_are_features_geopandas_reads(tiny):
    candidates = tiny.lookup("Kurylivka")
    feature = candidates[0].__geo_interface__
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == [candidates[0].lon, candidates[0].lat]
    frame = geopandas.GeoDataFrame.from_features(candidates, crs="EPSG:4326")
    assert sorted(frame["admin1"]) == ["Dnipropetrovsk", "Kharkiv"]
    assert list(frame.geometry.y) == [c.lat for c in candidates]


@pytest.mark.parametrize("bad", ["", "   "])
def test_an_unusable_name_is_geopys_value_error(tiny, bad):
    with pytest.raises(ValueError):
        GazetteerGeocoder(tiny).geocode(bad)
