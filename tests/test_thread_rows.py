"""The thread record read a batch at a time (reader.pipeline.thread_record, layout RT2).

A reopened long thread decodes each row when its first comment is reached and keeps it only
while a later comment uses it; a row that cannot be read, found part way, hands the rest of
the thread to the per-text entries, which rebuild the record.
"""

from __future__ import annotations

import zlib
from array import array

import pytest
from test_analysis import CONTEXT, FakeCache, comments, long_threads, run

from reader.pipeline import thread_record
from reader.pipeline.run import iter_comment_analyses
from reader.pipeline.thread_record import MAGIC, ThreadRecord, thread_batches, thread_rows

__all__ = ["long_threads"]  # the fixture, used by name below

ROW = '[null, null, ["comment", 0.5, []], [], [], 0]'


def record_of(rows: list[str], order: list[int]) -> bytes:
    """A record as ThreadRecord writes it, of these rows and this order."""
    record = ThreadRecord("t")
    keys = [f"k{row}" for row in order]
    record.add(keys, lambda key: rows[int(key[1:])])
    return record.value()


def test_a_written_record_reads_back_in_batches_of_any_size() -> None:
    rows = [ROW.replace("0.5", f"0.{n + 1}") for n in range(5)]
    order = [0, 1, 0, 2, 3, 1, 4, 4, 0]
    value = record_of(rows, order)
    assert value.startswith(MAGIC)
    whole = thread_record.thread_from_value(value, len(order))
    assert whole is not None and [whole[i] for i in (0, 2, 8)] == [whole[0]] * 3
    for size in (1, 2, 4, 9, 50):
        batches = thread_batches(value, len(order), size)
        assert batches is not None
        found = list(batches)
        assert [len(b) for b in found][:-1] == [size] * (len(found) - 1)
        assert [a for b in found for a in b] == whole


def _with_order(value: bytes, order: list[int]) -> bytes:
    head = len(MAGIC) + 8
    length = int.from_bytes(value[len(MAGIC) : head], "little")
    packed = zlib.compress(array("q", order).tobytes())
    return value[: head + length] + packed


@pytest.mark.parametrize(
    "order",
    [[1, 0], [0, 2, 1], [-1, 0], [0, 0]],  # not first-seen, a row missing, negative, too few
)
def test_a_record_of_the_wrong_shape_is_refused(order: list[int]) -> None:
    value = _with_order(record_of([ROW, ROW], [0, 1]), order)
    assert thread_rows(value, len(order)) is None
    assert thread_record.thread_from_value(value, 2) is None


def test_cut_or_garbled_records_are_refused() -> None:
    value = record_of([ROW, ROW], [0, 1])
    head = len(MAGIC) + 8
    for broken in (value[:-3], value[: head + 5], MAGIC + b"\xff" * 8, value[:head] + b"x" * 40):
        assert thread_record.thread_from_value(broken, 2) is None


def test_an_unreadable_row_part_way_hands_over_to_the_per_text_entries(
    long_threads: int,
) -> None:
    items = comments(long_threads + 15)
    cache = FakeCache()
    expected = run(items, context=CONTEXT, cache=cache)
    (key,) = cache.threads
    rows = thread_rows(cache.threads[key], len(items))
    assert rows is not None
    order = list(rows.order)
    lines = zlib.decompress(rows.rows).split(b"\n")[:-1]
    lines[order[-1]] = b'["en"]'  # the last comment's row has the wrong shape
    cache.threads[key] = _rebuilt(lines, order)
    batches = list(iter_comment_analyses(items, context=CONTEXT, cache=cache, batch_size=10))
    assert [pair for batch in batches for pair in batch] == expected
    assert [len(b) for b in batches] == [10, 10, 10, 10, 5]
    assert thread_record.thread_from_value(cache.threads[key], len(items)) == [
        a for _, a in expected
    ]  # rebuilt


def _rebuilt(lines: list[bytes], order: list[int]) -> bytes:
    rows = zlib.compress(b"".join(line + b"\n" for line in lines))
    return (
        MAGIC + len(rows).to_bytes(8, "little") + rows + zlib.compress(array("q", order).tobytes())
    )
