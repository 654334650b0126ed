"""README's examples run as written."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_block(heading: str, language: str) -> str:
    """The first ``language`` code block after ``heading`` in README."""
    text = README.read_text(encoding="utf-8")
    after = text[text.index(heading):]
    return re.search(rf"```{language}\n(.*?)```", after, re.S).group(1)


def test_the_notebook_example_runs(tmp_path, monkeypatch):
    # Issue 14, item 10: GeoDataFrames of claims and candidates, geocoding through geopandas.
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(compile(readme_block("### In a notebook", "python"), "README.md", "exec"), names)
    claims = names["claims"]
    assert len(claims) > 0 and set(claims["claimant_side"]) == {"RU"}
    assert list(names["claims"].dtypes[["claim_date", "percent"]].astype(str)) == ["datetime64[ms]", "float64"]
    assert names["placed"].crs.to_epsg() == 32637 and len(names["placed"]) == claims.geometry.notna().sum()
    assert names["per_day"].sum() == len(claims)
    assert sorted(names["candidates"]["admin1"])[:2] == ["Dnipropetrovsk", "Kharkiv"]
    located = names["located"]
    assert list(located["address"]) == ["Kupiansk, Kharkiv, UA", "Pokrovsk, Donetsk, UA", "Chasiv Yar, Donetsk, UA"]
    assert np.allclose(located.geometry.x, [37.61581, 37.17706, 37.83409], atol=0.05)
