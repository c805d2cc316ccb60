"""The JSON text Reader writes is made by msgspec (reader.export.json) and must stay byte for
byte what `json.dumps(..., ensure_ascii=False)` made before: the indented document and the
one-line JSON Lines form."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reader.export import analysis_to_dict, json_document, json_line
from reader.formats import load_article, sample_path
from reader.pipeline.run import analyze


def _sample_dict() -> dict[str, Any]:
    return analysis_to_dict(analyze(load_article(sample_path()), cache=None))


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for item in value.values() for f in _floats(item)]
    if isinstance(value, list | tuple):
        return [f for item in value for f in _floats(item)]
    return []


TRICKY: dict[str, Any] = {
    "controls": "".join(map(chr, range(32))) + "\x7f\x85\x9f\u2028\u2029\ufeff",
    "text": 'é 😀 \\ " / < > & ¿Quién?',
    "empty": [[], {}, {"a": []}, ""],
    "numbers": [
        0,
        -1,
        10**30,
        0.0,
        -0.0,
        0.1,
        0.0001,
        0.30000000000000004,
        2.0,
        9999999999999998.0,
    ],
    "others": [None, True, False],
}


def test_the_analysis_json_is_what_json_dumps_gives() -> None:
    for data in (_sample_dict(), TRICKY):
        assert json_document(data) == json.dumps(data, ensure_ascii=False, indent=2)
        assert json_line(data) == json.dumps(data, ensure_ascii=False)
        assert "\n" not in json_line(data)


def test_every_float_reader_writes_is_one_both_encoders_write_alike() -> None:
    """msgspec writes 1e-05 as 0.00001, 1e16 as 1e16 (json: 1e+16) and NaN as null: the
    analysers' numbers are rounded (stance 4 decimals, VADER 3-4) or langdetect's >= 0.1, so
    each is 0 or between 1e-4 and 1e16. A new number outside that needs another encoder."""
    floats = _floats(_sample_dict())
    assert floats
    for value in floats:
        assert math.isfinite(value)
        assert value == 0 or 1e-4 <= abs(value) < 1e16, value
    for outside in (1e-05, 1e16, math.nan):
        assert json_line([outside]) != json.dumps([outside])


@given(st.floats(-1, 1), st.sampled_from([3, 4]))
def test_rounded_scores_are_written_as_json_dumps_writes_them(value: float, places: int) -> None:
    rounded = round(value, places)
    assert json_line([rounded]) == json.dumps([rounded])


def test_a_lone_surrogate_is_written_as_before() -> None:
    """A file name that is not UTF-8 reaches `source` undecoded; msgspec refuses it."""
    data = {"source": "page-\udcff.txt", "headline": "H"}
    assert json_line(data) == json.dumps(data, ensure_ascii=False)
    assert json_document(data) == json.dumps(data, ensure_ascii=False, indent=2)
