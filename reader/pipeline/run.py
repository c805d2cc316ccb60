"""Analyse an article: its quotes, and each comment's language, sentiment and stance.

Per comment: language (reader.analysers.language), VADER sentiment unless the comment is known to be in
another language than English (VADER's lexicon is English; a comment whose language cannot be
told still gets VADER, which reads emoji), and stance toward the headline (reader.analysers.stance).

Only the first MAX_ANALYSED_CHARS characters of a comment are analysed, so a pasted 10 MB
comment cannot stall the app; langdetect itself reads at most 10,000 characters.

Speed, for threads of 10,000+ comments: results are cached in the triage database (key: sha256
of ANALYSER_VERSION, context and text; value: compact JSON, see `analysis_to_json`), and a long
thread's results are also kept as one record (`thread_key`), so reopening it is one lookup
rather than one per comment; identical texts are analysed once; language detection runs in
batches (langdetect-rs, all cores); and a large uncached run is spread over worker processes. Every path gives the same results as
`analyze_comment` (tests/test_analysis.py checks this).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol

from reader.analysers.language import (
    LANGUAGE_RULE_VERSION,
    detect_language,
    detect_languages,
    langdetect_version,
)
from reader.analysers.sentiment import score_sentiment, sentiment_label
from reader.analysers.stance import STANCE_MODEL_VERSION, classify_stance
from reader.heap import collector_paused
from reader.model import (
    STANCE_LABELS,
    Analysis,
    Article,
    Comment,
    CommentAnalysis,
    Sentiment,
    new_comment_analysis,
    new_sentiment,
)

MAX_ANALYSED_CHARS = 20_000
CACHE_FORMAT = 1  # bump when analysis_to_json changes
# Below this many distinct uncached texts, starting worker processes costs more than it saves.
PARALLEL_MIN_TEXTS = 2_000
WORKER_CHUNK = 500  # texts per task sent to a worker process
CACHE_FLUSH_EVERY = 5_000  # new cache entries written per transaction
# A thread this long also gets a whole-thread record; a shorter one reopens fast enough from
# the per-text entries, and a folder of small pages should not write a record per page.
THREAD_RECORD_MIN_COMMENTS = 1_000
THREAD_FORMAT = 1  # bump when _ThreadRecord's format changes


class AnalysisCache(Protocol):
    """What the analysis needs from a cache; `reader.storage.store.TriageStore` provides it.

    Per text: `get_cached`/`put_cached`. Per long thread: `get_thread`/`put_thread`, one
    record holding every comment's result (see `thread_key`).
    """

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]: ...

    def put_cached(self, items: Mapping[str, str]) -> None: ...

    def get_thread(self, key: str) -> bytes | None: ...

    def put_thread(self, key: str, value: bytes) -> None: ...


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


# Everything that can change a result. The Python minor version is included because
# langdetect's probabilities differ in the last bits between Python versions (sum()).
ANALYSER_VERSION = "+".join(
    (
        f"analysis{CACHE_FORMAT}",
        f"vader{_package_version('vaderSentiment')}",
        f"langdetect{langdetect_version()}",
        f"rule-{LANGUAGE_RULE_VERSION}",
        f"stance-{STANCE_MODEL_VERSION}",
        f"prefix{MAX_ANALYSED_CHARS}",
        f"py{sys.version_info[0]}.{sys.version_info[1]}",
    )
)


def bounded(text: str) -> str:
    """The part of a comment that is analysed: its first MAX_ANALYSED_CHARS characters."""
    return text[:MAX_ANALYSED_CHARS]


def _combine(
    text: str, language: str | None, confidence: float | None, context: str | None
) -> CommentAnalysis:
    sentiment = None if language is not None and language != "en" else score_sentiment(text)
    return CommentAnalysis(
        language=language,
        language_confidence=confidence,
        sentiment=sentiment,
        stance=classify_stance(text, context),
    )


def analyze_comment(text: str, context: str | None = None) -> CommentAnalysis:
    """Language, sentiment (None when known not to be English) and stance of one comment."""
    text = bounded(text)
    language, confidence = detect_language(text)
    return _combine(text, language, confidence, context)


def _analyze_texts(
    texts: Sequence[str], context: str | None, *, batch_language: bool
) -> list[CommentAnalysis]:
    """`analyze_comment` of each (already bounded) text; languages in one batch call if asked."""
    if batch_language:
        languages = detect_languages(texts)
    else:
        languages = [detect_language(text) for text in texts]
    return [
        _combine(text, language, confidence, context)
        for text, (language, confidence) in zip(texts, languages)
    ]


# -- cache keys and values --------------------------------------------------------------------


def _key_prefix(context: str | None) -> hashlib._Hash:
    digest = hashlib.sha256(ANALYSER_VERSION.encode("ascii"))
    if context is None:
        digest.update(b"\x00N\x00")
    else:
        digest.update(b"\x00C")
        digest.update(context.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest


def _text_key(prefix: hashlib._Hash, text: str) -> str:
    digest = prefix.copy()
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cache_key(text: str, context: str | None = None) -> str:
    """sha256 of ANALYSER_VERSION, context (None differs from "") and the analysed text."""
    return _text_key(_key_prefix(context), bounded(text))


def thread_key(texts: Sequence[str], context: str | None = None) -> str:
    """sha256 of the analyser and thread-record versions, the context and every (bounded) text
    in order. The texts' lengths go in too, so no two lists of texts hash the same bytes."""
    digest = _key_prefix(context)
    digest.update(f"thread{THREAD_FORMAT}".encode("ascii"))
    digest.update(array("q", [len(text) for text in texts]).tobytes())
    # The bytes of "\x00".join(texts), a slice at a time: a 100,000-comment thread is 16 MB.
    for start in range(0, len(texts), 1024):
        if start:
            digest.update(b"\x00")
        digest.update("\x00".join(texts[start : start + 1024]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _ThreadRecord:
    """A whole-thread record, written while the batches go by: each distinct text's cached
    JSON once, in first-seen order, and for each comment the index of its text's entry;
    zlib-compressed as it grows (a fifth of the size), so a 100,000-comment thread never holds
    every result's JSON at once."""

    def __init__(self, key: str) -> None:
        self.key = key  # see thread_key
        self.index: dict[str, int] = {}  # key -> its row
        self.order = array("l")  # each comment's row
        self.packer = zlib.compressobj(1)
        self.pieces = [self.packer.compress(b'{"rows":[')]

    def add(self, keys: Sequence[str], json_of: Callable[[str], str]) -> None:
        """The next comments' keys, in order; `json_of(key)` for a key not seen before."""
        index, packer = self.index, self.packer
        for key in keys:
            row = index.get(key)
            if row is None:
                row = index[key] = len(index)
                value = json_of(key).encode("utf-8")
                self.pieces.append(packer.compress(b"," + value if row else value))
            self.order.append(row)

    def value(self) -> bytes:
        order = ",".join(map(str, self.order)).encode("ascii")
        self.pieces.append(self.packer.compress(b'],"order":[' + order + b"]}"))
        self.pieces.append(self.packer.flush())
        return b"".join(self.pieces)


def _thread_from_value(value: bytes, count: int) -> list[CommentAnalysis] | None:
    """Each comment's analysis from a thread record of `count` comments; None for a record
    that cannot be read (it is then rebuilt from the per-text entries)."""
    try:
        record = json.loads(zlib.decompress(value))
        rows, order = record["rows"], record["order"]
        if type(rows) is not list or type(order) is not list or len(order) != count:
            return None
        if order and min(order) < 0:
            return None
        with collector_paused():  # three new objects per distinct text: see reader.heap
            distinct = [_analysis_from_row(row) for row in rows]
            return [distinct[i] for i in order]
    except (ValueError, TypeError, KeyError, IndexError, zlib.error):
        return None


def analysis_to_json(analysis: CommentAnalysis) -> str:
    """Compact JSON: [language, confidence, [compound, pos, neu, neg] | null,
    [stance label, score, [evidence...]]]. Floats round-trip exactly."""
    sentiment = analysis.sentiment
    stance = analysis.stance
    return json.dumps(
        [
            analysis.language,
            analysis.language_confidence,
            None
            if sentiment is None
            else [sentiment.compound, sentiment.pos, sentiment.neu, sentiment.neg],
            [stance.label, stance.score, list(stance.evidence)],
        ],
        separators=(",", ":"),
    )


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a number")  # noqa: TRY004 - one error type for bad cache values
    return float(value)


def analysis_from_json(value: str) -> CommentAnalysis:
    """The CommentAnalysis `analysis_to_json` wrote; ValueError for anything else.

    Reopening a large thread decodes one value per comment, so the checks are kept cheap.
    """
    try:
        row = json.loads(value)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a cached comment analysis") from exc
    return _analysis_from_row(row)


def analyses_from_json(values: Mapping[str, str]) -> dict[str, CommentAnalysis]:
    """Decode many cached values at once, leaving out any that are unreadable (to be redone).

    One `json.loads` over all of them: a call per value was a third of a cached reopen. A
    value that is not exactly one JSON value makes the joined list invalid or the wrong
    length, and then each value is decoded on its own.
    """
    rows: object = None
    try:
        rows = json.loads("[" + ",".join(values.values()) + "]")
    except ValueError:
        pass
    if not isinstance(rows, list) or len(rows) != len(values):
        rows = [None] * len(values)
        for i, value in enumerate(values.values()):
            try:
                rows[i] = json.loads(value)
            except (ValueError, TypeError):
                pass
    decoded: dict[str, CommentAnalysis] = {}
    with collector_paused():  # three new objects per comment: see reader.heap
        for key, row in zip(values, rows):
            try:
                decoded[key] = _analysis_from_row(row)
            except (ValueError, TypeError):
                pass  # an unreadable entry is recomputed and replaced
    return decoded


def _analysis_from_row(row: Any) -> CommentAnalysis:
    """A decoded cache row as a CommentAnalysis; ValueError when it has the wrong shape."""
    try:
        language, confidence, scores, (label, score, evidence) = row
    except (ValueError, TypeError) as exc:
        raise ValueError("not a cached comment analysis") from exc
    if language is None:
        if confidence is not None:
            raise ValueError("bad language confidence")
    elif type(language) is not str:
        raise ValueError("bad language")
    elif type(confidence) is not float:
        confidence = _number(confidence)
    sentiment: Sentiment | None = None
    if scores is not None:
        if type(scores) is not list or len(scores) != 4:
            raise ValueError("bad sentiment")
        compound, pos, neu, neg = scores
        if not (type(compound) is type(pos) is type(neu) is type(neg) is float):
            compound, pos, neu, neg = map(_number, scores)
        sentiment = new_sentiment(compound, pos, neu, neg, sentiment_label(compound))
    if label not in STANCE_LABELS or type(evidence) is not list:
        raise ValueError("bad stance")
    try:
        "".join(evidence)  # the quick test that every item is a string: TypeError if not
    except TypeError:
        raise ValueError("bad stance evidence") from None
    if type(score) is not float:
        score = _number(score)
    return new_comment_analysis(language, confidence, sentiment, label, score, tuple(evidence))


# -- worker processes ---------------------------------------------------------------------------

_pool_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker() -> None:
    """Worker initializer: exit with the parent, then load the lexicons, profiles and stance
    model once per worker rather than in its first task."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    analyze_comment("Warm up the analysers with a short English sentence.", "Warm up")


def _exit_with_parent(sentinel: int) -> None:
    """A pool worker blocks on its task queue forever once its parent is gone (killed, or
    ended with os._exit): without this, it and the forkserver would outlive the app."""
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def _worker_pool() -> ProcessPoolExecutor:
    """One pool for the life of the program. forkserver/spawn, not fork: the app has threads."""
    global _pool
    with _pool_lock:
        if _pool is None:
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["reader.pipeline.run"])
            # This process works on the same texts (see _SharedWork): one core is its own.
            _pool = ProcessPoolExecutor(
                max_workers=max(1, _usable_cores() - 1),
                mp_context=context,
                initializer=_start_worker,
            )
        return _pool


def _discard_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _analyze_to_json(texts: list[str], context: str | None) -> list[str]:
    """Worker task: JSON of each text's analysis (one detection at a time: a worker is one
    core, so no nested batch threads)."""
    return [analysis_to_json(a) for a in _analyze_texts(texts, context, batch_language=False)]


# -- many comments ---------------------------------------------------------------------------


def iter_comment_analyses(
    comments: Sequence[Comment],
    *,
    context: str | None = None,
    cache: AnalysisCache | None = None,
    batch_size: int = 200,
) -> Iterator[list[tuple[str, CommentAnalysis]]]:
    """Analyse `comments`, yielding (comment id, analysis) lists in comment order as batches
    finish (for a progress bar). Cached results are reused and new ones stored.

    A large uncached run also uses worker processes (forkserver/spawn): as with any
    multiprocessing code, a script that calls this must guard its entry point with
    `if __name__ == "__main__":`.
    """
    batch_size = max(1, batch_size)
    texts = [bounded(comment.text) for comment in comments]
    whole = None
    if cache is not None and len(texts) >= THREAD_RECORD_MIN_COMMENTS:
        whole = thread_key(texts, context)
        value = cache.get_thread(whole)
        found = None if value is None else _thread_from_value(value, len(texts))
        if found is not None:
            for start in range(0, len(comments), batch_size):
                stop = min(start + batch_size, len(comments))
                yield [(comments[i].id, found[i]) for i in range(start, stop)]
            return
    prefix = _key_prefix(context)
    keys = [_text_key(prefix, text) for text in texts]
    known: dict[str, CommentAnalysis] = {}
    cached: dict[str, str] = {}
    if cache is not None and keys:
        cached = cache.get_cached(keys)
        known = analyses_from_json(cached)
    todo: dict[str, str] = {}  # distinct uncached key -> text, in first-seen order
    for key, text in zip(keys, texts):
        if key not in known and key not in todo:
            todo[key] = text
    pending: dict[str, str] = {}  # new JSON values not yet written to the cache
    record = _ThreadRecord(whole) if whole is not None else None
    held: dict[str, str] = {}  # new JSON values written to the cache, not yet to the record
    if record is None:
        cached = {}  # only the record needs the cached JSON kept

    def json_of(key: str) -> str:
        """A result's JSON for the record: new (recomputing an unreadable entry) or cached."""
        value = pending.get(key)
        if value is None:
            value = held.pop(key, None)
        return cached.pop(key) if value is None else value

    def flush() -> None:
        if cache is not None and pending:
            cache.put_cached(dict(pending))
            if record is not None:  # results of later comments, done early in a chunk
                held.update((k, v) for k, v in pending.items() if k not in record.index)
            pending.clear()

    shared = (
        _SharedWork(todo, context, keep_json=cache is not None)
        if _worth_processes(len(todo))
        else None
    )
    try:
        for start in range(0, len(comments), batch_size):
            stop = min(start + batch_size, len(comments))
            missing = [k for k in dict.fromkeys(keys[start:stop]) if k not in known] if todo else []
            if shared is not None and missing:
                missing = shared.resolve(missing, known, pending)
            if missing:
                results = _analyze_texts([todo[k] for k in missing], context, batch_language=True)
                for key, analysis in zip(missing, results):
                    known[key] = analysis
                    if cache is not None:
                        pending[key] = analysis_to_json(analysis)
            if record is not None:
                record.add(keys[start:stop], json_of)
            if len(pending) >= CACHE_FLUSH_EVERY:
                flush()
            yield [(comments[i].id, known[keys[i]]) for i in range(start, stop)]
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


def _worth_processes(uncached: int) -> bool:
    """Worker processes pay off for a large run on several cores, when they can start safely:
    not when __main__ is a file that cannot be re-imported (stdin, a deleted script)."""
    if uncached < PARALLEL_MIN_TEXTS or _usable_cores() < 2:
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


class _SharedWork:
    """Uncached texts in chunks, shared between worker processes and this process.

    Chunks go to the pool last first, so the workers start from the end while this process
    works from the front (its first batches, and the progress bar, come at once); a chunk
    this process reaches before a worker took it is cancelled there and done here. Results
    come back as the same JSON the cache keeps, so every path decodes the same values.
    """

    def __init__(self, todo: Mapping[str, str], context: str | None, *, keep_json: bool) -> None:
        self.todo = todo
        self.context = context
        self.keep_json = keep_json  # fill `pending` for the cache
        items = list(todo)
        self.chunks = [items[i : i + WORKER_CHUNK] for i in range(0, len(items), WORKER_CHUNK)]
        self.chunk_of = {key: n for n, chunk in enumerate(self.chunks) for key in chunk}
        self.futures: dict[int, Future[list[str]]] = {}
        try:
            pool = _worker_pool()
            for n in reversed(range(len(self.chunks))):
                texts = [todo[key] for key in self.chunks[n]]
                self.futures[n] = pool.submit(_analyze_to_json, texts, context)
        except (OSError, RuntimeError, ValueError, BrokenProcessPool):
            # No processes here (sandbox, no semaphores, interpreter shutting down, a stderr
            # without a file descriptor: "bad value(s) in fds_to_keep"): the chunks not
            # submitted are done in this process.
            _discard_pool()

    def resolve(
        self, missing: list[str], known: dict[str, CommentAnalysis], pending: dict[str, str]
    ) -> list[str]:
        """Fill `known` for `missing` from whole chunks; return keys left to compute here (a
        chunk whose worker failed is recomputed here, where an error will surface)."""
        left: list[str] = []
        for key in missing:
            if key in known:
                continue
            n = self.chunk_of[key]
            future = self.futures.pop(n, None)
            if future is None:
                left.append(key)
                continue
            chunk = self.chunks[n]
            if future.cancel():  # no worker took it yet: do the whole chunk here
                texts = [self.todo[k] for k in chunk]
                results = _analyze_texts(texts, self.context, batch_language=True)
                for chunk_key, analysis in zip(chunk, results):
                    known[chunk_key] = analysis
                    if self.keep_json:
                        pending[chunk_key] = analysis_to_json(analysis)
                continue
            try:
                values = future.result()
            except BrokenProcessPool:
                _discard_pool()
                left.append(key)
                continue
            except Exception:  # noqa: BLE001 - recomputed here, where the error will surface
                left.append(key)
                continue
            for chunk_key, value in zip(chunk, values):
                known[chunk_key] = analysis_from_json(value)
                if self.keep_json:
                    pending[chunk_key] = value
        return [key for key in left if key not in known]

    def cancel(self) -> None:
        for future in self.futures.values():
            future.cancel()
        self.futures.clear()


def analyze(article: Article, *, cache: AnalysisCache | None = None) -> Analysis:
    """Quotes and per-comment analysis of `article` (comment stance toward its headline)."""
    from reader.quotes.attribution import (
        attribute_quotes,  # imported here: only this function needs it
    )

    comments: dict[str, CommentAnalysis] = {}
    with collector_paused():  # a few new objects per comment, none in a cycle: see reader.heap
        for batch in iter_comment_analyses(
            article.comments, context=article.headline, cache=cache
        ):
            comments.update(batch)
    return Analysis(article=article, quotes=tuple(attribute_quotes(article)), comments=comments)


__all__ = [
    "ANALYSER_VERSION",
    "MAX_ANALYSED_CHARS",
    "AnalysisCache",
    "analyses_from_json",
    "analysis_from_json",
    "analysis_to_json",
    "analyze",
    "analyze_comment",
    "bounded",
    "cache_key",
    "iter_comment_analyses",
    "thread_key",
]
