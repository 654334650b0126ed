"""The scoring stage: features of what the rules saw, a logistic model, the threshold."""
from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from geo.extraction import assembly, scoring
from geo.extraction.scoring import Model
from geo.ingest import Article, ingest_paths

DAY = dt.date(2025, 11, 21)
NAMED = "Russia's Defence Ministry said on Friday its forces had captured Kupiansk."
VOICE = "Russian forces captured Kupiansk, according to a map published on Friday."


def _article(text: str) -> Article:
    return Article(text=text, source="Wire", published=DAY)


def test_model_is_a_logistic_function_of_its_weights():
    model = Model({"a": 2.0, "b": -1.0}, bias=0.5, threshold=0.4)
    assert model.confidence({"a": 1.0, "b": 1.0, "unknown": 7.0}) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.confidence({}) == pytest.approx(1 / (1 + math.exp(-0.5)))
    again = Model.from_json(json.loads(json.dumps(model.to_json())))
    assert again.weights == model.weights and again.bias == 0.5 and again.threshold == 0.4


def test_features_say_how_the_speaker_was_found(gazetteer):
    named = assembly.featured(_article(NAMED), gazetteer)
    voice = assembly.featured(_article(VOICE), gazetteer)
    assert named and voice
    claim, vector = named[0][0]
    assert claim.claimant_side.value == "RU" and vector["attr=explicit"] == 1.0 and vector["kind=captured"] == 1.0
    assert voice[0][0][1]["attr=none"] == 1.0


def test_an_unnamed_claim_is_also_scored_for_the_other_sides(gazetteer):
    groups = assembly.featured(_article(VOICE), gazetteer)
    sides = [claim.claimant_side.value for claim, _ in groups[0]]
    assert sides[0] == "other" and sorted(sides[1:]) == ["RU", "UA"]
    assert all(vector["variant"] == 1.0 for _, vector in groups[0][1:])


def test_the_likeliest_side_is_given(gazetteer):
    prefer_ru = Model({"variant*side=RU": 5.0}, bias=0.0, threshold=0.5)
    claims = assembly.extract_claims(_article(VOICE), gazetteer, model=prefer_ru)
    assert [(c.claimant_side.value, c.claimant) for c in claims] == [("RU", "Russian side")]
    assert claims[0].confidence == pytest.approx(1 / (1 + math.exp(-5)), abs=1e-3)


def test_without_a_model_claims_have_no_confidence(gazetteer):
    claims = assembly.extract_claims(_article(NAMED), gazetteer, model=False)
    assert claims and all(c.confidence is None for c in claims)


def test_the_shipped_model_gives_every_claim_a_confidence(gazetteer):
    if scoring.default_model() is None:
        pytest.fail("no model shipped in geo/extraction/data")
    claims = assembly.extract_claims(_article(NAMED), gazetteer)
    assert claims and all(0 <= c.confidence <= 1 for c in claims)


def test_ingest_stores_only_claims_at_the_threshold_and_reports_the_rest(tmp_path, gazetteer, monkeypatch):
    monkeypatch.setattr(assembly, "default_model", lambda: Model({}, bias=-3.0, threshold=0.5))
    path = tmp_path / "a.txt"
    path.write_text(NAMED, encoding="utf-8")
    low = next(ingest_paths([str(path)], gazetteer, published=DAY, min_confidence=0.5))
    assert low.claims == () and len(low.below) == 1 and low.below[0].confidence == pytest.approx(0.047, abs=1e-3)
    assert "1 claim(s) under confidence 0.5 not stored" in low.warnings
    kept = next(ingest_paths([str(path)], gazetteer, published=DAY, min_confidence=0.01))
    assert len(kept.claims) == 1 and kept.below == ()


@pytest.mark.parametrize(("text", "lang", "kept"), [
    ("As a result of the assault, Russian forces captured Kupiansk, the ministry said.", "en", False),
    ("Тим часом російські війська захопили Куп'янськ, заявили в міноборони РФ.", "uk", False),
    ("Russian forces captured the village of Pisky, the ministry said.", "en", True),
])
def test_common_words_are_no_villages_unless_the_text_makes_them_one(gazetteer, text, lang, kept):
    table = {"en": {"as": 6.77, "pisky": 4.9}, "uk": {"тим": 5.69}}
    words = [m.as_written for m in assembly.find_mentions(text, gazetteer, None,
                                                          lambda w: table[lang].get(w.casefold(), 0.0)).places]
    first = {"en": "As", "uk": "Тим"}[lang] if not kept else "Pisky"
    assert (first in words) is kept
