"""Reading claims files: CSV (header = field names), a JSON list, JSON Lines, and the
GeoJSON and GeoPackage that :mod:`geo.export` writes. Every bad row becomes an
:class:`InputError` naming the file, line (a GeoPackage's feature id) and field. Every
format streams: memory stays flat whatever the file size (a JSON list or GeoJSON is read a
value at a time, a GeoPackage a batch of features at a time).

A row without ``as_written`` names its place in ``place``, as a minimal file written by
hand does: that is the name as written, to be resolved (unless the row gives ``place_id``).
"""
from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from gazetteer.files import describe_size, open_regular
from geo.errors import InputError, InvalidClaim
from geo.model import FIELDS, REQUIRED, Claim

NOT_OURS = ("not a claims file: expected CSV with claim field names as header, "
            "a JSON list or JSON Lines of claims, or GeoJSON or a GeoPackage exported by frontline")

Row = tuple[int, Any]  # (line number, parsed record)
Resolve = Callable[[int, Claim], Claim]  # (line, claim) -> the claim with its place resolved, or as it was
PEEK = 64 * 1024  # bytes read to find how a file starts
CHUNK = 1024 * 1024  # bytes a JSON document is read by
MAX_VALUE = 16 * 1024 * 1024  # characters of one JSON value at most (a claim is a few KB)
MAX_LINE = MAX_VALUE  # bytes of one line at most, so that a file without line ends is no one line in memory
MAX_FILE = 2 * 1024**3  # bytes of a claims file at most (some three million claims)
# A GeoPackage is an SQLite file whose header's application_id (bytes 68-71) says so:
# "GPKG" since GeoPackage 1.2, "GP10"/"GP11" before. A frontline database is SQLite too.
SQLITE_HEADER = b"SQLite format 3\x00"
GPKG_IDS = (b"GPKG", b"GP10", b"GP11")
GPKG_BATCH = 1000  # features read at a time


def read_claims(path: str | Path, *, errors: list[InputError] | None = None,
                resolve: Resolve | None = None) -> Iterator[Claim]:
    """Claims of a CSV, JSON, JSON Lines, GeoJSON or GeoPackage file, in file order.

    Every format is read a row or value at a time, so memory does not grow with the file.
    Only a regular file of at most :data:`MAX_FILE` bytes is read (a FIFO or device is
    refused). The file's format is checked before this returns, so an empty or foreign
    file fails at once. Later, a bad row raises :class:`InputError`; when ``errors`` is
    given, bad rows are appended to it and skipped instead. A claim whose row names its
    place only in ``place`` goes through ``resolve(line, claim)`` (without it, it stays
    unresolved).
    """
    return (claim for _, claim in read_claim_rows(path, errors=errors, resolve=resolve))


def read_claim_rows(path: str | Path, *, errors: list[InputError] | None = None,
                    resolve: Resolve | None = None) -> Iterator[tuple[int, Claim]]:
    """As :func:`read_claims`, each claim with the line its row starts on."""
    name = str(path)
    try:
        # Binary, decoded line by line: a bad byte is reported on its own line, and the
        # csv module sees each physical line with its line end, quoted ones included.
        fh = open_regular(path, limit=MAX_FILE)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    try:
        rows = _rows(fh, name)
        first = next(rows, None)
        if first is None:
            raise InputError("no claims in the file", path=name)
    except OSError as exc:
        fh.close()
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    except BaseException:
        fh.close()
        raise
    return _claims(first, rows, name, errors, fh, resolve)


def _claims(first: Row, rows: Iterator[Row], name: str, errors: list[InputError] | None,
            fh: BinaryIO, resolve: Resolve | None) -> Iterator[tuple[int, Claim]]:
    with fh:
        try:
            for line, record in _chain(first, rows, name, errors):
                try:
                    yield line, _to_claim(line, record, resolve)
                except InvalidClaim as exc:
                    error = InputError(exc.reason, path=name, line=line, field=exc.field)
                    if errors is None:
                        raise error from None
                    errors.append(error)
        except OSError as exc:  # a read failed, or the file passed MAX_FILE: not a row's fault
            raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None


def _chain(first: Row, rows: Iterator[Row], name: str,
           errors: list[InputError] | None) -> Iterator[Row]:
    """``first`` then ``rows``; a syntax error ends the file (nothing after it is reliable)."""
    yield first
    try:
        yield from rows
    except InputError as exc:
        if errors is None:
            raise
        errors.append(exc)


def _to_claim(line: int, record: Any, resolve: Resolve | None) -> Claim:
    if isinstance(record, InvalidClaim):
        raise record
    if not isinstance(record, dict):
        raise InvalidClaim("row", f"expected an object, got {type(record).__name__}")
    if _is_blank(record.get("as_written")) and not _is_blank(record.get("place")):
        if not _is_blank(record.get("place_id")):  # resolved already: the name it was given
            return Claim.from_dict({**record, "as_written": record["place"]})
        claim = Claim.from_dict({**record, "as_written": record["place"], "place": None})
        return resolve(line, claim) if resolve is not None else claim
    return Claim.from_dict(record)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(fh: BinaryIO, name: str) -> Iterator[Row]:
    head = fh.read(100)
    fh.seek(0)
    if head.startswith(SQLITE_HEADER) and head[68:72] in GPKG_IDS:
        return _geopackage_rows(name)
    start = _first_char(fh, name)
    if not start:
        raise InputError("empty file", path=name)
    if start == "[":
        return _json_array(_Decoder(fh, name))
    if start == "{":
        return _json_object_rows(fh, name)
    return _csv_rows(fh, name)


def _first_char(fh: BinaryIO, name: str) -> str:
    """The first character that is not white space ("" for none); rewinds ``fh``. A bad
    byte after it is left for the line-by-line reading, which names its line."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    while chunk := fh.read(PEEK):
        if stripped := decoder.decode(chunk).lstrip():
            if stripped[0] == "\ufffd":
                raise InputError(NOT_OURS + " (not UTF-8 text)", path=name)
            fh.seek(0)
            return stripped[0]
    return ""


def _lines(fh: BinaryIO, name: str) -> Iterator[str]:
    """The file's lines as text with their line ends, byte order mark dropped."""
    number = 0
    while raw := fh.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise InputError(f"line longer than {describe_size(MAX_LINE)}", path=name, line=number)
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=name, line=number) from None


def _csv_rows(fh: BinaryIO, name: str) -> Iterator[Row]:
    reader = csv.reader(_lines(fh, name))
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=name, line=1) from None
    _check_columns(header, name)
    return _csv_records(reader, header, name)


def _check_columns(header: list[str], name: str, *, line: int | None = 1) -> None:
    """Refuse a header (CSV's first line, a GeoPackage layer's fields) that is no claims'."""
    if not set(header) & set(REQUIRED):
        raise InputError(NOT_OURS, path=name)
    for number, column in enumerate(header):
        if column not in FIELDS:
            raise InputError("unknown column", path=name, line=line, field=column or "(empty)")
        if column in header[:number]:
            raise InputError("column given twice", path=name, line=line, field=column)
    for column in REQUIRED:
        if column not in header and not (column == "as_written" and "place" in header):
            raise InputError("missing column", path=name, line=line, field=column)


def _csv_records(reader: Any, header: list[str], name: str) -> Iterator[Row]:
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) != len(header):
                    yield line, InvalidClaim("row", f"{len(values)} cells, the header has {len(header)}")
                else:
                    yield line, dict(zip(header, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=name, line=line) from None


def _geopackage_rows(name: str) -> Iterator[Row]:
    """The features of a GeoPackage's ``claims`` layer, each numbered by its feature id. The
    claim's point is its ``lat``/``lon`` columns; the layer's geometry is not read."""
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import open_arrow

    from geo.export import GPKG_LAYER

    try:
        with open_arrow(name, layer=GPKG_LAYER, read_geometry=False, return_fids=True,
                        use_pyarrow=True, batch_size=GPKG_BATCH) as (meta, reader):
            _check_columns(list(meta["fields"]), name, line=None)
            fid = meta["fid_column"] or "fid"
            for batch in reader:
                for record in batch.to_pylist():
                    yield record.pop(fid), record
    except DataLayerError:
        raise InputError(f"{NOT_OURS} (a GeoPackage without a {GPKG_LAYER!r} layer)", path=name) from None
    except DataSourceError as exc:  # GDAL's words for a broken file
        raise InputError(f"not a readable GeoPackage ({str(exc)[:200]})", path=name) from None


def _json_object_rows(fh: BinaryIO, name: str) -> Iterator[Row]:
    """JSON Lines (one claim per line), or a GeoJSON FeatureCollection."""
    first_line = fh.readline(MAX_LINE)
    while first_line and not first_line.strip():
        first_line = fh.readline(MAX_LINE)
    fh.seek(0)
    try:
        first = json.loads(first_line.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        first = None  # a multi-line object (GeoJSON laid out over lines), or a broken one
    if isinstance(first, dict) and first.get("type") != "FeatureCollection":
        return _json_lines(fh, name)
    return _geojson(_Decoder(fh, name))


def _json_lines(fh: BinaryIO, name: str) -> Iterator[Row]:
    for line, chunk in enumerate(_lines(fh, name), start=1):
        if chunk.strip():
            try:
                yield line, json.loads(chunk)
            except (ValueError, RecursionError) as exc:
                raise InputError(f"invalid JSON: {_json_problem(exc)}", path=name, line=line) from None


def _json_problem(exc: ValueError | RecursionError) -> str:
    """What is wrong with a JSON text the decoder refused, in a few words."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return "a number with too many digits"  # int() refuses over sys.get_int_max_str_digits()


def _geojson(decoder: _Decoder) -> Iterator[Row]:
    name = decoder.name
    pos = decoder.expect("{", 0)
    seen_type = None
    while True:
        pos = decoder.skip(pos)
        if decoder.text.startswith("}", pos):
            break
        key, pos = decoder.value(pos)
        pos = decoder.expect(":", pos)
        if key == "features":
            if seen_type != "FeatureCollection":
                raise InputError(NOT_OURS, path=name)
            pos = yield from _features_of(decoder, pos)
        else:
            value, pos = decoder.value(pos)
            if key == "type":
                seen_type = value
                if value != "FeatureCollection":
                    raise InputError(NOT_OURS, path=name)
        pos = decoder.skip(pos)
        if decoder.text.startswith(",", pos):
            pos += 1
    if seen_type is None:
        raise InputError(NOT_OURS, path=name)


def _features_of(decoder: _Decoder, pos: int) -> Iterator[Row]:
    end = yield from _json_array_items(decoder, pos, _feature_record)
    return end


def _feature_record(feature: Any) -> Any:
    """A feature's properties, with lat/lon taken from its Point (GeoJSON is lon, lat)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return feature
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return InvalidClaim("properties", f"expected an object, got {type(properties).__name__}")
    record = dict(properties)
    geometry = feature.get("geometry")
    if geometry is None:
        return record
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return InvalidClaim("geometry", "expected a Point or null")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return InvalidClaim("geometry", "a Point needs [lon, lat]")
    record["lon"], record["lat"] = coordinates[0], coordinates[1]
    return record


def _json_array(decoder: _Decoder) -> Iterator[Row]:
    end = yield from _json_array_items(decoder, 0)
    decoder.trailing(end)


def _json_array_items(decoder: _Decoder, pos: int,
                      convert: Callable[[Any], Any] = lambda item: item) -> Iterator[Row]:
    """Items of the JSON array at ``pos``, each with the line it starts on; returns the
    position after the array. What is read is forgotten item by item."""
    pos = decoder.skip(decoder.expect("[", pos))
    if decoder.text.startswith("]", pos):
        return pos + 1
    while True:
        pos = decoder.forget(decoder.skip(pos))
        line = decoder.line(pos)
        item, pos = decoder.value(pos)
        yield line, convert(item)
        pos = decoder.skip(pos)
        if decoder.text.startswith("]", pos):
            return pos + 1
        pos = decoder.expect(",", pos)


class _Decoder:
    """Reads one JSON value at a time from a file, holding only the text not yet read past
    (more while a value is longer than a chunk); line numbers in errors. Positions are
    offsets into :attr:`text`, which :meth:`forget` shortens from the front."""

    def __init__(self, fh: BinaryIO, name: str) -> None:
        self.name = name
        self.text = ""
        self._fh = fh
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self._raw = json.JSONDecoder()
        self._lines = 0  # line breaks in the text forgotten
        self._mark, self._marked = 0, 0  # a position in text, and the line breaks before it
        self._eof = False

    def _more(self) -> bool:
        """Read on (as much again as is held, so a long value costs no quadratic copying);
        False at the end of the file."""
        if self._eof:
            return False
        data = self._fh.read(max(CHUNK, len(self.text)))
        self._eof = not data
        try:
            self.text += self._utf8.decode(data, final=self._eof)
        except UnicodeDecodeError as exc:
            line = self._lines + self.text.count("\n") + data.count(b"\n", 0, exc.start) + 1
            raise InputError("not UTF-8 text", path=self.name, line=line) from None
        return True

    def forget(self, pos: int) -> int:
        """Drop the text before ``pos``, all read, once it is a chunk long; returns where
        ``pos`` now is."""
        if pos < CHUNK:
            return pos
        self._lines = self.line(pos) - 1
        self.text = self.text[pos:]
        self._mark, self._marked = 0, 0
        return 0

    def line(self, pos: int) -> int:
        """The line ``pos`` is on, counted on from the last position asked about."""
        if pos < self._mark:
            return self._lines + self.text.count("\n", 0, pos) + 1
        self._marked += self.text.count("\n", self._mark, pos)
        self._mark = pos
        return self._lines + self._marked + 1

    def skip(self, pos: int) -> int:
        """Past white space; what follows is in :attr:`text` unless the file has ended."""
        while True:
            while pos < len(self.text) and self.text[pos] in " \t\r\n":
                pos += 1
            if pos < len(self.text) or not self._more():
                return pos

    def expect(self, char: str, pos: int) -> int:
        pos = self.skip(pos)
        if not self.text.startswith(char, pos):
            self.fail(f"expected {char!r}", pos)
        return pos + 1

    def value(self, pos: int) -> tuple[Any, int]:
        pos = self.skip(pos)
        while True:
            try:
                value, end = self._raw.raw_decode(self.text, pos)
            except json.JSONDecodeError as exc:
                if self._longer(pos):  # the value may go on in the next chunk
                    continue
                self.fail(exc.msg, exc.pos)
            except (ValueError, RecursionError) as exc:  # more text would not mend these
                self.fail(_json_problem(exc), pos)
            if end < len(self.text) or not self._longer(pos):  # a number may go on, too
                return value, end

    def _longer(self, pos: int) -> bool:
        """Read on for the value at ``pos``, unless it is already longer than any claim's
        (then the error stands, and a broken file is not read to its end first)."""
        return len(self.text) - pos < MAX_VALUE and self._more()

    def trailing(self, pos: int) -> None:
        if self.skip(pos) < len(self.text):
            self.fail("extra data after the JSON list", self.skip(pos))

    def fail(self, reason: str, pos: int) -> None:
        raise InputError(f"invalid JSON: {reason}", path=self.name, line=self._lines + self.text.count("\n", 0, pos) + 1)
