"""Shortcuts of the non-place tests tell what the searches they stand for tell."""
import re
from pathlib import Path

from geo.extraction import nonplaces

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


def test_a_verb_of_saying_before_a_name_is_told_from_the_last_word_as_by_a_search():
    search = re.compile(rf"(?<!\w){nonplaces._SAYS},?\s+$", re.I)
    texts = [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))]
    windows = [text[max(0, m.start() - 20):m.start()] for text in texts for m in re.finditer(r"\b[A-ZА-ЯЁІЇЄҐ]", text)]
    windows += ["said ,  ", "said \n,  ", "said\n", "unsaid ", "Said, ", "сказав  ", " told,\n", "xx_said ", "said", "", " ", "SAID,, "]
    found = [nonplaces._says_before(window) for window in windows]
    assert found == [search.search(window) is not None for window in windows]
    assert sum(found) >= 8
