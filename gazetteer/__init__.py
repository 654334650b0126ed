"""Places of Ukraine and the Russian border regions, found by any spelling."""
from __future__ import annotations

from gazetteer.errors import (GazetteerError, InvalidQuery, SourceFormatError, SourceUnavailable,
                              UnknownSource)
from gazetteer.gazetteer import Gazetteer
from gazetteer.model import Candidate, Place

__all__ = ["Candidate", "Gazetteer", "GazetteerError", "InvalidQuery", "Place", "SourceFormatError",
           "SourceUnavailable", "UnknownSource"]
