"""A long thread's results as one cache record, so reopening it is one lookup.

The record holds each distinct text's cached JSON once, in first-seen order, and for each
comment the index of its text's entry. Written as the batches go by and read back a batch at a
time, so neither a 100,000-comment run nor its reopening holds every result at once:

    b"RT2\\n", the rows part's length (8 bytes, little-endian), the rows part, the order part

The rows part is one zlib stream of the rows, each a line (compact JSON holds no raw newline);
the order part is zlib of each comment's row as 8-byte little-endian integers. Rows come in
first-seen order, so a reader takes them from the stream as the comments reach them, keeping
only rows that a later comment uses again. A record from before this layout (zlib of one JSON
object, {"rows": [...], "order": [...]}) is still read, whole. Its key is
reader.pipeline.keys.thread_key.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from reader.analysers import Analyser
from reader.heap import collector_paused
from reader.model import CommentAnalysis
from reader.pipeline.codec import decode_json, row_decoder

MAGIC = b"RT2\n"
_LENGTH = 8  # bytes of the rows part's length
_READ_CHUNK = 1 << 13  # compressed bytes of the rows stream read at a time
_DECODE_ROWS = 1_000  # comments per batch when a record is read whole

Decode = Callable[[Any], CommentAnalysis]


class ThreadRecord:
    """A whole-thread record, written while the batches go by."""

    def __init__(self, key: str) -> None:
        self.key = key  # see reader.pipeline.keys.thread_key
        self.index: dict[str, int] = {}  # key -> its row
        self.order = array("q")  # each comment's row
        self.packer = zlib.compressobj(1)
        self.pieces: list[bytes] = []

    def add(self, keys: Sequence[str], json_of: Callable[[str], str]) -> None:
        """The next comments' keys, in order; `json_of(key)` for a key not seen before."""
        index, packer = self.index, self.packer
        for key in keys:
            row = index.get(key)
            if row is None:
                row = index[key] = len(index)
                self.pieces.append(packer.compress(json_of(key).encode("utf-8") + b"\n"))
            self.order.append(row)

    def value(self) -> bytes:
        self.pieces.append(self.packer.flush())
        rows = b"".join(self.pieces)
        order = array("q", self.order)
        if sys.byteorder == "big":
            order.byteswap()
        length = len(rows).to_bytes(_LENGTH, "little")
        return MAGIC + length + rows + zlib.compress(order.tobytes(), 1)


class ThreadRows:
    """A record's results (see `thread_rows`), decoded a batch at a time: ValueError from
    `batches` for a row that cannot be read (the caller then goes on without the record)."""

    def __init__(self, rows: bytes, order: array[int], count: int, decode: Decode) -> None:
        self.rows = rows  # the compressed rows part
        self.order = order  # each comment's row, in first-seen order
        self.count = count  # distinct rows
        self.decode = decode

    def batches(self, size: int) -> Iterator[list[CommentAnalysis]]:
        """Each `size` comments' analyses, in order. A row is decoded when its first comment
        is reached and kept only until its last."""
        order = self.order
        last = array("q", [0]) * self.count
        for i, row in enumerate(order):
            last[row] = i
        kept: dict[int, CommentAnalysis] = {}
        lines = _row_lines(self.rows)
        first_new = 0  # the first row not yet decoded
        for start in range(0, len(order), size):
            stop = min(start + size, len(order))
            new = 0  # rows first met in this batch: the next ones of the stream
            for i in range(start, stop):
                new += order[i] == first_new + new
            decoded = _decode_rows([next(lines) for _ in range(new)], self.decode)
            found: list[CommentAnalysis] = []
            for i in range(start, stop):
                row = order[i]
                analysis = decoded[row - first_new] if row >= first_new else kept[row]
                found.append(analysis)
                if last[row] == i:
                    kept.pop(row, None)
                elif row >= first_new:
                    kept[row] = analysis
            first_new += new
            yield found


def thread_rows(
    value: bytes, count: int, analysers: Sequence[Analyser[Any]] | None = None
) -> ThreadRows | None:
    """The results of a record of `count` comments, its order and the number of its rows
    checked (its rows are decoded only as they are read); None for a record that cannot be
    read, or is of the layout before this one."""
    if not value.startswith(MAGIC):
        return None
    head = len(MAGIC) + _LENGTH
    length = int.from_bytes(value[len(MAGIC) : head], "little")
    rows = value[head : head + length]
    if len(rows) != length:
        return None
    try:
        order = array("q")
        order.frombytes(zlib.decompress(value[head + length :]))
        if sys.byteorder == "big":
            order.byteswap()
        distinct = _first_seen_rows(order)
        if len(order) != count or distinct is None:
            return None
        found = sum(1 for _ in _row_lines(rows))
    except (ValueError, zlib.error):
        return None
    return ThreadRows(rows, order, distinct, row_decoder(analysers)) if found == distinct else None


def _first_seen_rows(order: array[int]) -> int | None:
    """How many rows `order` uses, each new one the next: None when it is not so."""
    new = 0
    for row in order:
        if row == new:
            new += 1
        elif not 0 <= row < new:
            return None
    return new


def _row_lines(rows: bytes) -> Iterator[bytes]:
    """The rows of a compressed rows part, one line each; ValueError for a cut stream."""
    stream = zlib.decompressobj()
    view, buffer = memoryview(rows), b""
    for start in range(0, len(view), _READ_CHUNK):
        buffer += stream.decompress(view[start : start + _READ_CHUNK])
        *lines, buffer = buffer.split(b"\n")
        yield from lines
    if buffer or not stream.eof:
        raise ValueError("a thread record's rows are cut off")


def _decode_rows(lines: list[bytes], decode: Decode) -> list[CommentAnalysis]:
    """Rows of JSON (one decode for them all), each as a CommentAnalysis."""
    if not lines:
        return []
    rows = decode_json(b"[" + b",".join(lines) + b"]")
    if len(rows) != len(lines):  # a line held more than one value
        raise ValueError("not a thread record's row")
    with collector_paused():  # a few new objects per row: see reader.heap
        return [decode(row) for row in rows]


def thread_batches(
    value: bytes, count: int, size: int, analysers: Sequence[Analyser[Any]] | None = None
) -> Iterator[list[CommentAnalysis]] | None:
    """Each `size` comments' analyses from a record of `count` comments (of either layout);
    None for a record that cannot be read, and ValueError from the iterator at a row that
    cannot be (either way it is then rebuilt from the per-text entries)."""
    rows = thread_rows(value, count, analysers)
    if rows is not None:
        return rows.batches(size)
    if value.startswith(MAGIC):
        return None
    found = _thread_from_json(value, count, analysers)
    if found is None:
        return None
    return (found[start : start + size] for start in range(0, count, size))


def thread_from_value(
    value: bytes, count: int, analysers: Sequence[Analyser[Any]] | None = None
) -> list[CommentAnalysis] | None:
    """Each comment's analysis from a thread record of `count` comments (of either layout);
    None for a record that cannot be read."""
    batches = thread_batches(value, count, _DECODE_ROWS, analysers)
    try:
        return None if batches is None else [analysis for batch in batches for analysis in batch]
    except ValueError:
        return None


def _thread_from_json(
    value: bytes, count: int, analysers: Sequence[Analyser[Any]] | None = None
) -> list[CommentAnalysis] | None:
    """A record of the layout before this one, read whole."""
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
