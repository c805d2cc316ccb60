"""Comment analysis: every path (one by one, batched, cached, worker processes) gives the same
results; non-English comments get no sentiment; huge comments are bounded."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from made_analyses import comment_analysis

from reader.analysers import ANALYSERS, AnalysisContext
from reader.analysers.language import LANGUAGE
from reader.analysers.sentiment import SENTIMENT, Sentiment, score_sentiment
from reader.analysers.stance import Stance
from reader.model import Article, Comment, CommentAnalysis
from reader.pipeline import batch, keys, pool, thread_record
from reader.pipeline import run as analysis
from reader.pipeline.codec import analysis_from_json, analysis_to_json
from reader.pipeline.keys import cache_key
from reader.pipeline.run import MAX_ANALYSED_CHARS, analyze_comment, iter_comment_analyses

HEADLINE = "Council shuts the old bridge for repairs until spring"
CONTEXT = AnalysisContext(Article(headline=HEADLINE))

BASE = [
    "Good. That bridge has been falling apart for years.",
    "Is there any evidence it is actually unsafe? Who did the survey?",
    "Rubbish, this is just an excuse to spend money. Nobody believes it.",
    "I drive over it every day and saw the cracks myself, it's true.",
    "El puente lleva años en mal estado, ya era hora de arreglarlo.",
    "Le pont est dangereux depuis longtemps, c'est une bonne décision.",
    "Die Brücke ist seit Jahren marode, endlich tut jemand etwas.",
    "😀😀😀",
    "lol",
    "Totally agree!",
    "What a waste of time and money 🙄",
    "我们不同意这个说法，这是假新闻，根本没有发生。",
]


def comments(n: int) -> list[Comment]:
    """n comments built from BASE, most with a distinct tail, some exact repeats."""
    out = []
    for i in range(n):
        text = BASE[i % len(BASE)]
        if i % 5:
            text = f"{text} (#{i // len(BASE)})"
        out.append(Comment(id=f"c{i}", author=f"user{i}", age="1d ago", text=text))
    return out


class FakeCache:
    """The cache methods TriageStore offers, counting the per-text puts."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.threads: dict[str, bytes] = {}
        self.puts = 0

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: self.values[k] for k in keys if k in self.values}

    def put_cached(self, items: Mapping[str, str]) -> None:
        self.puts += 1
        self.values.update(items)

    def get_thread(self, key: str) -> bytes | None:
        return self.threads.get(key)

    def put_thread(self, key: str, value: bytes) -> None:
        self.threads[key] = value


def use_worker_processes(monkeypatch: pytest.MonkeyPatch, chunk: int | None = None) -> None:
    """Send even a small run to worker processes, as on a machine with two cores."""
    monkeypatch.setattr(pool, "PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    if chunk is not None:
        monkeypatch.setattr(pool, "WORKER_CHUNK", chunk)


def run(items: Sequence[Comment], **kwargs: object) -> list[tuple[str, CommentAnalysis]]:
    return [pair for batch in iter_comment_analyses(items, **kwargs) for pair in batch]  # type: ignore[arg-type]


def code(result: CommentAnalysis) -> str | None:
    language = LANGUAGE.of(result)
    return None if language is None else language.code


def test_non_english_gets_no_sentiment() -> None:
    spanish = analyze_comment(BASE[4], CONTEXT)
    assert code(spanish) == "es"
    assert SENTIMENT.of(spanish) is None
    english = analyze_comment(BASE[0], CONTEXT)
    assert code(english) == "en"
    assert SENTIMENT.of(english) == score_sentiment(BASE[0])


def test_unknown_language_still_gets_vader() -> None:
    emoji = analyze_comment("😀😀😀")
    assert LANGUAGE.of(emoji) is None and "language" in emoji.results
    sentiment = SENTIMENT.of(emoji)
    assert sentiment is not None and sentiment.label == "positive"


def test_batches_in_order_and_equal_to_one_by_one() -> None:
    items = comments(50)
    batches = list(iter_comment_analyses(items, context=CONTEXT, batch_size=7))
    assert [len(b) for b in batches] == [7] * 7 + [1]
    pairs = [pair for batch in batches for pair in batch]
    assert [cid for cid, _ in pairs] == [c.id for c in items]
    assert [a for _, a in pairs] == [analyze_comment(c.text, CONTEXT) for c in items]


def test_worker_processes_give_identical_results(monkeypatch: pytest.MonkeyPatch) -> None:
    items = comments(240)
    monkeypatch.setattr(pool, "PARALLEL_MIN_TEXTS", 10**9)
    sequential = run(items, context=CONTEXT)
    use_worker_processes(monkeypatch, chunk=16)
    parallel = run(items, context=CONTEXT, batch_size=25)
    assert parallel == sequential
    assert pool._pool is not None  # the pool really was used
    cache = FakeCache()
    assert run(items, context=CONTEXT, batch_size=25, cache=cache) == sequential
    assert {k: analysis_from_json(v) for k, v in cache.values.items()} == {
        cache_key(c.text, CONTEXT): a for c, (_, a) in zip(items, sequential)
    }


def test_no_worker_processes_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise OSError("no semaphores here")

    items = comments(60)
    expected = run(items, context=CONTEXT)
    use_worker_processes(monkeypatch)
    monkeypatch.setattr(pool, "worker_pool", refuse)
    assert run(items, context=CONTEXT) == expected


def test_cache_round_trip_with_a_fake_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    items = comments(80)
    cache = FakeCache()
    first = run(items, context=CONTEXT, cache=cache)
    distinct = {cache_key(c.text, CONTEXT) for c in items}
    assert set(cache.values) == distinct

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached comment was analysed again")

    monkeypatch.setattr(batch, "analyse_texts", fail)
    assert run(items, context=CONTEXT, cache=cache) == first


def test_cache_key_depends_on_version_context_and_text() -> None:
    found = {
        cache_key("same text"),
        cache_key("same text", AnalysisContext(Article(headline=""))),
        cache_key("same text", CONTEXT),
        cache_key("other text", CONTEXT),
    }
    assert len(found) == 4
    assert cache_key("same text", CONTEXT) == cache_key("same text", CONTEXT)
    header = keys.key_header(ANALYSERS, batch.seen_by(ANALYSERS, CONTEXT))
    assert "vader" in header and "stance" in header and "langdetect" in header
    assert f'"format":{keys.CACHE_FORMAT}' in header and HEADLINE in header


def test_cache_key_covers_exactly_what_the_analysers_see() -> None:
    """Stance reads the headline and first paragraph (the claim) and nothing else of the
    article: a new later paragraph keeps the key, a new headline or first paragraph does not.
    The claim analysers (about, quoted) read the whole article: a new paragraph changes it."""
    first = AnalysisContext(Article(headline=HEADLINE, paragraphs=("The claim.",)))
    edited = AnalysisContext(Article(headline=HEADLINE, paragraphs=("The claim.", "A new one.")))
    stance_only = ANALYSERS[:3]
    assert cache_key("same text", edited, stance_only) == cache_key("same text", first, stance_only)
    assert cache_key("same text", edited) != cache_key("same text", first)
    assert cache_key("same text", first) != cache_key("same text", CONTEXT)
    renamed = AnalysisContext(Article(headline=HEADLINE + "!"))
    assert cache_key("same text", renamed) != cache_key("same text", CONTEXT)
    assert [a.sees(edited) for a in stance_only] == [(), (), ("", HEADLINE, "The claim.")]


def test_cache_key_changes_with_an_analysers_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key("same text", CONTEXT)
    monkeypatch.setattr(type(SENTIMENT), "version", "vader-next")
    assert cache_key("same text", CONTEXT) != before


def test_unreadable_cache_entries_are_recomputed() -> None:
    items = comments(12)
    cache = FakeCache()
    expected = run(items, context=CONTEXT, cache=cache)
    for n, key in enumerate(cache.values):
        cache.values[key] = ["not json", "[1,2]", '[["en",0.9],null,["nonsense",0.5,[]]]'][n % 3]
    assert run(items, context=CONTEXT, cache=cache) == expected
    assert all(analysis_from_json(v) for v in cache.values.values())


def test_stopping_early_keeps_what_was_computed() -> None:
    items = comments(100)
    cache = FakeCache()
    batches = iter_comment_analyses(items, context=CONTEXT, cache=cache, batch_size=10)
    next(batches)
    next(batches)
    batches.close()
    assert {cache_key(c.text, CONTEXT) for c in items[:20]} <= set(cache.values)


# -- whole-thread records --------------------------------------------------------------------


@pytest.fixture
def long_threads(monkeypatch: pytest.MonkeyPatch) -> int:
    """Make a 30-comment thread count as long, so it gets a whole-thread record."""
    monkeypatch.setattr(analysis, "THREAD_RECORD_MIN_COMMENTS", 30)
    return 30


def no_per_text_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "analyse_texts", lambda *a, **k: pytest.fail("analysed"))
    monkeypatch.setattr(analysis, "analyses_from_json", lambda *a, **k: pytest.fail("per text"))


def test_a_long_thread_reopens_from_its_record(
    long_threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = comments(long_threads + 5)
    cache = FakeCache()
    first = run(items, context=CONTEXT, cache=cache)
    assert first == run(items, context=CONTEXT)
    assert list(cache.threads) == [keys.thread_key([c.text for c in items], CONTEXT)]
    no_per_text_path(monkeypatch)
    batches = list(iter_comment_analyses(items, context=CONTEXT, cache=cache, batch_size=10))
    assert [len(b) for b in batches] == [10, 10, 10, 5]
    assert [pair for batch in batches for pair in batch] == first


def test_a_short_thread_gets_no_record(long_threads: int) -> None:
    cache = FakeCache()
    run(comments(long_threads - 1), context=CONTEXT, cache=cache)
    assert cache.threads == {}
    assert cache.values  # the per-text entries are still kept


def test_the_record_holds_recomputed_entries(long_threads: int) -> None:
    items = comments(long_threads)
    cache = FakeCache()
    expected = run(items, context=CONTEXT, cache=cache)
    for key in cache.values:
        cache.values[key] = "not json"
    cache.threads.clear()
    assert run(items, context=CONTEXT, cache=cache) == expected
    (value,) = cache.threads.values()
    assert thread_record.thread_from_value(value, len(items)) == [a for _, a in expected]


@pytest.mark.parametrize("processes", [False, True])
def test_the_record_is_written_as_results_come(
    long_threads: int, monkeypatch: pytest.MonkeyPatch, processes: bool
) -> None:
    """Results flushed to the cache before their comments' batch (a worker's chunk runs ahead)
    still reach the record, in comment order."""
    items = comments(240)
    expected = [a for _, a in run(items, context=CONTEXT)]
    monkeypatch.setattr(analysis, "CACHE_FLUSH_EVERY", 7)
    if processes:
        use_worker_processes(monkeypatch, chunk=16)
    cache = FakeCache()
    assert [a for _, a in run(items, context=CONTEXT, batch_size=25, cache=cache)] == expected
    (value,) = cache.threads.values()
    assert thread_record.thread_from_value(value, len(items)) == expected


def test_a_missing_record_is_rebuilt_from_the_cached_entries(
    long_threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = comments(long_threads * 2)
    cache = FakeCache()
    expected = run(items, context=CONTEXT, cache=cache)
    written = dict(cache.threads)
    cache.threads.clear()
    monkeypatch.setattr(batch, "analyse_texts", lambda *a, **k: pytest.fail("analysed"))
    assert run(items, context=CONTEXT, cache=cache) == expected
    assert cache.threads == written


def _record(body: str) -> bytes:
    return zlib.compress(body.encode())


@pytest.mark.parametrize(
    "value",
    [
        b"not zlib",
        _record("not json"),
        _record("[]"),
        _record('{"rows": [], "order": []}'),  # a record of no comments
        _record('{"rows": {}, "order": []}'),
    ],
)
def test_an_unreadable_record_is_rebuilt(long_threads: int, value: bytes) -> None:
    items = comments(long_threads)
    cache = FakeCache()
    expected = run(items, context=CONTEXT, cache=cache)
    (key,) = cache.threads
    cache.threads[key] = value
    assert run(items, context=CONTEXT, cache=cache) == expected
    assert thread_record.thread_from_value(cache.threads[key], len(items)) == [a for _, a in expected]


ROW = '[null, null, ["comment", 0.5, []], [], [], 0]'


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_readable_record(count: int) -> None:
    record = _record(f'{{"rows": [{ROW}], "order": {[0] * count}}}')
    analysed = comment_analysis(None, None, None, Stance("comment", 0.5, ()))
    assert thread_record.thread_from_value(record, count) == [analysed] * count


@pytest.mark.parametrize(
    "body",
    [
        f'{{"rows": [{ROW}], "order": [-1]}}',
        f'{{"rows": [{ROW}], "order": [1]}}',
        f'{{"rows": [{ROW}], "order": [0.0]}}',
        f'{{"rows": [{ROW}], "order": ["0"]}}',
        f'{{"rows": [{ROW}], "order": [null]}}',
        '{"rows": [["en"]], "order": [0]}',
        f'{{"rows": [{ROW}], "order": 0}}',
        f'{{"rows": [{ROW}]}}',
    ],
)
def test_a_record_of_the_wrong_shape_is_refused(body: str) -> None:
    assert thread_record.thread_from_value(_record(body), 1) is None


def test_stopping_early_writes_no_record(long_threads: int) -> None:
    cache = FakeCache()
    batches = iter_comment_analyses(
        comments(long_threads * 2), context=CONTEXT, cache=cache, batch_size=10
    )
    next(batches)
    batches.close()
    assert cache.threads == {}


def test_thread_key_depends_on_every_text_in_order_and_the_context() -> None:
    found = {
        keys.thread_key(["ab", "c"]),
        keys.thread_key(["a", "bc"]),
        keys.thread_key(["c", "ab"]),
        keys.thread_key(["ab", "c"], AnalysisContext(Article(headline=""))),
        keys.thread_key(["ab", "c"], CONTEXT),
        keys.thread_key(["ab\x00c"]),
        keys.thread_key(["ab", "", "c"]),
    }
    assert len(found) == 7
    assert keys.thread_key(["ab", "c"], CONTEXT) == keys.thread_key(["ab", "c"], CONTEXT)


def test_thread_key_of_a_long_thread_hashes_every_text() -> None:
    """The key is hashed a slice of texts at a time; it is the hash of the whole join."""
    texts = [f"comment {i}" for i in range(3000)]
    digest = keys.key_prefix(ANALYSERS, batch.seen_by(ANALYSERS, CONTEXT))
    digest.update(f"thread{keys.THREAD_FORMAT}".encode())
    digest.update(array("q", map(len, texts)).tobytes())
    digest.update("\x00".join(texts).encode())
    assert keys.thread_key(texts, CONTEXT) == digest.hexdigest()
    moved = texts[:1023] + [texts[1023] + " " + texts[1024]] + texts[1025:]
    assert keys.thread_key(moved, CONTEXT) != digest.hexdigest()


def test_real_store_keeps_records(
    tmp_path: Path, long_threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_module = pytest.importorskip("reader.storage.store")
    items = comments(long_threads)
    with store_module.TriageStore(tmp_path / "triage.sqlite3") as store:
        first = run(items, context=CONTEXT, cache=store)
    no_per_text_path(monkeypatch)
    with store_module.TriageStore(tmp_path / "triage.sqlite3") as store:
        assert run(items, context=CONTEXT, cache=store) == first


def test_json_round_trip_is_exact() -> None:
    cases = [
        comment_analysis(
            "en",
            0.9999952705984434,
            Sentiment(0.1, 0.2, 0.7, 0.1, "positive"),
            Stance("support", 0.61, ("'saw' (support +0.8)",)),
        ),
        comment_analysis(
            None,
            None,
            Sentiment(-0.05, 0.0, 0.9, 0.1, "negative"),
            Stance("comment", 0.3333333333333333, ()),
        ),
        comment_analysis(
            "es", 0.5714279654116534, None, Stance("deny", 1.0, ('«mentira» \ud800 "quoted"',))
        ),
    ]
    cases += [analyze_comment(c.text, CONTEXT) for c in comments(24)]
    for case in cases:
        assert analysis_from_json(analysis_to_json(case)) == case


def test_a_one_megabyte_comment_completes() -> None:
    huge = "This bridge story is nonsense and everyone knows it. " * 20_000
    assert len(huge) > 1_000_000
    result = analyze_comment(huge, CONTEXT)
    assert result == analyze_comment(huge[:MAX_ANALYSED_CHARS], CONTEXT)
    assert code(result) == "en"
    [[(cid, batched)]] = list(iter_comment_analyses([Comment("big", "a", "1d", huge)]))
    assert cid == "big" and batched == analyze_comment(huge)


def test_real_store_as_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_module = pytest.importorskip("reader.storage.store", reason="reader.storage.store not there yet")
    items = comments(40)
    with store_module.TriageStore(tmp_path / "triage.sqlite3") as store:
        first = run(items, context=CONTEXT, cache=store)
    monkeypatch.setattr(batch, "analyse_texts", lambda *a, **k: pytest.fail("not cached"))
    with store_module.TriageStore(tmp_path / "triage.sqlite3") as store:
        assert run(items, context=CONTEXT, cache=store) == first


def test_analyze_article() -> None:
    pytest.importorskip("reader.quotes.attribution", reason="reader.quotes.attribution (quotes helper) not there yet")
    article = Article(
        headline=HEADLINE,
        paragraphs=('"It is not safe," said the engineer, Ann Lee.',),
        comments=tuple(comments(30)),
    )
    result = analysis.analyze(article)
    assert result.article is article
    assert list(result.comments) == [c.id for c in article.comments]
    assert result.comments["c1"] == analyze_comment(article.comments[1].text, CONTEXT)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1",
        "{}",
        "[1,2,3,4]",
        "[1,2,3]",
        '["en",0.9,null,["comment",1.0,[]]]',  # the layout of cache format 1
        '[["en",0.9],null,["nonsense",1.0,[]]]',
        '[["en",null],null,["comment",1.0,[]]]',
        '[[null,0.5],null,["comment",1.0,[]]]',
        '[["en"],null,["comment",1.0,[]]]',
        '[null,[1,2],["comment",1.0,[]]]',
        '[["en",0.9],null,["comment",1.0,[3]]]',
        '[["en",0.9],null,["comment","1",[]]]',
        '[["en",true],null,["comment",1.0,[]]]',
        '[["en",0.9],null,["comment",1.0,"ab"]]',
        '[["en",0.9],null,["comment",1.0,["ok",null]]]',
        '[["en",0.9],null,[["comment"],1.0,[]]]',
        '[["en",0.9],[0.5,"x",0.5,0.0],["comment",1.0,[]]]',
        '[["en",0.9],[0.5,0.5,true,0.0],["comment",1.0,[]]]',
    ],
)
def test_bad_cache_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        analysis_from_json(value)


def test_whole_numbers_in_cache_values_read_as_floats() -> None:
    decoded = analysis_from_json('[["en",1],[1,0,1,0],["query",1,["?"]],[],[],0]')
    language, sentiment, stance = (decoded.results[a.name] for a in ANALYSERS[:3])
    assert language.confidence == 1.0 and type(language.confidence) is float
    assert sentiment is not None
    assert [type(x) for x in (sentiment.compound, sentiment.neu)] == [float] * 2
    assert sentiment.label == "positive"
    assert stance == Stance("query", 1.0, ("?",)) and type(stance.score) is float


_ORPHAN_SCRIPT = """
import json, os, sys
import multiprocessing.forkserver as fs
from reader.pipeline import pool, run as analysis
from reader.model import Comment
pool.PARALLEL_MIN_TEXTS = 1
pool.WORKER_CHUNK = 4
pool.usable_cores = lambda: 3
if sys.argv[2] != "fork":  # fork is what a process with one thread, as this one, uses
    pool.start_method = lambda: sys.argv[2]
items = [Comment(f"c{i}", "a", "1d", f"Comment number {i} about the bridge.") for i in range(40)]
for _ in analysis.iter_comment_analyses(items):
    pass
assert pool._pool._mp_context.get_start_method() == sys.argv[2]
pids = list(pool._pool._processes) + [p for p in [fs._forkserver._forkserver_pid] if p]
with open(sys.argv[1], "w") as out:
    json.dump(pids, out)
os._exit(0)  # no pool shutdown, as when the app is killed
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path, method: str) -> None:
    import json
    import subprocess
    import sys
    import time

    # No pipes to the child: orphaned workers would hold them open and hang the test.
    pid_file = tmp_path / "pids.json"
    subprocess.run(
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(pid_file), method],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=300,
    )
    pids = json.loads(pid_file.read_text())
    assert len(pids) == (2 if method == "fork" else 3)  # the workers, and any forkserver
    deadline = time.monotonic() + 60  # a liveness bound, not a speed figure
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)], "pool processes outlived their parent"


def test_a_pool_that_fails_to_start_a_process_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    class RefusingPool:
        def submit(self, *args: object) -> None:
            raise ValueError("bad value(s) in fds_to_keep")  # what a swapped stderr gives

        def shutdown(self, **kwargs: object) -> None:
            pass

    items = comments(60)
    expected = run(items, context=CONTEXT)
    use_worker_processes(monkeypatch)
    monkeypatch.setattr(pool, "worker_pool", RefusingPool)
    assert run(items, context=CONTEXT) == expected


def test_bulk_decode_keeps_good_values_and_drops_bad_ones_even_when_they_shift_the_list() -> None:
    from reader.pipeline.codec import analyses_from_json

    good = analysis_to_json(analyze_comment("The council should publish the formula."))
    for bad in ("1,2", "", "  ", "[1]", "null", "{", '[["en",1.0],null,["nope",0.5,[]]]'):
        decoded = analyses_from_json({"a": good, "b": bad, "c": good})
        assert set(decoded) == {"a", "c"}, bad
        assert decoded["a"] == decoded["c"]
    assert analyses_from_json({}) == {}


@pytest.mark.parametrize(
    ("method", "texts", "expected"),
    [
        ("fork", pool.FORK_MIN_TEXTS - 1, False),
        ("fork", pool.FORK_MIN_TEXTS, True),  # forked warm: pays from about 1,000 texts
        ("forkserver", pool.FORK_MIN_TEXTS, False),  # a new interpreter: from 6,000
        ("forkserver", pool.PARALLEL_MIN_TEXTS, True),
    ],
)
def test_the_pool_starts_where_it_pays(
    monkeypatch: pytest.MonkeyPatch, method: str, texts: int, expected: bool
) -> None:
    monkeypatch.setattr(pool, "_pool", None)
    monkeypatch.setattr(pool, "start_method", lambda **_: method)
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    assert pool.worth_processes(texts) is expected
    monkeypatch.setattr(pool, "usable_cores", lambda: 1)  # one core: never
    assert pool.worth_processes(pool.PARALLEL_MIN_TEXTS) is False
