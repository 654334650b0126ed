"""Claims: model, store, extraction, geometry and export of claimed front-line changes."""
from typing import Any

from geo.errors import GeoError, InputError, InvalidClaim, StoreError
from geo.model import Claim, ClaimFilter, Kind, Side

__all__ = ["Claim", "ClaimFilter", "GeoError", "InputError", "InvalidClaim", "Kind", "Side",
           "StoreError", "claims_frame"]


def __getattr__(name: str) -> Any:
    # claims_frame opens the store; imported on first use, so that the CLI (which imports
    # this package first) does not pay for it.
    if name == "claims_frame":
        from geo.frames import claims_frame

        return claims_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
