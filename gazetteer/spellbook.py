"""The spellings of every KATOTTG settlement's name, worked out by the build and shipped.

Spelling out a Ukrainian name (ten romanisations, its Russian forms and theirs) is most of a
first index build; the 17,600 names of the codifier are spelt once by :mod:`gazetteer.build`
into ``data/spellbook.csv.gz``. The book is a cache of :func:`gazetteer.names.spellings`: it
records the hash of the code that spells (``names.py`` and the romanisers' versions) and is
not used once that changes, so a stale book only makes a build slower.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from gazetteer import names
from gazetteer.errors import GazetteerError
from gazetteer.names import W_CROSS, W_NAME, W_ROMAN, spellings
from gazetteer.sources.base import read_table

log = logging.getLogger(__name__)

SPELLBOOK = Path(__file__).resolve().parent / "data" / "spellbook.csv.gz"
COLUMNS = ("name", "own", "romanised", "russian")  # keys of each weight, joined by _JOIN
_WEIGHTS = (W_NAME, W_ROMAN, W_CROSS)
_JOIN = "|"  # never part of a key
_VERSION_ROW = "#version"


def version() -> str:
    """A hash of what decides a name's spellings."""
    digest = hashlib.sha1(Path(names.__file__).read_bytes())
    for package in ("translitua", "iuliia"):
        digest.update(importlib.metadata.version(package).encode())
    return digest.hexdigest()[:16]


def rows(ukrainian_names: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """The book's rows: the version, then each name with its keys by weight."""
    yield _VERSION_ROW, version(), "", ""
    for name in sorted(set(ukrainian_names)):
        spelled = spellings(name, ukrainian=True)
        yield name, *(_JOIN.join(sorted(k for k, w in spelled.items() if w == weight)) for weight in _WEIGHTS)


def load(path: Path = SPELLBOOK) -> dict[str, dict[str, float]]:
    """Ukrainian name -> its spellings (as ``spellings(name, ukrainian=True)``); empty when the
    book is absent, stale or unreadable (the build then spells every name itself)."""
    book: dict[str, dict[str, float]] = {}
    try:
        table = read_table(path, COLUMNS)
        first = next(table, None)
        if first is None or tuple(first[1][:2]) != (_VERSION_ROW, version()):
            log.info("spellbook %s is absent or from other code; names are spelt afresh", path)
            return {}
        for _, (name, *groups) in table:
            book[name] = {k: weight for weight, group in zip(_WEIGHTS, groups) if group for k in group.split(_JOIN)}
    except GazetteerError as exc:
        log.warning("spellbook unusable (%s); names are spelt afresh", exc)
        return {}
    return book
