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
from collections.abc import Iterable
from functools import lru_cache

from msgspec import Struct, field

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A mark first, then the look behind it (at the mark: no word character or mark before it),
# so that the search skips to each mark: the matches of r"(?<![\w@])[@＠]\w+", faster.
_MENTION = re.compile(r"[@＠](?<![\w@].)\w+")
_RETWEET = re.compile(r"(?<!\w)(?:RT|MT)(?!\w)\s*:?")  # Twitter's retweet markers, upper case
_HASH = re.compile(r"#(?<![\w#].)(?=\w)")  # r"(?<![\w#])#(?=\w)", as _MENTION
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)  # Reddit's "> quoted" lines
_APOSTROPHE_CHARS = "\u2019\u2018\u02bc`"
_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHE_CHARS, "'"))
_NOT = re.compile(r"n't\b")
_CANT = re.compile(r"\b(can|won|ain|shan)'t\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_DIGITS = re.compile(r"[0-9]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
# `tokenize` without scanning by regular expression: a table for bytes.translate keeping each
# byte a token may hold ([a-z], a digit as '0'), every other one a space.
_LETTER_BYTES = b"abcdefghijklmnopqrstuvwxyz"
_DIGIT_BYTES = b"0123456789"
_TOKEN_BYTES = bytes(
    c if c in _LETTER_BYTES else 0x30 if c in _DIGIT_BYTES else 0x20 for c in range(256)
)
_TOKEN_BYTES_AND_APOSTROPHE = bytes(0x27 if c == 0x27 else b for c, b in enumerate(_TOKEN_BYTES))
_ZERO_RUN = re.compile(rb"00+")  # a run of digits, each a '0' (see `tokenize`)
# In `tokenize`'s bytes, an apostrophe that makes a run not one whole token: one not after a
# letter or '0', one not before a letter, and one whose letters a '0' follows ("it's" is one
# token, "'em", "rock'", "it''s" and "o'1" are not). Each alternative starts at the mark, so
# that the search skips from mark to mark.
_ODD_APOSTROPHE = re.compile(rb"'(?:(?![a-z])|(?<![a-z0].)|[a-z]+0)")
# Whitespace other than a space or a newline after the end of a sentence (see `_sentences`).
_ODD_SENTENCE_END = re.compile(r"[.!?][^\S \n]")
_CANT_STEMS = {"can": "can", "won": "will", "ain": "is", "shan": "shall"}
_CANT_WORDS = tuple(f"{stem}'t" for stem in _CANT_STEMS)  # what _CANT cannot match without
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
# Every token `tokenize` can make of one or two characters (one with an apostrophe has three
# or more) and the stopwords: every token that `content_words` leaves out.
_TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0"
_NOT_CONTENT_WORDS = STOPWORDS.union(a + b for a in _TOKEN_CHARS for b in ("", *_TOKEN_CHARS))
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
    """The features present, and for some cues the words that set them (for the evidence).

    `found` holds a cue's detail, or the words to quote in it: they are quoted only when
    asked for (`detail`, `details`), as most never are (the evidence shows three features).
    """

    names: set[str] = field(default_factory=set)
    found: dict[str, str | tuple[str, ...]] = field(default_factory=dict)

    def add(self, name: str, detail: str | None = None) -> None:
        self.names.add(name)
        if detail:
            self.found[name] = detail

    def add_words(self, name: str, words: Iterable[str]) -> None:
        """A cue, and the words that set it (at least one), quoted in its detail."""
        self.names.add(name)
        self.found[name] = tuple(words)

    def detail(self, name: str) -> str | None:
        """The words a cue found, as the evidence shows them; None for a feature without."""
        found = self.found.get(name)
        return found if found is None or isinstance(found, str) else _quote(found)

    @property
    def details(self) -> dict[str, str]:
        """Each cue's detail, by name."""
        return {name: _quote(v) if not isinstance(v, str) else v for name, v in self.found.items()}


class Vocabulary(Struct, frozen=True):
    """The word features a model has weights for: `extract_features` given one finds only
    these (a comment's other n-grams the model would look up only to drop) and every cue.
    `bigrams` names each known word pair: making the name of each of a comment's bigrams
    costs more than the whole look-up."""

    unigrams: frozenset[str]
    bigrams: dict[tuple[str, str], str]

    @classmethod
    def of(cls, names: Iterable[str]) -> Vocabulary:
        """The vocabulary of these feature names (a model's: words, bigrams and cues)."""
        words = [name for name in names if not name.startswith("[")]
        return cls(
            unigrams=frozenset(w for w in words if " " not in w) - _UNIGRAM_STOPWORDS,
            bigrams={
                (first, second): f"{first} {second}"
                for first, _, second in (w.partition(" ") for w in words)
                if second
            },
        )


def normalize(text: str) -> str:
    """Text as the model sees it: Twitter specifics gone, lower case, "n't" spelled "not".

    Removes URLs, @mentions, RT/MT markers, the '#' of hashtags (keeping the word) and
    Reddit's "> quoted" lines (the words of someone else), so a model trained on tweets and
    Reddit carries over to news comments.
    """
    # Each pattern runs only where the one character string it cannot match without is
    # there (most comments have no URL, mention or hashtag): same text, a third of the time.
    if "&" in text:  # html.unescape's own test, without the call
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
    # In ASCII text (isascii is a flag) only '`' of them can be.
    if ("`" in text or not text.isascii()) and any(map(text.__contains__, _APOSTROPHE_CHARS)):
        text = text.translate(_APOSTROPHES)
    text = text.lower()
    if "n't" not in text:  # what _CANT and _NOT both need
        return text
    if any(map(text.__contains__, _CANT_WORDS)):  # most "n't" are "don't", "isn't"
        text = _CANT.sub(lambda m: _CANT_STEMS[m.group(1)] + " not", text)
    return _NOT.sub(" not", text)


def tokenize(normalized: str) -> list[str]:
    """Word tokens of normalised text; digit runs become '0'.

    The tokens of `_TOKEN.findall(_DIGITS.sub("0", normalized))`, in 60% of its time:
    the text as ASCII bytes (any other character cannot be in a token: a '?'), each byte
    that cannot be in a token a space, each digit a '0', runs of '0' made one, then split.
    Without an apostrophe a token is just a run of the bytes left; so it is with one when
    each apostrophe stands inside a run as in "it's" (none is `_ODD_APOSTROPHE`: a run is
    then `_TOKEN`'s whole match); else a run holding one is split by `_TOKEN` itself
    ("it's" is one token, "rock'" is "rock").
    """
    apostrophe = "'" in normalized
    spaced = normalized.encode("ascii", "replace").translate(
        _TOKEN_BYTES_AND_APOSTROPHE if apostrophe else _TOKEN_BYTES
    )
    if b"00" in spaced:
        spaced = _ZERO_RUN.sub(b"0", spaced)
    runs = spaced.decode("ascii").split()
    if not apostrophe or _ODD_APOSTROPHE.search(spaced) is None:
        return runs
    tokens: list[str] = []
    for run in runs:
        if "'" in run:
            tokens += _TOKEN.findall(run)
        else:
            tokens.append(run)
    return tokens


def content_words(tokens: list[str] | set[str]) -> set[str]:
    return {t for t in tokens if len(t) > 2 and t not in STOPWORDS}


_CUE_WORDS = tuple(words for _, words, _ in LEXICON_CUES)
_ANY_CUE_WORD = frozenset().union(*_CUE_WORDS)


def _rarest(phrase: str) -> str:
    """The word of a phrase least likely in a comment, near enough: the longest that is not
    a stopword (or the longest), the later on a tie ("is this true": "true")."""
    words = phrase.split()
    return max(reversed(words), key=lambda word: (word not in STOPWORDS, len(word)))


_Phrase = tuple[int, int, str, frozenset[str], str]


def _phrases_by_word() -> dict[str, tuple[_Phrase, ...]]:
    """Each phrase under its rarest word (a phrase is in the tokens only if each of its
    words is): its cue's and its own place in LEXICON_CUES, the phrase, its words, and the
    phrase padded with spaces as `_hits` looks for it."""
    found: dict[str, list[_Phrase]] = {}
    for cue_index, (_, _, phrases) in enumerate(LEXICON_CUES):
        for index, phrase in enumerate(phrases):
            entry = (cue_index, index, phrase, frozenset(phrase.split()), f" {phrase} ")
            found.setdefault(_rarest(phrase), []).append(entry)
    return {word: tuple(entries) for word, entries in found.items()}


_PHRASES_BY_WORD = _phrases_by_word()
_PHRASE_WORDS = frozenset(_PHRASES_BY_WORD)
_ANY_LEXICON_WORD = _ANY_CUE_WORD | _PHRASE_WORDS


def _hits(tokens: list[str], token_set: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Each lexicon cue with the words of it found (sorted), then its phrases found (in the
    cue's order); a cue that found none is left out. Most comments hold no cue word and
    none of the words the phrases are looked up by: one set test."""
    if token_set.isdisjoint(_ANY_LEXICON_WORD):
        return []
    phrases = [  # those whose words are all there
        entry
        for word in token_set.intersection(_PHRASE_WORDS)
        for entry in _PHRASES_BY_WORD[word]
        if entry[3] <= token_set
    ]
    if phrases:
        padded = " " + " ".join(tokens) + " "
        phrases = [entry for entry in phrases if entry[4] in padded]
    words = token_set.intersection(_ANY_CUE_WORD)
    if not (words or phrases):  # a word a phrase is looked up by, not the phrase
        return []
    found = [sorted(words & cue_words) if words else [] for cue_words in _CUE_WORDS]
    for cue_index, _, phrase, _, _ in sorted(phrases):  # in LEXICON_CUES' order
        found[cue_index].append(phrase)
    return [
        (cue, tuple(hits)) for (cue, _, _), hits in zip(LEXICON_CUES, found, strict=True) if hits
    ]


def lexicon_hits(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """For each lexicon cue, the words or phrases of it found in the tokens, in order."""
    found = dict(_hits(tokens, set(tokens)))
    return {cue: found.get(cue, ()) for cue, _, _ in LEXICON_CUES}


def _sentences(text: str) -> list[str]:
    """`_SENTENCE_SPLIT.split(text)` but for whitespace at a sentence's ends and sentences
    of whitespace only, which all readers skip: a sentence ends at a newline, or at a '.',
    '!' or '?' before whitespace. Unless such a mark has whitespace other than a space or
    a newline after it, three replaces and a split end the same sentences, in half the
    pattern's time."""
    if _ODD_SENTENCE_END.search(text) is not None:
        return _SENTENCE_SPLIT.split(text)
    return text.replace(". ", ".\n").replace("! ", "!\n").replace("? ", "?\n").split("\n")


@lru_cache(maxsize=256)
def _words_of(text: str) -> tuple[frozenset[str], str | None]:
    """A claim's content words and its last question (work them out once: every comment on
    a page shares one claim)."""
    tokens = tokenize(normalize(text))
    return _words_and_question(text, set(tokens))


def _words_and_question(text: str, token_set: set[str]) -> tuple[frozenset[str], str | None]:
    """The content words of a text whose tokens are `token_set` (the set difference gives
    `content_words` of `tokenize`'s tokens), and its last question."""
    question = None
    for sentence in _sentences(text.strip()):
        if sentence.rstrip().endswith("?") and tokenize(normalize(sentence)):
            question = sentence.strip()
    return frozenset(token_set.difference(_NOT_CONTENT_WORDS)), question


def _negated(tokens: list[str], token_set: set[str], words: frozenset[str]) -> set[str]:
    """Words of `words` that a negation in `tokens` comes just before ("not confirmed"):
    those among the NEGATION_WINDOW tokens after each negation (found by list.index: a
    comment holds a negation or two, and many tokens)."""
    after: set[str] = set()
    for negation in token_set & NEGATIONS:
        at = -1
        for _ in range(tokens.count(negation)):
            at = tokens.index(negation, at + 1)
            after.update(tokens[at + 1 : at + 1 + NEGATION_WINDOW])
    return after & words


def _count_content_words(token_set: set[str]) -> int:
    """len(content_words(token_set)) of `tokenize`'s tokens, in half its time: those
    that are neither a stopword nor one of the few tokens of one or two characters."""
    return len(token_set.difference(_NOT_CONTENT_WORDS))


def _quote(words: list[str] | set[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{w}'" for w in sorted(words)[:3])


def _cut(text: str) -> str:
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1].rstrip() + "…"


def _sentence_cues(found: Features, stripped: str) -> None:
    """The questions' cues: a sentence starting with a wh-word, or an auxiliary and a '?'."""
    names = found.names
    for sentence in _sentences(stripped):
        first = _TOKEN.search(sentence)  # tokenize(sentence)[0], but for its digits
        if first is None:
            continue
        word = first.group()
        if word in WH_WORDS:
            names.add("[wh-word starts a sentence]")
            if sentence.rstrip().endswith("?"):
                names.add("[wh-question]")
        elif word in AUX_WORDS and sentence.rstrip().endswith("?"):
            names.add("[yes/no question]")


def _word_names(tokens: list[str], token_set: set[str], vocabulary: Vocabulary | None) -> set[str]:
    """Words and bigrams: all of them, or those of the vocabulary."""
    if vocabulary is None:
        names = token_set.difference(_UNIGRAM_STOPWORDS)
        names.update(map(" ".join, itertools.pairwise(tokens)))
    else:
        names = token_set & vocabulary.unigrams
        names.update(filter(None, map(vocabulary.bigrams.get, itertools.pairwise(tokens))))
    return names


def _text_features(
    found: Features, normalized: str, tokens: list[str], token_set: set[str]
) -> None:
    """The cues of the comment's own text."""
    names = found.names
    if not tokens:
        names.add("[no words]")
    stripped = normalized.strip()
    asks = "?" in stripped
    if asks:
        names.add("[has ?]")
        if stripped.rstrip("!.\"')\u201d ").endswith("?"):
            names.add("[ends with ?]")
    if "!" in stripped:
        names.add("[has !]")
    # A sentence's first word is one of the tokens (a sentence ends at a space, which no token
    # holds, and wh-words and auxiliaries hold no digit), so without one no sentence cue fires.
    if not token_set.isdisjoint(WH_WORDS) or (asks and not token_set.isdisjoint(AUX_WORDS)):
        _sentence_cues(found, stripped)
    if tokens and tokens[0] == "no":
        names.add("[starts with 'no']")
    if not token_set.isdisjoint(NEGATIONS):
        names.add("[negation]")
    for cue, hits in _hits(tokens, token_set):
        found.add_words(cue, hits)  # a tuple already
    if len(tokens) <= 3:
        names.add("[at most 3 words]")


def _relation_features(
    found: Features, tokens: list[str], token_set: set[str], theirs: frozenset[str], whose: str
) -> None:
    """The comment against another text (the claim, or the parent), whose content words are
    `theirs`: shared and negated words."""
    shared = token_set & theirs  # = content_words(tokens) & theirs: theirs are content words
    if shared:
        overlap = len(shared) / _count_content_words(token_set)
        if overlap >= 0.5:
            found.add_words(f"[repeats the {whose}]", shared)
        else:
            found.add_words(f"[shares words with the {whose}]", shared)
        if not token_set.isdisjoint(NEGATIONS):  # nothing is negated without a negation
            negated = _negated(tokens, token_set, theirs)
            if negated:
                found.add_words(f"[negates the {whose}'s words]", negated)


def _thread_features(found: Features, tokens: list[str], token_set: set[str], place: Place) -> None:
    """Where the comment stands: its depth, and what the comment it replies to says."""
    if place.opening_post:
        found.add("[the opening post]")
    if place.site in SITES:
        found.add(f"[on {place.site}]")
    if place.claim:
        _relation_features(found, tokens, token_set, _words_of(place.claim)[0], "claim")
    if place.parent is None:
        found.names.add("[replies to the article]")
        return
    found.names.add("[replies to a comment]" if place.depth <= 1 else "[deep in a thread]")
    theirs, question, cues = _parent_facts(place.parent)
    _relation_features(found, tokens, token_set, theirs, "parent")
    if question is not None:
        found.add("[replies to a question]", question)
    for cue, detail in cues:
        found.add(cue, detail)


@lru_cache(maxsize=256)
def _parent_facts(
    parent: str,
) -> tuple[frozenset[str], str | None, tuple[tuple[str, str], ...]]:
    """A parent's content words, its last question as quoted in the evidence, and the lexicon
    cues it carries: once per parent (it may have many replies), from one tokenize."""
    tokens = tokenize(normalize(parent))
    token_set = set(tokens)
    theirs, question = _words_and_question(parent, token_set)
    quoted = None if question is None else f"'{_cut(question)}'"
    cues = tuple(
        (f"[parent {cue[1:-1]}]", _quote(found)) for cue, found in _hits(tokens, token_set)
    )
    return theirs, quoted, cues


def extract_features(
    text: str, place: Place | None = None, *, vocabulary: Vocabulary | None = None
) -> Features:
    """The binary features present in a comment, with the words behind its cues.

    Word n-grams are named by their words ("not true"; stopwords only inside bigrams); cues
    by a bracketed description ("[ends with ?]") so the two never collide (tokens hold no
    brackets). Given a `vocabulary`, only its words and bigrams (and every cue).
    """
    normalized = normalize(text)
    tokens = tokenize(normalized)
    token_set = set(tokens)
    found = Features(_word_names(tokens, token_set, vocabulary))
    _text_features(found, normalized, tokens, token_set)
    if place is not None:
        _thread_features(found, tokens, token_set, place)
    return found
