"""Stance of news comments: SPEC section 3 examples, our own sentences, and the model file."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from reader.analysers import AnalysisContext
from reader.analysers.stance import (
    STANCE,
    STANCE_LABELS,
    STANCE_MODEL_VERSION,
    Stance,
    classify_stance,
    extract_features,
    load_model,
    normalize,
)
from reader.model import Article

HEADLINE = "Council approves new incinerator after fire at the old plant"

# SPEC section 3's own examples: each must get its label.
SPEC_EXAMPLES = [
    ("Saw the smoke from my balcony, it was exactly where they say.", "support"),
    ("Nobody was hurt? Pull the other one, this is a cover-up.", "deny"),
    ("Which councillors voted against it?", "query"),
]
# More news-comment sentences of our own. The model is statistical, so per label it may miss
# at most one of these (known miss today: "This is true, I saw it happen ..." -> comment).
SUPPORT = [
    "Can confirm, my brother works there and said the same thing.",
    "This is true, I saw it happen with my own eyes.",
    "Confirmed by the police an hour ago, it really happened.",
    "I was there, it is true, the whole street was evacuated.",
]
DENY = [
    "This is fake news, it never happened.",
    "Total hoax. The photo is from years ago and the story is false.",
    "Not true at all, the numbers are exaggerated and the whole thing is a scam.",
    "What a load of rubbish, the report is made up.",
]
QUERY = [
    "Where did they get these figures from?",
    "Is there any source for this?",
    "Does anyone know when the road will reopen?",
    "How many people were actually evacuated?",
]
COMMENT = [
    "My cat would have made a better mayor.",
    "Typical Monday, what a world we live in lol",
    "I love this town and its people.",
    "The weather has been lovely this week.",
    "Another day, another council meeting.",
]


@pytest.mark.parametrize(("text", "label"), SPEC_EXAMPLES)
def test_spec_examples(text: str, label: str) -> None:
    assert classify_stance(text, HEADLINE).label == label


@pytest.mark.parametrize(
    ("texts", "label"),
    [(SUPPORT, "support"), (DENY, "deny"), (QUERY, "query"), (COMMENT, "comment")],
)
def test_news_comments(texts: list[str], label: str) -> None:
    got = [classify_stance(t, HEADLINE).label for t in texts]
    misses = [(t, g) for t, g in zip(texts, got) if g != label]
    assert len(misses) <= 1, misses


def test_plain_opinion_and_jokes_are_comment() -> None:
    for text in COMMENT:
        assert classify_stance(text, HEADLINE).label == "comment", text


@pytest.mark.parametrize("text", [t for t, _ in SPEC_EXAMPLES] + SUPPORT + DENY + QUERY + COMMENT)
@pytest.mark.parametrize("context", [HEADLINE, None])
def test_result_shape(text: str, context: str | None) -> None:
    stance = classify_stance(text, context)
    assert isinstance(stance, Stance)
    assert stance.label in STANCE_LABELS
    assert 0.0 <= stance.score <= 1.0
    assert stance.evidence and all(isinstance(e, str) and e for e in stance.evidence)
    # The chosen label is the most probable one, so its probability is at least 1/4.
    assert stance.score >= 0.25


def test_deterministic() -> None:
    text = SPEC_EXAMPLES[1][0]
    assert {classify_stance(text, HEADLINE) for _ in range(5)} == {classify_stance(text, HEADLINE)}


@pytest.mark.parametrize("text", ["", "   \n\t ", "😂😂😂", "🔥👍"])
def test_no_words_is_comment(text: str) -> None:
    stance = classify_stance(text, HEADLINE)
    assert stance.label == "comment"
    assert stance.evidence and all(isinstance(e, str) for e in stance.evidence)


def test_evidence_names_the_deciding_words() -> None:
    deny = classify_stance("What a hoax, the whole story is fake.")
    assert any("'fake'" in e or "'hoax'" in e for e in deny.evidence)
    assert all("deny" in e for e in deny.evidence)
    query = classify_stance("Which councillors voted against it?")
    assert any("?" in e or "which" in e for e in query.evidence)
    # Every evidence item names the label it pushed toward, with a real (not ~0) weight.
    for stance in (deny, query):
        assert all(f"({stance.label} +" in e and "+0.0)" not in e for e in stance.evidence)


def test_twitter_specifics_are_normalised_away() -> None:
    assert normalize("RT @someone: #Fire at http://t.co/x isn't true").split() == [
        "fire",
        "at",
        "is",
        "not",
        "true",
    ]
    assert classify_stance("@bob this is fake http://x.co/1") == classify_stance("this is fake")


def test_cue_features() -> None:
    assert "[ends with ?]" in extract_features("Who said that?")
    assert "[wh-question]" in extract_features("Who said that?")
    assert "[yes/no question]" in extract_features("Is that right?")
    assert "[calls it false]" in extract_features("Pull the other one")
    assert "[calls it false]" in extract_features("a cover-up")
    assert "[calls it false]" in extract_features("That isn't true")
    assert "[doubts it]" in extract_features("I doubt it")
    assert "[corroborates]" in extract_features("I saw it")
    assert "[calls it false]" not in extract_features("This is true")
    assert "[no words]" in extract_features("😂")


def test_model_file_is_small_and_readable() -> None:
    raw_bytes = (
        resources.files("reader").joinpath("data").joinpath("stance_model.json").read_bytes()
    )
    assert len(raw_bytes) < 1_000_000
    raw = json.loads(raw_bytes)
    assert sorted(raw["labels"]) == sorted(STANCE_LABELS)
    assert set(raw["intercepts"]) == set(STANCE_LABELS)
    assert raw["preprocessing"]
    assert 100 < len(raw["weights"]) <= 10_000
    assert all(len(row) == 4 for row in raw["weights"].values())
    model = load_model()
    assert load_model() is model  # loaded once
    assert model.weights.keys() == raw["weights"].keys()


def test_model_version_is_a_digest() -> None:
    assert STANCE_MODEL_VERSION.startswith("stance-")
    digest = hashlib.sha256(
        resources.files("reader").joinpath("data").joinpath("stance_model.json").read_bytes()
    ).hexdigest()
    assert STANCE_MODEL_VERSION.endswith(digest[:16])
    assert len(STANCE_MODEL_VERSION) > len("stance-") + 8


def test_the_analyser_reads_the_headline_only_and_classifies_with_it() -> None:
    context = AnalysisContext(Article(headline=HEADLINE, paragraphs=("Not read.",)))
    assert STANCE.sees(context) == (HEADLINE,) and STANCE.sees(None) == ()
    texts = [text for text, _ in SPEC_EXAMPLES]
    found = STANCE.analyse(texts, (HEADLINE,), {}, parallel=True)
    assert found == [classify_stance(text, HEADLINE) for text in texts]
    assert STANCE.analyse(texts, (), {}, parallel=False) == [classify_stance(t) for t in texts]


def test_the_analyser_codec_round_trips_and_refuses_bad_values() -> None:
    stance = Stance("deny", 0.6667, ("'hoax' (deny +1.2)",))
    assert STANCE.decode(json.loads(json.dumps(STANCE.encode(stance)))) == stance
    for bad in (None, [], ["deny", 0.5], ["maybe", 0.5, []], ["deny", "0.5", []], "abc"):
        with pytest.raises(ValueError):
            STANCE.decode(bad)
