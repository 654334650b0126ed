"""Every data file the packages read is shipped: pyproject's package-data covers it."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_packages_is_in_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]
    missing = []
    for package, patterns in globs.items():
        base = ROOT / package.replace(".", "/")
        shipped = {p for pattern in patterns for p in base.glob(pattern) if p.is_file()}
        data = {p for p in base.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
                and "__pycache__" not in p.parts}
        missing += sorted(str(p.relative_to(ROOT)) for p in data - shipped)
    assert missing == []
