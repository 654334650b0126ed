"""The five reference articles of ../shared/seeds: every claim, as our fixtures describe it."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from geo.extraction.evaluate import compare, load_expected
from geo.extraction import extract_claims, kept
from geo.ingest import read_article

EXPECTED = Path(__file__).parents[1] / "fixtures" / "seeds"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXPECTED.glob("*.expected.json"))




def test_every_seed_has_expectations(shared_dir):
    seeds = sorted(p.stem for p in (shared_dir / "seeds").glob("*.txt"))
    assert seeds == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_seed(name, shared_dir, gazetteer):
    path = shared_dir / "seeds" / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    expected = load_expected(EXPECTED / f"{name}.expected.json")
    article = read_article(str(path))
    published = expected.get("options", {}).get("published")
    if published:
        article = dataclasses.replace(article, published=dt.date.fromisoformat(published))
    score = compare(expected["claims"], kept(extract_claims(article, gazetteer)))  # as ingest stores them
    assert (score.missed, score.extra, score.wrong) == ((), (), ())


def test_seed_metadata(shared_dir):
    """Datelines and source lines of the seeds are read from the plain text."""
    seeds = shared_dir / "seeds"
    xinhua = read_article(str(seeds / "01-xinhua-kupyansk.txt"))
    congluan = read_article(str(seeds / "02-congluan-vietnam-kupyansk.txt"))
    afp = read_article(str(seeds / "04-afp-moscowtimes-kupiansk.txt"))
    assert xinhua.published == dt.date(2025, 11, 21)
    assert (congluan.published, congluan.source) == (dt.date(2025, 11, 21), "congluan.vn")
    assert congluan.url.startswith("https://congluan.vn/nga-tuyen-bo")
    assert (afp.published, afp.source) == (dt.date(2025, 11, 20), "themoscowtimes.com")
    assert read_article(str(seeds / "05-dnr-adviser-kupyansk.txt")).published is None
