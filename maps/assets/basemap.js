/* frontline: the offline basemap — land, state border, oblast and raion outlines, rivers,
 * lakes and town names — painted on one canvas in a pane under the tiles, so that it is the
 * map's background when no tiles are chosen and shows through wherever tiles do not load.
 * Data comes from maps/data/basemap.json.gz (maps/basemap_build.py). Loaded after frontline.js. */
(function () {
  "use strict";
  var CELL = 64;  // label collision grid cell, in CSS pixels

  var BaseMap = frontline.CanvasLayer.extend({
    // options.style: per layer {color, weight, fill, minZoom}, labels {color, halo, fonts,
    // minZooms (per rank)}; see maps/style.py BASEMAP.
    options: { pane: "flBase", zIndex: 150, className: "fl-canvas fl-basemap" },

    initialize: function (options) {
      L.setOptions(this, options);
      this._data = null;
      this._shown = { lines: {}, labels: [] };
    },

    beforeAdd: function (map) {
      if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = this.options.zIndex;
    },

    onAdd: function (map) {
      frontline.CanvasLayer.prototype.onAdd.call(this, map);
      this._draw();
    },

    /* Draw the data once the promise (frontline.unpack) gives it. */
    load: function (promise) {
      var self = this;
      return promise.then(function (data) {
        self._data = data;
        self._world = null;
        if (self._map && self._map.attributionControl) self._map.attributionControl.addAttribution(data.attribution);
        self._draw();
        self.fire("load");
      }).catch(function (error) {
        console.error("frontline: cannot read the basemap", error);
      });
    },

    /* What the last drawing showed: lines per layer and the names of the labels. */
    shown: function () {
      return { lines: L.extend({}, this._shown.lines), labels: this._shown.labels.slice() };
    },

    /* Each line decoded once into world pixels at zoom 0, with its bounding box. */
    _project: function () {
      var crs = this._map.options.crs, data = this._data, scale = data.scale, world = {};
      Object.keys(data.lines).forEach(function (layer) {
        world[layer] = data.lines[layer].map(function (coded) {
          var flat = new Float64Array(coded.length), lat = 0, lon = 0, point;
          var box = [Infinity, Infinity, -Infinity, -Infinity];
          for (var i = 0; i < coded.length; i += 2) {
            lat += coded[i];
            lon += coded[i + 1];
            point = crs.latLngToPoint(L.latLng(lat / scale, lon / scale), 0);
            flat[i] = point.x;
            flat[i + 1] = point.y;
            box = [Math.min(box[0], point.x), Math.min(box[1], point.y), Math.max(box[2], point.x), Math.max(box[3], point.y)];
          }
          return { flat: flat, box: box };
        });
      });
      var labels = data.labels;
      world.labels = labels.name.map(function (name, i) {
        return crs.latLngToPoint(L.latLng(labels.lat[i] / scale, labels.lon[i] / scale), 0);
      });
      this._world = world;
    },

    _draw: function () {
      if (!this._map || !this._data) return;
      if (!this._world) this._project();
      var frame = this._frame(), ctx = frame.ctx, view = frame.view, style = this.options.style;
      var zoom = this._map.getZoom();
      this._shown = { lines: {}, labels: [] };
      ctx.lineJoin = ctx.lineCap = "round";
      this._paint(ctx, view, "land", style.land, true);
      this._paint(ctx, view, "lake", style.lake, true);
      ["raion", "lake", "river", "oblast", "land"].forEach(function (layer) {
        if (zoom >= (style[layer].minZoom || 0)) this._paint(ctx, view, layer, style[layer], false);
      }, this);
      this._drawLabels(ctx, view, zoom);
    },

    /* One layer's lines as one path: filled (land, lakes) or stroked; lines outside the
     * view are skipped, and so are vertices less than a pixel from the last one drawn. */
    _paint: function (ctx, view, layer, look, fill) {
      var lines = this._world[layer], drawn = 0;
      ctx.beginPath();
      for (var n = 0; n < lines.length; n++) {
        var line = lines[n], box = line.box, ring = line.flat;
        if (box[2] * view.scale + view.dx < 0 || box[0] * view.scale + view.dx > view.width ||
            box[3] * view.scale + view.dy < 0 || box[1] * view.scale + view.dy > view.height) continue;
        var x = ring[0] * view.scale + view.dx, y = ring[1] * view.scale + view.dy, nx, ny;
        ctx.moveTo(x, y);
        for (var i = 2; i < ring.length; i += 2) {
          nx = ring[i] * view.scale + view.dx;
          ny = ring[i + 1] * view.scale + view.dy;
          if (i < ring.length - 2 && Math.abs(nx - x) + Math.abs(ny - y) < 1) continue;
          ctx.lineTo(nx, ny);
          x = nx;
          y = ny;
        }
        drawn++;
      }
      if (fill) {
        ctx.fillStyle = look.fill;
        ctx.fill("evenodd");
      } else {
        ctx.strokeStyle = look.color;
        ctx.lineWidth = look.weight;
        ctx.stroke();
      }
      this._shown.lines[layer] = drawn;
    },

    /* Town names, largest first, each only where no name drawn before it stands (a grid
     * of cells holds the boxes drawn), and only from its rank's zoom on. */
    _drawLabels: function (ctx, view, zoom) {
      var labels = this._data.labels, points = this._world.labels, look = this.options.style.labels;
      var grid = {}, shown = this._shown.labels;
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = look.halo;
      for (var i = 0; i < labels.name.length; i++) {
        var rank = labels.rank[i];
        if (zoom < look.minZooms[rank]) continue;
        var x = points[i].x * view.scale + view.dx, y = points[i].y * view.scale + view.dy;
        if (x < 0 || y < 0 || x > view.width || y > view.height) continue;
        ctx.font = look.fonts[rank];
        var width = ctx.measureText(labels.name[i]).width, height = look.sizes[rank];
        var box = [x - 3, y - height / 2 - 2, x + 6 + width, y + height / 2 + 2];
        if (collides(grid, box)) continue;
        file(grid, box);
        ctx.fillStyle = look.color;
        ctx.fillRect(x - 2, y - 2, 4, 4);
        ctx.strokeText(labels.name[i], x + 5, y);
        ctx.fillText(labels.name[i], x + 5, y);
        shown.push(labels.name[i]);
      }
    }
  });

  function cells(box, visit) {
    for (var gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
      for (var gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
        if (visit(gx + ":" + gy)) return true;
      }
    }
    return false;
  }

  function collides(grid, box) {
    return cells(box, function (cell) {
      return (grid[cell] || []).some(function (other) {
        return box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3];
      });
    });
  }

  function file(grid, box) {
    cells(box, function (cell) { (grid[cell] = grid[cell] || []).push(box); });
  }

  frontline.BaseMap = BaseMap;
})();
