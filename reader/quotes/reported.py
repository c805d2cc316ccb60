"""The sentences of an article that report a claim without quotation marks (SPEC section 5):
`Kirby said Iran had put trainers in Crimea`, `According to the ministry, ...`, `..., sources
said.` Read in article order with the same name index and speaker memory `attribute_quotes`
builds, so `he said` points back to the right person (see reader.quotes.claims).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.model import Article, QuoteWhere
from reader.quotes.attribution import SegmentReader, _is_title_case
from reader.quotes.lexicon import TITLE_WORD, reporting_verbs_in
from reader.quotes.marks import Span, find_spans, opening_family
from reader.quotes.names import NameIndex
from reader.quotes.speakers import Attributor, speaker_or_none

__all__ = ["Reported", "reported_claims"]

# The reporting verbs that report a claim (not `asked`, `called`, `praised`, `described`).
CLAIM_VERBS = frozenset(
    ["said", "says", "say", "told", "tells", "added", "adds", "claimed", "claims", "insisted", "insists", "warned", "warns", "wrote", "writes", "argued", "argues", "stated", "declared", "declares", "announced", "announces", "confirmed", "confirms", "reported", "reports", "alleged", "alleges", "acknowledged", "acknowledges", "admitted", "admits", "noted", "notes", "suggested", "suggests", "predicted", "predicts", "believes", "believed", "concluded", "concludes", "maintained", "maintains", "contended", "asserted", "asserts", "testified", "explained", "explains", "tweeted", "conceded", "concedes", "stressed", "stresses", "emphasized", "emphasised", "promised", "promises", "vowed", "vows", "pledged", "pledges", "reiterated", "accused", "accuses", "according to", "saying", "adding", "claiming", "insisting", "warning", "arguing", "noting", "stating", "asserting", "acknowledging", "conceding", "accusing"]
)  # fmt: skip
MIN_OUTSIDE_WORDS = 6  # words outside quotes a reporting sentence needs to carry a claim
MIN_CONTENT_WORDS = 3  # of them, words on the reported side of the verb
MAX_SENTENCE_CHARS = 1_200  # a longer "sentence" is a run-on the splitter missed: no claim
_WORD = re.compile(r"[^\W_][\w'’-]*")


Reported = tuple[QuoteWhere, int, int, int, str, str | None]


def reported_claims(article: Article, direct: set[tuple[str, int, int]]) -> Iterator[Reported]:
    """The sentences reporting a claim without quote marks, read in article order with the
    same name index and speaker memory `attribute_quotes` builds."""
    names = NameIndex()
    for paragraph in article.paragraphs:
        names.add_text(paragraph)
    for image in article.images:
        names.add_text(image.caption)
    known_words = {word for name in names.entities for word in name.split()}
    names.add_text(article.headline)
    attributor = Attributor(names)
    headline = article.headline
    reading = None
    if _is_title_case(headline):
        reading = TITLE_WORD.sub(
            lambda m: m.group(0) if m.group(0) in known_words else m.group(0).lower(), headline)
    segments: list[tuple[QuoteWhere, int, str, list[Span], str | None]] = [
        ("headline", 0, headline, find_spans(headline), reading)
    ]
    families = [opening_family(p) for p in article.paragraphs]
    for i, paragraph in enumerate(article.paragraphs):
        nxt = families[i + 1] if i + 1 < len(families) else None
        segments.append(("body", i, paragraph, find_spans(paragraph, nxt), None))
    for j, image in enumerate(article.images):
        segments.append(("caption", j, image.caption, find_spans(image.caption), None))
    for order, (where, index, text, spans, reading) in enumerate(segments):
        reader = SegmentReader(attributor, where, index, order, text, spans, reading)
        reader.read(None, None)  # remembers names and speakers, for pronouns later on
        yield from _reported_in(reader, direct)


def _reported_in(reader: SegmentReader, direct: set[tuple[str, int, int]]) -> Iterator[Reported]:
    """The reporting sentences of one segment (at most one claim per sentence)."""
    masked, text = reader.masked, reader.text
    starts = reader.starts
    for k, lo in enumerate(starts):
        hi = starts[k + 1] if k + 1 < len(starts) else len(masked)
        sentence = text[lo:hi].strip()
        if not sentence or len(sentence) > MAX_SENTENCE_CHARS or sentence.endswith("?"):
            continue
        inside = [s for s in reader.spans if s.start < hi and s.end > lo]
        if any((reader.where, reader.index, s.start) in direct for s in inside):
            continue  # the quote is the claim; its clause is not another
        verb = _claim_verb(masked, lo, hi)
        if verb is None or not _carries_claim(masked, lo, hi, verb):
            continue
        gap = masked[lo:verb.start()].strip(" \t\n,—–-\"'“‘")
        verb_first = gap == "" or masked[lo:verb.start()].rstrip().endswith(",")
        speaker = speaker_or_none(reader.attributor.speaker_at_verb(
            masked, lo, hi, verb, (reader.order, verb.start()), verb_first))
        start = lo + (len(text[lo:hi]) - len(text[lo:hi].lstrip()))
        yield (reader.where, reader.index, start, start + len(sentence), sentence,
               speaker.name if speaker is not None else None)


def _claim_verb(masked: str, lo: int, hi: int) -> re.Match[str] | None:
    for verb in reporting_verbs_in(masked, lo, hi):
        if verb.group(0).lower() in CLAIM_VERBS:
            return verb
    return None


def _outside_words(chunk: str) -> list[str]:
    """The words of a masked chunk that are not masked quote text."""
    return [w for w in _WORD.findall(chunk) if w.strip("x")]


def _carries_claim(masked: str, lo: int, hi: int, verb: re.Match[str]) -> bool:
    """Enough words outside quotes, and enough on the reported side of the verb: `Kirby
    said Iran had ...` (after it), `Iran had ..., Kirby said.` (before it)."""
    if len(_outside_words(masked[lo:hi])) < MIN_OUTSIDE_WORDS:
        return False
    after = _outside_words(masked[verb.end():hi])
    before = _outside_words(masked[lo:verb.start()])
    if verb.group(0).lower() == "according to":
        comma = masked.find(",", verb.end(), hi)
        return comma >= 0 and len(_outside_words(masked[comma:hi])) >= MIN_CONTENT_WORDS
    return len(after) >= MIN_CONTENT_WORDS + 1 or len(before) >= MIN_CONTENT_WORDS + 1
