"""What a question asks for, and whether a sentence holds it: a name, a figure, a date, a place, a reason."""
from __future__ import annotations

import re
from functools import lru_cache

from panelbot.answer.question import Question
from panelbot.text.dates import CAPITALISED_MONTH as MONTH
from panelbot.text.terms import terms

REASON = re.compile(r"\b(because|as a result|given|considered|reason|due to|in order to|so that|since|therefore)\b",
                    re.I)
NUMBER = re.compile(r"£\s?\d[\d,.]*\s?(?:k|m|million|bn)?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent)"
                    r"|\b\d[\d,]*(?:\.\d+)?(?:k|m|bn)?\b"
                    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|third|quarter)s?\b", re.I)
# "How much did X cost?", "what salary ...?" want a sum or a rate ("£0.5m", "986,094", "3.5%"), not a count or
# a reference number ("32 PCSOs", "2018-010").
MONEY_QUESTION = re.compile(r"\b(cost|costs|pay|paid|spend|spent|salary|salaries|wages?|fees?|price|invest\w*"
                            r"|worth)\b|£", re.I)
SUM = re.compile(r"£\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b"
                 r"|\b\d[\d,.]*\s?(?:%|(?:per ?cent|pounds|million|m|bn|k)\b)", re.I)
# The words naming what is counted: "how many [older burglary victims] had ...", "how many [people responded] to"
COUNTED = re.compile(r"\bhow many\s+((?:(?!(?:did|do|does|was|were|is|are|has|have|had|will|would|can|could|the|to|in"
                     r"|on|at|for|from|by|per|with)\b)[\w'-]+\s*){1,4})", re.I)
# "How many attended?", "how many turned up to ...": a deed, not a thing, so whoever did it ("around 150 people")
COUNTED_BY_DEED = re.compile(r"[a-z]+ed(?: (?:up|out|off|back|in))?", re.I)
# "How many people came?" counts whoever came ("attended by 60 practitioners"), "how many times?" whatever happened
ANY_COUNT = frozenset(terms("people persons individuals attendees times"))
# "Section 51 of the Police Reform Act", "Agenda Item 12", "Appendix 3": a reference, not a count
REFERENCE = re.compile(r"\b(section|sect|s\.|schedule|part|item|paragraph|para|article|chapter|page|no\.|clause"
                       r"|appendix|annex|regulation)\s*$", re.I)
NEAR = 40                    # characters either side of a figure that say what it counts
# "14 November", "7 th August" (a superscript read apart), "Aug 2017", "spring 2019", "14/11/2018", "in 2019",
# "opened in May"
DATE_WORDS = re.compile(rf"\b\d{{1,2}}\s?(?:st|nd|rd|th)?\s+{MONTH}(?!\w)"
                        rf"|\b({MONTH}|spring|summer|autumn|winter)\s+\d{{4}}\b"
                        r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(in|by|during|until|before|from) (19|20)\d{2}\b"
                        rf"|\b(in|by|during|until|before|from|since) (?-i:{MONTH})(?!\w)", re.I)
# "What time did the hearing start?" wants a time of day: "2.40pm", "1:30 PM", "2pm", "12noon", "14:00"; not
# "what time of year"
WHAT_TIME = re.compile(r"\bwhat time\b(?! (of|period|frame|line|scale)\b)", re.I)
TIME = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?[ap]\.?m\b|\b12\s?noon\b|\bmidday\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b",
                  re.I)
YEAR_OR_DATE = re.compile(DATE_WORDS.pattern + r"|\b(19|20)\d{2}(/\d{2})?\b", re.I)
NOT_NAMES = ("Police|Crime|Panel|Commissioner|Council|Meeting|Report|Plan|Board|Office|Act|Home|Chief|Annual"
             "|Cambridgeshire|Peterborough|County|City|Constabulary|Service|Services|Fire|Rescue|Victims?|Update"
             "|Agenda|Item|Group|Team|Strategy|Government|Partnership|Local|National|The|This|That|Forthcoming"
             # a post is not a person: "Chief Finance Officer", "Democratic Services", "Monitoring Officer"
             "|Officer|Officers|Finance|Executive|Director|Head|Deputy|Clerk|Manager|Members?|Secretary|Treasurer"
             "|Monitoring|Democratic|Committee|Authority|Department|Resources|Independent|Vice|Constable|Chair"
             "|Chairman|Chairperson|Assistant|Temporary|Acting|Interim")
HONORIFIC = r"\b(?:Councillor|Cllr|Dr|Mr|Mrs|Ms)\.? [A-Z][a-z]+"
NAME = re.compile(rf"{HONORIFIC}|\b(?!(?:{NOT_NAMES})\b)[A-Z][a-z]+ "
                  rf"(?!(?:{NOT_NAMES})\b)[A-Z][a-z]+\b|\([A-Z][a-z]+\)|Lead: \w+")
TWO_WORDS = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
# "Who is the chief finance officer at the OPCC?", "who's our lead member on finance?": the post asked about, whose
# holder is named beside it ("Councillor Keith Evans, the Panel's Lead Member on Finance"), not anyone named near
POST_ASKED = re.compile(r"\bwho(?:'s|’s| is| was| are| were)\s+(?:the |our |their |its )?(?:[\w -]{2,40}(?:'s|’s) )?"
                        r"(?:new |current |acting )?"   # "who is northamptonshire's chief fire officer?"
                        r"([a-z][\w -]{2,40}?)(?=\s+(?:of|for|at|in|on|to|with)\b|\s*\?|$)", re.I)
# The words a post ends with: "chief fire officer", "vice-chair", "lead member"; not "who is leading on …"
POST_NOUNS = frozenset(terms("officer chair chairman chairperson constable commissioner member members executive"
                             " treasurer clerk secretary director manager lead head owner minister contact governor"
                             " adviser advisor coordinator leader mayor deputy inspector superintendent"))
# A word making another post of the one asked about: "Assistant Chief Constable" is not the Chief Constable
OTHER_POST = frozenset("assistant deputy vice temporary acting interim former joint".split())
# "Who chairs the board?" may be answered by a post rather than a name: "is chaired by the Commissioner".
AGENT = re.compile(r"\bby the (?:[A-Z]\w+|\d+[A-Z]\w*)(?: [A-Z]\w+){0,3}")   # "by the 7F team"
# "Edward Leigh (Chairperson)", "E Leigh (Chair)", "Cllr E. Leigh (Chairman)", "Chairman: Cllr Leigh", "Councillor
# C. Mann – in the Chair"
CHAIRED = re.compile(r"(?:[A-Z]\.?|[A-Z][a-z]+) [A-Z][a-z]+,? \((?:Chair|Chairperson|Chairman|Chairwoman)\)"
                     r"|\bChair(?:person|man|woman)?:? [A-Z]|\bin the Chair\b")
PLACE = re.compile(r"\b(held at|Stadium|House|Hall|Centre|Chamber|Room|Suite|Road|Street)\b")
# "When and where is the November meeting?" wants both: "WEDNESDAY 14 NOVEMBER 2018, 2PM Fenland Hall"
WHEN_AND_WHERE = re.compile(r"\bwhen and where\b|\bwhere and when\b", re.I)
KIND_PATTERN = {"quantity": NUMBER, "when": DATE_WORDS, "who": NAME, "where": PLACE, "why": REASON}


def holds_wanted(question: Question, text: str, ordinary: frozenset[str] = frozenset()) -> bool:
    """Whether `text` holds what the question asks for; `ordinary` words (seen in lower case in the papers)
    do not make a name: "Ethical Policing" is a heading, "Claire George" a person."""
    wanted = KIND_PATTERN.get(question.kind)
    if wanted is None:
        return False
    if asks_chair(question):   # minutes: "E Leigh (Chair)"
        return CHAIRED.search(text) is not None
    if question.kind == "who":   # a name other than those the question states: "who nominated Edward Leigh?"
        found = [m for m in NAME.finditer(text) if re.match(HONORIFIC, m.group())   # "Councillor Keith"
                 or not (TWO_WORDS.fullmatch(m.group()) and set(m.group().lower().split()) & ordinary)]
        found += AGENT.finditer(text)
        if posts := post_held(question, text):   # ... beside the post asked about, which the text must hold
            found = [m for m in found
                     if any(start - NEAR <= m.start() and m.end() <= end + NEAR for start, end in posts)]
        elif posts is not None:
            return False
        named = [terms(m.group())[-1:] for m in found]
        return any(last and last[0] not in question.terms for last in named)
    if question.kind == "when" and WHAT_TIME.search(question.text):   # "what time and where ...?" wants both
        where = PLACE.search(text) is not None or not re.search(r"\bwhere\b", question.text, re.I)
        return TIME.search(text) is not None and where
    if question.kind == "when" and WHEN_AND_WHERE.search(question.text):
        return DATE_WORDS.search(text) is not None and PLACE.search(text) is not None
    if question.kind == "quantity" and MONEY_QUESTION.search(question.text):
        return SUM.search(text) is not None
    if question.kind == "quantity":   # a figure other than those the question states, and not a date's ...
        asked = {m.group().lower() for m in NUMBER.finditer(question.text)}
        plain = YEAR_OR_DATE.sub(" ", text)
        figures = [m for m in NUMBER.finditer(plain) if m.group().lower() not in asked
                   and not REFERENCE.search(plain, max(0, m.start() - 12), m.start())]
        counted = COUNTED.search(question.text)
        if (not counted or not (things := terms(counted[1])[:3]) or things[0] in ANY_COUNT
                or COUNTED_BY_DEED.fullmatch(counted[1].strip())):
            return bool(figures)
        # ... and "how many officers ...?" wants the figure beside the officers: "55 officers", "officers: 55"
        return any(same_word(t, thing) for m in figures for t in terms(plain[max(0, m.start() - NEAR):m.end() + NEAR])
                   for thing in things)
    return wanted.search(text) is not None


@lru_cache(maxsize=256)   # asked of every sentence weighed for the question: read the question once
def asked_post(question: Question) -> tuple[re.Pattern, frozenset[str]] | None:
    """The post a "who is the …?" question asks about ("chief fire officer"), as a pattern finding it with the word
    before it, and the words making another post that the question itself uses ("who is the assistant chief
    constable?"); None when it asks about no post, or names it by an acronym ("pcc", "CFO"), which the papers may
    spell out."""
    post = POST_ASKED.search(question.text)
    named = terms(re.sub(r"^(?:made|elected|appointed|named) ", "", post[1], flags=re.I)) if post else []
    words = [w for w in named if w not in question.given_terms]
    if not words or named[-1] not in POST_NOUNS or set(named) & set(terms(" ".join(question.acronyms))):
        return None
    # each word by its stem, whose last letter may differ ("temporari": "Temporary")
    phrase = r"[\W_]+(?:(?:of|the|and|&)[\W_]+)?".join(rf"{re.escape(w[:-1] if len(w) > 4 else w)}\w*"
                                                       for w in words)
    return (re.compile(rf"(?:\b(\w+)\W+)?\b({phrase})", re.I),
            OTHER_POST.intersection(re.findall(r"[a-z]+", question.text.lower())))


def post_held(question: Question, text: str) -> list[tuple[int, int]] | None:
    """Where `text` names the post the question asks about (asked_post), not another post with those words
    ("Deputy Chief Constable" for "chief constable"); None when it asks about no post."""
    if (post := asked_post(question)) is None:
        return None
    pattern, asked = post
    return [(m.start(2), m.end(2)) for m in pattern.finditer(text)
            if not (m[1] and (other := m[1].lower()) in OTHER_POST and other not in asked)]


def asks_chair(question: Question) -> bool:
    """Whether the question asks who chaired a meeting: minutes answer it by the role beside a name."""
    return question.kind == "who" and re.search(r"\bchaired\b", question.text, re.I) is not None


def same_word(a: str, b: str) -> bool:
    """Stems of one word however cut or shortened: "respond"/"respons", "org"/"organis"."""
    n = min(5, len(a), len(b))
    return n >= 3 and a[:n] == b[:n]
