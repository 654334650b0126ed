"""Encirclement areas: hulls buffered in metres (UTM), returned in WGS 84."""
from __future__ import annotations

import datetime as dt

import pytest
from geopy.distance import geodesic

from geo.geometry import encirclement_areas, utm_epsg
from geo.model import Claim, Kind, Side

POKROVSK = (48.2823, 37.1758)
MYRNOHRAD = (48.3022, 37.2614)
KUPIANSK = (49.7106, 37.6156)


def encircled(name, lat_lon, *, group="pocket", side=Side.RU, day=15, kind=Kind.ENCIRCLED, precision=None):
    lat, lon = lat_lon
    return Claim(as_written=name, kind=kind, claimant="Russian MoD", claimant_side=side,
                 claim_date=dt.date(2025, 11, day), source="Example", place_id=name.lower(),
                 place=name, lat=lat, lon=lon, group=group, precision=precision)


def test_utm_zone_of_eastern_ukraine():
    assert utm_epsg(*POKROVSK) == 32637
    assert utm_epsg(50.45, 30.52) == 32636  # Kyiv
    assert utm_epsg(-33.9, 18.4) == 32734


def test_one_area_per_group_covering_its_settlements_with_the_buffer():
    claims = [encircled("Pokrovsk", POKROVSK, day=16), encircled("Myrnohrad", MYRNOHRAD)]
    [area] = encirclement_areas(claims, buffer_m=3000)
    assert area.places == ("Myrnohrad", "Pokrovsk")
    assert area.claim_date == dt.date(2025, 11, 15) and area.claimant_side is Side.RU
    from shapely import Point

    for lat, lon in (POKROVSK, MYRNOHRAD):  # shapely order: x = lon, y = lat
        assert area.polygon.contains(Point(lon, lat))
    # The buffer is 3 km on the ground: the area reaches ~3 km beyond Pokrovsk westwards,
    # not the ~4.5 km a web-mercator buffer would give at this latitude.
    west = area.polygon.bounds[0]
    assert geodesic(POKROVSK, (POKROVSK[0], west)).m == pytest.approx(3000, rel=0.02)


def test_groups_sides_and_ungrouped_claims_make_separate_areas():
    claims = [encircled("Pokrovsk", POKROVSK), encircled("Myrnohrad", MYRNOHRAD),
              encircled("Pokrovsk", POKROVSK, side=Side.OTHER),
              encircled("Kupiansk", KUPIANSK, group=None, day=20)]
    areas = encirclement_areas(claims)
    assert [(a.places, a.claimant_side) for a in areas] == [
        (("Myrnohrad", "Pokrovsk"), Side.RU), (("Pokrovsk",), Side.OTHER), (("Kupiansk",), Side.RU)]


def test_only_resolved_encirclement_claims_count():
    unresolved = Claim(as_written="Nowhere", kind=Kind.ENCIRCLED, claimant="X", claimant_side=Side.RU,
                       claim_date=dt.date(2025, 11, 1), source="Y", group="pocket")
    captured = encircled("Kupiansk", KUPIANSK, kind=Kind.CAPTURED)
    assert encirclement_areas([unresolved, captured]) == []


def test_buffer_must_be_positive():
    with pytest.raises(ValueError):
        encirclement_areas([], buffer_m=0)


def test_an_area_names_the_places_it_rests_on_only_approximately():
    claims = [encircled("Pokrovsk", POKROVSK, precision="exact"), encircled("Myrnohrad", MYRNOHRAD, precision="hromada"),
              encircled("Kupiansk", KUPIANSK, group="other", precision="raion"),
              encircled("Vovchansk", (50.29, 36.94), group="hand", precision=None)]
    by_group = {a.group: a.approximate for a in encirclement_areas(claims)}
    assert by_group == {"pocket": ("Myrnohrad",), "other": ("Kupiansk",), "hand": ()}
