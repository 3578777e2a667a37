"""Words as the engine compares them: lower-cased, Snowball-stemmed, without stop words (the index's full-text
search and the ranking of sentences both read text this way; index/versions.py STEMMER_VERSION names the rules)."""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from panelbot.text.dates import MONTH_NAMES, MONTHS

WORD = re.compile(r"[a-z0-9£%]+(?:[./][a-z0-9]+)*")
# A word as written, kept whole ("co-ordination", "2022/23", "£1.62"), for SQLite's full-text search, which
# splits and stems words its own way
WRITTEN_WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9'’.,/%-]*[A-Za-z0-9%]|[A-Za-z0-9]")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not of off
on once only or other our out over own same she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours us was get got tell say said happen happened back much many
actually actual exactly basically really please anything something anyone someone anybody somebody ever
""".split())   # the last line: words a question leans on that say nothing of its topic


_stemmer = snowballstemmer.stemmer("english")
SAME_WORD = {   # words written several ways, read as one: month abbreviations and a committee's roles
    **{written: MONTH_NAMES[number] for written, number in MONTHS.items() if written != MONTH_NAMES[number]},
    "chairperson": "chair", "chairpersons": "chair", "chairman": "chair", "chairmen": "chair",
    "chairwoman": "chair",   # "who chaired" finds "Edward Leigh (Chairperson)"
    # how people shorten words in a chat message: "when did the govt announce ...". Not "info" or "cllr": the papers
    # say "information" and "Councillor X" so often that each cost an answer in the held-out questions
    "govt": "government", "dept": "department", "approx": "approximately", "mgmt": "management", "yr": "year",
    "yrs": "years",
}


@lru_cache(maxsize=200_000)   # the Snowball stemmer is pure Python; a corpus repeats its words
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: "agreed"/"agree", "effective"/"effect", "policies"/"policy"."""
    word = word.replace("’", "'").removesuffix("'s").strip("'")
    return _stemmer.stemWord(SAME_WORD.get(word, word))


def terms(text: str) -> list[str]:
    """Content-word stems of `text`, in order, repeats kept."""
    words = WORD.findall(text.lower().replace("’", "'").replace("'s ", " "))
    return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


def written_words(text: str) -> list[str]:
    """The content words of `text` as written, lower-cased, each once, in order of the alphabet."""
    words = {w.strip(".,'’").lower() for w in WRITTEN_WORD.findall(text)}
    return sorted(w for w in words if len(w) > 1 and w not in STOPWORDS)
