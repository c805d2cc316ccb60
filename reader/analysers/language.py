"""Comment language: langdetect with a fixed seed, so the same text always gets the same answer.

The `LANGUAGE` analyser's result is a `Language`, or None when the language cannot be told.

The rule for "cannot be told" (LANGUAGE_RULE_VERSION): after removing URLs and words holding
an "@" (e-mail addresses, @mentions), a text needs at least MIN_WORDS words that contain a letter and at least
MIN_LETTERS letters; otherwise the language is None (emoji only, numbers, "lol", "Totally
agree!"). In scripts written without spaces (Chinese, Japanese kana, Thai, Lao, Khmer,
Myanmar) each character counts as a word. langdetect's own failure ("No features in text")
also gives None. Codes are ISO 639-1: langdetect's "zh-cn" and "zh-tw" become "zh"; the
confidence is langdetect's probability of its top answer.

langdetect costs 2-3 ms a comment. langdetect-rs (installed with Reader where PyPI has a wheel) is a Rust port
that gives the same answers and the same probabilities bit for bit (tests/test_language.py
checks this on the fixtures and the shared data; docs/benchmarks.md has the findings); it is
used when importable, else plain langdetect. Both are seeded per detection with seed 0.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from msgspec import Struct

from reader.analysers.base import AnalyserBase, AnalysisContext, Earlier, Seen, number
from reader.analysers.facets import (
    NONE,
    Column,
    CsvColumns,
    Facets,
    FilterField,
    JsonFields,
    Styled,
    SummaryCounts,
    detail_label,
)

LANGUAGE_RULE_VERSION = "words3-letters8-v2"
MIN_WORDS = 3
MIN_LETTERS = 8
SEED = 0

Detection = tuple[str | None, float | None]
UNDETERMINED: Detection = (None, None)

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A whole whitespace-delimited token holding "@": e-mail addresses and @mentions. Anchored at
# the token start, so a long run without "@" is scanned once (no quadratic backtracking).
_AT_TOKEN_RE = re.compile(r"(?<!\S)\S*@\S*")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Scripts written without spaces between words: each character counts as a word.
# Compiled on first use (re caches it): the compile takes 1.7 ms, which the first frame,
# which detects no language, need not wait for.
_UNSPACED = (
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)


@lru_cache(maxsize=1)
def _load_backend() -> tuple[ModuleType, str]:
    """langdetect_rs when installed (same results, faster), else langdetect. Loaded on the
    first detection, not at import: the app's first screen does not need it."""
    try:
        import langdetect_rs as backend

        return backend, "langdetect-rs " + str(backend.__version__)
    except ImportError:  # no wheel for this platform, or removed
        import langdetect as backend

        return backend, "langdetect"


def backend_name() -> str:
    """Which langdetect answers: "langdetect-rs VERSION" or "langdetect"."""
    return _load_backend()[1]


@cache
def langdetect_version() -> str:
    """The version of the langdetect whose answers we give (langdetect-rs reproduces 1.0.9)."""
    from reader.analysers.versions import installed_version

    # langdetect-rs without langdetect: it reproduces 1.0.9
    return installed_version("langdetect", "langdetect") or "1.0.9"


def _may_hold_url(text: str) -> bool:
    """Whether `_URL_RE` can match: each of its matches holds "://" or "w." / "W." (case
    folding maps nothing else onto w, ":", "/" or "."). Three substring scans cost a tenth
    of the regex's scan, and few comments hold a URL."""
    return "://" in text or "w." in text or "W." in text


_HEAD_TOKENS = 5  # tokens split off first: most texts are decided within three or four


def is_detectable(text: str) -> bool:
    """Whether `text` has enough words and letters to tell its language (see module doc)."""
    if not text:
        return False
    if _may_hold_url(text):
        text = _URL_RE.sub(" ", text)
    # Token by token, stopping as soon as both counts are reached: a long comment is decided
    # by its first few words (the counts are those of the whole text when it is not). The
    # first tokens are split off alone, so a long text is not split whole to read them.
    letters = words = 0
    tokens = text.split(None, _HEAD_TOKENS)
    rest = tokens.pop() if len(tokens) > _HEAD_TOKENS else ""
    while True:
        for token in tokens:
            # A token of letters only (most words) is counted without the regex: every
            # isalpha character is a letter to `_LETTER_RE`.
            if token.isalpha():
                found = len(token)
            elif "@" in token:  # a token `_AT_TOKEN_RE` removes (e-mail address, @mention):
                continue  # skipped here, not removed from the whole text first
            else:
                found = len(_LETTER_RE.findall(token))
            if found:
                letters += found
                words += 1
                if letters >= MIN_LETTERS and words >= MIN_WORDS:
                    return True
        if not rest:
            break
        tokens, rest = rest.split(), ""
    if letters < MIN_LETTERS:
        return False
    if "@" in text:
        text = _AT_TOKEN_RE.sub(" ", text)
    return words + len(re.findall(_UNSPACED, text)) >= MIN_WORDS


def iso_code(langdetect_code: str) -> str:
    """langdetect's code as ISO 639-1: "zh-cn" and "zh-tw" become "zh"."""
    return langdetect_code.split("-", 1)[0]


def _top(languages: Sequence[Any] | None) -> Detection:
    if not languages:
        return UNDETERMINED
    best = languages[0]
    return iso_code(str(best.lang)), float(best.prob)


def _detect_with(module: ModuleType, text: str) -> Detection:
    module.DetectorFactory.seed = SEED  # set each time: someone else may have changed it
    try:
        languages = module.detect_langs(text)
    except module.LangDetectException:
        return UNDETERMINED
    return _top(languages)


def detect_language(text: str) -> Detection:
    """(ISO 639-1 code, probability), or (None, None) when the language cannot be told."""
    if not is_detectable(text):
        return UNDETERMINED
    return _detect_with(_load_backend()[0], text)


def detect_language_plain(text: str) -> Detection:
    """`detect_language` forced through plain langdetect: the reference the fast path must match."""
    if not is_detectable(text):
        return UNDETERMINED
    import langdetect

    return _detect_with(langdetect, text)


def detect_languages(texts: Sequence[str], *, parallel: bool = True) -> list[Detection]:
    """`detect_language` of each text: with langdetect-rs and `parallel`, one batch call on
    all cores; else one detection at a time (a pool worker's), the seed set once for all."""
    results: list[Detection] = [UNDETERMINED] * len(texts)
    wanted = [i for i, text in enumerate(texts) if is_detectable(text)]
    if not wanted:  # the backend is not loaded for a batch with nothing to detect
        return results
    detector = _load_backend()[0]
    detector.DetectorFactory.seed = SEED
    batch: Callable[[list[str]], list[Any]] | None = (
        getattr(detector, "detect_langs_batch", None) if parallel else None
    )
    if batch is not None:
        for i, languages in zip(wanted, batch([texts[i] for i in wanted])):
            results[i] = _top(languages)
        return results
    detect, failure = detector.detect_langs, detector.LangDetectException
    for i in wanted:
        try:
            results[i] = _top(detect(texts[i]))
        except failure:
            continue
    return results


# -- the analyser ---------------------------------------------------------------------------


class Language(Struct, frozen=True, gc=False):
    """A comment's language as told: ISO 639-1 code and langdetect's probability of it.

    A frozen msgspec Struct, not a dataclass: built several times faster (a frozen
    dataclass's __init__ is four times slower than a slotted one's), and reopening a long
    thread makes one per comment. gc=False: it holds a string and a float, never a cycle.
    """

    code: str
    confidence: float


def _cell(result: Language | None) -> Styled:
    return ("–", "$text-muted") if result is None else (result.code, "")


def _value(result: Language | None) -> str:
    return NONE if result is None else result.code


def _detail(result: Language | None) -> list[Styled]:
    if result is None:
        return [detail_label("Language"), ("not told (too little text)\n", "$text-muted")]
    return [detail_label("Language"), (f"{result.code} ({result.confidence:.2f})\n", "")]


def _text_counts(results: Sequence[Language | None]) -> str:
    counts = Counter("unknown" if r is None else r.code for r in results)
    return "languages: " + ", ".join(f"{code} {n}" for code, n in counts.most_common())


class LanguageAnalyser(AnalyserBase[Language | None]):
    """Which language a comment is in (reads nothing but the comment)."""

    name = "language"
    # The Python minor version too: langdetect's probabilities differ in the last bits
    # between Python versions (sum()).
    @property
    def version(self) -> str:
        """Read from the installed langdetect when a cache key is made, not at import (the
        first frame needs no cache key)."""
        return (
            f"langdetect{langdetect_version()}-rule-{LANGUAGE_RULE_VERSION}"
            f"-py{sys.version_info[0]}.{sys.version_info[1]}"
        )
    needs: tuple[str, ...] = ()
    facets: Facets[Language | None] = Facets(
        columns=(Column("Lang", 4, _cell),),
        filters=(FilterField("language", _value),),
        detail=_detail,
        summary=(SummaryCounts("language", "Languages", lambda value: "$primary", limit=8),),
        json=JsonFields(
            ("language", "language_confidence"),
            lambda r: (None, None) if r is None else (r.code, r.confidence),
        ),
        csv=CsvColumns(("language",), lambda r: ("",) if r is None else (r.code,), own=True),
        text_label=lambda r: "language unknown" if r is None else r.code,
        text_counts=_text_counts,
        rank=3,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return ()

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[Language | None]:
        """One batch call on every core when `parallel`, else one detection at a time."""
        return [
            None if code is None or confidence is None else Language(code, confidence)
            for code, confidence in detect_languages(texts, parallel=parallel)
        ]

    def encode(self, result: Language | None) -> Any:
        return None if result is None else [result.code, result.confidence]

    def decode(self, value: Any) -> Language | None:
        if value is None:
            return None
        try:
            code, confidence = value
        except (ValueError, TypeError) as exc:
            raise ValueError("bad language") from exc
        if type(code) is not str:
            raise ValueError("bad language")
        if type(confidence) is not float:
            confidence = number(confidence)
        return Language(code, confidence)


LANGUAGE = LanguageAnalyser()
