"""What the comment list shows: filtering, sorting, searching and summary counts.

Pure logic over comments, their analyses and triage records, so it is tested without the
app and stays fast at 100,000 comments (rows are indices into the comment tuple; analysis
counts are kept up to date as batches arrive instead of recounted).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from reader.model import (
    STANCE_LABELS,
    Comment,
    CommentAnalysis,
    Quote,
    TriageRecord,
)

SortKey = Literal["thread", "likes", "sentiment", "stance"]
SORT_KEYS: tuple[SortKey, ...] = ("thread", "likes", "sentiment", "stance")
SORT_NAMES: dict[SortKey, str] = {
    "thread": "thread order",
    "likes": "most liked",
    "sentiment": "most negative first",
    "stance": "stance (deny, query, support, comment)",
}

# The filter value for "no value": no sentiment (not English / not analysed yet), language
# not told, no decision.
NONE = "none"
SENTIMENT_VALUES: tuple[str, ...] = ("positive", "neutral", "negative", NONE)
DECISION_VALUES: tuple[str, ...] = ("keep", "flag", "hide", NONE)
# Sentiment histogram: five bins over the compound score [-1, 1].
HISTOGRAM_BINS = 5

_MISSING = float("inf")  # unanalysed (or no sentiment) sorts last
_STANCE_RANK = {"deny": 0, "query": 1, "support": 2, "comment": 3}


@dataclass(frozen=True)
class CommentFilter:
    """Which comments to show; an empty set means "any" for that field."""

    stances: frozenset[str] = frozenset()
    sentiments: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.stances or self.sentiments or self.languages or self.decisions)

    @property
    def uses_analysis(self) -> bool:
        return bool(self.stances or self.sentiments or self.languages)

    def describe(self) -> str:
        """A short plain description for the status line ("" when empty)."""
        parts = []
        for name, values in (
            ("stance", self.stances),
            ("sentiment", self.sentiments),
            ("language", self.languages),
            ("decision", self.decisions),
        ):
            if values:
                parts.append(f"{name}={'|'.join(sorted(values))}")
        return " ".join(parts)


@dataclass(frozen=True)
class ThreadSummary:
    """Counts for the thread summary pane."""

    saved: int
    reported: int | None
    analysed: int
    stances: dict[str, int]
    sentiments: dict[str, int]
    histogram: tuple[int, ...]
    languages: list[tuple[str, int]]
    decisions: dict[str, int]
    mean_compound: float | None = field(default=None)


def _sentiment_value(analysis: CommentAnalysis | None) -> str:
    if analysis is None or analysis.sentiment is None:
        return NONE
    return analysis.sentiment.label


def _language_value(analysis: CommentAnalysis | None) -> str:
    if analysis is None or analysis.language is None:
        return NONE
    return analysis.language


def _histogram_bin(compound: float) -> int:
    position = int((compound + 1.0) / 2.0 * HISTOGRAM_BINS)
    return min(max(position, 0), HISTOGRAM_BINS - 1)


class ThreadView:
    """The comments in display order, with their analyses and decisions attached.

    `rows` holds indices into `comments`; the app renders only the rows on screen.
    `records` is the triage session's live dict, read for decision filters and counts.
    """

    def __init__(
        self, comments: Sequence[Comment], records: Mapping[str, TriageRecord] | None = None
    ) -> None:
        self.comments: tuple[Comment, ...] = tuple(comments)
        self.position_of: dict[str, int] = {c.id: i for i, c in enumerate(self.comments)}
        self.analyses: dict[str, CommentAnalysis] = {}
        self.records: Mapping[str, TriageRecord] = records if records is not None else {}
        self.filter = CommentFilter()
        self.sort_key: SortKey = "thread"
        self.rows: list[int] = list(range(len(self.comments)))
        self._folded: list[str] | None = None
        # Per comment position, kept current as analyses arrive, so filtering and sorting
        # 100,000 rows are list scans and one sort, not a lookup chain per comment.
        count = len(self.comments)
        self._stance_of: list[str | None] = [None] * count
        self._sentiment_of: list[str] = [NONE] * count
        self._language_of: list[str] = [NONE] * count
        self._sentiment_key = array("d", [_MISSING]) * count
        self._stance_key = array("d", [_MISSING]) * count
        self._likes_key: array[float] | None = None
        self._stances: Counter[str] = Counter()
        self._sentiments: Counter[str] = Counter()
        self._languages: Counter[str] = Counter()
        self._histogram = [0] * HISTOGRAM_BINS
        self._compound_sum = 0.0
        self._compound_count = 0

    # -- analysis ---------------------------------------------------------------------------

    def add_analyses(self, batch: Iterable[tuple[str, CommentAnalysis]]) -> int:
        """Attach analyses as they arrive, keeping the summary counts current."""
        added = 0
        for comment_id, analysis in batch:
            position = self.position_of.get(comment_id)
            if position is None:
                continue
            old = self.analyses.get(comment_id)
            if old is not None:
                self._count(old, -1)
            self.analyses[comment_id] = analysis
            self._count(analysis, 1)
            stance = analysis.stance
            self._stance_of[position] = stance.label
            # rank first, then higher score first (score in [0, 1])
            self._stance_key[position] = _STANCE_RANK[stance.label] + 0.5 * (1.0 - stance.score)
            self._sentiment_of[position] = _sentiment_value(analysis)
            if analysis.sentiment is not None:
                self._sentiment_key[position] = analysis.sentiment.compound
            else:
                self._sentiment_key[position] = _MISSING
            self._language_of[position] = _language_value(analysis)
            added += 1
        return added

    def _count(self, analysis: CommentAnalysis, sign: int) -> None:
        self._stances[analysis.stance.label] += sign
        self._sentiments[_sentiment_value(analysis)] += sign
        self._languages[_language_value(analysis)] += sign
        if analysis.sentiment is not None:
            self._histogram[_histogram_bin(analysis.sentiment.compound)] += sign
            self._compound_sum += sign * analysis.sentiment.compound
            self._compound_count += sign

    @property
    def analysed(self) -> int:
        return len(self.analyses)

    def languages(self) -> list[str]:
        """Language values seen so far, most common first (for the filter choices)."""
        return [lang for lang, count in self._languages.most_common() if count > 0]

    # -- rows -------------------------------------------------------------------------------

    def comment_at(self, row: int) -> Comment:
        return self.comments[self.rows[row]]

    def row_of(self, comment_id: str) -> int | None:
        """The row showing a comment, or None when it is filtered out."""
        position = self.position_of.get(comment_id)
        if position is None:
            return None
        try:
            return self.rows.index(position)
        except ValueError:
            return None

    def set_filter(self, comment_filter: CommentFilter) -> None:
        self.filter = comment_filter
        self.refresh_rows()

    def set_sort(self, sort_key: SortKey) -> None:
        self.sort_key = sort_key
        self.refresh_rows()

    def refresh_rows(self) -> list[int]:
        """Recompute `rows` from the filter and sort (after new analyses or decisions)."""
        wanted = self.filter
        rows: list[int] = list(range(len(self.comments)))
        for values, labels in (
            (wanted.stances, self._stance_of),
            (wanted.sentiments, self._sentiment_of),
            (wanted.languages, self._language_of),
        ):
            if values:
                rows = [p for p in rows if labels[p] in values]
        if wanted.decisions:
            decided = self._decision_of()
            rows = [p for p in rows if decided.get(p, NONE) in wanted.decisions]
        if self.sort_key != "thread":
            rows.sort(key=self._sort_keys().__getitem__)
        self.rows = rows
        return rows

    def _decision_of(self) -> dict[int, str]:
        """Position -> decision of the (few) decided comments."""
        decided: dict[int, str] = {}
        for comment_id, record in self.records.items():
            position = self.position_of.get(comment_id)
            if position is not None and record.decision is not None:
                decided[position] = record.decision.value
        return decided

    def _sort_keys(self) -> array[float]:
        """A one-number key per comment (Python's sort is stable, so ties keep thread order)."""
        if self.sort_key == "likes":
            if self._likes_key is None:
                self._likes_key = array("d", (-float(c.likes) for c in self.comments))
            return self._likes_key
        if self.sort_key == "sentiment":
            return self._sentiment_key
        return self._stance_key

    # -- search -----------------------------------------------------------------------------

    def find(self, query: str, after_row: int, *, backwards: bool = False) -> int | None:
        """The next row (wrapping) whose author or text contains `query`, ignoring case."""
        needle = query.casefold().strip()
        if not needle or not self.rows:
            return None
        if self._folded is None:
            self._folded = [f"{c.author}\n{c.text}".casefold() for c in self.comments]
        folded, rows = self._folded, self.rows
        count = len(rows)
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            row = (after_row + step * offset) % count
            if needle in folded[rows[row]]:
                return row
        return None

    # -- summary ----------------------------------------------------------------------------

    def summary(self, reported: int | None = None) -> ThreadSummary:
        # Count the few decided comments, not every comment (100k on each refresh).
        decisions = dict.fromkeys(DECISION_VALUES, 0)
        for comment_id, record in self.records.items():
            if record.decision is not None and comment_id in self.position_of:
                decisions[record.decision.value] += 1
        decisions[NONE] = len(self.comments) - sum(decisions.values())
        mean = self._compound_sum / self._compound_count if self._compound_count else None
        return ThreadSummary(
            saved=len(self.comments),
            reported=reported,
            analysed=self.analysed,
            stances={label: self._stances[label] for label in STANCE_LABELS},
            sentiments={label: self._sentiments[label] for label in SENTIMENT_VALUES},
            histogram=tuple(self._histogram),
            languages=[(lang, n) for lang, n in self._languages.most_common() if n > 0],
            decisions=decisions,
            mean_compound=mean,
        )


def speakers_in_order(quotes: Sequence[Quote]) -> list[str | None]:
    """Speakers in order of first quote (None, for unattributed quotes, last if present)."""
    seen: dict[str, None] = {}
    unattributed = False
    for quote in quotes:
        if quote.speaker is None:
            unattributed = True
        else:
            seen.setdefault(quote.speaker, None)
    speakers: list[str | None] = list(seen)
    if unattributed:
        speakers.append(None)
    return speakers


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[tuple[str | None, list[Quote]]]:
    """Quotes grouped by speaker, speakers in order of first quote, unattributed last."""
    groups: dict[str | None, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.speaker, []).append(quote)
    return [(speaker, groups[speaker]) for speaker in speakers_in_order(quotes)]
