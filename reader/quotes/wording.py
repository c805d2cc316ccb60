"""Words as the claim links and the misquote check compare them.

Two readings of a text, both with each word's character offsets:
- `words`: every word, lower-cased, accents and apostrophe styles folded (`Russia’s` and
  `russia's` are one word), for telling whether a quote has the article's words;
- `terms`: the content words only, stopwords dropped and lightly stemmed (`trainers`,
  `training` -> `train`; `Iranian`, `Iran` -> `iran`), for telling what a text is about.

Negation words (`not`, `never`, `n't`) are kept apart: they are no content, but say that a
text denies what it mentions (see `negated_at`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# `_WORD` for an ASCII text (most comments): the same matches, as in ASCII `[^\W_]` is
# `[A-Za-z0-9]` and "’" cannot occur, but a bitmap test per character instead of a Unicode
# category lookup (a sixth less CPU for the comment's words).
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "every", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "like", "made", "make", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "said", "same", "say", "says", "see", "seem", "seems", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "way", "we", "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yes", "you", "your", "yours", "also", "still", "yet", "really", "just", "think", "know", "thing", "things", "lol", "people", "going", "want", "told", "tell", "ago", "day", "days", "today", "wednesday", "tuesday", "monday", "thursday", "friday", "saturday", "sunday", "mr", "mrs", "ms", "s", "t", "don't", "it's", "i'm", "that's", "he's", "she's", "they're", "we're", "you're", "there's", "what's", "let's", "i've", "we've", "they've", "i'd", "he'd", "she'd", "we'd", "they'd", "i'll", "he'll", "she'll", "we'll", "they'll", "would've", "could've", "should've", "anyone", "someone", "everyone", "anything", "something", "everything", "anybody", "somebody", "everybody", "ask", "asking", "asked", "good", "bad", "great", "actually", "maybe", "probably", "sure", "okay", "ok", "yeah", "right", "need", "needs", "go", "goes", "went", "come", "came", "take", "took", "give", "gave", "use", "used", "time", "year", "years", "lot", "new", "old", "back", "first", "last", "long", "little", "big", "every", "always", "again", "around", "away", "done", "read", "article", "story", "news"]
)  # fmt: skip
NEGATIONS = frozenset(
    ["not", "no", "never", "nor", "none", "nobody", "nothing", "neither", "nowhere", "cannot", "false", "untrue", "lie", "lies", "lying", "lied", "fake", "hoax", "nonsense", "deny", "denied", "denies", "wrong", "doubt", "bs"]
)  # fmt: skip
NEGATION_REACH = 4  # a negation bears on the content words up to this many words after it

# (suffix, replacement, shortest word it applies to), tried in order, one of each group.
_PLURAL = (("ies", "y", 5), ("sses", "ss", 5), ("'s", "", 3), ("s'", "", 4), ("ss", "ss", 0),
           ("us", "us", 0), ("is", "is", 0), ("s", "", 4))
_VERBAL = (("ing", "", 6), ("ed", "", 5), ("er", "", 6))
_DEMONYM = (("ians", "", 6), ("ian", "", 6), ("ean", "ea", 6), ("ia", "", 5), ("e", "", 5))

Word = tuple[str, int, int]  # (the word as compared, start, end)


# Texts repeat their words (a long article, a thread of comments): fold and stem each
# distinct word once. A 10 MB paragraph of one repeated word took 70 s without these caches.
@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower case, one apostrophe, no accents: `Zelenskyy’s` -> `zelenskyy's`."""
    lowered = word.lower().translate(_APOSTROPHES)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[Word]:
    """Every word of `text`, folded, with its offsets."""
    return [(fold(m.group(0)), m.start(), m.end()) for m in _word_re(text).finditer(text)]


def _word_re(text: str) -> re.Pattern[str]:
    """The word pattern to scan `text` with (isascii is a flag test, not a scan)."""
    return _ASCII_WORD if text.isascii() else _WORD


def _strip(word: str, rules: Sequence[tuple[str, str, int]]) -> str:
    for suffix, replacement, shortest in rules:
        if word.endswith(suffix) and len(word) >= shortest:
            return word[: len(word) - len(suffix)] + replacement
    return word


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stem of a folded word: plural, verb ending, demonym (no dictionary)."""
    if word.endswith("n't"):
        return word
    return _strip(_strip(_strip(word, _PLURAL), _VERBAL), _DEMONYM)


def is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


@lru_cache(maxsize=1 << 16)
def is_content(word: str) -> bool:
    """A word that says what a text is about: not a stopword, a negation or a number."""
    return (
        len(word) > 1
        and word not in STOPWORDS
        and not is_negation(word)
        and not word.isdigit()
    )


# A word as `terms` and `negated_terms` read it: its stem when it is content, else None;
# NEGATION when it is a negation.
NEGATION = ""


@lru_cache(maxsize=1 << 16)
def _term_of(token: str) -> str | None:
    """One cache lookup per word of a comment instead of three (fold, is_content, stem)."""
    word = fold(token)
    if is_negation(word):
        return NEGATION
    return stem(word) if is_content(word) else None


def terms(text: str) -> list[str]:
    """The stems of the content words of `text`, in order (repeats kept)."""
    return [t for t in map(_term_of, _word_re(text).findall(text)) if t]


def term_list(text: str) -> list[str | None]:
    """Each word of `text` as `_term_of` reads it (None: no content; NEGATION), in order:
    `reading` without its Python loop, for a caller that reads the negations only now and
    then (reader.quotes.claim_index reads them only for a comment it links)."""
    return list(map(_term_of, _word_re(text).findall(text)))


def negated_of(mapped: Sequence[str | None]) -> set[str]:
    """`negated_terms` of a text from its `term_list`."""
    negated: set[str] = set()
    if NEGATION not in mapped:  # most comments: no loop over their words
        return negated
    reach = 0
    for term in mapped:
        if term == NEGATION:
            reach = NEGATION_REACH
        elif reach > 0:
            if term is not None:
                negated.add(term)
            reach -= 1
    return negated


def negated_terms(text: str) -> set[str]:
    """The stems of content words that follow a negation within NEGATION_REACH words:
    `Iran was not on the ground` negates `ground`."""
    return negated_of(term_list(text))


def reading(text: str) -> tuple[list[str], set[str]]:
    """`terms(text)` and `negated_terms(text)`, each word of `text` read once."""
    mapped = term_list(text)
    return [t for t in mapped if t], negated_of(mapped)
