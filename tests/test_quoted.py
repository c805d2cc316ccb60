"""Misquotes (SPEC section 5 `quoted`): what a comment quotes, against the article."""

from __future__ import annotations

from claim_articles import DRONES, drones
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysers.base import AnalysisContext, CommentText
from reader.analysers.quoted import QUOTED, QuotedStretch, check_quotes, worst
from reader.quotes.comment_quotes import quoted_stretches


def found(text: str, parent: str | None = None) -> list[tuple[str, str]]:
    return [(s.found, s.text) for s in check_quotes(drones(), text, parent)]


def test_straight_curly_single_double_and_reddit_quote_lines_are_found() -> None:
    text = ('He said "one two three" and “four five six” then \'seven eight nine\' and '
            "‘ten eleven twelve’.\n> a quoted line here\nthe end")
    assert [s.text for s in quoted_stretches(text)] == [
        "one two three", "four five six", "seven eight nine", "ten eleven twelve",
        "a quoted line here"]
    assert [s.text for s in quoted_stretches("&gt; escaped quote line\nreply")] == [
        "escaped quote line"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Russia's drones aren't new, the drivers' pay isn't either, it's the '90s again"
    assert quoted_stretches(text) == []
    assert [s.text for s in quoted_stretches("'Russia's drones aren't new,' he wrote")] == [
        "Russia's drones aren't new,"]


def test_exact_altered_and_absent() -> None:
    assert found('"Iranian military personnel were on the ground in Crimea" he says') == [
        ("exact", "Iranian military personnel were on the ground in Crimea")]
    assert found('So "Iranian soldiers were on the ground in Crimea" now?') == [
        ("altered", "Iranian soldiers were on the ground in Crimea")]
    assert found('He said "we will flatten Tehran by the weekend" apparently') == [
        ("absent", "we will flatten Tehran by the weekend")]


def test_an_altered_quote_shows_the_articles_words_and_the_difference() -> None:
    (stretch,) = check_quotes(drones(), 'So "Iranian soldiers were on the ground in Crimea"', None)
    assert stretch.article_text == "Iranian military personnel were on the ground in Crimea"
    assert ("-", "military") in stretch.changes and ("+", "soldiers") in stretch.changes
    assert ("=", "ground") in stretch.changes
    assert stretch.claim is not None
    assert drones().by_id[stretch.claim].text.startswith("Iranian military personnel")


def test_case_punctuation_and_an_ellipsis_keep_a_quote_exact() -> None:
    assert found("'IRANIAN military personnel ... assisted with these operations!'") == [
        ("exact", "IRANIAN military personnel ... assisted with these operations!")]


def test_words_credited_to_a_speaker_are_checked_against_that_speakers_quotes() -> None:
    (stretch,) = check_quotes(drones(), 'Kirby said "personnel were on the ground" today', None)
    assert stretch.speaker == "John Kirby" and stretch.found == "exact"
    assert drones().by_id[stretch.claim or ""].speaker == "John Kirby"


def test_scare_quotes_are_no_misquotes() -> None:
    assert found("so-called 'experts' and a 'killer' drone") == [("exact", "killer")]


def test_words_quoted_from_the_parent_comment_are_left_out() -> None:
    parent = "I hear the council has sold the old town hall to a bank."
    assert found("> the council has sold the old town hall\n\nNo it won't", parent) == []
    assert found("> the council has sold the old town hall\n\nNo it won't") == [
        ("absent", "the council has sold the old town hall")]


def test_the_analyser_reads_the_parent_and_round_trips_its_results() -> None:
    seen = QUOTED.sees(AnalysisContext(DRONES))
    reply = CommentText("> forty drones were shot down\n\nsource?", "forty drones were shot down", 1)
    first, second = QUOTED.analyse([reply, "> forty drones were shot down"], seen, {},
                                   parallel=False)
    assert first == () and worst(second) == "exact"
    result = (QuotedStretch("a b c", 1, 6, "altered", "c3", "a x c", (("=", "a"), ("-", "x"),
                                                                      ("+", "b"))),)
    assert QUOTED.decode(QUOTED.encode(result)) == result
    bads: tuple[object, ...] = ([["a", 0, 1, "wrong", None, None, [], None]], [[]], "x")
    for bad in bads:
        try:
            QUOTED.decode(bad)
        except ValueError:
            continue
        raise AssertionError(f"decoded {bad!r}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"“”‘’>\n.…&gt;xs")), max_size=80))
def test_the_finder_never_raises_and_offsets_stay_in_the_text(text: str) -> None:
    for stretch in quoted_stretches(text, {"ab": "Ab"}):
        assert 0 <= stretch.start <= stretch.end <= len(text)
        assert text[stretch.start:stretch.end] == stretch.text
    for checked in check_quotes(drones(), text, None):
        assert checked.found in ("exact", "altered", "absent")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_checked_without_raising(text: str) -> None:
    for checked in check_quotes(drones(), text, text[:20]):
        assert text[checked.start:checked.end] == checked.text
