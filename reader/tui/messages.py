"""Messages the page, analysis and triage-write workers (and the analysis cache) post; only
their handlers (in the UI thread) touch widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.model import Article, CommentAnalysis, Quote
from reader.view.triage import PlannedAction, WrittenAction

if TYPE_CHECKING:  # the claim finder loads with the analysis, not with the app
    from reader.quotes.claims import Claim


@dataclass
class PageRead(Message):
    """The whole page was parsed (the screen opened on its first comments)."""

    article: Article


@dataclass
class PageReadFailed(Message):
    """Parsing the rest of the page failed (one line, shown to the user)."""

    reason: str


@dataclass
class QuotesAttributed(Message):
    """The article's quotes were found and attributed to speakers."""

    quotes: tuple[Quote, ...]


@dataclass
class ClaimsFound(Message):
    """The article's claims were found (numbered as the claim analysers number them)."""

    claims: tuple[Claim, ...]


@dataclass
class CommentsAnalysed(Message):
    """One batch of comments was analysed (comment id, analysis), in comment order."""

    batch: list[tuple[str, CommentAnalysis]]


@dataclass
class AnalysisFinished(Message):
    """Every comment was analysed."""

    analysed: int


@dataclass
class AnalysisFailed(Message):
    """The analysis stopped with an error (one line, shown to the user)."""

    reason: str


@dataclass
class CacheWarned(Message):
    """The analysis cache stopped being used (one line: it is only a speed-up, so the app goes
    on without it)."""

    reason: str


@dataclass
class TriageWritten(Message):
    """A big triage action (a bulk decision, or its undo) was committed to the store; the
    handler applies it to the session and the screen."""

    written: WrittenAction


@dataclass
class TriageWriteFailed(Message):
    """A big triage action could not be written (one line): nothing was saved or changed."""

    planned: PlannedAction
    reason: str
