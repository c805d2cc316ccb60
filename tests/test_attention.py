"""What needs a person first (SPEC section 5 `attention`): reasons in words, one weights table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.analysers.about import AboutLink
from reader.analysers.attention import (
    ATTENTION,
    NO_ATTENTION,
    WEIGHTS,
    Attention,
    assess,
    combined,
    weigh,
)
from reader.analysers.base import AnalysisContext
from reader.analysers.language import Language
from reader.analysers.quoted import QuotedStretch
from reader.analysers.sentiment import score_sentiment
from reader.analysers.thread_signals import signals_of, thread_seen
from reader.model import Article, Comment


@dataclass(frozen=True)
class FakeStance:
    """A stance as the attention analyser reads it (label, uncertain)."""

    label: str
    uncertain: bool = False


KIRBY = (AboutLink("c2", 0.6, False, "John Kirby", "Kirby said Iran had put trainers ..."),)


def results(stance: str = "comment", text: str = "plain words", **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "language": Language("en", 0.99), "sentiment": score_sentiment(text),
        "stance": FakeStance(stance), "about": (), "quoted": (),
    }
    found.update(more)
    return found


def reasons(text: str = "plain words", thread: Article | None = None, **kw: Any) -> tuple[str, ...]:
    signals = signals_of(thread_seen(AnalysisContext(thread))) if thread is not None else None
    return assess(text, results(text=text, **kw), signals).reasons


def test_the_weights_are_one_table_of_reasons() -> None:
    assert all(isinstance(r, str) and 0 < w < 1 for r, w in WEIGHTS)
    assert len({r for r, _ in WEIGHTS}) == len(WEIGHTS)
    assert combined([0.5, 0.5]) == 0.75 and combined([]) == 0.0


def test_disputing_a_claim_names_its_speaker() -> None:
    assert reasons(stance="deny", about=KIRBY) == ("disputes Kirby's claim",)
    negated = (AboutLink("c2", 0.6, True, None, "Iran had ..."),)
    assert reasons(about=negated) == ("disputes a claim",)
    assert reasons(stance="deny") == ("denies the article",)
    assert reasons(stance="deny", about=KIRBY) == reasons(stance="deny", about=KIRBY)


def test_misquotes_count_and_invented_quotes_credited_to_a_speaker_most() -> None:
    altered = QuotedStretch("a b c", 0, 5, "altered", "c1", "a x c")
    absent = QuotedStretch("d e f", 0, 5, "absent", None, None)
    credited = QuotedStretch("d e f", 0, 5, "absent", None, None, (), "John Kirby")
    assert reasons(quoted=(altered,)) == ("misquotes the article",)
    assert reasons(quoted=(credited,)) == ("misquotes the article",)
    assert reasons(quoted=(absent,)) == ("quotes words the article does not have",)
    exact = QuotedStretch("g h i", 0, 5, "exact", "c1", "g h i")
    assert reasons(quoted=(exact,)) == ()


def thread() -> Article:
    return Article(headline="h", comments=(
        Comment("q1", "ann", "1h", "Who paid for the drones?"),
        Comment("q2", "bob", "1h", "Who built the drones?"),
        Comment("a2", "cat", "1h", "The state did.", parent="q2", depth=1),
        Comment("p1", "dan", "1h", "This is wrong and everyone knows it", likes=500),
        *(Comment(f"x{n}", "eve", "1h", f"Filler comment number {n} in English here")
          for n in range(12)),
        Comment("es", "fay", "1h", "Esto no es verdad, los drones vienen de otro sitio"),
        Comment("t1", "gil", "1h", "First turn of an argument about the drones"),
        Comment("t2", "hal", "1h", "Second turn, you are wrong", parent="t1", depth=1),
        Comment("t3", "gil", "1h", "Third turn, no you are wrong", parent="t2", depth=2),
        Comment("t4", "hal", "1h", "Fourth turn, still wrong", parent="t3", depth=3),
    ))


def test_a_question_nobody_answered_in_a_tree_and_one_answered() -> None:
    assert reasons("Who paid for the drones?", thread()) == ("question nobody answered",)
    assert reasons("Who built the drones?", thread()) == ()
    assert reasons("Who paid for the drones?") == ("asks a question",)  # no thread: flat


def test_many_likes_with_a_denial() -> None:
    text = "This is wrong and everyone knows it"
    assert reasons(text, thread(), stance="deny") == ("many likes and a denial",
                                                      "denies the article")


def test_a_language_nobody_else_uses_and_a_long_back_and_forth() -> None:
    spanish = "Esto no es verdad, los drones vienen de otro sitio"
    found = assess(spanish, results(text=spanish, language=Language("es", 0.99)),
                   signals_of(thread_seen(AnalysisContext(thread()))))
    assert "a language the rest of the thread does not use" in found.reasons
    assert reasons("Fourth turn, still wrong", thread()) == (
        "long back-and-forth between two people",)
    assert reasons("Second turn, you are wrong", thread()) == ()


def test_sentiment_and_stance_disagreeing() -> None:
    text = "I love it, wonderful, brilliant, great news"
    assert "sentiment and stance disagree" in reasons(text, stance="deny")
    assert reasons(text, stance="comment") == ()


def test_every_reason_is_kept_heaviest_first_and_the_score_grows_with_them() -> None:
    both = weigh(["asks a question", "misquotes the article"])
    assert both.reasons == ("misquotes the article", "asks a question")
    assert both.score > weigh(["misquotes the article"]).score > 0
    assert weigh([]) == NO_ATTENTION


def test_the_sort_puts_the_highest_first_and_results_round_trip() -> None:
    key = ATTENTION.facets.sorts[0].key
    assert key(Attention(0.9, ("x",))) < key(Attention(0.2, ("y",))) < key(NO_ATTENTION)
    for result in (NO_ATTENTION, Attention(0.5, ("disputes Kirby's claim",))):
        assert ATTENTION.decode(ATTENTION.encode(result)) == result
    for bad in ([0.5], [0.5, [1]], "x", 1):
        try:
            ATTENTION.decode(bad)
        except ValueError:
            continue
        raise AssertionError(f"decoded {bad!r}")


def test_the_thread_facts_are_the_same_each_time() -> None:
    assert thread_seen(AnalysisContext(thread())) == thread_seen(AnalysisContext(thread()))
    assert thread_seen(None) == ()
