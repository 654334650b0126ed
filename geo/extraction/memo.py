"""Memos of an article's text: a sentence is read by several steps in turn (lower-cased by
each folded search, dated for its claims and for its speaker, scored for each claim), so a
function of it is worth remembering while the article is read, and only then: the memos are
emptied when the next article begins, so that no article, nor a benchmark reading the same
articles again, gains from text seen in another."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_MEMOS: list[Any] = []


def per_article(maxsize: int) -> Callable[[Callable], Callable]:
    """:func:`functools.lru_cache` of ``maxsize`` entries, emptied by :func:`new_article`."""
    def wrap(function: Callable) -> Callable:
        memo = functools.lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(memo)
        return memo
    return wrap


def new_article() -> None:
    """Forget what the memos remember of the articles read so far."""
    for memo in _MEMOS:
        memo.cache_clear()
