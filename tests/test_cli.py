"""The root command: every command has help, is documented, and domain errors are one line."""
from __future__ import annotations

import csv
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


# Issue 14, item 5: one wording for one message, whichever command says it.
NEEDS_A_DATABASE = [("claims", "list"), ("claims", "conflicts"), ("claims", "resolve"),
                    ("claims", "verify"), ("claims", "export-reviewed", "-o", "{tmp}/r.zip"),
                    ("export", "csv", "-o", "{tmp}/c.csv"), ("map", "-o", "{tmp}/m.html")]


@pytest.mark.parametrize("args", NEEDS_A_DATABASE, ids=" ".join)
def test_a_missing_database_reads_the_same_for_every_command(args, tmp_path):
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(main, [a.format(tmp=tmp_path) for a in args] + ["--db", str(missing)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: no claims database at {missing}; add or import claims first\n")
    assert not missing.exists()


def test_every_written_file_is_announced_with_wrote(tmp_path):
    runner = CliRunner()
    export = runner.invoke(main, ["export", "csv", "--example", "-o", str(tmp_path / "c.csv")])
    drawn = runner.invoke(main, ["map", "--example", "-o", str(tmp_path / "m.html")])
    for result in (export, drawn):
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("Wrote "), result.stderr


@pytest.mark.parametrize("path", [("claims", "list"), ("claims", "add"), ("claims", "review"),
                                  ("export",), ("map",)], ids=" ".join)
def test_side_options_show_the_sides_as_readme_writes_them(path):
    help_text = CliRunner().invoke(main, [*path, "--help"]).output
    assert "[RU|UA|other]" in help_text and "ru|ua" not in help_text
    refused = CliRunner().invoke(main, [*path, "--side", "RUS"])
    assert refused.exit_code == 2
    assert "'RUS' is not one of 'RU', 'UA', 'other'." in refused.stderr


@pytest.mark.parametrize("spelling", ["RU", "ru", "Ru", "rU"])
def test_side_is_accepted_in_any_case(spelling, tmp_path):
    out = tmp_path / "ru.csv"
    result = CliRunner().invoke(main, ["export", "csv", "--example", "--side", spelling, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as fh:
        sides = [row["claimant_side"] for row in csv.DictReader(fh)]
    assert sides and set(sides) == {"RU"}
