"""Analyse an article: its quotes, and each comment with every registered analyser.

The analysers (reader.analysers: language, sentiment, stance) see a comment's text, bounded
(reader.pipeline.batch), and what each declares it reads of the article (the headline).

Speed, for threads of 10,000+ comments: results are cached in the triage database (key:
reader.pipeline.keys; value: compact JSON, reader.pipeline.codec), and a long thread's results
are also kept as one record (reader.pipeline.thread_record), so reopening it is one lookup
rather than one per comment; identical texts are analysed once; an analyser may work on a
batch at once (language detection runs on all cores); and a large uncached run is spread over
worker processes (reader.pipeline.pool). Every path gives the same results as
`analyze_comment` (tests/test_analysis.py checks this).

Memory, for `reader analyze` at a million comments: a result is held only until the last
comment with its text has been given, cached values are decoded a batch at a time, and the
thread record is written and read a batch at a time, so what grows with the thread is an
index (each comment's key), not the results (tests/test_flat_memory.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Hashable, Mapping, Sequence
from typing import Any, Protocol, cast

from reader.analysers import Analyser, AnalysisContext, registered
from reader.analysers.base import CommentText, reads_replies, replies_of
from reader.heap import collector_paused
from reader.model import Analysis, Article, Comment, CommentAnalysis
from reader.pipeline import batch, pool
from reader.pipeline.batch import MAX_ANALYSED_CHARS, bounded
from reader.pipeline.codec import analyses_from_json, analysis_to_json
from reader.pipeline.keys import key_prefix, text_key, thread_key_from
from reader.pipeline.thread_record import ThreadRecord, thread_batches

CACHE_FLUSH_EVERY = 5_000  # new cache entries written per transaction
# A thread this long also gets a whole-thread record; a shorter one reopens fast enough from
# the per-text entries, and a folder of small pages should not write a record per page.
THREAD_RECORD_MIN_COMMENTS = 1_000


class AnalysisCache(Protocol):
    """What the analysis needs from a cache; `reader.storage.store.TriageStore` provides it.

    Per text: `get_cached`/`put_cached`. Per long thread: `get_thread`/`put_thread`, one
    record holding every comment's result (see `reader.pipeline.keys.thread_key`).
    """

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]: ...

    def put_cached(self, items: Mapping[str, str]) -> None: ...

    def get_thread(self, key: str) -> bytes | None: ...

    def put_thread(self, key: str, value: bytes) -> None: ...


def in_thread(comments: Sequence[Comment], texts: list[str]) -> tuple[list[str], list[str]]:
    """Each text as a CommentText carrying its parent's text and its depth, and the tree's
    shape as one string (each comment's parent index and depth) for the thread's key. A
    parent not in `comments` counts as the article."""
    found = reply_texts(comments, texts)
    if found is None:
        return texts, []  # a flat thread: plain texts, keyed as they always were
    made, parents = found
    return made, [tree_shape(comments, parents)]


def reply_texts(
    comments: Sequence[Comment], texts: list[str]
) -> tuple[list[str], list[int]] | None:
    """`in_thread`'s texts and each comment's parent index (-1: the article), without the
    shape string, which only a thread record's key reads; None for a flat thread."""
    if all(comment.parent is None and not comment.depth for comment in comments):
        return None
    index = {comment.id: n for n, comment in enumerate(comments)}
    parents = [-1 if c.parent is None else index.get(c.parent, -1) for c in comments]
    made: list[str] = [
        CommentText(text, None if parent < 0 else texts[parent], comment.depth)
        for comment, text, parent in zip(comments, texts, parents)
    ]
    return made, parents


def tree_shape(comments: Sequence[Comment], parents: list[int]) -> str:
    """Each comment's parent index and depth, for a thread record's key."""
    return ",".join([f"{parent}:{comment.depth}" for comment, parent in zip(comments, parents)])


def reply_key(prefix: hashlib._Hash, text: str) -> str:
    """A text's cache key; a reply's also holds its parent's text and its depth. Its bytes
    start with 0xFF, which no UTF-8 text holds, and give the lengths, so no plain text and
    no other (text, parent, depth) hashes the same bytes."""
    parent, depth = replies_of(text)
    if parent is None and depth == 0:
        return text_key(prefix, text)
    digest = prefix.copy()
    head = f"reply:{len(text)}:{-1 if parent is None else len(parent)}:{depth}:"
    digest.update(b"\xff" + head.encode("ascii"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    digest.update((parent or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def identity_keys(texts: list[str]) -> list[Hashable]:
    """Without a cache, a key need only tell texts apart: the text itself, or for a reply
    the text, its parent's text and its depth (what `reply_key` hashes), so that equal keys
    are equal `reply_key`s and no text is hashed with sha256 (serial work before a worker
    process starts: 7-20 ms at 10,000 comments)."""
    return [
        (text, text.parent, text.depth)
        if isinstance(text, CommentText) and (text.parent is not None or text.depth != 0)
        else text
        for text in texts
    ]


def analyze_comment(
    text: str,
    context: AnalysisContext | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> CommentAnalysis:
    """Every analyser's result for one comment (one text at a time, on one core)."""
    analysers = registered() if analysers is None else analysers
    seen = batch.seen_by(analysers, context)
    return batch.analyse_texts([bounded(text)], seen, analysers, parallel=False)[0]


# Shape: one generator holds the run's state (keys, cached and pending results, the thread
# record, the shared work) across yields; split, that state would be passed around in pieces.
def iter_comment_analyses(
    comments: Sequence[Comment],
    *,
    context: AnalysisContext | None = None,
    cache: AnalysisCache | None = None,
    batch_size: int = 200,
    analysers: Sequence[Analyser[Any]] | None = None,
    thread_record: bool = True,
) -> Generator[list[tuple[str, CommentAnalysis]], None, None]:
    """Analyse `comments`, yielding (comment id, analysis) lists in comment order as batches
    finish (for a progress bar). Cached results are reused and new ones stored; not
    `thread_record`: `comments` are a part of a thread (reader.pipeline.streamed), so no
    whole-thread record is read or written.

    A large uncached run also uses worker processes (forkserver/spawn): as with any
    multiprocessing code, a script that calls this must guard its entry point with
    `if __name__ == "__main__":`.
    """
    analysers = tuple(registered() if analysers is None else analysers)
    batch_size = max(1, batch_size)
    seen = batch.seen_by(analysers, context)
    texts = [comment.text[:MAX_ANALYSED_CHARS] for comment in comments]  # bounded(), inline
    tree: list[str] = []  # the reply tree, for the thread record's key
    if any(reads_replies(analyser) for analyser in analysers):
        found_replies = reply_texts(comments, texts)
        if found_replies is not None:
            texts, parents = found_replies
            if cache is not None:
                tree = [tree_shape(comments, parents)]
            del parents
    whole = None
    done = 0  # comments already given from the thread record
    # The cached JSON, decoded a batch at a time (an unreadable value is recomputed then).
    cached: dict[Hashable, str] = {}
    if cache is None:
        keys = identity_keys(texts)
    else:
        prefix = key_prefix(analysers, seen)
        if thread_record and len(texts) >= THREAD_RECORD_MIN_COMMENTS:
            whole = thread_key_from(prefix, texts + tree)
            value = cache.get_thread(whole)
            found = (
                None if value is None else thread_batches(value, len(texts), batch_size, analysers)
            )
            del value  # the record's rows are read a batch at a time, from its own copy
            while found is not None:
                try:
                    results = next(found)
                except StopIteration:
                    return
                except ValueError:  # a row that cannot be read: the record is rebuilt, below
                    break
                yield [(comments[done + n].id, result) for n, result in enumerate(results)]
                done += len(results)
        hashed = [reply_key(prefix, text) for text in texts]
        if hashed:
            cached = cast("dict[Hashable, str]", cache.get_cached(hashed))
        keys = cast("list[Hashable]", hashed)
    # Distinct uncached key -> text, in first-seen order (a repeated key's text is an equal
    # text: that is what its key says).
    todo = {key: text for key, text in zip(keys, texts) if key not in cached}
    known: dict[Hashable, CommentAnalysis] = {}  # results of the keys met again later on
    pending: dict[Hashable, str] = {}  # new JSON values not yet written to the cache
    record = ThreadRecord(whole) if whole is not None else None
    held: dict[Hashable, str] = {}  # new JSON values written to the cache, not yet to the record

    def json_of(key: str) -> str:
        """A result's JSON for the record: new (recomputing an unreadable entry) or cached."""
        value = pending.get(key)
        if value is None:
            value = held.pop(key, None)
        return cached.pop(key) if value is None else value

    def flush() -> None:
        if cache is not None and pending:
            cache.put_cached(cast("dict[str, str]", dict(pending)))
            if record is not None:  # results of later comments, done early in a chunk
                held.update((k, v) for k, v in pending.items() if k not in record.index)
            pending.clear()

    shared = (
        pool.SharedWork(todo, seen, analysers, keep_json=cache is not None)
        if pool.worth_processes(len(todo))
        else None
    )
    # After the worker process has its work: a result is dropped after its key's last comment.
    last = _last_of_repeats(keys)
    try:
        for start in range(0, len(comments), batch_size):
            stop = min(start + batch_size, len(comments))
            new = [k for k in dict.fromkeys(keys[start:stop]) if k not in known]
            if cached and new:
                _decode_cached(new, cached, known, analysers, keep=record is not None)
            missing = [k for k in new if k not in known]
            if shared is not None and missing:
                missing = shared.resolve([k for k in missing if k in todo], known, pending)
                missing = [k for k in new if k not in known]  # and unreadable cached values
            if missing:
                text_of = dict(zip(keys[start:stop], texts[start:stop]))
                # Batch threads only without worker processes: with them, they would fight.
                results = batch.analyse_texts(
                    [text_of[k] for k in missing], seen, analysers, parallel=shared is None
                )
                for key, analysis in zip(missing, results):
                    known[key] = analysis
                    if cache is not None:
                        pending[key] = analysis_to_json(analysis, analysers)
            if record is not None:
                record.add(cast("list[str]", keys[start:stop]), json_of)
            if len(pending) >= CACHE_FLUSH_EVERY:
                flush()
            if stop > done:
                yield [(comments[i].id, known[keys[i]]) for i in range(start, stop)]
            for i in range(start, stop):  # a result no later comment needs is let go
                if last.get(keys[i], i) == i:
                    del known[keys[i]]
        flush()
        if record is not None and cache is not None:
            cache.put_thread(record.key, record.value())
    finally:
        if shared is not None:
            shared.cancel()
        if pending:  # the caller stopped early: keep what was computed, if the cache still can
            try:
                flush()
            except Exception:  # noqa: BLE001, S110 - a cache that cannot take them loses nothing
                pass


def _last_of_repeats(keys: list[Hashable]) -> dict[Hashable, int]:
    """The last index of each key that is met more than once (most are met once)."""
    once: set[Hashable] = set()
    repeated: set[Hashable] = set()
    for key in keys:
        if key in once:
            repeated.add(key)
        else:
            once.add(key)
    del once
    return {key: i for i, key in enumerate(keys) if key in repeated}


def _decode_cached(
    keys: list[Hashable],
    cached: dict[Hashable, str],
    known: dict[Hashable, CommentAnalysis],
    analysers: Sequence[Analyser[Any]],
    *,
    keep: bool,
) -> None:
    """Decode the cached values of `keys` into `known` (one that cannot be read is left out,
    to be recomputed); `keep` leaves their JSON in `cached` (for the thread record)."""
    values = {key: cached[key] for key in keys if key in cached}
    known.update(analyses_from_json(values, analysers))
    if not keep:
        for key in values:
            del cached[key]


def analyze(article: Article, *, cache: AnalysisCache | None = None) -> Analysis:
    """Quotes and per-comment analysis of `article` (each analyser sees what it declares of it)."""
    from reader.quotes.attribution import (
        attribute_quotes,  # imported here: only this function needs it
    )

    comments: dict[str, CommentAnalysis] = {}
    with collector_paused():  # a few new objects per comment, none in a cycle: see reader.heap
        for found in iter_comment_analyses(
            article.comments, context=AnalysisContext(article), cache=cache
        ):
            comments.update(found)
    return Analysis(article=article, quotes=tuple(attribute_quotes(article)), comments=comments)


__all__ = [
    "MAX_ANALYSED_CHARS",
    "AnalysisCache",
    "analyze",
    "analyze_comment",
    "bounded",
    "iter_comment_analyses",
]
