"""Date phrases in news text, resolved against the publication date.

The phrases are found here with patterns ("on Thursday", "20 ноября", "since the
beginning of November", "from February to September 2022"); free-form metadata dates go
through dateparser with the languages passed (see notes §8: ``search_dates`` is noisy and
"у четвер" or "the beginning of November" parse to nothing).
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import itertools
import re

from geo.extraction import folding, memo

# month stems: English, Russian (nominative and genitive), Ukrainian (nominative and genitive)
_MONTHS = [
    ("jan", "январ", "січ"), ("feb", "феврал", "лют"), ("mar", "март", "берез"), ("apr", "апрел", "квіт"),
    ("may", "ма[йя]", "трав"), ("jun", "июн", "черв"), ("jul", "июл", "лип"), ("aug", "август", "серп"),
    ("sep", "сентябр", "верес"), ("oct", "октябр", "жовт"), ("nov", "ноябр", "листопад"), ("dec", "декабр", "груд"),
]
_MONTH_WORD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|"
               r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]\w*|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|"
               r"ноябр\w*|декабр\w*|січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|серп\w*|верес\w*|"
               r"жовт\w*|листопад\w*|груд\w*)(?!\w)")  # "14th Separate Brigade" holds no September
_WEEKDAYS = [
    r"monday|понедельник\w*|понеділ\w+", r"tuesday|вторник\w*|вівтор\w+", r"wednesday|сред[аыу]|серед[аиу]",
    r"thursday|четверг\w*|четвер\w*", r"friday|пятниц\w+|п['’ʼ]ятниц\w+", r"saturday|суббот\w+|субот\w+",
    r"sunday|воскресень\w+|неділ\w+",
]
_YEAR = r"(?:19|20)\d\d"
_PART = r"(?P<part>early|mid|late|the (?:beginning|start|middle|end) of|начал\w+|середин\w+|конц\w+|кін\w+|початк\w+)"

_PATTERNS = [
    ("range", re.compile(rf"(?:from|between|с|со|з|із|від)\s+(?P<m1>{_MONTH_WORD})(?:\s+(?P<y1>{_YEAR}))?\s+(?:to|until|and|по|до)\s+"
                         rf"(?P<m2>{_MONTH_WORD})(?:\s+(?P<y2>{_YEAR}))?", re.I)),
    ("invasion", re.compile(r"(?:first days?|early stages|start|beginning|outset|first weeks?) of the (?:2022 )?(?:full-scale )?"
                            r"(?:invasion|war|conflict)|начал\w+ (?:СВО|специальной военной операции|полномасштабного вторжения)|"
                            r"початк\w+ (?:повномасштабного вторгнення|великої війни)", re.I)),
    ("iso", re.compile(rf"(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)")),
    ("numeric", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>{_YEAR})")),
    # "в понеділок, 1 вересня", "on Monday, September 1": the date the weekday stands for
    ("weekday_dmy", re.compile(rf"(?<!\w)(?:on |в |во |у )?(?:{'|'.join(_WEEKDAYS)}),?\s+(?P<d>\d{{1,2}})\s+(?P<mw>{_MONTH_WORD})"
                               rf"(?:,?\s+(?P<y>{_YEAR}))?", re.I)),
    ("weekday_mdy", re.compile(rf"(?<!\w)(?:on )?(?:{'|'.join(_WEEKDAYS)}),?\s+(?P<mw>{_MONTH_WORD})\s+(?P<d>\d{{1,2}})(?!\d)"
                               rf"(?:,?\s+(?P<y>{_YEAR}))?", re.I)),
    ("dmy", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_MONTH_WORD})(?:,?\s+(?P<y>{_YEAR}))?", re.I)),
    ("mdy", re.compile(rf"(?P<mw>{_MONTH_WORD})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>{_YEAR}))?", re.I)),
    ("since", re.compile(rf"(?:since|с|з)\s+(?:{_PART}\s+)?(?P<mw>{_MONTH_WORD})(?:\s+(?P<y>{_YEAR}))?", re.I)),
    ("part", re.compile(rf"(?:in\s+|в\s+|у\s+)?{_PART}[\s-]+(?:(?P<mw>{_MONTH_WORD})|(?P<y>{_YEAR}))(?:\s+(?P<y2>{_YEAR}))?", re.I)),
    ("month", re.compile(rf"(?:in|в|у)\s+(?P<mw>{_MONTH_WORD})(?:\s+(?P<y>{_YEAR}))?(?!\w)", re.I)),
    ("weekday", re.compile(r"(?<!\w)(?:on |last |в |во |у |в ночь на )?(?P<wd>" + "|".join(_WEEKDAYS) + r")(?!\w)", re.I)),
    ("same", re.compile(r"(?<!\w)(?:(?:on |later )?the same day|later that day|в тот же день|того же дня|того ж дня|"
                        r"в той самий день|тього ж дня)(?!\w)", re.I)),
    ("next", re.compile(r"(?<!\w)(?:the (?:following|next) day|a day later|the day after|на следующий день|дн[её]м позже|"
                        r"наступного дня|через день|днем пізніше|наступного ранку|на следующее утро)(?!\w)", re.I)),
    ("relative", re.compile(r"(?<!\w)(?P<rel>yesterday|today|this morning|overnight|the day before|вчера|сегодня|вчора|сьогодні|"
                            r"минулої ночі|этой ночью|накануне|напередодні)(?!\w)", re.I)),
]
# the same patterns searched through their folded supersets (see :mod:`folding`): the same matches, faster
_FOLDED = [(name, folding.Folded(pattern)) for name, pattern in _PATTERNS]
# What every match of a pattern holds, as a test of what :func:`_holds` finds in the whole text:
# a month name, a weekday, a digit. Most sentences hold none of them, so three cheap searches
# spare most patterns the search of their own; a pattern not listed is tried on every text.
_NEEDS = {
    "range": lambda month, weekday, digit: month,
    "iso": lambda month, weekday, digit: digit,
    "numeric": lambda month, weekday, digit: digit,
    "weekday_dmy": lambda month, weekday, digit: month and weekday and digit,
    "weekday_mdy": lambda month, weekday, digit: month and weekday and digit,
    "dmy": lambda month, weekday, digit: month and digit,
    "mdy": lambda month, weekday, digit: month and digit,
    "since": lambda month, weekday, digit: month,
    "part": lambda month, weekday, digit: month or digit,  # a month or a year
    "month": lambda month, weekday, digit: month,
    "weekday": lambda month, weekday, digit: weekday,
}
# the patterns tried on a text, by what :func:`_holds` finds in it
_TRIED = {holds: [(name, folded) for name, folded in _FOLDED if name not in _NEEDS or _NEEDS[name](*holds)]
          for holds in itertools.product((False, True), repeat=3)}
_MONTH_PROBE = folding.Folded(re.compile(_MONTH_WORD, re.I))
# every pattern has a weekday after a word start ("on " or not) and before a non-word character
_WEEKDAY_PROBE = folding.Folded(re.compile(rf"(?<!\w)(?:{'|'.join(_WEEKDAYS)})(?!\w)", re.I))
_DIGIT = re.compile(r"\d")
_MONTH_RE = [re.compile(rf"^(?:{en}|{ru}|{uk})", re.I) for en, ru, uk in _MONTHS]
_WEEKDAY_RE = [re.compile(rf"^(?:{w})$", re.I) for w in _WEEKDAYS]
_START_OF_INVASION = dt.date(2022, 2, 24)


@dataclasses.dataclass(frozen=True, slots=True)
class DateSpan:
    """A resolved date phrase: ``start`` (and ``until`` for a period) at ``begin:end`` of the text."""

    start: dt.date
    until: dt.date | None
    begin: int
    end: int
    follows: bool = False  # "the following day": the day after the previous date of the article, see :func:`after`
    shift: int = 1  # days after that previous date: 0 for "the same day"


def after(spans: list[DateSpan], previous: dt.date | None) -> list[DateSpan]:
    """``spans`` with "the next day" set to the day after ``previous``; dropped without one."""
    return [dataclasses.replace(d, start=previous + dt.timedelta(days=d.shift), follows=False) if d.follows else d
            for d in spans if not d.follows or previous is not None]


def find_dates(text: str, base: dt.date) -> list[DateSpan]:
    """Every date phrase of ``text`` resolved against ``base``; see :func:`_find_dates`."""
    return list(_find_dates(text, base))


@memo.per_article(maxsize=1024)
def _find_dates(text: str, base: dt.date) -> tuple[DateSpan, ...]:
    """Every date phrase of ``text`` resolved against ``base`` (the publication date), in order.

    A month or a weekday without a year is the latest one on or before ``base``; a month
    without a year takes the year written elsewhere in the same text ("in September ...
    the 2022 invasion").
    """
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []
    low = folding.lowered(text)
    holds = _holds(text, low)
    years = [int(y) for y in re.findall(rf"(?<!\d)({_YEAR})(?!\d)", text)] if holds[2] else []
    context_year = years[0] if years and all(y == years[0] for y in years) else None
    for name, pattern in _TRIED[holds]:
        for m in pattern.finditer(text, low):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            span = (base, None) if name in ("next", "same") else _resolve(name, m, base, context_year)
            if span is not None:
                found.append(DateSpan(span[0], span[1], m.start(), m.end(), follows=name in ("next", "same"),
                                      shift=0 if name == "same" else 1))
                taken.append((m.start(), m.end()))
    return tuple(sorted(found, key=lambda d: d.begin))


def _holds(text: str, low: str | None) -> tuple[bool, bool, bool]:
    """Whether ``text`` holds a month name, a weekday and a digit (the tests of :data:`_NEEDS`);
    ``low`` is :func:`folding.lowered` ``text``."""
    return (_MONTH_PROBE.search(text, low) is not None, _WEEKDAY_PROBE.search(text, low) is not None,
            _DIGIT.search(text) is not None)


def _resolve(name: str, m: re.Match, base: dt.date, context_year: int | None):
    groups = m.groupdict()
    try:
        if name == "range":
            y2 = int(groups["y2"] or groups["y1"] or context_year or base.year)
            y1 = int(groups["y1"] or y2)
            start = dt.date(y1, _month(groups["m1"]), 1)
            m2 = _month(groups["m2"])
            return start, dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
        if name == "invasion":
            return _START_OF_INVASION, None
        if name in ("iso", "numeric"):
            return dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"])), None
        if name in ("dmy", "mdy", "weekday_dmy", "weekday_mdy"):
            return _day_of_month(_month(groups["mw"]), int(groups["d"]), groups["y"], base), None
        if name in ("since", "month", "part"):
            return _month_or_part(groups, base, context_year, since=name == "since")
        if name == "weekday":
            return _weekday(groups["wd"], base), None
        return _relative(groups["rel"].casefold(), base), None
    except ValueError:
        return None


def _month(word: str) -> int:
    for number, pattern in enumerate(_MONTH_RE, start=1):
        if pattern.match(word):
            return number
    raise ValueError(word)


def _day_of_month(month: int, day: int, year: str | None, base: dt.date) -> dt.date:
    if year:
        return dt.date(int(year), month, day)
    guess = dt.date(base.year, month, day)
    return guess if guess <= base else dt.date(base.year - 1, month, day)


def _month_or_part(groups: dict, base: dt.date, context_year: int | None, *, since: bool):
    """"in September", "since the beginning of November", "late 2022", "mid-November"."""
    part = (groups.get("part") or "").casefold()
    if groups.get("mw") is None:
        year = int(groups["y"])
        first, last = {"e": (1, 4), "m": (5, 8), "l": (9, 12)}.get(_part_key(part), (1, 12))
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    month = _month(groups["mw"])
    year = int(groups.get("y") or groups.get("y2") or context_year or 0) or (
        base.year if month <= base.month else base.year - 1)
    days = calendar.monthrange(year, month)[1]
    first, last = {"e": (1, 10), "m": (11, 20), "l": (21, days)}.get(_part_key(part), (1, days))
    if since:
        return dt.date(year, month, first), base
    if part:
        return dt.date(year, month, first), dt.date(year, month, last)
    return dt.date(year, month, 1), None


def _part_key(part: str) -> str:
    if part.startswith(("early", "the beginning", "the start", "начал", "початк")):
        return "e"
    if part.startswith(("mid", "the middle", "середин")):
        return "m"
    if part.startswith(("late", "the end", "конц", "кін")):
        return "l"
    return ""


def _weekday(word: str, base: dt.date) -> dt.date:
    """The latest such weekday on or before ``base``: "on Thursday" in Thursday's paper is that day."""
    for number, pattern in enumerate(_WEEKDAY_RE):
        if pattern.match(word):
            return base - dt.timedelta(days=(base.weekday() - number) % 7)
    raise ValueError(word)


def _relative(word: str, base: dt.date) -> dt.date:
    if word in ("yesterday", "вчера", "вчора", "the day before", "накануне", "напередодні"):
        return base - dt.timedelta(days=1)
    return base


@functools.lru_cache(maxsize=256)
def parse_date(text: str, languages: tuple[str, ...] = ("en", "ru", "uk")) -> dt.date | None:
    """A free-form date string (metadata, a dateline) as a date, or None when it is not one."""
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    spans = find_dates(text, dt.date.max)
    if spans and spans[0].until is None and spans[0].end - spans[0].begin >= len(text) - 2:
        return spans[0].start
    import dateparser

    parsed = dateparser.parse(text, languages=list(languages),
                              settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None
