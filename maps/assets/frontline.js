/* frontline: settlements painted from the claim columns onto one canvas, filtered by
 * claimant side, kind and date; clicks and hovers are hit-tested on a grid of screen cells.
 * Nothing is created per settlement: popups and tooltips are built on demand (timeline.js).
 * Data comes from maps/popups.py. */
(function () {
  "use strict";
  var DAY_MS = 864e5;
  var COORDINATE_SCALE = 1e5;  // maps/popups.py COORDINATE_SCALE
  var CELL = 16;               // hit-test grid cell, in CSS pixels; above any marker radius
  var FULL_CIRCLE = 2 * Math.PI;

  function isoDate(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function dashes(pattern) {
    return pattern ? pattern.split(" ").map(Number) : [];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* One canvas over the view plus padding (options.padding: share of the view drawn beyond
   * each edge, so that a pan shows the drawing before it ends), redrawn by _draw after each
   * move and scaled during zoom animations. Base of the claim layer and the basemap. */
  var CanvasLayer = L.Layer.extend({
    options: { padding: 0.25, className: "fl-canvas" },

    onAdd: function () {
      this._canvas = L.DomUtil.create("canvas", this.options.className + " leaflet-zoom-" + (this._zoomAnimated ? "animated" : "hide"));
      this.getPane().appendChild(this._canvas);
    },

    onRemove: function () {
      L.DomUtil.remove(this._canvas);
    },

    getEvents: function () {
      var events = { moveend: this._draw };
      if (this._zoomAnimated) events.zoomanim = this._animateZoom;
      return events;
    },

    /* Size the canvas to the view plus padding and clear it. Returns its 2D context and the
     * view: a world pixel (zoom 0) x, y is drawn at x * scale + dx, y * scale + dy. */
    _frame: function () {
      var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.options.padding).round();
      var min = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      var width = size.x + 2 * pad.x, height = size.y + 2 * pad.y, ratio = window.devicePixelRatio || 1;
      var canvas = this._canvas, ctx = canvas.getContext("2d");
      L.DomUtil.setPosition(canvas, min);
      canvas.width = width * ratio;
      canvas.height = height * ratio;
      canvas.style.width = width + "px";
      canvas.style.height = height + "px";
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._origin = min;
      this._bounds = L.latLngBounds(map.layerPointToLatLng(min), map.layerPointToLatLng(min.add([width, height])));
      var origin = map.getPixelOrigin(), scale = map.getZoomScale(map.getZoom(), 0);
      return { ctx: ctx, view: { scale: scale, dx: -origin.x - min.x, dy: -origin.y - min.y, width: width, height: height } };
    },

    _animateZoom: function (e) {
      var offset = this._map._latLngBoundsToNewLayerBounds(this._bounds, e.zoom, e.center).min;
      L.DomUtil.setTransform(this._canvas, offset, this._map.getZoomScale(e.zoom));
    }
  });

  var ClaimLayer = CanvasLayer.extend({
    // options: day, style, sides {side: layer}, kinds {kind: layer}, areas, contradictions
    // (the last four are empty FeatureGroups used as switches).
    options: { pane: "overlayPane" },

    initialize: function (options) {
      L.setOptions(this, options);
      this._data = null;
      this._day = options.day;
      this._popup = L.popup({ maxWidth: 380, maxHeight: 320, className: "fl-popup" });
      this._tooltip = L.tooltip({ direction: "top", offset: [0, -6] });
      this._hover = -1;
      this._sprites = {};
      this._counts = { places: 0, areas: 0, contradictions: 0 };
    },

    /* Draw the data once the promise (frontline.unpack) gives it. */
    load: function (promise) {
      var self = this;
      return promise.then(function (data) {
        self._data = data;
        self._prepare(data);
        if (self._map) self.redraw();
        self.fire("load");
      }).catch(function (error) {
        console.error("frontline: cannot read the map data", error);
      });
    },

    onAdd: function (map) {
      CanvasLayer.prototype.onAdd.call(this, map);
      this._switches().forEach(function (layer) { layer.on("add remove", this.redraw, this); }, this);
      map.on("frontline:day", this._onDay, this);
      if (this._data) this.redraw();
    },

    onRemove: function (map) {
      this._switches().forEach(function (layer) { layer.off("add remove", this.redraw, this); }, this);
      map.off("frontline:day", this._onDay, this);
      map.closeTooltip(this._tooltip);
      CanvasLayer.prototype.onRemove.call(this, map);
    },

    getEvents: function () {
      return L.extend(CanvasLayer.prototype.getEvents.call(this),
                      { click: this._onClick, mousemove: this._onMove, mouseout: this._onOut });
    },

    /* Number of settlements drawn now, whatever part of the map is in view. */
    shownCount: function () {
      return this._counts.places;
    },

    /* Encirclement areas and contradiction rings drawn now. */
    shownMarks: function () {
      return { areas: this._counts.areas, contradictions: this._counts.contradictions };
    },

    isShown: function (name) {
      var p = this._placeIndex(name);
      return p >= 0 && this._visible[p] >= 0;
    },

    /* Container pixel of a settlement, for clicking it. */
    pointOf: function (name) {
      return this._map.layerPointToContainerPoint(this._layerPoint(this._placeIndex(name)));
    },

    setDay: function (day) {
      this._day = day;
      this.redraw();
    },

    redraw: function () {
      if (!this._map || !this._data) return;
      this._filter();
      this._draw();
    },

    /* Typed copies of what drawing reads, and each place's world pixel at zoom 0. */
    _prepare: function (data) {
      var places = data.places, n = places.name.length;
      this._first = new Int32Array(n + 1);
      for (var p = 0; p < n; p++) this._first[p + 1] = this._first[p] + places.count[p];
      this._visible = new Int32Array(n).fill(-1);
      this._latest = new Int32Array(data.sides.length);
      this._drawn = new Int32Array(n);
      this._cells = new Int32Array(n);
      this._px = new Float32Array(n);
      this._py = new Float32Array(n);
      this._claimDay = Int32Array.from(data.claims.day);
      this._claimSide = Int32Array.from(data.claims.side);
      this._claimKind = Int32Array.from(data.claims.kind);
      this._world = null;  // projected on first draw, when the map (and its CRS) is known
    },

    _project: function () {
      var crs = this._map.options.crs, data = this._data, places = data.places, n = places.name.length;
      var x = new Float64Array(n), y = new Float64Array(n), point;
      for (var p = 0; p < n; p++) {
        point = crs.latLngToPoint(L.latLng(places.lat[p] / COORDINATE_SCALE, places.lon[p] / COORDINATE_SCALE), 0);
        x[p] = point.x;
        y[p] = point.y;
      }
      var areas = data.areas.rings.map(function (rings) {
        return rings.map(function (ring) {
          var flat = new Float64Array(ring.length);
          for (var i = 0; i < ring.length; i += 2) {
            point = crs.latLngToPoint(L.latLng(ring[i] / COORDINATE_SCALE, ring[i + 1] / COORDINATE_SCALE), 0);
            flat[i] = point.x;
            flat[i + 1] = point.y;
          }
          return flat;
        });
      });
      this._world = { x: x, y: y, areas: areas };
    },

    /* Which claim each place shows, from the switches and the day. */
    _filter: function () {
      var map = this._map, data = this._data, opts = this.options, shown = 0;
      var sideOn = data.sides.map(function (s) { return map.hasLayer(opts.sides[s]); });
      var kindOn = data.kinds.map(function (k) { return map.hasLayer(opts.kinds[k]); });
      for (var p = 0; p < this._visible.length; p++) {
        this._visible[p] = this._visibleClaim(p, sideOn, kindOn);
        if (this._visible[p] >= 0) shown++;
      }
      this._counts.places = shown;
      this._counts.areas = map.hasLayer(opts.areas) ? this._due(data.areas.day) : 0;
      this._counts.contradictions = map.hasLayer(opts.contradictions) ? this._due(data.contradictions.day) : 0;
    },

    _due: function (days) {
      var due = 0;
      for (var i = 0; i < days.length; i++) if (days[i] <= this._day) due++;
      return due;
    },

    /* Per claimant side the latest claim made by the chosen day; of those whose side and
     * kind are switched on, the latest. -1 when none. */
    _visibleClaim: function (p, sideOn, kindOn) {
      var day = this._claimDay, side = this._claimSide, kind = this._claimKind, latest = this._latest;
      var best = -1, i, s;
      latest.fill(-1);
      for (i = this._first[p]; i < this._first[p + 1] && day[i] <= this._day; i++) latest[side[i]] = i;
      for (s = 0; s < latest.length; s++) {
        i = latest[s];
        if (i >= 0 && sideOn[s] && kindOn[kind[i]] &&
            (best < 0 || day[i] > day[best] || (day[i] === day[best] && i > best))) {
          best = i;
        }
      }
      return best;
    },

    _layerPoint: function (p) {
      var map = this._map, scale = map.getZoomScale(map.getZoom(), 0), origin = map.getPixelOrigin();
      if (!this._world) this._project();
      return L.point(this._world.x[p] * scale - origin.x, this._world.y[p] * scale - origin.y);
    },

    /* Paint areas, settlements and contradiction rings over the view plus padding, and
     * file each settlement drawn under its grid cell for hit-testing. */
    _draw: function () {
      if (!this._map || !this._data) return;
      if (!this._world) this._project();
      var frame = this._frame(), ctx = frame.ctx, view = frame.view;
      if (this._counts.areas) this._drawAreas(ctx, view);
      this._drawPlaces(ctx, view);
      if (this._counts.contradictions) this._drawRings(ctx, view);
    },

    /* Each area its own path (one path of thousands of areas rasterizes far slower);
     * vertices less than a pixel from the last one drawn are skipped, since at small
     * scales an area is a few pixels wide. */
    _drawAreas: function (ctx, view) {
      var data = this._data, style = this.options.style, world = this._world, areas = data.areas;
      ctx.lineWidth = style.area.weight;
      for (var a = 0; a < areas.day.length; a++) {
        if (areas.day[a] > this._day) continue;
        ctx.beginPath();
        world.areas[a].forEach(function (ring) {
          var x = ring[0] * view.scale + view.dx, y = ring[1] * view.scale + view.dy, nx, ny;
          ctx.moveTo(x, y);
          for (var i = 2; i < ring.length; i += 2) {
            nx = ring[i] * view.scale + view.dx;
            ny = ring[i + 1] * view.scale + view.dy;
            if (Math.abs(nx - x) + Math.abs(ny - y) < 1.5) continue;
            ctx.lineTo(nx, ny);
            x = nx;
            y = ny;
          }
          ctx.closePath();
        });
        ctx.fillStyle = ctx.strokeStyle = style.sides[data.sides[areas.side[a]]].color;
        ctx.globalAlpha = style.area.fillOpacity;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.setLineDash(areas.approximate[a].length ? dashes(style.area.approximateDash) : []);
        ctx.stroke();
      }
      ctx.setLineDash([]);
    },

    /* The latest area shown under a layer point (the one drawn on top); -1 when none. Even-odd
     * ray casting over its rings in world pixels. */
    _areaAt: function (layerPoint) {
      if (!this._counts.areas) return -1;
      var map = this._map, scale = map.getZoomScale(map.getZoom(), 0), origin = map.getPixelOrigin();
      var x = (layerPoint.x + origin.x) / scale, y = (layerPoint.y + origin.y) / scale, areas = this._data.areas;
      for (var a = areas.day.length - 1; a >= 0; a--) {
        if (areas.day[a] > this._day) continue;
        var inside = false;
        this._world.areas[a].forEach(function (ring) {
          for (var i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
            if ((ring[i + 1] > y) !== (ring[j + 1] > y) &&
                x < (ring[j] - ring[i]) * (y - ring[i + 1]) / (ring[j + 1] - ring[i + 1]) + ring[i]) inside = !inside;
          }
        });
        if (inside) return a;
      }
      return -1;
    },

    /* Each settlement is one copy of a small pre-drawn image of its look: far faster than
     * filling and stroking thousands of circles. */
    _drawPlaces: function (ctx, view) {
      var world = this._world, drawn = 0, sprite;
      var cols = Math.ceil(view.width / CELL), rows = Math.ceil(view.height / CELL);
      for (var p = 0; p < this._visible.length; p++) {
        var i = this._visible[p];
        if (i < 0) continue;
        var x = Math.round(world.x[p] * view.scale + view.dx), y = Math.round(world.y[p] * view.scale + view.dy);
        if (x < -CELL || y < -CELL || x > view.width + CELL || y > view.height + CELL) continue;
        this._px[p] = x;
        this._py[p] = y;
        sprite = this._sprite(i, p);
        ctx.globalAlpha = this.isFaded(i) ? this.options.style.lowConfidence.opacity : 1;
        ctx.drawImage(sprite.canvas, x - sprite.half, y - sprite.half, sprite.size, sprite.size);
        var cx = Math.min(cols - 1, Math.max(0, Math.floor(x / CELL)));
        var cy = Math.min(rows - 1, Math.max(0, Math.floor(y / CELL)));
        this._drawn[drawn] = p;
        this._cells[drawn++] = cy * cols + cx;
      }
      ctx.globalAlpha = 1;
      this._index(drawn, cols, rows);
    },

    /* Whether a place is drawn at the centre of its hromada, raion or oblast. */
    isApproximate: function (p) {
      var precision = this._data.strings[this._data.places.precision[p]];
      return precision !== null && precision !== "exact";
    },

    /* Whether the extraction model gave a claim a low confidence. */
    isFaded: function (i) {
      var confidence = this._data.claims.confidence[i];
      return confidence !== null && confidence < this.options.style.lowConfidence.below;
    },

    /* The image of a claim's look, drawn once per side, kind, fill and precision: an
     * approximate place gets a dotted ring around its marker. */
    _sprite: function (i, p) {
      var claims = this._data.claims, approximate = this.isApproximate(p);
      var key = claims.side[i] + ":" + claims.kind[i] + ":" + claims.percent[i] + ":" + approximate;
      var sprite = this._sprites[key];
      if (sprite) return sprite;
      var look = this._look(i), ring = this.options.style.approximate, ratio = window.devicePixelRatio || 1;
      var reach = approximate ? look.radius + ring.gap + ring.weight / 2 : look.radius + look.weight / 2;
      var half = Math.ceil(reach) + 1, canvas = document.createElement("canvas");
      canvas.width = canvas.height = 2 * half * ratio;
      var ctx = canvas.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      ctx.arc(half, half, look.radius, 0, FULL_CIRCLE);
      ctx.globalAlpha = look.fillOpacity;
      ctx.fillStyle = look.color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = look.color;
      ctx.lineWidth = look.weight;
      ctx.setLineDash(dashes(look.dashArray));
      ctx.stroke();
      if (approximate) {
        ctx.beginPath();
        ctx.arc(half, half, look.radius + ring.gap, 0, FULL_CIRCLE);
        ctx.lineWidth = ring.weight;
        ctx.setLineDash(dashes(ring.dashArray));
        ctx.stroke();
      }
      return (this._sprites[key] = { canvas: canvas, half: half, size: 2 * half });
    },

    /* Counting sort of the drawn settlements by grid cell. */
    _index: function (drawn, cols, rows) {
      var start = new Int32Array(cols * rows + 1), members = new Int32Array(drawn), c;
      for (c = 0; c < drawn; c++) start[this._cells[c] + 1]++;
      for (c = 0; c < cols * rows; c++) start[c + 1] += start[c];
      var next = start.slice(0, cols * rows);
      for (c = 0; c < drawn; c++) members[next[this._cells[c]]++] = this._drawn[c];
      this._grid = { cols: cols, rows: rows, start: start, members: members };
    },

    _drawRings: function (ctx, view) {
      var data = this._data, c = this.options.style.contradiction, world = this._world;
      ctx.beginPath();
      for (var r = 0; r < data.contradictions.day.length; r++) {
        if (data.contradictions.day[r] > this._day) continue;
        var p = data.contradictions.place[r];
        var x = world.x[p] * view.scale + view.dx, y = world.y[p] * view.scale + view.dy;
        ctx.moveTo(x + c.radius, y);
        ctx.arc(x, y, c.radius, 0, FULL_CIRCLE);
      }
      ctx.strokeStyle = c.color;
      ctx.lineWidth = c.weight;
      ctx.stroke();
    },

    /* How a claim is drawn: its side's colour, its kind's shape, a partial claim's fill
     * following its percentage. */
    _look: function (i) {
      var style = this.options.style, data = this._data, claims = data.claims;
      var kind = style.kinds[data.kinds[claims.kind[i]]], percent = claims.percent[i];
      return { radius: kind.radius, weight: kind.weight, dashArray: kind.dashArray,
               color: style.sides[data.sides[claims.side[i]]].color,
               fillOpacity: percent === null ? kind.fillOpacity : 0.1 + 0.8 * percent / 100 };
    },

    /* The settlement drawn under a layer point, nearest first; -1 when none. */
    _hit: function (layerPoint) {
      var grid = this._grid;
      if (!grid) return -1;
      var x = layerPoint.x - this._origin.x, y = layerPoint.y - this._origin.y;
      var cx = Math.floor(x / CELL), cy = Math.floor(y / CELL), best = -1, bestDistance = Infinity;
      for (var gy = Math.max(0, cy - 1); gy <= Math.min(grid.rows - 1, cy + 1); gy++) {
        for (var gx = Math.max(0, cx - 1); gx <= Math.min(grid.cols - 1, cx + 1); gx++) {
          var cell = gy * grid.cols + gx;
          for (var m = grid.start[cell]; m < grid.start[cell + 1]; m++) {
            var p = grid.members[m], look = this._look(this._visible[p]);
            var distance = Math.pow(this._px[p] - x, 2) + Math.pow(this._py[p] - y, 2);
            var reach = look.radius + look.weight / 2;
            if (distance <= reach * reach && distance < bestDistance) {
              best = p;
              bestDistance = distance;
            }
          }
        }
      }
      return best;
    },

    _onDay: function (e) {
      this.setDay(e.day);
    },

    _onClick: function (e) {
      var p = this._hit(e.layerPoint), a;
      if (p >= 0) {
        this.openTimeline(p);
      } else if ((a = this._areaAt(e.layerPoint)) >= 0) {
        this._popup.setLatLng(e.latlng).setContent(this._areaText(a)).openOn(this._map);
      }
    },

    _onMove: function (e) {
      this._setHover(this._hit(e.layerPoint));
    },

    _onOut: function () {
      this._setHover(-1);
    },

    /* Hovering a settlement shows its label and a pointer. */
    _setHover: function (p) {
      if (p === this._hover) return;
      this._hover = p;
      this._map.getContainer().style.cursor = p >= 0 ? "pointer" : "";
      if (p < 0) {
        this._map.closeTooltip(this._tooltip);
      } else {
        this._tooltip.setLatLng(this._latLng(p)).setContent(this._label(this._visible[p], p));
        this._map.openTooltip(this._tooltip);
      }
    },

    _latLng: function (p) {
      var places = this._data.places;
      return L.latLng(places.lat[p] / COORDINATE_SCALE, places.lon[p] / COORDINATE_SCALE);
    },

    _placeIndex: function (name) {
      return this._data.places.name.indexOf(name);
    },

    _switches: function () {
      var opts = this.options;
      return Object.keys(opts.sides).map(function (k) { return opts.sides[k]; })
        .concat(Object.keys(opts.kinds).map(function (k) { return opts.kinds[k]; }))
        .concat([opts.areas, opts.contradictions]);
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

  window.frontline = { CanvasLayer: CanvasLayer, ClaimLayer: ClaimLayer, TimeControl: TimeControl, unpack: unpack,
                       isoDate: isoDate, el: el };
})();
