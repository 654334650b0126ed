"""Date phrases resolved against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction import dates, folding
from geo.extraction.dates import after, find_dates, parse_date

FRIDAY = dt.date(2025, 11, 21)
THURSDAY = dt.date(2025, 11, 20)


def first(text: str, base: dt.date = FRIDAY):
    found = find_dates(text, base)
    assert found, text
    return found[0].start, found[0].until


@pytest.mark.parametrize("text, expected", [
    ("Gerasimov said on Thursday", dt.date(2025, 11, 20)),
    ("said Thursday.", dt.date(2025, 11, 20)),
    ("on Friday", FRIDAY),  # the paper's own day, not a week earlier
    ("on Saturday", dt.date(2025, 11, 15)),
    ("в четверг", dt.date(2025, 11, 20)),
    ("у четвер", dt.date(2025, 11, 20)),
    ("у вівторок", dt.date(2025, 11, 18)),
    ("20 ноября", dt.date(2025, 11, 20)),
    ("20 листопада", dt.date(2025, 11, 20)),
    ("25 ноября", dt.date(2024, 11, 25)),
    ("on November 20, 2025, after", dt.date(2025, 11, 20)),
    ("Nov. 20", dt.date(2025, 11, 20)),
    ("20.11.2025", dt.date(2025, 11, 20)),
    ("2025-11-20", dt.date(2025, 11, 20)),
    ("yesterday", dt.date(2025, 11, 20)),
    ("вчора", dt.date(2025, 11, 20)),
    ("on the first day of the 2022 invasion", dt.date(2022, 2, 24)),
])
def test_point_dates(text, expected):
    assert first(text) == (expected, None)


@pytest.mark.parametrize("text, start, until", [
    ("from February to September 2022", dt.date(2022, 2, 1), dt.date(2022, 9, 30)),
    ("с февраля по сентябрь 2022 года", dt.date(2022, 2, 1), dt.date(2022, 9, 30)),
    ("since the beginning of November", dt.date(2025, 11, 1), FRIDAY),
    ("с начала ноября", dt.date(2025, 11, 1), FRIDAY),
    ("з початку листопада", dt.date(2025, 11, 1), FRIDAY),
    ("in late 2022", dt.date(2022, 9, 1), dt.date(2022, 12, 31)),
    ("mid-November", dt.date(2025, 11, 11), dt.date(2025, 11, 20)),
])
def test_periods(text, start, until):
    assert first(text) == (start, until)


def test_month_takes_the_year_written_in_the_same_sentence():
    assert first("Kyiv retook it in September, months after the 2022 invasion began")[0] == dt.date(2022, 9, 1)


def test_month_without_year_is_the_latest_before_publication():
    assert first("in December", FRIDAY)[0] == dt.date(2024, 12, 1)


def test_positions_and_order():
    text = "On Thursday Gerasimov spoke; on 12 October he had said the same."
    found = find_dates(text, FRIDAY)
    assert [(text[d.begin:d.end].strip(), d.start) for d in found] == [
        ("On Thursday", THURSDAY), ("12 October", dt.date(2025, 10, 12))]


def test_no_false_dates():
    assert find_dates("ВС РФ and May said the bridge is out", FRIDAY) == []


@pytest.mark.parametrize("text, expected", [
    ("2025-11-20T14:30:00+02:00"[:10], dt.date(2025, 11, 20)),
    ("November 21, 2025", FRIDAY),
    ("21/11/2025", FRIDAY),
    ("21 листопада 2025", FRIDAY),
    ("not a date", None),
    ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_weekday_with_its_date_is_that_date():
    spans = find_dates("У вівторок, 3 червня, про це повідомив речник", dt.date(2025, 6, 5))
    assert [(s.start, s.until) for s in spans] == [(dt.date(2025, 6, 3), None)]


def test_same_day_is_the_previous_date():
    spans = after(find_dates("It rejected the claim the same day.", dt.date(2025, 6, 5)), dt.date(2025, 6, 2))
    assert [s.start for s in spans] == [dt.date(2025, 6, 2)]


def test_ordinal_before_a_unit_is_no_month():
    assert [s.start for s in find_dates("the 22nd Separate Brigade said on Friday", dt.date(2025, 6, 5))] == [dt.date(2025, 5, 30)]


@pytest.mark.parametrize("text", [
    "On Thursday, September 1, 2022 and from February to September 2022, since the beginning of November.",
    "В ПОНЕДЕЛЬНИК, 1 СЕНТЯБРЯ, и 20 ноября; з лютого по вересень 2022 року, наступного дня.",
    "ſ у четвер, 14.03.2024 — İstanbul, the same day",  # not lowered: the plain patterns
])
def test_the_folded_date_patterns_find_what_the_patterns_find(text):
    low = folding.lowered(text)
    for (name, pattern), (_, folded) in zip(dates._PATTERNS, dates._FOLDED):
        assert [m.span() for m in folded.finditer(text, low)] == [m.span() for m in pattern.finditer(text)], name


@pytest.mark.parametrize("text", [
    "On Thursday, September 1, 2022 and from February to September 2022, since the beginning of November.",
    "В ПОНЕДЕЛЬНИК, 1 СЕНТЯБРЯ, и 20 ноября; з лютого по вересень 2022 року, наступного дня.",
    "ſ у четвер, 14.03.2024 — İstanbul, the same day",  # not lowered: the plain patterns
    "у п’ятницю, 3 червня 2025; 2025-06-03, mid-November, in late 2022, с начала марта",
    "BridgeMarch 5 and Nov. 20, 2024: on Monday, March 3; в середу; since May",
    "вчера, на следующий день, в тот же день, с начала СВО, the first days of the war",
])
def test_a_pattern_is_spared_only_where_the_probes_say_it_cannot_match(text):
    tried = {name for name, _ in dates._TRIED[dates._holds(text, folding.lowered(text))]}
    assert {name for name, pattern in dates._PATTERNS if pattern.search(text)} <= tried


def test_probes_find_nothing_in_a_sentence_without_dates():
    text = "Russian forces advanced near the village of Synkivka, the ministry said."
    assert dates._holds(text, folding.lowered(text)) == (False, False, False)
    assert [name for name, _ in dates._TRIED[(False, False, False)]] == ["invasion", "same", "next", "relative"]
