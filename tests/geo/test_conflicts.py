import datetime as dt

import pytest

from geo.conflicts import asserted_controller, find_conflicts
from geo.model import Kind, Side


@pytest.fixture
def denial(make_claim):
    return make_claim(kind=Kind.DENIED, claimant="Ukrainian General Staff", claimant_side=Side.UA,
                      controller_side=Side.UA, claim_date=dt.date(2025, 11, 21), quote="denial")


def test_capture_vs_denial_within_window(make_claim, denial):
    capture = make_claim()
    [conflict] = find_conflicts([denial, capture], window_days=14)
    assert (conflict.first, conflict.second, conflict.days_apart) == (capture, denial, 1)
    assert conflict.place_key == "kupiansk" and conflict.place == "Kupiansk"
    assert conflict.to_dict()["first"]["id"] == capture.id


def test_outside_window_same_side_or_other_place(make_claim, denial):
    assert find_conflicts([make_claim(claim_date=dt.date(2025, 11, 1)), denial], window_days=14) == []
    assert find_conflicts([make_claim(claim_date=dt.date(2025, 11, 7)), denial], window_days=14) != []
    assert find_conflicts([make_claim(), make_claim(quote="again")]) == []
    assert find_conflicts([make_claim(as_written="Pokrovsk"), denial]) == []


def test_partial_contradicts_only_a_full_claim(make_claim, denial):
    ru = make_claim(kind=Kind.PARTIAL, percent=75.0)
    ua = make_claim(kind=Kind.PARTIAL, percent=25.0, claimant_side=Side.UA, controller_side=Side.UA)
    assert find_conflicts([ru, ua]) == []
    assert len(find_conflicts([ru, denial])) == 1


def test_period_claim_measured_from_its_end(make_claim, denial):
    period = make_claim(claimant="AFP", claimant_side=Side.OTHER, claim_date=dt.date(2025, 1, 1),
                        claim_until=dt.date(2025, 11, 15))
    [conflict] = find_conflicts([period, denial], window_days=14)
    assert conflict.days_apart == 6


def test_controller_defaults_and_kinds_without_control(make_claim):
    assert asserted_controller(make_claim(controller_side=None)) is Side.RU
    assert asserted_controller(make_claim(kind=Kind.CONTESTED, controller_side=None)) is None
    assert asserted_controller(make_claim(kind=Kind.ENCIRCLED)) is None
    with pytest.raises(ValueError):
        find_conflicts([], window_days=-1)


def test_one_claimant_side_telling_a_history_is_no_conflict(make_claim):
    held = make_claim(claimant="AFP", claimant_side=Side.OTHER, claim_date=dt.date(2022, 2, 24),
                      claim_until=dt.date(2022, 9, 30))
    retaken = make_claim(claimant="AFP", claimant_side=Side.OTHER, controller_side=Side.UA,
                         claim_date=dt.date(2022, 9, 10), quote="retaken")
    assert find_conflicts([held, retaken]) == []
    ukraine_says = make_claim(claimant="Ukrainian General Staff", claimant_side=Side.UA,
                              controller_side=Side.UA, claim_date=dt.date(2022, 9, 10), quote="ours")
    assert [c.second for c in find_conflicts([held, ukraine_says])] == [ukraine_says]
