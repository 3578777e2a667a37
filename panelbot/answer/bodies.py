"""Which body a question is about: the papers of several panels or committees may share an index, and a
question naming one ("what did kent's panel decide?") is answered from its papers alone; one naming a body whose
papers are not in the index ("essex's panel") is not answered from another's."""
from __future__ import annotations

import re

from panelbot.text.terms import terms

# The words every body's name shares, which tell no body apart: what is left names the place ("Kent", "Medway").
GENERIC = frozenset(terms("police crime panel fire rescue commissioner commission and the of for county city "
                          "borough district council joint committee scrutiny board authority constabulary "
                          "partnership combined region regional metropolitan"))
# "essex's panel", "the essex panel", "thames valley police", "lancashire's band d precept", "norfolk pcp": a body
# or place named as people type it, by a possessive or before the word for a body
NAMED_BY_PLACE = re.compile(r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?:(?:'s|’s)\b|\s+(?:police|panel|pcp|pcc|pfcp"
                            r"|constabulary|force|council|county)\b)", re.I)


def places(body: str) -> frozenset[str]:
    """The terms of a body's name that say where it is: "Kent and Medway Police and Crime Panel" -> kent, medway."""
    return frozenset(terms(body)) - GENERIC


def bodies_named(question_terms: set[str], bodies: dict[str, frozenset[str]]) -> frozenset[str]:
    """The bodies (of `bodies`: name -> places) whose place the question names."""
    return frozenset(name for name, where in bodies.items() if where & question_terms)


def unknown_place(question: str, known: set[str], papers_say) -> str | None:
    """A place the question names a body by ("essex's panel") that no body of the index is at and the papers never
    mention (`papers_say(term)` is how many chunks hold a term), or None."""
    for match in NAMED_BY_PLACE.finditer(question):
        for word in match[1].split():
            place = terms(word)
            if place and place[0] not in GENERIC | known and not papers_say(place[0]):
                return word
    return None
