"""Reading articles: encodings, HTML, metadata in plain text, and input that is refused."""
from __future__ import annotations

import datetime as dt
import gzip
import io

import pytest

from geo.errors import InputError
from geo.ingest import MAX_BYTES, decode, read_article

TEXT_RU = "Минобороны России заявило о взятии Купянска.\n"
TEXT_UK = "Генштаб ЗСУ повідомив, що Сили оборони утримують Куп'янськ.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251"])
def test_encodings(tmp_path, encoding):
    text = TEXT_RU * 3 if encoding == "cp1251" else TEXT_UK * 3
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    article = read_article(str(path))
    assert article.text.strip() == text.strip()
    assert article.language == ("ru" if encoding == "cp1251" else "uk")


def test_other_single_byte_encoding_goes_through_charset_normalizer():
    text = "Les forces ukrainiennes ont repris le village, a déclaré l'état-major général. " * 5
    assert "état-major" in decode(text.encode("latin-1"))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00" * 20, "binary file"),
    (bytes(range(256)) * 4, "binary file"),
    (b"\x00\x01\x02binary\x00\x00", "binary file"),
])
def test_refused_input(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason) as info:
        read_article(str(path))
    assert info.value.path == str(path)
    assert "\n" not in str(info.value)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="too large"):
        read_article(str(path))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="No such file"):
        read_article(str(tmp_path / "none.txt"))
    with pytest.raises(InputError, match="directory"):
        read_article(str(tmp_path))


def test_stdin():
    article = read_article("-", stdin=io.BytesIO("date 2025-11-21\n\nRussian forces captured Kupiansk.".encode()))
    assert article.published == dt.date(2025, 11, 21)
    assert article.source == "stdin"


@pytest.mark.parametrize("header, expected", [
    ("date 2025-11-21 Trending Now", dt.date(2025, 11, 21)),
    ("By AFP\n\nNovember 20, 2025", dt.date(2025, 11, 20)),
    ("Công LuậnCông Luận21/11/2025", dt.date(2025, 11, 21)),
    ("21.06.2025", dt.date(2025, 6, 21)),
    ("A headline with no date", None),
])
def test_plain_text_dateline(tmp_path, header, expected):
    path = tmp_path / "a.txt"
    path.write_text(f"{header}\n\nRussian forces captured Kupiansk, the ministry said.\n", encoding="utf-8")
    assert read_article(str(path)).published == expected


def test_source_url_line(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("Body text.\n\nOriginal url:\n\nhttps://www.example.org/2025/11/20/story-a1\n", encoding="utf-8")
    article = read_article(str(path))
    assert (article.url, article.source) == ("https://www.example.org/2025/11/20/story-a1", "example.org")
    labelled = tmp_path / "b.txt"
    labelled.write_text("Body.\nSource: https://news.example.com/x.html\n", encoding="utf-8")
    assert read_article(str(labelled)).url == "https://news.example.com/x.html"


def test_file_name_is_the_source_without_url(tmp_path):
    path = tmp_path / "reuters-kupiansk.txt"
    path.write_text("Body.", encoding="utf-8")
    assert read_article(str(path)).source == "reuters-kupiansk"


def test_overrides_win(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2025-11-21\nSource: https://a.example/x\n\nBody.", encoding="utf-8")
    article = read_article(str(path), source="Wire", url="https://b.example/y", published=dt.date(2024, 1, 2))
    assert (article.source, article.url, article.published) == ("Wire", "https://b.example/y", dt.date(2024, 1, 2))
    # the URL given names the outlet, as README's --source says, in plain text as in HTML
    assert read_article(str(path), url="https://www.b.example/y").source == "b.example"


PAGE = """<!DOCTYPE html><html><head><title>Fighting near Toretsk | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-03-09T23:30:00-05:00">
<script>var tracking = {"a": 1};</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Fighting near Toretsk</h1>
<p>Russian forces advanced near Toretsk on Sunday, the Institute for the Study of War said in a report.</p>
<p>The think tank added that fighting continued in the town's western districts during the night.</p>
</article><aside>You may also like: Kupiansk captured</aside><footer>(c) Example</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(str(path), url="https://example.com/2025/03/09/toretsk")
    assert article.published == dt.date(2025, 3, 9)  # the page's own date, not the offset-shifted one
    assert article.source == "Example News"
    assert article.title == "Fighting near Toretsk"
    assert "advanced near Toretsk" in article.text
    assert "tracking" not in article.text and "Home" not in article.text


def test_html_full_of_scripts(tmp_path):
    path = tmp_path / "scripts.html"
    path.write_text("<html><head><script>" + "var x = 1;\n" * 5000 + "</script></head><body>"
                    "<script>document.write('x')</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no article text"):
        read_article(str(path))


def _compressed(kind: str, data: bytes) -> bytes:
    from geo.ingest import zstd

    return gzip.compress(data) if kind == "gz" else zstd.compress(data)


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_compressed_articles_are_read_whole(tmp_path, kind):
    text = "date 2025-11-21\n\n" + TEXT_UK * 3
    path = tmp_path / f"wire.txt.{kind}"
    path.write_bytes(_compressed(kind, text.encode()))
    article = read_article(str(path))
    assert article.text.strip() == text.strip()
    assert (article.source, article.published) == ("wire", dt.date(2025, 11, 21))  # no .txt left in the name
    page = tmp_path / f"page.html.{kind}"
    page.write_bytes(_compressed(kind, PAGE.encode()))
    assert read_article(str(page)).title == "Fighting near Toretsk"
    stdin = io.BytesIO(_compressed(kind, text.encode()))
    assert read_article("-", stdin=stdin).text.strip() == text.strip()


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_a_truncated_compressed_file_is_an_error_not_a_shorter_article(tmp_path, kind):
    data = _compressed(kind, ("Russian forces captured Kupiansk, the ministry said. " * 400).encode())
    path = tmp_path / f"cut.txt.{kind}"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="corrupt or truncated compressed data") as info:
        read_article(str(path))
    assert info.value.path == str(path) and "\n" not in str(info.value)


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_the_size_cap_counts_decompressed_bytes(tmp_path, monkeypatch, kind):
    monkeypatch.setattr("geo.ingest.MAX_BYTES", 1000)
    path = tmp_path / f"bomb.txt.{kind}"
    path.write_bytes(_compressed(kind, b"a" * 50_000))  # some 100 bytes on disk
    assert path.stat().st_size < 1000
    with pytest.raises(InputError, match="too large"):
        read_article(str(path))


def test_a_place_the_context_left_unresolved_is_warned_about_with_its_best_match(fake_gazetteer):
    """A name the gazetteer alone resolves, which the extraction left unresolved because it
    does not fit the article's other places, was warned about as "None; stored unresolved"."""
    from geo.ingest import _unresolved
    from geo.model import Claim, Kind, Side

    claim = Claim(as_written="Kupiansk", kind=Kind.CAPTURED, claimant="MoD", claimant_side=Side.RU,
                  claim_date=dt.date(2025, 11, 21), source="demo")
    assert _unresolved([claim], fake_gazetteer) == [
        "'Kupiansk': its best match, Kupiansk (Kharkiv), does not fit the article's other places; "
        "stored unresolved (see 'claims list --unresolved')"]
