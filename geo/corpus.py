"""What ``ingest``'s PATH arguments name: articles, one at a time, in a fixed order.

A PATH is an article file (text or HTML, gzip or zstd compressed or not), ``-`` for
standard input, a directory (its files, recursively, in name order), or a corpus: JSON
Lines (``.jsonl``, ``.ndjson``, compressed too) or Parquet (``.parquet``), one article per
row with ``text`` or ``html`` and optionally ``url``, ``source``, ``published`` and ``id``.

Each article is an *item*: small, picklable, read (and checked) where it is extracted, so
that reading spreads over the workers too. Corpora are read a row at a time: memory stays
flat whatever their size. Whatever cannot be read becomes an item that fails with one line
naming the file, the line or row, and the field.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from gazetteer.files import open_regular
from geo.errors import InputError
from geo.ingest import (DECOMPRESSION_ERRORS, MAX_BYTES, Article, Overrides, decompressing,
                        parse_article, read_article)

ROW_FIELDS = ("text", "html", "url", "source", "published", "id")
_TEXT_FIELDS = ("text", "html", "url", "source")
_COMPRESSED = r"(?:\.gz|\.zst)?$"
_JSONL = re.compile(r"\.(?:jsonl|ndjson)" + _COMPRESSED, re.I)
_PARQUET = re.compile(r"\.parquet$", re.I)
_ARTICLE = re.compile(r"\.(?:txt|html?)" + _COMPRESSED, re.I)
PARQUET_BATCH = 256  # rows read from a Parquet file at a time


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleFile:
    """An article file, read by whoever extracts it."""

    name: str

    def read(self, overrides: Overrides) -> Article:
        return read_article(self.name, source=overrides.source, url=overrides.url,
                            published=overrides.published)


@dataclasses.dataclass(frozen=True, slots=True)
class StdinArticle:
    """The article on standard input, read by the main process (no worker has it)."""

    data: bytes
    name: str = "-"

    def read(self, overrides: Overrides) -> Article:
        return read_article("-", source=overrides.source, url=overrides.url,
                            published=overrides.published, stdin=io.BytesIO(self.data))


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One row of a corpus: its article fields as found, checked when read."""

    path: str
    line: int
    fields: Mapping[str, Any]

    @property
    def name(self) -> str:
        """``FILE:LINE`` (the row number of a Parquet file), with the row's id when it has one."""
        article_id = self.fields.get("id")
        shown = "" if article_id is None else f" (id {str(article_id)!r})"
        return f"{self.path}:{self.line}{shown}"

    def read(self, overrides: Overrides) -> Article:
        try:
            return row_article(self.fields, path=self.path, overrides=overrides)
        except InputError as exc:
            raise InputError(exc.reason, path=self.name, field=exc.field) from None


@dataclasses.dataclass(frozen=True, slots=True)
class Unreadable:
    """An input that failed before any article was found in it (a bad line, a corrupt file)."""

    name: str
    error: InputError

    def read(self, overrides: Overrides) -> Article:
        raise self.error


Item = ArticleFile | StdinArticle | Row | Unreadable


def row_article(fields: Mapping[str, Any], *, path: str, overrides: Overrides = Overrides()) -> Article:
    """The article of a row of the corpus ``path``: ``text`` (else ``html``) with the row's
    ``url``, ``source`` and ``published``; ``overrides`` win over them. Without a source or
    URL, the corpus's file name is the source. Raises :class:`InputError` naming the field
    at fault."""
    for field in _TEXT_FIELDS:
        _check_text(fields.get(field), field)
    article_id = fields.get("id")
    if article_id is not None and (isinstance(article_id, bool) or not isinstance(article_id, (str, int))):
        raise InputError(f"expected text or a whole number, found {_kind(article_id)}", field="id")
    text, html = fields.get("text"), fields.get("html")
    field = "text" if text and text.strip() else "html" if html and html.strip() else None
    if field is None:
        raise InputError("no article: the row has neither text nor html", field="text")
    body = fields[field]
    if len(body) > MAX_BYTES or len(body.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"article too large (over {MAX_BYTES // 2**20} MB)", field=field)
    published = overrides.published or _date(fields.get("published"))
    return parse_article(body, html=field == "html", path=path, source=overrides.source or fields.get("source"),
                         url=overrides.url or fields.get("url"), published=published)


def _check_text(value: Any, field: str) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InputError(f"expected text, found {_kind(value)}", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # JSON may escape half a surrogate pair ("\ud800")
        raise InputError("not valid Unicode text (a lone surrogate)", field=field) from None


def _date(value: Any) -> dt.date | None:
    """``published`` as a date: a date, a timestamp, or ISO text of either."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(f"{_shown(value)} is not a date (YYYY-MM-DD, or an ISO timestamp)", field="published")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true or false", float: "a number",
            int: "a number"}.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def expand(paths: Iterable[str], *, glob: str | None = None, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """The items PATHs name, in order: a directory's files in name order (those matching
    ``glob``, else its article and corpus files), a corpus's rows in file order."""
    for path in paths:
        if path == "-":
            yield _stdin(stdin)
        elif os.path.isdir(path):
            yield from _directory(path, glob)
        else:
            yield from _file(path)


def is_collection(path: str) -> bool:
    """Whether ``path`` may hold many articles (a directory or a corpus file)."""
    return path != "-" and (os.path.isdir(path) or bool(_JSONL.search(path) or _PARQUET.search(path)))


def _stdin(stdin: BinaryIO | None) -> Item:
    try:
        return StdinArticle((stdin or sys.stdin.buffer).read(MAX_BYTES + 1))
    except OSError as exc:
        return Unreadable("-", InputError(exc.strerror or str(exc), path="-"))


def _file(path: str) -> Iterator[Item]:
    if _JSONL.search(path):
        return _jsonl(path)
    if _PARQUET.search(path):
        return _parquet(path)
    return iter((ArticleFile(path),))


def _directory(folder: str, glob: str | None) -> Iterator[Item]:
    """The files under ``folder`` that ``glob`` matches (on their path below ``folder``),
    depth first in name order; links to folders are not followed."""
    problems: list[OSError] = []
    found = False
    for root, folders, files in os.walk(folder, onerror=problems.append):
        while problems:
            exc = problems.pop(0)
            yield Unreadable(exc.filename or folder, InputError(exc.strerror or str(exc), path=exc.filename or folder))
        folders.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            if fnmatch.fnmatchcase(relative, glob) if glob else _is_known(name):
                found = True
                yield from _file(path)
    for exc in problems:
        yield Unreadable(exc.filename or folder, InputError(exc.strerror or str(exc), path=exc.filename or folder))
    if not found:
        wanted = f"matching {glob!r}" if glob else "of articles or corpora"
        yield Unreadable(folder, InputError(f"no files {wanted} in this directory", path=folder))


def _is_known(name: str) -> bool:
    return bool(_ARTICLE.search(name) or _JSONL.search(name) or _PARQUET.search(name))


def _jsonl(path: str) -> Iterator[Item]:
    """The rows of a JSON Lines file, one object a line; blank lines are passed over."""
    line = 0
    try:
        with open_regular(path) as raw:
            fh = decompressing(raw)
            while chunk := fh.readline(MAX_BYTES + 1):
                line += 1
                if len(chunk) > MAX_BYTES and not chunk.endswith(b"\n"):
                    while (rest := fh.readline(MAX_BYTES + 1)) and not rest.endswith(b"\n"):
                        pass
                    yield _bad_row(path, line, f"line too long (over {MAX_BYTES // 2**20} MB)")
                elif chunk.strip():
                    yield _json_row(path, line, chunk)
    except DECOMPRESSION_ERRORS as exc:
        yield Unreadable(path, InputError(f"corrupt or truncated compressed data after line {line} ({exc})",
                                          path=path))
    except OSError as exc:
        yield Unreadable(path, InputError(exc.strerror or str(exc), path=path))


def _json_row(path: str, line: int, chunk: bytes) -> Item:
    try:
        text = chunk.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return _bad_row(path, line, f"not UTF-8 text (byte {exc.start + 1})")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return _bad_row(path, line, f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
    if not isinstance(value, dict):
        return _bad_row(path, line, f"expected a JSON object, found {_kind(value)}")
    return Row(path, line, {name: value[name] for name in ROW_FIELDS if value.get(name) is not None})


def _bad_row(path: str, line: int, reason: str) -> Unreadable:
    return Unreadable(f"{path}:{line}", InputError(reason, path=path, line=line))


def _parquet(path: str) -> Iterator[Item]:
    """The rows of a Parquet file, a batch at a time; rows are numbered from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = 0
    try:
        with open_regular(path) as fh:
            table = pq.ParquetFile(fh)
            columns = [name for name in table.schema_arrow.names if name in ROW_FIELDS]
            problem = _column_problem(table.schema_arrow, columns)
            if problem:
                yield Unreadable(path, InputError(problem, path=path))
                return
            for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=columns):
                for record in batch.to_pylist():
                    row += 1
                    yield Row(path, row, {name: value for name, value in record.items() if value is not None})
    except (pa.ArrowException, OSError) as exc:
        where = f"after row {row}: " if row else ""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())[:300]
        yield Unreadable(path, InputError(f"cannot read the Parquet file: {where}{reason}", path=path))


def _column_problem(schema: Any, columns: list[str]) -> str | None:
    """Why the columns cannot hold articles, or None: text or html must be there, as text."""
    import pyarrow.types as t

    if "text" not in columns and "html" not in columns:
        return "no text or html column"
    allowed = {"published": lambda k: t.is_string(k) or t.is_large_string(k) or t.is_date(k) or t.is_timestamp(k),
               "id": lambda k: t.is_string(k) or t.is_large_string(k) or t.is_integer(k)}
    for name in columns:
        kind = schema.field(name).type
        if not (t.is_null(kind) or allowed.get(name, lambda k: t.is_string(k) or t.is_large_string(k))(kind)):
            return f"column {name}: {kind} cannot hold {'a date' if name == 'published' else 'text'}"
    return None
