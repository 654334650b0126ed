"""``frontline ingest``: storing, --json, --dry-run, stdin, bad files and exit codes."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.model import FIELDS
from geo.store import Store

CHECKOUT = Path(__file__).resolve().parents[2]
ARTICLE = "date 2025-11-21\n\nRussian forces captured Kupiansk and Hlushkivka, Gerasimov said on Thursday.\n"


@dataclasses.dataclass(frozen=True)
class Place:
    id: str
    name: str
    admin1: str = "Kharkiv"
    lat: float = 49.7
    lon: float = 37.6
    score: float = 0.97
    precision: str = "exact"
    population: int = 1000
    ambiguous: bool = False


class FakeGazetteer:
    names = {"kupiansk": Place("p1", "Kupiansk"), "hlushkivka": Place("p2", "Hlushkivka", lat=49.6)}

    def lookup(self, name, region=None, near=None, limit=5, context=(), fuzzy=True):
        found = self.names.get(name.casefold())
        return [found] if found else []

    def region(self, text):
        return None


@pytest.fixture(autouse=True)
def fake_gazetteer(monkeypatch):
    monkeypatch.setattr("gazetteer.Gazetteer.load", classmethod(lambda cls, *a, **k: FakeGazetteer()))


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(*args, stdin=None):
    return CliRunner().invoke(main, ["ingest", *map(str, args)], input=stdin)


def stored(db):
    with Store.open(db) as store:
        return store.count()


def test_stores_claims_once(tmp_path, article):
    db = tmp_path / "f.db"
    first = run(article, "--db", db)
    assert first.exit_code == 0, first.output
    assert stored(db) == 2
    assert "2 claim(s), 2 new in the store" in first.stderr
    with Store.open(db) as store:  # extracted claims wait for review
        assert store.count(statuses=("proposed",)) == 2
    again = run(article, "--db", db)
    assert again.exit_code == 0 and "0 new in the store" in again.stderr
    assert stored(db) == 2


def test_json_output(tmp_path, article):
    result = run(article, "--json", "--dry-run", "--db", tmp_path / "f.db")
    rows = json.loads(result.stdout)
    assert [r["place"] for r in rows] == ["Kupiansk", "Hlushkivka"]
    assert list(rows[0]) == [*FIELDS, "kept"]
    assert rows[0]["claim_date"] == "2025-11-20" and rows[0]["claimant_side"] == "RU" and rows[0]["kept"] is True
    assert not (tmp_path / "f.db").exists()


def test_overrides_and_stdin(tmp_path):
    result = run("-", "--json", "--dry-run", "--source", "Wire", "--url", "https://example.org/a",
                 "--published", "2025-11-22", stdin=ARTICLE.replace("date 2025-11-21\n", ""))
    row = json.loads(result.stdout)[0]
    assert (row["source"], row["url"], row["published"]) == ("Wire", "https://example.org/a", "2025-11-22")
    assert row["claim_date"] == "2025-11-20"


def test_bad_files_are_counted_and_the_batch_goes_on(tmp_path, article):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "f.db"
    result = run(tmp_path / "empty.txt", article, tmp_path / "blob.bin", tmp_path / "missing.txt", "--db", db)
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {tmp_path / 'empty.txt'}: empty file",
                      f"Error: {tmp_path / 'blob.bin'}: binary file, not an article",
                      f"Error: {tmp_path / 'missing.txt'}: No such file or directory"]
    assert "Traceback" not in result.output
    assert stored(db) == 2


def test_exit_code_is_capped(tmp_path):
    paths = []
    for i in range(260):
        path = tmp_path / f"e{i}.txt"
        path.write_bytes(b"")
        paths.append(path)
    result = run(*paths, "--dry-run")
    assert result.exit_code == 255


def test_no_claims_is_a_warning(tmp_path):
    path = tmp_path / "calm.txt"
    path.write_text("date 2025-11-21\n\nThe weather in Kupiansk was mild.\n", encoding="utf-8")
    result = run(path, "--dry-run")
    assert result.exit_code == 0
    assert f"Warning: {path}: no claims found" in result.stderr


def test_undated_article_warns(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Russian forces captured Kupiansk, Gerasimov said.\n", encoding="utf-8")
    result = run(path, "--dry-run")
    assert result.exit_code == 0 and "no publication date found" in result.stderr


def test_usage_errors():
    assert run().exit_code == 2
    assert run("x.txt", "--published", "yesterday").exit_code == 2


def test_help_does_not_load_heavy_modules():
    code = ("import sys; from click.testing import CliRunner; from geo.cli import main; "
            "CliRunner().invoke(main, ['ingest', '--help']); "
            "print(sorted(m for m in ('trafilatura', 'dateparser', 'tqdm', 'geo.extraction', 'geo.ingest') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ingest_does_not_load_the_map_stack(article):
    # Issue 13: every ingest imported folium (half a second of its fixed cost) through the
    # CLI's error handler. The real gazetteer and extraction, in a process of its own.
    code = ("import sys; from geo.cli import main\n"
            "try:\n    main(['ingest', sys.argv[1], '--dry-run'])\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
            "print(sorted(m for m in ('folium', 'branca', 'jinja2', 'maps') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(CHECKOUT))
    out = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True,
                         env=env, timeout=300)  # the first load of the gazetteer builds its index
    assert out.returncode == 0, out.stderr
    assert "1 file(s), 0 failed, 2 claim(s)" in out.stderr
    assert out.stdout.strip() == "[]"


def test_an_unknown_settlement_is_stored_unresolved_with_a_warning_and_listed_with_why(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("date 2025-11-21\n\nRussian forces captured the village of Nowhereville, Gerasimov said.\n",
                    encoding="utf-8")
    db = tmp_path / "f.db"
    result = run(path, "--db", db, "--min-confidence", "0")
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.stderr and "no place named 'Nowhereville'; stored unresolved" in result.stderr
    with Store.open(db) as store:
        assert [(c.as_written, c.place_id) for c in store.query()] == [("Nowhereville", None)]
    listed = CliRunner().invoke(main, ["claims", "list", "--unresolved", "--db", str(db)])
    assert listed.exit_code == 0 and "Nowhereville (unresolved)" in listed.stdout
    assert "    no place named 'Nowhereville'" in listed.stdout


def test_devices_and_fifos_are_refused_and_the_batch_goes_on(tmp_path, article, frontline_process):
    # Issue 15, item 8: /dev/zero was read until MemoryError and a FIFO with no writer
    # hung, so the article after them was never read. Own process: a regression hangs
    # or eats memory there, and fails on its time limit or memory cap.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE.replace("Kupiansk and Hlushkivka", "Kupiansk"), encoding="utf-8")
    result = frontline_process("ingest", article, "/dev/zero", fifo, after, "--dry-run", "--json",
                               timeout=300)  # the first load of the gazetteer builds its index
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: /dev/zero: is a character device, not a regular file",
                      f"Error: {fifo}: is a FIFO, not a regular file"]
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("4 file(s), 2 failed")


def test_the_size_cap_counts_bytes_read(tmp_path, monkeypatch):
    monkeypatch.setattr("geo.ingest.MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 10, encoding="utf-8")
    result = run(big, "--dry-run")
    assert result.exit_code == 1
    assert f"Error: {big}: file too large (over 100 bytes)" in result.stderr.splitlines()
