"""MacroElements of the frontline map: the claim layer, time control, legend, search and
grouped layer control. Each validates its input in ``__init__`` and renders one template.

Data reaches the page only through :func:`script_json`, the package's one escaping path;
the (large) claim data is additionally packed (:func:`pack_data`) so that it is neither
parsed as JavaScript nor recompiled as a jinja template by branca.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import json
import re
import zlib
from array import array
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import FeatureGroup, Layer
from folium.plugins import GroupedLayerControl
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from geo.model import Kind
from maps.errors import MapError
from maps.popups import day_number
from maps.style import AHEAD, APPROXIMATE, AREA, BASEMAP, CONTRADICTION, KINDS, LOW_CONFIDENCE, REFERENCE, SIDES

_ASSETS = resources.files("maps") / "assets"
_DATA = resources.files("maps") / "data"


# branca turns each rendered macro into a new jinja template, so "{{", "{%" or "{#" in
# article text would be evaluated. In JSON a structural "{" is always followed by '"' or
# "}", so any "{" followed by "{", "%" or "#" is inside a string and may become \u007b.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(data: Any) -> Markup:
    """JSON safe inside a ``<script>`` (``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes) and
    inert as a jinja template, compact, with Cyrillic kept as UTF-8."""
    dumped = htmlsafe_json_dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(_JINJA_OPENER.sub(r"\\u007b", dumped))


def pack_data(data: Any) -> tuple[str, ...]:
    """Compact JSON, gzipped and base64-encoded: about a fifth of the plain size, and
    decoded by the browser's DecompressionStream (``frontline.unpack``). The JSON is
    compressed piece by piece as it is written (long lists a slice at a time, arrays
    too), so a million claims never stand in memory as one text; the base64 comes in
    pieces, which the page is written from."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # a gzip stream, mtime 0
    encoded: list[str] = []
    pending = b""
    for piece in _json_pieces(data):
        pending += compressor.compress(piece.encode("utf-8"))
        whole = len(pending) - len(pending) % 3  # base64 of whole 3-byte groups joins up
        if whole:
            encoded.append(base64.b64encode(pending[:whole]).decode("ascii"))
            pending = pending[whole:]
    encoded.append(base64.b64encode(pending + compressor.flush()).decode("ascii"))
    return tuple(encoded)


_SLICE = 10_000  # items of a long list written as one piece


def _json_pieces(value: Any) -> Iterator[str]:
    """``value`` as compact JSON (as json.dumps writes it, arrays as lists), in pieces."""
    if isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield ("," if number else "") + _dumps(str(key)) + ":"
            yield from _json_pieces(item)
        yield "}"
    elif isinstance(value, (Sequence, array)) and not isinstance(value, str) and len(value) > _SLICE:
        yield "["
        for start in range(0, len(value), _SLICE):
            yield ("," if start else "") + _dumps(value[start:start + _SLICE])[1:-1]
        yield "]"
    else:
        yield _dumps(value)


def _listed(value: Any) -> list[Any]:
    if isinstance(value, (Sequence, array)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


_dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"), default=_listed)


class _PackedData(Element):
    """``<script type="application/gzip+base64">`` holding packed data; rendered without
    jinja (base64 holds no markup, and megabytes would be slow to compile)."""

    def __init__(self, element_id: str, packed: str | tuple[str, ...]) -> None:
        super().__init__()
        pieces = (packed,) if isinstance(packed, str) else tuple(packed)
        if not re.fullmatch(r"[A-Za-z0-9_]+", element_id) or not all(
                re.fullmatch(r"[A-Za-z0-9+/=]*", piece) for piece in pieces):
            raise MapError("packed map data must be base64 under a plain id")
        self.element_id, self.pieces = element_id, pieces

    def render(self, **kwargs: Any) -> str:
        later = getattr(self.get_root(), _LATER, None)
        if later is None:
            payload = "".join(self.pieces)
        else:  # see packed_later
            later[self.element_id] = self.pieces
            payload = _TOKEN.format(self.element_id)
        return '<script type="application/gzip+base64" id="' + self.element_id + '">' + payload + "</script>"


_LATER = "_frontline_packed_later"
_TOKEN = "@@frontline-packed:{}@@"  # base64 holds no "@"
_TOKENS = re.compile(r"@@frontline-packed:(\w+)@@")


@contextlib.contextmanager
def packed_later(figure: Figure) -> Iterator[dict[str, tuple[str, ...]]]:
    """While inside, rendering ``figure`` leaves each packed payload (megabytes of base64
    for a large map) out of the page, as a token, and collects it in the dict given:
    the page is then rendered and localized without copying them, and
    :func:`fill_packed` puts them back as it is written."""
    payloads: dict[str, tuple[str, ...]] = {}
    setattr(figure, _LATER, payloads)
    try:
        yield payloads
    finally:
        delattr(figure, _LATER)


def fill_packed(html: str, payloads: dict[str, tuple[str, ...]]) -> list[str]:
    """The page ``html`` rendered under :func:`packed_later`, as pieces with the payloads back."""
    parts = _TOKENS.split(html)
    return [piece for number, part in enumerate(parts)
            for piece in (payloads[part] if number % 2 else (part,))]


class _InlineAsset(Element):
    """The package's own JS or CSS, inlined so the saved map needs no extra file."""

    _template = Template("<{{ this.tag }}>{{ this.code }}</{{ this.tag }}>")

    def __init__(self, tag: str, filename: str) -> None:
        super().__init__()
        self.tag = tag
        self.code = Markup((_ASSETS / filename).read_text(encoding="utf-8"))


def _add_own_assets(element: MacroElement) -> None:
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise MapError(f"{type(element).__name__} must be added to a map before rendering")
    figure.header.add_child(_InlineAsset("style", "frontline.css"), name="frontline_css")
    figure.header.add_child(_InlineAsset("script", "frontline.js"), name="frontline_js")
    figure.header.add_child(_InlineAsset("script", "timeline.js"), name="frontline_timeline_js")
    figure.header.add_child(_InlineAsset("script", "basemap.js"), name="frontline_basemap_js")
    figure.header.add_child(_InlineAsset("script", "reference.js"), name="frontline_reference_js")


class _PackedLayer(MacroElement):
    """A layer whose data travels packed in the page (``packed``: base64 of gzipped JSON),
    read in the browser by ``frontline.unpack(data_id)``."""

    packed: str | tuple[str, ...] = ""

    @property
    def data_id(self) -> str:
        return self.get_name() + "_data"

    def render(self, **kwargs: Any) -> None:
        _add_own_assets(self)
        self.get_root().html.add_child(_PackedData(self.data_id, self.packed), name=self.data_id)
        super().render(**kwargs)


# The embedded gazetteer's points and names, which the town names and the claims' places
# come from: GeoNames (CC BY 4.0 asks for this credit) joined to the KATOTTG codifier.
PLACES_ATTRIBUTION = ('Places: <a href="https://www.geonames.org/">GeoNames</a> '
                      '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>), '
                      'KATOTTG (Мінрозвитку)')


class BaseMap(_PackedLayer):
    """The offline basemap shipped in the package (``maps/data/basemap.json.gz``, built by
    :mod:`maps.basemap_build`): land, state border, oblast and raion outlines, rivers, lakes
    and town names on a canvas under the tiles. It is the background when no tiles are
    chosen, and shows wherever tiles do not load; its attribution (the data's, and
    :data:`PLACES_ATTRIBUTION` for the gazetteer's places) joins the map's."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new frontline.BaseMap({style: {{ this.style_json }},
            attribution: {{ this.attribution|tojson }}}).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.load(frontline.unpack({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "BaseMap"
        self.attribution = PLACES_ATTRIBUTION
        self.packed = base64.b64encode((_DATA / "basemap.json.gz").read_bytes()).decode("ascii")
        self.style_json = script_json(BASEMAP)


class ClaimLayer(_PackedLayer):
    """Every settlement painted on one canvas, filtered in the browser by the side, kind
    and mark groups that are switched on and by the time control's date.

    Parameters
    ----------
    data : the map data (:func:`maps.popups.encode_timelines` plus ``areas`` and
        ``contradictions``).
    day : initial date, as :func:`maps.popups.day_number`.
    sides, kinds : the filter FeatureGroups, keyed by side / kind value.
    areas, contradictions : the FeatureGroups that switch the time-aware marks.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new frontline.ClaimLayer({
            day: {{ this.day }},
            style: {{ this.style_json }},
            sides: { {%- for key, layer in this.sides.items() %}{{ key|tojson }}: {{ layer.get_name() }},{% endfor %} },
            kinds: { {%- for key, layer in this.kinds.items() %}{{ key|tojson }}: {{ layer.get_name() }},{% endfor %} },
            areas: {{ this.areas.get_name() }},
            contradictions: {{ this.contradictions.get_name() }}
        }).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.load(frontline.unpack({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any], *, day: int, style: dict[str, Any],
                 sides: dict[str, FeatureGroup], kinds: dict[str, FeatureGroup],
                 areas: FeatureGroup, contradictions: FeatureGroup) -> None:
        super().__init__()
        self._name = "ClaimLayer"
        missing = {"places", "claims", "strings", "kinds", "sides", "areas", "contradictions"} - set(data)
        if missing:
            raise MapError(f"map data lacks {', '.join(sorted(missing))}")
        if set(sides) != set(data["sides"]) or set(kinds) != set(data["kinds"]):
            raise MapError("every side and kind needs its filter layer")
        self.packed = pack_data({k: v for k, v in data.items() if k != "keys"})
        self.style_json = script_json(style)
        self.day = int(day)
        self.sides, self.kinds = sides, kinds
        self.areas, self.contradictions = areas, contradictions



class ReferenceLayer(_PackedLayer):
    """A reference layer's area on the time control's date, and rings round the places
    claimed ahead of it (``data`` from :func:`maps.layers.reference_layer`); ``area`` and
    ``ahead`` are the FeatureGroups it draws into."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new frontline.ReferenceLayer({
            day: {{ this.day }}, style: {{ this.style_json }},
            area: {{ this.area.get_name() }}, ahead: {{ this.ahead.get_name() }}
        }).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.load(frontline.unpack({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any], *, day: int, area: FeatureGroup, ahead: FeatureGroup) -> None:
        super().__init__()
        self._name = "ReferenceLayer"
        if {"name", "holder", "areas", "ahead"} - set(data):
            raise MapError("reference data needs name, holder, areas and ahead")
        self.packed = pack_data(data)
        self.style_json = script_json({"area": {k: REFERENCE[k] for k in ("color", "weight", "fillOpacity")},
                                       "ahead": {k: v for k, v in AHEAD.items() if k != "label"}})
        self.day = int(day)
        self.area, self.ahead = area, ahead


class TimeControl(MacroElement):
    """A slider over the claim dates; moving it shows the claims as they stood that day."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new frontline.TimeControl(
            {{ this.days_json }}, {{ this.day }}, {position: {{ this.position|tojson }}}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, dates: list[dt.date], *, start: dt.date, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "TimeControl"
        days = sorted({day_number(d) for d in dates} | {day_number(start)})
        self.days_json = script_json(days)
        self.day = day_number(start)
        self.position = position

    def render(self, **kwargs: Any) -> None:
        _add_own_assets(self)
        super().render(**kwargs)


class Legend(MacroElement):
    """Explains the colours (claimant side), shapes (kind), marks, and how sure a marker is
    (approximate location, low confidence), from maps.style."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="fl-legend" id="{{ this.get_name() }}"><details open><summary>Legend</summary>
          <h4>Who claims it</h4>
          <ul>{% for s in this.sides %}
            <li><svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="{{ s.color|e }}" stroke="{{ s.color|e }}"/></svg>{{ s.label|e }}</li>{% endfor %}
          </ul>
          <h4>What is claimed</h4>
          <ul>{% for k in this.kinds %}
            <li><svg width="20" height="20"><circle cx="10" cy="10" r="{{ k.radius }}" fill="#555" fill-opacity="{{ k.fillOpacity }}"
              stroke="#555" stroke-width="{{ k.weight }}" stroke-dasharray="{{ (k.dashArray or 'none')|e }}"/></svg>{{ k.label|e }}{% if k.note %} <small>{{ k.note|e }}</small>{% endif %}</li>{% endfor %}
            <li><svg width="20" height="20"><rect x="2" y="4" width="16" height="12" fill="#555" fill-opacity="{{ this.area.fillOpacity }}"
              stroke="#555" stroke-width="{{ this.area.weight }}"/></svg>{{ this.area.label|e }}</li>
            <li><svg width="20" height="20"><circle cx="10" cy="10" r="8" fill="none" stroke="{{ this.contradiction.color|e }}"
              stroke-width="{{ this.contradiction.weight }}"/></svg>{{ this.contradiction.label|e }} <small>(opposite control within {{ this.window_days }} days)</small></li>
          </ul>
          <h4>How sure</h4>
          <ul>
            <li class="fl-legend-approximate"><svg width="20" height="20"><circle cx="10" cy="10" r="5" fill="#555" fill-opacity="0.9" stroke="#555" stroke-width="2"/>
              <circle cx="10" cy="10" r="{{ 5 + this.approximate.gap }}" fill="none" stroke="#555" stroke-width="{{ this.approximate.weight }}"
              stroke-dasharray="{{ this.approximate.dashArray|e }}"/></svg>{{ this.approximate.label|e }} <small>{{ this.approximate.note|e }}</small></li>
            <li class="fl-legend-low"><svg width="20" height="20"><circle cx="10" cy="10" r="7" fill="#555" fill-opacity="0.9" stroke="#555"
              stroke-width="2" opacity="{{ this.low.opacity }}"/></svg>{{ this.low.label|e }} <small>(under {{ this.low.below }}, faded)</small></li>
            <li class="fl-legend-area-approximate"><svg width="20" height="20"><rect x="2" y="4" width="16" height="12" fill="#555"
              fill-opacity="{{ this.area.fillOpacity }}" stroke="#555" stroke-width="{{ this.area.weight }}"
              stroke-dasharray="{{ this.area.approximateDash|e }}"/></svg>Area on approximate locations</li>
          </ul>
        </details></div>
        {% endmacro %}
    """)

    def __init__(self, *, window_days: int) -> None:
        super().__init__()
        self._name = "Legend"
        self.window_days = int(window_days)
        self.sides = list(SIDES.values())
        self.kinds = [dict(style, note="fill shows the percentage" if kind is Kind.PARTIAL else None)
                      for kind, style in KINDS.items()]
        self.area, self.contradiction = AREA, CONTRADICTION
        self.approximate, self.low = APPROXIMATE, LOW_CONFIDENCE

    def render(self, **kwargs: Any) -> None:
        _add_own_assets(self)
        super().render(**kwargs)


class SettlementSearch(JSCSSMixin, MacroElement):
    """Search box over every settlement on the map (leaflet-search, same asset as
    folium's Search); picking one zooms to it and opens its timeline. Result names are
    put in the list with ``textContent``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new L.Control.Search({
            sourceData: function (text, respond) { respond({{ this.layer.get_name() }}.searchRecords()); return {}; },
            formatData: function (records) { return records; },
            buildTip: function (text) { var li = document.createElement("li"); li.textContent = text; return li; },
            moveToLocation: function (latlng, title, map) {
                map.setView(latlng, Math.max(map.getZoom(), {{ this.zoom }}));
                {{ this.layer.get_name() }}.openTimeline(latlng.flPlace);
            },
            marker: false, initial: false, collapsed: false,
            textPlaceholder: {{ this.placeholder|tojson }}, position: "topleft"
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    default_js = [("Leaflet.Search.js",
                   "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js")]
    default_css = [("Leaflet.Search.css",
                    "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css")]

    def __init__(self, layer: ClaimLayer, *, placeholder: str = "Search settlement", zoom: int = 11) -> None:
        super().__init__()
        self._name = "SettlementSearch"
        if not isinstance(layer, ClaimLayer):
            raise MapError("SettlementSearch searches a ClaimLayer")
        self.layer, self.placeholder, self.zoom = layer, placeholder, int(zoom)


class GroupedLayers(GroupedLayerControl):
    """folium's GroupedLayerControl, but also listing the base layers, so that one
    control switches both. Add it last: it lists the layers that exist by then."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control.groupedLayers(
            { {%- for name, layer in this.base_layers.items() %}{{ name|tojson }}: {{ layer }},{% endfor %} },
            { {%- for group, overlays in this.grouped_overlays.items() %}
              {{ group|tojson }}: { {%- for name, layer in overlays.items() %}{{ name|tojson }}: {{ layer }},{% endfor %} },
            {%- endfor %} },
            {{ this.options|tojavascript }}
        ).addTo({{ this._parent.get_name() }});
        {%- for layer in this.layers_untoggle %}
        {{ layer }}.remove();
        {%- endfor %}
        {% endmacro %}
    """)

    def __init__(self, groups: dict[str, list[Layer]], *, base_layers: list[Layer],
                 collapsed: bool = False) -> None:
        super().__init__(groups, exclusive_groups=False, collapsed=collapsed)
        if not base_layers:
            raise MapError("the layer control needs at least one base layer")
        self.base_layers = {layer.layer_name: layer.get_name() for layer in base_layers}
        for layer in base_layers:
            layer.control = False
            if not layer.show:
                self.layers_untoggle.add(layer.get_name())
