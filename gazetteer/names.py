"""Name keys and generated spellings: the one place that decides when two names are equal.

Three layers, from strict to loose:

- :func:`key`: case-folded, Latin accents and apostrophes removed, hyphens and spaces unified
  ("Kup'jans'k" and "Kupjansk" share it, "Куп’янськ" and "Куп'янськ" too);
- :func:`latin`: the key with Cyrillic spelled in one plain Latin table, so that Russian,
  Ukrainian and Latin spellings can be compared by edit distance;
- :func:`skeleton`: consonant classes only, vowels dropped, which collapses the systematic
  Russian/Ukrainian correspondences (Glushkovka = Hlushkivka, Kovsharovka = Kivsharivka).
"""
from __future__ import annotations

import functools
import re
import unicodedata

import iuliia
import translitua

# Quote-like marks that romanisations and sources use for the Ukrainian apostrophe or soft sign.
_APOSTROPHES = "'’ʼ`\"‘´ʹ′”“«»"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/()]+")
_MARKS = re.compile(r"[\u0300-\u036f]")
_KEY_TABLE = str.maketrans({**{c: None for c in _APOSTROPHES}, "ё": "е", "ґ": "г",
                            "ł": "l", "ø": "o", "ß": "ss", "ı": "i"})
# Translating with a table costs a dict look-up per character; most names need none of it.
_KEY_CHARS = re.compile(f"[{re.escape(_APOSTROPHES)}ёґłøßı]")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ'’ʼ]", re.IGNORECASE)
_RUSSIAN_LETTERS = re.compile(r"[ыэъё]", re.IGNORECASE)

_LATIN_TABLE = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "", "ы": "y",
    "э": "e", "ю": "iu", "я": "ia",
})

# Consonant classes for the skeleton, longest spelling first. Sibilants and affricates share
# one class because the romanisations disagree on them (zh, z, sh, sch, s, ts, cz, c, j).
_SKELETON_UNITS = re.compile(r"shch|szcz|tsch|sch|tch|sh|sz|zh|ch|cz|kh|ts|tz|ck|th|ph|[a-z]")
_SKELETON_CLASS = {
    "shch": "S", "szcz": "S", "tsch": "S", "sch": "S", "tch": "S", "sh": "S", "sz": "S",
    "zh": "S", "ch": "S", "cz": "S", "ts": "S", "tz": "S", "s": "S", "z": "S", "c": "S",
    "kh": "K", "ck": "K", "k": "K", "g": "K", "h": "K", "x": "K", "q": "K",
    "th": "T", "t": "T", "d": "D", "ph": "F", "f": "F", "v": "V", "w": "V",
    "b": "B", "p": "P", "m": "M", "n": "N", "l": "L", "r": "R",
}
SKELETON_CLASSES = "".join(sorted(set(_SKELETON_CLASS.values())))
# Vowel classes of loose spellings: Russian and Ukrainian (and their romanisations) spell the
# vowels of one village differently, unstressed о/а (Работино/Роботине), е/і (Клещеевка/
# Кліщіївка), и/і/ы, е/є/э, й/j/y, but keep its consonants.
_VOWEL_CLASS = {"a": "a", "o": "a", "e": "i", "i": "i", "y": "i", "j": "i", "u": "u"}
_VOWEL_CLASSES = frozenset(_VOWEL_CLASS.values())
LOOSE_STEP = 0.02    # cost of a vowel spelt otherwise within its class
LOOSE_ENDING = 0.05  # cost of another word ending (a case, or -е/-о)

UKRAINIAN_TABLES = (
    translitua.UkrainianKMU, translitua.UkrainianBritish, translitua.UkrainianBGN,
    translitua.UkrainianGerman, translitua.UkrainianFrench, translitua.UkrainianSimple,
    translitua.UkrainianPassport2007, translitua.UkrainianISO9, translitua.UkrainianWWS,
    translitua.UkrainianGOST1986,
)
# Russian names are spelt as the press spells them: iuliia's schemes with context rules
# (Wikipedia's press form and BGN/PCGN: -oye, -yevka), and translitua's informal (telegram) and
# passport tables, which are letter tables and six times faster. The scientific, MVD and GOST
# schemes only added spellings nobody writes (Xruscevka); loose matching meets their vowels.
RUSSIAN_SCHEMES = ("wikipedia", "bgn_pcgn")
RUSSIAN_TABLES = (translitua.RussianTelegram, translitua.RussianInternationalPassport1997)

# Ukrainian → Russian spelling correspondences for generated Russian forms, applied per word.
_RU_WORD_RULES = (
    (re.compile(r"^ву(?=[бвгджзклмнпрстфхцчшщ])"), "у"),  # Вугледар → Угледар, Вузловий → Узловий
    (re.compile(r"^(верх|ниж)ньо(?=.)"), r"\1не"), (re.compile(r"^середньо(?=.)"), "средне"),  # Верхньо- → Верхне-
    (re.compile(r"ії"), "ее"),                  # Авдіївка → Авдеевка
    (re.compile(r"ськ|зьк"), "ск"), (re.compile(r"цьк"), "цк"),
    (re.compile(r"ів(?=(ка|ки|ці|ку|ськ|ск|$))"), "ов"),  # Глушківка → Глушковка, Часів → Часов
    (re.compile(r"ове$"), "ово"), (re.compile(r"еве$"), "ево"), (re.compile(r"ине$"), "ино"),
    (re.compile(r"(?<=[сц]к)е$"), "ое"), (re.compile(r"не$"), "ное"),
    (re.compile(r"(?<=[сц]к)а$"), "ая"),
    (re.compile(r"овий$"), "овой"), (re.compile(r"ий$"), "ый"),
)
# A Ukrainian doubled consonant before і or final я is often Russian consonant + ь, and the і
# before a final doubled consonant Russian е: Іллінка/Ильинка, Заріччя/Заречье, Запоріжжя/Запорожье.
_GEMINATE_RULES = (
    (re.compile(r"и([бвгджзклмнпрстфхцчшщ])\1я$"), r"е\1ье"),
    (re.compile(r"([бвгджзклмнпрстфхцчшщ])\1я$"), r"\1ье"),
    (re.compile(r"([бвгджзклмнпрстфхцчшщ])\1и"), r"\1ьи"),
)
_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": None})
_I_TO_O = str.maketrans({"і": "о"})
_APOSTROPHE_YA = re.compile(r"[’'ʼ]я")
_APOSTROPHE_YI = ((re.compile(r"[’'ʼ]ї(?=вк)"), "ье"), (re.compile(r"[’'ʼ]ї"), "ьи"))
_WORD_BOUNDARY = re.compile(r"\b")


@functools.lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The normalised matching key of a name: ``"Kup’jans’k-Vuzlovyj"`` → ``"kupjansk vuzlovyj"``.

    Cached: text scanning looks the same words up again and again.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        # й and ї decompose into и/і plus a mark; they are letters of their own, so protect them.
        protected = folded.replace("й", "\x01").replace("ї", "\x02")
        if not unicodedata.is_normalized("NFD", protected) or _MARKS.search(protected):
            protected = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", protected)))
            folded = protected.replace("\x01", "й").replace("\x02", "ї")
    if _KEY_CHARS.search(folded):
        folded = folded.translate(_KEY_TABLE)
    return _SEPARATORS.sub(" ", folded).strip()


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` contains any Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def looks_ukrainian(text: str) -> bool:
    """A Cyrillic name with a letter only Ukrainian uses (і ї є ґ, the apostrophe)."""
    return _UKRAINIAN_LETTERS.search(text) is not None


def has_russian_letters(text: str) -> bool:
    """Whether ``text`` has a letter only Russian uses (ы э ъ ё)."""
    return _RUSSIAN_LETTERS.search(text) is not None


def looks_russian(text: str) -> bool:
    """A Cyrillic name with no Ukrainian-only letter (ы э ъ ё make it certain)."""
    return has_cyrillic(text) and (has_russian_letters(text) or not looks_ukrainian(text))


@functools.lru_cache(maxsize=65536)
def latin(name_key: str) -> str:
    """A key spelled in plain Latin, Cyrillic through one simple table."""
    return name_key.translate(_LATIN_TABLE) if has_cyrillic(name_key) else name_key


def skeleton(latin_key: str) -> str:
    """Consonant classes of a Latin key, vowels and glides dropped, repeats collapsed."""
    out: list[str] = []
    for unit in _SKELETON_UNITS.findall(latin_key):
        cls = _SKELETON_CLASS.get(unit)
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


Unit = tuple[str, str]                              # (class, spelling)
LooseWord = tuple[tuple[Unit, ...], Unit | None]    # the units but a final vowel, the final vowel
LooseForm = tuple[str, str, tuple[LooseWord, ...]]  # (label, skeleton, words)


@functools.lru_cache(maxsize=65536)
def loose_form(latin_key: str) -> LooseForm:
    """A Latin key as classes of units, for spellings that differ only within them.

    Units are consonants as in :func:`skeleton` and vowels in three classes (a o; e i y j; u),
    a run of one class being one unit; the label is the classes of each word but its final
    vowel, which case endings and the -е/-о of neuter names change. The key's
    :func:`skeleton` comes along: spellings of one label share it.
    """
    words: list[LooseWord] = []
    for word in latin_key.split(" "):
        units: list[Unit] = []
        for unit in _SKELETON_UNITS.findall(word):
            cls = _SKELETON_CLASS.get(unit) or _VOWEL_CLASS[unit]
            if units and units[-1][0] == cls:
                units[-1] = (cls, units[-1][1] + unit)
            else:
                units.append((cls, unit))
        ending = units.pop() if units and units[-1][0] in _VOWEL_CLASSES else None
        words.append((tuple(units), ending))
    return " ".join("".join(cls for cls, _ in core) for core, _ in words), skeleton(latin_key), tuple(words)


def loose_cost(query: LooseForm, other: LooseForm, *, endings: bool = True) -> float | None:
    """How far two spellings of one :func:`loose_form` label are apart: a small step for each
    vowel spelt otherwise within its class (Работино/Роботино, Клещеевка/Клищеевка), more for
    another ending when ``endings`` (inflected text); ``None`` when the labels differ or a
    consonant is spelt otherwise (the romanisations of a name are indexed; Since is not Зінці)."""
    if query[0] != other[0]:
        return None
    cost = 0.0
    for (q_core, q_end), (o_core, o_end) in zip(query[2], other[2]):
        for q, o in zip(q_core, o_core):
            if q != o:
                if q[0] not in _VOWEL_CLASSES:
                    return None
                cost += LOOSE_STEP
        if q_end != o_end:
            if q_end and o_end and q_end[0] == o_end[0]:
                cost += LOOSE_STEP
            elif endings:
                cost += LOOSE_ENDING
            else:
                return None
    return cost


def romanise_ukrainian(name: str) -> set[str]:
    """Spellings of a Ukrainian Cyrillic name in the translitua tables (KMU, German, French…)."""
    return {translitua.translit(name, table) for table in UKRAINIAN_TABLES}


@functools.cache
def _scheme(name: str):
    return iuliia.schemas.get(name)


def romanise_russian(name: str) -> set[str]:
    """Spellings of a Russian Cyrillic name (Wikipedia's press form, BGN/PCGN, informal, passport)."""
    # iuliia spells word by word (split at word boundaries), and words recur across names.
    words = [_russian_word(w) for w in _WORD_BOUNDARY.split(name) if w]
    spellings = {"".join(spelt[n] for spelt in words) for n in range(len(RUSSIAN_SCHEMES))}
    spellings.update(translitua.translit(name, table) for table in RUSSIAN_TABLES)
    return spellings


@functools.lru_cache(maxsize=65536)
def _russian_word(word: str) -> tuple[str, ...]:
    return tuple(_scheme(s).translate(word) for s in RUSSIAN_SCHEMES)


@functools.lru_cache(maxsize=32768)
def russian_forms(name_uk: str) -> tuple[str, ...]:
    """Russian-style Cyrillic forms of a Ukrainian name (Глушківка → Глушковка).

    Ukrainian і stands for Russian и, о or е; the rules cover the regular cases and a
    second form with every і read as о catches first syllables (Ківшарівка → Ковшаровка).
    The most regular form comes first. Cached: the merge and the index ask for the forms of
    the same names, and 123 villages are called Іванівка.
    """
    forms: dict[str, None] = {}
    # After an apostrophe, Ukrainian я is often Russian е (Кам’янське → Каменское) and ї
    # Russian ьи or ье (Мар’їнка → Марьинка, Дар’ївка → Дарьевка); ії is Russian ее or ие
    # (Авдіївка → Авдеевка, Новогеоргіївка → Новогеоргиевка); зьк after a ж stem is Russian
    # жск (Запорізьке → Запорожское).
    soft_yi = name_uk
    for pattern, repl in _APOSTROPHE_YI:
        soft_yi = pattern.sub(repl, soft_yi)
    spellings = (name_uk, _APOSTROPHE_YA.sub("е", name_uk), soft_yi, name_uk.replace("ії", "ие"),
                 name_uk.replace("зьк", "жськ"))
    for spelling in dict.fromkeys(spellings):
        ruled = []
        for word in key(spelling).split(" "):
            for pattern, repl in _RU_WORD_RULES:
                word = pattern.sub(repl, word)
            ruled.append(word)
        base = " ".join(ruled)
        forms.update(dict.fromkeys((base.translate(_RU_LETTERS), base.translate(_I_TO_O).translate(_RU_LETTERS))))
    for form in list(forms):
        softened = form
        for pattern, repl in _GEMINATE_RULES:
            softened = " ".join(pattern.sub(repl, word) for word in softened.split(" "))
        forms.setdefault(softened)
    return tuple(f for f in forms if f)


# How much a spelling is trusted: a name a source gives, a standard romanisation of it,
# a generated Russian form of a Ukrainian name (Глушківка → Глушковка, Glushkovka).
W_NAME, W_ROMAN, W_CROSS = 1.0, 0.97, 0.9


def spellings(name: str, *, ukrainian: bool = False) -> dict[str, float]:
    """Keys of a name and of its generated spellings, each with its trust weight."""
    out: dict[str, float] = {}

    def add(spelling: str, weight: float) -> None:
        k = key(spelling)
        if k and out.get(k, 0.0) < weight:
            out[k] = weight

    add(name, W_NAME)
    if has_cyrillic(name):
        if ukrainian or looks_ukrainian(name):
            for form in romanise_ukrainian(name):
                add(form, W_ROMAN)
            for form in russian_forms(name):
                add(form, W_CROSS)
                for spelling in romanise_russian(form):
                    add(spelling, W_CROSS)
        if looks_russian(name):
            for spelling in romanise_russian(name):
                add(spelling, W_ROMAN)
    return out
