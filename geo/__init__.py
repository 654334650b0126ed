"""Claims: model, store, extraction, geometry and export of claimed front-line changes."""
from geo.errors import GeoError, InputError, InvalidClaim, StoreError
from geo.model import Claim, ClaimFilter, Kind, Side

__all__ = ["Claim", "ClaimFilter", "GeoError", "InputError", "InvalidClaim", "Kind", "Side",
           "StoreError"]
