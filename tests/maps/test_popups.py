"""The popup data: per-settlement timelines, deduplicated strings, one escaping path."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.model import Kind, Side
from maps import build_map
from maps.elements import script_json
from maps.popups import CLAIM_COLUMNS, COORDINATE_SCALE, PLACE_COLUMNS, claim_wording, day_number, encode_timelines

from mapclaims import ATTR, SCRIPT, make_claim, page_data, timeline


def test_one_place_per_settlement_with_its_claims_oldest_first(claims):
    data = encode_timelines(claims)
    places = data["places"]
    assert sorted(places["name"]) == ["Kupiansk", "Myrnohrad", "Pokrovsk", "Vovchansk"]
    p, rows = timeline(data, "Pokrovsk")
    assert [data["strings"][places["admin1"][p]], places["lat"][p] / COORDINATE_SCALE,
            places["lon"][p] / COORDINATE_SCALE] == ["Donetsk", 48.2823, 37.1758]
    assert [r["day"] for r in rows] == [day_number(dt.date(2025, 11, 10)), day_number(dt.date(2025, 11, 15))]
    assert [data["kinds"][r["kind"]] for r in rows] == ["partial", "encircled"]
    assert rows[0]["percent"] == 60 and rows[1]["percent"] is None
    assert data["sides"][rows[0]["side"]] == "other"


def test_columns_are_complete_and_equally_long(claims):
    data = encode_timelines(claims)
    assert list(data["places"]) == list(PLACE_COLUMNS) and list(data["claims"]) == list(CLAIM_COLUMNS)
    assert {len(v) for v in data["places"].values()} == {4}
    assert {len(v) for v in data["claims"].values()} == {6}
    assert sum(data["places"]["count"]) == 6


def test_rows_carry_claimant_source_link_quote_and_what_is_claimed(claims):
    data = encode_timelines(claims)
    _, rows = timeline(data, "Kupiansk")
    denial = rows[1]
    text = {name: data["strings"][denial[name]] for name in ("claimant", "source", "url", "quote", "what")}
    assert text == {"claimant": SCRIPT, "source": ATTR, "url": "https://news.example/kupiansk/24",
                    "quote": "Kupiansk: denied.", "what": "Denied: held by UA"}
    assert data["strings"][rows[0]["what"]] == "Captured" and rows[0]["until"] is None


# Issue 14, item 4: an encircled place read "Encircled, held by RU", as if RU held it.
@pytest.mark.parametrize("kind, controller, extra, wording", [
    (Kind.CAPTURED, Side.RU, {}, "Captured by RU"),
    (Kind.CAPTURED, None, {}, "Captured"),
    (Kind.PARTIAL, Side.RU, {"percent": 60}, "60% held by RU"),
    (Kind.PARTIAL, Side.RU, {"percent": 12.5}, "12.5% held by RU"),
    (Kind.PARTIAL, Side.RU, {"qualifier": "most"}, "Most held by RU"),
    (Kind.PARTIAL, Side.UA, {"qualifier": "outskirts"}, "Outskirts held by UA"),
    (Kind.PARTIAL, Side.RU, {}, "Partly held by RU"),
    (Kind.PARTIAL, None, {"percent": 60}, "Partial control: 60%"),
    (Kind.PARTIAL, None, {}, "Partial control"),
    (Kind.ENCIRCLED, Side.RU, {}, "Encircled by RU"),
    (Kind.ENCIRCLED, None, {}, "Encircled"),
    (Kind.CONTESTED, None, {}, "Contested"),
    (Kind.CONTESTED, None, {"qualifier": "outskirts"}, "Contested (outskirts)"),
    (Kind.CONTESTED, Side.UA, {}, "Contested, held by UA"),
    (Kind.ADVANCE, Side.RU, {}, "Advance by RU"),
    (Kind.ADVANCE, Side.RU, {"qualifier": "outskirts"}, "Advance by RU to the outskirts"),
    (Kind.ADVANCE, None, {}, "Advance"),
    (Kind.DENIED, Side.UA, {}, "Denied: held by UA"),
    (Kind.DENIED, None, {}, "Denied"),
])
def test_every_kind_reads_as_what_it_claims(kind, controller, extra, wording):
    claim = make_claim("Pokrovsk", kind, Side.RU, 15, controller_side=controller, **extra)
    assert claim_wording(claim) == wording
    data = encode_timelines([claim])
    assert data["strings"][data["claims"]["what"][0]] == wording


def test_strings_are_stored_once(claims):
    data = encode_timelines(claims)
    assert data["strings"][0] is None
    assert data["strings"].count("Russian MoD") == 1
    assert len(set(data["strings"][1:])) == len(data["strings"]) - 1


def test_unresolved_claims_are_left_out(claims):
    unresolved = make_claim("Kupiansk", Kind.ADVANCE, Side.RU, 1).__class__(
        as_written="Nowhere", kind=Kind.ADVANCE, claimant="X", claimant_side=Side.RU,
        claim_date=dt.date(2025, 11, 1), source="Y")
    data = encode_timelines([*claims, unresolved])
    assert "Nowhere" not in data["places"]["name"]


def test_script_json_escapes_markup_and_keeps_cyrillic():
    out = str(script_json({"q": SCRIPT, "a": ATTR, "name": "Купʼянськ", "amp": "a & b 'c'"}))
    assert "<" not in out and ">" not in out and "&" not in out and "'" not in out
    assert "Купʼянськ" in out
    assert json.loads(out) == {"q": SCRIPT, "a": ATTR, "name": "Купʼянськ", "amp": "a & b 'c'"}


def test_script_json_leaves_no_jinja_syntax():
    # branca recompiles rendered macros as templates: "{{ 7*7 }}" must not become 49.
    out = str(script_json({"q": "{{ 7*7 }} {% if 1 %} {# x #} {{{", "nested": [{"a": {}}]}))
    assert "{{" not in out and "{%" not in out and "{#" not in out
    assert json.loads(out) == {"q": "{{ 7*7 }} {% if 1 %} {# x #} {{{", "nested": [{"a": {}}]}


def test_payloads_never_appear_raw_in_the_page(claims):
    html = build_map(claims).get_root().render()
    assert SCRIPT not in html and 'onmouseover="alert(1)' not in html
    texts = page_data(html)["strings"]
    assert SCRIPT in texts and ATTR in texts  # carried as data, shown with textContent


def test_jinja_syntax_in_article_text_is_not_evaluated(claims):
    claims = [*claims, make_claim("Vovchansk", Kind.ADVANCE, Side.RU, 6, quote="{{ 7*7 }} {{ self }}")]
    html = build_map(claims).get_root().render()
    assert "{{ 7*7 }} {{ self }}" in page_data(html)["strings"]


def test_places_carry_their_precision_and_claims_their_confidence(claims):
    data = encode_timelines(claims)
    precision = {name: data["strings"][ref] for name, ref in zip(data["places"]["name"], data["places"]["precision"])}
    assert precision == {"Kupiansk": "exact", "Myrnohrad": "hromada", "Pokrovsk": "exact", "Vovchansk": "exact"}
    _, rows = timeline(data, "Pokrovsk")
    assert [r["confidence"] for r in rows] == [0.82, None]
    claims = [make_claim("Kupiansk", Kind.ADVANCE, Side.RU, 1, confidence=0.456789, precision=None)]
    data = encode_timelines(claims)
    assert data["claims"]["confidence"] == [0.46] and data["places"]["precision"] == [0]


def test_a_place_takes_the_precision_of_its_latest_claim():
    claims = [make_claim("Kupiansk", Kind.ADVANCE, Side.RU, 1, precision="raion"),
              make_claim("Kupiansk", Kind.CAPTURED, Side.RU, 2)]
    data = encode_timelines(claims)
    assert data["strings"][data["places"]["precision"][0]] == "exact"


def test_the_string_table_tells_apart_long_texts_whose_hashes_collide(monkeypatch):
    from maps.popups import StringTable

    monkeypatch.setattr(StringTable, "_hash", staticmethod(lambda text: 7))  # every hash the same
    table = StringTable()
    quotes = [f"Сказал {i}: войска взяли под контроль населённый пункт." for i in range(5)]
    refs = [table.ref(q) for q in quotes]
    assert refs == [1, 2, 3, 4, 5] and [table.ref(q) for q in reversed(quotes)] == refs[::-1]
    assert table.ref("ISW") == 6 and table.ref("ISW") == 6 and table.ref(None) == 0
    assert list(table.strings) == [None, *quotes, "ISW"] and table.strings[-1] == "ISW"
    assert table.strings[1:3] == quotes[:2]
