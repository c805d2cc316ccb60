"""A comment's analysis as the compact JSON the cache keeps, and back.

The value is a JSON list with one entry per analyser, in registry order, each what that
analyser's `encode` gives (reader.pipeline.keys.CACHE_FORMAT names this layout; the key holds
the analysers, so a value is only ever read with the list that wrote it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import msgspec

from reader.analysers import Analyser, registered
from reader.heap import collector_paused
from reader.model import CommentAnalysis

K = TypeVar("K", bound=Hashable)


def analysis_to_json(
    analysis: CommentAnalysis, analysers: Sequence[Analyser[Any]] | None = None
) -> str:
    """Compact JSON of each analyser's result. Floats round-trip exactly."""
    analysers = registered() if analysers is None else analysers
    results = analysis.results
    return json.dumps([a.encode(results[a.name]) for a in analysers], separators=(",", ":"))


_decode_fast = msgspec.json.Decoder().decode


def decode_json(text: str | bytes) -> Any:
    """JSON text as json.loads reads it (floats exactly), at about twice its speed: msgspec
    first, and json.loads for what only it takes (a lone surrogate escape, which a comment's
    words can hold; NaN) or to raise its own ValueError."""
    try:
        return _decode_fast(text)
    except msgspec.DecodeError:
        return json.loads(text)


def row_decoder(
    analysers: Sequence[Analyser[Any]] | None = None,
) -> Callable[[Any], CommentAnalysis]:
    """A function decoding cache rows written for `analysers`: a row as a CommentAnalysis, or
    ValueError when it has the wrong shape."""
    analysers = registered() if analysers is None else analysers
    decoders = tuple((a.name, a.decode) for a in analysers)
    count = len(decoders)

    def decode_row(row: Any) -> CommentAnalysis:
        if type(row) is not list or len(row) != count:
            raise ValueError("not a cached comment analysis")
        results = {}
        try:
            for (name, decode), value in zip(decoders, row):
                results[name] = decode(value)
        except (TypeError, KeyError, IndexError) as exc:  # an analyser's check let it through
            raise ValueError("not a cached comment analysis") from exc
        return CommentAnalysis(results)

    return decode_row


def analysis_from_json(
    value: str, analysers: Sequence[Analyser[Any]] | None = None
) -> CommentAnalysis:
    """The CommentAnalysis `analysis_to_json` wrote; ValueError for anything else."""
    try:
        row = decode_json(value)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a cached comment analysis") from exc
    return row_decoder(analysers)(row)


def analyses_from_json(
    values: Mapping[K, str], analysers: Sequence[Analyser[Any]] | None = None
) -> dict[K, CommentAnalysis]:
    """Decode many cached values at once, leaving out any that are unreadable (to be redone).

    One JSON decode over all of them: a call per value was a third of a cached reopen. A
    value that is not exactly one JSON value makes the joined list invalid or the wrong
    length, and then each value is decoded on its own.
    """
    rows: object = None
    try:
        rows = decode_json("[" + ",".join(values.values()) + "]")
    except ValueError:
        pass
    if not isinstance(rows, list) or len(rows) != len(values):
        rows = [None] * len(values)
        for i, value in enumerate(values.values()):
            try:
                rows[i] = decode_json(value)
            except (ValueError, TypeError):
                pass
    decode = row_decoder(analysers)
    decoded: dict[K, CommentAnalysis] = {}
    with collector_paused():  # a few new objects per comment: see reader.heap
        for key, row in zip(values, rows):
            try:
                decoded[key] = decode(row)
            except ValueError:
                pass  # an unreadable entry is recomputed and replaced
    return decoded
