"""How the map draws claims: one table per claimant side and per kind, read by the
layer control, the legend and the browser-side drawing code alike."""
from __future__ import annotations

from typing import Any

from geo.geometry import DEFAULT_BUFFER_M
from geo.model import Kind, Side

# Colour says who claims it; shape (size, outline, fill) says what is claimed.
SIDES: dict[Side, dict[str, str]] = {
    Side.RU: {"label": "Russian claims", "color": "#c0392b"},
    Side.UA: {"label": "Ukrainian claims", "color": "#1f5fbf"},
    Side.OTHER: {"label": "Other claims", "color": "#7f7f7f"},
}

KINDS: dict[Kind, dict[str, Any]] = {
    Kind.CAPTURED: {"label": "Captured", "radius": 7, "weight": 2, "fillOpacity": 0.9, "dashArray": None},
    # A partial claim's fill follows its percentage; this is the fill when none is given.
    Kind.PARTIAL: {"label": "Partial control", "radius": 7, "weight": 2, "fillOpacity": 0.45, "dashArray": None},
    Kind.ENCIRCLED: {"label": "Encircled", "radius": 8, "weight": 4, "fillOpacity": 0.2, "dashArray": None},
    Kind.CONTESTED: {"label": "Contested", "radius": 7, "weight": 2, "fillOpacity": 0.2, "dashArray": "3 3"},
    Kind.ADVANCE: {"label": "Advance", "radius": 5, "weight": 1, "fillOpacity": 0.6, "dashArray": None},
    Kind.DENIED: {"label": "Denied", "radius": 7, "weight": 3, "fillOpacity": 0.0, "dashArray": None},
}

# A one-pixel outline: canvas draws it several times faster than a wider or dashed one,
# which matters with thousands of areas; only an area resting on approximate points is dashed.
AREA = {"label": "Encirclement areas", "weight": 1, "fillOpacity": 0.15, "approximateDash": "5 3",
        "bufferKm": DEFAULT_BUFFER_M / 1000}

# A settlement drawn at its hromada's, raion's or oblast's centre: a dotted ring around the
# marker. A claim the extraction model gives under LOW_CONFIDENCE["below"]: drawn faded.
APPROXIMATE = {"label": "Approximate location", "note": "at its hromada's, raion's or oblast's centre",
               "gap": 4, "weight": 1.5, "dashArray": "2 2"}
LOW_CONFIDENCE = {"label": "Low confidence", "below": 0.5, "opacity": 0.35}
# A reference layer's area (assessed control) and the rings of places claimed ahead of it.
REFERENCE = {"label": "Reference area", "color": "#6b4f9e", "weight": 1, "fillOpacity": 0.12,
             "simplifyDegrees": 0.0005}
AHEAD = {"label": "Claims ahead of the reference", "color": "#ff7f0e", "radius": 16, "weight": 2,
         "fill": False, "dashArray": "4 3"}
CONTRADICTION = {"label": "Contradictions", "color": "#e600ac", "radius": 13, "weight": 3}

# The offline basemap (assets/basemap.js): fills, strokes from their zoom on, and town names
# by rank (0: the largest cities, shown zoomed out; 3: hromada centres, shown zoomed in).
BASEMAP: dict[str, Any] = {
    "land": {"fill": "#f6f3ec", "color": "#555048", "weight": 1.6},
    "lake": {"fill": "#d3e4f3", "color": "#7aa7d6", "weight": 0.8},
    "river": {"color": "#7aa7d6", "weight": 1.3},
    "oblast": {"color": "#938a7a", "weight": 1.1},
    "raion": {"color": "#d2cabd", "weight": 0.7, "minZoom": 7},
    "labels": {"color": "#3b3833", "halo": "rgba(255, 255, 255, 0.85)",
               "fonts": ["600 13px system-ui, sans-serif", "600 12px system-ui, sans-serif",
                         "11px system-ui, sans-serif", "10px system-ui, sans-serif"],
               "sizes": [13, 12, 11, 10], "minZooms": [0, 7, 8, 10]},
}

GROUP_SIDES = "Claimant side"
GROUP_KINDS = "Kind"
GROUP_MARKS = "Areas and contradictions"


def client_style() -> dict[str, Any]:
    """The tables as plain JSON for the browser-side drawing code, keyed by enum value."""
    return {
        "sides": {side.value: style for side, style in SIDES.items()},
        "kinds": {kind.value: style for kind, style in KINDS.items()},
        "area": AREA,
        "contradiction": CONTRADICTION,
        "approximate": APPROXIMATE,
        "lowConfidence": LOW_CONFIDENCE,
    }
