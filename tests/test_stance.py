"""Stance of news comments: SPEC section 3 examples, our own sentences, the bundled sample, the
reply tree, languages the model cannot read, calibrated scores shown as uncertain, the model file.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping, Sequence
from importlib import resources

import pytest

from reader.analysers import AnalysisContext
from reader.analysers.base import CommentText
from reader.analysers.facets import Styled
from reader.analysers.stance import (
    NOT_ASSESSED,
    STANCE,
    STANCE_LABELS,
    STANCE_MODEL_VERSION,
    NotAssessed,
    Stance,
    classify_stance,
    extract_features,
    load_model,
    normalize,
)
from reader.analysers.stance_features import Place
from reader.export import analysis_to_dict
from reader.formats import load_article, sample_path
from reader.model import Article, Comment
from reader.pipeline.keys import cache_key
from reader.pipeline.run import analyze, iter_comment_analyses

HEADLINE = "Council approves new incinerator after fire at the old plant"

# SPEC section 3's own examples: each must get its label.
SPEC_EXAMPLES = [
    ("Saw the smoke from my balcony, it was exactly where they say.", "support"),
    ("Nobody was hurt? Pull the other one, this is a cover-up.", "deny"),
    ("Which councillors voted against it?", "query"),
]
# More news-comment sentences of our own. The model is statistical, so per label it may miss
# at most one of these.
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


# -- the bundled sample: what a new user sees first ------------------------------------------

# Comments of reader/data/sample.txt (by their opening words) and the label a moderator needs.
SAMPLE_STANCES = {
    "I ride for them at weekends.": "support",  # "... Every word of this is true."
    "I used to do the evening shift": "support",  # "The drop in pay is real. I kept a ..."
    "Pull the other one.": "deny",
    "Fake news.": "deny",
    "Does anyone know if the council": "query",
    "What happens to riders who": "query",
}
SAMPLE_NOT_ENGLISH = ("Trabajo de repartidora", "Même chose", "Bei uns", "Mój brat")


@pytest.fixture(scope="module")
def sample_json() -> dict[str, dict[str, object]]:
    """The sample's comments as `reader analyze` prints them, by their text."""
    data = analysis_to_dict(analyze(load_article(sample_path())))
    return {str(c["text"]): c for c in data["comments"]}


def _comment(found: dict[str, dict[str, object]], start: str) -> dict[str, object]:
    [comment] = [c for text, c in found.items() if text.startswith(start)]
    return comment


@pytest.mark.parametrize(("start", "label"), SAMPLE_STANCES.items())
def test_the_samples_obvious_stances_are_found_with_evidence(
    sample_json: dict[str, dict[str, object]], start: str, label: str
) -> None:
    stance = _comment(sample_json, start)["stance"]
    assert isinstance(stance, dict)
    assert stance["label"] == label
    assert stance["evidence"] and all(f"({label} +" in e for e in stance["evidence"])
    # Not just single words: a named cue (a bracket-free description with its words) decides.
    assert any(":" in e or "?" in e for e in stance["evidence"])


@pytest.mark.parametrize("start", SAMPLE_NOT_ENGLISH)
def test_the_samples_other_languages_are_not_assessed(
    sample_json: dict[str, dict[str, object]], start: str
) -> None:
    comment = _comment(sample_json, start)
    assert comment["stance"] is None
    reason = comment["stance_reason"]
    assert isinstance(reason, str) and "English only" in reason


def test_english_comments_have_no_reason(sample_json: dict[str, dict[str, object]]) -> None:
    comment = _comment(sample_json, "Fake news.")
    assert comment["stance_reason"] is None


# -- the reply tree ------------------------------------------------------------------------


def test_a_reply_to_a_question_says_so_in_its_evidence() -> None:
    parent = "Is it true the plant was shut down last year?"
    found = extract_features("Yes, it was.", Place(claim=HEADLINE, parent=parent, depth=1))
    assert "[replies to a question]" in found.names
    assert found.details["[replies to a question]"] == f"'{parent}'"
    assert "[replies to a question]" not in extract_features("Yes, it was.", Place()).names


def test_negating_the_parents_words_is_a_feature_with_those_words() -> None:
    parent = "The police have confirmed the fire was arson."
    found = extract_features(
        "It was not confirmed by anyone.", Place(parent=parent, depth=1)
    ).details
    assert found["[negates the parent's words]"] == "'confirmed'"
    claim = extract_features("The council never approves it.", Place(claim=HEADLINE)).details
    assert claim["[negates the claim's words]"] == "'approves'"


def test_depth_and_the_parent_change_the_features() -> None:
    top = extract_features("Agreed.", Place(claim=HEADLINE)).names
    reply = extract_features(
        "Agreed.", Place(claim=HEADLINE, parent="It is a scam.", depth=1)
    ).names
    deep = extract_features("Agreed.", Place(claim=HEADLINE, parent="Quite.", depth=4)).names
    assert "[replies to the article]" in top
    assert {"[replies to a comment]", "[parent calls it false]"} <= reply
    assert "[deep in a thread]" in deep


THREAD = (
    Comment("p1", "ann", "1h", "Is the plant really shut? Any source?"),
    Comment("r1", "bob", "1h", "Yes, it is true, I saw the notice.", parent="p1", depth=1),
    Comment("p2", "cat", "1h", "The plant is fine."),
    Comment("r2", "dan", "1h", "Yes, it is true, I saw the notice.", parent="p2", depth=1),
)


def test_the_pipeline_gives_each_reply_its_parent_and_keys_it() -> None:
    context = AnalysisContext(Article(headline=HEADLINE, comments=THREAD))
    found = dict(p for b in iter_comment_analyses(THREAD, context=context) for p in b)
    first, second = STANCE.of(found["r1"]), STANCE.of(found["r2"])
    assert isinstance(first, Stance) and isinstance(second, Stance)
    assert any("replies to a question" in e for e in first.evidence) or first != second
    expected = classify_stance(THREAD[1].text, f"{HEADLINE}", parent=THREAD[0].text, depth=1)
    assert first == expected
    # The same text under another parent is another cache entry; a top-level one keys as ever.
    cache = RecordingCache()
    list(iter_comment_analyses(THREAD, context=context, cache=cache))
    assert len(cache.values) == 4
    assert cache_key(THREAD[0].text, context) in cache.values


class RecordingCache:
    """An analysis cache that starts empty and keeps what is put in it."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: self.values[k] for k in keys if k in self.values}

    def put_cached(self, items: Mapping[str, str]) -> None:
        self.values.update(items)

    def get_thread(self, key: str) -> bytes | None:
        return None

    def put_thread(self, key: str, value: bytes) -> None:
        pass


def test_comment_text_pickles_with_its_parent() -> None:
    text = CommentText("Yes.", "Is it?", 2)
    again = pickle.loads(pickle.dumps(text))
    assert (again, again.parent, again.depth) == ("Yes.", "Is it?", 2)
    assert isinstance(again, CommentText)


# -- what the analyser says, and how it is shown -----------------------------------------------


def test_the_analyser_reads_the_claim_and_the_site() -> None:
    context = AnalysisContext(Article(headline=HEADLINE, paragraphs=("First.", "Not read.")))
    assert STANCE.sees(context) == ("", HEADLINE, "First.") and STANCE.sees(None) == ()
    reddit = AnalysisContext(Article(headline=HEADLINE, source="reddit"))
    assert STANCE.sees(reddit) == ("reddit", HEADLINE)
    texts = [text for text, _ in SPEC_EXAMPLES]
    found = STANCE.analyse(texts, ("", HEADLINE, "First."), {}, parallel=True)
    assert found == [classify_stance(text, f"{HEADLINE}\nFirst.") for text in texts]
    assert STANCE.analyse(texts, (), {}, parallel=False) == [classify_stance(t) for t in texts]


def _text(styled: list[Styled]) -> str:
    return "".join(text for text, _ in styled)


def test_a_low_probability_label_is_shown_as_uncertain() -> None:
    assert load_model().uncertain_below == 0.5
    unsure, sure = Stance("comment", 0.41, ("x",)), Stance("deny", 0.8, ("y",))
    [column] = STANCE.facets.columns
    assert column.cell(unsure) == ("comment?", "$text-muted")
    assert column.cell(sure)[0] == "deny"
    assert STANCE.facets.detail is not None
    assert "comment uncertain (0.41)" in _text(STANCE.facets.detail(unsure))
    assert "uncertain" not in _text(STANCE.facets.detail(sure))


def test_not_assessed_is_shown_filtered_and_exported() -> None:
    result = NotAssessed("written in 'fr'; the stance model reads English only")
    facets = STANCE.facets
    [column] = facets.columns
    [field] = facets.filters
    assert column.cell(result)[0] == "n/a"
    assert field.value(result) == NOT_ASSESSED and field.values is not None
    assert NOT_ASSESSED in field.values
    assert facets.detail is not None
    assert "not assessed (written in 'fr'" in _text(facets.detail(result))
    assert facets.json is not None and facets.json.names == ("stance", "stance_reason")
    assert facets.json.values(result) == (None, result.reason)
    assert facets.csv is not None and facets.csv.cells(result) == ("", "")
    assert facets.text_counts is not None
    assert "not assessed 1" in facets.text_counts([result, Stance("deny", 0.9)])
    assert facets.sorts[0].key(result) > facets.sorts[0].key(Stance("comment", 0.3))


def test_only_english_is_assessed() -> None:
    from reader.analysers.language import Language

    texts = ["Es verdad, lo vi.", "It is true, I saw it.", "👏"]
    languages = [Language("es", 0.99), Language("en", 0.99), None]
    found = STANCE.analyse(texts, (), {"language": languages}, parallel=False)
    assert isinstance(found[0], NotAssessed) and "'es'" in found[0].reason
    assert isinstance(found[1], Stance) and isinstance(found[2], Stance)


# -- the model ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [t for t, _ in SPEC_EXAMPLES] + SUPPORT + DENY + QUERY + COMMENT)
@pytest.mark.parametrize("context", [HEADLINE, None])
def test_result_shape(text: str, context: str | None) -> None:
    stance = classify_stance(text, context)
    assert stance.label in STANCE_LABELS
    assert 0.25 <= stance.score <= 1.0  # the most probable of four labels
    assert stance.evidence and all(isinstance(e, str) and e for e in stance.evidence)


def test_deterministic() -> None:
    text = SPEC_EXAMPLES[1][0]
    assert {classify_stance(text, HEADLINE) for _ in range(5)} == {classify_stance(text, HEADLINE)}


@pytest.mark.parametrize("text", ["", "   \n\t ", "😂😂😂", "🔥👍"])
def test_no_words_is_comment(text: str) -> None:
    stance = classify_stance(text, HEADLINE)
    assert stance.label == "comment"
    assert stance.evidence and all(isinstance(e, str) for e in stance.evidence)


def test_evidence_names_the_deciding_cues_and_words() -> None:
    deny = classify_stance("What a hoax, the whole story is fake.")
    assert any("calls it false: 'fake', 'hoax'" in e for e in deny.evidence)
    query = classify_stance("Which councillors voted against it?")
    assert any("?" in e for e in query.evidence)
    for stance in (deny, query):
        assert all(f"({stance.label} +" in e and "+0.0)" not in e for e in stance.evidence)


def test_twitter_and_reddit_specifics_are_normalised_away() -> None:
    assert normalize("RT @someone: #Fire at http://t.co/x isn't true").split() == [
        "fire",
        "at",
        "is",
        "not",
        "true",
    ]
    assert classify_stance("@bob this is fake http://x.co/1") == classify_stance("this is fake")
    assert classify_stance("> It is fake\n\nGood point.") == classify_stance("Good point.")


def test_cue_features() -> None:
    def names(text: str) -> set[str]:
        return extract_features(text).names

    assert {"[ends with ?]", "[wh-question]"} <= names("Who said that?")
    assert "[yes/no question]" in names("Is that right?")
    assert "[calls it false]" in names("Pull the other one")
    assert "[calls it false]" in names("a cover-up")
    assert "[calls it false]" in names("That isn't true")
    assert "[doubts it]" in names("I doubt it")
    assert "[corroborates]" in names("Every word of this is true.")
    assert "[asks for information]" in names("Does anyone know the figures?")
    assert "[calls it false]" not in names("This is true")
    assert "[no words]" in names("😂")


def _model_file() -> bytes:
    return resources.files("reader").joinpath("data").joinpath("stance_model.json").read_bytes()


def test_model_file_is_small_readable_and_calibrated() -> None:
    raw_bytes = _model_file()
    assert len(raw_bytes) < 1_000_000
    raw = json.loads(raw_bytes)
    assert raw["format"] == "reader stance model 2"
    assert sorted(raw["labels"]) == sorted(STANCE_LABELS)
    assert set(raw["intercepts"]) == set(STANCE_LABELS)
    assert raw["preprocessing"] and "2019" in raw["trained_on"]
    assert 100 < len(raw["weights"]) <= 10_000
    assert all(len(row) == 4 for row in raw["weights"].values())
    assert raw["calibration"]["temperature"] > 0
    model = load_model()
    assert load_model() is model  # loaded once
    assert model.weights.keys() == raw["weights"].keys()


def test_model_version_is_a_digest_and_a_revision() -> None:
    digest = hashlib.sha256(_model_file()).hexdigest()
    assert STANCE_MODEL_VERSION == f"stance-3-{digest[:16]}"
    assert STANCE.version == STANCE_MODEL_VERSION


def test_the_codec_round_trips_and_refuses_bad_values() -> None:
    for result in (Stance("deny", 0.6667, ("'hoax' (deny +1.2)",)), NotAssessed("written in 'fr'")):
        assert STANCE.decode(json.loads(json.dumps(STANCE.encode(result)))) == result
    for bad in (None, [], ["deny", 0.5], ["maybe", 0.5, []], ["deny", "0.5", []], "abc", [None, 3]):
        with pytest.raises(ValueError):
            STANCE.decode(bad)
