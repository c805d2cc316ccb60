"""Cache keys: which stored results may stand for a new analysis.

A key is the sha256 of a header naming the cache format, the analysed prefix length and each
analyser's name, version and what it sees of the context (reader.analysers.base.Seen), then
the analysed text. So a stored result is used exactly when everything that made it matches.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

from reader.analysers import Analyser, AnalysisContext, registered
from reader.analysers.base import Seen
from reader.pipeline.batch import MAX_ANALYSED_CHARS, bounded, seen_by

# Bump when the cached value's layout changes (reader.pipeline.codec): 2 has one JSON value
# per analyser, in registry order.
CACHE_FORMAT = 2
THREAD_FORMAT = 1  # bump when reader.pipeline.thread_record's format changes


def key_header(analysers: Sequence[Analyser[Any]], seen: Mapping[str, Seen]) -> str:
    """Everything but the text that a result depends on, as one line of ASCII JSON."""
    return json.dumps(
        {
            "format": CACHE_FORMAT,
            "prefix": MAX_ANALYSED_CHARS,
            "analysers": [[a.name, a.version, list(seen[a.name])] for a in analysers],
        },
        ensure_ascii=True,
        separators=(",", ":"),
    )


def key_prefix(analysers: Sequence[Analyser[Any]], seen: Mapping[str, Seen]) -> hashlib._Hash:
    """The hash of the header and a NUL (which ASCII JSON never holds), ready for a text."""
    return hashlib.sha256(key_header(analysers, seen).encode("ascii") + b"\x00")


def text_key(prefix: hashlib._Hash, text: str) -> str:
    digest = prefix.copy()
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cache_key(
    text: str,
    context: AnalysisContext | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> str:
    """The key of one comment's cached result (the text is bounded first)."""
    analysers = registered() if analysers is None else analysers
    return text_key(key_prefix(analysers, seen_by(analysers, context)), bounded(text))


def thread_key_from(prefix: hashlib._Hash, texts: Sequence[str]) -> str:
    """sha256 of the key header, the thread-record format and every (bounded) text in order.
    The texts' lengths go in too, so no two lists of texts hash the same bytes."""
    digest = prefix.copy()
    digest.update(f"thread{THREAD_FORMAT}".encode("ascii"))
    digest.update(array("q", [len(text) for text in texts]).tobytes())
    # The bytes of "\x00".join(texts), a slice at a time: a 100,000-comment thread is 16 MB.
    for start in range(0, len(texts), 1024):
        if start:
            digest.update(b"\x00")
        digest.update("\x00".join(texts[start : start + 1024]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def thread_key(
    texts: Sequence[str],
    context: AnalysisContext | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> str:
    """The key of a whole thread's record (see reader.pipeline.thread_record)."""
    analysers = registered() if analysers is None else analysers
    return thread_key_from(key_prefix(analysers, seen_by(analysers, context)), texts)
