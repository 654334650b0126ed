"""Articles read from files or standard input: text, title, publication date, outlet, URL.

Plain text and HTML (main text and metadata through trafilatura), gzip or zstd compressed
or not; UTF-8 with or without BOM, UTF-16, cp1251 and what charset-normalizer recognises.
Unreadable input raises :class:`geo.errors.InputError` with one line saying why.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gzip
import importlib
import io
import logging
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from gazetteer.files import open_regular
from geo.extraction.dates import parse_date
from geo.errors import InputError
from geo.extraction.sentences import detect_language

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_URL_LABEL = re.compile(r"^\s*(?:source|original url|url|link|источник|джерело)\s*:\s*(?P<url>https?://\S+)?\s*$", re.I | re.M)
_URL = re.compile(r"https?://[^\s<>\"']+")
_DATE_LABEL = re.compile(r"\bdate\s*:?\s*(\d{4}-\d\d-\d\d)", re.I)
_FULL_DATE = re.compile(r"(?<!\d)(?:\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{4}|"
                        r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                        r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[^\W\d_]{3,12}\s+\d{4})")
_META_TIME = re.compile(r"<meta[^>]+(?:property|name)=[\"'](?:article:published_time|pubdate|date)[\"'][^>]*>", re.I)
_CONTENT = re.compile(r"content=[\"']([^\"']+)[\"']", re.I)
HEADER_CHARS = 1500


@dataclasses.dataclass(frozen=True, slots=True)
class Article:
    """One article, ready for :func:`geo.extraction.extract_claims`."""

    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    path: str | None = None


def read_article(path: str, *, source: str | None = None, url: str | None = None,
                 published: dt.date | None = None, stdin: BinaryIO | None = None) -> Article:
    """Read one article from ``path`` (``"-"`` reads ``stdin``); the keyword values win over
    what the file says about itself."""
    text = decode(_read_bytes(path, stdin), path=path)
    html = bool(_HTML.match(text[:2000]) or _HTML_NAME.search(path))
    return parse_article(text, html=html, path=path, source=source, url=url, published=published)


def parse_article(text: str, *, html: bool, path: str | None = None, source: str | None = None,
                  url: str | None = None, published: dt.date | None = None) -> Article:
    """The article in ``text`` (HTML when ``html``); the keyword values win over what the
    text says about itself. ``path`` names the input in errors."""
    text = _checked(text, path)
    article = parse_html(text, path=path, url=url) if html else parse_plain(text, path=path, url=url)
    return dataclasses.replace(
        article,
        source=source or article.source,
        url=url or article.url,
        published=published or article.published,
        language=detect_language(article.text),
    )


def _read_bytes(path: str, stdin: BinaryIO | None) -> bytes:
    """The input's bytes, decompressed, at most MAX_BYTES: the cap counts what is read, so
    that nothing runs on (a small compressed file may unpack to gigabytes); a FIFO or device
    given by name is refused (it may never end, or block)."""
    try:
        if path == "-":
            data = decompressing(stdin or sys.stdin.buffer).read(MAX_BYTES + 1)
        else:
            with open_regular(path, limit=MAX_BYTES) as fh:
                data = decompressing(fh).read(MAX_BYTES + 1)
    except DECOMPRESSION_ERRORS as exc:
        raise InputError(f"corrupt or truncated compressed data ({exc})", path=path) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=path) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"input too large (over {MAX_BYTES // 2**20} MB)", path=path)
    return data


# The standard library's zstd from Python 3.14 (PEP 784), its backport before (zstandard's
# stream reader reads a truncated file as a shorter one, without an error).
zstd = importlib.import_module("compression.zstd" if sys.version_info >= (3, 14) else "backports.zstd")
# Raised while reading a compressed stream whose data is damaged or cut short.
DECOMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, zstd.ZstdError)
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_COMPRESSION = re.compile(r"\.(?:gz|zst)$", re.I)
_HTML_NAME = re.compile(r"\.html?(?:\.gz|\.zst)?$", re.I)


def decompressing(fh: BinaryIO) -> BinaryIO:
    """``fh``, or a reader of what it holds when it is gzip or zstd compressed (told by its
    first bytes, not its name). Damaged data raises one of :data:`DECOMPRESSION_ERRORS`
    while it is read."""
    if not hasattr(fh, "peek"):
        fh = io.BufferedReader(fh)  # type: ignore[arg-type]
    head = fh.peek(4)[:4]  # type: ignore[attr-defined]
    if head.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if head == _ZSTD_MAGIC:
        return zstd.ZstdFile(fh)
    return fh


def decode(data: bytes, *, path: str | None = None) -> str:
    """Text of ``data``: BOMs first, then UTF-8, UTF-16 without BOM, cp1251, charset-normalizer."""
    if not data.strip():
        raise InputError("empty file", path=path)
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), path)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16, path)
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise InputError("binary file, not an article", path=path)
    cp1251 = data.decode("cp1251", errors="replace")
    if _cyrillic_share(cp1251) > 0.6:
        return _checked(cp1251, path)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("binary file or unknown encoding, not an article", path=path)
    return _checked(str(best), path)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: NULs in it, and one byte order decodes to printable
    Latin or Cyrillic text (the languages read here)."""
    if b"\x00" not in data or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:5000]
        ours = sum(1 for ch in sample if ch < "\u0530" and (ch.isprintable() or ch.isspace()))
        if ours >= len(sample) * 0.95:
            return text
    return None


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / len(letters) if letters else 0.0


def _checked(text: str, path: str | None) -> str:
    """Refuse text that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") + sample.count("\ufffd")
    if "\x00" in sample or controls > max(8, len(sample) // 20):
        raise InputError("binary file, not an article", path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError("empty file", path=path)
    return text


def parse_plain(text: str, *, path: str | None = None, url: str | None = None) -> Article:
    """A plain-text article; a dateline ("date 2025-11-21", "November 21, 2025",
    "21/11/2025") and, without ``url``, a "Source: URL" / "Original url:" line are read
    when present."""
    url = url or _labelled_url(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Article(text=text, source=_source_name(url, path), title=lines[0][:300] if lines else None,
                   published=_dateline(text[:HEADER_CHARS]), url=url)


def _labelled_url(text: str) -> str | None:
    for m in _URL_LABEL.finditer(text):
        found = m.group("url") or next(iter(_URL.findall(text[m.end():m.end() + 400])), None)
        if found:
            return found.rstrip(".,;)")
    return None


def _dateline(header: str) -> dt.date | None:
    labelled = _DATE_LABEL.search(header)
    if labelled:
        return parse_date(labelled.group(1))
    for m in _FULL_DATE.finditer(header):
        found = parse_date(m.group(0))
        if found:
            return found
    return None


def _source_name(url: str | None, path: str | None) -> str:
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or url
    if path and path != "-":
        return Path(_COMPRESSION.sub("", path)).stem
    return "stdin"


def parse_html(html: str, *, path: str | None = None, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page (trafilatura); the page's own
    ``article:published_time`` wins over trafilatura's guess."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, url=url)
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        raise InputError("no article text found in the HTML page", path=path)
    page_url = url or (doc.url if doc.url and doc.url.startswith("http") else None)
    title = doc.title or None
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return Article(text=body, source=doc.sitename or _source_name(page_url, path), title=title,
                   published=_meta_date(html) or (parse_date(doc.date) if doc.date else None), url=page_url)


def _meta_date(html: str) -> dt.date | None:
    for tag in _META_TIME.findall(html[:200000]):
        content = _CONTENT.search(tag)
        if content:
            found = parse_date(content.group(1)[:10])
            if found:
                return found
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata given for every article of a batch (``ingest --source/--url/--published``);
    it wins over what an article says about itself."""

    source: str | None = None
    url: str | None = None
    published: dt.date | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: its claims and how many were new, or why it failed."""

    path: str
    claims: tuple = ()
    added: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()
    below: tuple = ()  # claims whose confidence is under the threshold: not stored


def _unresolved(claims, resolve) -> list[str]:
    """A warning per place name a claim was stored without a place for, saying why."""
    from geo.ledger import resolve_claim

    names = {(c.as_written, c.region): c for c in claims if c.place_id is None}
    return [f"{_why(resolve_claim(c, resolve.lookup))}; stored unresolved (see 'claims list --unresolved')"
            for c in names.values()]


def _why(resolution) -> str:
    """The gazetteer's reason; where the name alone resolves, the article's other places
    are why the extraction did not take that place."""
    if resolution.problem is not None:
        return resolution.problem
    claim = resolution.claim
    return f"{claim.as_written!r}: its best match, {claim.place} ({claim.admin1}), does not fit the article's other places"


def confidence_floor(min_confidence: float | None) -> float:
    """The confidence a claim needs to be stored: ``min_confidence``, else the model's threshold."""
    from geo.extraction import default_threshold

    return default_threshold() if min_confidence is None else min_confidence


def extract_outcome(name: str, read: Callable[[], Article], resolve, *, today: dt.date,
                    floor: float) -> Outcome:
    """Read an article with ``read`` and extract its claims; the :class:`Outcome` says what
    became of it, a :class:`geo.errors.GeoError` on the way included. Pure but for ``read``."""
    from geo.errors import GeoError
    from geo.extraction import extract_claims, kept

    try:
        article = read()
        warnings = []
        if article.published is None:
            warnings.append(f"no publication date found; dates are resolved against {today.isoformat()} "
                            "(pass --published)")
        found = extract_claims(article, resolve, today=today)
        claims = kept(found, floor)
        below = tuple(c for c in found if c not in claims)
        if not found:
            warnings.append("no claims found")
        elif below:
            warnings.append(f"{len(below)} claim(s) under confidence {floor:g} not stored")
        warnings += _unresolved(claims, resolve)
    except GeoError as exc:
        return Outcome(name, error=" ".join(str(exc).split()))
    return Outcome(name, tuple(claims), warnings=tuple(warnings), below=below)


def ingest_paths(paths, resolve, *, store=None, source: str | None = None, url: str | None = None,
                 published: dt.date | None = None, today: dt.date | None = None, stdin: BinaryIO | None = None,
                 min_confidence: float | None = None):
    """Read, extract and (when ``store`` is given) store each input, one transaction per
    file; yields an :class:`Outcome` per path and never stops at a bad file. Claims whose
    confidence is under ``min_confidence`` (default: the model's threshold) are reported in
    :attr:`Outcome.below`, not stored. (``frontline ingest`` runs :mod:`geo.pipeline`, which
    reads corpora too and stores in batches.)"""
    from geo.errors import GeoError

    today = today or dt.date.today()
    floor = confidence_floor(min_confidence)
    for path in paths:
        read = functools.partial(read_article, path, source=source, url=url, published=published, stdin=stdin)
        outcome = extract_outcome(path, read, resolve, today=today, floor=floor)
        if store is not None and outcome.claims:
            try:
                outcome = dataclasses.replace(outcome, added=store.add(outcome.claims, status="proposed"))
            except GeoError as exc:
                outcome = Outcome(path, error=" ".join(str(exc).split()))
        yield outcome
