"""Every number that shapes an answer, named, with the reason for its value: one frozen object passed in."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerSettings:
    """How panelbot retrieves, ranks, judges and quotes. The first four are deployment settings
    (config/panelbot.toml [answer]); the rest were measured on labelled questions (docs/quality.md) and a test
    can build an engine with others."""
    # -- deployment settings ------------------------------------------------------------------------------------
    max_quoted_sentences: int = 2      # [answer] max_sentences: sentences an answer quotes
    max_citations: int = 5             # [answer] top_k: most citations listed with an answer
    min_evidence: float = 0.31         # [answer] min_evidence: below it, "I couldn't find that in the papers"
    sure_evidence: float = 0.76        # [answer] sure_evidence: below it (and at min_evidence or above), tentative

    # -- the question --------------------------------------------------------------------------------------------
    max_question_chars: int = 1000     # longer questions are cut: no one asks a page-long question

    # -- retrieval -----------------------------------------------------------------------------------------------
    candidates_per_retriever: int = 60  # chunks taken from the vector search and the full-text search each
    rrf_k: int = 60                    # the usual reciprocal-rank-fusion constant: ranks matter, raw scores do not
    # The best chunks of each retriever are always candidates beside the best fused: one retriever's best may be
    # missing from the other's list, and fusion then ranks it below chunks both rank middling. 1: +16 answers,
    # 2: +18 (hit@3 +11), 3: +14 on the tuned questions.
    each_retrievers_best: int = 2
    candidate_chunks: int = 12         # best fused chunks whose sentences are weighed

    # -- weighing the question's words ---------------------------------------------------------------------------
    unknown_term_weight: float = 1.0   # a question word no chunk holds: phrasing ("meant", "fuller") as often as a topic
    # After a premise ("bike theft came out top - what's been done since?") the ask's words count for more: the
    # premise is often restated near the answer. 1.5 and 2 both +1 must-include, none lost.
    ask_weight: float = 1.5
    related_share: float = 0.6         # a word the papers use instead of the question's ("veto" for "block")
    neighbour_share: float = 0.4       # question words in the sentence before or after count this much
    section_share: float = 0.5         # ... and in the section title this much
    # In ranking, a question word counts (1 - share) of its weight plus share times how rare it is among the
    # retrieved sentences: every sentence retrieved may name the topic, and the one holding the rest answers.
    # 0.3: +2 must-include, 0.7: +8 and 2 more refusals right, 1.0 loses hit@3.
    distinguishing_share: float = 0.7

    # -- ranking a sentence: a weighted sum, then bonuses and penalties ----------------------------------------
    term_coverage_weight: float = 0.55   # share of the question's (distinguishing) words the sentence holds
    fused_rank_weight: float = 0.25      # its chunk's fused retrieval score, relative to the best
    chunk_similarity_weight: float = 0.2  # its chunk's cosine similarity to the question
    sentences_compared: int = 6          # best sentences whose own similarity to the question is measured
    sentence_similarity_weight: float = 0.5   # ... and how much that similarity adds to their score
    wanted_bonus: float = 0.2            # holds the name, figure, date, place or reason asked for (less without)
    recorded_decision_bonus: float = 0.15   # "AGREED", "RESOLVED": how minutes record a decision asked about
    decision_word_bonus: float = 0.06    # "agreed", "noted": a decision in ordinary words
    commissioner_bonus: float = 0.25     # "I accept ...": the Commissioner's act, when the question asks about it
    fragment_penalty: float = 0.2        # a heading, a page header or a run-on table is no sentence to quote
    restated_penalty: float = 0.05       # the minutes' action log restates a decision: the minute is cited first
    # "Were the 2 Feb 2022 minutes signed off?" is not answered by a sentence naming only other days.
    other_day_penalty: float = 0.15
    named_paper_bonus: float = 0.25      # "what does the tracker say ...": the paper named. 0.1 +2, 0.25 +3 hits
    # A passage naming the financial year asked about ("2022/23"). 0.1 +4 answers -1 hit@1, 0.2 +6, 0.3 -1 on dev.
    fiscal_year_bonus: float = 0.2

    # -- evidence: whether the best sentence answers at all (answer/evidence.py) ----------------------------------
    # A logistic model of the best sentence's coverage, similarity, caveats and what it lacks, fitted by `python -m
    # bench.answerability` on labelled questions about twenty bodies' papers and off-topic questions.
    answerability_bias: float = -3.81
    answerability_coverage: float = 1.52
    answerability_similarity: float = 7.13
    answerability_caveats: float = 2.66
    answerability_absent: float = -0.94
    answerability_no_figure: float = -4.16   # "how much?" answered by a passage with no such figure
    answerability_no_wanted: float = -1.76   # "who / when / where / why?" without the name, date, place, reason
    # "What came out of the AGM?" is not answered by "An AGM is scheduled to take place": a paper written before
    # an event cannot report its outcome.
    unsettled_penalty: float = 0.3
    # "What are members asked to do with the paper?" is answered by its recommendation, whose words are not the
    # question's. 0.1 +1 answer, none lost; 0.15 also answered an unanswerable question.
    recommended_evidence: float = 0.1

    # -- composing the quote -------------------------------------------------------------------------------------
    near_best_share: float = 0.2         # a second sentence is quoted when it scores within this share of the best
    # A quote runs on to the end of its paragraph while it stays this short: minutes state the matter and then what
    # was said or done about it. 50 words +2 must-include, 70 +5, none lost; dev unchanged.
    paragraph_words: int = 70
    # Beyond the quotes' own, a passage is cited only when its best sentence scores within this share of the best:
    # each citation that is not evidence costs the reader a look. Citation precision (dev, heldout14, other bodies)
    # 0.27/0.23/0.28 citing five passages every time; 0.1: 0.79/0.79/0.62, hit@3 -0, -1, -1 question; 0.0: 0.81/0.80/
    # 0.63, -0, -2, -1; 0.3: 0.64/0.64/0.47, none lost. On all of bench/qa hit@3 0.917 -> 0.888 with 0.1.
    further_citation_share: float = 0.1
    # A line of this many comma-separated items is a list (who attended): a "who" answer quotes it only up to the
    # item asked about, so that it leads with the name and role.
    list_items: int = 4
    list_item_words: int = 8             # ... each item after the first a name and role, this many words at most
    more_from_speaker: int = 2           # sentences the one who replied to a reported question goes on to say
