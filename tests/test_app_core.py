"""The app's UI-free core: thread view (filter, sort, search, summary) and triage session."""

from __future__ import annotations

import pytest
from made_analyses import comment_analysis

from reader.analysers.sentiment import Sentiment, SentimentTally
from reader.analysers.stance import Stance
from reader.errors import StoreError
from reader.model import (
    Comment,
    CommentAnalysis,
    Decision,
    Quote,
    TriageRecord,
)
from reader.view.thread_view import CommentFilter, ThreadView, quotes_by_speaker, speakers_in_order
from reader.view.triage import MAX_NOTE_LENGTH, TriageSession, normalise_note

COMMENTS = (
    Comment("c0", "Alice", "2h ago", "Saw the smoke myself.", 5),
    Comment("c1", "Bob", "1d ago", "Pull the other one, a cover-up.", 50),
    Comment("c2", "Carol", "3h ago", "Which councillors voted?", 0),
    Comment("c3", "Dora", "1w ago", "Muy mal todo esto.", 12),
    Comment("c4", "alice fan", "5m ago", "Lovely day.", 50),
)


def analysis(stance: str, score: float, compound: float | None, lang: str | None = "en"
             ) -> CommentAnalysis:
    sentiment = None
    if compound is not None:
        label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
        sentiment = Sentiment(compound, 0.1, 0.8, 0.1, label)  # type: ignore[arg-type]
    return comment_analysis(lang, 0.9 if lang else None, sentiment,
                            Stance(stance, score, ("x",)))  # type: ignore[arg-type]


ANALYSES = {
    "c0": analysis("support", 0.8, 0.3),
    "c1": analysis("deny", 0.9, -0.6),
    "c2": analysis("query", 0.7, 0.0),
    "c3": analysis("comment", 0.5, None, "es"),
    "c4": analysis("deny", 0.6, 0.6),
}


def full_view(records: dict[str, TriageRecord] | None = None) -> ThreadView:
    view = ThreadView(COMMENTS, records or {})
    view.add_analyses(ANALYSES.items())
    return view


def ids(view: ThreadView) -> list[str]:
    return [view.comment_at(row).id for row in range(len(view.rows))]


def test_thread_order_is_the_default() -> None:
    assert ids(full_view()) == ["c0", "c1", "c2", "c3", "c4"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("likes", ["c1", "c4", "c3", "c0", "c2"]),  # ties keep thread order
        ("sentiment", ["c1", "c2", "c0", "c4", "c3"]),  # most negative first, none last
        ("stance", ["c1", "c4", "c2", "c0", "c3"]),  # deny (higher score first), query, ...
        ("thread", ["c0", "c1", "c2", "c3", "c4"]),
    ],
)
def test_sorting(key: str, expected: list[str]) -> None:
    view = full_view()
    view.set_sort(key)
    assert ids(view) == expected


def test_unanalysed_comments_sort_last_and_match_no_analysis_filter() -> None:
    view = ThreadView(COMMENTS)
    view.add_analyses([("c2", ANALYSES["c2"])])
    view.set_sort("stance")
    assert ids(view)[0] == "c2"
    view.set_filter(CommentFilter.where(stance={"query"}))
    assert ids(view) == ["c2"]


def test_filters_combine() -> None:
    records = {"c1": TriageRecord("c1", Decision.FLAG, None)}
    view = full_view(records)
    view.set_filter(CommentFilter.where(stance={"deny"}))
    assert ids(view) == ["c1", "c4"]
    view.set_filter(CommentFilter.where(stance={"deny"}, decision={"none"}))
    assert ids(view) == ["c4"]
    view.set_filter(CommentFilter.where(sentiment={"none"}))
    assert ids(view) == ["c3"]
    view.set_filter(CommentFilter.where(language={"es"}))
    assert ids(view) == ["c3"]
    view.set_filter(CommentFilter.where(decision={"flag", "keep"}))
    assert ids(view) == ["c1"]
    assert "decision=flag|keep" in view.filter.describe()
    view.set_filter(CommentFilter())
    assert len(view.rows) == 5 and view.filter.describe() == ""


def test_search_text_and_author_wrapping_both_ways() -> None:
    view = full_view()
    assert view.find("ALICE", -1) == 0  # author, case-insensitive
    assert view.find("alice", 0) == 4  # "alice fan"
    assert view.find("alice", 4) == 0  # wraps
    assert view.find("alice", 0, backwards=True) == 4
    assert view.find("cover-up", 2) == 1  # text
    assert view.find("nothing like this", 0) is None
    assert view.find("   ", 0) is None


def test_search_respects_filtered_rows() -> None:
    view = full_view()
    view.set_filter(CommentFilter.where(stance={"deny"}))
    assert view.find("alice", -1) == 1  # only c1, c4 shown; c4 is row 1
    assert view.row_of("c0") is None


def test_summary_counts() -> None:
    records = {
        "c0": TriageRecord("c0", Decision.KEEP, None),
        "gone": TriageRecord("gone", Decision.HIDE, None),  # not in this save: not counted
    }
    summary = full_view(records).summary(reported=24)
    assert summary.saved == 5 and summary.reported == 24 and summary.analysed == 5
    assert summary.counts("stance") == {"support": 1, "deny": 2, "query": 1, "comment": 1,
                                       "not assessed": 0}
    assert summary.counts("sentiment") == {"positive": 2, "neutral": 1, "negative": 1, "none": 1}
    assert list(summary.counts("language").items()) == [("en", 4), ("es", 1)]
    assert summary.decisions == {"keep": 1, "flag": 0, "hide": 0, "none": 4}
    tally = summary.tally("sentiment")
    assert isinstance(tally, SentimentTally)
    assert sum(tally.histogram) == 4
    assert tally.mean_compound == pytest.approx((0.3 - 0.6 + 0.0 + 0.6) / 4)
    assert [part.name for part in summary.analysers] == [
        "stance", "sentiment", "language", "about", "quoted", "attention"
    ]


def test_reanalysing_a_comment_does_not_double_count() -> None:
    view = full_view()
    view.add_analyses([("c0", ANALYSES["c1"]), ("unknown", ANALYSES["c1"])])
    summary = view.summary()
    assert summary.analysed == 5
    assert summary.counts("stance")["deny"] == 3 and summary.counts("stance")["support"] == 0


def test_quotes_grouped_by_speaker_in_first_quote_order_unattributed_last() -> None:
    quotes = [
        Quote("body", 0, 0, 1, "a", None, "partial"),
        Quote("body", 0, 2, 3, "b", "Kirby", "direct"),
        Quote("body", 1, 0, 1, "c", "Ann", "direct"),
        Quote("body", 2, 0, 1, "d", "Kirby", "direct"),
    ]
    assert speakers_in_order(quotes) == ["Kirby", "Ann", None]
    groups = quotes_by_speaker(quotes)
    assert [(speaker, [q.text for q in group]) for speaker, group in groups] == [
        ("Kirby", ["b", "d"]), ("Ann", ["c"]), (None, ["a"])
    ]


# -- triage session ---------------------------------------------------------------------------


class FakeStore:
    def __init__(self) -> None:
        self.rows: dict[str, TriageRecord] = {}
        self.writes: list[tuple[str, Decision | None, str | None]] = []
        self.fail = False

    def record(self, article_hash: str, comment_id: str) -> TriageRecord:
        return self.rows.get(comment_id) or TriageRecord(comment_id, None, None)

    def change_decision(self, article_hash: str, comment_id: str, decision: Decision | None
                        ) -> tuple[TriageRecord, TriageRecord]:
        before = self.record(article_hash, comment_id)
        return before, self._write(TriageRecord(comment_id, decision, before.note))

    def change_note(self, article_hash: str, comment_id: str, note: str | None
                    ) -> tuple[TriageRecord, TriageRecord]:
        before = self.record(article_hash, comment_id)
        return before, self._write(TriageRecord(comment_id, before.decision, note))

    def _write(self, record: TriageRecord) -> TriageRecord:
        if self.fail:
            raise StoreError("db: disk full")
        self.writes.append((record.comment_id, record.decision, record.note))
        self.rows[record.comment_id] = record
        return record


def test_decide_annotate_and_undo_write_through() -> None:
    store = FakeStore()
    session = TriageSession("h", store, {"c9": TriageRecord("c9", Decision.HIDE, "spam")})
    session.decide("c1", Decision.KEEP)
    session.annotate("c1", "  check   the  numbers ")
    session.decide("c1", Decision.FLAG)
    assert session.record("c1") == TriageRecord("c1", Decision.FLAG, "check the numbers")
    session.undo()
    assert session.record("c1") == TriageRecord("c1", Decision.KEEP, "check the numbers")
    session.undo()
    session.undo()
    assert session.record("c1") == TriageRecord("c1", None, None)
    assert "c1" not in session.records
    assert session.undo() is None and not session.can_undo
    assert store.writes == [
        ("c1", Decision.KEEP, None),
        ("c1", Decision.KEEP, "check the numbers"),
        ("c1", Decision.FLAG, "check the numbers"),
        ("c1", Decision.KEEP, "check the numbers"),
        ("c1", Decision.KEEP, None),
        ("c1", None, None),
    ]
    assert session.record("c9").note == "spam"


def test_clear_keeps_the_note_and_blank_note_removes_it() -> None:
    session = TriageSession("h", None)
    session.decide("c1", Decision.HIDE)
    session.annotate("c1", "abuse")
    session.decide("c1", None)
    assert session.record("c1") == TriageRecord("c1", None, "abuse")
    session.annotate("c1", "   ")
    assert "c1" not in session.records


def test_a_failed_write_changes_nothing() -> None:
    store = FakeStore()
    session = TriageSession("h", store)
    session.decide("c1", Decision.KEEP)
    store.fail = True
    with pytest.raises(StoreError):
        session.decide("c1", Decision.HIDE)
    with pytest.raises(StoreError):
        session.undo()
    assert session.record("c1").decision is Decision.KEEP
    store.fail = False
    session.undo()
    assert session.record("c1").decision is None


def test_note_is_one_bounded_line() -> None:
    assert normalise_note("a\nb\tc") == "a b c"
    assert normalise_note(None) is None
    assert len(normalise_note("x" * 10_000) or "") == MAX_NOTE_LENGTH
