"""Property-based fuzzing of the claims readers and ``frontline claims import`` (issue 15).

Whatever the bytes of a CSV, JSON list, JSON Lines or GeoJSON file: reading it gives
claims or raises InputError, never anything else; importing it exits 0, or exits 1
with exactly one ``Error:`` line, and then the database is as it was (or, when there
was none, there still is none). Each example has a deadline, so a reader that hangs
or slows down with the input fails here too.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli import main
from geo.errors import InputError
from geo.formats import read_claims
from geo.model import FIELDS, Kind, Side
from geo.store import Store

# The deadline bounds each example's time, generously (a shared 2-core machine): one takes
# some 10-50 ms, a hang or a quadratic blow-up far longer.
FUZZ = settings(max_examples=500, deadline=datetime.timedelta(seconds=10), database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Any character, lone surrogates, NUL and other controls included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
# Integers too large for a float; str() and json.dumps refuse past 4,300 digits, so longer
# ones go into the text as digits (RAW_TOKENS).
NUMBERS = st.one_of(st.integers(), st.integers(300, 4000).map(lambda digits: 10**digits - 1),
                    st.floats(allow_nan=True, allow_infinity=True))
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2025-02-30", "2025-11-20T10:00:00", "20251120", ""]))
FIELD_VALUES = {
    "kind": st.one_of(st.sampled_from([k.value for k in Kind]), ANY_TEXT),
    "claimant_side": st.one_of(st.sampled_from([s.value for s in Side]), ANY_TEXT),
    "controller_side": st.one_of(st.sampled_from(["RU", "UA", "other", ""]), ANY_TEXT),
    "claim_date": DATES, "claim_until": DATES, "published": DATES,
    "lat": st.one_of(NUMBERS, ANY_TEXT), "lon": st.one_of(NUMBERS, ANY_TEXT),
    "percent": st.one_of(NUMBERS, ANY_TEXT),
    "qualifier": st.one_of(st.sampled_from(["most", "part", "outskirts"]), ANY_TEXT),
    "url": st.one_of(st.just("https://example.org/a"), ANY_TEXT),
    "id": st.one_of(st.sampled_from(["", "a" * 20, "b" * 301]), ANY_TEXT),
}
VALID = {"as_written": "Kupiansk", "kind": "captured", "claimant": "G", "claimant_side": "RU",
         "claim_date": "2025-11-20", "source": "Wire"}


def field_value(name: str) -> st.SearchStrategy:
    return FIELD_VALUES.get(name, ANY_TEXT)


JSON = st.recursive(st.none() | st.booleans() | NUMBERS | ANY_TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
                    max_leaves=12)


@st.composite
def records(draw) -> dict:
    """A claim-like object: a valid claim with some fields replaced, dropped or added."""
    record = dict(VALID)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=5)):
        record[name] = draw(field_value(name))
    for name in draw(st.lists(st.sampled_from(sorted(VALID)), max_size=2)):
        record.pop(name, None)
    if draw(st.booleans()):
        record[draw(ANY_TEXT)] = draw(JSON)
    return record


# Values no generated object holds: nesting deeper than any parser recurses, a number
# of more digits than int() takes, a float past the largest.
RAW_TOKENS = st.one_of(st.integers(1, 50_000).map(lambda depth: "[" * depth + "]" * depth),
                       st.integers(4301, 20_000).map(lambda digits: "9" * digits),
                       st.just("1e400"), st.just("-1e400"))


def dump_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("ascii")  # lone surrogates as \\udxxx


@st.composite
def json_list(draw) -> bytes:
    items = draw(st.lists(st.one_of(records(), JSON), min_size=1, max_size=6))
    text = dump_json(items).decode("ascii")
    if draw(st.booleans()):
        raw = draw(RAW_TOKENS)
        text = text[:-1] + ", " + (raw if draw(st.booleans()) else '{"as_written": "K", "lat": ' + raw + "}") + "]"
    return text.encode("ascii")


@st.composite
def json_lines(draw) -> bytes:
    lines = [dump_json(item) for item in draw(st.lists(st.one_of(records(), JSON), min_size=1, max_size=6))]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), ('{"lat": ' + draw(RAW_TOKENS) + "}").encode("ascii"))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n", b"\n\n"]))


@st.composite
def geojson(draw) -> bytes:
    features = []
    for _ in range(draw(st.integers(1, 5))):
        geometry = draw(st.one_of(st.none(), JSON, st.builds(
            lambda lon, lat: {"type": "Point", "coordinates": [lon, lat]},
            field_value("lon"), field_value("lat"))))
        feature = {"type": draw(st.sampled_from(["Feature", "Feature", "Thing"])),
                   "properties": draw(st.one_of(records(), JSON)), "geometry": geometry}
        features.append(draw(st.one_of(st.just(feature), JSON)))
    collection = {"type": draw(st.sampled_from(["FeatureCollection", "FeatureCollection", "Topology"])),
                  "features": features}
    return dump_json(collection)


@st.composite
def csv_file(draw) -> bytes:
    header = draw(st.lists(st.one_of(st.sampled_from(FIELDS), ANY_TEXT), min_size=1, max_size=10))
    header = draw(st.one_of(st.just(header), st.just(list(VALID) + header[:2])))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 5))):
        row = [draw(st.one_of(field_value(name) if name in FIELDS else ANY_TEXT, NUMBERS)) for name in header]
        writer.writerow(row[:draw(st.integers(0, len(row) + 1))] if draw(st.booleans()) else row)
    text = out.getvalue()
    if draw(st.booleans()):  # a broken quote, a NUL, a stray byte order mark
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\x00", "\ufeff", "\r"])) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates: bytes that are no UTF-8


@st.composite
def mutated(draw, files) -> bytes:
    """A generated file, then cut short, with bytes flipped, or with bytes put in."""
    data = bytearray(draw(files))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "flip", "insert"]))
        if action == "cut":
            del data[at:]
        elif action == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


ANY_FILE = st.one_of(csv_file(), json_list(), json_lines(), geojson(), st.binary(max_size=200),
                     mutated(st.one_of(csv_file(), json_list(), json_lines(), geojson())))


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    """A database holding two claims, copied for every example."""
    source = tmp_path_factory.mktemp("fuzz") / "seed.csv"
    source.write_text("as_written,kind,claimant,claimant_side,claim_date,source\n"
                      "Kupiansk,captured,G,RU,2025-11-20,Wire\nPokrovsk,contested,H,UA,2025-11-21,Wire\n",
                      encoding="utf-8")
    db = source.with_name("seed.db")
    assert CliRunner().invoke(main, ["claims", "import", str(source), "--db", str(db)]).exit_code == 0
    return db


def rows(db: Path) -> list[tuple]:
    with sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT * FROM claims ORDER BY id").fetchall()


@FUZZ
@given(data=ANY_FILE, suffix=st.sampled_from([".csv", ".json", ".jsonl", ".geojson", ""]))
def test_reading_gives_claims_or_an_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in{suffix}"
        path.write_bytes(data)
        for errors in (None, []):
            try:
                claims = list(read_claims(path, errors=errors))
            except InputError as exc:
                assert "\n" not in str(exc) and str(path) in str(exc)
                continue
            for claim in claims:
                claim.to_dict()  # a claim read is whole and valid
            for error in errors or ():
                assert isinstance(error, InputError) and str(error).startswith(f"{path}:")


@FUZZ
@given(data=ANY_FILE, existing=st.booleans(), skip_invalid=st.booleans())
def test_import_succeeds_or_fails_in_one_line_and_changes_nothing(template_db, data, existing, skip_invalid):
    with tempfile.TemporaryDirectory() as folder:
        path, db = Path(folder) / "claims.txt", Path(folder) / "c.db"
        path.write_bytes(data)
        if existing:
            shutil.copy(template_db, db)
        before = rows(db) if existing else None
        args = ["claims", "import", str(path), "--db", str(db)] + (["--skip-invalid"] if skip_invalid else [])
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1), result.output
        lines = result.stderr.splitlines()
        if result.exit_code == 1:
            assert [line for line in lines if line.startswith("Error: ")] == lines[-1:]
            assert all(line.startswith(f"{path}:") for line in lines[:-1]), lines
            assert (rows(db) == before) if existing else not db.exists()
            assert sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".")) == []
        else:
            assert result.stdout.startswith("imported ")
            with Store.open(db, mode="ro") as store:
                assert store.count() == len(before or ()) + int(result.stdout.split()[1])
