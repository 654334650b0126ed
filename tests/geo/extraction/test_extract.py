"""Claim extraction: rules checked with a small fake gazetteer, then every hand-written
fixture article with the real one."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from geo.extraction.evaluate import compare, load_expected
from geo.extraction import extract_claims, kept
from geo.ingest import Article, read_article
from geo.extraction.mentions import find_mentions
from geo.model import Kind, Side

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"
FRIDAY = dt.date(2025, 11, 21)


@dataclasses.dataclass(frozen=True)
class Place:
    id: str
    name: str
    admin1: str
    lat: float
    lon: float
    score: float = 0.97
    precision: str = "exact"
    population: int = 1000
    ambiguous: bool = False


KUPIANSK = Place("p1", "Kupiansk", "Kharkiv", 49.71, 37.62, population=27000)
POKROVSK = Place("p2", "Pokrovsk", "Donetsk", 48.28, 37.18, population=60000)
NOVO_KH = Place("p3", "Novoselivka", "Kharkiv", 49.9, 37.9, score=0.9)
NOVO_DN = Place("p4", "Novoselivka", "Donetsk", 48.1, 37.6, score=0.9)
NAMES = {
    "kupiansk": [KUPIANSK], "kupyansk": [KUPIANSK], "купянск": [KUPIANSK], "купянска": [KUPIANSK], "купянском": [KUPIANSK],
    "куп'янськ": [KUPIANSK], "куп'янська": [KUPIANSK], "куп'янську": [KUPIANSK], "поводом": [Place("p8", "Povody", "Sumy", 50.9, 34.2)],
    "силах": [Place("p9", "Syla", "Lviv", 49.6, 23.9)],
    "дачне": [Place("p10", "Dachne", "Dnipropetrovsk", 48.27, 36.27)],
    "красне": [Place("p13", "Krasne", "Kharkiv", 50.1, 36.9)],
    "малая": [Place("p11", "Male", "Kherson", 46.6, 33.4)], "локня": [Place("p12", "Loknia", "Sumy", 50.9, 34.6)],
    "loknya": [Place("p12", "Loknia", "Sumy", 50.9, 34.6)], "lukiantsi": [Place("p17", "Lukiantsi", "Kharkiv", 50.2, 36.5)],
    "лук'янці": [Place("p17", "Lukiantsi", "Kharkiv", 50.2, 36.5)], "tymoshenko": [Place("p16", "Tymoshenko", "Crimea", 45.3, 34.1)],
    "nova kakhovka": [Place("p14", "Nova Kakhovka", "Kherson", 46.76, 33.36, population=44000)],
    "kakhovka": [Place("p15", "Kakhovka", "Kherson", 46.81, 33.49, population=35000)],
    "pokrovsk": [POKROVSK], "krasnoarmeysk": [POKROVSK], "покровск": [POKROVSK],
    "hlushkivka": [Place("p5", "Hlushkivka", "Kharkiv", 49.6, 37.7)],
    "kivsharivka": [Place("p6", "Kivsharivka", "Kharkiv", 49.63, 37.69)],
    "novoselivka": [NOVO_KH, NOVO_DN],
    "kharkiv": [Place("p7", "Kharkiv", "Kharkiv", 49.99, 36.23, population=1400000)],
    "купянске": [KUPIANSK], "serhii": [Place("p18", "Serhii", "Chernivtsi", 47.99, 25.16)],
    "сум": [Place("p19", "Sumy", "Sumy", 50.91, 34.8, population=250000)],
}


class FakeGazetteer:
    """Exact names only; ``region`` knows two oblasts; records the look-ups it answers."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, bool]] = []

    def lookup(self, name, region=None, near=None, limit=5, context=(), fuzzy=True):
        self.calls.append((name, region, fuzzy))
        found = NAMES.get(name.casefold(), [])
        if region:
            found = sorted(found, key=lambda p: p.admin1 != region)
        return found[:limit]

    def region(self, text):
        low = text.casefold()
        return "Kharkiv" if "kharkiv" in low or "харьков" in low else "Donetsk" if "donetsk" in low else None


def claims_of(text: str, published: dt.date | None = FRIDAY, **fields):
    """The rules' claims, without the scoring model (tested in test_scoring)."""
    article = Article(text=text, source="Test Wire", published=published, **fields)
    return extract_claims(article, FakeGazetteer(), model=False)


def one(text: str, **fields):
    claims = claims_of(text, **fields)
    assert len(claims) == 1, [(c.as_written, c.kind) for c in claims]
    return claims[0]


def test_capture_by_named_speaker_dated_by_weekday():
    claim = one("Russian forces have taken control of Kupyansk, Valery Gerasimov said on Thursday.")
    assert (claim.kind, claim.claimant, claim.claimant_side) == (Kind.CAPTURED, "Gerasimov", Side.RU)
    assert claim.controller_side is Side.RU
    assert claim.claim_date == dt.date(2025, 11, 20)
    assert (claim.place, claim.place_id, claim.lat) == ("Kupiansk", "p1", 49.71)


@pytest.mark.parametrize("verb", ["liberated", "seized", "completed the liberation of", "took control of"])
def test_capture_verbs(verb):
    claim = one(f"Russian units {verb} Kupiansk, the Kremlin said.")
    assert claim.kind is Kind.CAPTURED and claim.claimant == "Kremlin"


def test_addressee_is_not_the_claimant():
    claim = one("Russian forces captured Kupiansk, Sergei Kuzovlev told President Vladimir Putin.")
    assert claim.claimant == "Kuzovlev"


def test_percentage_and_anaphor_make_a_partial_claim():
    claim = one("Gerasimov said advances are underway in Krasnoarmeysk, adding that over 75 percent "
                "of the city's territory is under Russian control.")
    assert (claim.kind, claim.percent, claim.place, claim.controller_side) == (Kind.PARTIAL, 75.0, "Pokrovsk", Side.RU)


def test_most_of_is_a_qualifier():
    claim = one("The North grouping controls most of Kupiansk, Gerasimov said.")
    assert (claim.kind, claim.qualifier, claim.percent) == (Kind.PARTIAL, "most", None)


def test_encirclement_of_listed_villages_shares_a_group():
    claims = claims_of("The encirclement, he said, includes Hlushkivka, Kivsharivka and Kupiansk, Gerasimov said.")
    assert {c.place for c in claims} == {"Hlushkivka", "Kivsharivka", "Kupiansk"}
    assert {c.kind for c in claims} == {Kind.ENCIRCLED}
    assert len({c.group for c in claims}) == 1 and claims[0].group.startswith("encircled:")


def test_denial_points_at_the_claim_it_denies():
    capture, denial = claims_of("Russia's defence ministry said its troops captured Kupiansk.\n\n"
                                "\"Kupiansk is under the control of Ukraine's defense forces,\" Ukraine's General Staff said.")
    assert (denial.kind, denial.controller_side, denial.claimant_side) == (Kind.DENIED, Side.UA, Side.UA)
    assert denial.denies == capture.id and denial.group is None


def test_recapture_names_the_side_that_retook_it():
    claims = claims_of("Kupiansk fell to Russia in 2022.\n\n"
                       "The city fell to Russia early on, but was recaptured by Ukraine in September 2022.")
    sides = {(c.controller_side, c.claim_date) for c in claims}
    assert (Side.UA, dt.date(2022, 9, 1)) in sides
    assert all(c.claimant == "Test Wire" and c.claimant_side is Side.OTHER for c in claims)


def test_period_claim_has_an_end():
    claim = one("Russia previously controlled Kupiansk from February to September 2022.")
    assert (claim.claim_date, claim.claim_until) == (dt.date(2022, 2, 1), dt.date(2022, 9, 30))


@pytest.mark.parametrize("text", [
    "Kupiansk lies about 100 kilometres from the capital Kharkiv.",
    "Russian troops have taken 13 villages since the beginning of November, he said.",
    "The capture of Kupiansk, if confirmed, could change the war.",
    "Analysts say regaining control of Kupiansk will open the door for the army to advance.",
    "Russian troops are trying to encircle Kupiansk.",
    "Shells hit the Russian-controlled city of Kupiansk overnight.",
    "The threat of encirclement of Kupiansk is growing, the Kremlin said.",
    "Над группировкой в Купянске нависла угроза окружения, заявили в Минобороны России.",
    "Атаки у Купянска отражены, противник потерял более 200 военнослужащих, сообщили в Минобороны России.",
    "Attacks near Kupiansk were repelled and the enemy lost more than 200 soldiers, the Kremlin said.",
    "— Купянск будет освобождён, это вопрос времени, сказал Денис Пушилин.",
    "— Купянск будут штурмом брать?",
    "Освобождение Купянска позволит отодвинуть линию фронта, сказал Денис Пушилин.",
])
def test_not_claims(text):
    assert claims_of(text) == []


def test_headline_and_boilerplate_are_not_claims():
    text = ("Russian forces capture Kupiansk\n\nThe weather was mild on Friday.\n\n"
            "Related article: Russia captured Pokrovsk, officials say.\n\nYou may also like\n"
            "Troops seized Kupiansk again.\n")
    assert claims_of(text) == []


def test_reported_speech_carries_over_the_paragraph():
    claims = claims_of("Gerasimov said on Thursday that the offensive went on.\n\n"
                       "Fighting continues in Kupiansk and Pokrovsk.")
    assert {(c.place, c.kind, c.claimant, c.claim_date) for c in claims} == {
        ("Kupiansk", Kind.CONTESTED, "Gerasimov", dt.date(2025, 11, 20)),
        ("Pokrovsk", Kind.CONTESTED, "Gerasimov", dt.date(2025, 11, 20))}


def test_third_party_claimant_is_other():
    claim = one("Russian forces advanced near Pokrovsk, the Institute for the Study of War said.")
    assert (claim.kind, claim.claimant, claim.claimant_side, claim.controller_side) == (
        Kind.ADVANCE, "ISW", Side.OTHER, Side.RU)


def test_region_after_a_name_decides_between_namesakes():
    claims = claims_of("The ministry said its troops had taken the village of Novoselivka in the Donetsk region.")
    assert [(c.place, c.admin1) for c in claims] == [("Novoselivka", "Donetsk")]
    assert claims[0].region == "Donetsk"


def test_oblast_names_are_context_not_claims():
    assert claims_of("Russian troops advanced in the Kharkiv region, the ministry said.") == []


def test_russian_inflected_name():
    claim = one("Минобороны России в четверг заявило о взятии под контроль Купянска.")
    assert (claim.place, claim.kind, claim.claimant_side, claim.claim_date) == (
        "Kupiansk", Kind.CAPTURED, Side.RU, dt.date(2025, 11, 20))


def test_unresolved_listed_village_is_kept():
    claims = claims_of("He said the encirclement includes the villages of Kupiansk, Zzyzxovka and Hlushkivka, "
                       "Gerasimov said.")
    unresolved = [c for c in claims if c.as_written == "Zzyzxovka"]
    assert unresolved and unresolved[0].place_id is None and unresolved[0].kind is Kind.ENCIRCLED


def test_without_publication_date_today_is_the_reference():
    claim = one("Russian forces captured Kupiansk, the Kremlin said.", published=None)
    assert claim.claim_date == dt.date.today()


def test_scan_uses_the_fast_path():
    gazetteer = FakeGazetteer()
    extract_claims(Article(text="Russian forces captured Kupiansk, the Kremlin said.", source="t",
                           published=FRIDAY), gazetteer)
    assert ("Kupiansk", None, False) in gazetteer.calls
    assert all(not fuzzy for _, _, fuzzy in gazetteer.calls)


def test_negated_capture_is_a_denial():
    claim = one("Kupiansk has not been captured and remains under Ukrainian control, Ukraine's General Staff said.")
    assert (claim.kind, claim.claimant_side, claim.controller_side) == (Kind.DENIED, Side.UA, Side.UA)


def test_negated_speech_claims_nothing():
    assert claims_of("He did not say how much of Kupiansk Ukraine still controlled, the Kremlin said.") == []


def test_reported_statement_called_false_is_its_authors_claim_and_a_denial():
    claims = claims_of("Ukraine's General Staff said the Russian Defence Ministry's statement on Thursday that Kupiansk "
                       "had been captured is false.")
    assert {(c.kind, c.claimant_side, c.controller_side, c.claim_date) for c in claims} == {
        (Kind.CAPTURED, Side.RU, Side.RU, dt.date(2025, 11, 20)), (Kind.DENIED, Side.UA, Side.UA, FRIDAY)}


def test_speaker_named_in_the_next_sentence():
    claim = one("Подразделения освободили Купянск. Об этом в четверг сообщили в Министерстве обороны России.")
    assert (claim.claimant_side, claim.claim_date) == (Side.RU, dt.date(2025, 11, 20))


def test_heading_names_the_voice_of_unattributed_sentences():
    claim = one("Ukraine's General Staff: evening update\n\nOur units knocked the occupiers out of Kupiansk.")
    assert (claim.kind, claim.claimant, claim.claimant_side, claim.controller_side) == (
        Kind.CAPTURED, "Ukrainian General Staff", Side.UA, Side.UA)


def test_first_person_takes_the_outlets_side():
    claims = claims_of("The khokhol DRGs were repelled again.\n\nUkrainian channels say Kyiv retook Kupiansk. This is "
                       "not true, the town remains ours.")
    assert [(c.kind, c.claimant_side, c.controller_side) for c in claims] == [
        (Kind.CAPTURED, Side.UA, Side.UA), (Kind.DENIED, Side.RU, Side.RU)]


def test_sided_group_and_passive_expulsion():
    claim = one("Pro-Ukrainian bloggers said Russian units had been pushed out of Kupiansk.")
    assert (claim.claimant_side, claim.controller_side) == (Side.UA, Side.UA)


def test_denial_of_the_following_day_points_back():
    claims = claims_of("The Kremlin said on Tuesday that Russian forces had taken Kupiansk.\n\n"
                       "Kyiv rejected the announcement the following day.")
    assert [(c.kind, c.claim_date) for c in claims] == [(Kind.CAPTURED, dt.date(2025, 11, 18)),
                                                        (Kind.DENIED, dt.date(2025, 11, 19))]
    assert claims[1].denies == claims[0].id


@pytest.mark.parametrize("text", [
    "Units of the Kupiansk group of forces advanced, the Kremlin said.",
    "The Kremlin said troops are massing for an assault on Kupiansk.",
    "Russian aircraft struck the outskirts of Kupiansk, the Kremlin said.",
    "Russian forces captured Hlushkivka in the Kupiansk district, the Kremlin said.",
])
def test_units_goals_strikes_and_districts_are_not_claims_of_the_place(text):
    assert "Kupiansk" not in {c.place for c in claims_of(text)}


# The hand-written fixture articles, with the real gazetteer.



FIXTURES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".html"))


def test_fixture_counts_per_language():
    prefixes = [p.name[:2] for p in FIXTURES]
    assert prefixes.count("en") >= 15 and prefixes.count("ru") >= 5 and prefixes.count("uk") >= 5


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_article(path, gazetteer):
    expected = load_expected(path.with_name(path.stem + ".expected.json"))
    claims = kept(extract_claims(read_article(str(path)), gazetteer))  # as ingest stores them
    score = compare(expected["claims"], claims)
    assert (score.missed, score.extra, score.wrong) == ((), (), ())


def test_quotation_over_sentences_takes_the_speaker_named_where_it_closes():
    claim = one("\"Kupiansk is under the control of Ukraine's defense forces. The enemy lies as usual. The statement of "
                "Russia's defence ministry is propaganda,\" Ukraine's General Staff said.")
    assert (claim.kind, claim.claimant, claim.claimant_side) == (Kind.DENIED, "Ukrainian General Staff", Side.UA)


@pytest.mark.parametrize("text, claimant, side", [
    ("Russia's defence ministry said its troops had allegedly \"liberated\" Kupiansk.", "Russian military", Side.RU),
    ("Ukraine's General Staff said the Russian side had allegedly captured Kupiansk.", "Russian side", Side.RU),
])
def test_allegedly_belongs_to_whoever_did_it(text, claimant, side):
    claim = one(text)
    assert (claim.kind, claim.claimant, claim.claimant_side) == (Kind.CAPTURED, claimant, side)


@pytest.mark.parametrize("text, kind", [
    ("Russian troops advanced to the outskirts of Kupiansk, where fighting continues, the Kremlin said.", Kind.ADVANCE),
    ("Kupiansk is a grey zone, Ukraine's General Staff said.", Kind.CONTESTED),
    ("Neither side controls Kupiansk, Ukraine's General Staff said.", Kind.CONTESTED),
    ("Russian troops seized several buildings in Kupiansk, the Kremlin said.", Kind.ADVANCE),
    ("Russian units managed to reach the eastern outskirts of Kupiansk, the Kremlin said.", Kind.ADVANCE),
    ("По словам Пушилина, российские подразделения вышли к восточным окраинам Купянска.", Kind.ADVANCE),
    ("Ворог закріпився на південній околиці Куп'янська, повідомив Генштаб ЗСУ.", Kind.ADVANCE),
    ("Russian forces control the eastern outskirts of Kupiansk, the Kremlin said.", Kind.PARTIAL),
    ("Ukraine's General Staff said Ukrainian forces continued to advance near Kupiansk.", Kind.ADVANCE),
    ("Russia's defence ministry said its forces improved their tactical positions near Kupiansk.", Kind.ADVANCE),
    ("Russia's defence ministry said its units had \"completed the liberation\" of Kupiansk.", Kind.CAPTURED),
    ("Сили оборони мають успіх у районі Куп'янська, повідомив Генштаб ЗСУ.", Kind.ADVANCE),
    ("Подразделения улучшили тактическое положение у Купянска, сообщило Минобороны России.", Kind.ADVANCE),
    ("Сили оборони продовжують просуватися в напрямку Куп'янська, повідомив Генштаб ЗСУ.", Kind.ADVANCE),
    ("Штурмові групи вже вийшли на підступи до Куп'янська, повідомив Генштаб ЗСУ.", Kind.ADVANCE),
    ("Russian units pushed deeper into Ukrainian defences near Kupiansk, the Kremlin said.", Kind.ADVANCE),
    ("ISW said Ukrainian forces had regained positions in central Kupiansk.", Kind.ADVANCE),
    ("В ходе боев восстановлен контроль над Купянском, сообщили в Минобороны России.", Kind.CAPTURED),
    ("Штурмовые группы вышли на окраины Купянска, сообщили в Минобороны России.", Kind.ADVANCE),
    ("Штурмові групи вийшли на околиці Куп'янська, повідомили в Міноборони Росії.", Kind.ADVANCE),
    ("Сили оборони відновили втрачене раніше положення в районі Куп'янська, повідомив Генштаб ЗСУ.", Kind.ADVANCE),
    ("У Куп'янську тривають міські бої, повідомив Генштаб ЗСУ.", Kind.CONTESTED),
    ("Бої точаться безпосередньо в Куп'янську, зазначили в Генштабі ЗСУ.", Kind.CONTESTED),
    ('Pushilin said Kupiansk had become a "grey zone".', Kind.CONTESTED),
    ("«Куп'янськ тримаємо», — сказав речник Генштабу ЗСУ.", Kind.CAPTURED),
    ("Купянск наразі є сірою зоною, повідомив Генштаб ЗСУ.", Kind.CONTESTED),
    ("— Под нашим контролем уже около 80 процентов Купянска, — сказал Денис Пушилин.", Kind.PARTIAL),
    ("Купянск полностью под контролем союзных сил, сказал Денис Пушилин.", Kind.CAPTURED),
    ("Купянск мы тоже взяли, сказал Денис Пушилин.", Kind.CAPTURED),
    ("А Купянск — это уже котёл, сказал Денис Пушилин.", Kind.ENCIRCLED),
])
def test_kind_of_ground_claims(text, kind):
    assert one(text).kind is kind


def test_a_byline_naming_a_claimant_is_the_voice():
    claim = one("Russian Offensive Campaign Assessment, November 21, 2025\n\nInstitute for the Study of War\n\n"
                "Russian forces recently advanced in Kupiansk.")
    assert (claim.claimant, claim.claimant_side) == ("ISW", Side.OTHER)


def test_a_heading_opening_with_its_author_is_the_voice():
    claim = one("DeepState UA — updates of 5 June\n\nRussian forces have occupied Kupiansk.")
    assert (claim.claimant, claim.claimant_side) == ("DeepState", Side.OTHER)
    assert "Russia" not in [c.claimant for c in claims_of("Russia — Ukraine war: the latest\n\nRussian forces have occupied Kupiansk.")]


def test_a_telegram_channel_byline_is_the_voice():
    claim = one("Ситуація на 14 червня\n\nTelegram-канал 13-ї бригади НГУ «Хартія», 14 червня 2024 р.\n\n"
                "Сили оборони звільнили Куп'янськ.")
    assert (claim.claimant, claim.claimant_side) == ("13-ї бригади", Side.UA)


@pytest.mark.parametrize("text", [
    "Заяви про «захоплення» Куп'янська — фейк, повідомили в Генштабі ЗСУ.",
    "У Генштабі ЗСУ назвали неправдивими заяви про захоплення Куп'янська.",
    "В Генштабе ВСУ назвали ложными сообщения о захвате Купянска.",
    "Ukraine's General Staff dismissed the reports of the capture of Kupiansk as false.",
])
def test_a_claim_called_false_is_denied(text):
    assert [(c.kind, c.claimant_side) for c in claims_of(text) if c.claimant_side is Side.UA] == [(Kind.DENIED, Side.UA)]


def test_a_surname_after_title_and_region_is_remembered():
    claims = claims_of("Про це повідомив речник Сил оборони півдня Владислав Волошин. Міноборони рф заявило, що "
                       "підрозділи нібито «звільнили» Куп'янськ. Волошин це спростував: «Куп'янськ не захоплений».")
    assert (Kind.DENIED, Side.UA) in [(c.kind, c.claimant_side) for c in claims]


def test_rejecting_in_the_present_tense_is_a_denial():
    claims = claims_of("Росіяни заявили про оточення Куп'янська. Гайдай це відкидає: «Куп'янськ повністю контролюють "
                       "українські військові, жодного оточення немає».")
    assert (Kind.DENIED, Side.UA) in [(c.kind, c.claimant_side) for c in claims]


def test_a_broadcaster_is_no_speaker():
    claim = one("Глава ДНР Денис Пушилин в эфире телеканала «Россия 24» заявил, что российские войска освободили Купянск.")
    assert (claim.claimant, claim.claimant_side) == ("DNR", Side.RU)


def test_a_capture_restated_as_control_is_one_claim():
    claim = one("Ukrainian troops recaptured Kupiansk, Ukraine's General Staff said. \"Kupiansk is fully under the control "
                "of Ukraine's defense forces,\" the General Staff said.")
    assert (claim.kind, claim.controller_side) == (Kind.CAPTURED, Side.UA)


@pytest.mark.parametrize("text, side", [
    ("Serhiy Haidai, governor of the Kharkiv region, said Russian forces controlled about 70% of Kupiansk.", Side.UA),
    ("Губернатор Харьковской области заявил, что ВСУ освободили Купянск.", Side.UA),
    ("The Russian-installed governor of the Kharkiv region said Russian forces captured Kupiansk.", Side.RU),
    ("Міноборони рф заявило, що підрозділи «звільнили» Куп'янськ.", Side.RU),
    ("Ukraine's 25th Airborne Brigade said its paratroopers had retaken Kupiansk after days of fighting with Russian troops.",
     Side.UA),
    ("Deputy Defence Minister Hanna Maliar said Ukrainian forces had liberated Kupiansk.", Side.UA),
    ("Маляр повідомила, що українські сили звільнили Куп'янськ.", Side.UA),
    ("Tamaz Hambarashvili, head of the Vovchansk city military administration, said Ukrainian forces retook Kupiansk.", Side.UA),
])
def test_officials_by_title_and_name_speak_for_their_side(text, side):
    assert one(text).claimant_side is side


def test_a_taking_named_by_a_noun_is_a_capture():
    claim = one("Тим часом російські пабліки вже заявляють про «взяття» Куп'янська.")
    assert (claim.kind, claim.claimant_side) == (Kind.CAPTURED, Side.RU)


def test_an_unmarked_unit_is_the_side_of_its_language():
    claim = one("Сили оборони звільнили Куп'янськ, повідомив речник 3-го армійського корпусу.")
    assert claim.claimant_side is Side.UA


def test_the_defence_forces_are_no_village():
    mentions = find_mentions("Росія заявила про захоплення Куп'янська. У Силах оборони заяву назвали неправдивою.",
                             FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Куп'янська"]


def test_a_sentence_opening_ukrainian_adjective_form_is_still_a_village():
    # no letter tells the languages apart in "Дачне": the Russian analyser alone reads a noun in it
    mentions = find_mentions("Дачне перебуває під контролем Сил оборони.", FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Дачне"]


def test_neither_word_of_an_unknown_two_word_name_is_a_village():
    mentions = find_mentions("Минобороны сообщило, что войска освободили Малая Локня и Купянск.", FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Купянск"]
    listed = find_mentions("Освобождены населённые пункты Купянск, Малая Локня и Покровск.", FakeGazetteer())
    assert [m.as_written for m in listed.places] == ["Купянск", "Покровск"]
    latin = find_mentions("Russian troops retook Malaya Loknya and Kupiansk.", FakeGazetteer())
    assert [m.as_written for m in latin.places] == ["Kupiansk"]


def test_the_second_word_of_a_listed_name_is_no_village_of_its_own():
    mentions = find_mentions("Russian troops retook Nova Kakhovka and Kupiansk.", FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Nova Kakhovka", "Kupiansk"]


def test_a_common_word_is_a_village_where_the_article_names_it_as_one():
    text = "«Красне контролюють наші підрозділи». Росіяни заявили, що звільнили Kivsharivka, Красне та Hlushkivka."
    words = {"красне": 3.4}
    mentions = find_mentions(text, FakeGazetteer(), common=lambda word: words.get(word.casefold(), 0.0))
    assert [m.as_written for m in mentions.places] == ["Красне", "Kivsharivka", "Красне", "Hlushkivka"]
    alone = find_mentions(text.split(". ")[0], FakeGazetteer(), common=lambda word: words.get(word.casefold(), 0.0))
    assert alone.places == []


def test_a_sentence_opening_noun_is_no_village():
    mentions = find_mentions("Поводом для слухов стали сообщения о том, что ВСУ захватили Купянск.", FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Купянск"]


def test_a_named_but_unknown_settlement_is_no_anaphor_and_is_kept_unresolved():
    """"the settlement of X" is X, not the town named before; X unknown to every source is
    kept unresolved with its name (issue 11, item 4: nothing dropped for want of a place)."""
    claims = claims_of("Kupiansk was quiet.\n\nRussian troops liberated the settlement of Nowhereville, the Kremlin said.")
    assert [(c.as_written, c.place_id, c.kind, c.claimant_side) for c in claims] == [
        ("Nowhereville", None, Kind.CAPTURED, Side.RU)]


def test_a_straight_quote_closing_after_a_word_ends_the_quotation():
    claims = claims_of("\"Our units have entered Kupiansk. Fighting is going on in the city, street by street,\" "
                       "the Legion's spokesman, who goes by the call sign \"Caesar,\" said.")
    assert claims and {(c.claimant_side, c.claimant) for c in claims} == {(Side.UA, "Russian volunteers fighting for Ukraine")}


def test_a_very_long_sentence_is_read_in_bounded_pieces():
    """A 160 KB "sentence" listing towns (issue 15, item 9) is cut after commas into pieces of
    at most MAX_SENTENCE characters, so the work stays linear; what it claims is still found."""
    from geo.extraction.sentences import MAX_SENTENCE, split_sentences

    text = "Russian forces captured " + ", ".join(["Kupiansk", "Hlushkivka"] * 8000) + ", the ministry said."
    pieces = split_sentences(text)
    assert len(pieces) > len(text) // MAX_SENTENCE
    assert max(p.end - p.begin for p in pieces) <= MAX_SENTENCE
    assert "".join(text[p.begin:p.end] for p in pieces) == text
    assert {c.place for c in claims_of(text)} >= {"Kupiansk"}


@pytest.mark.parametrize("text", [
    "Russian forces captured Novoselivka in the Donetsk region, the ministry said.",
    "Генштаб ЗСУ повідомив, що тривають бої за Новоселівку Донецької області.",
])
def test_a_name_too_close_to_call_is_kept_unresolved_not_picked(text, gazetteer):
    """Several villages of the name in the oblast (issue 11, item 3): the claim keeps the name
    and the region, with no place, for `claims resolve` or an analyst to settle."""
    article = Article(text=text, source="Wire", published=FRIDAY)
    claim = next(c for c in extract_claims(article, gazetteer, model=False) if "овосел" in c.as_written
                 or "ovosel" in c.as_written)
    assert claim.place_id is None and claim.region == "Donetsk"


def test_a_town_named_like_villages_is_the_town(gazetteer):
    article = Article(text="ISW said Russian troops advanced near Lyman.", source="Wire", published=FRIDAY)
    claim = extract_claims(article, gazetteer, model=False)[0]
    assert (claim.place, claim.admin1) == ("Lyman", "Donetsk")


def test_a_name_before_a_quoted_predicate_is_a_place():
    claims = claims_of('On Friday, Ukraine\'s General Staff said Kupiansk "remains under the control of Ukrainian defenders".')
    assert [(c.as_written, c.kind, c.claimant_side) for c in claims] == [("Kupiansk", Kind.DENIED, Side.UA)]


def test_the_surname_of_someone_named_in_full_is_no_village(gazetteer):
    """Demchenky and Kovaleve are villages; here they are the spokesmen, named in full once."""
    text = ("Речник Державної прикордонної служби Андрій Демченко спростував заяви про Новеньке. Хто контролює село, "
            "Демченко не уточнив. «Маневр виконано», — сказав Ковальов в ефірі. Речник Генштабу Андрій Ковальов додав.")
    assert [m.as_written for m in find_mentions(text, gazetteer).places] == ["Новеньке"]


@pytest.mark.parametrize("text", [
    "Ukraine's military rejected Russia's claim that its forces had captured Kupiansk.",
    "В ВСУ опровергли заявления Минобороны России о взятии Купянска.",
    "Генштаб ЗСУ спростував заяви окупантів про захоплення міста Куп'янськ.",
    "Генштаб ВСУ назвал ложью сообщения российской стороны о взятии Купянска.",
])
def test_a_rejected_statement_is_its_authors_claim_and_the_speakers_denial(text):
    claims = claims_of(text)
    assert {(c.kind, c.claimant_side) for c in claims} == {(Kind.CAPTURED, Side.RU), (Kind.DENIED, Side.UA)}


def test_an_unmarked_unit_in_ukrainian_text_is_ukrainian_whoever_else_it_names():
    claims = claims_of("Речник 7-го корпусу заявив, що заяви російського командування про оточення міста Куп'янськ "
                       "не відповідають дійсності.")
    assert {(c.kind, c.claimant_side) for c in claims} == {(Kind.ENCIRCLED, Side.RU), (Kind.DENIED, Side.UA)}


@pytest.mark.parametrize("text, side, controller", [
    ("Russia's Defence Ministry said its troops had regrouped from the areas of Kupiansk.", Side.RU, Side.UA),
    ("Минобороны России заявило о выводе войск из Купянска.", Side.RU, Side.UA),
    ("Генштаб ЗСУ повідомив, що українські підрозділи вийшли із Куп'янськ.", Side.UA, Side.RU),
    ("Главнокомандующий ВСУ объявил, что принял решение вывести украинские подразделения из Купянска.", Side.UA, Side.RU),
    ("Головнокомандувач ЗСУ заявив, що ухвалив рішення вивести підрозділи з Куп'янська.", Side.UA, Side.RU),
    ("Kupiansk was held for months. Ukraine's General Staff said it had decided to withdraw its units from the town.",
     Side.UA, Side.RU),
])
def test_a_withdrawal_announced_by_the_side_that_left_hands_the_place_over(text, side, controller):
    claim = one(text)
    assert (claim.kind, claim.claimant_side, claim.controller_side) == (Kind.CAPTURED, side, controller)


def test_a_list_goes_on_after_as_well_as():
    claims = claims_of("Минобороны России сообщило, что взят под полный контроль Купянск, а также Покровск.")
    assert [(c.as_written, c.kind, c.claimant_side) for c in claims] == [
        ("Купянск", Kind.CAPTURED, Side.RU), ("Покровск", Kind.CAPTURED, Side.RU)]


def test_the_ukrainian_ministry_in_russian_is_ukrainian():
    assert one("Купянск освобожден, сообщили в Минобороны Украины.").claimant_side is Side.UA


@pytest.mark.parametrize("text, kind, side", [
    ("«Купянск полностью зачищен», — заявили в Минобороны России.", Kind.CAPTURED, Side.RU),
    ("«Куп'янськ знову під українським прапором», — заявив Зеленський.", Kind.CAPTURED, Side.UA),
    ("The Ukrainian flag is back in Kupiansk, Zelensky said.", Kind.CAPTURED, Side.UA),
    ("«У місті Куп'янськ ведемо бої», — повідомили в Генштабі ЗСУ.", Kind.CONTESTED, Side.UA),
    ("«Інформація про захоплення міста Куп'янськ не відповідає дійсності», — заявили в Генштабі ЗСУ.", Kind.DENIED, Side.UA),
    ("\"Kupiansk is ours,\" Zelensky said.", Kind.CAPTURED, Side.UA),
    ("Ukraine's military intelligence said its units were entering Kupiansk.", Kind.ADVANCE, Side.UA),
    ("The British defence secretary told reporters that Russia \"has now left Kupiansk\".", Kind.CAPTURED, Side.OTHER),
    ("\"The talk about Kupiansk being lost is a fake,\" said Leonid Pasechnik.", Kind.DENIED, Side.RU),
    ("The village of Kupiansk remains under the control of the people's militia, Pasechnik said.", Kind.DENIED, Side.RU),
    ("Генштаб ЗСУ у ранковому зведенні: Сили оборони звільнили Куп'янськ.", Kind.CAPTURED, Side.UA),
    ("За Куп'янськ ще б'ємося, — повідомили в Генштабі ЗСУ.", Kind.CONTESTED, Side.UA),
    ("В Купянске идут боевые действия, сообщили в Минобороны России.", Kind.CONTESTED, Side.RU),
    ("Про Куп'янськ говорити зарано. Там тривають бойові дії, — сказав Зеленський.", Kind.CONTESTED, Side.UA),
    ("Наши подразделения продвинулись до 500 метров севернее Купянска, сообщили в Минобороны России.", Kind.ADVANCE, Side.RU),
    ("Российские подразделения заняли несколько опорников у Купянска, сообщили в Минобороны России.", Kind.ADVANCE, Side.RU),
    ("Serhii Lytvyn, a spokesman for the operational-tactical group, said Kupiansk remained under the control of "
     "Ukrainian forces.", Kind.DENIED, Side.UA),
    ("14 ОМБр імені князя Романа Великого | офіційний канал\n\nКуп'янськ контролюють Сили оборони України.",
     Kind.CAPTURED, Side.UA),
])
def test_one_claim_of_a_kind_and_side(text, kind, side):
    assert {(c.kind, c.claimant_side) for c in claims_of(text)} == {(kind, side)}


def test_remaining_in_control_answers_the_other_side_s_claim():
    claims = claims_of("Ukraine's military said its forces had liberated Kupiansk.\n\n"
                       "Russian troops remained in full control of Kupiansk, the Kremlin said.")
    assert [(c.kind, c.claimant_side) for c in claims] == [(Kind.CAPTURED, Side.UA), (Kind.DENIED, Side.RU)]


@pytest.mark.parametrize("text", ["DeepState marked a Russian advance near Kupiansk on its map.",
                                  "Аналітики DeepState позначили на мапі просування росіян біля Куп'янська."])
def test_a_map_project_marking_its_map_speaks(text):
    assert [(c.kind, c.claimant) for c in claims_of(text)] == [(Kind.ADVANCE, "DeepState")]


def test_a_place_reserves_come_from_is_no_target():
    claims = claims_of("В Купянске продолжаются уличные бои, противник подтягивает резервы из-под Сум, сообщили в Минобороны России.")
    assert [(c.place, c.kind) for c in claims] == [("Kupiansk", Kind.CONTESTED)]


def test_she_wrote_after_a_sentence_opened_by_a_surname_set_in_apposition_is_hers():
    claims = claims_of("Ukraine's deputy defence minister, Hanna Maliar, said on Monday that Hlushkivka had been liberated.\n\n"
                       "Russia's defence ministry said its forces had repelled Ukrainian attacks over the past day.\n\n"
                       "Maliar has now given a fuller tally. In the past week, she wrote, Ukrainian forces liberated Kupiansk.")
    assert {(c.place, c.claimant_side) for c in claims} == {("Hlushkivka", Side.UA), ("Kupiansk", Side.UA)}


def test_the_ministry_lowercase_after_a_date_is_still_russian():
    claim = one("У четвер міністерство оборони Росії заявило, що українські підрозділи в Куп'янськ «повністю оточені».")
    assert (claim.kind, claim.claimant_side) == (Kind.ENCIRCLED, Side.RU)


def test_a_sides_own_place_is_a_denial_only_where_the_other_side_claims_it():
    alone = claims_of("В ВСУ заявили, что Купянск под контролем Сил обороны.")
    assert [(c.kind, c.claimant_side, c.controller_side) for c in alone] == [(Kind.CAPTURED, Side.UA, Side.UA)]
    answered = claims_of("Минобороны России заявило о взятии Купянска.\n\nВ ВСУ заявили, что Купянск под контролем Сил обороны.")
    assert [(c.kind, c.claimant_side) for c in answered] == [(Kind.CAPTURED, Side.RU), (Kind.DENIED, Side.UA)]


def test_avoiding_encirclement_is_no_encirclement():
    claims = claims_of("Ukraine's General Staff said its units left Kupiansk in order to avoid encirclement.")
    assert Kind.ENCIRCLED not in [c.kind for c in claims]


def test_a_withdrawal_of_the_other_side_leaves_our_place_a_capture():
    claims = claims_of("Russia's defence ministry said its troops had withdrawn from Kupiansk.\n\n\"Kupiansk is ours,\" Zelensky said.")
    assert [(c.kind, c.claimant_side, c.controller_side) for c in claims] == [
        (Kind.CAPTURED, Side.RU, Side.UA), (Kind.CAPTURED, Side.UA, Side.UA)]


def test_a_name_in_apposition_speaks_not_its_title():
    claim = one("Denis Pushilin, the Russian-installed head of the Donetsk region, said Kupiansk was captured.")
    assert (claim.claimant, claim.claimant_side) == ("DNR", Side.RU)


def test_a_name_left_unresolved_is_the_place_the_article_resolves_it_to_elsewhere(gazetteer):
    text = open(Path(__file__).resolve().parents[3] / "bench" / "corpus" / "set6" / "uk10-telegram-azov-zolotyi-kolodiaz.txt",
                encoding="utf-8").read()
    places = {m.place.id if m.place else None for m in find_mentions(text, gazetteer).places if "олот" in m.as_written}
    assert len(places) == 1 and None not in places


def test_a_colon_list_after_its_noun_takes_the_cue_before_the_colon():
    claims = claims_of("Russia's defence ministry claimed the capture of three villages: Hlushkivka, Kivsharivka "
                       "and Novoselivka.")
    assert {c.as_written for c in claims} == {"Hlushkivka", "Kivsharivka", "Novoselivka"}
    assert {(c.kind, c.claimant_side) for c in claims} == {(Kind.CAPTURED, Side.RU)}


def test_a_list_shares_the_oblast_named_before_its_colon():
    claims = claims_of("Russia's defence ministry claimed the capture of villages in the Kharkiv region: Hlushkivka "
                       "and Novoselivka.")
    assert {c.as_written: c.admin1 for c in claims} == {"Hlushkivka": "Kharkiv", "Novoselivka": "Kharkiv"}


def test_a_passive_control_established_is_a_capture():
    claim = one("В ходе боев установлен полный контроль над городом Купянском, сообщили в Минобороны России.")
    assert (claim.kind, claim.claimant_side, claim.place) == (Kind.CAPTURED, Side.RU, "Kupiansk")


def test_a_withdrawal_from_a_settlement_named_by_its_noun_hands_it_over():
    claim = one("Войска выведены из населённого пункта Купянск на более выгодные рубежи, сообщил Игорь Конашенков.")
    assert (claim.kind, claim.claimant, claim.claimant_side, claim.controller_side) == (
        Kind.CAPTURED, "Russian Defence Ministry", Side.RU, Side.UA)


def test_a_sentence_s_first_word_no_source_knows_is_no_listed_village():
    claims = claims_of("Бои идут.\n\nНапомним, Купянск освобожден, заявили в Минобороны России.")
    assert [c.as_written for c in claims] == ["Купянск"]


def test_a_report_called_a_lie_in_quotes_is_denied_by_who_called_it_so():
    claim = one('Ukraine\'s General Staff called the Russian report about Kupiansk "a lie".')
    assert (claim.kind, claim.claimant_side, claim.place) == (Kind.DENIED, Side.UA, "Kupiansk")


def test_a_deputy_head_named_after_a_quote_is_a_person_not_a_village():
    mentions = find_mentions('"Kupiansk is free," Kyrylo Tymoshenko, deputy head of the President\'s Office, wrote.',
                             FakeGazetteer())
    assert [m.as_written for m in mentions.places] == ["Kupiansk"]


@pytest.mark.parametrize("text", [
    "Russia's defence ministry said Kupiansk had been fully liberated, along with Hlushkivka and Kivsharivka.",
    "Минобороны России заявило, что Купянск полностью освобожден, а также Hlushkivka и Kivsharivka.",
    "Міноборони Росії заявило, що Куп'янськ «повністю звільнено», а разом із ним — Hlushkivka та Kivsharivka.",
])
def test_places_added_along_with_a_place_share_its_cue(text):
    assert {c.place for c in claims_of(text) if c.kind is Kind.CAPTURED} == {"Kupiansk", "Hlushkivka", "Kivsharivka"}


def test_under_our_control_with_the_possessive_first_holds_the_place():
    claims = claims_of("Украинские каналы пишут, что ВСУ якобы выбили российских военных из Купянска. "
                       "«Купянск остается под нашим контролем», — подчеркнул глава ДНР Денис Пушилин.")
    assert (Kind.DENIED, Side.RU) in {(c.kind, c.claimant_side) for c in claims}


def test_a_ukrainian_genitive_plural_finds_its_village():
    mentions = find_mentions("Бої тривають у районі Lukiantsi та Лук'янців.", FakeGazetteer())
    assert [m.place.name for m in mentions.places if m.place] == ["Lukiantsi", "Lukiantsi"]


def test_a_place_the_speaker_s_forces_control_denies_the_other_side_s_claim():
    claims = claims_of("Учора Міноборони рф заявило про «звільнення» Куп'янська. "
                       "Куп'янськ контролюють Сили оборони України, повідомив Генштаб ЗСУ.")
    assert {(c.kind, c.claimant_side) for c in claims} == {(Kind.CAPTURED, Side.RU), (Kind.DENIED, Side.UA)}


def test_a_claim_the_other_side_rejected_is_its_denial():
    claims = claims_of("Russia's defence ministry said its troops had taken Kupiansk after months of street battles, "
                       "a claim Ukraine's military rejected.")
    assert {(c.kind, c.claimant_side) for c in claims} == {(Kind.CAPTURED, Side.RU), (Kind.DENIED, Side.UA)}


def test_the_russian_statement_called_not_true_in_quotes_denies_the_place_named_before():
    claims = claims_of('The Kremlin said its troops had taken Kupiansk.\n\nViktor Trehubov, spokesman for the '
                       'Khortytsia group, said the Russian statement was "not true".')
    assert (Kind.DENIED, Side.UA) in {(c.kind, c.claimant_side) for c in claims}


def test_a_bulletin_listing_villages_by_axis_gives_each_the_cue():
    claims = claims_of("Освобождены населенные пункты Харьковской области: на волчанском направлении — Hlushkivka и "
                       "Kivsharivka; на купянском направлении — Купянск, сообщили в Минобороны России.")
    assert {c.as_written for c in claims if c.kind is Kind.CAPTURED} == {"Hlushkivka", "Kivsharivka", "Купянск"}


@pytest.mark.parametrize("text", ["Минобороны России объявило о «перегруппировке» войск из района Купянска.",
                                  'The Kremlin announced the "regrouping" of troops from the Kupiansk area.'])
def test_a_quoted_regrouping_from_a_place_is_a_withdrawal(text):
    claim = one(text)
    assert (claim.kind, claim.claimant_side, claim.controller_side) == (Kind.CAPTURED, Side.RU, Side.UA)


def test_a_live_feed_entry_after_its_time_stamp_is_no_headline():
    claims = claims_of("DeepState | Стрічка за 9 січня\n\n13:05\n\nМіноборони рф сьогодні знову «звільнило» Куп'янськ 🤡\n\n"
                       "Це брехня — місто під контролем Сил оборони.")
    assert {(c.kind, c.claimant_side) for c in claims} >= {(Kind.CAPTURED, Side.RU)}
    assert {c.claimant for c in claims if c.kind is Kind.DENIED} == {"DeepState"}


def test_a_second_place_that_locates_the_first_is_a_landmark():
    claims = claims_of("Минобороны России заявило о взятии под контроль Hlushkivka под Купянском.")
    assert [c.as_written for c in claims] == ["Hlushkivka"]
