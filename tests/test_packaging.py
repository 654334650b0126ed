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


def test_every_third_party_module_the_packages_import_is_declared():
    """numpy, jinja2 and markupsafe were imported but not declared (issue 14, item 9)."""
    import ast
    import re
    import sys
    from importlib.metadata import packages_distributions

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*config["dependencies"], *(d for extra in config["optional-dependencies"].values() for d in extra)]
    names = {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    ours = {"geo", "gazetteer", "maps"}
    imported = set()
    for package in ours:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    distributions = packages_distributions()
    undeclared = sorted(m for m in imported - ours - set(sys.stdlib_module_names)
                        if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & names)
    assert undeclared == []
