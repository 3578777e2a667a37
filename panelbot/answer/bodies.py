"""Which body a question is about: the papers of several panels or committees may share an index, and a
question naming one ("what did kent's panel decide?") is answered from its papers alone; one naming a body whose
papers are not in the index ("essex's panel"), or a specific place or thing no paper mentions ("the chief constable
of cumbria"), is not answered from another's."""
from __future__ import annotations

import re

from panelbot.text.terms import rarity, terms

# The words every body's name shares, which tell no body apart: what is left names the place ("Kent", "Medway").
GENERIC = frozenset(terms("police crime panel fire rescue commissioner commission and the of for county city "
                          "borough district council joint committee scrutiny board authority constabulary "
                          "partnership combined region regional metropolitan"))
# "essex's panel", "the essex panel", "thames valley police", "lancashire's band d precept", "norfolk pcp": a body
# or place named as people type it, by a possessive or before the word for a body
NAMED_BY_PLACE = re.compile(r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?:(?:'s|’s)\b|\s+(?:police|panel|pcp|pcc|pfcp"
                            r"|constabulary|force|council|county)\b)", re.I)
# "the chief constable of cumbria", "about catalytic converter thefts": a thing or place a question is about
NAMED_AFTER = re.compile(r"\b(?:of|in|for|at|about|from|on)\s+(?:the\s+)?([a-z][a-z-]+)\b", re.I)
INITIALS = re.compile(r"\b([a-z])\s?&\s?([a-z])\b", re.I)   # "a&s", "B & H"
# How people shorten a shire county's name: its first letters and an "s" ("lincs", "staffs", "cambs", "notts"), and
# these otherwise
SHORT_COUNTIES = {short: terms(county)[0] for short, county in (
    ("hants", "hampshire"), ("oxon", "oxfordshire"), ("northants", "northamptonshire"), ("glos", "gloucestershire"),
    ("beds", "bedfordshire"), ("salop", "shropshire"))}   # as place terms: "hants" -> "hampshir"
MIN_SHORT = 4   # letters a shortened county keeps before its "s": "lincs", not "bes"
# ... when rarer in English than once in 100,000 words (rarity above this: "cumbria" and "catalytic" 0.36, but not
# "spare" or "upcoming" 0.14, which questions the papers answer use for what the papers say otherwise)
SPECIFIC_RARITY = 0.2
# The police force areas of England and Wales, each with its police and crime panel (or a mayor's): a question
# naming one as a body ("north wales's panel", "the commissioner for surrey") asks about that body's papers, even
# where other papers mention the place in passing (Surrey in Durham's table of what 1% raises elsewhere).
FORCE_AREAS = ("avon and somerset", "bedfordshire", "cambridgeshire", "cheshire", "city of london", "cleveland",
               "cumbria", "derbyshire", "devon and cornwall", "dorset", "durham", "dyfed-powys", "essex",
               "gloucestershire", "greater manchester", "gwent", "hampshire", "hertfordshire", "humberside", "kent",
               "lancashire", "leicestershire", "lincolnshire", "merseyside", "norfolk", "north wales",
               "north yorkshire", "northamptonshire", "northumbria", "nottinghamshire", "south wales",
               "south yorkshire", "staffordshire", "suffolk", "surrey", "sussex", "thames valley", "warwickshire",
               "west mercia", "west midlands", "west yorkshire", "wiltshire")
AREA = "|".join(r"[\s-]+".join(r"(?:and|&)" if word == "and" else word for word in re.split(r"[ -]", area))
                for area in sorted(FORCE_AREAS, key=len, reverse=True))
# ... named as a body: "essex's", "the north wales panel", "the pcc for surrey", "the chief constable of cumbria"
AREA_NAMED = re.compile(rf"\b(?P<before>(?:of|for)\s+(?:the\s+)?)?(?P<area>{AREA})"
                        r"(?P<after>(?:'s|’s)\b|\s+(?:police|panel|pcp|pcc|pfcp|constabulary|force|opcc|fire"
                        r"|commissioner|chief)\b)?", re.I)


def places(body: str) -> frozenset[str]:
    """The terms of a body's name that say where it is: "Kent and Medway Police and Crime Panel" -> kent, medway."""
    return frozenset(terms(body)) - GENERIC


def bodies_named(question: str, question_terms: set[str], bodies: dict[str, frozenset[str]]) -> frozenset[str]:
    """The bodies (of `bodies`: name -> places) whose place the question names, by its words, by their
    initials joined by "&" as people shorten a place of two names ("a&s" for Avon and Somerset), or by a shire
    county's short form ("lincs")."""
    shortened = {"".join(pair).lower() for pair in INITIALS.findall(question)}
    return frozenset(name for name, where in bodies.items() if where & question_terms or initials(name) in shortened
                     or naming_terms(question, where))


def naming_terms(question: str, where: frozenset[str]) -> set[str]:
    """The terms of the question naming a place of `where`: the place itself, or a shire county shortened as
    typed ("lincs" for Lincolnshire; not "staff" for Staffordshire)."""
    out = set()
    for word in re.findall(r"[a-z]+", question.lower()):
        term = terms(word)[:1]
        if term and (term[0] in where or SHORT_COUNTIES.get(word) in where
                     or word.endswith("s") and len(word) > MIN_SHORT and any(
                         place.endswith("shir") and place.startswith(word[:-1]) for place in where)):
            out.add(term[0])
    return out


def initials(body: str) -> str:
    """The first letters of the words naming a body's place, in order: "Avon and Somerset ..." -> "as"."""
    return "".join(word[0].lower() for word in re.findall(r"[A-Za-z][\w-]*", body) if terms(word)
                   and terms(word)[0] not in GENERIC)


def other_area(question: str, bodies: dict[str, frozenset[str]], unclaimed_say=lambda terms: False) -> str | None:
    """A police force area the question names as a body ("surrey's precept", "the pcc for surrey") that no body
    of the index (`bodies`: name -> places) is at, and that no paper of no known body mentions
    (`unclaimed_say(terms)`: whether those papers use all the terms); None when there is none."""
    for match in AREA_NAMED.finditer(question):
        area = frozenset(terms(match["area"])) - GENERIC
        if ((match["before"] or match["after"]) and not any(area <= where for where in bodies.values())
                and not unclaimed_say(sorted(area))):
            return match["area"]
    return None


def unknown_place(question: str, known: set[str], papers_say) -> str | None:
    """A place the question names a body by ("essex's panel") that no body of the index is at and the papers never
    mention, or a specific thing or place it is about that they never mention (`papers_say(term)` is how many
    chunks hold a term); None when there is none."""
    places_known = frozenset(known)
    def unknown(word: str) -> bool:
        place = terms(word)
        return (bool(place) and place[0] not in GENERIC | known and not naming_terms(word, places_known)
                and not papers_say(place[0]))

    for match in NAMED_BY_PLACE.finditer(question):
        # the place is the word before the body's: "the council tax" names none, nor does a verb ("shutting police
        # stations")
        words = match[1].split()
        if terms(words[-1]) and not words[-1].lower().endswith("ing") and (
                word := next((w for w in words if unknown(w)), None)):
            return word
    for match in NAMED_AFTER.finditer(question):
        if unknown(match[1]) and rarity(match[1].lower()) > SPECIFIC_RARITY:
            return match[1]
    return None
