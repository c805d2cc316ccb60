"""Find the quoted spans in an article and say who is being quoted.

`attribute_quotes` is the one public entry point (SPEC sections 2 and 3). It works in two
steps: a linear scan pairs quote marks in each string (telling apostrophes from quote marks
by the characters around them), then a reporting clause near each quote (`Kirby said`,
`said Kirby`, `He said:`, `according to X`) names the speaker, resolved to the fullest form the
article gives. Everything is bounded: no backtracking regex over untrusted text, and each
quote looks at a fixed-size window around it, so a 10 MB paragraph is fine.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import Article, Quote, QuoteKind, QuoteWhere
from reader.quotes.names import (
    DAYS_AND_MONTHS,
    NAME_RUN,
    TITLES,
    Entity,
    Gender,
    NameIndex,
)

# Quote-mark families: a quote opened by a mark of one family closes with one of the same.
DOUBLE, SINGLE = 0, 1
FAMILY = {'"': DOUBLE, "“": DOUBLE, "”": DOUBLE, "«": DOUBLE, "»": DOUBLE, "„": DOUBLE,
          "'": SINGLE, "‘": SINGLE, "’": SINGLE, "''": DOUBLE, "``": DOUBLE}
OPEN_ONLY = frozenset({"«", "„", "‘", "``"})  # “ also closes a German „quote“
CLOSE_ONLY = frozenset("”»’")
MARKS = re.compile("''|``|[\"'“”«»„‘’]")
OPEN_CONTEXT = frozenset("([{—–-/:\"'“‘«„")
# Elisions that start with an apostrophe: '90s, 'em, 'tis, 'n' (rock 'n' roll).
ELISION = re.compile(r"(?:\d\d?s?|em|tis|twas|til|cause|n)(?![\w])", re.IGNORECASE)

WINDOW = 400  # characters of context looked at on each side of a quote
SCAN_LIMIT = 300  # how far a reporting clause may sit from its quote

REPORTING_VERBS = ["said", "says", "say", "told", "tells", "added", "adds", "continued", "continues", "asked", "asks", "warned", "warns", "wrote", "writes", "claimed", "claims", "insisted", "insists", "explained", "explains", "noted", "notes", "stated", "declared", "declares", "replied", "replies", "responded", "responds", "argued", "argues", "tweeted", "tweets", "posted", "recalled", "recalls", "concluded", "concludes", "acknowledged", "acknowledges", "admitted", "admits", "announced", "announces", "suggested", "suggests", "observed", "observes", "remarked", "remarks", "reported", "reports", "confirmed", "confirms", "conceded", "concedes", "predicted", "predicts", "promised", "promises", "vowed", "vows", "urged", "urges", "stressed", "stresses", "emphasized", "emphasised", "added", "countered", "counters", "quipped", "joked", "boasted", "complained", "complains", "charged", "charges", "alleged", "alleges", "agreed", "agrees", "believes", "believed", "thinks", "thought", "called", "calls", "described", "describes", "dubbed", "labeled", "labelled", "pledged", "pledges", "shouted", "yelled", "screamed", "whispered", "mused", "exclaimed", "cautioned", "contended", "maintained", "maintains", "beamed", "shot back", "fired back", "went on", "goes on", "chimed in", "testified", "wondered", "mocked", "scoffed", "retorted", "snapped", "interjected", "lamented", "bragged", "touted", "texted", "emailed", "tweeted out", "proclaimed", "proclaims", "insisted", "reiterated", "reiterates", "clarified", "elaborated", "summed up", "reads", "asserted", "asserts", "cited", "cites", "slammed", "slams", "blasted", "blasts", "praised", "praises", "criticized", "criticised", "criticizes", "accused", "accuses", "denounced", "denounces", "questioned", "questions", "answered", "answers", "remembered", "recounted", "recounts", "demanded", "demands", "pointed out", "points out", "put it", "puts it", "referred to", "refers to"]
PARTICIPLES = ["saying", "adding", "telling", "asking", "warning", "writing", "claiming", "insisting", "explaining", "noting", "stating", "declaring", "arguing", "tweeting", "calling", "describing", "dubbing", "labeling", "labelling", "promising", "vowing", "urging", "pledging", "predicting", "calling", "responding", "replying", "answering", "remarking", "recalling", "suggesting", "acknowledging", "conceding", "complaining", "boasting", "joking", "quipping", "reminding", "accusing", "asserting", "stressing", "emphasizing", "announcing", "proclaiming", "posting", "texting", "lamenting", "praising", "criticizing", "blasting", "slamming", "referring to"]


def _by_first_letter(words: Sequence[str]) -> str:
    """An alternation of `words` grouped by first letter (`s(?:aid|ays)|t(?:old)`), keeping
    their order within a group. It matches exactly what the flat alternation matches (words
    with different first letters never compete) but tries one group per position, not every
    word: 6x faster on a page dense with quotes."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0].lower(), []).append(word[1:])
    return "|".join(
        re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
        for first, rests in groups.items()
    )


VERB_RE = re.compile(
    r"\b(?:" + _by_first_letter(
        ["according to", *sorted(set(REPORTING_VERBS + PARTICIPLES), key=len, reverse=True)]
    ) + r")\b",
    re.IGNORECASE,
)
PRONOUNS: dict[str, Gender | None] = {"he": "m", "she": "f", "they": None, "it": None,
                                      "i": None, "we": None}
SKIP_BEFORE_VERB = frozenset(
    ["has", "have", "had", "also", "later", "then", "previously", "once", "again", "recently", "repeatedly", "reportedly", "simply", "further", "would", "will", "could", "might", "may", "can", "just", "only", "had", "earlier", "frequently", "often", "never", "always", "yesterday", "today", "tonight", "flatly", "bluntly", "publicly", "privately", "now", "still", "even"]
)
LEAD_ADVERBIALS = frozenset(
    ["in", "on", "at", "after", "before", "during", "when", "while", "since", "although", "though", "if", "as", "for", "despite", "following", "speaking", "asked", "earlier", "later", "then", "but", "and", "also", "still", "yet", "last", "this", "hours", "days", "weeks", "months", "years", "minutes", "moments", "now", "today", "yesterday", "tonight", "meanwhile", "however", "instead", "indeed", "so", "thus", "there", "here", "again", "once"]
)
PASSIVE = frozenset({"was", "were", "been", "being", "be", "is", "are"})
NOUN_MARKERS = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "these", "those", "this", "that", "of", "in", "on", "for", "with", "to", "whose", "such", "any", "no"]
)
GENERIC_NOUNS = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "aide", "aides", "source", "sources", "representative", "representatives", "statement", "company", "firm", "ministry", "department", "agency", "campaign", "government", "administration", "office", "committee", "newspaper", "paper", "report", "network", "police", "authorities", "military", "army", "spokesmen", "group", "organization", "organisation", "team", "party", "board", "council", "court", "website", "site", "outlet", "channel", "station", "magazine", "union", "chain", "charity", "bank", "group", "firm"]
)
ORG_NOUN_HINT: dict[str, tuple[str, ...]] = {
    "company": (), "firm": (), "ministry": ("ministry",), "department": ("department",),
    "agency": ("agency",), "campaign": ("campaign",), "committee": ("committee",),
    "newspaper": ("times", "post", "journal", "news", "tribune", "herald", "mail", "daily"),
    "paper": ("times", "post", "journal", "news", "tribune", "herald", "mail", "daily"),
    "network": ("news", "cnn", "fox", "nbc", "abc", "cbs", "msnbc", "bbc"),
    "court": ("court",), "police": ("police",), "party": ("party",), "union": ("union",),
    "bank": ("bank",), "group": ("group",), "charity": (), "chain": (),
}
# Nouns that name the same sort of organisation: `the firm` can be the company named before.
SAME_NOUN: dict[str, frozenset[str]] = {
    "company": frozenset({"company", "firm", "chain", "operator", "platform", "app", "brand",
                          "giant", "maker", "carrier", "airline", "retailer", "startup",
                          "publisher", "insurer", "manufacturer", "developer", "supermarket"}),
    "newspaper": frozenset({"newspaper", "paper", "tabloid", "daily", "publisher"}),
}
SAME_NOUN["firm"] = SAME_NOUN["company"]
SAME_NOUN["paper"] = SAME_NOUN["newspaper"]
PERSON_SOURCES = frozenset(
    ["officials", "official", "sources", "source", "aides", "aide", "experts", "critics", "analysts", "residents", "witnesses", "people", "supporters", "protesters", "observers", "others", "some", "many"]
)
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "prof", "rev", "adm", "cmdr", "ft", "mt", "u.s", "a.m", "p.m", "u.k", "e.g", "i.e", "jan", "feb", "aug", "sept", "oct", "nov", "dec"]
)
NAME_PARTICLES = frozenset({"of", "de", "van", "von", "bin", "al", "da", "du", "del", "la", "le"})
# `said master of ceremonies Asab Al-Tabchi`: lower-case role words, then the name.
ROLE_WORDS_THEN_NAME = re.compile(
    r"(?:(?!(?:on|in|at|to|as|who|after|before|during|while|when|from|with|about|that|for|"
    r"and|but|by|it|he|she|they|we|i|you|this|there)\b)[a-z][\w-]*[ \t]+){1,5}(?=[A-Z])"
)
ROLE_THEN_NAME = re.compile(
    r"(?:[ \t]+(?!(?:on|in|at|to|as|who|after|before|during|while|when|from|with|about)\b)"
    r"[a-z][\w-]*){1,4}[ \t]+((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*)"
)
# Lower-case role nouns between a modifier and a name: `Republican pollster Daron Shaw`.
ROLE_NOUNS = sorted(TITLES | {
    "member", "pollster", "delegate", "voter", "supporter", "activist", "consultant",
    "operative", "lawyer", "commentator", "columnist", "writer", "author", "reporter",
    "hopeful", "contender", "front-runner", "frontrunner", "rival", "challenger", "critic",
    "donor", "businessman", "businesswoman", "billionaire", "mogul", "star", "actor",
    "actress", "singer", "comedian", "historian", "scholar", "expert", "researcher",
    "scientist", "spokesperson", "staffer", "veteran", "resident", "student", "nominee",
}, key=len, reverse=True)
ROLE_NOUN_THEN_NAME = re.compile(
    r"(?:[ \t]+[a-z]+){0,2}?[ \t]+(?:" + "|".join(re.escape(w) for w in ROLE_NOUNS)
    + r")[ \t]+((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*)"
)
# `WASHINGTON (AP) —`, `Washington (AFP) –`: a dateline before a sentence's subject.
DATELINE = re.compile(
    r"\s*(?:(?:[A-Z][\w.]*[ \t,]+){0,3}[A-Z][\w.]*[ \t]*\([A-Za-z .]{1,20}\)"
    r"|[A-Z]{3,}(?:[ \t,]+[A-Z][A-Za-z.]*){0,3})[ \t]*[–—-]+[ \t]*"
)
# A name and a lower-case word after it (not a particle): `Trump went`, `Mrs. Clinton tried`.
NAME_THEN_VERB = re.compile(
    r"[ \t]*(?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*"
    r"(?:[ \t]+of[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?|[ \t]+\([^()]{1,12}\))?"
    r"[ \t]+(?!(?:of|and|de|van|von|or)\b)[a-z]"
)
NAME_THEN_AUX = re.compile(
    r"\s+(?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*[ \t]+(?:had|has|have|was|were|is|are|would|"
    r"will|could|should|can|did|does|do|might|may|must|wanted|wants|needed|needs)\b"
)
KNOWN_AS = re.compile(
    r"(?:[a-z][\w-]*[ \t]+){1,4}(?:known|identified|referred to|described)[ \t]+as[ \t]+"
    r"((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’-]*)"
)
GENDERED = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
HEAD_NAME = re.compile(r"\s*((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’.-]*):")
AFTER_CLAUSE = re.compile(
    r"[\s,—–-]*((?:[A-Z][\w'’.-]*[ \t]+){0,4}[A-Z][\w'’.-]*|[Hh]e|[Ss]he)[ \t]+"
    r"(?:[a-z]+ly[ \t]+)?([a-z]+(?:ed|s))\b"
)
# `“...” ― Jorge Falcon` ending a line: a dash credits the quote (collected reactions,
# epigraphs). Only a name and an optional full stop may follow on that line.
DASH_CREDIT = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*((?:[A-Z][\w'’.-]*[ \t\u00a0]+){0,3}[A-Z][\w'’-]*)"
    r"\.?[ \t\u00a0]*(?=\n|$)"
)
# `"PENCE: Well, look, ..."`: a transcript's speaker label opening the quote.
TRANSCRIPT_LABEL = re.compile(r"((?:[A-Z][A-Z'’.-]+[ \t]+){0,2}[A-Z][A-Z'’-]+):[ \t\u00a0]")
LABELLED_PARAGRAPH = re.compile(r"\s*[\"“‘']" + TRANSCRIPT_LABEL.pattern)
SENTENCE_END = re.compile(r"[.!?]+[\"'”’»]*(?=\s+[A-Z\"'“‘«(])")


@dataclass
class Span:
    """Quoted text between `start` and `end`; `continued` when it runs into the next paragraph."""

    start: int
    end: int
    open_mark: int
    close_end: int  # just after the closing mark, or len(text) when continued
    continued: bool = False


def find_spans(text: str, continues: int | None = None) -> list[Span]:
    """Pair the quote marks in one string, in one linear pass.

    `continues` is the mark family that opens the next paragraph (None if it does not open
    with a quote mark): an opening mark that never closes here runs on to the end of this
    paragraph only then; otherwise it is taken for a stray mark and ignored.
    """
    tokens: list[tuple[int, int, int, bool, bool]] = []  # pos, size, family, opens, closes
    n = len(text)
    skip_to = -1
    for match in MARKS.finditer(text):
        i = match.start()
        if i < skip_to:
            continue  # already decided (the second mark of 'n')
        mark = match.group(0)
        size = len(mark)
        family = FAMILY[mark]
        before = text[i - 1] if i > 0 else ""
        after = text[i + size] if i + size < n else ""
        word_before = before.isalnum()
        word_after = after.isalnum()
        if family == SINGLE and word_before and word_after:
            continue  # Russia's, aren't, it’s
        space_before = before == "" or before.isspace()
        space_after = after == "" or after.isspace()
        can_open = (space_before or before in OPEN_CONTEXT) and not space_after
        can_close = not space_before and not word_after
        if mark in OPEN_ONLY:
            can_close = False
            can_open = not space_after
        elif mark in CLOSE_ONLY:
            can_open = False
        if family == SINGLE and can_open and ELISION.match(text, i + 1):
            # '90s, 'em, rock 'n' roll: an apostrophe, and so is the mark closing 'n'.
            if text.startswith(("n'", "n’"), i + 1):
                skip_to = i + 3
            continue
        if can_open or can_close:
            tokens.append((i, size, family, can_open, can_close))
    count = len(tokens)
    # A plural possessive (`drivers' own`) is no closer when a later mark can only close.
    weak = [False] * count
    next_single: int | None = None
    for k in range(count - 1, -1, -1):
        pos, size, family, can_open, can_close = tokens[k]
        if family != SINGLE:
            continue
        if (can_close and not can_open and pos > 0 and text[pos - 1] in "sSzZ"
                and pos + 2 < n and text[pos + 1] == " " and text[pos + 2].islower()
                and next_single is not None and not tokens[next_single][3]):
            weak[k] = True
        next_single = k
    # next_close[k][family]: index of the first token from k on that can close that family.
    next_close: list[tuple[int | None, int | None]] = [(None, None)] * (count + 1)
    for k in range(count - 1, -1, -1):
        nxt = next_close[k + 1]
        pos, size, family, can_open, can_close = tokens[k]
        if can_close and not weak[k]:
            nxt = (k, nxt[1]) if family == DOUBLE else (nxt[0], k)
        next_close[k] = nxt
    spans: list[Span] = []
    k = 0
    while k < count:
        pos, size, family, can_open, _ = tokens[k]
        if not can_open:
            k += 1
            continue
        closer = next_close[k + 1][family]
        if closer is not None:
            close_pos, close_size = tokens[closer][0], tokens[closer][1]
            spans.append(Span(pos + size, close_pos, pos, close_pos + close_size))
            k = closer + 1
            continue
        if continues == family:
            end = len(text.rstrip())
            if end > pos + size:
                spans.append(Span(pos + size, end, pos, n, continued=True))
            break
        k += 1
    return [s for s in spans if s.end > s.start]


def opening_family(text: str) -> int | None:
    """The family of the quote mark a paragraph opens with, if it opens with one."""
    stripped = text.lstrip()
    if not stripped:
        return None
    match = MARKS.match(stripped)
    if match is None or match.group(0) in CLOSE_ONLY:
        return None
    rest = stripped[match.end():match.end() + 1]
    if rest and not rest.isspace():
        return FAMILY[match.group(0)]
    return None


def mask_quotes(text: str, spans: Sequence[Span]) -> str:
    """The text with quoted words blanked out, so clauses are read outside quotes only."""
    parts: list[str] = []
    last = 0
    for span in spans:
        parts.append(text[last:span.start])
        size = span.end - span.start
        # Keep a full stop ending the quote: `...won.' He added` is two sentences.
        final = text[span.end - 1] if size > 1 and text[span.end - 1] in ".!?" else ""
        parts.append("x" * (size - len(final)) + final)
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


def sentence_starts(masked: str) -> list[int]:
    """Offsets where sentences start, skipping abbreviations and initials."""
    starts = [0]
    for match in SENTENCE_END.finditer(masked):
        end = match.start()
        word_start = end
        while word_start > 0 and (masked[word_start - 1].isalpha() or masked[word_start - 1] == "."):
            word_start -= 1
            if end - word_start > 12:
                break
        word = masked[word_start:end].lower()
        if match.group(0)[0] == "." and (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        nxt = match.end()
        while nxt < len(masked) and masked[nxt].isspace():
            nxt += 1
        starts.append(nxt)
    return starts


@dataclass
class Mention:
    """A name met while reading, for pronouns and `the company` to point back to."""

    order: tuple[int, int]
    entity: Entity
    speaker: bool
    subject: bool = False  # the name opens a sentence: a person who may speak next


class Attributor:
    """Reads the article in order, remembering who was named and who spoke."""

    def __init__(self, names: NameIndex, labels: Sequence[str] = ()) -> None:
        self.names = names
        self.mentions: list[Mention] = []
        # Labels that open two or more quoted paragraphs: a transcript's speakers.
        self.transcript_labels = {label for label in labels if labels.count(label) > 1}

    # -- resolving a noun phrase to a speaker -------------------------------------------

    def remember(self, order: tuple[int, int], entity: Entity, speaker: bool,
                 subject: bool = False) -> None:
        self.mentions.append(Mention(order, entity, speaker, subject))

    def resolve_pronoun(self, pronoun: str, order: tuple[int, int]) -> Entity | None:
        gender = PRONOUNS.get(pronoun)
        if pronoun in {"i", "we"}:
            return None
        limit = 0
        for mention in reversed(self.mentions):
            if mention.order >= order:
                continue
            limit += 1
            if limit > 60:
                break
            entity = mention.entity
            if pronoun in {"he", "she"}:
                if entity.kind == "org":
                    continue
                if entity.kind == "unknown" and not (mention.speaker or mention.subject):
                    continue
                if entity.gender is not None and entity.gender != gender:
                    continue
                if entity.gender is None and gender is not None:
                    entity.gender = gender
                return entity
            if pronoun in {"it", "they"} and entity.kind == "org":
                return entity
        return None

    def resolve_generic(self, noun: str, order: tuple[int, int]) -> Entity | None:
        hints = ORG_NOUN_HINT.get(noun)
        if noun in PERSON_SOURCES:
            return None
        limit = 0
        for mention in reversed(self.mentions):
            if mention.order >= order:
                continue
            limit += 1
            if limit > 80:
                break
            entity = mention.entity
            if entity.kind != "org":
                continue
            if entity.noun is not None:
                if entity.noun == noun or entity.noun in SAME_NOUN.get(noun, ()):
                    return entity
                continue  # `the union` is not the company named just before
            if hints:
                lowered = entity.name.lower()
                if not any(h in lowered for h in hints):
                    continue
            return entity
        return None

    def entity_for_run(self, run: str) -> Entity | None:
        words = run.split()
        if len(words) == 1 and words[0].lower().rstrip(".") in TITLES:
            return self.names.by_role(words[0])  # `Mayor says ...`
        if len(words) == 1 and self.names.is_common_word(words[0]):
            return None  # `Hours later`, `Officials said`
        return self.names.add_mention(run)

    def subject_before(self, masked: str, lo: int, verb_at: int,
                       order: tuple[int, int]) -> Entity | None | str:
        """The noun phrase ending just before a reporting verb, resolved.

        Returns an Entity, None (a phrase that names nobody, like `sources`), or "" when no
        subject is there at all (so the caller may look elsewhere).
        """
        chunk = masked[max(lo, verb_at - 240):verb_at].rstrip()
        if chunk.endswith("),"):
            chunk = chunk[:-1]
        if chunk.endswith(")") and "(" in chunk[-40:]:
            chunk = chunk[:chunk.rindex("(")]  # `Sen. Marco Rubio (R-Fla.) said`
        words = chunk.split()
        # Drop adverbs and auxiliaries: `Kirby has also said`, `Biden on Wednesday said`.
        while words:
            bare = words[-1].strip(",").lower()
            if bare in SKIP_BEFORE_VERB:
                words.pop()
                continue
            if (bare.endswith("ly") and len(bare) > 4 and words[-1].islower() and len(words) >= 2
                    and (words[-2][:1].isupper() or words[-2].lower() in PRONOUNS)):
                words.pop()  # `Cruz gingerly said` (but not `the family said`)
                continue
            if bare in DAYS_AND_MONTHS and len(words) >= 2 and words[-2].lower() == "on":
                words.pop()
                words.pop()
                continue
            break
        if not words:
            return ""
        last = words[-1]
        if last.lower() in PASSIVE:
            return ""
        if last.endswith(",") and len(words) >= 2:
            # `Trump, who spoke in Ohio, said`, `Cory James, 22, of Flint, Mich., said`: the
            # subject is the name that opens the clause, before the appositive.
            segments = " ".join(words).split(",")
            k = len(segments) - 2
            while k > 0 and (_is_appositive(segments[k])
                             or (k > 1 and _is_appositive(segments[k - 1]))):
                k -= 1  # `a salesman from Sumter, South Carolina,`: the place goes too
            runs = list(NAME_RUN.finditer(PARENTHESES.sub(" ", segments[k])))
            if k < len(segments) - 2 and runs:
                found = self.entity_for_run(runs[-1].group(0))
                if found is not None:
                    return found
        bare = last.strip(",;:\"'").lower()
        if bare in PRONOUNS:
            return self.resolve_pronoun(bare, order)
        if last[:1].isupper():
            run: list[str] = []
            for word in reversed(words):
                clean = word.rstrip(",")
                if clean != word and run:
                    break
                if clean[:1].isupper() or clean.lower() in {"of", "de", "van", "von", "bin", "al"}:
                    run.append(clean)
                    continue
                break
            run.reverse()
            while run and run[0].lower() in {"of", "de", "van", "von", "bin", "al"}:
                run.pop(0)
            if not run:
                return ""
            text = " ".join(run)
            if len(run) == 1 and run[0].lower() in PERSON_SOURCES | GENERIC_NOUNS:
                return None
            if len(run) == 1 and run[0].lower() in {"the", "a", "an"}:
                return ""
            return self.entity_for_run(text)
        if bare in TITLES and bare not in GENERIC_NOUNS:
            return self.names.by_role(bare)  # `the mayor said`
        if bare in GENERIC_NOUNS or bare in PERSON_SOURCES:
            # `a company spokesman`, `the ministry`, `A White House spokesman`.
            phrase: list[str] = []
            for word in reversed(words[:-1]):
                if word.lower() in {"a", "an", "the"} or word.endswith(","):
                    break
                phrase.append(word)
                if len(phrase) > 5:
                    break
            phrase.reverse()
            caps = [w.rstrip(",") for w in phrase if w[:1].isupper()]
            if caps:
                return self.entity_for_run(" ".join(caps))
            nouns = [w.lower() for w in phrase] + [bare]
            for noun in reversed(nouns):
                if noun in ORG_NOUN_HINT:
                    return self.resolve_generic(noun, order)
            if bare in {"spokesman", "spokeswoman", "spokesperson", "statement", "representative"}:
                return self.resolve_generic("company", order)
            return None
        return ""

    def subject_after(self, masked: str, start: int, hi: int,
                      order: tuple[int, int]) -> Entity | None | str:
        """The noun phrase just after a verb that comes first: `said Kirby`, `according to X`."""
        chunk = masked[start:min(hi, start + 160)]
        match = re.match(r"\s*(?:(the|a|an)\s+)?", chunk)
        rest = chunk[match.end() if match else 0:]
        words = rest.split()
        if not words:
            return ""
        first = words[0].strip(",.;:")
        if first.lower() in PRONOUNS and first.lower() not in {"it", "i", "we"}:
            return self.resolve_pronoun(first.lower(), order)
        if first[:1].isupper() and first.lower() not in DAYS_AND_MONTHS:
            # `said Huckabee campaign spokesman Hogan Gidley`: a role between two names.
            run_match = NAME_RUN.match(rest)
            if run_match:
                role = ROLE_THEN_NAME.match(rest, run_match.end())
                if role:
                    return self.entity_for_run(role.group(1))
            run_match = NAME_RUN.match(rest)
            if run_match:
                return self.entity_for_run(run_match.group(0))
        known = KNOWN_AS.match(rest)
        if known:
            return self.entity_for_run(known.group(1))  # `the base chief known as Bob`
        role = ROLE_WORDS_THEN_NAME.match(rest)
        if role and first.lower() not in GENERIC_NOUNS:
            run_match = NAME_RUN.match(rest, role.end())
            if run_match:
                found = self.entity_for_run(run_match.group(0))
                if found is not None:
                    return found
        phrase = []
        for word in words[:6]:
            phrase.append(word)
            if word.rstrip(",.").lower() in GENERIC_NOUNS:
                break
        noun = phrase[-1].rstrip(",.").lower()
        if noun in GENERIC_NOUNS:
            tail = rest[len(" ".join(phrase)):]
            follow = re.match(r"\s+(?:for|at|of|from|with)\s+(?:the\s+)?", tail)
            if follow:
                run_match = NAME_RUN.match(tail, follow.end())
                if run_match:
                    return self.entity_for_run(run_match.group(0))
            caps = [w for w in phrase[:-1] if w[:1].isupper()]
            if caps:
                return self.entity_for_run(" ".join(caps))
            for word in reversed(phrase):
                if word.rstrip(",.").lower() in ORG_NOUN_HINT:
                    return self.resolve_generic(word.rstrip(",.").lower(), order)
            return None
        return ""

    def speaker_at_verb(self, masked: str, lo: int, hi: int, verb: re.Match[str],
                        order: tuple[int, int], verb_first: bool) -> Entity | None | str:
        word = verb.group(0).lower()
        if word == "according to":
            return self.subject_after(masked, verb.end(), hi, order)
        if word in PARTICIPLES:
            # `with Donald Trump tweeting that ...` names the speaker right there; otherwise
            # `..., saying it was 'rigged'`: the sentence's subject speaks.
            previous = masked[max(lo, verb.start() - 60):verb.start()].split()
            run_start = len(previous)
            while run_start > 0 and previous[run_start - 1][:1].isupper():
                run_start -= 1
            after_preposition = run_start > 0 and previous[run_start - 1].lower() in {
                "to", "of", "in", "at", "for", "with", "by", "from", "on", "about", "against"}
            if previous and not previous[-1].endswith(",") and not after_preposition and (
                    previous[-1][:1].isupper() or previous[-1].lower() in PRONOUNS):
                found = self.subject_before(masked, lo, verb.start(), order)
                if found != "":
                    return found
            finite = [v for v in _verbs_in(masked, lo, verb.start())
                      if v.group(0).lower() not in PARTICIPLES]
            if finite:
                return self.speaker_at_verb(masked, lo, hi, finite[-1], order, False)
            return self.first_subject(masked, lo, verb.start(), order)
        if verb_first:
            found = self.subject_after(masked, verb.end(), hi, order)
            if found != "":
                return found
        found = self.subject_before(masked, lo, verb.start(), order)
        if found == "" and not verb_first:
            previous = masked[max(lo, verb.start() - 12):verb.start()].split()
            if previous and previous[-1].lower() in {"but", "and", "then", "later", "now"}:
                # `Boreing said ..., but said, '...'`: the sentence's subject again.
                subject = self.first_subject(masked, lo, verb.start(), order)
                if subject != "":
                    return subject
            tail = masked[verb.end():min(hi, verb.end() + 80)]
            if re.match(r"\s+[A-Z]", tail) and not re.match(r"\s+(?:" + "|".join(
                    DAYS_AND_MONTHS) + r")\b", tail, re.IGNORECASE) and not NAME_THEN_AUX.match(
                    tail):
                # `said Kirby.`, but not `said Trump had ...`: there Trump is the subject of
                # what was said, not the one saying it.
                return self.subject_after(masked, verb.end(), hi, order)
        return found

    def first_subject(self, masked: str, lo: int, hi: int,
                      order: tuple[int, int]) -> Entity | None | str:
        chunk = masked[lo:hi]
        dateline = DATELINE.match(chunk)
        if dateline:
            chunk = chunk[dateline.end():]  # `WASHINGTON (AP) — Trump said ...`
        words = chunk.split()
        if words and (words[0].lower() in LEAD_ADVERBIALS
                      or words[0].lower().endswith(("ing", "ed", "ly"))):
            # `In Washington, President Obama released ...`: the subject follows the comma.
            comma = chunk.find(",", 0, 100)
            if comma >= 0:
                chunk = chunk[comma + 1:]
                words = chunk.split()
                # `In Salem, New Hampshire, Trump went ...`, `In Ames, Iowa, on Sunday, Mrs.
                # Clinton tried ...`: a later comma-separated part that opens with a name and
                # its verb is the subject, not the place names before it.
                at = 0
                for _ in range(3):
                    nxt = chunk.find(",", at, at + 60)
                    if nxt < 0:
                        break
                    at = nxt + 1
                    clause = NAME_THEN_VERB.match(chunk, at)
                    if clause:
                        chunk = chunk[at:]
                        words = chunk.split()
                        break
        if words and words[0].lower() in PRONOUNS:
            return self.resolve_pronoun(words[0].lower(), order)
        run_match = NAME_RUN.search(chunk)
        if run_match and run_match.start() < 60:
            role = ROLE_NOUN_THEN_NAME.match(chunk, run_match.end())
            if role and len(run_match.group(0).split()) <= 3:
                # `Campaign chair Paul Manafort dismissed ...`, `Band member Flea wrote ...`.
                titled = self.entity_for_run(role.group(1))
                if titled is not None:
                    return titled
            found = self.entity_for_run(run_match.group(0))
            comma = chunk.find(",", run_match.end(), run_match.end() + 40)
            if found is None and comma >= 0:
                # `Hours later, Trump returned ...`: the subject follows the comma.
                rest = chunk[comma + 1:]
                later = NAME_RUN.match(rest, len(rest) - len(rest.lstrip()))
                if later:
                    return self.entity_for_run(later.group(0))
            return found
        return ""


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


def _verbs_in(masked: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [m for m in VERB_RE.finditer(masked, lo, hi) if _is_reporting(masked, m)]


def _is_reporting(masked: str, verb: re.Match[str]) -> bool:
    """Not a passive (`was asked`) nor a noun (`his remarks`, `Russia's claims`)."""
    before = masked[max(0, verb.start() - 20):verb.start()].split()
    if not before:
        return True
    previous = before[-1].lower()
    if previous in PASSIVE or previous in NOUN_MARKERS:
        return False
    if verb.group(0).lower() == "according to":
        return True
    return not previous.endswith(("'s", "’s", "s'", "s’"))


class SegmentReader:
    """Attributes the quotes of one string (a headline, paragraph or caption)."""

    def __init__(self, attributor: Attributor, where: QuoteWhere, index: int, order: int,
                 text: str, spans: list[Span]) -> None:
        self.attributor = attributor
        self.where: QuoteWhere = where
        self.index = index
        self.order = order
        self.text = text
        self.spans = spans
        self.masked = mask_quotes(text, spans)
        self.starts = sentence_starts(self.masked)

    def sentence_bounds(self, at: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, at) - 1
        lo = self.starts[max(k, 0)]
        hi = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.masked)
        return lo, hi

    def read(self, previous_speaker: Entity | None, lead_in: Entity | None) -> list[Found]:
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
        self.remember_names()
        return found

    def remember_names(self) -> None:
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
        self.attributor.mentions.sort(key=lambda m: m.order)
        # Tie genders: `Dunmore said, and he repeated it` makes Dunmore a man.
        for count, match in enumerate(GENDERED.finditer(self.masked)):
            if count >= 200:
                break
            self.attributor.resolve_pronoun(match.group(0).lower(), (self.order, match.start()))

    def topic_speaker(self) -> Entity | None:
        """The subject of a paragraph without quotes (its last sentence's, else its first's):
        `Viguerie is upbeat about Cruz.` then a paragraph that is only a quote."""
        if self.spans or not self.masked.strip():
            return None
        for at in (len(self.masked.rstrip()) - 1, 0):
            lo, hi = self.sentence_bounds(max(at, 0))
            result = self.attributor.first_subject(self.masked, lo, hi,
                                                   (self.order, lo))
            if isinstance(result, Entity) and self.may_speak(result):
                return result
        return None

    def lead_in_speaker(self) -> Entity | None:
        """A paragraph ending `Kirby said:` introduces the quote in the next one."""
        stripped = self.masked.rstrip()
        if not stripped.endswith(":"):
            return None
        lo, hi = self.sentence_bounds(len(stripped) - 1)
        verbs = _verbs_in(self.masked, lo, hi)
        end = len(stripped) - 1
        if verbs:
            verb = verbs[-1]
            result = self.attributor.speaker_at_verb(self.masked, lo, hi, verb,
                                                     (self.order, verb.start()), False)
            return result if isinstance(result, Entity) else None
        result = self.attributor.subject_before(self.masked + " ", lo, end,
                                                (self.order, end))
        return result if isinstance(result, Entity) else None

    def attribute(self, span: Span) -> tuple[QuoteKind, Entity | None, bool]:
        masked = self.masked
        lo, hi = self.sentence_bounds(span.open_mark)
        lo = max(lo, span.open_mark - WINDOW)
        close_at = min(span.close_end, len(masked))
        hi = max(min(hi, close_at + WINDOW), close_at)
        before = masked[lo:span.open_mark].strip()
        after_text = masked[close_at:hi]
        quoted = self.text[span.start:span.end].rstrip()
        order = (self.order, span.open_mark)
        kind = self.kind_of(span, before, after_text, quoted)
        before_verbs = _verbs_in(masked, max(lo, span.open_mark - SCAN_LIMIT), span.open_mark)
        credit = DASH_CREDIT.match(masked, close_at)
        if credit:
            named = self.attributor.entity_for_run(credit.group(1))
            if named is not None:
                line_start = masked.rfind("\n", 0, span.open_mark) + 1
                whole_line = masked[line_start:span.open_mark].strip() == ""
                return "direct" if whole_line else kind, named, True
        label = TRANSCRIPT_LABEL.match(quoted)
        if label:
            named = self.transcript_speaker(label.group(1))
            if named is not None:
                return "direct", named, True
        if self.where == "headline":
            # `Sidney Blumenthal: 'No Idea' If I Would Have Told ...`: the name before the
            # colon speaks, whatever verbs come later in the headline.
            head = HEAD_NAME.match(masked, lo, span.open_mark)
            if head and not head.group(1).startswith(("The ", "A ")):
                named = self.attributor.entity_for_run(head.group(1))
                if named is not None:
                    return kind, named, True
        # 0. A clause just before that hands over to the quote: `Kirby said, '...'`.
        if kind == "direct" and before_verbs and before.endswith((",", ":")):
            verb = before_verbs[-1]
            if len(masked[verb.end():span.open_mark].split()) <= 6:
                result = self.attributor.speaker_at_verb(masked, lo, span.open_mark, verb,
                                                         order, False)
                if result != "":
                    return kind, result if isinstance(result, Entity) else None, True
        # 1. A reporting clause right after the quote: `'...,' Kirby said.` When the quote
        # ended its sentence (`...won!' Bush said.`), only a clause at the very start counts.
        if close_at < len(masked):
            probe = close_at
            while probe < len(masked) - 1 and masked[probe].isspace() and probe < close_at + 8:
                probe += 1  # the next sentence starts after the space: `...?” Sanders replied.`
            after_lo, after_hi = self.sentence_bounds(probe)
            new_sentence = after_lo >= close_at
            hi = max(min(after_hi, close_at + WINDOW), close_at)
        else:
            new_sentence = False
        after_verbs = _verbs_in(masked, close_at, min(hi, close_at + SCAN_LIMIT))
        if new_sentence:
            after_verbs = [v for v in after_verbs
                           if len(masked[close_at:v.start()].split()) <= 5
                           or _is_name_then_appositive(masked[close_at:v.start()])]
        if kind == "direct" and after_verbs:
            verb = after_verbs[0]
            # `...your country,''' said Mr. Regalado`: the closer of a quote inside the quote.
            gap = masked[close_at:verb.start()].lstrip("'’\"”")
            if not _has_other_quote(gap):
                verb_first = gap.strip(" ,—–-") == ""
                result = self.attributor.speaker_at_verb(masked, close_at, hi, verb,
                                                         order, verb_first)
                if result is None:
                    result = self.according_to(masked, verb.end(), hi, order, result)
                if result != "":
                    return kind, result if isinstance(result, Entity) else None, True
        if kind == "direct" and not after_verbs:
            # `'...,' Hicks testified.`: a name and a verb we do not list.
            clause = AFTER_CLAUSE.match(masked, close_at, min(hi, close_at + 120))
            if clause:
                result = self.attributor.subject_before(masked, close_at, clause.start(2),
                                                        order)
                if isinstance(result, Entity):
                    return kind, result, True
        # 2. A reporting clause before it: `He said: '...'` or a partial quote's verb.
        for verb in reversed(before_verbs):
            result = self.attributor.speaker_at_verb(masked, lo, span.open_mark, verb, order,
                                                     False)
            if result != "":
                return kind, result if isinstance(result, Entity) else None, True
        if kind == "partial" and after_verbs and not (new_sentence and quoted[-1:] in ".!?"):
            verb = after_verbs[0]
            gap = masked[close_at:verb.start()]
            verb_first = gap.strip(" ,—–-") == ""
            result = self.attributor.speaker_at_verb(masked, close_at, hi, verb, order,
                                                     verb_first)
            if result != "":
                return kind, result if isinstance(result, Entity) else None, True
        # 3. `Trump: Cruz has 'a long way' to go` and `He released a statement: '...'`.
        head = HEAD_NAME.match(masked, lo, span.open_mark)
        if head and not head.group(1).startswith(("The ", "A ")):
            result = self.attributor.entity_for_run(head.group(1))
            if isinstance(result, Entity):
                return kind, result, True
        if before.endswith(":") and before[:-1].rstrip()[-1:].isalpha():
            # `... doesn't surprise pollster Daron Shaw: '...'`: a name just before the colon.
            colon = masked.rfind(":", lo, span.open_mark)
            last_word = masked[lo:colon].split()[-1:]
            if last_word and last_word[0][:1].isupper():
                before_colon = self.attributor.subject_before(masked, lo, colon, order)
                if isinstance(before_colon, Entity):
                    return kind, before_colon, True
        if before.endswith((":", ",")) or kind == "partial":
            # 4. No reporting verb at all: the sentence's subject is the likeliest speaker.
            result = self.attributor.first_subject(masked, lo, span.open_mark, order)
            if isinstance(result, Entity) and (before.endswith(":") or self.may_speak(result)):
                return kind, result, kind == "direct"
        if kind == "direct" and before == "" and lo > 0:
            # 5. A statement standing as its own sentence after `Coan argues that ...`: the
            # one who was reporting in the sentence before goes on.
            prev_lo = self.sentence_bounds(lo - 1)[0]
            prev_lo = max(prev_lo, lo - WINDOW)
            verbs = _verbs_in(masked, prev_lo, lo)
            if verbs and not any(prev_lo <= s.open_mark < lo for s in self.spans):
                result = self.attributor.speaker_at_verb(masked, prev_lo, lo, verbs[0], order,
                                                         False)
                if isinstance(result, Entity):
                    return kind, result, True
        return kind, None, False

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
            m.speaker and m.entity is entity for m in self.attributor.mentions[-60:])

    def according_to(self, masked: str, lo: int, hi: int, order: tuple[int, int],
                     fallback: Entity | None) -> Entity | None:
        """`the judge said, according to the Post`: the named outlet, not the generic noun."""
        match = re.compile(r"\baccording to\b", re.IGNORECASE).search(masked, lo, min(hi, lo + 80))
        if match:
            result = self.attributor.subject_after(masked, match.end(), hi, order)
            if isinstance(result, Entity):
                return result
        return fallback

    def kind_of(self, span: Span, before: str, after: str, quoted: str) -> QuoteKind:
        if span.continued:
            return "direct"
        if before.endswith(":"):
            return "direct"
        ends_statement = quoted[-1:] in ",.?!…—-"
        if ends_statement and (before == "" or before.endswith((",", "—", "–"))):
            return "direct"
        if before == "" and after.strip() in {"", "."}:
            return "direct" if len(quoted.split()) > 3 else "partial"
        if before == "" and _starts_with_clause(after):
            return "direct"
        if quoted[:1].isupper() and len(quoted.split()) > 3:
            tail = before.rstrip(",").split()
            if tail and VERB_RE.fullmatch(tail[-1]):
                return "direct"
        return "partial"


def _is_appositive(segment: str) -> bool:
    """`22`, `of Flint`, `Mich.`, `the former governor`, `who ...`: not the subject itself."""
    words = segment.split()
    if not words:
        return True
    first = words[0]
    if not first[:1].isupper() or first.lower() in {"the", "a", "an"}:
        return True
    if len(words) == 1 and first.endswith(".") and len(first) <= 7:
        return True
    if first.lower() in PARTY_WORDS and len(words) > 1 and words[1] in {"of", "from"}:
        return True  # `Democrat of Tennessee`, `Republican from Ohio`
    # `President Obama's former chief of staff`: a description, not a name.
    return any(not w[:1].isupper() and w not in NAME_PARTICLES for w in words)


PARTY_WORDS = frozenset({"democrat", "republican", "independent", "libertarian", "conservative",
                         "liberal", "labour", "tory"})
PARENTHESES = re.compile(r"\([^()]{0,40}\)")  # `Elijah Cummings (D-Md.)`
NAME_COMMA = re.compile(r"\s*" + NAME_RUN.pattern + r",")


def _is_name_then_appositive(gap: str) -> bool:
    """`Miller, a retired worker from Ohio,` between a quote and its verb: one clause."""
    match = NAME_COMMA.match(gap)
    if match is None or not gap.rstrip().endswith(","):
        return False
    rest = gap[match.end():]
    return not any(ch in ".!?" for ch in rest.replace("Mr.", "").replace("Ms.", "")
                   .replace("Dr.", "").replace("Mrs.", ""))


def _has_other_quote(gap: str) -> bool:
    """A quote mark in the gap (an apostrophe inside a word, `company's`, is none)."""
    for i, ch in enumerate(gap):
        if ch in FAMILY and not (FAMILY[ch] == SINGLE and 0 < i < len(gap) - 1
                                 and gap[i - 1].isalnum() and gap[i + 1].isalnum()):
            if ch in "'’" and 0 < i < len(gap) - 1 and gap[i - 1] in "sS" and gap[i + 1] == " ":
                continue  # `Sanders’ campaign manager`: a plural possessive
            return True
    return False


def _starts_with_clause(after: str) -> bool:
    head = after.lstrip(" ,—–-")[:80]
    verb = VERB_RE.search(head)
    return verb is not None and len(head[:verb.start()].split()) <= 6


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
    found: list[Found] = []

    headline_spans = find_spans(article.headline)
    headline_reader = SegmentReader(attributor, "headline", 0, 0, article.headline,
                                    headline_spans)
    if _is_title_case(article.headline):
        # `Glenn Beck Blasts Drudge for ...`: read it with only the body's names capitalised.
        lowered = TITLE_WORD.sub(
            lambda m: m.group(0) if m.group(0) in known_words else m.group(0).lower(),
            article.headline)
        headline_reader.masked = mask_quotes(lowered, headline_spans)
        headline_reader.starts = sentence_starts(headline_reader.masked)
    found.extend(headline_reader.read(None, None))

    paragraphs = article.paragraphs
    families = [opening_family(p) for p in paragraphs]
    previous_speaker: Entity | None = None
    lead_in: Entity | None = None
    topic: Entity | None = None  # the subject of the paragraph before, if it had no quotes
    open_run: list[Found] = []  # parts of a quote running over several paragraphs
    for i, paragraph in enumerate(paragraphs):
        nxt = families[i + 1] if i + 1 < len(paragraphs) else None
        spans = find_spans(paragraph, nxt)
        reader = SegmentReader(attributor, "body", i, i + 1, paragraph, spans)
        carried = (previous_speaker or topic) if _is_quote_paragraph(paragraph, spans) else None
        parts = reader.read(carried, lead_in)
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
        found.extend(parts)
        attributed = [f for f in parts if f.speaker is not None
                      and (f.kind == "direct" or f.attributed)]
        previous_speaker = attributed[-1].speaker if attributed else (
            None if spans or paragraph.strip() else previous_speaker)
        lead_in = reader.lead_in_speaker()
        topic = reader.topic_speaker()
    if open_run:
        _settle_run(open_run)

    for j, image in enumerate(article.images):
        spans = find_spans(image.caption)
        found.extend(SegmentReader(attributor, "caption", j, len(paragraphs) + 1 + j,
                                   image.caption, spans).read(None, None))

    rank = {"headline": 0, "body": 1, "caption": 2}
    quotes = [
        Quote(f.where, f.index, f.span.start, f.span.end, f.text,
              f.speaker.name if f.speaker is not None else None, f.kind)
        for f in found
    ]
    quotes.sort(key=lambda q: (rank[q.where], q.index, q.start))
    return quotes


TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def _is_title_case(headline: str) -> bool:
    """Most longer words capitalised: a headline written in title case."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", headline[:2000])]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 4 and capitalised >= 0.7 * len(words)


def _is_quote_paragraph(paragraph: str, spans: Sequence[Span]) -> bool:
    """A paragraph that is (almost) only a quote: it may carry on the last speaker."""
    if not spans:
        return False
    stripped = paragraph.strip()
    quoted = sum(s.end - s.start for s in spans)
    return opening_family(paragraph) is not None and quoted >= 0.8 * max(len(stripped) - 2, 1)


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
