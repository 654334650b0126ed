"""Precision and recall of extraction over the fixture articles and the seeds.

    .venv/bin/python bench/eval_extract.py

A claim counts when (place, kind, claimant side) matches an expected one (as the codebook
scores: distinct triples, places within 5 km); claim dates are scored among those. Claims
are those ingest would store: at or above the model's default confidence threshold. Prints every miss, extra and wrong detail.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from gazetteer import Gazetteer
from geo.extraction.evaluate import Score, compare, load_expected
from geo.extraction import extract_claims, kept
from geo.ingest import read_article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "geo" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


def folder_cases(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, article, expectation) for every .txt/.html article in ``folder``."""
    return [(p.stem, p, p.with_name(p.stem + ".expected.json"))
            for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]


def cases() -> list[tuple[str, Path, Path]]:
    """(name, article, expectation) for every fixture article and every present seed."""
    found = folder_cases(FIXTURES / "articles")
    for expected in sorted((FIXTURES / "seeds").glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        if (SEEDS / f"{name}.txt").is_file():
            found.append((f"seed:{name}", SEEDS / f"{name}.txt", expected))
    return found


def evaluate(gazetteer: Gazetteer, found: list[tuple[str, Path, Path]] | None = None) -> list[tuple[str, Score]]:
    scores = []
    for name, article_path, expected_path in (cases() if found is None else found):
        expected = load_expected(expected_path)
        article = read_article(str(article_path))
        published = expected.get("options", {}).get("published")
        if published:
            article = dataclasses.replace(article, published=dt.date.fromisoformat(published))
        scores.append((name, compare(expected["claims"], kept(extract_claims(article, gazetteer)), gazetteer)))
    return scores


def report(scores: list[tuple[str, Score]], out=sys.stdout) -> None:
    expected = sum(s.expected for _, s in scores)
    found = sum(s.found for _, s in scores)
    matched = sum(s.matched for _, s in scores)
    dates = sum(s.dates_right for _, s in scores)
    print(f"articles: {len(scores)}  expected claims: {expected}  extracted: {found}", file=out)
    print(f"(place, kind, claimant side): precision {matched / found:.3f}  recall {matched / expected:.3f}", file=out)
    print(f"claim dates: precision {dates / found:.3f}  recall {dates / expected:.3f}  "
          f"right among matched {dates}/{matched}", file=out)
    for name, score in scores:
        for miss in score.missed:
            print(f"  miss   {name}: {miss}", file=out)
        for extra in score.extra:
            print(f"  extra  {name}: {extra}", file=out)
        for wrong in score.wrong:
            print(f"  detail {name}: {wrong}", file=out)


if __name__ == "__main__":
    report(evaluate(Gazetteer.load()))
