"""The training step: annotated articles in, a model that scores them out."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from geo.extraction import scoring, train

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"
SOME = ["en01-liberation-ministry", "en06-isw-fighting-advance", "ru01-liberation-kucherovka", "uk02-percent-vovchansk",
        "en10-period-claim", "en20-fractions-unit-after"]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    for stem in SOME:
        for path in ARTICLES.glob(f"{stem}.*"):
            shutil.copy(path, folder)
    return folder


def test_training_writes_a_model_that_scores_its_articles(tmp_path, gazetteer):
    folder = _folder(tmp_path)
    assert len(list(folder.glob("*.expected.json"))) == len(SOME)
    model, table = train.train([folder], gazetteer, log=lambda m: None, common_words=300)
    assert model.weights and 0 < model.threshold < 1 and model.threshold in train.THRESHOLDS
    assert set(table) == {"en", "ru", "uk"}
    meta = model.meta
    assert meta["articles"] == len(SOME) and 0 <= meta["cross_validated"]["f1"] <= 1
    assert sum(b["claims"] for b in meta["calibration"]) >= sum(b["right"] for b in meta["calibration"]) > 0
    # the articles' right claims score above their wrong ones on average
    found = train.cases([folder], gazetteer, lambda n, l: 0.0)
    scored = [(model.confidence(v), y) for c in found for vs, ys in zip(c.vectors, c.labels) for v, y in zip(vs, ys)]
    right = [q for q, y in scored if y]
    wrong = [q for q, y in scored if not y]
    assert right and wrong and sum(right) / len(right) > sum(wrong) / len(wrong)


def test_the_command_writes_both_files_and_refuses_a_missing_folder(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    assert train.main([str(folder), "-o", str(out), "--common-words", "200"]) == 0
    model = scoring.Model.from_json(json.loads((out / scoring.MODEL_FILE).read_text(encoding="utf-8")))
    assert model.weights and json.loads((out / scoring.COMMON_FILE).read_text(encoding="utf-8"))
    assert train.main([str(tmp_path / "nowhere"), "-o", str(out)]) == 2
    assert "not a folder" in capsys.readouterr().err
