"""Claims in the app (SPEC 5), driven through Textual's pilot: the claims pane's counts and its
filter (and back), the selected comment's claim and misquotes, the denials beside the claims
in the article, and the "needs a look" queue with triage and auto-advance (and back).

A hand-written article (tests/claim_articles.py) with hand-made analyses keeps each run fast
and independent of the analysers' models; one test runs the real analysers on the bundled
sample.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from claim_articles import DRONES, drones
from made_analyses import comment_analysis
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent
from waiting import wait_until

from reader.analysers.about import AboutLink
from reader.analysers.article_claims import claims_of, snippet
from reader.analysers.attention import Attention
from reader.analysers.quoted import check_quotes
from reader.analysers.stance import Stance
from reader.formats import load_article, sample_path
from reader.model import Article, Comment, CommentAnalysis, Decision
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.panes.article import ArticleView
from reader.tui.panes.claims import ClaimsList
from reader.tui.panes.misquotes import ADDED_STYLE, DROPPED_STYLE
from reader.tui.screens.filter import FilterScreen
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers
from reader.view.thread_view import CLAIM, CommentFilter

# The claims of DRONES (reader.quotes.claims numbers them in article order):
#  c1 the headline's 'on the ground' (White House)    c3 Kirby's quote, paragraph 1
#  c4 the ministry's forty drones, paragraph 2        c5 the mayor's festival, paragraph 3
KIRBY, DRONES_CLAIM, FESTIVAL = "c3", "c4", "c5"
MISQUOTE = "So 'Iranian soldiers were on the ground in Crimea' now?"
HOSTILE = "[b]Mo[/b][@click=app.quit]"

COMMENTS = (
    Comment("k0", "Ada", "1h ago", "Kirby is wrong, no Iranians were in Crimea.", 3),
    Comment("k1", "Ben", "2h ago", MISQUOTE, 1),
    Comment("k2", "Cy", "3h ago", "Good, the festival goes ahead in spring.", 0),
    Comment("k3", "Di", "4h ago", "Forty drones? No way that is true.", 9),
    Comment("k4", "Ed", "5h ago", "Lovely weather in Kyiv today.", 0),
    Comment("k5", "Flo", "6h ago", "Kirby is right about the Iranians.", 2),
)
ARTICLE = replace(DRONES, comments=COMMENTS, comment_count=len(COMMENTS))


def _link(claim: str, *, negated: bool = False, speaker: str | None = "John Kirby"
          ) -> AboutLink:
    text = drones().by_id[claim].text
    return AboutLink(claim, 0.6, negated, speaker, snippet(text))


def _analysis(stance: str, about: tuple[AboutLink, ...] = (), reasons: tuple[str, ...] = (),
              score: float = 0.0, text: str = "") -> CommentAnalysis:
    quoted = check_quotes(drones(), text, None) if text else ()
    return comment_analysis("en", 0.99, None, Stance(stance, 0.9), about,  # type: ignore[arg-type]
                            quoted, Attention(score, reasons))


ANALYSES = {
    "k0": _analysis("deny", (_link(KIRBY, negated=True),), ("disputes Kirby's claim",), 0.5),
    "k1": _analysis("query", (_link(KIRBY),), ("misquotes the article", "asks a question"),
                    0.68, MISQUOTE),
    "k2": _analysis("support", (_link(FESTIVAL, speaker="Ana Ruiz"),)),
    "k3": _analysis("deny", (_link(DRONES_CLAIM, speaker=None), _link(KIRBY)),
                    (f"disputes {HOSTILE}'s claim",), 0.5),
    "k4": _analysis("comment"),
    "k5": _analysis("support", (_link(KIRBY),), ("asks a question",), 0.2),
}


def _fake_analysers(analyses: dict[str, CommentAnalysis]) -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield list(analyses.items())

    return Analysers(comments=comments)


class NotingApp(ReaderApp):
    """The app, remembering its notifications (every one plain text, never markup)."""

    notified: list[str]

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(store: TriageStore | None = None, article: Article = ARTICLE,
             analyses: dict[str, CommentAnalysis] | None = None) -> NotingApp:
    return NotingApp(article, store, source="drones.txt",
                     analysers=_fake_analysers(ANALYSES if analyses is None else analyses))


async def ready(pilot: Pilot[Any]) -> MainScreen:
    main = pilot.app.screen_stack[0]
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: main.analysis_done and bool(main.claims))
    return main


def painted(widget: Any) -> str:
    """A line-API widget's lines as painted."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def shown_ids(main: MainScreen) -> list[str]:
    return [main.thread.comment_at(row).id for row in range(len(main.thread.rows))]


def current(main: MainScreen) -> str | None:
    comment = main.table.current_comment
    return comment.id if comment else None


def detail(main: MainScreen) -> Content:
    content = main.query_one("#detail-text", Static).content
    assert isinstance(content, Content)
    return content


def styled_words(content: Content, style: str) -> list[str]:
    return [content.plain[span.start:span.end] for span in content.spans
            if str(span.style) == style]


def status(main: MainScreen) -> str:
    content = main.query_one("#status", Static).content
    assert isinstance(content, Content)
    return content.plain


def paragraph(main: MainScreen, number: int) -> Content:
    content = main.query_one(ArticleView).query_one(f"#paragraph-{number}", Static).content
    assert isinstance(content, Content)
    return content


# -- the claims pane ----------------------------------------------------------------------------


def test_the_apps_claims_are_numbered_as_the_analysers_number_them() -> None:
    """The app finds the claims from the quotes it highlights; the analysers from the article
    as they see it: the same claims, the same ids, or the counts would go to the wrong ones."""
    for article in (DRONES, load_article(sample_path())):
        analysers = Analysers()
        found = analysers.claims(article, analysers.quotes(article))
        assert tuple(found) == claims_of(article)




async def test_the_claims_pane_counts_the_comments_that_support_deny_question_each() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        await wait_until(pilot, lambda: bool(claims.stances))
        assert claims.stances[KIRBY] == {"deny": 2, "query": 1, "support": 1}
        text = painted(claims)
        assert "John Kirby" in text and "“Iranian military personnel were on the ground" in text
        assert "4 comments: support 1 · deny 2 · question 1" in text
        assert "1 comment: support 1 · deny 0 · question 0" in text  # the festival
        assert "no comments about it" in text  # the headline's claims
        # a reported claim is in the list too, as the sentence
        assert "According to the Ukrainian defence ministry" in text


async def test_choosing_a_claim_shows_its_comments_and_esc_shows_every_comment_again() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        claims.highlighted = claims.get_option_index(f"claim-{KIRBY}")
        await pilot.press("enter")
        await pilot.pause()
        assert main.thread.filter.values(CLAIM) == {KIRBY}
        assert shown_ids(main) == ["k0", "k1", "k3", "k5"]
        assert "filter: claim=c3" in status(main)
        assert app.focused is main.table  # it leads to the comments
        assert main.query_one("#reading", TabbedContent).active == "article"
        await wait_until(pilot, lambda: main.query_one(ArticleView).chosen_claim is not None)
        assert claims.chosen == KIRBY
        await pilot.press("3")
        assert "▸ “Iranian military personnel" in painted(claims)
        main.table.focus()
        assert any("4 comments about Kirby, 'Iranian military" in n for n in app.notified)
        await pilot.press("escape")
        assert main.thread.filter.is_empty
        assert len(shown_ids(main)) == len(COMMENTS)
        assert "filter" not in status(main)
        assert claims.chosen is None
        await pilot.press("3")
        claims.highlighted = claims.get_option_index("claim-c1")  # the headline's quote
        await pilot.press("enter")
        assert shown_ids(main) == []
        assert app.notified[-1] == ("No comment about White House, 'on the ground'; Esc shows "
                                    "every comment again.")


async def test_choosing_the_chosen_claim_again_shows_every_comment_and_keeps_the_rest() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        main.apply_filter(main.thread.filter.with_values("stance", ["deny"]))
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        claims.highlighted = claims.get_option_index(f"claim-{KIRBY}")
        await pilot.press("enter")
        assert shown_ids(main) == ["k0", "k3"]  # about Kirby's claim, and denying
        assert app.notified[-1] == (
            "2 comments about Kirby, 'Iranian military personnel were on the ground in Crimea "
            "and assisted with these…' that the rest of the filter shows; Esc shows every "
            "comment again.")
        await pilot.press("3")
        claims.highlighted = claims.get_option_index(f"claim-{KIRBY}")
        await pilot.press("enter")
        assert main.thread.filter.values(CLAIM) == frozenset()
        assert main.thread.filter.values("stance") == {"deny"}  # the rest of the filter stays


async def test_the_filter_dialog_keeps_the_claim_unless_cleared() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        main.apply_filter(CommentFilter.where(claim=[KIRBY], stance=["deny"]))
        await pilot.press("F")
        await pilot.press("ctrl+s")  # applied as it is: the dialog has no claim field
        await wait_until(pilot, lambda: not isinstance(app.screen, FilterScreen))
        assert main.thread.filter.values(CLAIM) == {KIRBY}
        assert shown_ids(main) == ["k0", "k3"]
        await pilot.press("F")
        await pilot.click("#filter-clear")
        await wait_until(pilot, lambda: not isinstance(app.screen, FilterScreen))
        assert main.thread.filter.is_empty


# -- the selected comment ------------------------------------------------------------------------


async def test_the_selected_comment_says_its_claim_and_a_key_shows_it_in_the_article() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        assert "About      Kirby, 'Iranian military personnel were on the ground" in \
            detail(main).plain
        assert "A shows it in the article" in detail(main).plain
        await pilot.press("2")  # the captions, so the jump has to change the tab back
        main.table.focus()
        await pilot.press("A")
        article = main.query_one(ArticleView)
        await wait_until(pilot, lambda: article.chosen_claim is not None)
        assert main.query_one("#reading", TabbedContent).active == "article"
        assert article.chosen_claim is not None and article.chosen_claim.id == KIRBY
        assert "bold reverse" in {str(span.style) for span in paragraph(main, 1).spans}
        assert app.focused is main.table  # triage goes on
        await pilot.press("j", "j", "j", "A")  # k3: the drones first, then Kirby's quote
        await wait_until(pilot, lambda: article.chosen_claim.id == DRONES_CLAIM)  # type: ignore[union-attr]
        await pilot.press("A")
        await wait_until(pilot, lambda: article.chosen_claim.id == KIRBY)  # type: ignore[union-attr]
        await pilot.press("j", "A")  # k4: about nothing in particular
        assert app.notified[-1] == "This comment is about no claim in particular."


async def test_a_misquote_shows_the_articles_words_beside_the_comments_changes_marked() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        await pilot.press("j")
        shown = detail(main)
        assert "Misquote   article Iranian military personnel were on the ground in Crimea" \
            in shown.plain
        assert "           comment Iranian soldiers were on the ground in Crimea" in shown.plain
        assert styled_words(shown, DROPPED_STYLE) == ["military", "personnel"]
        assert styled_words(shown, ADDED_STYLE) == ["soldiers"]


# -- the article ---------------------------------------------------------------------------------


async def test_the_article_marks_how_many_comments_deny_each_claim() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        await wait_until(pilot, lambda: "⚑" in paragraph(main, 1).plain)
        # after the quote's closing mark; only claims with denials are marked
        assert "assisted with these operations,' ⚑2 Kirby said." in paragraph(main, 1).plain
        assert paragraph(main, 2).plain.endswith("Monday morning. ⚑1")
        assert "⚑" not in paragraph(main, 3).plain  # supported, never denied
        marks = [span for span in paragraph(main, 1).spans if str(span.style) == "bold $error"]
        assert [paragraph(main, 1).plain[s.start:s.end] for s in marks] == ["⚑2"]


# -- the needs-a-look view -----------------------------------------------------------------------


async def test_needs_a_look_orders_by_attention_with_reasons_and_triage_moves_on(
        tmp_path: Any) -> None:
    with TriageStore(tmp_path / "triage.sqlite3") as store:
        app = make_app(store)
        async with app.run_test(size=(220, 50)) as pilot:  # room for the reasons and the text
            main = await ready(pilot)
            await pilot.press("L")
            assert shown_ids(main) == ["k1", "k0", "k3", "k5"]  # highest first, ties in order
            assert current(main) == "k1"
            assert "sorted: needs a look first" in status(main)
            rows = painted(main.table).splitlines()
            assert "misquotes the article +1 ▸" in rows[1]
            assert "disputes Kirby's claim ▸" in rows[2]
            assert f"disputes {HOSTILE}'s claim ▸" in rows[3]  # a name from the page, inert
            await pilot.press("a")  # keep: on to the next in this order
            assert main.session.record("k1").decision is Decision.KEEP
            assert current(main) == "k0"
            await pilot.press("x")
            assert current(main) == "k3"
            await pilot.press("k", "k", "f")  # k1 again, decided: on to the next undecided
            assert current(main) == "k3"
            await pilot.press("L")  # back to the thread's own order and filter
            assert shown_ids(main) == [c.id for c in COMMENTS]
            assert current(main) == "k3"
            assert "▸" not in painted(main.table)
            assert "thread order" in status(main)


async def test_esc_leaves_needs_a_look_for_the_filter_from_before() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        main.apply_filter(main.thread.filter.with_values(CLAIM, [KIRBY]))
        await pilot.press("L")
        assert shown_ids(main) == ["k1", "k0", "k3", "k5"]
        main.table.move_cursor(2)
        await pilot.press("escape")
        assert not main.thread.in_queue
        assert main.thread.filter.values(CLAIM) == {KIRBY}
        assert shown_ids(main) == ["k0", "k1", "k3", "k5"]
        assert current(main) == "k3"  # the cursor stays on its comment
        await pilot.press("escape")  # then Esc takes the claim off
        assert main.thread.filter.is_empty


async def test_needs_a_look_is_in_the_palette_and_the_help() -> None:
    from reader.tui.actions import help_rows
    from reader.tui.commands import TriageCommands

    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        help_text = "\n".join(f"{keys} {what}" for keys, what in help_rows(app))
        assert "L needs a look" in help_text and "A show the claim" in help_text
        triage = {name: run for name, run, _ in TriageCommands(main).commands(main)}
        triage["Triage: needs a look first (and back)"]()
        assert main.thread.in_queue
        triage["Comment: show its claim in the article"]()
        await wait_until(pilot, lambda: main.query_one(ArticleView).chosen_claim is not None)


# -- untrusted text ------------------------------------------------------------------------------


async def test_claims_and_speakers_from_the_page_are_never_markup() -> None:
    article = Article(
        headline="A row",
        paragraphs=("'[b]We will[/b] win [@click=app.quit]x[/]' said Mallory [i]Evil[/i].",),
        comments=(Comment("h0", "Zed", "now", "Mallory is wrong.", 0),),
    )
    app = make_app(article=article, analyses={"h0": _analysis("deny")})
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        await pilot.press("3")
        text = painted(main.query_one(ClaimsList))
        assert "“[b]We will[/b] win [@click=app.quit]x[/]" in text
        assert app.is_running


# -- the bundled sample, real analysers ----------------------------------------------------------


async def test_the_bundled_sample_counts_marks_and_queues_what_the_analysers_found() -> None:
    article = load_article(sample_path())
    app = NotingApp(article, None, source="sample.txt")
    async with app.run_test(size=(160, 50)) as pilot:
        main = await ready(pilot)
        claims = main.query_one(ClaimsList)
        stances = main.thread.claim_stances()
        await wait_until(pilot, lambda: claims.stances == stances)
        denied = {claim for claim, counts in stances.items() if counts.get("deny")}
        assert denied, "the sample has comments that deny a claim"
        article_view = main.query_one(ArticleView)
        assert article_view.denials == {c: stances[c]["deny"] for c in denied}
        marked = "".join(str(s.content) for s in article_view.query(Static).results(Static))
        assert marked.count("⚑") == len(denied)
        await pilot.press("L")
        scores = [main.thread.analyses[main.thread.comment_at(row).id].results["attention"].score
                  for row in range(len(main.thread.rows))]
        assert scores and scores == sorted(scores, reverse=True) and scores[-1] > 0


async def test_quotes_and_claims_before_the_hidden_tabs_are_shown_once_they_mount(
    monkeypatch: Any,
) -> None:
    """On a loaded machine the analysis worker can report the quotes and the claims before
    the hidden tabs' panes are mounted (a run of the suite beside four busy loops crashed on
    it): nothing fails, and the Claims tab shows them, with their counts, once mounted."""
    mount = MainScreen._mount_hidden_panes
    postponed: list[MainScreen] = []

    async def not_yet(self: MainScreen) -> None:
        postponed.append(self)

    monkeypatch.setattr(MainScreen, "_mount_hidden_panes", not_yet)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await ready(pilot)
        assert postponed == [main] and not main.query(ClaimsList)
        await mount(main)
        await pilot.pause()
        claims_list = main.query_one(ClaimsList)
        assert [claim.id for claim in claims_list.claims or ()] == list(main.claims)
        assert claims_list.stances == main.thread.claim_stances()
        assert claims_list.stances[KIRBY]["deny"] == 2
