"""The stance analyser's fast paths give exactly what the plain definitions give.

`tokenize` splits bytes rather than running the token pattern, `lexicon_hits` looks phrases
up by their rarest word, and `predict` asks only for the model's own words and bigrams and
adds the weights row by row; sentences are split by str.replace, content words counted and
negated words found by set and list look-ups, details quoted when asked for, and the
analyser asks `stance_of` for one probability: each is checked here against the plain
definition it replaced, on texts made from the model's words, the lexicons and awkward
characters (a fixed seed).
"""

from __future__ import annotations

import random
import re

import pytest

from reader.analysers.stance import STANCE, classify_stance
from reader.analysers.stance_features import (
    _CANT_STEMS,
    _HASH,
    _MENTION,
    _NOT,
    _SENTENCE_SPLIT,
    LEXICON_CUES,
    NEGATION_WINDOW,
    NEGATIONS,
    STOPWORDS,
    Place,
    _count_content_words,
    _negated,
    _sentences,
    content_words,
    extract_features,
    lexicon_hits,
    normalize,
    tokenize,
)
from reader.analysers.stance_model import (
    EVIDENCE_SIZE,
    MIN_EVIDENCE_WEIGHT,
    Prediction,
    adjustment_for,
    load_model,
    predict,
    probabilities,
    stance_of,
)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_DIGITS = re.compile(r"[0-9]+")
AWKWARD = ["'", "''", "0", "7", "00", " ", "\n", "?", "!", ".", "é", "İ", "\u2019", "-", "_", "😂"]
PIECES = ["a", "z", "it", "s", "rock", "n", "roll", "o", "12", "x9", "'t", "no", "who", "is"]


def _plain_tokens(normalized: str) -> list[str]:
    return _TOKEN.findall(_DIGITS.sub("0", normalized))


def _plain_hits(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    padded = " " + " ".join(tokens) + " "
    found = set(tokens)
    return {
        cue: tuple(sorted(found & words))
        + tuple(phrase for phrase in phrases if f" {phrase} " in padded)
        for cue, words, phrases in LEXICON_CUES
    }


def _lexicon_words() -> list[str]:
    words = {w for _, cue_words, phrases in LEXICON_CUES for w in cue_words}
    words |= {w for _, _, phrases in LEXICON_CUES for p in phrases for w in p.split()}
    return sorted(words)


def _texts(count: int, seed: int) -> list[str]:
    """Comments made of the model's words, the lexicons' words and phrases, and awkward
    characters, with questions and negations."""
    rng = random.Random(seed)
    vocabulary = sorted(w for w in load_model().weights if not w.startswith("["))
    phrases = [p for _, _, ps in LEXICON_CUES for p in ps]
    pool = vocabulary + _lexicon_words() + phrases + sorted(STOPWORDS) + ["not", "never", "no"]
    texts = []
    for _ in range(count):
        words = [rng.choice(pool) for _ in range(rng.randint(0, 30))]
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), rng.choice(AWKWARD))
        text = " ".join(words)
        texts.append(text[:1].upper() + text[1:] + rng.choice(["", "?", "!", ".", " ?", "\n"]))
    return texts


@pytest.mark.parametrize("seed", range(3))
def test_tokenize_gives_the_token_patterns_tokens(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(AWKWARD + PIECES) for _ in range(rng.randint(0, 25)))
        assert tokenize(text) == _plain_tokens(text), text
        assert tokenize(normalize(text)) == _plain_tokens(normalize(text)), text


def test_tokenize_on_the_made_texts() -> None:
    for text in _texts(2000, 1):
        normalized = normalize(text)
        assert tokenize(normalized) == _plain_tokens(normalized), text


def test_lexicon_hits_give_the_plain_hits() -> None:
    rng = random.Random(2)
    words = _lexicon_words() + ["the", "that", "it's", "news"]
    for _ in range(3000):
        tokens = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        assert lexicon_hits(tokens) == _plain_hits(tokens), tokens
    for text in _texts(1000, 3):
        tokens = tokenize(normalize(text))
        assert lexicon_hits(tokens) == _plain_hits(tokens), text


def _plain_predict(text: str, place: Place) -> Prediction:
    """The model's answer as it was first written: every feature, each label's logit summed
    in the features' order, the evidence sorted by push then name."""
    model = load_model()
    found = extract_features(text, place)
    weights = adjustment_for(model, place).weights
    present = sorted((f, weights[f]) for f in found.names if f in weights)
    site = adjustment_for(model, place)
    logits = [a + b for a, b in zip(model.intercepts, site.bias, strict=True)]
    for k, total in enumerate(logits):
        for _, row in present:
            total += row[k]
        logits[k] = total
    order = sorted(range(len(logits)), key=lambda k: (-logits[k], k))
    best, runner_up = order[0], order[1]
    label = model.labels[best]
    pushes = sorted(
        (
            (row[best] - row[runner_up], feature)
            for feature, row in present
            if row[best] - row[runner_up] >= MIN_EVIDENCE_WEIGHT
        ),
        key=lambda item: (-item[0], item[1]),
    )[:EVIDENCE_SIZE]

    def describe(feature: str) -> str:
        if not feature.startswith("["):
            return f"'{feature}'"
        detail = found.details.get(feature)
        return f"{feature[1:-1]}: {detail}" if detail else feature[1:-1]

    evidence = tuple(f"{describe(f)} ({label} +{w:.1f})" for w, f in pushes)
    if not evidence:
        evidence = (
            ("no cue of support, denial or a question",)
            if label == "comment"
            else (f"no single strong cue; many small ones favour {label}",)
        )
    probs = probabilities(logits, model.temperature)
    return Prediction(label, dict(zip(model.labels, probs, strict=True)), evidence)


def _bits(prediction: Prediction) -> tuple[object, ...]:
    probs = tuple((label, p.hex()) for label, p in prediction.probabilities.items())
    return (prediction.label, probs, prediction.evidence)


@pytest.mark.parametrize("site", [None, "reddit", "twitter"])
def test_predict_gives_the_plain_answer_bit_for_bit(site: str | None) -> None:
    texts = _texts(600, 4)
    rng = random.Random(5)
    for text in texts:
        parent = rng.choice([None, rng.choice(texts)])
        place = Place(claim=rng.choice(texts), parent=parent, depth=rng.randint(0, 3), site=site)
        assert _bits(predict(text, place)) == _bits(_plain_predict(text, place)), text


def test_the_vocabularys_features_are_the_models_share_of_all_features() -> None:
    model = load_model()
    known = model.weights.keys()
    place = Place(claim="The council confirmed it.", parent="Is it true? It is fake.", depth=2)
    for text in _texts(1000, 6):
        every = extract_features(text, place)
        few = extract_features(text, place, vocabulary=model.vocabulary)
        assert few.names & known == every.names & known, text
        assert few.details == every.details


def test_content_words_of_a_set_are_those_of_its_list() -> None:
    for text in _texts(300, 7):
        tokens = tokenize(normalize(text))
        assert content_words(set(tokens)) == content_words(tokens)


def test_stance_of_and_the_analyser_give_predicts_answer_bit_for_bit() -> None:
    """`stance_of` works out one probability, the analyser calls it without classify_stance:
    the same label, score and evidence as `predict`'s."""
    texts = _texts(400, 8)
    rng = random.Random(9)
    for text in texts:
        for site in (None, "reddit"):
            parent = rng.choice([None, rng.choice(texts)])
            place = Place(
                claim=rng.choice(texts), parent=parent, depth=rng.randint(0, 3), site=site
            )
            found = predict(text, place)
            label, score, evidence = stance_of(text, place)
            assert (label, score.hex(), evidence) == (
                found.label,
                found.score.hex(),
                found.evidence,
            ), text
    claim = "The council confirmed the new lane"
    worded = [text for text in texts if text.strip()]  # a blank one is not assessed
    assert STANCE.analyse(worded, ("", claim), {}, parallel=False) == [
        classify_stance(text, claim) for text in worded
    ]


def test_sentences_are_the_split_patterns_but_for_whitespace() -> None:
    rng = random.Random(10)
    pieces = ["a", "who", "is it", ".", "!", "?", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\r"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for text in made + _texts(500, 11):
        plain = [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]
        assert [s.strip() for s in _sentences(text) if s.strip()] == plain, repr(text)


def test_counted_content_words_and_negated_words_are_the_plain_ones() -> None:
    for text in _texts(1500, 12):
        tokens = tokenize(normalize(text))
        token_set = set(tokens)
        assert _count_content_words(token_set) == len(content_words(tokens)), text
        theirs = frozenset(content_words(tokens[::2]))
        plain = {
            token
            for i, token in enumerate(tokens)
            if token in theirs and NEGATIONS.intersection(tokens[max(0, i - NEGATION_WINDOW) : i])
        }
        assert _negated(tokens, token_set, theirs) == plain, text


def test_a_features_details_are_its_words_quoted() -> None:
    place = Place(claim="The council confirmed it.", parent="Is it true? It is fake.", depth=2)
    for text in _texts(300, 13):
        found = extract_features(text, place)
        for name, detail in found.details.items():
            assert found.detail(name) == detail and isinstance(detail, str) and detail
        assert all(found.detail(name) is None for name in found.names - found.details.keys())


def test_mention_and_hashtag_patterns_match_where_the_plain_ones_do() -> None:
    plain_mention = re.compile(r"(?<![\w@])[@＠]\w+")
    plain_hash = re.compile(r"(?<![\w#])#(?=\w)")
    rng = random.Random(14)
    pieces = ["@", "＠", "#", "a", "_", " ", "\n", "é", "9", "@@", "##", ".", "x@y", "😂"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert _MENTION.sub(" ", text) == plain_mention.sub(" ", text), repr(text)
        assert _HASH.sub("", text) == plain_hash.sub("", text), repr(text)


def test_normalize_skips_cant_only_where_it_finds_nothing() -> None:
    plain_cant = re.compile(r"\b(can|won|ain|shan)'t\b")
    for text in ["I can't", "won't ain't shan't", "don't", "pecan't", "isn't", "CAN'T", "x"]:
        lowered = text.lower()
        assert normalize(text) == _NOT.sub(
            " not", plain_cant.sub(lambda m: _CANT_STEMS[m.group(1)] + " not", lowered)
        )


def test_tokenize_around_apostrophes_and_digits() -> None:
    """Runs are kept whole only when each apostrophe stands as in "it's": tried on every
    short string of letters, digits, apostrophes and spaces."""
    rng = random.Random(15)
    for _ in range(30000):
        text = "".join(rng.choice("ab09' ") for _ in range(rng.randint(0, 9)))
        assert tokenize(text) == _plain_tokens(text), repr(text)
