"""The thread view's side of the claims (SPEC 5), without the app: the claim filter, the
stances counted per claim, the "needs a look" view and its way back; and the marks of a
misquote's changed words."""

from __future__ import annotations

from made_analyses import comment_analysis

from reader.analysers import registered
from reader.analysers.about import AboutLink
from reader.analysers.attention import Attention
from reader.analysers.quoted import QuotedStretch
from reader.analysers.stance import Stance
from reader.model import Comment, CommentAnalysis
from reader.tui.panes.misquotes import ADDED_STYLE, DROPPED_STYLE, marked
from reader.view.thread_view import CLAIM, CommentFilter, ThreadView

COMMENTS = tuple(Comment(f"k{n}", f"A{n}", "now", f"text {n}", n) for n in range(5))


def _link(claim: str) -> AboutLink:
    return AboutLink(claim, 0.5, False, "John Kirby", "words")


def _analysis(stance: str, claims: tuple[str, ...] = (), score: float = 0.0,
              reasons: tuple[str, ...] = (), quoted_claim: str | None = None) -> CommentAnalysis:
    quoted = (QuotedStretch("x y", 0, 3, "altered", quoted_claim, "x z"),) if quoted_claim \
        else ()
    return comment_analysis("en", 0.9, None, Stance(stance, 0.9),  # type: ignore[arg-type]
                            tuple(_link(c) for c in claims), quoted, Attention(score, reasons))


def _view() -> ThreadView:
    view = ThreadView(COMMENTS)
    view.add_analyses([
        ("k0", _analysis("deny", ("c1",), 0.5, ("disputes Kirby's claim",))),
        ("k1", _analysis("support", ("c1", "c2"))),
        ("k2", _analysis("query", ("c2",), 0.7, ("misquotes the article", "asks a question"),
                         quoted_claim="c3")),
        ("k3", _analysis("comment", (), 0.2, ("asks a question",))),
    ])  # k4 not analysed yet
    return view


def test_the_claim_filter_shows_the_comments_about_a_claim() -> None:
    view = _view()
    view.set_filter(CommentFilter.where(claim={"c2"}))
    assert view.rows == [1, 2]
    assert view.filter.uses_analysis  # refreshed as analyses arrive
    view.add_analyses([("k4", _analysis("deny", ("c2",)))])
    assert view.refresh_rows() == [1, 2, 4]
    assert view.filter.describe() == "claim=c2"


def test_stances_are_counted_per_claim_and_follow_new_analyses() -> None:
    view = _view()
    assert view.claim_stances() == {"c1": {"deny": 1, "support": 1},
                                    "c2": {"support": 1, "query": 1}}
    view.add_analyses([("k1", _analysis("deny", ("c2",)))])  # analysed again
    assert view.claim_stances() == {"c1": {"deny": 1}, "c2": {"deny": 1, "query": 1}}


def test_a_comment_leads_to_the_claims_it_is_about_then_those_it_quotes() -> None:
    view = _view()
    assert view.claims_of_comment("k2") == ["c2", "c3"]
    assert view.claims_of_comment("k3") == []
    assert view.claims_of_comment("nope") == []


def test_needs_a_look_sorts_by_attention_keeps_the_filter_and_goes_back() -> None:
    view = _view()
    view.set_filter(CommentFilter.where(decision={"none"}))
    view.set_sort("likes")
    assert view.reasons_at(2) == ()  # reasons are shown only in the view
    assert view.open_queue() is None
    assert view.in_queue
    assert view.rows == [2, 0, 3]  # highest first; no reason, not shown
    assert view.filter.decisions == {"none"}
    assert view.reasons_at(2) == ("misquotes the article", "asks a question")
    view.close_queue()
    assert not view.in_queue
    assert view.sort_key == "likes" and view.filter == CommentFilter.where(decision={"none"})
    assert view.rows == [4, 3, 2, 1, 0]


def test_needs_a_look_needs_the_attention_analysis() -> None:
    view = ThreadView(COMMENTS, analysers=[a for a in registered() if a.name != "attention"])
    assert view.open_queue() is not None
    assert not view.in_queue


def test_a_filter_on_a_claim_and_needs_a_look_together() -> None:
    view = _view()
    view.set_filter(view.filter.with_values(CLAIM, ["c1"]))
    view.open_queue()
    assert view.rows == [0]
    view.close_queue()
    assert view.rows == [0, 1]


def test_the_changed_words_are_marked_where_they_stand() -> None:
    changes = (("=", "Iranian"), ("-", "military"), ("-", "personnel"), ("+", "soldiers"),
               ("=", "were"))
    article = marked("Iranian military personnel were", changes, "-", DROPPED_STYLE)
    comment = marked("Iranian soldiers were", changes, "+", ADDED_STYLE)
    assert article is not None and comment is not None
    assert [article.plain[s.start:s.end] for s in article.spans] == ["military", "personnel"]
    assert [comment.plain[s.start:s.end] for s in comment.spans] == ["soldiers"]
    # words that do not line up with the changes: no marks rather than wrong ones
    assert marked("Iranian soldiers were here", changes, "+", ADDED_STYLE) is None


def test_the_selected_comment_says_which_key_shows_its_claim() -> None:
    from claim_articles import drones

    from reader.analysers.quoted import check_quotes
    from reader.tui.panes.detail import comment_content

    text = "So 'Iranian soldiers were on the ground in Crimea' now?"
    misquoted = comment_analysis("en", 0.9, None, Stance("query", 0.9),
                                 (), check_quotes(drones(), text, None))
    comment = Comment("m0", "Ben", "now", text, 0)
    shown = comment_content(comment, misquoted, None, claim_key="A").plain
    assert "About      no claim in particular" in shown
    assert "A shows the quoted words in the article" in shown
    about = comment_content(COMMENTS[0], _analysis("deny", ("c1",)), None, claim_key="A").plain
    assert "About      Kirby, 'words'" in about and "A shows it in the article" in about
    assert "shows" not in comment_content(COMMENTS[0], _analysis("deny"), None,
                                          claim_key="A").plain
