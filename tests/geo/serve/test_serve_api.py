"""The JSON API against a real server on 127.0.0.1: listings, decisions, errors, security."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from mapclaims import page_data

from geo.model import Kind, Side
from geo.store import Store


@pytest.fixture
def claims(make_claim):
    return [
        make_claim(as_written="Kupyansk", confidence=0.3, quote="Russian forces took Kupyansk, the staff said."),
        make_claim(as_written="Pokrovske", kind=Kind.ADVANCE, controller_side=None, confidence=0.8,
                   claimant="Ukrainian General Staff", claimant_side=Side.UA, source="Other Wire",
                   url="https://example.org/b"),
        make_claim(as_written="Petrovsk", kind=Kind.CONTESTED, controller_side=None, confidence=0.5),
    ]


def test_listing_filters_orders_and_pages(serve, claims):
    server = serve(claims)
    status, page = server.request("/api/claims?status=proposed&order=confidence&limit=2")
    assert status == 200 and page["total"] == 3 and page["limit"] == 2
    assert [c["confidence"] for c in page["claims"]] == [0.3, 0.5]
    assert page["claims"][0]["status"] == "proposed" and page["claims"][0]["revision"] == 0
    _, by_side = server.request("/api/claims?side=UA")
    assert [c["as_written"] for c in by_side["claims"]] == ["Pokrovske"]
    _, by_source = server.request("/api/claims?source=other%20wire")
    assert by_source["total"] == 1
    _, by_kind = server.request("/api/claims?kind=contested&since=2025-11-01&until=2025-11-30")
    assert [c["as_written"] for c in by_kind["claims"]] == ["Petrovsk"]


def test_one_claim_its_context_and_geojson(serve, claims):
    server = serve(claims)
    status, claim = server.request(f"/api/claims/{claims[0].id}")
    assert status == 200 and claim["id"] == claims[0].id and claim["quote"] == claims[0].quote
    _, context = server.request(f"/api/claims/{claims[0].id}/context")
    assert {"begin": 20, "end": 28, "what": "place"} in context["highlights"]
    assert [c["as_written"] for c in context["article"]] == ["Petrovsk"]  # same URL
    assert [c["id"] for c in context["candidates"]] == ["geonames:703656"]
    status, collection = server.request("/api/claims.geojson?kind=captured")
    assert status == 200 and collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [claims[0].id]


def test_a_review_corrects_and_rejected_claims_leave_the_default_listing(serve, claims):
    server = serve(claims)
    status, done = server.post_review(claims[0].id, {"status": "accepted", "kind": "partial", "percent": 30,
                                                     "place_id": "geonames:703656", "note": "30 %",
                                                     "by": "ana", "revision": 0})
    assert status == 200
    assert (done["kind"], done["percent"], done["place"], done["status"], done["reviewed_by"], done["revision"]) == (
        "partial", 30.0, "Kupiansk", "accepted", "ana", 1)
    status, _ = server.post_review(claims[2].id, {"status": "rejected"})
    assert status == 200
    _, page = server.request("/api/claims")
    assert {c["id"] for c in page["claims"]} == {claims[0].id, claims[1].id}
    _, rejected = server.request("/api/claims?status=rejected")
    assert [c["reviewed_by"] for c in rejected["claims"]] == ["tester"]  # the server's default reviewer


def test_errors_are_json_with_the_right_codes(serve, claims):
    server = serve(claims)
    cid = claims[0].id
    assert server.request("/api/claims/nope") == (404, {"error": "no claim with id 'nope'"})
    assert server.request("/api/claims?side=XX") == (400, {"error": "side: 'XX' is not one of RU, UA, other"})
    assert server.request("/api/claims?limit=0")[0] == 400
    assert server.request("/api/claims?bogus=1")[1]["error"].startswith("bogus: unknown parameter")
    assert server.request("/api/claims?since=yesterday")[0] == 400
    assert server.post_review(cid, {"status": "maybe"}) == (400, {"error": "status: must be one of accepted, rejected"})
    assert server.post_review(cid, {"status": "accepted", "percent": 20})[1] == {
        "error": "percent: only a partial claim has a percentage"}
    assert server.post_review(cid, {"status": "accepted", "place_id": "x"})[0] == 400
    assert server.post_review(cid, ["accepted"])[0] == 400
    assert server.post_review("nope", {"status": "accepted"})[0] == 404
    status, body = server.request(f"/api/claims/{cid}/review", method="POST", raw=b"{not json",
                                  headers={"Origin": server.url, "X-Frontline-Token": server.token})
    assert (status, body) == (400, {"error": "the body is not JSON"})
    assert server.request("/nowhere")[0] == 404
    assert server.request(f"/api/claims/{cid}", method="DELETE",
                          headers={"Origin": server.url, "X-Frontline-Token": server.token})[0] == 405
    with Store.open(server_db(server)) as store:
        assert store.audit() == []  # nothing half-done


def server_db(server):
    return server.app.state.db


def test_a_stale_decision_gets_409_with_the_current_claim(serve, claims):
    server = serve(claims)
    cid = claims[0].id
    assert server.post_review(cid, {"status": "accepted", "by": "ana", "revision": 0})[0] == 200
    status, body = server.post_review(cid, {"status": "rejected", "by": "bo", "revision": 0})
    assert status == 409 and body["claim"]["status"] == "accepted" and body["claim"]["reviewed_by"] == "ana"
    assert "changed since it was loaded" in body["error"]


def test_state_changes_need_the_page_token_and_the_same_origin(serve, claims):
    server = serve(claims)
    cid = claims[0].id
    status, body = server.post_review(cid, {"status": "rejected"}, Origin="http://evil.example")
    assert status == 403 and "cross-origin" in body["error"]
    assert server.post_review(cid, {"status": "rejected"}, Origin=None)[0] == 403
    assert server.post_review(cid, {"status": "rejected"}, **{"X-Frontline-Token": None})[0] == 403
    assert server.post_review(cid, {"status": "rejected"}, **{"X-Frontline-Token": "guess"})[0] == 403
    _, claim = server.request(f"/api/claims/{cid}")
    assert claim["status"] == "proposed"
    status, page = server.request("/review")
    assert status == 200 and f'content="{server.token}"' in page
    assert server.request("/api/claims", headers={"Host": "evil.example"})[0] == 400  # DNS rebinding


def test_a_required_token_guards_every_request(serve, claims):
    server = serve(claims, token="s3cret", require_token=True)
    assert server.request("/api/claims")[0] == 403
    assert server.request("/review")[0] == 403
    assert server.request("/api/claims", headers={"X-Frontline-Token": "s3cret"})[0] == 200
    assert server.request("/api/claims", headers={"Authorization": "Bearer s3cret"})[0] == 200
    assert server.request("/review?token=s3cret")[0] == 200


def test_twenty_concurrent_decisions_lose_nothing(serve, make_claim):
    claims = [make_claim(as_written=f"Place {n}", confidence=0.5) for n in range(20)]
    server = serve(claims)
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda c: server.post_review(c.id, {"status": "accepted", "revision": 0}), claims))
    assert [status for status, _ in answers] == [200] * 20
    _, page = server.request("/api/claims?status=accepted")
    assert page["total"] == 20


def test_the_live_map_shows_the_change(serve, make_claim):
    claim = make_claim(quote="Kupiansk was taken.", place_id="geonames:703656", place="Kupiansk",
                       lat=49.71, lon=37.61, confidence=0.4)
    server = serve([claim])
    status, page = server.request("/")
    assert status == 200 and page_data(page)["places"]["name"] == ["Kupiansk"]
    server.post_review(claim.id, {"status": "rejected"})
    _, after = server.request("/")
    assert "claim_layer_" not in after and "Nothing to draw yet" in after
