"""Composing an answer: the best sentences quoted verbatim with their pages, each quote standing on its own."""
from __future__ import annotations

import re
from dataclasses import replace

from panelbot.answer.evidence import weigh
from panelbot.answer.question import Question
from panelbot.answer.rank import Sentence, distinct
from panelbot.answer.settings import AnswerSettings
from panelbot.answer.wanted import CHAIRED, KIND_PATTERN, asks_chair, same_word
from panelbot.models import NOT_FOUND, Answer, Citation
from panelbot.text.quotable import MAX_QUOTE_WORDS, is_fragment, without_furniture
from panelbot.text.sentences import BULLET, line_sentence_spans
from panelbot.text.terms import terms

# Minutes report a question and then its answer: "Cllr X asked if an update had been received. The
# Commissioner advised ..." A quoted question is followed by the sentence that answers it.
REPORTED_QUESTION = re.compile(r"\b(asked|queried|enquired)\s+(if|whether|what|how|why|when|who|where)\b"
                               r"|\?[\"”’)]*$", re.I)
# A sentence that opens by pointing back ("These groups are chaired by ...", "As a result, ...") is quoted with
# the sentence it points back to, and a sentence followed by one with that one: a quote must stand on its own.
POINTS_BACK = re.compile(r"(These|Those|They|It|He|She|Such|This (is|was|has|had|will|would|means)|As a result"
                         r"|As such|Consequently|In response)\b")

def citation(sentence: Sentence, title: str) -> Citation:
    chunk = sentence.candidate.chunk
    return Citation(chunk.document, title, sentence.pages, chunk.section, chunk.meeting_date, sentence.text)


def choose(sentences: list[Sentence], settings: AnswerSettings) -> list[Sentence]:
    """The best sentence, and the next ones that score nearly as well and say something new, the one
    holding the name, date or figure asked for first."""
    best = sentences[0].score
    chosen = [s for s in distinct(sentences, settings.max_quoted_sentences)
              if s.score >= best - settings.near_best_share * abs(best)]
    return sorted(chosen, key=lambda s: not s.has_wanted)


def with_reply(sentence: Sentence, more_from_speaker: int) -> Sentence:
    """A sentence reporting a question, extended to the next sentence of its passage: the reply, and what the
    same speaker went on to say ("The Commissioner explained ... The Commissioner advised ...")."""
    if not REPORTED_QUESTION.search(sentence.text):
        return sentence
    text = sentence.candidate.chunk.text
    following = [(s, e) for s, e in line_sentence_spans(text) if s >= sentence.end]
    if not following or is_fragment(text[following[0][0]:following[0][1]]):
        return sentence
    end, speaker = following[0][1], text[following[0][0]:following[0][1]].split()[:2]
    for start, stop in following[1:1 + more_from_speaker]:
        if text[start:stop].split()[:2] != speaker:
            break
        end = stop
    return replace(sentence, end=end)


def with_context(sentence: Sentence, settings: AnswerSettings, rest_of_paragraph: bool = True) -> Sentence:
    """The sentence with its reply (with_reply), the sentence it points back to, the sentences beside it whose
    words counted for it (Sentence.lent_by), a next sentence that points back to it and, while the quote is
    shorter than settings.paragraph_words, the rest of its paragraph; within MAX_QUOTE_WORDS."""
    sentence = with_reply(sentence, settings.more_from_speaker)
    text = sentence.candidate.chunk.text
    spans = line_sentence_spans(text)
    before = [(s, e) for s, e in spans if e <= sentence.start and not is_fragment(text[s:e])]
    after = [(s, e) for s, e in spans if s >= sentence.end]
    start, end = sentence.start, sentence.end
    if before and POINTS_BACK.match(sentence.text):
        start = before[-1][0]
    for s, e in sentence.lent_by:   # not a link between the two, nor past MAX_QUOTE_WORDS (is_fragment)
        if not is_fragment(text[s:e]) and not is_fragment(text[min(start, s):max(end, e)]):
            start, end = min(start, s), max(end, e)
    following = text[after[0][0]:after[0][1]] if after else ""
    if POINTS_BACK.match(following) and not is_fragment(following):
        end = after[0][1]
    paragraph_end = text.find("\n", sentence.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    for s, e in after if rest_of_paragraph else ():
        if e > paragraph_end or is_fragment(text[s:e]) or len(text[start:e].split()) > settings.paragraph_words:
            break
        end = max(end, e)
    if len(text[start:end].split()) > MAX_QUOTE_WORDS:
        return without_page_furniture(sentence)
    if text[start:end].endswith(":"):
        end = with_list(text, spans, start, end)
    return without_page_furniture(replace(sentence, start=start, end=end), quoted=sentence.start)


def with_list(text: str, spans: list[tuple[int, int]], start: int, end: int) -> int:
    """Where a quote ending in a colon ends with the list it introduces ("... in particular to:\n• Correct
    errors ..."): its items while the quote stays within MAX_QUOTE_WORDS, up to an item holding a link, which
    is no quote (is_fragment)."""
    for s, e in spans:
        if s < end:
            continue
        if (not BULLET.fullmatch(text, text.rfind("\n", 0, s) + 1, s) or len(text[start:e].split()) > MAX_QUOTE_WORDS
                or "http" in text[s:e]):
            break
        end = e
    return end


def merged(quotes: list[Sentence]) -> list[Sentence]:
    """The quotes, those overlapping in one passage (a reply quoted with its question, two sentences whose
    context grew into each other) quoted once, as one."""
    out: list[Sentence] = []
    for quote in quotes:
        for n, other in enumerate(out):
            same_passage = other.candidate.chunk_id == quote.candidate.chunk_id
            if same_passage and other.start < quote.end and quote.start < other.end:
                out[n] = replace(other, start=min(other.start, quote.start), end=max(other.end, quote.end))
                break
        else:
            out.append(quote)
    return out


def without_page_furniture(sentence: Sentence, quoted: int | None = None) -> Sentence:
    """The quote without the running header, report header, table header row or heading lines it was read with
    (without_furniture); `quoted` is where the sentence quoted starts, after any context before it."""
    text = sentence.candidate.chunk.text
    start, end = without_furniture(text, sentence.start, sentence.end, quoted)
    if start >= end or is_fragment(text[start:end]):
        return sentence
    return replace(sentence, start=start, end=end)


def list_items(line: str) -> list[int]:
    """Where each comma- or semicolon-separated item of a line ends, brackets kept whole."""
    ends, depth = [], 0
    for n, char in enumerate(line):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            ends.append(n)
    return ends + [len(line.rstrip(" .;,"))]


def led_by_the_one_asked(question: Question, sentence: Sentence, settings: AnswerSettings) -> Sentence:
    """A "who" answer from a list ("Members Present: Edward Leigh (Chairperson), Councillors D Baigent, K
    Cuffley, ..."): the list's line up to the end of the one item holding the role asked about, which lists write
    in brackets ("(Chairperson)", "(Vice-Chair)"); otherwise the sentence as it is."""
    if question.kind != "who":
        return sentence
    offset = 0
    for line in sentence.text.split("\n"):
        ends = list_items(line)
        starts = [0, *(e + 1 for e in ends[:-1])]
        items = [line[start:end] for start, end in zip(starts, ends)]
        if len(items) >= settings.list_items and all(len(item.split()) <= settings.list_item_words
                                                     for item in items[1:]):
            asked = [end for end, item in zip(ends, items)
                     if (CHAIRED.search(item) if asks_chair(question) else holds_role_asked(question, item))]
            if len(asked) == 1:
                return replace(sentence, start=sentence.start + offset + len(line) - len(line.lstrip()),
                               end=sentence.start + offset + asked[0])
        offset += len(line) + 1
    return sentence


def holds_role_asked(question: Question, item: str) -> bool:
    """Whether a list item's brackets name a role as the question writes it: "(Vice-Chairperson)" for "who was
    vice-chair?", not "(Chair)"; "(Independent)" for "which member is independent?"."""
    roles = terms(" ".join(re.findall(r"\(([^)]*)\)", item)))
    asked = [terms(word.replace("-", " ")) for word in question.text.split()]
    return any(parts and all(any(same_word(part, role) for role in roles) for part in parts) for parts in asked)


def is_evidence(sentence: Sentence, best: Sentence, settings: AnswerSettings) -> bool:
    """Whether a further passage is evidence for the answer too: its best sentence is no fragment and scores nearly
    as well as the best (within settings.further_citation_share), so it was left unquoted only for want of room."""
    return (not is_fragment(sentence.text)
            and sentence.score >= best.score - settings.further_citation_share * abs(best.score))


def compose(question: Question, sentences: list[Sentence], titles: dict[str, str],
            settings: AnswerSettings) -> Answer:
    """The answer: the best sentences, each followed by its citation number, then citations of the further
    passages that are evidence too (is_evidence), up to settings.max_citations. Says it couldn't find the answer
    when the evidence is too weak, and marks the answer not confident when the evidence is between min_evidence
    and sure_evidence."""
    quotable = [s for s in sentences if not is_fragment(s.text)]
    if not quotable:
        return Answer(question.text, NOT_FOUND, False)
    measured = weigh(question, quotable[0], settings)
    sureness = measured.likelihood(settings)
    if sureness < settings.min_evidence:
        return Answer(question.text, NOT_FOUND, False, evidence=measured)
    chosen = [with_context(s, settings, rest_of_paragraph=not (s.has_wanted and question.kind in KIND_PATTERN))
              for s in choose(quotable, settings)]
    chosen = [led_by_the_one_asked(question, s, settings) for s in merged(chosen)]
    citations: list[Citation] = []
    numbers, places = [], {}   # sentences quoted from the same chunk and pages share one citation
    for sentence in chosen:
        place = (sentence.candidate.chunk_id, sentence.pages)
        if place in places:
            n = places[place]
            citations[n] = replace(citations[n], quote=f"{citations[n].quote} {sentence.text}")
        else:
            places[place] = n = len(citations)
            citations.append(citation(sentence, titles.get(sentence.candidate.chunk.document, "")))
        numbers.append(n + 1)
    cited = {s.candidate.chunk_id for s in chosen}
    shown = {(c.file, page) for c in citations for page in c.pages}
    for sentence in sentences:   # then the best sentence of each further passage on pages not yet cited
        if len(citations) >= settings.max_citations:
            break
        pages = {(sentence.candidate.chunk.document, page) for page in sentence.pages}
        if sentence.candidate.chunk_id in cited or pages <= shown:
            continue
        cited.add(sentence.candidate.chunk_id)   # a passage is judged by its best sentence only
        if is_evidence(sentence, quotable[0], settings):
            shown |= pages
            quote = led_by_the_one_asked(question, without_page_furniture(sentence), settings)
            citations.append(citation(quote, titles.get(sentence.candidate.chunk.document, "")))
    text = " ".join(f"{s.text} [{n}]" for n, s in zip(numbers, chosen))
    return Answer(question.text, text, True, tuple(citations), confident=sureness >= settings.sure_evidence,
                  evidence=measured)
