"""Fixtures for the claims tests: small claims and a fake gazetteer lookup."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.model import Claim, Kind, Side


def _make_claim(**overrides) -> Claim:
    """A valid Russian capture claim for Kupiansk; keyword arguments replace fields."""
    fields = dict(as_written="Kupiansk", kind=Kind.CAPTURED, claimant="Russian General Staff",
                  claimant_side=Side.RU, controller_side=Side.RU,
                  claim_date=dt.date(2025, 11, 20), source="Test Wire",
                  url="https://example.org/kupiansk", quote="The staff said the city was taken.")
    fields.update(overrides)
    return Claim(**fields)


@pytest.fixture
def make_claim():
    """Builds a valid Russian capture claim for Kupiansk; keyword arguments replace fields."""
    return _make_claim


@dataclasses.dataclass
class FakeCandidate:
    id: str
    name: str
    admin1: str | None
    lat: float
    lon: float
    country: str = "UA"
    precision: str = "exact"
    ambiguous: bool = False
    score: float = 0.95


PLACES = {
    "kupiansk": [FakeCandidate("geonames:703656", "Kupiansk", "Kharkiv Oblast", 49.71003, 37.61581)],
    "kupyansk": [FakeCandidate("geonames:703656", "Kupiansk", "Kharkiv Oblast", 49.71003, 37.61581)],
    "petrovsk": [FakeCandidate("UA51", "Petrivsk", "Odesa", 46.45, 28.97, score=0.57)],
    "pokrovske": [FakeCandidate("a", "Pokrovske", "Dnipropetrovsk Oblast", 47.98, 36.23, ambiguous=True),
                  FakeCandidate("b", "Pokrovske", "Donetsk Oblast", 48.62, 38.14, ambiguous=True)],
}


@pytest.fixture
def fake_lookup():
    """A gazetteer lookup over three names; records the calls it receives."""
    calls: list[tuple[str, str | None]] = []

    def lookup(name: str, region: str | None = None, near=None):
        calls.append((name, region))
        return PLACES.get(name.casefold(), [])
    lookup.calls = calls
    return lookup


@dataclasses.dataclass(frozen=True)
class Place:
    id: str
    name: str
    admin1: str = "Kharkiv"
    lat: float = 49.7
    lon: float = 37.6
    score: float = 0.97
    precision: str = "exact"
    population: int = 1000
    ambiguous: bool = False


class FakeGazetteer:
    """Two places, for extracting claims without the real gazetteer."""

    names = {"kupiansk": Place("p1", "Kupiansk"), "hlushkivka": Place("p2", "Hlushkivka", lat=49.6)}

    def lookup(self, name, region=None, near=None, limit=5, context=(), fuzzy=True):
        found = self.names.get(name.casefold())
        return [found] if found else []

    def region(self, text):
        return None


@pytest.fixture
def fake_gazetteer():
    """A gazetteer of Kupiansk and Hlushkivka (anything with ``lookup`` and ``region``)."""
    return FakeGazetteer()
