"""Review state in the store: statuses, decisions, corrections, the audit, stale copies."""
import datetime as dt
import sqlite3
import threading

import pytest

from geo.errors import ClaimNotFound, InputError, InvalidClaim, StaleReview
from geo.model import Kind, Side
from geo.review import VISIBLE, Decision, corpus_articles, parse_statuses
from geo.store import MIGRATIONS, Store
from tests.conftest import run_sql
from geo.stores.sqlite import _statements


@pytest.fixture
def store(store_target):
    with Store.open(store_target) as s:
        yield s


def test_add_stores_a_status_and_query_hides_the_rejected(store, make_claim):
    hand, extracted = make_claim(), make_claim(kind=Kind.ADVANCE, controller_side=None, confidence=0.3)
    store.add([hand])
    store.add([extracted], status="proposed")
    assert {r.claim.id: r.review.status for r in store.reviewed(statuses=("proposed", "accepted", "rejected"))} == {
        hand.id: "accepted", extracted.id: "proposed"}
    store.review(extracted.id, Decision("rejected", "ana"))
    assert [c.id for c in store.query()] == [hand.id]
    assert [c.id for c in store.query(statuses=("rejected",))] == [extracted.id]
    assert store.count(statuses=VISIBLE) == 1 and store.count() == 2


def test_a_decision_corrects_audits_and_counts_revisions(store, make_claim):
    claim = make_claim(kind=Kind.PARTIAL, controller_side=Side.RU, percent=60.0, confidence=0.4)
    store.add([claim], status="proposed")
    when = dt.datetime(2025, 12, 1, 9, 30, tzinfo=dt.timezone.utc)
    after = store.review(claim.id, Decision("accepted", "ana", note="the staff said taken",
                                            changes={"kind": "captured", "claim_date": "2025-11-21"}),
                         at=when)
    assert after.claim.id == claim.id and after.claim.kind is Kind.CAPTURED
    assert after.claim.percent is None  # a capture carries no percentage
    assert after.claim.claim_date == dt.date(2025, 11, 21)
    assert after.review.to_dict() == {"status": "accepted", "reviewed_by": "ana",
                                      "reviewed_at": "2025-12-01T09:30:00+00:00",
                                      "review_note": "the staff said taken", "revision": 1}
    assert store.get(claim.id) == after
    fields = {e["field"]: (e["before"], e["after"], e["who"]) for e in store.audit(claim.id)}
    assert fields == {"kind": ("partial", "captured", "ana"), "percent": ("60.0", None, "ana"),
                      "claim_date": ("2025-11-20", "2025-11-21", "ana"),
                      "status": ("proposed", "accepted", "ana"),
                      "review_note": (None, "the staff said taken", "ana")}


def test_the_audit_is_append_only(store, make_claim):
    claim = make_claim()
    store.add([claim])
    store.review(claim.id, Decision("rejected", "ana"))
    for edit in ("UPDATE claim_audit SET who = 'mallory'", "DELETE FROM claim_audit"):
        with pytest.raises(Exception, match="append-only"):  # sqlite3's or psycopg's error
            run_sql(store.path, edit)
    assert len(store.audit()) == 1


def test_a_decision_on_a_stale_copy_is_refused_and_changes_nothing(store, make_claim):
    claim = make_claim()
    store.add([claim], status="proposed")
    store.review(claim.id, Decision("accepted", "ana", revision=0))
    with pytest.raises(StaleReview) as info:
        store.review(claim.id, Decision("rejected", "bo", revision=0))
    assert info.value.current.review.status == "accepted"
    assert store.get(claim.id).review.revision == 1 and len(store.audit()) == 1


def test_bad_decisions_are_refused_whole(store, make_claim):
    claim = make_claim()
    store.add([claim])
    with pytest.raises(ClaimNotFound, match="no claim with id 'nope'"):
        store.review("nope", Decision("accepted", "ana"))
    with pytest.raises(InvalidClaim, match="percent: only a partial claim"):
        store.review(claim.id, Decision("accepted", "ana", changes={"percent": 50}))
    with pytest.raises(InputError, match="status: must be one of accepted, rejected"):
        Decision("proposed", "ana")
    with pytest.raises(InputError, match="quote: cannot be corrected"):
        Decision("accepted", "ana", changes={"quote": "x"})
    assert store.get(claim.id).review.revision == 0 and store.audit() == []


def test_parallel_decisions_each_land_in_their_own_transaction(store_target, make_claim):
    claims = [make_claim(as_written=f"Place {n}", place=None) for n in range(20)]
    with Store.open(store_target) as s:
        s.add(claims, status="proposed")

    def decide(claim):
        with Store.open(store_target, mode="rw") as own:
            own.review(claim.id, Decision("accepted", "ana", revision=0))
    threads = [threading.Thread(target=decide, args=(c,)) for c in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Store.open(store_target, mode="ro") as s:
        assert s.count(statuses=("accepted",)) == 20 and len(s.audit()) == 20


def test_older_databases_are_upgraded_and_read(tmp_path, make_claim):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    review = next(i for i, step in enumerate(MIGRATIONS) if "ADD COLUMN status" in step)
    for step in MIGRATIONS[:review]:  # the version before review
        for statement in _statements(step):
            conn.execute(statement)
    conn.execute("PRAGMA application_id = 1179799124")
    conn.execute(f"PRAGMA user_version = {review}")
    conn.execute("INSERT INTO claims (id, as_written, kind, claimant, claimant_side, claim_date, source, confidence)"
                 " VALUES ('x', 'Kupiansk', 'captured', 'RU MoD', 'RU', '2025-11-20', 'W', 0.4),"
                 " ('y', 'Kupiansk', 'captured', 'RU MoD', 'RU', '2025-11-21', 'W', NULL)")
    conn.commit()
    conn.close()
    with Store.open(path, mode="ro") as s:  # read as it is: every claim accepted
        assert {r.claim.id: r.review.status for r in s.reviewed()} == {"x": "accepted", "y": "accepted"}
        assert [c.id for c in s.query(statuses=("accepted",))] == ["x", "y"]
    with Store.open(path) as s:  # upgraded: the extracted one goes to the queue
        assert {r.claim.id: r.review.status for r in s.reviewed()} == {"x": "proposed", "y": "accepted"}


def test_parse_statuses():
    assert parse_statuses(None) == ("proposed", "accepted")
    assert parse_statuses("any") == ("proposed", "accepted", "rejected")
    assert parse_statuses("Rejected") == ("rejected",)
    with pytest.raises(InputError, match="status: 'maybe' is not one of"):
        parse_statuses("maybe")


def test_queue_order_lowest_confidence_first(store, make_claim):
    claims = [make_claim(as_written=f"P{n}", confidence=c) for n, c in enumerate((0.9, 0.2, 0.5))]
    store.add(claims, status="proposed")
    queue = store.reviewed(statuses=("proposed",), order="confidence", limit=2)
    assert [r.claim.confidence for r in queue] == [0.2, 0.5]


def test_corpus_articles_keep_accepted_claims_and_rejected_sentences(store, make_claim):
    good = make_claim(quote="Russian forces took Kupiansk.", confidence=0.5)
    bad = make_claim(as_written="Oskil", kind=Kind.ADVANCE, controller_side=None,
                     quote="Shelling near the Oskil river.", confidence=0.3)
    undecided = make_claim(as_written="Kivsharivka", quote="Fighting goes on.", confidence=0.4)
    store.add([good, bad, undecided], status="proposed")
    store.review(good.id, Decision("accepted", "ana"))
    store.review(bad.id, Decision("rejected", "ana"))
    [article] = corpus_articles(store.reviewed(statuses=("accepted", "rejected")))
    assert article.text == "Russian forces took Kupiansk.\n\nShelling near the Oskil river.\n"
    assert article.expected["claims"] == [{
        "place": "Kupiansk", "admin1": None, "kind": "captured", "claimant": "Russian General Staff",
        "claimant_side": "RU", "controller_side": "RU", "claim_date": "2025-11-20", "resolved": False}]
