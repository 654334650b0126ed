from gazetteer.sources.katottg import KatottgSource, is_hromada_centre, romanise


def test_katottg_settlements_have_hierarchy_and_no_coordinates():
    places = {p.id: p for p in KatottgSource().places()}
    hlushkivka = places["UA63080110040082152"]
    assert hlushkivka.name_uk == "Глушківка" and hlushkivka.name == "Hlushkivka"
    assert hlushkivka.admin1 == "Kharkiv" and hlushkivka.admin2 == "Kupianskyi"
    assert hlushkivka.lat != hlushkivka.lat  # NaN: KATOTTG has no coordinates
    assert len(places) > 29_000


def test_hromada_centre_rule():
    kupiansk = next(p for p in KatottgSource().places() if p.id == "UA63080090010026457")
    assert is_hromada_centre(kupiansk)
    assert romanise("Куп’янськ ") == "Kupiansk"


def test_the_extract_is_package_data_read_row_by_row(tmp_path):
    import gzip

    import pytest

    from gazetteer.errors import SourceFormatError
    from gazetteer.sources.katottg import CODIFIER

    assert CODIFIER.is_file() and "katottg.csv.gz" in (CODIFIER.parent / "SOURCES.md").read_text(encoding="utf-8")
    bad = tmp_path / "katottg.csv.gz"
    bad.write_bytes(gzip.compress("id,category,name,parent\nUA1,C\n".encode()))
    with pytest.raises(SourceFormatError) as info:
        list(KatottgSource(bad).places())
    assert info.value.line == 2 and "katottg.csv.gz" in str(info.value)
