"""Triage counts cover the comments on this page only (QA: a page saved again after the site
removed a comment still counted the decision on it: `3 of 29 triaged` with one not shown).

The store keeps every decision for the article; the session keeps them all (the history lists
the others as not on this page) but counts only those on the page.
"""

from __future__ import annotations

from pathlib import Path

from reader.formats import parse_page, sample_path
from reader.model import Article, Decision, TriageRecord
from reader.storage.store import TriageStore
from reader.view.triage import TriageSession

KEV = "Kev on two wheels"


def _pages() -> tuple[Article, Article]:
    """The bundled sample, and the same page saved again without Kev's comment."""
    lines = sample_path().read_text(encoding="utf-8").split("\n")
    assert lines[54] == KEV  # sed '55,61d': his author line to his like count
    resaved = "\n".join(lines[:54] + lines[61:])
    return parse_page("\n".join(lines)), parse_page(resaved, source="resaved.txt")


def test_a_decision_on_a_comment_no_longer_on_the_page_is_not_counted(tmp_path: Path) -> None:
    first, resaved = _pages()
    assert first.content_hash == resaved.content_hash
    assert len(resaved.comments) == len(first.comments) - 1
    kev = next(c.id for c in first.comments if c.author == KEV)
    others = [c.id for c in resaved.comments[:2]]
    with TriageStore(tmp_path / "t.db") as store:
        key = first.content_hash
        TriageSession(key, store, store.load(key)).decide(kev, Decision.KEEP)
        TriageSession(key, store, store.load(key)).decide(others[0], Decision.FLAG)
        TriageSession(key, store, store.load(key)).decide(others[1], Decision.HIDE)
        on_page = {c.id for c in resaved.comments}
        session = TriageSession(key, store, store.load(key))
        session.set_page(on_page)
        assert session.decision_counts == {Decision.KEEP: 0, Decision.FLAG: 1, Decision.HIDE: 1}
        assert session.triaged == 2
        assert session.records[kev].decision is Decision.KEEP  # still there, for the history
        # A bulk decision on every comment of the page: as many triaged as the page holds.
        session.decide_many(on_page, Decision.HIDE)
        assert session.triaged == len(resaved.comments)
        assert session.decision_counts[Decision.HIDE] == len(resaved.comments)
        session.undo()
        assert session.decision_counts == {Decision.KEEP: 0, Decision.FLAG: 1, Decision.HIDE: 1}
        # An undo reaching back to the first run (Kev's keep) changes no count on this page.
        session.undo()
        session.undo()
        assert session.record(others[0]).decision is None
        assert session.decision_counts == {Decision.KEEP: 0, Decision.FLAG: 0, Decision.HIDE: 0}
        assert session.undo() is not None  # Kev's keep, made in the first run
        assert kev not in session.records
        assert session.triaged == 0


def test_a_change_to_a_comment_off_the_page_leaves_the_counts() -> None:
    records = {"gone": TriageRecord("gone", Decision.FLAG, None)}
    session = TriageSession("h", None, records)
    session.set_page({"c0", "c1"})
    assert session.triaged == 0
    session.decide("gone", Decision.HIDE)
    session.decide("c0", Decision.KEEP)
    assert session.decision_counts == {Decision.KEEP: 1, Decision.FLAG: 0, Decision.HIDE: 0}
    session.decide("gone", None)
    assert session.triaged == 1


def test_the_whole_of_a_long_page_is_counted_once_it_is_read() -> None:
    records = {
        "c0": TriageRecord("c0", Decision.KEEP, None),
        "c900": TriageRecord("c900", Decision.FLAG, "later on the page"),
        "gone": TriageRecord("gone", Decision.HIDE, None),
    }
    session = TriageSession("h", None, records)
    session.set_page({"c0"})  # the start of the page
    assert session.triaged == 1
    counts = session.decision_counts
    session.set_page({"c0", "c900"})
    assert session.decision_counts is counts  # the same mapping, counted again
    assert session.decision_counts == {Decision.KEEP: 1, Decision.FLAG: 1, Decision.HIDE: 0}
    session.set_page(None)  # no page given: every record counts
    assert session.triaged == 3


class _CountingPage(set[str]):
    """A page's ids that count how often they are asked about."""

    asked = 0

    def __contains__(self, item: object) -> bool:
        _CountingPage.asked += 1
        return super().__contains__(item)


def test_a_decision_asks_the_page_once_not_once_per_comment() -> None:
    page = _CountingPage(f"c{i}" for i in range(10_000))
    session = TriageSession("h", None)
    session.set_page(page)
    _CountingPage.asked = 0
    session.decide("c5", Decision.KEEP)
    session.decide("c5", Decision.FLAG)
    assert _CountingPage.asked == 2
    assert session.decision_counts[Decision.FLAG] == 1
