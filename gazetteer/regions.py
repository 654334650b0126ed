"""Oblasts in every spelling, mapped to one English admin1 name ("Kharkiv", "Belgorod").

The English names follow GeoNames' admin1 names for Ukraine (KMU romanisation) and the
short English names of the Russian border regions.
"""
from __future__ import annotations

import re

from gazetteer.names import key

# English admin1 -> (GeoNames country, GeoNames admin1 code, KATOTTG level-1 name, other forms).
# Forms are nouns and adjectives in English, Ukrainian and Russian; the press forms
# (Kharkov, Zaporozhye, DPR) are the ones seen in reporting.
REGIONS: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "Cherkasy": ("UA", "01", "Черкаська", ("Cherkasy", "Cherkassy", "Черкаси", "Черкассы", "Черкасская")),
    "Chernihiv": ("UA", "02", "Чернігівська", ("Chernihiv", "Chernigov", "Чернігів", "Чернигов", "Черниговская")),
    "Chernivtsi": ("UA", "03", "Чернівецька", ("Chernivtsi", "Chernovtsy", "Чернівці", "Черновцы", "Черновицкая")),
    "Dnipropetrovsk": ("UA", "04", "Дніпропетровська", ("Dnipropetrovsk", "Dnepropetrovsk", "Dnipro",
                                                       "Dnipropetrovs'k", "Дніпро", "Днепропетровская", "Днепр")),
    "Donetsk": ("UA", "05", "Донецька", ("Donetsk", "Donetskaya", "Донецьк", "Донецк", "Донецкая", "DPR", "DNR",
                                         "ДНР", "Donbas")),
    "Ivano-Frankivsk": ("UA", "06", "Івано-Франківська", ("Ivano-Frankivsk", "Ivano-Frankovsk", "Ивано-Франковская")),
    "Kharkiv": ("UA", "07", "Харківська", ("Kharkiv", "Kharkov", "Charkiw", "Kharkivska", "Харків", "Харьков",
                                           "Харьковская")),
    "Kherson": ("UA", "08", "Херсонська", ("Kherson", "Cherson", "Херсон", "Херсонская")),
    "Khmelnytskyi": ("UA", "09", "Хмельницька", ("Khmelnytskyi", "Khmelnitsky", "Khmelnytskyy", "Хмельницький",
                                                 "Хмельницкая")),
    "Kirovohrad": ("UA", "10", "Кіровоградська", ("Kirovohrad", "Kirovograd", "Kropyvnytskyi", "Кіровоград",
                                                  "Кировоград", "Кировоградская")),
    "Crimea": ("UA", "11", "Автономна Республіка Крим", ("Crimea", "Krym", "Crimean", "Крим", "Крым")),
    "Kyiv City": ("UA", "12", "Київ", ("Kyiv City", "Kiev City", "місто Київ")),
    "Kyiv": ("UA", "13", "Київська", ("Kyiv", "Kiev", "Київ", "Киев", "Киевская")),
    "Luhansk": ("UA", "14", "Луганська", ("Luhansk", "Lugansk", "Луганськ", "Луганск", "Луганская", "LPR", "LNR",
                                          "ЛНР")),
    "Lviv": ("UA", "15", "Львівська", ("Lviv", "Lvov", "Lwów", "Львів", "Львов", "Львовская")),
    "Mykolaiv": ("UA", "16", "Миколаївська", ("Mykolaiv", "Nikolaev", "Nikolayev", "Миколаїв", "Николаев",
                                              "Николаевская")),
    "Odesa": ("UA", "17", "Одеська", ("Odesa", "Odessa", "Одеса", "Одесса", "Одесская")),
    "Poltava": ("UA", "18", "Полтавська", ("Poltava", "Полтава", "Полтавская")),
    "Rivne": ("UA", "19", "Рівненська", ("Rivne", "Rovno", "Рівне", "Ровно", "Ровенская")),
    "Sevastopol": ("UA", "20", "Севастополь", ("Sevastopol", "Севастополь")),
    "Sumy": ("UA", "21", "Сумська", ("Sumy", "Суми", "Сумы", "Сумская")),
    "Ternopil": ("UA", "22", "Тернопільська", ("Ternopil", "Ternopol", "Тернопіль", "Тернополь", "Тернопольская")),
    "Vinnytsia": ("UA", "23", "Вінницька", ("Vinnytsia", "Vinnitsa", "Вінниця", "Винница", "Винницкая")),
    "Volyn": ("UA", "24", "Волинська", ("Volyn", "Volhynia", "Волинь", "Волынь", "Волынская")),
    "Zakarpattia": ("UA", "25", "Закарпатська", ("Zakarpattia", "Transcarpathia", "Закарпаття", "Закарпатская")),
    "Zaporizhzhia": ("UA", "26", "Запорізька", ("Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Zaporozhe",
                                                "Zaporizhzhya", "Запоріжжя", "Запорожье", "Запорожская")),
    "Zhytomyr": ("UA", "27", "Житомирська", ("Zhytomyr", "Zhitomir", "Житомир", "Житомирская")),
    "Belgorod": ("RU", "09", None, ("Belgorod", "Bilhorod", "Белгород", "Белгородская", "Бєлгородська")),
    "Kursk": ("RU", "41", None, ("Kursk", "Курск", "Курская", "Курська")),
    "Bryansk": ("RU", "10", None, ("Bryansk", "Briansk", "Брянск", "Брянская", "Брянська")),
    "Voronezh": ("RU", "86", None, ("Voronezh", "Воронеж", "Воронежская", "Воронізька")),
    "Rostov": ("RU", "61", None, ("Rostov", "Ростов", "Ростовская", "Ростовська")),
}

# Colloquial names of the oblasts ("на Харківщині", "в Запоріжжі", "Donechchyna"); their case
# forms are generated (_colloquial_cases).
COLLOQUIAL: dict[str, tuple[str, ...]] = {
    "Cherkasy": ("Черкащина", "Черкасчина", "Cherkashchyna"),
    "Chernihiv": ("Чернігівщина", "Черниговщина", "Chernihivshchyna"),
    "Chernivtsi": ("Буковина", "Bukovyna", "Bukovina"),
    "Dnipropetrovsk": ("Дніпропетровщина", "Дніпровщина", "Січеславщина", "Днепропетровщина", "Днепровщина",
                       "Dnipropetrovshchyna", "Dnipropetrovshchina"),
    "Donetsk": ("Донеччина", "Донетчина", "Donechchyna", "Donetchina", "Донбас", "Донбасс", "Донбасі", "Донбасу",
                "Донбассе", "Донбасса"),
    "Ivano-Frankivsk": ("Івано-Франківщина", "Прикарпаття", "Прикарпатье", "Ivano-Frankivshchyna", "Prykarpattia"),
    "Kharkiv": ("Харківщина", "Слобожанщина", "Харьковщина", "Kharkivshchyna", "Kharkivshchina",
                "Slobozhanshchyna"),
    "Kherson": ("Херсонщина", "Khersonshchyna", "Khersonshchina"),
    "Khmelnytskyi": ("Хмельниччина", "Хмельнитчина", "Khmelnychchyna"),
    "Kirovohrad": ("Кіровоградщина", "Кировоградщина", "Kirovohradshchyna"),
    "Kyiv": ("Київщина", "Киевщина", "Kyivshchyna"),
    "Luhansk": ("Луганщина", "Luhanshchyna", "Luhanshchina"),
    "Lviv": ("Львівщина", "Львовщина", "Lvivshchyna"),
    "Mykolaiv": ("Миколаївщина", "Николаевщина", "Mykolaivshchyna"),
    "Odesa": ("Одещина", "Одесчина", "Одессщина", "Odeshchyna"),
    "Poltava": ("Полтавщина", "Poltavshchyna"),
    "Rivne": ("Рівненщина", "Ровенщина", "Rivnenshchyna"),
    "Sumy": ("Сумщина", "Sumshchyna", "Sumshchina"),
    "Ternopil": ("Тернопільщина", "Тернопольщина", "Ternopilshchyna"),
    "Vinnytsia": ("Вінниччина", "Винничина", "Vinnychchyna"),
    "Volyn": ("Волинь", "Волынь"),
    "Zakarpattia": ("Закарпаття", "Закарпатье"),
    "Zaporizhzhia": ("Запоріжжя", "Запорожье", "Запорожжя", "Zaporizhzhia"),
    "Zhytomyr": ("Житомирщина", "Zhytomyrshchyna"),
    "Belgorod": ("Білгородщина", "Белгородчина", "Бєлгородщина", "Belgorodchina"),
    "Kursk": ("Курщина",),
    "Crimea": ("Криму", "Крыму", "Кримом", "Крымом"),
    "Bryansk": ("Брянщина",),
    "Rostov": ("Ростовщина",),
}
# Case endings of the colloquial names: nominative ending -> the other cases' endings.
_COLLOQUIAL_CASES = (
    (re.compile(r"а$"), ("и", "і", "у", "ою", "е", "ы", "ой")),
    (re.compile(r"я$"), ("і", "ю", "ям", "е", "и")),
    (re.compile(r"ье$"), ("ья", "ью", "ьем")),
    (re.compile(r"ь$"), ("і", "ю", "и", "и")),
    (re.compile(r"a$"), ("y", "i", "u", "oiu", "oyu", "e")),
)


def _colloquial_cases(form: str) -> list[str]:
    for pattern, endings in _COLLOQUIAL_CASES:
        if pattern.search(form):
            return [form, *(pattern.sub(e, form) for e in endings)]
    return [form]


# Words around an oblast's name that do not name it ("region", "Народна Республіка"…).
_REGION_WORDS = frozenset(key(w) for w in (
    "region", "regions", "oblast", "oblasts", "oblasti", "province", "provinces", "area", "the", "of",
    "people's", "peoples", "people", "republic", "autonomous", "respublika", "obl", "ukraine's",
    "область", "области", "області", "областю", "областей", "обл", "край", "регион", "регіон",
    "на", "в", "у", "во", "in", "on", "at", "near", "під", "под", "біля", "около",
    "народна", "народная", "народной", "народної", "республіка", "республика", "республики",
    "республіки", "автономна", "автономная",
))
# Adjective endings cut down to the stem a noun shares (Харківської → харків, Kharkovskaya → kharkov).
_STEM = re.compile(r"(?:ськ|зьк|цьк|ск|цк|зск|s?sk|zk|tsk|ck)"
                   r"(?:а|ої|ій|у|ою|ая|ой|ую|ий|ый|ого|ому|a|aya|aia|oi|oy|oj|iy|yi|ii|ij|yj|y|ogo)?$")


def _region_key(text: str) -> str:
    words = [w for w in key(text).split(" ") if w and w not in _REGION_WORDS]
    return " ".join(_STEM.sub("", w) or w for w in words)


def _forms() -> dict[str, str]:
    table: dict[str, str] = {}
    for english, (_, _, katottg, forms) in REGIONS.items():
        for form in (english, *forms, *((katottg,) if katottg else ())):
            table.setdefault(_region_key(form), english)
    for english, forms in COLLOQUIAL.items():
        for form in forms:
            for case in _colloquial_cases(form):
                table.setdefault(_region_key(case), english)
    return table


_FORMS = _forms()
_BY_GEONAMES = {(cc, code): english for english, (cc, code, _, _) in REGIONS.items()}
_BY_KATOTTG = {katottg: english for english, (_, _, katottg, _) in REGIONS.items() if katottg}


def region_name(text: str) -> str | None:
    """The English admin1 name for an oblast written in any spelling, or ``None``.

    >>> region_name("Харківської області"), region_name("Kharkov region"), region_name("Kupiansk")
    ('Kharkiv', 'Kharkiv', None)
    """
    stem = _region_key(text)
    return _FORMS.get(stem) if stem else None


def region_names() -> list[str]:
    """The English admin1 names of every region the gazetteer knows, in alphabetical order."""
    return sorted(REGIONS)


def from_geonames(country: str, admin1_code: str) -> str | None:
    """English admin1 of a GeoNames (country, admin1 code) pair, ``None`` outside the table."""
    return _BY_GEONAMES.get((country, admin1_code))


def from_katottg(level1_name: str) -> str | None:
    """English admin1 of a KATOTTG level-1 unit (``"Харківська"`` → ``"Kharkiv"``)."""
    return _BY_KATOTTG.get(level1_name.strip())


def geonames_codes() -> dict[str, set[str]]:
    """GeoNames admin1 codes the gazetteer covers, per country."""
    codes: dict[str, set[str]] = {}
    for cc, code, _, _ in REGIONS.values():
        codes.setdefault(cc, set()).add(code)
    return codes
