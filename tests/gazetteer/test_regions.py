import pytest

from gazetteer.regions import REGIONS, from_geonames, from_katottg, region_name


@pytest.mark.parametrize("text, expected", [
    ("Kharkov region", "Kharkiv"), ("Харківська область", "Kharkiv"), ("Харківської області", "Kharkiv"),
    ("Kharkiv", "Kharkiv"), ("Харьковской области", "Kharkiv"), ("Donetsk People's Republic", "Donetsk"),
    ("ДНР", "Donetsk"), ("Dnepropetrovsk region", "Dnipropetrovsk"), ("Zaporozhye", "Zaporizhzhia"),
    ("Запорізької області", "Zaporizhzhia"), ("Kursk region", "Kursk"), ("Белгородская область", "Belgorod"),
    ("Луганской Народной Республики", "Luhansk"), ("the Kherson Oblast", "Kherson"),
])
def test_region_name_any_spelling(text, expected):
    assert region_name(text) == expected


@pytest.mark.parametrize("text", ["Kupiansk", "Pokrovsk", "region", "", "Oskil River"])
def test_not_an_oblast(text):
    assert region_name(text) is None


def test_lookup_tables():
    assert from_geonames("UA", "07") == "Kharkiv"
    assert from_geonames("RU", "41") == "Kursk"
    assert from_geonames("RU", "63") is None
    assert from_katottg("Харківська ") == "Kharkiv"
    assert len({cc_code[:2] for cc_code in REGIONS.values()}) == len(REGIONS)


@pytest.mark.parametrize("text, region", [
    ("Харківщина", "Kharkiv"), ("на Харківщині", "Kharkiv"), ("Харківщини", "Kharkiv"), ("Kharkivshchyna", "Kharkiv"),
    ("Запоріжжі", "Zaporizhzhia"), ("в Запорожье", "Zaporizhzhia"), ("Донеччина", "Donetsk"),
    ("на Донеччині", "Donetsk"), ("Сумщина", "Sumy"), ("на Сумщині", "Sumy"), ("на Херсонщине", "Kherson"),
    ("Закарпатті", "Zakarpattia"), ("Вінниччини", "Vinnytsia"), ("Одещині", "Odesa"), ("Київщину", "Kyiv"),
    ("на Белгородчине", "Belgorod"), ("в Крыму", "Crimea"), ("на Донбасі", "Donetsk"),
    ("Kharkov Oblast", "Kharkiv"), ("Запорожской области", "Zaporizhzhia"), ("ЛНР", "Luhansk"),
    ("Luhansk People's Republic", "Luhansk"), ("Crimea", "Crimea"), ("Крым", "Crimea"),
])
def test_colloquial_and_republic_names_of_oblasts(text, region):
    assert region_name(text) == region


@pytest.mark.parametrize("text", ["Харкові", "на", "Kupiansk", "Сумівка", "в Оріхові"])
def test_colloquial_cases_do_not_name_towns(text):
    assert region_name(text) is None
