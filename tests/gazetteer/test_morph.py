"""Case endings, lemmas, and the gate that spares pymorphy3 words no indexed name inflects to."""
import pytest

from gazetteer import morph


@pytest.mark.parametrize("form, lemma", [
    ("часовому", "часів"), ("кременця", "кременець"), ("харкові", "харків"), ("ківшарівці", "ківшарівка"),
    ("береговим", "берегове"), ("боришківців", "боришківці"), ("києві", "київ"), ("купянске", "купянск"),
])
def test_case_forms_pass_the_lemma_gate(form, lemma):
    assert morph.may_lemmatise_to(form, set(morph.lemma_frames(lemma)))


def test_words_unlike_any_indexed_name_skip_pymorphy(tiny, monkeypatch):
    monkeypatch.setattr(morph, "lemmas", lambda word: (_ for _ in ()).throw(AssertionError(word)))
    morph.lemma_forms.cache_clear()
    assert tiny.lookup("Министерство", fuzzy=False) == []
    assert not morph.may_lemmatise_to("министерство", set(morph.lemma_frames("купянск")))


@pytest.mark.parametrize("form, nominatives", [
    ("оріхова", ("оріхів",)), ("оріховом", ("оріхів",)), ("києва", ("київ",)), ("миколаєва", ("миколаїв",)),
    ("борисполя", ("бориспіль", "бориспіл")), ("львова", ("львів",)), ("часів яр", ()), ("іванівка", ()),
    ("ова", ()),
])
def test_closed_nominatives_of_ukrainian_case_forms(form, nominatives):
    assert morph.closed_nominatives(form) == nominatives
