"""Cue words of claim kinds, speech verbs and the claimant table, in English, Russian and
Ukrainian. Data only, plus the compiled patterns that :mod:`geo.extraction.assembly` scans with."""
from __future__ import annotations

import re

from gazetteer.names import has_cyrillic
from geo.extraction import folding
from geo.model import Kind, Side

# (kind, pattern). "inverse" cues ("lost", "withdrew from") hand the place to the other
# side; "nominal" cues ("the capture of") make a claim only when someone is quoted.
_CUES: dict[str, list[tuple[Kind, str, str]]] = {
    "en": [
        (Kind.DENIED, "plain", r"den(?:y|ied|ies|ying)|reject(?:ed|s)?|refut(?:ed|es)|dismiss(?:ed|es)"),
        (Kind.DENIED, "plain", r"(?:is|are|remains?|remained|was) (?:still |firmly |fully )?(?:under (?:the )?(?:full )?control of"
                               r" (?:the )?(?:Ukrain\w*|Kyiv|(?:Defen[cs]e|Armed) Forces of Ukraine|our (?:armed )?(?:forces|troops|units))|"
                               r"in Ukrainian hands|"
                               r"under Ukrainian control)|(?:remains?|remained|is still|are still) (?:ours|in our hands|under our control)|"
                               r"(?:still|continue to|continues to) hold(?:s|ing)?|"
                               r"(?:remains?|remained|is still|are still) (?:firmly |fully )?under (?:the )?(?:full )?control of"),
        (Kind.DENIED, "holding", r"(?:is|are) (?:now )?(?:ours|in our hands|under our control)|we (?:still |firmly )?(?:hold|are holding|control)|"
                                 r"(?:remains?|remained|stays?|stayed) in (?:full |firm )?control of"),
        (Kind.DENIED, "plain", r"(?:there (?:is|was|has been) )?no (?:\w+ )?(?:encirclement|cauldron|pocket)(?: of| around| in)?"),
        (Kind.DENIED, "verdict", r"(?:does|do) not correspond to reality|(?:is|are|was|were) [«\"“]?(?:false|untrue|not true|a lie|lies|(?:a )?fake)|"
                              r"(?:called|dismissed|described|branded)(?: \w+){0,3} as (?:false|fake|untrue|disinformation)|[—–] (?:a )?fake|"
                              # 'called the Russian report about X "a lie"': the verdict quoted after the report
                              r"(?<=[«\"“])(?:a lie|lies|false|untrue|fake|a fabrication|fabricated|disinformation|propaganda)(?!\w)"),
        (Kind.CAPTURED, "nominal", r"(?:capture|liberation|seizure|fall|occupation|recapture|loss) of"),
        (Kind.CAPTURED, "nominal", r"(?:regaining|retaking|declares?|declared) (?:full |complete )?control(?: of| over)?"),
        (Kind.CAPTURED, "inverse", r"(?:lost|losing)(?!\s+(?:more than|over|about|up to|nearly|at least|some)?\s*\d)|(?:withdr[ae]wn? from|withdrew from|pulled out of|retreated from|abandoned|"
                                   r"(?:withdr(?:aw|ew|awn|awing|awal)|pull(?:ed|ing)?|regroup(?:ed|ing)?|retreat(?:ed|ing)?|"
                                   r"moved?)[»\"”]? (?:[\w'’-]+ ){0,3}?(?:from|out of)(?= (?:the )?(?:\w+ )?(?-i:[A-ZА-ЯІЇЄҐ])|"
                                   r" the (?:areas?|town|city|village)\b)|(?:has|have|had) (?:now )?left(?= (?:the (?:city|town|village) of )?(?-i:[A-Z])))"),
        (Kind.CAPTURED, "expel", r"(?:drove|driven|drive|pushed|forced|knocked|kicked) (?:[\w']+ ){0,3}out of"),
        (Kind.CAPTURED, "plain", r"(?:was|were|has been|had been|have been|is|are) (?:now )?(?:taken|seized|occupied)(?= by)|"
                                 r"taken(?=\s*[.,;:!])"),
        (Kind.CAPTURED, "plain", r"(?:took|taken|take|held|holds?)(?= (?:the (?:\w+ )?(?:village|town|city|settlement)s?\b|(?-i:[A-ZА-ЯІЇЄҐ])))"),
        (Kind.CAPTURED, "plain", r"(?:(?:has|have|had) )?(?:completed the liberation[\"”»]? of|liberat(?:ed|es|e)|re-?captur(?:ed|es|e)|"
                                 r"captur(?:ed|es|e)|seiz(?:ed|es|e)|retook|retak(?:en|es)|"
                                 r"(?:took|taken|takes?|gained|established|assumed|regained|won back) (?:full |complete )?"
                                 r"control (?:of|over)|(?:completely |fully )?(?<!-)controll?(?:ed|s)?|"
                                 r"occupied(?! (?:part|parts|territor\w+|areas?|regions?|city|town|village|zone)\b)|overran|"
                                 r"fell(?= to)|under (?:full |complete )?(?:Russian|Ukrainian) control|under (?:full|complete) control|"
                                 r"under (?:Russian )?occupation|"
                                 r"cleared|won back|(?:Ukrainian|Russian) flag (?:is back|(?:was |has been )?(?:raised|hoisted)|flies|is flying))"),
        (Kind.ENCIRCLED, "plain", r"(?:semi-)?encircl(?:ed|es|e|ing|ement)|surround(?:ed|s|ing)?|cut off|besieged|blockaded|"
                                  r"in (?:a|the) (?:pocket|cauldron)|closed (?:the|a) (?:ring|pocket|encirclement) (?:around|on)"),
        (Kind.ENCIRCLED, "nominal", r"encirclement (?:of|around)|siege of"),
        (Kind.CONTESTED, "plain", r"(?:in |a |the )[«\"“]?gr[ae]y zone|neither side (?:\w+ ){0,2}controls?|no side (?:\w+ ){0,2}controls?|"
                                  r"(?:heavy |fierce |intense |ongoing )?(?:fighting|battles?|clashes|combat|storming|"
                                  r"street fights?|assault on|contested)"),
        (Kind.ADVANCE, "plain", r"advanc(?:ed|es|ing|e)|advances|push(?:ed|ing)? (?:deeper |further )?(?:forward|toward|towards|into|closer)|"
                                r"(?:gained|secured|established|won) (?:a )?foothold|"
                                r"moved closer to|gained ground|made gains|entered|(?:is|are|was|were) entering|broke through|progress(?:ed)? (?:near|toward|towards|in)|"
                                r"(?:tactical|partial) success(?:es)?|infiltrated|improved (?:their |its )?(?:tactical )?positions?|"
                                r"established (?:new )?positions|regained (?:lost )?positions|"
                                r"reach(?:ed|ing)?(?= (?:the |some |its )?(?:\w+ )?(?:outskirts|edges?|streets|approaches|cent(?:re|er))\b)"),
    ],
    "ru": [
        (Kind.DENIED, "plain", r"(?:нет|никакого|никакой)\s+(?:\w+\s+)?(?:окружени\w+|котл\w+)|окружени\w+ нет"),
        (Kind.DENIED, "verdict", r"не соответству\w+ действительности|(?:является |являются )?(?:ложью|фейком)|не является правдой|"
                              r"[—–]\s*(?:это\s+)?(?:фейк|ложь|неправда)|назвал\w*(?: \w+){0,2} (?:ложн\w+|фейк\w*|неправд\w+)"),
        (Kind.DENIED, "plain", r"опроверг\w*|отрица\w+|отверг\w*|"
                               r"(?:оста[её]тся|находится|остаются|находятся) под (?:полным )?(?:контролем (?:Сил обороны|ВСУ|украинск\w+|ВС Украины|наш\w+)|наш\w+ контролем)|"
                               r"удерживают (?:ВСУ|Силы обороны|украинск\w+ \w+|наши)|"
                               r"(?:по-прежнему|вс[её] ещ[её]|продолжает|продолжают) (?:находит\w+ |оста[её]т\w+ )?под (?:полным )?контролем|"
                               r"(?:находится|находятся|оста[её]тся|остаются) под (?:полным )?контролем (?:российск\w+|ВС РФ)"),
        # a side's own place, said without "still": a denial if the other side claims it, else a capture
        (Kind.DENIED, "holding", r"(?:у)?держ(?:им|иваем)|контролиру(?:ют|ет) (?:Силы обороны|ВСУ|украинск\w+ (?:военн\w+|подразделени\w+|войск\w*))|под (?:полным )?контролем (?:Сил обороны|ВСУ|украинск\w+|ВС Украины|наш\w+)|под наш\w+ (?:полным )?контролем|контролиру\w+ наш\w+|"
                                 r"(?<!будет )наш[аеи]?(?=\s*[.!,;])"),
        (Kind.CAPTURED, "nominal", r"освобождени\w+|взяти\w+|захват\w*|падени\w+|потер(?:я|и|ю|е|ей)(?!\w)"),
        (Kind.CAPTURED, "expel", r"(?:выбили|выбил|вытеснили|выгнали) (?:\w+ ){0,3}из"),
        (Kind.CAPTURED, "inverse", r"(?:потеряли|потерял[аи]?)(?!\s+(?:более|свыше|около|до|порядка|почти|не менее)?\s*\d)|отступили из|вышли из|покинули|оставил[аи]?(?= (?-i:[А-ЯЁ]))|"
                                   r"(?:вывел\w*|вывест\w*|вывод\w*|выведен\w*|отведен\w*|отвел\w*|отвод\w*|отвёл\w*|отош(?:ли|[её]л)|отход\w*|отступ\w+|выход\w*|вышл[иа]|"
                                   r"перегруппир\w+)[»\"”]? (?:[\w-]+ ){0,3}?(?:из|с)(?= (?:\w+ )?(?-i:[А-ЯЁ])|"
                                   r" (?:район\w*|город\w*|сел\w*|посёлк\w*|поселк\w*|населённ\w+ пункт\w*|населенн\w+ пункт\w*) (?-i:[А-ЯЁ]))"),
        (Kind.CAPTURED, "plain", r"освободил\w*|освобожд[её]н\w*|заверши\w+ освобождение|взял\w* (?:\w+ )?под (?:свой |полный )?контроль|"
                                 r"взят\w* под (?:полный |свой )?контроль|перев[её]л\w* под (?:полный )?контроль|перешл?[аио]? под (?:полный )?контроль|перешёл под (?:полный )?контроль|"
                                 r"установ(?:ил|лен)\w* (?:полный )?контроль|занял\w*|захвати\w+|захвачен\w*|овладел\w*|отбил\w*(?! (?:\w+ ){0,2}(?:атак|штурм|наступ))|"
                                 r"вернул\w* (?:под )?(?:свой )?контроль|удерживал\w*|восстанов(?:и|лен)\w* контроль|оккупирова\w+|контролиру\w+|под контролем (?:российск\w+|ВС РФ|России|союзн\w+ (?:сил|войск))|взял[аи]?(?! (?:в плен|на себя|слово))|"
                                 r"зачистил\w*|зачищен[аоы]?(?!\w)|полностью зачищен\w*|под (?:украинским|российским) флагом"),
        (Kind.ENCIRCLED, "plain", r"(?:полу)?окруж\w+|взял\w* в кольцо|в котле|(?:это |[—–]\s*)(?:уже )?кот[её]л|блокирова\w+|(?:замкнул\w*|сомкнул\w*) кольц\w+|кольц\w+ (?:окружения )?вокруг"),
        (Kind.CONTESTED, "plain", r"сер(?:ой|ая|ую) зон\w+|ни одна из сторон (?:\w+ ){0,2}не контролиру\w+|(?:идут|ведутся|продолжаются|ид[её]т|вед[её]м|ведут) (?:\w+ )?бои|бои (?:за|в|идут|продолжаются|ведутся)|"
                                  r"(?:идут|ведутся|продолжаются) боевые действия|боевые действия (?:идут|ведутся|продолжаются)|(?:бь[её]мся|сражаемся)(?: за)?|"
                                  r"ожесточ[её]нные бои|боестолкновени\w+|штурм(?:а|ом|у|е)?|штурму\w+|штурмовал\w*"),
        (Kind.ADVANCE, "plain", r"тактическ\w+ успех\w*|частичн\w+ успех\w*|восстанови\w+ (?:утраченн\w+ )?(?:ранее )?положение|вышл\w+ на подступы|имеют успех|имели успех|улучшил\w* (?:свое |своё )?(?:тактическое )?положение|просочил\w+|продвинул\w+|продвинут\w+|продвижени\w+|продвига\w+|наступа(?:ют|ет|ли|л|ла|ть|ющ\w+)|наступлени\w+|вклинил\w+|вклинить\w*|вошл[иа] в|зашл[иа] в|вышл[иа] (?:на|к)(?= (?:\w+ )?(?:окраин|рубеж|подступ))|"
                                r"зацепил\w+ за"),
    ],
    "uk": [
        (Kind.DENIED, "plain", r"(?:немає|жодного|ніяк\w+)\s+(?:\w+\s+)?(?:оточення|котла)|оточення немає"),
        (Kind.DENIED, "verdict", r"не відповіда\w+ дійсності|(?:є )?(?:брехнею|неправдою|фейком)|[—–]\s*(?:це\s+)?(?:фейк|брехня|неправда)|"
                              r"назва\w+(?: \w+){0,2} (?:неправдив\w+|фейк\w*|брехн\w+)|неправдив\w+"),
        (Kind.DENIED, "plain", r"спростува\w+|спростову\w+|запереч\w+|відкида\w+|відкину\w+(?! (?:\w+ ){0,2}(?:за|до|від|на|з|із|назад)(?!\w))|"
                               r"(?:перебуває|залишається|перебувають|залишаються) під (?:повним )?(?:контролем (?:Сил оборони|ЗСУ|українськ\w+|наш\w+)|наш\w+ контролем)|"
                               r"утримують (?:ЗСУ|Сили оборони|українськ\w+ \w+|наші)|"
                               r"(?:досі|як і раніше|і надалі|продовжує|продовжують) (?:перебува\w+ |залиша\w+ )?під (?:повним )?контролем"),
        (Kind.DENIED, "holding", r"(?:у)?тримаємо|контролю(?:ють|є) (?:Сили оборони|ЗСУ|українськ\w+ (?:військов\w+|підрозділ\w+|захисник\w+))|під (?:повним )?контролем (?:Сил оборони|ЗСУ|українськ\w+|наш\w+)|під наш\w+ (?:повним )?контролем|контролю\w+ наш\w+|"
                                 r"(?<!буде )наш[аеі]?(?=\s*[.!,;])"),
        (Kind.CAPTURED, "nominal", r"звільнення|захоплення|взяття|падіння|втрат(?:а|и|у|ою|і)(?!\w)|окупаці\w+"),
        (Kind.CAPTURED, "expel", r"(?:вибили|вибив|витіснили|вигнали) (?:\w+ ){0,3}(?:з|із)"),
        (Kind.CAPTURED, "inverse", r"втратил[иао]?(?!\s+(?:понад|більше|близько|до|майже|щонайменше)?\s*\d)|відступил\w+ з|вийшл[иао] з|залишил[иао]|покинул[иао]?|"
                                   r"(?:вивел\w*|вивели|вивест\w*|вивод\w*|виведен\w*|відведен\w*|відвел\w*|відвод\w*|відійшл\w*|відх[іо]д\w*|відступ\w+|вихід\w*|вийшл[иао]|"
                                   r"перегрупу\w+)[»\"”]? (?:[\w'’ʼ-]+ ){0,3}?(?:з|із|зі)(?= (?:\w+ )?(?-i:[А-ЯІЇЄҐ])|"
                                   r" (?:район\w*|міст\w*|сел\w*|селищ\w*|населен\w+ пункт\w*) (?-i:[А-ЯІЇЄҐ]))"),
        (Kind.CAPTURED, "plain", r"звільнил\w*|звільнен\w*|заверши\w+ звільнення|взял\w* (?:\w+ )?під (?:свій |повний )?контроль|"
                                 r"перейш?л?[аио]? під контроль|встанов(?:ил|лен)\w* (?:повний )?контроль|зайнял\w*|захопил\w*|"
                                 r"захоплен\w*|окупува\w+|окупован\w*|відбил\w*(?! (?:\w+ ){0,2}(?:атак|штурм|наступ))|повернул\w* (?:під )?(?:свій )?контроль|утримувал\w*|віднов(?:и|лен)\w* контроль|контролю\w+|"
                                 r"під контролем (?:російськ\w+|РФ|рф|Росії|росії|окупант\w+)|зачистил\w*|зачищен[оаі]?(?!\w)|під (?:українським|російським) прапором"),
        (Kind.ENCIRCLED, "plain", r"(?:напів)?оточ\w+|взял\w* в кільце|в котлі|у котлі|блокува\w+|заблокова\w+|замкнул\w* кільце|кільц\w+ (?:оточення )?навколо"),
        (Kind.CONTESTED, "plain", r"сір(?:а|ій|у|ою) зон\w+|жодна (?:зі )?(?:сторін|сторона) (?:\w+ ){0,2}не контролю\w+|(?:тривають|точаться|ведуться|йдуть|ідуть|ведемо|ведуть) (?:\w+ )?бої|бої (?:за|в|у|тривають|точаться|йдуть|ідуть|ведуться)|"
                                  r"(?:тривають|точаться|ведуться|йдуть|ідуть) бойові дії|бойові дії (?:тривають|точаться|ведуться|йдуть|ідуть)|(?:б['’ʼ]ємося|боремося)(?: за)?|"
                                  r"запеклі бої|боєзіткнен\w+|штурм(?:у|ом|і)?|штурму\w+|штурмувал\w*"),
        (Kind.ADVANCE, "plain", r"тактичн\w+ успіх\w*|частков\w+ успіх\w*|вийшл[иао] (?:на|до)(?= (?:\w+ )?(?:околиц|рубеж|підступ))|віднов\w+ (?:втрачен\w+ )?(?:раніше )?положення|вийшл\w+ на підступи|мають успіх|мали успіх|має успіх|покращил\w* (?:своє )?(?:тактичне )?положення|просочил\w+|просочув\w+|просун(?:ул|ув|ут)\w*|просуван\w+|просува\w+|наступа(?:ють|є|ли|в|ла|ти|ючи)|наступ(?:і|у)?\b|вклинил\w+|вклинит\w+|увійшл[иао] в|зайшл[иао] в|"
                                r"зачепил\w+ за"),
    ],
}

# "seized several buildings", "захватили позиции": ground in or near a place, not the place
PART_OBJECT = re.compile(r"\s+(?:(?:several|a few|some|two|three|four|\d+|multiple|new|несколько|кілька|нов\w+)\s+)?"
                         r"(?:buildings?|houses?|positions?|streets?|blocks?|strongpoints?|strongholds?|trenches?|tree ?lines?|"
                         r"позици\w+|позиці\w+|здани\w+|будинк\w+|будівл\w+|опорн\w+ пункт\w*|опорник\w*|дом(?:а|ов)|квартал\w*|"
                         r"улиц\w+|вулиц\w+|посадк\w+|лісосмуг\w+|лесополос\w+)(?!\w)", re.I)

# "80%", "over 75 percent", "80 процентов", "80 відсотків"
PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s?(?:%|per ?cent|процент\w*|відсот\w*)", re.I)

CUES = {lang: [(kind, style, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)) for kind, style, pattern in cues]
        for lang, cues in _CUES.items()}

# A share in words: "about two thirds of", "около трети", "половину". (pattern, percent);
# the ordinal "третий"/"четвертий" is not one.
_FRACTIONS = [
    (r"two[- ]thirds|две трети|двух третей|дві третини|двох третин", 66.7),
    (r"three[- ]quarters|три четверти|тр[её]х четвертей|три чверті|трьох чвертей", 75.0),
    (r"(?:a|one)[- ]third|трет(?:ь|и|ью)|третин(?:а|и|у|ою)", 33.3),
    (r"(?:a|one)[- ]quarter|четверт(?:ь|и|ью)|чверт(?:ь|і|ю)", 25.0),
    (r"half|половин(?:а|ы|у|ой|и|ою)", 50.0),
]
FRACTIONS = [(re.compile(rf"(?<!\w)(?:{pattern})(?:\s+of)?(?!\w)", re.I), value) for pattern, value in _FRACTIONS]

# "Toretsk's industrial zone", "промзоны Торецка" is caught by the gap; this is the English possessive
POSSESSIVE_PART = re.compile(r"(?<=['’]s)\s+(?:\w+\s+){0,2}(?:zone|district|area|quarter|part|outskirts|center|centre)s?\b", re.I)

# qualifier of a partial claim, per language
QUALIFIER = {
    "en": re.compile(r"\b(?:(?P<most>most|much|the bulk|the majority|the greater part)|(?P<part>parts?|sections?|"
                     r"some areas)|(?P<outskirts>(?:the )?outskirts|(?:the )?edges?|the eastern outskirts))\s+of\b", re.I),
    "ru": re.compile(r"(?<!\w)(?:(?P<most>больш\w+ част\w+|почти весь|почти всю)|(?P<part>част\w*)|(?P<outskirts>окраин\w+))(?!\w)", re.I),
    "uk": re.compile(r"(?<!\w)(?:(?P<most>більш\w+ частин\w+|майже весь|майже всю)|(?P<part>частин\w*)|(?P<outskirts>околиц\w+))(?!\w)", re.I),
}

# One pass that tells whether a sentence can hold a claim at all (any cue, share or
# qualifier); the word-boundary test is factored out, which halves its cost.
ANY_CUE = {lang: re.compile(rf"(?<!\w)(?:{'|'.join([p for _, _, p in cues] + [p for p, _ in _FRACTIONS])})(?!\w)|"
                            + PERCENT.pattern + "|" + re.sub(r"\(\?P<\w+>", "(?:", QUALIFIER[lang].pattern), re.I)
           for lang, cues in _CUES.items()}

_SPEECH = {
    "en": re.compile(r"\b(?:said|says|say|rejected|dismissed|acknowledged|admitted|congratulated|stated|states|announced|announces|announcements?|reported|reports|claimed|claims|claiming|"
                     r"told|confirmed|confirms|asserted|added|adding|noted|wrote|writes|declared|declares|denied|denying|"
                     r"denies|insisted|revealed|stressed|updated|informed|assessed|assesses|according to|stating|reiterated|conceded|"
                     r"spreading|spread|posted|replied|answered|responded|writing|read (?:the|a|its) (?:caption|post|message)|"
                     r"said in (?:a|its) (?:statement|report|update)|explained|tells|indicated|alleged|alleges|marked|mapped|"
                     r"called(?! (?:on|for|off|up|in|it)\b))\b", re.I),
    "ru": re.compile(r"(?<!\w)(?:заявил\w*|заявля\w+|сообщ\w+|доложил\w*|по данным|по словам|по информации|отметил\w*|"
                     r"рассказал\w*|подтверди\w+|объявил\w*|утвержда\w+|опроверг\w*|переда[её]т|написал\w*|говорится|подчеркну\w+|"
                     r"признал\w*|пишет|пишут|напомнил\w*|назвал\w*|указал\w*|указыва\w+|рассказыва\w+|уточни\w+|"
                     r"добавил\w*|сказал\w*|говорит|говорят|ответил\w*|констатир\w+|отрица\w+|отверга\w+|отверг\w*|"
                     r"обозначил\w*)(?!\w)", re.I),  # "обозначили на карте": a map project's statement
    "uk": re.compile(r"(?<!\w)(?:заяви\w+|заявля\w+|повідоми\w+|повідомля\w+|за даними|за словами|за інформацією|доповів|"
                     r"зазначи\w+|розповів\w*|підтверди\w+|оголоси\w+|стверджу\w+|спростува\w+|написа\w+|йдеться|наголоси\w+|"
                     r"підкресли\w+|визна\w+|пишуть|пише|поширил\w+|відповів|відповіла|відповіли|сказа\w+|назвал[иао]?|назвав|"
                     r"вказа\w+|вказу\w+|розповіда\w+|уточни\w+|дода\w+|каже|кажуть|говорить|констату\w+|інформу\w+|"
                     r"спростову\w+|запереч\w+|відкида\w+|відкину\w+|позначи\w+|позначає|позначають)(?!\w)", re.I),
}
SPEECH = {lang: folding.Folded(pattern) for lang, pattern in _SPEECH.items()}

# A pronoun subject of a speech verb carries the previous claimant: "he said", "он заявил".
PRONOUN_SPEECH = re.compile(r"(?<!\w)(?:he|she|they|it|он|она|они|він|вона|вони)(?:,)? (?:also )?(?:\w+ )?"
                            r"(?:said|claimed|added|stated|noted|told|acknowledged|admitted|conceded|confirmed|wrote|called|insisted|заявил\w*|сказал\w*|сказав|сказала|сказали|сообщил\w*|отметил\w*|заяви\w+|"
                            r"назвал\w*|добавил\w*|подчеркнул\w*|написал\w*|повідоми\w+|зазначи\w+|додав|додала|назвав|назвала|наголоси\w+|написа\w+)(?!\w)|"
                            # "по его словам", "according to him", "за його словами"
                            r"(?<!\w)(?:по (?:его|её|ее|их) (?:словам|данным)|according to (?:him|her|them)|"
                            r"за (?:його|її|їхніми) (?:словами|даними))(?!\w)", re.I)

# Words just before a name that make it the addressee, not the speaker: "told President Putin".
ADDRESSEE = re.compile(r"(?:(?<!according )\bto|\btold|\bwith|\bbriefed|\bbriefing|\bvisit\w*|\bfor|\bbefore|доложил\w*|доповів|"
                       r"\bупомян\w*|\bпрезиденту|\bпрезидентові|(?<!\w)контролем|"
                       # a broadcaster, not a speaker: "в эфире телеканала «Россия 24»", "told Rossiya-24 TV"
                       r"(?<!\w)телеканал\w*|(?<!\w)радио\w*|(?<!\w)радіо\w*|\bTV channel)\s+[«\"“]?(?:[\w.'’-]+\s+){0,3}[«\"“]?$", re.I)

# (pattern, canonical claimant, side). Earlier rows win on overlap.
# Ukraine's oblasts by their English names, for their governors
_OBLASTS = r"Luhansk|Donetsk|Kharkiv|Sumy|Zaporizhzhia|Zaporizhia|Kherson|Dnipropetrovsk|Mykolaiv|Chernihiv|Odesa|Odessa|Kyiv"
# "Moscow-installed head", "Russian-appointed officials"
_INSTALLED = r"(?:installed|appointed|backed) (?:[\w-]+ ){0,2}?(?:officials?|head|governor|leader|administration|authorities|chief|mayor)"
_CLAIMANTS: list[tuple[str, str, Side]] = [
    (r"Institute for the Study of War|ISW|Институт изучения войны|Інститут вивчення війни|ІВВ", "ISW", Side.OTHER),
    # A monitoring project: a third party in the codebook, like ISW
    (r"DeepState\w*", "DeepState", Side.OTHER),
    (r"(?:UK|British) (?:Ministry of Defen[cs]e|Defen[cs]e Ministry|intelligence)|Pentagon|NATO|"
     r"(?:British|UK|US|U\.S\.|American|German|French|Western) (?:defen[cs]e secretary|defen[cs]e minister|foreign secretary|"
     r"foreign minister|secretary of state|officials?|president|prime minister|chancellor)", "Western officials", Side.OTHER),
    (r"analysts?|experts?|observers|(?<!kremlin )(?<!russian )military bloggers|аналитик\w*|эксперт\w*|аналітик\w*|експерт\w*", "analysts", Side.OTHER),
    (r"(?:Igor |Ігор |Игорь )?Kimakovsk\w+|Кимаковск\w+|Кімаковськ\w+|advis[oe]r to the head of the (?:DNR|DPR)|"
     r"советник\w* главы ДНР|радник\w* голови ДНР", "DNR adviser", Side.RU),
    (r"(?:Denis )?Pushilin|Пушилин\w*|Пушилін\w*|(?:the )?(?:DNR|DPR|Donetsk People['’]s Republic)|ДНР", "DNR", Side.RU),
    # (every branch opens with a letter: the claimant scan then skips the branches by it)
    (r"Pasechnik|Пасечник\w*|Пасічник\w*|Marochko|Марочко|LNR|LPR|Luhansk People['’]s Republic|ЛНР|"
     r"people['’]s militia|народн\w+ (?:милици\w+|міліці\w+)", "LNR", Side.RU),
    # officials Russia installed in occupied regions, by title and by name
    (r"Moscow-" + _INSTALLED + r"|Russian-" + _INSTALLED + r"|Kremlin-" + _INSTALLED + r"|"
     r"назначенн\w+ (?:Москвой|Россией|Кремл\w+) (?:\w+ ){0,2}?(?:глав\w+|губернатор\w*|администраци\w+|власт\w+)|"
     r"призначен\w+ (?:Москвою|Росією|Кремл\w+) (?:\w+ ){0,2}?(?:голов\w+|гауляйтер\w*|адміністраці\w+|влад\w+)|"
     r"окупаційн\w+ (?:влад\w+|адміністраці\w+)|оккупационн\w+ (?:власт\w+|администраци\w+)|"
     # "окупаційний «очільник» Харківщини", "гауляйтер Запоріжжя"
     r"окупаційн\w+ [«\"“]?(?:очільник\w*|голов\w+|керівник\w*)[»\"”]?|оккупационн\w+ [«\"“]?(?:глав\w+|руководител\w+)[»\"”]?|"
     r"гауляйтер\w*|"
     r"Saldo|Сальдо|Balitsky|Балицк\w+|Балицьк\w+|Rogov|Рогов\w*|Stremousov|Стремоусов\w*|Ganchev|Ганчев\w*",
     "Russian-installed authorities", Side.RU),
    # Russians who fight for Ukraine: read with the Ukrainian side
    (r"(?:the )?Russian Volunteer Corps|RDK|РДК|«?[Рр]усск\w+ добровольческ\w+ корпус\w*»?|«?[Рр]осійськ\w+ добровольч\w+ корпус\w*»?|"
     r"(?:the )?Freedom of Russia Legion|(?:the )?(?:International )?Legion(?:['’]s)?|[Лл]егион\w* «Свобода России»|[Лл]егіон\w* «Свобода Росії»|"
     r"[Сс]ибирск\w+ батальон\w*|[Сс]ибірськ\w+ батальйон\w*", "Russian volunteers fighting for Ukraine", Side.UA),
    (r"(?:Valery |Valeriy )?Gerasimov|Герасимов\w*", "Gerasimov", Side.RU),
    (r"(?:Sergei |Sergey )?Kuzovlev|Кузовлев\w*|Кузовльов\w*", "Kuzovlev", Side.RU),
    (r"(?:Dmitry )?Peskov|Песков\w*", "Peskov", Side.RU),
    (r"(?:Andrei )?Belousov|(?:Sergei )?Shoigu|Белоусов\w*|Шойгу|Білоусов\w*|(?:Igor )?Konashenkov|Конашенков\w*",
     "Russian Defence Ministry", Side.RU),
    (r"(?:(?:Russian )?President )?(?:Vladimir )?Putin|(?:[Tt]he )?Russian [Pp]resident|Путин\w*|Путін\w*", "Putin", Side.RU),
    (r"(?:the )?(?:Russian|Russia['’]s) (?:Chief of (?:the )?)?General Staff|General Staff of (?:the )?Russian Armed Forces|"
     r"Генштаб\w* (?:ВС )?(?:РФ|рф|России|Росії|росії)|Генеральн\w+ штаб\w* (?:ВС )?(?:РФ|рф|России|Росії|росії)", "Russian General Staff", Side.RU),
    (r"(?:the )?(?:Russian|Russia['’]s) (?:[Dd]efen[cs]e [Mm]inistry|[Mm]inistry(?: of [Dd]efen[cs]e)?(?: \(MoD\))?|MoD|military|army)|"
     r"[Мм]инобороны (?:РФ|России)|[Мм]инистерств\w+ обороны (?:РФ|России|Российской Федерации)|[Мм]іноборони (?:РФ|рф|Росії|росії)|[Мм]іністерств\w+ оборони (?:рф|росії|РФ|Росії)|"
     r"российск\w+ военн\w+|(?:[Рр]осійськ\w+|[Рр]оссийск\w+) (?:[Мм]іноборони|[Мм]инобороны|[Мм]іністерств\w+ оборони|[Мм]инистерств\w+ обороны)|"
     r"Минобороны(?! Украины)", "Russian military", Side.RU),
    (r"(?:[Вв]рио |[Тт]имчасово виконуюч\w+ обов['’ʼ]язки )?[Гг]убернатор\w* (?:Курской|Белгородской|Брянской|Курської|Бєлгородської|Брянської) област\w+|"
     r"(?:Kursk|Belgorod|Bryansk)(?: region(?:al)?)? governor|(?:Vyacheslav )?Gladkov|Гладков\w*|(?:Alexei |Alexey )?Smirnov|"
     r"(?:Алексей )?Смирнов\w*|(?:Alexander )?Khinshtein|Хинштейн\w*", "Russian regional authorities", Side.RU),
    (r"[Вв]оенн\w+ корреспондент\w*|[Вв]оенкор\w*|(?:Yevgeny |Evgeny )?Poddubny|(?:Евгени\w )?Поддубн\w+|Rybar|Рыбар\w*|Два майора|"
     r"Dva Mayora|Two Majors|WarGonzo|[Mm]il-?bloggers?|(?:[Pp]ro-Kremlin|Russian|pro-Russian|Pro-Russian) military bloggers?",
     "Russian milbloggers", Side.RU),
    (r"(?:[Гг]олов\w+|[Нн]ачальник\w*|[Гг]лав\w+) (?:\w+ )?(?:ОВА|обласної (?:військової )?адміністрації)|"
     r"[Hh]ead of the (?:\w+ )?(?:regional|oblast) (?:military )?administration|(?:Oleh |Oleg )?(?:Syniehubov|Synehubov)|Син[єе]губов\w*|"
     r"(?:Oleh |Oleg )?(?:Hryhorov|Grygorov)|Григоров\w*|(?:Serhiy |Sergiy )?Lysak|Лисак\w*|(?:Vadym )?Filashkin|Філашкін\w*|"
     # a Ukrainian oblast's governor (Russia's installed ones are read first, above)
     r"(?:[Gg]overnor|[Hh]ead) of (?:the )?(?:" + _OBLASTS + r") (?:region|oblast)|(?:" + _OBLASTS + r")(?: region(?:al)?| oblast)? governor|"
     r"[Гг]убернатор\w* (?:Харьковской|Сумской|Днепропетровской|Николаевской|Черниговской|Одесской) област\w+|"
     r"(?:Serhiy |Sergiy )?Haidai|Гайда[йя]\w*|Ivan Fedorov|Іван\w* Федоров\w*|(?:Oleksandr )?Prokudin|Прокудін\w*|Прокудин\w*",
     "Ukrainian regional authorities", Side.UA),
    (r"(?:\w+ )?(?:селищн\w+|сільськ\w+|міськ\w+) (?:рад\w+|військов\w+ адміністраці\w+)|"
     r"(?:[Hh]ead of the )?(?:[A-Z]\w+ )?(?:city|town|village|settlement) military administration|"
     r"(?:Tamaz )?Hambarashvili|Гамбарашвілі", "Ukrainian local authorities", Side.UA),
    (r"(?:Hanna |Ганн\w+ |Анн\w+ )?(?:Maliar|Малярк?\w*)|(?:Ukraine['’]s |Ukrainian )[Dd]eputy [Dd]efen[cs]e [Mm]inister|"
     r"заступни\w+ міністра оборони(?! (?:РФ|рф|Росії|росії))|"
     r"(?:Ukraine['’]s |Ukrainian )?[Pp]resident(?:ial)?['’]?s? [Oo]ffice|Office of the (?:Ukrainian )?President|"
     r"Офіс\w* [Пп]резидента|Офис\w* [Пп]резидента Украины|(?:Kyrylo )?Tymoshenko|Тимошенк\w+",
     "Ukrainian government", Side.UA),
    (r"Центр\w* протидії дезінформації|ЦПД|(?:the )?(?:Center|Centre) for Countering Disinformation",
     "Centre for Countering Disinformation", Side.UA),
    (r"(?:the )?Kremlin|Кремл\w*", "Kremlin", Side.RU),
    (r"Moscow(?!['’]s troops)|Москв\w+", "Moscow", Side.RU),
    (r"(?:Volodymyr )?Zelensk\w*|Зеленск\w+|Зеленськ\w+", "Zelensky", Side.UA),
    (r"(?:Oleksandr )?Syrsk\w*|Сырск\w+|Сирськ\w+", "Syrskyi", Side.UA),
    (r"(?:Viktor )?Trehubov|Трегубов\w*", "Ukrainian military", Side.UA),
    (r"(?:the )?(?:Ukrainian|Ukraine['’]s) General Staff|General Staff of (?:the )?(?:Ukrainian Armed Forces|Armed Forces of Ukraine)|"
     r"Генштаб\w* (?:ВСУ|ЗСУ|Украины|України)|Генеральн\w+ штаб\w* (?:ВСУ|ЗСУ|Украины|України)|Генштаб\w*", "Ukrainian General Staff", Side.UA),
    (r"(?:the )?(?:Ukrainian|Ukraine['’]s) (?:military|army|armed forces|officials|authorities|command|defen[cs]e ministry)|"
     r"Сил\w* оборон\w+|Міноборони|Минобороны Украины|ВСУ|ЗСУ|[уУ]груповуван\w+|[уУ]групован\w+(?: військ)?(?: «[^»]+»| об['’ʼ]єднаних сил)?|"
     r"Національн\w+ гварді\w+|Нацгварді\w+|Национальн\w+ гварди\w+ Украины|(?:Ukraine['’]s |Ukrainian )?National Guard|"
     r"Azov|Азов\w*|Hortytsia|Khortytsia|Хортиц\w+|Tavri[ay]|Таври[яи]|Таврі[яї]|Joint Forces Task Force|"
     r"ВМС (?:ЗСУ|ВСУ|України|Украины)|(?:the )?(?:Ukrainian|Ukraine['’]s) [Nn]avy|(?:ОТУ|ОСУВ|ОСГВ|ОУВ|ОТГ|OSGT|OTU) «[^»]+»|"
     r"(?:spokes(?:man|woman|person) for )?(?:the )?[Oo]perational[- ](?:tactical|strategic) group(?: of forces)?|"
     r"Державн\w+ прикордонн\w+ служб\w+|ДПСУ|Госпогранслужб\w+|(?:Ukraine['’]s |Ukrainian )?State Border (?:Guard )?Service",
     "Ukrainian military", Side.UA),
    (r"Kyiv|Kiev|Киев\w*|Київ\w*|Ukraine", "Kyiv", Side.UA),
    (r"Russia|Росси[яи]|Росія", "Russia", Side.RU),
]

CLAIMANTS = [(re.compile(rf"(?<!\w)(?:{pattern})(?![\w-])", re.I if side is Side.OTHER else 0), name, side)
             for pattern, name, side in _CLAIMANTS]

# Words that name a side as the actor of a clause: "Russian forces", "by Ukraine", "ВСУ".
SIDE_WORDS = [
    (Side.RU, re.compile(r"(?<!\w)(?:Russian?|Russia['’]s|Moscow(?:['’]s)?|Kremlin|Zapad|(?:West|East|North|South|Centre|Center|Dnepr)"
                         r"(?:ern)? (?:troop )?group(?:ing)?|(?:Western|Eastern|Northern|Southern|Central) (?:Army|Wing)|"
                         r"Росси\w+|российск\w+|ВС РФ|армия России|группировк\w+|Запад|Росі\w+|російськ\w+|росіян\w*|окупант\w+)(?!\w)")),
    (Side.UA, re.compile(r"(?<!\w)(?:Ukrain(?:e|ian|e['’]s)|Kyiv|Kiev|ВСУ|ЗСУ|Сил\w* оборони|Сил\w* обороны|украинск\w+|"
                         r"Украин\w+|українськ\w+|Україн\w+|Киев\w*|Київ\w*)(?!\w)")),
]

# Phrases that make a clause hypothetical or negated: no claim comes from it.
# "too early to speak of an encirclement", "об окружении говорить рано": no claim either.
PREMATURE = re.compile(r"too early to (?:speak|talk|say)|(?:говорить|говорити)\s+(?:(?:пока|ещё|еще|поки|ще)\s+)?(?:за)?рано|"
                       r"(?:за)?рано\s+(?:(?:пока|ещё|еще|поки|ще)\s+)?(?:говорить|говорити)", re.I)
MODAL = re.compile(r"(?<!\w)(?:will|would|could|might|can|если|бы|може|могут|можуть|якщо)(?!\w)", re.I)
HEDGE = re.compile(r"(?<!\w)(?:if|would|could|might|may|will|plans? to|trying to|tried to|attempts? to|aim\w* to|"
                   r"not|never|no|failed to|avoid(?:ing)?|если|бы|не|якщо|би|б|избежа\w+|уникну\w+|уникнен\w+|пыта\w+|намага\w+|попыт\w+|спроб\w+|хотят|хочуть|"
                   # "the threat of encirclement", "угроза окружения": a danger, not a claim
                   r"threat of|risk of|danger of|угроз\w+|загроз\w+|риск\w*|ризик\w*|опасност\w+|небезпек\w+|"
                   # "Лисичанск будет освобождён": a forecast
                   r"будет|будут|буде|будуть)(?!\w)", re.I)
# "struck the outskirts of X", "обстреляли окраину": a strike, not ground held
STRIKE = re.compile(r"(?<!\w)(?:struck|strikes?|shell(?:ed|ing|s)|hit|bomb(?:ed|ing|s)|air ?strikes?|drones?|missiles?|rockets?|"
                    r"обстрел\w*|удар\w*|обстріл\w*|бомб\w+|беспилотник\w*|безпілотник\w*|дрон\w*|ракет\w*|"
                    r"упал\w*|впа(?:в|ла|ли)|прилет\w*|приліт\w*)(?!\w)", re.I)
# "in liberated Kherson", "в освобожденном Дзержинске": the capture is background, not claimed
ATTRIBUTIVE = re.compile(r"(?:\bin|(?<!\w)во?|(?<!\w)у)\s+(?:the\s+)?(?:recently\s+|недавно\s+|нещодавно\s+)?$", re.I)
# "since the fall of Avdiivka", "после взятия": a point in time, not a claim
TEMPORAL = re.compile(r"(?:\bsince|\bafter|\bbefore|\buntil|\bfollowing|(?<!\w)после|(?<!\w)до|с момента|з моменту|"
                      r"(?<!\w)після|(?<!\w)від)\s+(?:the\s+)?$", re.I)
# "encircled enemy formations in the city": troops encircled, no place claimed
# "destroying encircled units", "the encircled garrison": the participle describes troops
ENCIRCLED_ATTRIBUTE = re.compile(r"(?:\bthe|\ban?|destroy\w*|eliminat\w*|уничтож\w+|добива\w+|ликвидир\w+|знищ\w+|"
                                 r"ліквід\w+)\s+$", re.I)
ENCIRCLED_UNITS = re.compile(r"\s+(?:the\s+)?(?:[\w-]+\s+)?(?:formations?|units?|troops|forces|groups?|soldiers|garrison|"
                             r"группировк\w+|подразделени\w+|формировани\w+|войск\w*|групп\w*|угрупован\w+|"
                             r"підрозділ\w+|формуван\w+|військ\w*)(?!\w)", re.I)
# "якобы «освободили»", "allegedly captured": the other side's claim, reported in doubt
# (one "$" after both branches: a folded search then tries once from the end, see folding.ending)
ALLEGED = re.compile(r"(?:(?:\ballegedly|\bsupposedly|\bpurportedly|(?<!\w)якобы|(?<!\w)будто бы|(?<!\w)нібито|(?<!\w)начебто)"
                     r"[»\"”]?\s*(?:про\s+|о\s+)?[«\"“]?|"
                     # "мол, их штурмовики «освободили»": hearsay marks the claim of those named after it
                     r"(?<!\w)(?:мол|дескать|мовляв),?\s+(?:\w+\s+){0,3}[«\"“]?)$", re.I)
# A negation right before a cue's verb: "had not been captured", "не захвачен".
NEGATION = re.compile(r"(?:\bnot|n['’]t|\bnever|(?<!\w)не|(?<!\w)ні)\s+(?:(?:been|be|yet|fully|completely|entirely|was|were|has|have|had|"
                      r"был\w*|полностью|до конца|повністю|до кінця|було|був|була|були)\s+){0,3}$", re.I)
# "He did not say how much ...", "не уточнил": nothing after it is claimed
NEGATED_SPEECH = re.compile(r"(?:\bdid not|\bdidn['’]t|\bwould not|\bdeclined to)\s+(?:say|specify|disclose|elaborate|comment|give)\b|"
                            r"(?<!\w)не (?:уточнил\w*|сказал\w*|назвал\w*|стал\w* (?:уточнять|называть)|уточни\w+|сказа\w+|назва\w+)", re.I)
# After a nominal cue: "the liberation of X is a matter of the near future"
FUTURE = re.compile(r"matter of (?:the )?(?:near )?(?:future|time|days|weeks)|(?:is|are) (?:near|imminent|expected)|"
                    r"вопрос\w* (?:ближайшего )?времени|(?:близко|скоро)|питання (?:найближчого )?часу|"
                    # "освобождение X позволит отодвинуть фронт": what a capture would bring
                    r"would (?:allow|let|enable)|will (?:allow|let|enable)|позволит|позволило бы|дозволить|дозволило б", re.I)
# A statement a sentence reports: "the ministry's statement that", "заявления X о том, что"
REPORT_NOUN = re.compile(r"(?<!\w)(?:statements?|claims?|reports?|announcements?|assertions?|talk|rumou?rs?|posts|публикаци\w+|публікаці\w+|разговор\w*|слух\w*|чутк\w+|заявлени\w+|утверждени\w+|информаци\w+|"
                         r"сообщени\w+|заяв[аиу]?|твердженн\w+|інформаці\w+|повідомленн\w+)(?!\w)", re.I)
# "Kyiv rejected the announcement", "denied that": the denial is of the sentence before
REPORT_REF = re.compile(r"(?<!\w)(?:the (?:Russian |Ukrainian |ministry['’]s |Kremlin['’]s )?(?:announcement|claim|report|statement)s?|that|this|these (?:claims|reports)|"
                        r"это\w*|эт[иу] (?:заявлени\w+|данные|сообщени\w+)|це|ці (?:заяви|дані|повідомлення))(?!\w)", re.I)

# "the enemy advanced": the side opposite the claimant's
ENEMY = re.compile(r"(?<!\w)(?:the enemy|enemy|противник\w*|враг\w*|ворог\w*)(?!\w)", re.I)
# "the occupied part of Donetsk": a description, not a partial claim
DESCRIPTIVE_PART = re.compile(r"(?:occupied|оккупированн\w+|окупован\w+)\s+$", re.I)

# "Kupyansk front", "Покровском направлении": the axis, not the settlement.
AXIS_AFTER = re.compile(r"^[\"”»]?[\s-]*(?:front|direction|axis|sector|salient|bridgehead|[Rr]iver|reservoir|(?:nuclear )?power plant|NPP|"
                        r"regions?|oblasts?|provinces?|водохранилищ\w*|водосховищ\w*|АЭС|АЕС|ГЭС|ГЕС|реки|річки|реке|річці|направлени\w+|напрям\w+)\b", re.I)
# "100 kilometres from ...", "south of ...": a place used as a landmark.
LANDMARK_BEFORE = folding.Folded(re.compile(r"(?:\b(?:river|реки|річки|реке|річці)|(?:kilomet\w+|km|miles)\s+(?:\w+\s+)?(?:from|of|away from)|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|"
                                            # "подтягивает резервы из-под Сум": where something comes from
                                            r"(?<!\w)(?:из-под|з-під|із-під)|"
                                            r"\bthe capital|\bbank of|approach(?:es)? to|(?:road|way|route) to|на подступах к|на підступах до|\bbanks of|берег\w*|км\s+от|км\s+від|"
                                            r"(?:к|на)\s+(?:северу|югу|западу|востоку|северо-\w+|юго-\w+|північ|південь|захід|схід|північний\s+\w+|"
                                            r"південний\s+\w+|северо-востоку|юго-западу)\s+(?:от|від)|(?:севернее|южнее|западнее|восточнее|північніше|південніше|західніше|"
                                            r"східніше)|"
                                            # a locator in apposition: "the village of X, near Y", "a hamlet ..., not far from Y"
                                            r",\s*(?:near|close to|outside|возле|вблизи|поблизу|біля)|not far from|недалеко(?: от)?|неподал[её]ку(?: от)?|"
                                            r"неподалік(?: від)?|недалеко від|"
                                            # "Ласточкино под Авдеевкой", "Тихе біля Вовчанська": a second place locates the first
                                            r"\w\s+(?-i:[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’ʼ-]+)\s+(?:под|возле|вблизи|біля|поблизу|під)|"
                                            # "positions near Y", "the front line around Y": ground near a place, not the place
                                            r"(?:positions?|front(?:[- ]?line)?|позици\w+|позиці\w+)\s+(?:near|around|close to|outside|возле|вблизи|под|у|біля|поблизу|під)|"
                                            # "since the fall of Y", "в освобожденном Y": background, not claimed here
                                            r"(?:since|after|before|until|following)\s+(?:the\s+)?(?:fall|capture|liberation|loss|seizure|occupation)\s+of|"
                                            r"(?:после|с момента|до)\s+(?:взяти\w+|падени\w+|освобождени\w+|захват\w*|потер\w+)|"
                                            r"(?:після|з моменту|до)\s+(?:взяття|падіння|звільнення|захоплення|втрати)|"
                                            r"(?:\bin|(?<!\w)во?|(?<!\w)у)\s+(?:liberated|occupied|captured|освобожд[её]нн\w+|оккупированн\w+|захваченн\w+|"
                                            r"звільнен\w+|окупован\w+|захоплен\w+)|"
                                            # "in the direction of Y", "в направлении Y": an axis
                                            r"in the direction of|в направлении|у напрямку|в напрямку|"
                                            # "отбросили оккупантов за Оскол": a river or line beyond which
                                            r"(?:отбросил\w*|отброшен\w*|відкинул\w*|відкинут\w*|pushed|driven|drove)\s+(?:\w+\s+){0,2}"
                                            r"(?:за|across|beyond))"
                                            r"\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I))


def landmark_before(window: str) -> bool:
    """Whether ``window`` ends by naming what follows as a landmark (:data:`LANDMARK_BEFORE`),
    unless an advance is located by it ("advanced northeast of X": an advance near X)."""
    return LANDMARK_BEFORE.search(window, folding.lowered(window)) is not None and ADVANCED_BESIDE.search(window) is None


ADVANCED_BESIDE = re.compile(r"(?:advanc\w+|progress\w*|gained ground)\s+(?:\w+\s+){0,2}(?:north|south|east|west)(?:-?(?:east|west))?"
                             r"(?:ern)?(?:\s+and\s+\w+)?\s+of\s+$|"
                             # "продвинулись до 500 метров севернее X", "просунулися на 2 км на північ від X"
                             r"(?:продвинул\w+|продвига\w+|просунул\w+|просува\w+)\s+(?:[\w–-]+\s+){0,4}"
                             r"(?:(?:северо-|юго-)?(?:севернее|южнее|западнее|восточнее)|(?:північно-|південно-)?"
                             r"(?:північніше|південніше|західніше|східніше)|(?:к|на)\s+(?:северу|югу|западу|востоку|северо-\w+|"
                             r"юго-\w+|північ|південь|захід|схід|північний\s+\w+|південний\s+\w+)\s+(?:от|від))\s+$|"
                             # "просуватися в напрямку X", "вийшли на підступи до X": an advance toward X
                             r"(?:advanc\w+|progress\w*|push\w*|moving|moved|просува\w+|просунул\w+|продвига\w+|продвинул\w+|"
                             r"наступа\w+|вийшл\w+|вышл\w+|закріплю\w+|закрепля\w+)\s+(?:\w+\s+){0,2}"
                             r"(?:in the direction of|в направлении|у напрямку|в напрямку|на підступи до|на подступы к|"
                             r"на підступах до|на подступах к)\s+$|"
                             # "improved their positions near X": ground gained by X
                             r"(?:improved|established|улучшил\w*|покращил\w*)\s+(?:\w+\s+){0,2}(?:positions?|позици\w+|позиці\w+)\s+"
                             r"(?:near|around|close to|outside|возле|вблизи|под|у|біля|поблизу|під)\s+$", re.I)


# The noun that stands for the last-named settlement: "the city", "the eastern railway hub";
# in Russian and Ukrainian also a sentence's opening "Там" ("Там тривають бойові дії").
ANAPHOR = {
    "en": re.compile(r"\b(?:the (?:\w+ ){0,2}(?:city|town|village|settlement|hub|bastion|stronghold)(?:['’]s)?|"
                     r"it(?= (?:fell|was|had been|has been|is now)))\b", re.I),
    "ru": re.compile(r"^[\W]{0,3}(?-i:Там)(?!\w)|(?<!\w)(?:город\w*|посёлк\w*|посел\w*|сел\w{1,3}|населённ\w+ пункт(?:а|е|ом|у)?|населенн\w+ пункт(?:а|е|ом|у)?)(?!\w)", re.I),
    "uk": re.compile(r"^[\W]{0,3}(?-i:Там)(?!\w)|(?<!\w)(?:міст[аоі]|містом|селищ\w*|сел[оаі]|селом|населен\w+ пункт(?:у|і|ом)?)(?!\w)", re.I),
}

# Clause boundaries: a cue binds to places of its own clause.
# a colon opening a list of names ("five villages: A, B and C"), by axis too ("освобождены: на волчанском
# направлении — A, B; на липцовском — C"), is no break: the list is what came before it
_AXIS_LIST = r"(?:\s*на \w+ (?:направлении|напрямку)\s*[—–-]\s*)"
CLAUSE = re.compile(r";(?!" + _AXIS_LIST + r")|: (?![«\"“])(?!" + _AXIS_LIST + r"?(?-i:[A-ZА-ЯЁІЇЄҐ])[\w'’ʼ-]+(?:,| and | и | і | та | й ))|, where |, but |, while |, whereas | while | whereas | but | months after | after |, а (?!также|також|разом з|разом із|вместе с)|, но |, але |, тоді як ", re.I)

# "X was liberated, along with Y": Y shares the cue of the place before
ALONG_WITH = re.compile(r"\b(?:along with|together with|as well as)\b|(?<!\w)(?:а|и|і|та)?\s*(?:разом|вместе)\s+(?:з|із|зі|с|со)\s+(?:ним|нею|ними|ней|ним)(?!\w)|"
                        r"(?<!\w)а\s+(?:также|також)(?!\w)", re.I)

# Lines after which the page is boilerplate, and single lines that are.
BOILERPLATE_END = re.compile(r"^(?:you may also like|same tag|same category|related (?:articles|news|posts)|more from|"
                             r"читайте также|читайте також|похожие новости|схожі новини|comments?\s*\(\d+\))\s*:?\s*$", re.I)
BOILERPLATE_LINE = re.compile(r"^(?:related article|read (?:more|also)|see also|embed|photo|video|screenshot|post views|"
                              r"share|advertisement|subscribe|читайте|фото|видео|відео|підписуйтесь|подписывайтесь)\b", re.I)

# Capitalised words that are never settlements here: actors, months, titles.
NOT_PLACES = frozenset(w.casefold() for w in (
    "Russia Ukraine Russian Ukrainian Governor Moscow Kyiv Kiev Kremlin Putin Gerasimov Kuzovlev Zelensky Zelenskyy Syrskyi Peskov President General "
    "Chief Staff Army Armed Forces Ministry Defence Defense Donbass Donbas West East North South Western Eastern Northern "
    "Southern Central Zapad Maidan The A An In On At By For From Of And But This That These Those It He She They Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November "
    "December Vladimir Valery Sergei Sergey Dmitry Igor Volodymyr Oleksandr Andrei Denis ISW Wagner Moscow-installed Soviet-era DNR DPR LNR UN NATO US EU Europe "
    "Россия России Украина Украины Москва Киев Кремль Путин Герасимов Україна України Росія Росії Москва Київ Путін "
    "ВСУ ЗСУ ДНР ЛНР РФ Донбасс Донбас Генштаб Сил Силы Сили Сергей Владимир Валерий Игорь Денис Дмитрий Андрей "
    "Александр Володимир Олександр Сергій Валерій Ігор Дмитро Андрій Президент Командующий Головнокомандувач").split())

# A title before a person's name: "Governor Oleh ...", "the governor of the region, Oleh ...",
# "военный эксперт Андрей ...": the first name is not a village of that name.
_TITLES = (r"governor|mayor|spokes(?:man|woman|person)|commander|head|chief|president|minister|officer|observer|"
           r"expert|analyst|blogger|adviser|advisor|deputy|colonel|general|lieutenant|major|captain|sergeant|"
           r"губернатор\w*|глав[аеуы]|мэр\w*|мер\w*|речник\w*|представител\w+|представник\w*|командир\w*|"
           r"командующ\w+|эксперт\w*|експерт\w*|аналитик\w*|аналітик\w*|голов[аиіу]|начальник\w*|советник\w*|"
           r"радник\w*|блогер\w*|военкор\w*|воєнкор\w*")
TITLE_BEFORE = re.compile(rf"(?:{_TITLES})(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?,?\s+$", re.I)
# ... and after it, in apposition: "Serhii Lytvyn, a spokesman for the ... group"
TITLE_AFTER = re.compile(rf",\s+an?\s+(?:[\w-]+\s+){{0,3}}?(?:{_TITLES})\s+(?:of|for|at|in|with)(?!\w)", re.I)

# "Dnepr group of forces", "Южной группировки", "group «Таврия»": units named like places.
UNIT_AFTER = re.compile(r"^[»\"”]?\s*(?:(?:battle)?group(?:ing)?s?|battlegroup|brigades?|battalions?|regiments?|divisions?|corps|"
                        r"группировк\w+|угрупован\w+|угруповуван\w+|бригад\w+|батальон\w*|полк\w*|дивизи\w+|дивізі\w+|"
                        r"оборон[иы])(?!\w)", re.I)  # "у Силах оборони": the Defence Forces, no village Syla
UNIT_BEFORE = re.compile(r"(?:group(?:ing)?|battlegroup|brigade|regiment|battalion|division|corps|группировк\w+|угрупован\w+|"
                         r"угруповуван\w+|бригад\w+|полк\w*|батальон\w*|батальйон\w*|дивизи\w+|дивізі\w+|корпус\w*)\s+"
                         r"(?:of forces\s+|войск\s+|військ\s+)?[«\"“]$", re.I)

# "Kharkiv region", "Харьковской области": an oblast mention, context and never a settlement.
# "Pishchane in the Pokrovsk district": the district locates, it is not the claim's object.
DISTRICT_AFTER = re.compile(r"^\s*(?:districts?|raions?|район\w*|округ\w*|громад\w+|hromada)(?!\w)", re.I)
# "..., where Russian and Ukrainian forces fought in 2022": said of the place just named
RELATIVE_CLAUSE = re.compile(r"\s*(?:where|в котором|где|де|в якому)\b", re.I)
# "have been pushed out of": the subject is the side expelled
PASSIVE_BEFORE = re.compile(r"\b(?:been|were|was|are|is|being|get|got)\s+$", re.I)

REGION_NOUN = re.compile(r"^\s*(?:People['’]s Republic|regions?|regional|provinces?|oblasts?|области|областей|область|обл\.?|"
                         r"області|областях|народн\w+ республик\w+)\b", re.I)

# A sentence that hands its statement to the one before: "Об этом сообщили в Минобороны",
# "Про це повідомили в угрупованні", "This was reported by the ministry".
BACK_REFERENCE = re.compile(r"^\W*(?:об этом|о том же|про це|this was|that was|this is according to|that is according to)\b", re.I)
# "the ministry", "в ведомстве": the claimant named last
BACK_CLAIMANT = re.compile(r"(?<!\w)(?:the (?:ministry|department|agency)|ведомств\w*|відомств\w*)(?!\w)", re.I)

_SIDE_ADJ = (r"(?:pro-)?(?:Russian|Ukrainian|Russia['’]s|Ukraine['’]s)|(?:про)?(?:российск|русск|украинск|російськ|українськ)\w*|"
             r"(?:про)?(?:пророссийск|проросійськ|проукраинск|проукраїнськ)\w*")
# a serviceman of a side: "a Ukrainian marine", "украинский морпех", "російський офіцер"; as
# often the one who acts as the one who speaks, so a speaker only where no other is named
_SERVICEMAN = (r"marines?|soldiers?|servicem[ae]n|officers?|морпех\w*|морпіх\w*|бо[еє]ц\w*|бойц\w*|бійц\w*|"
               r"военнослужащ\w+|військовослужбов\w+|офицер\w*|офіцер\w*|солдат\w*")
SERVICEMAN = re.compile(rf"(?<!\w)(?:{_SERVICEMAN})$", re.I)
_GROUP_NOUN = (r"governor|mayor|mil-?bloggers?|(?:military |war )?bloggers?|(?:Telegram )?channels?|sources|officials|spokes(?:man|woman|person)|"
               r"commanders?|observers?|media|outlets|war correspondents?|side|военкор\w*|блогер\w*|(?:Telegram-|телеграм-)?канал\w*|источник\w*|"
               r"сторон\w+|командовани\w+|джерел\w*|командуванн\w+|воєнкор\w*|пабл\w+|"
               r"analysts?|аналитик\w*|аналітик\w*|" + _SERVICEMAN)
# A speaking group a side adjective names: "Russian milbloggers", "украинская сторона",
# "a spokesperson for a Ukrainian brigade".
# a title, then up to four words, then the side it serves: "представитель ВМС Украины",
# "речник Сил оборони півдня України", "командующий группировкой войск России"
_TITLE = (r"представител\w*|представник\w*|спикер\w*|речни[кц]\w*|пресс-секретар\w*|прес-секретар\w*|пресс-служб\w+|"
          r"прес-служб\w+|командир\w*|командующ\w*|командувач\w*|главнокомандующ\w*|головнокомандувач\w*|начальник\w*|"
          r"офицер\w*|офіцер\w*")
_SERVES = r"Украин\w+|Україн\w+|ВСУ|ЗСУ|Сил\w* оборон\w+|Росси\w+|Росі\w+|РФ|ВС РФ"
SIDED_GROUP = re.compile(rf"(?<!\w)(?:(?:{_SIDE_ADJ})\s+(?:{_GROUP_NOUN})|(?:spokes(?:man|woman|person)|representative|commander|officer)"
                         rf"\s+(?:for|of|with)\s+(?:(?:a|an|the)\s+)?(?:{_SIDE_ADJ})\s+\w+|"
                         rf"(?:{_TITLE})\s+(?:[\w«»\"-]+\s+){{0,4}}?(?:{_SERVES}))(?!\w)", re.I)
# A numbered unit as speaker: "the 425th Separate Assault Regiment", "65-й окремій механізованій бригаді".
UNIT_CLAIMANT = re.compile(r"(?<!\w)(?:(?:Ukrainian|Russian|Ukraine['’]s|Russia['’]s|українськ\w+|российск\w+|украинск\w+|російськ\w+)\s+)?"
                           r"\d{1,3}(?:st|nd|rd|th|-?(?:й|я|ї|ої|ой|ая|ий|го|ому|ій|ым|им))?\s+(?:[\w-]+\s+){0,4}?"
                           r"(?:Regiment|Brigade|Battalion|Corps|Division|полк\w*|бригад\w+|батальйон\w*|батальон\w*|"
                           r"корпус\w*|дивізі\w+|дивизи\w+|"
                           r"(?-i:О[А-ЯІЇЄҐ]{0,3}Бр\w*|о[а-яіїєґ]{0,3}бр))(?!\w)", re.I)  # "14 ОМБр", "155 ОМБр", "200 омсбр"
# Ukraine names its units "separate" (окрема); "Guards", "motor rifle" are Russian army names.
_UA_UNIT = re.compile(r"(?<!\w)(?:separate|окрем\w+|отдельн\w+|Azov|Азов\w*)(?!\w)", re.I)
_RU_UNIT = re.compile(r"(?<!\w)(?:guards|motor[- ]rifle|гвард\w+|мотострелк\w+|мотострілец\w+|ВДВ)(?!\w)", re.I)


def unit_side(phrase: str, sentence: str) -> Side:
    """The side of a unit that speaks: its side adjective or naming custom; in Ukrainian
    text Ukraine; else the one side a sentence's actors belong to, else the side whose
    language names it, else other."""
    if any(p.search(phrase) for side, p in SIDE_WORDS):
        return next(side for side, p in SIDE_WORDS if p.search(phrase))
    if _UA_UNIT.search(phrase) or _RU_UNIT.search(phrase):
        return Side.UA if _UA_UNIT.search(phrase) else Side.RU
    if _UKRAINIAN_WORD.search(sentence):  # Ukrainian text names its own units unmarked, whoever else it names
        return Side.UA
    sides = {side for side, p in SIDE_WORDS if p.search(sentence)}
    if len(sides) == 1:
        return sides.pop()
    # Unmarked, a unit is the outlet's own side: Russian words name a Russian unit; an
    # English name says nothing.
    return Side.RU if has_cyrillic(phrase) else Side.OTHER


_UKRAINIAN_WORD = re.compile(r"[іїєґІЇЄҐ]")


# the Russian state a title serves: "пресс-служба Минобороны РФ", "представитель ВС России"
_RUSSIA = re.compile(r"(?<!\w)(?:Росси\w+|Росі\w+|РФ)(?!\w)")
_RU_ADJ = re.compile(r"(?<!\w)(?:pro-)?Russia|(?<!\w)(?:про)?(?:российск|русск|російськ)|пророссийск|проросійськ", re.I)


def side_of(phrase: str) -> Side:
    """The side a sided group belongs to: "pro-Ukrainian bloggers" UA, "российская сторона" RU."""
    return Side.RU if _RU_ADJ.search(phrase) or _RUSSIA.search(phrase) else Side.UA


# Quotations, blanked where only the outlet's own words count.
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
# The outlet's own words that take a side.
VOICE_MARKERS = [
    (Side.UA, folding.Folded(re.compile(r"(?<!\w)(?:occupiers?|invaders|orcs|rashists?|окупант\w*|загарбник\w*|рашист\w*|"
                                        r"оккупант\w*)(?!\w)", re.I))),
    (Side.RU, folding.Folded(re.compile(r"(?<!\w)(?:khokhol\w*|хохл\w*|укроп\w*|ВФУ|neo-?Nazis?|неонацист\w*|киевск\w+ режим\w*|"
                                        r"Kyiv regime)(?!\w)|🇷🇺", re.I))),
]
# First person of the writer: "our units", "remains ours", "наші позиції".
FIRST_PERSON = re.compile(r"(?<!\w)(?:our|ours|we|наш\w*|мы|ми)(?!\w)", re.I)
# A heading "General Staff: operational update" or "... – Joint Forces group".
HEADER_COLON = re.compile(r"^[^\w]*:")
# "DeepState UA — дописи за 5 червня", "Генштаб — зведення": a heading that opens with its author
HEADER_AUTHOR_DASH = re.compile(r"^(?:\s+\w{1,3})?\s+[—–|]\s")  # "DeepState UA — ...", "DeepState | Стрічка за ..."
# "14 ОМБр імені князя Романа Великого | офіційний канал": a channel's heading names its author
HEADER_CHANNEL = re.compile(r"^[^|—–]{0,60}[|—–]\s*(?:official |офіційний |официальный )?(?:telegram[- ]|телеграм[- ])?"
                            r"(?:канал|channel)(?!\w)", re.I)
HEADER_DASH = re.compile(r"\s[-–—]\s*$|,\s*[-–—]\s*$")
HEADER_TAIL = re.compile(r"^[\w'’ʼ -]{0,30}$")
# A report heading that names its author: "Сводка Министерства обороны ...", "Summary of the General Staff"
_REPORT = (r"^\W*(?:сводка|зведення|summary|briefing|bulletin|update|оперативна інформація|оперативная информация|"
           r"(?:official )?(?:telegram|телеграм)?[- ]?(?:канал|channel))")  # "Telegram-канал 13-ї бригади, 14 червня"
REPORT_HEADING = re.compile(_REPORT + r"(?:\s+(?:of|from|by|the))*\s*$", re.I)
# An opening sentence that is such a heading, long as it may be
REPORT_OPENING = re.compile(_REPORT + r"\b", re.I)
