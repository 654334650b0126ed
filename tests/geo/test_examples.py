import datetime as dt
from collections import Counter

from geo.conflicts import find_conflicts
from geo.examples import example_claims
from geo.model import Kind, Side


def test_example_dataset_covers_the_seeds():
    claims = example_claims()
    assert len(claims) >= 20
    assert len({c.id for c in claims}) == len(claims)
    assert {c.source for c in claims} >= {"Xinhua", "Cong Luan", "The Moscow Times (AFP)"}
    assert all(c.quote and len(c.quote) < 200 for c in claims)
    by = {(c.place, c.kind, c.claimant_side): c for c in claims}
    assert by[("Pokrovsk", Kind.PARTIAL, Side.RU)].percent == 75
    assert by[("Vovchansk", Kind.PARTIAL, Side.RU)].percent in (80, None)
    assert ("Kupiansk", Kind.DENIED, Side.UA) in by
    assert ("Kostiantynivka", Kind.PARTIAL, Side.RU) in by
    periods = [c for c in claims if c.claim_until]
    assert periods and all(c.claim_until == dt.date(2022, 9, 30) for c in periods)


def test_left_bank_encirclement_is_one_group():
    groups = Counter(c.group for c in example_claims() if c.group)
    assert max(groups.values()) >= 4


def test_examples_have_coordinates_in_eastern_ukraine_except_one_unresolved():
    claims = example_claims()
    unresolved = [c.as_written for c in claims if not c.is_resolved]
    assert unresolved == ["Petrovsk"]
    assert all(47 < c.lat < 51 and 36 < c.lon < 39 for c in claims if c.is_resolved)


def test_kupiansk_capture_and_denial_conflict():
    places = {c.place for c in find_conflicts(example_claims())}
    assert {"Kupiansk", "Pokrovsk", "Vovchansk"} <= places


def test_denials_name_the_claims_they_answer():
    claims = {c.id: c for c in example_claims()}
    links = [(c, claims[c.denies]) for c in claims.values() if c.denies]
    assert {c.place for c, _ in links} == {"Kupiansk", "Vovchansk"}
    for denial, denied in links:
        assert denial.kind is Kind.DENIED and denial.controller_side is Side.UA
        assert denied.place_id == denial.place_id and denied.controller_side is Side.RU
        assert denied.source == denial.source


def test_example_places_sit_where_the_gazetteer_puts_them_with_its_precision():
    from gazetteer import Gazetteer

    g = Gazetteer.load()
    for claim in example_claims():
        if claim.place_id:
            place = g.get(claim.place_id)
            assert (round(place.lat, 5), round(place.lon, 5), place.precision) == \
                (claim.lat, claim.lon, claim.precision), claim.place
