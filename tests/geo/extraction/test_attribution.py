"""Attribution on its own: who makes the statement of a sentence, and their side."""
from __future__ import annotations

import pytest

from geo.extraction.attribution import Speaker, article_voice, find_speaker, interview_answers
from geo.model import Side

SPEAKERS = [
    # speech verbs and their subjects, before and after the verb
    ("en", "Ukraine's General Staff said on Friday that its troops had liberated Andriivka.", Side.UA),
    ("en", "Russia's Defence Ministry said its forces had taken control of Kurakhove.", Side.RU),
    ("en", "The village is under Ukrainian control, said Viktor Trehubov, spokesman for the Khortytsia group.", Side.UA),
    ("en", "According to the Institute for the Study of War, Russian troops advanced near Siversk.", Side.OTHER),
    # titles and institutions give the side
    ("en", "Ukraine's Commander-in-Chief Oleksandr Syrskyi said Russian forces control about 60% of Pokrovsk.", Side.UA),
    ("en", "The Khartiia corps of the National Guard said Russian units near Lyptsi were encircled.", Side.UA),
    ("en", "The commander of Ukraine's 3rd Assault Brigade said his fighters had pushed the enemy out.", Side.UA),
    ("en", "Denis Pushilin, the Russian-installed head of the Donetsk region, claimed Toretsk was captured.", Side.RU),
    ("ru", "Как сообщили в Минобороны России, подразделения группировки «Центр» освободили Новогродовку.", Side.RU),
    ("ru", "По данным Генштаба ВСУ, бои продолжаются в Часовом Яре.", Side.UA),
    ("ru", "Об этом заявил главнокомандующий ВСУ Александр Сырский.", Side.UA),
    ("ru", "Военкор Александр Коц написал, что штурмовики зашли в Торецк.", Side.RU),
    ("uk", "Про це повідомив речник Угруповання військ «Хортиця» Віктор Трегубов.", Side.UA),
    ("uk", "За словами головнокомандувача ЗСУ Олександра Сирського, ворог контролює частину Покровська.", Side.UA),
    ("uk", "Російське міноборони заявило про захоплення Очеретиного.", Side.RU),
    ("uk", "Начальник Харківської ОВА Олег Синєгубов заявив, що ситуація під контролем.", Side.UA),
    # a title and the side it serves; a serviceman of a side; speech verbs in the present
    ("ru", "Представитель ВМС Украины Дмитрий Плетенчук в четверг сообщил, что бои идут в Крынках.", Side.UA),
    ("ru", "Украинский морпех, попросивший не называть его имени, рассказал, что бойцы держат часть села.", Side.UA),
    ("ru", "Институт изучения войны в своем отчете указал, что кадры подтверждают продвижение.", Side.OTHER),
    ("uk", "Тим часом російське Міноборони в неділю заявило про захоплення села Тихе.", Side.RU),
    ("uk", "Речник Державної прикордонної служби Андрій Демченко сказав, що бої тривають.", Side.UA),
    ("uk", "Речник ОТУ «Харків» Віталій Саранцев розповідає, що місто під контролем.", Side.UA),
    ("en", "Pro-Kremlin military bloggers insisted that Russian troops were in Yunakivka.", Side.RU),
    ("uk", "Тоді ж міноборони рф оголосило про відведення військ.", Side.RU),
    ("ru", "Об этом сообщил генерал-лейтенант Игорь Конашенков.", Side.RU),
]


@pytest.mark.parametrize(("lang", "sentence", "side"), SPEAKERS, ids=[s[:40] for _, s, _ in SPEAKERS])
def test_speaker_and_side(lang, sentence, side):
    found = find_speaker(sentence, lang)
    assert found is not None and found[1] is side


def test_a_serviceman_who_acts_is_no_speaker_where_another_is_named():
    sentence = "У четвер українські бійці повернули під контроль село Курилівка, повідомили в 3-й окремій штурмовій бригаді."
    assert find_speaker(sentence, "uk") == ("3-й окремій штурмовій бригаді", Side.UA)


def test_an_addressee_is_no_speaker():
    assert find_speaker("Sergei Shoigu told President Putin that Bakhmut had been liberated.", "en")[0] != "Kremlin"


def test_no_speech_verb_no_speaker():
    assert find_speaker("Russian forces captured the village of Pishchane.", "en") is None


def test_names_inside_a_quotation_are_no_speakers():
    assert find_speaker('"The General Staff says otherwise, but we hold Zarichne," the soldier said.', "en") is None


def test_carried_over_the_paragraph_then_dropped():
    speaker = Speaker("en")
    first, _ = speaker.attribute("Russia's Defence Ministry said on Monday its troops had advanced.", 0)
    carried, _ = speaker.attribute("Units of the Centre group liberated Novohrodivka.", 0)
    next_paragraph, _ = speaker.attribute("They also took Hrodivka.", 1)
    later, _ = speaker.attribute("Fighting continues near Pokrovsk.", 3)
    assert first.side is carried.side is next_paragraph.side is Side.RU
    assert first.explicit and not carried.explicit
    assert later.speaker is None


def test_a_quotation_takes_the_speaker_named_where_it_closes():
    speaker = Speaker("en")
    said, _ = speaker.attribute('"Our units have liberated Andriivka.', 0,
                                'We keep pushing," Ukraine\'s General Staff said.')
    assert said.side is Side.UA and said.explicit


def test_a_pronoun_brings_the_speaker_back():
    speaker = Speaker("ru")
    speaker.attribute("Глава ДНР Денис Пушилин заявил об успехах.", 0)
    speaker.attribute("Бои идут на окраинах.", 2)
    back, _ = speaker.attribute("По его словам, Торецк полностью освобождён.", 2)
    assert back.side is Side.RU


@pytest.mark.parametrize(("heading", "side"), [
    ("Сводка Министерства обороны Российской Федерации о ходе проведения специальной военной операции", Side.RU),
    ("Institute for the Study of War", Side.OTHER),
    ("Генштаб ЗСУ: оперативна інформація станом на 08:00", Side.UA),
])
def test_a_heading_speaks_for_the_article(heading, side):
    voice = article_voice([heading], "Бои продолжаются.", "outlet", "ru")
    assert voice is not None and voice.side is side


def test_an_outlet_that_takes_a_side_in_its_own_words_is_its_voice():
    voice = article_voice([], "The occupiers shelled Kherson again overnight.", "Outlet", "en")
    assert voice is not None and voice.side is Side.UA and voice.speaker == "Outlet"
    assert article_voice([], "Fighting went on near Kherson overnight.", "Outlet", "en") is None


def test_a_title_serving_russia_is_russian():
    assert find_speaker("Об этом в субботу сообщила пресс-служба Минобороны РФ в своем Telegram-канале.", "ru")[1] is Side.RU


def test_a_first_name_after_a_closing_quote_is_a_person(gazetteer):
    from geo.extraction.mentions import find_mentions

    text = "\"Our soldiers are clearing the forest belts,\" Serhiy Haidai wrote on Telegram."
    assert [m.as_written for m in find_mentions(text, gazetteer).places] == []


@pytest.mark.parametrize("sentence", [
    "Kyiv's claims about Levadne were, he said, a lie.",
    "Moscow's statement on Robotyne was false, she added.",
])
def test_no_name_before_a_pronoun_subject_or_a_possessive_speaks(sentence):
    assert find_speaker(sentence, "en") is None


def test_an_interview_s_answers_are_given_by_the_claimant_its_introduction_names():
    paragraphs = ["Ми поговорили з командиром батальйону 57-ї окремої мотопіхотної бригади.",
                  "— Яка зараз ситуація?", "— Складна, але стабільна.", "— А на флангах?", "— Тихе наше.",
                  "Росіяни тим часом заявили про наступ."]
    answers = interview_answers(paragraphs, "uk")
    assert sorted(answers) == [2, 4]
    assert {(a.side, a.explicit) for a in answers.values()} == {(Side.UA, True)}
    assert interview_answers(paragraphs[:3], "uk") == {}  # one question makes no interview


def test_the_owner_of_a_report_after_the_verb_is_no_speaker():
    assert find_speaker("Он назвал ложью публикации украинских Telegram-каналов о Купянске.", "ru") is None


def test_he_said_after_a_sentence_opening_with_a_claimant_is_that_claimant():
    speaker = Speaker("en")
    speaker.attribute("Russia's Defence Ministry said its attacks near Kupiansk had been repelled.", 0)
    speaker.attribute("Denis Pushilin, the Moscow-installed leader, struck a different note.", 1)
    said, _ = speaker.attribute("Speaking on television, he said the village was a grey zone.", 1)
    assert (said.speaker, said.side) == ("DNR", Side.RU)
