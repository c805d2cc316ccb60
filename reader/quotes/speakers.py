"""Who a reporting clause names: the noun phrase before or after its verb, resolved.

`Kirby said`, `said Kirby`, `He said`, `according to the Post`, `a company spokesman said`:
the phrase is turned into an entity of the article (`John Kirby`, the company named before),
looking back over the names met so far for pronouns and generic nouns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from enum import Enum

from reader.quotes.lexicon import (
    ARTICLES,
    CAPITAL_AHEAD,
    DATELINE,
    DAY_OR_MONTH_AHEAD,
    GENERIC_NOUNS,
    KNOWN_AS,
    LEAD_ADVERBIALS,
    LEADING_ARTICLE,
    NAME_THEN_AUX,
    NAME_THEN_VERB,
    ORG_NOUN_HINT,
    PARENTHESES,
    PARTICIPLE_WORDS,
    PARTY_WORDS,
    PASSIVE,
    PERSON_SOURCES,
    PREPOSITION_AHEAD,
    PREPOSITIONS,
    ROLE_NOUN_THEN_NAME,
    ROLE_THEN_NAME,
    ROLE_WORDS_THEN_NAME,
    RUN_PARTICLES,
    SAME_SUBJECT_LINKS,
    SKIP_BEFORE_VERB,
    SPOKESPEOPLE,
    reporting_verbs_in,
)
from reader.quotes.mentions import Mentions, Order
from reader.quotes.names import (
    DAYS_AND_MONTHS,
    NAME_PARTICLES,
    NAME_RUN,
    SUBJECT_PRONOUNS,
    TITLES,
    Entity,
    NameIndex,
)


class Unresolved(Enum):
    """Why a clause gave no speaker."""

    NOT_A_SPEAKER = "not a speaker"  # a subject is there and names no one: `sources said`
    NO_SUBJECT = "no subject"  # nothing there that could speak: the caller looks elsewhere


Resolution = Entity | Unresolved
NOT_A_SPEAKER = Unresolved.NOT_A_SPEAKER
NO_SUBJECT = Unresolved.NO_SUBJECT


def speaker_or_none(result: Resolution) -> Entity | None:
    return result if isinstance(result, Entity) else None


def _or_not_a_speaker(entity: Entity | None) -> Resolution:
    """A phrase that was a subject: an entity, or one that names nobody."""
    return NOT_A_SPEAKER if entity is None else entity


class Attributor:
    """Turns the subjects of reporting clauses into the article's entities, remembering, in
    reading order, who was named and who spoke."""

    def __init__(self, names: NameIndex, labels: Sequence[str] = ()) -> None:
        self.names = names
        self.mentions = Mentions()
        # Labels that open two or more quoted paragraphs: a transcript's speakers.
        counts = Counter(labels)
        self.transcript_labels = {label for label, count in counts.items() if count > 1}

    def remember(self, order: Order, entity: Entity, speaker: bool,
                 subject: bool = False) -> None:
        self.mentions.add(order, entity, speaker, subject)

    def entity_for_run(self, run: str) -> Entity | None:
        """The entity a capitalised run names; None for a common word (`Hours later`)."""
        words = run.split()
        if len(words) == 1 and words[0].lower().rstrip(".") in TITLES:
            return self.names.by_role(words[0])  # `Mayor says ...`
        if len(words) == 1 and self.names.is_common_word(words[0]):
            return None  # `Hours later`, `Officials said`
        return self.names.add_mention(run)

    # -- the noun phrase before a verb: `Kirby said` ----------------------------------------

    def subject_before(self, masked: str, lo: int, verb_at: int, order: Order) -> Resolution:
        """The noun phrase ending just before a reporting verb, resolved."""
        words = _words_before(masked, lo, verb_at)
        if not words:
            return NO_SUBJECT
        last = words[-1]
        if last.lower() in PASSIVE:
            return NO_SUBJECT
        if last.endswith(",") and len(words) >= 2:
            found = self._subject_before_appositive(words)
            if found is not None:
                return found
        bare = last.strip(",;:\"'").lower()
        if bare in SUBJECT_PRONOUNS:
            return _or_not_a_speaker(self.mentions.resolve_pronoun(bare, order))
        if last[:1].isupper():
            return self._capitalised_subject(words)
        if bare in TITLES and bare not in GENERIC_NOUNS:
            return _or_not_a_speaker(self.names.by_role(bare))  # `the mayor said`
        if bare in GENERIC_NOUNS or bare in PERSON_SOURCES:
            return self._generic_subject(words, bare, order)
        return NO_SUBJECT

    def _subject_before_appositive(self, words: list[str]) -> Entity | None:
        """`Trump, who spoke in Ohio, said`, `Cory James, 22, of Flint, Mich., said`: the
        subject is the name that opens the clause, before the appositive."""
        segments = " ".join(words).split(",")
        k = len(segments) - 2
        while k > 0 and (_is_appositive(segments[k])
                         or (k > 1 and _is_appositive(segments[k - 1]))):
            k -= 1  # `a salesman from Sumter, South Carolina,`: the place goes too
        runs = list(NAME_RUN.finditer(PARENTHESES.sub(" ", segments[k])))
        if k < len(segments) - 2 and runs:
            return self.entity_for_run(runs[-1].group(0))
        return None

    def _capitalised_subject(self, words: list[str]) -> Resolution:
        """The capitalised run the words end with: `Sen. Marco Rubio`, `Bank of England`."""
        run: list[str] = []
        for word in reversed(words):
            clean = word.rstrip(",")
            if clean != word and run:
                break
            if clean[:1].isupper() or clean.lower() in RUN_PARTICLES:
                run.append(clean)
                continue
            break
        run.reverse()
        while run and run[0].lower() in RUN_PARTICLES:
            run.pop(0)
        if not run:
            return NO_SUBJECT
        if len(run) == 1:
            lone = run[0].lower()
            if lone in PERSON_SOURCES or lone in GENERIC_NOUNS:
                return NOT_A_SPEAKER  # `Officials said`
            if lone in ARTICLES:
                return NO_SUBJECT
        return _or_not_a_speaker(self.entity_for_run(" ".join(run)))

    def _generic_subject(self, words: list[str], noun: str, order: Order) -> Resolution:
        """`a company spokesman`, `the ministry`, `A White House spokesman`: a named
        organisation in the phrase, else the one named before that the noun stands for."""
        phrase: list[str] = []
        for word in reversed(words[:-1]):
            if word.lower() in ARTICLES or word.endswith(","):
                break
            phrase.append(word)
            if len(phrase) > 5:
                break
        phrase.reverse()
        caps = [w.rstrip(",") for w in phrase if w[:1].isupper()]
        if caps:
            return _or_not_a_speaker(self.entity_for_run(" ".join(caps)))
        nouns = [w.lower() for w in phrase] + [noun]
        for candidate in reversed(nouns):
            if candidate in ORG_NOUN_HINT:
                return _or_not_a_speaker(self.mentions.resolve_generic(candidate, order))
        if noun in SPOKESPEOPLE:
            return _or_not_a_speaker(self.mentions.resolve_generic("company", order))
        return NOT_A_SPEAKER

    # -- the noun phrase after a verb: `said Kirby`, `according to X` -----------------------

    def subject_after(self, masked: str, start: int, hi: int, order: Order) -> Resolution:
        """The noun phrase just after a verb that comes first: `said Kirby`, `according to X`."""
        chunk = masked[start:min(hi, start + 160)]
        article = LEADING_ARTICLE.match(chunk)  # it always matches, maybe empty
        rest = chunk[article.end() if article else 0:]
        words = rest.split()
        if not words:
            return NO_SUBJECT
        first = words[0].strip(",.;:")
        if first.lower() in SUBJECT_PRONOUNS and first.lower() not in {"it", "i", "we"}:
            return _or_not_a_speaker(self.mentions.resolve_pronoun(first.lower(), order))
        if first[:1].isupper() and first.lower() not in DAYS_AND_MONTHS:
            run_match = NAME_RUN.match(rest)
            if run_match:
                # `said Huckabee campaign spokesman Hogan Gidley`: a role between two names.
                role = ROLE_THEN_NAME.match(rest, run_match.end())
                return _or_not_a_speaker(
                    self.entity_for_run(role.group(1) if role else run_match.group(0)))
        known = KNOWN_AS.match(rest)
        if known:
            return _or_not_a_speaker(self.entity_for_run(known.group(1)))  # `known as Bob`
        role_words = ROLE_WORDS_THEN_NAME.match(rest)
        if role_words and first.lower() not in GENERIC_NOUNS:
            run_match = NAME_RUN.match(rest, role_words.end())
            if run_match:
                found = self.entity_for_run(run_match.group(0))
                if found is not None:
                    return found
        phrase: list[str] = []
        for word in words[:6]:
            phrase.append(word)
            if word.rstrip(",.").lower() in GENERIC_NOUNS:
                break
        if phrase[-1].rstrip(",.").lower() in GENERIC_NOUNS:
            return self._generic_after(rest, phrase, order)
        return NO_SUBJECT

    def _generic_after(self, rest: str, phrase: list[str], order: Order) -> Resolution:
        """`said a spokesman for the Post`, `said a White House official`, `said the firm`."""
        tail = rest[len(" ".join(phrase)):]
        follow = PREPOSITION_AHEAD.match(tail)
        if follow:
            run_match = NAME_RUN.match(tail, follow.end())
            if run_match:
                return _or_not_a_speaker(self.entity_for_run(run_match.group(0)))
        caps = [w for w in phrase[:-1] if w[:1].isupper()]
        if caps:
            return _or_not_a_speaker(self.entity_for_run(" ".join(caps)))
        for word in reversed(phrase):
            if word.rstrip(",.").lower() in ORG_NOUN_HINT:
                return _or_not_a_speaker(
                    self.mentions.resolve_generic(word.rstrip(",.").lower(), order))
        return NOT_A_SPEAKER

    # -- a whole reporting clause ------------------------------------------------------------

    def speaker_at_verb(self, masked: str, lo: int, hi: int, verb: re.Match[str],
                        order: Order, verb_first: bool) -> Resolution:
        """The speaker of the clause around a reporting verb found between lo and hi."""
        word = verb.group(0).lower()
        if word == "according to":
            return self.subject_after(masked, verb.end(), hi, order)
        if word in PARTICIPLE_WORDS:
            return self._speaker_of_participle(masked, lo, hi, verb, order)
        if verb_first:
            found = self.subject_after(masked, verb.end(), hi, order)
            if found is not NO_SUBJECT:
                return found
        found = self.subject_before(masked, lo, verb.start(), order)
        if found is NO_SUBJECT and not verb_first:
            previous = masked[max(lo, verb.start() - 12):verb.start()].split()
            if previous and previous[-1].lower() in SAME_SUBJECT_LINKS:
                # `Boreing said ..., but said, '...'`: the sentence's subject again.
                subject = self.first_subject(masked, lo, verb.start(), order)
                if subject is not NO_SUBJECT:
                    return subject
            if _names_speaker_after(masked[verb.end():min(hi, verb.end() + 80)]):
                return self.subject_after(masked, verb.end(), hi, order)
        return found

    def _speaker_of_participle(self, masked: str, lo: int, hi: int, verb: re.Match[str],
                               order: Order) -> Resolution:
        """`with Donald Trump tweeting that ...` names the speaker right there; otherwise
        `..., saying it was 'rigged'`: the sentence's subject speaks."""
        previous = masked[max(lo, verb.start() - 60):verb.start()].split()
        run_start = len(previous)
        while run_start > 0 and previous[run_start - 1][:1].isupper():
            run_start -= 1
        after_preposition = run_start > 0 and previous[run_start - 1].lower() in PREPOSITIONS
        if previous and not previous[-1].endswith(",") and not after_preposition and (
                previous[-1][:1].isupper() or previous[-1].lower() in SUBJECT_PRONOUNS):
            found = self.subject_before(masked, lo, verb.start(), order)
            if found is not NO_SUBJECT:
                return found
        finite = [v for v in reporting_verbs_in(masked, lo, verb.start())
                  if v.group(0).lower() not in PARTICIPLE_WORDS]
        if finite:
            return self.speaker_at_verb(masked, lo, hi, finite[-1], order, False)
        return self.first_subject(masked, lo, verb.start(), order)

    # -- a sentence's subject, with no reporting verb ----------------------------------------

    def first_subject(self, masked: str, lo: int, hi: int, order: Order) -> Resolution:
        """The subject that opens the sentence between lo and hi."""
        chunk = _past_lead_adverbial(masked[lo:hi])
        words = chunk.split()
        if words and words[0].lower() in SUBJECT_PRONOUNS:
            return _or_not_a_speaker(self.mentions.resolve_pronoun(words[0].lower(), order))
        run_match = NAME_RUN.search(chunk)
        if not (run_match and run_match.start() < 60):
            return NO_SUBJECT
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
                return _or_not_a_speaker(self.entity_for_run(later.group(0)))
        return _or_not_a_speaker(found)


def _words_before(masked: str, lo: int, verb_at: int) -> list[str]:
    """The words before a verb, without a parenthesis (`Sen. Marco Rubio (R-Fla.) said`) nor
    the adverbs and auxiliaries between subject and verb (`Kirby has also said`)."""
    chunk = masked[max(lo, verb_at - 240):verb_at].rstrip()
    if chunk.endswith("),"):
        chunk = chunk[:-1]
    if chunk.endswith(")") and "(" in chunk[-40:]:
        chunk = chunk[:chunk.rindex("(")]
    words = chunk.split()
    while words:
        bare = words[-1].strip(",").lower()
        if bare in SKIP_BEFORE_VERB:
            words.pop()
            continue
        if (bare.endswith("ly") and len(bare) > 4 and words[-1].islower() and len(words) >= 2
                and (words[-2][:1].isupper() or words[-2].lower() in SUBJECT_PRONOUNS)):
            words.pop()  # `Cruz gingerly said` (but not `the family said`)
            continue
        if bare in DAYS_AND_MONTHS and len(words) >= 2 and words[-2].lower() == "on":
            words.pop()  # `Biden on Wednesday said`
            words.pop()
            continue
        break
    return words


def _is_appositive(segment: str) -> bool:
    """`22`, `of Flint`, `Mich.`, `the former governor`, `who ...`: not the subject itself."""
    words = segment.split()
    if not words:
        return True
    first = words[0]
    if not first[:1].isupper() or first.lower() in ARTICLES:
        return True
    if len(words) == 1 and first.endswith(".") and len(first) <= 7:
        return True
    if first.lower() in PARTY_WORDS and len(words) > 1 and words[1] in {"of", "from"}:
        return True  # `Democrat of Tennessee`, `Republican from Ohio`
    # `President Obama's former chief of staff`: a description, not a name.
    return any(not w[:1].isupper() and w not in NAME_PARTICLES for w in words)


def _names_speaker_after(tail: str) -> bool:
    """`said Kirby.`, but not `said Trump had ...`: there Trump is the subject of what was
    said, not the one saying it; nor `said Monday`."""
    return (CAPITAL_AHEAD.match(tail) is not None and DAY_OR_MONTH_AHEAD.match(tail) is None
            and NAME_THEN_AUX.match(tail) is None)


def _past_lead_adverbial(chunk: str) -> str:
    """The sentence from its subject on: past a dateline (`WASHINGTON (AP) — Trump said`)
    and an opening adverbial (`In Washington, President Obama released ...`)."""
    dateline = DATELINE.match(chunk)
    if dateline:
        chunk = chunk[dateline.end():]
    words = chunk.split()
    if not (words and (words[0].lower() in LEAD_ADVERBIALS
                       or words[0].lower().endswith(("ing", "ed", "ly")))):
        return chunk
    comma = chunk.find(",", 0, 100)
    if comma < 0:
        return chunk
    chunk = chunk[comma + 1:]
    # `In Salem, New Hampshire, Trump went ...`, `In Ames, Iowa, on Sunday, Mrs. Clinton
    # tried ...`: a later comma-separated part that opens with a name and its verb is the
    # subject, not the place names before it.
    at = 0
    for _ in range(3):
        nxt = chunk.find(",", at, at + 60)
        if nxt < 0:
            break
        at = nxt + 1
        if NAME_THEN_VERB.match(chunk, at):
            return chunk[at:]
    return chunk
