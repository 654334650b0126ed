/* frontline: claims drawn as one canvas marker per settlement, filtered by claimant side,
 * kind and date. Data comes from maps/popups.py; article text is only ever put into the
 * page with textContent, never as markup. */
(function () {
  "use strict";
  var DAY_MS = 864e5;
  // Claim row columns (maps/popups.py CLAIM_COLUMNS).
  var DAY = 0, KIND = 1, SIDE = 2, CONTROLLER = 3, PERCENT = 4, QUALIFIER = 5,
      CLAIMANT = 6, SOURCE = 7, URL = 8, QUOTE = 9, UNTIL = 10;
  // Place columns.
  var NAME = 0, ADMIN1 = 1, LAT = 2, LON = 3, FIRST = 4, COUNT = 5;

  function isoDate(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var ClaimLayer = L.Layer.extend({
    // options: day, style, sides {side: layer}, kinds {kind: layer}, areas, contradictions
    initialize: function (options) {
      L.setOptions(this, options);
      this._data = null;
      this._day = options.day;
      this._renderer = L.canvas({ padding: 0.5 });
      this._shown = L.featureGroup();
      this._popup = L.popup({ maxWidth: 380, maxHeight: 320, className: "fl-popup" });
      this._marks = [];
    },

    /* Draw the data once the promise (frontline.unpack) gives it. */
    load: function (promise) {
      var self = this;
      return promise.then(function (data) {
        self._data = data;
        self._markers = new Array(data.places.length);
        if (self._map) {
          self._buildMarks();
          self.redraw();
        }
        self.fire("load");
      }).catch(function (error) {
        console.error("frontline: cannot read the map data", error);
      });
    },

    onAdd: function (map) {
      this._shown.on("click", this._onClick, this).on("mouseover", this._onHover, this);
      this._shown.addTo(map);
      this._filters().forEach(function (layer) { layer.on("add remove", this.redraw, this); }, this);
      map.on("frontline:day", this._onDay, this);
      if (this._data) {
        this._buildMarks();
        this.redraw();
      }
    },

    onRemove: function (map) {
      this._filters().forEach(function (layer) { layer.off("add remove", this.redraw, this); }, this);
      map.off("frontline:day", this._onDay, this);
      map.removeLayer(this._shown);
    },

    /* Number of settlements drawn now (the browser tests read it). */
    shownCount: function () {
      return this._shown.getLayers().length;
    },

    isShown: function (name) {
      var p = this._placeIndex(name);
      return p >= 0 && !!this._markers[p] && this._shown.hasLayer(this._markers[p]);
    },

    /* Container pixel of a settlement, for clicking it. */
    pointOf: function (name) {
      var place = this._data.places[this._placeIndex(name)];
      return this._map.latLngToContainerPoint([place[LAT], place[LON]]);
    },

    setDay: function (day) {
      this._day = day;
      this.redraw();
    },

    redraw: function () {
      var map = this._map;
      if (!map || !this._data) return;
      var data = this._data, opts = this.options;
      var sideOn = data.sides.map(function (s) { return map.hasLayer(opts.sides[s]); });
      var kindOn = data.kinds.map(function (k) { return map.hasLayer(opts.kinds[k]); });
      for (var p = 0; p < data.places.length; p++) {
        this._show(p, this._visibleClaim(data.places[p], sideOn, kindOn));
      }
      this._marks.forEach(function (mark) {
        var due = mark.day <= this._day;
        if (due !== mark.group.hasLayer(mark.layer)) {
          if (due) mark.group.addLayer(mark.layer); else mark.group.removeLayer(mark.layer);
        }
      }, this);
    },

    /* Per claimant side the latest claim made by the chosen day; of those whose side and
     * kind are switched on, the latest. -1 when none. */
    _visibleClaim: function (place, sideOn, kindOn) {
      var claims = this._data.claims, latest = [-1, -1, -1], best = -1;
      for (var i = place[FIRST], end = place[FIRST] + place[COUNT]; i < end; i++) {
        if (claims[i][DAY] > this._day) break;
        latest[claims[i][SIDE]] = i;
      }
      latest.forEach(function (i) {
        if (i >= 0 && sideOn[claims[i][SIDE]] && kindOn[claims[i][KIND]] &&
            (best < 0 || claims[i][DAY] > claims[best][DAY] || (claims[i][DAY] === claims[best][DAY] && i > best))) {
          best = i;
        }
      });
      return best;
    },

    _show: function (p, claim) {
      var marker = this._markers[p];
      if (claim < 0) {
        if (marker && this._shown.hasLayer(marker)) this._shown.removeLayer(marker);
        return;
      }
      if (!marker) {
        var place = this._data.places[p];
        marker = this._markers[p] = L.circleMarker([place[LAT], place[LON]], { renderer: this._renderer });
        marker.flPlace = p;
      }
      if (marker.flClaim !== claim) {
        marker.flClaim = claim;
        marker.setStyle(this._claimStyle(this._data.claims[claim]));
      }
      if (!this._shown.hasLayer(marker)) this._shown.addLayer(marker);
    },

    _claimStyle: function (row) {
      var style = this.options.style, data = this._data;
      var kind = style.kinds[data.kinds[row[KIND]]], side = style.sides[data.sides[row[SIDE]]];
      var fill = kind.fillOpacity;
      if (row[PERCENT] !== null) fill = 0.1 + 0.8 * row[PERCENT] / 100;
      return { radius: kind.radius, weight: kind.weight, dashArray: kind.dashArray, opacity: 1,
               color: side.color, fillColor: side.color, fillOpacity: fill };
    },

    _filters: function () {
      var opts = this.options;
      return Object.keys(opts.sides).map(function (k) { return opts.sides[k]; })
        .concat(Object.keys(opts.kinds).map(function (k) { return opts.kinds[k]; }));
    },

    /* Encirclement areas and contradiction rings: real layers of their own groups, each
     * added once the chosen day reaches the date it was claimed. */
    _buildMarks: function () {
      var data = this._data, opts = this.options, style = opts.style, self = this;
      if (this._marks.length) return;
      data.areas.forEach(function (area) {
        var color = style.sides[data.sides[area[1]]].color;
        // Not interactive: an SVG area above the marker canvas would swallow its clicks.
        var polygon = L.polygon(area[2], { color: color, fillColor: color, weight: style.area.weight,
                                           fillOpacity: style.area.fillOpacity, dashArray: style.area.dashArray,
                                           interactive: false });
        self._marks.push({ day: area[0], layer: polygon, group: opts.areas });
      });
      data.contradictions.forEach(function (row) {
        var place = data.places[row[0]], c = style.contradiction;
        var ring = L.circleMarker([place[LAT], place[LON]], { renderer: self._renderer, radius: c.radius,
          color: c.color, weight: c.weight, fill: false, interactive: false });
        self._marks.push({ day: row[1], layer: ring, group: opts.contradictions });
      });
    },

    _onDay: function (e) {
      this.setDay(e.day);
    },

    _onClick: function (e) {
      this.openTimeline(e.layer.flPlace);
    },

    _onHover: function (e) {
      var marker = e.layer, label = this._label(marker.flClaim, this._data.places[marker.flPlace]);
      if (marker.getTooltip()) marker.setTooltipContent(label); else marker.bindTooltip(label);
      marker.openTooltip();
    },

    _label: function (i, place) {
      var row = this._data.claims[i], style = this.options.style, data = this._data;
      var text = place[NAME] + ": " + style.kinds[data.kinds[row[KIND]]].label;
      if (row[PERCENT] !== null) text += " " + row[PERCENT] + "%";
      return el("div", "fl-label", text + " (" + data.sides[row[SIDE]] + ", " + isoDate(row[DAY]) + ")");
    },

    _placeIndex: function (name) {
      var places = this._data.places;
      for (var p = 0; p < places.length; p++) if (places[p][NAME] === name) return p;
      return -1;
    },

    openTimeline: function (p) {
      var place = this._data.places[p];
      this._popup.setLatLng([place[LAT], place[LON]]).setContent(this._timeline(p)).openOn(this._map);
    },

    /* The popup: every claim about a settlement, oldest first; claims after the chosen day
     * are greyed, since the map shows the claims as they stood that day. */
    _timeline: function (p) {
      var data = this._data, str = data.strings, place = data.places[p], style = this.options.style;
      var root = el("div", "fl-timeline");
      root.appendChild(el("div", "fl-place", place[NAME]));
      if (place[ADMIN1]) root.appendChild(el("div", "fl-admin", str[place[ADMIN1]]));
      var list = root.appendChild(el("ol", "fl-claims"));
      for (var i = place[FIRST]; i < place[FIRST] + place[COUNT]; i++) {
        var row = data.claims[i], side = data.sides[row[SIDE]];
        var item = list.appendChild(el("li", "fl-claim fl-side-" + side + (row[DAY] > this._day ? " fl-later" : "")));
        var when = isoDate(row[DAY]) + (row[UNTIL] === null ? "" : " \u2013 " + isoDate(row[UNTIL]));
        item.appendChild(el("time", "fl-date", when));
        item.appendChild(el("span", "fl-claimant", str[row[CLAIMANT]] + " (" + side + ")"));
        item.appendChild(el("span", "fl-kind", this._what(row, style)));
        var url = str[row[URL]], source;
        if (url && /^https?:\/\//i.test(url)) {
          source = el("a", "fl-source", str[row[SOURCE]]);
          source.href = url;
          source.target = "_blank";
          source.rel = "noopener noreferrer";
        } else {
          source = el("span", "fl-source", str[row[SOURCE]]);
        }
        item.appendChild(source);
        if (row[QUOTE]) item.appendChild(el("q", "fl-quote", str[row[QUOTE]]));
      }
      return root;
    },

    _what: function (row, style) {
      var text = style.kinds[this._data.kinds[row[KIND]]].label;
      if (row[PERCENT] !== null) text += " " + row[PERCENT] + "%";
      if (row[QUALIFIER]) text += " (" + this._data.strings[row[QUALIFIER]] + ")";
      if (row[CONTROLLER] >= 0) text += ", held by " + this._data.sides[row[CONTROLLER]];
      return text;
    },

    /* Search records: "name (oblast)" -> location, for leaflet-search. */
    searchRecords: function () {
      if (!this._data) return {};
      if (!this._records) {
        var records = {}, data = this._data;
        data.places.forEach(function (place, p) {
          var key = place[NAME] + (place[ADMIN1] ? " (" + data.strings[place[ADMIN1]] + ")" : "");
          for (var n = 2; records.hasOwnProperty(key); n++) key = key.replace(/ #\d+$/, "") + " #" + n;
          records[key] = L.latLng(place[LAT], place[LON]);
          records[key].flPlace = p;
        });
        this._records = records;
      }
      return this._records;
    }
  });

  /* A slider over the dates on which claims were made; moving it redraws the map as the
   * claims stood that day. */
  var TimeControl = L.Control.extend({
    options: { position: "bottomleft" },

    initialize: function (days, day, options) {
      L.setOptions(this, options);
      this._days = days;
      this._index = Math.max(0, days.indexOf(day));
    },

    onAdd: function (map) {
      var box = el("div", "leaflet-bar fl-time");
      box.appendChild(el("span", "fl-time-label", "Claims as of "));
      var output = box.appendChild(el("output", "fl-time-date", isoDate(this._days[this._index])));
      var input = box.appendChild(el("input", "fl-time-slider"));
      input.type = "range";
      input.min = 0;
      input.max = this._days.length - 1;
      input.value = this._index;
      input.setAttribute("aria-label", "Date");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(input, "input change", function () {
        var day = this._days[Number(input.value)];
        output.textContent = isoDate(day);
        map.fire("frontline:day", { day: day });
      }, this);
      return box;
    }
  });

  /* The packed data of a <script type="application/gzip+base64" id=...> element: base64,
   * then gzip (DecompressionStream), then JSON. Returns a promise. */
  function unpack(id) {
    var text = document.getElementById(id).textContent, bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(text);
    } else {  // browsers before 2025
      var binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  window.frontline = { ClaimLayer: ClaimLayer, TimeControl: TimeControl, unpack: unpack };
})();
