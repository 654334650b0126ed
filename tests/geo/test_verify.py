"""Verdicts on drawn polygons over several dates: every verdict and the edge cases."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.model import Kind, Side
from geo.reference import import_files, load_reference
from geo.store import Store
from geo.verify import Verdict, asserted_holder, required_share, settlement_radius_m, verdict_frame, verify_claims
from tests.geo.reference_layers import D, EAST, EDGE, WEST, claim, write_days

FAR = dict(place_id="far", place="Farfield", admin1="Testland", lat=48.5, lon=39.5)
# RU holds lon 37..38 on days 0-2 and 5 (days 3 and 4 missing), 37..39 on 6-7, and
# withdraws to 37..38 again on day 10. Westville is always inside, Edgeton on the border
# (then inside on 6-7), Eastville inside on 6-7 only, Farfield never.
DAYS = {0: 38.0, 1: 38.0, 2: 38.0, 5: 38.0, 6: 39.0, 7: 39.0, 10: 38.0}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layers")
    with Store.open(folder / "ref.db") as store:
        outcomes = list(import_files(store, write_days(folder, DAYS), name="drawn"))
        assert [o.error for o in outcomes] == [None] * len(DAYS)
        return load_reference(store, "drawn")


def judge(reference, *claims, **options):
    return verify_claims(claims, reference, **options)


def day(offset: int) -> dt.date:
    return D + dt.timedelta(days=offset)


def test_consistent_on_the_claim_date(reference):
    [j] = judge(reference, claim(WEST, Kind.CAPTURED, 1))
    assert (j.verdict, j.confirmed_on, j.lag_days, j.as_of) == (Verdict.CONSISTENT, day(1), 0, day(10))


def test_confirmed_later_with_the_lag_and_the_last_date_it_disagreed(reference):
    [j] = judge(reference, claim(EAST, Kind.CAPTURED, 2))
    assert (j.verdict, j.confirmed_on, j.lag_days, j.last_disagreed) == (Verdict.CONFIRMED_LATER, day(6), 4, day(5))
    assert j.describe() == "confirmed 4 days later by drawn"


def test_a_gap_of_days_uses_the_nearest_date_within_a_day_then_the_next_ones(reference):
    # day 3 is missing: day 2 (one day before) stands for it; day 4 has none within a day
    three, four = judge(reference, claim(EAST, Kind.CAPTURED, 3), claim(WEST, Kind.CAPTURED, 4))
    assert (three.verdict, three.lag_days, three.last_disagreed) == (Verdict.CONFIRMED_LATER, 3, day(5))
    assert (four.verdict, four.confirmed_on, four.lag_days) == (Verdict.CONSISTENT, day(5), 0)


def test_not_confirmed_up_to_the_last_reference_date(reference):
    [j] = judge(reference, claim(FAR, Kind.CAPTURED, 1))
    assert (j.verdict, j.confirmed_on, j.lag_days, j.as_of) == (Verdict.NOT_CONFIRMED, None, None, day(10))


def test_no_reference_on_or_after_the_claim_date(reference):
    late, next_day, lost = judge(reference, claim(WEST, Kind.CAPTURED, 12), claim(WEST, Kind.CAPTURED, 11),
                                 claim(EAST, Kind.CAPTURED, 11))
    assert late.verdict is Verdict.NO_REFERENCE and late.confirmed_on is None
    assert next_day.verdict is Verdict.CONSISTENT  # day 10 is within a day
    assert lost.verdict is Verdict.NO_REFERENCE  # day 10 disagrees, and nothing comes after


def test_a_claim_before_the_first_reference_date_has_only_an_upper_bound_on_its_lag(reference):
    [j] = judge(reference, claim(WEST, Kind.CAPTURED, -5))
    assert (j.verdict, j.confirmed_on, j.lag_days, j.last_disagreed) == (Verdict.CONFIRMED_LATER, day(0), 5, None)


def test_a_withdrawal_later_does_not_undo_a_verdict(reference):
    ru, ua = judge(reference, claim(EAST, Kind.CAPTURED, 6),
                   claim(EAST, Kind.CAPTURED, 9, side=Side.UA, controller_side=Side.UA))
    assert ru.verdict is Verdict.CONSISTENT
    assert ua.verdict is Verdict.CONSISTENT  # day 10 is within a day of day 9: UA holds it again


def test_a_place_on_the_boundary_counts_as_inside_the_area(reference):
    ru, ua = judge(reference, claim(EDGE, Kind.CAPTURED, 0),
                   claim(EDGE, Kind.DENIED, 0, side=Side.UA, controller_side=Side.UA))
    assert ru.verdict is Verdict.CONSISTENT
    assert ua.verdict is Verdict.NOT_CONFIRMED


def test_a_denial_asserts_the_side_the_denier_names_or_the_one_opposite_to_the_claim_it_answers(reference):
    capture = claim(EAST, Kind.CAPTURED, 1)
    named = claim(EAST, Kind.DENIED, 1, side=Side.UA, controller_side=Side.UA)
    answering = claim(EAST, Kind.DENIED, 7, side=Side.OTHER, claimant="ISW", denies=capture.id)
    _, named_j, answering_j = judge(reference, capture, named, answering)
    assert (named_j.holder, named_j.verdict) == (Side.UA, Verdict.CONSISTENT)
    assert (answering_j.holder, answering_j.verdict, answering_j.lag_days) == (Side.UA, Verdict.CONFIRMED_LATER, 3)


def test_contested_and_unresolved_claims_get_no_verdict_and_say_why(reference):
    unresolved = dataclasses.replace(claim(WEST, Kind.CAPTURED, 1), place_id=None, place=None, admin1=None,
                                     lat=None, lon=None)
    contested, lost = judge(reference, claim(WEST, Kind.CONTESTED, 1), unresolved)
    assert contested.verdict is None and "contested" in contested.reason
    assert lost.verdict is None and lost.reason == "place unresolved"
    assert lost.to_dict()["verdict"] is None


def test_a_partial_claim_compares_the_share_of_the_settlement_inside_the_area(reference):
    # Edgeton sits on a straight border: half of its disk is inside on day 0, all on day 6
    half = claim(EDGE, Kind.PARTIAL, 0, percent=50)
    most = claim(EDGE, Kind.PARTIAL, 0, percent=90)
    ua_half = claim(EDGE, Kind.PARTIAL, 0, side=Side.UA, controller_side=Side.UA, percent=50)
    outskirts = claim(FAR, Kind.PARTIAL, 0, qualifier="outskirts")
    got = judge(reference, half, most, ua_half, outskirts, population=lambda place_id: 50_000)
    assert [j.verdict for j in got] == [Verdict.CONSISTENT, Verdict.CONFIRMED_LATER, Verdict.CONSISTENT,
                                        Verdict.NOT_CONFIRMED]
    assert got[1].lag_days == 6


def test_a_settlement_boundary_is_used_instead_of_the_disk(reference):
    from shapely import box

    inside_west = box(37.9, 48.4, 38.3, 48.6)  # a quarter inside on day 0, all on day 6
    quarter = claim(EDGE, Kind.PARTIAL, 0, percent=50)
    [by_disk] = judge(reference, quarter)
    [by_boundary] = judge(reference, quarter, boundaries={"edge": inside_west})
    assert by_disk.verdict is Verdict.CONSISTENT
    assert (by_boundary.verdict, by_boundary.lag_days) == (Verdict.CONFIRMED_LATER, 6)


def test_shares_and_radii():
    assert settlement_radius_m(0) == 500
    assert 1200 < settlement_radius_m(10_000) < 1300
    assert required_share(claim(EDGE, Kind.PARTIAL, 0, qualifier="most")) == pytest.approx(0.4)
    assert required_share(claim(EDGE, Kind.PARTIAL, 0)) == 0.05
    assert asserted_holder(claim(WEST, Kind.ADVANCE, 0, side=Side.OTHER, claimant="ISW"), {})[0] is None


def test_verdicts_join_their_claims_in_a_geodataframe(reference):
    frame = verdict_frame(judge(reference, claim(WEST, Kind.CAPTURED, 1), claim(EAST, Kind.CAPTURED, 2)))
    assert list(frame["verdict"]) == ["consistent", "confirmed_later"]
    assert list(frame["lag_days"]) == [0, 4] and frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[0].x == WEST["lon"]
