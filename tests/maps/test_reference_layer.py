"""The reference layer on the map: its dates and rings, verdicts in the popups' data, the
places claimed ahead of it."""
from __future__ import annotations

import base64
import gzip
import json
import re

import pytest

from maps import build_map
from maps.popups import day_number
from tests.geo.reference_layers import D
from tests.maps.mapclaims import page_data, timeline
from tests.maps.reference_map import reference_and_claims


@pytest.fixture
def built(tmp_path):
    reference, claims = reference_and_claims(tmp_path)
    return build_map(claims, reference=reference).get_root().render()


def reference_data(html: str) -> dict:
    """The reference layer's data as packed into the page (base64, gzip, JSON)."""
    [packed] = re.findall(r'id="reference_layer_\w+_data">([^<]+)<', html)
    return json.loads(gzip.decompress(base64.b64decode(packed)))


def test_verdicts_ride_in_the_popup_data(built):
    data = page_data(built)
    _, east = timeline(data, "Eastville")
    assert [data["strings"][c["verdict"]] for c in east] == ["confirmed 4 days later by drawn",
                                                             "consistent with drawn"]
    _, west = timeline(data, "Westville")
    assert data["strings"][west[1]["verdict"]].startswith("not confirmed by drawn as of")


def test_the_area_per_reference_date_and_the_places_ahead(built):
    ref = reference_data(built)
    assert ref["name"] == "drawn" and ref["holder"] == "RU"
    assert ref["areas"]["day"] == [day_number(D) + d for d in (0, 2, 6, 7)]
    first = ref["areas"]["rings"][0][0][0]  # date 0, polygon 0, exterior ring: [lat, lon, ...]
    assert (first[0], first[1]) == (4800000, 3700000)
    ahead = ref["ahead"]
    assert sorted(zip(ahead["from"], ahead["to"])) == [(day_number(D) + 2, day_number(D) + 6), (day_number(D) + 6, None)]
    assert '"Claims ahead of the reference"' in built and '"Reference area: drawn"' in built


def test_no_reference_no_layer(tmp_path):
    _, claims = reference_and_claims(tmp_path)
    html = build_map(claims).get_root().render()
    assert "new frontline.ReferenceLayer(" not in html
    assert set(page_data(html)["claims"]["verdict"]) == {0}
