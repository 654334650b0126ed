"""``frontline ingest``: storing, --json, --dry-run, stdin, bad files and exit codes."""
from __future__ import annotations

import json
import os
import re
import sqlite3
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


@pytest.fixture(autouse=True)
def fake_gazetteer_loaded(monkeypatch, fake_gazetteer):
    monkeypatch.setattr("gazetteer.Gazetteer.load", classmethod(lambda cls, *a, **k: fake_gazetteer))


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


def write_corpus(path, count, *, start=0):
    """A JSON Lines corpus of ``count`` articles, each at its own URL."""
    places = ("Kupiansk", "Hlushkivka", "Kupiansk and Hlushkivka")
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + count):
            fh.write(json.dumps({"text": f"Russian forces captured {places[i % 3]}, Gerasimov said on Thursday.",
                                 "url": f"https://example.org/{i}", "published": "2025-11-21"}) + "\n")
    return path


def test_directories_and_corpora_with_bad_rows(tmp_path, article):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write_corpus(folder / "sub" / "c.jsonl", 3)
    with (folder / "sub" / "c.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"text": "Russian forces captured Kupiansk.", "published": "soon"}\n{"html": 1}\n')
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    db = tmp_path / "f.db"
    result = run(folder, "--db", db)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {folder / 'sub' / 'c.jsonl'}:4: published: 'soon' is not a date "
                      "(YYYY-MM-DD, or an ISO timestamp)",
                      f"Error: {folder / 'sub' / 'c.jsonl'}:5: html: expected text, found a number"]
    assert result.stderr.splitlines()[-1] == "6 article(s), 2 failed, 6 claim(s), 6 new in the store"
    assert stored(db) == 6
    only = run(folder, "--glob", "sub/*.jsonl", "--dry-run")
    assert only.stderr.splitlines()[-1] == "5 article(s), 2 failed, 4 claim(s), dry run, nothing stored"


def test_the_progress_bar_counts_articles_in_words(tmp_path, article):
    batch = run(*[article] * 5, "--dry-run")  # from PROGRESS_FROM files, counted ahead
    assert re.search(r"\b\d/5 \[[^\]]* articles/s", batch.stderr), batch.stderr
    corpus = run(write_corpus(tmp_path / "c.jsonl", 3), "--dry-run")  # a corpus: articles counted as they come
    assert re.search(r"\b\d articles \[", corpus.stderr) and "article/s" not in corpus.stderr.replace(" articles/s", "")


def test_all_cores_store_what_one_process_stores_in_the_same_order(tmp_path):
    source = write_corpus(tmp_path / "c.jsonl", 40)
    results = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        results[jobs] = run(source, "--jobs", jobs, "--json", "--db", db)
        assert results[jobs].exit_code == 0, results[jobs].output
    assert results["2"].stdout == results["1"].stdout
    assert results["2"].stderr.splitlines()[-1] == results["1"].stderr.splitlines()[-1] == \
        "40 article(s), 0 failed, 53 claim(s), 53 new in the store"
    rows = []
    for jobs in ("1", "2"):
        with sqlite3.connect(tmp_path / f"jobs{jobs}.db") as conn:  # every column, in storage order
            rows.append(conn.execute("SELECT * FROM claims ORDER BY rowid").fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == 53


def test_json_lists_the_kept_claims_then_the_others_each_in_input_order(tmp_path):
    source = write_corpus(tmp_path / "c.jsonl", 12)
    everything = json.loads(run(source, "--json", "--dry-run", "--min-confidence", "0").stdout)
    middle = sorted(row["confidence"] for row in everything)[len(everything) // 2]
    split = run(source, "--json", "--dry-run", "--min-confidence", middle, "--jobs", "2")
    kept = [{**row, "kept": True} for row in everything if row["confidence"] >= middle]
    below = [{**row, "kept": False} for row in everything if row["confidence"] < middle]
    assert kept and below
    assert split.stdout == json.dumps(kept + below, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("items", [[], [1], [{"quote": "Купянск\u2028line\nbreak", "a": [1, {"b": None}]}, "x"]])
def test_streamed_json_is_the_json_printed_at_once(items, capsys):
    from geo.cli.options import echo_json, echo_json_list

    echo_json(items)
    whole = capsys.readouterr().out
    echo_json_list(iter(items))
    assert capsys.readouterr().out == whole


def test_parquet_output_stores_nothing_and_wants_no_dry_run(tmp_path):
    source = write_corpus(tmp_path / "c.jsonl", 3)
    result = run(source, "--output-parquet", tmp_path / "out", "--db", tmp_path / "f.db")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == \
        f"3 article(s), 0 failed, 4 claim(s), 4 written to Parquet files in {tmp_path / 'out'}"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["part-000000.parquet"]
    assert not (tmp_path / "f.db").exists()
    assert run(source, "--output-parquet", tmp_path / "out", "--dry-run").exit_code == 2
    missing = run(source, "--output-parquet", tmp_path / "no" / "out")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines()[-1] == f"Error: {tmp_path / 'no' / 'out'}: cannot write: No such file or directory"


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def fixture_corpus(path, repeats):
    """The fixture articles ``repeats`` times over, each copy at its own URL."""
    texts = [(p.suffix, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.iterdir()) if p.suffix in (".txt", ".html")]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(repeats * len(texts)):
            suffix, text = texts[i % len(texts)]
            fh.write(json.dumps({"html" if suffix == ".html" else "text": text, "url": f"https://example.org/{i}",
                                 "published": "2025-11-21"}, ensure_ascii=False) + "\n")
    return path


def claims_by_article(db):
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT url, id FROM claims").fetchall()
    found = {}
    for url, claim_id in rows:
        found.setdefault(url, set()).add(claim_id)
    return found


def gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has exited
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_parallel_ingest_killed_midway_leaves_whole_articles_and_a_rerun_adds_the_rest(
        tmp_path, frontline_process, how):
    import signal
    import time

    # long enough (~800 articles) that the workers are still at it when the first batch is stored
    source = fixture_corpus(tmp_path / "c.jsonl", 20)
    full = frontline_process("ingest", source, "--jobs", "2", "--db", tmp_path / "full.db", timeout=300)
    assert full.returncode == 0, full.stderr
    expected = claims_by_article(tmp_path / "full.db")
    total = sum(map(len, expected.values()))
    db = tmp_path / "killed.db"
    process = frontline_process.start("ingest", source, "--jobs", "2", "--db", db, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (db.exists() and claims_by_article(db)):  # the first batch committed
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert len(workers) == 2
    if how == "SIGKILL":
        process.kill()
    else:  # as Ctrl-C in a terminal: to the whole process group
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if how == "SIGINT":
        assert process.returncode == 1 and stderr.splitlines()[-1] == "Error: interrupted"
        assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in workers):  # no worker outlives the ingest
        assert time.monotonic() < deadline, workers
        time.sleep(0.05)
    after = claims_by_article(db)
    assert all(after[url] == expected[url] for url in after)  # whole articles only
    kept = sum(map(len, after.values()))
    assert 0 < kept < total
    again = frontline_process("ingest", source, "--jobs", "2", "--db", db, timeout=300)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1].endswith(f", {total - kept} new in the store")
    assert claims_by_article(db) == expected
