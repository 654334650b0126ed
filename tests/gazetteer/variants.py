"""The variant-spelling fixture (variants.csv) and how one row is judged; shared by tests and bench."""
from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path

from gazetteer.names import key
from gazetteer.resolve import CONFIDENT

VARIANTS = Path(__file__).with_name("variants.csv")
# Russian forms of small front-line villages, written from knowledge by someone who had not
# looked at the index (columns russian_form, ukrainian_official, oblast).
RUSSIAN_FORMS = Path(__file__).with_name("russian_forms.csv")
# Context points of the seed articles: Kupiansk, the Oskil crossing, Kupiansk-Vuzlovyi.
CONTEXTS = {"kupiansk": ((49.71, 37.616), (49.70, 37.70), (49.65, 37.68))}


@dataclasses.dataclass(frozen=True)
class Variant:
    query: str
    name_uk: str
    admin1: str
    region: str | None
    context: tuple[tuple[float, float], ...]
    expect: str  # "top": the place comes first; "uncertain": no confident answer


def load_variants() -> list[Variant]:
    with VARIANTS.open(encoding="utf-8", newline="") as fh:
        return [Variant(r["query"], r["name_uk"], r["admin1"], r["region"] or None,
                        CONTEXTS.get(r["context"], ()), r["expect"]) for r in csv.DictReader(fh)]


# The oblasts along the front line, whose villages the reporting names.
FRONT_LINE = ("Donetsk", "Luhansk", "Kharkiv", "Zaporizhzhia", "Kherson", "Dnipropetrovsk", "Sumy", "Mykolaiv")


def exact_shares(gazetteer) -> dict[str | None, tuple[int, int]]:
    """Per oblast: the KATOTTG settlements at their own point (precision exact), and all of them."""
    places = gazetteer.index.places
    total, exact = Counter(), Counter()
    for i in range(len(places)):
        if places.source[i].startswith("katottg"):
            total[places.admin1[i]] += 1
            exact[places.admin1[i]] += places.precision[i] == "exact"
    return {oblast: (exact[oblast], n) for oblast, n in total.items()}


def load_russian_forms() -> list[Variant]:
    """The Russian forms as variants that must come first (with the oblast hint, ``region``)."""
    with RUSSIAN_FORMS.open(encoding="utf-8", newline="") as fh:
        return [Variant(r["russian_form"], r["ukrainian_official"], r["oblast"], r["oblast"], (), "top")
                for r in csv.DictReader(fh)]


def is_place(gazetteer, candidate, variant: Variant) -> bool:
    """Whether a candidate is the variant's expected place (Ukrainian name, or any name abroad)."""
    place = gazetteer.get(candidate.id)
    names = {key(n) for n in (candidate.name_uk, candidate.name, *(place.names if place else ()))
             if n}
    return candidate.admin1 == variant.admin1 and key(variant.name_uk) in names


def judge(gazetteer, variant: Variant, candidates) -> bool:
    """Whether the candidates answer the variant as the fixture expects."""
    if variant.expect == "uncertain":
        return not candidates or candidates[0].ambiguous or candidates[0].score < CONFIDENT
    return bool(candidates) and is_place(gazetteer, candidates[0], variant)
