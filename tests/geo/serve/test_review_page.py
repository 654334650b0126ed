"""The review page in headless Chromium against a real server: a queue decided from the
keyboard, corrections, a reload, the live map, hostile text, a cross-origin post."""
import json

import pytest
from harness import missing_reason
from mapclaims import page_data

from geo.model import Kind, Side

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason=missing_reason()).expect
HOSTILE = 'Forces took <img src=x onerror="alert(1)"> Myrnohrad <script>alert(2)</script> today.'


@pytest.fixture
def queue(make_claim):
    """Four proposed claims, lowest confidence first: Kupyansk, Pokrovske (unresolved,
    two candidates), a hostile quote, Vovchansk."""
    return [
        make_claim(as_written="Kupyansk", place_id="geonames:703656", place="Kupiansk", admin1="Kharkiv Oblast",
                   lat=49.71, lon=37.61, confidence=0.2, quote="Russian forces took Kupyansk, the staff said."),
        make_claim(as_written="Pokrovske", kind=Kind.ADVANCE, controller_side=None, confidence=0.3,
                   quote="Ukrainian troops advanced near Pokrovske.", claimant="Ukrainian General Staff",
                   claimant_side=Side.UA, url="https://example.org/b"),
        make_claim(as_written="Myrnohrad", place_id="myrnohrad", place="Myrnohrad", lat=48.30, lon=37.26,
                   confidence=0.4, quote=HOSTILE, url="https://example.org/c"),
        make_claim(as_written="Vovchansk", place_id="vovchansk", place="Vovchansk", lat=50.29, lon=36.94,
                   confidence=0.6, quote="Vovchansk was captured.", url="https://example.org/d"),
    ]


def test_review_a_queue_from_the_keyboard_and_see_it_after_a_reload_and_on_the_map(serve, page, queue):
    server = serve(queue)
    page.goto(server.url + "/review")
    items = page.locator("#queue-list li")
    expect(items).to_have_count(4)
    expect(page.locator("#shortcuts")).to_contain_text("accept (with the corrections made)")
    page.fill("#reviewer", "ana")
    page.locator("body").click(position={"x": 5, "y": 5})  # out of the field: keys are shortcuts
    message = page.locator("#message")

    expect(page.locator("#claim-title")).to_contain_text("Kupiansk")
    expect(page.locator("#sentence mark.place")).to_have_text("Kupyansk")
    expect(page.locator("#sentence mark.cue")).to_have_text("took")
    page.keyboard.press("4")  # contested
    page.keyboard.press("a")
    expect(message).to_have_text("accepted: Kupiansk — contested — RU · 0.20")

    expect(page.locator("#claim-title")).to_contain_text("Pokrovske (unresolved)")
    expect(page.locator("#candidates li")).to_have_count(2)
    page.keyboard.press("c")
    page.keyboard.press("c")  # the second candidate: Pokrovske in Donetsk Oblast
    expect(page.locator('#candidates input[value="b"]')).to_be_checked()
    page.keyboard.press("a")
    expect(message).to_have_text("accepted: Pokrovske — advance — UA · 0.30")

    expect(page.locator("#sentence")).to_have_text(HOSTILE)  # shown as text
    assert page.locator("#sentence img, #sentence script").count() == 0
    page.keyboard.press("r")
    expect(message).to_contain_text("rejected: Myrnohrad")

    page.click("#accept")  # and by mouse
    expect(message).to_contain_text("accepted: Vovchansk")
    expect(page.locator("#empty")).to_be_visible()

    page.goto(server.url + "/review?status=any&order=newest")
    expect(items).to_have_count(4)
    statuses = {li.get_attribute("data-id"): li.get_attribute("data-status") for li in items.all()}
    assert statuses == {queue[0].id: "accepted", queue[1].id: "accepted", queue[2].id: "rejected",
                        queue[3].id: "accepted"}
    _, pokrovske = server.request(f"/api/claims/{queue[1].id}")
    assert (pokrovske["place_id"], pokrovske["admin1"], pokrovske["reviewed_by"]) == ("b", "Donetsk Oblast", "ana")
    _, kupiansk = server.request(f"/api/claims/{queue[0].id}")
    assert kupiansk["kind"] == "contested"

    page.goto(server.url + "/")
    page.locator(".leaflet-container").first.wait_for()
    places = page_data(page.content())["places"]["name"]
    assert sorted(places) == ["Kupiansk", "Pokrovske", "Vovchansk"]  # rejected gone, corrected placed
    assert page.errors == [] and page.dialogs == [] and page.blocked == []


def test_a_decision_on_a_stale_copy_shows_the_new_state(serve, page, queue):
    server = serve(queue)
    page.goto(server.url + "/review")
    expect(page.locator("#claim-title")).to_contain_text("Kupiansk")
    assert server.post_review(queue[0].id, {"status": "rejected", "by": "bo", "revision": 0})[0] == 200
    page.keyboard.press("a")
    expect(page.locator("#message")).to_have_text("Changed since it was loaded: now rejected by bo. Decide again.")
    expect(page.locator("#claim-title")).to_contain_text("rejected")
    _, claim = server.request(f"/api/claims/{queue[0].id}")
    assert claim["status"] == "rejected" and claim["revision"] == 1


def test_a_cross_origin_post_is_refused(serve, page, queue):
    server = serve(queue)
    target = f"{server.url}/api/claims/{queue[0].id}/review"
    evil = "http://127.0.0.1:9/evil.html"  # another origin; its page is answered by the route
    body = json.dumps({"status": "rejected", "note": "="})  # a valid decision but for its origin
    form = (f'<form method="post" enctype="text/plain" action="{target}">'
            f'<input name=\'{body[:-2]}\' value=\'"}}\'></form>'
            "<script>document.forms[0].submit()</script>")
    page.route(evil, lambda route: route.fulfill(body=form, content_type="text/html"))
    with page.expect_response(target) as answer:
        page.goto(evil)
    assert answer.value.status == 403
    assert "cross-origin" in answer.value.json()["error"]
    _, claim = server.request(f"/api/claims/{queue[0].id}")
    assert claim["status"] == "proposed" and claim["revision"] == 0
