"""README's test command is the one CI runs, and a run says why each skipped test skipped
(issue 14, item 1: "No module named pytest" on a fresh machine; browser tests skipped silently)."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import harness

CHECKOUT = Path(__file__).resolve().parents[1]


def readme_test_command() -> str:
    text = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Tests\n"):]
    [command] = re.search(r"```bash\n(.*?)```", section, re.S).group(1).strip().splitlines()
    return command


def test_readme_gives_one_command_that_sets_up_and_runs_the_tests():
    command = readme_test_command()
    assert command.startswith("python3 -m venv ")  # a fresh environment: no pytest needed before
    assert "pip install '.[test]'" in command and command.endswith("-m pytest -q")


def test_ci_runs_readmes_test_command():
    lines = (CHECKOUT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_test_command() in lines


def test_the_summary_gives_each_skipped_tests_reason(tmp_path):
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\ndef test_needs_a_browser():\n    pytest.skip('no browser on this machine')\n")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-c", str(CHECKOUT / "pyproject.toml"), "--rootdir", str(tmp_path),
                             str(tmp_path / "test_skipping.py")], capture_output=True, text=True, timeout=60)
    assert "1 skipped" in result.stdout, result.stdout
    assert re.search(r"SKIPPED \[1\] .*test_skipping\.py:\d+: no browser on this machine", result.stdout)


def test_browser_tests_say_what_they_miss(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "CHROMIUM", tmp_path / "chromium")
    assert harness.missing_reason() == f"{tmp_path / 'chromium'} is not installed (apt-get install chromium)"
    monkeypatch.setattr(harness, "NODE_MODULES", tmp_path / "node_modules")
    assert harness.packages_missing() == (f"{tmp_path / 'node_modules'} is missing "
                                          f"(npm ci --ignore-scripts in {harness.HERE})")
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "playwright" else find_spec(name, *a))
    assert harness.missing_reason() == "the playwright package is not installed (pip install '.[test]')"
