"""Corpus input: directories, JSON Lines and Parquet rows, compression, and bad rows."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os

import pytest

from geo import corpus
from geo.corpus import ArticleFile, Row, Unreadable, expand, is_collection, row_article
from geo.errors import InputError
from geo.ingest import Overrides, zstd

TEXT = "Russian forces captured Kupiansk, Gerasimov said on Thursday."


def names(items):
    return [item.name for item in items]


def errors(items):
    found = []
    for item in items:
        try:
            item.read(Overrides())
        except InputError as exc:
            found.append(" ".join(str(exc).split()))
    return found


def write_jsonl(path, rows, *, compress=None):
    data = "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)
    raw = data.encode()
    path.write_bytes(gzip.compress(raw) if compress == "gz" else zstd.compress(raw) if compress == "zst" else raw)
    return path


def test_a_directory_gives_its_article_and_corpus_files_depth_first_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ("b/2.txt", "b/1.html", "a/x.txt.gz", "top.txt", "notes.md", "a/x.expected.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    write_jsonl(tmp_path / "a" / "c.jsonl", [{"text": TEXT}])
    items = list(expand([str(tmp_path)]))
    assert names(items) == [str(tmp_path / "top.txt"), str(tmp_path / "a" / "c.jsonl") + ":1",
                            str(tmp_path / "a" / "x.txt.gz"), str(tmp_path / "b" / "1.html"),
                            str(tmp_path / "b" / "2.txt")]
    assert isinstance(items[0], ArticleFile) and isinstance(items[1], Row)


def test_glob_chooses_the_files_of_a_directory_by_their_path_below_it(tmp_path):
    (tmp_path / "2025" / "11").mkdir(parents=True)
    for name in ("2025/11/a.md", "2025/b.md", "c.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert names(expand([str(tmp_path)], glob="*.md")) == [str(tmp_path / "2025" / "b.md"),
                                                          str(tmp_path / "2025" / "11" / "a.md")]
    assert names(expand([str(tmp_path)], glob="2025/11/*")) == [str(tmp_path / "2025" / "11" / "a.md")]


def test_an_empty_directory_or_glob_is_an_error_not_silence(tmp_path):
    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    assert errors(expand([str(tmp_path)])) == [f"{tmp_path}: no files of articles or corpora in this directory"]
    assert errors(expand([str(tmp_path)], glob="*.txt")) == [f"{tmp_path}: no files matching '*.txt' in this directory"]


def test_links_to_directories_are_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "real" / "loop")
    assert names(expand([str(tmp_path)])) == [str(tmp_path / "real" / "a.txt")]


def test_collections_are_told_by_kind_and_name(tmp_path):
    assert is_collection(str(tmp_path)) and is_collection("x.jsonl.zst") and is_collection("x.parquet")
    assert not is_collection("x.txt.gz") and not is_collection("-")


@pytest.mark.parametrize("compress", [None, "gz", "zst"])
def test_json_lines_rows_numbered_by_line(tmp_path, compress):
    path = write_jsonl(tmp_path / f"c.jsonl{'.' + compress if compress else ''}",
                       [{"text": TEXT, "url": "https://example.org/1", "published": "2025-11-21", "id": 7,
                         "title": "ignored"}, "", {"html": f"<html><body><p>{TEXT}</p></body></html>"}],
                       compress=compress)
    items = list(expand([str(path)]))
    assert names(items) == [f"{path}:1 (id '7')", f"{path}:3"]
    first = items[0].read(Overrides())
    assert (first.text, first.url, first.source, first.published) == (
        TEXT, "https://example.org/1", "example.org", dt.date(2025, 11, 21))
    assert items[1].read(Overrides()).source == "c"  # the corpus's name without its suffixes


def test_bad_lines_name_file_line_and_field_and_the_rest_is_read(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        '{"text": "unclosed', '[1, 2]', {"url": "https://example.org/x"}, {"text": 5},
        {"text": TEXT, "published": "last week"}, {"text": "\ud800 half a pair"},
        {"text": TEXT, "id": True}, {"text": TEXT}])
    with path.open("ab") as fh:
        fh.write(b'{"text": "\xff"}\n')
    items = list(expand([str(path)]))
    assert errors(items) == [
        f"{path}:1: invalid JSON (Invalid control character at column 19)",
        f"{path}:2: expected a JSON object, found a list",
        f"{path}:3: text: no article: the row has neither text nor html",
        f"{path}:4: text: expected text, found a number",
        f"{path}:5: published: 'last week' is not a date (YYYY-MM-DD, or an ISO timestamp)",
        f"{path}:6: text: not valid Unicode text (a lone surrogate)",
        f"{path}:7 (id 'True'): id: expected text or a whole number, found true or false",
        f"{path}:9: not UTF-8 text (byte 11)",
    ]
    assert items[7].read(Overrides()).text == TEXT


def test_a_line_over_the_cap_is_one_error_and_the_next_line_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_BYTES", 100)
    path = write_jsonl(tmp_path / "c.jsonl", [{"text": "x" * 300}, {"text": TEXT}])
    items = list(expand([str(path)]))
    assert errors(items) == [f"{path}:1: line too long (over 0 MB)"]
    assert items[1].read(Overrides()).text == TEXT


@pytest.mark.parametrize("compress", ["gz", "zst"])
def test_a_truncated_compressed_corpus_gives_its_rows_then_one_error(tmp_path, compress):
    path = write_jsonl(tmp_path / f"c.jsonl.{compress}", [{"text": f"{TEXT} {i}" * 20} for i in range(200)],
                       compress=compress)
    path.write_bytes(path.read_bytes()[:-40])
    items = list(expand([str(path)]))
    assert all(isinstance(item, Row) for item in items[:-1]) and len(items) > 100
    assert isinstance(items[-1], Unreadable)
    assert errors(items[-1:])[0].startswith(f"{path}: corrupt or truncated compressed data after line {len(items) - 1}")


def test_a_missing_corpus_or_a_fifo_is_one_error(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    assert errors(expand([str(tmp_path / "none.jsonl"), str(tmp_path / "pipe.jsonl")])) == [
        f"{tmp_path / 'none.jsonl'}: No such file or directory",
        f"{tmp_path / 'pipe.jsonl'}: is a FIFO, not a regular file"]


def test_row_values_and_overrides():
    assert row_article({"text": TEXT, "published": "2025-11-21T23:30:00-05:00"}, path="c.jsonl").published == \
        dt.date(2025, 11, 21)  # the date as written, not shifted to UTC
    assert row_article({"text": TEXT, "published": dt.datetime(2025, 1, 2, 3)}, path="c").published == dt.date(2025, 1, 2)
    both = row_article({"text": TEXT, "html": "<p>other</p>", "source": "Wire", "url": "https://a.example/x"},
                       path="c.jsonl", overrides=Overrides(url="https://b.example/y", published=dt.date(2024, 1, 2)))
    assert (both.text, both.source, both.url, both.published) == (
        TEXT, "Wire", "https://b.example/y", dt.date(2024, 1, 2))
    with pytest.raises(InputError, match="too large"):
        row_article({"text": "я" * (corpus.MAX_BYTES // 2 + 1)}, path="c")


def test_parquet_rows_numbered_from_one_across_batches(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setattr(corpus, "PARQUET_BATCH", 2)
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"text": [TEXT, None, TEXT, TEXT, None],
                             "html": [None, None, None, None, f"<html><body><p>{TEXT}</p></body></html>"],
                             "published": pa.array([dt.date(2025, 11, 21), None, None, None, None], pa.date32()),
                             "id": ["a", "b", None, None, None], "extra": [1, 2, 3, 4, 5]}),
                   path, row_group_size=3)
    items = list(expand([str(path)]))
    assert names(items) == [f"{path}:1 (id 'a')", f"{path}:2 (id 'b')", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert items[0].read(Overrides()).published == dt.date(2025, 11, 21)
    assert errors(items) == [f"{path}:2 (id 'b'): text: no article: the row has neither text nor html"]
    assert "Kupiansk" in items[4].read(Overrides()).text


def test_parquet_files_that_cannot_hold_articles(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"body": [TEXT]}), tmp_path / "none.parquet")
    pq.write_table(pa.table({"text": [TEXT], "published": [20251121]}), tmp_path / "int.parquet")
    (tmp_path / "fake.parquet").write_text("not parquet", encoding="utf-8")
    assert errors(expand([str(tmp_path / f"{name}.parquet") for name in ("none", "int", "fake")])) == [
        f"{tmp_path / 'none.parquet'}: no text or html column",
        f"{tmp_path / 'int.parquet'}: column published: int64 cannot hold a date",
        f"{tmp_path / 'fake.parquet'}: cannot read the Parquet file: Parquet magic bytes not found in footer. "
        "Either the file is corrupted or this is not a parquet file."]
