"""Find the quoted spans in an article and say who is being quoted.

`attribute_quotes` is the one public entry point (SPEC sections 2 and 3). It reads the
headline, the paragraphs in order and the captions: marks.find_spans pairs the quote marks of
each, then a reporting clause near each quote (`Kirby said`, `said Kirby`, `He said:`,
`according to X`) names the speaker, resolved by speakers.Attributor to the fullest form the
article gives. Where no clause does, the rules below try the context: a speaker carried over
from the paragraph before, a transcript label, the subject of the sentence. Each quote looks
at a fixed-size window around it, so a 10 MB paragraph is fine, and the whole article is read
in time linear in its length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reader.model import Article, Quote, QuoteKind, QuoteWhere
from reader.quotes.lexicon import (
    ACCORDING_TO,
    AFTER_CLAUSE,
    DASH_CREDIT,
    GENDERED,
    HEAD_NAME,
    LABELLED_PARAGRAPH,
    LONG_WORD,
    NAME_COMMA,
    TITLE_WORD,
    TRANSCRIPT_LABEL,
    VERB_RE,
    reporting_verbs_in,
    starts_with_clause,
)
from reader.quotes.marks import (
    Span,
    find_spans,
    has_quote_mark,
    is_quote_paragraph,
    mask_quotes,
    opening_family,
    sentence_starts,
)
from reader.quotes.mentions import Order
from reader.quotes.names import NAME_RUN, Entity, NameIndex
from reader.quotes.speakers import (
    NO_SUBJECT,
    NOT_A_SPEAKER,
    Attributor,
    Resolution,
    speaker_or_none,
)

WINDOW = 400  # characters of context looked at on each side of a quote
SCAN_LIMIT = 300  # how far a reporting clause may sit from its quote
SPEAKER_LOOKBACK = 60  # recent mentions in which a lone name must have spoken to speak again
PRONOUNS_PER_SEGMENT = 200  # `he`/`she` whose gender is tied to a name, per segment


@dataclass
class Found:
    """One quote being attributed, before it becomes a `Quote`."""

    where: QuoteWhere
    index: int
    span: Span
    text: str
    kind: QuoteKind
    speaker: Entity | None
    attributed: bool  # a reporting clause (or inherited context) settled the speaker


class Verdict(NamedTuple):
    """What one rule says of a quote."""

    kind: QuoteKind
    speaker: Entity | None
    attributed: bool


def _credited(kind: QuoteKind, result: Resolution) -> Verdict:
    """A clause that settles the quote: its speaker, or nobody (`sources said`)."""
    return Verdict(kind, speaker_or_none(result), True)


@dataclass
class QuoteSite:
    """One quote in its masked segment, with the sentence and clauses around it."""

    span: Span
    lo: int  # start of the window before the quote (its sentence, at most WINDOW back)
    hi: int  # end of the window after it
    close_at: int  # just after the closing mark
    before: str  # the sentence before the quote, stripped
    quoted: str
    order: Order
    kind: QuoteKind
    before_verbs: list[re.Match[str]]  # reporting verbs before the quote, in order
    after_verbs: list[re.Match[str]]  # and after it
    new_sentence: bool  # the quote ends its sentence: what follows starts another


class SegmentReader:
    """Attributes the quotes of one string (a headline, paragraph or caption).

    `reading` is the text the clauses are read in, when not `text` itself (a title-case
    headline, lowered); it must be as long as `text`.
    """

    def __init__(self, attributor: Attributor, where: QuoteWhere, index: int, order: int,
                 text: str, spans: list[Span], reading: str | None = None) -> None:
        self.attributor = attributor
        self.where: QuoteWhere = where
        self.index = index
        self.order = order
        self.text = text
        self.spans = spans
        self.masked = mask_quotes(text if reading is None else reading, spans)
        self.starts = sentence_starts(self.masked)
        # The rules tried on a quote, in order; the first that gives a verdict settles it.
        self.rules: tuple[Callable[[QuoteSite], Verdict | None], ...] = (
            self.by_dash_credit, self.by_transcript_label, self.by_headline_colon,
            self.by_clause_handing_over, self.by_clause_after, self.by_unlisted_verb_after,
            self.by_clause_before, self.by_partial_quote_verb_after, self.by_name_and_colon,
            self.by_sentence_subject, self.by_sentence_before,
        )

    def sentence_bounds(self, at: int) -> tuple[int, int]:
        """Start and end of the sentence the offset is in."""
        k = bisect.bisect_right(self.starts, at) - 1
        lo = self.starts[max(k, 0)]
        hi = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.masked)
        return lo, hi

    def read(self, previous_speaker: Entity | None, lead_in: Entity | None) -> list[Found]:
        """Every quote of the segment; a direct quote no clause attributes goes to the
        segment's last speaker, else (opening the paragraph) to the one who introduced it
        or spoke in the paragraph before."""
        since = len(self.attributor.mentions)
        found: list[Found] = []
        last_speaker: Entity | None = None
        for span in self.spans:
            kind, speaker, attributed = self.attribute(span)
            if not attributed and kind == "direct":
                if last_speaker is not None:
                    speaker, attributed = last_speaker, True
                elif span.open_mark <= len(self.text) - len(self.text.lstrip()):
                    if lead_in is not None:
                        speaker, attributed = lead_in, True
                    elif previous_speaker is not None:
                        speaker, attributed = previous_speaker, True
            if speaker is not None:
                last_speaker = speaker
                self.attributor.remember((self.order, span.open_mark), speaker, True)
            found.append(Found(self.where, self.index, span,
                               self.text[span.start:span.end], kind, speaker, attributed))
        self.remember_names(since)
        return found

    def remember_names(self, since: int) -> None:
        """Note the names outside quotes, in order, for later pronouns."""
        starts = set(self.starts)
        for match in NAME_RUN.finditer(self.masked):
            run = match.group(0)
            if run.strip("x") == "":
                continue
            entity = self.attributor.names.add_mention(run)
            if entity is not None:
                self.attributor.remember((self.order, match.start()), entity, False,
                                         match.start() in starts)
        self.attributor.mentions.settle(since)
        # Tie genders: `Dunmore said, and he repeated it` makes Dunmore a man.
        for count, match in enumerate(GENDERED.finditer(self.masked)):
            if count >= PRONOUNS_PER_SEGMENT:
                break
            self.attributor.mentions.resolve_pronoun(match.group(0).lower(),
                                                     (self.order, match.start()))

    def topic_speaker(self) -> Entity | None:
        """The subject of a paragraph without quotes (its last sentence's, else its first's):
        `Viguerie is upbeat about Cruz.` then a paragraph that is only a quote."""
        if self.spans or not self.masked.strip():
            return None
        for at in (len(self.masked.rstrip()) - 1, 0):
            lo, hi = self.sentence_bounds(max(at, 0))
            result = self.attributor.first_subject(self.masked, lo, hi, (self.order, lo))
            if isinstance(result, Entity) and self.may_speak(result):
                return result
        return None

    def lead_in_speaker(self) -> Entity | None:
        """A paragraph ending `Kirby said:` introduces the quote in the next one."""
        stripped = self.masked.rstrip()
        if not stripped.endswith(":"):
            return None
        lo, hi = self.sentence_bounds(len(stripped) - 1)
        verbs = reporting_verbs_in(self.masked, lo, hi)
        end = len(stripped) - 1
        if verbs:
            verb = verbs[-1]
            return speaker_or_none(self.attributor.speaker_at_verb(
                self.masked, lo, hi, verb, (self.order, verb.start()), False))
        return speaker_or_none(self.attributor.subject_before(self.masked + " ", lo, end,
                                                              (self.order, end)))

    def attribute(self, span: Span) -> Verdict:
        """The kind and speaker of one quote: the first rule that gives a verdict."""
        site = self.site_of(span)
        for rule in self.rules:
            verdict = rule(site)
            if verdict is not None:
                return verdict
        return Verdict(site.kind, None, False)

    def site_of(self, span: Span) -> QuoteSite:
        """The windows around a quote, its kind, and the reporting verbs on each side."""
        masked = self.masked
        lo, hi = self.sentence_bounds(span.open_mark)
        lo = max(lo, span.open_mark - WINDOW)
        close_at = min(span.close_end, len(masked))
        hi = max(min(hi, close_at + WINDOW), close_at)
        before = masked[lo:span.open_mark].strip()
        quoted = self.text[span.start:span.end].rstrip()
        kind = self.kind_of(span, before, masked[close_at:hi], quoted)
        before_verbs = reporting_verbs_in(masked, max(lo, span.open_mark - SCAN_LIMIT),
                                          span.open_mark)
        new_sentence = False
        if close_at < len(masked):
            probe = close_at
            while probe < len(masked) - 1 and masked[probe].isspace() and probe < close_at + 8:
                probe += 1  # the next sentence starts after the space: `...?” Sanders replied.`
            after_lo, after_hi = self.sentence_bounds(probe)
            new_sentence = after_lo >= close_at
            hi = max(min(after_hi, close_at + WINDOW), close_at)
        after_verbs = reporting_verbs_in(masked, close_at, min(hi, close_at + SCAN_LIMIT))
        if new_sentence:
            # `...won!' Bush said.`: in the next sentence only a clause at its very start counts.
            after_verbs = [v for v in after_verbs
                           if len(masked[close_at:v.start()].split()) <= 5
                           or _is_name_then_appositive(masked[close_at:v.start()])]
        return QuoteSite(span, lo, hi, close_at, before, quoted, (self.order, span.open_mark),
                         kind, before_verbs, after_verbs, new_sentence)

    # -- the rules, in the order they are tried ---------------------------------------------

    def by_dash_credit(self, site: QuoteSite) -> Verdict | None:
        """`“...” ― Jorge Falcon` ending a line; a quote that is the whole line is direct."""
        credit = DASH_CREDIT.match(self.masked, site.close_at)
        if not credit:
            return None
        named = self.attributor.entity_for_run(credit.group(1))
        if named is None:
            return None
        line_start = self.masked.rfind("\n", 0, site.span.open_mark) + 1
        whole_line = self.masked[line_start:site.span.open_mark].strip() == ""
        return Verdict("direct" if whole_line else site.kind, named, True)

    def by_transcript_label(self, site: QuoteSite) -> Verdict | None:
        """`"PENCE: Well, look, ..."`: the label's person."""
        label = TRANSCRIPT_LABEL.match(site.quoted)
        named = self.transcript_speaker(label.group(1)) if label else None
        return Verdict("direct", named, True) if named is not None else None

    def by_headline_colon(self, site: QuoteSite) -> Verdict | None:
        """`Sidney Blumenthal: 'No Idea' If I Would Have Told ...`: the name before the colon
        speaks, whatever verbs come later in the headline."""
        if self.where != "headline":
            return None
        return self.by_head_name(site)

    def by_clause_handing_over(self, site: QuoteSite) -> Verdict | None:
        """A clause just before that hands over to the quote: `Kirby said, '...'`."""
        if not (site.kind == "direct" and site.before_verbs and site.before.endswith((",", ":"))):
            return None
        verb = site.before_verbs[-1]
        if len(self.masked[verb.end():site.span.open_mark].split()) > 6:
            return None
        result = self.attributor.speaker_at_verb(self.masked, site.lo, site.span.open_mark,
                                                 verb, site.order, False)
        return None if result is NO_SUBJECT else _credited(site.kind, result)

    def by_clause_after(self, site: QuoteSite) -> Verdict | None:
        """A reporting clause right after a direct quote: `'...,' Kirby said.`"""
        if not (site.kind == "direct" and site.after_verbs):
            return None
        verb = site.after_verbs[0]
        # `...your country,''' said Mr. Regalado`: the closer of a quote inside the quote.
        gap = self.masked[site.close_at:verb.start()].lstrip("'’\"”")
        if has_quote_mark(gap):
            return None
        verb_first = gap.strip(" ,—–-") == ""
        result = self.attributor.speaker_at_verb(self.masked, site.close_at, site.hi, verb,
                                                 site.order, verb_first)
        if result is NOT_A_SPEAKER:
            result = self.according_to(verb.end(), site.hi, site.order)
        return None if result is NO_SUBJECT else _credited(site.kind, result)

    def by_unlisted_verb_after(self, site: QuoteSite) -> Verdict | None:
        """`'...,' Hicks testified.`: a name and a verb we do not list."""
        if not (site.kind == "direct" and not site.after_verbs):
            return None
        clause = AFTER_CLAUSE.match(self.masked, site.close_at, min(site.hi, site.close_at + 120))
        if not clause:
            return None
        result = self.attributor.subject_before(self.masked, site.close_at, clause.start(2),
                                                site.order)
        return Verdict(site.kind, result, True) if isinstance(result, Entity) else None

    def by_clause_before(self, site: QuoteSite) -> Verdict | None:
        """A reporting clause before the quote: `He said: '...'` or a partial quote's verb."""
        for verb in reversed(site.before_verbs):
            result = self.attributor.speaker_at_verb(self.masked, site.lo, site.span.open_mark,
                                                     verb, site.order, False)
            if result is not NO_SUBJECT:
                return _credited(site.kind, result)
        return None

    def by_partial_quote_verb_after(self, site: QuoteSite) -> Verdict | None:
        """`called it 'a disgrace,' Kirby said` for a partial quote, unless the quote ended
        its sentence."""
        if not (site.kind == "partial" and site.after_verbs):
            return None
        if site.new_sentence and site.quoted[-1:] in ".!?":
            return None
        verb = site.after_verbs[0]
        verb_first = self.masked[site.close_at:verb.start()].strip(" ,—–-") == ""
        result = self.attributor.speaker_at_verb(self.masked, site.close_at, site.hi, verb,
                                                 site.order, verb_first)
        return None if result is NO_SUBJECT else _credited(site.kind, result)

    def by_head_name(self, site: QuoteSite) -> Verdict | None:
        """`Trump: Cruz has 'a long way' to go`: a name and a colon open the sentence."""
        head = HEAD_NAME.match(self.masked, site.lo, site.span.open_mark)
        if not head or head.group(1).startswith(("The ", "A ")):
            return None
        named = self.attributor.entity_for_run(head.group(1))
        return Verdict(site.kind, named, True) if named is not None else None

    def by_name_and_colon(self, site: QuoteSite) -> Verdict | None:
        """A name opening the sentence before a colon, or just before the colon: `...
        doesn't surprise pollster Daron Shaw: '...'`."""
        head = self.by_head_name(site)
        if head is not None:
            return head
        before = site.before
        if not (before.endswith(":") and before[:-1].rstrip()[-1:].isalpha()):
            return None
        colon = self.masked.rfind(":", site.lo, site.span.open_mark)
        last_word = self.masked[site.lo:colon].split()[-1:]
        if not (last_word and last_word[0][:1].isupper()):
            return None
        result = self.attributor.subject_before(self.masked, site.lo, colon, site.order)
        return Verdict(site.kind, result, True) if isinstance(result, Entity) else None

    def by_sentence_subject(self, site: QuoteSite) -> Verdict | None:
        """No reporting verb at all: the sentence's subject is the likeliest speaker."""
        before, kind = site.before, site.kind
        if not (before.endswith((":", ",")) or kind == "partial"):
            return None
        result = self.attributor.first_subject(self.masked, site.lo, site.span.open_mark,
                                               site.order)
        if isinstance(result, Entity) and (before.endswith(":") or self.may_speak(result)):
            return Verdict(kind, result, kind == "direct")
        return None

    def by_sentence_before(self, site: QuoteSite) -> Verdict | None:
        """A statement standing as its own sentence after `Coan argues that ...`: the one
        who was reporting in the sentence before goes on."""
        lo = site.lo
        if not (site.kind == "direct" and site.before == "" and lo > 0):
            return None
        prev_lo = max(self.sentence_bounds(lo - 1)[0], lo - WINDOW)
        verbs = reporting_verbs_in(self.masked, prev_lo, lo)
        if not verbs or any(prev_lo <= s.open_mark < lo for s in self.spans):
            return None
        result = self.attributor.speaker_at_verb(self.masked, prev_lo, lo, verbs[0],
                                                 site.order, False)
        return Verdict(site.kind, result, True) if isinstance(result, Entity) else None

    # -- helpers of the rules ---------------------------------------------------------------

    def transcript_speaker(self, label: str) -> Entity | None:
        """The person a transcript label names (`PENCE` -> `Mike Pence`): one the article
        names in ordinary case too, or a label that opens two or more quoted paragraphs, so
        a lone `UPDATE:` or `VIDEO:` names nobody."""
        run = " ".join(word.capitalize() for word in label.split())
        known = run.split()[-1].lower() in self.attributor.names.by_last
        if not known and label not in self.attributor.transcript_labels:
            return None
        return self.attributor.entity_for_run(run)

    def may_speak(self, entity: Entity) -> bool:
        """A partial quote with no reporting verb goes to its subject only when that is a
        known person or organisation, a full name, or a word the article repeats as a name
        (`Manafort dismissed it as 'absurd'`), not to a capitalised word met once (`Couriers
        walk out over a 'secret' formula`)."""
        return entity.kind != "unknown" or entity.seen > 1 or " " in entity.name or any(
            m.speaker and m.entity is entity
            for m in self.attributor.mentions.recent(SPEAKER_LOOKBACK))

    def according_to(self, lo: int, hi: int, order: Order) -> Resolution:
        """`the judge said, according to the Post`: the named outlet, not the generic noun."""
        match = ACCORDING_TO.search(self.masked, lo, min(hi, lo + 80))
        if match:
            result = self.attributor.subject_after(self.masked, match.end(), hi, order)
            if isinstance(result, Entity):
                return result
        return NOT_A_SPEAKER

    def kind_of(self, span: Span, before: str, after: str, quoted: str) -> QuoteKind:
        """Direct (a statement, reported as such) or partial (words quoted in a sentence)."""
        if span.continued:
            return "direct"
        if before.endswith(":"):
            return "direct"
        ends_statement = quoted[-1:] in ",.?!…—-"
        if ends_statement and (before == "" or before.endswith((",", "—", "–"))):
            return "direct"
        if before == "" and after.strip() in {"", "."}:
            return "direct" if len(quoted.split()) > 3 else "partial"
        if before == "" and starts_with_clause(after):
            return "direct"
        if quoted[:1].isupper() and len(quoted.split()) > 3:
            tail = before.rstrip(",").split()
            if tail and VERB_RE.fullmatch(tail[-1]):
                return "direct"
        return "partial"


def _is_name_then_appositive(gap: str) -> bool:
    """`Miller, a retired worker from Ohio,` between a quote and its verb: one clause."""
    match = NAME_COMMA.match(gap)
    if match is None or not gap.rstrip().endswith(","):
        return False
    rest = gap[match.end():]
    return not any(ch in ".!?" for ch in rest.replace("Mr.", "").replace("Ms.", "")
                   .replace("Dr.", "").replace("Mrs.", ""))


# -- the whole article ----------------------------------------------------------------------


def attribute_quotes(article: Article) -> list[Quote]:
    """Every quoted span in the headline, body and captions, with its speaker and kind."""
    names = NameIndex()
    for paragraph in article.paragraphs:
        names.add_text(paragraph)
    for image in article.images:
        names.add_text(image.caption)
    known_words = {word for name in names.entities for word in name.split()}
    names.add_text(article.headline)
    labels = [m.group(1) for m in map(LABELLED_PARAGRAPH.match, article.paragraphs) if m]
    attributor = Attributor(names, labels)

    found = _read_headline(attributor, article.headline, known_words)
    found += _read_body(attributor, article.paragraphs)
    for j, image in enumerate(article.images):
        spans = find_spans(image.caption)
        found += SegmentReader(attributor, "caption", j, len(article.paragraphs) + 1 + j,
                               image.caption, spans).read(None, None)

    rank = {"headline": 0, "body": 1, "caption": 2}
    quotes = [
        Quote(f.where, f.index, f.span.start, f.span.end, f.text,
              f.speaker.name if f.speaker is not None else None, f.kind)
        for f in found
    ]
    quotes.sort(key=lambda q: (rank[q.where], q.index, q.start))
    return quotes


def _read_headline(attributor: Attributor, headline: str, known_words: set[str]) -> list[Found]:
    spans = find_spans(headline)
    reading = None
    if _is_title_case(headline):
        # `Glenn Beck Blasts Drudge for ...`: read it with only the body's names capitalised.
        reading = TITLE_WORD.sub(
            lambda m: m.group(0) if m.group(0) in known_words else m.group(0).lower(), headline)
    return SegmentReader(attributor, "headline", 0, 0, headline, spans, reading).read(None, None)


def _read_body(attributor: Attributor, paragraphs: Sequence[str]) -> list[Found]:
    """The paragraphs in order, each passing on its speaker, lead-in and topic to the next."""
    families = [opening_family(p) for p in paragraphs]
    found: list[Found] = []
    previous_speaker: Entity | None = None
    lead_in: Entity | None = None
    topic: Entity | None = None  # the subject of the paragraph before, if it had no quotes
    open_run: list[Found] = []  # parts of a quote running over several paragraphs
    for i, paragraph in enumerate(paragraphs):
        nxt = families[i + 1] if i + 1 < len(paragraphs) else None
        spans = find_spans(paragraph, nxt)
        reader = SegmentReader(attributor, "body", i, i + 1, paragraph, spans)
        carried = (previous_speaker or topic) if is_quote_paragraph(paragraph, spans) else None
        parts = reader.read(carried, lead_in)
        open_run = _follow_run(open_run, parts, paragraph)
        found += parts
        attributed = [f for f in parts if f.speaker is not None
                      and (f.kind == "direct" or f.attributed)]
        previous_speaker = attributed[-1].speaker if attributed else (
            None if spans or paragraph.strip() else previous_speaker)
        lead_in = reader.lead_in_speaker()
        topic = reader.topic_speaker()
    if open_run:
        _settle_run(open_run)
    return found


def _follow_run(open_run: list[Found], parts: list[Found], paragraph: str) -> list[Found]:
    """The quote running over paragraphs after this one: its first part goes on the run,
    which is settled when it stops; its last part may open a new one."""
    if open_run and parts and parts[0].span.open_mark <= len(paragraph) - len(
            paragraph.lstrip()):
        open_run.append(parts[0])
        if not parts[0].span.continued:
            _settle_run(open_run)
            open_run = []
    elif open_run:
        _settle_run(open_run)
        open_run = []
    if parts and parts[-1].span.continued and not open_run:
        open_run = [parts[-1]]
    return open_run


def _is_title_case(headline: str) -> bool:
    """Most longer words capitalised: a headline written in title case."""
    words = LONG_WORD.findall(headline[:2000])
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 4 and capitalised >= 0.7 * len(words)


def _settle_run(run: list[Found]) -> None:
    """All parts of a multi-paragraph quote share the speaker named at its end (or start).

    In a transcript, whose turns each open a quote that the next turn continues, a part with
    a speaker label (`"PENCE: ...`) starts a turn that the parts after it share."""
    labelled = [part.speaker is not None and TRANSCRIPT_LABEL.match(part.text) is not None
                for part in run]
    first_turn = labelled.index(True) if True in labelled else len(run)
    speaker = None
    for part in reversed(run[:first_turn]):
        if part.attributed and part.speaker is not None:
            speaker = part.speaker
            break
    for part, opens_turn in zip(run, labelled):
        if opens_turn:
            speaker = part.speaker
        part.speaker = speaker
        part.kind = "direct"


__all__ = ["attribute_quotes", "find_spans"]
