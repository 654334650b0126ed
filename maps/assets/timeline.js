/* frontline: what a settlement's claims read as, built on demand — its hover label, its
 * timeline popup and the search records. Article text is only ever put into the page with
 * textContent, never as markup. Loaded after frontline.js. */
(function () {
  "use strict";
  var isoDate = frontline.isoDate, el = frontline.el;

  frontline.ClaimLayer.include({
    _label: function (i, p) {
      var data = this._data, claims = data.claims;
      return el("div", "fl-label", data.places.name[p] + ": " + this._kindText(i) +
                " (" + data.sides[claims.side[i]] + ", " + isoDate(claims.day[i]) + ")" +
                (this.isApproximate(p) ? " \u00b7 location approximate" : "") +
                (this.isFaded(i) ? " \u00b7 low confidence" : ""));
    },

    /* "Location approximate: centre of the hromada of X (Oblast)", from the place's
     * precision, name and oblast. */
    _approximateText: function (p) {
      var data = this._data, places = data.places, str = data.strings;
      var precision = str[places.precision[p]], oblast = str[places.admin1[p]];
      var where = precision === "oblast" ? (oblast ? oblast + " oblast" : "its oblast")
        : "the " + precision + " of " + places.name[p] + (oblast ? " (" + oblast + ")" : "");
      return "Location approximate: centre of " + where;
    },

    /* An encirclement area's popup: who claims it since when, its places, its buffer, and
     * the places whose points are only their unit's centre. */
    _areaText: function (a) {
      var data = this._data, areas = data.areas, style = this.options.style.area;
      var root = el("div", "fl-timeline fl-area");
      root.appendChild(el("div", "fl-place", "Encirclement claimed by " + data.sides[areas.side[a]] +
                          " since " + isoDate(areas.day[a])));
      root.appendChild(el("div", "fl-admin", "Hull of " + areas.places[a].join(", ") + ", buffered " +
                          style.bufferKm + " km"));
      if (areas.approximate[a].length) {
        root.appendChild(el("div", "fl-approximate", "Rests on approximate locations (their hromada's, raion's or " +
                            "oblast's centre): " + areas.approximate[a].join(", ")));
      }
      return root;
    },

    _kindText: function (i) {
      var data = this._data, text = this.options.style.kinds[data.kinds[data.claims.kind[i]]].label;
      if (data.claims.percent[i] !== null) text += " " + data.claims.percent[i] + "%";
      return text;
    },

    openTimeline: function (p) {
      this._popup.setLatLng(this._latLng(p)).setContent(this._timeline(p)).openOn(this._map);
    },

    /* The popup: every claim about a settlement, oldest first; claims after the chosen day
     * are greyed, since the map shows the claims as they stood that day. */
    _timeline: function (p) {
      var data = this._data, str = data.strings, places = data.places, c = data.claims;
      var root = el("div", "fl-timeline");
      root.appendChild(el("div", "fl-place", places.name[p]));
      if (places.admin1[p]) root.appendChild(el("div", "fl-admin", str[places.admin1[p]]));
      if (this.isApproximate(p)) root.appendChild(el("div", "fl-approximate", this._approximateText(p)));
      var list = root.appendChild(el("ol", "fl-claims"));
      for (var i = this._first[p]; i < this._first[p + 1]; i++) {
        var side = data.sides[c.side[i]];
        var item = list.appendChild(el("li", "fl-claim fl-side-" + side + (c.day[i] > this._day ? " fl-later" : "") +
                                       (this.isFaded(i) ? " fl-low" : "")));
        var when = isoDate(c.day[i]) + (c.until[i] === null ? "" : " \u2013 " + isoDate(c.until[i]));
        item.appendChild(el("time", "fl-date", when));
        item.appendChild(el("span", "fl-claimant", str[c.claimant[i]] + " (" + side + ")"));
        item.appendChild(el("span", "fl-kind", this._what(i)));
        var url = str[c.url[i]], source;
        if (url && /^https?:\/\//i.test(url)) {
          source = el("a", "fl-source", str[c.source[i]]);
          source.href = url;
          source.target = "_blank";
          source.rel = "noopener noreferrer";
        } else {
          source = el("span", "fl-source", str[c.source[i]]);
        }
        item.appendChild(source);
        if (c.verdict[i]) item.appendChild(el("span", "fl-verdict", str[c.verdict[i]]));
        if (c.confidence[i] !== null) item.appendChild(el("span", "fl-confidence", "confidence " + c.confidence[i].toFixed(2)));
        if (c.quote[i]) item.appendChild(el("q", "fl-quote", str[c.quote[i]]));
      }
      return root;
    },

    /* What the claim says ("Encircled by RU"), worded by maps.popups.claim_wording. */
    _what: function (i) {
      return this._data.strings[this._data.claims.what[i]];
    },

    /* Search records: "name (oblast)" -> location, for leaflet-search. */
    searchRecords: function () {
      if (!this._data) return {};
      if (!this._records) {
        var records = {}, places = this._data.places, strings = this._data.strings;
        for (var p = 0; p < places.name.length; p++) {
          var key = places.name[p] + (places.admin1[p] ? " (" + strings[places.admin1[p]] + ")" : "");
          for (var n = 2; records.hasOwnProperty(key); n++) key = key.replace(/ #\d+$/, "") + " #" + n;
          records[key] = this._latLng(p);
          records[key].flPlace = p;
        }
        this._records = records;
      }
      return this._records;
    }
  });
})();
