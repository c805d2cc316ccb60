"""Stance of news comments: SPEC section 3 examples, our own sentences, the bundled sample, the
reply tree, languages the model cannot read, calibrated scores shown as uncertain, the model file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from reader.analysers import AnalysisContext, stance_model
from reader.analysers.base import CommentText
from reader.analysers.facets import Styled
from reader.analysers.stance import (
    NO_TEXT_REASON,
    NOT_ASSESSED,
    STANCE,
    STANCE_LABELS,
    NotAssessed,
    Stance,
    classify_stance,
    extract_features,
    load_model,
    normalize,
    stance_model_version,
)
from reader.analysers.stance_features import Place
from reader.analysers.stance_model import adjustment_for, predict
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


def test_a_comment_with_no_text_is_not_assessed() -> None:
    """A deleted or removed comment's placeholder has no words: a label would be made up
    (it was "comment 0.95", from "on reddit" alone)."""
    texts = ["", "  \n ", CommentText("", "It is true, I saw it.", 1), "It is true, I saw it."]
    found = STANCE.analyse(texts, ("reddit", HEADLINE), {"language": [None] * 4},
                           parallel=False)
    assert found[:3] == [NotAssessed(NO_TEXT_REASON)] * 3
    assert "deleted or removed" in NO_TEXT_REASON
    assert isinstance(found[3], Stance)


def test_a_reddit_placeholder_gets_no_stance_and_no_sentiment() -> None:
    article = load_article(Path(__file__).resolve().parents[1] / "fixtures" / "reddit-thread.json")
    placeholders = [c for c in article.comments if c.status in ("deleted", "removed")]
    assert placeholders and all(c.text == "" for c in placeholders)
    exported = analysis_to_dict(analyze(article))["comments"]
    for comment in (c for c in exported if c["status"] in ("deleted", "removed")):
        assert comment["stance"] is None and comment["sentiment"] is None
        assert comment["stance_reason"] == NO_TEXT_REASON
    assert all(c["stance"] is not None for c in exported if c["text"])


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
    assert raw["format"] == "reader stance model 3"
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
    assert stance_model_version() == f"stance-4-{digest[:16]}"
    assert STANCE.version == stance_model_version()


def test_the_codec_round_trips_and_refuses_bad_values() -> None:
    for result in (Stance("deny", 0.6667, ("'hoax' (deny +1.2)",)), NotAssessed("written in 'fr'")):
        assert STANCE.decode(json.loads(json.dumps(STANCE.encode(result)))) == result
    for bad in (None, [], ["deny", 0.5], ["maybe", 0.5, []], ["deny", "0.5", []], "abc", [None, 3]):
        with pytest.raises(ValueError):
            STANCE.decode(bad)


# -- each site's adjustment -----------------------------------------------------------------


def test_each_site_has_its_pushes_and_bias_and_a_news_page_gets_the_hand_set_ones() -> None:
    raw = json.loads(_model_file())
    assert set(raw["sites"]) == {"other", "reddit", "twitter"}
    other = raw["sites"]["other"]
    assert other["chosen_by"].startswith("by hand")
    assert other["cue_push"] == {
        "[calls it false]": {"deny": 1.5},
        "[doubts it]": {"deny": 0.75},
        "[corroborates]": {"support": 2.0},
        "[asks for information]": {"query": 1.0},
    }
    assert other["bias"] == {"comment": 0.0}
    for site in ("reddit", "twitter"):
        assert raw["sites"][site]["chosen_by"] == "cross-validation on train"
    model = load_model()
    assert adjustment_for(model, None) is model.sites["other"]
    assert adjustment_for(model, Place(site="reddit")) is model.sites["reddit"]
    assert adjustment_for(model, Place(site="somewhere")) is model.sites["other"]


def _expected(text: str, place: Place) -> dict[str, float]:
    """The probabilities worked out again from the model file: shared intercepts and weights,
    the site's bias, its cue pushes."""
    raw = json.loads(_model_file())
    site = raw["sites"][place.site or "other"]
    labels = raw["labels"]
    logits = [raw["intercepts"][lab] + site["bias"].get(lab, 0.0) for lab in labels]
    for feature in extract_features(text, place).names:
        row = raw["weights"].get(feature, [0.0] * 4)
        push = site["cue_push"].get(feature, {})
        logits = [v + w + push.get(lab, 0.0) for v, w, lab in zip(logits, row, labels)]
    scaled = [v / raw["calibration"]["temperature"] for v in logits]
    exps = [math.exp(v - max(scaled)) for v in scaled]
    return {lab: e / sum(exps) for lab, e in zip(labels, exps)}


@pytest.mark.parametrize("site", [None, "reddit", "twitter"])
def test_a_comment_is_judged_with_its_sites_bias_and_pushes(site: str | None) -> None:
    place = Place(claim=HEADLINE, parent="Is it real?", depth=1, site=site)
    for text in ("This is fake news, it never happened.", "Can confirm, I saw it.", "Nice."):
        found = predict(text, place).probabilities
        assert found == pytest.approx(_expected(text, place), abs=1e-9)


def test_reddit_and_a_news_page_differ_where_their_adjustments_do() -> None:
    text = "Every word of this is true."
    news = predict(text, Place(claim=HEADLINE))
    reddit = predict(text, Place(claim=HEADLINE, site="reddit"))
    model = load_model()
    if model.sites["reddit"] != model.sites["other"]:
        assert news.probabilities != reddit.probabilities
    assert news.label == "support"  # the hand-set push holds on a news page


TRAIN_STANCE = Path(__file__).resolve().parents[1] / "benchmarks" / "train_stance.py"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(
    not (DATA / "rumoureval2019" / "train.jsonl").exists()
    or importlib.util.find_spec("sklearn") is None,
    reason="needs the labelled data in ../shared/data and scikit-learn (the dev extra)",
)
def test_the_training_script_reproduces_the_shipped_weights(tmp_path: Path) -> None:
    """Refit with the choices the full run recorded: the same file, byte for byte, with the
    numpy and scikit-learn it was trained with (another version may round a last digit)."""
    shipped = tmp_path / "stance_model.json"
    shipped.write_bytes(_model_file())
    done = subprocess.run(
        [sys.executable, str(TRAIN_STANCE), "--refit", "--out", str(shipped)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    before, again = json.loads(_model_file()), json.loads(shipped.read_bytes())
    if before["trained_with"] == again["trained_with"]:
        assert shipped.read_bytes() == _model_file()
        return
    old, new = before["weights"], again["weights"]
    for feature in old.keys() | new.keys():  # one near the cut-off may fall either side of it
        row, row_again = old.get(feature, [0.0] * 4), new.get(feature, [0.0] * 4)
        tolerance = 2e-3 if feature in old and feature in new else 0.06
        assert row_again == pytest.approx(row, abs=tolerance), feature


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["sites"].pop("other"), "no adjustment for site 'other'"),
        (lambda raw: raw["sites"]["reddit"]["bias"].update(maybe=1.0), "unknown label"),
    ],
)
def test_a_model_file_without_a_news_adjustment_or_with_a_bad_label_is_refused(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    raw = json.loads(_model_file())
    change(raw)
    monkeypatch.setattr(stance_model, "model_bytes", lambda: json.dumps(raw).encode())
    load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            load_model()
    finally:
        monkeypatch.undo()
        load_model.cache_clear()
    assert load_model().sites.keys() == {"other", "reddit", "twitter"}
