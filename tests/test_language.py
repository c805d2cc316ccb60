"""Language detection: deterministic, None when it cannot be told, and the fast path
(langdetect-rs) giving exactly what plain langdetect gives.

The parity check runs over every comment and paragraph of the fixtures and the bundled sample,
and over a sample of ../shared/data (RumourEval tweets, PolNeAR paragraphs); set
READER_FULL_PARITY=1 to compare every text there (minutes; see docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import langdetect
import pytest

from reader.analysers import language
from reader.analysers.language import (
    LANGUAGE,
    Language,
    detect_language,
    detect_language_plain,
    detect_languages,
    is_detectable,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SAMPLE = REPO / "reader" / "data" / "sample.txt"
DATA = REPO.parent / "shared" / "data"
FULL = os.environ.get("READER_FULL_PARITY") == "1"

SENTENCES = {
    "en": "The council voted last night to close the old bridge for repairs until spring.",
    "es": "El ayuntamiento votó anoche cerrar el puente viejo por obras hasta la primavera.",
    "fr": "Le conseil municipal a voté hier soir la fermeture du vieux pont pour travaux.",
    "de": "Der Stadtrat hat gestern Abend beschlossen, die alte Brücke bis zum Frühjahr zu sperren.",
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_detects_plain_sentences(code: str) -> None:
    found, confidence = detect_language(SENTENCES[code])
    assert found == code
    assert confidence is not None and 0.9 < confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "😀😀😀",
        "🔥🔥 👏👏",
        "1234 5678 !!!",
        "lol",
        "Totally agree!",
        "@someone_here https://example.org/a/very/long/path/indeed",
        "Great point @alice_the_great @bob_from_accounts",
    ],
)
def test_none_when_it_cannot_be_told(text: str) -> None:
    assert detect_language(text) == (None, None)
    assert not is_detectable(text)


def test_chinese_written_without_spaces_counts_characters_as_words() -> None:
    assert is_detectable("我们不同意这个说法，这是假新闻。")
    code, _ = detect_language("我们不同意这个说法，这是假新闻，根本没有发生。")
    assert code == "zh"  # langdetect's zh-cn / zh-tw become ISO 639-1 "zh"


def test_iso_codes() -> None:
    assert language.iso_code("zh-cn") == "zh"
    assert language.iso_code("zh-tw") == "zh"
    assert language.iso_code("en") == "en"


def test_deterministic_within_a_run_whatever_the_global_seed() -> None:
    text = "Ok so this might be true or not, who knows"
    first = detect_language(text)
    langdetect.DetectorFactory.seed = 12345  # someone else changing the global seed
    try:
        assert detect_language(text) == first
    finally:
        langdetect.DetectorFactory.seed = 0
    assert all(detect_language(text) == first for _ in range(5))


def test_deterministic_across_processes() -> None:
    texts = [SENTENCES["en"], "Ok so this might be true or not, who knows", "Ja, das stimmt wohl"]
    script = (
        "import json,sys;from reader.analysers.language import detect_language;"
        "print(json.dumps([detect_language(t) for t in json.loads(sys.argv[1])]))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, json.dumps(texts)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert [tuple(x) for x in json.loads(runs[0])] == [detect_language(t) for t in texts]


# -- the fast path gives what plain langdetect gives ------------------------------------------


def _blocks(text: str) -> Iterator[str]:
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            yield block.strip()


def fixture_texts() -> list[str]:
    """Every paragraph-like block of every fixture and the sample, and each parsed comment."""
    paths = sorted(p for p in FIXTURES.rglob("*") if p.is_file()) if FIXTURES.is_dir() else []
    if SAMPLE.is_file():
        paths.append(SAMPLE)
    texts: list[str] = []
    for path in paths:
        raw = path.read_bytes()
        if b"\x00" in raw[:4096]:
            continue
        texts.extend(_blocks(raw.decode("utf-8", "replace")))
        try:
            from reader.formats import load_article

            article = load_article(path)
        except Exception:  # noqa: BLE001, S112 - hostile fixtures, a parser not yet there
            continue
        texts.extend(c.text for c in article.comments)
        texts.extend(article.paragraphs)
    return list(dict.fromkeys(texts))


def data_texts() -> list[str]:
    """Texts from ../shared/data: RumourEval tweets and PolNeAR paragraphs."""
    texts: list[str] = []
    rumours = DATA / "rumoureval2017"
    for name in ("train.jsonl", "dev.jsonl"):
        path = rumours / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts.extend((row["text"], row["source_text"]))
    polnear = DATA / "polnear"
    for name in ("dev.jsonl", "train.jsonl") if FULL else ("dev.jsonl",):
        path = polnear / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                texts.extend(_blocks(json.loads(line)["text"]))
    texts = list(dict.fromkeys(texts))
    return texts if FULL else texts[::6]


def _raw(module: Any, text: str) -> object:
    """detect_langs as (lang, prob) pairs, or the exception's message, for `module`."""
    module.DetectorFactory.seed = 0
    try:
        return [(x.lang, x.prob) for x in module.detect_langs(text)]
    except module.LangDetectException as exc:
        return ("error", str(exc))


def _assert_same(texts: list[str]) -> None:
    fast = pytest.importorskip("langdetect_rs", reason="langdetect-rs (extra `fast`) not installed")
    differing = [t for t in texts if _raw(fast, t) != _raw(langdetect, t)]
    assert not differing, f"{len(differing)} of {len(texts)} differ, e.g. {differing[:3]!r}"
    ours = [detect_language_plain(t) for t in texts]
    assert [detect_language(t) for t in texts] == ours
    assert detect_languages(texts) == ours


def test_fast_path_matches_plain_langdetect_on_fixtures() -> None:
    texts = fixture_texts()
    if not texts:
        pytest.skip(f"no fixtures found under {FIXTURES} or {SAMPLE}")
    _assert_same(texts)


def test_fast_path_matches_plain_langdetect_on_shared_data() -> None:
    if not DATA.is_dir():
        pytest.skip(f"labelled data not found at {DATA}")
    texts = data_texts()
    if not texts:
        pytest.skip(f"no texts found under {DATA}")
    _assert_same(texts)


def test_fast_path_matches_on_edge_cases() -> None:
    texts = [
        "",
        "a",
        "😀",
        "http://example.org only a link",
        "ALL CAPS SHOUTING ABOUT THE NEWS TODAY",
        "Ein, zwei, drei, vier",
        "Война и мир — роман Льва Толстого.",
        "mixed English und Deutsch y español",
        "x" * 30_000,
        "Tiếng Việt có dấu rất khó phát hiện",
        "\ud800 lone surrogate text here",
    ]
    _assert_same(texts)


def test_install_is_not_called() -> None:
    """langdetect-rs's install() swaps sys.modules["langdetect"]; we never call it."""
    import reader.pipeline.run  # noqa: F401 - everything that imports the language module

    assert sys.modules["langdetect"].__name__ == "langdetect"
    assert "langdetect_rs" not in getattr(sys.modules["langdetect"], "__file__", "")


def test_the_analyser_gives_the_same_in_one_batch_and_one_by_one() -> None:
    texts = [*SENTENCES.values(), "lol", "😀😀😀"]
    batched = LANGUAGE.analyse(texts, (), {}, parallel=True)
    assert batched == LANGUAGE.analyse(texts, (), {}, parallel=False)
    assert [r.code if r else None for r in batched] == [*SENTENCES, None, None]
    assert [(r.code, r.confidence) if r else (None, None) for r in batched] == [
        detect_language(text) for text in texts
    ]


def test_the_analyser_codec_round_trips_and_refuses_bad_values() -> None:
    for result in (None, Language("en", 0.9999952705984434), Language("zh", 1.0)):
        assert LANGUAGE.decode(json.loads(json.dumps(LANGUAGE.encode(result)))) == result
    for bad in ([], ["en"], [None, 0.5], ["en", None], ["en", True], "en", {"en": 1}):
        with pytest.raises(ValueError):
            LANGUAGE.decode(bad)
