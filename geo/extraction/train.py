"""Train the scoring model on annotated articles (a build step, not run by the product).

    python -m geo.extraction.train bench/corpus/* bench/heldout* \
        --must tests/geo/fixtures/articles --must tests/geo/fixtures/seeds:../shared/seeds

Every folder holds articles (``.txt``/``.html``) beside their ``.expected.json`` (see
:mod:`geo.extraction.evaluate`); ``--must EXPECTED[:ARTICLES]`` names a set every claim
of which must be found (the fixtures, the seeds, whose articles may lie in another
folder): its examples weigh :data:`MUST_WEIGHT` times as much. The rules extract each article's claims; a claim is a
positive example when the codebook's scoring counts it as found (its place, kind and
claimant side are expected), else a negative. A logistic regression (scikit-learn) is
fitted on the features of :mod:`geo.extraction.scoring`; its regularisation and the default
confidence threshold are chosen by article-grouped cross-validation on these folders only,
for the best F1 — never on a blind set. It writes ``geo/extraction/data/model.json``, and
``common_names.json``: the words of wordfreq's lists (en, ru, uk) that the gazetteer also
reads as a place, with their Zipf frequency.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from geo.extraction import scoring
from geo.extraction.assembly import choose, featured
from geo.extraction.evaluate import as_row, compare, expected_place, load_expected, matches

DATA = Path(__file__).resolve().parent / "data"
# the regularisation strengths tried, and the thresholds
STRENGTHS = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))
FOLDS = 5
MUST_WEIGHT = 5.0
F1_TIE = 0.005
# how many of wordfreq's most frequent words per language are tried as place names
COMMON_WORDS = 30_000


@dataclasses.dataclass
class Case:
    """One annotated article: what is expected, and per claim of the rules its alternatives
    (claims, feature vectors, labels: 1 when the codebook's scoring counts it as found)."""

    name: str
    expected: list[dict[str, Any]]
    claims: list[list[Any]]
    vectors: list[list[dict[str, float]]]
    labels: list[list[int]]
    weight: float = 1.0


def cases(folders: list[Path], gazetteer: Any, common, *, weight: float = 1.0,
          articles: Path | None = None) -> list[Case]:
    """The annotated articles of ``folders``; ``articles``: where their texts lie, when not
    beside the expectations."""
    from geo.ingest import read_article

    found = []
    for folder in folders:
        for expected_path in sorted(folder.glob("*.expected.json")):
            stem = expected_path.name.removesuffix(".expected.json")
            path = next((p for p in ((articles or folder) / f"{stem}{ext}" for ext in (".txt", ".html")) if p.is_file()), None)
            if path is None:
                continue
            expected = load_expected(expected_path)
            article = read_article(str(path))
            published = expected.get("options", {}).get("published")
            if published:
                article = dataclasses.replace(article, published=dt.date.fromisoformat(published))
            groups = featured(article, gazetteer, common=common)
            places = [(row, expected_place(row, gazetteer)) for row in expected["claims"]]
            label = lambda c: int(any(matches(row, as_row(c), place) for row, place in places))  # noqa: E731
            found.append(Case(f"{folder.name}/{path.stem}", expected["claims"],
                              [[c for c, _ in g] for g in groups], [[v for _, v in g] for g in groups],
                              [[label(c) for c, _ in g] for g in groups], weight))
    return found


def common_table(gazetteer: Any, size: int = COMMON_WORDS) -> dict[str, dict[str, float]]:
    """Per language, the frequent words (the ``size`` most frequent) that the gazetteer also
    reads as a place."""
    import wordfreq

    table = {}
    for lang in ("en", "ru", "uk"):
        words = {}
        for word in wordfreq.top_n_list(lang, size):
            if word.isalpha() and len(word) > 1 and gazetteer.lookup(word.capitalize(), limit=1, fuzzy=False):
                words[word] = round(wordfreq.zipf_frequency(word, lang), 2)
        table[lang] = dict(sorted(words.items()))
    return table


def _fit(vectors, labels, weights, strength):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(vectors)
    model = LogisticRegression(C=strength, max_iter=5000)
    model.fit(x, labels, sample_weight=weights)
    weights = {name: float(w) for name, w in zip(vectorizer.feature_names_, model.coef_[0]) if abs(w) > 1e-6}
    return scoring.Model(weights, float(model.intercept_[0]), 0.5)


def _flat(found: list[Case], keep=lambda i: True):
    """Vectors, labels and weights of the cases ``keep`` keeps."""
    rows = [(v, y, c.weight) for i, c in enumerate(found) if keep(i)
            for vs, ys in zip(c.vectors, c.labels) for v, y in zip(vs, ys)]
    return [v for v, _, _ in rows], [y for _, y, _ in rows], [w for _, _, w in rows]


def _folds(found: list[Case]) -> list[list[int]]:
    order = sorted(range(len(found)), key=lambda i: zlib.crc32(found[i].name.encode()))
    return [order[k::FOLDS] for k in range(FOLDS)]


def _out_of_fold(found: list[Case], strength: float) -> list[list[list[float]]]:
    probs: list[list[list[float]]] = [[] for _ in found]
    for fold in _folds(found):
        held = set(fold)
        model = _fit(*_flat(found, lambda i: i not in held), strength)
        for i in fold:
            probs[i] = [[model.confidence(v) for v in vs] for vs in found[i].vectors]
    return probs


def _chosen(case: Case, probs: list[list[float]]) -> list[tuple[Any, int]]:
    """The claims the extractor would give for an article, with their confidence and label."""
    picked = choose([list(zip(cs, ps)) for cs, ps in zip(case.claims, probs)])
    originals = {(c.id, c.claimant, c.claimant_side): y for cs, ys in zip(case.claims, case.labels) for c, y in zip(cs, ys)}
    return [(c, originals[c.id, c.claimant, c.claimant_side]) for c in picked]


def _scores(found: list[Case], probs, threshold: float, gazetteer: Any) -> tuple[float, float, float]:
    expected = matched = kept = 0
    for case, p in zip(found, probs):
        claims = [c for c, _ in _chosen(case, p) if c.confidence >= threshold]
        score = compare(case.expected, claims, gazetteer)
        expected, matched, kept = expected + score.expected, matched + score.matched, kept + score.found
    precision = matched / kept if kept else 1.0
    recall = matched / expected if expected else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _by_folder(found: list[Case], probs, threshold: float, gazetteer: Any) -> dict[str, dict[str, float]]:
    """The cross-validated figures of each folder's articles at the threshold."""
    out = {}
    for folder in dict.fromkeys(c.name.split("/")[0] for c in found):
        inside = [i for i, c in enumerate(found) if c.name.split("/")[0] == folder]
        p, r, f1 = _scores([found[i] for i in inside], [probs[i] for i in inside], threshold, gazetteer)
        out[folder] = {"articles": len(inside), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}
    return out


def calibration(probs, found: list[Case]) -> list[dict[str, Any]]:
    """Out-of-fold confidence bins of the claims given: how many, and how many were right."""
    pairs = [(c.confidence, y) for case, p in zip(found, probs) for c, y in _chosen(case, p)]
    bins = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = [y for q, y in pairs if low <= q < low + 0.2 or low == 0.8 and q == 1.0]
        bins.append({"from": low, "claims": len(inside), "right": sum(inside)})
    return bins


def train(folders: list[Path], gazetteer: Any, log=print, must: list[tuple[Path, Path | None]] = (),
          common_words: int = COMMON_WORDS) -> tuple[scoring.Model, dict[str, dict[str, float]]]:
    """The model and the common-word table for the annotated ``folders`` and ``must`` sets."""
    table = common_table(gazetteer, common_words)
    common = lambda name, lang: table.get(lang, {}).get(name.casefold(), 0.0)  # noqa: E731
    found = cases(folders, gazetteer, common)
    for expected, articles in must:
        found += cases([expected], gazetteer, common, weight=MUST_WEIGHT, articles=articles)
    log(f"{len(found)} articles, {sum(len(c.labels) for c in found)} claims of the rules, "
        f"{sum(len(g) for c in found for g in c.labels)} with their alternatives")
    rules = _scores(found, [[[1.0] + [0.0] * (len(g) - 1) for g in c.labels] for c in found], 0.5, gazetteer)
    log(f"rules alone: precision {rules[0]:.3f} recall {rules[1]:.3f} F1 {rules[2]:.3f}")
    tried = []
    for strength in STRENGTHS:
        probs = _out_of_fold(found, strength)
        tried += [(*_scores(found, probs, threshold, gazetteer), strength, threshold, probs) for threshold in THRESHOLDS]
        best = max(tried, key=lambda t: t[2])
        log(f"C={strength}: best so far F1 {best[2]:.3f} (P {best[0]:.3f} R {best[1]:.3f}, C={best[3]}, t={best[4]})")
    # the F1 curve is flat near its top: of the choices within F1_TIE of the best, the most
    # precise (an analyst reviews fewer wrong claims for the same F1)
    top = max(t[2] for t in tried)
    p, r, f1, strength, threshold, probs = max((t for t in tried if t[2] >= top - F1_TIE), key=lambda t: t[0])
    log(f"chosen: C={strength}, threshold {threshold}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    model = _fit(*_flat(found), strength)
    model.threshold = threshold
    model.meta = {"articles": len(found), "claims": sum(len(c.labels) for c in found), "C": strength,
                  "cross_validated": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)},
                  "rules_alone": {"precision": round(rules[0], 3), "recall": round(rules[1], 3), "f1": round(rules[2], 3)},
                  "calibration": calibration(probs, found),
                  "cross_validated_by_folder": _by_folder(found, probs, threshold, gazetteer),
                  "folders": [str(f) for f in folders], "must": [str(e) for e, _ in must]}
    return model, table


def _write(path: Path, data: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=0, sort_keys=False)
        out.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    from gazetteer import Gazetteer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--must", action="append", default=[], metavar="EXPECTED[:ARTICLES]",
                        help="a set every claim of which must be found (weighted more)")
    parser.add_argument("--common-words", type=int, default=COMMON_WORDS, metavar="N",
                        help="how many of wordfreq's most frequent words per language to try as place names")
    parser.add_argument("-o", "--output", type=Path, default=DATA)
    args = parser.parse_args(argv)
    must = [(Path(e), Path(a) if a else None) for e, _, a in (m.partition(":") for m in args.must)]
    for folder in [*args.folders, *(p for pair in must for p in pair if p is not None)]:
        if not folder.is_dir():
            print(f"Error: {folder}: not a folder", file=sys.stderr)
            return 2
    model, table = train(args.folders, Gazetteer.load(), log=lambda m: print(m, file=sys.stderr), must=must,
                         common_words=args.common_words)
    args.output.mkdir(parents=True, exist_ok=True)
    _write(args.output / scoring.COMMON_FILE, table)
    _write(args.output / scoring.MODEL_FILE, model.to_json())
    print(json.dumps(model.meta, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
