"""The pipeline's own shortcuts give what the long way gave: without a cache no text is
hashed (a key need only tell texts apart, as the cache key does), and without a cache a worker
process hands back the analyses themselves, exactly as their JSON would decode."""

from __future__ import annotations

import pickle
from collections.abc import Sequence

import pytest
from test_analysis import FakeCache

from reader.analysers import ANALYSERS, AnalysisContext
from reader.analysers.base import CommentText
from reader.model import Article, Comment, CommentAnalysis
from reader.pipeline import batch, pool, run
from reader.pipeline.codec import analyses_from_json
from reader.pipeline.keys import key_prefix

CONTEXT = AnalysisContext(Article(headline="Council shuts the old bridge for repairs"))
TEXTS = [
    "Good. That bridge has been falling apart for years.",
    "Is there any evidence it is actually unsafe?",
    "El puente lleva años en mal estado.",
    "lol",
    "",
    "a lone surrogate \udcff in a comment",
]


def threaded(n: int) -> list[Comment]:
    """Replies and repeats: equal texts under different parents and at different depths."""
    items: list[Comment] = []
    for i in range(n):
        parent = None if i % 3 == 0 else f"c{(i * 7) % max(i, 1)}"
        depth = 0 if parent is None else 1 + i % 2
        text = TEXTS[i % len(TEXTS)] + ("" if i % 4 else f" ({i % 9})")
        items.append(
            Comment(id=f"c{i}", author="a", age="1d", text=text, parent=parent, depth=depth)
        )
    items.append(Comment(id="gone", author="a", age="1d", text=TEXTS[0], parent="nowhere", depth=3))
    return items


def all_results(items: Sequence[Comment], **kwargs: object) -> list[tuple[str, CommentAnalysis]]:
    found = run.iter_comment_analyses(items, context=CONTEXT, **kwargs)  # type: ignore[arg-type]
    return [pair for results in found for pair in results]


def test_identity_keys_tell_texts_apart_exactly_as_cache_keys_do() -> None:
    texts = [*TEXTS, *TEXTS]
    for parent in (None, "", TEXTS[0], TEXTS[1], TEXTS[0] + "x"):
        for depth in (0, 1, 2):
            texts += [CommentText(text, parent, depth) for text in TEXTS]
    prefix = key_prefix(ANALYSERS, batch.seen_by(ANALYSERS, CONTEXT))
    hashed = [run.reply_key(prefix, text) for text in texts]
    identity = run.identity_keys(texts)
    for i in range(len(texts)):
        for j in range(len(texts)):
            assert (identity[i] == identity[j]) == (hashed[i] == hashed[j]), (i, j)
    assert len(dict.fromkeys(identity)) == len(set(hashed))


def test_in_thread_is_its_parts() -> None:
    items = threaded(40)
    texts = [c.text for c in items]
    made, tree = run.in_thread(items, texts)
    found = run.reply_texts(items, texts)
    assert found is not None
    assert made == found[0] and tree == [run.tree_shape(items, found[1])]
    assert [(t.parent, t.depth) for t in made] == [  # type: ignore[attr-defined]
        (None if p < 0 else texts[p], c.depth) for p, c in zip(found[1], items)
    ]
    flat = [Comment(id=f"f{i}", author="a", age="1d", text=t) for i, t in enumerate(TEXTS)]
    assert run.reply_texts(flat, TEXTS) is None
    assert run.in_thread(flat, TEXTS) == (TEXTS, [])


def test_a_run_without_a_cache_hashes_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    items = threaded(60)
    cache = FakeCache()
    cached = all_results(items, cache=cache)

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("a text was hashed without a cache")

    for name in ("key_prefix", "reply_key", "thread_key_from"):
        monkeypatch.setattr(run, name, refuse)
    assert all_results(items) == cached
    assert all_results(items, batch_size=7) == cached


def test_worker_task_without_cache_gives_what_its_json_would() -> None:
    texts = [c.text for c in threaded(30)]
    seen = batch.seen_by(ANALYSERS, CONTEXT)
    made = pickle.loads(pickle.dumps(pool._analyse(texts, seen, ANALYSERS)))
    values = dict(enumerate(pool._analyse_to_json(texts, seen, ANALYSERS)))
    decoded = list(analyses_from_json(values, ANALYSERS).values())
    assert [repr(a) for a in made] == [repr(a) for a in decoded]  # types and float bits too


def test_worker_process_threaded_equal_to_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    items = threaded(150)
    monkeypatch.setattr(pool, "PARALLEL_MIN_TEXTS", 10**9)
    alone = all_results(items)
    monkeypatch.setattr(pool, "PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    monkeypatch.setattr(pool, "WORKER_CHUNK", 8)
    assert [repr(pair) for pair in all_results(items, batch_size=11)] == [repr(p) for p in alone]
    assert pool._pool is not None  # the worker process really was used
    cache = FakeCache()
    assert all_results(items, batch_size=11, cache=cache) == alone
    assert all_results(items, cache=cache) == alone  # and read back
