"""The analyser registry: one module and one registry entry make a new analysis, and it shows up
everywhere (cache, exports, filters, sorts, summary, table) with no other edit.

WORDS below is such a module in miniature, registered only for these tests by replacing
`reader.analysers.ANALYSERS`, the one list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

import reader.analysers
from reader.analysers import (
    ANALYSERS,
    AnalysisContext,
    by_rank,
    check_registry,
    registered,
)
from reader.analysers.base import AnalyserBase, Earlier, Seen
from reader.analysers.facets import (
    Column,
    CsvColumns,
    Facets,
    FilterField,
    JsonFields,
    SortOrder,
    SummaryCounts,
)
from reader.export import analysis_to_dict, csv_rows, render_text
from reader.model import Analysis, Article, Comment
from reader.pipeline.codec import analyses_from_json, analysis_from_json, analysis_to_json
from reader.pipeline.keys import cache_key
from reader.pipeline.run import iter_comment_analyses
from reader.view.thread_view import CommentFilter, ThreadView


def _length(words: int) -> str:
    return "long" if words >= 5 else "short"


class WordsAnalyser(AnalyserBase[int]):
    """How many words a comment has: the smallest analysis there is."""

    name = "words"
    version = "1"
    needs: tuple[str, ...] = ()
    facets: Facets[int] = Facets(
        columns=(Column("Words", 5, lambda n: (str(n), ""), right=True),),
        filters=(FilterField("length", _length, ("short", "long")),),
        sorts=(SortOrder("words", "most words first", lambda n: -float(n)),),
        detail=lambda n: [("Words      ", "bold $text-muted"), (f"{n}\n", "")],
        summary=(SummaryCounts("length", "Length", lambda value: "$primary"),),
        json=JsonFields(("words",), lambda n: (n,)),
        csv=CsvColumns(("words",), lambda n: (str(n),), own=True),
        text_label=lambda n: f"{n} words",
        text_counts=lambda found: f"words: {sum(found)} in all",
        rank=0,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return ()

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[int]:
        return [len(text.split()) for text in texts]

    def encode(self, result: int) -> Any:
        return result

    def decode(self, value: Any) -> int:
        if type(value) is not int:
            raise ValueError("bad word count")
        return value


WORDS = WordsAnalyser()
HEADLINE = "Council shuts the old bridge"
COMMENTS = (
    Comment("c0", "Ann", "1h", "Good.", 3),
    Comment("c1", "Bob", "2h", "Is there any evidence it is actually unsafe?", 1),
    Comment("c2", "Cy", "3h", "Rubbish, this is an excuse to spend money.", 2),
)


@pytest.fixture
def with_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """WORDS registered after the first real analysers (the three the tests below name), as
    its own module would be."""
    monkeypatch.setattr(reader.analysers, "ANALYSERS", (*ANALYSERS[:3], WORDS))


class FakeCache:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: self.values[k] for k in keys if k in self.values}

    def put_cached(self, items: Mapping[str, str]) -> None:
        self.values.update(items)

    def get_thread(self, key: str) -> bytes | None:
        return None

    def put_thread(self, key: str, value: bytes) -> None:
        raise AssertionError("a short thread gets no record")


def _analysed() -> Analysis:
    article = Article(headline=HEADLINE, comments=COMMENTS)
    batches = iter_comment_analyses(COMMENTS, context=AnalysisContext(article))
    return Analysis(article, (), dict(pair for batch in batches for pair in batch))


def test_the_registry_is_the_real_analysers_in_order() -> None:
    assert [a.name for a in registered()] == [
        "language", "sentiment", "stance", "about", "quoted", "attention"]
    assert [a.name for a in by_rank(registered())] == [
        "stance", "sentiment", "language", "about", "quoted", "attention"]
    check_registry(ANALYSERS)


@pytest.mark.usefixtures("with_words")
def test_a_registered_analyser_is_run_and_cached() -> None:
    cache = FakeCache()
    context = AnalysisContext(Article(headline=HEADLINE))
    found = dict(p for b in iter_comment_analyses(COMMENTS, context=context, cache=cache) for p in b)
    assert [WORDS.of(found[c.id]) for c in COMMENTS] == [1, 8, 8]
    assert set(found["c0"].results) == {"language", "sentiment", "stance", "words"}
    decoded = analyses_from_json(cache.values)
    assert decoded == {cache_key(c.text, context): found[c.id] for c in COMMENTS}
    value = analysis_to_json(found["c1"])
    assert value.endswith(",8]") and analysis_from_json(value) == found["c1"]
    with pytest.raises(ValueError):
        analysis_from_json(value[: -len(",8]")] + ',"eight"]')
    # The key names the analysers: results cached without WORDS are not read as with it.
    assert cache_key("Good.", context) != cache_key("Good.", context, ANALYSERS)


@pytest.mark.usefixtures("with_words")
def test_a_registered_analyser_is_in_every_export() -> None:
    analysis = _analysed()
    comment = analysis_to_dict(analysis)["comments"][1]
    assert list(comment)[-6:] == [
        "language", "language_confidence", "sentiment", "stance", "stance_reason", "words"
    ]
    assert comment["words"] == 8
    rows = list(csv.reader(io.StringIO(_csv_text(analysis))))
    at = rows[0].index("text")  # the tree's columns come after the text
    assert rows[0][at - 1 : at + 1] == ["words", "text"] and rows[2][at - 1] == "8"
    text = render_text(analysis)
    assert "  words: 17 in all\n  stance: " in text  # rank 0: listed first
    assert "[8 words, query " in text


def _csv_text(analysis: Analysis) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(analysis))
    return out.getvalue()


@pytest.mark.usefixtures("with_words")
def test_a_registered_analyser_filters_sorts_and_counts() -> None:
    analysis = _analysed()
    view = ThreadView(COMMENTS)
    view.add_analyses(analysis.comments.items())
    choices = dict(view.filter_choices())
    assert list(choices) == ["length", "stance", "sentiment", "language", "decision", "note"]
    assert choices["length"] == ("short", "long")
    view.set_filter(CommentFilter.where(length={"long"}))
    assert [view.comment_at(row).id for row in range(len(view.rows))] == ["c1", "c2"]
    assert view.sort_keys() == ["thread", "likes", "sentiment", "stance", "words"]
    assert view.sort_title("words") == "most words first"
    assert view.summary().counts("length") == {"short": 1, "long": 2}


@pytest.mark.usefixtures("with_words")
def test_a_registered_analyser_gets_a_column_and_detail_lines() -> None:
    from reader.tui.panes.comments import column_layout
    from reader.tui.panes.detail import comment_content

    titles = [title for title, _, _ in column_layout(ThreadView(COMMENTS).analysers)]
    assert titles == ["Author", "Age", "Likes", "Lang", "Sentiment", "Stance", "Words", "Dec.",
                      "Comment"]
    analysis = _analysed()
    shown = comment_content(COMMENTS[1], analysis.comments["c1"], None).plain
    assert "Stance     query" in shown and "Words      8\n" in shown


@pytest.mark.parametrize(
    ("facets", "clash"),
    [
        (Facets(json=JsonFields(("stance",), lambda n: (n,))), "stance"),
        (Facets(csv=CsvColumns(("id",), lambda n: (str(n),))), "id"),
        (Facets(filters=(FilterField("decision", str),)), "decision"),
        (Facets(sorts=(SortOrder("likes", "likes", float),)), "likes"),
        (Facets(filters=(FilterField("word count", str),)), "word count"),
    ],
)
def test_the_registry_refuses_a_name_taken(facets: Facets[int], clash: str) -> None:
    clashing = WordsAnalyser()
    clashing.facets = facets
    with pytest.raises(ValueError, match=clash):
        check_registry((*ANALYSERS, clashing))


def test_the_registry_refuses_an_analyser_before_one_it_needs() -> None:
    sentiment, stance = ANALYSERS[1], ANALYSERS[2]
    with pytest.raises(ValueError, match="sentiment"):
        check_registry((sentiment, ANALYSERS[0], stance))
    with pytest.raises(ValueError, match="stance"):
        check_registry((*ANALYSERS, stance))
