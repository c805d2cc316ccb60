"""What the stance model sees of a comment: binary features of its words and of its place.

Word features are the comment's uni- and bigrams; cue features (bracketed, so they never
collide with words) name something a person can check: "[ends with ?]", "[calls it false]",
and, from the thread, "[replies to a question]" or "[negates the parent's words]". Each cue
may carry a detail (the words it found) that becomes the evidence shown beside the label.

Training (benchmarks/train_stance.py) and inference both call `extract_features`, so they
preprocess text in exactly the same way.
"""

from __future__ import annotations

import html
import itertools
import re
from functools import lru_cache

from msgspec import Struct, field

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])[@＠]\w+")
_RETWEET = re.compile(r"(?<!\w)(?:RT|MT)(?!\w)\s*:?")  # Twitter's retweet markers, upper case
_HASH = re.compile(r"(?<![\w#])#(?=\w)")
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)  # Reddit's "> quoted" lines
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_NOT = re.compile(r"n't\b")
_CANT = re.compile(r"\b(can|won|ain|shan)'t\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_DIGITS = re.compile(r"[0-9]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_CANT_STEMS = {"can": "can", "won": "will", "ain": "is", "shan": "shall"}
SITES = frozenset({"reddit", "twitter"})  # sites with their own feature (see Place.site)
NEGATION_WINDOW = 3  # a negation this many words before a word negates it
DETAIL_CHARS = 60  # a quoted question in the evidence is cut to this length


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WH_WORDS = _words("who what when where why how which whose whom")
AUX_WORDS = _words(
    "is are was were am do does did can could will would should shall has have had may "
    "might must isnt arent wasnt didnt doesnt dont"
)
NEGATIONS = _words("not no never nobody nothing none neither nor nowhere")
# Lexicons from SPEC section 3's definitions. Each group is one cue feature; the training
# script adds a small hand-set prior to these (see "prior" in the model file) because such
# plain words are rare in the tweets and Reddit posts the model learns from but common in
# news comments.
CALLS_IT_FALSE = _words(
    "fake fakes faked hoax hoaxes lie lies lied lying liar liars false falsely untrue "
    "fabricated exaggerated exaggeration exaggerating overblown scam scams rubbish nonsense "
    "bs bullshit propaganda debunked misleading misinformation disinformation bogus "
    "coverup whitewash"
)
CALLS_IT_FALSE_PHRASES = (
    "not true",
    "pull the other one",
    "cover up",
    "don't believe",
    "do not believe",
    "never happened",
    "did not happen",
    "yeah right",
    "made up",
    "not real",
    "fake news",
    "no evidence",
    "not the case",
    "load of",
)
DOUBTS_IT = _words("doubt doubtful doubts unlikely dubious questionable skeptical sceptical")
DOUBTS_IT_PHRASES = ("not convinced", "hard to believe", "i doubt", "not confirmed", "no way")
CORROBORATES = _words("confirmed confirms confirm exactly saw witnessed indeed correct")
CORROBORATES_PHRASES = (
    "i saw",
    "can confirm",
    "it's true",
    "is true",
    "so true",
    "is real",
    "every word",
    "i was there",
    "well said",
    "spot on",
    "according to",
    "same here",
    "heard it",
    "happened to me",
    "i can vouch",
)
ASKS_FOR_INFORMATION_PHRASES = (
    "anyone know",
    "does anyone",
    "has anyone",
    "can anyone",
    "can someone",
    "is there any",
    "any source",
    "source for",
    "is it true",
    "is this true",
    "genuinely asking",
    "would like to know",
    "would like to read",
    "how many",
    "how much",
)
LEXICON_CUES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("[calls it false]", CALLS_IT_FALSE, CALLS_IT_FALSE_PHRASES),
    ("[doubts it]", DOUBTS_IT, DOUBTS_IT_PHRASES),
    ("[corroborates]", CORROBORATES, CORROBORATES_PHRASES),
    ("[asks for information]", frozenset(), ASKS_FOR_INFORMATION_PHRASES),
)
LEXICON_NAMES = frozenset(cue for cue, _, _ in LEXICON_CUES)
# Words too common to say whether a comment repeats the claim or its parent.
STOPWORDS = _words(
    "the a an and or but of to in on at for with by from as is are was were be been it "
    "its this that these those he she they we you i his her their our your my me him "
    "them us not no so if then than there here has have had do does did will would can "
    "could just about after before over into out up down more most very also what who "
    "which when where why how all any some"
)
# Stopwords say little alone (they stay inside bigrams); negations and wh-words say a lot.
_UNIGRAM_STOPWORDS = STOPWORDS - NEGATIONS - WH_WORDS


class Place(Struct, frozen=True):
    """Where a comment stands: the claim it answers and the comment it replies to.

    `claim` is the article's headline and first paragraph (a thread's opening post in the
    training data); `parent` the text of the comment it replies to, None for a reply to the
    article itself. `site` names a site whose threads the model learnt apart ("reddit"; and
    "twitter", for RumourEval's tweets only): its labels are given differently there (a
    Reddit question is mostly labelled "comment"); None for any other site, such as a news
    page's comments. `opening_post` is the thread's own post, in the training data only.
    """

    claim: str | None = None
    parent: str | None = None
    depth: int = 0
    site: str | None = None
    opening_post: bool = False


class Features(Struct):
    """The features present, and for some cues the words that set them (for the evidence)."""

    names: set[str] = field(default_factory=set)
    details: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, detail: str | None = None) -> None:
        self.names.add(name)
        if detail:
            self.details[name] = detail


def normalize(text: str) -> str:
    """Text as the model sees it: Twitter specifics gone, lower case, "n't" spelled "not".

    Removes URLs, @mentions, RT/MT markers, the '#' of hashtags (keeping the word) and
    Reddit's "> quoted" lines (the words of someone else), so a model trained on tweets and
    Reddit carries over to news comments.
    """
    # Each pattern runs only where the one character string it cannot match without is
    # there (most comments have no URL, mention or hashtag): same text, a third of the time.
    text = html.unescape(text)
    if ">" in text:
        text = _QUOTED_LINE.sub(" ", text)
    if "://" in text or "w." in text or "W." in text:  # "www." in any case ends "w."
        text = _URL.sub(" ", text)
    if "@" in text or "\uff20" in text:
        text = _MENTION.sub(" ", text)
    if "RT" in text or "MT" in text:
        text = _RETWEET.sub(" ", text)
    if "#" in text:
        text = _HASH.sub("", text)
    text = text.translate(_APOSTROPHES).lower()
    if "'t" not in text:
        return text
    text = _CANT.sub(lambda m: _CANT_STEMS[m.group(1)] + " not", text)
    return _NOT.sub(" not", text)


def tokenize(normalized: str) -> list[str]:
    """Word tokens of normalised text; digit runs become '0'."""
    return _TOKEN.findall(_DIGITS.sub("0", normalized))


def content_words(tokens: list[str]) -> set[str]:
    return {t for t in tokens if len(t) > 2 and t not in STOPWORDS}


def _phrase_checks(phrases: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """Each phrase, its last word (a phrase is in the tokens only if that word is), and the
    phrase padded with spaces, as `lexicon_hits` looks for it in the padded tokens."""
    return tuple((phrase, phrase.split()[-1], f" {phrase} ") for phrase in phrases)


_LEXICON_CHECKS = tuple(
    (cue, words, _phrase_checks(phrases)) for cue, words, phrases in LEXICON_CUES
)


def lexicon_hits(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """For each lexicon cue, the words or phrases of it found in the tokens, in order."""
    padded = " " + " ".join(tokens) + " "
    token_set = set(tokens)
    return {
        cue: tuple(sorted(token_set & words))
        + tuple(p for p, last, spaced in checks if last in token_set and spaced in padded)
        for cue, words, checks in _LEXICON_CHECKS
    }


@lru_cache(maxsize=256)
def _words_of(text: str) -> tuple[frozenset[str], str | None]:
    """A claim's or parent's content words and its last question (work them out once: every
    comment on a page shares one claim, and a parent may have many replies)."""
    normalized = normalize(text)
    question = None
    for sentence in _SENTENCE_SPLIT.split(text.strip()):
        if sentence.rstrip().endswith("?") and tokenize(normalize(sentence)):
            question = sentence.strip()
    return frozenset(content_words(tokenize(normalized))), question


def _negated(tokens: list[str], words: frozenset[str]) -> list[str]:
    """Words of `words` that a negation in `tokens` comes just before ("not confirmed")."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        if (
            token in words
            and token not in found
            and NEGATIONS.intersection(tokens[max(0, i - NEGATION_WINDOW) : i])
        ):
            found.append(token)
    return found


def _quote(words: list[str] | set[str]) -> str:
    return ", ".join(f"'{w}'" for w in sorted(words)[:3])


def _cut(text: str) -> str:
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1].rstrip() + "…"


def _text_features(found: Features, normalized: str, tokens: list[str]) -> None:
    """Words, bigrams and the cues of the comment's own text."""
    found.names.update(set(tokens).difference(_UNIGRAM_STOPWORDS))
    found.names.update(map(" ".join, itertools.pairwise(tokens)))
    if not tokens:
        found.add("[no words]")
    stripped = normalized.strip()
    if "?" in stripped:
        found.add("[has ?]")
        if stripped.rstrip("!.\"')\u201d ").endswith("?"):
            found.add("[ends with ?]")
    if "!" in stripped:
        found.add("[has !]")
    for sentence in _SENTENCE_SPLIT.split(stripped):
        first = _TOKEN.search(sentence)  # tokenize(sentence)[0], but for its digits
        if first is None:
            continue
        if first.group() in WH_WORDS:
            found.add("[wh-word starts a sentence]")
            if sentence.rstrip().endswith("?"):
                found.add("[wh-question]")
        elif first.group() in AUX_WORDS and sentence.rstrip().endswith("?"):
            found.add("[yes/no question]")
    if tokens and tokens[0] == "no":
        found.add("[starts with 'no']")
    if set(tokens) & NEGATIONS:
        found.add("[negation]")
    for cue, hits in lexicon_hits(tokens).items():
        if hits:
            found.add(cue, _quote(list(hits)))
    if len(tokens) <= 3:
        found.add("[at most 3 words]")


def _relation_features(found: Features, tokens: list[str], other: str, whose: str) -> None:
    """The comment against another text (the claim, or the parent): shared and negated words."""
    theirs, _ = _words_of(other)
    mine = content_words(tokens)
    if not mine or not theirs:
        return
    shared = mine & theirs
    overlap = len(shared) / len(mine)
    if overlap >= 0.5:
        found.add(f"[repeats the {whose}]", _quote(shared))
    elif shared:
        found.add(f"[shares words with the {whose}]", _quote(shared))
    negated = _negated(tokens, theirs)
    if negated:
        found.add(f"[negates the {whose}'s words]", _quote(negated))


def _thread_features(found: Features, tokens: list[str], place: Place) -> None:
    """Where the comment stands: its depth, and what the comment it replies to says."""
    if place.opening_post:
        found.add("[the opening post]")
    if place.site in SITES:
        found.add(f"[on {place.site}]")
    if place.claim:
        _relation_features(found, tokens, place.claim, "claim")
    if place.parent is None:
        found.add("[replies to the article]")
        return
    found.add("[replies to a comment]" if place.depth <= 1 else "[deep in a thread]")
    _relation_features(found, tokens, place.parent, "parent")
    _, question = _words_of(place.parent)
    if question is not None:
        found.add("[replies to a question]", f"'{_cut(question)}'")
    for cue, detail in _parent_cues(place.parent):
        found.add(cue, detail)


@lru_cache(maxsize=256)
def _parent_cues(parent: str) -> tuple[tuple[str, str], ...]:
    """The lexicon cues a parent comment carries, once per parent (it may have many replies)."""
    hits = lexicon_hits(tokenize(normalize(parent)))
    return tuple(
        (f"[parent {cue[1:-1]}]", _quote(list(found))) for cue, found in hits.items() if found
    )


def extract_features(text: str, place: Place | None = None) -> Features:
    """The binary features present in a comment, with the words behind its cues.

    Word n-grams are named by their words ("not true"; stopwords only inside bigrams); cues
    by a bracketed description ("[ends with ?]") so the two never collide (tokens hold no
    brackets).
    """
    normalized = normalize(text)
    tokens = tokenize(normalized)
    found = Features()
    _text_features(found, normalized, tokens)
    if place is not None:
        _thread_features(found, tokens, place)
    return found
