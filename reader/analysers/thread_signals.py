"""What the attention analyser knows of the thread around each comment.

An analyser sees a comment's text (and the comment it replies to), not the thread. Attention
also asks: does anyone reply to this comment? Has it many likes for this thread? Is it deep
in a back-and-forth between two people? Which languages does the thread use? `thread_seen`
answers these once per thread, as the analyser's seen strings (so they are in the cache key:
a thread saved again with new replies is analysed again):
- the thread's shape: "tree" when any comment replies to another, else "flat";
- the languages of up to LANGUAGE_SAMPLE comments spread over the thread (`en=22;es=1`);
- for each flag, the comments that have it, each as a short hash of its text's first
  KEY_CHARS characters (the analyser sees texts, not ids): "r" has a reply (saved or
  counted), "l" many likes, "b" deep in a back-and-forth.
Comments with the same text share their flags (each has all of them).
"""

from __future__ import annotations

import hashlib
import weakref
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from msgspec import Struct

from reader.analysers.base import AnalysisContext, Seen
from reader.analysers.language import detect_language
from reader.model import Article, Comment

SEEN_TAG = "thread-1"
KEY_CHARS = 2_000  # of a comment's text that names it (the analysers see at least 20,000)
LANGUAGE_SAMPLE = 60  # comments whose language is detected, spread over the thread
MANY_LIKES_MIN = 10  # "many likes": at least this many,
MANY_LIKES_TOP = 0.9  # and at least the thread's 90th percentile
BACK_AND_FORTH = 4  # turns alternating between the same two people (A B A B)
REPLIED, LIKED, CHAIN = "r", "l", "b"
_MEMO_SIZE = 4


class ThreadSignals(Struct, frozen=True):
    """The thread facts of `thread_seen`, read back for the analyser."""

    tree: bool
    languages: Counter[str]
    flags: dict[str, frozenset[str]]  # flag -> the text keys that have it

    def has(self, flag: str, text: str) -> bool:
        keys = self.flags.get(flag)
        return keys is not None and text_key(text) in keys

    def flags_of(self, text: str) -> frozenset[str]:
        """Every flag `text` has, its key hashed once (none hashed when no comment has a
        flag, as in a flat thread without many likes)."""
        if not any(self.flags.values()):
            return frozenset()
        key = text_key(text)
        return frozenset(flag for flag, keys in self.flags.items() if key in keys)


def text_key(text: str) -> str:
    """The short hash that names a comment text in the seen strings."""
    data = str(text)[:KEY_CHARS].encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


_memo: dict[int, tuple[weakref.ref[Article], Seen]] = {}


def thread_seen(context: AnalysisContext | None) -> Seen:
    """`sees` for attention: the thread's facts (worked out once per Article object)."""
    if context is None:
        return ()
    if context.thread is not None:
        return context.thread
    article = context.article
    held = _memo.get(id(article))
    if held is not None and held[0]() is article:
        return held[1]
    seen = _thread_seen(article.comments)
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[id(article)] = (weakref.ref(article), seen)
    return seen


def _thread_seen(comments: tuple[Comment, ...]) -> Seen:
    tree = any(c.parent is not None for c in comments)
    flags: dict[str, set[str]] = {REPLIED: set(), LIKED: set(), CHAIN: set()}
    ids = {c.id: c for c in comments}
    replied = {c.parent for c in comments if c.parent is not None}
    cut = _many_likes(sorted(c.likes for c in comments))
    turns: dict[str, int] = {}
    for comment in comments:
        turns[comment.id] = turn = _turns(comment, ids, turns)
        was_replied = comment.id in replied or comment.replies_not_saved > 0
        liked = comment.likes >= cut
        if not (was_replied or liked or turn >= BACK_AND_FORTH):
            continue  # no flag: its text is not hashed (most comments)
        key = text_key(comment.text)
        if was_replied:
            flags[REPLIED].add(key)
        if liked:
            flags[LIKED].add(key)
        if turn >= BACK_AND_FORTH:
            flags[CHAIN].add(key)
    return _seen_of(tree, _languages(comments), flags)


def _many_likes(likes: Sequence[int]) -> int:
    """The least count of likes that is "many" in a thread with these (sorted) counts."""
    return max(MANY_LIKES_MIN, likes[int(MANY_LIKES_TOP * (len(likes) - 1))] if likes else 0)


def _seen_of(tree: bool, languages: Counter[str], flags: dict[str, set[str]]) -> Seen:
    return (
        SEEN_TAG,
        "tree" if tree else "flat",
        ";".join(f"{code}={n}" for code, n in sorted(languages.items())),
        *(f"{flag}:" + ",".join(sorted(keys)) for flag, keys in flags.items()),
    )


class FlatThreadFacts:
    """`thread_seen`'s facts of a flat thread gathered a segment of comments at a time, for
    a page read from its file rather than held (reader.pipeline.streamed): what grows with
    the thread is 16 bytes a comment (its likes and its text's key), not the comments.

    `add` each segment in order; then `sample_positions` names the comments whose texts the
    language sample needs (among those with a non-blank text), and `seen` gives what
    `thread_seen` gives for the whole thread.
    """

    def __init__(self) -> None:
        self.likes = array("q")
        self.keys = array("Q")  # each comment's text_key, as a number
        self.replied: list[int] = []  # comments the source counted replies to
        self.texts = 0  # comments with a non-blank text
        self.tree = False  # a comment replies to another: the facts need the whole thread

    def add(self, comments: Sequence[Comment]) -> None:
        for comment in comments:
            if comment.parent is not None:
                self.tree = True
            if comment.replies_not_saved > 0:
                self.replied.append(len(self.likes))
            self.likes.append(comment.likes)
            self.keys.append(int(text_key(comment.text), 16))
            if comment.text.strip():
                self.texts += 1

    def sample_positions(self) -> list[int]:
        """The positions, among comments with a non-blank text, of the language sample."""
        return _sample_positions(self.texts)

    def seen(self, sample: Sequence[str]) -> Seen:
        """`thread_seen` of the thread, given the texts at `sample_positions`."""
        cut = _many_likes(sorted(self.likes))
        flags: dict[str, set[str]] = {REPLIED: set(), LIKED: set(), CHAIN: set()}
        flags[REPLIED].update(f"{self.keys[n]:016x}" for n in self.replied)
        flags[LIKED].update(f"{key:016x}" for key, n in zip(self.keys, self.likes) if n >= cut)
        return _seen_of(False, _languages_of(sample), flags)


def _turns(comment: Comment, ids: dict[str, Comment], turns: dict[str, int]) -> int:
    """How many turns of a two-person exchange end at this comment (1: none)."""
    parent = ids.get(comment.parent) if comment.parent is not None else None
    if parent is None or not comment.author or parent.author == comment.author:
        return 1
    grand = ids.get(parent.parent) if parent.parent is not None else None
    if grand is not None and grand.author == comment.author:
        return turns.get(parent.id, 1) + 1
    return 2


def _languages(comments: tuple[Comment, ...]) -> Counter[str]:
    """The languages of up to LANGUAGE_SAMPLE comments spread evenly over the thread."""
    texts = [c.text for c in comments if c.text.strip()]
    return _languages_of([texts[n] for n in _sample_positions(len(texts))])


def _sample_positions(count: int) -> list[int]:
    """Up to LANGUAGE_SAMPLE positions spread evenly over `count` texts."""
    step = max(1, count / LANGUAGE_SAMPLE)
    return [int(k * step) for k in range(min(LANGUAGE_SAMPLE, count))]


def _languages_of(sample: Sequence[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in sample:
        code, _ = detect_language(text[:KEY_CHARS])
        if code is not None:
            found[code] += 1
    return found


@lru_cache(maxsize=_MEMO_SIZE)
def signals_of(seen: Seen) -> ThreadSignals | None:
    """The facts back from `thread_seen` (None without a context); read once per thread."""
    if len(seen) < 3 or seen[0] != SEEN_TAG:
        return None
    languages: Counter[str] = Counter()
    for item in seen[2].split(";"):
        code, _, count = item.partition("=")
        if code and count.isdigit():
            languages[code] = int(count)
    flags: dict[str, frozenset[str]] = {}
    for item in seen[3:]:
        flag, _, keys = item.partition(":")
        flags[flag] = frozenset(k for k in keys.split(",") if k)
    return ThreadSignals(seen[1] == "tree", languages, flags)

