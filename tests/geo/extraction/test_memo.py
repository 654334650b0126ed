"""Memos of an article's text live while the article is read."""
from __future__ import annotations

import datetime as dt

from geo.extraction import extract_claims, folding, memo
from geo.ingest import Article


def test_a_per_article_memo_remembers_until_the_next_article():
    calls = []

    @memo.per_article(maxsize=8)
    def double(text):
        calls.append(text)
        return text * 2

    assert double("a") == double("a") == "aa" and calls == ["a"]
    memo.new_article()
    assert double("a") == "aa" and calls == ["a", "a"]


def test_an_article_is_read_without_what_another_left_in_the_memos(fake_gazetteer):
    article = Article(text="Russian forces captured Kupiansk, Gerasimov said on Thursday.", source="Wire",
                      published=dt.date(2025, 11, 21))
    extract_claims(article, fake_gazetteer, model=False)
    held = folding.lowered.cache_info().currsize
    folding.lowered("A sentence of another article.")
    extract_claims(article, fake_gazetteer, model=False)
    assert held > 0 and folding.lowered.cache_info().currsize == held
