"""A long thread's results as one cache record, so reopening it is one lookup.

The record holds each distinct text's cached JSON once, in first-seen order, and for each
comment the index of its text's entry; zlib-compressed as it grows (a fifth of the size), so a
100,000-comment thread never holds every result's JSON at once. Its key is
reader.pipeline.keys.thread_key.
"""

from __future__ import annotations

import json
import zlib
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from reader.analysers import Analyser
from reader.heap import collector_paused
from reader.model import CommentAnalysis
from reader.pipeline.codec import row_decoder


class ThreadRecord:
    """A whole-thread record, written while the batches go by."""

    def __init__(self, key: str) -> None:
        self.key = key  # see reader.pipeline.keys.thread_key
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


def thread_from_value(
    value: bytes, count: int, analysers: Sequence[Analyser[Any]] | None = None
) -> list[CommentAnalysis] | None:
    """Each comment's analysis from a thread record of `count` comments; None for a record
    that cannot be read (it is then rebuilt from the per-text entries)."""
    try:
        record = json.loads(zlib.decompress(value))
        rows, order = record["rows"], record["order"]
        if type(rows) is not list or type(order) is not list or len(order) != count:
            return None
        if order and min(order) < 0:
            return None
        decode = row_decoder(analysers)
        with collector_paused():  # a few new objects per distinct text: see reader.heap
            distinct = [decode(row) for row in rows]
            return [distinct[i] for i in order]
    except (ValueError, TypeError, KeyError, IndexError, zlib.error):
        return None
