"""clean_text: terminal controls, bidi controls and mark floods become visible, inert text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import clean
from reader.text.clean import KEPT_MARKS, MAX_COMBINING_RUN, clean_text

BIDI = (
    set("\u061c\u200e\u200f\u2028\u2029")
    | {chr(c) for c in range(0x202A, 0x202F)}
    | {chr(c) for c in range(0x2066, 0x206A)}
)


def assert_safe(text: str) -> None:
    for char in text:
        code = ord(char)
        assert not (code < 0x20 and char not in "\n\t"), repr(char)
        assert not 0x7F <= code <= 0x9F, repr(char)
        assert char not in BIDI, repr(char)
        assert not 0xD800 <= code <= 0xDFFF, repr(char)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]52;c;SGVsbG8=\x07", "^[]52;c;SGVsbG8=^G"),
        ("\x1b[2J\x1b[H", "^[[2J^[[H"),
        ("\x1bPq#0;2;0;0;0\x1b\\", "^[Pq#0;2;0;0;0^[\\"),
        ("\x1b]8;;https://evil/\x1b\\bank\x1b]8;;\x1b\\", "^[]8;;https://evil/^[\\bank^[]8;;^[\\"),
        ("\x1b]0;title\x07\x1b]2;t\x07", "^[]0;title^G^[]2;t^G"),
        ("a\x00b\x7fc\rd", "a^@b^?c^Md"),
        ("\x9b2J", "<U+009B>2J"),
        ("\x85", "<U+0085>"),
        ("abc\u202edef\u202c", "abc<U+202E>def<U+202C>"),
        ("\u2066x\u2069\u200e\u200f\u061c", "<U+2066>x<U+2069><U+200E><U+200F><U+061C>"),
        ("line\u2028sep\u2029par", "line<U+2028>sep<U+2029>par"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("keep\ttab\nand newline", "keep\ttab\nand newline"),
    ],
)
def test_controls_are_shown(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


def test_markup_and_emoji_are_untouched() -> None:
    text = "[b]x [ @click=app.quit]x [/foo] 👨\u200d👩\u200d👧 ❤\ufe0f 🤷🏾\u200d♂\ufe0f café"
    assert clean_text(text) == text


def test_mark_flood_is_cut_with_a_marker() -> None:
    flood = "Z" + "\u0301" * 1000 + "algo"
    assert clean_text(flood) == "Z" + "\u0301" * KEPT_MARKS + f"<+{1000 - KEPT_MARKS} marks>algo"


def test_short_runs_of_marks_stay() -> None:
    text = "e" + "\u0301" * MAX_COMBINING_RUN + " Việt"
    assert clean_text(text) == text


def test_mark_class_matches_all_of_unicode() -> None:
    """The block-limited scan at import finds every combining mark Unicode has."""
    flood_chars = {
        chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) in ("Mn", "Me")
    }
    pattern = clean._mark_flood().pattern
    assert pattern.endswith(f"{{{MAX_COMBINING_RUN + 1},}}")
    for char in flood_chars:
        assert clean._mark_flood().fullmatch(char * (MAX_COMBINING_RUN + 1)), hex(ord(char))


def test_ten_megabytes_of_controls() -> None:
    out = clean_text("\x1b" * 10_000_000)
    assert out == "^[" * 10_000_000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, categories=None), max_size=200))
def test_idempotent_and_safe(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert_safe(once)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["\u0301", "\u0489", "a", "\x1b", "\u202e", "\ud800", "\x9b", "\n", "é"]),
        max_size=60,
    ).map("".join)
)
def test_idempotent_on_hostile_mixes(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert_safe(once)
