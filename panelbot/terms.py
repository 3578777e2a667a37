"""Words as the engine compares them: lower-cased, lightly stemmed, without stop words."""
from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9£%]+(?:[./][a-z0-9]+)*")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not of off
on once only or other our out over own same she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours us was get got tell say said happen happened back much many
""".split())


MONTH_ABBREVIATIONS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
                       "jul": "july", "aug": "august", "sep": "september", "sept": "september",
                       "oct": "october", "nov": "november", "dec": "december"}


def stem(word: str) -> str:
    """A light suffix stemmer: enough to match "agreed"/"agree", "reports"/"report", "policies"/"policy"."""
    word = word.replace("’", "'").removesuffix("'s").strip("'")
    word = MONTH_ABBREVIATIONS.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"),
                                ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return word.removesuffix("e") if len(word) > 4 else word


def terms(text: str) -> list[str]:
    """Content-word stems of `text`, in order, repeats kept."""
    words = WORD.findall(text.lower().replace("’", "'").replace("'s ", " "))
    return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]
