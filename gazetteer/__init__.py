"""Places of Ukraine and the Russian border regions, found by any spelling."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gazetteer.errors import (GazetteerError, InvalidQuery, SourceFormatError, SourceUnavailable,
                              UnknownSource)
from gazetteer.model import Candidate, Place

if TYPE_CHECKING:
    from gazetteer.gazetteer import Gazetteer
    from gazetteer.geocoder import GazetteerGeocoder

__all__ = ["Candidate", "Gazetteer", "GazetteerError", "GazetteerGeocoder", "InvalidQuery", "Place",
           "SourceFormatError", "SourceUnavailable", "UnknownSource"]


def __getattr__(name: str) -> Any:
    # The facade pulls in the index, rapidfuzz and the romanisers (~0.1-0.2 s), the geocoder
    # geopy too; importing them on first use spares that to whoever needs only a light module
    # (gazetteer.files, which export and map saving write through).
    if name == "Gazetteer":
        from gazetteer.gazetteer import Gazetteer

        return Gazetteer
    if name == "GazetteerGeocoder":
        from gazetteer.geocoder import GazetteerGeocoder

        return GazetteerGeocoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
