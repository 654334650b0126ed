"""The root command: every command has help, is documented, and domain errors are one line."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geo.cli import COMMANDS, main

README = Path(__file__).resolve().parents[1] / "README.md"


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of ``frontline`` as a tuple of words."""
    ctx = click.Context(main)
    paths = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in command.list_commands(ctx)]
    return paths


def test_every_registered_command_loads():
    assert {p[0] for p in command_paths()} == set(COMMANDS)


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_readme_documents_command(path):
    assert re.search(rf"frontline {' '.join(path)}\b", README.read_text(encoding="utf-8")), \
        f"README has no reference for 'frontline {' '.join(path)}'"


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2


def test_domain_error_is_one_line(tmp_path):
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(main, ["claims", "list", "--db", str(missing)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Error: no claims database at {missing}; add or import claims first"]
    assert not missing.exists()
