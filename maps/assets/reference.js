/* frontline: a reference layer of assessed control, following the time slider: the area
 * its holder held on the latest reference date on or before the chosen day, and rings
 * round the places claimed but not (yet) confirmed by then. Data from maps/layers.py
 * reference_layer; loaded after frontline.js. */
(function () {
  "use strict";
  var COORDINATE_SCALE = 1e5;

  var ReferenceLayer = L.Layer.extend({
    // options: day, style, area (FeatureGroup for the area), ahead (FeatureGroup for the rings)
    initialize: function (options) {
      L.setOptions(this, options);
      this._day = options.day;
      this._data = null;
      this._shown = -1;
    },

    load: function (promise) {
      var self = this;
      return promise.then(function (data) {
        self._data = data;
        self._polygons = data.areas.rings.map(function (rings) {
          return rings.map(function (polygon) {
            return polygon.map(function (ring) {
              var latlngs = [];
              for (var i = 0; i < ring.length; i += 2) latlngs.push([ring[i] / COORDINATE_SCALE, ring[i + 1] / COORDINATE_SCALE]);
              return latlngs;
            });
          });
        });
        self._area = L.polygon([], self.options.style.area).addTo(self.options.area);
        self._area.bindTooltip("");
        self._rings = data.ahead.lat.map(function (lat, r) {
          return new L.CircleMarker([lat / COORDINATE_SCALE, data.ahead.lon[r] / COORDINATE_SCALE], self.options.style.ahead);
        });
        self.setDay(self._day);
        self.fire("load");
      }).catch(function (error) {
        console.error("frontline: cannot read the reference data", error);
      });
    },

    onAdd: function (map) {
      map.on("frontline:day", this._onDay, this);
    },

    onRemove: function (map) {
      map.off("frontline:day", this._onDay, this);
    },

    _onDay: function (e) {
      this.setDay(e.day);
    },

    /* The reference date shown for a day: the latest on or before it, -1 before the first. */
    dateIndex: function (day) {
      var days = this._data.areas.day, shown = -1;
      for (var i = 0; i < days.length && days[i] <= day; i++) shown = i;
      return shown;
    },

    setDay: function (day) {
      this._day = day;
      if (!this._data) return;
      var index = this.dateIndex(day), data = this._data;
      this._shown = index;
      this._area.setLatLngs(index >= 0 ? this._polygons[index] : []);
      this._area.setTooltipContent(frontline.el("span", null, index >= 0 ? data.name + ": held by " + data.holder +
                                                " on " + frontline.isoDate(data.areas.day[index]) : ""));
      var ahead = data.ahead;
      for (var r = 0; r < this._rings.length; r++) {
        var on = ahead.from[r] <= day && (ahead.to[r] === null || day < ahead.to[r]);
        if (on && !this.options.ahead.hasLayer(this._rings[r])) this.options.ahead.addLayer(this._rings[r]);
        if (!on && this.options.ahead.hasLayer(this._rings[r])) this.options.ahead.removeLayer(this._rings[r]);
      }
    },

    /* For tests: the reference date drawn (ISO) and the number of places ringed ahead. */
    shown: function () {
      var ahead = 0;
      for (var r = 0; r < (this._rings || []).length; r++) if (this.options.ahead.hasLayer(this._rings[r])) ahead++;
      return { date: this._shown >= 0 ? frontline.isoDate(this._data.areas.day[this._shown]) : null, ahead: ahead,
               vertices: this._shown >= 0 ? this._area.getLatLngs().length : 0 };
    }
  });

  frontline.ReferenceLayer = ReferenceLayer;
})();
