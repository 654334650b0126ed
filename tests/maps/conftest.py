"""Fixtures of the map tests."""
from __future__ import annotations

import pytest
from mapclaims import sample_claims

from geo.model import Claim


@pytest.fixture
def claims() -> list[Claim]:
    return sample_claims()
