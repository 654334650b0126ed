"""The track-record chart: per claimant, the share of claims the reference confirmed and
the distribution of their lags, as one self-contained HTML page (inline SVG, no script,
no network). Names are escaped by the template."""
from __future__ import annotations

import html
import os
from collections.abc import Sequence

from branca.element import Element, Figure
from folium.template import Template

from gazetteer.files import atomic_write
from geo.track_record import Record
from maps.errors import MapError
from maps.style import SIDES

ROW = 34
LABEL_W, BAR_W, GAP, LAG_W = 260, 240, 40, 360
VERDICT_COLOURS = {"consistent": "#2e8b57", "confirmed_later": "#e0a526", "not_confirmed": "#b03a2e"}


class TrackChart(Element):
    """Stacked bars (consistent, confirmed later, not confirmed) and a strip of lags with
    its median and 90th percentile, one row per claimant."""

    _template = Template("""
<style>
 body{font:13px system-ui,sans-serif;margin:16px} h1{font-size:16px} .fl-chart text{font-size:12px}
 .fl-key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style>
<h1>Track record against {{ this.reference|e }}</h1>
<p class="fl-key">{% for name, colour in this.colours.items() %}<span style="background:{{ colour }}"></span>{{ name.replace('_', ' ')|e }}{% endfor %}
 &nbsp; lags: dots, median <b>|</b>, 90th percentile <b>¦</b> (0 to {{ this.max_lag }} days)</p>
<svg class="fl-chart" width="{{ this.width }}" height="{{ this.height }}" role="img" aria-label="track record">
{% for row in this.rows %}{% set y = loop.index0 * this.row_h + 20 %}
 <text x="0" y="{{ y + 14 }}" fill="{{ row.colour }}">{{ row.label|e }}</text>
 {% for part in row.parts %}<rect class="fl-bar fl-{{ part.verdict }}" x="{{ part.x }}" y="{{ y }}" width="{{ part.w }}" height="18" fill="{{ part.colour }}"><title>{{ part.title|e }}</title></rect>{% endfor %}
 <text x="{{ this.bar_x + this.bar_w + 4 }}" y="{{ y + 14 }}">{{ row.share|e }}</text>
 <line x1="{{ this.lag_x }}" x2="{{ this.lag_x + this.lag_w }}" y1="{{ y + 9 }}" y2="{{ y + 9 }}" stroke="#ccc"/>
 {% for x in row.dots %}<circle class="fl-lag" cx="{{ x }}" cy="{{ y + 9 }}" r="3" fill="#333" fill-opacity="0.4"/>{% endfor %}
 {% if row.median is not none %}<line class="fl-median" x1="{{ row.median }}" x2="{{ row.median }}" y1="{{ y }}" y2="{{ y + 18 }}" stroke="#000" stroke-width="2"/>
 <line x1="{{ row.p90 }}" x2="{{ row.p90 }}" y1="{{ y }}" y2="{{ y + 18 }}" stroke="#000" stroke-dasharray="2 2"/>{% endif %}
{% endfor %}
</svg>
""")

    def __init__(self, records: Sequence[Record], *, reference: str) -> None:
        super().__init__()
        if not records:
            raise MapError("no judged claims to chart")
        self.reference = reference
        self.colours = VERDICT_COLOURS
        self.max_lag = max((lag for r in records for lag in r.lags), default=0) or 1
        self.row_h, self.bar_x, self.bar_w = ROW, LABEL_W, BAR_W
        self.lag_x, self.lag_w = LABEL_W + BAR_W + GAP + 40, LAG_W
        self.width = self.lag_x + LAG_W + 20
        self.height = len(records) * ROW + 30
        self.rows = [self._row(r) for r in records]

    def _row(self, record: Record) -> dict:
        x, parts = float(self.bar_x), []
        for verdict, count in (("consistent", record.consistent), ("confirmed_later", record.confirmed_later),
                               ("not_confirmed", record.not_confirmed)):
            w = self.bar_w * count / record.judged if record.judged else 0
            parts.append({"verdict": verdict, "x": round(x, 1), "w": round(w, 1), "colour": VERDICT_COLOURS[verdict],
                          "title": f"{verdict.replace('_', ' ')}: {count} of {record.judged}"})
            x += w
        scale = self.lag_w / self.max_lag
        share = record.share_confirmed
        return {"label": f"{record.claimant or 'all'} ({record.side})",
                "colour": SIDES.get(record.side, {}).get("color", "#333"),  # Side is a str enum
                "parts": parts, "share": "-" if share is None else f"{share:.0%} of {record.judged}",
                "dots": [round(self.lag_x + lag * scale, 1) for lag in record.lags],
                "median": None if record.lag_median is None else round(self.lag_x + record.lag_median * scale, 1),
                "p90": None if record.lag_p90 is None else round(self.lag_x + record.lag_p90 * scale, 1)}


def save_track_chart(records: Sequence[Record], path: str | os.PathLike[str], *, reference: str) -> int:
    """Write the chart page to ``path`` atomically; returns its size in bytes."""
    figure = Figure(title=html.escape(f"frontline track record: {reference}"))  # branca puts it in raw
    figure.html.add_child(TrackChart(records, reference=reference))
    data = figure.render().encode("utf-8")
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return len(data)
