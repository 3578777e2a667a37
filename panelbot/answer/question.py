"""Reading a question: its content words, what kind of answer it wants, and the periods it names."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from panelbot.text.dates import ANY_MONTH, MONTH_NAMES, MONTHS, SHORT_SPAN, SPAN, days_named, fiscal_matches
from panelbot.text.terms import STOPWORDS, WORD, rarity, stem, terms
from panelbot.text.wording import ACRONYM

MONTH_YEAR = re.compile(rf"\b({ANY_MONTH})\.?\s+(\d{{4}})\b", re.I)
YEAR = re.compile(r"(?<![£$\d,.])\b((?:19|20)\d{2})\b(?![,.]\d)")   # not "£2000"
MONTH_ALONE = re.compile(r"\b(?:in|at|during|from|of|the)\s+(" + "|".join(MONTH_NAMES[1:]) + r")\b(?!\s+\d{4})",
                         re.I)
LATEST_MEETING = re.compile(r"\b(last|latest|most recent|previous) (panel )?meeting\b", re.I)
# "What is the panel asked to do with the report?": answered by the report's recommendation to its readers.
ASKED_TO_DO = re.compile(r"\b(asked|meant|supposed|invited|expected|requested|recommended) to\b|\brecommendation\b",
                         re.I)
# "Cllr Bradnam complained about the survey - did the Commissioner commit to anything?": a premise, then the ask.
ASK_AFTER_PREMISE = re.compile(r"(?:\s[-–—]\s|,\s*|\?\s+)((?:what|who|when|where|why|how|which|anything"
                               r"|did|does|do|is|are|was|were|has|have|will|can|could|should)\b"
                               r"(?:(?!\s[-–—]\s)[^,])*)$", re.I)
# "How did the PCC respond to our recommendation?", "did the Commissioner accept it?": the Commissioner acted.
COMMISSIONER_ACTS = re.compile(r"\b(did|does|will|has|would|how) (the )?(pcc|commissioner)\b"
                               r"|\b(pcc|commissioner)\S* (respon|repl|agree|decide|accept|commit|plan|opt)", re.I)
# "What came out of the AGM?", "what did the survey find?": what an event settled, which a paper written before
# it cannot say.
CAME_OUT_OF = r"\b(came|come|comes) out of\b|\boutcome"
OUTCOME = re.compile(rf"{CAME_OUT_OF}|\bresult(s|ed)?\b|\bwhat happened\b|\bconclu(ded|sion)\b"
                     r"|\bwhat did .{1,80} (find|show)\b", re.I)
# "What did the panel decide at the 14 November 2018 meeting?", "who got elected chair at the July 2022 AGM?": what
# happened at a dated event, which a paper written before it cannot report (its forward plan only lists the event).
PAST_EVENT = re.compile(r"\b(did|was|were|got|had)\b.*\b(decid|agree|elect|appoint|approv|vote|chair|attend"
                        r"|happen|discuss|resolv|endors)\w*|\b(decided|agreed|elected|appointed|approved|voted|chaired"
                        r"|attended|happened|discussed|resolved|endorsed)\b", re.I)
# ... but not "what will be discussed at the November meeting?" or "what has the PCC agreed to deliver by March
# 2023?", which the papers written before can answer
AHEAD = re.compile(r"\b(will|shall|is due|are due|going to|to be|planned|scheduled)\b"
                   r"|\bby (the end of )?[a-z]+ \d{4}\b", re.I)
# "Who chaired the July 2018 meeting?", "who sent apologies?", "where was it held?": what a meeting's minutes
# record in their opening lines.
ABOUT_A_MEETING = re.compile(r"\b(chair(ed|s)?|chairperson|chairman|present|attend\w*|apologi\w*|venue|held|where)\b",
                             re.I)

# "Who wrote the paper on complaints?", "who was the contact for the BCB cover paper?": a report names its author
# in its header, "Contact Officer – Jack Hudson".
# Not a letter: "who wrote to the Home Secretary?", "who wrote back?"; not "who should victims contact?"
AUTHORSHIP = re.compile(r"\b(wr[oi]te|written)\b(?! (to|back)\b)|\bauthor(s|ed)?\b|\bcontact (officer|for|on)\b", re.I)

# How people ask versus how papers say it: a question word on the left also looks for the words on the right.
SYNONYMS = [
    (r"\bsign(ed)? off\b|\bapprov|\baccept|\bback(ed)?\b|\bsupport", "approve endorse agreed"),
    (r"\bblock|\breject|\bstop(ped)?\b|\boverturn", "veto"),
    (r"\b(go|goes|gone|went) with\b|\bfollow(ed)?\b|\btake up\b|\btook up\b", "accept"),
    (ASKED_TO_DO.pattern, "recommended"),
    (AUTHORSHIP.pattern, "contact officer report of"),
    (r"\bcomms\b", "communications"),
    (r"\bpcc\b", "commissioner"),      # how members say "the Police and Crime Commissioner"
    (r"\bfuller\b|\bmore detail", "detailed"),
    (r"\bjoin(ed)?\b", "membership"),
    (r"\bdeputy\b", "deputy"),
    (r"\bwhy\b", "because reason considered"),
    (r"\bvenue\b|\bwhere\b", "held at"),
    # minutes: "The meeting began at 2.40pm and ended at 4.00pm.", "Monday 6 February 2023 (commencing at 2.00 pm)"
    (r"\bstart(ed|s)?\b|\bkick(ed|s)? off\b|\bcommenc", "began commencing"),
    (r"\bfinish(ed|es)?\b|\bwrap(ped)? up\b", "ended"),
    (r"\bcut(s|ting)?\b(?!-)|\bslash", "reduction reduced"),   # "by how much were PCSOs cut?": "a 50% reduction"
    (r"\b(go|goes|gone|went) up\b|\b(rise|rises|risen|rising)\b", "increase"),   # not "raised a concern"
    # "who signed the agreement?": its signature block; not "signed off", "signed it off" or "signs of"
    (r"\bsign(s|ed|ing)?\b(?!\s+of\b)(?!\s*-?\s*(\w+\s+)?off\b)", "signature signatory"),
]

# How a question may open before its question word: "Can you tell me who chaired ...", "“So where was it held?"
OPENING = (r"^\W*(?:(?:and|so|ok|okay|hi|hey|please|can you|could you|tell me|remind me|do you know|any idea"
           r"|i need to know)\W+)*")
# A request for something other than what the papers say: "write a short poem about council tax", "book me a
# table near county hall", "translate this"; not "tell me", "show me", "list", "summarise", which the papers answer
REQUEST = re.compile(rf"{OPENING}(?:(?:write|book|order|buy|translate|compose|sing|play|email|e-mail|text|ring|phone"
                     r"|call|remind|schedule|reserve|draw|paint)\s+(?:me|us|a|an|the|this|that|these|some|my|our|\d+)\b"
                     r"|tell me a joke\b)", re.I)
KINDS = [   # first match wins
    ("who", re.compile(rf"{OPENING}(who|whose|whom)\b|\bwhich (councillor|member|officer|person)\b|\bname of\b",
                       re.I)),
    ("quantity", re.compile(r"\bhow (much|many)\b|\bwhat (share|percentage|proportion|figure|amount|number)\b|%"
                            r"|\b(percent|cost|worth|total spend|salary|salaries|wages?|fees?|price)\b", re.I)),
    # "when ...?", but not "when the reviews were upheld, what did they tell the force?", which asks "what";
    # "date", but not "to date" or "up to date"
    ("when", re.compile(rf"{OPENING}when\b(?![^,?]*,\s*(what|who|how|which|why|did|does|do|was|were|is|are)\b)"
                        r"|\bwhat (date|time)\b|(?<!\bto )\bdate\b|\bdeadline\b|\b(by|until|till) when\b", re.I)),
    ("where", re.compile(rf"{OPENING}where\b|\bwhich venue\b", re.I)),
    ("why", re.compile(rf"{OPENING}why\b", re.I)),
    ("decision", re.compile(rf"\bdo with\b|{CAME_OUT_OF}"
                            r"|\b(agree|agreed|decide|decided|decision|resolve|resolved|approve|approved|sign(ed)? off"
                            r"|endorse|recommend|recommendation|veto|vote|accept|block|happened|note)\b"
                            rf"|{ASKED_TO_DO.pattern}", re.I)),
]


@dataclass(frozen=True)
class Question:
    text: str
    terms: tuple[str, ...]
    related: tuple[str, ...]                    # words the papers may use instead (SYNONYMS)
    kind: str                                   # who, quantity, when, where, why, decision, other
    month_years: tuple[tuple[int, int], ...]    # (year, month) named: "February 2022"
    fiscal_years: tuple[int, ...]               # start years of "2022/23"
    years: tuple[int, ...]                      # other years named
    months: tuple[int, ...] = ()                # months named without a year: "in September"
    latest_meeting: bool = False                # "at the last meeting": the engine knows which that was
    period_terms: tuple[str, ...] = ()          # the terms naming those periods ("march", "2022")
    days: frozenset[tuple[int, int]] = frozenset()   # (month, day) of the days named: "the 2 Feb 2022 minutes"
    spellings: tuple[str, ...] = ()             # how the papers spell out its acronyms (also_seeking)
    absent: float = 0.0                         # how specific the words are that the papers never use (absent_rarity)
    body_terms: tuple[str, ...] = ()            # the place of the body it names ("sussex"), whose papers alone answer
    rephrased: tuple[str, ...] = ()             # its terms the papers may say otherwise ("pcc": SYNONYMS)

    @property
    def weighed_terms(self) -> list[str]:
        """The terms whose document frequencies weigh a sentence: the question's own and the related words."""
        return list(dict.fromkeys([*self.terms, *self.related]))

    @cached_property
    def wording(self) -> str:
        """The question and the words the papers may use instead, as words (not stems) for a full-text query."""
        return " ".join([self.text, *(words for pattern, words in SYNONYMS if re.search(pattern, self.text, re.I)),
                         *self.spellings])

    @cached_property   # read once per question, though scoring asks for each sentence
    def asks_what_to_do(self) -> bool:
        return ASKED_TO_DO.search(self.text) is not None

    @cached_property
    def ask_terms(self) -> tuple[str, ...]:
        """The terms of the ask, when the question first states a premise; else none."""
        ask = ASK_AFTER_PREMISE.search(self.text)
        return tuple(terms(ask[1])) if ask else ()

    @cached_property
    def asks_outcome(self) -> bool:
        return OUTCOME.search(self.text) is not None

    @cached_property
    def asks_author(self) -> bool:
        return self.kind == "who" and AUTHORSHIP.search(self.text) is not None

    @cached_property
    def about_the_commissioner(self) -> bool:
        return COMMISSIONER_ACTS.search(self.text) is not None

    @cached_property
    def asks_past_event(self) -> bool:
        """What was decided or happened; not what the papers ask the Panel to do, which they say beforehand."""
        if self.asks_what_to_do or AHEAD.search(self.text):
            return False
        return self.kind == "decision" or self.asks_outcome or PAST_EVENT.search(self.text) is not None

    @cached_property
    def about_a_meeting(self) -> bool:
        return ABOUT_A_MEETING.search(self.text) is not None

    @cached_property
    def acronyms(self) -> tuple[str, ...]:
        """The acronyms the question uses; none in a question typed in capitals ("WHO CHAIRED THE PANEL?")."""
        letters = [c for c in self.text if c.isalpha()]
        if sum(c.isupper() for c in letters) > 0.5 * len(letters):
            return ()
        return tuple(dict.fromkeys(ACRONYM.findall(self.text)))

    def also_seeking(self, spellings: list[str]) -> Question:
        """The question, also looking for the words the papers may use instead of its acronyms."""
        extra = [t for t in terms(" ".join(spellings)) if t not in self.terms]
        return replace(self, related=tuple(dict.fromkeys([*self.related, *extra])),
                       spellings=self.spellings + tuple(spellings))

    @property
    def given_terms(self) -> frozenset[str]:
        """The terms every passage weighed already fits, by its meeting date or its paper's body: they do not
        tell passages apart, nor does a passage need to repeat them to answer."""
        return frozenset(self.period_terms) | frozenset(self.body_terms)

    @property
    def names_a_period(self) -> bool:
        return bool(self.month_years or self.fiscal_years or self.years or self.months)


def parse_question(text: str) -> Question:
    kind = next((name for name, pattern in KINDS if pattern.search(text)), "other")
    named = {pattern: list(pattern.finditer(text)) for pattern in (MONTH_YEAR, SPAN, YEAR)}
    fiscal = fiscal_matches(text)   # the financial years named, and where: their years are not years named apart
    named[SHORT_SPAN] = [m for _, m in fiscal if m.re is SHORT_SPAN]
    month_years = tuple((int(m[2]), MONTHS[m[1].lower()]) for m in named[MONTH_YEAR])
    years_of_months = {y for y, _ in month_years}
    years = tuple(int(m[1]) for m in named[YEAR] if int(m[1]) not in years_of_months
                  and not any(f.start() <= m.start() < f.end() for _, f in fiscal))
    asked = terms(text)
    related = [t for pattern, words in SYNONYMS if re.search(pattern, text, re.I)
               for t in terms(words) if t not in asked]
    rephrased = [t for pattern, _ in SYNONYMS for m in re.finditer(pattern, text, re.I) for t in terms(m.group())]
    months = tuple(MONTH_NAMES.index(m.lower()) for m in MONTH_ALONE.findall(text))
    period_terms = terms(" ".join([m.group() for found in named.values() for m in found]
                                  + [MONTH_NAMES[m] for m in months]))
    return Question(text, tuple(asked), tuple(dict.fromkeys(related)), kind, month_years,
                    tuple(start for start, _ in fiscal), years,
                    months, LATEST_MEETING.search(text) is not None, tuple(dict.fromkeys(period_terms)),
                    days_named(text), rephrased=tuple(dict.fromkeys(rephrased)))


def absent_rarity(question: Question, frequencies: Callable[[list[str]], dict[str, int]]) -> float:
    """How specific the most specific of the question's words is that no paper uses (`frequencies` gives how many
    passages use each stem; rarity: "cumbria" 0.36, "meant" 0): a question about something the papers never mention
    cannot be answered from them. A word joined by a slash ("opcc/constabulary") is used if its parts are."""
    words = [w for w in WORD.findall(question.text.lower().replace("’", "'")) if w not in STOPWORDS and len(w) > 1]
    parts = {word: [stem(part) for part in word.split("/") if part] for word in words}
    used = frequencies(sorted({s for stems in parts.values() for s in stems} | {stem(w) for w in words}))
    absent = [w for w in words if stem(w) not in question.given_terms and not used.get(stem(w))
              and not all(used.get(s) for s in parts[w])]
    return max((rarity(w) for w in absent), default=0.0)
