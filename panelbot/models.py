"""The dataclasses every part of panelbot passes around: documents, pages, chunks, citations, answers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Page:
    number: int            # 1-based page number in the source file
    text: str


@dataclass(frozen=True)
class Document:
    file: str              # file name under corpus/
    title: str
    pages: tuple[Page, ...]
    kind: str              # "pdf", "text", "table"
    meeting_date: date | None = None
    columns: tuple[str, ...] = ()   # table headers, for "table" documents
    body: str = ""         # the panel or committee whose paper it is: "Kent and Medway Police and Crime Panel"


MINUTES_TITLE = "Minutes of the meeting of "   # how the section titles of a set of minutes begin
ACTION_LOG = "action log"   # the last part of a section title for the minutes' table restating their decisions


@dataclass(frozen=True)
class Chunk:
    document: str          # file name under corpus/
    meeting_date: date | None
    section: str           # "46. Precept Report 2022/23"
    page_start: int
    page_end: int
    text: str
    # Offsets in `text` where a new page begins (page_start + 1, page_start + 2, ...; an offset repeats
    # where blank pages were skipped), so a quoted sentence can cite its own page rather than the chunk's span.
    page_breaks: tuple[int, ...] = ()

    @property
    def restates(self) -> bool:
        """Whether the chunk restates what is first written elsewhere (the minutes' action log)."""
        return self.section.endswith(ACTION_LOG)

    def page_at(self, offset: int) -> int:
        """The page holding character `offset` of the chunk text."""
        return self.page_start + sum(1 for b in self.page_breaks if b <= offset)

    def embedding_text(self) -> str:
        """What the model reads: the section title gives context the body alone may lack."""
        return f"{self.section}\n{self.text}" if self.section else self.text


@dataclass(frozen=True)
class Citation:
    file: str
    title: str
    pages: tuple[int, ...]
    section: str
    meeting_date: date | None
    quote: str
    body: str = ""         # whose paper, said when the papers are of several bodies

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "pages": list(self.pages),
            "title": self.title,
            "section": self.section,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "quote": self.quote,
            "body": self.body or None,
        }


@dataclass(frozen=True)
class Meeting:
    meeting_date: date
    body: str
    chair: str
    present: str
    apologies: str
    venue: str
    document: str
    page: int


@dataclass(frozen=True)
class Decision:
    meeting_date: date | None
    item: str          # "46. Precept Report 2022/23"
    text: str          # the decision as written
    outcome: str       # "unanimously", or ""
    document: str
    page: int
    body: str = ""     # the panel or committee that took it, as its paper names it

    def as_json(self) -> dict:
        return {"meeting_date": self.meeting_date.isoformat() if self.meeting_date else None, "item": self.item,
                "text": self.text, "outcome": self.outcome, "file": self.document, "page": self.page,
                "body": self.body}


NOT_FOUND = "I couldn't find that in the papers."
# Said to a request for something other than what the papers say ("write a poem about council tax", "book me a table")
NOT_A_QUESTION = "I can only answer questions about what the papers say."
# Said before an answer whose evidence is between [answer] min_evidence and sure_evidence: the quotes are the
# passage that comes closest, and the reader should check them rather than take them as the answer.
TENTATIVE = "I'm not sure the papers answer this; this is the closest passage I found:"


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...] = field(default=())
    latency_ms: float = 0.0
    confident: bool = True   # False: the quotes come closest to an answer but may not be one (TENTATIVE)
    # how long the steps took ("retrieval_ms", "full_text_ms"), for the bench; not part of the answer
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    # what the answer's evidence was measured as (answer/evidence.py), when a passage was weighed; for fitting
    evidence: object = field(default=None, compare=False, repr=False)

    @property
    def caveats(self) -> list[str]:
        """What is said before the answer: that it may not be one (TENTATIVE), when it is not confident."""
        return [] if self.confident else [TENTATIVE]

    def as_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "confident": self.confident,
            "citations": [c.as_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
        }
